"""The playground dashboard: TensorFlow Playground's controls around a `Session`, plus what it lacks —
the loss, the initialisation, a live bar chart of every layer's gradient norm, and "compare" (keep a
finished run's curves while a new run trains with the same seed).

Training is driven by the browser, one frame at a time: while ▶ plays, each frame the picture widget
(`FrameView`) reports on screen lets the kernel make one short call (`tick`: a few SGD steps and a redraw)
and send the next frame, with at most FRAMES_IN_FLIGHT on their way. Between ticks the kernel is idle, so
every control — pause, learning rate, regularisation — takes effect at once (a blocking training loop would
freeze them all); and a slow browser or a busy machine gets fewer frames, never a queue of stale ones. The
`ipywidgets.Play` widget is the ▶/■ switch; its beat only keeps a run going that no view reports frames for.

The picture is one matplotlib Figure, sent as image bytes (JPEG while playing, PNG when still) in one widget
message a frame (no output clearing, no flicker, no base64). A tick redraws only what moves — the map, the
curves, the bars — over a saved copy of the rest (blitting); the axes' limits change in steps, and only a new
step, or a new figure, draws everything: a tick costs a fraction of a full draw (bench_playground.py measures
both; the numbers are in benchmarks/README.md). Its text is legible at 100 % and, in projection mode, on a
1280×720 projector (PICTURE).

The picture sits under the controls (three columns, then the features), all sized to fit JupyterLab with its
file browser open (a notebook area of 900 px); rows wrap, and the picture shrinks, in a narrower notebook.
`run(steps)` trains without the timer and also shows the final picture as an ordinary output, so a notebook
executed headless (nbval, HTML export) still shows the result; displaying the dashboard carries the picture as
a PNG too (`ShowsPicture`), for a reader without a live kernel.

Controls the session refuses (every feature unticked, say) never break the dashboard: the session keeps
its last good run, the one-line reason shows under the picture, training waits, and the next valid change
trains again.
"""

import functools
import html
import io
import time
from pathlib import Path

import anywidget
import ipywidgets as W
import matplotlib
import numpy as np
import traitlets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, NullLocator
from PIL import Image
from traitlets import validate

from ..activations import ACTIVATIONS
from ..errors import ConfigError, CourseError
from ..i18n import _
from ..init import INITS
from ..lessons.playground import FEATURES, LOSSES, PROBLEMS, REGULARIZATIONS, Session
from ..notebook import projector_on
from .widgets.base import ShowsPicture, guarded, with_caption

LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
GRID = 60  # heat-map resolution
CONTROL_WIDTH, LABEL_WIDTH = 250, 88  # px: three columns of controls fit an 800 px output area
KEPT_COLOURS = ("dimgray", "tab:purple", "tab:brown", "tab:olive")  # one per kept run, none like the bars
MAX_KEPT = 4  # runs kept for comparison: more would not fit the loss panel
EXTENT = 1.4  # the heat map covers [−EXTENT, EXTENT]²
# How the axes follow the numbers without moving on every tick (a moved axis means a full draw): the
# epoch axis ends at the next of these (× a power of ten) above the last epoch, so the curves fill 2/3 of
# it or more; a log axis gets new limits once its values leave them (`log_limits`), with room for the loss
# to fall further (a fifth of its span in decades below it, as much as matplotlib's margin above it), and a
# factor 5 around the gradients (they jump from step to step: with 3, every fifth tick would draw everything).
EPOCH_STEPS = (1, 1.5, 2, 3, 4, 5, 6, 8, 10)
LOSS_BELOW, LOSS_ABOVE, GRAD_ROOM = 0.2, 0.05, np.log10(5)

# -- the animation: frames, clocked by the browser ---------------------------------------------------------
# While ▶ plays, the browser asks for each frame: the picture widget (FrameView) reports every frame it has
# put on screen, and a report lets Python train one tick and send the next frame while at most
# FRAMES_IN_FLIGHT are on their way (three: the kernel draws the next ones while the browser decodes the
# last and its report travels back; on a busy 2-core machine more pictures a second than two gave).
# Nothing queues: a slow browser or a busy machine gets fewer frames, each one current. The Play widget's
# beat (WATCHDOG_MS) is only a fallback: a beat that finds no frame shown since the last beat (no browser
# view, or one that fell silent) trains a tick itself, so the run goes on at a few ticks a second.
FRAMES_IN_FLIGHT = 3
WATCHDOG_MS = 250
LABEL_EVERY_S = 0.25  # the epoch and loss line while playing: 4 updates a second (read,
# not watched; one widget message less on most frames)
# Frames while playing are JPEG (much faster to encode than PNG, and smaller: benchmarks/README.md; quality 90
# without chroma subsampling keeps the text and the thin lines sharp); a still picture
# (paused, a step, a change of the controls) is PNG, exact.
JPEG_QUALITY = 90

