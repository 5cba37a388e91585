"""Static figures used across the notebooks. Numerics stay in the other modules; this one only draws.

Every function returns the `matplotlib.figure.Figure` it drew on (no pyplot state), so a notebook cell
shows it by ending with it or passing it to `display`. Those with an `ax` argument draw into that axes
(a panel of a larger figure) and return its figure; left out, they make a figure of their own.
"""

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

from ..activations import make_activation
from ..datasets.letters import LETTERS
from ..errors import ConfigError, LabelError, ShapeError, positive_number, whole_number
from ..i18n import _
from ..layers import as_numbers
from ..losses import check_labels


def _axes(ax, figsize):
    """`ax`, or the single axes of a new figure of `figsize` inches."""
    return ax if ax is not None else Figure(figsize=figsize, layout="constrained").subplots()


def _show_image(ax, image):
    """A letter image in white on black, framed on all four sides and without ticks: a white stroke at the
    image's edge (every letter starts at column 0) stays inside a black square instead of merging with the
    page."""
    ax.imshow(image, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    ax.set(xticks=[], yticks=[])
    ax.spines[:].set_visible(True)


def show_letters(X, y, n=40, cols=10, predicted=None, title=None, scale=1.0):
    """A grid of letter images with their labels.

    Args:
        X: (N, 289) or (N, 17, 17) images. y: (N,) labels 0..25.
        n: how many to show (the first n). cols: images per row.
        predicted: optional (N,) predictions; each title then reads "pred (true)", red when wrong.
    """
    where = "show_letters"
    X = as_numbers(X, f"{where}: X")
    if X.ndim < 2:
        raise ShapeError(
            _("{where}: X must hold one image per row, (N, 289) or (N, 17, 17), got shape {shape}").format(
                where=where, shape=X.shape
            )
        )
    side = int(round(np.sqrt(X[0].size))) if len(X) else 17  # no images (e.g. no mistakes): an empty grid
    if len(X) and side * side != X[0].size:
        raise ShapeError(
            _("{where}: each image must be square, e.g. 289 = 17 × 17 values, got {size}").format(
                where=where, size=X[0].size
            )
        )
    n = min(whole_number(n, "n", 0, where=where), len(X))
    cols = whole_number(cols, "cols", 1, 100, where=where)
    scale = positive_number(scale, "scale", where)
    y = _letter_labels(y, n, "y")
    predicted = None if predicted is None else _letter_labels(predicted, n, "predicted")
    rows = max(1, -(-n // cols))
    fig = Figure(figsize=(cols * 0.9 * scale, rows * 1.05 * scale), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols)).ravel()
    for i, ax in enumerate(axes):
        if i >= n:
            ax.axis("off")
            continue
        _show_image(ax, np.asarray(X[i]).reshape(side, side))
        if predicted is None:
            ax.set_title(LETTERS[y[i]], fontsize="small")
        else:
            wrong = predicted[i] != y[i]
            ax.set_title(
                f"{LETTERS[predicted[i]]}" + (f" ({LETTERS[y[i]]})" if wrong else ""),
                fontsize="small",
                color="crimson" if wrong else "black",
            )
    if title:
        fig.suptitle(title)
    return fig


def show_letters_beside_lab(X, y, lab_means, samples=2, title=None):
    """Each letter's mean image in the letters lab, its mean image in X, and `samples` images of it from X.

    Args:
        X: (N, 289) generated images in {0, 1}; y: (N,) labels 0..25 (every letter present).
        lab_means: (26, 17, 17) the lab's per-letter mean images (statistics, not images of the lab's).
        samples: how many of each letter's images from X to show below the means.
    Two blocks of 13 letters; in each, one column per letter and the rows: the lab's mean, ours, samples.
    """
    where = "show_letters_beside_lab"  # i18n: not shown (a function's name)
    X = as_numbers(X, f"{where}: X").reshape(len(X), -1)
    y = _letter_labels(y, len(X), "y")
    lab_means = as_numbers(lab_means, f"{where}: lab_means")
    if lab_means.shape != (26, 17, 17) or X.shape[1] != 289:
        raise ShapeError(
            _(
                "{where}: X must be (N, 289) and lab_means (26, 17, 17), got {x_shape} and {means_shape}"
            ).format(where=where, x_shape=X.shape, means_shape=lab_means.shape)
        )
    missing = [LETTERS[k] for k in range(26) if not np.any(y == k)]
    if missing:
        raise LabelError(
            _("{where}: y has no {letters}; pass a few hundred letters").format(
                where=where, letters=", ".join(missing)
            )
        )
    samples = whole_number(samples, "samples", 0, 10, where=where)
    names = ["the lab: mean", "ours: mean"] + [f"ours: #{i + 1}" for i in range(samples)]  # i18n: not shown
    rows = len(names)
    fig = Figure(figsize=(13 * 0.62, 2 * rows * 0.66 + 0.4), layout="constrained")
    axes = fig.subplots(2 * rows, 13)
    for k, letter in enumerate(LETTERS):
        mine = np.flatnonzero(y == k)
        pictures = [lab_means[k], X[mine].mean(axis=0)] + [X[i] for i in mine[:samples]]
        block, col = divmod(k, 13)
        for r, picture in enumerate(pictures):
            ax = axes[block * rows + r, col]
            _show_image(ax, np.reshape(picture, (17, 17)))
            if r == 0:
                ax.set_title(letter, fontsize="small")
            if col == 0:
                ax.set_ylabel(names[r], rotation=0, ha="right", va="center", fontsize="small")
        for r in range(len(pictures), rows):
            axes[block * rows + r, col].axis("off")
    if title:
        fig.suptitle(title)
    return fig


def _letter_labels(labels, n, name):
    """The first n of `labels` as letter indices 0..25 (LabelError naming the fix otherwise)."""
    labels = as_numbers(labels, f"show_letters: {name}", LabelError)
    if labels.ndim == 2 and labels.shape[1] == len(LETTERS):
        raise LabelError(
            _("show_letters: {name} must be labels (N,), not scores (N, 26): pass model.predict(X)").format(
                name=name
            )
        )
    if labels.ndim != 1 or len(labels) < n:
        raise LabelError(
            _(
                "show_letters: {name} must hold a label 0..25 for each of the {n} letters shown, "
                "got shape {shape}"
            ).format(name=name, n=n, shape=labels.shape)
        )
    return check_labels(labels[:n], len(LETTERS), where=f"show_letters: {name}")


def plot_activation(name, x=np.linspace(-6, 6, 601), ax=None):
    """Draw an activation f and its derivative f′ (computed by the layer's own backward pass)."""
    ax = _axes(ax, (5, 3.2))
    layer = make_activation(name)
    x = np.atleast_1d(as_numbers(x, "plot_activation: x")).ravel()
    xs = x.reshape(1, -1)
    y = layer.forward(xs)
    dy = layer.backward(np.ones_like(xs))
    ax.plot(x, y.ravel(), label=f"{name}(x)")
    ax.plot(x, dy.ravel(), "--", label=f"{name}′(x)")
    ax.axhline(0, color="gray", lw=0.5)
    ax.legend()
    ax.set_xlabel("x")
    return ax.figure


def _check_norms(norms, where, name, example, maker=None):
    """ConfigError unless `norms` is a non-empty dict like `example` (what `maker`, if given, returns) of
    one norm per layer each."""
    if not isinstance(norms, dict) or not norms:
        message = (
            _("{where}: {name} must be a non-empty dict {example}, got {type}")
            if maker is None
            else _("{where}: {name} must be a non-empty dict {example}, as {maker} returns, got {type}")
        )
        raise ConfigError(
            message.format(where=where, name=name, example=example, maker=maker, type=type(norms).__name__)
        )
    for key, values in norms.items():
        if np.ndim(as_numbers(values, f"{where}: {name}[{key!r}]")) != 1:
            raise ShapeError(
                _("{where}: {name}[{key}] must be one norm per layer, shape (L,), got {shape}").format(
                    where=where, name=name, key=repr(key), shape=np.shape(values)
                )
            )


def plot_grad_norms(
    norms_by_run,
    ax=None,
    title="gradient norm per layer",  # i18n: not shown (figure text)
    ylabel="‖∂L/∂b‖ (log scale)",
):
    """Bar chart of per-layer gradient norms, one group of bars per layer, one colour per run.

    Args:
        norms_by_run: {run name: array of per-layer norms, input layer first}.
    """
    where, example = "plot_grad_norms", "{'run name': norms}"  # i18n: not shown (code)
    _check_norms(norms_by_run, where, "norms_by_run", example)  # i18n: not shown (code names)
    ax = _axes(ax, (6, 3.4))
    names = list(norms_by_run)
    width = 0.8 / max(1, len(names))
    for k, name in enumerate(names):
        norms = np.asarray(norms_by_run[name], dtype=float)
        ax.bar(np.arange(len(norms)) + 1 + (k - (len(names) - 1) / 2) * width, norms, width, label=name)
    ax.set(yscale="log", ylabel=ylabel, title=title)
    ax.set_xlabel("layer (1 = nearest the input)")
    ax.set_xticks(np.arange(1, 1 + max(len(v) for v in norms_by_run.values())))
    if len(names) > 1:  # where it covers the fewest bars (04's explorer: at init, layer 1's)
        ax.legend(loc="best")
    return ax.figure


def plot_grad_norms_by_depth(
    norms_by_depth,
    ax=None,
    title="gradient per layer at initialisation",  # i18n: not shown (figure text)
):
    """One line per network depth: per-layer gradient norm against layer number (log scale).

    Lines rather than grouped bars, because "layer 3" is the output layer of one network and a hidden
    layer of another; each line rising to the right shows its own network's gradient shrinking towards
    the input.

    Args:
        norms_by_depth: {number of dense layers: array of per-layer norms, input layer first}.
    """
    _check_norms(
        norms_by_depth,
        "plot_grad_norms_by_depth",  # i18n: not shown (code names)
        "norms_by_depth",  # i18n: not shown (code names)
        "{depth: norms}",
        maker="grad_norms_by_depth",  # i18n: not shown (code names)
    )
    ax = _axes(ax, (6, 3.4))
    for depth, norms in norms_by_depth.items():
        ax.plot(
            np.arange(1, len(norms) + 1),
            norms,
            "o-",
            label=f"{depth - 1} hidden layer{'s' if depth != 2 else ''}",
        )
    ax.set(
        yscale="log",
        xlabel="layer (1 = nearest the input; the last point is the output layer)",  # i18n: not shown
        ylabel="‖∂L/∂b‖ (log scale)",
        title=title,
    )
    ax.set_xticks(np.arange(1, 1 + max(len(v) for v in norms_by_depth.values())))
    ax.legend()
    return ax.figure


def plot_decision_boundary(predict_proba, X, y, ax, title=None, extent=1.5, resolution=120):
    """Shade where a classifier says class 1 and draw the points.

    Args:
        predict_proba: function (M, 2) → (M,) probability (or score in [0, 1]) of class 1.
        X: (N, 2) points; y: (N,) labels 0/1.
    """
    g = np.linspace(-extent, extent, resolution)
    gx, gy = np.meshgrid(g, g)
    p = np.asarray(predict_proba(np.c_[gx.ravel(), gy.ravel()].astype(np.float32))).reshape(gx.shape)
    ax.contourf(gx, gy, p, levels=np.linspace(0, 1, 11), cmap="RdBu", alpha=0.6, vmin=0, vmax=1)
    ax.contour(gx, gy, p, levels=[0.5], colors="k", linewidths=1)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu", vmin=-0.2, vmax=1.2, s=12, edgecolors="k", linewidths=0.3)
    ax.set(xlim=(-extent, extent), ylim=(-extent, extent), aspect="equal", xticks=[], yticks=[])
    if title:
        ax.set_title(title, fontsize="small")
    return ax.figure


def plot_error_surface(W, B, L, ax, levels=30):
    """Contour map of a loss L over a grid of (w, b), with a colour bar (red high, purple low, as in
    `003`)."""
    cs = ax.contourf(W, B, L, levels=levels, cmap="Spectral_r")
    ax.contour(W, B, L, levels=levels, colors="k", linewidths=0.2, alpha=0.5)
    ax.set(xlabel="w", ylabel="b")
    ax.figure.colorbar(cs, ax=ax, label="L(w, b)")
    return ax.figure


def plot_timeline(events, title="neural networks: a timeline"):  # i18n: not shown (figure text)
    """A timeline running down the page. events: [(year, label, kind)] with kind "up" (progress) or "down"
    (setback); a label may hold a line break.

    The years sit on a vertical axis to scale, so the gaps (the quiet 1970s) show; each label stands to the
    right of its year, moved down just enough not to touch the one above, with a thin line to its year. Down
    the page, the labels keep the figure's font size (large in projection mode) however many events there
    are: the figure grows taller instead of the text smaller, as it must across a page."""
    try:
        ok = len(events) > 0 and all(
            len(e) == 3 and isinstance(e[0], (int, np.integer)) and e[2] in ("up", "down") for e in events
        )
    except TypeError:
        ok = False
    if not ok:
        raise ConfigError(
            _(
                "plot_timeline: events must be a non-empty list of (year, label, kind) with kind "
                '"up" or "down", e.g. [(1958, "the perceptron", "up")]'
            )
        )
    events = sorted(events, key=lambda e: e[0])
    line = rcParams["font.size"] * 1.3 / 72  # the height of a line of text, in inches
    lines = [1 + str(label).count("\n") for _year, label, _kind in events]
    fig = Figure(figsize=(7.0, max(3.0, line * (sum(lines) + len(lines) * 0.6) + 1.0)), layout="constrained")
    ax = fig.subplots()
    first, last = events[0][0], events[-1][0]
    span = max(last - first, 1)
    # label positions in years: at its year, or just below the label above (a label of n lines is n lines
    # tall, on a page of the figure's height in years)
    per_line = span / (fig.get_figheight() - 1.0) * line
    at, below = [], first - per_line
    for (year, _label, _kind), n in zip(events, lines):
        y = max(year, below)
        at.append(y)
        below = y + (n + 0.6) * per_line
    for (year, label, kind), y in zip(events, at):
        colour = "crimson" if kind == "down" else "navy"
        ax.plot([0, 0.12, 0.2], [year, year, y], color=colour, lw=0.8)
        ax.plot(0, year, "o", color=colour, ms=5)
        ax.text(0.22, y, f"{year}  {label}".replace("\n", "\n        "), ha="left", va="top", color=colour)
    ax.plot([0, 0], [first, last], color="k", lw=1)  # the span of the events, not beyond
    ax.set(
        xlim=(-0.05, 1.6),
        ylim=(max(at[-1] + lines[-1] * per_line, last) + per_line, first - per_line),
        xticks=[],
        title=title,
    )
    ax.set_ylabel("year")
    ax.set_yticks(
        range(-(-first // 10) * 10, last + 1, 10)
    )  # the decades the events span, none past the last
    for side in ("top", "right", "bottom", "left"):  # the timeline is the axis
        ax.spines[side].set_visible(False)
    ax.grid(False)
    return fig
