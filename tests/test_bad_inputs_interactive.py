"""What the interactive parts promise when a learner slips: the playground's Session, its dashboard, the
"Try it" widgets and the "Your turn" checkers each answer a bad input with one line that names the fix —
a CourseError (one red line in a notebook), or, inside a widget, that line shown in the widget — never a
raw traceback, never a hang, never a silently wrong result. Each case states the error class and words of
its message; the widgets and the dashboard must also work again after a valid change.
"""

import re
import signal
import threading
import time

import numpy as np
import pytest

import course_lib as cl
from course_lib.errors import ConfigError, CourseError, ShapeError
from course_lib.lessons.playground import Session
from course_lib.viz.playground import Playground

NAN, INF = float("nan"), float("inf")


# -- playground Session ---------------------------------------------------------------------------------
SESSION_CASES = [
    # (settings, error class, words of the message)
    (dict(loss="hinge"), ConfigError, r"unknown loss 'hinge': choose one of 'cross-entropy', 'quadratic'"),
    (dict(activation="bad"), ConfigError, r"unknown activation 'bad': choose one of 'sigmoid'"),
    (dict(init="glorot"), ConfigError, r"unknown init 'glorot': choose one of .*'xavier'"),
    (dict(data="plane"), ConfigError, r"unknown classification data set 'plane': choose one of 'circles'"),
    (
        dict(problem="clustering"),
        ConfigError,
        r"unknown problem 'clustering': choose one of 'classification'",
    ),
    (
        dict(regularization="L3"),
        ConfigError,
        r"unknown regularization 'L3': choose one of 'none', 'L1', 'L2'",
    ),
    (
        dict(problem="regression", loss="cross-entropy"),
        ConfigError,
        r"regression uses the quadratic loss.*loss='quadratic'",
    ),
    (dict(steps_per_tick=0), ConfigError, r"steps_per_tick must be a whole number from 1 to"),
    (dict(steps_per_tick=-1), ConfigError, r"steps_per_tick must be a whole number from 1 to"),
    (dict(steps_per_tick=2.5), ConfigError, r"steps_per_tick must be a whole number"),
    (dict(features=()), ConfigError, r"choose at least one feature: tick one of x1, x2"),
    (dict(features="x1"), ConfigError, r"features must be a tuple of names such as \('x1', 'x2'\)"),
    (dict(features=("x1", "x3")), ConfigError, r"unknown feature 'x3': choose one of 'x1'"),
    (dict(features=("x1", "x1")), ConfigError, r"each feature can be chosen once"),
    (dict(hidden=4), ConfigError, r"hidden must be a tuple of layer widths such as \(4, 2\)"),
    (
        dict(hidden=(4, 0)),
        ConfigError,
        r"every hidden layer's width must be a whole number from 1 to 64, got 0",
    ),
    (dict(hidden=(4, 2.5)), ConfigError, r"width must be a whole number"),
    (dict(hidden=(10000,)), ConfigError, r"width must be a whole number from 1 to 64, got 10000"),
    (dict(hidden=(10000,) * 10), ConfigError, r"at most 8 hidden layers"),
    (dict(lr=0), ConfigError, r"learning rate lr must be a finite number > 0, got 0"),
    (dict(lr=NAN), ConfigError, r"learning rate lr must be a finite number > 0, got nan"),
    (dict(lr=None), ConfigError, r"learning rate lr must be a finite number > 0, got None"),
    (dict(lr="0.1"), ConfigError, r"learning rate lr must be a finite number > 0, got '0.1'"),
    (dict(reg_rate=-0.1), ConfigError, r"reg_rate must be a finite number ≥ 0"),
    (dict(noise=INF), ConfigError, r"noise must be a finite number ≥ 0, got inf"),
    (
        dict(train_ratio=1.0),
        ConfigError,
        r"train_ratio .* must be a finite number from 0.05 to 0.95, got 1.0",
    ),
    (
        dict(train_ratio=None),
        ConfigError,
        r"train_ratio .* must be a finite number from 0.05 to 0.95, got None",
    ),
    (dict(batch_size=0), ConfigError, r"batch_size must be a whole number from 1 to 250, got 0"),
    (dict(batch_size=10**9), ConfigError, r"batch_size must be a whole number from 1 to 250"),
    (dict(n_points=10**9), ConfigError, r"n_points must be a whole number from 20 to 5000"),
    (dict(seed=-1), ConfigError, r"seed must be a whole number ≥ 0, got -1"),
    (dict(seed=None), ConfigError, r"seed must be a whole number ≥ 0, got None"),
    (dict(learning_rate=0.1), ConfigError, r"no setting called 'learning_rate'; the settings are .*\blr\b"),
]


@pytest.mark.parametrize("settings, error, words", SESSION_CASES, ids=[str(c[0]) for c in SESSION_CASES])
def test_session_refuses_nonsense_with_the_fix(settings, error, words):
    with pytest.raises(error, match=words):
        Session(**settings)


