"""The base of every "Try it" widget: controls that call `update` and redraw into an Output.

Each widget is a class whose `update(**settings)` does the work and returns a one-line summary, so tests
and headless runs (nbval, HTML export) can drive it without a browser; `.ui` is the ipywidgets box a
notebook displays (showing the widget object itself displays it). Figures are plain matplotlib Figures
drawn into an `Output` widget. Displaying a widget also carries a PNG of its figure (`ShowsPicture`), for
readers without a live kernel. A setting that makes no sense, or a run that diverges, shows a message
where the plot would be instead of a traceback.

Every way in checks what it is given and answers a slip with a one-line `ConfigError` naming the fix:
`set(...)` checks each value against its control (a menu's choices, a slider's range — a slider would
otherwise clamp 100 to its maximum without a word), and each `update` checks its own arguments, since a
notebook cell may pass values no control offers.

Every callback a widget gives its controls (observe, on_click) goes through `guarded`: an error in one is
shown in the widget, in one line, not only in the kernel's log (where the traceback of a callback the
browser triggered goes) nor as a traceback under the cell that changed a control.
"""

import base64
import functools
import html
import io

import ipywidgets as W
import numpy as np

from ...errors import ConfigError, CourseError, finite_number, one_of, true_or_false, whole_number
from ...i18n import _
from ...notebook import show_figures_inline


def finite_array(value, name, where, ndim=None):
    """`value` as a float64 array of finite numbers (with `ndim` axes if given), else ConfigError naming
    the fix."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ConfigError(
            _("{where}: {name} must be an array of numbers, got {type}").format(
                where=where, name=name, type=type(value).__name__
            )
        ) from None
    if ndim is not None and array.ndim != ndim:
        message = (
            _("{where}: {name} must have {ndim} axes, got shape {shape}")
            if ndim > 1
            else _("{where}: {name} must have {ndim} axis, got shape {shape}")
        )
        raise ConfigError(message.format(where=where, name=name, ndim=ndim, shape=array.shape))
    if not np.all(np.isfinite(array)):
        raise ConfigError(
            _("{where}: {name} must hold finite numbers only, and has NaN or inf").format(
                where=where, name=name
            )
        )
    return array


def one_line(error, where):
    """What a widget shows for an error in one of its callbacks, without the ✗: a CourseError's own message;
    for ■, that it stopped; for anything else (an error the widget did not expect), its type and message.
    On one line of at most 300 characters."""
    if isinstance(error, CourseError):
        text = str(error)
    elif isinstance(error, KeyboardInterrupt):
        text = _("{where}: stopped (■) before it finished; change a control to go on").format(where=where)
    else:
        text = _("{where}: unexpected {type}: {error}").format(
            where=where, type=type(error).__name__, error=error
        )
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:299] + "…"


def guarded(callback, say, where):
    """`callback`, made fit to be a widget's callback (for observe or on_click): whatever it raises (■ too)
    is passed to `say` as `one_line(error, where)`, for the widget to show where its output goes, and the
    callback returns None. The one wrapper every widget's callbacks go through."""

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except (Exception, KeyboardInterrupt) as error:
            say(one_line(error, where))

    return run


def figure_png(fig):
    """PNG bytes of a matplotlib Figure, in one draw. The widgets' figures lay themselves out (constrained
    layout), so the inline backend's tight bounding box would only cost a second draw, most of a change's
    wait (benchmarks/README.md)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def run_this_cell():
    """The line the fallback picture shows where the live widget was, in the learner's language."""
    return _("Run this cell to get the interactive widget")


# CSS classes: LIVE_CLASS on every live widget view (its ui's DOM class), FALLBACK_CLASS on the picture
# shown in its place when its model is gone
LIVE_CLASS = "course-widget-live"  # i18n: not shown (a CSS class)
FALLBACK_CLASS = "course-widget-fallback"  # i18n: not shown (a CSS class)
FALLBACK_METADATA = {"course": "widget fallback"}  # marks that output, for the handouts to leave out
# The fallback hides while a live view of a course widget is in the same cell. The rule travels with the
# fallback (an HTML output), and keys on the class only a live view has: once the page is reloaded, or the
# notebook reopened, the widget's model is gone, no view has that class, and the fallback shows.
# Once the model is gone, JupyterLab also writes "Error displaying widget: model not found" in the widget's
# own output (a node it gives the class jupyter-widgets): the second rule hides that where the fallback
# stands in for it, and never a live view.
FALLBACK_STYLE = (
    f".jp-Cell:has(.{LIVE_CLASS}) .jp-OutputArea-child:has(.{FALLBACK_CLASS}) "  # i18n: not shown (CSS)
    "{ display: none; } "
    f".jp-Cell:has(.{FALLBACK_CLASS}) .jp-OutputArea-child:has(.jupyter-widgets)"
    f":not(:has(.{LIVE_CLASS})):not(:has(.{FALLBACK_CLASS})) {{ display: none; }}"
)


