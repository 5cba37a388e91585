"""The exercise runner against answers that do more than compute (issue 22, item 3): an answer that exits,
raises a BaseException, asks for input(), ends the kernel, rebinds numpy's comparisons or the checker, checks
itself, or sits in one long C call. Each ends as one ✗ line, and numpy and the checker are as before. The
function checkers are swept all together (FUNCTION_EXERCISES: every exercise the chapters register whose
answer is a function), so a new checker cannot escape."""

import builtins
import os
import sys
import time

import numpy as np
import pytest

from course_lib.errors import ConfigError
from course_lib.exercises import checks, core, guards
from test_bad_inputs_interactive import FUNCTION_EXERCISES, VALUE_EXERCISES, every_exercise

IDS = [e.title for e in FUNCTION_EXERCISES]
function_checkers = pytest.mark.parametrize("exercise", FUNCTION_EXERCISES, ids=IDS)


def one_x_line(out, exercise):
    """True if `out` is one ✗ verdict: its first line, and every further line an indented continuation
    (_report wraps at 100 columns)."""
    lines = out.splitlines()
    return out.startswith(f"✗ {exercise.title}: ") and all(line.startswith("  ") for line in lines[1:])


def wrong(exercise, *args):
    """A wrong answer of the right form: the reference's result with every number x made 2x + 1 (a list of
    objects, such as chapter 3's topological order, reversed)."""
    result = exercise.reference(*args)
    if isinstance(result, list):
        return result[::-1]
    if isinstance(result, tuple):
        return tuple(2 * part + 1 for part in result)
    return 2 * result + 1


# What an answer rebinds to pass: numpy's comparisons and tests, numpy's error state, course_lib's own
# comparison, and the exercise's checker (by its attribute and in its class).
ALWAYS_TRUE = {
    "allclose": lambda *a, **k: True,
    "array_equal": lambda *a, **k: True,
    "isclose": lambda a, b, *r, **k: np.ones(np.broadcast(a, b).shape, bool),
    "all": lambda *a, **k: np.True_,
    "any": lambda *a, **k: np.False_,
    "isfinite": lambda a, *r, **k: np.ones(np.shape(a), bool),
}


def numpy_as_it_was(saved):
    return (
        all(getattr(np, name) is f for name, f in saved.items())
        and np.geterr() == SANE_ERRORS
        and checks.assert_array_close is ORIGINAL_ASSERT
        and not hasattr(np, "extra_name")
    )


SANE_ERRORS = np.geterr()
ORIGINAL_ASSERT = checks.assert_array_close


def break_everything(exercise):
    for name, liar in ALWAYS_TRUE.items():
        setattr(np, name, liar)
    np.extra_name = "added by the answer"
    np.seterr(all="ignore")
    checks.assert_array_close = lambda *a, **k: None
    exercise._checker = lambda answer: "right"
    type(exercise).grade = lambda self, answer=...: "right"


@function_checkers
def test_an_answer_that_rebinds_numpy_or_the_checker_is_still_wrong_and_changes_nothing(exercise, capsys):
    """np.allclose = lambda *a, **k: True made 6 of the 19 function checkers pass a wrong answer, and numpy
    stayed broken for the session; now the checker judges with the real ones, put back after the call."""
    saved = {name: getattr(np, name) for name in ALWAYS_TRUE}
    checker, grade = exercise.checker, type(exercise).grade

    def cheat(*args):
        break_everything(exercise)
        return wrong(exercise, *args)

    try:
        exercise.check(cheat)
        out = capsys.readouterr().out
        assert one_x_line(out, exercise) and core.CANNOT_CHECK not in out, out
        assert numpy_as_it_was(saved)
        assert exercise.checker is checker and type(exercise).grade is grade
        assert np.allclose(1, 1) and not np.allclose(1, 2)
    finally:  # a failure here must not break every later test
        for name, f in saved.items():
            setattr(np, name, f)
        np.__dict__.pop("extra_name", None)
        np.seterr(**SANE_ERRORS)
        checks.assert_array_close, exercise._checker, type(exercise).grade = ORIGINAL_ASSERT, checker, grade


class Custom(BaseException):
    pass


def sys_exit(*args):
    sys.exit()


def sys_exit_code(*args):
    raise SystemExit(3)


def generator_exit(*args):
    raise GeneratorExit


def custom_base_exception(*args):
    raise Custom("mine")


BASE_EXCEPTIONS = [
    (sys_exit, r"raised SystemExit \(sys\.exit\(\) or exit\(\) ends the program\)"),
    (sys_exit_code, r"raised SystemExit"),
    (generator_exit, r"raised GeneratorExit$"),
    (custom_base_exception, r"raised Custom: mine$"),
]


