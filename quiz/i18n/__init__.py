"""Translation of everything a person reads, and local formatting of numbers and dates.

Every user-facing string goes through `_()` (or `ngettext` for counts) at the moment it is
shown, so switching language re-renders in the new language. Catalogs are plain gettext
`.po` files: domain `quiz` for the interface, domain `content` for the question banks.
They are compiled at run time (and cached), so an edited `.po` shows on the next start.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.paths import cache_dir, locales_dir, source_digest
from quiz.terminal_text import printable

if TYPE_CHECKING:
    from collections.abc import Iterable

    from quiz.core.model import Item
    from datetime import datetime

UI_DOMAIN = "quiz"
CONTENT_DOMAIN = "content"
SOURCE_LANGUAGE = "en"
ARTICLE_PARAGRAPH = "article paragraph"  # the message context of the article's body paragraphs
# A language code names a folder: letters, digits, _ and - only, so it cannot leave locales/.
_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8}){0,2}$")
# What is wrong with a whole catalog (quiz/i18n/checks.py names what is wrong with one entry).
UNREADABLE = "unreadable"  # the .po does not parse
BROKEN = "broken"  # it parses, but cannot be compiled or read back


@dataclass(frozen=True)
class CatalogProblem:
    """Something wrong in a translation catalog: a bad entry (shown in English), or the whole file.

    Kept as data, not text, so a cached problem is told in the language active when it is shown.
    """

    path: Path
    line: int | None  # None: the file as a whole
    kind: str  # checks.UNKNOWN, MISSING, MALFORMED (one entry); UNREADABLE, BROKEN (the file)
    detail: str  # the placeholder, or the reason
    original: str = ""  # the entry's English, to find it

    def __str__(self) -> str:
        from quiz.i18n.checks import MISSING, UNKNOWN

        where = f"{_shown_path(self.path)}:{self.line}" if self.line else _shown_path(self.path)
        original = self.original if len(self.original) <= 50 else self.original[:49] + "…"
        if self.kind == UNREADABLE:
            return _("{path}: {reason}; fix the catalog (see TRANSLATING.md) — English is used meanwhile").format(
                path=where, reason=self.detail
            )
        if self.kind == BROKEN:
            return _(
                "{path}: this catalog cannot be read ({reason}); fix it or take it out — English is used meanwhile"
            ).format(path=where, reason=self.detail)
        if self.kind == UNKNOWN:
            reason = _("placeholder {placeholder} is not in the original “{original}”")
        elif self.kind == MISSING:
            reason = _("placeholder {placeholder} of the original “{original}” is missing")
        else:
            reason = _("not a valid format string ({error}) for “{original}”")
        reason = reason.format(placeholder=self.detail, error=self.detail, original=original)
        return where + ": " + _("{reason}; English is shown for this message").format(reason=reason)


class CatalogError(Exception):
    """A translation catalog (.po) that cannot be used; the message names the file."""

    def __init__(self, problem: CatalogProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _shown_path(path: Path) -> str:
    """`path` relative to the current folder when it is inside it: shorter, still clickable."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)
    except (ValueError, OSError):
        return str(path)


# The problems of the active language's catalogs, by domain: reported once at start.
_problems: dict[str, tuple[CatalogProblem, ...]] = {}


def catalog_problems() -> list[CatalogProblem]:
    """What is wrong in the active language's catalogs (bad entries show in English)."""
    return [problem for domain in (UI_DOMAIN, CONTENT_DOMAIN) for problem in _problems.get(domain, ())]


_ui: gettext.NullTranslations = gettext.NullTranslations()
_content: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def _(message: str) -> str:
    """The interface string `message` in the active language."""
    return printable(_ui.gettext(message))


def N_(message: str) -> str:
    """Mark `message` for extraction; translate it later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, by the active language's plural rule."""
    return printable(_ui.ngettext(singular, plural, n))


def list_of(items: Iterable[str]) -> str:
    """A short list (cue words, answer letters) joined as the active language writes one."""
    # TRANSLATORS: what separates the entries of a short list, such as cue words or answer
    # letters (Chinese: "、").
    return _(", ").join(items)


def content_text(context: str, text: str) -> str:
    """A piece of bank content (`context` names its role) in the active language."""
    if not text:
        return text
    return printable(_content.pgettext(context, text))


