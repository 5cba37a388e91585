"""Comparisons that exercises share, each failing with a message that says *what* is wrong:
the type, the shape, the sign, or the value (with one example). They judge what an answer is; how a learner's
function is run to get it is `guards`' part. Each raises `AnswerError` (a CourseError)
for an answer it cannot use, so no checker ever stops on a traceback of its own."""

import math
import re
from decimal import Decimal
from fractions import Fraction

import numpy as np

from .. import i18n
from ..i18n import _, translated
from .verdicts import AnswerError

# A number as a learner types it: digits with an optional sign, decimal point and exponent (at most 3 digits,
# so "1e999999999" cannot make Fraction build a billion-digit integer), optionally "/" and another.
_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d{1,3})?"
_NUMBER_TEXT = re.compile(rf"{_NUMBER}(?:/{_NUMBER})?", re.IGNORECASE)
# A comma may only group thousands (6,346 and 1,234,567.5): a number with one elsewhere ("0,125", "1,5") is a
# decimal comma, refused rather than read as 125 or 15.
_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?(?:e[+-]?\d{1,3})?", re.IGNORECASE)


def number_answer(answer, example="0.5", name=None, text=True):
    """`answer` as a float: a number (int, float, numpy scalar or one-element array) or, with `text`, a string
    spelling one ("6,346", "1/64", "0.015625", "1.5e-3", "−0.5" with the notebooks' minus sign U+2212);
    AnswerError (one line) for anything else, NaN or inf, and for a decimal comma ("0,125": write 0.125).
    `name` says which part of an answer it is, if it is one; a function's result passes text=False (it should
    compute a number)."""
    if name:
        hint = _("{name} should be one number").format(name=translated(name))
    else:
        hint = _("answer with a number, e.g. {example}").format(example=translated(example))
    got = _("{hint}; got {answer}")
    if isinstance(answer, (bool, np.bool_)) or isinstance(answer, str) and not text:
        raise AnswerError(got.format(hint=hint, answer=f"{answer!r:.40}"))
    try:
        if isinstance(answer, str):
            spelled = re.sub(r"[\s_]", "", answer.replace("\N{MINUS SIGN}", "-"))  # 6 346 and 6_346 are 6346
            if not all(_GROUPED.fullmatch(part) for part in spelled.split("/") if "," in part):
                dotted = spelled.replace(",", ".")
                fix = (
                    _(
                        "{answer}: write the decimal point as a dot, {dotted} "
                        "(a comma only groups thousands, as in 6,346)"
                    )
                    if _NUMBER_TEXT.fullmatch(dotted)
                    else _("{answer} is not one number (a comma only groups thousands, as in 6,346)")
                )
                raise AnswerError(fix.format(answer=f"{answer!r:.40}", dotted=dotted))
            spelled = spelled.replace(",", "")  # 6,346 is 6346
            if not _NUMBER_TEXT.fullmatch(spelled):
                raise ValueError(answer)
            value = float(Fraction(spelled))
        elif isinstance(answer, (int, float, np.integer, np.floating)) or (
            isinstance(answer, np.ndarray) and answer.size == 1
        ):
            value = float(np.asarray(answer).item()) if isinstance(answer, np.ndarray) else float(answer)
        else:
            raise AnswerError(got.format(hint=hint, answer=type(answer).__name__))
    except (ValueError, TypeError, ZeroDivisionError, OverflowError, ArithmeticError):
        raise AnswerError(got.format(hint=hint, answer=f"{answer!r:.40}")) from None
    if not math.isfinite(value):
        raise AnswerError(got.format(hint=hint, answer=f"{answer!r:.40}"))
    return value


def _significant(answer, value):
    """(number of significant digits, value of the last one) of a number as the learner wrote it: from the
    string itself, else from the shortest repr of the number (0.016 → (2, 0.001); "0.0160" → (3, 0.0001);
    6300 → (4, 1): a whole number's zeros count)."""
    if isinstance(answer, str) and "/" not in answer:
        spelled = re.sub(r"[\s,_]", "", answer.replace("\N{MINUS SIGN}", "-")).lstrip("+-")  # the sign only:
        # the exponent's stays (1.5e-3 has digits 1, 5 and a last digit worth 1e-4)
    else:
        spelled = repr(value).lstrip("-").removesuffix(".0")
    digits = Decimal(spelled).as_tuple()
    return len(digits.digits), 10.0**digits.exponent


