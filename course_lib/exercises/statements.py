"""Questions answered by marking statements true or false: the learner gives the letters of the true ones.

A program cannot judge an explanation written in the learner's own words: counting key words passes "we never
unroll the network and the weights are not shared" as readily as "we unroll it and share the weights". A set
of statements, each plainly true or false, can be judged — and the false ones can be the misconceptions a
learner is likely to hold. After a right answer the checker explains every verdict.

    ex = TrueStatements(title, statements, true, explanation, hint, retry)
    ex.show()           prints the statements, lettered
    ex.check("aceg")    ✓ and the explanation of every verdict, or ✗ without saying which verdict is off

Used by notebook 06b (the CNN's mistakes on moved letters) and notebook 07b (the textbook's review
questions 3 and 5).
"""

import re

from ..i18n import N_, _, fill, translated
from .checks import picks
from .core import AnswerError, Exercise, NotAttempted

_COUNTS = {
    2: N_("two"),
    3: N_("three"),
    4: N_("four"),
    5: N_("five"),
    6: N_("six"),
    7: N_("seven"),
    8: N_("eight"),
    9: N_("nine"),
    10: N_("ten"),
    11: N_("eleven"),
    12: N_("twelve"),
}


def _letters(letters):
    """'a, c, e and g' for {'a', 'c', 'e', 'g'}."""
    letters = sorted(letters)
    if len(letters) == 1:
        return letters[0]
    return _("{letters} and {last}").format(letters=_(", ").join(letters[:-1]), last=letters[-1])


class TrueStatements(Exercise):
    """An exercise whose answer is the letters of the true statements, as a string ("aceg") or a collection.

    Args:
        title: shown in messages.
        statements: {letter: statement}, the letters in order from "a".
        true: the letters of the true statements (at least one).
        explanation: why each verdict is what it is; printed after a right answer.
        hint: text.
        retry: what to do after a wrong answer. The checker does not say which verdict is off: with eight
            statements there are only 256 answers, and naming the wrong one would let a learner find the
            right set by trying (core.Exercise.grade also slows down answers tried in a row).
    The reference solution is the true letters as a string.
    """

    def __init__(self, title, statements, true, explanation, hint, retry):
        true = frozenset(true)
        if not true or not true <= set(statements):
            true_ones, letters = sorted(true), sorted(statements)
            # a mistake in the declaration, for the course's authors:
            wrong = f"{title}: the true statements {true_ones} must be among {letters}"  # i18n: not shown
            raise ValueError(wrong)
        self.statements, self.true, self.explanation, self.retry = dict(statements), true, explanation, retry
        super().__init__(title, self._check, hint, "".join(sorted(true)))

    def show(self):
        """Print the statements, one per letter, wrapped at 100 columns."""
        for letter, statement in self.statements.items():
            print(fill(f"  {letter}) {translated(statement)}", 100, subsequent_indent="     "))

    def _check(self, answer):
        if isinstance(answer, str) and not answer.strip():
            raise NotAttempted
        picked = set(picks(answer, N_("the letters of the true statements"), N_("'ab' or {'a', 'b'}")))
        unknown = picked - set(self.statements)
        in_words = isinstance(answer, str) and (
            len(re.findall(r"[^\W\d_]{2,}", answer)) >= 2 or not all(letter.isascii() for letter in unknown)
        )
        if unknown and in_words:  # two words or more, or Chinese: a sentence
            raise AnswerError(
                _(
                    "answer with the letters of the true statements, e.g. 'ab', not in words: "
                    "no program can judge a sentence, so compare yours with the statements and "
                    "pick the ones that are true"
                )
            )
        not_among = (
            _("pick letters among {letters}; {unknown} is not one")
            if len(unknown) == 1
            else _("pick letters among {letters}; {unknown} are not among them")
        )
        assert not unknown, not_among.format(
            letters=", ".join(self.statements), unknown=", ".join(sorted(unknown))
        )
        if not picked:
            raise AnswerError(_("at least one statement is true: pick the letters of the true ones"))
        count = translated(_COUNTS.get(len(self.statements), str(len(self.statements))))
        assert picked == self.true, _("not all {count} verdicts are right. {retry}").format(
            count=count, retry=translated(self.retry)
        )
        right = (
            _("right: {letters} is true. {explanation}")
            if len(self.true) == 1
            else _("right: {letters} are true. {explanation}")
        )
        return right.format(letters=_letters(self.true), explanation=translated(self.explanation))
