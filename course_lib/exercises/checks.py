"""Comparisons that exercises share, each failing with a message that says *what* is wrong:
the type, the shape, the sign, or the value (with one example). Each raises `AnswerError` (a CourseError)
for an answer it cannot use, so no checker ever stops on a traceback of its own."""
import math
from fractions import Fraction

import numpy as np

from .core import AnswerError


def number_answer(answer, example="0.5", name=None, text=True):
    """`answer` as a float: a number (int, float, numpy scalar or one-element array) or, with `text`, a string
    spelling one ("6,346", "1/64", "0.015625"); AnswerError for anything else, NaN or inf. `name` says
    which part of an answer it is, if it is one; a function's result passes text=False (it should compute
    a number)."""
    hint = f"{name} should be one number" if name else f"answer with a number, e.g. {example}"
    if isinstance(answer, (bool, np.bool_)) or isinstance(answer, str) and not text:
        raise AnswerError(f"{hint}; got {answer!r}")
    try:
        if isinstance(answer, str):
            value = float(Fraction(answer.replace(",", "").replace("_", "").replace(" ", "")))
        elif isinstance(answer, (int, float, np.integer, np.floating)) or (isinstance(answer, np.ndarray)
                                                                           and answer.size == 1):
            value = float(np.asarray(answer).item()) if isinstance(answer, np.ndarray) else float(answer)
        else:
            raise AnswerError(f"{hint}; got {type(answer).__name__}")
    except (ValueError, TypeError, ZeroDivisionError, OverflowError):
        raise AnswerError(f"{hint}; got {answer!r:.40}") from None
    if not math.isfinite(value):
        raise AnswerError(f"{hint}; got {answer!r}")
    return value


def whole_number_answer(answer, of="things", example="1234"):
    """`answer` as an int (see number_answer); AnswerError if it is not whole:
    "620.5 is not a whole number of …"."""
    value = number_answer(answer, example)
    if value != int(value):
        raise AnswerError(f"{value:g} is not a whole number of {of}")
    return int(value)


def array_answer(name, answer, shape=None):
    """`answer` as a float64 array (of `shape` if given); AnswerError naming the type or shape otherwise.
    The shape is compared before anything is converted, so a huge wrong array costs nothing."""
    arraylike = (np.ndarray, list, tuple, float, int, np.floating, np.integer)
    if not isinstance(answer, arraylike) or isinstance(answer, bool):
        raise AnswerError(f"{name} should be a numpy array, got {type(answer).__name__}")
    if isinstance(answer, np.ndarray) and shape is not None and answer.shape != shape:
        raise AnswerError(f"{name} has shape {answer.shape}, expected {shape}")
    try:
        array = np.asarray(answer)
        if np.iscomplexobj(array):
            raise AnswerError(f"{name} has complex numbers; it should hold real numbers")
        array = array.astype(np.float64)
    except (TypeError, ValueError):
        raise AnswerError(f"{name} should be an array of numbers (a list of lists of different lengths, or "
                          f"one holding text or None, is not)") from None
    if shape is not None and array.shape != shape:
        raise AnswerError(f"{name} has shape {array.shape}, expected {shape}")
    return array


def assert_array_close(name, answer, expected, rtol=1e-6, atol=1e-9):
    """AnswerError with a learner-readable reason unless `answer` ≈ `expected`."""
    answer = array_answer(name, answer, expected.shape)
    if not np.all(np.isfinite(answer)):
        raise AnswerError(f"{name} contains NaN or inf")
    if np.allclose(answer, expected, rtol=rtol, atol=atol):
        return
    if not np.any(answer):
        raise AnswerError(f"{name} is all zeros")
    if np.allclose(answer, -expected, rtol=rtol, atol=atol):
        raise AnswerError(f"{name} has the wrong sign everywhere")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = answer / np.where(expected == 0, np.nan, expected)
        zeros_agree = np.all(answer[expected == 0] == 0)
        if (zeros_agree and np.nanstd(ratio) < 1e-6 * max(1.0, abs(np.nanmean(ratio)))
                and abs(np.nanmean(ratio) - 1) > 1e-6):
            raise AnswerError(f"{name} is off by a constant factor of {np.nanmean(ratio):.4g}")
    i = np.unravel_index(np.argmax(np.abs(answer - expected)), expected.shape)
    raise AnswerError(f"{name} is wrong: at index {tuple(int(k) for k in i)} you gave "
                      f"{answer[i]:.6g}, expected {expected[i]:.6g}")


def normalise_choice(answer, choices):
    """Map a free-text answer onto one of `choices` (dict: canonical → accepted spellings)."""
    if not isinstance(answer, str):
        raise AnswerError(f"answer with a string, one of {', '.join(repr(c) for c in choices)}")
    key = answer.strip().lower().replace("_", "-").replace(" ", "-")
    for canonical, spellings in choices.items():
        if key == canonical or key in spellings:
            return canonical
    raise AnswerError(f"{answer!r} is not one of {', '.join(repr(c) for c in choices)}")
