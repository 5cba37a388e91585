"""From any picture of one letter to the 17×17 input the letters networks expect (notebook 05).

The networks of chapters 4–6 learned letters that are white on black, 12 px tall and start at the
top-left corner. A drawing or a photo is none of that, so `to_letter_image` makes it so:
1. grey levels: colour channels are averaged; a transparent pixel counts as background;
2. ink: the pixels on the *less common* side of the midpoint between the darkest and lightest grey (dark
   ink on light paper and light chalk on a dark board both work);
3. crop to the ink; unless it is already the size of a lab letter (12–16 px tall, at most 16 wide),
   scale it by area averaging so that it is CAP_HEIGHT = 12 px tall, its width by the same factor (at
   most 16 px: a wider letter is squeezed); a pixel is white where the ink covers at least a third of
   it, so that thin pen strokes survive;
4. a drawing with 1-px lines (over a fifth of its ink has no ink left or right) is thickened where it is
   thin, in both directions: a pixel with no ink left or right (a vertical or slanting line) also
   whitens its right neighbour, as `letters.thicken_right` widens the regular faces' strokes to the
   lab's 2–3 px; a pixel of a horizontal line with no ink above or below also whitens the pixel below
   it (above it on the letter's last row, so that the letter stays 12 px tall), as the bold face's
   bars are 2 px tall. Without the second row a wide T drawn with 1-px lines reads as a J;
5. place it at the top-left corner.
"""

import io
import warnings

import numpy as np

from ..errors import DataError, check_memory
from ..i18n import _
from .letters import CAP_HEIGHT, LETTERS, SIZE, area_weights

MAX_WIDTH = SIZE - 1  # leave the last column blank, as the lab's letters do
MAX_HEIGHT = 16  # the lab's tallest letter (Q with its tail)
COVER = 1 / 3  # ink coverage that makes a pixel white
LINE_SHARE = 0.2  # share of ink pixels with no horizontal neighbour that marks a 1-px drawing


def _grey(picture, where):
    """(H, W) float grey levels of a 2-D grey or (H, W, 3/4) colour array; a transparent background is
    replaced by the colour that contrasts with the opaque part (ink drawn on a transparent canvas)."""
    not_numbers = DataError(
        _("{where}: the picture must be an array of numbers (grey levels or RGB), got {type}").format(
            where=where, type=type(picture).__name__
        )
    )
    try:
        array = np.asarray(picture)
    except ValueError:  # rows of different lengths
        raise not_numbers from None
    # every pixel becomes a float64 grey level: say so before copying a 400-megapixel photo
    check_memory(
        array.size,
        _("the picture (shape {shape})").format(shape=array.shape),
        _("shrink it to at most a few thousand pixels a side (a 17×17 letter is made of it)"),
        where,
        itemsize=8,
        error=DataError,
    )
    try:
        array = array.astype(np.float64, copy=False)
    except (TypeError, ValueError):
        raise not_numbers from None
    if array.ndim == 3 and array.shape[2] in (3, 4):
        grey = array[..., :3].mean(axis=2)
        alpha = array[..., 3] / (array[..., 3].max() or 1) if array.shape[2] == 4 else None
        if alpha is not None and alpha.min() < 0.5 <= alpha.max():
            # a transparent background: lay the picture on the colour opposite its opaque part's
            full = 255.0 if array.max() > 1 else 1.0
            background = full - np.median(grey[alpha >= 0.5])
            grey = alpha * grey + (1 - alpha) * background
    elif array.ndim == 2:
        grey = array
    else:
        raise DataError(
            _("{where}: the picture must be 2-D (grey) or (H, W, 3 or 4) (colour), got shape {shape}").format(
                where=where, shape=array.shape
            )
        )
    if grey.size == 0 or not np.all(np.isfinite(grey)):
        raise DataError(_("{where}: the picture is empty or holds NaN / inf").format(where=where))
    return grey


def to_letter_image(picture, where="to_letter_image"):  # i18n: not shown (a function's name)
    """A picture of one letter → (289,) float32 in {0, 1}, white ink on black, 12 px tall, top-left.

    Args:
        picture: (H, W) grey levels or (H, W, 3 or 4) RGB(A), any size and range (e.g. a 17×17 drawing
            of 0s and 1s, or a photo read with `read_picture`).
    Raises DataError (one line) if the picture is not an image or has no ink (a single colour).
    """
    grey = _grey(picture, where)
    lo, hi = grey.min(), grey.max()
    if hi - lo < 1e-9:
        raise DataError(
            _("{where}: the picture is a single colour: draw or load a letter first").format(where=where)
        )
    dark = grey < (lo + hi) / 2
    ink = dark if dark.mean() <= 0.5 else ~dark
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    ink = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].astype(np.float32)
    height, width = ink.shape
    if not (CAP_HEIGHT <= height <= MAX_HEIGHT and width <= MAX_WIDTH):  # not already a lab-sized letter
        height, width = CAP_HEIGHT, int(np.clip(round(width * CAP_HEIGHT / height), 1, MAX_WIDTH))
    cover = area_weights(height, ink.shape[0]) @ ink @ area_weights(width, ink.shape[1]).T  # (SIZE, SIZE)
    letter = cover >= COVER
    sideways = np.pad(letter, ((0, 0), (1, 1)))
    lone = letter & ~sideways[:, :-2] & ~sideways[:, 2:]  # ink with no ink left or right
    if lone.sum() > LINE_SHARE * letter.sum():  # a drawing with 1-px lines, not a speck or two
        _thicken(letter, lone, sideways)
    return letter.reshape(-1).astype(np.float32)


