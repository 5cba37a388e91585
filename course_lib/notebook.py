"""Notebook conveniences: friendly one-line errors, checked claims, runs that must finish, plot defaults.

`setup()` is the first line of every notebook. `expect(...)` prints a claim next to the result that
supports it, e.g. `✓ validation accuracy 0.981 (expected ≥ 0.95)`, and fails loudly when it does not
hold, so CI (nbval) catches a notebook whose story stopped being true.

A cell that trains something later cells check runs inside `with training("name"):`, and the cells that
check it start with `require("name")`: if the learner stopped the training (■) or it failed, or they run
cells out of order, the checks say so in one line instead of asserting claims about partial results.

For instructors, `setup` has two switches, each also an environment variable so that a class can have it
without editing the notebooks (set it where JupyterLab starts, e.g. `COURSE_PROJECTOR=1 make lab`):
`setup(projector=True)` / COURSE_PROJECTOR=1 draws large fonts and figures for a 1280×720 projector, and
`setup(solutions=False)` / COURSE_SOLUTIONS=off makes `.solution()` say that solutions are off.
Every switch is read one way (errors.true_or_false): an argument is True or False (np.True_ and np.False_
too), an environment variable on/off, 1/0, yes/no or true/false (any case); anything else ("no" as an
argument, 0, COURSE_SOLUTIONS=of) is a one-line ConfigError, never read as the permissive choice, and a
mistyped solutions switch hides the solutions as well.

`setup()` also limits numpy's BLAS to one thread (`blas_threads=1`; `blas_threads="default"` or
COURSE_BLAS_THREADS=default leaves it alone). The course's matrix products are small (a 1024 × 289 batch
times 289 × 20 weights, an LSTM step of 256 × 64 by 64 × 32) and a class machine often has two cores that
a browser and other kernels share: splitting such a product over threads costs more in hand-over and
waiting than it saves, and under load a waiting thread stalls the whole product. On a busy 2-core machine
the default threads made most of the course's workloads several times slower; on a quiet one they saved a
few percent. `python benchmarks/bench_threads.py` measures it; the numbers behind the choice are in
benchmarks/README.md. One thread also gives the same result on every machine: no summation order that
depends on the core count.
"""

import builtins
import difflib
import json
import numbers
import os
import warnings
from contextlib import contextmanager

import matplotlib

from .errors import (
    ConfigError,
    CourseError,
    CourseWarning,
    NotReadyError,
    TrainingInterrupted,
    stopped_in_one_line,
    true_or_false,
    whole_number,
)
from .exercises.core import set_solutions, solutions_env
from .i18n import _, language_from_environment, set_language, translated


class ClaimFailed(CourseError, AssertionError):
    """A notebook's claim did not hold for the result it was made about."""


# name → True once its `with training(name):` block finished, False while it runs or after it was stopped.
_runs = {}


@contextmanager
def training(name):
    """Mark a block of training as the run called `name`; `require(name)` later checks that it finished.

    A KeyboardInterrupt (the ■ button) inside it becomes one line, `TrainingInterrupted`, instead of a
    traceback through the library (one from `Trainer.fit`, which already says where it stopped, passes)."""
    _runs[name] = False
    with stopped_in_one_line(
        _("{name}: stopped before it finished; run this cell again before the cells below").format(name=name),
        TrainingInterrupted,
    ):
        yield
    _runs[name] = True


# name → (the settings, the dict of finished runs) that `kept_runs` hands out.
_kept = {}


def kept_runs(name, settings):
    """The dict a cell keeps its finished runs in across runs of the cell, so that running it again after ■
    trains only the runs it had not finished. It comes back empty the first time, and whenever `settings`
    (a dict of everything the runs depend on) differ from the last call's: then every run starts afresh."""
    if not isinstance(settings, dict):
        raise ConfigError(
            _("kept_runs({name}, …): settings must be a dict of the runs' settings, got {type}").format(
                name=repr(name), type=type(settings).__name__
            )
        )
    if name not in _kept or _kept[name][0] != settings:
        _kept[name] = (dict(settings), {})
    return _kept[name][1]


