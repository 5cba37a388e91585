"""Measure a set of 17×17 letter images the way the letters lab's letters were measured.

`measure(X, y)` returns the statistics of `seed_letters_stats.json` (the lab's train split) for any
(N, 289) set of {0, 1} images, so generated letters and the lab's can be compared figure by figure;
`compare(X, y)` lays the two side by side as rows of a table.

Definitions (the reference's):
- ink: white pixels per image;
- height, width: the bounding box of all white pixels, in pixels;
- first ink row / column: the box's top row / left column (shares of images with 0, 1, 2, 3);
- isolated white pixel: a white pixel with no white 4-neighbour (above, below, left, right);
- per letter: share of the images, mean ink, median width and height, and the mean image (17×17).

`confusions(y, predicted)` lists the letters a network takes for others, most common first, in the form the
reference gives the lab's network's (`letters.lab_recipe_reference`).
"""

import numpy as np

from ..i18n import _
from .letters import LETTERS, SIZE, lab_recipe_reference, reference, white_neighbour


def _boxes(images):
    """First row, first column, height and width of the ink of (N, SIZE, SIZE) bool images (N,) each;
    an empty image counts as height and width 0 at row and column 0."""
    rows, cols = images.any(axis=2), images.any(axis=1)
    top, left = np.argmax(rows, axis=1), np.argmax(cols, axis=1)
    bottom = SIZE - np.argmax(rows[:, ::-1], axis=1)
    right = SIZE - np.argmax(cols[:, ::-1], axis=1)
    empty = ~rows.any(axis=1)
    height, width = np.where(empty, 0, bottom - top), np.where(empty, 0, right - left)
    return top, left, height, width


def isolated_pixels(images):
    """(N,) count of white pixels with no white 4-neighbour in each (N, SIZE, SIZE) bool image."""
    return (images & ~white_neighbour(images)).sum(axis=(1, 2))


def measure(X, y):
    """The reference's statistics of images X (N, 289) in {0, 1} with labels y (N,) in 0..25 (a dict)."""
    images = np.asarray(X).reshape(-1, SIZE, SIZE) > 0.5
    y = np.asarray(y)
    top, left, height, width = _boxes(images)
    ink = images.sum(axis=(1, 2))
    alone = isolated_pixels(images)
    shares = lambda v: [round(float(np.mean(v == k)), 4) for k in range(4)]  # noqa: E731
    per_letter = {}
    for k, c in enumerate(LETTERS):
        mine = y == k
        if not mine.any():
            continue
        per_letter[c] = {
            "share": round(float(mine.mean()), 4),
            "ink_px_mean": round(float(ink[mine].mean()), 1),  # i18n: not shown (a key)
            "width_p50": float(np.median(width[mine])),
            "height_p50": float(np.median(height[mine])),
            "mean_image": images[mine].mean(axis=0).round(2).tolist(),
        }
    return {
        "images": int(len(images)),
        "ink_px_mean": round(float(ink.mean()), 1),  # i18n: not shown (a key)
        "ink_height_px_p10_p50_p90": np.percentile(height, [10, 50, 90]).tolist(),  # i18n: not shown (a key)
        "ink_width_px_p10_p50_p90": np.percentile(width, [10, 50, 90]).tolist(),  # i18n: not shown (a key)
        "first_ink_row_share_0_1_2_3": shares(top),  # i18n: not shown (a key)
        "first_ink_col_share_0_1_2_3": shares(left),  # i18n: not shown (a key)
        "isolated_white_px_per_image_mean": round(float(alone.mean()), 3),  # i18n: not shown (a key)
        "share_of_images_with_an_isolated_white_px": round(float(np.mean(alone > 0)), 3),  # i18n: not shown
        "per_letter": per_letter,
    }


def lab_mean_images():
    """(26, 17, 17) the lab's per-letter mean images, A to Z (each pixel: the share of images white there)."""
    return np.array([reference()["per_letter"][c]["mean_image"] for c in LETTERS])


def mean_image_correlation(stats, ref=None):
    """(26,) Pearson correlation of each letter's mean image in `stats` with the reference's."""
    ref = ref or reference()
    return np.array(
        [
            np.corrcoef(
                np.ravel(stats["per_letter"][c]["mean_image"]), np.ravel(ref["per_letter"][c]["mean_image"])
            )[0, 1]
            for c in LETTERS
        ]
    )


def compare(X, y):
    """Rows (measure, the lab's value, this set's value) of the headline statistics, as strings."""
    ref, ours = reference(), measure(X, y)
    fmt = lambda v: " / ".join(f"{x:g}" for x in v) if isinstance(v, list) else f"{v:g}"  # noqa: E731
    rows = [
        (_("white pixels per image"), "ink_px_mean"),  # i18n: not shown (the key)
        (_("ink height p10 / p50 / p90 (px)"), "ink_height_px_p10_p50_p90"),  # i18n: not shown (the key)
        (_("ink width p10 / p50 / p90 (px)"), "ink_width_px_p10_p50_p90"),  # i18n: not shown (the key)
        (_("first ink row 0 / 1 / 2 / 3"), "first_ink_row_share_0_1_2_3"),  # i18n: not shown (the key)
        (_("first ink column 0 / 1 / 2 / 3"), "first_ink_col_share_0_1_2_3"),  # i18n: not shown (the key)
        (_("isolated white pixels per image"), "isolated_white_px_per_image_mean"),  # i18n: not shown (key)
        (
            _("images with an isolated white pixel"),
            "share_of_images_with_an_isolated_white_px",  # i18n: not shown (the key)
        ),
    ]
    table = [(name, fmt(ref[key]), fmt(ours[key])) for name, key in rows]
    keys = ("share", "ink_px_mean", "width_p50")  # i18n: not shown (keys)
    letter = lambda v: " / ".join(f"{v[key]:g}" for key in keys)  # noqa: E731
    for c in ("I", "Q", "W"):
        ours_c = ours["per_letter"].get(c, {"share": 0, "ink_px_mean": 0, "width_p50": 0})  # i18n: not shown
        name = _('"{letter}": share / white pixels / width').format(letter=c)
        table.append((name, letter(ref["per_letter"][c]), letter(ours_c)))
    corr = mean_image_correlation(ours, ref)
    table.append(
        (
            _("mean-image correlation, mean (lowest)"),
            "1",
            f"{corr.mean():.3f} ({corr.min():.2f}, {LETTERS[int(np.argmin(corr))]})",
        )
    )
    return table


def confusions(y, predicted):
    """The confusions of predicted labels (N,) against the true labels y (N,), most common first (ties in
    alphabetical order): a list of ("L->I", count), true letter -> predicted letter."""
    y, predicted = np.asarray(y), np.asarray(predicted)
    wrong = predicted != y
    pairs, counts = np.unique(y[wrong] * len(LETTERS) + predicted[wrong], return_counts=True)
    order = np.argsort(-counts, kind="stable")
    return [
        (f"{LETTERS[p // len(LETTERS)]}->{LETTERS[p % len(LETTERS)]}", int(n))
        for p, n in zip(pairs[order], counts[order])
    ]


def lab_confusions():
    """The lab's network's most common confusions on the lab's letters, summed over three seeds:
    [("L->I", 43), …]."""
    key = "most_common_confusions_true_to_predicted_summed_over_seeds"  # i18n: not shown (a key)
    pairs = lab_recipe_reference()[key]
    return [tuple(pair) for pair in pairs]
