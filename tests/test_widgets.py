"""Widgets driven without a browser: their figures change with the controls, and nonsense is a message."""

import numpy as np
import pytest

from course_lib.viz.widgets import NeuronExplorer, VanishingGradientExplorer


@pytest.fixture(scope="module")
def letters_like():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 26, 2000)
    prototypes = rng.random((26, 289)) < 0.3
    X = (prototypes[y] ^ (rng.random((2000, 289)) < 0.05)).astype(np.float32)
    return X, y


def test_vanishing_gradient_explorer_reacts_to_depth(letters_like):
    X, y = letters_like
    ex = VanishingGradientExplorer(X, y, X, y, n_train=1000, n_val=500, epochs=2)
    ex.controls["hidden_layers"].value = 3  # what a learner's slider move does
    assert ex.summary.startswith("3 hidden layers, sigmoid")  # as the slider says
    bars = ex.fig.axes[0].patches
    assert len(bars) == 2 * 4  # before and after, for each of 4 layers
    heights = [b.get_height() for b in bars[:4]]
    assert heights[0] < heights[-1]  # sigmoid: earlier layers get smaller gradients


def test_in_chinese_the_vanishing_gradient_explorer_names_its_run_in_chinese(letters_like, monkeypatch):
    """The run's name (layers, activation, lr) starts the explorer's line and a diverged run's message: it was
    assembled in English ("1 hidden layer, sigmoid, lr=1") inside the Chinese line."""
    from course_lib import i18n

    monkeypatch.setattr(i18n, "_chosen", ["zh"])
    X, y = letters_like
    ex = VanishingGradientExplorer(X, y, X, y, n_train=200, n_val=100, epochs=1)
    assert ex.update(hidden_layers=1, lr=1.0).startswith("1 个隐藏层，sigmoid，lr=1：")
    assert ex.update(hidden_layers=3, activation="tanh", lr=0.5).startswith("3 个隐藏层，tanh，lr=0.5：")
    assert "hidden" not in ex.update(hidden_layers=4, activation="leaky_relu", init="he", lr=100.0)


def test_in_chinese_the_neuron_explorer_joins_its_two_runs_with_a_chinese_semicolon(monkeypatch):
    from course_lib import i18n

    monkeypatch.setattr(i18n, "_chosen", ["zh"])
    line = NeuronExplorer().update(epochs=10)
    assert "；" in line and "; " not in line, line


def test_vanishing_gradient_explorer_shows_divergence_instead_of_a_traceback(letters_like):
    X, y = letters_like
    ex = VanishingGradientExplorer(X, y, X, y, n_train=1000, n_val=500, epochs=3)
    summary = ex.update(hidden_layers=4, activation="leaky_relu", init="he", loss="cross-entropy", lr=100.0)
    assert summary.startswith("✗ 4 hidden layers, leaky_relu, lr=100: diverged at step")
    assert ex.diverged is True and ex.accuracy is None  # what notebook 04 checks, in either language
    assert "diverged" in [t.get_text() for t in ex.fig.axes[1].texts]
    # issue 23 item 2: every change builds a fresh model, so the advice is the widget's control, not a cell
    assert summary.endswith("the model's weights are now broken — lower the lr slider (now 100)"), summary
    assert "rerun" not in summary and "cell" not in summary
    # and the bars after training, which a diverged run has not, say why they are missing
    assert "no bars after 3 epochs: the run diverged" in ex.fig.axes[0].get_xlabel()
    # issue 23: the loss panel marks the runaway step (not in the history) on a log scale, counted in steps
    # when no epoch ended, and the accuracy panel, with no point to draw, says why instead of empty axes
    step = int(summary.split("diverged at step ")[1].split(":")[0])
    loss_ax, acc_ax = ex.fig.axes[1], ex.fig.axes[2]
    assert loss_ax.get_yscale() == "log" and loss_ax.get_xlabel().startswith("step (")
    assert [line.get_xdata()[0] for line in loss_ax.lines if line.get_marker() == "x"] == [step]
    assert not acc_ax.axison and "the run diverged in epoch 1" in acc_ax.texts[0].get_text()


