"""The small CNN of chapter 6 for the 17 × 17 letters (notebooks 06 and 06b).

One convolution layer (or two: `second`), one pooling layer and one dense layer, in the textbook's order
conv → activation → pool → fully connected:

    x (N, 1, 17, 17)
    → Conv2d 3×3, padding 1, `filters` kernels      (N, filters, 17, 17)   filters·(9 + 1) parameters
    → [BatchNorm over the channels]                  (N, filters, 17, 17)   2·filters (only if batch_norm)
    → activation (ReLU unless told otherwise)        (N, filters, 17, 17)
    → pool 2×2 (max unless told otherwise; floors)   (N, filters, 8, 8)     the 17th row and column dropped
    → Flatten                                        (N, filters·64)
    → Linear filters·64 → 26, Xavier initialisation  (N, 26)                26·(filters·64 + 1) parameters

With the defaults (4 filters, no batch norm): 4·10 + 26·257 = 6 722 parameters. The kernels start from
`init` ("he": variance 2 / fan_in, fan_in = 9); one generator, seeded by `seed`, draws the kernels first
and the dense layer's weights second, so the same seed gives the same network.

With `second` = C2 > 0 (notebook 06b, section 3), a second convolution block follows the first pooling:

    → Conv2d 3×3, padding 1, filters → C2              (N, C2, 8, 8)          C2·(9·filters + 1) parameters
    → activation → pool 2×2                           (N, C2, 4, 4)
    → Flatten → Linear C2·16 → 26                      (N, 26)                26·(C2·16 + 1) parameters

With 4 and 16 filters: 40 + 592 + 6 682 = 7 314 parameters. Its kernels are drawn after the first layer's
and before the dense layer's, from the same generator.
"""

import numpy as np

from ..activations import ReLU
from ..conv import Conv2d
from ..errors import whole_number
from ..i18n import _
from ..layers import Linear
from ..model import Sequential
from ..normalization import BatchNorm
from ..pooling import Flatten, MaxPool2d


def letters_cnn(filters=4, pool=MaxPool2d, activation=ReLU, init="he", batch_norm=False, seed=0, second=0):
    """Conv 3×3 (`filters` kernels, padding 1) [→ BatchNorm] → `activation` → `pool`(2) [→ conv 3×3
    (`second` kernels, padding 1) → `activation` → `pool`(2), if second > 0] → Flatten → Linear(→ 26):
    letters (N, 1, 17, 17) → scores (N, 26). `pool` and `activation` are layer classes (e.g. MeanPool2d,
    Tanh); `init` the kernels' initialisation ("he", "normal", ...)."""
    second = whole_number(
        second, _("second (the second conv layer's kernels; 0: none)"), 0, where="letters_cnn"
    )
    rng = np.random.default_rng(seed)
    layers = [Conv2d(1, filters, 3, rng, padding=1, init=init)]
    layers += [BatchNorm(filters)] if batch_norm else []
    layers += [activation(), pool(2)]
    if second:
        layers += [Conv2d(filters, second, 3, rng, padding=1, init=init), activation(), pool(2)]
    features = second * 16 if second else filters * 64  # (4 × 4 or 8 × 8 cells) per channel
    layers += [Flatten(), Linear(features, 26, rng, init="xavier")]
    return Sequential(layers)
