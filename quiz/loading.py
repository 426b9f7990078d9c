"""Reading articles, banks and definitions from YAML, and checking them.

Every problem is reported as `FILE:LINE:COL: error|warning: message`, pointing at the spot in
the YAML a teacher has to fix. Loading never raises anything but `ContentError` for bad
input: the front ends print its problems and stop cleanly.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from quiz.i18n import _
from quiz.model import (
    DIFFICULTIES,
    MODES,
    Article,
    Bank,
    BankOptions,
    Catalog,
    ClaimType,
    Item,
    Technique,
)
from quiz.paths import content_dir

try:  # The C parser is several times faster; the pure-Python one gives the same result.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 5 * 1024 * 1024
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
        known = self.built.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.MappingNode):
            self.scalars.flatten_mapping(node)
            result = YamlMap()
            result.mark = _mark(node)
            result.key_marks, result.value_marks = {}, {}
            size = 1
            for key_node, value_node in node.value:
                key, key_size = self._build(key_node)
                value, value_size = self._build(value_node)
                size += key_size + value_size
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    self._error(key_node, _("a key must be plain text"))
                    continue
                if key in result:
                    line, _column = result.key_marks[key]
                    self._error(
                        key_node,
                        _("duplicate key “{key}” (first given on line {line}); keep one").format(
                            key=key, line=line
                        ),
                    )
                    continue
                result[key] = value
                result.key_marks[key] = _mark(key_node)
                result.value_marks[key] = _mark(value_node)
            built: tuple[Any, int] = (result, size)
        elif isinstance(node, yaml.SequenceNode):
            values = YamlList()
            values.mark = _mark(node)
            values.item_marks = []
            size = 1
            for child in node.value:
                value, child_size = self._build(child)
                values.append(value)
                values.item_marks.append(_mark(child))
                size += child_size
            built = (values, size)
        else:
            built = (self.scalars.construct_object(node), 1)
        if built[1] > MAX_NODES:
            raise _TooLarge(node)
        self.built[id(node)] = built
        return built

    def _error(self, node: yaml.Node, message: str) -> None:
        line, column = _mark(node)
        self.problems.append(Problem(self.path, line, column, "error", message))


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def read_yaml(path: Path) -> tuple[Any, bytes]:
    """The YAML document in `path` with positions, and the file's bytes.

    Raises ContentError for a missing, unreadable, oversized, non-UTF-8 or malformed file.
    """
    def fail(message: str, line: int = 1, column: int = 1) -> ContentError:
        return ContentError([Problem(path, line, column, "error", message)])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail(_("file not found; check the path")) from None
    except IsADirectoryError:
        raise fail(_("this is a folder; name a YAML file")) from None
    except OSError as error:
        raise fail(_("cannot read the file ({reason})").format(reason=error.strerror)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise fail(
            _("the file is larger than {limit} MB; split it into several banks").format(
                limit=MAX_FILE_BYTES // (1024 * 1024)
            )
        )
    if b"\x00" in raw:
        raise fail(_("this is not a text file; save it as UTF-8 text"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise fail(_("the file is not UTF-8 text; save it as UTF-8"), line, column) from None
    problems: list[Problem] = []
    try:
        root = yaml.compose(text, Loader=_Loader)
        value = _Builder(path, problems).build(root) if root is not None else None
    except _TooLarge as error:
        line, column = _mark(error.node)
        raise fail(
            _("the file expands to too many values (aliases nested too deep); remove the aliases"),
            line,
            column,
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise fail(
            _("this is not valid YAML ({reason}); check quotes, colons and indentation").format(
                reason=reason
            ),
            line,
            column,
        ) from None
    except (yaml.YAMLError, ValueError, TypeError) as error:
        raise fail(_("this is not valid YAML ({reason})").format(reason=error)) from None
    if problems:
        raise ContentError(problems)
    return value, raw


# --- Checking fields ------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """What a key in a content file must hold."""

    kind: type | tuple[type, ...]
    required: bool = False
    kind_name: str = ""


_TEXT = Field(str, kind_name="text")
_REQUIRED_TEXT = Field(str, required=True, kind_name="text")


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

    def fields(self, mapping: YamlMap, spec: dict[str, Field], what: str) -> dict[str, Any]:
        """The values of `mapping` that match `spec`; reports unknown, missing and mistyped keys."""
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
            ok = isinstance(value, field.kind) and not (
                isinstance(value, bool) and field.kind in (int, float, (int, float))
            )
            if not ok:
                self.error(
                    mapping.value_marks[key],
                    _("“{key}” must be {kind}, not {actual}").format(
                        key=key, kind=_kind_name(field), actual=_describe(value)
                    ),
                )
                continue
            if isinstance(value, str) and field.required and not value.strip():
                self.error(
                    mapping.value_marks[key], _("“{key}” is empty; write it out").format(key=key)
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
    return type(value).__name__


# --- Definitions: claim types and techniques -------------------------------------------------


def _load_definitions(
    path: Path, top_key: str, spec: dict[str, Field], make: Callable[..., Any], what: str
) -> tuple[Any, ...]:
    value, _raw = read_yaml(path)
    checker = FileChecker(path)
    root = checker.mapping(value, (1, 1), _("the file"))
    records = []
    if root is not None:
        entries = checker.fields(root, {top_key: Field(YamlList, required=True)}, _("the file"))
        seen: set[str] = set()
        for entry, mark in zip(entries.get(top_key, []), entries.get(top_key, YamlList()).item_marks):
            mapping = checker.mapping(entry, mark, what)
            if mapping is None:
                continue
            fields = checker.fields(mapping, spec, what)
            if fields.get("id") in seen:
                checker.error(
                    mapping.value_marks["id"],
                    _("duplicate id “{id}”; give each entry its own id").format(id=fields["id"]),
                )
            seen.add(fields.get("id", ""))
            if len(fields) == len(spec):
                records.append(make(**fields))
    checker.raise_if_errors()
    return tuple(records)


_CLAIM_TYPE_FIELDS = {
    "id": _REQUIRED_TEXT,
    "name": _REQUIRED_TEXT,
    "key": _REQUIRED_TEXT,
    "definition": _REQUIRED_TEXT,
    "example": _REQUIRED_TEXT,
}
_TECHNIQUE_FIELDS = {
    "id": _REQUIRED_TEXT,
    "name": _REQUIRED_TEXT,
    "definition": _REQUIRED_TEXT,
    "example": _REQUIRED_TEXT,
}


def load_catalog(folder: Path | None = None) -> Catalog:
    """The claim types and techniques (shipped ones unless `folder` is given)."""
    folder = folder or content_dir()
    return Catalog(
        claim_types=_load_definitions(
            folder / "claim_types.yaml", "types", _CLAIM_TYPE_FIELDS, ClaimType, _("a claim type")
        ),
        techniques=_load_definitions(
            folder / "techniques.yaml", "techniques", _TECHNIQUE_FIELDS, Technique, _("a technique")
        ),
    )


# --- Articles ---------------------------------------------------------------------------------

_ARTICLE_FIELDS = {
    "id": _REQUIRED_TEXT,
    "title": _REQUIRED_TEXT,
    "dek": _TEXT,
    "author": _REQUIRED_TEXT,
    "author_bio": _TEXT,
    "publication": _REQUIRED_TEXT,
    "date": Field((str,), required=True, kind_name="a date"),
    "pull_quotes": Field(YamlList),
    "paragraphs": Field(YamlList, required=True),
}


def load_article(path: Path) -> tuple[Article, bytes]:
    """The article in `path`, and the file's bytes (for the content hash)."""
    value, raw = read_yaml(path)
    checker = FileChecker(path)
    root = checker.mapping(value, (1, 1), _("an article file"))
    article = None
    if root is not None:
        if "date" in root and not isinstance(root["date"], str):
            root["date"] = str(root["date"])  # an unquoted 2022-08-12 reads as a date
        fields = checker.fields(root, _ARTICLE_FIELDS, _("the article"))
        paragraphs = (
            checker.text_list(root, "paragraphs", fields["paragraphs"])
            if "paragraphs" in fields
            else []
        )
        if "paragraphs" in fields and not paragraphs and not checker.has_errors:
            checker.error(root.value_marks["paragraphs"], _("the article has no paragraphs"))
        if not checker.has_errors:
            fields.pop("pull_quotes", None)
            fields["paragraphs"] = tuple(text for text, _mark in paragraphs)
            article = Article(**fields)
    checker.raise_if_errors()
    assert article is not None
    return article, raw