@pytest.mark.parametrize("settings, error, words", SESSION_CASES, ids=[str(c[0]) for c in SESSION_CASES])
def test_a_refused_reset_leaves_the_session_as_it_was(settings, error, words):
    s = Session(hidden=(3,), lr=0.1)
    s.run(20)
    before = (s.settings, s.steps, list(s.record.train_loss), s.model)
    with pytest.raises(error, match=words):
        s.reset(**settings)
    assert (s.settings, s.steps, s.record.train_loss, s.model) == before
    s.run(20)  # it still trains, and a plain reset works
    assert s.steps == 40
    s.reset()
    assert s.steps == 0 and s.settings == before[0]


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda s: s.run(-1), r"steps must be a whole number from 0 to"),
        (lambda s: s.run(10**12), r"steps must be a whole number from 0 to 100000"),
        (lambda s: s.run(2.5), r"steps must be a whole number"),
        (lambda s: s.run(None), r"steps must be a whole number"),
        (lambda s: s.tick(-5), r"steps must be a whole number from 0 to"),
        (lambda s: s.set_lr(-1), r"learning rate lr must be a finite number > 0, got -1"),
        (lambda s: s.set_lr(NAN), r"learning rate lr must be a finite number > 0"),
        (lambda s: s.set_regularization("L3", 0.1), r"unknown regularization 'L3'"),
        (lambda s: s.set_regularization("L2", NAN), r"reg_rate must be a finite number ≥ 0"),
        (lambda s: s.predict(np.zeros((5, 3))), r"points must have shape \(M, 2\)"),
        (lambda s: Session(settings={"lr": 0.1}), r"settings must be a Settings\(...\) or left out"),
    ],
    ids=[
        "run(-1)",
        "run(1e12)",
        "run(2.5)",
        "run(None)",
        "tick(-5)",
        "set_lr(-1)",
        "set_lr(nan)",
        "set_regularization(L3)",
        "set_regularization(nan)",
        "predict((5, 3))",
        "settings=dict",
    ],
)
def test_session_methods_refuse_nonsense(call, words):
    s = Session(hidden=(3,))
    with pytest.raises(CourseError, match=words):
        call(s)
    assert s.run(10).startswith("epoch")  # and the session still works


def test_a_zero_steps_per_tick_cannot_loop_forever():
    """The old hang: steps_per_tick=0 made run() loop without end. Now it is refused at once."""
    start = time.perf_counter()
    for bad in (0, -1):
        with pytest.raises(ConfigError, match="steps_per_tick"):
            Session(steps_per_tick=bad).run(20)
    assert time.perf_counter() - start < 10  # a hang would never end; a busy machine is slow, not stuck


@pytest.mark.parametrize(
    "settings",
    [
        dict(problem="regression"),
        dict(problem="regression", data="bumps"),
        dict(hidden=()),
        dict(lr=0.05),
        dict(batch_size=100),
        dict(hidden=(16, 16, 3)),
        dict(train_ratio=0.95),
        dict(noise=2.0),
        dict(loss="quadratic"),
        dict(regularization="L1", reg_rate=0.02),
    ],
)
def test_every_valid_setting_builds_the_session_and_the_dashboard(settings):
    """A valid combination constructs (problem="regression" alone picks its data and loss), and the dashboard's
    controls show exactly what the session runs: nothing clamped or changed behind the learner's back."""
    pg = Playground(**settings)
    s = pg.session.settings
    for key, value in settings.items():
        assert getattr(s, key) == value
    shown = pg._settings_from_controls()
    assert shown == {k: getattr(s, k) for k in shown}


# -- the dashboard --------------------------------------------------------------------------------------
def _untick_all(pg):
    for box in pg.feature_boxes.values():
        box.value = False


DASHBOARD_CASES = [
    # (how the learner gets there, words shown, how the learner gets out)
    (_untick_all, r"choose at least one feature", lambda pg: setattr(pg.feature_boxes["x1"], "value", True)),
    (
        lambda pg: pg.rebuild(batch_size=500),
        r"batch_size must be a whole number from 1 to 250",
        lambda pg: setattr(pg.c["batch_size"], "value", 20),
    ),
]


@pytest.mark.parametrize("break_it, words, fix", DASHBOARD_CASES, ids=["no features", "batch too large"])
def test_dashboard_shows_a_refusal_keeps_its_controls_and_trains_again(break_it, words, fix):
    pg = Playground(hidden=(4,))
    pg.step_button.click()
    break_it(pg)
    assert re.search(words, pg.status.value) and "✗" in pg.status.value
    steps = pg.session.steps
    pg.step_button.click()  # ticking while refused: no traceback, no training
    pg.play.value += 1
    assert pg.session.steps == steps and re.search(words, pg.status.value)
    pg.keep()
    assert pg.kept == []
    with pytest.raises(ConfigError, match=words):  # run() from a cell: the same line, in red
        pg.run(10)
    pg.c["lr"].value = 0.3  # controls stay live while refused
    fix(pg)
    assert pg.status.value == "" and pg.refused is None
    assert pg.session.settings.lr == 0.3
    pg.step_button.click()
    assert pg.session.steps == 10


