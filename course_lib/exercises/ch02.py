"""Exercises of notebook 02, gradient descent.

descent_step     write one step for the line ŷ = b + w·x (MSE)
mae_near_bottom  predict, then run: what MAE descent does near the minimum
doubled_x        predict, then run: the largest stable η when every x is doubled
fix_linear_step  find the bug in a vectorised step for ŷ = X w + b (checked by a gradient check)
"""

import numpy as np

from ..datasets import make_line
from ..gradcheck import numerical_gradient, rel_error
from ..i18n import N_, _
from ..lessons.descent import descend, line_grad, line_loss
from ..lessons.linear_models import curvature_limit, linear_loss
from .checks import parts
from .core import FunctionExercise
from .predict import ChoicePrediction


def notebook_line():
    """The data of notebook 02: 100 points near y = 1 + 2x."""
    return make_line(100, np.random.default_rng(0), w=2.0, b=1.0, noise=0.5)


# -- one step on the line ------------------------------------------------------------------------------


def gd_step(w, b, x, y, lr):
    """One gradient-descent step on L(w, b) = mean((b + w·x − y)²); returns the new (w, b)."""
    e = b + w * x - y
    return w - lr * np.mean(2 * e * x), b - lr * np.mean(2 * e)


def _step_mistakes(w, b, x, y, lr):
    """[(what that mistake returns, message)] for the slips learners make in gd_step. A step uphill is named
    first, whatever its length (a sign error with a missing 2 or a sum too): it is the slip that matters."""
    e = b + w * x - y
    gw, gb = np.mean(2 * e * x), np.mean(2 * e)
    w_new = w - lr * gw
    uphill = _(
        "you stepped *up* the slope: subtract lr × gradient (or, if you wrote e = y − ŷ, the gradient's sign "
        "flips with it)"
    )
    return [
        (np.array(pair), message)
        for message, pair in [
            *[(uphill, (w + lr * f * gw, b + lr * f * gb)) for f in (1, 1 / 2, len(x))],
            *[
                (
                    _(
                        "{p}'s step goes *up* the slope, {q}'s down: subtract lr × ∂L/∂{p} as you do for "
                        "{q} (or, if you wrote e = y − ŷ for {p}, its gradient's sign flips with it)"
                    ).format(p=p, q=q),
                    pair,
                )
                for p, q, pair in (("w", "b", (w + lr * gw, b - lr * gb)), ("b", "w", (w_new, b + lr * gb)))
            ],
            (_("your step is half as long: d/dw of e² is 2e·x, not e·x"), (w - lr * gw / 2, b - lr * gb / 2)),
            (
                _(
                    "you summed over the data points instead of averaging: your step is N = {n} times too "
                    "long"
                ).format(n=len(x)),
                (w - lr * len(x) * gw, b - lr * len(x) * gb),
            ),
            (_("∂L/∂w lacks the factor x_n: ∂(b + w·x_n − y_n)/∂w = x_n"), (w - lr * gb, b - lr * gb)),
            (_("you swapped the two gradients: w moves by ∂L/∂w, b by ∂L/∂b"), (w - lr * gb, b - lr * gw)),
            (
                _(
                    "you computed ∂L/∂b with the *new* w: compute both gradients at the old point, then "
                    "update"
                ),
                (w_new, b - lr * np.mean(2 * (b + w_new * x - y))),
            ),
            (_("you moved only w: b needs its own step"), (w_new, b)),
        ]
    ]


def _step_inputs():
    rng = np.random.default_rng(5)
    x = rng.uniform(-2, 2, 30)
    return 0.5, -1.0, x, 1 + 2 * x + 0.1 * rng.standard_normal(30), 0.1


def _same_step(name, got, want):
    (w, b), (ew, eb) = got, want
    assert np.allclose([w, b], [ew, eb], rtol=1e-6), _(
        "got ({w:.4f}, {b:.4f}), expected ({ew:.4f}, {eb:.4f})"
    ).format(w=w, b=b, ew=ew, eb=eb)


