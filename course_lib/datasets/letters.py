"""The letters: 17×17 black-and-white images of the 26 capital letters (notebooks 04–06).

The seed lab trained on 60 000 images of single capital letters cut from CAPTCHA-like text: a bold font
with small serifs, white on black, about 12 px tall, aligned to the top-left, 5–13 px wide, jagged
edges, a few flipped pixels, and sometimes a piece of the neighbouring character at the edge. We cannot
ship those files, so this module draws a data set with the same character from the fonts matplotlib
installs (DejaVu Serif Bold, STIX Bold, Computer Modern Bold), deterministically from a seed.

How one image is made (all vectorised over the batch):
1. *Templates*: each letter of each font is rendered once by FreeType at 4× resolution (cap height 48 px),
   anti-aliased, with its ink's top-left corner at a fixed place on a padded canvas.
2. *Pose*: every sample draws a height scale (cap height 11–13 px), a width scale, a slant (shear), a
   top-left offset of 0–1 px and an ink threshold (thin or bold strokes).
3. *Rasterise*: each output pixel samples the template at 2×2 points through that pose; the mean ink
   coverage above the threshold makes the pixel white — hence the jagged edges.
4. *Clutter*: a third of the samples get the left part of a neighbouring letter at the right edge, some
   the top of a letter of the next line at the bottom; 1 % of the pixels are flipped.

Splits: 40 000 train, 10 000 validate, 10 000 test; Q and W are three times rarer than the other letters.
The arrays are cached in `data/letters-seed{seed}.npz` (bit-packed, ~2 MB) with a sha256 beside it; a
missing, empty or corrupt cache is regenerated, with one line saying what was wrong; a folder where the
cache file should be is left alone (the data is generated in memory, with a CourseWarning naming it).
"""
import hashlib
import os
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.ft2font import FT2Font

from ..errors import CourseWarning, whole_number
from ..init import generator

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SIZE = 17                                   # images are SIZE × SIZE
SPLITS = {"train": 40_000, "val": 10_000, "test": 10_000}
FONTS = ("DejaVuSerif-Bold.ttf",)
HIRES = 4                                   # templates are drawn at 4× the final resolution
CAP_HEIGHT = 12                             # cap height in final pixels, before per-sample scaling
PAD = 24                                    # blank margin around a template (hi-res pixels)
CANVAS = 2 * PAD + 2 * SIZE * HIRES         # template canvas side (hi-res pixels)
RARE = {"Q": 1 / 3, "W": 1 / 3}             # relative frequency of the rare letters
FLIP = 0.01                                 # fraction of pixels flipped
HEIGHT = (0.97, 1.03)                       # range of the per-sample height scale
WIDTH = (0.97, 1.03)                         # range of the extra width scale
SHEAR = 0.03                                # slant, in pixels per pixel, drawn from ±SHEAR
THRESHOLD = (0.4, 0.55)                      # ink coverage that makes a pixel white
P_SHIFT = 0.1                               # chance of a 1 px shift down (and, separately, right)
P_RIGHT, P_BELOW = 0.25, 0.05               # chance of a neighbour's fragment at the right / bottom
CACHE_VERSION = 1                           # bump when the generator changes


# -- templates --------------------------------------------------------------------------------------
_templates = None


