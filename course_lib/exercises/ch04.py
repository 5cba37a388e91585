"""Exercises of notebook 04, the vanishing gradient."""
import numpy as np

from ..activations import sigmoid
from .checks import assert_array_close, normalise_choice, number_answer
from .core import Exercise, call_answer


def sigmoid_prime(x):
    """σ′(x) = σ(x)(1 − σ(x)), element-wise."""
    s = sigmoid(x)
    return s * (1 - s)


def _check_sigmoid_prime(func):
    x = np.linspace(-8, 8, 33).reshape(3, 11)
    assert_array_close("sigmoid_prime(x)", call_answer(func, x), sigmoid_prime(x))
    return "matches σ(x)(1 − σ(x)); its largest value is σ′(0) = 0.25"


sigmoid_derivative = Exercise(
    "σ′(x)", _check_sigmoid_prime,
    "differentiate 1/(1 + e^(−x)) and write the result with σ itself; use course_lib.sigmoid for σ.",
    sigmoid_prime)


def _check_bound(answer):
    value = number_answer(answer, "0.5 or 1/2")
    assert abs(value - 0.25 ** 3) < 1e-9 * 0.25 ** 3 or abs(value - 1 / 64) < 1e-12, (
        f"{value:g} is not it: each sigmoid layer multiplies by at most max σ′ = 0.25"
        + (" (you may have added instead of multiplied)" if abs(value - 0.75) < 1e-9 else ""))
    return "three sigmoid layers can scale a gradient by at most 0.25³ = 1/64 ≈ 0.0156"


shrink_bound = Exercise(
    "the σ′ factor through three sigmoid layers", _check_bound,
    "the chain rule multiplies one σ′ per layer; what is the largest σ′ can be?", 0.25 ** 3)


def _check_slowest(answer):
    choice = normalise_choice(answer, {"first": {"1", "layer-1", "input", "the-first", "first-layer"},
                                       "last": {"4", "5", "output", "last-layer", "the-last"}})
    assert choice == "first", ("the layer nearest the output gets the largest gradient: "
                               "each layer further back multiplies by one more σ′ ≤ 1/4")
    return "the first layer: its gradient passes through every later σ′"


slowest_layer = Exercise(
    "which layer learns slowest", _check_slowest,
    "look at the bar chart: which bar is shortest?", "first")