# --- Banks ------------------------------------------------------------------------------------

_BANK_FIELDS = {
    "id": _REQUIRED_TEXT,
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
    "id": _REQUIRED_TEXT,
    "paragraph": Field(int, required=True),
    "passage": _REQUIRED_TEXT,
    "answer": _REQUIRED_TEXT,
    "accept": Field(YamlList),
    "difficulty": _TEXT,
    "cues": Field(YamlList),
    "technique": _TEXT,
    "explanation": _REQUIRED_TEXT,
}


def load_bank(path: Path, catalog: Catalog) -> Bank:
    """The bank in `path` with its article, checked against the article and `catalog`.

    Raises ContentError listing every problem found, in file order.
    """
    value, raw = read_yaml(path)
    checker = FileChecker(path)
    root = checker.mapping(value, (1, 1), _("a bank file"))
    if root is None:
        checker.raise_if_errors()
    assert root is not None
    fields = checker.fields(root, _BANK_FIELDS, _("the bank"))
    if "article" not in fields:
        checker.raise_if_errors()
    article_path = path.parent / fields["article"]
    try:
        article, article_raw = load_article(article_path)
    except ContentError as error:
        raise ContentError(checker.problems + error.problems) from None
    options = _check_options(checker, root, fields.get("options"))
    items = _check_items(checker, root, fields.get("items", YamlList()), article, catalog)
    checker.raise_if_errors()
    digest = hashlib.sha256(raw + b"\0" + article_raw).hexdigest()
    return Bank(
        id=fields["id"],
        title=fields["title"],
        description=fields.get("description", ""),
        language=fields.get("language", "en"),
        article=article,
        items=tuple(items),
        options=options,
        content_hash=digest,
    )


