"""Errors a learner can meet, each with a message that says what went wrong and how to fix it.

Every error raised on purpose by course_lib derives from `CourseError`, so a notebook can show it as
one readable line instead of a traceback (see `course_lib.notebook.setup`). They also derive from the
built-in exception a Python programmer would expect (`ValueError`, `RuntimeError`), so ordinary
`except ValueError:` code keeps working.
"""

import math
import numbers
import os
from contextlib import contextmanager
from pathlib import Path

from .i18n import N_, _, translated


class CourseError(Exception):
    """Base class: an error caused by an input, with a message written for a learner."""


class ShapeError(CourseError, ValueError):
    """An array had the wrong shape, e.g.
    `Linear(289 → 20) expected input of shape (N, 289), got (N, 17, 17)`."""


class LabelError(CourseError, ValueError):
    """Class labels were not integers in 0..K-1, or targets did not match the predictions."""


class ConfigError(CourseError, ValueError):
    """A hyperparameter made no sense: a learning rate ≤ 0, a depth < 1, an unknown activation name."""


class NotReadyError(CourseError, RuntimeError):
    """A method was called out of order, e.g. `backward` before `forward`."""


class DataError(CourseError, ValueError):
    """The data cannot be trained on as it is: NaN or inf values, text instead of numbers."""


class ModelFileError(CourseError, OSError):
    """A saved model could not be written or read: a missing, empty, damaged or pickled file."""


class TrainingDiverged(CourseError, RuntimeError):
    """The loss ran away during training: NaN, infinite, or a million times larger than at the start.

    Attributes:
        step: the 1-based training step at which the loss ran away.
        loss: the offending loss value.
        history: what was recorded before it happened (a `History`), so curves can still be drawn.
    """

    def __init__(self, message, step=None, loss=None, history=None):
        super().__init__(message)
        self.step = step
        self.loss = loss
        self.history = history


class Interrupted(CourseError, KeyboardInterrupt):
    """A long computation was stopped (Ctrl-C, or ■ in Jupyter): one line saying what to run again, instead
    of a traceback through the library.

    Also a KeyboardInterrupt, so `except KeyboardInterrupt:` code still sees it.
    """


class TrainingInterrupted(Interrupted):
    """A training cell was stopped (Ctrl-C or ■); the run is back at the end of its last whole epoch."""


@contextmanager
def stopped_in_one_line(message, error=Interrupted):
    """Turn ■ (a KeyboardInterrupt) inside the block into `error(message)`: one line (after
    notebook.setup()) instead of a traceback through the library. One already a CourseError passes as it is.
    Also a decorator: `@stopped_in_one_line(N_("load_letters: stopped …"))`: the message is translated when
    it is shown, in the language of that moment."""
    try:
        yield
    except KeyboardInterrupt as stop:
        if isinstance(stop, CourseError):
            raise
        raise error(translated(message)) from None


class CourseWarning(UserWarning):
    """Something a learner should know that does not stop the run, e.g. a layer whose units all
    saturated.

    After `course_lib.notebook.setup()` it shows as one line (`⚠ ...`) on the cell's ordinary output.
    """


def shape_str(shape, batch_dim=True):
    """Format a shape as the notebooks write it: `(N, 17, 17)` when the first axis is the batch."""
    dims = [str(d) for d in shape]
    if batch_dim and dims:
        dims[0] = "N"
    return "(" + ", ".join(dims) + ")"


def only_batch_differs(got, expected):
    """True if two shapes differ in the first (batch) axis only: (3, 2) and (5, 2)."""
    got, expected = tuple(got), tuple(expected)
    return len(got) == len(expected) > 0 and got[0] != expected[0] and got[1:] == expected[1:]


def shape_pair(got, expected):
    """Two shapes to compare in a message, written as shape_str writes them, `(N, 2)`, unless only the batch
    axis differs: then with their sizes, `(32, 2)` and `(64, 2)`, since "(N, 2), got (N, 2)" hides what
    is wrong."""
    by_batch = only_batch_differs(got, expected)
    return shape_str(got, not by_batch), shape_str(expected, not by_batch)


