"""Exercises of notebook 02, gradient descent.

descent_step     write one step for the line ŷ = b + w·x (MSE)
mae_near_bottom  predict, then run: what MAE descent does near the minimum
doubled_x        predict, then run: the largest stable η when every x is doubled
fix_linear_step  find the bug in a vectorised step for ŷ = X w + b (checked by a gradient check)
"""

import numpy as np

from ..datasets import make_line
from ..gradcheck import numerical_gradient, rel_error
from ..lessons.descent import descend, line_grad, line_loss
from ..lessons.linear_models import curvature_limit, linear_loss
from .checks import array_answer, number_answer
from .core import AnswerError, Exercise
from .mistakes import call_naming_shapes, reject_mistake
from .predict import ChoicePrediction


def notebook_line():
    """The data of notebook 02: 100 points near y = 1 + 2x."""
    return make_line(100, np.random.default_rng(0), w=2.0, b=1.0, noise=0.5)


def _pair(answer, names, shapes):
    """The learner's (new_w, new_b) as arrays of the given shapes, or AnswerError naming the slip."""
    pair = isinstance(answer, (tuple, list)) or isinstance(answer, np.ndarray) and answer.ndim == 1
    if not (pair and len(answer) == 2):
        raise AnswerError(f"return the pair ({', '.join(names)})")
    out = []
    for name, value, shape in zip(names, answer, shapes):
        if shape == () and isinstance(value, np.ndarray) and value.size > 1:
            raise AnswerError(
                f"{name} should be one number, but has shape {value.shape} — did you forget "
                f"the mean over the data points?"
            )
        out.append(
            number_answer(value, name=name, text=False) if shape == () else array_answer(name, value, shape)
        )
    return out


# -- one step on the line ------------------------------------------------------------------------------


def gd_step(w, b, x, y, lr):
    """One gradient-descent step on L(w, b) = mean((b + w·x − y)²); returns the new (w, b)."""
    e = b + w * x - y
    return w - lr * np.mean(2 * e * x), b - lr * np.mean(2 * e)


def _step_mistakes(w, b, x, y, lr):
    """[(what that mistake returns, message)] for the slips learners make in gd_step."""
    e = b + w * x - y
    gw, gb = np.mean(2 * e * x), np.mean(2 * e)
    w_new = w - lr * gw
    return [
        (np.array(pair), message)
        for message, pair in [
            (
                "you stepped *up* the slope: subtract lr × gradient (or, if you wrote e = y − ŷ, "
                "the gradient's sign "
                "flips with it)",
                (w + lr * gw, b + lr * gb),
            ),
            ("your step is half as long: d/dw of e² is 2e·x, not e·x", (w - lr * gw / 2, b - lr * gb / 2)),
            (
                f"you summed over the data points instead of averaging: your step is N = {len(x)} times "
                "too long",
                (w - lr * len(x) * gw, b - lr * len(x) * gb),
            ),
            ("∂L/∂w lacks the factor x_n: ∂(b + w·x_n − y_n)/∂w = x_n", (w - lr * gb, b - lr * gb)),
            ("you swapped the two gradients: w moves by ∂L/∂w, b by ∂L/∂b", (w - lr * gb, b - lr * gw)),
            (
                "you computed ∂L/∂b with the *new* w: compute both gradients at the old point, then update",
                (w_new, b - lr * np.mean(2 * (b + w_new * x - y))),
            ),
            ("you moved only w: b needs its own step", (w_new, b)),
        ]
    ]


def _check_step(func):
    rng = np.random.default_rng(5)
    x = rng.uniform(-2, 2, 30)
    y = 1 + 2 * x + 0.1 * rng.standard_normal(30)
    args = (0.5, -1.0, x, y, 0.1)
    w, b = _pair(
        call_naming_shapes(func, "x and y (30,), w and b numbers", *args), ("new_w", "new_b"), ((), ())
    )
    reject_mistake([w, b], _step_mistakes(*args))
    ew, eb = gd_step(*args)
    assert np.allclose([w, b], [ew, eb], rtol=1e-6), f"got ({w:.4f}, {b:.4f}), expected ({ew:.4f}, {eb:.4f})"
    return f"right: (0.5, −1.0) → ({ew:.4f}, {eb:.4f})"


