"""Predict-then-run exercises: the learner commits to a prediction in a variable first, then a cell runs
the experiment, and the checker compares the prediction with what the experiment did.

One judgement, `judge_choice`, for a prediction among a few named outcomes ("smaller", "hops", …): the
prediction is read as one of the choices, the experiment is observed as (outcome, what happened), and the
verdict says what happened and, where it differs, why the prediction missed it. Where the experiment is
observed is what tells the exercises apart:

- `ChoicePrediction`: the checker runs the same seeded experiment itself, so the right answer is measured,
  not typed in (if the experiment ever behaved differently, the reference would be marked wrong and the tests
  would say so).
- `SetPrediction`: which few things have a property; the checker's run finds the set.
- `MeasuredChoice`: the notebook has just made the measurement and passes it in, `ex.check(prediction,
  outcome)`, so the verdict says what happened on this very run.
- `MeasuredPrediction`, what MeasuredChoice builds on: any prediction (a number too) judged against the
  measurement passed in.
"""

import math

import numpy as np

from ..i18n import _, language, translated
from .checks import normalise_choice
from .core import AnswerError, Exercise, NotAttempted, is_blank


def judge_choice(prediction, choices, observe, why=None):
    """The verdict on a prediction among `choices` ({outcome: (other accepted spellings, …)}): the message
    for a right one, AssertionError saying what happened for a wrong one. `observe()` runs or reads the
    experiment and returns (the outcome it shows, one sentence with the measured numbers). With `why`
    ({outcome: sentence}: why a learner might predict it and what it misses; for the observed outcome, why
    it happens) the verdict explains; without, the sentence says it all, about this very run."""
    predicted = normalise_choice(prediction, choices)
    observed, happened = observe()
    happened = translated(happened)
    if why is None:
        assert predicted == observed, _("you predicted '{predicted}'; in this run {happened}").format(
            predicted=translated(predicted).replace("-", " "), happened=happened
        )
        return happened
    assert predicted == observed, _("you predicted {predicted}, but {happened}: {why}").format(
        predicted=repr(translated(predicted)), happened=happened, why=translated(why[predicted])
    )
    explanation = translated(why[observed])
    if language() == "en":  # a new English sentence; a Chinese one may open with a variable (w, not W)
        explanation = explanation[:1].upper() + explanation[1:]
    return _("as you predicted, {happened}. {explanation}").format(happened=happened, explanation=explanation)


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
        return judge_choice(prediction, self.choices, self.experiment, self.why)

    def _print_solution(self):
        print(f"{self.variable} = {self._reference!r}    # {translated(self.why[self._reference])}")


class SetPrediction(ChoicePrediction):
    """A prediction of which few things (weights, activations) have a property, judged against the set that
    the checker's own run finds.

    Args:
        title, variable, hint: as for ChoicePrediction.
        read: function(prediction) -> the set of canonical names it means (AnswerError for one it cannot
            read; an empty string is not attempted).
        observe: function() -> the set the run finds.
        missed, extra: function(name) -> why `name`, left out of the prediction (or in it by mistake), does
            (does not) have the property; the first name in alphabetical order is explained.
        right: function(the prediction's set: the observed one, with any of `optional`) -> the message for
            a right prediction.
        answer: the set the run finds (what `solution()` prints, with `comment`).
        missed_first: True to explain a missed name before an extra one (a prediction with both).
        optional: names a right prediction may include or leave out (a reason that is arguable).
        together: True to explain all the missed (or extra) names at once: `missed` and `extra` then take
            the sorted list of them, for one message about them all.
    """

    def __init__(
        self,
        title,
        variable,
        read,
        observe,
        missed,
        extra,
        right,
        hint,
        answer,
        comment,
        missed_first,
        optional=(),
        together=False,
    ):
        self.read, self.observe, self.missed, self.extra, self.right = read, observe, missed, extra, right
        self.comment, self.missed_first = comment, missed_first
        self.optional, self.together = frozenset(optional), together
        super().__init__(title, variable, {}, None, {}, hint, answer)

    def _compare(self, prediction):
        if isinstance(prediction, str) and not prediction.strip():
            raise NotAttempted
        predicted, observed = self.read(prediction), self.observe()
        extra = predicted - observed - self.optional
        wrong = [(sorted(observed - predicted), self.missed), (sorted(extra), self.extra)]
        for names, why in wrong if self.missed_first else wrong[::-1]:
            if names:
                raise AssertionError(translated(why(names if self.together else names[0])))
        return translated(self.right(predicted))

    def _print_solution(self):
        names = ", ".join(repr(n) for n in sorted(self._reference))
        print(f"{self.variable} = {{{names}}}    # {translated(self.comment)}")


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
            raise AnswerError(
                _("check the prediction together with the measurement: .check(prediction, {outcome})").format(
                    outcome=self.outcome_name
                )
            )
        prediction, outcome = pair
        if is_blank(prediction):
            raise NotAttempted
        if is_blank(outcome):
            raise AnswerError(
                _(
                    "run the experiment's cell first, then pass its {outcome}: .check(prediction, {outcome})"
                ).format(outcome=self.outcome_name)
            )
        return translated(self._judge(prediction, outcome))

    def check(self, prediction=..., outcome=None):
        """Print ✓ or ✗ and one line; `grade` and `evaluate` take the pair (prediction, outcome)."""
        super().check((prediction, outcome))


class MeasuredChoice(MeasuredPrediction):
    """A prediction among a few named outcomes, judged against the measurement the notebook passes in.

    Args:
        title: shown in messages.
        choices: {outcome: (other accepted spellings, …)}.
        read: function(measurement) -> (the outcome it shows, a sentence saying what happened in this run,
            and why where that is the point); AnswerError for a measurement that cannot be one.
        hint: text.
        reference: the outcome of the notebook's own run (what `solution()` shows).
        outcome: the measurement's name as the notebook spells it.
    """

    def __init__(self, title, choices, read, hint, reference, outcome):
        self.choices, self.read = choices, read
        super().__init__(title, self._judge_choice, hint, reference, outcome)

    def _judge_choice(self, prediction, measurement):
        return judge_choice(prediction, self.choices, lambda: self.read(measurement))


def measured_number(outcome, name):
    """The experiment's outcome as a finite float; AnswerError naming `name` otherwise."""
    name = translated(name)
    try:
        value = float(np.asarray(outcome, dtype=float).item())
    except (TypeError, ValueError):
        raise AnswerError(
            _("{name} should be the number the experiment measured, got {type}").format(
                name=name, type=type(outcome).__name__
            )
        ) from None
    if not math.isfinite(value):
        raise AnswerError(_("{name} is {value}: rerun the experiment's cell").format(name=name, value=value))
    return value