def test_vanishing_gradient_explorer_says_which_bars_a_log_scale_cannot_draw(letters_like):
    """A layer whose gradient is 0 (every unit dead: ReLU, quadratic loss, lr 1 in 04's explorer) has no bar
    on the log scale; the panel names it instead of leaving a gap without a word."""
    X, y = letters_like
    ex = VanishingGradientExplorer(X, y, X, y, n_train=1000, n_val=500, epochs=1)
    assert (
        ex._missing_bars(np.ones(3), np.array([0.0, 0.0, 2.0]))
        == "after 1 epochs: no bar for layers 1, 2\n(gradient 0: every unit dead)"
    )
    assert ex._missing_bars(np.ones(3), np.ones(3)) == ""
    summary = ex.update(hidden_layers=1, activation="sigmoid", loss="quadratic", lr=1.0)
    assert ex.fig.axes[0].get_xlabel() == "layer (1 = nearest the input)"  # all drawn: no note
    assert ex.diverged is False and f"validation accuracy {ex.accuracy:.3f} " in summary


def test_neuron_explorer_quadratic_is_slow_cross_entropy_is_fast():
    ex = NeuronExplorer()
    ex.update(w=2, b=2, lr=0.15, loss="both", epochs=300)
    q, ce = ex.runs["quadratic"], ex.runs["cross-entropy"]
    assert q["a"][50] > 0.95 and ce["a"][50] < 0.5
    ex.controls["loss"].value = "quadratic"
    assert set(ex.runs) == {"quadratic"}


# -- chapters 00-03 -----------------------------------------------------------------------------------
from course_lib.datasets import make_line
from course_lib.lessons.descent import batch_paths
from course_lib.lessons.separability import compare
from course_lib.viz.widgets import (
    ActivationExplorer,
    BackpropStepper,
    BatchExplorer,
    DataSizeExplorer,
    DescentExplorer,
    MinimaExplorer,
    PiecesExplorer,
    SeparabilityExplorer,
)


def test_activation_explorer_draws_each_function():
    ex = ActivationExplorer()
    ex.refresh()
    for name in ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "maxout"):
        ex.controls["name"].value = name
        assert ex.summary.startswith(name) and ex.fig.axes[0].get_title() == name
    assert "largest slope 0.25" in ex.update(name="sigmoid")


def test_pieces_explorer_error_falls_with_pieces():
    ex = PiecesExplorer()
    errors = []
    for p in (2, 8, 32):
        ex.controls["pieces"].value = p
        errors.append(ex.max_error)
    assert errors[0] > errors[1] > errors[2]


def test_pieces_explorer_rejects_zero_pieces_with_a_message():
    ex = PiecesExplorer()
    ex.update = lambda pieces=0: PiecesExplorer.update(ex, pieces=0)
    assert ex.refresh().startswith("✗ PiecesExplorer: pieces must be a whole number")


def test_descent_explorer_converges_and_reports_divergence():
    x, y = make_line(100, np.random.default_rng(0))
    ex = DescentExplorer(x, y)
    assert ex.update(lr=0.1, steps=100).startswith("after 100 steps: w = 1.9")
    summary = ex.update(lr=2.0, steps=100)
    assert summary.startswith("✗ diverged at step") and "diverged" in [
        t.get_text() for t in ex.fig.axes[1].texts
    ]
    assert ex.fig.axes[0].get_xlim() == (-4, 6)  # the figure stays readable


def test_minima_explorer_start_decides_the_minimum():
    ex = MinimaExplorer()
    assert "converged to the local minimum (w = 1.934" in ex.update(w0=0.5)
    assert "converged to the global minimum (w = -2.060, L = -0.515)" in ex.update(w0=-0.5)


