"""Every checker accepts the reference solution, rejects a wrong answer with a reason, and treats a
template as 'not attempted' without raising. The one test of the named mistakes, for every chapter: the table
below and those the chapters' test files keep beside their other tests."""

import textwrap

import numpy as np
import pytest

import course_lib as cl
from course_lib import sigmoid
from course_lib.exercises import ch00, ch01, ch02, ch03, ch04, ch05, ch06, ch07, core
from course_lib.exercises.predict import ChoicePrediction
from test_bad_inputs_interactive import every_exercise
from test_exercises_ch02 import MISTAKES as CH02
from test_exercises_ch03 import MISTAKES as CH03
from test_exercises_ch06 import MISTAKES as CH06
from test_exercises_ch07 import CASES as CH07

EXERCISES = [
    (
        ch06.conv_size,
        [
            (lambda n, k, s, p: (n - k) // s + 1, "the padding is missing"),
            (lambda n, k, s, p: n, "that is the input size"),
        ],
    ),
    (ch06.stack_shapes, [([24, 12, 6, 6], "the +1 is missing"), ([25, 13, 7, 7], "rounds down")]),
    (
        ch06.pool_backward,
        [
            (lambda x, d: np.repeat(np.repeat(d, 2, 2), 2, 3), "only the maximum"),
            (lambda x, d: np.repeat(np.repeat(d, 2, 2), 2, 3) / 4, "mean pooling's"),
        ],
    ),
    (
        ch06.mean_pool_bug,
        [(lambda d, k: np.repeat(np.repeat(d, k, 2), k, 3), "shares each output's gradient")],
    ),
    (ch06.conv_input, [(lambda d, K: d, "the shape of δ")]),
    (ch06.shift_plot, [("acd", "not all eight"), ("q", "is not one")]),
    (ch00.param_count, [(289 * 20 + 20 * 26, "each of the 46 units also has a bias"), (100, "is not it")]),
    (
        ch01.tanh_via_sigmoid,
        [
            (lambda x: sigmoid(2 * x) - 1, "runs from −1 to 0"),
            (lambda x: sigmoid(x), "σ itself"),
            (lambda x: 2 * sigmoid(x) - 1, "half as steep"),
            (lambda x: np.tanh(x), "uses np.tanh"),
            (np.tanh, "not a library function"),
            (lambda x: 2 * sigmoid(3 * x) - 1, "is wrong"),
        ],
    ),
    (
        ch01.relus_needed,
        [(20, "two per ramp"), (9, "first segment"), (11, "outside the interval"), (5, "is not it")],
    ),
    (
        ch02.descent_step,
        [
            (lambda w, b, x, y, lr: ch02.descent_step.reference(w, b, x, y, -lr), "stepped *up*"),
            (lambda w, b, x, y, lr: ch02.descent_step.reference(w, b, x, y, lr / 2), "half as long"),
            (lambda w, b, x, y, lr: w, "return the pair"),
        ],
    ),
    (
        ch03.sigmoid_and_derivative,
        [
            (lambda x: (sigmoid(x), sigmoid(x)), "your σ′(x): the factor (1 − σ) is missing"),
            (lambda x: sigmoid(x), "return the pair"),
        ],
    ),
    (
        ch03.dense_layer_backward,
        [
            (lambda x, W, d: (d @ W.T, x.T @ d, d.sum(1)), "db: summed over the wrong axis"),
            (lambda x, W, d: (d @ W.T, d.T @ x, d.sum(0)), "that is dW transposed"),
            (lambda x, W, d: (d @ W.T, 2 * x.T @ d, d.sum(0)), "dW disagrees"),
        ],
    ),
    # exercise, wrong answers and a phrase their message must contain
    (
        ch04.sigmoid_derivative,
        [
            (lambda x: sigmoid(x) * (1 + sigmoid(x)), "σ(1 + σ) is not it"),
            (lambda x: sigmoid(x), "that is σ itself"),
            (lambda x: -sigmoid(x) * (1 - sigmoid(x)), "wrong sign"),
            (lambda x: sigmoid(x).ravel(), "has shape"),
            (lambda x: 1 / 0, "ZeroDivisionError"),
        ],
    ),
    (
        ch04.shrink_bound,
        [
            (1 / 64, "bound for the σ′ factors alone"),
            (0.5, "one layer's largest factor"),
            (1.5, "added the three"),
            (8, "not 2 ÷ ¼"),
            (0.2, "is not it"),
            ("1/4", "is not it"),
        ],
    ),
    (
        ch04.growth_weight,
        [
            (0.25, "largest σ′"),
            (1, "at most ¼"),
            (2, "solve |w| × ¼ = 1"),
            (3.9, "never reaches 1"),
            ("3.99", "never reaches 1"),
            (4.1, "the smallest"),
            (5, "the smallest"),
            (-4, "is a size"),
        ],
    ),
    (ch04.gradient_ratio(600.0), [(0.01, "< 1 says"), (20, "too small"), (1e5, "too large")]),
    (
        ch05.read_the_push,
        [
            (
                {"quadratic at z = -2": 0.88, "cross-entropy at z = -2": 0.09, "quadratic peak z": -0.7},
                "wrong way round",
            ),
            (
                {"quadratic at z = -2": 0.09, "cross-entropy at z = -2": 0.12, "quadratic peak z": -0.7},
                "σ(−2) itself",
            ),
            (
                {"quadratic at z = -2": 0.09, "cross-entropy at z = -2": 0.88, "quadratic peak z": 0},
                "left of 0",
            ),
            (
                {"quadratic at z = -2": 0.09, "cross-entropy at z = -2": 0.88, "quadratic peak z": -3},
                "at least one of the three",
            ),
            (
                {"quadratic at z = -2": 0.2, "cross-entropy at z = -2": 0.88, "quadratic peak z": -0.7},
                "at least one of the three",
            ),
            (
                {"quadratic at z = -2": 0.09, "cross-entropy at z = -2": 1, "quadratic peak z": -0.7},
                "at least one of the three",
            ),
            ({"quadratic": "vanishes"}, "answer with the dict"),
        ],
    ),
    (
        ch05.find_the_bug,
        [
            (lambda z, y: (sigmoid(z) - y) * sigmoid(z) * (1 - sigmoid(z)) / len(z), "not attempted"),
            (lambda z, y: (sigmoid(z) - y) * sigmoid(z) * (1 - sigmoid(z)), "is wrong"),
            (lambda z, y: (sigmoid(z) - y) / (sigmoid(z) * (1 - sigmoid(z))) / len(z), "this is ∂L/∂a"),
            (lambda z, y: sigmoid(z) - y, "divide by N"),
            (lambda z, y: (y - sigmoid(z)) / len(z), "sign is flipped"),
            (lambda z, y: (sigmoid(z) - y) / 2, "constant factor"),
        ],
    ),
    (
        ch05.step_ratio,
        [
            (lambda z: sigmoid(z) * (1 - sigmoid(z)), "extra factor σ′(z) itself"),
            (lambda z: 56.6, "at every z"),
            (lambda z: 1.0, "at every z"),
            (lambda z: 0.5 * sigmoid(z), "below 1"),
            (lambda z: 1 / sigmoid(z), "at z = 0 your ratio is 2"),
            (lambda z: "57", "one number"),
            (
                lambda z: cl.lessons.single_neuron.train_single_neuron(1, z - 1, 1, 1, "quadratic"),
                "train_single_neuron",
            ),
        ],
    ),
    (
        ch05.softmax_grad,
        [
            (lambda z, l: np.exp(z) / np.exp(z).sum(1, keepdims=True), "NaN or inf"),
            (lambda z, l: ch05.softmax_grad.reference(z, l) * len(l), "divide by N"),
            (lambda z, l: ch05.softmax_grad.reference(z, l) + np.eye(26)[l] / len(l), "subtract 1"),
        ],
    ),
    (
        ch07.forward,
        [
            (lambda x, Wx, Wh, b: np.tanh(x @ Wx + b), "step 1 is right"),
            (lambda x, Wx, Wh, b: ch07.forward.reference(x, Wx, Wh, 2 * b), "is wrong"),
        ],
    ),
    (
        ch07.param_count,
        [
            (620 * 50, "T copies"),
            (10 * 20 + 20 * 20, "the bias"),
            (640, "two biases"),
            (1000, "is not it"),
            ("abc", "a number"),
            (620.5, "whole number"),
        ],
    ),
    (
        ch07.q1_reasons,
        [("abe", "1970s"), ("ab", "GPUs"), ("abcf", "f) is not among"), ("abz", "z is not one")],
    ),
    (
        ch07.q2_cnn_layers,
        [
            (["pooling", "conv", "dense"], "in the order"),
            ("conv pool fc", "give 3"),
            (["conv", "pool", "softmax"], "is not one of"),
        ],
    ),
    (
        ch07.q4_rnn_layers,
        [
            (["hidden", "input", "output"], "order the data flows"),
            (["input", "convolution", "output"], "is not one of"),
            (["input", "input", "output"], "same three kinds"),
        ],
    ),
    (ch07.q5_bptt_order, [("abc", "cannot come first"), ("bac", "come last"), ("bc", "each once")]),
]


def _by_exercise(*tables):
    """[(exercise, [(wrong answer, phrase), …])], one entry an exercise, from tables written as that list, as
    {exercise: [(wrong, phrase), …]} or as rows (exercise, wrong, phrase)."""
    found = {}
    for table in tables:
        for exercise, *rest in table.items() if isinstance(table, dict) else table:
            found.setdefault(exercise, []).extend(rest[0] if len(rest) == 1 else [tuple(rest)])
    return list(found.items())


NAMED_MISTAKES = _by_exercise(EXERCISES, CH02, CH03, CH06, CH07)


@pytest.mark.parametrize("exercise, wrongs", NAMED_MISTAKES, ids=[e.title for e, _ in NAMED_MISTAKES])
def test_checker_accepts_reference_and_names_each_mistake(exercise, wrongs):
    ok, message = exercise.evaluate(exercise.reference)
    assert ok, message
    for wrong, phrase in wrongs:
        ok, message = exercise.evaluate(wrong)
        assert not ok and phrase in message, (wrong, message)
        assert core.CANNOT_CHECK not in message, message  # a deliberate line, not the checker tripping
        assert "\n" not in message, message  # one line


@pytest.mark.parametrize("exercise", every_exercise(), ids=lambda e: e.title)
def test_unattempted_never_raises(exercise, capsys):
    def template(*args): ...  # a learner's untouched "YOUR CODE HERE" returns None
    def todo(*args):
        raise NotImplementedError

    blanks = (..., None, template, todo) if callable(exercise.reference) else (..., None)
    if isinstance(exercise, (ChoicePrediction, core.OpenQuestion)):
        blanks += ("", "   ")  # an empty prediction or answer in words is not attempted either
    for blank in blanks:
        exercise.check(blank)
        assert "not attempted yet" in capsys.readouterr().out


PASTEABLE = [e for e in every_exercise() if callable(e.reference) or isinstance(e, ChoicePrediction)]


@pytest.mark.parametrize("exercise", PASTEABLE, ids=lambda e: e.title)
def test_solution_runs_where_it_is_pasted(exercise, capsys):
    """What `.solution()` prints, pasted into a notebook (which has imported np and cl), defines the answer,
    and the answer passes its own checker."""
    exercise.solution()
    namespace = {"np": np, "cl": cl}
    exec(textwrap.dedent(capsys.readouterr().out), namespace)
    name = exercise.variable if isinstance(exercise, ChoicePrediction) else exercise.reference.__name__
    ok, message = exercise.evaluate(namespace[name])
    assert ok, message


def test_check_prints_a_tick_and_hint_and_solution_print(capsys):
    ch05.find_the_bug.check(ch05.find_the_bug.reference)
    assert capsys.readouterr().out.startswith("✓ find the bug")
    ch05.find_the_bug.hint()
    assert "σ′(z) = a(1 − a)" in capsys.readouterr().out
    ch05.find_the_bug.solution()
    assert "return (a - y) / len(z)" in capsys.readouterr().out


def test_gradient_and_size_exercises_refuse_answers_that_call_the_library():
    import course_lib as cl

    def by_the_loss(z, y):
        loss = cl.SigmoidCrossEntropyLoss()
        loss.forward(z, y)
        return loss.backward()

    def by_numbers(z, labels):
        return cl.numerical_gradient(lambda: cl.SoftmaxCrossEntropyLoss().forward(z, labels), z)

    def by_the_layer(size, kernel, stride, padding):
        return cl.conv_output_size(size, kernel, stride, padding)

    for exercise, answer in (
        (ch05.find_the_bug, by_the_loss),
        (ch05.softmax_grad, by_numbers),
        (ch06.conv_size, by_the_layer),
    ):
        ok, message = exercise.evaluate(answer)
        assert not ok and "would only test the library" in message, message


@pytest.mark.parametrize("answer", [4, 4.0, "4", "4.0", "16/4", np.float32(4)])
def test_growth_weight_accepts_4_however_it_is_written(answer):
    """The threshold itself, in any spelling; 3.9 and 4.1 are rejected above (a rounding tolerance would
    accept an |w| whose factor never reaches 1)."""
    ok, message = ch04.growth_weight.evaluate(answer)
    assert ok, message


@pytest.mark.parametrize(
    "answer",
    [
        ["convolutional layer", "pooling layer", "fully connected layer"],
        "Conv layer, max pooling, fully connected layers",
        "conv → pool → fc",
        ["卷积层", "下采样层", "全连接层"],
        ["conv", "down-sampling", "dense"],
    ],
)
def test_layer_names_accept_ordinary_spellings(answer):
    assert ch07.q2_cnn_layers.evaluate(answer)[0]


def test_a_function_that_forgets_return_is_told_so_not_called_unattempted():
    def forgot(x, Wx, Wh, b):
        h = np.tanh(x @ Wx + b)  # noqa: F841  (the slip under test: does the work, returns nothing)

    ok, message = ch07.forward.evaluate(forgot)
    assert not ok and "forget `return`" in message


@pytest.mark.parametrize("answer", ["卷积层、池化层、全连接层", "convolution; pooling; fully connected"])
def test_layer_names_split_on_any_separator(answer):
    assert ch07.q2_cnn_layers.evaluate(answer)[0]