descent_step = FunctionExercise(
    N_("one gradient-descent step"),
    gd_step,
    _step_inputs,
    N_(
        "∂L/∂w = mean(2e·x) and ∂L/∂b = mean(2e) with e = b + w·x − y, "
        "both at the old (w, b); "
        "then w − lr·∂L/∂w and b − lr·∂L/∂b."
    ),
    lambda want: _("right: (0.5, −1.0) → ({w:.4f}, {b:.4f})").format(w=want[0], b=want[1]),
    mistakes=_step_mistakes,
    name=N_("your step"),
    result=lambda got: parts(got, ("new_w", "new_b"), ((), ())),
    compare=_same_step,
    shapes=N_("x and y (30,), w and b numbers"),
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
        return "diverges", _("the loss grew from {first:.2f} to {last:.2f}").format(
            first=losses[0], last=losses[-1]
        )
    outcome = "hops" if last > 1e-3 else "settles"
    return outcome, _(
        "after {steps} steps at η = {lr} each step still moves (w, b) by {last:.3f} on "
        "average, while the loss stays near {loss:.3f}"
    ).format(steps=MAE_STEPS, lr=MAE_LR, last=last, loss=losses[-1])


mae_near_bottom = ChoicePrediction(
    N_("MAE near the bottom"),
    "mae_prediction",
    {  # each choice: its canonical name (marked: shown and accepted in Chinese too) → other spellings
        N_("settles"): (
            *("settle", "stops", "converges", "converge"),
            *("收敛", "停下", "停住", "停止", "稳定", "趋于稳定", "静止", "停下来"),
        ),
        N_("hops"): (
            *("hop", "zig-zags", "oscillates"),
            *("跳动", "来回跳", "来回跳动", "跳来跳去", "震荡", "振荡", "摆动", "来回摆动", "跳"),
        ),
        N_("diverges"): (*("diverge", "explodes"), *("发散", "爆炸", "越来越大", "跑飞")),
    },
    _mae_experiment,
    {
        "settles": N_(
            "an MSE step shrinks with the error (its gradient 2e·x does); "
            "an MAE gradient is an average of "
            "signs ±x_n, which does not shrink as the errors do"
        ),
        "hops": N_(
            "the MAE gradient is an average of signs ±x_n: near the bottom it does not fade the way "
            "MSE's 2e·x does, so a fixed η keeps taking steps of about the same size back and forth"
        ),
        "diverges": N_(
            "the MAE gradient is never larger than the average |x_n|, so with a small η the loss "
            "cannot run away; it is the size of the steps near the bottom that stays"
        ),
    },
    N_(
        "Compare the size of the two gradients near the bottom: 2e·x (MSE) shrinks with the error e; "
        "what does sign(e)·x do?"
    ),
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
    ran = (
        _(
            "the largest stable η went from {old:.3f} to {new:.3f}: η = {eta:.3f} is stable on x and "
            "diverges on 2x"
        )
        if run["diverged"]
        else _(
            "the largest stable η went from {old:.3f} to {new:.3f}: η = {eta:.3f} is stable on x and still "
            "converges on 2x"
        )
    )
    return outcome, ran.format(old=old, new=new, eta=eta)


doubled_x = ChoicePrediction(
    N_("doubling x"),
    "doubled_prediction",
    {  # each choice: its canonical name (marked: shown and accepted in Chinese too) → other spellings
        N_("smaller"): (
            *("smaller", "lower", "less", "decreases", "shrinks"),
            *("更小", "变小", "减小", "降低", "小", "缩小", "较小", "变低", "小一些", "小一点"),
        ),
        N_("larger"): (
            *("larger", "bigger", "higher", "more", "increases", "grows"),
            *("更大", "变大", "增大", "大", "提高", "较大", "变高", "增加", "大一些", "大一点"),
        ),
        N_("the same"): (
            *("same", "unchanged", "the-same", "stays"),
            *("不变", "一样", "相同", "差不多", "保持不变", "没变"),
        ),
    },
    _doubled_experiment,
    {
        "smaller": N_(
            "the curvature in w, ∂²L/∂w² = 2·mean(x²), grows 4 times when x doubles, "
            "so the bowl is steeper "
            "and the same η overshoots: the limit 2/λ_max shrinks"
        ),
        "larger": N_(
            "doubling x makes the slope in w steeper, not flatter: ∂L/∂w = 2·mean(e·x) grows with x, "
            "and ∂²L/∂w² = 2·mean(x²) grows 4 times"
        ),
        "the same": N_(
            "the limit 2/λ_max depends on the data through the curvature ∂²L/∂w² = 2·mean(x²), "
            "which grows 4 times when x doubles"
        ),
    },
    N_(
        "η must stay below 2/λ_max, and λ_max measures how curved the bowl is. Which second derivative grows "
        "when x doubles?"
    ),
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
                _(
                    "this is still the step as given: the gradient check says w's step is {factor:.3g} times "
                    "too long (b's is right) — which line makes it so?"
                ).format(factor=N / D),
                (w - lr * dw * N / D, b - lr * db),
            ),
            (
                _(
                    "you summed over the samples instead of averaging: w's step is N = {n} times too long"
                ).format(n=N),
                (w - lr * dw * N, b - lr * db),
            ),
            (
                _(
                    "w's step is N = {n} times too long, and b's too: both gradients need the mean over the "
                    "samples"
                ).format(n=N),
                (w - lr * dw * N, b - lr * db * N),
            ),
            (_("the factor 2 of d(e²)/de is missing from ∂L/∂w"), (w - lr * dw / 2, b - lr * db)),
            (_("you average over the samples twice: divide Xᵀe by N once"), (w - lr * dw / N, b - lr * db)),
            (_("you stepped *up* the slope: subtract lr × gradient"), (w + lr * dw, b + lr * db)),
            (
                _(
                    "every weight got the same step: X.T @ e keeps one number per feature, don't average "
                    "it away"
                ),
                (w - lr * np.mean(dw), b - lr * db),
            ),
        ]
    ]