@pytest.mark.parametrize(
    "w0, lr, says",
    [
        (-0.5, 0.3, "still oscillating in the global valley"),  # issue 23: L 0.06 "ends at the minimum"
        (0.5, 0.4, "still oscillating in the local valley"),  # irregular bouncing is not "on its way"
        (0.5, 0.001, "still on its way to the local minimum"),
        (0.5, 0.5, "✗ diverged at step"),
    ],
)
def test_minima_explorer_says_what_the_run_did(w0, lr, says):
    """Issue 23: the widget said "ends at the minimum" while the path still oscillated (L 0.682 against a
    minimum of -0.5); it now says converged, still oscillating, still on its way, or diverged."""
    summary = MinimaExplorer().update(w0=w0, lr=lr)
    assert says in summary and ("converged" in summary) is False


def test_batch_explorer_draws_what_the_lesson_computes():
    x, y = make_line(64, np.random.default_rng(0))
    summary = BatchExplorer(x, y).update(batch_size=8)
    run = batch_paths(x, y, 8, 0.05, 5)
    assert summary == (
        f"after 5 epochs: full batch 5 steps, L = {run['loss']['full']:.3f}; "
        f"batch 8: 40 steps, L = {run['loss']['mini']:.3f}"
    )


def test_batch_explorer_says_which_control_to_move_when_it_diverges():
    """The advice every widget gives (Explorer.divergence_advice, the `advice` of train.runaway), not its own."""
    x, y = make_line(64, np.random.default_rng(0))
    summary = BatchExplorer(x, y).update(lr=10.0, epochs=20)
    assert summary == "✗ diverged: the loss overflowed to inf/NaN; lower the η slider (now 10)"


def test_separability_explorer_draws_what_the_lesson_computes():
    ex = SeparabilityExplorer()
    acc = compare("xor")["accuracies"]
    p, n = f"{acc['perceptron']:.2f}", f"{acc['two-layer']:.2f}"
    assert ex.update(data="xor") == f"xor: perceptron {p}, two-layer network {n}"
    titles = [ax.get_title() for ax in ex.fig.axes if ax.get_title()]
    assert titles == [f"perceptron: accuracy {p}", f"two-layer network: accuracy {n}"]


def test_data_size_more_data_less_overfitting():
    ex = DataSizeExplorer()
    ex.update(n=16)
    large = ex.update(n=1000)
    assert ex.curve[0, 1] > 5 * ex.curve[-1, 1] and ex.curve[0, 0] < ex.curve[0, 1]
    assert "1000 samples" in large


def test_backprop_stepper_walks_both_passes():
    ex = BackpropStepper()
    assert ex.update(step=0) == "step 0: nothing computed yet"
    assert ex.update(step=7).startswith("step 7 (forward): C =")
    assert ex.update(step=len(ex.events)).startswith(f"step {len(ex.events)} (backward)")


def test_kernel_explorer_presets_and_custom_kernels():
    from course_lib.lessons.kernels import apply_kernel
    from course_lib.viz.widgets import KernelExplorer

    image = np.zeros((20, 20), np.float32)
    image[:, 10:] = 1.0  # one vertical edge
    ex = KernelExplorer(image)
    ex.update(preset="vertical edges (Sobel)")
    assert np.abs(ex.feature[:, 9:11]).max() > 3 and np.abs(ex.feature[2:-2, 2:8]).max() == 0
    ex.update(preset="horizontal edges (Sobel)")
    assert np.abs(ex.feature[2:-2, :]).max() == 0  # no horizontal edge inside the image
    ex.cells[4].value = 2.0  # a learner edits the centre
    assert ex.controls["preset"].value == "custom" and ex.summary.startswith("custom")
    np.testing.assert_allclose(apply_kernel(image, np.eye(3) * 0 + [[0, 0, 0], [0, 1, 0], [0, 0, 0]]), image)


