"""Draw a letter (or load a picture of one) and watch a trained network's top-3 guesses (chapter 5).

The homework of the letters lab that chapters 4 and 5 follow: use the trained network on real letter
pictures. `DrawLetter(model)` shows a 17×17 grid to paint with the mouse (`PaintGrid`, a small anywidget:
the painting happens in the browser, the cells reach Python as they change), "load a picture" for any
small image file, and beside them what the network sees (the picture made white-on-black, 12 px tall and
top-left, by `datasets.pictures.to_letter_image`) and its three best guesses with their probabilities.

Headless (tests, nbval, a notebook cell): `draw(picture)` and `load(data, name)` do what the mouse and
the upload button do; each returns the one-line summary also shown under the guesses. Displaying the widget
also carries a PNG of the grid, what the network sees and the guesses (`ShowsPicture`), for a reader without
a live kernel; while the grid is still blank, as when the cell that makes the widget runs, that picture shows
the first of the hand-drawn letters (`datasets.pictures.HAND_DRAWN`) and the network's guesses for it, so a
handout shows the widget at work rather than an empty grid.
"""

import html
import io
from pathlib import Path

import anywidget
import ipywidgets as W
import numpy as np
import traitlets
from matplotlib.figure import Figure

from ...datasets.letters import LETTERS, SIZE, generate_letters
from ...datasets.pictures import hand_drawn, read_picture, to_letter_image
from ...errors import ConfigError, CourseError, DataError
from ...i18n import _
from .base import ShowsPicture, figure_png, guarded


class PaintGrid(anywidget.AnyWidget):
    """A size × size grid of 0/1 cells painted in the browser; `pixels` holds them row by row."""

    _esm = Path(__file__).with_name("paint_grid.js")  # i18n: not shown (a file name)
    size = traitlets.Int(SIZE).tag(sync=True)
    cell_px = traitlets.Int(16).tag(sync=True)
    pixels = traitlets.List(traitlets.Int(), default_value=[0] * SIZE * SIZE).tag(sync=True)
    erasing = traitlets.Bool(False).tag(sync=True)  # the left button erases instead of painting

    @traitlets.validate("pixels")
    def _valid_pixels(self, proposal):
        value = proposal["value"]
        if len(value) != self.size**2 or any(v not in (0, 1) for v in value):
            raise traitlets.TraitError(_("pixels must be {n} values, each 0 or 1").format(n=self.size**2))
        return value


def top3_line(top):
    """[(letter, probability)] × 3 as "A 0.91, H 0.05, R 0.01"."""
    return ", ".join(f"{letter} {p:.2f}" for letter, p in top)