# -- what a layer takes and gives ----------------------------------------------------------------------
# The layers' checks, so that a layer's file reads as its equations: each says what it takes in one line,
# `expect_input(self, x, ("N", self.in_features))`, and its backward's dout is checked here against the
# shape of its last output.


def _fits(shape, pattern):
    """True if `shape` fits `pattern`: an int must match, a name ("N", "C", "H", …) matches any size, and a
    last ... one or more further axes of any size."""
    if pattern[-1] is Ellipsis:
        return len(shape) >= len(pattern) and _fits(shape[: len(pattern) - 1], pattern[:-1])
    return len(shape) == len(pattern) and all(
        isinstance(want, str) or got == want for got, want in zip(shape, pattern)
    )


def expect_input(layer, x, *patterns, what=None, hint=""):
    """Nothing if x's shape fits one of `patterns` (see `_fits`), else ShapeError
    "<layer> expected <what> of shape (N, 289), got (N, 17, 17)<hint>"; `what` comes translated (default:
    input)."""
    if not any(_fits(x.shape, p) for p in patterns):
        wanted = " or ".join(
            "(" + ", ".join("..." if d is Ellipsis else str(d) for d in p) + ")" for p in patterns
        )
        raise ShapeError(
            _("{layer} expected {what} of shape {wanted}, got {got}").format(
                layer=layer, what=_("input") if what is None else what, wanted=wanted, got=shape_str(x.shape)
            )
            + hint
        )


def flatten_hint(x, width):
    """The fix for an input that is not a batch of rows (N, width): flatten images, or make one sample a
    batch of one; '' if neither fits."""
    if x.ndim > 2:
        return _(" — flatten images first, e.g. X.reshape(len(X), -1)")
    return _(" — for a single sample use x.reshape(1, -1)") if x.ndim == 1 and len(x) == width else ""


# for rows given to a convolution: _(LETTERS_AS_IMAGES) where it is shown
LETTERS_AS_IMAGES = N_(" — reshape letters with X.reshape(-1, 1, 17, 17)")


def expect_steps(layer, x):
    """ShapeError if the sequences x (N, T, …) have no steps: no last hidden state, nothing for BPTT."""
    if x.shape[1] == 0:
        raise ShapeError(
            _("{layer}: the sequences have no steps (T = 0, shape {shape}); each needs at least one").format(
                layer=layer, shape=shape_str(x.shape)
            )
        )


def expect_dout(layer, dout, expected):
    """ShapeError unless dout = dL/dy has the shape `expected` of the layer's last output."""
    if dout.shape != expected:
        got, want = shape_pair(dout.shape, expected)
        if only_batch_differs(dout.shape, expected):
            message = _(
                "{layer}: backward() expected dout of shape {want} (the shape of its output), got {got}; "
                "give the gradient for the batch of the last forward()"
            )
        else:
            message = _(
                "{layer}: backward() expected dout of shape {want} (the shape of its output), got {got}"
            )
        raise ShapeError(message.format(layer=layer, want=want, got=got))


# -- the checks every entry point shares --------------------------------------------------------------
# One vocabulary for "is this a sensible number / name", so each message reads the same and names the fix.


def _prefix(where):
    """ "where: ", the place a message comes from (a function's name), before the message."""
    return _("{where}: ").format(where=where) if where else ""


def _short(value, limit=60):
    """repr(value), cut to one readable line (a learner may pass a 400-digit number or a whole array)."""
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


LARGEST_WHOLE = 2**63 - 1  # numpy's int64: a size, count, index or seed beyond it has no use here


def is_bool(value):
    """True for True/False and numpy's np.True_/np.False_ (or a 0-d bool array), which are not numbers
    here: `whole_number(True)` is refused, so `np.True_` must be too."""
    return isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", None) == "b"


