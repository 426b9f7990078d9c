"""Reading articles, banks and definitions from YAML, and checking them.

Every problem is reported as `FILE:LINE:COL: error|warning: message`, pointing at the spot in
the YAML a teacher has to fix. Loading never raises anything but `ContentError` for bad
input: the front ends print its problems and stop cleanly.

Each rule is defined once, here: the app loading a bank and `media-quiz validate` run the
same checks (`check_bank`, `check_file`); `load_*` raise, `check_*` return the problems,
warnings included.
"""

from __future__ import annotations

import datetime
import difflib
import gc
import hashlib
import importlib
import io
import os
import pickle
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from quiz.i18n import SOURCE_LANGUAGE, _, current_language, ngettext
from quiz.core.model import (
    DIFFICULTIES,
    MODES,
    BankMode,
    Article,
    Bank,
    BankOptions,
    Catalog,
    ClaimType,
    Item,
    Technique,
)
from quiz.paths import cache_dir, content_dir
from quiz.terminal_text import printable

try:  # The C parser is several times faster; the pure-Python one gives the same result.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):
    """The safe loader, remembering the tag of each plain scalar it has already resolved.

    A bank repeats the same few keys (`id`, `passage`, `answer` …) thousands of times, and
    resolving a tag tries a list of regular expressions each time. The safe loader has no
    path resolvers, so a plain scalar's tag depends on its text alone.
    """

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]
        if kind is yaml.ScalarNode and implicit[0]:
            tag = self._plain_tags.get(value)
            if tag is None:
                tag = self._plain_tags[value] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)


MAX_FILE_BYTES = 5 * 1024 * 1024
_STR_TAG = "tag:yaml.org,2002:str"
# A YAML file can expand aliases exponentially ("billion laughs"); no real bank comes near this.
MAX_NODES = 2_000_000


# --- Problems ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, and where."""

    path: Path
    line: int
    column: int
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        severity = _("error") if self.severity == "error" else _("warning")
        return f"{self.path}:{self.line}:{self.column}: {severity}: {self.message}"


class ContentError(Exception):
    """A content file could not be used; `problems` says why and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --- YAML with positions --------------------------------------------------------------------

Mark = tuple[int, int]  # (line, column), both counting from 1


class YamlMap(dict):
    """A mapping read from YAML that remembers where each key and value stood."""

    mark: Mark = (1, 1)
    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]


class YamlList(list):
    """A sequence read from YAML that remembers where each entry stood."""

    mark: Mark = (1, 1)
    item_marks: list[Mark]


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns a composed YAML node tree into Python values with positions.

    PyYAML's own constructor silently keeps the last of two equal keys; this one reports
    the first. An alias is built once and shared, and the size it would expand to is
    counted, so a "billion laughs" file stops at once instead of filling memory.
    """

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.built: dict[int, tuple[Any, int]] = {}
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node) -> Any:
        return self._build(node)[0]

    def _build(self, node: yaml.Node) -> tuple[Any, int]:
        """The value of `node` and how many values it expands to."""
        if type(node) is yaml.ScalarNode:
            return self._scalar(node), 1
        known = self.built.get(id(node))  # collections only: a scalar costs 1 however often used
        if known is not None:
            return known
        if isinstance(node, yaml.MappingNode):
            self.scalars.flatten_mapping(node)
            result = YamlMap()
            result.mark = _mark(node)
            result.key_marks, result.value_marks = key_marks, value_marks = {}, {}
            size = 1
            for key_node, value_node in node.value:
                key, key_size = self._build(key_node)
                value, value_size = self._build(value_node)
                size += key_size + value_size
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    self._error(key_node, _("a key must be plain text"))
                    continue
                if key in result:
                    line, _column = key_marks[key]
                    self._error(
                        key_node,
                        _("duplicate key “{key}” (first given on line {line}); keep one").format(
                            key=key, line=line
                        ),
                    )
                    continue
                result[key] = value
                start = key_node.start_mark
                key_marks[key] = (start.line + 1, start.column + 1)
                start = value_node.start_mark
                value_marks[key] = (start.line + 1, start.column + 1)
            built: tuple[Any, int] = (result, size)
        elif isinstance(node, yaml.SequenceNode):
            values = YamlList()
            values.mark = _mark(node)
            values.item_marks = item_marks = []
            size = 1
            for child in node.value:
                value, child_size = self._build(child)
                values.append(value)
                start = child.start_mark
                item_marks.append((start.line + 1, start.column + 1))
                size += child_size
            built = (values, size)
        else:
            built = (self._scalar(node), 1)
        if built[1] > MAX_NODES:
            raise _TooLarge(node)
        self.built[id(node)] = built
        return built

    def _scalar(self, node: yaml.Node) -> Any:
        # Control characters are made visible once, here: they never reach a terminal,
        # and since each is replaced by one character, passages stay substrings.
        if node.tag == _STR_TAG:
            return printable(node.value)  # what SafeConstructor gives, without its dispatch
        value = self.scalars.construct_object(node)
        return printable(value) if isinstance(value, str) else value

    def _error(self, node: yaml.Node, message: str) -> None:
        line, column = _mark(node)
        self.problems.append(Problem(self.path, line, column, "error", message))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file's values are made.

    Reading makes a node and two marks per value, none of them in a cycle (reference
    counting frees them all). With the collector running, each of its passes walks
    everything built so far: for a large bank that took twice as long as the parsing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def read_yaml(path: Path) -> tuple[Any, bytes]:
    """The YAML document in `path` with positions, and the file's bytes.

    Raises ContentError for a missing, unreadable, oversized, non-UTF-8 or malformed file,
    and for duplicate keys.
    """
    value, raw, problems = _read(path)
    if problems:
        raise ContentError(problems)
    return value, raw


