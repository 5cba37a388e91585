"""The "Your turn" mechanism: an exercise checks an answer and says ✓ or what is wrong.

    ex.check(answer)   prints "✓ …", "✗ <what is wrong>", or a friendly line if not attempted yet
    ex.hint()          prints a hint
    ex.solution()      prints the reference solution's source code

`check` never raises: a wrong answer, a half-written function, or one that crashes all print one
line, so "Run All" never stops at an exercise. `evaluate(answer) -> (ok, message)` is the same check
without printing; the tests use it to prove every checker accepts the reference and rejects a wrong answer.
"""
import ast
import inspect
import textwrap

NOT_ATTEMPTED = "not attempted"


class NotAttempted(Exception):
    """Raised inside a checker when the answer is still the template (`...` or NotImplementedError)."""


def is_blank(value):
    return value is ... or value is None


def call_answer(func, *args):
    """Call the learner's function; a template (returning `...` or raising NotImplementedError) counts
    as not attempted."""
    if is_blank(func):
        raise NotAttempted
    if not callable(func):
        raise TypeError(f"expected a function, got {type(func).__name__}")
    try:
        result = func(*args)
    except NotImplementedError:
        raise NotAttempted from None
    if result is None and not _is_template(func):
        raise AssertionError("your function returned None — did you forget `return`?")
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
    return all(isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
               for stmt in tree.body[0].body)


class Exercise:
    """One exercise.

    Args:
        title: shown in messages.
        checker: function(answer) -> message for a correct answer; it raises `AssertionError(reason)`
            for a wrong one and `NotAttempted` for a template.
        hint: text.
        reference: the reference solution (a function or a value); its source is what `solution()` shows.
    """

    def __init__(self, title, checker, hint, reference):
        self.title, self.checker, self._hint, self.reference = title, checker, hint, reference

    def evaluate(self, answer=...):
        """(True, message) if the answer is right, (False, message) otherwise. Never raises."""
        try:
            if is_blank(answer):
                raise NotAttempted
            return True, self.checker(answer)
        except NotAttempted:
            return False, NOT_ATTEMPTED
        except AssertionError as e:
            return False, str(e) or "not quite"
        except Exception as e:   # the learner's code crashed: report it in one line
            return False, f"your answer raised {type(e).__name__}: {e}"

    def check(self, answer=...):
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
        missing = [idea for idea, words in self.key_ideas.items() if not any(w.lower() in text for w in words)]
        assert not missing, (f"your answer does not mention {', '.join(missing)} — compare with the model "
                             f"answer (.solution())")
        return f"mentions all {len(self.key_ideas)} key ideas: {', '.join(self.key_ideas)}"

    def solution(self):
        print(f"Model answer ({self.title}):\n" + textwrap.fill(self.reference, 110))