def require(*names):
    """Raise NotReadyError unless every named `training(...)` block has finished (in this kernel)."""
    for name in names:
        if name not in _runs:
            raise NotReadyError(
                _("{name} has not run yet: run the cell above that trains it first").format(name=name)
            )
        if not _runs[name]:
            raise NotReadyError(
                _("{name}: the run above did not finish (stopped or failed) — run it again").format(name=name)
            )


def _show_course_error(shell, etype, value, tb, tb_offset=None):
    # A learner's input caused this; one red line helps more than forty lines of traceback. It is still
    # sent as an *error* output (not printed text), so "Run All" stops here and nbval sees the failure.
    if issubclass(etype, CourseError):
        message = f"{etype.__name__}: {value}"
    else:
        message = _not_defined_yet(shell, value, tb)
        if message is None:  # not a slip in the notebook's order: IPython's usual display
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)
            return
    line = f"\033[31m✗ {message}\033[0m"
    if hasattr(shell, "_showtraceback"):
        shell._showtraceback(etype, value, [line])
    else:
        print(line)


def _not_defined_yet(shell, error, tb):
    """The one line for a NameError in the notebook's own code (a cell skipped or run out of order), naming
    what to run; None for one raised inside a library (a bug to see in full) or an UnboundLocalError."""
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    name = getattr(error, "name", None)
    if (
        type(error) is not NameError
        or tb is None
        or name is None
        or tb.tb_frame.f_globals is not getattr(shell, "user_ns", None)
    ):
        return None
    # the kernel cannot tell a skipped cell from a slip of the keyboard: the line names both
    known = [n for n in list(shell.user_ns) + dir(builtins) if not n.startswith("_")]
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return _(
            "NameError: `{name}` is not defined: if a cell above defines it, run the cells above "
            "(Run → Run All Above); if none does, check the spelling, or did you mean `{close}`?"
        ).format(name=name, close=close[0])
    return _(
        "NameError: `{name}` is not defined: if a cell above defines it, run the cells above "
        "(Run → Run All Above); if none does, check the spelling"
    ).format(name=name)


def show_figures_inline():
    """Make IPython render `matplotlib.figure.Figure` objects as PNG images.

    The course draws on plain Figures (no pyplot state); IPython only knows how to show them once the
    inline backend's formatter is registered, which `%matplotlib inline` does. Safe to call repeatedly.
    """
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import select_figure_formats
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        select_figure_formats(shell, {"png"})


def _show_course_warning(
    message, category, filename, lineno, file=None, line=None, _default=warnings.showwarning
):
    # A CourseWarning is advice for the learner, written as one sentence: print it as one line, on stdout
    # (stderr is for what went wrong in the code). Every other warning keeps Python's usual display.
    if issubclass(category, CourseWarning):
        print(_("⚠ {message}").format(message=message))
    else:
        _default(message, category, filename, lineno, file, line)


# Legends are "small" (5/6 of font.size), never a fixed number of points: projection mode scales them too.
PLOT_RC = {
    "figure.dpi": 100,
    "font.size": 11,
    "lines.linewidth": 1.5,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,  # i18n: not shown (a matplotlib setting)
    "axes.spines.right": False,  # i18n: not shown (a matplotlib setting)
    "legend.fontsize": "small",
}
# A figure of w inches is w × dpi pixels wide; the course's widest are 10–12 in, and JupyterLab at 1280 px
# (Presentation Mode, side bar closed) gives an output 1054 px wide (measured), so 110 dpi about fills it.
# Text of s points is then s × 110/72 px: 16 pt tick labels are 24 px. Text is sized relative to font.size
# ("small", "large"; a test refuses sizes in points): a fixed 9 pt would grow only by the dpi, to 14 px.
# Legends are then "medium": the widest figures are shown at 2/3 of their size, and a "small" legend in one
# came out at 17 px on the projector (tools/projected_text.py measures every picture).
PROJECTOR_RC = {"figure.dpi": 110, "font.size": 16, "lines.linewidth": 2.5, "legend.fontsize": "medium"}
PROJECTOR_ENV = "COURSE_PROJECTOR"
BLAS_THREADS = 1  # setup()'s BLAS thread limit (the module docstring says why)
BLAS_THREADS_ENV = "COURSE_BLAS_THREADS"  # i18n: not shown (a variable's name)
MAX_BLAS_THREADS = 1024  # more than any machine the course runs on has cores
_blas_limit = []  # the threadpoolctl limiter setup() applied, to undo before the next
_projector = []  # the projection mode setup() last chose (pictures sized by it read it)


