"""Live training curves: several named runs on one figure, redrawn in place while they train.

    plot = LivePlot(title="deep net, two losses").show()
    Trainer(..., callbacks=[plot.watch("quadratic")]).fit(20)
    Trainer(..., callbacks=[plot.watch("cross-entropy")]).fit(20)
    plot.close()

Left panel: training loss per step (x in epochs, log scale, each run in its own loss's units).
Right panel: validation accuracy after each epoch.

How it stays live in JupyterLab and still works headless (nbval, HTML export): the figure is a plain
`matplotlib.figure.Figure` (not pyplot, so the inline backend never shows a stale copy), displayed once
with a display handle; `handle.update(fig)` replaces the image in place — no `clear_output` flicker.
Redraws run on a clock, from the training's step callback: the first step that ends `min_interval`
(1 s) after the last redraw began draws again, so the picture moves at least once a second however long an
epoch takes (a busy machine's epoch can take 5 s), unless a redraw itself is slow: the next one then waits
DRAW_SHARE times as long as the last took, which keeps drawing under 1/DRAW_SHARE of the time. A redraw
is kept cheap: one PNG drawn by Agg without the constrained-layout pass (the layout is redone only when a
tick changes, which is what moves the margins), several times faster than with IPython's tight bounding
box, which draws the figure twice (benchmarks/README.md).
"""

import io
import time

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import is_color_like
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.ticker import AutoLocator, MaxNLocator

from ..errors import ConfigError, one_of, positive_number, true_or_false
from ..i18n import _
from ..notebook import show_figures_inline
from ..train import Callback

HEADROOM = 0.04  # share of the accuracy range shown above its top: room for a marker at 1.0
DRAW_SHARE = 5  # a redraw that took t seconds waits at least DRAW_SHARE·t before the next
MIN_DECADES = 0.5  # the loss axis spans at least 10^0.5 ≈ 3×: one value alone gets readable ticks


class _TicksUpTo(AutoLocator):
    """Matplotlib's usual ticks, none above `top` (the headroom above an accuracy of 1 gets no 1.2)."""

    def __init__(self, top):
        super().__init__()
        self.top = top

    def tick_values(self, vmin, vmax):
        ticks = super().tick_values(vmin, vmax)
        return ticks[ticks <= self.top + 1e-9 * max(1.0, abs(self.top))]


