"""The letters: 17×17 black-and-white images of the 26 capital letters (notebooks 00, 04, 05, 06b).

The letters lab trained on 40 000 images of single capital letters drawn from a font. We cannot ship those
images, but we measured them (`seed_letters_stats.json` beside this file, see `letter_stats`): a bold,
plain, narrow face, white on black, 12 px tall (13 for the round C, G, O, S, 16 for Q with its tail),
median 10 px wide, always starting at column 0 and at row 0 (64 %) or row 1 (36 %), with almost no noise.
This module draws a data set with those statistics from three faces matplotlib installs: Computer Modern
Sans (cmss10) and DejaVu Sans, which of all the faces matplotlib ships match the lab's per-letter mean
images best (correlation 0.90 each; serif faces 0.74–0.77), and DejaVu Sans Bold (0.87).

Looking like the lab's letters is not enough: they must be as *hard*. The lab's own recipe (289-20-26
sigmoid net, sigmoid cross-entropy, lr 1, batch 1024, 20 epochs) reads 0.977–0.980 of the lab's validation
letters and confuses L→I, X→A, J→F, T→F, P→F, E→F, T→I, Y→V… (`lab_recipe_on_lab_letters` in the
reference). The three faces drawn one way at each width gave it 0.999 and a better-trained net 0.9994: a
network learned the few shapes by heart. So no two images share a shape: each is drawn afresh, with its
own width, sub-pixel phase and stroke weight, and 28 % of them with other proportions, shorter arms, and
some with trimmed corners or a broken stroke (what differs most between fonts: how far an L's foot, an E's
arm or a T's bar reaches, how round a corner is, whether a bowl closes) — never by changing the label, never
with random pixels. The lab's recipe then follows the lab's curve (see tests/test_letter_stats.py for the
figures), and 5–6 of the lab's 11 most common confusions (T→I, T→F, L→I, Y→V, P→F, E→F) are among its
15 most common. The mix matches the lab's mean images with correlation 0.91.

How one image is made (vectorised over the images of one letter and face):
1. *Glyphs*: each capital of each face is rendered once by FreeType at 8× resolution ("H" 96 px tall),
   anti-aliased, and cropped to its ink; each letter's stroke weight in each face is calibrated once
   (`_faces`).
2. *Pose*: each image draws its letter (the lab's per-letter shares: Q 2.1 %, W 2.8 %, others ≈ 3.9 %),
   a face, one of the letter's 3 stroke weights, and a top row, 0 or 1, with the lab's per-letter share.
3. *Shape* (`_draw`): the glyph is area-resampled to the letter's height h (12, 13 or 16 rows) × a width
   w from the lab's width distribution for the letter (the regular faces to w − 1 columns, then thickened
   by 1 px to the right: the lab's strokes are heavier), through uneven cells: a random sub-pixel phase
   and, in P_VARIED of the images, a random monotone warp of the proportions (`_cell_edges`), which also
   get shorter arms (`trim_arms`), and some of them trimmed corners (`trim_corners`) or a gap in the
   rightmost stroke (`open_stroke`). It is thresholded at the stroke weight and moved to the top-left corner.
4. *Specks*: 14 % of the images get one isolated white pixel inside the letter's box, a quarter of those
   a second: the lab's rate (0.174 per image).

The width distribution is read from the reference's mean image: column c holds ink in at least
max_r mean[r, c] of the letter's images, so P(width > c) ≈ max_r mean[r, c], for widths within 2 px of
the letter's median (further in, a letter's inner columns step the maxima down too). Likewise max_c mean[0, c]
is a lower bound on the share that starts at row 0 (the ink of row 0 is not always in the same column);
the shares that start at row 1 are scaled by one factor so that 63.5 % start at row 0 overall, as in
the lab.

Splits: 40 000 train, 10 000 validate, 10 000 test. The arrays are cached in `data/letters-seed{seed}.npz`
(bit-packed, ~1 MB, with the seed and the generator's fingerprint inside) and a sha256 beside it; a missing,
empty or corrupt cache, or one of another seed or generator, is regenerated, with one
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

from ..errors import CourseWarning, path_like, stopped_in_one_line, whole_number
from ..i18n import N_, _
from ..init import generator

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CLASSES = len(LETTERS)  # 26: a letters network's outputs, labels 0..25
SIZE = 17  # images are SIZE × SIZE
SPLITS = {"train": 40_000, "val": 10_000, "test": 10_000}
REFERENCE = Path(__file__).with_name("seed_letters_stats.json")  # i18n: not shown (a file name)
FONTS = {
    "cmss10.ttf": True,
    "DejaVuSans.ttf": True,  # face → thicken its strokes by 1 px? (the
    "DejaVuSans-Bold.ttf": False,  # i18n: not shown (a file name)
}  # lab's strokes are heavier than regular faces)
THRESHOLDS = np.arange(0.1, 0.96, 0.02)  # ink coverages that may make a pixel white
LEVELS = np.array([-4, 0, 4])  # a letter's 3 thresholds: its own ± 0.08 (thinner / bolder)
HIRES = 8  # glyphs are rendered at 8× the final resolution
CAP_HEIGHT = 12  # the lab's letter height in pixels ("H")
WIDTHS = np.arange(2, 17)  # widths a letter may have
CALIBRATION_SHAPES = 48  # shapes per letter and face that set its stroke weight
P_VARIED = 0.28  # share of shapes with other proportions and shorter arms
P_CORNERS, P_OPEN = 0.6, 0.25  # of those, the shares with trimmed corners, with a broken stroke
WARP_X, WARP_Y = 0.08, 0.03  # their proportion warp: s.d. of its knots, as shares of the glyph
CALIBRATION_SEED = 1234  # the calibration's own random generator
P_SPECK = 0.14  # share of images with an isolated white pixel (the lab's)
P_SECOND_SPECK = 0.24  # of those, the share with a second (0.174 per image overall)


@functools.cache
def _reference_file():
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


def reference():
    """The lab's measured statistics (a dict, see seed_letters_stats.json): overall and per letter."""
    return _reference_file()["seed_letters"]


