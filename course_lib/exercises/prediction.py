"""Predict-then-run exercises: commit to a prediction first, run the experiment, then compare.

    prediction = "smaller"                     # the learner's cell, before the experiment
    ...                                        # the experiment's cell measures `ratio`
    ex.check(prediction, ratio)                # ✓ or ✗, and what actually happened

A prediction is judged against the measurement the notebook has just made, not against a number
stored in the checker, so the verdict says what happened on this run. The checker gets the pair
(prediction, outcome) — `grade` and `evaluate` take that pair — and raises NotAttempted while the
prediction is still `...`.
"""
import math

import numpy as np

from .core import AnswerError, Exercise, NotAttempted, is_blank


class Prediction(Exercise):
    """An exercise whose answer is a prediction, checked against the experiment's outcome.

    Args:
        title: shown in messages.
        checker: function(prediction, outcome) -> message for a right prediction; it raises
            AssertionError(what happened instead) for a wrong one.
        hint: text.
        reference: the right prediction for the notebook's own run (what `solution()` shows).
        outcome: the measurement's name as the notebook spells it, for the message when it is missing.
    """

    def __init__(self, title, checker, hint, reference, outcome):
        super().__init__(title, self._check_pair, hint, reference)
        self._judge, self.outcome_name = checker, outcome

    def _check_pair(self, pair):
        prediction, outcome = pair
        if is_blank(prediction):
            raise NotAttempted
        if is_blank(outcome):
            raise AnswerError(f"run the experiment's cell first, then pass its {self.outcome_name}: "
                              f".check(prediction, {self.outcome_name})")
        return self._judge(prediction, outcome)

    def check(self, prediction=..., outcome=None):
        """Print ✓ or ✗ and one line; `grade` and `evaluate` take the pair (prediction, outcome)."""
        super().check((prediction, outcome))


def measured_number(outcome, name):
    """The experiment's outcome as a finite float; AnswerError naming `name` otherwise."""
    try:
        value = float(np.asarray(outcome, dtype=float).item())
    except (TypeError, ValueError):
        raise AnswerError(f"{name} should be the number the experiment measured, got "
                          f"{type(outcome).__name__}") from None
    if not math.isfinite(value):
        raise AnswerError(f"{name} is {value}: rerun the experiment's cell")
    return value
