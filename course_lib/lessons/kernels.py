"""Hand-made 3×3 kernels and the feature maps they make of a photograph (notebook 06).

A kernel is a feature detector: the feature map is large where the image looks like the kernel. A Sobel
kernel weighs the column to the right against the column to the left, so it answers to vertical edges;
its transpose to horizontal ones. `apply_kernel` runs a kernel through the library's own `Conv2d` (one
input channel, one filter, padding 1, no bias), so what the widget shows is what a conv layer computes:

    feature[i, j] = Σ_u Σ_v kernel[u, v] · image_pad[i + u, j + v]        image (H, W) → feature (H, W)
"""

import numpy as np

from ..conv import Conv2d
from ..errors import DataError, ShapeError
from ..i18n import _
from ..layers import as_numbers

# The names are keys that code uses (KERNELS["vertical edges (Sobel)"]), the same in every language; the
# kernel widget shows them translated (course_lib.viz.widgets.cnn.preset_labels).
KERNELS = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "vertical edges (Sobel)": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],  # i18n: not shown (a key)
    "horizontal edges (Sobel)": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],  # i18n: not shown (a key)
    "all edges (Laplacian)": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],  # i18n: not shown (a key)
    "blur (box)": [[1 / 9] * 3] * 3,
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
}


def apply_kernel(image, kernel):
    """A one-filter Conv2d (padding 1) with weights `kernel` (3, 3): image (H, W) → feature map (H, W)."""
    image = as_numbers(image, _("apply_kernel: the image"))
    kernel = as_numbers(kernel, _("apply_kernel: the kernel"))
    if kernel.shape != (3, 3) or image.ndim != 2:
        raise ShapeError(
            _(
                "apply_kernel(image, kernel) needs a grey image (H, W) and a 3×3 kernel, "
                "got shapes {image_shape} and {kernel_shape}"
            ).format(image_shape=image.shape, kernel_shape=kernel.shape)
        )
    if not (np.isfinite(image).all() and np.isfinite(kernel).all()):
        raise DataError(
            _("apply_kernel: the image and the kernel must hold finite numbers only (no NaN or inf)")
        )
    conv = Conv2d(1, 1, 3, np.random.default_rng(0), padding=1)
    conv.params["b"][:] = 0
    with np.errstate(over="ignore", invalid="ignore"):
        conv.params["W"][0, 0] = kernel
        feature = conv.forward(image[None, None].astype(np.float32))[0, 0]
    if not np.isfinite(feature).all():  # float32, like every conv layer: nothing beyond ±3.4e38
        raise DataError(
            _(
                "apply_kernel: the feature map overflows (a conv layer computes in float32, up to "
                "3.4e38) with kernel numbers as large as {kernel_max:.3g} and pixels as "
                "large as {image_max:.3g}: use smaller numbers, e.g. −10 to 10"
            ).format(kernel_max=np.abs(kernel).max(), image_max=np.abs(image).max())
        )
    return feature
