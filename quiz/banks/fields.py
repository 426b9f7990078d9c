"""The generic checker of a content file's keys: field tables and `FileChecker`.

A table maps each key a mapping may have to a `Field` (its type, whether it is required);
`FileChecker.fields` reports unknown, missing, empty, mistyped and TODO values against it.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quiz.banks.problems import ContentError, Problem
from quiz.banks.yaml_reader import Mark, YamlList, YamlMap
from quiz.i18n import _


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
            if field.is_id and isinstance(value, str) and not is_todo(value) and not ID_PATTERN.fullmatch(value):
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


def entries_of(value: Any) -> list[tuple[Any, Mark]]:
    """The entries of a YAML list with their positions ([] for anything else)."""
    if isinstance(value, YamlList):
        return list(zip(value, value.item_marks))
    return []


def or_list(choices: tuple[str, ...]) -> str:
    """"fact, inference, opinion or rhetoric"."""
    if len(choices) < 2:
        return "".join(choices)
    return _("{choices} or {last}").format(choices=", ".join(choices[:-1]), last=choices[-1])


def unknown_choice(what: str, value: Any, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(value), list(known), n=1, cutoff=0.6)
    if close:
        return _("unknown {what} “{value}”; did you mean “{close}”?").format(
            what=what, value=value, close=close[0]
        )
    return _("unknown {what} “{value}”; use one of: {known}").format(
        what=what, value=value, known=", ".join(known)
    )