# -- the picture's size and text: legible at 100 % and on a projector --------------------------------------
# The picture is FIGURE_WIDTH inches wide at `dpi` pixels an inch and shown at its pixel size (or narrower
# where the notebook is): on screen 770 px (100 dpi, as the course's figures), where 10-pt text is 14 px; in
# projection mode (`course_lib.notebook.projector_on()`, setup(projector=True) or COURSE_PROJECTOR=1) 1047 px,
# about what the projector's output area shows (998-1054 device px), where 11-pt text is 20-21 px.
# Its layout is fixed and its text has its own sizes (see _build_figure), whatever the notebook's rcParams.
FIGURE_WIDTH = 7.7
PICTURE = {
    False: dict(height=2.9, dpi=100, text=10, title=11),  # on screen
    True: dict(height=3.3, dpi=136, text=11, title=12),
}  # projection mode
# The picture's style is its own, whatever the notebook's (setup() or not), and a grid below everything else
# (axisbelow), as the blitting needs: it draws the moving bars and curves over a background that already holds
# the grid, so a full draw must put the grid under them too. The text sizes are added per mode (picture_rc).
PICTURE_RC = {
    "lines.linewidth": 1.5,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,  # i18n: not shown
    "axes.spines.right": False,  # i18n: not shown
    "savefig.dpi": "figure",
    "savefig.bbox": "standard",
    "savefig.pad_inches": 0.1,  # i18n: not shown
}


def picture_rc(projector):
    """PICTURE_RC with the text sizes of the mode (PICTURE[projector])."""
    p = PICTURE[projector]
    return {
        **PICTURE_RC,
        "font.size": p["text"],
        "axes.titlesize": p["title"],
        "axes.labelsize": p["text"],
        "xtick.labelsize": p["text"],
        "ytick.labelsize": p["text"],
        "legend.fontsize": p["text"],
    }


def _in_picture_style(method):
    """Run `method` under picture_rc(): matplotlib reads the sizes when it makes a text or a tick, which
    happens while the figure is built and while it is drawn whole (new ticks). A blitted tick only draws
    artists that have their sizes already, and skips the rc_context (its cost would come with every tick)."""

    @functools.wraps(method)
    def styled(self, *args, **kwargs):
        with matplotlib.rc_context(picture_rc(self.projector)):
            return method(self, *args, **kwargs)

    return styled


class _Widening:
    """A slider that widens its range to a value set from code, e.g. `pg.c["noise"].value = 2`, where
    ipywidgets would clamp it to the end of the range in silence: the session then checks the value as any
    other setting and, if it refuses it, says why under the picture."""

    @validate("value")
    def _validate_value(self, proposal):
        value = proposal["value"]
        if value > self.max:
            self.max = value
        if value < self.min:
            self.min = value
        return value


class FloatSlider(_Widening, W.FloatSlider):
    """ipywidgets' FloatSlider, widening instead of clamping (`_Widening`)."""


class IntSlider(_Widening, W.IntSlider):
    """ipywidgets' IntSlider, widening instead of clamping (`_Widening`)."""


def _menu(options, value):
    """A dropdown's options with `value` added: every setting the session accepted must be one the
    controls can show, rather than the widget refusing it (a TraitError)."""
    return sorted(set(options) | {value})


class FrameView(anywidget.AnyWidget):
    """The picture, one frame at a time (widgets/frame_view.js): `value` holds the image bytes (`format`
    "jpeg" or "png"), `seq` numbers the frames. The browser view reports each frame it has put on screen as
    a message {"shown": seq}, which the playground uses as its clock (FRAMES_IN_FLIGHT)."""

    _esm = Path(__file__).with_name("widgets") / "frame_view.js"  # i18n: not shown (a file name)
    value = traitlets.Bytes(b"").tag(sync=True)
    format = traitlets.Unicode("png").tag(sync=True)
    seq = traitlets.Int(0).tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)

    def show(self, data, fmt):
        """Send one frame: its bytes, format and next number in one widget message."""
        with self.hold_sync():
            self.format, self.value, self.seq = fmt, data, self.seq + 1


