"""The "Your turn" mechanism: an exercise checks an answer and says ✓ or what is wrong.

    ex.check(answer)   prints "✓ …", "✗ <what is wrong>", or a friendly line if not attempted yet
    ex.hint()          prints a hint
    ex.solution()      prints the reference solution's source code

`check` never raises: a wrong answer, a half-written function, one that crashes, returns nothing, or
loops forever all print one line, so "Run All" never stops (or hangs) at an exercise.
`grade(answer)` is the same check as a message or an `AnswerError` (a CourseError) saying what is wrong;
`evaluate(answer) -> (ok, message)` is it without raising. The tests use them to prove every checker accepts
the reference solution and rejects a wrong answer, and that every slip gets a deliberate line.
"""
import ast
import inspect
import signal
import textwrap
import threading
import time
from contextlib import contextmanager

import numpy as np

from ..errors import CourseError

NOT_ATTEMPTED = "not attempted"
CANNOT_CHECK = "could not check this answer"      # a checker that tripped over an answer: the tests forbid it
# Seconds a learner's function may run inside a checker. Every reference solution takes milliseconds, so a
# right answer fits with room to spare on a slow, shared machine; a loop that never ends does not.
TIME_LIMIT = 5.0


class NotAttempted(CourseError):
    """Raised inside a checker when the answer is still the template (`...` or NotImplementedError)."""


class AnswerError(CourseError, AssertionError):
    """The answer is not right; the message says what is wrong and, where it can, how to fix it.

    Also an AssertionError: a checker says "wrong" with `assert`, and `grade` turns those into this class."""


class AnswerRaised(AnswerError):
    """The learner's function raised an exception."""


class AnswerTookTooLong(AnswerError):
    """The learner's function ran longer than TIME_LIMIT seconds."""


class _TimeUp(BaseException):
    """Raised by the alarm inside the learner's code. A BaseException, so `except Exception:` there cannot
    swallow it."""


def is_blank(value):
    return value is ... or value is None


