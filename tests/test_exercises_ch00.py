"""Chapter 00's exercises beyond the sweep in test_exercises.py: the sawtooth sizes (derive and implement),
the depth prediction (predict, then run) and the parameter count's strictness about whole numbers."""

import numpy as np
import pytest

from course_lib.exercises import ch00, core, guards
from course_lib.exercises.core import AnswerError
from course_lib.lessons.approx import as_relu_network_one_per_kink, fit_hard_sigmoids
from course_lib.lessons.depth import deep_sawtooth_net, sawtooth
from test_bad_inputs_interactive import FUNCTION_SLIPS


@pytest.mark.parametrize("k", [1, 3, 6, 8])
def test_one_unit_per_piece_computes_the_sawtooth_with_2_to_the_k_units(k):
    net = as_relu_network_one_per_kink(fit_hard_sigmoids(lambda t: sawtooth(t, k), 0, 1, 2**k))
    x = np.linspace(0, 1, 2001)
    assert net.layers[0].params["b"].size == 2**k
    assert np.abs(net.forward(x[:, None]).ravel() - sawtooth(x, k)).max() < 1e-9
    assert (net.num_params(), deep_sawtooth_net(k).num_params()) == (3 * 2**k + 1, 6 * k + 1)


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda k: (6 * k, 3 * 2**k + 1), "deep: the output unit has a bias too"),
        (lambda k: (4 * k, 3 * 2**k + 1), "deep: you counted only the weights"),
        (lambda k: (6 * k + 1, 3 * 2 ** (k + 1) + 1), "shallow: that is two ReLUs per piece"),
        (lambda k: (6 * k + 1, 3 * (2**k - 1) + 1), "the first piece also needs a slope"),
        (lambda k: (6 * k + 1, 3 * 2 ** (k - 1) + 1), "number of teeth"),
        (lambda k: (6 * k + 1, 2**k), "you counted units"),
        (lambda k: (6 * k + 1, 3 * 2**k), "shallow: the output unit has a bias too"),
        (lambda k: (6 * k + 1, 100), r"shallow is wrong: for k = 1 you gave 100, the network has 7"),
        (lambda k: 6 * k + 1, "return the pair"),
    ],
)
def test_sawtooth_sizes_names_each_typical_mistake(answer, words):
    with pytest.raises(AnswerError, match=words):
        ch00.sawtooth_params.grade(answer)


@pytest.mark.parametrize("slip, make, error, words", FUNCTION_SLIPS, ids=[s[0] for s in FUNCTION_SLIPS])
def test_sawtooth_sizes_answers_every_slip_in_one_line(slip, make, error, words, monkeypatch):
    monkeypatch.setattr(guards, "TIME_LIMIT", 0.05 if error is core.AnswerTookTooLong else guards.TIME_LIMIT)
    with pytest.raises(error, match=words) as caught:
        ch00.sawtooth_params.grade(make(ch00.sawtooth_params))
    assert "\n" not in str(caught.value)


def test_depth_prediction_compares_with_what_the_run_measured():
    assert ch00.depth_prediction.evaluate(("smaller", 340.0))[0]
    assert ch00.depth_prediction.evaluate(("much smaller", np.float64(340.0)))[0]
    ok, message = ch00.depth_prediction.evaluate(("about the same", 340.0))
    assert not ok and "you predicted 'about the same'" in message and "340 times smaller" in message
    assert "σ′ ≤ 1/4" in message
    ok, message = ch00.depth_prediction.evaluate(("larger", 340.0))
    assert not ok and "you predicted 'larger'" in message
    # the verdict follows the measurement: had the gradients been equal, "about the same" would be right
    assert ch00.depth_prediction.evaluate(("about the same", 1.3))[0]


@pytest.mark.parametrize(
    "pair, words",
    [
        (("smaller", None), r"run the experiment's cell first.*\.check\(prediction, ratio\)"),
        (("smaller", "big"), "should be the number the experiment measured"),
        (("smaller", np.nan), "rerun the experiment"),
        (("smaller", -3.0), "a positive number"),
        (("bigger or smaller", 300.0), "is not one of"),
        ((3, 300.0), "answer with a string"),
    ],
)
def test_depth_prediction_bad_input_is_one_line(pair, words):
    with pytest.raises(AnswerError, match=words) as caught:
        ch00.depth_prediction.grade(pair)
    assert "\n" not in str(caught.value)


def test_an_unmade_prediction_is_not_attempted(capsys):
    assert ch00.depth_prediction.evaluate((..., 300.0)) == (False, core.NOT_ATTEMPTED)
    ch00.depth_prediction.check(..., 300.0)
    assert "not attempted yet" in capsys.readouterr().out
    ch00.depth_prediction.check("smaller", 300.0)
    assert capsys.readouterr().out.startswith("✓ ")


@pytest.mark.parametrize("answer", [6346.9, "6346.9", np.float32(6346.5), "6346.0001"])
def test_param_count_refuses_a_number_that_is_not_whole(answer):
    with pytest.raises(AnswerError, match="is not a whole number of parameters"):
        ch00.param_count.grade(answer)


@pytest.mark.parametrize("answer", [6346, "6,346", "6 346", 6346.0, np.int64(6346)])
def test_param_count_accepts_the_count_in_any_spelling(answer):
    assert ch00.param_count.evaluate(answer)[0]


@pytest.mark.parametrize(
    "answer, words",
    [
        (289 * 20 + 20 * 26 + 20, "the 26 output units have biases"),
        (289 * 20 + 20 * 26 + 26, "the 20 hidden units have biases"),
        (335, "you counted the units"),
    ],
)
def test_param_count_names_the_missing_biases(answer, words):
    with pytest.raises(AnswerError, match=words):
        ch00.param_count.grade(answer)


@pytest.mark.parametrize("k", [2, 4, 6])
def test_the_shallow_sawtooth_net_has_2_to_the_k_minus_1_inner_kinks_and_one_more_unit(k):
    """Notebook 00 §8: each unit bends the line at most once, the sawtooth bends 2^k − 1 times inside (0, 1),
    and the network built there has one more unit, whose kink sits at x = 0."""
    net = as_relu_network_one_per_kink(fit_hard_sigmoids(lambda t: sawtooth(t, k), 0, 1, 2**k))
    W, b = net.layers[0].params["W"].ravel(), net.layers[0].params["b"]
    kinks = -b / W
    assert np.sum((kinks > 1e-12) & (kinks < 1 - 1e-12)) == 2**k - 1
    assert np.sum(np.abs(kinks) <= 1e-12) == 1