def close_to(answer, expected, rel=1e-3, digits=2):
    """True if `answer` (anything number_answer takes) is `expected`, allowing for rounding: within `rel`
    of it, or `expected` correctly rounded to the digits the learner gave, if those are at least `digits`
    significant ones. For 1/64 = 0.015625: 0.015625, "1/64", 0.0156 and 0.016 are close; 0.02 (one digit)
    and 0.015 (truncated, not rounded) are not. AnswerError if `answer` is not a number."""
    value = number_answer(answer)
    if math.isclose(value, expected, rel_tol=rel, abs_tol=0.0 if expected else rel):
        return True
    n_digits, unit = _significant(answer, value)
    return n_digits >= digits and abs(value - expected) <= unit / 2 * (1 + 1e-9)


def same_answer(answer, known):
    """True if `answer` is the same as `known` (a known right or wrong answer), as a person would judge it:
    whole numbers (a count) exactly, other numbers allowing for rounding (close_to), text ignoring case,
    spacing and hyphens, sets as sets, lists and tuples item by item (an item `...` of `known` matches
    any: a mistake that shows in some parts of a result only), arrays of the same shape elementwise. Never
    raises."""
    try:
        if isinstance(known, str):

            def norm(text):
                return " ".join(text.lower().replace("-", " ").replace("_", " ").split())

            return isinstance(answer, str) and norm(answer) == norm(known)
        if isinstance(known, (set, frozenset)):
            return isinstance(answer, (set, frozenset, list, tuple)) and set(answer) == known
        if isinstance(known, (list, tuple)):
            return (
                isinstance(answer, (list, tuple))
                and len(answer) == len(known)
                and all(k is ... or same_answer(a, k) for a, k in zip(answer, known))
            )
        if isinstance(known, np.ndarray) and known.size != 1:
            answer = np.asarray(answer, dtype=np.float64)
            return answer.shape == known.shape and bool(np.allclose(answer, known, rtol=1e-6, atol=1e-9))
        if isinstance(known, (int, np.integer)) and not isinstance(known, bool):
            return number_answer(answer) == known  # 6300 is not 6346 "rounded"
        if isinstance(known, (int, float, np.integer, np.floating, np.ndarray)) and not isinstance(
            known, bool
        ):
            return close_to(answer, float(np.asarray(known).item()))
        return bool(answer == known)
    except Exception:  # an answer of another kind is simply not this one
        return False


def whole_number_answer(answer, of="things", example="1234"):
    """`answer` as an int (see number_answer); AnswerError if it is not whole:
    "620.5 is not a whole number of …"."""
    value = number_answer(answer, example)
    if value != int(value):
        raise AnswerError(_("{value:g} is not a whole number of {of}").format(value=value, of=translated(of)))
    return int(value)


def array_answer(name, answer, shape=None):
    """`answer` as a float64 array (of `shape` if given); AnswerError naming the type or shape otherwise.
    The shape is compared before anything is converted, so a huge wrong array costs nothing."""
    name = translated(name)
    arraylike = (np.ndarray, list, tuple, float, int, np.floating, np.integer)
    if not isinstance(answer, arraylike) or isinstance(answer, bool):
        raise AnswerError(
            _("{name} should be a numpy array, got {type}").format(name=name, type=type(answer).__name__)
        )
    wrong_shape = _("{name} has shape {shape}, expected {expected}")
    if isinstance(answer, np.ndarray) and shape is not None and answer.shape != shape:
        raise AnswerError(wrong_shape.format(name=name, shape=answer.shape, expected=shape))
    try:
        array = np.asarray(answer)
        if np.iscomplexobj(array):
            raise AnswerError(_("{name} has complex numbers; it should hold real numbers").format(name=name))
        array = array.astype(np.float64)
    except (TypeError, ValueError):
        raise AnswerError(
            _(
                "{name} should be an array of numbers (a list of lists of different lengths, or "
                "one holding text or None, is not)"
            ).format(name=name)
        ) from None
    if shape is not None and array.shape != shape:
        raise AnswerError(wrong_shape.format(name=name, shape=array.shape, expected=shape))
    return array


def parts(answer, names, shapes=None):
    """A function's several results as a tuple, one per name; AnswerError "return the pair (new_w, new_b)"
    (triple, tuple) for anything else. With `shapes`, each part is read as one: () a number (a function should
    compute it, so text is refused), else an array of that shape; a 1-d array of the right length then counts
    as the tuple."""
    arraylike = shapes is not None and isinstance(answer, np.ndarray) and answer.ndim == 1
    if not ((isinstance(answer, (tuple, list)) or arraylike) and len(answer) == len(names)):
        returns = {2: _("return the pair ({names})"), 3: _("return the triple ({names})")}
        raise AnswerError(
            returns.get(len(names), _("return the tuple ({names})")).format(names=", ".join(names))
        )
    if shapes is None:
        return tuple(answer)
    out = []
    for name, value, shape in zip(names, answer, shapes):
        if shape == () and isinstance(value, np.ndarray) and value.size > 1:
            raise AnswerError(
                _(
                    "{name} should be one number, but has shape {shape} — did you forget "
                    "the mean over the data points?"
                ).format(name=translated(name), shape=value.shape)
            )
        out.append(
            number_answer(value, name=name, text=False) if shape == () else array_answer(name, value, shape)
        )
    return tuple(out)