def stamp_diverged(ax):
    """Write "diverged" in red across the middle of a loss panel: the curve stops where the run blew up,
    and a reader should not take its last point for where training ended."""
    ax.text(0.5, 0.5, "diverged", transform=ax.transAxes, ha="center", color="crimson", fontsize="x-large")


def play_buttons(what, **settings):
    """An `ipywidgets.Play` (▶ ■) whose buttons say what they do: `what` is what ▶ does, e.g. "step
    through the passes". ▶ turns into a pause button while it plays (ipywidgets 8 has one button for both).
    Without the 🔁 button: looping back to the start unasked is no use in a lesson, and a button that seems
    to do nothing is worse than none. (The Play widget's buttons are drawn in JavaScript without a title of
    their own, so the tooltip is the widget's, shown over each of them.)"""
    tooltip = _("▶ {what} (again: pause) · ■ back to the start").format(what=what)
    return W.Play(show_repeat=False, tooltip=tooltip, **settings)


def with_caption(play):
    """An HBox of `play` and its tooltip as small grey text beside it. JupyterLab's Play view puts the
    tooltip on no element (a walkthrough found no title to hover over): what the icons do is written out."""
    caption = W.HTML(
        f'<small style="color:#555">{html.escape(play.tooltip)}</small>',  # i18n: not shown (HTML)
        layout=W.Layout(margin="0 8px 0 4px"),
    )
    return W.HBox([play, caption], layout=W.Layout(align_items="center", width="auto"))


class ShowsPicture:
    """What every displayable widget of the course shares: its display output holds the live widget and a
    PNG of its current picture, and JupyterLab shows that picture with a line saying to run the cell once
    the live widget has gone.

    A widget lives only in JavaScript: exported HTML, nbviewer and GitHub show an empty placeholder where it
    was. So the display output is one bundle with both the widget view (`self.ui`'s) and `image/png`.
    JupyterLab's widget manager ranks the widget view first, so a cell run in the session shows the live
    widget; a reader without the widget manager, or a notebook opened with untrusted outputs, shows the PNG.
    The PNG is the picture at the moment of display: later changes to the controls do not update it.

    JupyterLab itself never falls back to the PNG: after a reload or a restart it finds no model for the
    saved view and writes "Error displaying widget: model not found" in its place. So displaying a widget in
    a kernel also sends, just before the bundle, an HTML output (`fallback_html`): the picture and "Run this
    cell to get the interactive widget", hidden by its own CSS rule while a live view sits in the same cell.

    A subclass has `ui` (the ipywidgets box), `summary` (its one-line state, the bundle's plain text) and
    `picture_png()` (PNG bytes, or None when there is nothing to draw).
    """

    def picture_png(self):
        raise NotImplementedError

    def _repr_mimebundle_(self, include=None, exclude=None):
        self.ui.add_class(LIVE_CLASS)
        bundle = self.ui._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = f"{self.where}: {self.summary}"
        png = self.picture_png()
        if png is not None:
            bundle["image/png"] = base64.b64encode(png).decode("ascii")  # as IPython sends any PNG
        self._show_fallback(png)
        return bundle

    def fallback_html(self, png):
        """The HTML shown where the widget was once its model is gone: its picture (PNG bytes, or None) and
        run_this_cell(), with the rule that hides it beside a live view."""
        where = html.escape(self.where)
        data = None if png is None else base64.b64encode(png).decode("ascii")
        alt = _("{where}, first picture").format(where=where)
        image = f'<img src="data:image/png;base64,{data}" alt="{alt}"><br>'  # i18n: not shown (HTML)
        picture = image if data else ""
        note = _("({where}: its first picture, before any control was moved)").format(where=where)
        return (
            f'<style>{FALLBACK_STYLE}</style><div class="{FALLBACK_CLASS}">{picture}'  # i18n: not shown
            f"<b>▶ {run_this_cell()}</b> {note}</div>"
        )

    def _show_fallback(self, png):
        """Send the fallback as its own output, in a kernel only (a formatter called elsewhere, e.g. by a
        test, sends nothing)."""
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is None:
            return
        display(
            {"text/html": self.fallback_html(png), "text/plain": f"{self.where}: {run_this_cell()}"},
            raw=True,
            metadata=FALLBACK_METADATA,
        )


