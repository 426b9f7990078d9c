"""Reading the CSV exports a class report is made from, checking every line.

A file that cannot be used raises a `ReportError` that says where (FILE:LINE) and what to do,
in the reader's language; nothing else escapes. The columns are those quiz.scores.columns
defines, and the export writes.

A spreadsheet program saving the file again may separate the columns with semicolons (where a
comma is the decimal mark) or tabs: the separator is the one of comma, semicolon and tab that
makes the header line hold media-quiz's columns, and with a semicolon or a tab, numbers written
with a decimal comma ("0,5") are read too.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from quiz.core.engine import OUTCOMES
from quiz.core.model import AttemptMode
from quiz.i18n import _, ngettext
from quiz.scores.columns import REQUIRED_COLUMNS, unprotect_cell

# A plain string, as it is compared for every mark; also the mode of exports older than the column.
QUIZ = AttemptMode.QUIZ.value


class ReportError(Exception):
    """An export file cannot be read; the message says where (FILE:LINE) and what to do."""


class Mark(NamedTuple):
    """One answer read from a CSV export (a named tuple: a class's worth is built quickly)."""

    learner: str
    attempt_id: str
    attempt_started_at: str
    mode: str
    bank_id: str
    item_id: str
    correct_type: str
    chosen: str
    outcome: str
    points: float
    max_points: float
    # Columns added later (exports from older versions lack them):
    context_seen: bool | None = None  # the paragraph was open; None: not recorded
    evidence: str = ""  # "marked", "skipped", or "" when not asked
    evidence_precision: float | None = None
    evidence_recall: float | None = None
    calibration_guess: int | None = None  # the attempt's guess at its score
    finished: bool | None = None  # the attempt was finished; None: the export does not say (older)
    test: str = ""  # "pre" or "post" for a pre- or post-test, "" for practice
    form: str = ""  # the parallel form of a test, "a" or "b"


def read_exports(paths: Iterable[Path | str]) -> list[Mark]:
    """Every answer in the CSV exports at `paths` (files written by quiz.scores.export.write_csv).

    Raises ReportError, never anything else, for a file that cannot be used.
    """
    marks: list[Mark] = []
    for path in paths:
        marks.extend(_read_export(Path(path)))
    return marks


def _problem(path: Path, line: int, message: str) -> ReportError:
    return ReportError(f"{path}:{line}: {message}")


def _read_export(path: Path) -> list[Mark]:
    try:
        data = path.read_bytes()
    except OSError as error:
        message = _("cannot be read ({reason}); check the file name.").format(
            reason=error.strerror or error
        )
        raise ReportError(f"{path}: {message}") from None
    try:
        text = data.decode("utf-8-sig")  # a spreadsheet may add a byte-order mark
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _problem(path, line, _(
            "this file is not UTF-8 text. Save it again as “CSV UTF-8”, or export it again "
            "from media-quiz."
        )) from None
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header or not any(name.strip() for name in header):
            raise _problem(path, 1, _("the file is empty; give a CSV export from media-quiz."))
        position = {name.strip(): n for n, name in enumerate(header)}
        missing = [name for name in REQUIRED_COLUMNS if name not in position]
        if missing and len(header) == 1:
            raise _problem(path, 1, _(
                "the first line is not a list of columns separated by commas, semicolons or tabs; "
                "give a CSV export from media-quiz (or save it again as CSV from your spreadsheet)."
            ))
        if missing:
            raise _problem(path, 1, ngettext(
                "missing column {columns}; give a CSV export from media-quiz.",
                "missing columns {columns}; give a CSV export from media-quiz.",
                len(missing),
            ).format(columns=", ".join(missing)))
        columns = _Columns(
            count=len(header),
            mode=position.get("mode"),
            context_seen=position.get("context_seen"),
            evidence=position.get("evidence"),
            evidence_precision=position.get("evidence_precision"),
            evidence_recall=position.get("evidence_recall"),
            calibration_guess=position.get("calibration_guess"),
            finished=position.get("finished"),
            test=position.get("test"),
            form=position.get("form"),
            decimal_comma=delimiter != ",",
            **{name: position[name] for name in REQUIRED_COLUMNS},
        )
        # Plain lists and indexes rather than DictReader: a whole school year reads in a blink.
        return [_mark(path, reader.line_num, fields, columns) for fields in reader if fields]
    except csv.Error as error:
        raise _problem(path, reader.line_num, _(
            "this is not readable CSV ({reason}); export it again from media-quiz."
        ).format(reason=error)) from None


@dataclass(frozen=True)
class _Columns:
    """Where each column of an export stands in its lines (one field per required column)."""

    count: int
    learner: int
    attempt_id: int
    attempt_started_at: int
    bank_id: int
    item_id: int
    correct_type: int
    chosen: int
    outcome: int
    points: int
    max_points: int
    mode: int | None
    context_seen: int | None
    evidence: int | None
    evidence_precision: int | None
    evidence_recall: int | None
    calibration_guess: int | None
    finished: int | None = None
    test: int | None = None
    form: int | None = None
    decimal_comma: bool = False  # semicolons or tabs between columns: "0,5" may be a number


DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    """The separator of the file's columns: the one that makes its first line hold the most of
    media-quiz's required columns (a comma when none does)."""
    first = text.split("\n", 1)[0]
    best, best_found = ",", 0
    for delimiter in DELIMITERS:
        names = {name.strip().strip('"') for name in first.split(delimiter)}
        found = sum(name in names for name in REQUIRED_COLUMNS)
        if found > best_found:
            best, best_found = delimiter, found
    return best


def _text(fields: list[str], at: int) -> str:
    value = fields[at].strip()
    return unprotect_cell(value) if value[:1] == "'" else value


def _mark(path: Path, line: int, fields: list[str], at: _Columns) -> Mark:
    if len(fields) != at.count:
        raise _problem(path, line, _(
            "this line has {found} fields but the header has {expected}; check it, or export "
            "the file again."
        ).format(found=len(fields), expected=at.count))
    learner, attempt_id = _text(fields, at.learner), fields[at.attempt_id].strip()
    bank_id, item_id = _text(fields, at.bank_id), _text(fields, at.item_id)
    correct_type = _text(fields, at.correct_type)
    if not (learner and attempt_id and bank_id and item_id and correct_type):
        values = {"learner": learner, "attempt_id": attempt_id, "bank_id": bank_id,
                  "item_id": item_id, "correct_type": correct_type}
        column = next(name for name, value in values.items() if not value)
        raise _problem(path, line, _(
            "column {column} is empty; fill it in or remove the line."
        ).format(column=column))
    outcome = fields[at.outcome].strip()
    if outcome not in OUTCOMES:
        raise _problem(path, line, _(
            "outcome “{value}” is not one of {allowed}; correct it or remove the line."
        ).format(value=outcome, allowed=", ".join(OUTCOMES)))
    points = _number(path, line, fields[at.points], "points", at.decimal_comma)
    max_points = _number(path, line, fields[at.max_points], "max_points", at.decimal_comma)
    if max_points <= 0 or not 0 <= points <= max_points:
        raise _problem(path, line, _(
            "points {points} must lie between 0 and max_points {max_points}; correct the line."
        ).format(points=fields[at.points].strip(), max_points=fields[at.max_points].strip()))
    evidence = fields[at.evidence].strip() if at.evidence is not None else ""
    precision = recall = None
    if evidence == "marked":
        precision = _share(path, line, fields, at.evidence_precision, "evidence_precision", at.decimal_comma)
        recall = _share(path, line, fields, at.evidence_recall, "evidence_recall", at.decimal_comma)
        if precision is None or recall is None:
            evidence = ""  # marked, but its score is not in the file: not counted
    elif evidence not in ("", "skipped"):
        raise _problem(path, line, _(
            "evidence “{value}” is not one of {allowed}; correct it or remove the line."
        ).format(value=evidence, allowed="marked, skipped"))
    context = fields[at.context_seen].strip() if at.context_seen is not None else ""
    return Mark(
        learner=" ".join(learner.split()),
        attempt_id=attempt_id,
        attempt_started_at=fields[at.attempt_started_at].strip(),
        mode=(fields[at.mode].strip() if at.mode is not None else "") or QUIZ,
        bank_id=bank_id,
        item_id=item_id,
        correct_type=correct_type,
        chosen=_text(fields, at.chosen),
        outcome=outcome,
        points=points,
        max_points=max_points,
        context_seen=None if context == "" else context not in ("0", "false", "False"),
        evidence=evidence,
        evidence_precision=precision,
        evidence_recall=recall,
        calibration_guess=_guess(path, line, fields, at.calibration_guess),
        finished=_finished(fields, at.finished),
        test=_choice(path, line, fields, at.test, "test", ("pre", "post")),
        form=_choice(path, line, fields, at.form, "form", ("a", "b")),
    )


def _finished(fields: list[str], at: int | None) -> bool | None:
    """Whether the attempt was finished; None when the export has no such column (older)."""
    if at is None:
        return None
    return fields[at].strip() not in ("0", "false", "False")


def _choice(path: Path, line: int, fields: list[str], at: int | None, column: str, allowed: tuple[str, ...]) -> str:
    """An optional column of a few values ("" when absent or empty)."""
    if at is None:
        return ""
    value = fields[at].strip().casefold()
    if value and value not in allowed:
        raise _problem(path, line, _(
            "{column} “{value}” is not one of {allowed}; correct it or remove the line."
        ).format(column=column, value=fields[at].strip(), allowed=", ".join(allowed)))
    return value


def _share(
    path: Path, line: int, fields: list[str], at: int | None, column: str, decimal_comma: bool = False
) -> float | None:
    """An optional number from 0 to 1 (None when the column is absent or empty)."""
    if at is None or not fields[at].strip():
        return None
    value = _number(path, line, fields[at], column, decimal_comma)
    if not 0 <= value <= 1:
        raise _problem(path, line, _(
            "{column} {value} must lie between 0 and 1; correct the line."
        ).format(column=column, value=fields[at].strip()))
    return value


def _guess(path: Path, line: int, fields: list[str], at: int | None) -> int | None:
    """The attempt's calibration guess, a whole number from 0 (None when absent or empty)."""
    if at is None or not fields[at].strip():
        return None
    text = fields[at].strip()
    if not text.isdecimal():
        raise _problem(path, line, _(
            "calibration_guess “{value}” is not a whole number from 0; correct it or remove the line."
        ).format(value=text))
    return int(text)


def _number(path: Path, line: int, text: str, column: str, decimal_comma: bool = False) -> float:
    text = text.strip()
    try:
        value = float(text.replace(",", ".") if decimal_comma else text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise _problem(path, line, _(
            "“{value}” in column {column} is not a number; correct it or remove the line."
        ).format(value=text, column=column))
    return value
