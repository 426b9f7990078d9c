"""Checking each translation before it is used: its placeholders must be the original's.

The code fills a translation with `.format(name=…)` (or `% {"name": …}`): a placeholder the
original lacks raises KeyError, a malformed one ValueError, in the middle of a quiz. So each
entry is checked when its catalog is compiled, and a bad one is left out of the compiled
catalog: that message alone is shown in English, the rest of the language still works.

Rules, per entry (fuzzy and untranslated entries are not used, so not checked):

- `{name}` fields (with their `!conversion` and `:spec`), read with `string.Formatter`: the
  translation must parse, and use exactly the original's fields. An original that does not
  parse as a format string is never formatted, so its translation's braces are not checked.
- `%(name)s` fields, when the original has any: the translation must format with Python's
  `%` and use exactly the original's fields.
- Plural entries: each form may use only fields of `msgid` or `msgid_plural`, and every such
  field must appear in at least one form. A form may drop `{count}` ("un archivo"), as
  `msgfmt --check-format` allows, but none may name a field the code does not pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from string import Formatter
from typing import Callable, Iterable

UNKNOWN = "unknown"  # a field the original does not have
MISSING = "missing"  # a field of the original that the translation dropped
MALFORMED = "malformed"  # the translation is not a valid format string

# One %-style conversion with a name: %(count)d, %(name)-10s …
_PERCENT_FIELD = re.compile(r"%\([^)]*\)[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[a-zA-Z%]")


@dataclass(frozen=True)
class EntryProblem:
    """What is wrong with one entry: `kind`, the field or reason, and the entry's original."""

    line: int
    kind: str
    detail: str
    original: str


def brace_fields(text: str) -> set[str]:
    """The `{…}` fields of `text` as written ({count}, {n:>3}); ValueError if malformed."""
    fields = set()
    for _literal, name, spec, conversion in Formatter().parse(text):
        if name is not None:
            fields.add("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return fields


class _Recorder(dict):
    """A mapping that accepts any key, so `text % _Recorder()` checks a %-format string."""

    def __missing__(self, key: str) -> int:
        return 0  # formats with %s, %d, %f, %x and %c alike


def percent_fields(text: str) -> set[str]:
    """The `%(name)s` fields of `text`; ValueError (or TypeError) if it does not format."""
    text % _Recorder()
    return set(_PERCENT_FIELD.findall(text)) - {"%%"}


def _fields_of(originals: Iterable[str]) -> list[tuple[Callable[[str], set[str]], set[str]]]:
    """For each placeholder style the originals use, its reader and their fields together."""
    styles = []
    for reader in (brace_fields, percent_fields):
        fields: set[str] = set()
        try:
            for original in originals:
                fields |= reader(original)
        except (ValueError, TypeError):
            continue  # not a format string of this style: never formatted so
        if reader is brace_fields or fields:
            styles.append((reader, fields))
    return styles


def entry_problems(ids: tuple[str, ...], strings: tuple[str, ...], line: int) -> list[EntryProblem]:
    """The problems of one translated entry: `ids` are msgid (and msgid_plural), `strings` its forms."""
    problems: list[EntryProblem] = []
    original = ids[0]
    plural = len(ids) > 1
    for reader, wanted in _fields_of(ids):
        used: set[str] = set()
        for string in strings:
            try:
                fields = reader(string)
            except (ValueError, TypeError) as error:
                problems.append(EntryProblem(line, MALFORMED, str(error), original))
                break
            used |= fields
            problems.extend(EntryProblem(line, UNKNOWN, f, original) for f in sorted(fields - wanted))
            if not plural:
                problems.extend(EntryProblem(line, MISSING, f, original) for f in sorted(wanted - fields))
        else:
            if plural:  # a form may drop a field, so long as some form keeps it
                problems.extend(EntryProblem(line, MISSING, f, original) for f in sorted(wanted - used))
    return list(dict.fromkeys(problems))  # a field wrong in two plural forms is said once


def drop_bad_entries(catalog) -> list[EntryProblem]:
    """Check every used entry of a Babel catalog; remove the bad ones, and say what was wrong."""
    problems: list[EntryProblem] = []
    for message in list(catalog):
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        strings = tuple(s for s in strings if s)  # an empty form shows the English
        if not strings:
            continue
        found = entry_problems(ids, strings, message.lineno or 0)
        if found:
            problems.extend(found)
            catalog.delete(message.id, context=message.context)
    return problems