def _thicken(letter, lone, sideways):
    """Give each pixel of a 1-px line of the (SIZE, SIZE) bool `letter` a second one (in place): right of
    it where it has no ink left or right (`lone`), below it where it lies on a horizontal line (ink left or
    right, none above or below), above it on the letter's last row. `sideways`: `letter` padded by a
    column on each side."""
    upright = np.pad(letter, ((1, 1), (0, 0)))
    flat = letter & ~upright[:-2] & ~upright[2:] & (sideways[:, :-2] | sideways[:, 2:])
    rows = np.flatnonzero(letter.any(axis=1))
    first, last = rows[0], rows[-1]
    letter[:, 1:] |= lone[:, :-1]
    if last > first:  # the last row's lines grow upwards
        letter[last - 1] |= flat[last]
        flat[last] = False
    letter[1:] |= flat[:-1]


def read_picture(data, name=None):
    """The pixels of an image file's bytes (PNG, JPEG, GIF, BMP: what Pillow, matplotlib's own image
    library, reads) as an (H, W, 4) float array in [0, 1]. Raises DataError (one line) if it is not one.
    `name` names the file in that message (by default "the picture")."""
    from PIL import Image, UnidentifiedImageError

    if name is None:
        name = _("the picture")
    try:
        with warnings.catch_warnings():  # Pillow warns from 89 megapixels on; the thumbnail below is small
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(bytes(data)))
        with img:
            img.draft("RGB", (256, 256))  # a large JPEG is decoded at a small size: we only need 17×17
            img.thumbnail((512, 512))
            return np.asarray(img.convert("RGBA"), dtype=np.float32) / 255
    except Image.DecompressionBombError:
        raise DataError(
            _(
                "{name} has more than {most:,} pixels, too many to read: "
                "shrink it to at most a few thousand pixels a side"
            ).format(name=name, most=2 * Image.MAX_IMAGE_PIXELS)
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, TypeError) as e:
        raise DataError(
            _("could not read {name} as a picture ({error}); load a PNG or JPEG file of one letter").format(
                name=name, error=type(e).__name__
            )
        ) from None


# Nine capitals as a learner might draw them on the 17×17 grid: 1-px lines, 10–14 px tall, away from the
# top-left corner. Each is (top row, left column) on the grid and the drawing, "#" for ink.
HAND_DRAWN = {
    "L": (
        (2, 3),
        """
...#........
...#........
...#........
...#........
...#........
...#........
...#........
...#........
...#........
...#........
...#........
...######...""",
    ),
    "T": (
        (1, 2),
        """
..#########.
......#.....
......#.....
......#.....
......#.....
......#.....
......#.....
......#.....
......#.....
......#.....
......#.....
......#.....
......#.....""",
    ),
    "H": (
        (1, 4),
        """
.#.......#.
.#.......#.
.#.......#.
.#.......#.
.#.......#.
.#.......#.
.#########.
.#.......#.
.#.......#.
.#.......#.
.#.......#.
.#.......#.
.#.......#.
.#.......#.""",
    ),
    "O": (
        (3, 2),
        """
....####....
...#....#...
..#......#..
.#........#.
.#........#.
.#........#.
.#........#.
.#........#.
.#........#.
..#......#..
...#....#...
....####....""",
    ),
    "A": (
        (4, 5),
        """
.....#.....
....#.#....
....#.#....
...#...#...
...#...#...
..#.....#..
..#######..
.#.......#.
.#.......#.
#.........#
#.........#
#.........#""",
    ),
    "E": (
        (2, 6),
        """
.########
.#.......
.#.......
.#.......
.#.......
.#######.
.#.......
.#.......
.#.......
.#.......
.#.......
.########""",
    ),
    "V": (
        (3, 1),
        """
#.........#
#.........#
.#.......#.
.#.......#.
..#.....#..
..#.....#..
...#...#...
...#...#...
....#.#....
....#.#....
.....#.....""",
    ),
    "X": (
        (5, 4),
        """
#........#
.#......#.
..#....#..
...#..#...
....##....
....##....
...#..#...
..#....#..
.#......#.
#........#""",
    ),
    "Z": (
        (0, 0),
        """
##########
........#.
.......#..
......#...
.....#....
....#.....
...#......
..#.......
.#........
##########""",
    ),
}


def hand_drawn():
    """The HAND_DRAWN letters as (9, 17, 17) float32 drawings (1 = ink) and their (9,) int64 labels."""
    X = np.zeros((len(HAND_DRAWN), SIZE, SIZE), np.float32)
    for k, ((top, left), art) in enumerate(HAND_DRAWN.values()):
        for r, line in enumerate(art.strip("\n").split("\n")):
            X[k, top + r, left : left + len(line)] = [ch == "#" for ch in line]
    return X, np.array([LETTERS.index(c) for c in HAND_DRAWN])
