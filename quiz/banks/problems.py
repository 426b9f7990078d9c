"""What is wrong with a content file, and where: `Problem` and `ContentError`.

Every problem is reported as `FILE:LINE:COL: error|warning: message`, pointing at the spot in
the YAML a teacher has to fix. Loading never raises anything but `ContentError` for bad
input: the front ends print its problems and stop cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quiz.i18n import _


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

