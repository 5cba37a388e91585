"""The letters: 17×17 black-and-white images of the 26 capital letters (notebooks 00, 04–06).

The seed lab trained on 40 000 images of single capital letters drawn from a font. We cannot ship those
images, but we measured them (`seed_letters_stats.json` beside this file, see `letter_stats`): a bold,
plain, narrow face, white on black, 12 px tall (13 for the round C, G, O, S, 16 for Q with its tail),
median 10 px wide, always starting at column 0 and at row 0 (64 %) or row 1 (36 %), with almost no noise.
This module draws a data set with those statistics from three faces matplotlib installs: Computer Modern
Sans (cmss10) and DejaVu Sans, which of all the faces matplotlib ships match the lab's per-letter mean
images best (correlation 0.90 each; serif faces 0.74–0.77), and DejaVu Sans Bold (0.87).

Looking like the lab's letters is not enough: they must be as *hard*. The lab's own recipe (289-20-26
sigmoid net, sigmoid cross-entropy, lr 1, batch 1024, 20 epochs) reads 0.977–0.980 of the lab's
validation letters and confuses L→I, X→A, J→F, T→F, E→F, T→I, Y→V… (`lab_recipe_on_lab_letters` in the
reference). Three faces drawn the same way every time gave it 0.999. So each glyph is drawn in many
shapes, varying what varies between fonts and between renderings — where a stroke falls on the pixel grid,
the proportions, the stroke weight, how far the arms reach — never the label and never random pixels.
The same recipe then reads 0.980–0.984 of ours (0.83–0.84 after epoch 3, 0.961–0.967 after epoch 10, as
the lab's), and among its 15 most common confusions are L→I, E→F, T→F, T→I and Y→V
(seeds 0–2, tests/test_letter_stats.py). The mix matches the lab's mean images with correlation 0.91.

How one image is made (vectorised: a bank of bitmaps is built once, each image picks from it):
1. *Glyphs*: each capital of each face is rendered once by FreeType at 8× resolution ("H" 96 px tall),
   anti-aliased, and cropped to its ink.
2. *Bank*: every glyph is drawn in SHAPES = 48 shapes. Each shape area-resamples it to the letter's
   height h (12, 13 or 16 rows) × a width w from the lab's width distribution for the letter (the regular
   faces to w − 1 columns, then thickened by 1 px to the right: the lab's strokes are heavier), through
   uneven cells: a random sub-pixel phase and a random monotone warp of the proportions (`_cell_edges`).
   It is thresholded at one of 3 ink levels, chosen per letter so that the letter has the lab's mean ink
   (white pixels); 75 % of the shapes get shorter arms (`trim_arms`); each is moved to the top-left corner.
3. *Pose*: each image draws its letter (the lab's per-letter shares: Q 2.1 %, W 2.8 %, others ≈ 3.9 %),
   a face, a shape, and a top row, 0 or 1, with the lab's per-letter share.
4. *Specks*: 14 % of the images get one isolated white pixel inside the letter's box, a quarter of those
   a second: the lab's rate (0.174 per image).

The width distribution is read from the reference's mean image: column c holds ink in at least
max_r mean[r, c] of the letter's images, so P(width > c) ≈ max_r mean[r, c], for widths within 2 px of
the letter's median (further in, a letter's inner columns step the maxima down too). Likewise max_c mean[0, c]
is a lower bound on the share that starts at row 0 (the ink of row 0 is not always in the same column);
the shares that start at row 1 are scaled by one factor so that 63.5 % start at row 0 overall, as in
the lab.

Splits: 40 000 train, 10 000 validate, 10 000 test. The arrays are cached in `data/letters-seed{seed}.npz`
(bit-packed, ~2 MB) with a sha256 beside it; a missing, empty or corrupt cache is regenerated, with one
line saying what was wrong; a folder where the cache file should be is left alone (the data is generated
in memory, with a CourseWarning naming it).
"""
import functools
import hashlib
import json
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
REFERENCE = Path(__file__).with_name("seed_letters_stats.json")
FONTS = {"cmss10.ttf": True, "DejaVuSans.ttf": True,      # face → thicken its strokes by 1 px? (the
         "DejaVuSans-Bold.ttf": False}                    # lab's strokes are heavier than regular faces)
THRESHOLDS = np.arange(0.1, 0.96, 0.02)     # ink coverages that may make a pixel white
LEVELS = np.array([-4, 0, 4])               # a letter's 3 thresholds: its own ± 0.08 (thinner / bolder)
HIRES = 8                                   # glyphs are rendered at 8× the final resolution
CAP_HEIGHT = 12                             # the lab's letter height in pixels ("H")
WIDTHS = np.arange(2, 17)                   # widths a letter may have
SHAPES = 48                                 # shapes per letter and face in the bank
WARP_X, WARP_Y = 0.05, 0.02                 # s.d. of the proportion warp's knots, as shares of the glyph
P_TRIM = 0.75                               # share of shapes with shorter arms
BANK_SEED = 1234                            # the bank's own random generator
P_SPECK = 0.14                              # share of images with an isolated white pixel (the lab's)
P_SECOND_SPECK = 0.24                       # of those, the share with a second (0.174 per image overall)