@contextmanager
def time_limit(seconds):
    """Interrupt the block with _TimeUp after `seconds`, using SIGALRM; afterwards the previous SIGALRM
    handler and timer are back (the timer less the time spent here). Only the main thread receives
    signals (an IPython kernel runs cells there), so elsewhere, or where there is no SIGALRM, the block
    runs without a limit."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    armed = [True]

    def on_alarm(signum, frame):
        if armed[0]:
            raise _TimeUp

    previous = signal.signal(signal.SIGALRM, on_alarm)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.monotonic()
    try:
        yield
    finally:
        try:
            armed[0] = False
        finally:                            # runs even if the alarm fired on the line above
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
            if previous_delay:
                left = previous_delay - (time.monotonic() - start)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), previous_interval)


def call_answer(func, *args):
    """Call the learner's function on copies of `args` (so it cannot change the checker's data), within
    TIME_LIMIT seconds. A template (returning `...` or raising NotImplementedError) counts as not attempted;
    anything else going wrong is an AnswerError that says so in one line."""
    if is_blank(func):
        raise NotAttempted
    if not callable(func):
        raise AnswerError(f"answer with your function itself, e.g. .check(my_function), not its result; "
                          f"got {type(func).__name__}")
    try:
        inspect.signature(func).bind(*args)
    except TypeError as e:
        raise AnswerError(f"your function must take {len(args)} argument{'s' * (len(args) != 1)}, as in the "
                          f"template ({e})") from None
    except ValueError:                      # no signature to read (a builtin): just call it
        pass
    args = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    limit = TIME_LIMIT
    try:
        with time_limit(limit):
            result = func(*args)
    except NotImplementedError:
        raise NotAttempted from None
    except _TimeUp:
        raise AnswerTookTooLong(f"your function took longer than {limit:g} s — does it loop "
                                "forever?") from None
    except RecursionError:
        raise AnswerRaised("your function raised RecursionError — does it call itself without end?") from None
    except Exception as e:  # the learner's code crashed: name its error, not the checker's lines
        raise AnswerRaised(f"your function raised {type(e).__name__}: {e}") from None
    if result is None and not _is_template(func):
        raise AnswerError("your function returned None — did you forget `return`?")
    if is_blank(result):
        raise NotAttempted
    return result


def _is_template(func):
    """True if func's body is still the template: only `...`, `pass`, comments and a docstring (or if its
    source cannot be read, e.g. a lambda typed at the prompt, when we cannot tell)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return True
    if not tree.body or not isinstance(tree.body[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
        return True
    return all(isinstance(stmt, ast.Pass)
               or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
               for stmt in tree.body[0].body)


class Exercise:
    """One exercise.

    Args:
        title: shown in messages.
        checker: function(answer) -> message for a correct answer; it raises `AssertionError(reason)` (or an
            AnswerError) for a wrong one and `NotAttempted` for a template.
        hint: text.
        reference: the reference solution (a function or a value); its source is what `solution()` shows.
    """

    def __init__(self, title, checker, hint, reference):
        self.title, self.checker, self._hint, self.reference = title, checker, hint, reference

    def grade(self, answer=...):
        """The message for a right answer; raises NotAttempted for a template, AnswerError saying what is
        wrong."""
        if is_blank(answer):
            raise NotAttempted
        try:
            return self.checker(answer)
        except AnswerError:
            raise
        except AssertionError as e:
            raise AnswerError(str(e) or "not quite") from None

    def evaluate(self, answer=...):
        """(True, message) if the answer is right, (False, message) otherwise. Never raises."""
        try:
            return True, self.grade(answer)
        except NotAttempted:
            return False, NOT_ATTEMPTED
        except AnswerError as e:
            return False, str(e)
        except Exception as e:
            # the checker's own code tripped over this answer: still one line, never a traceback
            return False, f"{CANNOT_CHECK} ({type(e).__name__}: {e}); compare its type and shape with .hint()"

    def check(self, answer=...):
        """Print ✓ or ✗ and one line (or how to start, if not attempted)."""
        ok, message = self.evaluate(answer)
        if message == NOT_ATTEMPTED:
            print(f"◌ {self.title}: not attempted yet — fill in the cell above and run it again "
                  f"(.hint() for a hint, .solution() for the answer).")
        else:
            print(f"{'✓' if ok else '✗'} {self.title}: {message}")

    def hint(self):
        print(f"Hint ({self.title}): {self._hint}")

    def solution(self):
        ref = self.reference
        if callable(ref):
            print(textwrap.dedent(inspect.getsource(ref)))
        else:
            print(f"{self.title}: {ref!r}")

    def __repr__(self):
        return f"Exercise({self.title!r})"


class OpenQuestion(Exercise):
    """A question answered in words. No checker can grade prose, so `check(text)` does what a tutor's first
    reading does: it names the key ideas the answer mentions and those it leaves out, and `solution()`
    prints the model answer to compare with.

    Args:
        title: shown in messages.
        key_ideas: {idea: (word, ...)}: an answer mentions the idea if it contains any of the words
            (case-insensitive; English, or the Chinese term). None when `checker` is given.
        hint: text.
        model_answer: the model answer (a paragraph).
        checker: optional; replaces the key-idea count for a question that can check more (e.g. that each
            idea is said of the right thing).
    """

    def __init__(self, title, key_ideas, hint, model_answer, checker=None):
        super().__init__(title, checker or self._mentions, hint, model_answer)
        self.key_ideas = key_ideas or {}

    def _mentions(self, answer):
        if not isinstance(answer, str):
            raise AssertionError("answer in words, as a string")
        if not answer.strip():
            raise NotAttempted
        text = answer.lower()
        missing = [idea for idea, words in self.key_ideas.items()
                   if not any(w.lower() in text for w in words)]
        assert not missing, (f"your answer does not mention {', '.join(missing)} — compare with the model "
                             f"answer (.solution())")
        return f"mentions all {len(self.key_ideas)} key ideas: {', '.join(self.key_ideas)}"

    def solution(self):
        print(f"Model answer ({self.title}):\n" + textwrap.fill(self.reference, 110))
