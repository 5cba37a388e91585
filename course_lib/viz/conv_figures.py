"""Figures of the CNN chapter (notebook 06): the sliding window with padding and stride, and the layers
of a network as a row of boxes. Each function returns a `matplotlib.figure.Figure`; the sizes come from
`conv.conv_output_size`, so the picture cannot disagree with the layer."""
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from ..conv import conv_output_size
from ..errors import ConfigError


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
        raise ConfigError(f"sliding_window_figure: the output is {out}×{out}; pick a size with room for "
                          "two windows in a row")
    padded = size + 2 * padding
    x_out = padded + 3
    # the drawing's extent in cells: the stride label on the left, the arcs 1.6 above the top row, the
    # captions below; the figure is cut to it (0.36 in a cell), so no blank band is left around it
    xlim, ylim = (-2.2, x_out + out + 0.5), (-padded - 1.8, 1.6)
    cell = 0.36
    fig = Figure(figsize=(cell * (xlim[1] - xlim[0]), cell * (ylim[1] - ylim[0]) + 0.45),
                 layout="constrained")
    ax = fig.subplots()
    _grid(ax, 0, 0, padded, padded, colour="0.88")                        # the zero padding
    for i in range(padding, padding + size):
        for j in range(padding, padding + size):
            ax.add_patch(Rectangle((j, -i - 1), 1, 1, fc="white", ec="0.4", lw=0.8))
    for i in range(padded):
        for j in range(padded):
            pad = not (padding <= i < padding + size and padding <= j < padding + size)
            ax.text(j + 0.5, -i - 0.5, "0" if pad else "x", ha="center", va="center", fontsize=9,
                    color="0.45" if pad else "black")
    _grid(ax, x_out, -(padded - out) / 2, out, out)
    for step, colour in enumerate(("tab:blue", "tab:orange")):
        left = step * stride
        inset = 0.06 * (step + 1)              # the two windows overlap: draw the second slightly smaller
        ax.add_patch(Rectangle((left + inset, -kernel + inset), kernel - 2 * inset, kernel - 2 * inset,
                               fill=False, ec=colour, lw=2.5, zorder=3))
        cell = (x_out + step, -(padded - out) / 2 - 1)
        ax.add_patch(Rectangle(cell, 1, 1, fc=colour, alpha=0.5, ec=colour, lw=2, zorder=3))
        ax.annotate("", xy=(cell[0] + 0.5, cell[1] + 0.5), xytext=(left + kernel / 2, 1.0),
                    arrowprops=dict(arrowstyle="->", color=colour, lw=1.5,
                                    connectionstyle=f"arc3,rad={-0.25 - 0.1 * step}"))
    ax.annotate("", xy=(stride + 0.5, 0.35), xytext=(0.5, 0.35), arrowprops=dict(arrowstyle="->", lw=1.2))
    ax.text(-0.2, 0.35, f"stride {stride}", ha="right", va="center", fontsize=9)
    ax.text(padded / 2, -padded - 0.4,
            f"input {size}×{size} (x) with padding {padding} (grey 0s): {padded}×{padded}", ha="center",
            va="top", fontsize=10)
    ax.text(x_out + out / 2, -(padded - out) / 2 - out - 0.4,
            f"output {out}×{out}:\none value per window position", ha="center", va="top",
            fontsize=10)
    fig.suptitle(f"a {kernel}×{kernel} kernel at its first two positions (blue, orange),\n"
                 "each making one output value", fontsize=10)
    ax.set(xlim=xlim, ylim=ylim, aspect="equal")
    ax.set_axis_off()
    return fig


def layers_figure(shapes, box_width=1.9, gap=0.5):
    """A row of boxes, one per (name, shape) in `shapes` (the input first), joined by arrows. Each box is
    as wide as `box_width` data units and its text is set small enough to stay inside it."""
    fig = Figure(figsize=(0.62 * len(shapes) * (box_width + gap), 1.6), layout="constrained")
    ax = fig.subplots()
    step = box_width + gap
    for i, (name, shape) in enumerate(shapes):
        ax.add_patch(FancyBboxPatch((i * step, 0), box_width, 1, boxstyle="round,pad=0.05",
                                    fc="aliceblue", ec="k"))
        label = str(name).replace(", padding", ",\npadding")      # a long conv name on two lines
        ax.text(i * step + box_width / 2, 0.5, f"{label}\n{' × '.join(map(str, shape))}", ha="center",
                va="center", fontsize=7.5)
        if i:
            ax.annotate("", (i * step - 0.05, 0.5), (i * step - gap + 0.08, 0.5),
                        arrowprops=dict(arrowstyle="->"))
    ax.set(xlim=(-0.15, len(shapes) * step - gap + 0.15), ylim=(-0.15, 1.15))
    ax.set_axis_off()
    return fig