def test_dashboard_changing_activation_keeps_the_layer_widths():
    """hidden=(4, 2) is two layers of different widths; another control's change must not make it (4, 4)."""
    pg = Playground(hidden=(4, 2))
    pg.c["activation"].value = "relu"
    assert pg.session.settings.hidden == (4, 2)
    pg.c["layers"].value = 1
    assert pg.session.settings.hidden == (4,)
    pg.c["neurons"].value = 6
    assert pg.session.settings.hidden == (6,)


def test_dashboard_switches_problem_both_ways():
    pg = Playground()
    pg.c["problem"].value = "regression"
    assert (pg.session.settings.data, pg.session.settings.loss) == ("plane", "quadratic")
    assert tuple(pg.c["loss"].options) == ("quadratic",)  # cross-entropy is not offered for regression
    pg.c["problem"].value = "classification"
    assert (pg.session.settings.data, pg.session.settings.loss) == (
        "circles",
        "cross-entropy",
    ) and pg.refused is None


def test_dashboard_draws_a_diverged_run_without_a_traceback():
    pg = Playground(problem="regression", activation="relu", init="normal", hidden=(8, 8, 8), lr=10.0)
    pg.session.run(600)  # what the timer's ticks do, without drawing each one
    pg.redraw()  # non-finite losses and gradient norms: drawn, not raised
    assert pg.session.diverged and pg._diverged_text.get_text() == "diverged — reset"
    pg.c["lr"].value = 0.01
    pg.reset_button.click()
    pg.tick()
    assert not pg.session.diverged and pg.session.steps == 10


@pytest.mark.parametrize(
    "settings, words",
    [
        (dict(loss="hinge"), "unknown loss"),
        (dict(hidden=(10000,) * 10), "at most 8"),
        (dict(settings=3), "settings must be a Settings"),
    ],
)
def test_dashboard_construction_refuses_nonsense_in_one_line(settings, words):
    with pytest.raises(ConfigError, match=words):
        Playground(**settings)


# -- widgets --------------------------------------------------------------------------------------------
from course_lib.errors import LabelError  # noqa: E402
from course_lib.viz.widgets import (
    ActivationExplorer,
    BackpropStepper,
    BatchExplorer,
    DataSizeExplorer,  # noqa: E402
    DescentExplorer,
    KernelExplorer,
    MinimaExplorer,
    NeuronExplorer,
    PiecesExplorer,
    SeparabilityExplorer,
    ThroughTimeExplorer,
    VanishingGradientExplorer,
)

LINE = (np.linspace(-2, 2, 40), 1 + 2 * np.linspace(-2, 2, 40))
LETTERS = (np.random.default_rng(0).random((300, 289)) < 0.3).astype(np.float32), np.arange(300) % 26
IMAGE = np.tile(np.r_[np.zeros(6), np.ones(6)], (12, 1)).astype(np.float32)
WIDGETS = {  # name → a small, fast instance
    "ActivationExplorer": lambda: ActivationExplorer(),
    "PiecesExplorer": lambda: PiecesExplorer(),
    "DescentExplorer": lambda: DescentExplorer(*LINE),
    "MinimaExplorer": lambda: MinimaExplorer(),
    "BatchExplorer": lambda: BatchExplorer(*LINE),
    "SeparabilityExplorer": lambda: SeparabilityExplorer(n=40),
    "DataSizeExplorer": lambda: DataSizeExplorer(),
    "BackpropStepper": lambda: BackpropStepper(),
    "KernelExplorer": lambda: KernelExplorer(IMAGE),
    "ThroughTimeExplorer": lambda: ThroughTimeExplorer(steps=5, batch=4),
    "VanishingGradientExplorer": lambda: VanishingGradientExplorer(
        *LETTERS, *LETTERS, n_train=100, n_val=50, epochs=1
    ),
    "NeuronExplorer": lambda: NeuronExplorer(),
}

