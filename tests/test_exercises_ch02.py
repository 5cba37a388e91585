"""Chapter 02's exercises. MISTAKES are the common mistakes each checker must name: test_exercises.py checks them,
with every chapter's, in one test (as it checks for all chapters that every exercise accepts its reference, treats
a blank as not attempted and has a solution that runs where pasted)."""

import numpy as np
import pytest

from course_lib.exercises import ch02


def _step(dw_scale=1.0, db_scale=1.0, sign=1.0):
    def step(w, b, X, y, lr):
        e = X @ w + b - y
        return w - sign * lr * dw_scale * 2 * X.T @ e / len(y), b - sign * lr * db_scale * 2 * np.mean(e)

    return step


MISTAKES = [  # (exercise, wrong answer, a phrase its verdict must contain)
    (ch02.descent_step, lambda w, b, x, y, lr: ch02.descent_step.reference(w, b, x, y, -lr), "stepped *up*"),
    (
        ch02.descent_step,
        lambda w, b, x, y, lr: ch02.descent_step.reference(w, b, x, y, lr / 2),
        "half as long",
    ),
    (
        ch02.descent_step,
        lambda w, b, x, y, lr: ch02.descent_step.reference(w, b, x, y, lr * len(x)),
        "summed over the data",
    ),
    (
        ch02.descent_step,
        lambda w, b, x, y, lr: (w - lr * np.mean(2 * (b + w * x - y)), b - lr * np.mean(2 * (b + w * x - y))),
        "lacks the factor x_n",
    ),
    (ch02.descent_step, lambda w, b, x, y, lr: ch02.descent_step.reference(w, b, x, y, lr)[::-1], "got ("),
    (
        ch02.descent_step,
        lambda w, b, x, y, lr: (ch02.descent_step.reference(w, b, x, y, lr)[0], b),
        "moved only w",
    ),
    (ch02.descent_step, lambda w, b, x, y, lr: (w - lr * 2 * (b + w * x - y) * x, b), "forget the mean"),
    # a step uphill is named however long it is, and when only one of the two steps goes up
    (
        ch02.descent_step,
        lambda w, b, x, y, lr: ch02.descent_step.reference(w, b, x, y, -lr / 2),
        "stepped *up*",
    ),
    (
        ch02.descent_step,
        lambda w, b, x, y, lr: ch02.descent_step.reference(w, b, x, y, -lr * len(x)),
        "stepped *up*",
    ),
    (
        ch02.descent_step,
        lambda w, b, x, y, lr: (
            w + lr * np.mean(2 * (b + w * x - y) * x),
            ch02.descent_step.reference(w, b, x, y, lr)[1],
        ),
        "w's step goes *up*",
    ),
    (
        ch02.descent_step,
        lambda w, b, x, y, lr: (
            ch02.descent_step.reference(w, b, x, y, lr)[0],
            b + lr * np.mean(2 * (b + w * x - y)),
        ),
        "b's step goes *up*",
    ),
    (ch02.mae_near_bottom, "settles", "does not shrink"),
    (ch02.mae_near_bottom, "diverges", "cannot run away"),
    (ch02.mae_near_bottom, "wobbles", "is not one of"),
    (ch02.doubled_x, "larger", "steeper, not flatter"),
    (ch02.doubled_x, "same", "grows 4 times"),
    (ch02.fix_linear_step, ch02.linear_step_as_given, "still the step as given"),
    (ch02.fix_linear_step, _step(dw_scale=40), "summed over the samples"),
    (ch02.fix_linear_step, _step(dw_scale=40, db_scale=40), "both gradients need the mean"),
    (ch02.fix_linear_step, _step(dw_scale=0.5), "factor 2"),
    (ch02.fix_linear_step, _step(sign=-1), "stepped *up*"),
    (ch02.fix_linear_step, _step(db_scale=3), "the step for b is not"),
    (
        ch02.fix_linear_step,
        lambda w, b, X, y, lr: (w - lr * 2 * X @ (X @ w + b - y) / len(y), b),
        "shapes do not fit",
    ),
]


def test_swapped_gradients_are_named():
    swapped = lambda w, b, x, y, lr: (
        w - lr * np.mean(2 * (b + w * x - y)),  # noqa: E731
        b - lr * np.mean(2 * (b + w * x - y) * x),
    )
    assert "swapped" in ch02.descent_step.evaluate(swapped)[1]


def test_new_w_for_b_gradient_is_named():
    def late(w, b, x, y, lr):
        w = w - lr * np.mean(2 * (b + w * x - y) * x)
        return w, b - lr * np.mean(2 * (b + w * x - y))

    assert "*new* w" in ch02.descent_step.evaluate(late)[1]


def test_the_buggy_step_really_diverges_and_the_fix_converges():
    from course_lib.lessons.linear_models import daily_views, lagged

    X, y = lagged(daily_views(400, np.random.default_rng(0)), 7)
    for step, grows in ((ch02.linear_step_as_given, True), (ch02.linear_step, False)):
        w, b = np.zeros(7), 0.0
        start = np.mean((X @ w + b - y) ** 2)
        for _ in range(30):
            w, b = step(w, b, X, y, 0.05)
        assert (np.mean((X @ w + b - y) ** 2) > 1e3 * start) == grows


@pytest.mark.parametrize("answer", ["Hops", " hop ", "oscillates"])
def test_prediction_accepts_other_spellings(answer):
    assert ch02.mae_near_bottom.evaluate(answer)[0]


@pytest.mark.parametrize("answer", [42, ["hops"], lambda: "hops"])
def test_prediction_of_the_wrong_type_gets_one_line(answer):
    ok, message = ch02.mae_near_bottom.evaluate(answer)
    assert not ok and "answer with a string" in message
