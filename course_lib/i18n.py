"""The language the course speaks to the learner: English (the default) or Chinese (zh).

Every message the library shows a learner (errors, warnings, checker verdicts, hints, widget labels, the
claims `expect` prints) is written in English and passed through `_()`, the gettext convention:

    raise ConfigError(_("the learning rate must be > 0, got {lr}").format(lr=lr))

`_(message)` returns the message in the current language, looked up in a gettext catalogue:
course_lib/locale/<lang>/LC_MESSAGES/course_lib.po, read with Babel (a dependency of JupyterLab, so no
compiled .mo file is kept beside the .po). A message is formatted *after* translation, so that the
translation can move the values (`{lr}`) where its grammar wants them. `N_(message)` marks a message that is
translated later, where it is used (a module-level table that exists before the language is chosen).

The language is, first that applies:
1. `set_language("zh")` (what `setup(lang="zh")` calls);
2. the environment variable COURSE_LANG (en or zh), e.g. `COURSE_LANG=zh make lab`;
3. zh when the kernel runs in a folder named `zh`: the Chinese edition's notebooks are notebooks/zh/*.ipynb,
   and JupyterLab (like nbval) starts a notebook's kernel in the notebook's folder. This is what lets the two
   editions share their code cells to the byte;
4. English.

`python tools/i18n.py update` collects the messages into the catalogue and `tests/test_i18n.py` checks that
every one has its translation, with the same placeholders.
"""

import gettext
import io
import os
import re
import textwrap
from pathlib import Path

LANGUAGES = ("en", "zh")
LANG_ENV = "COURSE_LANG"
DOMAIN = "course_lib"
LOCALE_DIR = Path(__file__).with_name("locale")

_chosen = []  # [lang] once set_language has been called in this kernel
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # i18n: not shown (a pattern)
_catalogues = {}  # lang → gettext translations, read once


def catalogue_path(lang):
    """Where the catalogue of `lang` lives (a gettext .po file)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _checked(lang, where):
    value = str(lang).strip().lower() if isinstance(lang, str) else lang
    if value not in LANGUAGES:
        from .errors import ConfigError  # errors' own messages are translated: import it when needed only

        raise ConfigError(
            _("{where}: the language must be one of {languages}, got {value}").format(
                where=where, languages=", ".join(LANGUAGES), value=repr(lang)
            )
        )
    return value


def set_language(lang, where="set_language"):
    """Speak `lang` ("en" or "zh") from now on in this kernel; anything else is a one-line ConfigError."""
    value = _checked(lang, where)
    _chosen[:] = [value]
    return value


def language_from_environment():
    """COURSE_LANG if it is set (a value that is not a language raises), else zh in a folder named zh."""
    value = os.environ.get(LANG_ENV, "").strip()
    if value:
        return _checked(value, _("the environment variable {name}").format(name=LANG_ENV))
    try:
        folder = Path.cwd().name
    except OSError:  # the working directory was deleted under the kernel
        folder = ""
    return "zh" if folder == "zh" else "en"


def language():
    """The language messages are shown in now."""
    if not _chosen:
        try:
            _chosen[:] = [language_from_environment()]
        except Exception:  # a mistyped COURSE_LANG: English here, and setup() reports it
            return "en"
    return _chosen[0]


def _translations(lang):
    if lang not in _catalogues:
        if lang == "en":
            _catalogues[lang] = gettext.NullTranslations()
        else:
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with open(catalogue_path(lang), "rb") as f:
                catalogue = read_po(f, locale=lang)
            compiled = io.BytesIO()
            write_mo(compiled, catalogue)  # untranslated and fuzzy entries are left out: they stay English
            compiled.seek(0)
            _catalogues[lang] = gettext.GNUTranslations(compiled)
    return _catalogues[lang]


def _(message):
    """`message` in the current language (itself when it has no translation)."""
    return _translations(language()).gettext(message)


def translated(message):
    """`message` held in a variable (a constant marked `N_`, a notebook's claim, a text an exercise declares)
    in the current language.

    `_` takes string literals only, which the catalogue tool can collect; this is the same lookup for a
    message collected where it is written. The empty string stays empty (gettext would give the header), and
    what is no text (None, a number) comes back as it is."""
    return _translations(language()).gettext(message) if isinstance(message, str) and message else message


def N_(message):
    """Mark `message` for the catalogue without translating it now (`_` translates it where it is used)."""
    return message


def zh(message):
    """`message` in Chinese, whatever the current language: for the checkers that read answers in both."""
    return _translations("zh").gettext(message)


def fill(text, width, **options):
    """`text` wrapped at `width` characters (textwrap.fill with `options`) if it is English; Chinese text (a
    fifth or more of its characters Chinese) as it is. A browser breaks a long output line anywhere, mid-word
    too, so English is wrapped at its spaces; Chinese may break between any two characters, and its few spaces
    (around code and numbers) are the worst places to break it, so it is left to the browser."""
    chinese = len(CJK.findall(text)) >= 0.2 * len(text.replace(" ", ""))  # not an English line naming a term
    return text if chinese else textwrap.fill(text, width, **options)