SET_CASES = [
    # (widget, control, bad value, words; a valid value to set afterwards)
    ("ActivationExplorer", "name", "bad", r"unknown name 'bad': choose one of 'sigmoid'.*'maxout'", "relu"),
    ("PiecesExplorer", "pieces", 1000, r"pieces must be a whole number from 1 to 40, got 1000", 8),
    ("PiecesExplorer", "pieces", 2.5, r"pieces must be a whole number", 8),
    ("DescentExplorer", "lr", -0.1, r"lr must be a finite number from 0.001 to 3.16", 0.05),
    ("DescentExplorer", "kind", "mse2", r"unknown kind 'mse2': choose one of 'mse', 'mae'", "mae"),
    ("DescentExplorer", "w0", NAN, r"w0 must be a finite number from -4 to 6, got nan", 1.0),
    ("DescentExplorer", "steps", None, r"steps must be a whole number from 1 to 200, got None", 10),
    ("MinimaExplorer", "w0", "0.5", r"w0 must be a finite number from -3 to 3, got '0.5'", -0.5),
    ("BatchExplorer", "batch_size", 16, r"unknown batch_size 16: choose one of 40, 32, 8, 1", 1),
    ("BatchExplorer", "batch_size", True, r"batch_size must be one of 40, 32, 8, 1, got True", 32),
    (
        "SeparabilityExplorer",
        "data",
        "spiral",
        r"unknown data 'spiral': choose one of 'separable', 'xor'",
        "separable",
    ),
    ("DataSizeExplorer", "n", 17, r"unknown n 17: choose one of 14, 16, 20", 16),
    ("BackpropStepper", "step", 99, r"step must be a whole number from 0 to \d+, got 99", 3),
    ("KernelExplorer", "preset", "emboss", r"unknown preset 'emboss': choose one of 'identity'", "sharpen"),
    (
        "ThroughTimeExplorer",
        "kind",
        "GRU",
        r"unknown kind 'GRU': choose one of 'RNN', 'LSTM', 'both'",
        "LSTM",
    ),
    ("ThroughTimeExplorer", "activation", "bad", r"unknown activation 'bad': choose one of 'tanh'", "relu"),
    ("ThroughTimeExplorer", "clip", 1, r"clip must be True or False, got 1", True),
    ("ThroughTimeExplorer", "T", 0, r"T must be a whole number from 5 to 100, got 0", 10),
    (
        "VanishingGradientExplorer",
        "activation",
        "bad",
        r"unknown activation 'bad': choose one of 'sigmoid'",
        "tanh",
    ),
    ("VanishingGradientExplorer", "init", "glorot", r"unknown init 'glorot': choose one of 'seed'", "he"),
    (
        "VanishingGradientExplorer",
        "loss",
        "hinge",
        r"unknown loss 'hinge': choose one of 'quadratic', 'cross-entropy'",
        "cross-entropy",
    ),
    (
        "VanishingGradientExplorer",
        "hidden_layers",
        50,
        r"hidden_layers must be a whole number from 0 to 5, got 50",
        2,
    ),
    ("VanishingGradientExplorer", "lr", INF, r"lr must be a finite number from 0.001 to 1000, got inf", 0.5),
    (
        "NeuronExplorer",
        "loss",
        "mse",
        r"unknown loss 'mse': choose one of 'both', 'quadratic', 'cross-entropy'",
        "quadratic",
    ),
    ("NeuronExplorer", "w", 100, r"w must be a finite number from -4 to 4, got 100", 1.0),
    ("NeuronExplorer", "speed", 1, r"no control called speed; the controls are w, b, lr, loss", None),
]


@pytest.mark.parametrize(
    "widget, control, bad, words, good", SET_CASES, ids=[f"{w}.set({c}={b!r})" for w, c, b, _, _ in SET_CASES]
)
def test_widget_set_refuses_what_its_control_cannot_show(widget, control, bad, words, good):
    """A slider would clamp 1000 to its maximum without a word and a menu would raise a TraitError: `set` says
    which values the control offers instead, changes nothing, and the next valid `set` draws."""
    w = WIDGETS[widget]()
    before = w.settings()
    with pytest.raises(ConfigError, match=f"^{widget}: .*{words}"):
        w.set(**{control: bad})
    assert w.settings() == before
    if good is not None:
        summary = w.set(**{control: good})
        assert not summary.startswith("✗") and w.controls[control].value == good and w.fig is not None


