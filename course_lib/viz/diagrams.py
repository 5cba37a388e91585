"""Schematic diagrams for the recurrent-network chapter (notebook 07): an RNN folded and unrolled,
an LSTM cell, and the backward gradient flow of BPTT. Each function returns a `matplotlib.figure.Figure`
(no pyplot state). Nothing here computes anything; the numerics live in `recurrent.py`.

Figure text is English only: the default font (DejaVu Sans) has no Chinese glyphs, so the Chinese
terms belong in the notebook prose.
"""

from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from ..errors import whole_number

MAX_STEPS = 12  # wider diagrams no longer fit a notebook page

SIGMA_COLOUR, TANH_COLOUR, STATE_COLOUR = "#f8cbad", "#bdd7ee", "#e2efda"
IO_COLOUR, OP_COLOUR, GRAD_COLOUR = "#f2f2f2", "#fff2cc", "crimson"


def _canvas(xlim, ylim, inches_per_unit=0.68):
    """One frameless axes in data units where a box is about 1 wide. Equal aspect keeps circles round,
    and the figure size follows the data range so there is no empty margin (0.5 in on top for the title)."""
    size = (inches_per_unit * (xlim[1] - xlim[0]), inches_per_unit * (ylim[1] - ylim[0]) + 0.5)
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.subplots()
    ax.set(xlim=xlim, ylim=ylim, aspect="equal")
    ax.set_axis_off()
    return fig, ax


def _box(ax, xy, text, colour, w=0.9, h=0.55, fontsize=12):
    """A rounded box centred at xy with its label in the middle."""
    x, y = xy
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle="round,pad=0.02,rounding_size=0.1",  # i18n: not shown (a style)
            facecolor=colour,
            edgecolor="black",
            lw=1.2,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)


def _op(ax, xy, symbol, r=0.2):
    """A pointwise operation (× or +) as a small circle."""
    ax.add_patch(Circle(xy, r, facecolor=OP_COLOUR, edgecolor="black", lw=1.2))
    ax.text(*xy, symbol, ha="center", va="center", fontsize=13)


def _arrow(ax, start, end, label=None, colour="black", rad=0.0, style="arc3"):
    """An arrow from start to end (curved by rad, or any connection style); the optional label sits at
    the midpoint on a white patch, so the line never runs through the letters."""
    conn = f"arc3,rad={rad}" if style == "arc3" else style
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=13,
            color=colour,
            lw=1.3,
            shrinkA=0,
            shrinkB=0,
            connectionstyle=conn,
        )
    )
    if label is not None:
        mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        ax.text(
            *mid,
            label,
            ha="center",
            va="center",
            color=colour,
            fontsize=11,
            bbox=dict(facecolor="white", edgecolor="none", pad=0.5),
        )


def _rnn_column(ax, x, sub):
    """One copy of the network: input → U → hidden → V → output, stacked at horizontal position x.
    sub is the time index written under x, h, y (None for the folded network)."""
    index = f"_{{{sub}}}" if sub else ""
    _box(ax, (x, 0.0), f"$x{index}$", IO_COLOUR)
    _box(ax, (x, 1.6), f"$h{index}$", STATE_COLOUR)
    _box(ax, (x, 3.2), f"$y{index}$", IO_COLOUR)
    _arrow(ax, (x, 0.28), (x, 1.32), "U")
    _arrow(ax, (x, 1.88), (x, 2.92), "V")


def unrolled_rnn(steps=3):
    """A vanilla RNN folded (left) and unrolled over `steps` time steps (right).

    Left: x → U → h → V → y, with W drawn as a self-loop on h. Right: one column per step, the middle
    column labelled t (so steps=3 gives t−1, t, t+1), each with the same U, V, and W arrows carrying
    h from one column to the next. The caption gives h_t = tanh(x_t U + h_{t−1} W + b), y_t = h_t V + b_V
    (batch-first rows, as the code).

    Args:
        steps: how many time steps to draw in the unrolled part (≥ 1).
    """
    steps = whole_number(steps, "steps", 1, MAX_STEPS, where="unrolled_rnn")
    gap = 2.3  # horizontal distance between unrolled columns
    first = 5.0  # x of the first unrolled column
    last = first + gap * (steps - 1)
    right = max(last + 1.9, 9.0)  # wide enough for the caption even when steps=1
    fig, ax = _canvas((-0.7, right), (-0.75, 3.6))

    # Folded network: the recurrence is a loop on h, so W appears once.
    _rnn_column(ax, 0.0, sub=None)
    _arrow(ax, (0.45, 1.8), (0.45, 1.4), style="bar,fraction=-1.0")
    ax.text(1.1, 1.6, "W", ha="center", va="center", fontsize=11)

    _arrow(ax, (1.6, 1.6), (2.7, 1.6))
    ax.text(2.15, 1.85, "unroll", ha="center", va="bottom", fontsize=11)

    # Unrolled copies. The middle column is t; W also enters the first copy from the step before it.
    for k in range(steps):
        d = k - (steps - 1) // 2
        sub = "t" if d == 0 else f"t{'+' if d > 0 else '-'}{abs(d)}"
        x = first + gap * k
        _rnn_column(ax, x, sub)
        _arrow(ax, (x - gap + 0.45, 1.6), (x - 0.45, 1.6), "W")
    ax.text(first - gap + 0.3, 1.6, "…", ha="center", va="center", fontsize=14)
    _arrow(ax, (last + 0.45, 1.6), (last + gap - 0.45, 1.6), "W")
    ax.text(last + gap - 0.3, 1.6, "…", ha="center", va="center", fontsize=14)

    ax.text(
        0.5,
        0.0,
        "the same U, W, V at every step: parameters are shared across time",
        ha="center",
        va="bottom",
        fontsize=11,
        style="italic",
        transform=ax.transAxes,
    )
    fig.suptitle(r"$h_t = \tanh(x_t U + h_{t-1} W + b), \quad y_t = h_t V + b_V$", fontsize=13)
    return fig


