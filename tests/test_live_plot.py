"""LivePlot: several named runs on one figure, lines follow the histories."""
import numpy as np

from course_lib import SGD, SigmoidCrossEntropyLoss, Trainer, mlp
from course_lib.viz.live_plot import LivePlot


def test_two_runs_are_drawn_side_by_side():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 5)).astype(np.float32)
    y = (X[:, 0] > 0).astype(int)
    plot = LivePlot(title="two runs", min_interval=0.0)
    trainers = {}
    for name, lr in (("slow", 0.1), ("fast", 2.0)):
        model = mlp((5, 4, 2), rng=1, output_activation=None)
        trainers[name] = Trainer(model, SigmoidCrossEntropyLoss(), SGD(model, lr), X, y, X, y,
                                 batch_size=100, callbacks=[plot.watch(name)], name=name)
    for _ in range(3):                          # interleaved, epoch by epoch
        for t in trainers.values():
            t.fit(1)
    plot.close()
    for name, t in trainers.items():
        loss_x, loss_y = plot.runs[name]["loss"].get_data()
        np.testing.assert_allclose(loss_y, t.history.step_loss)
        np.testing.assert_allclose(loss_x[-1], 3.0)           # 9 steps, 3 per epoch → x ends at epoch 3
        assert list(plot.runs[name]["acc"].get_data()[1]) == t.history.val_acc
    assert [t.get_text() for t in plot.ax_acc.get_legend().get_texts()] == ["slow", "fast"]
    plot.note("fast", "diverged at step 3")
    assert any("diverged" in t.get_text() for t in plot.ax_loss.texts)


def test_loss_only_plot_for_regression():
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((40, 3)), rng.standard_normal((40, 1))
    plot = LivePlot(show_accuracy=False, min_interval=0.0)
    model = mlp((3, 4, 1), "tanh", rng=0, output_activation=None, dtype=np.float64)
    from course_lib import QuadraticLoss
    Trainer(model, QuadraticLoss(), SGD(model, 0.1), X, Y, batch_size=40, callbacks=[plot.watch("tanh")]).fit(3)
    plot.close()
    assert plot.ax_acc is None and len(plot.fig.axes) == 1
    assert len(plot.runs["tanh"]["loss"].get_data()[1]) == 3