@functools.cache
def reference():
    """The lab's measured statistics (a dict, see seed_letters_stats.json): overall and per letter."""
    return json.loads(REFERENCE.read_text(encoding="utf-8"))["seed_letters"]


@functools.cache
def _poses():
    """Per-letter pose distributions read from the reference.

    Returns share (26,), P(width = WIDTHS[k]) (26, len(WIDTHS)), P(top row = 0) (26,), height (26,) int.
    """
    per = reference()["per_letter"]
    share = np.array([per[c]["share"] for c in LETTERS])
    width_p = np.zeros((len(LETTERS), len(WIDTHS)))
    top0, height = np.zeros(len(LETTERS)), np.zeros(len(LETTERS), int)
    for i, c in enumerate(LETTERS):
        mean = np.array(per[c]["mean_image"])
        wider_than = np.append(mean.max(axis=0), 0.0)            # P(width > c), c = 0..17
        p = np.clip(wider_than[WIDTHS - 1] - wider_than[WIDTHS], 0, None)
        # inner columns and specks also step the maxima down: keep widths near the median, and real shares
        p[(np.abs(WIDTHS - per[c]["width_p50"]) > 2) | (p < 0.02)] = 0
        width_p[i] = p / p.sum()
        top0[i] = min(mean[0].max(), 1.0)
        height[i] = int(per[c]["height_p50"])
    share /= share.sum()
    lab_top0 = reference()["first_ink_row_share_0_1_2_3"][0]
    top0 = 1 - (1 - top0) * (1 - lab_top0) / (share @ (1 - top0))   # overall share at row 0 = the lab's
    return share, width_p, top0, height


# -- the bank of bitmaps ----------------------------------------------------------------------------
def _glyph(font, letter):
    """Anti-aliased coverage of one glyph, float32 in [0, 1], cropped to its ink."""
    font.set_text(letter, 0.0)
    font.draw_glyphs_to_bitmap(antialiased=True)
    img = np.asarray(font.get_image(), dtype=np.float32) / 255
    rows, cols = np.nonzero(img.max(axis=1) > 0.5)[0], np.nonzero(img.max(axis=0) > 0.5)[0]
    return img[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def area_weights(n_out, n_in):
    """(SIZE, n_in) area-averaging weights that map n_in input cells onto the first n_out output cells.

    Output cell i averages the input interval [i·s, (i + 1)·s) with s = n_in / n_out (cells past the glyph
    weigh nothing), so an (n_in × m) glyph G becomes the (SIZE × m) `area_weights(n_out, n_in) @ G`.
    """
    s = n_in / n_out
    lo = np.arange(SIZE)[:, None] * s
    j = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(lo + s, j + 1) - np.maximum(lo, j), 0, None)
    return (overlap / s).astype(np.float32)


def _align_top_left(ink):
    """Move each bitmap of (..., SIZE, SIZE) so that its first ink row and column are 0."""
    flat = ink.reshape(-1, SIZE, SIZE)
    out = np.zeros_like(flat)
    for k, img in enumerate(flat):
        rows, cols = np.nonzero(img.any(axis=1))[0], np.nonzero(img.any(axis=0))[0]
        if rows.size:
            out[k, :SIZE - rows[0], :SIZE - cols[0]] = img[rows[0]:, cols[0]:]
    return out.reshape(ink.shape)


def thicken_right(ink):
    """Each white pixel of (..., SIZE, SIZE) bitmaps also whitens its right neighbour (in place)."""
    ink[..., 1:] |= ink[..., :-1].copy()
    return ink


def _strongest(cover, floor=0.25):
    """(..., SIZE, SIZE) bool: the pixels with the most ink of their row or of their column (if that is at
    least `floor`). They stay white at every threshold, so a stroke that straddles two pixel columns (both
    half covered) keeps one of them instead of vanishing when the threshold passes one half."""
    row_max, col_max = cover.max(axis=-1, keepdims=True), cover.max(axis=-2, keepdims=True)
    return ((cover >= row_max) & (row_max >= floor)) | ((cover >= col_max) & (col_max >= floor))


