"""How long does one playground tick take? (a measurement, not a test; `make bench` runs it)

A tick is what the Play timer triggers: `steps_per_tick` SGD steps, then a redraw of the decision map,
the loss curves and the gradient bars into the PNG the dashboard shows. Goal: ≤ 150 ms per tick on this
2-core machine (≥ 6 updates a second). Reference in the same run: the naive way to redraw — a new
figure with a layout engine, every tick.
"""
import io
import time

from matplotlib.figure import Figure

from course_lib.viz.playground import Playground


def per_call(f, n=20):
    f()
    start = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - start) / n * 1000


def naive_redraw(pg):
    fig = Figure(figsize=(8.4, 3.0), dpi=72, layout="constrained")
    ax1, ax2, ax3 = fig.subplots(1, 3)
    s = pg.session
    ax1.imshow(s.predict(pg._grid).reshape(60, 60))
    ax1.scatter(s.X_train[:, 0], s.X_train[:, 1], c=s.y_train[:, 0], s=9)
    ax2.plot(s.record.ticks, s.record.train_loss)
    ax3.bar(range(len(s.record.grad_norms[-1])), s.record.grad_norms[-1])
    fig.savefig(io.BytesIO(), format="png")


def main():
    pg = Playground()                     # the default size: circles, 2 features, hidden (4, 2), 500 points
    pg.session.run(200)
    tick = per_call(pg.tick)
    train = per_call(pg.session.tick)
    predict = per_call(lambda: pg.session.predict(pg._grid))
    redraw = per_call(pg.redraw)
    naive = per_call(lambda: naive_redraw(pg), n=10)
    print(f"one tick ({pg.session.settings.steps_per_tick} SGD steps + redraw): {tick:6.1f} ms   "
          f"(goal ≤ 150 ms: {tick / 150:.2f} of the budget, {1000 / tick:.0f} updates/s)")
    print(f"  training steps + loss record:   {train:6.1f} ms")
    print(f"  decision map (3 600 points):     {predict:6.1f} ms")
    print(f"  redraw to PNG (incl. the map):   {redraw:6.1f} ms   ← {redraw / tick:.0%} of the tick")
    print(f"reference, naive redraw (new figure + layout engine each tick): {naive:6.1f} ms "
          f"({naive / redraw:.1f}× the dashboard's redraw)")


if __name__ == "__main__":
    main()
