"""Naming a learner's mistake instead of only saying "wrong": the checkers of notebooks 02 and 03 compare
an answer with what each common mistake would give, and turn numpy's shape errors into a sentence."""
import numpy as np

from .core import AnswerRaised, call_answer


def call_naming_shapes(func, shapes, *args):
    """`call_answer(func, *args)`; if the function fails on mismatched shapes (numpy's gufunc or broadcast
    message), the error names the shapes involved (`shapes`, e.g. "x (4, 5), W (5, 3), dout (4, 3)") and
    asks which factor needs `.T`, instead of repeating numpy's signature."""
    try:
        return call_answer(func, *args)
    except AnswerRaised as e:
        text = str(e)
        if "matmul" in text or "could not be broadcast" in text or "not aligned" in text:
            raise AnswerRaised(f"your function multiplies arrays whose shapes do not fit ({shapes}): check "
                               f"each product's shapes, (a, k) @ (k, b) → (a, b) — which factor needs .T, "
                               f"and are the factors in the right order?") from None
        raise


def matches(answer, expected):
    """True if `answer` has `expected`'s shape and values (rtol 1e-6): a mistake's fingerprint."""
    try:
        answer = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return False
    expected = np.asarray(expected, dtype=float)
    return answer.shape == expected.shape and bool(np.allclose(answer, expected, rtol=1e-6, atol=1e-12))


def named_mistake(answer, catalogue):
    """The message of the first (message, what that mistake gives) pair in `catalogue` that `answer`
    matches, or None."""
    for message, wrong in catalogue:
        if matches(answer, wrong):
            return message
    return None
