"""Trainer: it learns, it records, it is reproducible, it tells callbacks, it stops on divergence."""

import numpy as np
import pytest

from course_lib import (
    SGD,
    Callback,
    ConfigError,
    Dropout,
    LabelError,
    Linear,
    QuadraticLoss,
    Sequential,
    ShapeError,
    SigmoidCrossEntropyLoss,
    Trainer,
    TrainingDiverged,
    accuracy,
    fit,
    mlp,
)


def blobs(n, rng, k=3, d=4):
    centres = np.random.default_rng(42).standard_normal((k, d)) * 6  # the same classes every call
    y = rng.integers(0, k, n)
    return (centres[y] + rng.standard_normal((n, d))).astype(np.float32), y


def make_trainer(lr=1.0, seed=0, callbacks=(), **kw):
    rng = np.random.default_rng(5)
    X, y = blobs(600, rng)
    Xv, yv = blobs(200, rng)
    model = mlp((4, 8, 3), rng=seed, output_activation=None)
    return Trainer(
        model,
        SigmoidCrossEntropyLoss(),
        SGD(model, lr=lr),
        X,
        y,
        Xv,
        yv,
        batch_size=64,
        seed=seed,
        callbacks=callbacks,
        **kw,
    )


def test_it_learns_and_records_everything():
    t = make_trainer()
    h = t.fit(5)
    assert h.epochs == 5 and h.steps == 5 * 10 and h.steps_at_epoch == [10, 20, 30, 40, 50]
    assert h.grad_norm_array().shape == (50, 2)
    assert h.layer_names == ["layer 1: Linear(4 → 8)", "layer 3: Linear(8 → 3)"]
    assert h.epoch_loss[-1] < h.epoch_loss[0]
    assert h.val_acc[-1] > 0.9
    assert len(h.val_loss) == 5


def test_set_data_trains_on_new_data_checked_as_the_constructor_checks_it():
    t = make_trainer()
    t.fit(1)
    X, y = blobs(128, np.random.default_rng(9))
    t.set_data(X, y)
    t.fit(1)
    assert t.history.steps == 10 + 2 and t.history.epochs == 2  # 128 samples: two batches of 64
    with pytest.raises(ShapeError, match=r"run: X: Linear\(4 → 8\) expected input of shape \(N, 4\)"):
        t.set_data(X[:, :3], y)
    with pytest.raises(ShapeError, match="run: 128 inputs but 5 labels"):
        t.set_data(X, y[:5])
    with pytest.raises(LabelError, match="label 3 is out of range"):
        t.set_data(X, np.full(128, 3))
    assert t.X is X and t.y is y  # a refused set_data changes nothing


def test_same_seed_same_curves():
    a, b, c = make_trainer(seed=1).fit(2), make_trainer(seed=1).fit(2), make_trainer(seed=2).fit(2)
    assert a.step_loss == b.step_loss and a.val_acc == b.val_acc
    assert a.step_loss != c.step_loss


def test_callbacks_hear_every_step_and_epoch():
    class Count(Callback):
        def __init__(self):
            self.events = []

        def on_fit_begin(self, t):
            self.events.append("begin")

        def on_step_end(self, t):
            self.events.append("step")

        def on_epoch_end(self, t):
            self.events.append("epoch")

        def on_fit_end(self, t):
            self.events.append("end")

    c = Count()
    make_trainer(callbacks=[c]).fit(1)
    assert c.events == ["begin"] + ["step"] * 10 + ["epoch", "end"]


def test_divergence_stops_with_a_useful_message():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((256, 4)).astype(np.float32) * 50
    y = rng.standard_normal((256, 1)).astype(np.float32)
    model = mlp((4, 16, 1), "relu", init="he", rng=0, output_activation=None)
    t = Trainer(model, QuadraticLoss(), SGD(model, lr=10.0), X, y, batch_size=32, name="too fast")
    with pytest.raises(
        TrainingDiverged,
        match=r"too fast: diverged at step \d+: loss = .*; the model's weights "
        r"are now broken — rerun the cell that creates the model, and "
        r"try a smaller learning rate \(now 10\)",
    ) as info:
        t.fit(5)
    assert info.value.step == info.value.history.steps + 1
    assert np.isfinite(info.value.history.step_loss).all()


def test_divergence_is_told_in_chinese_with_chinese_punctuation(monkeypatch):
    from course_lib import i18n

    monkeypatch.setattr(i18n, "_chosen", ["zh"])
    rng = np.random.default_rng(0)
    X = rng.standard_normal((256, 4)).astype(np.float32) * 50
    y = rng.standard_normal((256, 1)).astype(np.float32)
    model = mlp((4, 16, 1), "relu", init="he", rng=0, output_activation=None)
    t = Trainer(model, QuadraticLoss(), SGD(model, lr=10.0), X, y, batch_size=32, name="too fast")
    with pytest.raises(TrainingDiverged, match=r"^too fast：在第 \d+ 步发散"):
        t.fit(5)


def test_evaluate_matches_accuracy():
    t = make_trainer()
    t.fit(1)
    loss, acc = t.evaluate(t.X_val, t.y_val)
    assert acc == accuracy(t.model.forward(t.X_val), t.y_val)
    assert loss == pytest.approx(t.history.val_loss[-1])


def test_bad_inputs():
    model = mlp((4, 3), rng=0)
    with pytest.raises(ShapeError, match="10 inputs but 9 labels"):
        Trainer(model, QuadraticLoss(), SGD(model, 1.0), np.zeros((10, 4)), np.zeros(9, int))
    with pytest.raises(ShapeError, match="empty"):
        Trainer(model, QuadraticLoss(), SGD(model, 1.0), np.zeros((0, 4)), np.zeros(0, int))
    with pytest.raises(ConfigError, match="batch_size"):
        Trainer(model, QuadraticLoss(), SGD(model, 1.0), np.zeros((10, 4)), np.zeros(10, int), batch_size=0)
    with pytest.raises(ConfigError, match="epochs"):
        make_trainer().fit(-1)


def test_fit_shortcut():
    rng = np.random.default_rng(3)
    X, y = blobs(100, rng)
    model = mlp((4, 3), rng=0)
    h = fit(model, QuadraticLoss(), SGD(model, 0.5), X, y, epochs=2, batch_size=50)
    assert h.steps == 4


def test_evaluation_runs_in_eval_mode_and_training_resumes_in_train_mode():
    rng = np.random.default_rng(0)
    X, y = blobs(200, rng)
    model = Sequential([Linear(4, 8, rng), Dropout(0.5, np.random.default_rng(1)), Linear(8, 3, rng)])
    t = Trainer(model, SigmoidCrossEntropyLoss(), SGD(model, 0.1), X, y, X, y, batch_size=50)
    assert t.evaluate(X, y) == t.evaluate(X, y)  # dropout off: the same answer twice
    assert all(layer.training for layer in model.layers)  # and back in training mode afterwards
    t.fit(1)
    assert all(layer.training for layer in model.layers)


def test_steps_per_epoch_counts_the_last_smaller_batch():
    t = make_trainer()  # 600 samples in batches of 64: 9 full ones and one of 24
    t.fit(1)
    assert t.steps_per_epoch == t.history.steps == t.history.steps_at_epoch[0] == 10
