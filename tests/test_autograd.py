"""lessons.autograd: each operation's local derivative against a centred difference, the sum over a value's
uses, the topological order on a diamond, and the 2-2-1 tiny net against course_lib's layers."""

import math

import numpy as np
import pytest

import course_lib as cl
from course_lib.lessons.autograd import Value, topological_order
from course_lib.lessons.tiny_net import DEFAULT, as_layers, as_values


def numerical(f, xs, h=1e-6):
    """[∂f/∂x_i] by centred differences, f a function of plain floats."""
    grads = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        grads.append((f(*up) - f(*down)) / (2 * h))
    return grads


def autograd(f, xs):
    values = [Value(x) for x in xs]
    out = f(*values)
    out.backward()
    return out.data, [v.grad for v in values]


def _sigmoid(a):
    return a.sigmoid() if isinstance(a, Value) else 1 / (1 + math.exp(-a))


def _exp(a):
    return a.exp() if isinstance(a, Value) else math.exp(a)


def _tanh(a):
    return a.tanh() if isinstance(a, Value) else math.tanh(a)


OPERATIONS = {
    "a + b": lambda a, b: a + b,
    "a · b": lambda a, b: a * b,
    "a − b": lambda a, b: a - b,
    "a / b": lambda a, b: a / b,
    "a³": lambda a, b: a**3,
    "a^−0.5": lambda a, b: (a * a) ** -0.5,
    "2 + a, 3·b, 1 − a": lambda a, b: (2 + a) * (3 * b) * (1 - a),
    "−a": lambda a, b: -a,
    "exp a": lambda a, b: _exp(a),
    "tanh a": lambda a, b: _tanh(a),
    "σ(a)": lambda a, b: _sigmoid(a),
}


@pytest.mark.parametrize("f", OPERATIONS.values(), ids=OPERATIONS.keys())
@pytest.mark.parametrize("a, b", [(0.7, -1.3), (-2.1, 0.4)])
def test_each_operation_matches_a_centred_difference(f, a, b):
    value, grads = autograd(f, [a, b])
    assert value == pytest.approx(f(a, b), rel=1e-15)
    assert grads == pytest.approx(numerical(f, [a, b]), rel=1e-7, abs=1e-9)


def test_a_value_used_twice_receives_from_both_uses():
    """x·x and x + x: with `=` instead of `+=` the second use would overwrite the first (giving x and 1)."""
    for f, slope in ((lambda x: x * x, 2 * 1.5), (lambda x: x + x, 2.0), (lambda x: x * x * x, 3 * 1.5**2)):
        _, (grad,) = autograd(f, [1.5])
        assert grad == pytest.approx(slope, rel=1e-15)


def test_a_weight_shared_by_a_batch_gets_the_sum_over_the_samples():
    w = Value(0.3)
    loss = sum((w * x - y) ** 2 for x, y in [(1.0, 2.0), (-2.0, 0.5), (0.5, 0.0)])
    loss.backward()
    assert w.grad == pytest.approx(
        sum(2 * (0.3 * x - y) * x for x, y in [(1.0, 2.0), (-2.0, 0.5), (0.5, 0.0)])
    )


def _diamond():
    x = Value(0.5, label="x")
    a = x * 2.0
    b, c = a.tanh(), a.exp()
    return x, a, b, c, b * c + x


def test_the_order_lists_a_diamond_once_each_after_its_parents():
    x, a, b, c, out = _diamond()
    order = topological_order(out)
    assert len(order) == len(set(order)) == 7  # x, the constant 2, a, b, c, b·c, out
    assert order[-1] is out and {x, a, b, c} <= set(order)
    place = {v: i for i, v in enumerate(order)}
    assert all(place[p] < place[v] for v in order for p in v.parents)


def test_backward_on_a_diamond_sums_both_paths_and_can_run_again():
    x, a, b, c, out = _diamond()
    out.backward()
    # out = tanh(2x)·exp(2x) + x: both paths through a = 2x, plus the direct one
    t, e = math.tanh(1.0), math.exp(1.0)
    exact = 2 * ((1 - t * t) * e + t * e) + 1
    assert x.grad == pytest.approx(exact, rel=1e-14)
    assert a.grad == pytest.approx((1 - t * t) * e + t * e, rel=1e-14)
    out.backward()  # grads are set afresh, not added to the last call's
    assert x.grad == pytest.approx(exact, rel=1e-14)


def test_the_tiny_net_from_values_matches_the_layers_and_a_numerical_gradient():
    v = as_values(DEFAULT)
    v["C"].backward()
    net, cost = as_layers(DEFAULT), cl.QuadraticLoss()
    loss = cost.forward(net.forward(np.array([[DEFAULT["x1"], DEFAULT["x2"]]])), np.array([[DEFAULT["t"]]]))
    net.backward(cost.backward())
    assert abs(v["C"].data - loss) <= 1e-12
    (W1, b1), (W2, b2) = ((net.layers[i].grads["W"], net.layers[i].grads["b"]) for i in (0, 2))
    layers = {"w1": W1[0, 0], "w3": W1[0, 1], "w2": W1[1, 0], "w4": W1[1, 1], "b1": b1[0], "b2": b1[1]}
    layers |= {"w5": W2[0, 0], "w6": W2[1, 0], "b3": b2[0]}
    for name, grad in layers.items():
        assert abs(v[name].grad - grad) <= 1e-12, name

    names = list(layers)

    def cost_of(*weights):
        return as_values({**DEFAULT, **dict(zip(names, weights))})["C"].data

    numeric = numerical(cost_of, [DEFAULT[n] for n in names])
    assert [v[n].grad for n in names] == pytest.approx(numeric, rel=1e-6, abs=1e-10)
