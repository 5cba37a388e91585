"""Exercises of notebook 05, the cross-entropy fix."""

import numpy as np

import course_lib as cl

from ..i18n import N_, _
from ..losses import SigmoidCrossEntropyLoss, SoftmaxCrossEntropyLoss
from .checks import array_answer, number_answer
from .core import AnswerError, Exercise, FunctionExercise, NotAttempted, is_blank

# -- read the plot: how hard each loss pushes a wrong output ------------------------------------------
_READ_AT = -2.0  # where the two pushes are read: a = σ(−2) ≈ 0.12, target 1
_QUADRATIC_PEAK_Z = -np.log(2)  # a(1 − a)² is largest at a = 1/3, i.e. z = ln(1/2)
# the keys of the answer's dict: code the template spells out, the same in both languages
PUSH_KEYS = ("quadratic at z = -2", "cross-entropy at z = -2", "quadratic peak z")  # i18n: not shown (keys)


def _pushes(z):
    """(quadratic, cross-entropy) |∂C/∂z| at z for target 1: ((1 − a)·σ′(z), 1 − a) with a = σ(z)."""
    a = cl.sigmoid(z)
    return (1 - a) * a * (1 - a), 1 - a


def _check_push(answer):
    if isinstance(answer, dict) and all(is_blank(v) for v in answer.values()):
        raise NotAttempted  # the template, untouched
    if not isinstance(answer, dict) or set(answer) != set(PUSH_KEYS):
        keys = ", ".join(f'"{key}": …' for key in PUSH_KEYS)
        raise AnswerError(_("answer with the dict of the template: {keys}").format(keys="{" + keys + "}"))
    quad, xent, peak = (number_answer(answer[key], "0.5", name=f'"{key}"') for key in PUSH_KEYS)
    want_quad, want_xent = _pushes(_READ_AT)
    if abs(quad - want_xent) <= 0.05 and abs(xent - want_quad) <= 0.03:
        raise AnswerError(_("those are the two curves' values the wrong way round: check the legend"))
    if abs(xent - cl.sigmoid(_READ_AT)) <= 0.02:
        raise AnswerError(
            _("{xent:g} is the output a = σ(−2) itself; the right panel plots the push |∂C/∂z|").format(
                xent=xent
            )
        )
    if abs(peak) < 0.2:
        raise AnswerError(
            _(
                "σ′ alone peaks at z = 0, but the quadratic's push is (1 − a)·σ′(z): the error "
                "factor 1 − a grows to the left, so its peak lies left of 0 — read it off the "
                "curve"
            )
        )
    # which reading is off is not said: a process of elimination would pass without reading the plot
    assert (
        abs(quad - want_quad) <= 0.03
        and abs(xent - want_xent) <= 0.05
        and abs(peak - _QUADRATIC_PEAK_Z) <= 0.3
    ), _(
        "at least one of the three readings is off: go up from z = −2 on the right panel to each curve and "
        "across to the axis, and find the quadratic curve's highest point (or compute them from the formulas "
        "above the plot)"
    )
    return _(
        "right: at z = −2 the output a ≈ 0.12 is far from 1; the quadratic loss pushes with "
        "{quadratic:.2f}, cross-entropy with {cross_entropy:.2f}, ten times harder. Further left the "
        "quadratic's push vanishes (σ′ → 0) while cross-entropy's tends to 1: the more wrong the output, "
        "the harder cross-entropy pushes. The quadratic pushes hardest at z = ln ½ ≈ −0.69 (a = 1/3)."
    ).format(quadratic=want_quad, cross_entropy=want_xent)


read_the_push = Exercise(
    N_("read the plot: the push of each loss"),
    _check_push,
    N_(
        "on the right panel, go up from z = −2 to each curve and read the height; for the peak, find the "
        "quadratic curve's highest point. The formulas above the plot give the same numbers."
    ),
    dict(zip(PUSH_KEYS, (0.09, 0.88, -0.7))),
)


# -- find the bug: the gradient of sigmoid cross-entropy with respect to the logits ----------------------
def xent_grad_z(z, y):
    """∂L/∂z for L = mean over the N rows of Σ_k −[y ln σ(z) + (1 − y) ln(1 − σ(z))]; z, y: (N, K)."""
    a = cl.sigmoid(z)
    return (a - y) / len(z)


