"""Exercises of notebook 05, the cross-entropy fix."""
import numpy as np

import course_lib as cl
from ..losses import SigmoidCrossEntropyLoss, SoftmaxCrossEntropyLoss
from .checks import array_answer, assert_array_close, normalise_choice, number_answer, refuse_library
from .core import AnswerError, Exercise, NotAttempted, call_answer, is_blank


# -- read the plot: how hard each loss pushes a wrong output ------------------------------------------
PUSH = {"vanishes": {"vanish", "goes-to-0", "to-0", "0", "zero", "shrinks", "decreases", "falls",
                     "goes-to-zero", "to-zero", "tends-to-0", "tends-to-zero", "approaches-0",
                     "approaches-zero", "falls-to-0", "falls-to-zero", "disappears"},
        "stays near 1": {"stays-near-1", "near-1", "1", "one", "constant", "stays", "saturates-at-1",
                         "goes-to-1", "to-1", "approaches-1", "goes-to-one", "tends-to-1", "tends-to-one",
                         "approaches-one", "stays-near-one", "levels-off"},
        "grows": {"grow", "increases", "explodes", "goes-to-infinity", "infinity"}}
QUADRATIC_PEAK_Z = -np.log(2)    # a(1 − a)² is largest at a = 1/3, i.e. z = ln(1/2)


def _check_push(answer):
    if isinstance(answer, dict) and all(is_blank(v) for v in answer.values()):
        raise NotAttempted                           # the template, untouched
    if not isinstance(answer, dict) or set(answer) != {"quadratic", "cross-entropy", "quadratic peak z"}:
        raise AnswerError('answer with the dict of the template: {"quadratic": …, "cross-entropy": …, '
                          '"quadratic peak z": …}')
    quad = normalise_choice(answer["quadratic"], PUSH)
    xent = normalise_choice(answer["cross-entropy"], PUSH)
    peak = number_answer(answer["quadratic peak z"], "-1.5", name="the quadratic's peak z")
    # which of the two words is off is not said: the plot says it, not a process of elimination
    assert quad == "vanishes" and xent == "stays near 1", (
        "at least one of the two words is not what its curve does: follow each curve of the right panel to "
        "the far left (the quadratic's push is (1 − a)·σ′(z), cross-entropy's 1 − a)")
    assert abs(peak - QUADRATIC_PEAK_Z) <= 0.3, (
        "σ′ alone peaks at z = 0, but the quadratic's push is (1 − a)·σ′(z): the error factor 1 − a grows to "
        "the left, so the peak moves left of 0 — read it off the right panel"
        if abs(peak) < 0.2 else f"the quadratic curve's highest point is not at z = {peak:g}: read it again")
    return ("right: the quadratic loss pushes hardest at z = ln ½ ≈ −0.69 (a = 1/3) and less and less the "
            "more wrong the output is; cross-entropy's push tends to 1")


read_the_push = Exercise(
    "read the plot: the push of each loss", _check_push,
    "follow each curve of the right panel to the far left (z = −8); for the peak, find the quadratic curve's "
    "highest point.",
    {"quadratic": "vanishes", "cross-entropy": "stays near 1", "quadratic peak z": -0.7})


# -- find the bug: the gradient of sigmoid cross-entropy with respect to the logits ----------------------
def xent_grad_z(z, y):
    """∂L/∂z for L = mean over the N rows of Σ_k −[y ln σ(z) + (1 − y) ln(1 − σ(z))]; z, y: (N, K)."""
    a = cl.sigmoid(z)
    return (a - y) / len(z)


# course_lib's own losses and gradient tools compute these answers: an answer that calls one only tests them
LIBRARY_ANSWERS = ("SigmoidCrossEntropyLoss", "SoftmaxCrossEntropyLoss", "backward", "numerical_gradient",
                   "check_loss")


