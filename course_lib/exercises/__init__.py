"""Exercises for the notebooks, one module per chapter; `core` has the mechanism."""

from .core import AnswerError, Exercise, NotAttempted, call_answer
