"""The generic checker of a content file's keys: field tables and `FileChecker`.

A table maps each key a mapping may have to a `Field` (its type, whether it is required);
`FileChecker.fields` reports unknown, missing, empty, mistyped and TODO values against it.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

from quiz.banks import yaml_reader
from quiz.banks.problems import Problem, Severity
from quiz.banks.yaml_reader import Mark, YamlList, YamlMap
from quiz.i18n import N_


TODO = "TODO"  # what `media-quiz new-bank` writes where a teacher still has to decide


def is_todo(value: Any) -> bool:
    """Whether `value` is a placeholder a teacher has not replaced yet."""
    return isinstance(value, str) and value.strip() == TODO


@dataclass(frozen=True)
class Field:
    """What a key in a content file must hold.

    The loader checks these; `quiz.banks.schemas` writes the JSON Schemas editors use from
    the same tables, so the two cannot drift apart. The attributes after `is_id` are
    checked by the code of each table's file (with messages of their own) and describe
    the value to editors.
    """

    kind: type | tuple[type, ...]
    required: bool = False
    kind_name: str = ""
    is_id: bool = False  # names folders and stored scores: a plain name, never a path
    description: str = ""  # for editors, in the JSON Schema (English, like AUTHORING.md)
    choices: tuple[str, ...] = ()  # the only values allowed
    catalog: str = ""  # "types" or "techniques": the value (each entry of a list) is one of those ids
    minimum: float | None = None
    maximum: float | None = None
    pattern: re.Pattern[str] | None = None  # what the whole text must match
    fields: dict[str, Field] | None = None  # a mapping's keys (of each entry, for a list)
    min_entries: int = 0  # for a list
    unique_entries: bool = False  # for a list: no entry twice
    schema_def: str = ""  # its name under "$defs" in the JSON Schema, when it has one

    def described(self, description: str) -> Field:
        """This field with `description` for editors."""
        return replace(self, description=description)


TEXT = Field(str, kind_name="text")
REQUIRED_TEXT = Field(str, required=True, kind_name="text")
ID = Field(str, required=True, kind_name="text", is_id=True)
# Letters, digits, - _ and dots between them: no slashes, no "..", nothing hidden.
ID_PATTERN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*")


class FileChecker:
    """Collects the problems of one content file, each at its YAML position."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, mark: Mark, code: str, /, **params: Any) -> None:
        """Report the error `code` (see quiz.banks.messages) at `mark`."""
        self.problems.append(Problem.at(self.path, mark[0], mark[1], code, **params))

    def warning(self, mark: Mark, code: str, /, **params: Any) -> None:
        """Report the warning `code` (see quiz.banks.messages) at `mark`."""
        self.problems.append(Problem.at(self.path, mark[0], mark[1], code, Severity.WARNING, **params))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @classmethod
    def read(cls, path: Path, what: str) -> tuple[FileChecker, YamlMap | None, bytes]:
        """A checker for the file `path`, its top-level mapping and the file's bytes.

        The mapping is None when the file cannot be read or is not a mapping (`what`, an N_
        word, names it in the message). After a duplicate key it is still given: the key is
        reported, and the rest of the file can be checked too.
        """
        value, raw, problems = yaml_reader.read_document(path)
        checker = cls(path)
        checker.problems.extend(problems)
        if value is None and problems:
            return checker, None, raw
        return checker, checker.mapping(value, (1, 1), what), raw

    def mapping(self, value: Any, mark: Mark, what: str) -> YamlMap | None:
        """`value` if it is a mapping; else reports that `what` (an N_ word) must be one."""
        if isinstance(value, YamlMap):
            return value
        self.error(mark, "not-a-mapping", what=what)
        return None

    def fields(
        self,
        mapping: YamlMap,
        spec: dict[str, Field],
        what: str,
        todo: dict[str, tuple[str, dict[str, Any]]] | None = None,
    ) -> dict[str, Any]:
        """The values of `mapping` that match `spec`; reports unknown, missing and mistyped keys.

        A value left as TODO is reported with `todo[key]`, a message code and its parameters
        (or a general message), and left out. `what` is an N_ word naming the mapping.
        """
        found: dict[str, Any] = {}
        for key, value in mapping.items():
            key_mark = mapping.key_marks[key]
            if key not in spec:
                close = closest(key, spec)
                if close:
                    self.error(key_mark, "unknown-key-close", key=key, what=what, close=close)
                else:
                    self.error(key_mark, "unknown-key", key=key, what=what, known=", ".join(spec))
                continue
            field = spec[key]
            value_mark = mapping.value_marks[key]
            if is_todo(value):
                code, params = (todo or {}).get(key) or ("todo", {"key": key})
                self.error(value_mark, code, **params)
                continue
            if value is None and field.required:
                # `key:` with nothing after it reads as null; to a teacher that is just empty.
                self.error(value_mark, "empty", key=key)
                continue
            ok = isinstance(value, field.kind) and not (
                isinstance(value, bool) and field.kind in (int, float, (int, float))
            )
            if not ok:
                self.error(value_mark, "wrong-kind", key=key, kind=_kind_name(field), **_described(value))
                continue
            if isinstance(value, str) and field.required and not value.strip():
                self.error(value_mark, "empty", key=key)
                continue
            if field.is_id and isinstance(value, str) and not is_todo(value) and not ID_PATTERN.fullmatch(value):
                self.error(value_mark, "bad-id", value=value)
                continue
            found[key] = value
        for key, field in spec.items():
            if field.required and key not in mapping:
                self.error(mapping.mark, "missing-key", what=what, key=key)
        return found

    def text_list(self, mapping: YamlMap, key: str, value: Any) -> list[tuple[str, Mark]]:
        """The entries of a list of text, each with its position."""
        if not isinstance(value, YamlList):
            self.error(mapping.value_marks[key], "not-a-list", key=key)
            return []
        entries = []
        for entry, mark in zip(value, value.item_marks):
            if isinstance(entry, str) and entry.strip():
                entries.append((entry, mark))
            else:
                self.error(mark, "blank-entry", key=key)
        return entries

    def unknown_choice(self, mark: Mark, what: str, value: Any, known: tuple[str, ...]) -> None:
        """Report `value` as not one of `known`, naming the closest (`what` is an N_ word)."""
        close = closest(value, known)
        if close:
            self.error(mark, "unknown-choice-close", what=what, value=value, close=close)
        else:
            self.error(mark, "unknown-choice", what=what, value=value, known=", ".join(known))

    def sorted_problems(self) -> list[Problem]:
        """The problems in the order of the file, as a teacher reads it."""
        return sorted(self.problems, key=lambda p: (p.line, p.column))