def _render(font, letter):
    """Anti-aliased bitmap of one glyph, float32 in [0, 1], cropped to its ink."""
    font.set_text(letter, 0.0)
    font.draw_glyphs_to_bitmap(antialiased=True)
    img = np.asarray(font.get_image(), dtype=np.float32) / 255
    rows, cols = np.nonzero(img.max(axis=1) > 0.5)[0], np.nonzero(img.max(axis=0) > 0.5)[0]
    return img[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def _load_templates():
    """(fonts × 26, CANVAS, CANVAS) coverage maps and the ink width of each, in hi-res pixels.

    Each font is scaled so that its "H" is CAP_HEIGHT·HIRES pixels tall; each glyph's ink starts at
    (PAD, PAD), so "aligned top-left" is the same pose for every template.
    """
    global _templates
    if _templates is not None:
        return _templates
    font_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    maps, widths = [], []
    for name in FONTS:
        font = FT2Font(str(font_dir / name))
        font.set_size(64, 72)
        size = 64 * CAP_HEIGHT * HIRES / _render(font, "H").shape[0]
        font.set_size(size, 72)
        for letter in LETTERS:
            glyph = _render(font, letter)[:CANVAS - PAD, :CANVAS - PAD]
            canvas = np.zeros((CANVAS, CANVAS), np.float32)
            canvas[PAD:PAD + glyph.shape[0], PAD:PAD + glyph.shape[1]] = glyph
            maps.append(canvas)
            widths.append(glyph.shape[1])
    _templates = (np.stack(maps), np.array(widths, np.float32))
    return _templates


# -- generation -------------------------------------------------------------------------------------
def _draw_labels(n, rng):
    weights = np.array([RARE.get(c, 1.0) for c in LETTERS])
    return rng.choice(len(LETTERS), size=n, p=weights / weights.sum())


def _sample(maps, template, top, left, scale_y, scale_x, shear):
    """Coverage (n, SIZE, SIZE) of templates seen through per-sample poses (each argument is (n,)).

    Output pixel (i, j), sampled at 2×2 sub-positions, looks up the template at
        row = PAD + HIRES·(i − top)/scale_y,   col = PAD + HIRES·((j − left)/scale_x + shear·(i − top − 6)).
    """
    sub = (np.arange(2 * SIZE, dtype=np.float32) + 0.5) / 2            # sub-pixel centres, in pixels
    i, j = sub[None, :, None], sub[None, None, :]
    dy = (i - top[:, None, None]) / scale_y[:, None, None]
    rows = PAD + HIRES * dy
    cols = PAD + HIRES * ((j - left[:, None, None]) / scale_x[:, None, None]
                          + shear[:, None, None] * (dy - 6))
    rows = np.clip(rows, 0, CANVAS - 1).astype(np.intp)                 # the canvas border is blank
    cols = np.clip(cols, 0, CANVAS - 1).astype(np.intp)
    cover = maps[template[:, None, None], rows, cols]                   # (n, 34, 34)
    return cover.reshape(-1, SIZE, 2, SIZE, 2).mean(axis=(2, 4))


def _generate_chunk(n, rng):
    maps, widths = _load_templates()
    per_font = len(LETTERS)
    y = _draw_labels(n, rng)
    font = rng.integers(0, len(FONTS), n)
    scale_y = rng.uniform(*HEIGHT, n).astype(np.float32)
    scale_x = scale_y * rng.uniform(*WIDTH, n).astype(np.float32)
    shear = rng.uniform(-SHEAR, SHEAR, n).astype(np.float32)
    top = (rng.random(n) < P_SHIFT).astype(np.float32)
    left = (rng.random(n) < P_SHIFT).astype(np.float32)
    template = font * per_font + y
    cover = _sample(maps, template, top, left, scale_y, scale_x, shear)

    # a neighbouring letter of the same word, starting 0-2 px after this one ends
    right = rng.random(n) < P_RIGHT
    k = np.flatnonzero(right)
    if k.size:
        nb = font[k] * per_font + rng.integers(0, per_font, k.size)
        start = left[k] + widths[template[k]] / HIRES * scale_x[k] + rng.integers(0, 3, k.size)
        cover[k] = np.maximum(cover[k], _sample(maps, nb, top[k], start, scale_y[k], scale_x[k], shear[k]))
    # the top of a letter from the next line of text
    below = rng.random(n) < P_BELOW
    k = np.flatnonzero(below)
    if k.size:
        nb = font[k] * per_font + rng.integers(0, per_font, k.size)
        start = top[k] + CAP_HEIGHT * scale_y[k] + rng.integers(2, 4, k.size)
        shift = rng.uniform(-6, 8, k.size).astype(np.float32)
        cover[k] = np.maximum(cover[k], _sample(maps, nb, start, shift, scale_y[k], scale_x[k], shear[k]))

    threshold = rng.uniform(*THRESHOLD, n).astype(np.float32)
    ink = cover > threshold[:, None, None]
    ink ^= rng.random(ink.shape) < FLIP
    return ink.reshape(n, SIZE * SIZE).astype(np.float32), y.astype(np.int64)


def generate_letters(n, rng):
    """Draw n fresh letter images.

    Args:
        n: number of images (≥ 0).
        rng: numpy.random.Generator; the same generator state gives the same images.
    Returns:
        X of shape (n, 289), float32 in {0, 1} (white ink = 1), and y of shape (n,), int64 in 0..25.
    """
    generator(rng, where="generate_letters")
    n = whole_number(n, "n", 0, where="generate_letters")
    chunks = [_generate_chunk(min(5000, n - i), rng) for i in range(0, n, 5000)]
    if not chunks:
        return np.zeros((0, SIZE * SIZE), np.float32), np.zeros(0, np.int64)
    return np.concatenate([c[0] for c in chunks]), np.concatenate([c[1] for c in chunks])


# -- the cached splits ------------------------------------------------------------------------------
@dataclass(frozen=True)
class LetterSplits:
    """The three splits. X_*: (N, 289) float32 in {0, 1}; y_*: (N,) int64 in 0..25."""
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    @staticmethod
    def images(X):
        """(N, 289) → (N, 17, 17), a view."""
        return np.asarray(X).reshape(-1, SIZE, SIZE)


def default_cache_dir():
    """The repository's data/ folder if writable, else ~/.cache/course_lib."""
    repo_data = Path(__file__).resolve().parents[2] / "data"
    if repo_data.is_dir() and os.access(repo_data, os.W_OK):
        return repo_data
    return Path.home() / ".cache" / "course_lib"


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _read_cache(path):
    """The splits from `path`, or what is wrong with the cache, as the end of "cache <path> ...":
    "is empty"."""
    if not path.exists():
        return None, "missing"
    checksum = path.with_suffix(".sha256")
    try:
        if path.stat().st_size == 0:
            return None, "is corrupt (empty)"
        if not checksum.is_file():
            return None, f"has no checksum file {checksum.name}"
        if checksum.read_text().strip() != _sha256(path):
            return None, "is corrupt (it does not match its checksum)"
    except (OSError, UnicodeDecodeError) as e:
        return None, f"cannot be read ({getattr(e, 'strerror', None) or type(e).__name__})"
    try:
        with np.load(path, allow_pickle=False) as f:
            if int(f["version"]) != CACHE_VERSION:
                return None, "is from an older generator"
            arrays = {}
            for split, n in SPLITS.items():
                X = np.unpackbits(f[f"X_{split}"], axis=1, count=SIZE * SIZE).astype(np.float32)
                y = f[f"y_{split}"].astype(np.int64)
                if X.shape != (n, SIZE * SIZE) or y.shape != (n,) or y.min() < 0 or y.max() >= len(LETTERS):
                    return None, "is corrupt (wrong shapes)"
                arrays[f"X_{split}"], arrays[f"y_{split}"] = X, y
    except Exception as e:                   # truncated zip, missing keys, garbage: regenerate
        return None, f"is corrupt ({type(e).__name__})"
    return LetterSplits(**arrays), None


def _write_cache(path, splits):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb") as f:
        np.savez_compressed(f, version=np.array(CACHE_VERSION), **{
            f"{kind}_{split}": (np.packbits(getattr(splits, f"X_{split}").astype(np.uint8), axis=1)
                                if kind == "X" else getattr(splits, f"y_{split}").astype(np.uint8))
            for split in SPLITS for kind in ("X", "y")})
    digest = _sha256(tmp)
    os.replace(tmp, path)                    # atomic: a crash never leaves a half-written cache
    path.with_suffix(".sha256").write_text(digest + "\n")


def load_letters(seed=0, cache_dir=None, verbose=True):
    """The train / validate / test splits, from the cache or freshly generated.

    Args:
        seed: int; the data set drawn from numpy.random.default_rng(seed).
        cache_dir: where to keep `letters-seed{seed}.npz` (default: the repository's data/ folder).
        verbose: print one line when generating.
    Returns:
        LetterSplits with X_train (40000, 289), X_val (10000, 289), X_test (10000, 289) float32 in {0, 1}
        and y_* int64 labels in 0..25.
    """
    seed = whole_number(seed, "seed", 0, where="load_letters")
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    path = cache_dir / f"letters-seed{seed}.npz"
    in_the_way = path.is_dir()  # a folder where the cache file should be: never delete it for the user
    if in_the_way:
        warnings.warn(CourseWarning(f"letters: {path} is a folder, so the letters are generated in memory "
                                    "and not cached; remove that folder to cache them again"), stacklevel=2)
        splits, problem = None, "missing"
    else:
        splits, problem = _read_cache(path)
    if splits is not None:
        return splits
    if verbose and problem != "missing":
        print(f"letters: cache {path} {problem}; regenerating", file=sys.stdout)
    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    arrays = {}
    for split, n in SPLITS.items():
        arrays[f"X_{split}"], arrays[f"y_{split}"] = generate_letters(n, rng)
    splits = LetterSplits(**arrays)
    where = "(not cached)"
    if not in_the_way:
        try:
            _write_cache(path, splits)
            where = f"→ {path}"
        except OSError as e:                 # read-only disk: still usable, just not cached
            where = f"(not cached: {e.strerror})"
    if verbose:
        print(f"letters: generated {sum(SPLITS.values()):,} images in "
              f"{time.perf_counter() - start:.1f} s {where}")
    return splits