class Playground(ShowsPicture):
    """A training dashboard. `Playground(**settings)` (the fields of `Settings`); display it, press ▶;
    or call `run(steps)`."""

    where = "Playground"

    def __init__(self, settings=None, **changes):
        self.session = Session(settings, **changes)
        self.kept = []  # (label, Record) of runs kept for comparison
        self.refused = None  # why the controls' current combination cannot run, or None
        self.hidden = self.session.settings.hidden  # the layer widths the controls describe
        self._quiet = False  # True while the dashboard itself changes a control
        self.projector = projector_on()  # the picture's size and text: for a projector, or not (PICTURE)
        self._shown = 0  # the last frame the browser reported on screen (FrameView.seq)
        self._shown_since_beat = False  # a frame was reported since ▶ or the Play widget's last beat
        self._label_time = -1.0  # perf_counter() when the epoch line was last updated
        # the controls, made by _build_controls
        self.play = self.step_button = self.reset_button = None
        self.regenerate_button = self.keep_button = None
        self.epoch_label = self.kept_label = self.status = None
        self.image = self.ui = None
        self.c = {}  # setting name -> its widget
        self.feature_boxes = {}  # feature name -> its checkbox
        # the figure and its artists, made again by _build_figure on every reset
        self.fig = None
        self.ax_map = self.ax_loss = self.ax_grad = None
        self._grid = self._heat = None  # the heat map's points and its image
        self._train_line = self._test_line = self._bars = self._diverged_text = self._grad_text = None
        self._background = None  # the canvas without the moving artists, from the last full draw
        self._picture = self._png = None  # the last redraw's picture (RGB), and its PNG once asked for
        self._limits = None  # the axes' limits of that draw: (loss x, loss y, gradient y)
        self.full_draws = 0  # how many redraws drew everything (the benchmark and tests count)
        self._build_controls()
        self._build_figure()
        self.redraw()

    # -- controls ---------------------------------------------------------------------------------------
    def _build_controls(self):
        s = self.session.settings
        # Sized for a notebook area of 900 px (JupyterLab at 1400 px with the file browser open leaves that,
        # and an output area of about 800 px): three columns of controls, each widget with an explicit width
        # and one label width, so no label covers the next column's inputs and every slider shows its value;
        # rows wrap rather than clip where the notebook is narrower still.
        control = dict(
            layout=W.Layout(width=f"{CONTROL_WIDTH}px"), style={"description_width": f"{LABEL_WIDTH}px"}
        )
        # every setting the session accepted must be one the controls can show: widen a slider's range, or
        # add the value to a menu, rather than let the widget clamp it (a silent change) or refuse it (a
        # TraitError); a slider set from code widens itself (_widening)
        menu = _menu
        # ▶ and ■; its beat is only the animation's fallback clock (FRAMES_IN_FLIGHT), so its 🔁 (start the
        # count again at its end, 10⁹ beats away) has nothing to do here
        self.play = W.Play(
            value=0,
            min=0,
            max=10**9,
            step=1,
            interval=WATCHDOG_MS,
            description=_("train"),
            show_repeat=False,
            tooltip=_("▶ train live · ■ pause"),
            layout=W.Layout(width="auto"),
        )
        button = lambda text, width: W.Button(description=text, layout=W.Layout(width=f"{width}px"))
        self.step_button = button(_("step"), 64)
        self.reset_button = button(_("reset"), 64)
        self.regenerate_button = button(_("new data"), 96)
        self.keep_button = button(_("keep to compare"), 140)
        self.epoch_label = W.HTML(layout=W.Layout(margin="0 0 0 8px"))
        self.kept_label = W.HTML()
        self.status = W.HTML()
        self.c = {
            "problem": W.Dropdown(
                options=[(_("classification"), "classification"), (_("regression"), "regression")],
                value=s.problem,
                description=_("problem"),
                **control,
            ),
            "data": W.Dropdown(options=PROBLEMS[s.problem], value=s.data, description=_("data"), **control),
            "train_ratio": FloatSlider(
                s.train_ratio,
                min=min(0.1, s.train_ratio),
                max=max(0.9, s.train_ratio),
                step=0.1,
                description=_("train %"),
                **control,
            ),
            "noise": FloatSlider(
                s.noise, min=0.0, max=max(0.5, s.noise), step=0.05, description=_("noise"), **control
            ),
            "batch_size": IntSlider(
                s.batch_size, min=1, max=max(30, s.batch_size), description=_("batch"), **control
            ),
            "layers": IntSlider(
                len(s.hidden), min=0, max=max(6, len(s.hidden)), description=_("layers"), **control
            ),
            "neurons": IntSlider(
                s.hidden[0] if s.hidden else 4,
                min=1,
                max=max((8,) + s.hidden),
                description=_("neurons"),
                **control,
            ),
            "activation": W.Dropdown(
                options=list(ACTIVATIONS), value=s.activation, description=_("activation"), **control
            ),
            "init": W.Dropdown(options=list(INITS), value=s.init, description=_("init"), **control),
            "loss": W.Dropdown(options=LOSSES[s.problem], value=s.loss, description=_("loss"), **control),
            "lr": W.Dropdown(
                options=menu(LEARNING_RATES, s.lr), value=s.lr, description=_("learning rate"), **control
            ),
            "regularization": W.Dropdown(
                options=REGULARIZATIONS, value=s.regularization, description=_("regularise"), **control
            ),
            "reg_rate": W.Dropdown(
                options=menu(REG_RATES, s.reg_rate), value=s.reg_rate, description=_("reg. rate"), **control
            ),
        }
        self.feature_boxes = {
            f: W.Checkbox(f in s.features, description=f, indent=False, layout=W.Layout(width="78px"))
            for f in FEATURES
        }
        # its own size where there is room (stretched, it would blur), scaled down (not clipped, margins kept)
        # where not
        width = round(FIGURE_WIDTH * PICTURE[self.projector]["dpi"])
        self.image = FrameView(
            alt=_("the playground: output map, loss curves, gradient per layer"),
            layout=W.Layout(width=f"{width}px", max_width="calc(100% - 4px)"),
        )
        self.image.on_msg(guarded(self._on_frame_shown, self._fail, self.where))

        guard = lambda callback: guarded(callback, self._fail, self.where)  # noqa: E731
        # a beat counts up; ■ sets the count back to its start, which is no beat
        self.play.observe(
            guard(lambda ch: self._on_timer() if ch["new"] > ch["old"] else None), names="value"
        )
        self.play.observe(guard(lambda ch: self._on_play(ch["new"])), names="playing")
        self.step_button.on_click(guard(lambda _: self.tick()))
        self.reset_button.on_click(guard(lambda _: self.reset()))
        self.regenerate_button.on_click(guard(lambda _: self.rebuild(seed=self.session.settings.seed + 1)))
        self.keep_button.on_click(guard(lambda _: self.keep()))
        for name, widget in self.c.items():
            widget.observe(guard(lambda ch, name=name: self._on_control(name, ch["new"])), names="value")
        for box in self.feature_boxes.values():
            box.observe(guard(lambda ch: None if self._quiet else self.rebuild()), names="value")

        wrap = lambda children, **layout: W.HBox(children, layout=W.Layout(flex_flow="row wrap", **layout))
        column = lambda keys: W.VBox(
            [self.c[k] for k in keys], layout=W.Layout(width=f"{CONTROL_WIDTH + 10}px")
        )
        buttons = wrap(
            [
                with_caption(self.play),
                self.step_button,
                self.reset_button,
                self.regenerate_button,
                self.keep_button,
                self.epoch_label,
            ],
            align_items="center",
        )
        columns = wrap(
            [
                column(("problem", "data", "train_ratio", "noise", "batch_size")),
                column(("layers", "neurons", "activation", "init", "loss")),
                column(("lr", "regularization", "reg_rate")),
            ]
        )
        features = wrap(
            [W.HTML("<b>" + _("features") + "</b>", layout=W.Layout(width=f"{LABEL_WIDTH}px"))]
            + list(self.feature_boxes.values()),
            align_items="center",
        )
        self.ui = W.VBox(
            [buttons, columns, features, self.image, self.kept_label, self.status],
            layout=W.Layout(max_width="100%"),
        )
        self.ui.add_class("course-playground")  # so the browser test can find the dashboard

    def _on_control(self, name, value):
        if self._quiet:  # a change made by the dashboard itself, not by the learner
            return
        if name in ("lr", "regularization", "reg_rate") and not self.refused:
            try:  # these act on the running optimiser, no reset
                if name == "lr":
                    self.session.set_lr(value)
                else:
                    self.session.set_regularization(self.c["regularization"].value, self.c["reg_rate"].value)
                self._say(None)
            except CourseError as e:
                self._say(e)
            return
        if name == "problem":  # each problem has its own data sets and losses
            self._quiet = True
            try:
                self.c["data"].options = PROBLEMS[value]
                self.c["loss"].options = LOSSES[value]
            finally:
                self._quiet = False
        elif name == "layers":  # drop layers from the end, or add layers of the chosen width
            self.hidden = self.hidden[:value] + (self.c["neurons"].value,) * (value - len(self.hidden))
        elif name == "neurons":
            self.hidden = (value,) * len(self.hidden)
        self.rebuild()

    def _settings_from_controls(self):
        c = self.c
        return dict(
            problem=c["problem"].value,
            data=c["data"].value,
            train_ratio=c["train_ratio"].value,
            noise=c["noise"].value,
            batch_size=c["batch_size"].value,
            hidden=self.hidden,
            activation=c["activation"].value,
            init=c["init"].value,
            loss=c["loss"].value,
            lr=c["lr"].value,
            regularization=c["regularization"].value,
            reg_rate=c["reg_rate"].value,
            features=tuple(f for f, box in self.feature_boxes.items() if box.value),
        )

    def _say(self, error):
        """Show `error`'s one line under the picture (None clears it)."""
        if error is None:
            self.status.value = ""
        else:
            self.status.value = (
                f"<span style='color:crimson'>✗ {html.escape(str(error))}</span>"  # i18n: not shown
            )

    def _fail(self, message):
        """An error in a callback (see widgets.base.guarded): stop the timer, whose every beat would fail
        again, and show the error's line."""
        self.play.playing = False
        self._say(message)

    # -- actions ----------------------------------------------------------------------------------------
    def rebuild(self, **extra):
        """Reset the session from the controls (same seed unless given), and redraw. A run that was playing
        goes on playing, with the new network or data."""
        controls = self._settings_from_controls()
        if "problem" in extra:  # the new problem's own data set and loss, unless given too
            controls = {k: v for k, v in controls.items() if k not in ("data", "loss")}
        try:
            self.session.reset(**{**controls, **extra})
        except CourseError as e:  # the session keeps its last good run; the controls stay live
            self.refused = e
            self._say(e)
            return
        self.refused = None
        self._say(None)
        self._show_settings()
        self._build_figure()
        self.redraw()
        self._pump()

    def reset(self):
        """The reset button: pause, and start again from the controls (same seed)."""
        self.play.playing = False
        self.rebuild()

    def _show_settings(self):
        """Set every control to what the session now runs, quietly: after `rebuild(lr=5.0)` from a cell the
        controls show 5.0, and the next change of another control does not quietly undo it."""
        s, c = self.session.settings, self.c
        self.hidden = s.hidden
        values = {
            "problem": s.problem,
            "data": s.data,
            "train_ratio": s.train_ratio,
            "noise": s.noise,
            "batch_size": s.batch_size,
            "layers": len(s.hidden),
            "activation": s.activation,
            "init": s.init,
            "loss": s.loss,
            "lr": s.lr,
            "regularization": s.regularization,
            "reg_rate": s.reg_rate,
        }
        if s.hidden:
            values["neurons"] = s.hidden[0]
        self._quiet = True
        try:
            c["data"].options, c["loss"].options = PROBLEMS[s.problem], LOSSES[s.problem]
            c["lr"].options = _menu(LEARNING_RATES, s.lr)
            c["reg_rate"].options = _menu(REG_RATES, s.reg_rate)
            for name, value in values.items():
                c[name].value = value
            for feature, box in self.feature_boxes.items():
                box.value = feature in s.features
        finally:
            self._quiet = False

    # -- the animation's clock (FRAMES_IN_FLIGHT) --------------------------------------------------------
    @property
    def frames_in_flight(self):
        """Frames sent to the browser that it has not yet reported on screen."""
        return self.image.seq - self._shown

    def _on_play(self, playing):
        """▶: start sending frames. ■: the picture on screen becomes a still, lossless PNG, with its line."""
        if playing:
            self._shown_since_beat = False  # the first beat (WATCHDOG_MS on) tells whether a view shows them
            self._pump()
        else:
            self.image.show(self.picture_png(), "png")
            self._show_line()

    def _on_frame_shown(self, _widget, content, _buffers):
        """The browser put frame `content["shown"]` on screen: while playing, that frees room for the next."""
        seq = content.get("shown") if isinstance(content, dict) else None
        if not isinstance(seq, int) or isinstance(seq, bool):
            return  # not a message this view sends
        self._shown = max(self._shown, min(seq, self.image.seq))
        self._shown_since_beat = True
        self._pump()

    def _pump(self):
        """While playing, train and send frames until FRAMES_IN_FLIGHT are on their way."""
        while self.play.playing and self.frames_in_flight < FRAMES_IN_FLIGHT:
            self.tick(live=True)

    def _on_timer(self):
        """The Play widget's beat: the fallback clock. If the browser reported no frame since the last beat
        (no view shows the dashboard, or it fell silent), the frames in flight are taken as lost and this beat
        trains a tick itself; otherwise the frames are the clock and the beat does nothing."""
        if not self._shown_since_beat:
            self._shown = self.image.seq
            self.tick(live=self.play.playing)
        self._shown_since_beat = False

    def tick(self, live=False):
        """One tick: a few training steps, then redraw (`live`: a frame of the animation, see redraw). A
        diverged run, or controls the session refused, wait for a change."""
        if self.session.diverged or self.refused:
            self.play.playing = False
            self._say(self.refused)
            return
        self.session.tick()
        if self.session.diverged:
            self.play.playing = False
            live = False
        self.redraw(live=live)

    def keep(self):
        """Keep the current run's test curve on the plot (the last MAX_KEPT runs), and start a new run with
        the same seed."""
        if self.refused:
            self._say(self.refused)
            return
        s = self.session.settings
        label = f"{s.activation}, lr {s.lr:g}, {'-'.join(map(str, s.hidden)) or _('no hidden')}"
        self.kept = (self.kept + [(label, self.session.record)])[-MAX_KEPT:]
        self.rebuild()

    def run(self, steps):
        """Train `steps` steps now (no timer), redraw, and show the picture as an ordinary output too."""
        if self.refused:
            raise ConfigError(str(self.refused))
        self.session.run(steps)
        self.redraw()
        try:
            from IPython.display import Image, display

            display(Image(self.picture_png()))
        except ImportError:
            pass
        return self.session.summary()

    @property
    def summary(self):
        """The session's one line (epoch and losses), or why the controls' combination cannot run."""
        return f"✗ {self.refused}" if self.refused else self.session.summary()

    def picture_png(self):
        """The picture of the last redraw as PNG (the live frames are JPEG), encoded once when asked."""
        if self._png is None:
            self._png = _encode(self._picture, "png")
        return self._png

    # -- drawing ----------------------------------------------------------------------------------------
    @_in_picture_style
    def _build_figure(self):
        # a fixed layout: a layout engine would re-measure every text on every tick (half the render time)
        p = PICTURE[self.projector]
        self.fig = Figure(figsize=(FIGURE_WIDTH, p["height"]), dpi=p["dpi"])
        FigureCanvasAgg(self.fig)
        self.ax_map, self.ax_loss, self.ax_grad = (self.fig.add_axes(box) for box in _panels(**p))
        sess = self.session
        regression = sess.settings.problem == "regression"
        g = np.linspace(-EXTENT, EXTENT, GRID)
        gx, gy = np.meshgrid(g, g)
        self._grid = np.c_[gx.ravel(), gy.ravel()].astype(np.float32)
        self._heat = self.ax_map.imshow(
            np.zeros((GRID, GRID)),
            extent=(-EXTENT, EXTENT, -EXTENT, EXTENT),
            origin="lower",
            cmap="RdBu",
            vmin=-1 if regression else 0,
            vmax=1,
            alpha=0.75,
        )
        # the points: for classification one collection per class and marker, each of one colour, which
        # matplotlib draws as stamped copies of one marker (a fifth of the time of points coloured one by one,
        # which regression's values need); they are redrawn on every tick
        points = dict(s=9, edgecolors="k", linewidths=0.3)
        for X, y, marker in ((sess.X_train, sess.y_train, "o"), (sess.X_test, sess.y_test, "s")):
            if regression:
                self.ax_map.scatter(
                    X[:, 0], X[:, 1], c=y[:, 0], cmap="RdBu", vmin=-1, vmax=1, marker=marker, **points
                )
                continue
            for label in (0, 1):  # the colours RdBu gives 0 and 1 on a scale from -0.2 to 1.2
                mine, colour = y[:, 0] == label, matplotlib.colormaps["RdBu"]((label + 0.2) / 1.4)
                self.ax_map.scatter(X[mine, 0], X[mine, 1], color=colour, marker=marker, **points)
        self.ax_map.set(
            xlim=(-EXTENT, EXTENT),
            ylim=(-EXTENT, EXTENT),
            xticks=[],
            yticks=[],
            title="output (● train, ■ test)",  # i18n: not shown (figure text)
        )
        # each kept run's test curve is numbered at its last finite point; its settings (too long for the
        # plot) are listed under the picture with the same number
        for i, (label, record) in enumerate(self.kept, 1):
            colour = KEPT_COLOURS[i - 1]
            self.ax_loss.plot(record.ticks, record.test_loss, "--", color=colour, lw=1)
            finite = [(t, v) for t, v in zip(record.ticks, record.test_loss) if np.isfinite(v) and v > 0]
            if finite:
                self.ax_loss.annotate(
                    str(i),
                    finite[-1],
                    xytext=(3, 0),
                    textcoords="offset points",
                    color=colour,
                    va="center",
                    fontsize=p["text"],
                    weight="bold",
                    annotation_clip=False,
                    zorder=1.9,
                )  # under the live curves, as the
                # background they are drawn over on every tick
        (self._train_line,) = self.ax_loss.plot([], [], color="C0", label="train")
        (self._test_line,) = self.ax_loss.plot([], [], color="C1", label="test")
        self.ax_loss.set(xlabel="epoch", yscale="log")
        self.ax_loss.set_title("loss", loc="left")
        # 0 5 10 15 20, not 0 2.5 5; at most 5 values, which the text size leaves room for (0 50 100 150)
        self.ax_loss.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
        # above the panel, on the title's line: inside it, wherever it stood, some run's curve went behind it
        # (a flat loss of 0.69 hid "train" in 04); drawn once with the background, not every tick
        self.ax_loss.legend(
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            ncols=2,
            frameon=False,
            borderaxespad=0.0,
            handlelength=1.2,
            columnspacing=1.0,
        )
        n_layers = len(sess.model.param_layers())
        self._bars = self.ax_grad.bar(np.arange(1, n_layers + 1), np.ones(n_layers), color="C2")
        self.ax_grad.set(
            yscale="log", xlabel="layer", title="‖∂L/∂θ‖ per layer", xticks=np.arange(1, n_layers + 1)
        )
        for ax in (self.ax_loss, self.ax_grad):
            ax.yaxis.set_minor_locator(NullLocator())  # the ticks redraw() chooses, each with its value
        self._diverged_text = self.ax_loss.text(
            0.5,
            0.5,
            "",
            transform=self.ax_loss.transAxes,
            ha="center",
            color="crimson",
            fontsize=p["title"] + 4,
        )
        self._grad_text = self.ax_grad.text(
            0.5,
            0.97,
            "",
            transform=self.ax_grad.transAxes,
            ha="center",
            va="top",
            color="gray",
            fontsize=p["text"],
        )
        # What redraw draws on every tick, over the saved background: the map, with the points on top of it;
        # the curves (over the legend); the bars, and the texts; and the panels' frames, which a full draw
        # puts over the map's edge and the bars' feet. `animated` keeps them out of a full draw.
        frames = [spine for ax in (self.ax_map, self.ax_loss, self.ax_grad) for spine in ax.spines.values()]
        moving = [
            self._heat,
            *self.ax_map.collections,
            self._train_line,
            self._test_line,
            self._diverged_text,
            *self._bars,
            self._grad_text,
            *frames,
        ]
        for artist in moving:
            artist.set_animated(True)
        self._background = self._limits = None
        self.kept_label.value = (
            ""
            if not self.kept
            else (
                "<small>"
                + _("kept runs (dashed, test loss, numbered at their end): ")
                + " · ".join(
                    f"<b>{i}</b> {html.escape(label)}" for i, (label, _record) in enumerate(self.kept, 1)
                )
                + "</small>"
            )
        )

    def redraw(self, live=False):
        """Update every artist from the session and draw: the moving artists over the saved background, or
        everything when the axes' limits changed (or the figure is new). Then send the picture to the browser:
        a `live` frame of the animation as JPEG, with the epoch line at most every LABEL_EVERY_S; a still
        picture as PNG, with its line."""
        sess, r = self.session, self.session.record
        with np.errstate(over="ignore", invalid="ignore"):
            self._heat.set_data(np.nan_to_num(sess.predict(self._grid)).reshape(GRID, GRID))  # display only
        self._train_line.set_data(r.ticks, r.train_loss)
        self._test_line.set_data(r.ticks, r.test_loss)
        norms = np.asarray(r.grad_norms[-1], dtype=float)
        # a zero gradient (before the first step, a dead layer) or a diverged one has no bar on a log axis;
        # the axis spans the bars there are, and with none it shows no values that would look like a reading
        drawn = np.isfinite(norms) & (norms > 0)
        for bar, h, shown in zip(self._bars, norms, drawn):
            bar.set_height(h if shown else 1.0)
            bar.set_visible(bool(shown))
        self._grad_text.set_text(
            "" if drawn.all() else "no step yet" if sess.steps == 0 else "no bar: gradient 0 or not finite"
        )
        self._diverged_text.set_text("diverged — reset" if sess.diverged else "")
        limits = self._new_limits(norms[drawn])
        canvas = self.fig.canvas
        if self._background is None or limits != self._limits:
            self._draw_background(limits)
        else:
            canvas.restore_region(self._background)
        for ax in (self.ax_map, self.ax_loss, self.ax_grad):
            # in the order a full draw would draw them (zorder, then the order they were added), so the
            # picture is the one a full draw makes
            for artist in sorted((a for a in ax.get_children() if a.get_animated()), key=lambda a: a.zorder):
                self.fig.draw_artist(artist)
        self._picture, self._png = _rgb(canvas), None
        if live:
            self.image.show(_encode(self._picture, "jpeg"), "jpeg")
        else:
            self.image.show(self.picture_png(), "png")
        if not live or time.perf_counter() - self._label_time >= LABEL_EVERY_S:
            self._show_line()

    def _show_line(self):
        """The line beside ▶: the epoch and the losses."""
        sess, r = self.session, self.session.record
        losses = (
            ""
            if sess.diverged
            else _("train loss {train:.3f} · test loss {test:.3f}").format(
                train=r.train_loss[-1], test=r.test_loss[-1]
            )
        )
        epoch = _("epoch {epoch:,.1f}").format(epoch=sess.epoch)
        self.epoch_label.value = f"<b>{epoch}</b> &nbsp; {losses}"
        self._label_time = time.perf_counter()

    def _new_limits(self, bars):
        """The limits the axes should have now, (loss x, loss y, gradient y): the current ones while the
        numbers fit them (see EPOCH_STEPS), so most ticks keep them. `bars` are the gradient norms drawn."""
        r, old = self.session.record, self._limits or (None, None, None)
        records = [r] + [record for _label, record in self.kept]
        last = max(record.ticks[-1] for record in records)
        if last > 0:
            decade = 10.0 ** np.floor(np.log10(last))
            end = min(step * decade for step in EPOCH_STEPS if step * decade >= last)
        else:  # no step yet: an epoch axis from 0 to 1, not ±0.04 around 0
            end = 1.0
        losses = np.array(r.train_loss + r.test_loss + [v for rec in records[1:] for v in rec.test_loss])
        losses = losses[np.isfinite(losses) & (losses > 0)]
        loss_y = old[1]
        if losses.size:
            span = np.log10(losses.max() / losses.min())
            loss_y = log_limits(old[1], losses.min(), losses.max(), LOSS_BELOW * span, LOSS_ABOVE * span)
        grad_y = log_limits(old[2], bars.min(), bars.max(), GRAD_ROOM, GRAD_ROOM) if bars.size else None
        return (-0.05 * end, 1.05 * end), loss_y, grad_y

    @_in_picture_style
    def _draw_background(self, limits):
        """Set the axes to `limits`, draw all but the moving artists, and keep that as the background."""
        (self._limits, (loss_x, loss_y, grad_y)) = limits, limits
        self.ax_loss.set_xlim(loss_x)
        if loss_y is not None:
            self.ax_loss.set_ylim(loss_y)
            _label_log_axis(self.ax_loss)
        if grad_y is not None:
            self.ax_grad.set_ylim(grad_y)
            _label_log_axis(self.ax_grad)
        else:
            self.ax_grad.set_ylim(0.1, 10)
            self.ax_grad.set_yticks([], [])
        self.fig.canvas.draw()
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self.full_draws += 1