def closest(value: Any, known: Iterable[str]) -> str | None:
    """The known word `value` was most likely meant to be ("FACT" → "fact", "opinon" →
    "opinion"), or None when none is close. Case is ignored: ids and keys are lower-case,
    and a word typed in capitals is the same word."""
    by_folded = {word.casefold(): word for word in known}
    close = difflib.get_close_matches(str(value).casefold(), list(by_folded), n=1, cutoff=0.6)
    return by_folded[close[0]] if close else None


def _kind_name(field: Field) -> str:
    """What `field` must hold, as an untranslated word (worded when the problem is shown)."""
    names = {
        str: N_("text"),
        int: N_("a whole number"),
        bool: N_("true or false"),
        YamlList: N_("a list"),
        YamlMap: N_("a mapping"),
    }
    if isinstance(field.kind, tuple):
        if float in field.kind:
            return N_("a number")
        if len(field.kind) > 1:
            return field.kind_name  # an N_ word of the field's own (on or off)
        (kind,) = field.kind  # other kinds are one type each: one word names them
        return names[kind]
    return names.get(field.kind, field.kind_name or field.kind.__name__)


def _described(value: Any) -> dict[str, Any]:
    """The parameters `actual` (an untranslated word for what `value` is) and, for a number, `value`."""
    if value is None:
        return {"actual": N_("nothing")}
    if isinstance(value, bool):
        return {"actual": N_("true/false")}
    if isinstance(value, (int, float)):
        return {"actual": N_("a number ({value})"), "value": value}
    if isinstance(value, str):
        return {"actual": N_("text")}
    if isinstance(value, list):
        return {"actual": N_("a list")}
    if isinstance(value, dict):
        return {"actual": N_("a mapping")}
    if isinstance(value, datetime.date):
        return {"actual": N_("a date")}
    return {"actual": type(value).__name__}


def entries_of(value: Any) -> list[tuple[Any, Mark]]:
    """The entries of a YAML list with their positions ([] for anything else)."""
    if isinstance(value, YamlList):
        return list(zip(value, value.item_marks))
    return []
