"""The biological neuron beside the mathematical one (notebook 01), drawn with matplotlib patches.

Colours pair the parts: synapses ↔ weights, dendrites ↔ inputs, cell body ↔ the sum, firing ↔ the
activation, axon ↔ the output. A sketch, not anatomy: real neurons have thousands of synapses. Figure text
is English only (the default font has no Chinese glyphs); the Chinese names are in the notebook's prose.
"""

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch

INPUT, WEIGHT, BODY, FIRE, OUTPUT = "#2e75b6", "#c00000", "#7f6000", "#7030a0", "#548235"
PROJECTOR_FONT = 14  # font.size from which the panels stack (projection mode's 16 pt; the course's is 11)


def _branch(ax, start, angle, length, depth, colour, lw):
    """A dendrite: a line that forks in two, `depth` times, thinner each time; returns the tips."""
    end = (start[0] + length * np.cos(angle), start[1] + length * np.sin(angle))
    ax.plot([start[0], end[0]], [start[1], end[1]], color=colour, lw=lw, solid_capstyle="round")
    if depth == 0:
        return [end]
    return _branch(ax, end, angle + 0.45, 0.65 * length, depth - 1, colour, 0.65 * lw) + _branch(
        ax, end, angle - 0.45, 0.65 * length, depth - 1, colour, 0.65 * lw
    )


def _label(ax, xy, text, colour, xytext):
    ax.annotate(
        text,
        xy,
        xytext=xytext,
        color=colour,
        fontsize="small",
        ha="center",
        va="center",
        arrowprops=dict(arrowstyle="-", color=colour, lw=0.8),
    )