def _png(image, scale=6):
    """PNG bytes of a (17, 17) {0, 1} image, each pixel a scale × scale block (for an ipywidgets Image)."""
    from PIL import Image

    big = np.kron(np.asarray(image).reshape(SIZE, SIZE), np.ones((scale, scale))) * 255
    buffer = io.BytesIO()
    Image.fromarray(big.astype(np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


class DrawLetter(ShowsPicture):
    """Paint a letter, or load a picture of one, and read the network's three best guesses.

    Args:
        model: a trained letters network, (N, 289) → (N, 26), e.g. chapter 5's `soft.model`. If it ends
            in a Linear layer its outputs are logits and the guesses are softmax probabilities; if it ends
            in an activation (26 sigmoids), each output is divided by their sum.
    """

    where = "DrawLetter"

    def __init__(self, model, seed=0):
        try:
            out = np.asarray(model.forward(np.zeros((1, SIZE * SIZE), np.float32)))
        except Exception:  # anything but a network: say what is wanted
            out = None
        if out is None or out.shape != (1, len(LETTERS)):
            raise ConfigError(
                _(
                    "{where}: model must be a letters network taking 289 inputs and giving "
                    "26 outputs, e.g. DrawLetter(soft.model); got {type}"
                ).format(where=self.where, type=type(model).__name__)
            )
        self._finite_outputs(out)
        self.model = model
        self.logits = bool(getattr(model.layers[-1], "params", None)) if hasattr(model, "layers") else True
        self.rng = np.random.default_rng(seed)
        self.grid = PaintGrid()
        self.seen = W.Image(
            format="png",
            value=_png(np.zeros(SIZE * SIZE)),
            width=102,
            height=102,
            layout=W.Layout(border="3px solid #888"),
        )  # white ink at the edge stays visible
        self.guesses = W.HTML()
        self.guesses.add_class("course-guesses")  # for the browser test
        self.clear_button = W.Button(
            description=_("clear"),
            icon="trash",
            layout=W.Layout(width="90px"),
            tooltip=_("blank the grid, to paint a letter of your own"),
        )
        self.example_button = W.Button(
            description=_("a letter"),
            icon="random",
            layout=W.Layout(width="110px"),
            tooltip=_("paint one of the generated letters, to start from"),
        )
        self.upload = W.FileUpload(
            accept="image/*",
            multiple=False,
            description=_("load a picture"),
            layout=W.Layout(width="150px"),
            tooltip=_("a picture of one capital letter: shrunk to the grid"),
        )
        self.erase_toggle = W.ToggleButton(
            description=_("erase"),
            icon="eraser",
            layout=W.Layout(width="90px"),
            tooltip=_("on: dragging erases (the right button always does)"),
        )
        W.link((self.erase_toggle, "value"), (self.grid, "erasing"))
        guard = lambda callback: guarded(callback, self._fail, self.where)  # noqa: E731
        self._redraw = guard(self._show)
        self.clear_button.on_click(guard(lambda _: self.draw(np.zeros((SIZE, SIZE)))))
        self.example_button.on_click(guard(lambda _: self.draw(generate_letters(1, self.rng)[0][0])))
        self.upload.observe(guard(self._on_upload), names="value")
        self.grid.observe(guard(lambda _: self._show()), names="pixels")
        right = W.VBox(
            [
                W.HTML("<b>" + _("what the network sees") + "</b>"),
                self.seen,
                W.HTML("<b>" + _("its three best guesses") + "</b>"),
                self.guesses,
            ],
            layout=W.Layout(margin="0 0 0 16px", width="260px"),
        )
        buttons = W.HBox([self.erase_toggle, self.clear_button, self.example_button, self.upload])
        self.ui = W.VBox([W.HBox([self.grid, right]), buttons])
        self.summary = None
        self._redraw()

    # -- what the mouse and the upload button do -------------------------------------------------------
    def draw(self, picture):
        """Put a picture on the grid: a 17×17 drawing (0/1) as it is, anything else made into the
        network's input first. Returns the summary."""
        try:
            array = np.asarray(picture, dtype=np.float64)
        except (TypeError, ValueError):
            array = None
        if array is not None and array.size == SIZE * SIZE and set(np.unique(array)) <= {0.0, 1.0}:
            cells = array.reshape(-1)
        else:
            try:
                cells = to_letter_image(picture, where=self.where)
            except CourseError as e:
                return self._say(f"✗ {e}")
        cells = [int(v) for v in cells]
        if cells == self.grid.pixels:
            self._redraw()  # unchanged: no observer call, so redraw here
        else:
            self.grid.pixels = cells  # the observer redraws the guesses
        return self.summary

    def load(self, data, name=None):
        """Read an image file's bytes (PNG, JPEG, …) and put what the network sees on the grid; `name` (the
        file's) starts the messages about it."""
        name = _("the picture") if name is None else name
        try:
            picture = read_picture(data, name)
            cells = to_letter_image(picture, where=f"{self.where}: {name}")
        except CourseError as e:
            return self._say(f"✗ {e}")
        return self.draw(cells.reshape(SIZE, SIZE))

    def _on_upload(self, change):
        files = change["new"]
        if not files:
            return
        self.load(files[0]["content"], files[0]["name"])
        self.upload.value = ()  # the same file can be loaded again

    # -- guesses ----------------------------------------------------------------------------------
    def probabilities(self, x):
        """(26,) the network's probability for each letter, given its (289,) input x."""
        out = self._finite_outputs(
            np.asarray(self.model.forward(np.asarray(x, np.float32)[None]), np.float64)[0]
        )
        if self.logits:
            p = np.exp(out - out.max())
        else:
            p = np.clip(out, 0, None) + 1e-12
        return p / p.sum()

    def _finite_outputs(self, out):
        """`out`, the network's outputs, unless they hold NaN or inf (its weights do, after a diverged
        training): then a one-line ConfigError naming the fix."""
        if not np.all(np.isfinite(out)):
            raise ConfigError(
                _(
                    "{where}: the network's outputs are NaN or inf, so it has no guesses: "
                    "its weights are broken (did its training diverge?); train it again, or load a "
                    "saved one"
                ).format(where=self.where)
            )
        return out

    def _seen_and_top3(self, cells=None):
        """What the network sees, (289,) or None for a blank grid, and [(letter, probability)] × 3, for the
        (289,) 0/1 `cells` (default: the grid's)."""
        cells = np.array(self.grid.pixels if cells is None else cells, np.float32)
        if not cells.any():
            return None, []
        if cells.all():  # ink everywhere is no letter (to_letter_image: "a single colour")
            raise DataError(
                _(
                    "{where}: every cell is painted, which is no letter: press clear (or erase "
                    "some cells) and paint a capital letter"
                ).format(where=self.where)
            )
        x = to_letter_image(cells.reshape(SIZE, SIZE), where=self.where)
        p = self.probabilities(x)
        return x, [(LETTERS[k], float(p[k])) for k in np.argsort(-p)[:3]]

    def top3(self):
        """[(letter, probability)] × 3 for what is on the grid, best first; [] if the grid is blank."""
        return self._seen_and_top3()[1]

    def _show(self):
        x, top = self._seen_and_top3()
        self.seen.value = _png(np.zeros(SIZE * SIZE) if x is None else x)
        if x is None:
            return self._say(
                _(
                    "paint a capital letter on the grid (drag with the mouse; the right button "
                    "erases), or load a picture"
                )
            )
        rows = "".join(
            f'<div style="display:flex;align-items:center;gap:6px;font-size:15px">'  # i18n: not shown (HTML)
            f'<b style="width:1.2em">{letter}</b>'
            f'<div style="background:#4a7fc1;height:12px;width:{max(1, round(150 * p))}px"></div>'
            f"<span>{p:.0%}</span></div>"
            for letter, p in top
        )
        self.summary = _("top 3: {guesses}").format(guesses=top3_line(top))
        self.guesses.value = rows
        return self.summary

    def _say(self, message):
        self.summary = message
        self.guesses.value = f'<div style="max-width:250px">{html.escape(message)}</div>'  # i18n: not shown
        return message

    def _fail(self, message):
        """An error in a callback (see base.guarded): its line where the guesses were, and no picture of what
        the network sees, so that nothing stale is left."""
        self.seen.value = _png(np.zeros(SIZE * SIZE))
        return self._say(f"✗ {message}")

    def picture_png(self):
        """The grid as painted, what the network sees and its three best guesses, side by side.

        A blank grid (the widget as its cell first shows it) would make an empty picture, so the picture then
        shows the first hand-drawn letter instead, says so in its title, and leaves the grid blank."""
        cells, caption = np.asarray(self.grid.pixels), self.summary
        if not cells.any():
            drawings, labels = hand_drawn()
            cells = drawings[0].reshape(-1)
            caption = (
                f"an example: a hand-drawn {LETTERS[labels[0]]} and the network's guesses "  # i18n: not shown
                "(run the notebook to draw your own)"
            )
        try:
            x, top = self._seen_and_top3(cells)
        except CourseError:  # the widget's line (the summary) says what is wrong, in the learner's language;
            x, top = (
                None,
                [],
            )  # figure text stays English (a Chinese caption could draw as boxes without a CJK font)
            caption = "no guesses: the line beside the grid says why"  # i18n: not shown (figure text)
        if top and np.asarray(self.grid.pixels).any():
            caption = "top 3: " + top3_line(top)  # figure text: English, like the figure's titles
        fig = Figure(figsize=(6.6, 2.6), layout="constrained")
        painted, seen, bars = fig.subplots(1, 3, width_ratios=[1, 1, 1.2])
        painted.imshow(cells.reshape(SIZE, SIZE), cmap="gray_r", vmin=0, vmax=1)
        seen.imshow(
            np.zeros((SIZE, SIZE)) if x is None else x.reshape(SIZE, SIZE), cmap="gray", vmin=0, vmax=1
        )
        painted.set_title("the grid", fontsize="small")
        seen.set_title("what the network sees", fontsize="small")
        for ax in (painted, seen):
            ax.set(xticks=[], yticks=[])
            ax.spines[:].set_visible(True)  # a frame round the grid, whatever style a notebook set
        # the guesses as the live widget shows them: one bar per letter, best on top, with its probability
        letters, probs = [t[0] for t in top][::-1], [t[1] for t in top][::-1]
        bars.barh(range(len(top)), probs, color="#4a7fc1")
        bars.set(yticks=range(len(top)), yticklabels=letters, xlim=(0, 1.25), xticks=[])
        for k, p in enumerate(probs):
            bars.text(p + 0.03, k, f"{p:.0%}", va="center", fontsize="small")
        bars.set_title("its three best guesses", fontsize="small")
        bars.spines[["top", "right", "bottom"]].set_visible(False)
        bars.grid(False)
        fig.suptitle(caption, fontsize="small", wrap=True)
        return figure_png(fig)