descent_step = Exercise(
    "one gradient-descent step",
    _check_step,
    "∂L/∂w = mean(2e·x) and ∂L/∂b = mean(2e) with e = b + w·x − y, "
    "both at the old (w, b); "
    "then w − lr·∂L/∂w and b − lr·∂L/∂b.",
    gd_step,
)


# -- predict, then run: MAE near its minimum -----------------------------------------------------------

MAE_LR, MAE_STEPS = 0.1, 400


def mae_run(x, y, lr=MAE_LR, steps=MAE_STEPS):
    """Gradient descent on the MAE of the line from (w, b) = (−3, 4). Returns its path (steps + 1, 2)."""
    return descend(lambda th: line_grad(th[0], th[1], x, y, "mae"), [-3.0, 4.0], lr, steps)["path"]


def _mae_experiment():
    x, y = notebook_line()
    path = mae_run(x, y)
    last = np.linalg.norm(np.diff(path[-50:], axis=0), axis=1).mean()  # mean step length at the end
    losses = line_loss(path[:, 0], path[:, 1], x, y, "mae")
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return "diverges", f"the loss grew from {losses[0]:.2f} to {losses[-1]:.2f}"
    outcome = "hops" if last > 1e-3 else "settles"
    return outcome, (
        f"after {MAE_STEPS} steps at η = {MAE_LR} each step still moves (w, b) by {last:.3f} on "
        f"average, while the loss stays near {losses[-1]:.3f}"
    )


mae_near_bottom = ChoicePrediction(
    "MAE near the bottom",
    "mae_prediction",
    {
        "settles": ("settle", "stops", "converges", "converge"),
        "hops": ("hop", "zig-zags", "oscillates"),
        "diverges": ("diverge", "explodes"),
    },
    _mae_experiment,
    {
        "settles": "an MSE step shrinks with the error (its gradient 2e·x does); "
        "an MAE gradient is an average of "
        "signs ±x_n, which does not shrink as the errors do",
        "hops": "the MAE gradient is an average of signs ±x_n: near the bottom it does not fade the way "
        "MSE's 2e·x does, so a fixed η keeps taking steps of about the same size back and forth",
        "diverges": "the MAE gradient is never larger than the average |x_n|, so with a small η the loss "
        "cannot run away; it is the size of the steps near the bottom that stays",
    },
    "Compare the size of the two gradients near the bottom: 2e·x (MSE) shrinks with the error e; what does "
    "sign(e)·x do?",
    "hops",
)


# -- predict, then run: doubling x ---------------------------------------------------------------------


def _doubled_experiment():
    x, y = notebook_line()
    old, new = curvature_limit(x[:, None]), curvature_limit(2 * x[:, None])
    eta = 0.9 * old
    run = descend(lambda th: line_grad(th[0], th[1], 2 * x, y), [-3.0, 4.0], eta, 200)
    ratio = new / old
    outcome = "smaller" if ratio < 0.9 else "larger" if ratio > 1.1 else "the same"
    ran = f"η = {eta:.3f} is stable on x and {'diverges' if run['diverged'] else 'still converges'} on 2x"
    return outcome, f"the largest stable η went from {old:.3f} to {new:.3f}: {ran}"


doubled_x = ChoicePrediction(
    "doubling x",
    "doubled_prediction",
    {
        "smaller": ("smaller", "lower", "less", "decreases", "shrinks"),
        "larger": ("larger", "bigger", "higher", "more", "increases", "grows"),
        "the same": ("same", "unchanged", "the-same", "stays"),
    },
    _doubled_experiment,
    {
        "smaller": "the curvature in w, ∂²L/∂w² = 2·mean(x²), grows 4 times when x doubles, "
        "so the bowl is steeper "
        "and the same η overshoots: the limit 2/λ_max shrinks",
        "larger": "doubling x makes the slope in w steeper, not flatter: ∂L/∂w = 2·mean(e·x) grows with x, "
        "and ∂²L/∂w² = 2·mean(x²) grows 4 times",
        "the same": "the limit 2/λ_max depends on the data through the curvature ∂²L/∂w² = 2·mean(x²), "
        "which grows 4 times when x doubles",
    },
    "η must stay below 2/λ_max, and λ_max measures how curved the bowl is. Which second derivative grows "
    "when x doubles?",
    "smaller",
)


