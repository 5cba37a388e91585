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


def test_points_at_accuracy_1_are_drawn_whole_with_no_tick_above_1():
    X = np.array([[-1.0], [1.0]] * 50, dtype=np.float32)
    y = (X[:, 0] > 0).astype(int)
    plot = LivePlot(min_interval=0.0)
    model = mlp((1, 2), rng=0, output_activation=None)
    Trainer(model, SigmoidCrossEntropyLoss(), SGD(model, 2.0), X, y, X, y, batch_size=100,
            callbacks=[plot.watch("easy")]).fit(3)
    plot.close()
    assert plot.runs["easy"]["acc"].get_data()[1][-1] == 1.0
    plot.fig.canvas.draw()
    ax = plot.ax_acc
    top_of_marker = ax.transData.transform((3, 1.0))[1] + plot.runs["easy"]["acc"].get_markersize() / 2 \
        * plot.fig.dpi / 72
    assert top_of_marker < ax.get_window_extent().y1                     # inside the panel, not cut in half
    ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    assert max(ticks) == 1.0 and ax.get_ylim()[1] > 1.0