def cue_context(item_id: str) -> str:
    """The message context of an item's cue: cues are translated per passage, to fit it."""
    return f"cue {item_id}"


@dataclass(frozen=True)
class LocalizedItem:
    """An item's passage, cues and explanation as the learner reads them."""

    passage: str
    cues: tuple[str, ...]
    explanation: str
    in_english: bool  # no (up-to-date) translation: the English original is shown


def localize_item(item: Item, *, original: bool = False) -> LocalizedItem:
    """`item` in the active language, or in English when its passage is not translated.

    Passage and cues fall back together, so the cue words are always found in the passage.
    """
    explanation = content_text("explanation", item.explanation)
    translating = _language != SOURCE_LANGUAGE
    passage = content_text("passage", item.passage) if translating and not original else item.passage
    if passage == item.passage:
        return LocalizedItem(item.passage, item.cues, explanation, in_english=translating)
    cues = tuple(content_text(cue_context(item.id), cue) for cue in item.cues)
    return LocalizedItem(passage, tuple(c for c in cues if c in passage), explanation, in_english=False)


def localize_paragraph(english: str) -> tuple[str, bool]:
    """An article paragraph in the active language, and whether it fell back to English."""
    if _language == SOURCE_LANGUAGE:
        return english, False
    translated = content_text(ARTICLE_PARAGRAPH, english)
    return translated, translated == english


# --- Choosing and loading a language -----------------------------------------------------------


def current_language() -> str:
    return _language


def available_languages() -> list[str]:
    """English plus every locale with an interface catalog, sorted."""
    found = {SOURCE_LANGUAGE}
    folder = locales_dir()
    if folder.is_dir():
        for po in folder.glob(f"*/LC_MESSAGES/{UI_DOMAIN}.po"):
            found.add(po.parent.parent.name)
    return sorted(found)


def negotiate_language(requested: str | None, environ: dict[str, str] | None = None) -> str:
    """The language to use: `requested`, else the environment's, else English.

    The environment is read as gettext does: LANGUAGE (a colon-separated list), then
    LC_ALL, LC_MESSAGES and LANG. Each is matched against the available locales with Babel
    (so `es_ES.UTF-8` finds `es`, and `zh` finds `zh_CN`).
    """
    environ = os.environ if environ is None else environ
    if requested:
        wanted = [requested]
    else:
        wanted = []
        for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
            value = environ.get(variable, "")
            if value:
                wanted.extend(part for part in value.split(":") if part)
                if variable != "LANGUAGE":
                    break
    return find_language(wanted) or SOURCE_LANGUAGE


def find_language(wanted: list[str]) -> str | None:
    """The first available language that matches one of `wanted`, or None.

    Matched with Babel (so `es_ES.UTF-8` finds `es`); then a region the catalogs lack
    (es_MX) or a bare language where only a region exists (zh) finds its language.
    """
    cleaned = [w.split(".")[0].split("@")[0].replace("-", "_") for w in wanted]
    cleaned = [w for w in cleaned if _LANGUAGE_CODE.match(w)]
    if not cleaned:
        return None
    available = available_languages()
    if cleaned[0] in available:  # named as the catalogs are: Babel would find the same
        return cleaned[0]
    from babel.core import negotiate_locale

    exact = negotiate_locale(cleaned, available, sep="_")
    if exact:
        return exact
    for want in cleaned:
        base = want.split("_")[0].lower()
        for language in available:
            if language.split("_")[0].lower() == base:
                return language
    return None


def set_language(language: str) -> None:
    """Make `language` active; a language without catalogs falls back to English."""
    global _ui, _content, _language
    if not _LANGUAGE_CODE.match(language) or language not in available_languages():
        language = SOURCE_LANGUAGE
    _ui = _load(language, UI_DOMAIN)
    _content = _load(language, CONTENT_DOMAIN)
    _language = language


