"""The base of every "Try it" widget: controls that call `update` and redraw into an Output.

Each widget is a class whose `update(**settings)` does the work and returns a one-line summary, so tests
and headless runs (nbval, HTML export) can drive it without a browser; `.ui` is the ipywidgets box a
notebook displays (showing the widget object itself displays it). Figures are plain matplotlib Figures
drawn into an `Output` widget. A setting that makes no sense, or a run that diverges, shows a message
where the plot would be instead of a traceback.
"""
import ipywidgets as W

from ..errors import ConfigError, CourseError
from ..notebook import show_figures_inline


class Explorer:
    """Base: builds the controls, calls `update` whenever one changes, shows the figure in `self.out`."""

    def __init__(self, controls):
        self.controls = controls
        self.out = W.Output()
        self.fig, self.summary = None, None
        for c in controls.values():
            c.observe(self._on_change, names="value")
        self.ui = W.VBox([W.HBox(list(controls.values()), layout=W.Layout(flex_flow="row wrap")), self.out])

    def settings(self):
        return {name: c.value for name, c in self.controls.items()}

    def _on_change(self, _change):
        if not getattr(self, "_holding", False):
            self.refresh()

    def set(self, **values):
        """Set several controls at once and redraw once (how a notebook cell shows a chosen setting);
        returns the summary."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ConfigError(f"no control called {', '.join(sorted(unknown))}; the controls are {', '.join(self.controls)}")
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        return self.refresh()

    def refresh(self):
        """Recompute with the current control values and redraw."""
        from IPython.display import display
        show_figures_inline()
        try:
            self.summary = self.update(**self.settings())
        except CourseError as e:          # a nonsense setting: say so where the plot would be
            self.summary = f"✗ {e}"
            self.fig = None
        with self.out:
            self.out.clear_output(wait=True)
            if self.fig is not None:
                display(self.fig)
            print(self.summary)
        return self.summary

    def _ipython_display_(self):
        from IPython.display import display
        self.refresh()
        display(self.ui)