def _panels(height, text, title, **_):
    """The three panels' boxes (left, bottom, width, height in figure fractions) for a picture FIGURE_WIDTH ×
    `height` inches with `text`-point ticks and labels and `title`-point titles: a square map, then the loss
    and the gradient panels (widths 1.35 : 1.1), each after room for its y values ("0.003", "1e-5")."""
    inch = lambda points: points / 72
    top = inch(1.2 * title + 6)  # the titles and their pad
    bottom = inch(2 * 1.2 * text + 12)  # the x values and the x label
    gutter = inch(3.2 * text + 10)  # five characters of y values, the ticks, a gap
    side, margin = height - top - bottom, 0.05  # the map's side; the picture's left and right edges
    rest = FIGURE_WIDTH - 2 * margin - side - 2 * gutter
    loss, grad = rest * 1.35 / 2.45, rest * 1.1 / 2.45
    lefts = (margin, margin + side + gutter, margin + side + 2 * gutter + loss)
    return [
        (left / FIGURE_WIDTH, bottom / height, width / FIGURE_WIDTH, side / height)
        for left, width in zip(lefts, (side, loss, grad))
    ]


def _rgb(canvas):
    """A copy of the canvas as a Pillow RGB image (the picture is opaque; Pillow drops the alpha channel
    several times faster than numpy's strided copy)."""
    width, height = canvas.get_width_height()
    return Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")


