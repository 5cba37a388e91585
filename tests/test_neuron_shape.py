"""The c·σ(b + wx) widget of notebook 01, driven without a browser; and its lesson functions."""

import ipywidgets as W
import numpy as np
import pytest

from course_lib import ConfigError, sigmoid
from course_lib.lessons.approx import halfway_point, scaled_sigmoid
from course_lib.viz.widgets import SigmoidShapeExplorer


def test_scaled_sigmoid_and_its_halfway_point():
    x = np.linspace(-8, 8, 801)
    y = scaled_sigmoid(x, 2.0, 3.0, 1.5)
    assert np.allclose(y, 2 * sigmoid(3 + 1.5 * x))
    assert halfway_point(x, y, 1.0) == pytest.approx(-2.0, abs=1e-3)
    assert halfway_point(x, np.zeros_like(x) + 0.7, 1.0) is None  # a flat line never crosses


def test_each_slider_changes_the_curve_as_lecture_1_says():
    ex = SigmoidShapeExplorer()
    ex.refresh()
    assert ex.midpoint == pytest.approx(0.0, abs=1e-6) and all(
        c.continuous_update is False for c in ex.controls.values() if isinstance(c, W.FloatSlider)
    )
    curve = lambda: ex.fig.axes[0].lines[1].get_ydata()  # noqa: E731  (line 0 is σ(x))
    ex.controls["c"].value = 2.5  # c: the height
    assert curve().max() == pytest.approx(2.5, abs=1e-3) and ex.midpoint == pytest.approx(0.0, abs=1e-6)
    ex.controls["b"].value = 2.0  # b: moves the step left
    assert ex.midpoint == pytest.approx(-2.0, abs=1e-3)
    ex.controls["w"].value = 4.0  # w: steeper, and moves it back
    assert ex.midpoint == pytest.approx(-0.5, abs=1e-3) and "steepest slope c·w/4 = 2.5" in ex.summary
    ex.controls["w"].value = -4.0  # negative w flips it
    assert curve()[0] > curve()[-1] and ex.midpoint == pytest.approx(0.5, abs=1e-3)


def test_w_zero_is_a_flat_line_without_a_midpoint():
    ex = SigmoidShapeExplorer()
    assert "a flat line at 0.5, no halfway point" in ex.update(c=1, b=0, w=0)
    assert ex.midpoint is None and ex.fig is not None


@pytest.mark.parametrize(
    "settings, words",
    [
        ({"c": 9}, "c must be a finite number from -3 to 3, got 9"),
        ({"w": float("nan")}, "w must be a finite number"),
        ({"b": "one"}, "b must be a finite number"),
        ({"slope": 1}, "no control called slope"),
    ],
)
def test_nonsense_settings_are_a_one_line_message(settings, words):
    ex = SigmoidShapeExplorer()
    with pytest.raises(ConfigError, match=words):
        ex.set(**settings)
    assert ex.settings() == {"c": 1.0, "b": 0.0, "w": 1.0}  # a refused set changes nothing


def test_update_called_directly_checks_its_arguments_and_refresh_shows_the_message():
    ex = SigmoidShapeExplorer()
    with pytest.raises(ConfigError, match="SigmoidShapeExplorer: c must be a finite number"):
        ex.update(c=np.inf)
    with pytest.raises(ConfigError, match="w must be a finite number from -5 to 5"):
        SigmoidShapeExplorer(w=50)


def test_summary_and_legend_read_as_written_for_a_negative_w():
    """Issue 23: w < 0 said "from 0 to 1.8" (it runs from 1.8 down to 0) and the legend "3.6 + -2x"."""
    ex = SigmoidShapeExplorer()
    summary = ex.update(c=1.8, b=3.6, w=-2)
    assert "from 1.8 (left) to 0 (right)" in summary and "w = −2" in summary
    assert "from 0 (left) to 1.8 (right)" in ex.update(c=1.8, b=3.6, w=2)
    assert "from 0 (left) to −1.8 (right)" in ex.update(c=-1.8, b=3.6, w=2)
    ex.update(c=1.8, b=3.6, w=-2)
    labels = [t.get_text() for t in ex.fig.legends[0].get_texts()]
    assert "1.8·σ(3.6 − 2x)" in labels and not any("+ -" in t or "-" in t for t in labels)


def test_the_legend_lies_outside_the_axes_so_no_curve_runs_under_it():
    """Issue 23: the legend in the upper left covered the curve for some settings: it sits below the axes."""
    ex = SigmoidShapeExplorer()
    for settings in ({"c": 3, "w": 5}, {"c": -3, "w": -5}, {"c": 1.8, "b": 3.6, "w": -2}):
        ex.update(**settings)
        ex.fig.canvas.draw()
        legend, axes = ex.fig.legends[0].get_window_extent(), ex.fig.axes[0].get_window_extent()
        assert not ex.fig.axes[0].get_legend() and legend.y1 <= axes.y0, settings
