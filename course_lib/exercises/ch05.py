"""Exercises of notebook 05, the cross-entropy fix."""
import numpy as np

from ..losses import SoftmaxCrossEntropyLoss
from .checks import array_answer, assert_array_close, normalise_choice
from .core import Exercise, call_answer


def cross_entropy_backward(a, y):
    """∂C/∂a for C = −[y ln a + (1 − y) ln(1 − a)], element-wise (the seed lab's loss backward)."""
    return (a - y) / (a * (1 - a))


def _check_ce_backward(func):
    rng = np.random.default_rng(3)
    a = rng.uniform(0.05, 0.95, (4, 26))
    y = np.zeros((4, 26))
    y[np.arange(4), rng.integers(0, 26, 4)] = 1
    assert_array_close("your ∂C/∂a", call_answer(func, a, y), cross_entropy_backward(a, y))
    return "right: (a − y)/(a(1 − a)); times σ′ = a(1 − a) it leaves just a − y"


ce_backward = Exercise(
    "cross-entropy backward", _check_ce_backward,
    "d/da ln a = 1/a and d/da ln(1 − a) = −1/(1 − a); put the two terms over the common denominator "
    "a(1 − a).",
    cross_entropy_backward)


def _check_faster(answer):
    choice = normalise_choice(answer, {"cross-entropy": {"ce", "crossentropy", "cross-entropy-loss", "xent"},
                                       "quadratic": {"mse", "quadratic-loss", "square", "squared"}})
    assert choice == "cross-entropy", ("the quadratic loss's gradient keeps the factor σ′(z) ≈ 0.018 at "
                                       "z = 4, so its first steps are about 50 times smaller")
    return "cross-entropy: its gradient a − y has no σ′ factor, so a badly wrong neuron learns fastest"


faster_loss = Exercise(
    "which loss learns faster from w = b = 2", _check_faster,
    "compare ∂C/∂w for the two losses at z = 4: which one contains σ′(z)?", "cross-entropy")


def softmax_cross_entropy_grad(z, labels):
    """dL/dz for L = mean over the batch of −log softmax(z)[label]: (softmax(z) − onehot) / N."""
    z = z - z.max(axis=1, keepdims=True)          # log-sum-exp shift: no overflow
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1
    return p / len(labels)


def _check_softmax_grad(func):
    rng = np.random.default_rng(4)
    z = rng.standard_normal((5, 26)) * 3
    z[0, 0] = 800.0                               # an overflow trap for a naive np.exp(z)
    labels = rng.integers(0, 26, 5)
    loss = SoftmaxCrossEntropyLoss()
    loss.forward(z, labels)
    with np.errstate(over="ignore", invalid="ignore"):
        answer = call_answer(func, z.copy(), labels)
    if np.any(~np.isfinite(array_answer("your dL/dz", answer, z.shape))):
        raise AssertionError("NaN or inf: np.exp(800) overflows — subtract each row's maximum first")
    assert_array_close("your dL/dz", answer, loss.backward())
    return "right, and stable: (softmax(z) − onehot)/N with the max subtracted first"


softmax_grad = Exercise(
    "softmax cross-entropy gradient", _check_softmax_grad,
    "softmax(z) = e^(z − max z)/Σ e^(z − max z); the gradient of −log p_y is p − onehot(y); divide by N.",
    softmax_cross_entropy_grad)