def _encode(picture, fmt):
    """A Pillow RGB image as PNG or JPEG bytes. PNG: compression level 1, a tenth larger than savefig's, in
    half the time. JPEG: JPEG_QUALITY, every pixel's colour kept (no chroma subsampling, which would blur the
    coloured lines and text)."""
    out = io.BytesIO()
    if fmt == "png":
        picture.save(out, format="png", compress_level=1)
    else:
        picture.save(out, format="jpeg", quality=JPEG_QUALITY, subsampling=0)
    return out.getvalue()


def _png(canvas):
    """The canvas as PNG bytes (benchmarks/bench_playground.py times it)."""
    return _encode(_rgb(canvas), "png")


def log_limits(current, lo, hi, below, above):
    """Limits for a log axis that shows the values from `lo` to `hi`: `current` while they fit in it and it
    is at most 1.5 times as wide (in decades) as new limits would be; else new ones, `below` and `above`
    decades beyond the values (at least a thousandth of a decade: a single value needs some room)."""
    below, above = max(below, 1e-3), max(above, 1e-3)
    if current is not None and current[0] <= lo and hi <= current[1]:
        if np.log10(current[1] / current[0]) <= 1.5 * (np.log10(hi / lo) + below + above):
            return current
    return lo / 10**below, hi * 10**above


