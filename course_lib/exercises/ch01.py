"""Exercises of notebook 01, neurons and activations: derive tanh from σ, find the bug in a layer of
neurons, predict where c·σ(b + wx) is halfway up, count the ReLUs a broken line needs, and predict whether
dead ReLUs come back to life."""

import numpy as np

import course_lib as cl  # the references use cl.sigmoid, as the notebook does

from ..i18n import N_, _
from .checks import assert_array_close, number_answer
from .core import AnswerError, CountExercise, FunctionExercise
from .guards import names_used
from .predict import MeasuredChoice, MeasuredPrediction, measured_number


def tanh_from_sigmoid(x):
    """tanh x = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ) = (1 − e⁻²ˣ)/(1 + e⁻²ˣ) = 2/(1 + e⁻²ˣ) − 1 = 2σ(2x) − 1."""
    return 2 * cl.sigmoid(2 * x) - 1


# names a function may not call to build tanh, and the names that mean "calls σ"
FORBIDDEN = {"tanh": "np.tanh", "sinh": "np.sinh", "cosh": "np.cosh", "exp": "np.exp", "expm1": "np.expm1"}
SIGMOID_NAMES = {"sigmoid", "Sigmoid", "expit"}


def _tanh_slips(x):
    s = cl.sigmoid
    return [
        (
            2 * s(x) - 1,
            _(
                "2σ(x) − 1 has tanh's range (−1, 1) but is half as steep (it is tanh(x/2)): "
                "stretch the input as well as the output"
            ),
        ),
        (s(2 * x) - 1, _("σ(2x) − 1 runs from −1 to 0: double the output before shifting it down")),
        (2 * s(2 * x), _("2σ(2x) runs from 0 to 2: shift it down by 1 to centre it on 0")),
        (2 * s(x / 2) - 1, _("you halved the input: tanh is steeper than σ, not flatter")),
        (s(x), _("that is σ itself, which runs from 0 to 1; tanh runs from −1 to 1")),
    ]


def _builds_from_sigmoid(func):
    """What the exercise asks of the code, once its values are right: it calls σ, and no exp or tanh."""
    code = getattr(func, "__code__", None)
    if code is None:
        raise AnswerError(_("pass a function you wrote (def my_tanh(x): ...), not a library function"))
    names = names_used(code)
    used = [FORBIDDEN[n] for n in FORBIDDEN if n in names]
    assert not used, _(
        "right values, but your function uses {names}: the exercise is to build tanh from σ alone — call "
        "cl.sigmoid"
    ).format(names=_(" and ").join(used))
    aliases = {n for n in names if getattr(func, "__globals__", {}).get(n) is cl.sigmoid}
    assert names & SIGMOID_NAMES or aliases, _(
        "right values, but your function never calls cl.sigmoid: build tanh from σ"
    )


tanh_via_sigmoid = FunctionExercise(
    N_("tanh from σ"),
    tanh_from_sigmoid,
    lambda: (np.linspace(-5, 5, 41),),
    N_(
        "multiply the top and the bottom of (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ) by e⁻ˣ, then write 1 − e⁻²ˣ as 2 − (1 + "
        "e⁻²ˣ). "
        "Which σ appears?"
    ),
    N_("2σ(2x) − 1 is tanh: a sigmoid stretched to (−1, 1) and centred on 0"),
    name=N_("your tanh(x)"),
    expected=np.tanh,
    mistakes=_tanh_slips,
    requires=_builds_from_sigmoid,
)


# -- find the bug --------------------------------------------------------------------------------------
def neuron_layer(X, W, b):
    """M sigmoid neurons on a batch: X (N, D) inputs, W (D, M) weights, b (M,) biases → activations (N, M)."""
    z = X @ W + b
    return 1 / (1 + np.exp(-z))


def _layer_inputs():
    rng = np.random.default_rng(3)
    return rng.standard_normal((5, 4)), rng.standard_normal((4, 3)), rng.standard_normal(3)


def _compare_activations(name, out, want):
    if isinstance(out, np.ndarray) and out.shape == want.shape[::-1]:
        raise AnswerError(
            _(
                "your activations have shape (3, 5), the transpose of (N, M) = (5, 3): "
                "one row per sample, one column per neuron"
            )
        )
    assert_array_close(name, out, want)


buggy_layer = FunctionExercise(
    N_("find the bug in a layer of sigmoid neurons"),
    neuron_layer,
    _layer_inputs,
    N_(
        "print the activations of the broken function for a few inputs: a sigmoid's output lies between 0 "
        "and 1. "
        "Which operation does Python do first?"
    ),
    N_("fixed: 1 / (1 + e^(−z)); without parentheses the 'activations' were 1 + e^(−z), not in (0, 1)"),
    name=N_("your activations"),
    compare=_compare_activations,
    mistakes=[
        (
            lambda X, W, b: 1 + np.exp(-(X @ W + b)),
            N_(
                "the bug is still there: 1 / 1 + np.exp(-z) divides 1 by 1 and then adds e^(−z); the "
                "denominator needs parentheses"
            ),
        ),
        (lambda X, W, b: 1 / (1 + np.exp(X @ W + b)), N_("that is σ(−z): the exponent is −z, so np.exp(-z)")),
        (lambda X, W, b: 1 / (1 + np.exp(-(X @ W))), N_("the biases went missing: z = X @ W + b")),
        (lambda X, W, b: np.exp(-(X @ W + b)), N_("only the e^(−z) part is left: σ(z) = 1 / (1 + e^(−z))")),
    ],
)