def lstm_cell():
    """An LSTM cell. Along the top the cell state runs straight through, a "conveyor belt":
    c_{t−1} → × f_t → + i_t ⊙ g_t → c_t. Below, four gates read [h_{t−1}, x_t]: forget f (σ), input i (σ),
    candidate g (tanh), output o (σ), σ and tanh in different colours; tanh(c_t) × o_t gives h_t.
    Below the cell: the equations and a note on why the additive path lets gradients last (below, not
    beside: a figure wider than the page is shrunk, and its text with it)."""
    fig, ax = _canvas((-1.0, 10.0), (-3.0, 4.3))
    top, gate_y, bus_y, gate_h = 3.5, 1.5, 0.35, 0.8  # heights of the belt, gates, input bus; gate box height
    ax.add_patch(
        FancyBboxPatch(
            (0.5, -0.45),
            8.2,
            4.45,
            boxstyle="round,pad=0,rounding_size=0.3",  # i18n: not shown (a style)
            facecolor="#fafafa",
            edgecolor="grey",
            lw=1,
            ls="--",
        )
    )

    # The conveyor belt: c changes only by an elementwise × and +.
    fx, ix, gx, ox, outx = 2.2, 3.6, 5.0, 6.4, 7.7  # x of the forget, input, candidate, output columns
    right = 9.3
    ax.text(-0.1, top, "$c_{t-1}$", ha="right", va="center", fontsize=12)
    _arrow(ax, (0.0, top), (fx - 0.2, top))
    _op(ax, (fx, top), "×")
    _arrow(ax, (fx + 0.2, top), (gx - 0.2, top))
    _op(ax, (gx, top), "+")
    _arrow(ax, (gx + 0.2, top), (right, top))
    ax.text(right + 0.1, top, "$c_t$", ha="left", va="center", fontsize=12)

    # The input bus [h_{t−1}, x_t] feeds every gate.
    ax.text(-0.1, bus_y, "$h_{t-1}$", ha="right", va="center", fontsize=12)
    ax.text(1.0, -0.95, "$x_t$", ha="center", va="bottom", fontsize=12)
    ax.plot([0.0, ox], [bus_y, bus_y], color="black", lw=1.3)
    ax.plot([1.0, 1.0], [-0.6, bus_y], color="black", lw=1.3)
    ax.text(1.6, bus_y - 0.1, "$[h_{t-1}, x_t]$", ha="center", va="top", fontsize=10)
    gates = [
        (fx, "forget\n$f_t$  σ", SIGMA_COLOUR),
        (ix, "input\n$i_t$  σ", SIGMA_COLOUR),
        (gx, "candidate\n$g_t$  tanh", TANH_COLOUR),
        (ox, "output\n$o_t$  σ", SIGMA_COLOUR),
    ]
    for x, label, colour in gates:
        _arrow(ax, (x, bus_y), (x, gate_y - gate_h / 2))
        _box(ax, (x, gate_y), label, colour, w=1.2, h=gate_h, fontsize=10)

    # f scales the old state; i ⊙ g is what gets added.
    _arrow(ax, (fx, gate_y + gate_h / 2), (fx, top - 0.2))
    _op(ax, (gx, 2.55), "×")
    _arrow(ax, (gx, gate_y + gate_h / 2), (gx, 2.35))
    elbow = "angle,angleA=90,angleB=0,rad=0"  # i18n: not shown (a matplotlib style)
    _arrow(ax, (ix, gate_y + gate_h / 2), (gx - 0.2, 2.55), style=elbow)
    _arrow(ax, (gx, 2.75), (gx, top - 0.2))

    # Output: h_t = o_t ⊙ tanh(c_t), tapped off the belt after the +.
    _arrow(ax, (outx, top), (outx, 2.78))
    _box(ax, (outx, 2.55), "tanh", TANH_COLOUR, w=0.8, h=0.45, fontsize=10)
    _op(ax, (outx, gate_y), "×")
    _arrow(ax, (outx, 2.32), (outx, gate_y + 0.2))
    _arrow(ax, (ox + 0.6, gate_y), (outx - 0.2, gate_y))
    _arrow(ax, (outx + 0.2, gate_y), (right, gate_y))
    ax.text(right + 0.1, gate_y, "$h_t$", ha="left", va="center", fontsize=12)

    ax.text(
        -0.9,
        -1.25,
        "\n".join(
            [
                r"$f_t, i_t, o_t = \sigma(x_t U_\ast + h_{t-1} W_\ast + b_\ast)$",
                r"$g_t = \tanh(x_t U_g + h_{t-1} W_g + b_g)$",
                r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$",
                r"$h_t = o_t \odot \tanh(c_t)$",
            ]
        ),
        ha="left",
        va="top",
        fontsize=11,
        linespacing=1.8,
    )
    ax.text(
        5.6,
        -1.25,
        "The cell state c is updated by\naddition, only scaled by the\nforget gate: this "
        "additive path\nis what lets gradients survive\nmany time steps.",
        ha="left",
        va="top",
        fontsize=10,
        style="italic",
        bbox=dict(facecolor=STATE_COLOUR, edgecolor="none", pad=4),
    )
    fig.suptitle(
        "LSTM cell:  σ gates (orange) decide how much passes,  tanh (blue) squashes values", fontsize=11
    )
    return fig