def lab_recipe_reference():
    """How the lab's own recipe (289-20-26 sigmoid, sigmoid cross-entropy, lr 1, batch 1024) fares on the
    lab's letters, seeds 0–2 (a dict): "val_accuracy_per_epoch_by_seed" (3 lists of 20), the errors after
    20 epochs, "most_common_confusions_true_to_predicted_summed_over_seeds" (pairs such as ["L->I", 43])
    and the accuracy per letter."""
    return _reference_file()["lab_recipe_on_lab_letters"]  # i18n: not shown (a key)


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
        wider_than = np.append(mean.max(axis=0), 0.0)  # P(width > c), c = 0..17
        p = np.clip(wider_than[WIDTHS - 1] - wider_than[WIDTHS], 0, None)
        # inner columns and specks also step the maxima down: keep widths near the median, and real shares
        p[(np.abs(WIDTHS - per[c]["width_p50"]) > 2) | (p < 0.02)] = 0
        width_p[i] = p / p.sum()
        top0[i] = min(mean[0].max(), 1.0)
        height[i] = int(per[c]["height_p50"])
    share /= share.sum()
    lab_top0 = reference()["first_ink_row_share_0_1_2_3"][0]  # i18n: not shown (a key)
    top0 = 1 - (1 - top0) * (1 - lab_top0) / (share @ (1 - top0))  # overall share at row 0 = the lab's
    return share, width_p, top0, height