class LivePlot:
    """Loss and validation-accuracy curves for named runs.

    Args:
        title: figure title.
        min_interval: seconds between redraws while training (the last state is always drawn).
        figsize: inches.
        acc_ylim: y-range of the accuracy panel; the panel shows a little more above it (HEADROOM of the
            range), so that a point at the top (an accuracy of 1) is drawn whole, with no tick above it.
        show_accuracy: False for regression or runs without a validation set (one panel).
        xlabel: what one unit of the x-axis is ("epoch", or e.g. "round" when every epoch has fresh data).
        legend_loc: None: the legend goes below the panels; or a matplotlib `loc` inside the (accuracy) panel.
    """

    def __init__(
        self,
        title=None,
        min_interval=1.0,
        figsize=None,
        acc_ylim=(0, 1),
        show_accuracy=True,
        xlabel="epoch",
        legend_loc=None,
    ):
        where = "LivePlot"
        show_accuracy = true_or_false(show_accuracy, "show_accuracy", where)
        min_interval = positive_number(
            min_interval, _("min_interval (seconds between redraws)"), where, allow_zero=True
        )
        if legend_loc is not None:
            one_of(legend_loc, "legend_loc", tuple(Legend.codes), where)
        figsize = figsize or ((10, 3.6) if show_accuracy else (6, 3.6))
        try:
            ok = len(figsize) == 2 and all(positive_number(v, "figsize") for v in figsize)
        except (TypeError, ConfigError):
            ok = False
        if not ok:
            raise ConfigError(
                _("{where}: figsize must be (width, height) in inches, e.g. (10, 3.6), got {figsize}").format(
                    where=where, figsize=repr(figsize)
                )
            )
        self.fig = Figure(figsize=figsize, layout="constrained")
        self._canvas = FigureCanvasAgg(self.fig)
        if show_accuracy:
            self.ax_loss, self.ax_acc = self.fig.subplots(1, 2)
            low, high = acc_ylim
            self.ax_acc.set(
                xlabel=xlabel, ylabel="validation accuracy", ylim=(low, high + HEADROOM * (high - low))
            )
            self.ax_acc.yaxis.set_major_locator(_TicksUpTo(high))
        else:  # regression, or no validation set: the loss alone
            self.ax_loss, self.ax_acc = self.fig.subplots(), None
        if title:
            self.fig.suptitle(title)
        self.ax_loss.set(xlabel=xlabel, ylabel="training loss (per step)", yscale="log")  # i18n: not shown
        for ax in (self.ax_loss, self.ax_acc):
            if ax is not None:  # whole epochs (or rounds) on the x axis, never 2.5
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        for ax in (self.ax_loss, self.ax_acc):
            if ax is not None:  # before any data: epochs 0 to 1, not matplotlib's ±0.05
                ax.set_xlim(0, 1)
        self.ax_loss.set_ylim(0.1, 10, auto=True)  # until the first loss; autoscaled from then on
        self.legend_loc = legend_loc
        self.min_interval = min_interval
        self.runs = {}
        self.handle = None
        self.png = None  # the last picture drawn (PNG bytes), what the handle shows
        self._next_draw = 0.0
        self._laid_out_for = None  # the ticks the layout was last computed for

    def show(self):
        """Display the (empty) figure and keep a handle to update it; returns self."""
        try:
            from IPython.display import Image, display

            show_figures_inline()
            self.handle = display(Image(data=self._render(layout=True)), display_id=True)
        except ImportError:
            self.handle = None
        return self

    def watch(self, name, color=None, linestyle="-"):
        """A callback that draws the run `name`; pass it to `Trainer(callbacks=[...])`."""
        old = self.runs.pop(name, None)
        if old is not None:  # the same run watched again (a cell run twice): replace its lines
            color = color or old["loss"].get_color()
            for line in (old["loss"], old["acc"]):
                if line is not None:
                    line.remove()
        color = color or f"C{len(self.runs)}"
        if not is_color_like(color):
            raise ConfigError(
                _("LivePlot.watch: {color} is not a colour: use a name such as 'tab:red', or 'C0'").format(
                    color=repr(color)
                )
            )
        one_of(
            linestyle,
            "linestyle",
            ("-", "--", "-.", ":", "solid", "dashed", "dashdot", "dotted"),
            "LivePlot.watch",
        )
        (loss_line,) = self.ax_loss.plot([], [], color=color, ls=linestyle, lw=1, label=name)
        acc_line = (
            self.ax_acc.plot([], [], marker="o", ls=linestyle, color=color, ms=3, label=name)[0]
            if self.ax_acc
            else None
        )
        run = {"loss": loss_line, "acc": acc_line, "history": None}
        self.runs[name] = {**run, "steps_per_epoch": 1}  # i18n: not shown (a key)
        self._legend()
        return _Watcher(self, name)

    def _legend(self):
        """One legend for both panels, below them, where no curve can run under it (inside a panel, some run
        always ends where the legend sits); inside the panel at `legend_loc` if one was asked for."""
        for legend in self.fig.legends:
            legend.remove()
        for ax in filter(None, (self.ax_loss, self.ax_acc)):
            if ax.get_legend():
                ax.get_legend().remove()
        if self.legend_loc:
            (self.ax_acc or self.ax_loss).legend(loc=self.legend_loc)
        else:
            self.fig.legend(
                handles=[run["loss"] for run in self.runs.values()],
                loc="outside lower center",
                ncols=min(len(self.runs), 4),
            )
        self._laid_out_for = None  # the legend takes room: lay the figure out again

    def add_trained(self, name, trainer, color=None, linestyle="-"):
        """Draw a run trained earlier, its whole history at once (to compare it with the runs to come)."""
        self.watch(name, color, linestyle)._sync(trainer)
        self.redraw(force=True)

    def note(self, name, text):
        """Write a message (e.g. "diverged at step 37") on the loss panel in the run's colour."""
        one_of(name, "run", tuple(self.runs), "LivePlot.note")
        run = self.runs[name]
        self.ax_loss.text(
            0.02,
            0.04 + 0.08 * list(self.runs).index(name),
            f"{name}: {text}",
            transform=self.ax_loss.transAxes,
            color=run["loss"].get_color(),
            fontsize="small",
        )
        self.redraw(force=True)

    def redraw(self, force=False):
        """Copy every run's history into its lines and refresh the displayed image (not before the clock
        says, see the module docstring, unless `force`)."""
        start = time.perf_counter()
        if not force and start < self._next_draw:
            return
        last_epoch = 1
        for run in self.runs.values():
            h = run["history"]
            if h is None or not h.steps:
                continue
            steps = np.arange(1, h.steps + 1) / run["steps_per_epoch"]  # i18n: not shown (a key)
            run["loss"].set_data(steps, h.step_loss)
            last_epoch = max(last_epoch, int(np.ceil(steps[-1] - 1e-9)))
            if run["acc"] is not None:
                run["acc"].set_data(np.arange(1, len(h.val_acc) + 1), h.val_acc)
        for ax in filter(None, (self.ax_loss, self.ax_acc)):
            ax.set_xlim(0, last_epoch)  # whole epochs: a first step at x = 0.024 gets ticks 0 and 1
        self.ax_loss.relim()
        self.ax_loss.autoscale_view(scalex=False)
        low, high = self.ax_loss.get_ylim()
        if 0 < low and np.log10(high / low) < MIN_DECADES:
            middle = np.sqrt(low * high)
            half = 10 ** (MIN_DECADES / 2)
            self.ax_loss.set_ylim(middle / half, middle * half, auto=True)
        if self.handle is not None:
            from IPython.display import Image

            self.handle.update(Image(data=self._render(layout=force)))
        took = time.perf_counter() - start
        self._next_draw = start + max(self.min_interval, DRAW_SHARE * took)

    def _render(self, layout=False):
        """The figure as PNG bytes (kept in `self.png`), in one Agg draw; the constrained layout is redone
        only if `layout` or if a tick label changed since it was last done (tick labels are what move the
        margins; between two redraws the loss's log axis rarely gains one)."""
        panels = list(filter(None, (self.ax_loss, self.ax_acc)))  # the y labels' widths set the margins,
        ticks = (
            [_tick_labels(ax.yaxis) for ax in panels],  # the x labels only by their length
            [max(map(len, sum(_tick_labels(ax.xaxis), ())), default=0) for ax in panels],
        )
        relayout = layout or ticks != self._laid_out_for
        self.fig.set_layout_engine("constrained" if relayout else "none")  # "none" keeps the last layout
        buffer = io.BytesIO()
        self._canvas.print_png(buffer)  # one draw (savefig draws twice when there is a layout engine)
        self._laid_out_for = ticks
        self.png = buffer.getvalue()
        return self.png

    def close(self):
        """Draw the final state (call it when training is over); the figure stays as the cell's output."""
        self.redraw(force=True)