def bptt_flow(steps=4):
    """Backpropagation through time on the unrolled RNN, time steps numbered 1..steps.

    Black: the forward pass, x_t → h_t, h_{t−1} → h_t, h_t → L_t (the step's loss, via o_t). Red: the backward
    pass, δ_t = ∂L/∂h_t, entering each h_t from its own loss and flowing right to left, each step back
    multiplied by Wᵀ·diag(tanh′) — the repeated product behind vanishing and exploding gradients.

    Args:
        steps: how many time steps to draw (≥ 1).
    """
    gap = 2.7  # wide enough for the red "(· ⊙ tanh′) Wᵀ" labels
    steps = whole_number(steps, "steps", 1, MAX_STEPS, where="bptt_flow")
    xs = [1.5 + gap * k for k in range(steps)]
    fig, ax = _canvas((-0.3, max(xs[-1] + 1.0, 12.0)), (-2.1, 3.6))
    ax.text(0.0, 1.6, "$h_0$", ha="center", va="center", fontsize=12)
    for k, x in enumerate(xs, start=1):
        _box(ax, (x, 0.0), f"$x_{{{k}}}$", IO_COLOUR)
        _box(ax, (x, 1.6), f"$h_{{{k}}}$", STATE_COLOUR)
        _box(ax, (x, 3.2), f"$L_{{{k}}}$", IO_COLOUR)
        _arrow(ax, (x, 0.28), (x, 1.32))
        _arrow(ax, (x - 0.2, 1.88), (x - 0.2, 2.92))
        _arrow(ax, (x + 0.2, 2.92), (x + 0.2, 1.88), colour=GRAD_COLOUR)  # ∂L_t/∂h_t joins δ_t here
        ax.text(x + 0.55, 2.15, f"$\\delta_{{{k}}}$", ha="left", va="center", color=GRAD_COLOUR, fontsize=12)
        previous_right = xs[k - 2] + 0.45 if k > 1 else 0.2  # right edge of h_{k−1}, or of "h_0"
        _arrow(ax, (previous_right, 1.6), (x - 0.45, 1.6))
        if k > 1:
            # Backward step: curve under the forward arrow so the two directions stay apart.
            _arrow(ax, (x - 0.3, 1.32), (xs[k - 2] + 0.3, 1.32), colour=GRAD_COLOUR, rad=-0.45)
            ax.text(
                (x + xs[k - 2]) / 2,
                0.55,
                r"$(\,\cdot \odot \tanh')\, W^{\top}$",
                ha="center",
                va="center",
                color=GRAD_COLOUR,
                fontsize=11,
            )
    ax.text(
        0.5,
        0.0,
        r"$\delta_t = \partial L / \partial h_t = \partial L_t / \partial h_t + "
        r"(\delta_{t+1} \odot \tanh'(z_{t+1}))\, W^{\top}$"
        "\none such factor per step back, so the "
        "gradient shrinks (vanishes)\nor grows (explodes) geometrically with distance",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=11,
        color=GRAD_COLOUR,
        linespacing=1.6,
    )
    fig.suptitle(
        "Backpropagation through time: forward pass (black), gradient flow (red, right to left)", fontsize=11
    )
    return fig
