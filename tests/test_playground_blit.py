"""The playground's fast redraw: a tick draws only the moving artists over a saved background (blitting). Its
picture must be the one a full draw makes, and everything that moves an axis or replaces the figure must
draw everything again."""

import io

import matplotlib
import numpy as np
import pytest
from PIL import Image

from course_lib.viz.playground import Playground, log_limits, picture_rc


def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _full_draw(pg):
    """The picture as matplotlib draws the whole figure (savefig draws the animated artists too, in order)."""
    out = io.BytesIO()
    with matplotlib.rc_context(picture_rc(pg.projector)):
        pg.fig.savefig(out, format="png")
    return out.getvalue()


@pytest.mark.parametrize(
    "settings",
    [
        dict(data="spiral", hidden=(8, 8), activation="tanh", lr=0.1),
        dict(problem="regression", data="bumps", loss="quadratic", hidden=(8,) * 6),
    ],
)
def test_after_many_ticks_the_blitted_picture_is_a_full_draws(settings):
    pg = Playground(**settings)
    pg.session.run(50)
    pg.keep()  # a dashed kept curve under the live ones
    draws = []
    for _ in range(40):
        before = pg.full_draws
        pg.tick()
        draws.append(pg.full_draws - before)
    assert draws[-1] == 0, "the last tick drew everything: this test would not test the blitting"
    blitted, full = _pixels(pg.picture_png()), _pixels(_full_draw(pg))
    assert blitted.shape == full.shape == (290, 770, 3)
    assert np.abs(blitted - full).max() <= 2 and np.mean(blitted != full) < 1e-3


def test_most_ticks_draw_only_what_moves():
    pg = Playground()
    for _ in range(50):  # at first the loss's range grows fast
        pg.tick()
    first = pg.full_draws
    for _ in range(100):
        pg.tick()
    assert pg.full_draws - first <= 20  # (a run measured: 15; every tick would be 100)


def test_a_new_figure_or_a_moved_axis_draws_everything():
    pg = Playground(hidden=(4,))
    for _ in range(30):
        pg.tick()
    n = pg.full_draws
    pg.tick()  # usually nothing moves in one tick ...
    pg.tick()
    assert pg.full_draws - n <= 1
    n = pg.full_draws
    pg.c["data"].value = "xor"  # new data: a new figure
    assert pg.full_draws == n + 1
    pg.c["neurons"].value = 6  # a new network
    assert pg.full_draws == n + 2
    pg.session.record.train_loss[-1] = 1e-6  # the loss left its axis
    pg.redraw()
    assert pg.full_draws == n + 3 and pg.ax_loss.get_ylim()[0] <= 1e-6
    pg.session.record.grad_norms[-1] = [1e3, 1e3]  # the bars left theirs
    pg.redraw()
    assert pg.full_draws == n + 4 and pg.ax_grad.get_ylim()[1] >= 1e3
    pg.redraw()  # nothing changed
    assert pg.full_draws == n + 4


def test_the_axes_always_hold_the_curves_and_the_bars():
    pg = Playground(data="spiral", hidden=(8, 8), activation="tanh", lr=0.1)
    for _ in range(100):
        pg.tick()
        r = pg.session.record
        lo, hi = pg.ax_loss.get_ylim()
        assert lo <= min(r.train_loss + r.test_loss) and max(r.train_loss + r.test_loss) <= hi
        assert (
            pg.ax_loss.get_xlim()[0] < 0
            and r.ticks[-1] <= pg.ax_loss.get_xlim()[1] <= 1.5 * 1.05 * r.ticks[-1]
        )
        lo, hi = pg.ax_grad.get_ylim()
        assert lo < min(r.grad_norms[-1]) and max(r.grad_norms[-1]) < hi


def test_log_limits_keep_the_axis_while_the_values_fit_and_widen_it_when_they_leave():
    first = log_limits(None, 0.5, 0.7, 0.1, 0.1)
    assert first == pytest.approx((0.5 / 10**0.1, 0.7 * 10**0.1))
    assert log_limits(first, 0.45, 0.7, 0.1, 0.1) is first  # still inside: unchanged
    lower = log_limits(first, 0.3, 0.7, 0.1, 0.1)
    assert lower[0] == pytest.approx(0.3 / 10**0.1)  # fell below: new limits
    assert log_limits((1e-6, 1e3), 0.5, 0.7, 0.1, 0.1)[0] == pytest.approx(0.5 / 10**0.1)  # far too wide
    lo, hi = log_limits(None, 0.6931, 0.6931, 0.0, 0.0)  # one value: still an axis
    assert lo < 0.6931 < hi


