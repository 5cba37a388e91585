"""Predict-then-run exercises: the learner commits to a prediction in a variable first, then a cell runs
the experiment, and the checker compares the prediction with what the experiment did. Two kinds:

- `ChoicePrediction`: a prediction among a few named outcomes ("smaller", "hops", …); the checker runs the
  same seeded experiment itself, so the right answer is measured, not typed in (if the experiment ever
  behaved differently, the reference would be marked wrong and the tests would say so).
- `MeasuredPrediction`: a prediction judged against the measurement the notebook has just made, passed
  in as `ex.check(prediction, outcome)`, so the verdict says what happened on this very run.
"""
import math

import numpy as np

from .checks import normalise_choice
from .core import AnswerError, Exercise, NotAttempted, is_blank

class ChoicePrediction(Exercise):
    """A prediction among a few named outcomes.

    Args:
        title: shown in messages.
        variable: the name of the notebook variable that holds the prediction (for `solution()`).
        choices: {outcome: (other accepted spellings, …)}.
        experiment: function() -> (outcome, what happened): runs the experiment, returns the outcome it
            observed (a key of `choices`) and one sentence with the measured numbers.
        why: {outcome: sentence}: for each outcome, why a learner might have predicted it and what it
            misses (for the observed outcome: why it happens).
        hint: text.
        answer: the outcome the experiment shows (what `solution()` prints; a test runs the experiment).
    """

    def __init__(self, title, variable, choices, experiment, why, hint, answer):
        self.variable, self.choices, self.experiment, self.why = variable, choices, experiment, why
        super().__init__(title, self._compare, hint, answer)

    def _compare(self, prediction):
        if isinstance(prediction, str) and not prediction.strip():
            raise NotAttempted
        predicted = normalise_choice(prediction, self.choices)
        observed, happened = self.experiment()
        assert predicted == observed, f"you predicted {predicted!r}, but {happened}: {self.why[predicted]}"
        why = self.why[observed]
        return f"as you predicted, {happened}. {why[:1].upper()}{why[1:]}"

    def _print_solution(self):
        print(f"{self.variable} = {self._reference!r}    # {self.why[self._reference]}")


class MeasuredPrediction(Exercise):
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
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise AnswerError(f"check the prediction together with the measurement: "
                              f".check(prediction, {self.outcome_name})")
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