def projector_wanted():
    """True if the environment variable COURSE_PROJECTOR is on, 1, yes or true; False if it is unset, blank
    or off, 0, no or false; ConfigError for any other value."""
    value = os.environ.get(PROJECTOR_ENV, "")
    name = _("the environment variable {name}").format(name=PROJECTOR_ENV)
    return bool(value.strip()) and true_or_false(value, name, words=True)


def projector_on():
    """True in projection mode: as setup() last chose, or (before any setup()) as COURSE_PROJECTOR says. For
    pictures that set their own sizes instead of taking PROJECTOR_RC's (the playground's)."""
    return _projector[-1] if _projector else projector_wanted()


def limit_blas_threads(threads):
    """Limit numpy's BLAS to `threads` threads for the rest of the session ("default": undo the limit).
    `threads` is a whole number from 1 to MAX_BLAS_THREADS, or its digits (as an environment variable
    gives it); ConfigError for anything else (0 is not read as 1).

    Each call first restores what the BLAS had before the previous call, so the last call decides."""
    from threadpoolctl import threadpool_limits

    if not (isinstance(threads, str) and threads == "default"):
        digits = isinstance(threads, str) and threads.isascii() and threads.isdigit()
        try:
            threads = whole_number(int(threads) if digits else threads, "blas_threads", 1, MAX_BLAS_THREADS)
        except ConfigError:
            raise ConfigError(
                _('blas_threads (or {env}): a number from 1 to {most} or "default", got {value}').format(
                    env=BLAS_THREADS_ENV, most=MAX_BLAS_THREADS, value=repr(threads)
                )
            ) from None
    while _blas_limit:
        _blas_limit.pop().restore_original_limits()
    if threads != "default":
        _blas_limit.append(threadpool_limits(limits=threads, user_api="blas"))