def _font_path(name):
    """The path of a font file that matplotlib installs."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


def warped_area_weights(edges, n_in):
    """(K, SIZE, n_in) area-averaging weights with uneven cells: output cell i of shape k averages the input
    interval [edges[k, i], edges[k, i + 1]) (input cells outside 0..n_in weigh nothing).

    With evenly spaced edges 0, s, 2s, … this is `area_weights`; `_cell_edges` spaces them unevenly.
    """
    lo, hi = edges[:, :-1, None], edges[:, 1:, None]
    j = np.arange(n_in)[None, None, :]
    overlap = np.clip(np.minimum(hi, j + 1) - np.maximum(lo, j), 0, None)
    return (overlap / np.maximum(hi - lo, 1e-9)).astype(np.float32)


def _cell_edges(n_out, n_in, rng, warp, max_phase, keep_size):
    """(K, SIZE + 1) glyph coordinates of the output cell edges 0..SIZE, for K shapes of one glyph.

    The glyph's 0..n_in is laid over output cells [p, n_out + p) (or [p, n_out) if `keep_size`), p a
    random sub-pixel phase below max_phase, through a monotone piecewise-linear map whose two
    inner knots (at 1/3 and 2/3) move by N(0, warp) of the glyph: a stem lands on one pixel column or
    straddles two, an arm or a bowl comes out a little longer or shorter — the proportions vary.
    Args: n_out (K,) ints, the letter's size in pixels; n_in the glyph's size in high-resolution pixels.
    """
    k = len(n_out)
    inner = rng.normal(0, warp, (k, 2)) + [1 / 3, 2 / 3]
    knots = np.sort(np.clip(np.concatenate([np.zeros((k, 1)), inner, np.ones((k, 1))], axis=1), 0, 1), axis=1)
    phase = max_phase * rng.random((k, 1))
    t = (np.arange(SIZE + 1)[None, :] - phase) / (n_out[:, None] - (phase if keep_size else 0))
    seg = np.clip(np.floor(t * 3), 0, 2).astype(int)                         # which third of the glyph
    lo, hi = np.take_along_axis(knots, seg, 1), np.take_along_axis(knots, seg + 1, 1)
    warped = lo + (t * 3 - seg) * (hi - lo)
    return np.where((t < 0) | (t > 1), t, warped) * n_in                       # outside: past the glyph


def trim_arms(ink, rng, p):
    """In a share p of the bool bitmaps ink (K, ..., SIZE, SIZE), shorten the right end of the rightmost
    stroke of each row in a band of 3–8 rows by 1–4 px (a stroke keeps at least 2 px); one random trim per
    k, shared along the other leading axes. Returns new bitmaps.

    Fonts differ most in how far their arms reach: an L's foot, an E's arms, a T's bar, the right side of
    a P's bowl. A short foot makes an L look like an I, a short lower arm an E like an F — the lab's own
    confusions.
    """
    k = ink.shape[0]
    draw = lambda values: values.reshape((k,) + (1,) * (ink.ndim - 1))          # noqa: E731  (K, 1, …)
    col, row = np.arange(SIZE), np.arange(SIZE)[:, None]
    right = np.where(ink, col, -1).max(axis=-1, keepdims=True)                  # last white column of a row
    start = np.where(~ink & (col < right), col, -1).max(axis=-1, keepdims=True) + 1   # where that stroke starts
    trim = draw(rng.integers(1, 5, k) * (rng.random(k) < p))
    inked = ink.any(axis=-1)
    first = np.argmax(inked, axis=-1)[..., None, None]
    last = SIZE - 1 - np.argmax(inked[..., ::-1], axis=-1)[..., None, None]
    length = draw(rng.integers(3, 9, k))
    top = first + (draw(rng.random(k)) * np.maximum(last - first + 2 - length, 1)).astype(int)
    band = (row >= top) & (row < top + length)                                  # (K, …, SIZE, 1)
    end = np.maximum(start + 1, right - trim)
    return ink & ~(band & (col > end) & (col <= right))


@functools.cache
def _bank():
    """(faces, 26, SHAPES, SIZE, SIZE) bool bitmaps, each aligned top-left.

    Each glyph is drawn SHAPES times, each time with its own width (from the lab's width distribution for
    the letter), sub-pixel phase, proportions (`_cell_edges`), stroke weight (one of THRESHOLDS[i + LEVELS])
    and, in three quarters of them, shorter arms (`trim_arms`). i is chosen per letter and face so that the letter's
    shapes have the lab's mean ink (white pixels per image) for that letter: the faces' stroke weights
    differ, the lab's letters have one. The bank is the same for every data seed (its own generator).
    """
    _, width_p, _, height = _poses()
    ink_goal = [reference()["per_letter"][c]["ink_px_mean"] for c in LETTERS]
    rng = np.random.default_rng(BANK_SEED)
    shape = np.arange(SHAPES)
    middle = np.arange(-LEVELS[0], len(THRESHOLDS) - LEVELS[-1])                # base thresholds to try
    faces = []
    for name, thicken in FONTS.items():
        font = FT2Font(str(_font_path(name)))
        font.set_size(64, 72)
        font.set_size(64 * CAP_HEIGHT * HIRES / _glyph(font, "H").shape[0], 72)
        letters = []
        for k, letter in enumerate(LETTERS):
            g = _glyph(font, letter)
            width = WIDTHS[np.minimum((rng.random(SHAPES)[:, None] > np.cumsum(width_p[k])).sum(axis=1),
                                      len(WIDTHS) - 1)]
            rows = warped_area_weights(_cell_edges(np.full(SHAPES, height[k]), g.shape[0], rng, WARP_Y, 0.5, True),
                                       g.shape[0])
            cols = warped_area_weights(_cell_edges(width - thicken, g.shape[1], rng, WARP_X, 1.0, False), g.shape[1])
            cover = (rows @ g) @ cols.transpose(0, 2, 1)                         # (SHAPES, SIZE, SIZE)
            bitmaps = (cover[:, None] > THRESHOLDS[:, None, None]) | _strongest(cover)[:, None]
            #                                                                      (SHAPES, thresholds, …)
            if thicken:
                bitmaps = thicken_right(bitmaps)
            bitmaps = trim_arms(bitmaps, rng, P_TRIM)
            level = rng.choice(LEVELS, SHAPES)
            inks = bitmaps.sum(axis=(-2, -1))                                     # (SHAPES, thresholds)
            error = [abs(inks[shape, i + level].mean() - ink_goal[k]) for i in middle]
            letters.append(bitmaps[shape, middle[np.argmin(error)] + level])      # (SHAPES, SIZE, SIZE)
        faces.append(_align_top_left(np.stack(letters)))
    return np.stack(faces)


# -- generation -------------------------------------------------------------------------------------
def white_neighbour(ink):
    """(n, SIZE, SIZE) bool: pixels of bool images `ink` with a white 4-neighbour (above, below, left or
    right)."""
    padded = np.pad(ink, ((0, 0), (1, 1), (1, 1)))
    return padded[:, :-2, 1:-1] | padded[:, 2:, 1:-1] | padded[:, 1:-1, :-2] | padded[:, 1:-1, 2:]


def _add_specks(ink, rng, pick):
    """Give each image where `pick` (n,) is True one white pixel with no white 4-neighbour, inside the
    letter's box; returns the images and which of them got one (a letter may have no such pixel)."""
    n = ink.shape[0]
    rows, cols = ink.any(axis=2), ink.any(axis=1)                    # (n, SIZE) each
    last_row = SIZE - 1 - np.argmax(rows[:, ::-1], axis=1)
    last_col = SIZE - 1 - np.argmax(cols[:, ::-1], axis=1)
    index = np.arange(SIZE)
    box = (index[:, None] <= last_row[:, None, None]) & (index[None, None, :] <= last_col[:, None, None])
    free = ~ink & ~white_neighbour(ink) & box                        # a white pixel here stays isolated
    scores = np.where(free, rng.random(free.shape), -1.0).reshape(n, -1)
    spot = np.argmax(scores, axis=1)                                 # a random free pixel
    pick = pick & (scores[np.arange(n), spot] >= 0)
    flat = ink.reshape(n, -1)
    flat[np.flatnonzero(pick), spot[pick]] = True
    return flat.reshape(ink.shape), pick