def whole_number(value, name, minimum=0, maximum=None, where=None):
    """Return `value` as an int if it is a whole number in [minimum, maximum], else raise ConfigError.

    Accepts 3, 3.0, np.int64(3) and 2**53 + 1 (an int is compared exactly, not through a float); refuses
    2.5, "3", None, True, np.True_, nan, inf, and (with no maximum given) anything beyond LARGEST_WHOLE.
    """
    given = value
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        value = value.item()  # a numpy scalar or 0-d array: np.True_ → True
    number = None
    if is_bool(given):  # True is an int to Python, not a count to a learner
        pass
    elif isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
        number = int(value)  # 3.0
    top = LARGEST_WHOLE if maximum is None else maximum
    if number is None or number < minimum or number > top:
        if maximum is not None:
            message = _("{name} must be a whole number from {minimum} to {maximum}, got {value}")
        elif number is not None and number > top:
            message = _("{name} must be a whole number ≥ {minimum} and below 2**63, got {value}")
        else:
            message = _("{name} must be a whole number ≥ {minimum}, got {value}")
        raise ConfigError(
            _prefix(where) + message.format(name=name, minimum=minimum, maximum=maximum, value=_short(given))
        )
    return number


def _as_float(value):
    """float(value) for a real number: not bool (nor np.bool_), text or None; an int too large for a float
    counts as inf."""
    if is_bool(value) or isinstance(value, (str, bytes)) or value is None:
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf
    except (TypeError, ValueError):
        return None


def finite_number(value, name, where=None, minimum=None, maximum=None, below=None):
    """Return `value` as a float if it is a finite real number in [minimum, maximum], else ConfigError.

    `below` instead of `maximum` leaves the upper end out: [minimum, below), as Adam's betas need.
    """
    x = _as_float(value)
    too_small = x is not None and minimum is not None and x < minimum
    too_large = x is not None and maximum is not None and x > maximum
    not_below = x is not None and below is not None and x >= below
    if x is None or not math.isfinite(x) or too_small or too_large or not_below:
        if below is not None and minimum is not None:
            message = _("{name} must be a finite number in [{minimum:g}, {below:g}), got {value}")
        elif below is not None:
            message = _("{name} must be a finite number < {below:g}, got {value}")
        elif minimum is not None and maximum is not None:
            message = _("{name} must be a finite number from {minimum:g} to {maximum:g}, got {value}")
        elif minimum is not None:
            message = _("{name} must be a finite number ≥ {minimum:g}, got {value}")
        elif maximum is not None:
            message = _("{name} must be a finite number ≤ {maximum:g}, got {value}")
        else:
            message = _("{name} must be a finite number, got {value}")
        raise ConfigError(
            _prefix(where)
            + message.format(name=name, minimum=minimum, maximum=maximum, below=below, value=_short(value))
        )
    return x


def positive_number(value, name, where=None, allow_zero=False):
    """Return `value` as a float if it is a finite number > 0 (≥ 0 with allow_zero), else ConfigError."""
    x = _as_float(value)
    if x is None or not math.isfinite(x) or x < 0 or (x == 0 and not allow_zero):
        if allow_zero:
            message = _("{name} must be a finite number ≥ 0, got {value}")
        else:
            message = _("{name} must be a finite number > 0, got {value}")
        raise ConfigError(_prefix(where) + message.format(name=name, value=_short(value)))
    return x


def learning_rate(value, where=None):
    """`value` as a float if it is a usable learning rate (a finite number > 0), else ConfigError.

    The one check of a learning rate: the optimisers (on every change, since widgets change it while a
    run goes on), the experiments of `course_lib.lessons` and every widget call it, so the message is the
    same everywhere.
    """
    return positive_number(value, _("learning rate lr"), where)


def smaller_lr(lr):
    """The advice every diverging run ends with (the Trainer's, the playground's, gradient descent's)."""
    return _("try a smaller learning rate (now {lr:g})").format(lr=lr)


# The words an environment variable may use for a switch (compared after strip() and lower()).
SWITCH_WORDS = {
    "on": True,
    "1": True,
    "yes": True,
    "true": True,
    "off": False,
    "0": False,
    "no": False,
    "false": False,
}