# -- the animation's clock: the browser reports each frame it put on screen (FrameView), and only then does the
# kernel train and draw another; the Play widget's beat is a fallback for a view that reports nothing.
def _shown(pg, seq):
    """What the browser's view sends once frame `seq` is on screen (widgets/frame_view.js)."""
    pg._on_frame_shown(pg.image, {"shown": seq}, [])


def test_frames_go_out_only_as_the_browser_shows_them_so_a_slow_browser_gets_no_backlog():
    from course_lib.viz.playground import FRAMES_IN_FLIGHT

    pg = Playground()
    _shown(pg, pg.image.seq)  # the first picture is on screen
    pg.play.playing = True  # ▶
    assert pg.frames_in_flight == FRAMES_IN_FLIGHT and pg.image.format == "jpeg"
    steps = pg.session.steps
    for _ in range(5):  # a browser that shows nothing: no frame, no training
        _shown(pg, pg._shown)
    assert pg.session.steps == steps and pg.frames_in_flight == FRAMES_IN_FLIGHT
    for _ in range(30):  # a slow browser: each frame it shows frees room for one
        _shown(pg, pg._shown + 1)
        assert pg.frames_in_flight == FRAMES_IN_FLIGHT
    assert pg.session.steps == steps + 30 * pg.session.settings.steps_per_tick
    _shown(pg, pg.image.seq)  # it caught up, skipping frames: room for them all
    assert pg.frames_in_flight == FRAMES_IN_FLIGHT
    _shown(pg, 10**6)  # a number it was never sent changes nothing
    assert pg.frames_in_flight == FRAMES_IN_FLIGHT
    pg.play.playing = False  # ■: no more frames, and the last one is a lossless still
    _shown(pg, pg.image.seq)
    assert pg.frames_in_flight == 0 and pg.image.format == "png" and pg.image.value == pg.picture_png()


def test_each_frame_is_one_bounded_message_and_the_epoch_line_follows_four_times_a_second(monkeypatch):
    import course_lib.viz.playground as module

    pg = Playground(data="spiral", hidden=(8, 8), lr=0.1)
    pg.session.run(1000)
    sent = []
    monkeypatch.setattr(pg.image, "send_state", lambda key=None: sent.append(set(key)))
    pg.epoch_label.observe(lambda change: sent.append({"epoch line"}), names="value")
    clock = [module.time.perf_counter() + 10.0]
    monkeypatch.setattr(module.time, "perf_counter", lambda: clock[0])
    sizes = []
    for _ in range(20):  # 20 frames in 0.5 s
        pg.tick(live=True)
        sizes.append(len(pg.image.value))
        clock[0] += 0.025
    frames = [keys for keys in sent if "value" in keys]
    assert len(frames) == 20 and all(
        {"value", "seq"} <= keys <= {"value", "format", "seq"} for keys in frames
    )
    assert 2 <= sent.count({"epoch line"}) <= 3  # every LABEL_EVERY_S (0.25 s), not on every frame
    assert max(sizes) <= 100_000, sizes  # measured 40-70 kB (PNG: 50-70 kB, and 7 ms to encode)
    pg.tick()  # a still (a step): PNG, and its line at once
    assert pg.image.format == "png" and sent[-1] == {"epoch line"}
    assert pg.image.value[:4] == b"\x89PNG" and pg.picture_png() == pg.image.value


def test_the_beat_trains_only_when_no_frame_was_shown_since_the_last_beat():
    """No view reports frames (none is open, or it fell silent): the Play widget's beat keeps the run going."""
    pg = Playground()
    pg.play.playing = True
    steps = pg.session.steps
    pg.play.value += 1  # a beat: no frame was shown since ▶, so it trains
    assert pg.session.steps > steps
    steps = pg.session.steps
    _shown(pg, pg.image.seq)  # the view shows frames again ...
    steps = pg.session.steps
    pg.play.value += 1  # ... so the beat leaves the clock to them
    assert pg.session.steps == steps
    pg.play.playing = False  # ■ also sets the count back to 0: not a beat, no tick
    pg.play.value = 0
    assert pg.session.steps == steps


def test_a_structural_change_while_playing_goes_on_playing_the_new_network():
    """The issue: changing the number of layers or the activation while ▶ played stopped it after one tick."""
    pg = Playground(hidden=(4,))
    pg.play.playing = True
    pg.c["layers"].value = 3
    pg.c["activation"].value = "relu"
    assert pg.play.playing and len(pg.session.model.param_layers()) == 4
    assert pg.session.settings.activation == "relu"
    for _ in range(5):
        _shown(pg, pg.image.seq)
    assert pg.play.playing and pg.session.steps >= 5 * pg.session.settings.steps_per_tick
    pg.reset_button.click()  # reset: back to the start, paused
    assert not pg.play.playing and pg.session.steps == 0