def _generate_chunk(n, rng):
    share, width_p, top0, _ = _poses()
    bank = _bank()
    faces, _, shapes = bank.shape[:3]
    y = rng.choice(len(LETTERS), size=n, p=share)
    face = rng.integers(0, faces, n)
    shape = rng.integers(0, shapes, n)
    ink = bank[face, y, shape]                                       # (n, SIZE, SIZE), a copy
    down = rng.random(n) >= top0[y]                                  # start at row 1 instead of 0
    ink[down] = np.roll(ink[down], 1, axis=1)                        # row 16 is blank (h ≤ 16): no wrap
    ink, speckled = _add_specks(ink, rng, rng.random(n) < P_SPECK)
    ink, _ = _add_specks(ink, rng, speckled & (rng.random(n) < P_SECOND_SPECK))
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


@functools.cache
def generator_fingerprint():
    """16 hex digits that change whenever the generator could draw different letters: a digest of this
    module's source, the reference statistics, the font files and matplotlib's version (its FreeType
    renders them) — everything the bank is made from, without building the bank on a cached load."""
    parts = [Path(__file__).read_bytes(), REFERENCE.read_bytes(), matplotlib.__version__.encode()]
    parts += [_font_path(name).read_bytes() for name in FONTS]
    return hashlib.sha256(b"".join(parts)).hexdigest()[:16]


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
            if "generator" not in f or str(f["generator"]) != generator_fingerprint():
                return None, "was made by another version of the generator"
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
        np.savez_compressed(f, generator=np.array(generator_fingerprint()), **{
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
