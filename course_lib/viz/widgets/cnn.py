"""Widget of chapter 06: pick or edit a 3×3 kernel and see the feature map it makes of a photograph."""

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ...datasets.photo import sample_photo
from ...errors import ShapeError, one_of
from ...i18n import _
from ...lessons.kernels import KERNELS, apply_kernel
from ..conv_figures import text_colour_on
from .base import Explorer, finite_array, guarded

PRESETS = [*KERNELS, "custom"]


def preset_labels():
    """What the menu shows for each of PRESETS, in the learner's language (the values stay KERNELS's keys,
    which code uses); in the order of KERNELS."""
    labels = [
        _("identity"),
        _("vertical edges (Sobel)"),
        _("horizontal edges (Sobel)"),
        _("all edges (Laplacian)"),
        _("blur (box)"),
        _("sharpen"),
        _("custom"),
    ]
    return dict(zip(PRESETS, labels, strict=True))


class KernelExplorer(Explorer):
    """A preset menu and nine number boxes: the kernel, the photograph and its feature map."""

    def __init__(self, image=None):
        self.feature = None  # the last update's feature map
        self.image = sample_photo() if image is None else self._checked_image(image)
        self.cells = [W.FloatText(value=0.0, layout=W.Layout(width="64px")) for _ in range(9)]
        labels = preset_labels()
        preset = W.Dropdown(
            options=[(labels[p], p) for p in PRESETS], value=PRESETS[1], description=_("kernel")
        )
        super().__init__({"preset": preset})
        edited = guarded(self._edited, self._fail, self.where)
        for cell in self.cells:
            cell.observe(edited, names="value")
        self._filling = False
        grid = W.GridBox(self.cells, layout=W.Layout(grid_template_columns="repeat(3, 66px)"))
        self.ui.children = (W.HBox([preset, grid]), self.out)

    def _checked_image(self, image):
        """A grey (H, W) image of finite numbers, 3 to 1000 pixels a side (a larger one makes every redraw
        slow)."""
        shape = getattr(image, "shape", ())
        if shape and max(shape) > 1000:  # say so before copying a huge array
            raise ShapeError(
                _("{where}: the image must be from 3×3 to 1000×1000 pixels, got {shape}").format(
                    where=self.where, shape=shape
                )
            )
        image = finite_array(image, _("the image"), self.where)
        if image.ndim == 3 and image.shape[2] in (3, 4):
            raise ShapeError(
                _(
                    "{where}: the image must be grey, shape (H, W); for a colour image of "
                    "shape {shape} pass image[..., :3].mean(axis=2)"
                ).format(where=self.where, shape=image.shape)
            )
        if image.ndim != 2 or not (3 <= min(image.shape) and max(image.shape) <= 1000):
            raise ShapeError(
                _("{where}: the image must be from 3×3 to 1000×1000 pixels, got {shape}").format(
                    where=self.where, shape=image.shape
                )
            )
        return image.astype(np.float32)

    def _edited(self, _change):
        if not self._filling:  # a learner typed a number: that is a custom kernel
            if self.controls["preset"].value != "custom":
                self.controls["preset"].value = "custom"
            else:
                self.refresh()

    def update(self, preset=PRESETS[1], kernel=None):
        one_of(preset, _("kernel preset"), PRESETS, self.where)
        if kernel is None:
            if preset == "custom":
                kernel = np.array([c.value for c in self.cells]).reshape(3, 3)
            else:
                kernel = np.array(KERNELS[preset], dtype=float)
                self._filling = True
                for c, v in zip(self.cells, kernel.ravel()):
                    c.value = round(float(v), 3)
                self._filling = False
        kernel = finite_array(kernel, _("the kernel"), self.where)
        if kernel.shape != (3, 3):
            raise ShapeError(
                _("{where}: the kernel must be 3×3 (three rows of three numbers), got shape {shape}").format(
                    where=self.where, shape=kernel.shape
                )
            )
        feature = apply_kernel(self.image, kernel)
        fig = Figure(figsize=(10, 3.6), layout="constrained")
        ax_k, ax_i, ax_f = fig.subplots(1, 3, width_ratios=[0.6, 1, 1])
        lim = max(np.abs(kernel).max(), 1e-9)
        shown = ax_k.imshow(kernel, cmap="RdBu", vmin=-lim, vmax=lim)
        for (i, j), v in np.ndenumerate(kernel):  # white on the dark blues and reds, black on the pale
            ax_k.text(
                j,
                i,
                f"{v:.2g}",
                ha="center",
                va="center",
                fontsize="small",
                color=text_colour_on(shown.cmap(shown.norm(v))),
            )
        ax_i.imshow(self.image, cmap="gray")
        ax_f.imshow(feature, cmap="gray")
        for ax, title in ((ax_k, "kernel"), (ax_i, "input"), (ax_f, "feature map")):
            ax.set(xticks=[], yticks=[], title=title)
        self.fig, self.feature = fig, feature
        return _("{preset}: feature map {height}×{width}, values {low:.2f} … {high:.2f}").format(
            preset=preset_labels()[preset],
            height=feature.shape[0],
            width=feature.shape[1],
            low=feature.min(),
            high=feature.max(),
        )