UPDATE_CASES = [
    # (widget, keyword arguments a notebook cell might pass, error, words)
    ("ActivationExplorer", dict(name="softmax"), ConfigError, r"unknown activation 'softmax': choose one of"),
    ("PiecesExplorer", dict(pieces=10**9), ConfigError, r"pieces must be a whole number from 1 to 200"),
    ("PiecesExplorer", dict(pieces=0), ConfigError, r"pieces must be a whole number from 1 to 200, got 0"),
    ("DescentExplorer", dict(lr=0), ConfigError, r"learning rate lr must be a finite number > 0, got 0"),
    ("DescentExplorer", dict(steps=10**9), ConfigError, r"steps must be a whole number from 1 to 10000"),
    ("DescentExplorer", dict(w0=1e9), ConfigError, r"start w0 must be a finite number from -100 to 100"),
    ("DescentExplorer", dict(b0=10**400), ConfigError, r"start b0 must be a finite number from -100 to 100"),
    (
        "DescentExplorer",
        dict(kind="MAE"),
        ConfigError,
        r"unknown loss kind 'MAE': choose one of 'mse', 'mae'",
    ),
    ("MinimaExplorer", dict(lr=NAN), ConfigError, r"learning rate lr must be a finite number > 0, got nan"),
    ("MinimaExplorer", dict(steps=-3), ConfigError, r"steps must be a whole number from 1 to 10000, got -3"),
    (
        "BatchExplorer",
        dict(batch_size=0),
        ConfigError,
        r"batch_size must be a whole number from 1 to 40, got 0",
    ),
    ("BatchExplorer", dict(batch_size=1000), ConfigError, r"batch_size must be a whole number from 1 to 40"),
    ("BatchExplorer", dict(epochs=10**6), ConfigError, r"epochs must be a whole number from 1 to 100"),
    (
        "SeparabilityExplorer",
        dict(data="plane"),
        ConfigError,
        r"unknown data set 'plane': choose one of 'separable'",
    ),
    ("SeparabilityExplorer", dict(seed=-1), ConfigError, r"seed must be a whole number ≥ 0, got -1"),
    (
        "DataSizeExplorer",
        dict(n=5),
        ConfigError,
        r"n \(training samples\) must be a whole number from 14 to 10000, got 5",
    ),
    ("BackpropStepper", dict(step=-1), ConfigError, r"step must be a whole number from 0 to"),
    ("KernelExplorer", dict(preset="custom", kernel=np.ones((5, 5))), ShapeError, r"the kernel must be 3×3"),
    (
        "KernelExplorer",
        dict(preset="custom", kernel=[[0, 0, 0], [0, NAN, 0], [0, 0, 0]]),
        ConfigError,
        r"the kernel must hold finite numbers only",
    ),
    (
        "KernelExplorer",
        dict(preset="custom", kernel="sobel"),
        ConfigError,
        r"the kernel must be an array of numbers",
    ),
    ("KernelExplorer", dict(preset="Sobel"), ConfigError, r"unknown kernel preset 'Sobel': choose one of"),
    (
        "ThroughTimeExplorer",
        dict(T=10**6),
        ConfigError,
        r"sequence length T must be a whole number from 2 to 1000",
    ),
    (
        "ThroughTimeExplorer",
        dict(scale=-1.0),
        ConfigError,
        r"weight scale must be a finite number from 0 to 10",
    ),
    ("ThroughTimeExplorer", dict(clip="yes"), ConfigError, r"clip must be True or False, got 'yes'"),
    ("ThroughTimeExplorer", dict(clip=True, clip_at=0), ConfigError, r"clip_at must be a finite number > 0"),
    ("ThroughTimeExplorer", dict(kind="gru"), ConfigError, r"unknown model kind 'gru': choose one of 'RNN'"),
    (
        "VanishingGradientExplorer",
        dict(hidden_layers=10**4),
        ConfigError,
        r"hidden_layers must be a whole number from 0 to 10",
    ),
    ("VanishingGradientExplorer", dict(activation="Sigmoid"), ConfigError, r"unknown activation 'Sigmoid'"),
    ("VanishingGradientExplorer", dict(loss="hinge"), ConfigError, r"unknown loss 'hinge'"),
    (
        "VanishingGradientExplorer",
        dict(lr=None),
        ConfigError,
        r"learning rate lr must be a finite number > 0, got None",
    ),
    ("NeuronExplorer", dict(w=NAN), ConfigError, r"starting w must be a finite number, got nan"),
    ("NeuronExplorer", dict(epochs=10**9), ConfigError, r"epochs must be a whole number from 1 to 10000"),
    ("NeuronExplorer", dict(loss="ce"), ConfigError, r"unknown loss 'ce': choose one of 'both'"),
]


@pytest.mark.parametrize(
    "widget, kwargs, error, words", UPDATE_CASES, ids=[f"{w}.update({k})" for w, k, _, _ in UPDATE_CASES]
)
def test_widget_update_refuses_nonsense_and_refresh_shows_it_in_the_widget(
    widget, kwargs, error, words, capsys
):
    w = WIDGETS[widget]()
    start = time.perf_counter()
    with pytest.raises(error, match=f"^{widget}: .*{words}"):
        w.update(**kwargs)
    assert time.perf_counter() - start < 10  # refused before the long computation (minutes to forever)
    # the same values reaching update from the widget's own callback: the line shows where the plot would be
    w.update, real_update = (lambda **settings: real_update(**{**settings, **kwargs})), w.update
    summary = w.refresh()
    assert summary.startswith(f"✗ {widget}: ") and re.search(words, summary) and w.fig is None
    assert re.search(words, capsys.readouterr().out)
    w.update = real_update  # the next valid change draws again
    assert not w.refresh().startswith("✗") and w.fig is not None


