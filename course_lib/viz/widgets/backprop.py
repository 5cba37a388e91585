"""Widget of chapter 03: step through the forward and backward pass of a 2-2-1 network."""

import ipywidgets as W
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle

from ...errors import whole_number
from ...i18n import _
from ...lessons.tiny_net import DEFAULT, shown_as, steps
from ...notebook import projector_on
from .base import Explorer, play_buttons, with_caption

# where each node sits on the diagram, and which value it shows forwards (a) and backwards (δ)
NODES = {
    "x1": (0, 2.0),
    "x2": (0, 0.2),
    "h1": (1.6, 2.0),
    "h2": (1.6, 0.2),
    "out": (3.2, 1.1),
    "C": (4.4, 1.1),
}
EDGES = [
    ("x1", "h1", "w1"),
    ("x2", "h1", "w2"),
    ("x1", "h2", "w3"),
    ("x2", "h2", "w4"),
    ("h1", "out", "w5"),
    ("h2", "out", "w6"),
    ("out", "C", None),
]
RADIUS = 0.28  # of a node's circle, in the diagram's units
SHOWN_AT = {
    "z1": "h1",
    "a1": "h1",
    "z2": "h2",
    "a2": "h2",
    "z3": "out",
    "y": "out",
    "C": "C",
    "δ3": "out",
    "δ1": "h1",
    "δ2": "h2",
}


class BackpropStepper(Explorer):
    """A slider (and a ▶ button) that reveals the two passes one computed quantity at a time."""

    def __init__(self):
        self.events = steps(DEFAULT)
        step = W.IntSlider(0, min=0, max=len(self.events), description=_("step"))
        play = play_buttons(
            _("the next quantity every 1.2 s"),
            value=0,
            min=0,
            max=len(self.events),
            interval=1200,
            description=_("play"),
        )
        W.jslink((play, "value"), (step, "value"))
        super().__init__({"step": step})
        self.ui.children = (W.HBox([with_caption(play), step]), self.out)

    def update(self, step=0):
        step = whole_number(step, "step", 0, len(self.events), self.where)
        shown = self.events[:step]
        if projector_on():
            # text 1.45 times as large: the diagram gets 1.45 times the width, to keep its proportions
            # (side by side with the table it would be shrunk to fit the output, and its text with it)
            fig = Figure(figsize=(9, 8.2), layout="constrained")
            ax, ax_t = fig.subplots(2, 1, height_ratios=[2.6, 1])
        else:
            fig = Figure(figsize=(10, 3.8), layout="constrained")
            ax, ax_t = fig.subplots(1, 2, width_ratios=[1.5, 1])
        for a, b, w in EDGES:
            (x0, y0), (x1, y1) = NODES[a], NODES[b]
            ax.plot([x0, x1], [y0, y1], color="gray", lw=1, zorder=1)
            if w:
                f = 0.3 if w in ("w2", "w3") else 0.5  # the two crossing edges: away from the crossing
                ax.text(
                    x0 + f * (x1 - x0),
                    y0 + f * (y1 - y0),
                    f"{w} = {DEFAULT[w]:g}",
                    fontsize="small",
                    ha="center",
                    va="center",
                    zorder=2,
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.5),
                )
        for name, (x, y) in NODES.items():
            ax.add_patch(Circle((x, y), RADIUS, fc="white", ec="k", zorder=2))
            ax.text(x, y, name, ha="center", va="center", fontsize="small", zorder=3)
        for node, bias, side in (("h1", "b1", 1), ("h2", "b2", 1), ("out", "b3", -1)):
            x, y = NODES[node]  # each unit's bias beside it (where no edge runs), to check z
            ax.text(
                x + side * 0.33,
                y,
                f"{bias} = {DEFAULT[bias]:g}",
                ha="left" if side > 0 else "right",
                va="center",
                fontsize="small",
                color="0.25",
                zorder=2,
                bbox=dict(facecolor="white", edgecolor="none", pad=0.5),
            )
        lines = {"x1": [(f"{DEFAULT['x1']:g}", "k", True)], "x2": [(f"{DEFAULT['x2']:g}", "k", True)]}
        for name, value, _how in shown:
            node = SHOWN_AT.get(name)
            if node:
                backward = name.startswith("δ")
                colour = "crimson" if backward else "navy"
                lines.setdefault(node, []).append((f"{shown_as(name)} = {value:.3f}", colour, backward))
        # values stack above a node (forward) and below it (backward), a line apart in points: the spacing
        # grows with the text, in projection mode too
        line = FontProperties(size="small").get_size_in_points() * 1.25
        for node, texts in lines.items():
            x, y = NODES[node]
            above = below = 0
            for t, colour, backward in texts:
                if backward:
                    at, offset, below = (x, y - RADIUS), -(4 + below * line), below + 1
                else:
                    at, offset, above = (x, y + RADIUS), 4 + above * line, above + 1
                ax.annotate(
                    t,
                    at,
                    xytext=(0, offset),
                    textcoords="offset points",
                    ha="center",
                    zorder=3,
                    va="top" if backward else "bottom",
                    fontsize="small",
                    color=colour,
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.5),
                )  # legible over an edge
        ax.set(
            xlim=(-0.5, 4.9),
            ylim=(-0.7, 2.8),
            aspect="equal",
            xticks=[],
            yticks=[],
            title="forward values (blue) and sensitivities δ = ∂C/∂z (red)",  # i18n: not shown (figure text)
        )
        for side in ax.spines.values():
            side.set_visible(False)
        ax_t.axis("off")
        rows = [f"{shown_as(n):>7} = {how:<16} = {v:8.4f}" for n, v, how in shown[-9:]]
        ax_t.text(
            0,
            1,
            "\n".join(rows) or "press ▶ or move the slider",
            family="monospace",
            fontsize="small",
            va="top",
        )
        ax_t.set_title(f"label y = {DEFAULT['t']:g}", fontsize="small")
        self.fig = fig
        if step == 0:
            return _("step 0: nothing computed yet")
        name, value, how = shown[-1]
        message = (
            _("step {step} (forward): {name} = {how} = {value:.4f}")
            if step <= 7
            else _("step {step} (backward): {name} = {how} = {value:.4f}")
        )
        return message.format(step=step, name=shown_as(name), how=how, value=value)
