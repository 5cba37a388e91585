"""Naming a learner's mistake instead of only saying "wrong": the one mechanism every exercise uses.

A catalogue of mistakes is a list of (wrong, message) pairs, in the order they are tried:

    wrong     what the mistake gives: a value (a number, a text, an array, a pair of them), or a function
              taking the exercise's inputs, whose result on them is what the mistake gives
    message   what that mistake gets wrong, in one line

An answer is "the same" as a wrong one by `checks.same_answer`, as a person would judge it: numbers allowing
for rounding, text ignoring case and spacing, arrays elementwise (rtol 1e-6, atol 1e-9). A catalogue that
needs another judgement (a derivation read off a plot, within 5 %) passes its own `same`.

`assert_close` is the comparison of an array answer with the right one that names a known mistake first.
`call_naming_shapes` names the one mistake that shows as a crash instead of a result: a product of arrays
whose shapes do not fit.
"""

import itertools

import numpy as np

from ..i18n import _, translated
from .checks import array_answer, assert_array_close, same_answer
from .guards import call_answer, copies
from .verdicts import AnswerError, AnswerRaised


def name_mistake(answer, mistakes, args=None, same=same_answer):
    """The message of the first (wrong, message) of `mistakes` that `answer` is the same as (in the current
    language: a declared message is marked N_ and translated here), or None. A function `wrong` is called on
    copies of `args` (skipped when there are none)."""
    for wrong, message in mistakes:
        if callable(wrong):
            if args is None:
                continue
            wrong = wrong(*copies(args))
        if same(answer, wrong):
            return translated(message)
    return None


def reject_mistake(answer, mistakes, args=None, same=same_answer, prefix=""):
    """AnswerError(prefix + message) if `answer` is one of the known `mistakes` (see name_mistake)."""
    message = name_mistake(answer, mistakes, args, same)
    if message is not None:
        raise AnswerError(prefix + message)


def returned_order(answer, right, names):
    """The names in the order the answer returned them, if `answer` holds the `right` parts in another
    order (e.g. ("dW", "dx", "db") for right = (dx, dW, db)); None otherwise."""
    for order in itertools.permutations(range(len(names))):
        if list(order) != sorted(order) and all(same_answer(a, right[i]) for a, i in zip(answer, order)):
            return tuple(names[i] for i in order)
    return None


def assert_close(name, answer, expected, mistakes=(), args=None, prefix="", rtol=1e-6, atol=1e-9):
    """AnswerError unless the array `answer` ≈ `expected` (checks.assert_array_close, which says whether it
    is all zeros, of the wrong sign, off by a factor, or where it differs); a wrong answer that is one of the
    known `mistakes` gets that mistake's message (after `prefix`) instead."""
    answer = array_answer(name, answer, expected.shape)
    if np.all(np.isfinite(answer)) and np.allclose(answer, expected, rtol=rtol, atol=atol):
        return
    reject_mistake(answer, mistakes, args, prefix=prefix)
    assert_array_close(name, answer, expected, rtol, atol)


# how numpy's messages say that the shapes of a product do not fit
NUMPY_SHAPE_WORDS = ("matmul", "could not be broadcast", "not aligned")  # i18n: not shown (numpy's words)


def call_naming_shapes(func, shapes, *args):
    """`call_answer(func, *args)`; if the function fails on mismatched shapes (numpy's gufunc or broadcast
    message), the error names the shapes involved (`shapes`, e.g. "x (4, 5), W (5, 3), dout (4, 3)") and
    asks which factor needs `.T`, instead of repeating numpy's signature."""
    try:
        return call_answer(func, *args)
    except AnswerRaised as e:
        text = str(e)
        if any(words in text for words in NUMPY_SHAPE_WORDS):
            raise AnswerRaised(
                _(
                    "your function multiplies arrays whose shapes do not fit ({shapes}): check "
                    "each product's shapes, (a, k) @ (k, b) → (a, b) — which factor needs .T, "
                    "and are the factors in the right order?"
                ).format(shapes=translated(shapes))
            ) from None
        raise