class Explorer(ShowsPicture):
    """Base: builds the controls, calls `update` whenever one changes, shows the figure in `self.out`.

    A slider redraws when it is let go, not at every value it passes while dragged: most updates take a
    good part of a second, so a redraw per value would queue up and the figure would lag behind the slider.
    An explorer whose update is fast enough to follow a drag says so with `follows_drag = True`."""

    follows_drag = False

    def __init__(self, controls):
        self.controls = controls
        for c in controls.values():
            if hasattr(c, "continuous_update"):
                c.continuous_update = self.follows_drag
        self.out = W.Output()
        self.fig, self.summary, self._png = None, None, None
        self._holding = False  # True while set() changes several controls, so it redraws once
        on_change = guarded(self._on_change, self._fail, self.where)
        for c in controls.values():
            c.observe(on_change, names="value")
        # Shown while a change is computed: the kernel sends it before the work starts, so an explorer that
        # trains a network for a second says it is busy instead of looking stuck (a fixed width, so the
        # controls do not move when it appears).
        self.status = W.HTML("", layout=W.Layout(width="7em"))
        self.ui = W.VBox(
            [W.HBox(list(controls.values()) + [self.status], layout=W.Layout(flex_flow="row wrap")), self.out]
        )

    @property
    def where(self):
        """The widget's name, which starts each of its messages."""
        return type(self).__name__

    def settings(self):
        return {name: c.value for name, c in self.controls.items()}

    def divergence_advice(self, lr, clipped=True):
        """What a run that diverged in this widget should do (the `advice` of `course_lib.train.runaway`).
        Every change of a control builds a fresh model, so there is no cell to run again: lower the learning
        rate control, or, where the widget has a clipping checkbox ("clip") that is not ticked, tick it."""
        slider = self.controls["lr"].description
        if "clip" in self.controls and not clipped:
            return _("lower the {slider} slider (now {lr:.3g}), or tick '{box}'").format(
                slider=slider, lr=lr, box=self.controls["clip"].description
            )
        return _("lower the {slider} slider (now {lr:.3g})").format(slider=slider, lr=lr)

    def _control_value(self, name, value):
        """`value` if control `name` can show it, else ConfigError: a menu's choices, a slider's range."""
        c, where = self.controls[name], self.where
        if hasattr(c, "options"):  # Dropdown, ToggleButtons, SelectionSlider
            choices = [o[1] if isinstance(o, tuple) else o for o in c.options]
            if isinstance(value, np.ndarray) and value.ndim:  # `in` would compare element by element
                value = tuple(value)
            # True == 1, but no choice
            if isinstance(value, bool) and not any(isinstance(o, bool) for o in choices):
                raise ConfigError(
                    _("{where}: {name} must be one of {choices}, got {value}").format(
                        where=where, name=name, choices=", ".join(map(repr, choices)), value=repr(value)
                    )
                )
            return one_of(value, name, choices, where)
        if isinstance(c, (W.Checkbox, W.ToggleButton)):
            return true_or_false(value, name, where)
        if isinstance(c, W.IntSlider):
            return whole_number(value, name, c.min, c.max, where)
        if isinstance(c, W.FloatLogSlider):
            lo, hi = c.base**c.min, c.base**c.max
            return finite_number(value, name, where, lo * (1 - 1e-9), hi * (1 + 1e-9))
        if isinstance(c, W.FloatSlider):
            return finite_number(value, name, where, c.min, c.max)
        return value

    def _on_change(self, _change):
        if not self._holding:
            self.refresh()

    def set(self, **values):
        """Set several controls at once and redraw once (how a notebook cell shows a chosen setting);
        returns the summary. Every value is checked before any control changes: a refused `set` changes
        nothing."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ConfigError(
                _("{where}: no control called {unknown}; the controls are {controls}").format(
                    where=self.where, unknown=", ".join(sorted(unknown)), controls=", ".join(self.controls)
                )
            )
        values = {name: self._control_value(name, value) for name, value in values.items()}
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        return self.refresh()

    def refresh(self):
        """Recompute with the current control values and redraw."""
        from IPython.display import Image, display

        show_figures_inline()
        self.status.value = "<i>" + _("computing…") + "</i>"
        try:
            self.summary = self.update(**self.settings())
        except CourseError as e:  # a nonsense setting: say so where the plot would be
            return self._fail(str(e))
        finally:
            self.status.value = ""
        self._png = None if self.fig is None else figure_png(self.fig)  # drawn once, shown twice
        with self.out:
            self.out.clear_output(wait=True)
            if self._png is not None:
                display(Image(data=self._png))
            print(self.summary)
        return self.summary

    def _fail(self, message):
        """Show `message` (one line) with a ✗ where the plot would be, instead of the plot; returns it."""
        self.summary, self.fig, self._png = f"✗ {message}", None, None
        self.status.value = ""
        with self.out:
            self.out.clear_output(wait=True)
            print(self.summary)
        return self.summary

    def picture_png(self):
        return self._png

    def _repr_mimebundle_(self, include=None, exclude=None):
        self.refresh()  # draw the figure for the current controls before showing it
        return super()._repr_mimebundle_(include=include, exclude=exclude)
