"""Chapter 01's exercises beyond the sweep in test_exercises.py: tanh must be built from σ, the bug hunt and
the two predictions, and the dying-ReLU experiment's count of revivals (that every solution runs where pasted
is tested for all chapters there)."""

import numpy as np
import pytest

import course_lib as cl
from course_lib import sigmoid
from course_lib.exercises import ch01, core, guards
from course_lib.exercises.core import AnswerError
from course_lib.lessons.dying_relu import careless_then_careful, dead_units, make_data, revivals
from course_lib.viz.widgets import SigmoidShapeExplorer
from test_bad_inputs_interactive import FUNCTION_SLIPS


def my_tanh_calls_np_tanh(x):
    return np.tanh(x)


def my_tanh_from_exponentials(x):
    e = np.exp(2 * x)
    return (e - 1) / (e + 1)


def my_tanh_through_a_layer(x):
    return 2 * cl.Sigmoid().forward(2 * x) - 1


def my_tanh_with_a_comment_only(x):
    # 2 * cl.sigmoid(2 * x) - 1 would be the answer; a comment is not a call
    return np.tanh(x)


@pytest.mark.parametrize(
    "answer, words",
    [
        (my_tanh_calls_np_tanh, "right values, but your function uses np.tanh"),
        (my_tanh_from_exponentials, "uses np.exp"),
        (my_tanh_with_a_comment_only, "uses np.tanh"),
        (np.tanh, "not a library function"),
        (lambda x: 2 * sigmoid(x) - 1, "half as steep"),
        (lambda x: sigmoid(2 * x) - 1, "runs from −1 to 0"),
        (lambda x: 2 * sigmoid(2 * x), "shift it down by 1"),
        (lambda x: 2 * sigmoid(x / 2) - 1, "halved the input"),
        (lambda x: 2 * sigmoid(-2 * x) - 1, "wrong sign"),
    ],
)
def test_tanh_must_come_from_sigmoid_and_each_slip_is_named(answer, words):
    with pytest.raises(AnswerError, match=words) as caught:
        ch01.tanh_via_sigmoid.grade(answer)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "answer", [lambda x: 2 * cl.sigmoid(2 * x) - 1, lambda x: 2 * sigmoid(2 * x) - 1, my_tanh_through_a_layer]
)
def test_tanh_accepts_sigmoid_however_it_is_reached(answer):
    assert ch01.tanh_via_sigmoid.evaluate(answer)[0]


def broken_layer(X, W, b):  # the notebook's cell, unfixed
    z = X @ W + b
    return 1 / 1 + np.exp(-z)


@pytest.mark.parametrize(
    "answer, words",
    [
        (broken_layer, "the bug is still there"),
        (lambda X, W, b: 1 / (1 + np.exp(X @ W + b)), "that is σ\\(−z\\)"),
        (lambda X, W, b: cl.sigmoid(X @ W), "the biases went missing"),
        (lambda X, W, b: cl.sigmoid(X @ W + b).T, "the transpose"),
        (lambda X, W, b: cl.sigmoid(X @ W + b)[:, :2], "has shape \\(5, 2\\), expected \\(5, 3\\)"),
        (lambda X, W, b: cl.sigmoid(X @ W + 2 * b), "is wrong: at index"),
    ],
)
def test_the_bug_hunt_names_what_is_still_wrong(answer, words):
    with pytest.raises(AnswerError, match=words):
        ch01.buggy_layer.grade(answer)


def test_the_bug_hunt_accepts_any_correct_fix():
    assert ch01.buggy_layer.evaluate(lambda X, W, b: cl.sigmoid(X @ W + b))[0]
    assert ch01.buggy_layer.evaluate(ch01.buggy_layer.reference)[0]


@pytest.mark.parametrize("exercise", [ch01.tanh_via_sigmoid, ch01.buggy_layer])
@pytest.mark.parametrize("slip, make, error, words", FUNCTION_SLIPS, ids=[s[0] for s in FUNCTION_SLIPS])
def test_new_function_checkers_answer_every_slip_in_one_line(exercise, slip, make, error, words, monkeypatch):
    monkeypatch.setattr(guards, "TIME_LIMIT", 0.05 if error is core.AnswerTookTooLong else guards.TIME_LIMIT)
    with pytest.raises(error, match=words) as caught:
        exercise.grade(make(exercise))
    assert "\n" not in str(caught.value)


@pytest.fixture
def shape():
    widget = SigmoidShapeExplorer()
    widget.set(c=2, b=3, w=1.5)
    return widget


