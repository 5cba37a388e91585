"""The grading guards: what keeps a learner's function from stopping, hanging or fooling a check.

    call_answer(func, *args)   calls it on copies of args, within TIME_LIMIT seconds (`time_limit`), with
                               every name it rebinds put back afterwards (`answering`) and the exercises' own
                               answers refusing to run (`refusing`, which swaps a function's code)
    refuse_library(func, names)  the same, refusing course_lib's own implementations of the answer too
    wait_before_verdict(n)     the seconds the n-th wrong answer in a row waits for its verdict
    random_cases(draw, keep, count, rng)  fresh random inputs at every check, so copied answers do not pass

Each thing here is about the running of an answer, never about judging what it returned (checks, mistakes).
"""

import ast
import functools
import inspect
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

from ..i18n import N_, _, translated
from .verdicts import AnswerError, AnswerRaised, AnswerTookTooLong, NotAttempted, is_blank

# Seconds a learner's function may run inside a checker. Every reference solution takes milliseconds, so a
# right answer fits with room to spare on a slow, shared machine; a loop that never ends does not.
TIME_LIMIT = 5.0
# Seconds past TIME_LIMIT after which a function still running is inside one long call that Python cannot
# interrupt (see time_limit); the learner is told so while it runs, and its verdict says how long it took.
STUCK_AFTER = 1.0

# every exercise made (core.Exercise registers itself): their reference solutions may not run inside a
# check, and their attributes are put back after one
EXERCISES = weakref.WeakSet()


class _TimeUp(BaseException):
    """Raised by the alarm inside the learner's code. A BaseException, so `except Exception:` there cannot
    swallow it. Its argument: the seconds between the limit and the moment Python could raise it."""


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
        wall, used = now() - start, cpu() - cpu_start  # no builtin min: the answer may rebind it
        return (wall if wall < used else used) - seconds

    def on_alarm(signum, frame):
        if armed[0]:
            raise _TimeUp(late())

    def warn():
        if late() > STUCK_AFTER / 2:
            print(
                _(
                    "⧗ still running, past the {seconds:g} s limit, inside one long call that Python cannot "
                    "interrupt (■ cannot either): wait for it to return, or restart the kernel if it never "
                    "does"
                ).format(seconds=seconds)
            )

    start, cpu_start = now(), cpu()  # before the timer: on_alarm reads them
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
        finally:  # runs even if the alarm fired on the line above
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
        guards = "course_lib.exercises.guards"  # i18n: not shown (a module's name)
        raise __import__(guards, fromlist=["_Refused"])._Refused(
            __import__("sys")._getframe(0).f_code.co_name
        )

    return refused.__code__.replace(co_name=name, co_qualname=name)


@contextmanager
def refusing(functions):
    """Within the block, each of `functions` (Python functions: {function: the name to report}) raises
    _Refused when called, by whatever route it is reached: its name, getattr with a computed name, a bound
    method or a functools.partial made earlier all run the function's code, which is swapped here.
    Afterwards every function has its own code back, also after an error or an interrupt."""
    swapped = _swapped  # bound now: the learner's code may rebind the module's name
    saved = {f: f.__code__ for f in functions if not f.__closure__ and f not in swapped}
    try:
        for f, code in saved.items():  # a closure's code cannot be swapped; one swapped already stays so
            swapped[f] = code
            f.__code__ = _refused_code(functions[f])
        yield
    finally:
        for f, code in saved.items():
            f.__code__ = code
            del swapped[f]


_swapped = {}  # {function: its own code} while `refusing` has swapped it


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
                continue  # imported from elsewhere: found there
            members = vars(value).items() if isinstance(value, type) else [(None, value)]
            for member, f in members:
                f = getattr(f, "__func__", f)  # staticmethod, classmethod
                if inspect.isfunction(f) and predicate(module_name, member or name, name):
                    qualified = f"{name}.{member}" if member else name
                    chapter = module_name.startswith("course_lib.exercises.")  # i18n: not shown (a name)
                    found[f] = f"{module_name.rsplit('.', 1)[1]}.{qualified}" if chapter else qualified
    return found


def reference_functions():
    """{function: "ch06.maxpool_backward"} of every exercise's reference solution that is a function: a
    learner's function must not call one (nor be one: `.reference` hands out a copy)."""
    return {
        ex._reference: f"{ex._reference.__module__.rsplit('.', 1)[-1]}.{ex._reference.__name__}"
        for ex in list(EXERCISES)
        if inspect.isfunction(ex._reference)
    }


