"""The "Your turn" mechanism: an exercise checks an answer and says ✓ or what is wrong.

    ex.check(answer)   prints "✓ …", "✗ <what is wrong>", or a friendly line if not attempted yet
    ex.hint()          prints a hint
    ex.solution()      prints the reference solution's source code (unless solutions are off, see below)

`check` never raises: a wrong answer, a half-written function, one that crashes (with any exception, also
SystemExit), returns nothing, loops forever or asks for input() all print one line, so "Run All" never stops
(or hangs) at an exercise. Whatever the learner's function rebinds while it runs (`np.allclose = lambda *a,
**k: True`) is put back before its result is judged (see `answering`), and an exercise's checker cannot be
replaced, so neither can turn a wrong answer into ✓.
`grade(answer)` is the same check as a message or an `AnswerError` (a CourseError) saying what is wrong;
`evaluate(answer) -> (ok, message)` is it without raising. The tests use them to prove every checker accepts
the reference solution and rejects a wrong answer, and that every slip gets a deliberate line.

A checker names common mistakes with `Exercise(..., mistakes=[(wrong, "what that gets wrong"), ...])`:
when it rejects an answer that matches one of the `wrong` answers (a value, or a function compared on
`inputs`), the learner reads the diagnosis instead of the checker's generic line.
"""
import ast
import functools
import inspect
import os
import re
import signal
import sys
import textwrap
import threading
import time
import types
import weakref
from contextlib import contextmanager

import numpy as np

from ..errors import ConfigError, CourseError, true_or_false