def biological_and_artificial_neuron():
    """Figure: left, a neuron (dendrites, cell body, axon, synapses on the next cells); right,
    a = f(Σ wᵢxᵢ + b) with the same parts in the same colours. Text sizes are relative to font.size, so
    projection mode (16 pt) enlarges them; there the panels are stacked, each the figure's whole width,
    so the larger labels still have room and the picture is not shrunk to fit the screen."""
    if matplotlib.rcParams["font.size"] >= PROJECTOR_FONT:
        fig = Figure(figsize=(9, 8.4), layout="constrained")  # ≤ 1 000 px wide at 110 dpi: not shrunk
        bio, math = fig.subplots(2, 1, height_ratios=[1, 1])
    else:
        fig = Figure(figsize=(10.5, 3.9), layout="constrained")
        bio, math = fig.subplots(1, 2, width_ratios=[1.25, 1])
    for ax in (bio, math):
        ax.set_aspect("equal")
        ax.set_axis_off()

    # -- the biological neuron: signals flow from left to right --
    bio.set(xlim=(-1.0, 10.4), ylim=(-2.3, 2.4))
    soma = (2.6, 0.0)
    for angle in (2.2, 2.75, 3.3, 3.85):  # dendrites spread to the left
        start = (soma[0] + 0.55 * np.cos(angle), soma[1] + 0.55 * np.sin(angle))
        for tip in _branch(bio, start, angle, 0.75, 2, INPUT, 3.0):
            bio.add_patch(Circle(tip, 0.07, color=WEIGHT, zorder=3))  # synapses from earlier neurons
    bio.add_patch(Ellipse(soma, 1.3, 1.1, facecolor="#fbe5d6", edgecolor=BODY, lw=2, zorder=2))
    bio.add_patch(Circle(soma, 0.17, color=BODY, zorder=3))  # the nucleus
    bio.plot([3.25, 3.55], [0, 0], color=FIRE, lw=5, solid_capstyle="butt")  # axon hillock: fires or not
    bio.plot([3.55, 7.6], [0, 0], color=OUTPUT, lw=3)  # the axon ...
    for x0 in np.arange(3.9, 7.3, 0.85):  # ... with its myelin sheath
        bio.add_patch(Ellipse((x0 + 0.3, 0), 0.6, 0.28, facecolor="#e2efda", edgecolor=OUTPUT, zorder=3))
    for angle in (0.55, 0.0, -0.55):  # axon terminals and their synapses
        tip = (7.6 + 1.1 * np.cos(angle), 1.1 * np.sin(angle))
        bio.plot([7.6, tip[0]], [0, tip[1]], color=OUTPUT, lw=1.8)
        bio.add_patch(Circle(tip, 0.12, color=WEIGHT, zorder=3))
        bio.plot([tip[0] + 0.18, tip[0] + 0.9], [tip[1], tip[1] + 0.25 * np.sign(angle)], color="0.7", lw=2)
    bio.text(9.95, -1.05, "next\nneurons", color="0.5", fontsize="small", ha="center")
    # the labels are figure text, English like every figure's (the one at (-0.05, 2.1) is clear of the tips)
    _label(bio, (1.0, 0.95), "dendrites\n(collect the inputs)", INPUT, (-0.05, 2.1))  # i18n: not shown
    synapses = "synapses: how strongly\neach input counts"  # i18n: not shown
    _label(bio, (0.42, -0.93), synapses, WEIGHT, (0.1, -1.95))
    _label(bio, (2.75, -0.5), "cell body\n(adds the signals up)", BODY, (3.9, -1.6))  # i18n: not shown
    _label(bio, (3.4, 0.1), "fires if the sum is\nlarge enough", FIRE, (3.9, 1.55))  # i18n: not shown
    _label(bio, (6.0, 0.15), "axon: carries the output", OUTPUT, (6.3, 1.0))  # i18n: not shown
    _label(bio, (8.6, -0.6), "synapses on the\nnext neurons", WEIGHT, (7.6, -1.6))  # i18n: not shown
    bio.set_title("a biological neuron (sketch)", fontsize="medium")

    # -- the mathematical neuron, the same parts in the same colours --
    math.set(xlim=(-0.3, 8.6), ylim=(-2.3, 2.4))
    body = (4.6, 0.0)
    for i, y in enumerate((1.5, 0.0, -1.5)):
        math.add_patch(Circle((0.6, y), 0.32, facecolor="white", edgecolor=INPUT, lw=2))
        math.text(0.6, y, f"$x_{i + 1}$", color=INPUT, ha="center", va="center", fontsize="large")
        math.add_artist(
            FancyArrowPatch(
                (0.95, y),
                (body[0] - 0.95, body[1] + 0.3 * y / 1.5),
                arrowstyle="-|>",
                mutation_scale=12,
                color="0.35",
            )
        )
        math.text(2.3, 0.62 * y + 0.22, f"$w_{i + 1}$", color=WEIGHT, fontsize="large", ha="center")
    math.add_patch(Circle(body, 0.9, facecolor="#fbe5d6", edgecolor=BODY, lw=2))
    math.plot([body[0], body[0]], [-0.9, 0.9], color=BODY, lw=1)
    math.text(body[0] - 0.45, 0.0, "$\\Sigma$\n$+b$", color=BODY, ha="center", va="center", fontsize="large")
    math.text(body[0] + 0.45, 0.0, "$f$", color=FIRE, ha="center", va="center", fontsize="x-large")
    math.add_artist(
        FancyArrowPatch((body[0] + 0.9, 0), (7.4, 0), arrowstyle="-|>", mutation_scale=14, color=OUTPUT, lw=2)
    )
    math.text(7.95, 0, "$a$", color=OUTPUT, fontsize="x-large", ha="center", va="center")
    math.text(0.6, -2.1, "inputs", color=INPUT, ha="center", fontsize="small")
    math.text(2.3, -2.1, "weights", color=WEIGHT, ha="center", fontsize="small")
    math.text(body[0] - 0.45, -1.45, "sum", color=BODY, ha="center", fontsize="small")
    math.text(body[0] + 0.7, -1.45, "activation", color=FIRE, ha="center", fontsize="small")
    math.text(7.2, -0.6, "output", color=OUTPUT, ha="center", fontsize="small")
    math.text(4.2, 1.85, "$a = f(w_1x_1 + w_2x_2 + w_3x_3 + b)$", ha="center", fontsize="large")
    math.set_title("the mathematical neuron", fontsize="medium")
    return fig
