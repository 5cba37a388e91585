"""Predict-then-run exercises: the learner commits to a prediction in a variable, a cell runs the
experiment, and the checker compares the prediction with what the experiment did.

The checker runs the experiment itself (the same seeded run the notebook shows), so the right answer is
measured, not typed in: if the experiment ever behaved differently, the reference answer would be marked
wrong and the tests would say so.
"""
from .checks import normalise_choice
from .core import Exercise, NotAttempted


class Prediction(Exercise):
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

    def solution(self):
        print(f"{self.variable} = {self.reference!r}    # {self.why[self.reference]}")