CONSTRUCTOR_CASES = [
    (
        lambda: DescentExplorer(LINE[0], LINE[1][:5]),
        ConfigError,
        r"x and y must be two arrays of the same length",
    ),
    (
        lambda: DescentExplorer(LINE[0], None),
        ConfigError,
        r"y must be an array of numbers|y must have 1 axis",
    ),
    (
        lambda: BatchExplorer(LINE[0][:, None], LINE[1]),
        ConfigError,
        r"x must have 1 axis, got shape \(40, 1\)",
    ),
    (
        lambda: BatchExplorer(np.r_[LINE[0][:-1], NAN], LINE[1]),
        ConfigError,
        r"x must hold finite numbers only",
    ),
    (
        lambda: SeparabilityExplorer(n=10**7),
        ConfigError,
        r"n \(points\) must be a whole number from 4 to 1000",
    ),
    (
        lambda: KernelExplorer(np.zeros((12, 12, 3))),
        ShapeError,
        r"must be grey.*image\[\.\.\., :3\]\.mean\(axis=2\)",
    ),
    (lambda: KernelExplorer(np.zeros((5000, 5000), np.float32)), ShapeError, r"from 3×3 to 1000×1000 pixels"),
    (lambda: KernelExplorer("photo.jpg"), ConfigError, r"the image must be an array of numbers"),
    (
        lambda: ThroughTimeExplorer(steps=3),
        ConfigError,
        r"steps must be a whole number from 5 to 1000, got 3",
    ),
    (lambda: ThroughTimeExplorer(batch=10**6), ConfigError, r"batch must be a whole number from 1 to 256"),
    (
        lambda: VanishingGradientExplorer(LETTERS[0], LETTERS[1] + 1, *LETTERS),
        LabelError,
        r"y must hold one class label 0..25 per row of X",
    ),
    (
        lambda: VanishingGradientExplorer(LETTERS[0], LETTERS[1].astype(float), *LETTERS),
        LabelError,
        r"integers",
    ),
    (
        lambda: VanishingGradientExplorer(list(LETTERS[0]), LETTERS[1], *LETTERS),
        LabelError,
        r"must be numpy arrays",
    ),
    (
        lambda: VanishingGradientExplorer(*LETTERS, *LETTERS, epochs=0),
        ConfigError,
        r"epochs must be a whole number from 1",
    ),
    (
        lambda: VanishingGradientExplorer(*LETTERS, *LETTERS, hidden=10**5),
        ConfigError,
        r"hidden \(neurons per layer\) must be a whole number from 1 to 512",
    ),
]


@pytest.mark.parametrize(
    "make, error, words", CONSTRUCTOR_CASES, ids=[f"constructor-{i}" for i in range(len(CONSTRUCTOR_CASES))]
)
def test_widget_constructors_refuse_unusable_data(make, error, words):
    with pytest.raises(error, match=words):
        make()


@pytest.mark.parametrize("bad", [NAN, INF])
def test_kernel_cell_typed_as_nan_shows_a_message_then_works_again(bad, capsys):
    """The only refusal a learner can reach with the mouse: a kernel cell set to NaN or inf."""
    w = KernelExplorer(IMAGE)
    w.refresh()
    w.cells[4].value = bad
    assert w.controls["preset"].value == "custom" and w.fig is None
    assert w.summary == "✗ KernelExplorer: the kernel must hold finite numbers only, and has NaN or inf"
    assert "the kernel must hold finite numbers only" in capsys.readouterr().out
    w.cells[4].value = 1.0  # a valid edit draws again
    assert w.summary.startswith("custom: feature map 12×12") and w.fig is not None


# -- exercise checkers -----------------------------------------------------------------------------------
from course_lib import sigmoid  # noqa: E402
from course_lib.exercises import ch00, ch01, ch02, ch03, ch04, ch05, ch06, ch07, core, guards  # noqa: E402
from course_lib.exercises.core import AnswerError, AnswerRaised, AnswerTookTooLong  # noqa: E402
from course_lib.exercises.predict import MeasuredPrediction  # noqa: E402


def every_exercise():
    """Every exercise the chapters define (module-level Exercise objects), plus one of chapter 4's
    prediction factory: a new exercise cannot escape the sweeps below. (A MeasuredPrediction is checked
    with the notebook's measurement beside it; its chapter's tests sweep it.)"""
    found = [
        v
        for m in (ch00, ch01, ch02, ch03, ch04, ch05, ch06, ch07)
        for v in vars(m).values()
        if isinstance(v, core.Exercise) and not isinstance(v, MeasuredPrediction)
    ]
    return found + [ch04.gradient_ratio(600.0)]


FUNCTION_EXERCISES = [e for e in every_exercise() if callable(e.reference)]
VALUE_EXERCISES = [e for e in every_exercise() if not callable(e.reference)]


def test_every_checker_is_swept_and_accepts_its_reference():
    swept = FUNCTION_EXERCISES + VALUE_EXERCISES
    assert len({e.title for e in swept}) == len(swept) >= 30  # each title once: messages name them
    for exercise in swept:
        ok, message = exercise.evaluate(exercise.reference)
        assert ok, (exercise.title, message)


def forgot_return(*args):
    result = np.zeros(3)  # noqa: F841  (the slip under test: does some work, returns nothing)


