"""The playground's fast redraw: a tick draws only the moving artists over a saved background (blitting). Its
picture must be the one a full draw makes, and everything that moves an axis or replaces the figure must
draw everything again."""
import io

import matplotlib
import numpy as np
import pytest
from PIL import Image

from course_lib.viz.playground import PICTURE_RC, Playground, log_limits


def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _full_draw(pg):
    """The picture as matplotlib draws the whole figure (savefig draws the animated artists too, in order)."""
    out = io.BytesIO()
    with matplotlib.rc_context(PICTURE_RC):
        pg.fig.savefig(out, format="png")
    return out.getvalue()


@pytest.mark.parametrize("settings", [dict(data="spiral", hidden=(8, 8), activation="tanh", lr=0.1),
                                      dict(problem="regression", data="bumps", loss="quadratic", hidden=(8,) * 6)])
def test_after_many_ticks_the_blitted_picture_is_a_full_draws(settings):
    pg = Playground(**settings)
    pg.session.run(50)
    pg.keep()                                       # a dashed kept curve under the live ones
    draws = []
    for _ in range(40):
        before = pg.full_draws
        pg.tick()
        draws.append(pg.full_draws - before)
    assert draws[-1] == 0, "the last tick drew everything: this test would not test the blitting"
    blitted, full = _pixels(pg.picture_png()), _pixels(_full_draw(pg))
    assert blitted.shape == full.shape == (216, 770, 3)
    assert np.abs(blitted - full).max() <= 2 and np.mean(blitted != full) < 1e-3


def test_most_ticks_draw_only_what_moves():
    pg = Playground()
    for _ in range(50):                             # at first the loss's range grows fast
        pg.tick()
    first = pg.full_draws
    for _ in range(100):
        pg.tick()
    assert pg.full_draws - first <= 20             # (a run measured: 15; every tick would be 100)


def test_a_new_figure_or_a_moved_axis_draws_everything():
    pg = Playground(hidden=(4,))
    for _ in range(30):
        pg.tick()
    n = pg.full_draws
    pg.tick()                                       # usually nothing moves in one tick ...
    pg.tick()
    assert pg.full_draws - n <= 1
    n = pg.full_draws
    pg.c["data"].value = "xor"                      # new data: a new figure
    assert pg.full_draws == n + 1
    pg.c["neurons"].value = 6                       # a new network
    assert pg.full_draws == n + 2
    pg.session.record.train_loss[-1] = 1e-6         # the loss left its axis
    pg.redraw()
    assert pg.full_draws == n + 3 and pg.ax_loss.get_ylim()[0] <= 1e-6
    pg.session.record.grad_norms[-1] = [1e3, 1e3]   # the bars left theirs
    pg.redraw()
    assert pg.full_draws == n + 4 and pg.ax_grad.get_ylim()[1] >= 1e3
    pg.redraw()                                     # nothing changed
    assert pg.full_draws == n + 4


def test_the_axes_always_hold_the_curves_and_the_bars():
    pg = Playground(data="spiral", hidden=(8, 8), activation="tanh", lr=0.1)
    for _ in range(100):
        pg.tick()
        r = pg.session.record
        lo, hi = pg.ax_loss.get_ylim()
        assert lo <= min(r.train_loss + r.test_loss) and max(r.train_loss + r.test_loss) <= hi
        assert pg.ax_loss.get_xlim()[0] < 0 and r.ticks[-1] <= pg.ax_loss.get_xlim()[1] <= 1.5 * 1.05 * r.ticks[-1]
        lo, hi = pg.ax_grad.get_ylim()
        assert lo < min(r.grad_norms[-1]) and max(r.grad_norms[-1]) < hi


def test_log_limits_keep_the_axis_while_the_values_fit_and_widen_it_when_they_leave():
    first = log_limits(None, 0.5, 0.7, 0.1, 0.1)
    assert first == pytest.approx((0.5 / 10 ** 0.1, 0.7 * 10 ** 0.1))
    assert log_limits(first, 0.45, 0.7, 0.1, 0.1) is first                    # still inside: unchanged
    lower = log_limits(first, 0.3, 0.7, 0.1, 0.1)
    assert lower[0] == pytest.approx(0.3 / 10 ** 0.1)                         # fell below: new limits
    assert log_limits((1e-6, 1e3), 0.5, 0.7, 0.1, 0.1)[0] == pytest.approx(0.5 / 10 ** 0.1)   # far too wide
    lo, hi = log_limits(None, 0.6931, 0.6931, 0.0, 0.0)                       # one value: still an axis
    assert lo < 0.6931 < hi


def test_timer_beats_that_waited_while_a_tick_ran_are_skipped(monkeypatch):
    """The browser's Play timer does not wait for the kernel: a beat that queued up while a tick ran
    arrives at once after it and is dropped, so the picture stays current and pause is answered at once."""
    import course_lib.viz.playground as module
    pg = module.Playground()
    ticks = []
    monkeypatch.setattr(pg, "tick", lambda: ticks.append(1))
    clock = iter([10.0, 10.02, 10.021, 10.05, 10.06])     # perf_counter: start/end of tick, stale, new
    monkeypatch.setattr(module.time, "perf_counter", lambda: next(clock))
    pg._on_timer()            # 10.0: ticks, ends at 10.02
    pg._on_timer()            # 10.021: 1 ms after the end — it waited in the queue
    pg._on_timer()            # 10.05: a fresh beat
    assert len(ticks) == 2