# -- find the bug: a vectorised step for several features ----------------------------------------------


def linear_step(w, b, X, y, lr):
    """One gradient-descent step for ŷ = X @ w + b on the MSE; X (N, D), y (N,), w (D,); new (w, b)."""
    e = X @ w + b - y  # (N,) errors of the N samples
    dw = 2 * X.T @ e / len(y)  # (D,): the mean over the N samples of 2·e_n·x_n
    db = 2 * np.mean(e)
    return w - lr * dw, b - lr * db


def linear_step_as_given(w, b, X, y, lr):
    """The notebook's buggy version: it averages over the D features instead of the N samples."""
    e = X @ w + b - y
    dw = 2 * X.T @ e / X.shape[1]
    db = 2 * np.mean(e)
    return w - lr * dw, b - lr * db


def _fix_mistakes(w, b, X, y, lr):
    """[(the new w and b, one array, that the mistake returns, message)]."""
    N, D = X.shape
    e = X @ w + b - y
    dw, db = 2 * X.T @ e / N, 2 * np.mean(e)
    return [
        (np.append(*pair), message)
        for message, pair in [
            (
                f"this is still the step as given: the gradient check says w's step is {N / D:.3g} times "
                "too long (b's is right) — which line makes it so?",
                (w - lr * dw * N / D, b - lr * db),
            ),
            (
                f"you summed over the samples instead of averaging: w's step is N = {N} times too long",
                (w - lr * dw * N, b - lr * db),
            ),
            (
                f"w's step is N = {N} times too long, and b's too: both gradients need the mean over the "
                "samples",
                (w - lr * dw * N, b - lr * db * N),
            ),
            ("the factor 2 of d(e²)/de is missing from ∂L/∂w", (w - lr * dw / 2, b - lr * db)),
            ("you average over the samples twice: divide Xᵀe by N once", (w - lr * dw / N, b - lr * db)),
            ("you stepped *up* the slope: subtract lr × gradient", (w + lr * dw, b + lr * db)),
            (
                "every weight got the same step: X.T @ e keeps one number per feature, don't average it away",
                (w - lr * np.mean(dw), b - lr * db),
            ),
        ]
    ]


def _check_fix(func):
    rng = np.random.default_rng(8)
    X, y = rng.standard_normal((40, 3)), rng.standard_normal(40)
    w, b, lr = rng.standard_normal(3), 0.3, 0.05
    answer = call_naming_shapes(func, "X (40, 3), y (40,), w (3,)", w, b, X, y, lr)
    new_w, new_b = _pair(answer, ("new_w", "new_b"), ((3,), ()))
    reject_mistake(np.append(new_w, new_b), _fix_mistakes(w, b, X, y, lr))
    # the gradient check: the step taken, divided by −lr, must be the numerical gradient of the MSE
    numeric_w = numerical_gradient(lambda: linear_loss(X, y, w, b), w)
    numeric_b = (linear_loss(X, y, w, b + 1e-5) - linear_loss(X, y, w, b - 1e-5)) / 2e-5
    for name, step, numeric in (("w", (w - new_w) / lr, numeric_w), ("b", (b - new_b) / lr, numeric_b)):
        err = rel_error(step, numeric)
        assert err < 1e-6, (
            f"the step for {name} is not −lr × ∂L/∂{name}: the gradient check gives a "
            f"relative error of {err:.2g}"
        )
    return "both steps pass the gradient check: the loss now falls (try it in the cell below)"


fix_linear_step = Exercise(
    "find the bug in the vectorised step",
    _check_fix,
    "Write out the shapes: X (N, D), e (N,), X.T @ e (D,). "
    "∂L/∂w is a *mean over the N "
    "samples* of 2·e_n·x_n. What does the code divide by?",
    linear_step,
)