def loops_forever(*args):
    end = time.perf_counter() + 5  # forever, for a checker; bounded so that a broken limit fails the test
    while time.perf_counter() < end:  # (with "returned None") instead of hanging it
        pass


def swallows_everything(*args):
    end = time.perf_counter() + 5
    while time.perf_counter() < end:
        try:
            time.sleep(0.01)
        except Exception:  # a learner's catch-all must not defeat the time limit
            pass


def nan_like(exercise):
    """A function shaped like the reference's answer, all NaN: the wrong-value slip that looks right."""

    def answer(*args):
        result = exercise.reference(*args)
        parts = result if isinstance(result, tuple) else (result,)
        nans = tuple(np.full(np.shape(p), np.nan) for p in parts)
        return nans if isinstance(result, tuple) else nans[0]

    return answer


FUNCTION_SLIPS = [
    # (name, answer made from the exercise, error class, words of the message)
    (
        "raises",
        lambda ex: lambda *a: 1 / 0,
        AnswerRaised,
        r"^your function raised ZeroDivisionError: division by zero$",
    ),
    (
        "recurses",
        lambda ex: (f := lambda *a: f(*a)),
        AnswerRaised,
        r"RecursionError — does it call itself without end",
    ),
    ("forgot return", lambda ex: forgot_return, AnswerError, r"returned None — did you forget `return`\?"),
    (
        "loops forever",
        lambda ex: loops_forever,
        AnswerTookTooLong,
        r"took longer than 0.05 s — does it loop forever\?",
    ),
    ("catches the alarm", lambda ex: swallows_everything, AnswerTookTooLong, r"took longer than 0.05 s"),
    (
        "wrong arity",
        lambda ex: lambda a, b, c, d, e, f, g, h: 0,
        AnswerError,
        r"your function must take \d arguments?",
    ),
    (
        "returns text",
        lambda ex: lambda *a: "abc",
        AnswerError,
        r"should be a numpy array, got str|(answer with a number|should be one number).*got 'abc'|return the (pair|triple|tuple|three)|return a list of the Values",
    ),
    ("returns NaN", nan_like, AnswerError, r"NaN|nan|return a list of the Values"),
    (
        "returns a huge array",
        lambda ex: lambda *a: np.zeros((3000, 3000)),
        AnswerError,
        r"has shape \(3000, 3000\)|(answer with a number|should be one number).*got ndarray|return the (pair|triple|tuple|three)|return a list of the Values",
    ),
    (
        "returns a ragged list",
        lambda ex: lambda *a: [1, [2, 3]],
        AnswerError,
        r"should be an array of numbers|answer with a number|one number|has shape \(\)|return the (pair|triple|tuple|three)|return a list of the Values",
    ),
    (
        "gives the result, not the function",
        lambda ex: np.zeros(3),
        AnswerError,
        r"answer with your function itself, e\.g\. \.check\(my_function\), not its result",
    ),
]


@pytest.mark.parametrize("slip, make, error, words", FUNCTION_SLIPS, ids=[s[0] for s in FUNCTION_SLIPS])
@pytest.mark.parametrize("exercise", FUNCTION_EXERCISES, ids=[e.title for e in FUNCTION_EXERCISES])
def test_function_checkers_answer_every_slip_in_one_line(
    exercise, slip, make, error, words, monkeypatch, capsys
):
    # A short limit makes the endless slips quick to test; every other slip keeps the real one, so that a busy
    # machine (a RecursionError takes a while to reach) cannot turn its answer into "took too long".
    monkeypatch.setattr(guards, "TIME_LIMIT", 0.05 if error is AnswerTookTooLong else guards.TIME_LIMIT)
    answer = make(exercise)
    start = time.perf_counter()
    with pytest.raises(error, match=words) as caught:
        exercise.grade(answer)
    assert isinstance(caught.value, CourseError) and "\n" not in str(caught.value)
    exercise.check(answer)  # what the notebook shows: one ✗ line, no traceback
    out = capsys.readouterr().out
    if (
        error is AnswerTookTooLong
    ):  # on a busy machine an endless answer may also get the ⧗ still-running line
        out = "".join(line for line in out.splitlines(keepends=True) if not line.startswith("⧗"))
    # one ✗ message, wrapped at 100 columns: every line after the first is its indented continuation
    lines = out.splitlines()
    assert out.startswith(f"✗ {exercise.title}: ") and all(line.startswith("  ") for line in lines[1:]), out
    assert core.CANNOT_CHECK not in " ".join(out.split())
    assert time.perf_counter() - start < 10  # a hang would never end; a busy machine is slow, not stuck