def _read(path: Path) -> tuple[Any, bytes, list[Problem]]:
    """Like read_yaml, but the problems are returned instead of raised.

    After a duplicate key the document is still returned (keeping the first value), so that
    the rest of the file can be checked too; after any other problem the value is None.
    """

    def fail(message: str, line: int = 1, column: int = 1) -> tuple[Any, bytes, list[Problem]]:
        return None, b"", [Problem(path, line, column, "error", message)]

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return fail(_("file not found; check the path"))
    except IsADirectoryError:
        return fail(_("this is a folder; name a YAML file"))
    except OSError as error:
        return fail(_("cannot read the file ({reason})").format(reason=error.strerror))
    if len(raw) > MAX_FILE_BYTES:
        return fail(
            _("the file is larger than {limit} MB; split it into several banks").format(
                limit=MAX_FILE_BYTES // (1024 * 1024)
            )
        )
    if b"\x00" in raw:
        return fail(_("this is not a text file; save it as UTF-8 text"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return fail(_("the file is not UTF-8 text; save it as UTF-8"), line, column)
    problems: list[Problem] = []
    try:
        with _collector_paused():
            root = yaml.compose(text, Loader=_Loader)
            value = _Builder(path, problems).build(root) if root is not None else None
    except _TooLarge as error:
        line, column = _mark(error.node)
        return fail(
            _("the file expands to too many values (aliases nested too deep); remove the aliases"),
            line,
            column,
        )
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(str(part) for part in (error.context, error.problem) if part)
        context = error.context_mark
        if context is not None and mark is not None and context.line != mark.line:
            # The parser notices a missing "]" or quote only on a later line; name both.
            message = _(
                "this is not valid YAML ({reason}, from line {line}); check quotes, colons and indentation"
            ).format(reason=reason, line=context.line + 1)
        else:
            message = _(
                "this is not valid YAML ({reason}); check quotes, colons and indentation"
            ).format(reason=reason)
        return fail(message, line, column)
    except RecursionError:
        return fail(_("the file is nested too deep to read; flatten its lists and mappings"))
    except (yaml.YAMLError, ValueError, TypeError) as error:
        return fail(_("this is not valid YAML ({reason})").format(reason=error))
    return value, raw, problems


# --- Checking fields ------------------------------------------------------------------------

TODO = "TODO"  # what `media-quiz new-bank` writes where a teacher still has to decide


def is_todo(value: Any) -> bool:
    """Whether `value` is a placeholder a teacher has not replaced yet."""
    return isinstance(value, str) and value.strip() == TODO


@dataclass(frozen=True)
class Field:
    """What a key in a content file must hold."""

    kind: type | tuple[type, ...]
    required: bool = False
    kind_name: str = ""
    is_id: bool = False  # names folders and stored scores: a plain name, never a path


_TEXT = Field(str, kind_name="text")
_REQUIRED_TEXT = Field(str, required=True, kind_name="text")
_ID = Field(str, required=True, kind_name="text", is_id=True)
# Letters, digits, - _ and dots between them: no slashes, no "..", nothing hidden.
_ID_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*")


class FileChecker:
    """Collects the problems of one content file, each at its YAML position."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, mark: Mark, message: str) -> None:
        self.problems.append(Problem(self.path, mark[0], mark[1], "error", message))

    def warning(self, mark: Mark, message: str) -> None:
        self.problems.append(Problem(self.path, mark[0], mark[1], "warning", message))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def mapping(self, value: Any, mark: Mark, what: str) -> YamlMap | None:
        if isinstance(value, YamlMap):
            return value
        self.error(mark, _("{what} must be a mapping of keys and values").format(what=what))
        return None

    def fields(
        self,
        mapping: YamlMap,
        spec: dict[str, Field],
        what: str,
        todo: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """The values of `mapping` that match `spec`; reports unknown, missing and mistyped keys.

        A value left as TODO is reported with `todo[key]` (or a general message) and left out.
        """
        found: dict[str, Any] = {}
        for key, value in mapping.items():
            key_mark = mapping.key_marks[key]
            if key not in spec:
                close = difflib.get_close_matches(str(key), list(spec), n=1, cutoff=0.6)
                if close:
                    message = _("unknown key “{key}” in {what}; did you mean “{close}”?").format(
                        key=key, what=what, close=close[0]
                    )
                else:
                    message = _("unknown key “{key}” in {what}; known keys: {known}").format(
                        key=key, what=what, known=", ".join(spec)
                    )
                self.error(key_mark, message)
                continue
            field = spec[key]
            value_mark = mapping.value_marks[key]
            if is_todo(value):
                self.error(
                    value_mark,
                    (todo or {}).get(key)
                    or _("“{key}” is not filled in yet; replace TODO").format(key=key),
                )
                continue
            if value is None and field.required:
                # `key:` with nothing after it reads as null; to a teacher that is just empty.
                self.error(value_mark, _("“{key}” is empty; write it out").format(key=key))
                continue
            ok = isinstance(value, field.kind) and not (
                isinstance(value, bool) and field.kind in (int, float, (int, float))
            )
            if not ok:
                self.error(
                    value_mark,
                    _("“{key}” must be {kind}, not {actual}").format(
                        key=key, kind=_kind_name(field), actual=_describe(value)
                    ),
                )
                continue
            if isinstance(value, str) and field.required and not value.strip():
                self.error(value_mark, _("“{key}” is empty; write it out").format(key=key))
                continue
            if field.is_id and isinstance(value, str) and not is_todo(value) and not _ID_PATTERN.fullmatch(value):
                self.error(
                    value_mark,
                    _("“{value}” cannot be an id: use letters, digits, - and _ only (like summit-suggests)").format(
                        value=value
                    ),
                )
                continue
            found[key] = value
        for key, field in spec.items():
            if field.required and key not in mapping:
                self.error(
                    mapping.mark,
                    _("{what} has no “{key}”; add it").format(what=what, key=key),
                )
        return found

    def text_list(self, mapping: YamlMap, key: str, value: Any) -> list[tuple[str, Mark]]:
        """The entries of a list of text, each with its position."""
        if not isinstance(value, YamlList):
            self.error(
                mapping.value_marks[key], _("“{key}” must be a list").format(key=key)
            )
            return []
        entries = []
        for entry, mark in zip(value, value.item_marks):
            if isinstance(entry, str) and entry.strip():
                entries.append((entry, mark))
            else:
                self.error(
                    mark, _("each entry of “{key}” must be non-empty text").format(key=key)
                )
        return entries

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise ContentError(self.problems)

    def sorted_problems(self) -> list[Problem]:
        """The problems in the order of the file, as a teacher reads it."""
        return sorted(self.problems, key=lambda p: (p.line, p.column))


def _kind_name(field: Field) -> str:
    names = {
        str: _("text"),
        int: _("a whole number"),
        bool: _("true or false"),
        YamlList: _("a list"),
        YamlMap: _("a mapping"),
    }
    if isinstance(field.kind, tuple):
        return _("a number") if float in field.kind else " / ".join(names[k] for k in field.kind)
    return names.get(field.kind, field.kind_name or field.kind.__name__)


def _describe(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, (int, float)):
        return _("a number ({value})").format(value=value)
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, datetime.date):
        return _("a date")
    return type(value).__name__


def _entries(value: Any) -> list[tuple[Any, Mark]]:
    """The entries of a YAML list with their positions ([] for anything else)."""
    if isinstance(value, YamlList):
        return list(zip(value, value.item_marks))
    return []


# --- Definitions: claim types and techniques -------------------------------------------------


def _check_definitions(
    path: Path, top_key: str, spec: dict[str, Field], make: Callable[..., Any], what: str
) -> tuple[tuple[Any, ...] | None, list[Problem]]:
    value, _raw, problems = _read(path)
    if value is None and problems:
        return None, problems
    checker = FileChecker(path)
    checker.problems.extend(problems)  # duplicate keys: reported, and the rest still checked
    root = checker.mapping(value, (1, 1), _("the file"))
    records = []
    if root is not None:
        entries = checker.fields(root, {top_key: Field(YamlList, required=True)}, _("the file"))
        seen: dict[str, Mark] = {}
        for entry, mark in _entries(entries.get(top_key)):
            mapping = checker.mapping(entry, mark, what)
            if mapping is None:
                continue
            fields = checker.fields(mapping, spec, what)
            entry_id = fields.get("id")
            if entry_id in seen:
                checker.error(
                    mapping.value_marks["id"],
                    _("duplicate id “{id}” (first on line {line}); give each entry its own id").format(
                        id=entry_id, line=seen[entry_id][0]
                    ),
                )
            elif entry_id:
                seen[entry_id] = mapping.value_marks["id"]
            if len(fields) == len(spec):
                records.append(make(**fields))
    if checker.has_errors:
        return None, checker.sorted_problems()
    return tuple(records), checker.sorted_problems()


_CLAIM_TYPE_FIELDS = {
    "id": _ID,
    "name": _REQUIRED_TEXT,
    "key": _REQUIRED_TEXT,
    "definition": _REQUIRED_TEXT,
    "example": _REQUIRED_TEXT,
}
_TECHNIQUE_FIELDS = {
    "id": _ID,
    "name": _REQUIRED_TEXT,
    "definition": _REQUIRED_TEXT,
    "example": _REQUIRED_TEXT,
}
CLAIM_TYPES_FILE = "claim_types.yaml"
TECHNIQUES_FILE = "techniques.yaml"


def _check_claim_types(path: Path) -> tuple[tuple[ClaimType, ...] | None, list[Problem]]:
    return _check_definitions(path, "types", _CLAIM_TYPE_FIELDS, ClaimType, _("a claim type"))


def _check_techniques(path: Path) -> tuple[tuple[Technique, ...] | None, list[Problem]]:
    return _check_definitions(path, "techniques", _TECHNIQUE_FIELDS, Technique, _("a technique"))


def check_catalog(folder: Path | None = None) -> tuple[Catalog | None, list[Problem]]:
    """The claim types and techniques (None if either file has errors) and every problem."""
    folder = folder or content_dir()
    claim_types, type_problems = _check_claim_types(folder / CLAIM_TYPES_FILE)
    techniques, technique_problems = _check_techniques(folder / TECHNIQUES_FILE)
    problems = type_problems + technique_problems
    if claim_types is None or techniques is None:
        return None, problems
    return Catalog(claim_types=claim_types, techniques=techniques), problems


def load_catalog(folder: Path | None = None) -> Catalog:
    """The claim types and techniques (shipped ones unless `folder` is given)."""
    catalog, problems = check_catalog(folder)
    if catalog is None:
        raise ContentError(problems)
    return catalog


# --- Articles ---------------------------------------------------------------------------------

_ARTICLE_FIELDS = {
    "id": _ID,
    "title": _REQUIRED_TEXT,
    "dek": _TEXT,
    "author": _REQUIRED_TEXT,
    "author_bio": _TEXT,
    "publication": _REQUIRED_TEXT,
    "date": Field((str,), required=True, kind_name="a date"),
    "pull_quotes": Field(YamlList),
    "paragraphs": Field(YamlList, required=True),
}


def _check_article(path: Path) -> tuple[Article | None, bytes, list[Problem]]:
    value, raw, problems = _read(path)
    if value is None and problems:
        return None, raw, problems
    checker = FileChecker(path)
    checker.problems.extend(problems)  # duplicate keys: reported, and the rest still checked
    root = checker.mapping(value, (1, 1), _("an article file"))
    article = None
    if root is not None:
        if isinstance(root.get("date"), datetime.date):
            root["date"] = root["date"].isoformat()  # an unquoted 2022-08-12 reads as a date
        fields = checker.fields(root, _ARTICLE_FIELDS, _("the article"))
        paragraphs = (
            checker.text_list(root, "paragraphs", fields["paragraphs"])
            if "paragraphs" in fields
            else []
        )
        if "paragraphs" in fields and not fields["paragraphs"]:
            checker.error(
                root.value_marks["paragraphs"],
                _("the article has no paragraphs; add its text, one paragraph per entry"),
            )
        if "pull_quotes" in fields:
            checker.text_list(root, "pull_quotes", fields["pull_quotes"])
        if not checker.has_errors:
            fields.pop("pull_quotes", None)
            fields["paragraphs"] = tuple(text for text, _mark in paragraphs)
            article = Article(**fields)
    return article, raw, checker.sorted_problems()


def check_article(path: Path) -> tuple[Article | None, list[Problem]]:
    """The article in `path` (None when it has errors) and every problem found."""
    article, _raw, problems = _check_article(path)
    return article, problems


def load_article(path: Path) -> tuple[Article, bytes]:
    """The article in `path`, and the file's bytes (for the content hash)."""
    article, raw, problems = _check_article(path)
    if article is None:
        raise ContentError(problems)
    return article, raw


# --- Banks ------------------------------------------------------------------------------------

_BANK_FIELDS = {
    "id": _ID,
    "title": _REQUIRED_TEXT,
    "description": _TEXT,
    "article": _REQUIRED_TEXT,
    "language": _TEXT,
    "options": Field(YamlMap),
    "items": Field(YamlList, required=True),
}
_OPTION_FIELDS = {
    "mode": _TEXT,
    "count": Field(int),
    "shuffle": Field(bool),
    "partial_credit": Field((int, float)),
    "time_limit": Field(int),
}
_ITEM_FIELDS = {
    "id": _ID,
    "paragraph": Field(int, required=True),
    "passage": _REQUIRED_TEXT,
    "answer": _REQUIRED_TEXT,
    "accept": Field(YamlList),
    "difficulty": _TEXT,
    "cues": Field(YamlList),
    "technique": _TEXT,
    "explanation": _REQUIRED_TEXT,
}
# A language tag as gettext and Babel take it: en, es, pt-BR, zh_Hant …
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
# Feedback is read between questions; longer than this and students skip it.
MAX_EXPLANATION_SENTENCES = 3


def check_bank(path: Path, catalog: Catalog) -> tuple[Bank | None, list[Problem]]:
    """The bank in `path` with its article (None when either has errors), and every problem.

    The problems, warnings included, come file by file in the order of each file: the
    article's first, then the bank's. A bank checked before, with the same bytes in both
    files, comes from the cache (see `_BankCache`) instead of being read again.
    """
    cache = _BankCache(path, catalog)
    cached = cache.get()
    if cached is not None:
        return cached
    bank, problems, article_path = _check_bank(path, catalog)
    if bank is not None and article_path is not None:
        cache.put(bank, problems, article_path)
    return bank, problems


def _check_bank(path: Path, catalog: Catalog) -> tuple[Bank | None, list[Problem], Path | None]:
    """What check_bank returns, and the path of the article read (None if there was none)."""
    value, raw, problems = _read(path)
    if value is None and problems:
        return None, problems, None
    checker = FileChecker(path)
    checker.problems.extend(problems)  # duplicate keys: reported, and the rest still checked
    root = checker.mapping(value, (1, 1), _("a bank file"))
    if root is None:
        return None, checker.problems, None
    fields = checker.fields(root, _BANK_FIELDS, _("the bank"))

    article: Article | None = None
    article_path: Path | None = None
    article_raw = b""
    article_problems: list[Problem] = []
    if "article" in fields:
        article_path = bank_article_path(path, fields["article"])
        if article_path.is_file():
            article, article_raw, article_problems = _check_article(article_path)
        else:
            checker.error(
                root.value_marks["article"],
                _("there is no article file “{path}”; “article” is the path from the bank's folder").format(
                    path=fields["article"]
                ),
            )

    language = fields.get("language", "en")
    if not _LANGUAGE.fullmatch(language):
        checker.error(
            root.value_marks["language"],
            _("“{value}” is not a language code; write one such as en, es or pt-BR").format(
                value=language
            ),
        )
    options = _check_options(checker, fields.get("options"))
    items = _check_items(checker, root, fields.get("items"), article, catalog)
    if options.count > len(items) and isinstance(fields.get("options"), YamlMap):
        option_map = fields["options"]
        if "count" in option_map and not checker.has_errors:
            checker.warning(
                option_map.value_marks["count"],
                ngettext(
                    "“count” is {count} but the bank has only {items} item; every item will be asked",
                    "“count” is {count} but the bank has only {items} items; every item will be asked",
                    len(items),
                ).format(count=options.count, items=len(items)),
            )
    problems = article_problems + checker.sorted_problems()
    if checker.has_errors or article is None:
        return None, problems, article_path
    digest = hashlib.sha256(raw + b"\0" + article_raw).hexdigest()
    bank = Bank(
        id=fields["id"],
        title=fields["title"],
        description=fields.get("description", ""),
        language=language,
        article=article,
        items=tuple(items),
        options=options,
        content_hash=digest,
    )
    return bank, problems, article_path


def load_bank(path: Path, catalog: Catalog) -> Bank:
    """The bank in `path` with its article, checked against the article and `catalog`.

    Raises ContentError listing every problem found, in file order.
    """
    bank, problems = check_bank(path, catalog)
    if bank is None:
        raise ContentError(problems)
    return bank


def bank_article_path(bank_path: Path, article: str) -> Path:
    """The article file a bank names: its `article:` path, taken from the bank's folder."""
    # normpath, not resolve: messages keep the path as the teacher wrote it, minus "x/../".
    return Path(os.path.normpath(bank_path.parent / article))


# --- The cache of checked banks ---------------------------------------------------------------

_CACHE_FORMAT = 2  # raised whenever what an entry holds changes shape
# What decides a check besides the two files' bytes and the catalog: the code that checks.
_CHECKING_CODE = ("quiz.banks.loading", "quiz.core.model", "quiz.terminal_text", "quiz.banks.sentences")
# The only classes an entry may hold. Anything else means the file is not one of ours, and it
# is not unpickled: a pickle can otherwise run code.
_CACHED_CLASSES = {
    ("quiz.core.model", "Bank"),
    ("quiz.core.model", "Article"),
    ("quiz.core.model", "Item"),
    ("quiz.core.model", "BankOptions"),
    ("quiz.core.model", "BankMode"),
    ("quiz.banks.loading", "Problem"),
    ("pathlib", "Path"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
}


class _BankCache:
    """Checked banks kept between runs, so that starting again with a large bank is quick.

    An entry is named by what decides the result besides the files' bytes (the bank's path,
    the catalog, the checking code, PyYAML's version) and used only when the content hash of
    the bank it holds is that of the bank and article files as they are now: an edited file
    is always read and checked again. Warnings are kept as they were worded, so an entry with
    warnings is written and used only while the messages are in English, the code's language.
    Entries are written whole (renamed into place); an unreadable, corrupt or foreign entry
    is ignored and replaced, and a cache that cannot be written only costs time.
    """

    def __init__(self, path: Path, catalog: Catalog) -> None:
        self.path = path
        self.file: Path | None = None
        self.fingerprint = b""
        try:
            code = b"".join(
                hashlib.sha256(Path(importlib.import_module(name).__file__ or "").read_bytes()).digest()
                for name in _CHECKING_CODE
            )
        except OSError:  # no sources beside this module: nothing safe to key entries by
            return
        self.fingerprint = hashlib.sha256(
            repr(
                (_CACHE_FORMAT, str(path), os.path.abspath(path), repr(catalog), yaml.__version__)
            ).encode("utf-8")
            + code
        ).digest()
        self.file = cache_dir() / "banks" / f"{self.fingerprint.hex()[:32]}.pickle"

    def get(self) -> tuple[Bank, list[Problem]] | None:
        """The bank and its problems as checked before, if neither file has changed since."""
        if self.file is None:
            return None
        try:
            with _collector_paused():  # thousands of small objects, no cycles: as in _read
                entry = _CacheUnpickler(io.BytesIO(self.file.read_bytes())).load()
            form, fingerprint, article_path, bank, problems = entry
            if form != _CACHE_FORMAT or fingerprint != self.fingerprint:
                return None
            raw = self.path.read_bytes()
            article_raw = Path(article_path).read_bytes()
        except Exception:  # missing, unreadable or corrupt: check the bank as if uncached
            return None
        if not isinstance(bank, Bank) or not isinstance(problems, list):
            return None
        if problems and current_language() != SOURCE_LANGUAGE:
            return None  # the warnings were worded in English
        if hashlib.sha256(raw + b"\0" + article_raw).hexdigest() != bank.content_hash:
            return None  # a file changed since: never trust the old result
        return bank, problems

    def put(self, bank: Bank, problems: list[Problem], article_path: Path) -> None:
        if self.file is None or (problems and current_language() != SOURCE_LANGUAGE):
            return
        entry = (_CACHE_FORMAT, self.fingerprint, str(article_path), bank, problems)
        temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(self.file)  # atomic: a quiz starting meanwhile never reads half
        except OSError:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass  # there is no folder to leave a part-written entry in


class _CacheUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _CACHED_CLASSES:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a cached bank")
        return super().find_class(module, name)


def _check_options(checker: FileChecker, value: YamlMap | None) -> BankOptions:
    if value is None:
        return BankOptions()
    fields = checker.fields(value, _OPTION_FIELDS, _("the options"))
    if "mode" in fields and fields["mode"] not in MODES:
        checker.error(
            value.value_marks["mode"],
            _("unknown mode “{mode}”; use one of: {modes}").format(
                mode=fields["mode"], modes=", ".join(MODES)
            ),
        )
        del fields["mode"]
    for key in ("count", "time_limit"):
        if key in fields and fields[key] < 1:
            checker.error(value.value_marks[key], _("“{key}” must be at least 1").format(key=key))
            del fields[key]
    if "partial_credit" in fields and not 0 <= fields["partial_credit"] <= 1:
        checker.error(
            value.value_marks["partial_credit"],
            _("“partial_credit” must be between 0 and 1 (0.5 gives half a point)"),
        )
        del fields["partial_credit"]
    if "partial_credit" in fields:
        fields["partial_credit"] = float(fields["partial_credit"])
    if "mode" in fields:
        fields["mode"] = BankMode(fields["mode"])
    return BankOptions(**fields)


def _or_list(choices: tuple[str, ...]) -> str:
    """"fact, inference, opinion or rhetoric"."""
    if len(choices) < 2:
        return "".join(choices)
    return _("{choices} or {last}").format(choices=", ".join(choices[:-1]), last=choices[-1])


def _check_items(
    checker: FileChecker,
    root: YamlMap,
    entries: YamlList | None,
    article: Article | None,
    catalog: Catalog,
) -> list[Item]:
    """The items that have no errors; reports the problems of every item.

    Without an article (it is missing or has errors) passages and paragraphs go unchecked.
    """
    type_ids = catalog.type_ids
    technique_ids = tuple(t.id for t in catalog.techniques)
    todo = {
        "answer": _("label not filled yet: choose {choices}").format(choices=_or_list(type_ids)),
        "explanation": _(
            "explanation not written yet: say in a sentence or two what makes this the answer"
        ),
        "technique": _("technique not chosen yet; use one of: {known}").format(
            known=", ".join(technique_ids)
        ),
    }
    items: list[Item] = []
    seen: dict[str, Mark] = {}
    passages: dict[tuple[int, str], tuple[str, Mark]] = {}
    if isinstance(entries, YamlList) and not entries:
        checker.error(root.value_marks["items"], _("the bank has no items; add at least one"))
    for entry, mark in _entries(entries):
        mapping = checker.mapping(entry, mark, _("an item"))
        if mapping is None:
            continue
        before = len(checker.problems)
        fields = checker.fields(mapping, _ITEM_FIELDS, _("an item"), todo)
        at = mapping.value_marks.get

        item_id = fields.get("id")
        if item_id in seen:
            checker.error(
                at("id"),
                _("duplicate item id “{id}” (first on line {line}); give each item its own id").format(
                    id=item_id, line=seen[item_id][0]
                ),
            )
        elif item_id:
            seen[item_id] = at("id")

        answer = fields.get("answer")
        if answer is not None and answer not in type_ids:
            checker.error(at("answer"), _unknown_choice(_("claim type"), answer, type_ids))

        accept: list[str] = []
        if "accept" in fields:
            for alternative, alt_mark in checker.text_list(mapping, "accept", fields["accept"]):
                if alternative not in type_ids:
                    checker.error(alt_mark, _unknown_choice(_("claim type"), alternative, type_ids))
                elif alternative == answer:
                    checker.error(
                        alt_mark,
                        _("the accepted alternative “{type}” is the answer itself; remove it").format(
                            type=alternative
                        ),
                    )
                else:
                    accept.append(alternative)

        technique = fields.get("technique")
        if technique is not None and technique not in technique_ids:
            checker.error(at("technique"), _unknown_choice(_("technique"), technique, technique_ids))
        elif answer == "rhetoric" and technique is None and "technique" not in mapping:
            checker.error(
                mapping.mark,
                _("a rhetoric item needs a “technique”; use one of: {known}").format(
                    known=", ".join(technique_ids)
                ),
            )
        elif technique is not None and answer in type_ids and answer != "rhetoric":
            checker.warning(
                at("technique"),
                _("a technique is shown only for rhetoric items; this one is “{type}”").format(
                    type=answer
                ),
            )

        difficulty = fields.get("difficulty", "medium")
        if difficulty not in DIFFICULTIES:
            checker.error(at("difficulty"), _unknown_choice(_("difficulty"), difficulty, DIFFICULTIES))

        paragraph = fields.get("paragraph")
        passage = fields.get("passage")
        if paragraph is not None and paragraph < 1:
            checker.error(
                at("paragraph"), _("paragraphs are counted from 1; write 1 for the first")
            )
        elif article is not None and paragraph is not None and paragraph > len(article.paragraphs):
            checker.error(
                at("paragraph"),
                _("there is no paragraph {number}; the article has {count} (count from 1)").format(
                    number=paragraph, count=len(article.paragraphs)
                ),
            )
        elif article is not None and paragraph is not None and passage is not None:
            check_passage(checker, at("passage"), passage, paragraph, article)
        if paragraph is not None and passage is not None:
            earlier = passages.get((paragraph, passage))
            if earlier is not None:
                checker.warning(
                    at("passage"),
                    _("item “{id}” (line {line}) already asks this passage; keep one of them").format(
                        id=earlier[0], line=earlier[1][0]
                    ),
                )
            else:
                passages[(paragraph, passage)] = (item_id or "?", at("passage"))

        cues: list[str] = []
        if "cues" in fields:
            for cue, cue_mark in checker.text_list(mapping, "cues", fields["cues"]):
                if passage is not None and cue not in passage:
                    checker.error(
                        cue_mark,
                        _("the cue “{cue}” is not in the passage; copy the words exactly").format(
                            cue=cue
                        ),
                    )
                cues.append(cue)
        # While the label is TODO the cues cannot be chosen yet: one problem at a time.
        if not cues and answer is not None and "cues" not in mapping:
            checker.warning(
                mapping.mark,
                _("the item has no “cues”; list the words that give the type away, so that the feedback can highlight them"),
            )
        elif not cues and answer is not None and isinstance(fields.get("cues"), YamlList):
            checker.warning(
                at("cues"),
                _("“cues” is empty; list the words that give the type away, so that the feedback can highlight them"),
            )

        explanation = fields.get("explanation")
        if explanation is not None:
            sentences = _sentence_count(explanation)
            if sentences > MAX_EXPLANATION_SENTENCES:
                checker.warning(
                    at("explanation"),
                    _("the explanation has {count} sentences; keep it to {limit} or fewer, so that students read it").format(
                        count=sentences, limit=MAX_EXPLANATION_SENTENCES
                    ),
                )

        if not any(p.severity == "error" for p in checker.problems[before:]):
            items.append(
                Item(
                    id=item_id,
                    passage=passage,
                    answer=answer,
                    explanation=explanation,
                    paragraph=paragraph,
                    cues=tuple(cues),
                    accept=tuple(accept),
                    technique=technique,
                    difficulty=difficulty,
                )
            )
    return items


def _sentence_count(text: str) -> int:
    """How many sentences `text` has, counted by the same splitter as `new-bank` uses."""
    # Most explanations are short: pay for the splitter (and its import) only when the text
    # has enough sentence marks to be too long at all.
    if sum(text.count(mark) for mark in ".!?…") <= MAX_EXPLANATION_SENTENCES:
        return 1
    from quiz.banks.sentences import split_sentences

    return len(split_sentences(text))


# Typographic and plain forms of the same character, one for one (so positions still match):
# a passage typed with ' where the article has ’ is the most common copying slip.
_PLAIN_PUNCTUATION = str.maketrans(
    {
        "’": "'", "‘": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "″": '"', "«": '"', "»": '"',
        "–": "-", "—": "-", "―": "-", "‐": "-", "‑": "-", "−": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    }
)


def check_passage(
    checker: FileChecker, mark: Mark, passage: str, paragraph: int, article: Article
) -> None:
    """Report a passage that is not word for word in its paragraph, naming the closest text."""
    text = article.paragraph(paragraph)
    if passage in text:
        return
    elsewhere = [n for n, other in enumerate(article.paragraphs, 1) if passage in other]
    if elsewhere:
        checker.error(
            mark,
            _("the passage is in paragraph {found}, not {given}; fix “paragraph”").format(
                found=elsewhere[0], given=paragraph
            ),
        )
        return
    start = text.translate(_PLAIN_PUNCTUATION).find(passage.translate(_PLAIN_PUNCTUATION))
    if start >= 0:
        checker.error(
            mark,
            _("the passage's quotes, apostrophes or dashes differ from paragraph {number}; copy it exactly: “{exact}”").format(
                number=paragraph, exact=text[start : start + len(passage)]
            ),
        )
        return
    closest = closest_passage(passage, text).strip()
    checker.error(
        mark,
        _("the passage is not word for word in paragraph {number}; closest: “{closest}”").format(
            number=paragraph, closest=closest
        ),
    )


def closest_passage(passage: str, paragraph: str) -> str:
    """The stretch of `paragraph` most like `passage` (same length, best match)."""
    matcher = difflib.SequenceMatcher(None, paragraph, passage, autojunk=False)
    block = max(matcher.get_matching_blocks(), key=lambda b: b.size)
    start = max(0, min(block.a - block.b, len(paragraph) - len(passage)))
    return paragraph[start : start + len(passage)]


def _unknown_choice(what: str, value: Any, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(value), list(known), n=1, cutoff=0.6)
    if close:
        return _("unknown {what} “{value}”; did you mean “{close}”?").format(
            what=what, value=value, close=close[0]
        )
    return _("unknown {what} “{value}”; use one of: {known}").format(
        what=what, value=value, known=", ".join(known)
    )


# --- Several files: what `media-quiz validate` checks -------------------------------------------


def find_banks(folder: Path) -> list[Path]:
    """Every bank of a content folder (`<article-id>/bank.yaml`), sorted."""
    return sorted(folder.glob("*/bank.yaml"))


def content_kind(value: Any, path: Path) -> str | None:
    """What a content file is — "bank", "article", "claim_types", "techniques" — or None.

    Told by the keys it has, so that a bank can have any file name; by the file name when
    its keys are too broken to tell.
    """
    if isinstance(value, dict):
        if "items" in value or "article" in value:
            return "bank"
        if "paragraphs" in value:
            return "article"
        if "types" in value:
            return "claim_types"
        if "techniques" in value:
            return "techniques"
    name = path.name.lower()
    for kind, hint in (("bank", "bank"), ("article", "article"), ("claim_types", "claim_types"),
                       ("techniques", "techniques")):
        if hint in name:
            return kind
    return None


def check_file(path: Path, catalog: Catalog | None) -> tuple[list[Path], list[Problem]]:
    """Check one content file of any kind: the files read and every problem found.

    A bank is checked with its article (so both files are returned). `catalog` is None when
    the claim types or techniques themselves have errors: banks are then not checked.
    """
    value, _raw, problems = _read(path)
    if value is None and problems:
        return [path], problems
    if value is None:
        return [path], [
            Problem(path, 1, 1, "error", _("the file is empty; see AUTHORING.md for what goes in it"))
        ]
    kind = content_kind(value, path)
    if kind == "bank":
        if catalog is None:
            return [path], [
                Problem(path, 1, 1, "error",
                        _("not checked: the claim types or techniques have errors; fix those first"))
            ]
        _bank, problems = check_bank(path, catalog)
        files = [path]
        if isinstance(value, dict) and isinstance(value.get("article"), str):
            article = bank_article_path(path, value["article"])
            if article.is_file():
                files.insert(0, article)
        return files, problems
    if kind == "article":
        return [path], check_article(path)[1]
    if kind == "claim_types":
        return [path], _check_claim_types(path)[1]
    if kind == "techniques":
        return [path], _check_techniques(path)[1]
    return [path], [
        Problem(
            path, 1, 1, "error",
            _("cannot tell what this file is: a bank has “items”, an article has “paragraphs”"),
        )
    ]


def check_bank_ids(paths: list[Path]) -> list[Problem]:
    """Banks among `paths` that take the id of one before them (scores are kept by bank id).

    A bank copied to start another keeps its id until it is changed; the two would then
    share their learners' history, resume and review. Reads each file again: for `validate`
    when it checks more than one file.
    """
    banks = []
    for path in paths:
        value = _read(path)[0]
        if isinstance(value, YamlMap) and content_kind(value, path) == "bank":
            banks.append((path, value))
    if len(banks) < 2:
        return []
    first: dict[str, Path] = {}
    problems = []
    for path, value in banks:
        bank_id = value.get("id")
        if not isinstance(bank_id, str):
            continue  # reported with the bank's own problems
        if bank_id in first:
            line, column = value.value_marks.get("id", value.mark)
            problems.append(Problem(
                path, line, column, "error",
                _("the bank id “{id}” is also the id of {other}; scores of the two would be mixed, "
                  "so give this bank an id of its own").format(id=bank_id, other=first[bank_id]),
            ))
        else:
            first[bank_id] = path
    return problems


def bank_title(path: Path) -> str:
    """A bank's title for a picker, read quickly without checking the bank (its id if untitled)."""
    try:
        data = yaml.load(path.read_bytes()[:MAX_FILE_BYTES], Loader=_Loader)
    except (OSError, yaml.YAMLError):
        return str(path)
    if isinstance(data, dict):
        return str(data.get("title") or data.get("id") or path.parent.name)
    return str(path)