def _one_line_errors(on):
    """Show a CourseError, and a NameError in the notebook's own code, as one line (on) or as IPython
    shows any error (off)."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is not None:
        shell.set_custom_exc((CourseError, NameError) if on else (), _show_course_error)


def setup(friendly_errors=True, projector=None, solutions=None, blas_threads=None, lang=None):
    """Make errors from course_lib one readable line, show ⚠ advice, and set the plot defaults.

    Each switch is True or False (np.True_, np.False_ too); anything else is a ConfigError (see the module
    docstring), so a mistyped switch is reported, never read as on or off.

    Args:
        friendly_errors: show a CourseError, and a NameError from a cell run before the cell defining the
            name, as one red line instead of a traceback; False: IPython's tracebacks again.
        projector: True for large fonts and figures for a 1280×720 projector (PROJECTOR_RC; for the text
            of the notebook itself use JupyterLab's View → Appearance → Presentation Mode); None: as the
            environment variable COURSE_PROJECTOR says (on/off, 1/0, yes/no, true/false).
        solutions: False makes every exercise's `.solution()` print that solutions are off (for a graded
            session); None or True: shown, unless the environment variable COURSE_SOLUTIONS=off hides them.
            A value that is not a switch hides them too, and raises.
        blas_threads: the number of BLAS threads for numpy's matrix products (1 to MAX_BLAS_THREADS), or
            "default" to leave the BLAS as it is; None: as COURSE_BLAS_THREADS says (a number or
            "default"), else BLAS_THREADS (1).
        lang: the language of the library's messages, "en" or "zh" (i18n.py); None: as COURSE_LANG says,
            else zh for a notebook in a folder named zh (the Chinese edition, notebooks/zh), else English.
    """
    try:  # first: a mistake in any argument leaves the solutions hidden
        set_solutions(True if solutions is None else solutions, where="setup")
    finally:  # and is shown in one line
        _one_line_errors(true_or_false(friendly_errors, "friendly_errors", "setup"))
    set_language(language_from_environment() if lang is None else lang, where="setup")
    on_projector = projector_wanted() if projector is None else true_or_false(projector, "projector", "setup")
    _projector[:] = [on_projector]
    if blas_threads is None:
        blas_threads = os.environ.get(BLAS_THREADS_ENV, "").strip().lower() or BLAS_THREADS
    limit_blas_threads(blas_threads)
    matplotlib.rcParams.update({**PLOT_RC, **(PROJECTOR_RC if on_projector else {})})
    show_figures_inline()
    warnings.showwarning = _show_course_warning
    warnings.simplefilter("always", CourseWarning)  # each run that saturates says so, not only the first
    solutions_env()  # COURSE_SOLUTIONS=of has hidden them; say why


def _log_claim(what, value, at_least, at_most, ok):
    # `make robust` (tools/claims.py) sets COURSE_CLAIMS_LOG to collect every claim with its value, so a
    # maintainer sees how far each one is from its bound under every BLAS setting.
    path = os.environ.get("COURSE_CLAIMS_LOG")  # i18n: not shown (a variable's name)
    if path:
        record = {
            "what": what,
            "value": float(value),
            "ok": bool(ok),
            "at_least": None if at_least is None else float(at_least),
            "at_most": None if at_most is None else float(at_most),
        }
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def expect(what, value, at_least=None, at_most=None, fmt=None, **values):
    """Print `✓ what value (expected ≥ at_least)` or raise ClaimFailed.

    Args:
        what: the quantity, e.g. "validation accuracy after 20 epochs"; a string literal, so that the
            catalogue tool collects it and the Chinese edition prints it in Chinese. A quantity that names a
            value gives it a placeholder and the value as a keyword: `expect("loss with {n} samples", loss,
            at_most=1.2, n=600)` (filled in after translating, where the translation puts it).
        value: the measured number.
        at_least, at_most: bounds the claim makes (either or both; with neither, ConfigError).
        fmt: how the numbers are printed, e.g. ".1e"; by default ".3f", and a count (a Python or NumPy
            integer) is printed as a whole number, as with fmt="d": "9 (expected ≥ 7)".
    """

    def number(x):  # with "d", a whole float (a bound such as 7.0) too, any other as "g"
        if fmt == "d" and not isinstance(x, numbers.Integral):
            return f"{int(x):d}" if float(x).is_integer() else f"{x:g}"
        return f"{x:{fmt}}"

    if at_least is None and at_most is None:  # a claim with no bound holds for anything: not a check
        raise ConfigError(
            _("expect({what}, …) makes no claim: give at_least=…, at_most=… or both").format(
                what=f"{what!r:.60}"
            )
        )
    if fmt is None:
        fmt = "d" if isinstance(value, numbers.Integral) and not isinstance(value, bool) else ".3f"
    # the claim is logged in English (make robust compares runs) and shown in the notebook's language
    if at_most is None:
        claim = _("{what} {value} (expected ≥ {low})")
    elif at_least is None:
        claim = _("{what} {value} (expected ≤ {high})")
    else:
        claim = _("{what} {value} (expected ≥ {low} and ≤ {high})")
    english = what.format(**values) if values else what
    text = claim.format(
        what=translated(what).format(**values) if values else translated(what),
        value=number(value),
        low=None if at_least is None else number(at_least),
        high=None if at_most is None else number(at_most),
    )
    ok = (at_least is None or value >= at_least) and (at_most is None or value <= at_most)
    _log_claim(english, value, at_least, at_most, ok)
    if not ok:
        raise ClaimFailed(_("{claim} — the claim above does not hold").format(claim=text))
    print(_("✓ {claim}").format(claim=text))