# course_lib's own losses and gradient tools compute these answers: an answer that calls one only tests them
LIBRARY_ANSWERS = (
    "SigmoidCrossEntropyLoss",
    "SoftmaxCrossEntropyLoss",
    "backward",
    "numerical_gradient",
    "check_loss",
)


def _xent_inputs():
    """Logits (4, 26) and one-hot targets, seeded."""
    rng = np.random.default_rng(3)
    z = rng.normal(0, 2.5, (4, 26))
    y = np.zeros((4, 26))
    y[np.arange(4), rng.integers(0, 26, 4)] = 1
    return z, y


def _loss_gradient(z, y):
    """course_lib's own ∂L/∂z, (σ(z) − y)/N, checked numerically in the tests."""
    loss = SigmoidCrossEntropyLoss()
    loss.forward(z, y)
    return loss.backward()


def _students_line(z, y):
    """The notebook's buggy line, (σ(z) − y)·σ′(z)/N: the gradient the quadratic loss would give."""
    a = cl.sigmoid(z)
    return (a - y) * a * (1 - a) / len(z)


find_the_bug = FunctionExercise(
    N_("find the bug: cross-entropy gradient"),
    xent_grad_z,
    _xent_inputs,
    N_(
        "write ∂C/∂a (section 2) and multiply by ∂a/∂z = σ′(z) = a(1 − a): what is left? Then remember the "
        "mean over the batch."
    ),
    N_("fixed: ∂L/∂z = (σ(z) − y)/N — the σ′ of the output is gone, which is the whole point of chapter 5"),
    name=N_("your ∂L/∂z"),
    expected=_loss_gradient,
    library=LIBRARY_ANSWERS,
    unchanged=_students_line,
    start=N_("the function above still has the student's bug: fix its line"),
    mistakes=[
        (
            _students_line,
            N_(
                "this still computes what the student's line does — the gradient the "
                "quadratic loss would give, not cross-entropy's: compare with section 2"
            ),
        ),
        (
            lambda z, y: (cl.sigmoid(z) - y) / (cl.sigmoid(z) * (1 - cl.sigmoid(z))) / len(z),
            N_(
                "this is ∂L/∂a, the gradient with respect to the output; with respect to z the chain rule "
                "multiplies it by σ′(z) = a(1 − a)"
            ),
        ),
        (lambda z, y: cl.sigmoid(z) - y, N_("almost: L is a mean over the N rows, so divide by N (len(z))")),
        (
            lambda z, y: (y - cl.sigmoid(z)) / len(z),
            N_(
                "the sign is flipped: a too large output (a > y) must get a positive gradient, so that "
                "gradient descent lowers z"
            ),
        ),
    ],
)


# -- predict, then run: how much faster is cross-entropy's first step? -----------------------------------
def first_step_ratio(z):
    """Cross-entropy's first step on b ÷ the quadratic loss's, for a sigmoid neuron at pre-activation z:
    (a − y) ÷ ((a − y)·σ′(z)) = 1/σ′(z) = 1/(a(1 − a)), whatever the target y."""
    a = cl.sigmoid(z)
    return 1 / (a * (1 - a))


RATIO_PROBES = (4.0, -3.0, 0.0, 1.5, 6.0)  # the run below starts at z = 4
# course_lib's single-neuron run and losses measure the ratio: an answer that calls one only runs them
RATIO_LIBRARY = LIBRARY_ANSWERS + ("train_single_neuron", "QuadraticLoss")  # i18n: not shown (code names)


def _compare_ratio(name, got, want):
    """AnswerError unless the ratios `got` {z: ratio} are the right ones (within 0.1 %), saying what the five
    together show: the same ratio at every z, or all below 1."""
    if np.allclose(list(got.values()), list(want.values()), rtol=1e-3):
        return
    if np.allclose(list(got.values()), got[RATIO_PROBES[0]]):
        raise AnswerError(
            _(
                "your ratio is {ratio:g} at every z: but a saturated neuron (z far from 0) and "
                "one at z = 0 learn at very different speeds — compare the two gradients of "
                "sections 1 and 2"
            ).format(ratio=got[RATIO_PROBES[0]])
        )
    if all(g < 1 for g in got.values()):
        raise AnswerError(
            _(
                "a ratio below 1 says the quadratic step is larger; it is the smaller one: it "
                "carries an extra factor — which one?"
            )
        )
    raise AnswerError(
        _(
            "at z = 0 your ratio is {ratio:.4g}: write ∂C/∂b for each loss (sections 1–2) at "
            "pre-activation z and divide; .hint() helps"
        ).format(ratio=got[0.0])
    )