def _load(language: str, domain: str) -> gettext.NullTranslations:
    _problems.pop(domain, None)
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    po = locales_dir() / language / "LC_MESSAGES" / f"{domain}.po"
    try:
        source = po.read_bytes()
    except OSError:
        return gettext.NullTranslations()
    try:
        compiled, problems = checked_catalog(source, po)
    except CatalogError as error:
        _problems[domain] = (error.problem,)  # shown once; this domain goes on in English
        return gettext.NullTranslations()
    _problems[domain] = problems
    return gettext.GNUTranslations(io.BytesIO(compiled))


def catalogs_in(language: str) -> tuple[gettext.NullTranslations, gettext.NullTranslations]:
    """The interface and content catalogs of `language`, without making it the active one.

    For data that carries every language at once (xAPI language maps). A catalog that cannot
    be used is English here; the quiz reports it when that language is chosen.
    """
    catalogs = []
    for domain in (UI_DOMAIN, CONTENT_DOMAIN):
        po = locales_dir() / language / "LC_MESSAGES" / f"{domain}.po"
        if language == SOURCE_LANGUAGE or not _LANGUAGE_CODE.match(language):
            catalogs.append(gettext.NullTranslations())
            continue
        try:
            compiled, _problems_found = checked_catalog(po.read_bytes(), po)
            catalogs.append(gettext.GNUTranslations(io.BytesIO(compiled)))
        except (OSError, CatalogError):
            catalogs.append(gettext.NullTranslations())
    return catalogs[0], catalogs[1]


def compiled_catalog(source: bytes, po: Path) -> bytes:
    """The `.mo` bytes for a `.po` file's bytes, its bad entries left out (see `checked_catalog`)."""
    return checked_catalog(source, po)[0]


# Bumped when the checks change, so that no catalog checked by older rules is used from the cache.
_CHECKS_VERSION = 1


def checked_catalog(source: bytes, po: Path) -> tuple[bytes, tuple[CatalogProblem, ...]]:
    """The `.mo` bytes for a `.po` file's bytes and the problems found, compiled once and cached.

    Compiling at run time means a translator's edit shows on the next start with no build
    step, and no stale `.mo` is ever committed. Fuzzy entries are left out, so their
    English original is shown until a translator confirms them; so are entries whose
    placeholders do not match the original's (quiz/i18n/checks.py), which would crash the
    quiz when filled in. Raises CatalogError when the file cannot be used at all.

    The cache file holds the problems (one JSON line) and then the `.mo`, in one file written
    at once: a cached start still reports them, and never reads one without the other.
    """
    digest = hashlib.sha256(source).hexdigest()[:20]
    cache = _cache_dir() / f"{po.parent.parent.name}-{po.stem}-{digest}-v{_CHECKS_VERSION}.checked"
    try:
        cached = _read_cached(cache.read_bytes(), po)
    except OSError:
        cached = None
    if cached is not None:
        return cached
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    from quiz.i18n.checks import drop_bad_entries

    try:
        catalog = read_po(io.BytesIO(source), locale=po.parent.parent.name, domain=po.stem, abort_invalid=True)
        found = drop_bad_entries(catalog)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        compiled = buffer.getvalue()
        gettext.GNUTranslations(io.BytesIO(compiled))  # proves it reads back
    except PoFileError as error:
        # Babel's message ends "on <line>", counted from 0: the line goes in front, from 1.
        reason = str(error).removesuffix(f" on {error.lineno}")
        raise CatalogError(CatalogProblem(po, error.lineno + 1, UNREADABLE, reason)) from None
    except (ValueError, TypeError, UnicodeError, LookupError, OSError, IndexError, KeyError) as error:
        raise CatalogError(CatalogProblem(po, None, BROKEN, str(error))) from None
    problems = tuple(CatalogProblem(po, p.line, p.kind, p.detail, p.original) for p in found)
    header = json.dumps([[p.line, p.kind, p.detail, p.original] for p in found], ensure_ascii=False)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(header.encode("utf-8") + b"\n" + compiled)
        temporary.replace(cache)  # atomic: parallel quizzes never read half a file
    except OSError:
        pass  # a read-only cache only costs a recompile next time
    return compiled, problems


def _read_cached(data: bytes, po: Path) -> tuple[bytes, tuple[CatalogProblem, ...]] | None:
    """A cache file's `.mo` and problems, or None if it is not one this version wrote."""
    header, _newline, compiled = data.partition(b"\n")
    try:
        rows = json.loads(header)
        return compiled, tuple(CatalogProblem(po, line, kind, detail, original) for line, kind, detail, original in rows)
    except (ValueError, TypeError):
        return None  # damaged: compiled again


