"""Chapter 03's exercises. MISTAKES are the common mistakes each checker must name: test_exercises.py checks them,
with every chapter's, in one test (as it tests acceptance of the reference, blanks and pasted solutions)."""

import numpy as np
import pytest

from course_lib import sigmoid
from course_lib.exercises import ch03


def _two_layer(dz_of):
    """ch03.two_layer_grads with the hidden layer's dz computed by dz_of(dh, z, h)."""

    def grads(x, W1, b1, W2, b2, y):
        z = x @ W1 + b1
        h = np.tanh(z)
        dy_hat = (h @ W2 + b2 - y) / len(x)
        dh = dy_hat @ W2.T
        dz = dz_of(dh, z, h)
        return x.T @ dz, dz.sum(axis=0), h.T @ dy_hat, dy_hat.sum(axis=0)

    return grads


def _swish(dx_of):
    return lambda x, dout: dx_of(x, sigmoid(x), dout)


MISTAKES = [  # (exercise, wrong answer, a phrase its verdict must contain)
    (ch03.sigmoid_and_derivative, lambda x: (1 / (1 + np.exp(x)), None), "σ(−x)"),
    (ch03.sigmoid_and_derivative, lambda x: (sigmoid(x), x * (1 - x)), "to x itself"),
    (ch03.sigmoid_and_derivative, lambda x: (sigmoid(x), sigmoid(x)), "(1 − σ) is missing"),
    (ch03.sigmoid_and_derivative, lambda x: (sigmoid(x), 1 - sigmoid(x)), "factor σ is missing"),
    (
        ch03.sigmoid_and_derivative,
        lambda x: (sigmoid(x), sigmoid(x) * (1 + sigmoid(x))),
        "σ(1 + σ) is not it",
    ),
    (ch03.sigmoid_and_derivative, lambda x: sigmoid(x), "return the pair"),
    (ch03.zero_gradients, {"w2"}, "w4 multiplies x2"),
    (ch03.zero_gradients, "w2, w4, w6", "a2 = σ(z2), which is never 0"),
    (ch03.zero_gradients, ["w1", "w2", "w4"], "w1 multiplies x1 = 1"),
    (ch03.zero_gradients, {"w7"}, "not one of the weights"),
    (ch03.zero_gradients, 3, "answer with the names"),
    (ch03.dense_layer_backward, lambda x, W, d: (d @ W, x.T @ d, d.sum(0)), "dx: the transpose is missing"),
    (ch03.dense_layer_backward, lambda x, W, d: (W.T @ d, x.T @ d, d.sum(0)), "wrong order"),
    (ch03.dense_layer_backward, lambda x, W, d: (d @ W.T, x @ d, d.sum(0)), "dW: the transpose is missing"),
    (ch03.dense_layer_backward, lambda x, W, d: (d @ W.T, d.T @ x, d.sum(0)), "dW transposed"),
    (
        ch03.dense_layer_backward,
        lambda x, W, d: (d @ W.T, W.T @ d, d.sum(0)),
        "dW = W.T @ … uses the weights",
    ),
    (
        ch03.dense_layer_backward,
        lambda x, W, d: (d @ W.T, x.T @ d / len(x), d.sum(0)),
        "divided by the batch",
    ),
    (ch03.dense_layer_backward, lambda x, W, d: (d @ W.T, x.T @ d, d.sum(1)), "summed over the wrong axis"),
    (ch03.dense_layer_backward, lambda x, W, d: (d @ W.T, x.T @ d, d.mean(0)), "a mean, not a sum"),
    (ch03.dense_layer_backward, lambda x, W, d: (d @ W.T, 2 * x.T @ d, d.sum(0)), "dW disagrees"),
    (ch03.dense_layer_backward, lambda x, W, d: (d @ W.T, x.T @ d, d), "db has shape (4, 3)"),
    (ch03.swish_derivative, _swish(lambda x, s, d: d * s), "only the path through the first factor"),
    (ch03.swish_derivative, _swish(lambda x, s, d: d * x * s * (1 - s)), "only the path through σ(x)"),
    (ch03.swish_derivative, _swish(lambda x, s, d: s + x * s * (1 - s)), "dout is missing"),
    (ch03.swish_derivative, _swish(lambda x, s, d: d * (s + s * (1 - s))), "lost its factor x"),
    (ch03.swish_derivative, _swish(lambda x, s, d: 2 * d * (s + x * s * (1 - s))), "numerical gradient"),
    (ch03.fix_two_layer, ch03.two_layer_grads_as_given, "still the code as given"),
    (ch03.fix_two_layer, _two_layer(lambda dh, z, h: dh), "tanh′ is missing"),
    (ch03.fix_two_layer, _two_layer(lambda dh, z, h: dh * (1 - h)), "the square is missing"),
    (ch03.fix_two_layer, _two_layer(lambda dh, z, h: dh * (1 + h**2)), "fails for dW1"),
]