step_ratio = FunctionExercise(
    N_("predict: cross-entropy's first step ÷ the quadratic's"),
    first_step_ratio,
    None,
    N_(
        "at pre-activation z the output is a = σ(z). Write ∂C/∂b for each loss (sections 1 and 2) and "
        "divide: what is left depends on z only."
    ),
    lambda want: _(
        "right: the ratio is 1/σ′(z) — 4 at z = 0, where the neuron is not saturated, and "
        "{ratio:.1f} at z = 4, where the run below starts; its first step shows the same ratio"
    ).format(ratio=want[4.0]),
    cases=lambda: [(z, (z,)) for z in RATIO_PROBES],
    together=True,
    result=lambda ratio: number_answer(ratio, "50", name=_("your ratio"), text=False),
    compare=_compare_ratio,
    mistakes=[
        (
            lambda z: 1 / first_step_ratio(z),
            N_("that is the quadratic's extra factor σ′(z) itself, not the ratio of the two steps"),
        )
    ],
    same=lambda got, known: np.allclose(got, known, rtol=1e-3),  # the tolerance the right answer has
    library=RATIO_LIBRARY,
)


# -- derive and implement: softmax + cross-entropy, stably ------------------------------------------------
def softmax_cross_entropy_grad(z, labels):
    """dL/dz for L = mean over the batch of −log softmax(z)[label]: (softmax(z) − onehot) / N."""
    z = z - z.max(axis=1, keepdims=True)  # log-sum-exp shift: no overflow
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1
    return p / len(labels)


def _softmax_inputs():
    rng = np.random.default_rng(4)
    z = rng.standard_normal((5, 26)) * 3
    z[0, 0] = 800.0  # an overflow trap for a naive np.exp(z)
    return z, rng.integers(0, 26, 5)


def _softmax_loss_gradient(z, labels):
    """course_lib's own dL/dz, checked numerically in the tests."""
    loss = SoftmaxCrossEntropyLoss()
    loss.forward(z, labels)
    return loss.backward()


def _finite(answer):
    """The answer as a (5, 26) array, or what made it overflow: row 0 holds the 800."""
    bad = ~np.isfinite(array_answer(_("your dL/dz"), answer, (5, 26)))
    if bad.any():
        if not bad[0].all() and bad[1:].any():  # row 0 holds the 800; the others went bad
            raise AssertionError(
                _(
                    "NaN or inf in the rows without the large logit: one maximum for the whole "
                    "batch leaves their e^(z − max) at e^(−800) = 0, and 0/0 — subtract each "
                    "row's own maximum"
                )
            )
        raise AssertionError(_("NaN or inf: np.exp(800) overflows — subtract each row's maximum first"))
    return answer


def _softmax_mistakes(z, labels):
    expected, onehot = _softmax_loss_gradient(z, labels), np.eye(26)[labels]
    return [
        (expected * len(labels), _("almost: L is a mean over the batch, so divide by N = len(labels)")),
        (
            expected + onehot / len(labels),
            _("that is softmax(z)/N: subtract 1 at each row's label (the one-hot)"),
        ),
    ]


softmax_grad = FunctionExercise(
    N_("softmax cross-entropy gradient"),
    softmax_cross_entropy_grad,
    _softmax_inputs,
    N_("softmax(z) = e^(z − max z)/Σ e^(z − max z); the gradient of −log p_y is p − onehot(y); divide by N."),
    N_("right, and stable: (softmax(z) − onehot)/N with the max subtracted first"),
    name=N_("your dL/dz"),
    expected=_softmax_loss_gradient,
    library=LIBRARY_ANSWERS,
    result=_finite,
    mistakes=_softmax_mistakes,
    quiet=True,  # np.exp(800)'s overflow is the verdict's to name, not numpy's warning
)