@pytest.mark.ch07
def test_through_time_explorer_vanishing_exploding_and_clipping():
    from course_lib.viz.widgets import ThroughTimeExplorer

    w = ThroughTimeExplorer(steps=20)
    w.update(kind="both", T=50, scale=1.0)
    assert w.norms["RNN"][0] < 0.01 < w.norms["LSTM"][0]  # the LSTM's gradient reaches further back
    assert w.fig is not None and len(w.fig.axes) == 3
    exploding = w.update(kind="RNN", T=30, scale=1.5, activation="relu", lr=0.1, clip=False)
    assert "✗ NaN" in exploding  # a message, not a traceback
    # issue 23 item 2: the widget's own controls, one piece of advice (no "rerun the cell" beside it)
    assert "weights are now broken — lower the lr slider (now 0.1), or tick 'clip gradients'" in exploding
    assert "rerun" not in exploding and "cell" not in exploding
    clipped_but_too_fast = w.update(
        kind="RNN", T=30, scale=1.5, activation="relu", lr=3.0, clip=True, clip_at=100.0
    )
    assert "lower the lr slider (now 3)" in clipped_but_too_fast, clipped_but_too_fast
    assert "tick" not in clipped_but_too_fast  # it is ticked already
    clipped = w.update(kind="RNN", T=30, scale=1.5, activation="relu", lr=0.1, clip=True, clip_at=1.0)
    assert "✗" not in clipped and np.isfinite(w.runs["RNN"][0].step_loss[-1])
    overflow = w.update(kind="RNN", T=100, scale=3.0, activation="relu")
    assert "overflowed" in overflow and w.norms["RNN"] is None


@pytest.mark.ch07
def test_through_time_explorer_refresh_shows_a_message_for_nonsense(capsys):
    from course_lib.viz.widgets import ThroughTimeExplorer

    w = ThroughTimeExplorer(steps=5)
    w.controls["T"].value = 10  # through the real control: refresh() runs and prints a summary
    assert "RNN" in w.summary and "LSTM" in w.summary


def test_an_explorer_says_it_is_computing_while_it_computes_and_not_after():
    explorer = NeuronExplorer()
    seen = []
    original = explorer.update

    def watched(**settings):
        seen.append(explorer.status.value)
        return original(**settings)

    explorer.update = watched
    explorer.refresh()
    assert seen == ["<i>computing…</i>"] and explorer.status.value == ""
    explorer.update = lambda **settings: 1 / 0  # a crash still clears the busy sign
    with pytest.raises(ZeroDivisionError):
        explorer.refresh()
    assert explorer.status.value == ""


def test_explorer_sliders_redraw_when_let_go_unless_the_explorer_follows_a_drag():
    """A slider whose update takes a few hundred ms must not queue a redraw per value it passes."""
    import course_lib.viz.widgets as widgets
    from course_lib.viz.widgets import PiecesExplorer
    from course_lib.viz.widgets.base import Explorer

    explorers = [
        getattr(widgets, n)
        for n in dir(widgets)
        if isinstance(getattr(widgets, n), type) and issubclass(getattr(widgets, n), Explorer)
    ]
    assert NeuronExplorer in explorers and PiecesExplorer.follows_drag
    for cls in (NeuronExplorer, PiecesExplorer):
        sliders = [c for c in cls().controls.values() if hasattr(c, "continuous_update")]
        assert sliders and all(c.continuous_update == cls.follows_drag for c in sliders), cls.__name__


# -- an error in any callback is shown in the widget, in one line (issue 22, item 7) -------------------------
import html as html_module  # noqa: E402
import re  # noqa: E402

import ipywidgets as W  # noqa: E402

import course_lib as cl  # noqa: E402
from course_lib.viz import widgets  # noqa: E402
from course_lib.viz.playground import Playground  # noqa: E402
from course_lib.viz.widgets.base import Explorer, guarded  # noqa: E402
from test_bad_inputs_interactive import WIDGETS  # noqa: E402

EVERY_WIDGET = {
    **WIDGETS,
    "SigmoidShapeExplorer": lambda: widgets.SigmoidShapeExplorer(),
    "DrawLetter": lambda: widgets.DrawLetter(
        cl.mlp((289, 8, 26), "sigmoid", init="seed", rng=0, output_activation=None)
    ),
    "Playground": lambda: Playground(hidden=(4,)),
    "CharSampleExplorer": lambda: widgets.CharSampleExplorer(_tiny_char_runs(), length=20),
}


def _tiny_char_runs():
    """Two runs of a few steps on a short text: enough for the sample explorer to have checkpoints."""
    from course_lib.lessons import char_lm as lm

    codes = lm.encode(lm.clean("the cat sat on the mat, and the dog (a big one) sat on the log. " * 20))
    return [
        lm.train_char_lm(k, codes, codes[:300], steps=4, hidden=4, every=2, seed=0) for k in ("RNN", "LSTM")
    ]


