"""Gradients through time and the chapter-7 training runs: the claims notebook 07 builds on."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.datasets import membrane_potential
from course_lib.lessons import through_time as tt

pytestmark = pytest.mark.ch07


def test_gradient_through_time_shrinks_below_and_grows_above_scale_one():
    small = tt.gradient_through_time("RNN", 40, scale=0.5)
    big = tt.gradient_through_time("RNN", 40, scale=1.5, activation="linear")
    assert small.shape == (40,) and small[-1] == 1.0
    assert small[0] < 1e-8 < 1e3 < big[0]
    assert np.all(np.diff(np.log(small[:-1])) > 0)  # monotone decay going back in time


def test_gradient_over_seeds_stacks_one_draw_per_seed_and_draws_differ():
    many = tt.gradient_over_seeds("RNN", 30, 2.0, "tanh", seed=3, n_seeds=4)
    assert many.shape == (4, 30)
    assert np.array_equal(many[1], tt.gradient_through_time("RNN", 30, 2.0, "tanh", seed=4))
    # why notebook 07 shows ten draws: at scale 2 one draw's gradient at step 1 can be a thousand times another's
    ten = tt.gradient_over_seeds("RNN", 50, 2.0, "tanh", seed=0)[:, 0]
    assert ten.max() / ten.min() > 1e3
    with pytest.raises(cl.CourseError):
        tt.gradient_over_seeds("RNN", 30, 1.0, n_seeds=0)


def test_a_relu_rnn_with_large_weights_overflows_with_a_clear_message():
    with pytest.raises(cl.CourseError, match="overflow"):
        tt.gradient_through_time("RNN", 100, scale=3.0, activation="relu")


def test_recurrent_layer_scale_sets_the_spectral_radius():
    layer = tt.recurrent_layer("RNN", 3, 200, np.random.default_rng(0), scale=0.8)
    assert abs(np.abs(np.linalg.eigvals(layer.params["Wh"].astype(float))).max() - 0.8) < 0.1
    with pytest.raises(cl.ConfigError):
        tt.recurrent_layer("GRU", 3, 4, np.random.default_rng(0))


@pytest.mark.slow
def test_lstm_learns_the_long_recall_task_and_the_rnn_does_not():
    rnn = tt.train_recall("RNN", 30, steps=150)
    lstm = tt.train_recall("LSTM", 30, steps=150)
    assert rnn.history.val_acc[-1] < 0.4 and lstm.history.val_acc[-1] > 0.95


def test_clipping_turns_a_nan_run_into_a_finite_one():
    kw = dict(steps=10, batch=16, lr=0.1, optimizer="sgd", scale=1.5, activation="relu", n_val=50, rounds=1)
    with pytest.raises(cl.TrainingDiverged):
        tt.train_recall("RNN", 30, clip_norm=None, **kw)
    run = tt.train_recall("RNN", 30, clip_norm=1.0, **kw)
    assert np.all(np.isfinite(run.history.step_loss))


@pytest.mark.slow
def test_lstm_beats_no_change_on_the_membrane_recording():
    series = membrane_potential(every=4)
    run, X, y = tt.train_series("LSTM", series, split=2000, epochs=4)
    run.model.eval()
    mse = np.mean((run.model.forward(X) - y) ** 2)
    assert mse < 0.6 * np.mean((X[:, -1] - y) ** 2)


def test_train_recall_and_train_series_reject_nonsense():
    with pytest.raises(cl.ConfigError, match="optimizer"):
        tt.train_recall("RNN", 5, optimizer="lbfgs")
    with pytest.raises(cl.ConfigError, match="rounds"):
        tt.train_recall("RNN", 5, steps=3, rounds=4)
    with pytest.raises(cl.ConfigError, match="split"):
        tt.train_series("RNN", np.arange(100.0), split=10, T=30)
