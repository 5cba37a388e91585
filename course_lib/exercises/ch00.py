"""Exercises of notebook 00, history."""
from .checks import whole_number_answer
from .core import Exercise


def _check_count(answer):
    value = whole_number_answer(answer, "parameters", "1000")
    assert value != 289 * 20 + 20 * 26, "you counted the weights; each of the 46 units also has a bias"
    assert value == 6346, (f"{value} is not it: count weights (inputs × outputs) and biases (one per output) "
                           "of both layers")
    return "289·20 + 20 + 20·26 + 26 = 6346 parameters"


param_count = Exercise("parameters of a 289-20-26 network", _check_count,
                       "a dense layer from n to m units has n·m weights and m biases.", 6346)