NOT_ATTEMPTED = "not attempted"
CANNOT_CHECK = "could not check this answer"      # a checker that tripped over an answer: the tests forbid it
# Seconds a learner's function may run inside a checker. Every reference solution takes milliseconds, so a
# right answer fits with room to spare on a slow, shared machine; a loop that never ends does not.
TIME_LIMIT = 5.0
# Seconds past TIME_LIMIT after which a function still running is inside one long call that Python cannot
# interrupt (see time_limit); the learner is told so while it runs, and its verdict says how long it took.
STUCK_AFTER = 1.0


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
    swallow it. Its argument: the seconds between the limit and the moment Python could raise it."""


# COURSE_SOLUTIONS=off (or 0, no, false: errors.SWITCH_WORDS) hides solutions in every kernel started with it;
# `set_solutions(False)` (what `setup(solutions=False)` calls) in this one. Both fail closed: a value that is
# not a switch (COURSE_SOLUTIONS=of, setup(solutions="no")) hides them too, and is reported by setup().
SOLUTIONS_ENV = "COURSE_SOLUTIONS"
_solutions_allowed = [True]
SOLUTIONS_OFF = "solutions are off in this session: .check() your answer and ask .hint() for a hint"


def set_solutions(on, where="set_solutions"):
    """Show (True) or hide (False) the reference solutions in this kernel. True cannot override the
    environment: COURSE_SOLUTIONS=off keeps them hidden. Anything but True or False hides them and raises
    ConfigError, so a graded session with a mistyped switch stays graded."""
    try:
        _solutions_allowed[0] = true_or_false(on, "solutions", where)
    except ConfigError:
        _solutions_allowed[0] = False
        raise


def solutions_env():
    """What COURSE_SOLUTIONS says: True if it is unset or blank, else its switch word (on/off, 1/0, yes/no,
    true/false); ConfigError for any other value."""
    value = os.environ.get(SOLUTIONS_ENV, "")
    return not value.strip() or true_or_false(value, f"the environment variable {SOLUTIONS_ENV}", words=True)


def solutions_shown():
    """True unless `set_solutions(False)` was called or COURSE_SOLUTIONS says off or is not a switch word
    (read at each call)."""
    try:
        return _solutions_allowed[0] and solutions_env()
    except ConfigError:
        return False


def is_blank(value):
    return value is ... or value is None


@contextmanager
def time_limit(seconds):
    """Interrupt the block with _TimeUp after `seconds`, using SIGALRM; afterwards the previous SIGALRM
    handler and timer are back (the timer less the time spent here). Only the main thread receives
    signals (an IPython kernel runs cells there), so elsewhere, or where there is no SIGALRM, the block
    runs without a limit.

    A signal reaches Python code only between two of its bytecodes: one long call into C (sum(range(10**10)),
    a huge numpy product) cannot be interrupted, by the alarm or by ■; _TimeUp comes when it returns, with
    how late that was. If the block is still running STUCK_AFTER seconds past the limit, a line says so while
    it runs. Both count CPU time too: on a machine so busy that this process waited for a turn, the wait is
    not a long call."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    armed = [True]
    # what the clean-up below calls, bound now: the learner's code may rebind signal.setitimer, time.monotonic
    setitimer, set_handler, now, real = signal.setitimer, signal.signal, time.monotonic, signal.ITIMER_REAL
    cpu = time.process_time

    def late():
        """Seconds past the limit, by the clock or by the CPU time used, whichever is less."""
        wall, used = now() - start, cpu() - cpu_start          # no builtin min: the answer may rebind it
        return (wall if wall < used else used) - seconds

    def on_alarm(signum, frame):
        if armed[0]:
            raise _TimeUp(late())

    def warn():
        if late() > STUCK_AFTER / 2:
            print(f"⧗ still running, past the {seconds:g} s limit, inside one long call that Python cannot "
                  "interrupt (■ cannot either): wait for it to return, or restart the kernel if it never "
                  "does")

    start, cpu_start = now(), cpu()         # before the timer: on_alarm reads them
    previous = set_handler(signal.SIGALRM, on_alarm)
    previous_delay, previous_interval = setitimer(real, seconds)
    watchdog = threading.Timer(seconds + STUCK_AFTER, warn)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield
    finally:
        try:
            armed[0] = False
        finally:                            # runs even if the alarm fired on the line above
            watchdog.cancel()
            setitimer(real, 0)
            set_handler(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
            if previous_delay:
                left = previous_delay - (now() - start)
                setitimer(real, left if left > 1e-6 else 1e-6, previous_interval)


class _Refused(BaseException):
    """Raised when the learner's function calls code it must not (see `refusing`); a BaseException, so the
    learner's own `except Exception:` cannot hide it. Its argument names what was called."""


def _refused_code(name):
    """A code object that raises _Refused(name) when run. It reads nothing from the globals of the function
    it is put into, only builtins, so it can replace the code of any course_lib function."""
    def refused(*args, **kwargs):
        raise __import__("course_lib.exercises.core", fromlist=["_Refused"])._Refused(
            __import__("sys")._getframe(0).f_code.co_name)
    return refused.__code__.replace(co_name=name, co_qualname=name)


@contextmanager
def refusing(functions):
    """Within the block, each of `functions` (Python functions: {function: the name to report}) raises
    _Refused when called, by whatever route it is reached: its name, getattr with a computed name, a bound
    method or a functools.partial made earlier all run the function's code, which is swapped here.
    Afterwards every function has its own code back, also after an error or an interrupt."""
    swapped = _swapped                      # bound now: the learner's code may rebind the module's name
    saved = {f: f.__code__ for f in functions if not f.__closure__ and f not in swapped}
    try:
        for f, code in saved.items():     # a closure's code cannot be swapped; one swapped already stays so
            swapped[f] = code
            f.__code__ = _refused_code(functions[f])
        yield
    finally:
        for f, code in saved.items():
            f.__code__ = code
            del swapped[f]


_swapped = {}       # {function: its own code} while `refusing` has swapped it


def course_functions(predicate):
    """{function: its name for a message} of every Python function defined in a loaded course_lib module, at
    module level or in a class of that module, for which predicate(module name, function name, name of the
    module-level object: the function's or its class's) is true. An exercise module's functions are named
    with the module ("ch06.maxpool_backward"), the library's by themselves ("MaxPool2d.backward")."""
    found = {}
    for module_name, module in list(sys.modules.items()):
        if module is None or module_name.split(".")[0] != "course_lib":
            continue
        for name, value in list(vars(module).items()):
            if getattr(value, "__module__", None) != module_name:
                continue                                  # imported from elsewhere: found there
            members = vars(value).items() if isinstance(value, type) else [(None, value)]
            for member, f in members:
                f = getattr(f, "__func__", f)             # staticmethod, classmethod
                if inspect.isfunction(f) and predicate(module_name, member or name, name):
                    qualified = f"{name}.{member}" if member else name
                    chapter = module_name.startswith("course_lib.exercises.")
                    found[f] = f"{module_name.rsplit('.', 1)[1]}.{qualified}" if chapter else qualified
    return found


def reference_functions():
    """{function: "ch06.maxpool_backward"} of every exercise's reference solution that is a function: a
    learner's function must not call one (nor be one: `.reference` hands out a copy)."""
    return {ex._reference: f"{ex._reference.__module__.rsplit('.', 1)[-1]}.{ex._reference.__name__}"
            for ex in list(Exercise.every) if inspect.isfunction(ex._reference)}


def _copies(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


class _NotAllowed(BaseException):
    """Raised when the learner's function does what an answer cannot (ask for input, end the kernel, check an
    answer itself); a BaseException, so the learner's `except Exception:` cannot hide it. Its argument is the
    verdict."""


# The modules whose names an answer could rebind to fool a checker or leave broken for the session: numpy's
# (np.allclose = lambda *a, **k: True), course_lib's (an exercise's checker, a comparison in checks), and the
# standard ones the checkers and this runner use.
KEPT_MODULES = ("numpy", "course_lib", "builtins", "math", "os", "time", "signal")
_answer_running = []                # the functions of learners running now (see answering, Exercise.grade)


def _refuse(verdict):
    def refused(*args, **kwargs):
        raise _NotAllowed(verdict)
    return refused


# What an answer cannot call while it runs, and the verdict if it does. (A kernel that `input()` waits in
# would look like an endless loop; os._exit would end the kernel, and so would exit() in a notebook, where it
# is IPython's, which asks the kernel to shut down after the cell: see answering.)
EXIT_VERDICT = "your function calls exit(), which would end the kernel: return the result instead"
REFUSED_CALLS = (
    ("builtins", "input", "your function calls input(): an answer cannot ask for input — take what it needs "
                          "from its arguments"),
    ("os", "_exit", "your function calls os._exit(), which would end the kernel: return the result instead"),
    ("os", "abort", "your function calls os.abort(), which would end the kernel: return the result instead"))


def _namespaces():
    """[(namespace, a copy of it, the class it belongs to or None)] of everything `answering` keeps: the
    KEPT_MODULES' modules and submodules, the classes defined in course_lib, and every exercise; builtins
    first, since putting back the others calls builtins."""
    modules = [m for name, m in list(sys.modules.items())
               if m is not None and name.split(".")[0] in KEPT_MODULES]
    classes = [value for m in modules if m.__name__.startswith("course_lib")
               for value in list(vars(m).values())
               if isinstance(value, type) and value.__module__ == m.__name__]
    builtins = sys.modules["builtins"]
    others = [obj for obj in modules + classes + list(Exercise.every) if obj is not builtins]
    return [(vars(obj), dict(vars(obj)), obj if isinstance(obj, type) else None)
            for obj in [builtins] + others]


def _put_back(space, before, cls, module_type=types.ModuleType):
    """Make `space` what `before` holds: names rebound or deleted get their old value back, names added go (a
    submodule imported meanwhile stays: `import numpy.polynomial` is no trick). A class's namespace is
    read-only, so it is changed through setattr on `cls`. Calls no builtin before a changed one is back."""
    changed = [k for k, v in before.items() if space.get(k, before) is not v]
    added = [k for k in space if k not in before]
    if cls is not None:
        for k in changed:
            setattr(cls, k, before[k])
        for k in added:
            delattr(cls, k)
        return
    for k in changed:
        space[k] = before[k]
    for k in added:
        if not isinstance(space[k], module_type):
            del space[k]


@contextmanager
def answering():
    """The block runs a learner's function. Within it, input(), os._exit, os.abort and IPython's exit() refuse
    to run (_NotAllowed) and `Exercise.grade` refuses a nested check. Afterwards, also after an error or ■,
    every name the function rebound, deleted or added in the KEPT_MODULES, in course_lib's classes and in the
    exercises is as before, and so is numpy's floating-point error state: the checker judges the result with
    the real np.allclose, and the session goes on with it."""
    saved, errors = _namespaces(), np.geterr()
    # what the clean-up below calls, bound now: the learner's code may rebind any of these names
    put_back, running, mask = _put_back, _answer_running, getattr(signal, "pthread_sigmask", None)
    if mask:                                # not on Windows
        block, set_mask, interrupt = signal.SIG_BLOCK, signal.SIG_SETMASK, {signal.SIGINT}
    for module, name, verdict in REFUSED_CALLS:
        setattr(sys.modules[module], name, _refuse(verdict))
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    shell_space = vars(shell) if shell is not None else {}
    own_exit = shell_space.get("ask_exit", put_back)            # put_back: it had none of its own
    if shell is not None:
        shell.ask_exit = _refuse(EXIT_VERDICT)
    running.append(True)
    try:
        yield
    finally:
        # ■ in the middle of putting things back would leave numpy half broken: hold it until done
        held = mask(block, interrupt) if mask else None
        try:
            for space, before, cls in saved:
                put_back(space, before, cls)
            np.seterr(**errors)
            shell_space.pop("ask_exit", None)
            if own_exit is not put_back:
                shell_space["ask_exit"] = own_exit
            running.pop()
        finally:
            if mask:
                mask(set_mask, held)


def call_answer(func, *args):
    """Call the learner's function on copies of `args` (so it cannot change the checker's data), within
    TIME_LIMIT seconds and `answering` (so it cannot change the checker). A template (returning `...` or
    raising NotImplementedError) counts as not attempted; anything else going wrong is an AnswerError that
    says so in one line. ■ (KeyboardInterrupt) goes on up: `Exercise.passes` says it in one line."""
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
    args = _copies(args)
    limit, refused = TIME_LIMIT, reference_functions()
    start = time.monotonic()
    try:
        with answering(), time_limit(limit), refusing(refused):
            result = func(*args)
    except NotImplementedError:
        raise NotAttempted from None
    except _TimeUp as e:
        took = time.monotonic() - start
        if e.args and e.args[0] > STUCK_AFTER:      # the alarm waited for one long call into C to return
            raise AnswerTookTooLong(f"your function took {took:.1f} s, past the {limit:g} s limit, in one "
                                    "long call that cannot be stopped midway (such as sum(range(10**10))): "
                                    "make its work smaller") from None
        raise AnswerTookTooLong(f"your function took longer than {limit:g} s — does it loop "
                                "forever?") from None
    except _Refused as e:
        called = str(e)
        whose = ("the exercise's own answer" if _is_exercise_name(called)
                 else "course_lib's own implementation")
        raise AnswerError(f"your function calls course_lib's {called}: write it yourself; calling "
                          f"{whose} would only test the library") from None
    except _NotAllowed as e:
        raise AnswerRaised(str(e)) from None
    except RecursionError:
        raise AnswerRaised("your function raised RecursionError — does it call itself without end?") from None
    except SystemExit:
        raise AnswerRaised("your function raised SystemExit (sys.exit() or exit() ends the program): return "
                           "the result instead") from None
    except KeyboardInterrupt:               # ■: not the function's fault, and no verdict
        raise
    except BaseException as e:  # the learner's code crashed: name its error, not the checker's lines
        raise AnswerRaised(f"your function raised {_said(e)}") from None
    if result is None and not _is_template(func):
        raise AnswerError("your function returned None — did you forget `return`?")
    if is_blank(result):
        raise NotAttempted
    return result


def _said(error):
    """'ValueError: its message' on one line of at most 200 characters ('GeneratorExit' if it has none)."""
    text = " ".join(str(error).split())
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _is_exercise_name(name):
    return re.match(r"ch\d\d\.", name) is not None


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


# Trying answers one after another instead of thinking: after FREE_TRIES wrong answers in a row to the same
# exercise, each further one waits before its verdict, twice as long as the one before (FIRST_WAIT seconds,
# then 2, 4, … up to MAX_WAIT). A learner who reads the hint loses seconds; a loop that tries every answer of
# a small set (eight true/false verdicts are 256) takes hours. Only a verdict on what the answer gives counts:
# a function that crashes (a NameError while debugging) or runs too long gives nothing to guess from.
FREE_TRIES, FIRST_WAIT, MAX_WAIT = 5, 1.0, 30.0


class Exercise:
    """One exercise.

    Args:
        title: shown in messages.
        checker: function(answer) -> message for a correct answer; it raises `AssertionError(reason)` (or an
            AnswerError) for a wrong one and `NotAttempted` for a template.
        hint: text.
        reference: the reference solution (a function or a value); its source is what `solution()` shows.
        mistakes: optional [(wrong, message), ...], typical wrong answers and what each gets wrong. When the
            checker rejects an answer that matches a `wrong` one, `message` replaces the checker's line.
            `wrong` is a value, compared with `checks.same_answer` (numbers allowing for rounding, text
            ignoring case and spacing, arrays elementwise), or, where the answer is a function, a function
            taking the same arguments, whose result on `inputs` is compared with the answer's result.
        inputs: the arguments (a tuple, or a function returning one) on which function mistakes are compared.
        normalise: optional function mapping a value answer onto the form `mistakes` are written in (e.g. a
            choice's canonical name, so "Explode!" matches the mistake "explodes"); if it raises, no mistake
            matches.
        start: what the not-attempted line asks for (a find-the-bug cell: "fix the line with the bug").
    """

    every = weakref.WeakSet()       # every exercise made, for reference_functions()

    def __init__(self, title, checker, hint, reference, mistakes=(), inputs=None, normalise=None,
                 start="write your answer where the cell says"):
        self.title, self._checker, self._hint, self._reference = title, checker, hint, reference
        self.start, self.wrong_in_a_row = start, 0
        Exercise.every.add(self)
        self.mistakes, self.inputs, self.normalise = list(mistakes), inputs, normalise
        if any(callable(wrong) for wrong, _ in self.mistakes) and inputs is None:
            raise ValueError(f"{title}: function mistakes need `inputs` to compare them on")

    @property
    def checker(self):
        """The function that judges an answer (see the class's Args). It cannot be replaced: an
        `ex.checker = lambda answer: "right"` would make every answer ✓."""
        return self._checker

    @checker.setter
    def checker(self, value):
        raise ConfigError(f"{self.title}: an exercise's checker cannot be replaced; check an answer with "
                          f".check(answer)")

    def grade(self, answer=...):
        """The message for a right answer; raises NotAttempted for a template, AnswerError saying what is
        wrong (the diagnosis of a known mistake, where the answer matches one). After FREE_TRIES wrong answers
        in a row (a crash or a time-out is not one, nor does it break the row), each further one waits before
        its verdict, and the verdict says so. Called by a learner's function while a checker runs it, it
        refuses (the function is told so in one line): a check inside the answer would judge, print and wait
        once for every call."""
        if _answer_running:
            raise _NotAllowed("your function calls .check() (or grade, evaluate, passes) itself: define the "
                              "function, then check it from its own line, ex.check(my_function)")
        try:
            message = self._verdict(answer)
        except (AnswerRaised, AnswerTookTooLong):
            raise
        except AnswerError as e:
            self.wrong_in_a_row += 1
            wait = self._wait()
            if not wait:
                raise
            time.sleep(wait)
            raise AnswerError(f"{e} ({self.wrong_in_a_row} wrong answers in a row: each further one waits "
                              f"longer for its verdict, this one {wait:g} s — think it through, or ask "
                              f".hint())") from None
        self.wrong_in_a_row = 0
        return message

    def _wait(self):
        """Seconds the current wrong answer waits: none for the first FREE_TRIES in a row, then doubling."""
        beyond = self.wrong_in_a_row - FREE_TRIES
        return 0.0 if beyond <= 0 else min(FIRST_WAIT * 2.0 ** (beyond - 1), MAX_WAIT)

    def _verdict(self, answer):
        if is_blank(answer):
            raise NotAttempted
        try:
            return self._checker(answer)
        except (AnswerRaised, AnswerTookTooLong):   # a crash or an endless loop: nothing to compare
            raise
        except AssertionError as e:                 # AnswerError included
            diagnosis = self.diagnose(answer)
            if diagnosis:
                raise AnswerError(diagnosis) from None
            if isinstance(e, AnswerError):
                raise
            raise AnswerError(str(e) or "not quite") from None

    def diagnose(self, answer):
        """The message of the first known mistake that `answer` matches, or None."""
        if not self.mistakes:
            return None
        from .checks import same_answer              # checks builds on this module
        function = callable(answer) and self.inputs is not None
        if function:
            args = self.inputs() if callable(self.inputs) else self.inputs
            try:
                answer = call_answer(answer, *args)
            except (AnswerError, NotAttempted):
                return None
        elif self.normalise is not None:
            try:
                answer = self.normalise(answer)
            except Exception:           # an answer it cannot read is none of the known mistakes
                return None
        for wrong, message in self.mistakes:
            if callable(wrong):
                if not function:
                    continue
                wrong = wrong(*_copies(args))
            if same_answer(answer, wrong):
                return message
        return None

    def evaluate(self, answer=...):
        """(True, message) if the answer is right, (False, message) otherwise. Never raises."""
        try:
            return True, self.grade(answer)
        except NotAttempted:
            return False, NOT_ATTEMPTED
        except AnswerError as e:
            return False, str(e)
        except (Exception, SystemExit, GeneratorExit) as e:
            # the checker's own code tripped over this answer (or over a value answer's own method that
            # raised): still one line, never a traceback
            return False, f"{CANNOT_CHECK} ({_said(e)}); compare its type and shape with .hint()"

    def check(self, answer=...):
        """Print ✓ or ✗ and one line (or how to start, if not attempted)."""
        self.passes(answer)

    def passes(self, answer=...):
        """Print the verdict as `check` does and return True if the answer is right: for a cell that goes on
        only after a right answer (`if ex.passes(answer): …`), with one verdict, not a check and a second
        grading."""
        try:
            verdict = self.evaluate(answer)
        except KeyboardInterrupt:                    # ■ while a wrong answer waits for its verdict
            verdict = (False, "interrupted before the verdict; run the cell again")
        self._report(*verdict)
        return verdict[0]

    def _report(self, ok, message):
        if message == NOT_ATTEMPTED:
            more = ", .solution() for the answer" if solutions_shown() else ""
            print(textwrap.fill(f"◌ {self.title}: not attempted yet — {self.start} and run the cell again "
                                f"(.hint() for a hint{more}).", 100, subsequent_indent="  "))
        else:
            # wrapped at word boundaries: the browser would break a long line anywhere, mid-word too
            print(textwrap.fill(f"{'✓' if ok else '✗'} {self.title}: {message}", 100,
                                subsequent_indent="  ", break_on_hyphens=False))

    def hint(self):
        print(f"Hint ({self.title}): {self._hint}")

    def solution(self):
        """Print the reference solution, or one line saying solutions are off (see `solutions_shown`).
        Subclasses change what is printed by overriding `_print_solution`, never this switch."""
        if solutions_shown():
            self._print_solution()
        else:
            print(f"{self.title}: {SOLUTIONS_OFF}")

    @property
    def reference(self):
        """The reference solution, unless solutions are off (AnswerError). A function comes as a copy with the
        same code: the original refuses to run inside a checker (see reference_functions)."""
        if not solutions_shown():
            raise AnswerError(f"{self.title}: {SOLUTIONS_OFF}")
        ref = self._reference
        if inspect.isfunction(ref):
            copy = types.FunctionType(_swapped.get(ref, ref.__code__), ref.__globals__, ref.__name__,
                                      ref.__defaults__, ref.__closure__)
            copy.__kwdefaults__, copy.__doc__ = ref.__kwdefaults__, ref.__doc__
            return functools.update_wrapper(copy, ref, assigned=("__qualname__", "__module__"), updated=())
        return ref

    def _print_solution(self):
        ref = self._reference
        if callable(ref):
            print(textwrap.dedent(inspect.getsource(ref)))
        else:
            print(f"{self.title}: {ref!r}")

    def __repr__(self):
        return f"Exercise({self.title!r})"


# -- answers in words ----------------------------------------------------------------------------------------

HINT_NOT_GRADE = "a hint, not a grade"
_LATIN = "A-Za-z0-9_"
# Words that glue a sentence together (articles, pronouns, prepositions, conjunctions, auxiliary and common
# verbs), and their Chinese counterparts: a list of key words has none of them, a sentence has some.
GLUE_WORDS = frozenset("""a an the is are was were be been being it its they them their this these that those
which who of to in on at by for from with over through into onto across after before between and or but so
then because while when where each every all has have had does do did can could will would may must not no
as than how what one use uses used work works suit suits handle handles read reads need needs make makes
get gets give gives keep keeps go goes""".split())
GLUE_CHARACTERS = frozenset("的是在把将被从对和与并再而使让每各就都也于用以为因所会可能个时")


def term_pattern(term):
    """A compiled regular expression for one key term, case-insensitive.

    A term in Latin letters matches whole words only ("add" does not match "address"), with an optional
    plural -s/-es ("gradient" matches "gradients"); a trailing * matches any ending ("vanish*": vanishes,
    vanishing); the words of a phrase may be separated by any spaces or hyphens ("fully connected"). A term
    with other characters (Chinese, which has no spaces between words, or symbols such as ∂) matches
    anywhere."""
    if not re.fullmatch(r"[A-Za-z0-9_ \-*']+", term):
        return re.compile(re.escape(term), re.IGNORECASE)
    stem = term.endswith("*")
    words = term.rstrip("*").split()
    body = r"[\s-]+".join(re.escape(w) for w in words)
    ending = r"\w*" if stem else r"(?:s|es)?"
    return re.compile(rf"(?<![{_LATIN}]){body}{ending}(?![{_LATIN}])", re.IGNORECASE)


def first_mention(text, terms):
    """The position of the first of `terms` in `text` (see term_pattern), or None."""
    found = [m.start() for t in terms for m in [term_pattern(t).search(text)] if m]
    return min(found) if found else None


def sentences(text):
    """`text` cut into sentences: after . ! ? ; followed by a space, and at 。！？；and line breaks
    ("e.g." and "i.e." do not end one)."""
    text = re.sub(r"\b(e\.g|i\.e|etc)\.", lambda m: m.group(1).replace(".", "·") + "·", text)
    return [s for s in re.split(r"(?<=[.!?;])\s+|[。！？；\n]+", text) if s.strip()]


def reads_as_sentence(text, min_words=5):
    """True if `text` reads as at least one sentence rather than a list of key words: at least `min_words`
    words (a Chinese character counts as half a word) and glue between them: two different GLUE_WORDS
    ("the", "is", "of", …), or one glue word or GLUE_CHARACTERS (的, 是, 把, …) in Chinese text."""
    latin = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    chinese = re.findall(r"[\u4e00-\u9fff]", text)
    glue = set(latin) & GLUE_WORDS
    enough = len(latin) + len(chinese) / 2 >= min_words
    return enough and (len(glue) >= 2 or bool(chinese) and bool(glue or set(chinese) & GLUE_CHARACTERS))


class Idea:
    """One key idea of an answer in words.

    Args:
        words: the terms that say it (see term_pattern); a phrase can be one term.
        near: optional terms naming what the idea must be said of: the idea then counts only in a sentence
            that also has one of them ("summed" only in a sentence about the gradient).
        about: what `near` names, for messages (default: its first term).
        required: False for an idea that a good answer may leave out; it is named when it is mentioned.
    """

    def __init__(self, words, near=(), about=None, required=True):
        self.words, self.near, self.required = tuple(words), tuple(near), required
        self.about = about or (near[0].rstrip("*") if near else None)

    def said_in(self, text):
        """'yes', 'elsewhere' (its words are there, but in no sentence about `near`) or 'no'."""
        if first_mention(text, self.words) is None:
            return "no"
        if not self.near or any(first_mention(s, self.words) is not None
                                and first_mention(s, self.near) is not None for s in sentences(text)):
            return "yes"
        return "elsewhere"


class OpenQuestion(Exercise):
    """A question answered in words. No checker can grade prose, so `check(text)` does what a tutor's first
    reading does, and says it is a hint, not a grade: it rejects a bare list of key words (see
    reads_as_sentence), names the key ideas the answer says and those it leaves out (or says of the wrong
    thing), and then prints the model answer to compare with, whether the hint was ✓ or ✗.

    Args:
        title: shown in messages.
        key_ideas: {idea: Idea or (word, ...)}: a tuple is an Idea said anywhere (see term_pattern for how
            words match). None when `checker` is given.
        hint: text.
        model_answer: the model answer (a paragraph).
        checker: optional; replaces the key-idea reading for a question that can check more.
    """

    def __init__(self, title, key_ideas, hint, model_answer, checker=None):
        super().__init__(title, self._read, hint, model_answer)
        self.key_ideas = {name: idea if isinstance(idea, Idea) else Idea(idea)
                          for name, idea in (key_ideas or {}).items()}
        self._read_ideas = checker or self._mentions

    def _read(self, answer):
        if not isinstance(answer, str):
            raise AssertionError("answer in words, as a string")
        if not answer.strip():
            raise NotAttempted
        if not reads_as_sentence(answer):
            raise AssertionError("that reads like a list of key words: answer in a sentence or two that "
                                 "say what happens to what")
        return self._read_ideas(answer)

    def grade(self, answer=...):
        caveat = HINT_NOT_GRADE + (": compare with the model answer below" if solutions_shown() else "")
        try:
            return f"{super().grade(answer)} ({caveat})"
        except AnswerError as e:
            raise AnswerError(f"{e} ({caveat})") from None

    def _mentions(self, answer):
        said = {name: idea.said_in(answer) for name, idea in self.key_ideas.items()}
        required = [name for name, idea in self.key_ideas.items() if idea.required]
        astray = [f"{name} (you use its words, but in no sentence about {self.key_ideas[name].about})"
                  for name in required if said[name] == "elsewhere"]
        missing = [name for name in required if said[name] == "no"] + astray
        assert not missing, f"your answer does not say {'; '.join(missing)}"
        extra = [name for name, idea in self.key_ideas.items() if not idea.required and said[name] == "yes"]
        return (f"says all {len(required)} key ideas: {', '.join(required)}"
                + (f"; also {', '.join(extra)}" if extra else ""))

    def _report(self, ok, message):
        super()._report(ok, message)
        if message != NOT_ATTEMPTED and solutions_shown():     # the model answer is a solution too
            self.solution()

    def _print_solution(self):
        print(f"Model answer ({self.title}):\n" + textwrap.fill(self._reference, 110))