def log_ticks(lo, hi, most=6):
    """Tick values for a log axis from `lo` to `hi`, so that a reader always finds at least two values on it:
    the powers of ten, or else 1-2-5 in each decade, or else 1…9, whichever first gives three (a loss moving
    inside one decade — 0.7 down to 0.2 — shows no power of ten at all); at most `most` of them, thinned
    evenly; for a range too narrow for 1…9, two rounded values inside it."""
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 < lo < hi):
        return []
    first, last = int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi)))
    for mantissas in ((1,), (1, 2, 5), range(1, 10)):
        ticks = [v for e in range(first, last + 1) for m in mantissas if lo <= (v := float(f"{m}e{e}")) <= hi]
        if len(ticks) >= 3:
            break
    digits = 2
    while len(ticks) < 2 and digits <= 6:  # round two inner points to as few digits as keep them apart
        rounded = (float(f"{v:.{digits}g}") for v in np.geomspace(lo, hi, 4)[1:3])
        ticks = sorted({r for r in rounded if lo <= r <= hi})
        digits += 1
    return ticks[:: -(-len(ticks) // most)]


def _label_log_axis(ax):
    """Put `log_ticks` on `ax`'s y axis, each labelled with its plain value ("0.2", "1e-6")."""
    ticks = log_ticks(*ax.get_ylim())
    ax.set_yticks(ticks, [f"{v:g}".replace("e-0", "e-").replace("e+0", "e") for v in ticks])
