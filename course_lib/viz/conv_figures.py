"""Figures of the CNN chapter (notebook 06): the sliding window with padding and stride, and the layers
of a network as a row of boxes. Each function returns a `matplotlib.figure.Figure`; the sizes come from
`conv.conv_output_size`, so the picture cannot disagree with the layer."""

from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from ..conv import conv_output_size
from ..errors import ConfigError
from ..i18n import _


def text_colour_on(colour):
    """'black' or 'white', whichever reads better on `colour`: black on light backgrounds, white on dark
    ones, by relative luminance 0.2126 R + 0.7152 G + 0.0722 B (sRGB, roughly linearised by squaring)."""
    r, g, b = (c * c for c in to_rgb(colour))
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 else "white"


def _grid(ax, x0, y0, rows, cols, colour="white", edge="0.4", zorder=1):
    for i in range(rows):
        for j in range(cols):
            ax.add_patch(Rectangle((x0 + j, y0 - i - 1), 1, 1, fc=colour, ec=edge, lw=0.8, zorder=zorder))


def sliding_window_figure(size=5, kernel=3, stride=2, padding=1):
    """A size×size input inside `padding` rings of zeros, the k×k window at its first two positions along
    the top row (stride apart), and the output grid with the two values those windows make."""
    out = conv_output_size(size, kernel, stride, padding)
    if out < 2:
        raise ConfigError(
            _(
                "sliding_window_figure: the output is {out}×{out}; pick a size with room for "
                "two windows in a row"
            ).format(out=out)
        )
    padded = size + 2 * padding
    x_out = padded + 3
    # the drawing's extent in cells: the stride label on the left, the arcs 1.6 above the top row, the
    # captions below; the figure is cut to it (0.36 in a cell), so no blank band is left around it
    xlim, ylim = (-2.2, x_out + out + 0.5), (-padded - 1.8, 1.6)
    cell = 0.36
    fig = Figure(
        figsize=(cell * (xlim[1] - xlim[0]), cell * (ylim[1] - ylim[0]) + 0.45), layout="constrained"
    )
    ax = fig.subplots()
    _grid(ax, 0, 0, padded, padded, colour="0.88")  # the zero padding
    for i in range(padding, padding + size):
        for j in range(padding, padding + size):
            ax.add_patch(Rectangle((j, -i - 1), 1, 1, fc="white", ec="0.4", lw=0.8))
    for i in range(padded):
        for j in range(padded):
            pad = not (padding <= i < padding + size and padding <= j < padding + size)
            ax.text(
                j + 0.5,
                -i - 0.5,
                "0" if pad else "x",
                ha="center",
                va="center",
                fontsize=10,
                color="0.45" if pad else "black",
            )
    _grid(ax, x_out, -(padded - out) / 2, out, out)
    for step, colour in enumerate(("tab:blue", "tab:orange")):
        left = step * stride
        inset = 0.06 * (step + 1)  # the two windows overlap: draw the second slightly smaller
        ax.add_patch(
            Rectangle(
                (left + inset, -kernel + inset),
                kernel - 2 * inset,
                kernel - 2 * inset,
                fill=False,
                ec=colour,
                lw=2.5,
                zorder=3,
            )
        )
        cell = (x_out + step, -(padded - out) / 2 - 1)
        ax.add_patch(Rectangle(cell, 1, 1, fc=colour, alpha=0.5, ec=colour, lw=2, zorder=3))
        ax.annotate(
            "",
            xy=(cell[0] + 0.5, cell[1] + 0.5),
            xytext=(left + kernel / 2, 1.0),
            arrowprops=dict(
                arrowstyle="->", color=colour, lw=1.5, connectionstyle=f"arc3,rad={-0.25 - 0.1 * step}"
            ),
        )
    ax.annotate("", xy=(stride + 0.5, 0.35), xytext=(0.5, 0.35), arrowprops=dict(arrowstyle="->", lw=1.2))
    ax.text(-0.2, 0.35, f"stride {stride}", ha="right", va="center", fontsize=11)
    ax.text(
        padded / 2,
        -padded - 0.4,
        f"input {size}×{size} (x) with padding {padding} (grey 0s): {padded}×{padded}",
        ha="center",
        va="top",
        fontsize=11,
    )
    ax.text(
        x_out + out / 2,
        -(padded - out) / 2 - out - 0.4,
        f"output {out}×{out}:\none value per window position",
        ha="center",
        va="top",
        fontsize=11,
    )
    fig.suptitle(
        f"a {kernel}×{kernel} kernel at its first two positions (blue, orange),\n"
        "each making one output value",
        fontsize=11,
    )
    ax.set(xlim=xlim, ylim=ylim, aspect="equal")
    ax.set_axis_off()
    return fig


def layers_figure(shapes, box_width=4.4):
    """A column of boxes, one per (name, shape) in `shapes` (the input first), joined by arrows down, each
    layer's output shape beside its box: the model read from input to output, as `repr` lists it.

    A column, not a row: a row of six boxes is wider than the page, which shrinks it, and its text with it
    (to 12 px on a projector); in a column every name keeps its full size."""
    row = 1.1  # data units from one box to the next (a box is 0.7 high)
    fig = Figure(figsize=(0.62 * (box_width + 2.6), 0.62 * row * len(shapes) + 0.1), layout="constrained")
    ax = fig.subplots()
    for i, (name, shape) in enumerate(shapes):
        y = -i * row
        ax.add_patch(
            FancyBboxPatch((0, y - 0.3), box_width, 0.6, boxstyle="round,pad=0.05", fc="aliceblue", ec="k")
        )
        ax.text(box_width / 2, y, str(name), ha="center", va="center", fontsize=11)
        ax.text(box_width + 0.3, y, " × ".join(map(str, shape)), ha="left", va="center", fontsize=11)
        if i:
            ax.annotate(
                "",
                (box_width / 2, y + 0.37),
                (box_width / 2, y + row - 0.37),
                arrowprops=dict(arrowstyle="->"),
            )
    ax.set(xlim=(-0.15, box_width + 2.5), ylim=(-(len(shapes) - 1) * row - 0.4, 0.4))
    ax.set_axis_off()
    return fig
