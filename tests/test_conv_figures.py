"""viz.conv_figures: the sliding-window figure, the layers row, and readable text on any colour."""

import pytest
from matplotlib.patches import Rectangle

import course_lib as cl
from course_lib.viz.conv_figures import layers_figure, sliding_window_figure, text_colour_on


def test_text_colour_follows_the_background():
    assert text_colour_on("navy") == "white" and text_colour_on("#08306b") == "white"
    assert text_colour_on("white") == "black" and text_colour_on("lightyellow") == "black"
    assert text_colour_on((0.97, 0.97, 0.97, 1.0)) == "black"


def test_sliding_window_figure_draws_the_output_the_formula_gives():
    fig = sliding_window_figure(size=5, kernel=3, stride=2, padding=1)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "output 3×3" in texts and "stride 2" in texts and "7×7" in texts
    cells = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
    assert len(cells) >= 49 + 25 + 9  # padded grid, input, output
    with pytest.raises(cl.ConfigError, match="room for two windows"):
        sliding_window_figure(size=3, kernel=3, stride=1, padding=0)
    with pytest.raises(cl.ShapeError):
        sliding_window_figure(size=6, kernel=3, stride=2, padding=0)


def test_layer_labels_stay_inside_their_boxes():
    shapes = [
        ("input", (1, 17, 17)),
        ("Conv2d(1 → 4, 3×3, padding=1)", (4, 17, 17)),
        ("ReLU()", (4, 17, 17)),
        ("MaxPool2d(2)", (4, 8, 8)),
        ("Flatten()", (256,)),
        ("Linear(256 → 26)", (26,)),
    ]
    fig = layers_figure(shapes)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [p.get_window_extent(renderer) for p in fig.axes[0].patches]
    texts = [t for t in fig.axes[0].texts if t.get_text()]  # the arrows are empty annotations
    labels, sizes = texts[0::2], texts[1::2]  # each layer's name, then its shape
    assert len(labels) == len(sizes) == len(boxes) == len(shapes)
    assert [t.get_text() for t in sizes] == [
        "1 × 17 × 17",
        "4 × 17 × 17",
        "4 × 17 × 17",
        "4 × 8 × 8",
        "256",
        "26",
    ]
    for text, box in zip(labels, boxes):
        inside = text.get_window_extent(renderer)
        assert box.x0 <= inside.x0 and inside.x1 <= box.x1, text.get_text()
        assert box.y0 <= inside.y0 and inside.y1 <= box.y1, text.get_text()