@pytest.mark.parametrize("raises, words", BASE_EXCEPTIONS, ids=[f.__name__ for f, _ in BASE_EXCEPTIONS])
@function_checkers
def test_every_base_exception_from_an_answer_is_one_line_and_numpy_is_put_back(
    exercise, raises, words, capsys
):
    """sys.exit() escaped check() in all 19 function checkers; GeneratorExit gave a 66-line traceback."""
    saved = {name: getattr(np, name) for name in ALWAYS_TRUE}

    def answer(*args):
        np.allclose = ALWAYS_TRUE["allclose"]
        raises()

    try:
        with pytest.raises(core.AnswerRaised, match=words):
            exercise.grade(answer)
        exercise.check(answer)
        out = capsys.readouterr().out
        assert one_x_line(out, exercise), out
        assert np.allclose is saved["allclose"]
    finally:
        np.allclose = saved["allclose"]


@function_checkers
def test_stop_while_an_answer_runs_is_one_line_and_puts_numpy_back(exercise, capsys):
    """■ is the learner's own: no verdict, no wrong answer counted, one line, and numpy as before."""
    allclose, before = np.allclose, exercise.wrong_in_a_row

    def answer(*args):
        np.allclose = ALWAYS_TRUE["allclose"]
        raise KeyboardInterrupt

    try:
        exercise.check(answer)
        out = capsys.readouterr().out
        assert one_x_line(out, exercise) and " ".join(out.split()).endswith(
            ": interrupted before the verdict; run the cell again"
        ), out
        assert np.allclose is allclose and exercise.wrong_in_a_row == before
    finally:
        np.allclose = allclose


@function_checkers
def test_input_inside_an_answer_is_refused_at_once_not_called_an_endless_loop(exercise, capsys, monkeypatch):
    """In a kernel input() waits for the learner, and the 5 s limit then called it an endless loop."""
    asked = []
    monkeypatch.setattr(builtins, "input", lambda *a: asked.append(a) or "1")

    def answer(*args):
        return float(input("x? "))

    start = time.perf_counter()
    with pytest.raises(
        core.AnswerRaised,
        match=r"^your function calls input\(\): an answer cannot ask for "
        r"input — take what it needs from its arguments$",
    ):
        exercise.grade(answer)
    exercise.check(answer)
    assert one_x_line(capsys.readouterr().out, exercise)
    assert asked == [] and time.perf_counter() - start < guards.TIME_LIMIT
    assert builtins.input is not None and builtins.input("") == "1"  # the session's input() is back


@pytest.mark.parametrize("name", ["_exit", "abort"])
@function_checkers
def test_an_answer_that_would_end_the_kernel_is_refused(exercise, name, monkeypatch):
    """os._exit killed the kernel. (The real os._exit is replaced by a recorder here, so that a broken guard
    fails this test instead of ending the test run.)"""
    ended = []
    monkeypatch.setattr(os, name, lambda *a: ended.append(a))

    def answer(*args):
        getattr(os, name)(*([1] if name == "_exit" else []))
        return wrong(exercise, *args)

    ok, message = exercise.evaluate(answer)
    assert not ok and message == (
        f"your function calls os.{name}(), which would end the kernel: return the result instead"
    )
    assert ended == []


class Shell:
    """Stands in for the kernel's IPython shell, whose ask_exit (called by a notebook's exit()) shuts the
    kernel down after the cell."""

    def __init__(self):
        self.asked = []

    def ask_exit(self):
        self.asked.append(True)


@function_checkers
def test_exit_in_a_notebook_is_refused_and_the_shell_is_as_before(exercise, monkeypatch):
    """In a notebook exit() is IPython's: it returns None and the kernel shuts down after the cell."""
    IPython = pytest.importorskip("IPython")
    from IPython.core.autocall import ExitAutocall

    shell = Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    exit = ExitAutocall(shell)  # what a notebook's `exit` is

    def answer(*args):
        exit()
        return wrong(exercise, *args)

    assert exercise.evaluate(answer) == (False, guards.EXIT_VERDICT)
    assert shell.asked == [] and "ask_exit" not in vars(shell)
    shell.ask_exit()
    assert shell.asked == [True]


@pytest.mark.parametrize("exercise", every_exercise(), ids=lambda e: e.title)
def test_the_checker_cannot_be_replaced(exercise):
    """`ex.checker = lambda a: "right"` made every answer ✓."""
    checker = exercise.checker
    with pytest.raises(
        ConfigError, match=r"checker cannot be replaced; check an answer with \.check\(answer\)"
    ):
        exercise.checker = lambda answer: "right"
    assert exercise.checker is checker
    assert exercise.evaluate(exercise.reference)[0]


