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
`inputs`), the learner reads the diagnosis instead of the checker's generic line (mistakes.py does the
matching, for every exercise).

Most exercises are declared as data, with no checker of their own: `CountExercise` (a count and its slips),
`NumberExercise` (a number, its tolerance and its slips), `OrderExercise` (things in order),
`FunctionExercise` (a reference, its inputs, its mistakes and how results compare, a result of one part or
several), and in predict.py the predictions judged against an experiment. Running the learner's function
safely is guards.py's part.
"""

import functools
import inspect
import os
import re
import textwrap
import time
import types
from contextlib import nullcontext

import numpy as np

from ..errors import ConfigError, true_or_false
from ..i18n import N_, _, fill, translated
from .checks import assert_array_close, close_to, number_answer, same_answer, shown, whole_number_answer
from .guards import (
    EXERCISES,
    _answer_running,
    _NotAllowed,
    _said,
    _swapped,
    call_answer,
    copies,
    refuse_library,
    wait_before_verdict,
)
from .mistakes import call_naming_shapes, name_mistake, reject_mistake, returned_order

# AnswerRaised and AnswerTookTooLong are named here too: the chapters and the tests import them from core
from .verdicts import (
    CANNOT_CHECK,
    NOT_ATTEMPTED,
    AnswerError,
    AnswerRaised,  # noqa: F401
    AnswerTookTooLong,
    NotAttempted,
    is_blank,
)

# COURSE_SOLUTIONS=off (or 0, no, false: errors.SWITCH_WORDS) hides solutions in every kernel started with it;
# `set_solutions(False)` (what `setup(solutions=False)` calls) in this one. Both fail closed: a value that is
# not a switch (COURSE_SOLUTIONS=of, setup(solutions="no")) hides them too, and is reported by setup().
SOLUTIONS_ENV = "COURSE_SOLUTIONS"
_solutions_allowed = [True]
SOLUTIONS_OFF = N_("solutions are off in this session: .check() your answer and ask .hint() for a hint")


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
    return not value.strip() or true_or_false(
        value, _("the environment variable {name}").format(name=SOLUTIONS_ENV), words=True
    )


def solutions_shown():
    """True unless `set_solutions(False)` was called or COURSE_SOLUTIONS says off or is not a switch word
    (read at each call)."""
    try:
        return _solutions_allowed[0] and solutions_env()
    except ConfigError:
        return False


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

    def __init__(
        self,
        title,
        checker,
        hint,
        reference,
        mistakes=(),
        inputs=None,
        normalise=None,
        start=N_("write your answer where the cell says"),
    ):
        self.title, self._checker, self._hint, self._reference = title, checker, hint, reference
        self.start, self.wrong_in_a_row = start, 0
        EXERCISES.add(self)
        self.mistakes, self.inputs, self.normalise = list(mistakes), inputs, normalise
        if any(callable(wrong) for wrong, _ in self.mistakes) and inputs is None:
            wrong = (
                f"{title}: function mistakes need `inputs` to compare them on"  # i18n: not shown (authors)
            )
            raise ValueError(wrong)

    @property
    def checker(self):
        """The function that judges an answer (see the class's Args). It cannot be replaced: an
        `ex.checker = lambda answer: "right"` would make every answer ✓."""
        return self._checker

    @checker.setter
    def checker(self, value):
        raise ConfigError(
            _(
                "{title}: an exercise's checker cannot be replaced; check an answer with .check(answer)"
            ).format(title=translated(self.title))
        )

    def grade(self, answer=...):
        """The message for a right answer; raises NotAttempted for a template, AnswerError saying what is
        wrong (the diagnosis of a known mistake, where the answer matches one). After guards.FREE_TRIES
        wrong answers in a row (a crash or a time-out is not one, nor does it break the row), each further one
        waits before its verdict (guards.wait_before_verdict), and the verdict says so. Called by a learner's
        function while a checker runs it, it refuses (the function is told so in one line): a check inside the
        answer would judge, print and wait once for every call."""
        if _answer_running:
            raise _NotAllowed(
                _(
                    "your function calls .check() (or grade, evaluate, passes) itself: define the "
                    "function, then check it from its own line, ex.check(my_function)"
                )
            )
        try:
            message = self._verdict(answer)
        except (AnswerRaised, AnswerTookTooLong):
            raise
        except AnswerError as e:
            self.wrong_in_a_row += 1
            wait = wait_before_verdict(self.wrong_in_a_row)
            if not wait:
                raise
            time.sleep(wait)
            raise AnswerError(
                _(
                    "{verdict} ({count} wrong answers in a row: each further one waits "
                    "longer for its verdict, this one {wait:g} s — think it through, or ask "
                    ".hint())"
                ).format(verdict=e, count=self.wrong_in_a_row, wait=wait)
            ) from None
        self.wrong_in_a_row = 0
        return message

    def _verdict(self, answer):
        if is_blank(answer):
            raise NotAttempted
        try:
            return self._checker(answer)
        except (AnswerRaised, AnswerTookTooLong):  # a crash or an endless loop: nothing to compare
            raise
        except AssertionError as e:  # AnswerError included
            diagnosis = self.diagnose(answer)
            if diagnosis:
                raise AnswerError(diagnosis) from None
            if isinstance(e, AnswerError):
                raise
            raise AnswerError(str(e) or _("not quite")) from None

    def diagnose(self, answer):
        """The message of the first known mistake that `answer` matches, or None (see mistakes.py)."""
        if not self.mistakes:
            return None
        args = None
        if callable(answer) and self.inputs is not None:
            args = self.inputs() if callable(self.inputs) else self.inputs
            try:
                answer = call_answer(answer, *args)
            except (AnswerError, NotAttempted):
                return None
        elif self.normalise is not None:
            try:
                answer = self.normalise(answer)
            except Exception:  # an answer it cannot read is none of the known mistakes
                return None
        return name_mistake(answer, self.mistakes, args)

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
            return False, _("{cannot_check} ({error}); compare its type and shape with .hint()").format(
                cannot_check=translated(CANNOT_CHECK), error=_said(e)
            )

    def check(self, answer=...):
        """Print ✓ or ✗ and one line (or how to start, if not attempted)."""
        self.passes(answer)

    def passes(self, answer=...):
        """Print the verdict as `check` does and return True if the answer is right: for a cell that goes on
        only after a right answer (`if ex.passes(answer): …`), with one verdict, not a check and a second
        grading."""
        try:
            verdict = self.evaluate(answer)
        except KeyboardInterrupt:  # ■ while a wrong answer waits for its verdict
            verdict = (False, _("interrupted before the verdict; run the cell again"))
        self._report(*verdict)
        return verdict[0]

    def _report(self, ok, message):
        if message == NOT_ATTEMPTED:
            more = _(", .solution() for the answer") if solutions_shown() else ""
            print(
                fill(
                    _(
                        "◌ {title}: not attempted yet — {start} and run the cell again "
                        "(.hint() for a hint{more})."
                    ).format(title=translated(self.title), start=translated(self.start), more=more),
                    100,
                    subsequent_indent="  ",
                )
            )
        else:
            # English wrapped at word boundaries: the browser would break a long line anywhere, mid-word too
            print(
                fill(
                    _("{mark} {title}: {message}").format(
                        mark="✓" if ok else "✗", title=translated(self.title), message=message
                    ),
                    100,
                    subsequent_indent="  ",
                    break_on_hyphens=False,
                )
            )

    def _titled(self, message):
        """'<title>: <message>', in the language shown."""
        return _("{title}: {message}").format(title=translated(self.title), message=message)

    def hint(self):
        print(_("Hint ({title}): {hint}").format(title=translated(self.title), hint=translated(self._hint)))

    def solution(self):
        """Print the reference solution, or one line saying solutions are off (see `solutions_shown`).
        Subclasses change what is printed by overriding `_print_solution`, never this switch."""
        if solutions_shown():
            self._print_solution()
        else:
            print(self._titled(translated(SOLUTIONS_OFF)))

    @property
    def reference(self):
        """The reference solution, unless solutions are off (AnswerError). A function comes as a copy with the
        same code: the original refuses to run inside a checker (see reference_functions)."""
        if not solutions_shown():
            raise AnswerError(self._titled(translated(SOLUTIONS_OFF)))
        ref = self._reference
        if inspect.isfunction(ref):
            copy = types.FunctionType(
                _swapped.get(ref, ref.__code__),
                ref.__globals__,
                ref.__name__,
                ref.__defaults__,
                ref.__closure__,
            )
            copy.__kwdefaults__, copy.__doc__ = ref.__kwdefaults__, ref.__doc__
            return functools.update_wrapper(copy, ref, assigned=("__qualname__", "__module__"), updated=())
        return ref

    def _print_solution(self):
        ref = self._reference
        if callable(ref):
            print(textwrap.dedent(inspect.getsource(ref)))
        else:
            print(self._titled(repr(ref)))

    def __repr__(self):
        return f"Exercise({self.title!r})"


class CountExercise(Exercise):
    """An exercise whose answer is a count (of parameters, of units), declared as data.

    The check reads the answer as a whole number (checks.whole_number_answer: "6,346" and 6346.0 are 6346;
    620.5 is "not a whole number of <of>"), says `right` for `count`, a known mistake's message for one of
    `mistakes` [(wrong count, message)], and "<value> is not it: <advice>" for any other."""

    def __init__(self, title, count, hint, right, advice, of, example, mistakes=()):
        self._count, self.right, self.advice, self.of, self.example = count, right, advice, of, example
        super().__init__(title, self._judge, hint, count, mistakes=mistakes)

    def _judge(self, answer):
        value = whole_number_answer(answer, translated(self.of), translated(self.example))
        assert value == self._count, _("{answer} is not it: {advice}").format(
            answer=value, advice=translated(self.advice)
        )
        return translated(self.right)


class NumberExercise(Exercise):
    """An exercise whose answer is a number (a bound, a fraction), declared as data.

    The check reads the answer as a number (checks.number_answer; `example` is the form its message shows),
    names the first of `mistakes` [(wrong number, message)] the answer is (`same`, by default
    checks.same_answer: a whole number exactly, any other allowing for rounding), says `right` if it is
    `value` (`close`, by default checks.close_to: allowing for rounding to 2 significant digits or more), and
    "<the answer> is not it: <advice>" otherwise, the answer shown with the format `shown`. `same` and `close`
    take the answer as the learner gave it ("0.0160" has 3 significant digits) and the number to compare.
    `rules` [(condition, message)], tried after the mistakes, say what is wrong with a whole range of answers:
    the first whose condition(number) holds gives message(number) (a threshold: "with |w| = 3 the factor is
    at most 0.75")."""

    def __init__(
        self,
        title,
        value,
        hint,
        right,
        advice,
        example,
        mistakes=(),
        same=same_answer,
        close=close_to,
        shown="g",
        rules=(),
    ):
        self._value, self.right, self.advice, self.example = value, right, advice, example
        self.number_mistakes, self._same, self._close, self.shown = list(mistakes), same, close, shown
        self.rules = list(rules)
        super().__init__(title, self._judge, hint, value)

    def _judge(self, answer):
        value = number_answer(answer, translated(self.example))
        reject_mistake(answer, self.number_mistakes, same=self._same)
        for condition, message in self.rules:
            if condition(value):
                raise AnswerError(translated(message(value)))
        assert self._close(answer, self._value), _("{answer} is not it: {advice}").format(
            answer=format(value, self.shown), advice=translated(self.advice)
        )
        return translated(self.right)


class OrderExercise(Exercise):
    """An exercise whose answer is a few things in order (a network's layers, an algorithm's steps), declared
    as data.

    `read(answer)` gives the things in the learner's order, each by its canonical name (an AssertionError
    saying what it cannot read). The check says `kinds` unless they are the things of `order`, each once,
    `wrong_order` unless they come in `order`'s, and `right` if they do; a known wrong order among `mistakes`
    [(order, message)] gets its message instead. `order` as written is the reference (a list, or a string of
    letters)."""

    def __init__(self, title, order, hint, right, read, kinds, wrong_order, mistakes=()):
        self.order, self.right, self.read = list(order), right, read
        self.kinds, self.wrong_order = kinds, wrong_order
        super().__init__(title, self._judge, hint, order, mistakes=mistakes, normalise=read)

    def _judge(self, answer):
        got = self.read(answer)
        assert sorted(got) == sorted(self.order), translated(self.kinds)
        assert got == self.order, translated(self.wrong_order)
        return translated(self.right)


class FunctionExercise(Exercise):
    """An exercise whose answer is a function, declared as data; the engine does the rest.

    The check calls the learner's function on `inputs()` (guards.call_answer: within the time limit, with
    what it rebinds put back, and with `library` — course_lib's own implementations of the answer — refused,
    guards.refuse_library), names the first of `mistakes` its result is (mistakes.reject_mistake), else
    compares it with the reference's on the same inputs (`compare`, by default checks.assert_array_close:
    whether it is all zeros, of the wrong sign, off by a factor, or where it differs) and, if they agree,
    says `right`.

    Args:
        title, hint, start: as for Exercise.
        reference: the reference solution, a function.
        inputs: function() -> the tuple of arguments (seeded: the same at every check).
        cases: instead of `inputs`, function() -> [(label, arguments), ...]: several cases, each judged in
            turn as `inputs` would be (unchanged, mistakes, comparison), so the verdict is the first failing
            case's; "{case}" in `name` and `prefix` is replaced by its label ("your dx for k = {case}").
        right: the message for a right answer, or a function of the expected result giving it.
        mistakes: [(wrong, message)]: each `wrong` a function of the same arguments giving what that mistake
            gives (see mistakes.py); `prefix` goes before the message. Or a function of the arguments
            returning the catalogue with the values the mistakes give (where they share a computation). For a
            result of several parts: {part's name: catalogue}, each part's tried just before the part is
            compared, its message after "<name>: ".
        name: what the result is called in messages ("your dx"); for a function that returns several
            arrays, the tuple of their names, each compared on its own, and `returns` says what to return
            when the result is not such a tuple.
        result: optional function(what the answer returned) -> the result as mistakes and `compare` see it,
            AnswerError for one of another form (e.g. checks.parts: "return the pair (new_w, new_b)").
        requires: optional function(the answer) raising AnswerError (or AssertionError) if its code breaks
            the exercise's rule, once its results are right (e.g. tanh built from σ, not np.tanh).
        quiet: True to call the answer with numpy's floating-point warnings off, where an overflow is a slip
            the verdict names (rather than a warning printed above it).
        library: names the answer may not call (see guards.refuse_library).
        unchanged: the function as the notebook gives it, for a find-the-bug exercise: an answer that still
            gives its result counts as not attempted.
        expected: optional function of the arguments giving the right result another way (course_lib's own
            layer), so that the reference is checked too; by default the reference's result.
        compare: function(name, result, expected) raising AnswerError unless they agree (a gradient check).
        compare_all: instead of `compare`, for a result of several parts: function(names, results, expected)
            called once with all of them, for a verdict that names every part that passes or fails.
        probe: optional function() -> (arguments, their shapes in words): the answer is first called on
            these only to name `mistakes` (and `reordered`), e.g. on square arrays, where every mistaken
            transpose still fits and gives a result; the comparison is then on `inputs`, with no mistakes.
        reordered: for a result of several parts, a message with "{names}" for one that holds the right
            parts in another order ("you returned ({names})"), said before any mistake is named.
        shapes: the arguments' shapes in words ("x (4, 5), W (5, 3)"): a product that does not fit is then
            named as such (mistakes.call_naming_shapes), not with numpy's message.
        rtol, atol: how close the result must be to the reference's (the default comparison).
        together: True to judge `cases` together, where a verdict needs all of them (a formula in k that is
            off at every k): the answer is run on every case first; each part of the result is then given to
            `compare` as {label: result} and {label: expected} of all cases; if that fails, a mistake is
            named only if it explains the answer on every case (and on every `tiebreaks` input), `prefix`
            (with "{case}" and "{got}": the first case it gets wrong and its result there, checks.shown)
            before its message; else `compare`'s verdict stands. `right` gets {label: expected}. Mistakes
            are a list, a catalogue function or, for several parts, one list per part; `unchanged`, `probe`
            and `compare_all` are not used.
        tiebreaks: with `together`, optional function() -> [args, ...]: inputs the answer is asked about only
            to tell apart mistakes that agree on every case (a layer that does not fit); never judged, and
            skipped where the answer fails (raises, gives no number).
        same: with `together`, function(the answer's result, a mistake's) -> True if the mistake explains
            it (by default checks.same_answer); e.g. the right answer's tolerance, or "or rounded down".
        ambiguous: with `together`, optional function(result, expected) on the first case the answer gets
            wrong -> the message said instead when more than one mistake explains the answer, rather than
            pick one (the cases cannot tell which slip it was).
    """

    def __init__(
        self,
        title,
        reference,
        inputs,
        hint,
        right,
        mistakes=(),
        cases=None,
        name=N_("your result"),
        prefix="",
        returns=None,
        result=None,
        quiet=False,
        requires=None,
        library=(),
        unchanged=None,
        expected=None,
        compare=None,
        compare_all=None,
        probe=None,
        reordered=None,
        shapes=None,
        rtol=1e-6,
        atol=1e-9,
        together=False,
        tiebreaks=None,
        same=same_answer,
        ambiguous=None,
        start=N_("write your answer where the cell says"),
    ):
        super().__init__(title, self._judge, hint, reference, start=start)
        self.together, self.tiebreaks, self.same, self.ambiguous = together, tiebreaks, same, ambiguous
        self.function_inputs, self.right, self.name, self.prefix = inputs, right, name, prefix
        self._cases = cases or (lambda: [(None, inputs())])
        self.returns, self.result, self.quiet, self.requires = returns, result, quiet, requires
        # a list; else a catalogue computed from the inputs, or one per part
        fixed = not (callable(mistakes) or isinstance(mistakes, dict))
        self.function_mistakes = list(mistakes) if fixed else mistakes
        self.library, self.unchanged = tuple(library), unchanged
        # private, as the checker is: `ex.compare = lambda *a: None` would make every answer ✓
        self._expected, self.shapes = expected or reference, shapes
        self._compare = compare or (lambda name, got, want: assert_array_close(name, got, want, rtol, atol))
        self._compare_all, self.probe, self.reordered = compare_all, probe, reordered
        if together and compare is None:
            self._compare = _each_case(self._compare)

    def _judge(self, func):
        answer = func
        if self.library:
            func = refuse_library(func, self.library)
        if self.probe is not None:  # its mistakes named first, on arguments of their own
            args, shapes = self.probe()
            self._judge_case(answer, func, args, None, probe=shapes)
        if self.together:
            expected = self._judge_together(func)
        else:
            for case, args in self._cases():
                expected = self._judge_case(answer, func, args, case)
        if self.requires is not None:
            self.requires(answer)
        return translated(self.right(expected) if callable(self.right) else self.right)

    def _judge_case(self, answer, func, args, case, probe=None):
        """The expected result on `args` if the answer's agrees with it; AnswerError otherwise. On the
        probe's arguments (`probe`: their shapes in words) the result is only searched for `mistakes` and
        `reordered` parts, against the reference's; then, on `inputs`, only compared."""
        if self.unchanged is not None and _gives(answer, self.unchanged(*copies(args)), args):
            raise NotAttempted  # the cell as it came: the bug is still to be found
        filled = (lambda text: text) if case is None else (lambda text: text.format(case=case))

        def labelled(text):  # shown: a declared text is translated before its {case} is filled in
            return filled(translated(text))

        got = self._run(func, args, self.shapes if probe is None else probe)
        expected = want = (self._expected if probe is None else self._reference)(*copies(args))
        declared = (self.name,) if isinstance(self.name, str) else self.name
        if isinstance(self.name, str):
            got, want = (got,), (want,)
        keys = tuple(filled(name) for name in declared)  # as a catalogue of mistakes per part names them
        names = tuple(labelled(name) for name in declared)  # as the verdict shows them
        order = returned_order(got, want, names) if probe and self.reordered else None
        if order:
            raise AnswerError(translated(self.reordered).format(names=", ".join(order)))
        mistakes = () if self.probe is not None and probe is None else self.function_mistakes
        compare = (lambda name, part, right: None) if probe else self._compare
        if callable(mistakes):
            mistakes = mistakes(*copies(args))
        # a known mistake that gives the right result on these arguments (÷ 4 where k² = 4) is no mistake here
        if isinstance(mistakes, dict):  # each part's mistakes, named just before the part is compared
            for key, name, part, right in zip(keys, names, got, want):
                if not same_answer(part, right):
                    reject_mistake(part, mistakes.get(key, ()), args, prefix=f"{name}: ")
                compare(name, part, right)
        else:
            whole, right = (got, want) if len(names) > 1 else (got[0], want[0])
            if not same_answer(whole, right):
                reject_mistake(whole, mistakes, args, prefix=labelled(self.prefix))
            if self._compare_all is not None and not probe:
                self._compare_all(names, got, want)
            else:
                for name, part, right in zip(names, got, want):
                    compare(name, part, right)
        return expected

    def _run(self, func, args, shapes):
        """The answer's result on `args` (`shapes`: theirs in words, or None), as mistakes and `compare` see
        it (see `result`); for several parts AnswerError(`returns`) unless it is a tuple of as many."""
        quiet = np.errstate(over="ignore", invalid="ignore", divide="ignore") if self.quiet else nullcontext()
        with quiet:
            got = call_naming_shapes(func, shapes, *args) if shapes else call_answer(func, *args)
        if self.result is not None:
            got = self.result(got)
        if not isinstance(self.name, str) and not (isinstance(got, tuple) and len(got) == len(self.name)):
            raise AnswerError(translated(self.returns))
        return got

    # -- judging the cases together (`together`) --------------------------------------------------------

    def _judge_together(self, func):
        """{label: expected result} if the answer agrees on every case; AnswerError otherwise (see
        `together`)."""
        cases = list(self._cases())
        got = {
            label: self._run(func, args, self.shapes) for label, args in cases
        }  # every case runs before any verdict
        want = {label: self._expected(*copies(args)) for label, args in cases}
        several = not isinstance(self.name, str)
        for j, name in enumerate(self.name if several else (self.name,)):
            pick = (lambda result, j=j: result[j]) if several else (lambda result: result)
            mine, right = ({label: pick(r) for label, r in results.items()} for results in (got, want))
            try:
                self._compare(translated(name), mine, right)
            except AssertionError:
                self._reject_together(func, name, pick, mine, right, cases)
                raise
        return want

    def _reject_together(self, func, name, pick, got, want, cases):
        """AnswerError naming the known mistake that explains the answer's part `name` (`got`, {label:
        result}) on every case and on every probe it answers (`ambiguous`'s message if several do); nothing
        if none does."""
        mistakes = self.function_mistakes
        if isinstance(mistakes, dict):
            mistakes = mistakes.get(name, ())
        if not mistakes:
            return

        def catalogue(args):  # [(what each mistake gives on args, its message)]
            if callable(mistakes):
                return mistakes(*copies(args))
            return [(wrong(*copies(args)), message) for wrong, message in mistakes]

        seen = [(args, got[label]) for label, args in cases]
        for args in self.tiebreaks() if self.tiebreaks else ():
            try:
                seen.append((args, pick(self._run(func, args, self.shapes))))
            except Exception:  # a function that refuses a probe is allowed to: a probe is no case
                pass
        given = [catalogue(args) for args, _result in seen]
        names = [
            message
            for i, (_value, message) in enumerate(given[0])
            if all(self.same(result, known[i][0]) for (_args, result), known in zip(seen, given))
        ]
        if not names:
            return
        label = next((key for key in want if not same_answer(got[key], want[key])), next(iter(want)))
        if len(names) > 1 and self.ambiguous is not None:
            names = [self.ambiguous(got[label], want[label])]
        result = shown(got[label]) if isinstance(got[label], (int, float, np.number)) else got[label]
        prefix = (
            f"{translated(name)}: " if isinstance(self.function_mistakes, dict) else translated(self.prefix)
        )
        raise AnswerError(prefix.format(case=label, got=result) + translated(names[0]))


def _each_case(compare):
    """A comparison of single results, `compare(name, result, expected)`, made one of all the cases together
    ({label: result}, {label: expected}): each case in turn, "{case}" in `name` its label."""

    def all_cases(name, got, want):
        for label in want:
            compare(name.format(case=label), got[label], want[label])

    return all_cases


def _gives(func, result, args):
    """True if the learner's `func` returns `result` on `args` (its failing to run is judged elsewhere)."""
    try:
        return same_answer(call_answer(func, *args), result)
    except (AnswerError, NotAttempted):
        return False


# -- answers in words ----------------------------------------------------------------------------------------

HINT_NOT_GRADE = N_("a hint, not a grade")
_LATIN = "A-Za-z0-9_"
# Words that glue a sentence together (articles, pronouns, prepositions, conjunctions, auxiliary and common
# verbs), and their Chinese counterparts: a list of key words has none of them, a sentence has some.
GLUE_WORDS = frozenset(
    """a an the is are was were be been being it its they them their this these that those
which who of to in on at by for from with over through into onto across after before between and or but so
then because while when where each every all has have had does do did can could will would may must not no
as than how what one use uses used work works suit suits handle handles read reads need needs make makes
get gets give gives keep keeps go goes""".split()  # i18n: not shown (words the checker reads)
)
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
        if not self.near or any(
            first_mention(s, self.words) is not None and first_mention(s, self.near) is not None
            for s in sentences(text)
        ):
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
        self.key_ideas = {
            name: idea if isinstance(idea, Idea) else Idea(idea) for name, idea in (key_ideas or {}).items()
        }
        self._read_ideas = checker or self._mentions

    def _read(self, answer):
        if not isinstance(answer, str):
            raise AssertionError(_("answer in words, as a string"))
        if not answer.strip():
            raise NotAttempted
        if not reads_as_sentence(answer):
            raise AssertionError(
                _(
                    "that reads like a list of key words: answer in a sentence or two that "
                    "say what happens to what"
                )
            )
        return self._read_ideas(answer)

    def grade(self, answer=...):
        caveat = (
            _("a hint, not a grade: compare with the model answer below")
            if solutions_shown()
            else translated(HINT_NOT_GRADE)
        )
        try:
            return _("{verdict} ({caveat})").format(verdict=super().grade(answer), caveat=caveat)
        except AnswerError as e:
            raise AnswerError(_("{verdict} ({caveat})").format(verdict=e, caveat=caveat)) from None

    def _mentions(self, answer):
        said = {name: idea.said_in(answer) for name, idea in self.key_ideas.items()}
        required = [name for name, idea in self.key_ideas.items() if idea.required]
        astray = [
            _("{idea} (you use its words, but in no sentence about {about})").format(
                idea=translated(name), about=translated(self.key_ideas[name].about)
            )
            for name in required
            if said[name] == "elsewhere"
        ]
        missing = [translated(name) for name in required if said[name] == "no"] + astray
        assert not missing, _("your answer does not say {missing}").format(missing=_("; ").join(missing))
        extra = [
            translated(name)
            for name, idea in self.key_ideas.items()
            if not idea.required and said[name] == "yes"
        ]
        ideas = _(", ").join(translated(name) for name in required)
        if extra:
            return _("says all {count} key ideas: {ideas}; also {extra}").format(
                count=len(required), ideas=ideas, extra=_(", ").join(extra)
            )
        return _("says all {count} key ideas: {ideas}").format(count=len(required), ideas=ideas)

    def _report(self, ok, message):
        super()._report(ok, message)
        if message != NOT_ATTEMPTED and solutions_shown():  # the model answer is a solution too
            self.solution()

    def _print_solution(self):
        print(
            _("Model answer ({title}):").format(title=translated(self.title))
            + "\n"
            + fill(translated(self._reference), 110)
        )
