"""What a check can conclude about an answer, as values and exceptions: the vocabulary that the guards, the
comparisons and the exercises share (this module imports none of them)."""

from ..errors import CourseError
from ..i18n import N_

NOT_ATTEMPTED = "not attempted"
CANNOT_CHECK = N_("could not check this answer")  # a checker that tripped over an answer: the tests forbid it


class NotAttempted(CourseError):
    """Raised inside a checker when the answer is still the template (`...` or NotImplementedError)."""


class AnswerError(CourseError, AssertionError):
    """The answer is not right; the message says what is wrong and, where it can, how to fix it.

    Also an AssertionError: a checker says "wrong" with `assert`, and `grade` turns those into this class."""


class AnswerRaised(AnswerError):
    """The learner's function raised an exception."""


class AnswerTookTooLong(AnswerError):
    """The learner's function ran longer than TIME_LIMIT seconds."""


def is_blank(value):
    return value is ... or value is None