def _tick_labels(axis):
    """The texts of the tick labels `axis` shows now (major and minor), without drawing the figure."""
    low, high = sorted(axis.get_view_interval())
    labels = []
    for ticker in (axis.major, axis.minor):
        locs = [v for v in ticker.locator() if low <= v <= high]
        labels.append(tuple(ticker.formatter.format_ticks(locs)))
    return tuple(labels)


class _Watcher(Callback):
    """Connects one Trainer to one named run of a LivePlot."""

    def __init__(self, plot, name):
        self.plot, self.name = plot, name

    def _sync(self, trainer):
        # linked on every event, so runs trained epoch by epoch in turn (fit(1), fit(1), …) also show
        run = self.plot.runs[self.name]
        run["history"] = trainer.history
        run["steps_per_epoch"] = trainer.steps_per_epoch  # i18n: not shown (a key)

    def on_fit_begin(self, trainer):
        self._sync(trainer)

    def on_step_end(self, trainer):
        self._sync(trainer)
        self.plot.redraw()

    def on_epoch_end(self, trainer):
        self._sync(trainer)
        self.plot.redraw()

    def on_fit_end(self, trainer):
        # not forced: runs trained one epoch at a time end a fit every epoch; close() draws the final state.
        # A stopped run (■) is drawn now: the cell's close() will not run, and the picture would stay as the
        # clock last drew it (a walkthrough saw one run missing and the other 3 epochs behind)
        self._sync(trainer)
        self.plot.redraw(force=not trainer.finished)