def _check_options(checker: FileChecker, root: YamlMap, value: YamlMap | None) -> BankOptions:
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
    return BankOptions(**fields)


def _check_items(
    checker: FileChecker, root: YamlMap, entries: YamlList, article: Article, catalog: Catalog
) -> list[Item]:
    type_ids = catalog.type_ids
    technique_ids = tuple(t.id for t in catalog.techniques)
    items: list[Item] = []
    seen: dict[str, Mark] = {}
    if not entries and "items" in root:
        checker.error(root.value_marks["items"], _("the bank has no items; add at least one"))
    for entry, mark in zip(entries, entries.item_marks):
        mapping = checker.mapping(entry, mark, _("an item"))
        if mapping is None:
            continue
        before = len(checker.problems)
        fields = checker.fields(mapping, _ITEM_FIELDS, _("an item"))
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
        elif answer == "rhetoric" and technique is None:
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
        if paragraph is not None and not 1 <= paragraph <= len(article.paragraphs):
            checker.error(
                at("paragraph"),
                _("there is no paragraph {number}; the article has {count} (count from 1)").format(
                    number=paragraph, count=len(article.paragraphs)
                ),
            )
        elif paragraph is not None and passage is not None:
            check_passage(checker, at("passage"), passage, paragraph, article)

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

        if len(checker.problems) == before or not any(
            p.severity == "error" for p in checker.problems[before:]
        ):
            items.append(
                Item(
                    id=item_id,
                    passage=passage,
                    answer=answer,
                    explanation=fields["explanation"],
                    paragraph=paragraph,
                    cues=tuple(cues),
                    accept=tuple(accept),
                    technique=technique,
                    difficulty=difficulty,
                )
            )
    return items


def check_passage(
    checker: FileChecker, mark: Mark, passage: str, paragraph: int, article: Article
) -> None:
    """Report a passage that is not word for word in its paragraph, naming the closest text."""
    if passage in article.paragraph(paragraph):
        return
    elsewhere = [n for n, text in enumerate(article.paragraphs, 1) if passage in text]
    if elsewhere:
        checker.error(
            mark,
            _("the passage is in paragraph {found}, not {given}; fix “paragraph”").format(
                found=elsewhere[0], given=paragraph
            ),
        )
        return
    closest = closest_passage(passage, article.paragraph(paragraph))
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
