"""What is wrong with a content file, and where: `Problem` and `ContentError`.

Every problem is reported as `FILE:LINE:COL: error|warning: message`, pointing at the spot in
the YAML a teacher has to fix. Loading never raises anything but `ContentError` for bad
input: the front ends print its problems and stop cleanly.

A problem is data (a code from `quiz.banks.messages` and plain parameters); it is worded
when shown, in the language active then.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from quiz.banks.messages import word
from quiz.terminal_text import printable
from quiz.i18n import _

Param = str | int | float


class Severity(StrEnum):
    """An error stops a bank from loading; a warning does not, but is worth a look."""

    ERROR = "error"
    WARNING = "warning"


def _plain(value: Any) -> Param:
    # Parameters are pickled with cached banks: keep them to plain values.
    return value if isinstance(value, (str, int, float)) else str(value)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, and where: a message code and its parameters."""

    path: Path
    line: int
    column: int
    severity: Severity
    code: str  # a key of quiz.banks.messages.MESSAGES
    params: tuple[tuple[str, Param], ...] = ()

    @classmethod
    def at(
        cls, path: Path, line: int, column: int, code: str,
        severity: Severity = Severity.ERROR, /, **params: Any,
    ) -> Problem:
        """The problem `code` at `path`:`line`:`column`, its parameters made plain values."""
        plain = tuple((name, _plain(value)) for name, value in params.items())
        return cls(path, line, column, severity, code, plain)

    @property
    def message(self) -> str:
        """What is wrong, in the active language."""
        return word(self.code, dict(self.params))

    def __str__(self) -> str:
        severity = _("error") if self.severity == Severity.ERROR else _("warning")
        # A file name may hold control characters: shown as symbols, never sent to the terminal.
        return f"{printable(str(self.path))}:{self.line}:{self.column}: {severity}: {self.message}"


class ContentError(Exception):
    """A content file could not be used; `problems` says why and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(problems)

    def __str__(self) -> str:
        # Worded when shown, like each problem.
        return "\n".join(str(p) for p in self.problems)