def _fix_inputs():
    rng = np.random.default_rng(8)
    X, y = rng.standard_normal((40, 3)), rng.standard_normal(40)
    return rng.standard_normal(3), 0.3, X, y, 0.05


def _gradient_check_data(w, b, X, y, lr):
    """(the old point, lr, the numerical gradient of the MSE there), each (w, b) as one vector: what the
    gradient check of a step needs."""
    numeric_w = numerical_gradient(lambda: linear_loss(X, y, w, b), w)
    numeric_b = (linear_loss(X, y, w, b + 1e-5) - linear_loss(X, y, w, b - 1e-5)) / 2e-5
    return np.append(w, b), lr, np.append(numeric_w, numeric_b)


def _passes_gradient_check(name, got, want):
    """The step taken, divided by −lr, must be the numerical gradient of the MSE, for w and for b."""
    old, lr, numeric = want
    step = (old - got) / lr
    for part, where in (("w", slice(None, -1)), ("b", slice(-1, None))):
        err = rel_error(step[where], numeric[where])
        assert err < 1e-6, _(
            "the step for {part} is not −lr × ∂L/∂{part}: the gradient check gives a relative error of "
            "{err:.2g}"
        ).format(part=part, err=err)


fix_linear_step = FunctionExercise(
    N_("find the bug in the vectorised step"),
    linear_step,
    _fix_inputs,
    N_(
        "Write out the shapes: X (N, D), e (N,), X.T @ e (D,). "
        "∂L/∂w is a *mean over the N "
        "samples* of 2·e_n·x_n. What does the code divide by?"
    ),
    N_("both steps pass the gradient check: the loss now falls (try it in the cell below)"),
    mistakes=_fix_mistakes,
    name=N_("your step"),
    result=lambda got: np.append(*parts(got, ("new_w", "new_b"), ((3,), ()))),
    expected=_gradient_check_data,
    compare=_passes_gradient_check,
    shapes="X (40, 3), y (40,), w (3,)",
)
