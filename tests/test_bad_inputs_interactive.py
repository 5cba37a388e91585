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

from course_lib.errors import ConfigError, CourseError, ShapeError
from course_lib.playground import FEATURES, Playground, Session

NAN, INF = float("nan"), float("inf")


# -- playground Session ---------------------------------------------------------------------------------
SESSION_CASES = [
    # (settings, error class, words of the message)
    (dict(loss="hinge"), ConfigError, r"unknown loss 'hinge': choose one of 'cross-entropy', 'quadratic'"),
    (dict(activation="bad"), ConfigError, r"unknown activation 'bad': choose one of 'sigmoid'"),
    (dict(init="glorot"), ConfigError, r"unknown init 'glorot': choose one of .*'xavier'"),
    (dict(data="plane"), ConfigError, r"unknown classification data set 'plane': choose one of 'circles'"),
    (dict(problem="clustering"), ConfigError, r"unknown problem 'clustering': choose one of 'classification'"),
    (dict(regularization="L3"), ConfigError, r"unknown regularization 'L3': choose one of 'none', 'L1', 'L2'"),
    (dict(problem="regression", loss="cross-entropy"), ConfigError, r"regression uses the quadratic loss.*loss='quadratic'"),
    (dict(steps_per_tick=0), ConfigError, r"steps_per_tick must be a whole number from 1 to"),
    (dict(steps_per_tick=-1), ConfigError, r"steps_per_tick must be a whole number from 1 to"),
    (dict(steps_per_tick=2.5), ConfigError, r"steps_per_tick must be a whole number"),
    (dict(features=()), ConfigError, r"choose at least one feature: tick one of x1, x2"),
    (dict(features="x1"), ConfigError, r"features must be a tuple of names such as \('x1', 'x2'\)"),
    (dict(features=("x1", "x3")), ConfigError, r"unknown feature 'x3': choose one of 'x1'"),
    (dict(features=("x1", "x1")), ConfigError, r"each feature can be chosen once"),
    (dict(hidden=4), ConfigError, r"hidden must be a tuple of layer widths such as \(4, 2\)"),
    (dict(hidden=(4, 0)), ConfigError, r"every hidden layer's width must be a whole number from 1 to 64, got 0"),
    (dict(hidden=(4, 2.5)), ConfigError, r"width must be a whole number"),
    (dict(hidden=(10000,)), ConfigError, r"width must be a whole number from 1 to 64, got 10000"),
    (dict(hidden=(10000,) * 10), ConfigError, r"at most 8 hidden layers"),
    (dict(lr=0), ConfigError, r"learning rate lr must be a finite number > 0, got 0"),
    (dict(lr=NAN), ConfigError, r"learning rate lr must be a finite number > 0, got nan"),
    (dict(lr=None), ConfigError, r"learning rate lr must be a finite number > 0, got None"),
    (dict(lr="0.1"), ConfigError, r"learning rate lr must be a finite number > 0, got '0.1'"),
    (dict(reg_rate=-0.1), ConfigError, r"reg_rate must be a finite number ≥ 0"),
    (dict(noise=INF), ConfigError, r"noise must be a finite number ≥ 0, got inf"),
    (dict(train_ratio=1.0), ConfigError, r"train_ratio .* must be a number from 0.05 to 0.95, got 1.0"),
    (dict(train_ratio=None), ConfigError, r"train_ratio .* must be a number from 0.05 to 0.95, got None"),
    (dict(batch_size=0), ConfigError, r"batch_size must be a whole number from 1 to 250, got 0"),
    (dict(batch_size=10 ** 9), ConfigError, r"batch_size must be a whole number from 1 to 250"),
    (dict(n_points=10 ** 9), ConfigError, r"n_points must be a whole number from 20 to 5000"),
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
    s.run(20)                                       # it still trains, and a plain reset works
    assert s.steps == 40
    s.reset()
    assert s.steps == 0 and s.settings == before[0]


@pytest.mark.parametrize("call, words", [
    (lambda s: s.run(-1), r"steps must be a whole number from 0 to"),
    (lambda s: s.run(10 ** 12), r"steps must be a whole number from 0 to 100000"),
    (lambda s: s.run(2.5), r"steps must be a whole number"),
    (lambda s: s.run(None), r"steps must be a whole number"),
    (lambda s: s.tick(-5), r"steps must be a whole number from 0 to"),
    (lambda s: s.set_lr(-1), r"learning rate lr must be a finite number > 0, got -1"),
    (lambda s: s.set_lr(NAN), r"learning rate lr must be a finite number > 0"),
    (lambda s: s.set_regularization("L3", 0.1), r"unknown regularization 'L3'"),
    (lambda s: s.set_regularization("L2", NAN), r"reg_rate must be a finite number ≥ 0"),
    (lambda s: s.predict(np.zeros((5, 3))), r"points must have shape \(M, 2\)"),
    (lambda s: Session(settings={"lr": 0.1}), r"settings must be a Settings\(...\) or left out"),
], ids=["run(-1)", "run(1e12)", "run(2.5)", "run(None)", "tick(-5)", "set_lr(-1)", "set_lr(nan)",
        "set_regularization(L3)", "set_regularization(nan)", "predict((5, 3))", "settings=dict"])
def test_session_methods_refuse_nonsense(call, words):
    s = Session(hidden=(3,))
    with pytest.raises(CourseError, match=words):
        call(s)
    assert s.run(10).startswith("epoch")              # and the session still works


def test_a_zero_steps_per_tick_cannot_loop_forever():
    """The old hang: steps_per_tick=0 made run() loop without end. Now it is refused at once."""
    start = time.perf_counter()
    for bad in (0, -1):
        with pytest.raises(ConfigError, match="steps_per_tick"):
            Session(steps_per_tick=bad).run(20)
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize("settings", [dict(problem="regression"), dict(problem="regression", data="bumps"),
                                      dict(hidden=()), dict(lr=0.05), dict(batch_size=100), dict(hidden=(16, 16, 3)),
                                      dict(train_ratio=0.95), dict(noise=2.0), dict(loss="quadratic"),
                                      dict(regularization="L1", reg_rate=0.02)])
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
    (lambda pg: pg.rebuild(batch_size=500), r"batch_size must be a whole number from 1 to 250",
     lambda pg: setattr(pg.c["batch_size"], "value", 20)),
]