VALUE_SLIPS = [
    (
        "a function",
        lambda: lambda: 6346,
        r"answer with|got function|give 3 layer names|as a string|predict a list",
    ),
    (
        "text",
        lambda: "lots",
        r"answer with a number.*got 'lots'|is not one of|give 3|name both|does not mention|"
        r"pick letters|order all three|answer with the dict|predict a list|list of key words",
    ),
    ("NaN", lambda: NAN, r"answer with|give 3|as a string|predict a list"),
    ("True", lambda: True, r"answer with|give 3|as a string|predict a list"),
    (
        "a list of a number",
        lambda: [6346],
        r"answer with|give 3|as a string|is not one|order all three|predict a list",
    ),
    ("an object", lambda: object(), r"answer with|give 3|as a string|predict a list"),
    ("a huge array", lambda: np.zeros(10**6), r"answer with|give 3|as a string|predict a list"),
    ("a huge range", lambda: range(10**9), r"answer with|give 3|as a string|predict a list"),
]


@pytest.mark.parametrize("slip, make, words", VALUE_SLIPS, ids=[s[0] for s in VALUE_SLIPS])
@pytest.mark.parametrize("exercise", VALUE_EXERCISES, ids=[e.title for e in VALUE_EXERCISES])
def test_value_checkers_answer_every_slip_in_one_line(exercise, slip, make, words):
    start = time.perf_counter()
    with pytest.raises(AnswerError, match=words):
        exercise.grade(make())
    ok, message = exercise.evaluate(make())
    assert not ok and core.CANNOT_CHECK not in message and "\n" not in message
    assert time.perf_counter() - start < 10  # a hang would never end; a busy machine is slow, not stuck


@pytest.mark.parametrize(
    "exercise, answer, words",
    [
        (ch00.param_count, 6346.7, r"6346.7 is not a whole number of parameters"),  # was truncated to 6346: ✓
        (ch01.relus_needed, "20.5", r"20.5 is not a whole number of ReLUs"),
        (ch07.param_count, "620.0001", r"is not a whole number of parameters"),
        (ch04.shrink_bound, "1/4", r"0.25 is not it"),
        (
            ch06.conv_size,
            lambda n, k, s, p: str((n + 2 * p - k) // s + 1),
            r"answer with a number, e.g. 17; got '17'",
        ),
        (
            ch02.descent_step,
            lambda w, b, x, y, lr: (w - lr * 2 * (b + w * x - y) * x, b - lr * np.mean(2 * (b + w * x - y))),
            r"new_w should be one number, but has shape \(30,\) — did you forget the mean",
        ),
    ],
)
def test_checkers_stay_strict_about_almost_right_answers(exercise, answer, words):
    with pytest.raises(AnswerError, match=words):
        exercise.grade(answer)


def test_a_function_that_changes_its_input_cannot_fool_the_checker():
    """The checker used to compute the expected answer from the array it had passed in; a function that
    doubled x in place and returned tanh of the new x matched it. Now it gets a copy."""

    def sneaky(x):
        x *= 2
        return 2 * sigmoid(2 * x) - 1

    with pytest.raises(AnswerError, match=r"your tanh\(x\) is wrong"):
        ch01.tanh_via_sigmoid.grade(sneaky)


def test_accepted_numbers_in_other_spellings():
    assert ch00.param_count.evaluate("6,346")[0] and ch04.shrink_bound.evaluate("1/8")[0]
    assert ch04.shrink_bound.evaluate("0.13")[0] and ch04.growth_weight.evaluate("4.0")[0]
    assert (
        ch07.param_count.evaluate(np.int64(620))[0] and ch06.conv_size.evaluate(ch06.conv_size.reference)[0]
    )


def test_a_function_that_never_returns_is_stopped_within_the_limit(monkeypatch):
    monkeypatch.setattr(guards, "TIME_LIMIT", 0.5)
    start = time.perf_counter()
    ok, message = ch07.forward.evaluate(loops_forever)
    assert not ok and message == "your function took longer than 0.5 s — does it loop forever?"
    assert 0.4 < time.perf_counter() - start < 10


def test_the_time_limit_restores_the_previous_alarm_handler_and_timer():
    calls = []
    handler = lambda signum, frame: calls.append(signum)  # noqa: E731
    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        assert ch01.tanh_via_sigmoid.evaluate(ch01.tanh_via_sigmoid.reference)[0]
        assert signal.getsignal(signal.SIGALRM) is handler
        assert 95 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert calls == []
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_off_the_main_thread_there_is_no_limit(monkeypatch):
    """Signals reach only the main thread: elsewhere a slow but right answer is simply waited for."""
    monkeypatch.setattr(guards, "TIME_LIMIT", 0.05)

    def slow_but_right(x):
        time.sleep(0.2)
        return 2 * cl.sigmoid(2 * x) - 1

    assert not ch01.tanh_via_sigmoid.evaluate(slow_but_right)[0]  # main thread: stopped
    results = []
    worker = threading.Thread(target=lambda: results.append(ch01.tanh_via_sigmoid.evaluate(slow_but_right)))
    worker.start()
    worker.join(5)
    assert results and results[0][0], results
