"""IPython startup file for the projection test (tests/browser/test_notebooks_in_browser.py): note the smallest
text of every PNG matplotlib's Agg canvas writes, keyed by the PNG's SHA-256.

Every picture the course shows is a PNG from `FigureCanvasAgg.print_png` (the inline backend's figures,
the widgets' figure_png, LivePlot's) or, for the playground, from its canvas's pixels (playground._rgb
and playground._encode).
While either runs, the figure has the dpi it is printed at, so
a text of s points is s × dpi / 72 pixels in that PNG; the browser test scales this by how large the page
shows the picture. `_course_text_sizes` (in the notebook's namespace) maps the hash to the smallest size in
pixels, the text that has it, and the PNG's size.
"""

import functools
import hashlib

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

_course_text_sizes = {}


def _smallest_text(figure):
    renderer = figure.canvas.get_renderer()
    sizes = []
    for text in figure.findobj(Text):
        if not (text.get_visible() and text.get_text().strip()):
            continue
        box = text.get_window_extent(renderer)
        if box.width < 1 or box.height < 1 or not box.overlaps(figure.bbox):  # not drawn, or off the figure
            continue
        sizes.append((text.get_fontsize() * figure.dpi / 72, text.get_text().strip()[:40]))
    return min(sizes, default=(None, None))


@functools.wraps(FigureCanvasAgg.print_png)  # its signature: print_figure passes only what it takes
def _noting_print_png(self, filename_or_obj, *args, _original=FigureCanvasAgg.print_png, **kwargs):
    start = filename_or_obj.tell() if hasattr(filename_or_obj, "getvalue") else None
    result = _original(self, filename_or_obj, *args, **kwargs)
    if start is not None:
        _note(filename_or_obj.getvalue()[start:], self)
    return result


def _note(png, canvas):
    px, text = _smallest_text(canvas.figure)
    _course_text_sizes[hashlib.sha256(png).hexdigest()] = {
        "px": px,
        "text": text,
        "size": list(canvas.get_width_height()),
    }


FigureCanvasAgg.print_png = _noting_print_png

try:  # the playground encodes its pictures itself, from its canvas's pixels
    from course_lib.viz import playground as _playground
except ImportError:
    _playground = None
if _playground is not None and hasattr(_playground, "_rgb") and hasattr(_playground, "_encode"):
    # _rgb(canvas) copies the canvas into a Pillow image; _encode(image, fmt) makes the PNG or JPEG the page
    # shows (a still, a live frame, the picture shown when the widget is gone). Remember which canvas each
    # of the last few images came from, and note each encoding with that canvas's text.
    _recent = []  # [(image, canvas)], newest last

    @functools.wraps(_playground._rgb)
    def _remembering_rgb(canvas, *args, _original=_playground._rgb, **kwargs):
        picture = _original(canvas, *args, **kwargs)
        _recent.append((picture, canvas))
        del _recent[:-8]
        return picture

    @functools.wraps(_playground._encode)
    def _noting_encode(picture, *args, _original=_playground._encode, **kwargs):
        data = _original(picture, *args, **kwargs)
        # an image kept longer (a paused picture encoded when asked for) is the last canvas's, as a rule
        canvas = next((c for p, c in reversed(_recent) if p is picture), _recent[-1][1] if _recent else None)
        if canvas is not None:
            _note(data, canvas)
        return data

    _playground._rgb, _playground._encode = _remembering_rgb, _noting_encode