def assert_array_close(name, answer, expected, rtol=1e-6, atol=1e-9):
    """AnswerError with a learner-readable reason unless `answer` ≈ `expected`."""
    answer = array_answer(name, answer, expected.shape)
    name = translated(name)
    if not np.all(np.isfinite(answer)):
        raise AnswerError(_("{name} contains NaN or inf").format(name=name))
    if np.allclose(answer, expected, rtol=rtol, atol=atol):
        return
    if not np.any(answer):
        raise AnswerError(_("{name} is all zeros").format(name=name))
    if np.allclose(answer, -expected, rtol=rtol, atol=atol):
        raise AnswerError(_("{name} has the wrong sign everywhere").format(name=name))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = answer / np.where(expected == 0, np.nan, expected)
        zeros_agree = np.all(answer[expected == 0] == 0)
        if (
            zeros_agree
            and np.nanstd(ratio) < 1e-6 * max(1.0, abs(np.nanmean(ratio)))
            and abs(np.nanmean(ratio) - 1) > 1e-6
        ):
            raise AnswerError(
                _("{name} is off by a constant factor of {factor:.4g}").format(
                    name=name, factor=np.nanmean(ratio)
                )
            )
    i = np.unravel_index(np.argmax(np.abs(answer - expected)), expected.shape)
    raise AnswerError(
        _("{name} is wrong: at index {index} you gave {given}, expected {expected}").format(
            name=name,
            index=tuple(int(k) for k in i),
            given=shown(answer[i], 6),
            expected=shown(expected[i], 6),
        )
    )


def shown(value, digits=4):
    """A number for a message, to `digits` significant digits; '+ 0.0' turns −0.0 into 0.0, so no message
    ever says 'expected -0'."""
    return f"{float(value) + 0.0:.{digits}g}"


def _choice_key(text):
    """A choice as typed, in the form its spellings are written: lower case, '-' for spaces and '_', without
    the full stop or exclamation mark a Chinese answer may end with, nor its closing 了 (更小了 is 更小)."""
    key = text.strip().rstrip("。！").strip()
    key = key[:-1] if len(key) > 1 and key.endswith("了") else key
    return key.lower().replace("_", "-").replace(" ", "-")


def _choices_listed(choices):
    """'none', 'some', 'most' — in Chinese with each one's Chinese name beside it: either is accepted."""
    shown = [
        repr(c) if translated(c) == c else _("{choice} ({name})").format(choice=repr(c), name=translated(c))
        for c in choices
    ]
    return _(", ").join(shown)


def normalise_choice(answer, choices):
    """Map a free-text answer onto one of `choices` (dict: canonical → accepted spellings). The Chinese name
    of a canonical choice (its translation in the catalogue, whatever the language shown) is accepted too, so
    are Chinese spellings among the accepted ones."""
    if not isinstance(answer, str):
        raise AnswerError(
            _("answer with a string, one of {choices}").format(choices=_choices_listed(choices))
        )
    key = _choice_key(answer)
    for canonical, spellings in choices.items():
        if key == canonical or key in spellings or key == _choice_key(i18n.zh(canonical)):
            return canonical
    raise AnswerError(
        _("{answer} is not one of {choices}").format(answer=repr(answer), choices=_choices_listed(choices))
    )


def picks(answer, what, example):
    """The items of a string ("bca", "b, c, a", "b、c 和 a") or of a list/tuple/set (["b", "c", "a"]) as
    lower-case strings, in order."""
    if isinstance(answer, str):
        return [c for c in re.sub("[和与及]", "", answer.lower()) if c.isalpha()]  # "and" between letters
    what, example = translated(what), translated(example)
    if not isinstance(answer, (list, tuple, set, frozenset, dict)):
        raise AnswerError(
            _("answer with {what}, e.g. {example}; got {type}").format(
                what=what, example=example, type=type(answer).__name__
            )
        )
    if len(answer) > 26:
        raise AnswerError(
            _("that is {count} items; answer with {what}, e.g. {example}").format(
                count=len(answer), what=what, example=example
            )
        )
    return [str(a).strip().lower() for a in answer]
