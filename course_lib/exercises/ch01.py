"""Exercises of notebook 01, neurons and activations."""
import numpy as np

from ..activations import sigmoid
from .checks import assert_array_close, whole_number_answer
from .core import Exercise, call_answer


def tanh_from_sigmoid(x):
    """tanh x = 2σ(2x) − 1."""
    return 2 * sigmoid(2 * x) - 1


def _check_tanh(func):
    x = np.linspace(-5, 5, 41)
    assert_array_close("your tanh(x)", call_answer(func, x), np.tanh(x), rtol=1e-6, atol=1e-9)
    return "2σ(2x) − 1 is tanh: a sigmoid stretched to (−1, 1) and centred on 0"


tanh_via_sigmoid = Exercise("tanh from σ", _check_tanh,
                            "scale the input by 2, the output by 2, and shift the output down by 1; "
                            "use course_lib.sigmoid.",
                            tanh_from_sigmoid)


def _check_relus(answer):
    value = whole_number_answer(answer, "ReLUs", "12")
    assert value != 10, "one hard sigmoid needs a ReLU to start the ramp and another to stop it"
    assert value == 20, f"{value} is not it: how many ReLUs make one hard sigmoid?"
    return "20: each hard sigmoid is ReLU(x − lo) − ReLU(x − hi)"


relus_needed = Exercise("ReLUs for 10 hard sigmoids", _check_relus,
                        "look at as_relu_network: how many hidden units per piece?", 20)