# -- predict, then look: where is c·σ(b + wx) halfway up? ---------------------------------------------
def _check_midpoint(prediction, shape):
    x = number_answer(prediction, "-1.5", name=_("your prediction"))
    if not (hasattr(shape, "midpoint") and hasattr(shape, "settings")):
        raise AnswerError(
            _("pass the widget itself as the second argument: .check(prediction, shape); got {type}").format(
                type=type(shape).__name__
            )
        )
    if shape.midpoint is None:
        raise AnswerError(
            _(
                "the widget's curve has no halfway point in view (is w or c 0?): run the cell that "
                "sets c = 2, b = 3, w = 1.5, then check again"
            )
        )
    m = measured_number(shape.midpoint, _("the widget's midpoint"))
    c, b, w = (shape.settings()[k] for k in "cbw")
    if abs(x - m) <= 0.05:
        return _("halfway up at x = {m:.2f}: where b + wx = 0, so x = −b/w").format(m=m)
    slips = [
        (-m, _("the sign is off: b + wx = 0 gives x = −b/w")),
        (c / 2, _("c/2 is the height at the midpoint; the question asks for its position x")),
        (-b, _("b + wx = 0 gives wx = −b: divide by w as well")),
        (-w / b if b else None, _("upside down: x = −b/w, not −w/b")),
    ]
    for wrong, reason in slips:
        if wrong is not None and abs(x - wrong) <= 0.05:
            raise AnswerError(
                _("you predicted x = {x:g}; the curve is halfway up at x = {m:.2f} — {reason}").format(
                    x=x, m=m, reason=reason
                )
            )
    raise AnswerError(
        _(
            "you predicted x = {x:g}; the curve is halfway up at x = {m:.2f}. σ(t) is halfway "
            "(½) at t = 0: solve b + wx = 0 for x"
        ).format(x=x, m=m)
    )


midpoint_prediction = MeasuredPrediction(
    N_("predict: where c·σ(b + wx) is halfway up"),
    _check_midpoint,
    N_("σ(t) = ½ exactly when t = 0. For which x is b + wx = 0? (c only stretches the height.)"),
    -2.0,
    outcome="shape",
)


# -- derive: how few ReLUs make a broken line? ---------------------------------------------------------
relus_needed = CountExercise(
    N_("fewest ReLUs for a broken line of 10 segments"),
    10,
    N_(
        "a unit ReLU(x − t) changes the slope of the line at x = t and nowhere else. Where does the broken "
        "line "
        "change its slope, counting the start at lo?"
    ),
    N_("10: one unit at each inner kink (9) sets the change of slope there; one at lo, the first slope"),
    N_("how many places does the line bend, and what sets its first slope?"),
    N_("ReLUs"),
    "12",
    mistakes=[
        (
            20,
            N_(
                "20 is two per ramp, the hard-sigmoid way; ramp i stops at the knot where ramp i + 1 "
                "starts, so one unit there can do both jobs"
            ),
        ),
        (
            9,
            N_(
                "9 units give the 9 inner kinks, but on the first segment none of them is active yet: "
                "which unit gives it its slope?"
            ),
        ),
        (11, N_("a unit at the right end only changes the line to the right of hi, outside the interval")),
    ],
)


# -- predict, then measure: do dead ReLUs come back? ---------------------------------------------------
# each choice: its canonical name (marked: shown and accepted in Chinese too) → other spellings
REVIVAL_CHOICES = {
    N_("none"): {
        *("no", "zero", "0", "nothing", "never"),
        *("没有", "一个也没有", "都没有", "无", "零", "不会", "从不", "没有一个"),
    },
    N_("some"): {
        *("a-few", "few", "several", "part", "some-of-them"),  # i18n: not shown (spellings)
        *("一些", "少数", "少量", "几个", "部分", "一部分", "有些"),
    },
    N_("most"): {
        *("all", "many", "nearly-all", "almost-all", "most-of-them"),  # i18n: not shown (spellings)
        *("大多数", "大部分", "多数", "全部", "所有", "几乎全部", "很多"),
    },
}


def _read_revival(came_back):
    """(outcome, what it says) of the measured share of dead units that came back."""
    share = measured_number(came_back, _("came_back (the share of dead units that came back)"))
    if share < 0:
        # a count of dead units before minus after reads a unit that died late as a negative revival
        raise AnswerError(
            _(
                "came_back is {share:.0%}, but a share of units cannot be negative: count per "
                "unit, with masks — a revival is a unit dead before and alive after; a unit alive "
                "before and dead after is a new death, not a revival with a minus sign"
            ).format(share=share)
        )
    if share > 1:
        raise AnswerError(_("came_back should be a share between 0 and 1, got {share:g}").format(share=share))
    if share == 0:
        return "none", _(
            "{share:.0%} of the dead units came back: a dead unit outputs 0 for every sample, so its weights "
            "get a gradient of 0 for every sample and no step moves them; its inputs are the fixed data, so "
            "nothing else can wake it"
        ).format(share=share)
    return "most" if share > 0.5 else "some", _("{share:.0%} of the dead units came back").format(share=share)


revival_prediction = MeasuredChoice(
    N_("predict: do dead ReLUs come back?"),
    REVIVAL_CHOICES,
    _read_revival,
    N_(
        "what gradient does a unit get for a sample on which its ReLU outputs 0? And if that holds for every "
        "sample?"
    ),
    "none",
    outcome="came_back",
)
