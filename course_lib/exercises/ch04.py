"""Exercises of notebook 04, the vanishing gradient."""

import math

import numpy as np

import course_lib as cl

from ..i18n import N_, _
from .checks import number_answer
from .core import AnswerError, Exercise, FunctionExercise, NumberExercise


def sigmoid_prime(x):
    """σ′(x) = σ(x)(1 − σ(x)), element-wise."""
    s = cl.sigmoid(x)
    return s * (1 - s)


sigmoid_derivative = FunctionExercise(
    "σ′(x)",
    sigmoid_prime,
    lambda: (np.linspace(-8, 8, 33).reshape(3, 11),),
    N_("differentiate 1/(1 + e^(−x)) and write the result with σ itself; use cl.sigmoid for σ."),
    N_("matches σ(x)(1 − σ(x)); its largest value is σ′(0) = 0.25"),
    name="sigmoid_prime(x)",
    mistakes=[
        (
            lambda x: cl.sigmoid(x) * (1 + cl.sigmoid(x)),
            N_("σ(1 + σ) is not it: d/dx of 1/(1 + e^(−x)) gives σ(x)·(1 − σ(x))"),
        ),
        (lambda x: cl.sigmoid(x), N_("that is σ itself; its derivative is σ(x)(1 − σ(x))")),
        (lambda x: 1 - cl.sigmoid(x), N_("1 − σ is one of the two factors; multiply it by σ")),
    ],
)


def _close(answer, target, rel=0.05):
    """A learner may round: within 5 % of the target counts (0.0156 and 0.016 for 1/64)."""
    return abs(number_answer(answer) - target) <= rel * abs(target)


shrink_bound = NumberExercise(
    N_("the factor |w·σ′| through three sigmoid layers with |w| ≤ 2"),
    0.125,
    N_("the chain rule multiplies one factor w·σ′(z) per layer; what is the largest σ′ can be?"),
    N_("(2 × ¼)³ = 1/8: even with weights of size 2, three sigmoid layers shrink a gradient at least 8-fold"),
    N_("per layer the factor is at most |w|·max σ′ = 2 × ¼; three layers multiply three such factors"),
    N_("0.5 or 1/2"),
    mistakes=[
        (
            0.25**3,
            N_(
                "1/64 is the bound for the σ′ factors alone; each layer also multiplies by its "
                "weight, up to 2 here: the factor per layer is |w·σ′(z)|"
            ),
        ),
        (0.5, N_("0.5 is one layer's largest factor, 2 × ¼; the gradient passes through three")),
        (1.5, N_("you added the three factors; the chain rule multiplies them")),
        (8.0, N_("σ′ is at most ¼, so a layer's factor is at most 2 × ¼ — not 2 ÷ ¼")),
    ],
    same=_close,
    close=_close,
)


def _not_4(value):
    # No rounding tolerance here: the question asks for a threshold, and any tolerance would cross it
    # (with |w| = 3.9 the factor is at most 3.9 × ¼ = 0.975, which never reaches 1).
    return not math.isclose(value, 4, rel_tol=1e-9)


growth_weight = NumberExercise(
    N_("the smallest |w| for which |w·σ′(z)| can reach 1"),
    4.0,
    N_("read the figure: where is each curve highest, and how high is it?"),
    N_(
        "|w| ≥ 4: only then can |w·σ′(z)| reach 1, and only where z = w·a + b is near 0 — large weights "
        "push z away from 0, which is why sigmoid gradients vanish far more often than they explode"
    ),
    N_("solve |w| × ¼ = 1"),
    "2",
    mistakes=[
        (
            0.25,
            N_(
                "¼ is the largest σ′; the factor is |w|·σ′(z), so ask how large |w| must "
                "be for |w| × ¼ to reach 1"
            ),
        ),
        (1, N_("with |w| = 1 the factor |w·σ′(z)| is at most ¼: σ′ never exceeds ¼")),
    ],
    same=_close,
    rules=[
        (
            lambda w: w < 0,
            lambda w: _("{w:g} is negative, but |w| is a size: how large must it be?").format(w=w),
        ),
        (
            lambda w: w < 4 and _not_4(w),
            lambda w: _(
                "with |w| = {w:g} the factor is at most {w:g} × ¼ = {factor:.3g}, "
                "which never reaches 1: the factor is largest at z = 0, where σ′ = ¼; "
                "solve |w| × ¼ = 1"
            ).format(w=w, factor=w / 4),
        ),
        (
            _not_4,
            lambda w: _(
                "with |w| = {w:g} the factor can reach 1, but so it can with a smaller |w|: the "
                "question asks for the smallest; the factor is largest at z = 0, where σ′ = ¼; "
                "solve |w| × ¼ = 1"
            ).format(w=w),
        ),
    ],
)


def gradient_ratio(measured):
    """An exercise checking a prediction of `measured` (output layer's gradient ÷ first hidden layer's, a
    number > 1) to within a factor of 3: a prediction is an order of magnitude, not a digit."""

    def check(answer):
        value = number_answer(answer, "100")
        if value < 1:
            raise AnswerError(
                _(
                    "{value:g} < 1 says the first layer gets the larger gradient; the layers "
                    "near the input get the smaller ones: give output ÷ first, a number > 1"
                ).format(value=value)
            )
        factor = value / measured
        too_small = _(
            "the measurement says {measured:.0f}×; you predicted {value:g}× — too small: each hidden layer "
            "multiplies the gradient by a factor well below 1, and there are four of them"
        )
        too_large = _(
            "the measurement says {measured:.0f}×; you predicted {value:g}× — too large: the factors are ≤ ¼ "
            "for σ′ but the weights and the loss add their own; the measured per-layer shrinking is about 5×"
        )
        assert 1 / 3 <= factor <= 3, (too_small if factor < 1 else too_large).format(
            measured=measured, value=value
        )
        return _(
            "within a factor of 3 of the measured {measured:.0f}×: about 5× per layer, four layers"
        ).format(measured=measured)

    return Exercise(
        N_("predict: output ÷ first hidden layer's gradient, 4 hidden layers"),
        check,
        N_(
            "section 3: one factor w·σ′(z) per layer, each well below 1; how many layers lie between "
            "the output and the first hidden layer?"
        ),
        measured,
    )
