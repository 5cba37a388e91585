"""How many updates a second does the playground show? (a measurement, not a test; `make bench` runs it)

A tick is what each frame the browser shows triggers while ▶ plays: `steps_per_tick` SGD steps, then a
redraw of the decision map, the loss curves and the gradient bars into the JPEG frame the dashboard sends.
The kernel's part of the goal of ≥ 30 pictures a second in the browser (the browser test counts them): a
tick well under 33 ms at the default size, ≥ 10 updates/s at the largest network the controls allow (6
layers of 8, every feature). Reference in the same run: the redraw the dashboard had before blitting — the
axes rescaled, the whole figure drawn and saved by savefig as PNG, every tick.

The machine is shared and noisy: each round times every variant once, in turn (interleaved), and the
report is the median over the rounds with the spread (the middle half: 25th–75th percentile).
"""

import io
import time

import matplotlib
import numpy as np

from course_lib.lessons.playground import FEATURES
from course_lib.viz.playground import GRID, Playground, _encode, _label_log_axis, _png, _rgb, picture_rc

ROUNDS, TICKS_PER_ROUND = 15, 10
SIZES = {
    "default (hidden 4-2, 2 features)": {},
    "largest (6 × 8, 7 features)": dict(hidden=(8,) * 6, features=tuple(FEATURES)),
}


def full_redraw(pg):
    """The redraw before blitting (kept here as the reference): every artist updated, the axes rescaled to
    the data, the whole figure drawn and saved as PNG by savefig, on every tick."""
    sess, r = pg.session, pg.session.record
    with matplotlib.rc_context(picture_rc(pg.projector)):
        pg._heat.set_data(np.nan_to_num(sess.predict(pg._grid)).reshape(GRID, GRID))
        pg._train_line.set_data(r.ticks, r.train_loss)
        pg._test_line.set_data(r.ticks, r.test_loss)
        pg.ax_loss.relim()
        pg.ax_loss.autoscale_view()
        _label_log_axis(pg.ax_loss)
        norms = np.asarray(r.grad_norms[-1], dtype=float)
        for bar, h in zip(pg._bars, norms):
            bar.set_height(h)
        pg.ax_grad.set_ylim(norms.min() / 3, norms.max() * 3)
        _label_log_axis(pg.ax_grad)
        buf = io.BytesIO()
        pg.fig.savefig(buf, format="png")  # savefig draws the animated artists too
        pg.image.value = buf.getvalue()


def savefig_png(pg):
    buf = io.BytesIO()
    with matplotlib.rc_context(picture_rc(pg.projector)):
        pg.fig.savefig(buf, format="png")


def per_tick(f, n=TICKS_PER_ROUND):
    start = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - start) / n * 1000


def main():
    # one dashboard per variant: the reference rescales the axes, which would spoil the blitted one's
    # background
    now = {name: Playground(**settings) for name, settings in SIZES.items()}
    before = {name: Playground(**settings) for name, settings in SIZES.items()}
    for pg in (*now.values(), *before.values()):
        pg.session.run(500)  # past the first ticks, where the loss's range grows fast
        for _ in range(20):
            pg.tick()
    variants = {}
    for name in SIZES:
        variants[f"{name}: tick, blitted (now)"] = lambda pg=now[name]: pg.tick(live=True)  # a frame while ▶
        variants[f"{name}: tick, full redraw (before)"] = lambda pg=before[name]: (
            pg.session.tick(),
            full_redraw(pg),
        )
        variants[f"{name}:   of which the SGD steps"] = before[name].session.tick
    pg = now[next(iter(SIZES))]
    variants["JPEG encoding, a frame while playing (now)"] = lambda: _encode(_rgb(pg.fig.canvas), "jpeg")
    variants["PNG encoding: Pillow level 1, RGB (a still)"] = lambda: _png(pg.fig.canvas)
    variants["PNG encoding + full draw: savefig (before)"] = lambda: savefig_png(pg)
    times = {name: [] for name in variants}
    draws = {name: -pg.full_draws for name, pg in now.items()}
    for _ in range(ROUNDS):
        for name, f in variants.items():  # interleaved: every variant once per round
            times[name].append(per_tick(f))
    for name, pg in now.items():
        draws[name] += pg.full_draws
    print(f"{ROUNDS} rounds × {TICKS_PER_ROUND} calls, interleaved; median [25th–75th percentile] per call")
    for name, t in times.items():
        q1, med, q3 = np.percentile(t, [25, 50, 75])
        rate = f"  {1000 / med:5.1f} updates/s" if "tick" in name else ""
        print(f"  {name:55s} {med:6.1f} ms [{q1:5.1f}–{q3:5.1f}]{rate}")
    for name in SIZES:
        ratio = np.array(times[f"{name}: tick, full redraw (before)"]) / np.array(
            times[f"{name}: tick, blitted (now)"]
        )
        print(
            f"{name}: the blitted tick is {np.median(ratio):.1f}× faster than the full redraw (per-round "
            f"ratio, [{np.percentile(ratio, 25):.1f}–{np.percentile(ratio, 75):.1f}]); "
            f"{draws[name]} of its {ROUNDS * TICKS_PER_ROUND} ticks drew everything"
        )


if __name__ == "__main__":
    main()
