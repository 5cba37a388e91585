"""Collect the course's messages into its gettext catalogues, and say which still need a translation.

The messages are every string course_lib passes to `_()` or `N_()` (found by Babel's extractor, which
reads string literals only: an f-string inside `_()` cannot be collected, and tests/test_i18n.py refuses
one) and the claims the notebooks make: the literal first argument of each `expect(...)` in a code cell.

    python tools/i18n.py update    # add new messages to each catalogue (untranslated), drop the gone ones
    python tools/i18n.py missing   # list the messages without a translation (exit status 1 if any)

A translator then fills in the `msgstr` of each new entry in course_lib/locale/zh/LC_MESSAGES/course_lib.po
(any PO editor, or a text editor); `{name}` placeholders stay as they are, the words around them may move.
"""

import argparse
import ast
import datetime
import json
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from course_lib.i18n import DOMAIN, LANGUAGES, catalogue_path  # noqa: E402

KEYWORDS = {"_": None, "N_": None, "zh": None}
# The header never changes, so that `update` changes the catalogue only when a message does.
FIXED_DATE = datetime.datetime(2026, 12, 6, tzinfo=datetime.timezone.utc)
HEADER = {
    "project": "course_lib",
    "version": "1",
    "copyright_holder": "the course's authors",
    "msgid_bugs_address": "",
    "last_translator": "the course's authors",
    "language_team": "zh",
    "fuzzy": False,
}
PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


def library_messages():
    """(message, "path:line") for every `_("…")` and `N_("…")` in course_lib."""
    for filename, line, message, _comments, _context in extract_from_dir(
        ROOT / "course_lib", method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
    ):
        yield message, f"course_lib/{filename}:{line}"


def notebook_claims():
    """(what, notebook) for every `expect("what", …)` with a literal `what` in an English notebook's code."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for number, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] != "code":
                continue
            source = "\n".join(
                line
                for line in "".join(cell["source"]).splitlines()
                if not line.lstrip().startswith(("%", "!"))
            )
            for node in ast.walk(ast.parse(source)):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", None) == "expect"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    yield node.args[0].value, f"notebooks/{path.name}:cell {number}"


def template():
    """A catalogue of every message, untranslated."""
    catalogue = Catalog(domain=DOMAIN, creation_date=FIXED_DATE, **HEADER)
    for message, where in [*library_messages(), *notebook_claims()]:
        catalogue.add(message, locations=[(where.split(":")[0], 0)])
    return catalogue


def read(lang):
    path = catalogue_path(lang)
    if not path.exists():
        return Catalog(
            locale=lang, domain=DOMAIN, creation_date=FIXED_DATE, revision_date=FIXED_DATE, **HEADER
        )
    with open(path, "rb") as f:
        return read_po(f, locale=lang)


def missing(catalogue):
    """The messages of `catalogue` with no translation, or a fuzzy (unchecked) one."""
    return [m for m in catalogue if m.id and (not m.string or m.fuzzy)]


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def update():
    fresh = template()
    for lang in LANGUAGES:
        if lang == "en":
            continue
        catalogue = read(lang)
        # no fuzzy matching: a guessed translation of a changed message would be shown as if checked
        catalogue.update(fresh, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        path = catalogue_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            # files without line numbers: a line moved elsewhere in a module does not change the catalogue
            write_po(f, catalogue, width=0, sort_by_file=True, include_lineno=False)
        gaps = len(missing(catalogue))
        print(f"{path.relative_to(ROOT)}: {len(catalogue)} messages, {gaps} without a translation")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["update", "missing"])
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
        return 0
    gaps = 0
    for lang in LANGUAGES[1:]:
        for message in missing(read(lang)):
            gaps += 1
            print(f"{lang}: {message.id!r}  ({', '.join(p for p, _line in message.locations)})")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