def true_or_false(value, name, where=None, words=False):
    """`value` as a bool if it is True or False (np.True_ and np.False_ too), else ConfigError: never 1,
    "no" or None, so a switch fails closed instead of reading an unknown value as the permissive choice.

    words=True is for the text of an environment variable, which cannot hold a bool: it accepts the
    SWITCH_WORDS instead, "on"/"off", "1"/"0", "yes"/"no", "true"/"false" (any case, spaces around)."""
    if words:
        key = value.strip().lower() if isinstance(value, str) else None
        if key not in SWITCH_WORDS:
            raise ConfigError(
                _prefix(where)
                + _("{name} must be on or off (or 1/0, yes/no, true/false), got {value}").format(
                    name=name, value=_short(value)
                )
            )
        return SWITCH_WORDS[key]
    if type(value).__name__ not in ("bool", "bool_"):  # numpy's bool too, without importing numpy here
        raise ConfigError(
            _prefix(where)
            + _("{name} must be True or False, got {value}").format(name=name, value=_short(value))
        )
    return bool(value)


def path_like(value, expected, where=None):
    """`value` as a pathlib.Path if it is a non-blank str or os.PathLike (not bytes, None or a number), else
    ConfigError "<where>: <expected>, got <value>", e.g. expected = "give a file name such as 'net.npz'"."""
    if isinstance(value, bytes) or not isinstance(value, (str, os.PathLike)) or not str(value).strip():
        raise ConfigError(
            _prefix(where) + _("{expected}, got {value}").format(expected=expected, value=_short(value))
        )
    return Path(value)


def one_of(value, name, choices, where=None):
    """Return `value` if it is one of `choices`, else raise ConfigError listing them."""
    try:
        ok = bool(value in choices)
    except (TypeError, ValueError):  # unhashable against a dict's keys; an array compares element-wise
        ok = False
    if not ok:
        listed = ", ".join(repr(c) for c in choices)
        raise ConfigError(
            _prefix(where)
            + _("unknown {name} {value}: choose one of {choices}").format(
                name=name, value=_short(value), choices=listed
            )
        )
    return value


# -- bounds on the sizes and counts a learner types --------------------------------------------------
# A slip such as 10**7 typed for 10**2 should be one line at once, not an hour-long run or a kernel that
# fills the memory and dies. The bounds are far above anything the course uses, so that they only ever
# catch slips:
MAX_EPOCHS = 10_000  # passes over a data set: the course's longest run is 500 (notebook 01's full batches)
MAX_BYTES = 2**30  # one array: the course's largest is the 40 000 training letters, 46 MB (a
# convolution's windows for 10 000 letters, 100 MB); 1 GiB still fits a laptop


def memory_size(nbytes):
    """A number of bytes as people say it: '46 MB', '9.3 GB' (decimal units, as the system monitor)."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if nbytes >= size:
            return f"{nbytes / size:.3g} {unit}"
    return _("{count:.0f} bytes").format(count=nbytes)


def check_memory(count, what, fix, where=None, itemsize=4, error=ConfigError):
    """Nothing if an array of `count` numbers of `itemsize` bytes fits in MAX_BYTES, else `error` (a
    ConfigError for a size typed as a setting, a DataError for data that is too large).

    Called *before* allocating: numpy asked for 10 GB either fails after the machine has swapped for a
    minute, or fills the memory until the kernel dies. The message names the size, e.g.
    "Linear(50000 → 50000): its weights would need 10 GB (2,500,050,000 numbers), more than the 1.07 GB
    one array may take; <fix>".
    """
    count = int(count)
    if count * itemsize > MAX_BYTES:
        raise error(
            _prefix(where)
            + _(
                "{what} would need {size} ({count:,} numbers), more than the {most} one array may take; {fix}"
            ).format(
                what=what,
                size=memory_size(count * itemsize),
                count=count,
                most=memory_size(MAX_BYTES),
                fix=fix,
            )
        )