def test_midpoint_prediction_compares_with_the_widget(shape):
    assert ch01.midpoint_prediction.evaluate((-2, shape))[0]
    assert ch01.midpoint_prediction.evaluate(("-2.0", shape))[0]
    shape.set(b=-3)  # the verdict follows what the widget shows
    assert ch01.midpoint_prediction.evaluate((2, shape))[0]


@pytest.mark.parametrize(
    "prediction, words",
    [
        (2, "the sign is off"),
        (1, "c/2 is the height"),
        (-3, "divide by w"),
        (-0.5, "upside down"),
        (5, "solve b \\+ wx = 0 for x"),
    ],
)
def test_midpoint_prediction_names_the_mistake(shape, prediction, words):
    with pytest.raises(AnswerError, match=words):
        ch01.midpoint_prediction.grade((prediction, shape))


def test_midpoint_prediction_bad_input_is_one_line(shape):
    with pytest.raises(AnswerError, match="pass the widget itself"):
        ch01.midpoint_prediction.grade((-2, -2.0))
    with pytest.raises(AnswerError, match="your prediction should be one number"):
        ch01.midpoint_prediction.grade(("left", shape))
    shape.set(w=0)
    with pytest.raises(AnswerError, match="has no halfway point in view"):
        ch01.midpoint_prediction.grade((-2, shape))


def test_revival_prediction():
    assert ch01.revival_prediction.evaluate(("none", 0.0))[0]
    assert ch01.revival_prediction.evaluate(("never", np.float64(0.0)))[0]
    ok, message = ch01.revival_prediction.evaluate(("some", 0.0))
    assert not ok and "you predicted 'some'; in this run 0% of the dead units came back" in message
    assert "gradient of 0 for every sample" in message
    assert not ch01.revival_prediction.evaluate(("most", 0.0))[0]
    assert ch01.revival_prediction.evaluate(("most", 0.8))[0]  # the verdict follows the measurement
    for pair, words in [
        (("none", 1.5), "a share between 0 and 1"),
        (("none", "x"), "should be the number"),
        (("perhaps", 0.0), "is not one of"),
        (("none", None), "run the experiment's cell"),
    ]:
        with pytest.raises(AnswerError, match=words):
            ch01.revival_prediction.grade(pair)
    assert ch01.revival_prediction.evaluate((..., 0.0)) == (False, core.NOT_ATTEMPTED)


# -- dying ReLUs: revivals are counted per unit, with masks --------------------------------------------


def test_dead_units_are_the_hidden_units_silent_on_every_sample():
    model = cl.mlp((2, 3, 1), "relu", rng=0, output_activation=None, dtype=np.float64)
    W, b = model.layers[0].params["W"], model.layers[0].params["b"]
    W[:, 0], b[0] = 0.0, -1.0  # z = −1 for every sample: dead
    W[:, 1], b[1] = 0.0, 1.0  # z = 1 for every sample: alive
    W[:, 2], b[2] = [1.0, 0.0], 0.0  # z = x1: alive on the samples with x1 > 0
    X = np.array([[-1.0, 2.0], [0.5, 0.0]])
    assert dead_units(model, X).tolist() == [True, False, False]
    assert dead_units(model, X[:1]).tolist() == [True, False, True]


def test_revivals_count_dead_then_alive_and_alive_then_dead_apart():
    before = np.array([True, True, False, False])
    after = np.array([True, False, True, False])
    assert revivals(before, after) == (1, 1)
    assert revivals(before, before) == (0, 0)


def test_the_notebooks_run_gets_the_right_verdict_where_the_old_count_got_the_wrong_one():
    """Notebook 01's experiment: lr 0.15 kills units, and a few more die in the careful epochs. The old cell
    counted revivals as dead before − dead after, printed a negative share (−5 %) and the checker then
    rejected every prediction, "none" included. Counted per unit, no dead unit came back, "none" is right
    and the units that died late are reported apart."""
    X, y = make_data(np.random.default_rng(0))
    runs = [careless_then_careful(X, y, 0.15, seed) for seed in range(5)]
    revived = sum(revivals(before, after)[0] for before, after in runs)
    newly_dead = sum(revivals(before, after)[1] for before, after in runs)
    dead = sum(int(before.sum()) for before, _ in runs)
    assert dead > 0 and newly_dead > 0  # the case the old count got wrong
    assert revived == 0
    ok, message = ch01.revival_prediction.evaluate(("none", revived / dead))
    assert ok and "0% of the dead units came back" in message
    old_share = sum(before.mean() - after.mean() for before, after in runs) / sum(b.mean() for b, _ in runs)
    assert old_share < 0
    ok, message = ch01.revival_prediction.evaluate(("none", old_share))
    assert not ok and "cannot be negative" in message and "a new death, not a revival" in message
