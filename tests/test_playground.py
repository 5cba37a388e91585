"""The playground: its session trains and records; the dashboard's controls act; nonsense is a message."""
import numpy as np
import pytest

from course_lib import ConfigError
from course_lib.lessons.playground import FEATURES, Session
from course_lib.viz.playground import Playground


@pytest.mark.parametrize("data", ["circles", "xor", "gaussians", "spiral", "moons"])
def test_every_classification_set_can_be_learned(data):
    s = Session(data=data, features=tuple(FEATURES), hidden=(8, 8), lr=0.1)
    s.run(1500)
    assert s.record.train_loss[-1] < 0.5 * s.record.train_loss[0]


def test_regression_and_its_loss():
    s = Session(problem="regression", data="bumps", loss="quadratic", hidden=(8, 8), lr=0.1)
    s.run(1500)
    assert s.record.test_loss[-1] < 0.02
    with pytest.raises(ConfigError, match="regression uses the quadratic loss"):
        Session(problem="regression", data="plane", loss="cross-entropy")


def test_same_seed_same_run_and_epoch_counting():
    a, b = Session(seed=3), Session(seed=3)
    a.run(200), b.run(200)
    assert a.record.train_loss == b.record.train_loss
    assert a.epoch == pytest.approx(200 * 10 / 250)


def test_features_change_the_input_width():
    s = Session(features=("x1", "x2", "x1²", "sin x2"))
    assert s.model.layers[0].in_features == 4 and s.features(np.zeros((3, 2))).shape == (3, 4)


def test_regularisation_and_lr_act_on_the_running_optimiser():
    s = Session()
    s.set_lr(0.3)
    s.set_regularization("L1", 0.01)
    assert s.optimizer.lr == 0.3 and s.optimizer.l1 == 0.01 and s.optimizer.weight_decay == 0
    s.set_regularization("L2", 0.1)
    assert s.optimizer.l1 == 0 and s.optimizer.weight_decay == 0.1
    with pytest.raises(ConfigError):
        s.set_lr(0)


def test_l1_makes_weights_sparse():
    dense, sparse = Session(hidden=(8,), lr=0.1), Session(hidden=(8,), lr=0.1, regularization="L1", reg_rate=0.01)
    dense.run(2000), sparse.run(2000)
    small = lambda s: np.mean(np.abs(s.model.layers[0].params["W"]) < 0.01)
    assert small(sparse) > small(dense) + 0.2


def test_divergence_stops_the_run_and_waits_for_reset():
    s = Session(problem="regression", data="plane", loss="quadratic", activation="relu", init="normal",
                hidden=(8, 8, 8), lr=10.0)
    summary = s.run(500)
    assert summary.startswith("✗ playground: diverged at step") and "reset" in summary
    steps = s.steps
    s.tick()
    assert s.steps == steps
    s.reset(lr=0.01)
    assert s.diverged is None and s.steps == 0


@pytest.mark.parametrize("bad", [dict(features=()), dict(hidden=(4, 0)), dict(data="plane"),
                                 dict(train_ratio=1.0), dict(regularization="L3")])
def test_nonsense_settings(bad):
    with pytest.raises(ConfigError):
        Session(**bad)


def test_dashboard_controls_act_and_errors_are_messages():
    pg = Playground(hidden=(4,))
    first = pg.image.value
    pg.step_button.click()
    assert pg.session.steps == 10 and pg.image.value != first
    pg.play.value += 1                                   # what the timer does
    assert pg.session.steps == 20
    pg.c["lr"].value = 0.3
    assert pg.session.optimizer.lr == 0.3 and pg.session.steps == 20      # no reset
    pg.c["layers"].value = 3
    assert len(pg.session.model.param_layers()) == 4 and pg.session.steps == 0
    pg.c["problem"].value = "regression"
    assert pg.session.settings.data == "plane" and pg.session.settings.loss == "quadratic"
    for box in pg.feature_boxes.values():
        box.value = False
    assert "choose at least one feature" in pg.status.value


def test_keep_draws_the_old_run_dashed():
    pg = Playground(hidden=(4,))
    pg.session.run(100)
    pg.keep()
    assert len(pg.kept) == 1 and pg.session.steps == 0
    assert any(line.get_linestyle() == "--" for line in pg.ax_loss.get_lines())


def test_run_headless_returns_a_summary():
    pg = Playground(hidden=(4,))
    assert pg.run(100).startswith("epoch 4.0: train loss")