GUARDED = guarded(lambda: None, print, "").__code__  # the code of every wrapped callback


def test_every_widget_of_the_course_is_swept():
    exported = {
        name
        for name, value in vars(widgets).items()
        if isinstance(value, type) and value is not Explorer and hasattr(value, "where")
    }
    assert exported | {"Playground"} == set(EVERY_WIDGET)


def course_callbacks(ui):
    """[(control, trait name or "click", callback)] of every callback course_lib gave a control inside `ui`
    (observers of any trait, a button's click handlers); ipywidgets' and traitlets' own (a link's) left out."""
    found, todo, seen = [], [ui], set()
    while todo:
        w = todo.pop()
        if id(w) in seen:
            continue
        seen.add(id(w))
        todo.extend(getattr(w, "children", ()))
        for name, kinds in w._trait_notifiers.items():
            found += [
                (w, name, cb)
                for cbs in kinds.values()
                for cb in cbs
                if getattr(cb, "__module__", "").startswith("course_lib")
            ]
        if isinstance(w, W.Button):
            found += [(w, "click", cb) for cb in w._click_handlers.callbacks]
    return found


def shown(widget):
    """The line the widget shows: the playground's status line, any other widget's summary."""
    if isinstance(widget, Playground):
        return html_module.unescape(re.sub(r"<[^>]+>", "", widget.status.value))
    return widget.summary


@pytest.mark.parametrize(
    "raised, line",
    [
        (RuntimeError("boom\n  in a second line"), "unexpected RuntimeError: boom in a second line"),
        (KeyboardInterrupt(), "stopped (■) before it finished; change a control to go on"),
    ],
    ids=["error", "stop"],
)
@pytest.mark.parametrize("name", sorted(EVERY_WIDGET))
def test_an_error_in_any_callback_is_shown_in_the_widget_in_one_line(name, raised, line):
    """Each callback runs with its work made to fail: the widget shows the error in one line (a callback the
    browser triggers had its traceback only in the kernel's log), and nothing escapes."""
    widget = EVERY_WIDGET[name]()
    callbacks = course_callbacks(widget.ui)
    assert callbacks and all(cb.__code__ is GUARDED for _, _, cb in callbacks), [
        (type(w).__name__, trait, cb) for w, trait, cb in callbacks if cb.__code__ is not GUARDED
    ]

    def fails(*args, **kwargs):
        raise raised

    for control, trait, cb in callbacks:
        inner = cb.__code__.co_freevars.index("callback")
        cell, work = cb.__closure__[inner], cb.__closure__[inner].cell_contents
        cell.cell_contents = fails
        try:
            if trait == "click":
                control.click()
            else:
                cb(
                    {
                        "name": trait,
                        "old": None,
                        "new": getattr(control, trait),
                        "owner": control,
                        "type": "change",
                    }
                )
        finally:
            cell.cell_contents = work
        said = shown(widget)
        assert said == f"✗ {widget.where}: {line}", (type(control).__name__, trait, said)


def test_an_explorer_shows_an_unexpected_error_where_its_plot_was(capsys):
    """A control changed with the mouse, and update tripping over something no check foresaw."""
    w = widgets.PiecesExplorer()
    w.refresh()
    w.update = lambda **settings: [][1]
    w.controls["pieces"].value = 9
    assert w.summary == "✗ PiecesExplorer: unexpected IndexError: list index out of range" and w.fig is None
    assert capsys.readouterr().out.endswith(
        "✗ PiecesExplorer: unexpected IndexError: list index out of range\n"
    )


def test_the_playground_stops_its_timer_when_a_tick_fails():
    pg = Playground(hidden=(4,))
    pg.session.tick = lambda: [][1]
    pg.play.playing = True
    pg.play.value += 1  # a beat of the timer
    assert not pg.play.playing and shown(pg) == "✗ Playground: unexpected IndexError: list index out of range"
    pg.step_button.click()
    assert shown(pg) == "✗ Playground: unexpected IndexError: list index out of range"