@function_checkers
def test_a_check_inside_the_answer_is_refused_in_one_line(exercise, capsys, monkeypatch):
    """The nested check printed a cascade of ✗ lines and waited for over 100 s."""
    slept = []
    monkeypatch.setattr(core.time, "sleep", slept.append)
    monkeypatch.setattr(guards, "FREE_TRIES", 0)  # every wrong verdict would wait
    exercise.wrong_in_a_row = 0

    def answer(*args):
        exercise.check(answer)
        for other in FUNCTION_EXERCISES:
            other.evaluate(other.reference)
        return exercise.reference(*args)

    exercise.check(answer)
    out = capsys.readouterr().out
    assert one_x_line(out, exercise) and out.count("✗") == 1, out
    assert "your function calls .check() (or grade, evaluate, passes) itself" in " ".join(out.split())
    assert slept == [] and exercise.wrong_in_a_row == 0
    assert exercise.evaluate(exercise.reference)[0]  # and checking works again afterwards


@function_checkers
def test_the_wait_counts_wrong_answers_not_crashes_while_debugging(exercise, monkeypatch):
    """The 10th NameError while debugging waited 16 s: a crash gives nothing to guess from."""
    slept = []
    monkeypatch.setattr(core.time, "sleep", slept.append)
    monkeypatch.setattr(guards, "TIME_LIMIT", 0.05)
    monkeypatch.setattr(guards, "FREE_TRIES", 3)  # the tests' conftest turns the wait off
    exercise.wrong_in_a_row = 0

    def name_error(*args):
        return undefined_name  # noqa: F821

    def too_slow(*args):
        while True:
            pass

    for answer in [name_error] * 10 + [too_slow] * 2:
        ok, message = exercise.evaluate(answer)
        assert not ok and "wrong answers in a row" not in message, message
    assert slept == [] and exercise.wrong_in_a_row == 0
    monkeypatch.setattr(guards, "TIME_LIMIT", 5.0)  # a loaded machine must not make a wrong answer too slow
    for _ in range(guards.FREE_TRIES + 1):  # wrong answers still count, and wait
        ok, message = exercise.evaluate(lambda *args: wrong(exercise, *args))
    assert not ok and slept == [guards.FIRST_WAIT] and exercise.wrong_in_a_row == guards.FREE_TRIES + 1
    exercise.evaluate(name_error)  # nor does a crash forgive the row
    assert exercise.wrong_in_a_row == guards.FREE_TRIES + 1
    exercise.wrong_in_a_row = 0


def test_one_long_c_call_is_reported_with_how_long_it_took(monkeypatch, capsys):
    """sum(range(10**10)) runs past the limit: Python hears the alarm (and ■) only when the call returns.
    While it runs, a line says so; the verdict says how long it took."""
    monkeypatch.setattr(guards, "TIME_LIMIT", 0.05)
    monkeypatch.setattr(guards, "STUCK_AFTER", 0.2)
    exercise = FUNCTION_EXERCISES[1]

    def answer(*args):
        return sum(range(10**8)) * 0 + exercise.reference(*args)  # about 1 s inside one C call

    start = time.perf_counter()
    ok, message = exercise.evaluate(answer)
    took = time.perf_counter() - start
    out = capsys.readouterr().out
    assert not ok and took > 0.25, (took, message)
    assert message.startswith("your function took ") and message.endswith(
        " s, past the 0.05 s limit, in one long call that cannot be stopped midway (such as sum(range(10**10))): "
        "make its work smaller"
    ), message
    assert float(message.split()[3]) == pytest.approx(took, abs=0.2)
    assert out.startswith(
        "⧗ still running, past the 0.05 s limit, inside one long call that Python cannot "
        "interrupt (■ cannot either)"
    ), out
    ok, message = exercise.evaluate(lambda *args: time.sleep(10))  # a Python-level wait is cut as before
    assert message == "your function took longer than 0.05 s — does it loop forever?"
    time.sleep(0.3)
    assert capsys.readouterr().out == ""  # and no stray ⧗ line later


class Explodes:
    """A value answer whose every method a checker might call raises SystemExit."""

    def __getattr__(self, name):
        raise SystemExit(name)

    def __float__(self):
        raise SystemExit("float")

    def __eq__(self, other):
        raise SystemExit("eq")

    __hash__ = None

    def __str__(self):
        raise SystemExit("str")


@pytest.mark.parametrize("exercise", VALUE_EXERCISES, ids=lambda e: e.title)
def test_a_value_answer_that_raises_system_exit_is_one_line(exercise, capsys):
    exercise.check(Explodes())
    out = capsys.readouterr().out
    assert one_x_line(out, exercise) or out.startswith("◌"), out