def copies(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


class _NotAllowed(BaseException):
    """Raised when the learner's function does what an answer cannot (ask for input, end the kernel, check an
    answer itself); a BaseException, so the learner's `except Exception:` cannot hide it. Its argument is the
    verdict."""


# The modules whose names an answer could rebind to fool a checker or leave broken for the session: numpy's
# (np.allclose = lambda *a, **k: True), course_lib's (an exercise's checker, a comparison in checks), and the
# standard ones the checkers and this runner use.
KEPT_MODULES = ("numpy", "course_lib", "builtins", "math", "os", "time", "signal")
_answer_running = []  # the functions of learners running now (see answering, Exercise.grade)


def _refuse(verdict):
    def refused(*args, **kwargs):
        raise _NotAllowed(translated(verdict))

    return refused


# What an answer cannot call while it runs, and the verdict if it does. (A kernel that `input()` waits in
# would look like an endless loop; os._exit would end the kernel, and so would exit() in a notebook, where it
# is IPython's, which asks the kernel to shut down after the cell: see answering.)
EXIT_VERDICT = N_("your function calls exit(), which would end the kernel: return the result instead")
REFUSED_CALLS = (
    (
        "builtins",
        "input",
        N_(
            "your function calls input(): an answer cannot ask for input — take what it needs from its "
            "arguments"
        ),
    ),
    (
        "os",
        "_exit",
        N_("your function calls os._exit(), which would end the kernel: return the result instead"),
    ),
    (
        "os",
        "abort",
        N_("your function calls os.abort(), which would end the kernel: return the result instead"),
    ),
)


def _namespaces():
    """[(namespace, a copy of it, the class it belongs to or None)] of everything `answering` keeps: the
    KEPT_MODULES' modules and submodules, the classes defined in course_lib, and every exercise; builtins
    first, since putting back the others calls builtins."""
    modules = [
        m for name, m in list(sys.modules.items()) if m is not None and name.split(".")[0] in KEPT_MODULES
    ]
    classes = [
        value
        for m in modules
        if m.__name__.startswith("course_lib")
        for value in list(vars(m).values())
        if isinstance(value, type) and value.__module__ == m.__name__
    ]
    builtins = sys.modules["builtins"]
    others = [obj for obj in modules + classes + list(EXERCISES) if obj is not builtins]
    return [
        (vars(obj), dict(vars(obj)), obj if isinstance(obj, type) else None) for obj in [builtins] + others
    ]


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
    if mask:  # not on Windows
        block, set_mask, interrupt = signal.SIG_BLOCK, signal.SIG_SETMASK, {signal.SIGINT}
    for module, name, verdict in REFUSED_CALLS:
        setattr(sys.modules[module], name, _refuse(verdict))
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    shell_space = vars(shell) if shell is not None else {}
    own_exit = shell_space.get("ask_exit", put_back)  # put_back: it had none of its own
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
        raise AnswerError(
            _(
                "answer with your function itself, e.g. .check(my_function), not its result; got {type}"
            ).format(type=type(func).__name__)
        )
    try:
        inspect.signature(func).bind(*args)
    except TypeError as e:
        takes = (
            _("your function must take {count} argument, as in the template ({error})")
            if len(args) == 1
            else _("your function must take {count} arguments, as in the template ({error})")
        )
        raise AnswerError(takes.format(count=len(args), error=e)) from None
    except ValueError:  # no signature to read (a builtin): just call it
        pass
    args = copies(args)
    limit, refused = TIME_LIMIT, reference_functions()
    start = time.monotonic()
    try:
        with answering(), time_limit(limit), refusing(refused):
            result = func(*args)
    except NotImplementedError:
        raise NotAttempted from None
    except _TimeUp as e:
        took = time.monotonic() - start
        if e.args and e.args[0] > STUCK_AFTER:  # the alarm waited for one long call into C to return
            raise AnswerTookTooLong(
                _(
                    "your function took {took:.1f} s, past the {limit:g} s limit, in one "
                    "long call that cannot be stopped midway (such as sum(range(10**10))): "
                    "make its work smaller"
                ).format(took=took, limit=limit)
            ) from None
        raise AnswerTookTooLong(
            _("your function took longer than {limit:g} s — does it loop forever?").format(limit=limit)
        ) from None
    except _Refused as e:
        called = str(e)
        calls = (
            _(
                "your function calls course_lib's {called}: write it yourself; calling "
                "the exercise's own answer would only test the library"
            )
            if _is_exercise_name(called)
            else _(
                "your function calls course_lib's {called}: write it yourself; calling "
                "course_lib's own implementation would only test the library"
            )
        )
        raise AnswerError(calls.format(called=called)) from None
    except _NotAllowed as e:
        raise AnswerRaised(str(e)) from None
    except RecursionError:
        raise AnswerRaised(
            _("your function raised RecursionError — does it call itself without end?")
        ) from None
    except SystemExit:
        raise AnswerRaised(
            _(
                "your function raised SystemExit (sys.exit() or exit() ends the program): return "
                "the result instead"
            )
        ) from None
    except KeyboardInterrupt:  # ■: not the function's fault, and no verdict
        raise
    except BaseException as e:  # the learner's code crashed: name its error, not the checker's lines
        raise AnswerRaised(_("your function raised {error}").format(error=_said(e))) from None
    if result is None and not _is_template(func):
        raise AnswerError(_("your function returned None — did you forget `return`?"))
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
    return all(
        isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
        for stmt in tree.body[0].body
    )


# Trying answers one after another instead of thinking: after FREE_TRIES wrong answers in a row to the same
# exercise, each further one waits before its verdict, twice as long as the one before (FIRST_WAIT seconds,
# then 2, 4, … up to MAX_WAIT). A learner who reads the hint loses seconds; a loop that tries every answer of
# a small set (eight true/false verdicts are 256) takes hours. Only a verdict on what the answer gives counts:
# a function that crashes (a NameError while debugging) or runs too long gives nothing to guess from.
FREE_TRIES, FIRST_WAIT, MAX_WAIT = 5, 1.0, 30.0


def wait_before_verdict(wrong_in_a_row):
    """Seconds the `wrong_in_a_row`-th wrong answer in a row waits: none for the first FREE_TRIES, then
    FIRST_WAIT, doubling, up to MAX_WAIT."""
    beyond = wrong_in_a_row - FREE_TRIES
    return 0.0 if beyond <= 0 else min(FIRST_WAIT * 2.0 ** (beyond - 1), MAX_WAIT)


def random_cases(draw, keep, count, rng=None):
    """`count` inputs drawn by `draw(rng)` that `keep(case)` accepts: a new set at every check (rng None: a
    fresh generator), so a table of answers copied from earlier verdicts does not pass."""
    rng = np.random.default_rng() if rng is None else rng
    cases = []
    while len(cases) < count:
        case = draw(rng)
        if keep(case):
            cases.append(case)
    return cases


# -- what an answer may not call: course_lib's own implementations of it ------------------------------------


def names_used(code):
    """Every global and attribute name a code object (and any function or lambda inside it) looks up."""
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= names_used(const)
    return names


def names_called(func, depth=3):
    """The names a learner's function looks up (see names_used), plus the names of the objects those
    names and its closure hold (`M = cl.MaxPool2d` outside the function: 'MaxPool2d'; a layer made
    outside: its class's name) and, `depth` helpers deep, what the learner's own helper functions look up.
    Empty for anything without Python code (a builtin, a value)."""
    code = getattr(func, "__code__", None)
    if code is None:
        return set()
    names = names_used(code)
    scope = getattr(func, "__globals__", {})
    values = [scope[n] for n in names if n in scope]
    for cell in getattr(func, "__closure__", None) or ():
        try:
            values.append(cell.cell_contents)
        except ValueError:  # a cell not filled yet
            pass
    found = set(names)
    for value in values:
        found |= {getattr(value, "__name__", None), type(value).__name__}
        if (
            depth
            and value is not func
            and hasattr(value, "__code__")
            and not getattr(value, "__module__", "").startswith("course_lib")
        ):
            found |= names_called(value, depth - 1)
    found.discard(None)
    return found


def _own_names(func):
    """The names the learner's function `func` and its helpers see bound to something of the learner's own
    (not from course_lib): their own `backward` helper is theirs, not a call of the library.
    A name that is an attribute (`layer.backward`) or bound to course_lib stays a candidate for refusal."""
    own, todo, seen = set(), [func], set()
    while todo:
        f = todo.pop()
        code = getattr(f, "__code__", None)
        if code is None or id(f) in seen:
            continue
        seen.add(id(f))
        scope = dict(getattr(f, "__globals__", {}))
        for name, cell in zip(code.co_freevars, getattr(f, "__closure__", None) or ()):
            try:
                scope[name] = cell.cell_contents
            except ValueError:  # a cell not filled yet
                pass
        for name in names_used(code):
            if name in scope and not _from_course_lib(scope[name]):
                own.add(name)
                todo.append(scope[name])  # their helper's own names too (names_called follows it)
    return own


def _from_course_lib(value):
    """True for course_lib itself, its modules and what they define (functions, classes, their instances)."""
    if isinstance(value, types.ModuleType):
        module = value.__name__
    else:
        module = getattr(value, "__module__", None) or type(value).__module__
    return isinstance(module, str) and module.split(".")[0] == "course_lib"


def refuse_library(func, names):
    """The learner's function, refused if it delegates to one of `names`, the library's own implementations
    of the answer (calling one would only test the library). Read from its code first: AnswerError if it (or
    a helper of theirs it calls) looks up one of the names. Returns `func` wrapped so that, while it runs,
    every course_lib function of those names (and every method of a class of those names) refuses to run
    (see refusing): a name put together at run time (getattr(layer, "back" + "ward")) or a
    functools.partial made earlier is caught as well; call_answer turns the refusal into the verdict."""
    used = sorted(set(names) & names_called(func) - _own_names(func))
    if used:
        raise AnswerError(
            _(
                "your function uses {names}: write it yourself; calling course_lib's "
                "own implementation would only test the library"
            ).format(names=", ".join(used))
        )
    if not callable(func):  # a result instead of a function: call_answer says so
        return func
    names = set(names)
    # found once per check, not at every call of the learner's function (a checker calls it several times)
    found = course_functions(lambda module, name, owner: name in names or owner in names)
    # a method of a refused class is reported as the class the learner used ("MaxPool2d", not
    # "MaxPool2d._forward"); a refused method name with its class ("Layer.backward")
    refused = {
        f: shown.split(".")[0] if shown.split(".")[0] in names else shown for f, shown in found.items()
    }

    @functools.wraps(func)  # keeps the signature, which call_answer compares with the template
    def guarded(*args):
        with refusing(refused):
            return func(*args)

    return guarded