# -- drawing a letter -------------------------------------------------------------------------------
def _glyph(font, letter):
    """Anti-aliased coverage of one glyph, float32 in [0, 1], cropped to its ink."""
    font.set_text(letter, 0.0)
    font.draw_glyphs_to_bitmap(antialiased=True)
    img = np.asarray(font.get_image(), dtype=np.float32) / 255
    rows, cols = np.nonzero(img.max(axis=1) > 0.5)[0], np.nonzero(img.max(axis=0) > 0.5)[0]
    return img[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def area_weights(n_out, n_in):
    """(SIZE, n_in) area-averaging weights that map n_in input cells onto the first n_out output cells.

    Output cell i averages the input interval [i·s, (i + 1)·s) with s = n_in / n_out (cells past the glyph
    weigh nothing), so an (n_in × m) glyph G becomes the (SIZE × m) `area_weights(n_out, n_in) @ G`: evenly
    spaced edges for `warped_area_weights`.
    """
    return warped_area_weights(np.arange(SIZE + 1)[None, :] * (n_in / n_out), n_in)[0]


def _align_top_left(ink):
    """(n, SIZE, SIZE) bool bitmaps moved so that each one's first ink row and column are 0 (a new array)."""
    index = np.arange(SIZE)
    top, left = np.argmax(ink.any(axis=2), axis=1), np.argmax(ink.any(axis=1), axis=1)  # 0 if empty
    rows = top[:, None] + index  # (n, SIZE) source row of each row
    out = np.take_along_axis(ink, np.minimum(rows, SIZE - 1)[:, :, None], axis=1) & (rows < SIZE)[:, :, None]
    cols = left[:, None] + index
    return np.take_along_axis(out, np.minimum(cols, SIZE - 1)[:, None, :], axis=2) & (cols < SIZE)[:, None, :]


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
    seg = np.clip(np.floor(t * 3), 0, 2).astype(int)  # which third of the glyph
    lo, hi = np.take_along_axis(knots, seg, 1), np.take_along_axis(knots, seg + 1, 1)
    warped = lo + (t * 3 - seg) * (hi - lo)
    return np.where((t < 0) | (t > 1), t, warped) * n_in  # outside: past the glyph


def _ink_rows(ink):
    """First and last white row of bool bitmaps (..., SIZE, SIZE), each shaped (..., 1, 1)."""
    inked = ink.any(axis=-1)
    first = np.argmax(inked, axis=-1)[..., None, None]
    return first, SIZE - 1 - np.argmax(inked[..., ::-1], axis=-1)[..., None, None]


def _per_shape(values, ink):
    """(K,) values shaped (K, 1, …) to broadcast over bitmaps ink (K, ..., SIZE, SIZE)."""
    return values.reshape(values.shape + (1,) * (ink.ndim - 1))


def _rightmost_stroke(ink):
    """Where the rightmost stroke of each row of bool bitmaps (..., SIZE, SIZE) ends and starts: its last
    white column (−1 in an empty row) and the first column of the white run that ends there, each (..., 1)."""
    col = np.arange(SIZE)
    right = np.where(ink, col, -1).max(axis=-1, keepdims=True)
    return right, np.where(~ink & (col < right), col, -1).max(axis=-1, keepdims=True) + 1


def trim_arms(ink, which, rng):
    """Where `which` (K,) is True, shorten the right end of the rightmost stroke of each row of the bool
    bitmaps ink (K, ..., SIZE, SIZE) in a band of 3–5 rows by 1–4 px (a stroke keeps at least 2 px); one
    random band and trim per k, shared along the other leading axes. Returns new bitmaps.

    Fonts differ much in how far their arms reach: an L's foot, an E's arms, a T's bar, the top and the
    bottom of a P's bowl. A short foot makes an L look like an I, a short lower arm an E like an F — the
    lab's own confusions.
    """
    k = ink.shape[0]
    col, row = np.arange(SIZE), np.arange(SIZE)[:, None]
    right, start = _rightmost_stroke(ink)
    trim = _per_shape(rng.integers(1, 5, k) * which, ink)
    first, last = _ink_rows(ink)
    length = _per_shape(rng.integers(3, 6, k), ink)
    top = first + (_per_shape(rng.random(k), ink) * np.maximum(last - first + 2 - length, 1)).astype(int)
    band = (row >= top) & (row < top + length)  # (K, …, SIZE, 1)
    end = np.maximum(start + 1, right - trim)
    return ink & ~(band & (col > end) & (col <= right))


def trim_corners(ink, which, rng):
    """Where `which` (K,) is True, cut 1–3 px from the left end of the leftmost stroke in the first two
    rows, the last two or both (a stroke keeps at least 2 px) of bool bitmaps ink (K, ..., SIZE, SIZE).
    Returns new bitmaps.

    Where a letter's top or bottom starts differs between fonts: a rounded corner of a D or a B, a T
    whose bar reaches less far to the left (moved to column 0, it reads as an F or an I, as the lab's do).
    """
    k = ink.shape[0]
    col, row = np.arange(SIZE), np.arange(SIZE)[:, None]
    left = np.where(ink, col, SIZE).min(axis=-1, keepdims=True)  # first white column of a row
    stop = np.where(~ink & (col > left), col, SIZE).min(axis=-1, keepdims=True)  # where its stroke ends
    first, last = _ink_rows(ink)
    side = _per_shape(rng.integers(0, 3, k), ink)  # 0 top, 1 bottom, 2 both
    band = ((side != 1) & (row < first + 2)) | ((side != 0) & (row > last - 2))
    cut = left + np.minimum(_per_shape(rng.integers(1, 4, k) * which, ink), np.maximum(stop - left - 2, 0))
    return ink & ~(band & (col >= left) & (col < cut))


def open_stroke(ink, which, rng):
    """Where `which` (K,) is True, break the rightmost stroke of bool bitmaps ink (K, ..., SIZE, SIZE) for
    1–2 rows, somewhere between 15 % and 65 % of the letter's height, where that stroke is upright (at
    most 3 px wide) and not at the left edge. Returns new bitmaps.

    A bowl that does not quite close, a stem with a gap: a P open on the right reads as an F, as the lab's
    own P often does.
    """
    k = ink.shape[0]
    col, row = np.arange(SIZE), np.arange(SIZE)[:, None]
    right, start = _rightmost_stroke(ink)
    first, last = _ink_rows(ink)
    top = first + ((last - first + 1) * _per_shape(0.15 + 0.5 * rng.random(k), ink)).astype(int)
    band = (row >= top) & (row < top + _per_shape(rng.integers(1, 3, k), ink))
    upright = (right - start <= 2) & (col >= start) & (col <= right) & (col > 1)
    return ink & ~(_per_shape(which, ink) & band & upright)


def _draw(glyph, k, m, rng, thicken, thresholds):
    """m fresh shapes of one glyph (letter k): (m, len(thresholds), SIZE, SIZE) bool, one bitmap per
    threshold of `thresholds` (m, T) (the ink coverage above which a pixel is white), not yet aligned.

    Each shape area-resamples the glyph to the letter's height × a width from the lab's width distribution
    for the letter (a regular face to one column less, then thickened by 1 px: the lab's strokes are
    heavier), through uneven cells (`_cell_edges`: a sub-pixel phase; in P_VARIED of the shapes also warped
    proportions, and those get shorter arms, `trim_arms`, and P_CORNERS of them trimmed corners,
    `trim_corners`, P_OPEN a broken stroke, `open_stroke`).
    """
    _, width_p, _, height = _poses()
    n_rows, n_cols = glyph.shape
    width = WIDTHS[np.minimum((rng.random(m)[:, None] > np.cumsum(width_p[k])).sum(axis=1), len(WIDTHS) - 1)]
    varied = (rng.random(m) < P_VARIED)[:, None]
    row_edges = _cell_edges(np.full(m, height[k]), n_rows, rng, WARP_Y * varied, 0.5, True)
    rows = warped_area_weights(row_edges, n_rows)
    cols = warped_area_weights(_cell_edges(width - thicken, n_cols, rng, WARP_X * varied, 1.0, False), n_cols)
    cover = (rows.reshape(-1, n_rows) @ glyph).reshape(m, SIZE, n_cols) @ cols.transpose(0, 2, 1)
    bitmaps = (cover[:, None] > thresholds[:, :, None, None]) | _strongest(cover)[:, None]
    if thicken:
        bitmaps = thicken_right(bitmaps)
    varied = varied[:, 0]
    bitmaps = trim_arms(bitmaps, varied, rng)
    bitmaps = trim_corners(bitmaps, varied & (rng.random(m) < P_CORNERS), rng)
    return open_stroke(bitmaps, varied & (rng.random(m) < P_OPEN), rng)


@functools.cache
def _faces():
    """The faces, ready to draw: a list of (thicken?, the 26 glyphs, base (26,) int), where each glyph is
    its anti-aliased coverage at HIRES × the final size and THRESHOLDS[base[k] + LEVELS] are letter k's
    three stroke weights in that face.

    base is chosen so that the letter's shapes, over the three weights, have the lab's mean ink (white
    pixels per image) for that letter: the faces' stroke weights differ, the lab's letters have one. It is
    measured on CALIBRATION_SHAPES shapes drawn with a generator of its own, so it is the same for every
    data seed.
    """
    ink_goal = [reference()["per_letter"][c]["ink_px_mean"] for c in LETTERS]  # i18n: not shown (a key)
    rng = np.random.default_rng(CALIBRATION_SEED)
    middle = np.arange(-LEVELS[0], len(THRESHOLDS) - LEVELS[-1])  # base thresholds to try
    level = np.tile(LEVELS, CALIBRATION_SHAPES // len(LEVELS))
    faces = []
    for name, thicken in FONTS.items():
        font = FT2Font(str(_font_path(name)))
        font.set_size(64, 72)
        font.set_size(64 * CAP_HEIGHT * HIRES / _glyph(font, "H").shape[0], 72)
        glyphs = [_glyph(font, letter) for letter in LETTERS]
        base = np.zeros(len(LETTERS), int)
        for k, glyph in enumerate(glyphs):
            every = np.broadcast_to(THRESHOLDS, (len(level), len(THRESHOLDS)))
            ink = _draw(glyph, k, len(level), rng, thicken, every).sum(axis=(-2, -1))  # (shapes, thresholds)
            error = [abs(ink[np.arange(len(level)), i + level].mean() - ink_goal[k]) for i in middle]
            base[k] = middle[np.argmin(error)]
        faces.append((thicken, glyphs, base))
    return faces


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
    rows, cols = ink.any(axis=2), ink.any(axis=1)  # (n, SIZE) each
    last_row = SIZE - 1 - np.argmax(rows[:, ::-1], axis=1)
    last_col = SIZE - 1 - np.argmax(cols[:, ::-1], axis=1)
    index = np.arange(SIZE)
    box = (index[:, None] <= last_row[:, None, None]) & (index[None, None, :] <= last_col[:, None, None])
    free = ~ink & ~white_neighbour(ink) & box  # a white pixel here stays isolated
    scores = np.where(free, rng.random(free.shape), -1.0).reshape(n, -1)
    spot = np.argmax(scores, axis=1)  # a random free pixel
    pick = pick & (scores[np.arange(n), spot] >= 0)
    flat = ink.reshape(n, -1)
    flat[np.flatnonzero(pick), spot[pick]] = True
    return flat.reshape(ink.shape), pick


def _generate_chunk(n, rng):
    share, _, top0, _ = _poses()
    faces = _faces()
    y = rng.choice(len(LETTERS), size=n, p=share)
    face = rng.integers(0, len(faces), n)
    level = rng.choice(LEVELS, n)
    ink = np.zeros((n, SIZE, SIZE), bool)
    for f, (thicken, glyphs, base) in enumerate(faces):
        for k, glyph in enumerate(glyphs):
            mine = np.flatnonzero((face == f) & (y == k))
            threshold = THRESHOLDS[base[k] + level[mine]][:, None]  # (m, 1)
            ink[mine] = _draw(glyph, k, len(mine), rng, thicken, threshold)[:, 0]
    ink = _align_top_left(ink)
    down = rng.random(n) >= top0[y]  # start at row 1 instead of 0
    ink[down] = np.roll(ink[down], 1, axis=1)  # row 16 is blank (h ≤ 16): no wrap
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
    # at most 5 × the largest split (about 75 s here): 10**8 would run for ten hours and fill 116 GB
    n = whole_number(n, "n", 0, 5 * max(SPLITS.values()), where="generate_letters")
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


def _read_cache(path, seed):
    """The splits from `path`, or what is wrong with the cache, as the end of "cache <path> ...":
    "is empty". The file must say it holds the letters of `seed` (a file renamed from another seed is not)."""
    if not path.exists():
        return None, "missing"
    checksum = path.with_suffix(".sha256")
    try:
        if path.stat().st_size == 0:
            return None, _("is corrupt (empty)")
        if not checksum.is_file():
            return None, _("has no checksum file {name}").format(name=checksum.name)
        if checksum.read_text().strip() != _sha256(path):
            return None, _("is corrupt (it does not match its checksum)")
    except (OSError, UnicodeDecodeError) as e:
        reason = getattr(e, "strerror", None) or type(e).__name__
        return None, _("cannot be read ({reason})").format(reason=reason)
    try:
        with np.load(path, allow_pickle=False) as f:
            if "generator" not in f or str(f["generator"]) != generator_fingerprint():
                return None, _("was made by another version of the generator")
            if "seed" not in f or f["seed"].shape != () or int(f["seed"]) != seed:
                return None, _("holds the letters of another seed, not of seed {seed}").format(seed=seed)
            arrays = {}
            for split, n in SPLITS.items():
                X = np.unpackbits(f[f"X_{split}"], axis=1, count=SIZE * SIZE).astype(np.float32)
                y = f[f"y_{split}"].astype(np.int64)
                if X.shape != (n, SIZE * SIZE) or y.shape != (n,) or y.min() < 0 or y.max() >= len(LETTERS):
                    return None, _("is corrupt (wrong shapes)")
                arrays[f"X_{split}"], arrays[f"y_{split}"] = X, y
    except Exception as e:  # truncated zip, missing keys, garbage: regenerate
        return None, _("is corrupt ({error})").format(error=type(e).__name__)
    return LetterSplits(**arrays), None


def _write_cache(path, splits, seed):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    try:
        _write_arrays(tmp, splits, seed)
        digest = _sha256(tmp)
        os.replace(tmp, path)  # atomic: a crash never leaves a half-written cache
    finally:
        tmp.unlink(missing_ok=True)  # only left if writing failed (a full disk) or was interrupted
    path.with_suffix(".sha256").write_text(digest + "\n")


def _write_arrays(tmp, splits, seed):
    """The splits, bit-packed, with the seed and the generator's fingerprint, to the file `tmp`."""
    with open(tmp, "wb") as f:
        np.savez_compressed(
            f,
            generator=np.array(generator_fingerprint()),
            seed=np.array(seed),
            **{
                f"{kind}_{split}": (
                    np.packbits(getattr(splits, f"X_{split}").astype(np.uint8), axis=1)
                    if kind == "X"
                    else getattr(splits, f"y_{split}").astype(np.uint8)
                )
                for split in SPLITS
                for kind in ("X", "y")
            },
        )


@stopped_in_one_line(
    N_(
        "load_letters: stopped before the letters were ready (only the first call is slow: it "
        "generates them, later ones read the cache); run the cell again and let it finish"
    )
)
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
    cache_dir = (
        default_cache_dir()
        if cache_dir is None
        else path_like(cache_dir, _("cache_dir must be a folder's path such as 'data'"), where="load_letters")
    )
    path = cache_dir / f"letters-seed{seed}.npz"  # i18n: not shown (a file name)
    in_the_way = path.is_dir()  # a folder where the cache file should be: never delete it for the user
    if in_the_way:
        warnings.warn(
            CourseWarning(
                _(
                    "letters: {path} is a folder, so the letters are generated in memory "
                    "and not cached; remove that folder to cache them again"
                ).format(path=path)
            ),
            stacklevel=2,
        )
        splits, problem = None, "missing"
    else:
        splits, problem = _read_cache(path, seed)
    if splits is not None:
        return splits
    if verbose and problem != "missing":
        print(
            _("letters: cache {path} {problem}; regenerating").format(path=path, problem=problem),
            file=sys.stdout,
        )
    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    arrays = {}
    for split, n in SPLITS.items():
        arrays[f"X_{split}"], arrays[f"y_{split}"] = generate_letters(n, rng)
    splits = LetterSplits(**arrays)
    where = _("(not cached)")
    if not in_the_way:
        try:
            _write_cache(path, splits, seed)
            where = f"→ {path}"
        except OSError as e:  # read-only disk: still usable, just not cached
            where = _("(not cached: {reason})").format(reason=e.strerror)
    if verbose:
        print(
            _("letters: generated {count:,} images in {seconds:.1f} s {where}").format(
                count=sum(SPLITS.values()), seconds=time.perf_counter() - start, where=where
            )
        )

    return splits