def _controls(widget):
    """Every ipywidget inside `widget` (its children, their children, …)."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _controls(child)
    return found


def test_every_button_of_every_course_widget_has_a_tooltip_and_no_useless_repeat():
    """Issue 23: the icon buttons (▶ ■ 🔁) had no tooltips and 🔁 did nothing useful. Every button, toggle,
    upload and Play in the course's widgets (the playground is tests/test_playground.py's) says what it does
    on hover, and no Play shows the 🔁 (loop) button."""
    import ipywidgets as W

    from course_lib import mlp
    from course_lib.viz.widgets import DrawLetter, SigmoidShapeExplorer
    from test_bad_inputs_interactive import WIDGETS

    makers = dict(
        WIDGETS,
        SigmoidShapeExplorer=SigmoidShapeExplorer,
        DrawLetter=lambda: DrawLetter(mlp((289, 26), rng=0)),
    )
    plays = 0
    for name, make in makers.items():
        for control in _controls(make().ui):
            if isinstance(control, (W.Button, W.ToggleButton, W.FileUpload, W.Play)):
                assert control.tooltip, (
                    f"{name}: {type(control).__name__} {control.description!r} has no tooltip"
                )
            if isinstance(control, W.Play):
                plays += 1
                assert not control.show_repeat, f"{name}: its Play shows the 🔁 button"
    assert plays >= 1  # the backprop stepper's


def test_the_backprop_stepper_shows_the_biases_so_z_can_be_checked_by_hand():
    """Issue 23: b1-b3 were never shown, so z1 = w1·x1 + w2·x2 + b1 could not be checked."""
    from course_lib.lessons.tiny_net import DEFAULT

    ex = BackpropStepper()
    ex.update(step=1)
    texts = [t.get_text() for t in ex.fig.axes[0].texts]
    for bias in ("b1", "b2", "b3"):
        assert f"{bias} = {DEFAULT[bias]:g}" in texts


def test_what_the_play_buttons_do_is_written_beside_them():
    """JupyterLab's Play view shows no tooltip (a walkthrough found no title on its buttons or their parents):
    the stepper's and the playground's say what ▶ and ■ do in a caption beside them."""
    from course_lib.viz.playground import Playground
    from course_lib.viz.widgets import BackpropStepper

    for ui in (BackpropStepper().ui, Playground(hidden=(4,)).ui):
        todo, captions = [ui], []
        while todo:
            w = todo.pop()
            kids = list(getattr(w, "children", ()))
            plays = [k for k in kids if isinstance(k, W.Play)]
            captions += [
                k.value
                for k in kids
                if isinstance(k, W.HTML)
                for p in plays
                if "▶" in k.value and html_module.escape(p.tooltip) in k.value
            ]
            todo.extend(kids)
        assert captions, "no caption beside the Play buttons"


CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", sorted(EVERY_WIDGET))
def test_in_chinese_a_widget_labels_its_controls_in_chinese_and_its_figure_stays_english(name, monkeypatch):
    """The Chinese edition (i18n.py): a widget's controls and line speak Chinese, while the text of its figure
    stays English, which every machine's matplotlib can draw (a CJK glyph without a CJK font is a box)."""
    from matplotlib.text import Text

    from course_lib import i18n

    monkeypatch.setattr(i18n, "_chosen", ["zh"])
    drawn, draw = [], Text.draw  # every text matplotlib draws from here on
    monkeypatch.setattr(
        Text, "draw", lambda self, renderer: drawn.append(self.get_text()) or draw(self, renderer)
    )
    widget = EVERY_WIDGET[name]()
    if hasattr(widget, "refresh"):
        widget.refresh()
    words = [getattr(c, "description", "") or "" for c in _controls(widget.ui)] + [shown(widget) or ""]
    assert any(CJK.search(w) for w in words), f"{name}: no Chinese in {words[:8]}"
    assert widget.picture_png(), f"{name}: no picture"  # the picture the page and the handouts show
    assert drawn and not [t for t in drawn if CJK.search(t)], f"{name}: Chinese in its figure: {drawn}"