def _check_xent_grad(func):
    if _is_the_students_line(func):
        raise NotAttempted                           # the cell as it came: the bug is still to be found
    refuse_library(func, LIBRARY_ANSWERS)
    rng = np.random.default_rng(3)
    z = rng.normal(0, 2.5, (4, 26))
    y = np.zeros((4, 26))
    y[np.arange(4), rng.integers(0, 26, 4)] = 1
    loss = SigmoidCrossEntropyLoss()
    loss.forward(z, y)
    expected = loss.backward()                       # (σ(z) − y)/N, checked numerically in the tests
    answer = array_answer("your ∂L/∂z", call_answer(func, z, y), z.shape)
    a = cl.sigmoid(z)
    mistakes = [((a - y) * a * (1 - a) / len(z), "this still computes what the student's line does — the "
                 "gradient the quadratic loss would give, not cross-entropy's: compare with section 2"),
                ((a - y) / (a * (1 - a)) / len(z), "this is ∂L/∂a, the gradient with respect to the output; "
                 "with respect to z the chain rule multiplies it by σ′(z) = a(1 − a)"),
                (a - y, "almost: L is a mean over the N rows, so divide by N (len(z))"),
                ((y - a) / len(z), "the sign is flipped: a too large output (a > y) must get a positive "
                 "gradient, so that gradient descent lowers z")]
    for wrong, message in mistakes:
        if np.allclose(answer, wrong, rtol=1e-6, atol=1e-12):
            raise AnswerError(message)
    assert_array_close("your ∂L/∂z", answer, expected)
    return "fixed: ∂L/∂z = (σ(z) − y)/N — the σ′ of the output is gone, which is the whole point of chapter 5"


def _is_the_students_line(func):
    """True if `func` still computes the notebook's buggy line, (σ(z) − y)·σ′(z)/N, on a small test."""
    z, y = np.array([[0.5, -1.0, 2.0], [1.5, 0.2, -2.0]]), np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    a = cl.sigmoid(z)
    try:
        got = np.asarray(call_answer(func, z, y), dtype=float)
    except (AnswerError, TypeError, ValueError):     # the real check says what is wrong with it
        return False
    return got.shape == z.shape and bool(np.allclose(got, (a - y) * a * (1 - a) / len(z)))


find_the_bug = Exercise(
    "find the bug: cross-entropy gradient", _check_xent_grad,
    "write ∂C/∂a (section 2) and multiply by ∂a/∂z = σ′(z) = a(1 − a): what is left? Then remember the mean "
    "over the batch.",
    xent_grad_z)


# -- predict, then run: how much faster is cross-entropy's first step? -----------------------------------
FIRST_STEP_RATIO = 1 / (cl.sigmoid(4.0) * (1 - cl.sigmoid(4.0)))   # 1/σ′(4) ≈ 56.6: the quadratic's factor


def _check_ratio(answer):
    value = number_answer(answer, "10")
    if abs(value - 1) < 0.2:
        raise AnswerError("both gradients contain the error a − y; only the quadratic one also has σ′(z) at "
                          "z = w·1 + b = 4 — how small is σ′(4)?")
    if value < 1:
        raise AnswerError(f"{value:g} < 1 says the quadratic step is larger; it is the smaller one: it "
                          "carries an extra factor — which one, and how small is it at z = 4?")
    assert abs(np.log(value / FIRST_STEP_RATIO)) <= np.log(1.1), (       # 51–62: a rounded σ′(4)
        f"{value:g} is not it: write ∂C/∂b for each loss at z = 4 (sections 1–2) and divide; .hint() helps")
    return f"right: 1/σ′(4) ≈ {FIRST_STEP_RATIO:.0f} — the run below shows the same ratio in its first step"


first_step_ratio = Exercise(
    "predict: cross-entropy's first step ÷ the quadratic's", _check_ratio,
    "at w = b = 2 and x = 1, z = 4 and a = σ(4) ≈ 0.982. Write both ∂C/∂b and divide.",
    FIRST_STEP_RATIO)


# -- derive and implement: softmax + cross-entropy, stably ------------------------------------------------
def softmax_cross_entropy_grad(z, labels):
    """dL/dz for L = mean over the batch of −log softmax(z)[label]: (softmax(z) − onehot) / N."""
    z = z - z.max(axis=1, keepdims=True)          # log-sum-exp shift: no overflow
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1
    return p / len(labels)


def _check_softmax_grad(func):
    refuse_library(func, LIBRARY_ANSWERS)
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
    expected = loss.backward()
    if np.allclose(answer, expected * len(labels)):
        raise AnswerError("almost: L is a mean over the batch, so divide by N = len(labels)")
    onehot = np.eye(26)[labels]
    if np.allclose(answer, expected + onehot / len(labels)):
        raise AnswerError("that is softmax(z)/N: subtract 1 at each row's label (the one-hot)")
    assert_array_close("your dL/dz", answer, expected)
    return "right, and stable: (softmax(z) − onehot)/N with the max subtracted first"


softmax_grad = Exercise(
    "softmax cross-entropy gradient", _check_softmax_grad,
    "softmax(z) = e^(z − max z)/Σ e^(z − max z); the gradient of −log p_y is p − onehot(y); divide by N.",
    softmax_cross_entropy_grad)