def test_a_missing_transpose_is_not_numpys_gufunc_message():
    """On the rectangular arrays `dout @ W` cannot run; the message names the shapes, not the gufunc."""

    def crashes_on_rectangles(x, W, dout):
        if x.shape[0] == x.shape[1]:
            return dout @ W.T, x.T @ dout, dout.sum(0)
        return dout @ W, x.T @ dout, dout.sum(0)

    ok, message = ch03.dense_layer_backward.evaluate(crashes_on_rectangles)
    assert not ok and "shapes do not fit" in message and "gufunc" not in message and "x (4, 5)" in message


def test_zero_gradients_are_measured_not_typed_in():
    assert ch03.zero_gradient_names({"x2": 0.0}) == {"w2", "w4"}
    assert ch03.zero_gradient_names({"x1": 0.0}) == {"w1", "w3"}
    assert ch03.zero_gradient_names({}) == set()


def test_right_arrays_in_the_wrong_order_are_named_as_such_not_as_a_wrong_dw():
    """(dW, dx, db) used to be diagnosed as a wrong dW ("dW: dW comes from the input x and dout, not from
    W")."""
    for wrong, order in [
        (lambda x, W, d: (x.T @ d, d @ W.T, d.sum(0)), "(dW, dx, db)"),
        (lambda x, W, d: (d @ W.T, d.sum(0), x.T @ d), "(dx, db, dW)"),
    ]:
        ok, message = ch03.dense_layer_backward.evaluate(wrong)
        assert not ok and f"you returned {order}" in message and "return (dx, dW, db)" in message, message
        assert "dW:" not in message and "dx:" not in message


# -- which activations can compute f′ from their output alone ------------------------------------------


def test_which_activations_rebuild_their_slope_from_the_output_is_measured():
    assert ch03.from_output_names() == {"sigmoid", "tanh", "relu", "elu"}
    for name in ("abs", "square"):
        a, b, y, da, db = ch03.output_twins(name)
        assert (a, b) == (-1, 1) and da == -db != 0


@pytest.mark.parametrize(
    "name, from_y",
    [
        ("sigmoid", lambda y: y * (1 - y)),
        ("tanh", lambda y: 1 - y**2),
        ("relu", lambda y: (y > 0) * 1.0),
        ("elu", lambda y: np.where(y > 0, 1.0, y + 1)),
    ],
)
def test_each_formula_the_verdict_states_rebuilds_the_measured_slope(name, from_y):
    f, slope = ch03.CANDIDATES[name]
    x = np.linspace(-3, 3, 601)
    assert np.allclose(from_y(f(x)), slope(x), rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize(
    "prediction, words",
    [
        ({"sigmoid", "tanh", "elu"}, "relu can: no two inputs give the same output with different slopes"),
        (
            {"sigmoid", "tanh", "relu", "elu", "abs"},
            "abs cannot: x = -1 and x = 1 both give y = 1, where its slope is -1 and 1",
        ),
        (["σ", "tanh", "relu", "elu", "x²"], "square cannot"),
        (set(), "elu can"),
        ({"softplus"}, "is not one of"),
        (7, "answer with the names"),
    ],
)
def test_derivative_from_output_names_what_the_prediction_missed(prediction, words):
    ok, message = ch03.derivative_from_output.evaluate(prediction)
    assert not ok and words in message, message


@pytest.mark.parametrize(
    "prediction",
    [{"sigmoid", "tanh", "relu", "elu"}, "sigmoid, tanh, ReLU, ELU", ["σ", "tanh", "relu", "elu"]],
)
def test_derivative_from_output_accepts_the_four_however_spelled(prediction):
    ok, message = ch03.derivative_from_output.evaluate(prediction)
    assert ok and "abs, square cannot" in message, message


# -- build the autograd: a topological order (the diamond out = tanh(x·y)·exp(x·y) + x) -------------------


def _depth_first(before, seen=True):
    """A depth-first order of root's graph, each value appended before (before=True) or after its parents,
    with or without a set of the values already visited."""

    def order(root):
        found, visited = [], set()

        def visit(v):
            if seen and v in visited:
                return
            visited.add(v)
            if before:
                found.append(v)
            for parent in v.parents:
                visit(parent)
            if not before:
                found.append(v)

        visit(root)
        return found

    return order


MISTAKES += [
    (ch03.autograd_order, _depth_first(before=False, seen=False), "a, x and y appear more than once"),
    (ch03.autograd_order, _depth_first(before=True), "you append a value before its parents"),
    (ch03.autograd_order, lambda root: _depth_first(before=False)(root)[::-1], "output first"),
    (ch03.autograd_order, lambda root: [*root.parents, root], "your order leaves out y, a, b, c"),
    (
        ch03.autograd_order,
        lambda root: [root.parents[1], *_depth_first(False)(root)],
        "appear more than once",
    ),
    (ch03.autograd_order, lambda root: "x y a b c d out", "return a list of the Values"),
]
