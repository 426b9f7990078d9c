"""A teacher's class list for `media-quiz serve --roster FILE`: who may sign in, with which code.

The file is CSV, as a spreadsheet saves it ("CSV UTF-8"): one student a line, their name and
the code the teacher gives them, separated by a comma (a semicolon, as some spreadsheets write
it, works too). A first line `name,code` (or those two words in the quiz's language) is a
heading and is skipped; empty lines are skipped.

    name,code
    Ana García,fox-41
    Ben Okafor,7302

With a class list only the names on it sign in, each with their code (typed in any letter
case); nobody chooses a PIN. Names are one person in any letter case, as everywhere
(quiz.scores.names). A file that cannot be used is refused with its line and what to change.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from quiz.i18n import _
from quiz.scores.names import clean_name, name_key
from quiz.terminal_text import printable

CODE_MIN, CODE_MAX = 4, 40  # characters
_MAX_BYTES = 1024 * 1024  # a class list of thousands of students is far smaller


class RosterError(ValueError):
    """The class list cannot be used; the message names the file, the line and what to do."""


@dataclass(frozen=True)
class RosterEntry:
    name: str  # as the teacher wrote it: the learner's name in the scores
    code: str
    line: int


@dataclass(frozen=True)
class Roster:
    """The students of a class list, by their name's key."""

    path: Path
    entries: dict[str, RosterEntry]

    def find(self, name: str) -> RosterEntry | None:
        """The student called `name` (in any letter case), or None when not on the list."""
        try:
            return self.entries.get(name_key(name))
        except ValueError:
            return None


def _headings() -> list[list[str]]:
    """The first lines that are a heading, not a student: `name,code`, or the same two words in
    the language the quiz runs in (a teacher may head the columns in their own)."""
    # TRANSLATORS: the headings a teacher may give the two columns of a class list (name,code);
    # a first line "name,code" or with these two words is skipped as the heading.
    local = [_("name").casefold(), _("code").casefold()]
    return [["name", "code"], local]


def read_roster(path: Path) -> Roster:
    """The class list at `path`. Raises RosterError naming the file, line and fix."""
    shown = printable(str(path))
    try:
        data = path.read_bytes()[: _MAX_BYTES + 1]
    except OSError as error:
        raise RosterError(
            _("Cannot read the class list {path}: {reason}").format(path=shown, reason=error.strerror or error)
        ) from None
    if len(data) > _MAX_BYTES:
        raise RosterError(_("{path}: the class list is larger than 1 MB; is it the right file?").format(path=shown))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RosterError(
            _("{path}:{line}: not UTF-8 text; save the file again as “CSV UTF-8” from the spreadsheet.").format(
                path=shown, line=line
            )
        ) from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if ";" in first and "," not in first else ","
    entries: dict[str, RosterEntry] = {}
    for number, row in enumerate(csv.reader(lines, delimiter=delimiter), 1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if not entries and [cell.casefold() for cell in cells] in _headings():
            continue  # the heading
        where = f"{shown}:{number}"
        if len(cells) != 2:
            raise RosterError(
                # TRANSLATORS: the example is one line of the file: a name, a comma, a code (a
                # name of your language is fine; keep the comma).
                _(
                    "{where}: a line needs two columns, the name and the code, separated by a "
                    "comma (found {count}), e.g. Ana García,fox-41"
                ).format(where=where, count=len(cells))
            )
        name, code = cells
        try:
            name = clean_name(name)
        except ValueError as error:
            raise RosterError(f"{where}: {error}") from None
        if not CODE_MIN <= len(code) <= CODE_MAX:
            raise RosterError(
                _("{where}: the code of {name} must have {least} to {most} characters.").format(
                    where=where, name=name, least=CODE_MIN, most=CODE_MAX
                )
            )
        known = entries.get(name_key(name))
        if known is not None:
            raise RosterError(
                _("{where}: {name} is listed twice (also on line {line}); list each student once.").format(
                    where=where, name=name, line=known.line
                )
            )
        entries[name_key(name)] = RosterEntry(name, code, number)
    if not entries:
        raise RosterError(
            _("{path}: the class list names no student; write one line per student: name,code").format(path=shown)
        )
    return Roster(path, entries)