def _cache_dir() -> Path:
    return cache_dir() / "catalogs"


# --- Local formatting ------------------------------------------------------------------------


def _locale() -> str:
    return _language.replace("-", "_")


def format_number(value: float, decimals: int = 1, *, fixed: bool = False) -> str:
    """`value` written the local way (14.5, 14,5 …), without needless trailing zeros; with
    `fixed`, always `decimals` of them (0.50, 0.33), so figures in a column line up."""
    from babel.numbers import format_decimal  # Babel's data loads only when first needed

    pattern = "#,##0" + ("." + ("0" if fixed else "#") * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale())


def format_percent(fraction: float) -> str:
    """`fraction` (0.73) as a whole percentage the local way (73 %, 73%, %73 …)."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(fraction, locale=_locale())


def format_duration(seconds: float) -> str:
    """A duration in minutes and seconds, e.g. "4 min 12 s"."""
    minutes, rest = divmod(round(seconds), 60)
    if minutes:
        return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=rest)
    return _("{seconds} s").format(seconds=rest)


def format_date(iso_date: str, form: str = "long") -> str:
    """An ISO date (2022-08-12) the local way (August 12, 2022; 12 août 2022 …).

    Kept between runs: the article's date is on the first screen, and Babel's calendar data
    for a language takes a twentieth of a start to load.
    """
    from datetime import date

    try:
        value = date.fromisoformat(iso_date[:10])
    except ValueError:
        return iso_date  # a free-form date in a teacher's file is shown as written
    key = f"{_locale()} {form} {value.isoformat()}"
    dates = _formatted_dates()
    if key not in dates:
        from babel.dates import format_date as babel_date

        dates[key] = babel_date(value, format=form, locale=_locale())
        _keep_formatted_dates(dates)
    return dates[key]


_dates: dict[str, str] | None = None  # what format_date has formatted, read once a run


def _dates_file() -> Path | None:
    """Where formatted dates are kept, for this version of Babel (None: not kept)."""
    babel = source_digest("babel")
    return None if babel is None else _cache_dir() / f"dates-{babel.hex()[:20]}.json"


def _formatted_dates() -> dict[str, str]:
    global _dates
    if _dates is None:
        _dates = {}
        path = _dates_file()
        try:
            found = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
        except (OSError, ValueError):
            found = {}  # none yet, or damaged: formatted again
        if isinstance(found, dict):
            _dates = {key: value for key, value in found.items() if isinstance(value, str)}
    return _dates


def _keep_formatted_dates(dates: dict[str, str]) -> None:
    path = _dates_file()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(dates, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)  # atomic: parallel quizzes never read half a file
    except OSError:
        pass  # a read-only cache only costs formatting again next time


def _local_moment(iso_moment: str) -> datetime | None:
    """A stored moment (ISO, UTC) on the learner's own clock; None if it does not parse."""
    from datetime import datetime

    try:
        value = datetime.fromisoformat(iso_moment)
    except ValueError:
        return None
    return value.astimezone() if value.tzinfo is not None else value


def format_datetime(iso_moment: str, form: str = "medium") -> str:
    """A stored UTC moment as local date and time, the local way; `form` is Babel's
    ("short": 8/12/22, 3:04 PM; 12.08.22, 15:04 — for a table cell on one line)."""
    from babel.dates import format_datetime as babel_datetime

    value = _local_moment(iso_moment)
    if value is None:
        return iso_moment
    return babel_datetime(value, format=form, locale=_locale())


def format_day(iso_moment: str) -> str:
    """The day and month of a stored moment, the local way and short (8/12, 12.8., 12.08):
    a label under a chart's bar."""
    from babel.dates import format_skeleton

    value = _local_moment(iso_moment)
    if value is None:
        return iso_moment[:10]
    return format_skeleton("Md", value, locale=_locale())


def language_name(code: str) -> str:
    """A language's name in that language (Español, Русский, 中文 …), for pickers."""
    from babel import Locale

    try:
        locale = Locale.parse(code)
    except (ValueError, TypeError):
        return code
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]
