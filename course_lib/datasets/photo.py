"""A real photograph for chapter 06, from the sample data matplotlib installs (nothing is downloaded)."""

import matplotlib.cbook as cbook
import matplotlib.image as mpimg
import numpy as np

from ..errors import whole_number
from ..i18n import _


def sample_photo(size=160):
    """Grace Hopper's portrait (matplotlib's sample_data), grey, in [0, 1], cropped square and shrunk by
    block averaging to about size × size. Returns float32 (H, W)."""
    size = whole_number(size, _("size (pixels a side)"), 8, 1000, where="sample_photo")
    with cbook.get_sample_data("grace_hopper.jpg") as f:  # i18n: not shown (a file name)
        rgb = mpimg.imread(f).astype(np.float32) / 255
    grey = rgb @ np.array([0.299, 0.587, 0.114], np.float32)  # luma weights
    side = min(grey.shape)
    grey = grey[:side, (grey.shape[1] - side) // 2 :][:, :side]
    factor = max(1, side // size)
    n = side // factor
    return grey[: n * factor, : n * factor].reshape(n, factor, n, factor).mean(axis=(1, 3))
