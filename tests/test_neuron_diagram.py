"""The biological and the mathematical neuron of notebook 01: both panels, every part named."""

from course_lib.viz.neuron_diagram import biological_and_artificial_neuron


def test_both_neurons_are_drawn_with_their_parts_labelled():
    fig = biological_and_artificial_neuron()
    bio, math = fig.axes
    bio_text = " ".join(t.get_text() for t in bio.texts)
    math_text = " ".join(t.get_text() for t in math.texts)
    for part in ("dendrites", "synapses", "cell body", "axon", "fires"):
        assert part in bio_text, part
    for part in ("inputs", "weights", "sum", "activation", "output", "$w_1$", "$x_3$"):
        assert part in math_text, part
    assert len(bio.patches) > 10 and len(math.patches) >= 4  # the drawing, not only the words


def test_on_a_projector_every_label_is_at_least_18_pixels():
    """Issue 23 item 7: in projection mode the labels stayed ≈ 8 px glyphs (fixed 8.5-9.5 pt). Sizes are
    relative to font.size now: at projection settings (16 pt, 110 dpi) every text, shown in the 998 device
    pixels of JupyterLab's output area at 1280×720 (the browser test's measure), is ≥ 18 px."""
    import io

    import matplotlib
    from matplotlib.text import Text

    from course_lib.notebook import PLOT_RC, PROJECTOR_RC

    with matplotlib.rc_context({**PLOT_RC, **PROJECTOR_RC}):
        fig = biological_and_artificial_neuron()
        fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")  # as the inline backend draws it
        width = fig.get_tightbbox().width * fig.dpi
        shown = min(1.0, 998 / width)
        sizes = {
            t.get_text(): t.get_fontsize() * fig.dpi / 72 * shown
            for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip()
        }
    assert len(sizes) > 15 and min(sizes.values()) >= 18, sorted(sizes.items(), key=lambda kv: kv[1])[:3]
