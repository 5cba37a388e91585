"""Losses: values against the formulas, gradient checks, stability, and label errors."""

import numpy as np
import pytest

from course_lib import (
    HingeLoss,
    LabelError,
    NotReadyError,
    QuadraticLoss,
    ShapeError,
    SigmoidCrossEntropyLoss,
    SoftmaxCrossEntropyLoss,
    check_loss,
    one_hot,
    sigmoid,
)

pytestmark = pytest.mark.ch05
LOSSES = [QuadraticLoss, SigmoidCrossEntropyLoss, SoftmaxCrossEntropyLoss, HingeLoss]


@pytest.mark.parametrize("Loss", LOSSES)
@pytest.mark.parametrize("as_labels", [True, False])
def test_loss_gradcheck(rng, Loss, as_labels):
    labels = rng.integers(0, 5, size=6)
    target = labels if as_labels else one_hot(labels, 5, np.float64)
    pred = rng.uniform(0.05, 0.95, (6, 5)) if Loss is QuadraticLoss else rng.standard_normal((6, 5)) * 3
    assert check_loss(Loss(), pred, target) < 1e-7


def test_quadratic_matches_the_seed_formula(rng):
    a, labels = rng.uniform(size=(4, 26)), rng.integers(0, 26, 4)
    y = one_hot(labels, 26, np.float64)
    assert QuadraticLoss().forward(a, labels) == pytest.approx(np.sum((a - y) ** 2) / 4 / 2)


def test_sigmoid_cross_entropy_matches_the_seed_formula_where_that_is_finite(rng):
    z, labels = rng.standard_normal((5, 26)) * 4, rng.integers(0, 26, 5)
    a, y = sigmoid(z), one_hot(labels, 26, np.float64)
    seed = np.sum(-y * np.log(a) - (1 - y) * np.log(1 - a)) / 5
    loss = SigmoidCrossEntropyLoss()
    assert loss.forward(z, labels) == pytest.approx(seed, rel=1e-12)
    # the seed's backward (a − y)/(a(1 − a)) times the sigmoid's a(1 − a), averaged: the σ′ cancels
    seed_grad = (a - y) / (a * (1 - a)) * (a * (1 - a)) / 5
    np.testing.assert_allclose(loss.backward(), seed_grad, rtol=1e-9)


def test_softmax_cross_entropy_is_minus_log_p(rng):
    z, labels = rng.standard_normal((3, 4)), np.array([0, 3, 1])
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    assert SoftmaxCrossEntropyLoss().forward(z, labels) == pytest.approx(
        -np.mean(np.log(p[np.arange(3), labels]))
    )


@pytest.mark.parametrize("Loss", [SigmoidCrossEntropyLoss, SoftmaxCrossEntropyLoss])
def test_cross_entropy_is_finite_for_huge_logits(Loss):
    z = np.array([[1000.0, -1000.0, 0.0], [-500.0, 500.0, 80.0]], dtype=np.float32)
    loss = Loss()
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is harmless
        value = loss.forward(z, np.array([1, 0]))
        grad = loss.backward()
    assert np.isfinite(value) and value > 100  # confidently wrong is expensive, not NaN
    assert np.all(np.isfinite(grad)) and np.all(np.abs(grad) <= 1)


def test_the_seed_formula_breaks_where_ours_does_not():
    """The lesson of notebook 05: in float32, σ(20) is exactly 1 and log(1 − 1) = −inf."""
    z = np.array([[20.0]], dtype=np.float32)
    a = sigmoid(z)
    with np.errstate(divide="ignore"):
        assert np.isinf(np.log(1 - a)).all()
    assert SigmoidCrossEntropyLoss().forward(z, np.array([[0.0]], np.float32)) == pytest.approx(
        20.0, rel=1e-6
    )


@pytest.mark.parametrize("Loss", LOSSES)
def test_label_out_of_range(Loss):
    with pytest.raises(
        LabelError, match=r"label 26 is out of range: with 26 outputs, labels must be in 0..25"
    ):
        Loss().forward(np.zeros((2, 26)), np.array([3, 26]))


@pytest.mark.parametrize("Loss", LOSSES)
def test_mismatched_shapes(Loss):
    with pytest.raises(LabelError, match="3 predictions but 2 labels"):
        Loss().forward(np.zeros((3, 5)), np.array([1, 2]))
    with pytest.raises(ShapeError, match=r"target shape \(N, 4\) does not match prediction shape \(N, 5\)"):
        Loss().forward(np.zeros((3, 5)), np.zeros((3, 4)))
    with pytest.raises(ShapeError, match=r"predictions must have shape \(N, K\)"):
        Loss().forward(np.zeros(5), np.zeros(5))


def test_fractional_labels_are_rejected():
    with pytest.raises(LabelError, match="whole numbers"):
        one_hot(np.array([0.5, 1.0]), 3)


def test_backward_before_forward():
    with pytest.raises(NotReadyError):
        QuadraticLoss().backward()


def test_hinge_loss_value():
    z = np.array([[3.0, 1.0, 2.5], [0.0, 0.0, 0.0]])
    # sample 1: right class 0 scores 3; margins 1−3+1 = −1 → 0 and 2.5−3+1 = 0.5; sample 2: two margins of 1
    assert HingeLoss().forward(z, np.array([0, 2])) == pytest.approx((0.5 + 2.0) / 2)


def test_the_two_losses_the_course_names_and_what_each_takes():
    """One list of the loss names that notebooks 04, 05, their widgets and the playground offer; the
    output layer each pairs with follows from what the loss takes."""
    from course_lib.losses import LOSS_NAMES

    assert LOSS_NAMES == {"quadratic": QuadraticLoss, "cross-entropy": SigmoidCrossEntropyLoss}
    assert not QuadraticLoss.takes_logits
    assert (
        SigmoidCrossEntropyLoss.takes_logits
        and SoftmaxCrossEntropyLoss.takes_logits
        and HingeLoss.takes_logits
    )