@pytest.mark.parametrize("break_it, words, fix", DASHBOARD_CASES, ids=["no features", "batch too large"])
def test_dashboard_shows_a_refusal_keeps_its_controls_and_trains_again(break_it, words, fix):
    pg = Playground(hidden=(4,))
    pg.step_button.click()
    break_it(pg)
    assert re.search(words, pg.status.value) and "✗" in pg.status.value
    steps = pg.session.steps
    pg.step_button.click()                          # ticking while refused: no traceback, no training
    pg.play.value += 1
    assert pg.session.steps == steps and re.search(words, pg.status.value)
    pg.keep()
    assert pg.kept == []
    with pytest.raises(ConfigError, match=words):    # run() from a cell: the same line, in red
        pg.run(10)
    pg.c["lr"].value = 0.3                           # controls stay live while refused
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
    assert tuple(pg.c["loss"].options) == ("quadratic",)            # cross-entropy is not offered for regression
    pg.c["problem"].value = "classification"
    assert (pg.session.settings.data, pg.session.settings.loss) == ("circles", "cross-entropy") and pg.refused is None


def test_dashboard_draws_a_diverged_run_without_a_traceback():
    pg = Playground(problem="regression", activation="relu", init="normal", hidden=(8, 8, 8), lr=10.0)
    pg.session.run(600)                              # what the timer's ticks do, without drawing each one
    pg.redraw()                                      # non-finite losses and gradient norms: drawn, not raised
    assert pg.session.diverged and pg._diverged_text.get_text() == "diverged — reset"
    pg.c["lr"].value = 0.01
    pg.reset_button.click()
    pg.tick()
    assert not pg.session.diverged and pg.session.steps == 10


@pytest.mark.parametrize("settings, words", [(dict(loss="hinge"), "unknown loss"), (dict(hidden=(10000,) * 10), "at most 8"),
                                             (dict(settings=3), "settings must be a Settings")])
def test_dashboard_construction_refuses_nonsense_in_one_line(settings, words):
    with pytest.raises(ConfigError, match=words):
        Playground(**settings)
