"""Answers read out of a score file for export: nothing changed, everything readable kept.

A teacher exports from the live file, from a backup on read-only media, from a colleague's copy
or from a damaged file. The file is only read (quiz.scores.database.read_without_writing):
nothing is created, migrated or locked for writing. Each table is read in id order; where a
damaged page stops the reading, the first id readable again is searched for and reading goes
on from there, so a bad page costs only the rows on it. Rows are never deleted from a score
file, so ids run 1, 2, 3 …: the ids skipped over are exactly the rows lost (counted from an
index of the table instead, where one is readable).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from quiz.i18n import _
from quiz.scores.database import (
    StoreError,
    StoreReadOnly,
    read_without_writing,
    translate,
    unusable_file,
)
from quiz.scores.migrations import APPLICATION_ID, missing_columns, read_format
from quiz.scores.names import name_key
from quiz.scores.records import ExportRow, evidence_from_json

# What an export reads of each table, besides `id`. Every schema version so far has them all;
# a file lacking one is reported by name rather than guessed at. (Columns added later, such as
# answers.context_seen, are read where the file has them: OPTIONAL_COLUMNS.)
EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "learners": ("name",),
    "attempts": ("learner_id", "started_at", "finished_at", "item_ids", "mode"),
    "answers": (
        "attempt_id", "bank_id", "bank_hash", "item_id", "correct_type", "chosen", "outcome",
        "points", "seconds", "locale", "answered_at",
    ),
}
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "attempts": ("calibration_guess", "test", "form"),
    "answers": (
        "context_seen", "evidence_spans", "evidence_words", "evidence_precision", "evidence_recall",
    ),
}
_LARGEST_ID = 2**63 - 1
_CORRUPT = 11  # SQLite's SQLITE_CORRUPT


@dataclass(frozen=True)
class ExportRead:
    """What could be read for an export."""

    rows: list[ExportRow]  # ordered as ScoreStore.answers_for_export orders them
    unreadable: int  # answers known to be in the file that could not be read (or whose attempt or learner could not)
    end_unreadable: bool  # the end of the answers could not be read: more may be missing


@dataclass
class _Table:
    rows: dict[int, tuple]
    lost_ids: list[tuple[int, int | None]]  # id ranges (first, last) that could not be read; None: to the end
    known_ids: set[int] | None  # every id the table has, from an index, where one could be read

    def lost(self) -> tuple[int, bool]:
        """How many rows were lost, and whether the count is only a lower bound (the end is lost)."""
        if self.known_ids is not None:
            return len(self.known_ids - self.rows.keys()), False
        count = sum(last - first + 1 for first, last in self.lost_ids if last is not None)
        return count, any(last is None for _first, last in self.lost_ids)


def read_export_rows(path: Path, learner_name: str | None = None) -> ExportRead:
    """The answers in the score file at `path` (of `learner_name` only, if given), read only.

    No file means no answers. Raises `StoreError` for a file that is empty, not a media-quiz
    score file or lacks a column an export needs, and ValueError for an empty learner name.
    """
    wanted = name_key(learner_name) if learner_name is not None else None
    if not path.exists():
        return ExportRead([], 0, False)
    if path.is_file() and path.stat().st_size == 0:
        raise unusable_file(path, "empty")
    try:
        return read_without_writing(path, lambda db: _read(db, path, wanted))
    except sqlite3.Error as error:
        translated = translate(error, path)
    if isinstance(translated, StoreReadOnly):
        # Answers still in the -wal file are read through a -shm file SQLite must create.
        message = _(
            "The score file {path} cannot be read where it is: answers are still in its -wal "
            "file, which SQLite reads through a -shm file it cannot create in a read-only folder. "
            "Copy the folder somewhere writable and export from the copy."
        ).format(path=path)
        raise StoreError(message, path)
    raise translated


def _read(db: sqlite3.Connection, path: Path, wanted: str | None) -> ExportRead:
    if read_format(db).application_id != APPLICATION_ID:
        raise unusable_file(path, "not ours")
    missing = missing_columns(db, {table: ("id", *columns) for table, columns in EXPORT_COLUMNS.items()})
    if missing:
        message = _(
            "The score file {path} cannot be exported: it lacks {columns}. It was left untouched; "
            "export it with the media-quiz that wrote it."
        ).format(path=path, columns=", ".join(missing))
        raise StoreError(message, path)
    present = {table: columns + _present(db, table) for table, columns in EXPORT_COLUMNS.items()}
    learners, attempts, answers = (_read_table(db, table, columns) for table, columns in present.items())
    unreadable, end_unreadable = answers.lost()
    rows = []
    for answer_id in sorted(answers.rows):
        row = _export_row(
            learners.rows,
            attempts.rows,
            dict(zip(present["answers"], answers.rows[answer_id])),
            present["attempts"],
        )
        if row is None:
            unreadable += 1  # read, but whose it is cannot be
        elif wanted is None or name_key(row.learner) == wanted:
            rows.append(row)
    rows.sort(key=lambda row: (name_key(row.learner), row.attempt_id))  # stable: answers stay in order
    if unreadable or end_unreadable:
        rows = _without_unsure_scores(rows)
    return ExportRead(rows, unreadable, end_unreadable)


def _present(db: sqlite3.Connection, table: str) -> tuple[str, ...]:
    """The optional columns of `table` this file has (an older file lacks them)."""
    wanted = OPTIONAL_COLUMNS.get(table, ())
    return tuple(column for column in wanted if not missing_columns(db, {table: (column,)}))


def _without_unsure_scores(rows: list[ExportRow]) -> list[ExportRow]:
    """`rows`, with attempts that may have lost answers no longer marked finished.

    An xAPI "completed" statement scores a whole finished attempt: one missing an unreadable
    answer would send a learning record store a wrong score. Only an attempt with an answer
    for every item is sure to be whole; the others are exported answer by answer only.
    """
    answered = Counter(row.attempt_id for row in rows)
    return [
        row if answered[row.attempt_id] >= row.attempt_item_count else replace(row, attempt_finished_at=None)
        for row in rows
    ]


def _export_row(
    learners: dict[int, tuple], attempts: dict[int, tuple], answer: dict, attempt_columns: tuple[str, ...]
) -> ExportRow | None:
    """The export row of one answer (its columns by name), or None when its attempt or learner
    could not be read. Columns an older file lacks take ExportRow's defaults."""
    attempt_row = attempts.get(answer["attempt_id"])
    attempt = dict(zip(attempt_columns, attempt_row)) if attempt_row is not None else None
    learner = learners.get(attempt["learner_id"]) if attempt is not None else None
    if attempt is None or learner is None:
        return None
    try:
        item_count = len(json.loads(attempt["item_ids"]))
    except (TypeError, ValueError):
        return None  # a damaged value on a page SQLite could still read
    spans, words = evidence_from_json(answer.get("evidence_spans"), answer.get("evidence_words"))
    return ExportRow(
        learner=learner[0],
        attempt_id=answer["attempt_id"],
        attempt_started_at=attempt["started_at"],
        attempt_finished_at=attempt["finished_at"],
        attempt_item_count=item_count,
        mode=attempt["mode"],
        bank_id=answer["bank_id"],
        bank_hash=answer["bank_hash"],
        item_id=answer["item_id"],
        correct_type=answer["correct_type"],
        chosen=answer["chosen"],
        outcome=answer["outcome"],
        points=answer["points"],
        seconds=answer["seconds"],
        locale=answer["locale"],
        answered_at=answer["answered_at"],
        context_seen=bool(answer.get("context_seen", False)),
        evidence_spans=spans,
        evidence_words=words,
        evidence_precision=answer.get("evidence_precision") if spans else None,
        evidence_recall=answer.get("evidence_recall") if spans else None,
        calibration_guess=attempt.get("calibration_guess"),
        test=attempt.get("test"),
        form=attempt.get("form"),
    )


def _read_table(db: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> _Table:
    """Every readable row of `table` by id, reading past damaged pages."""
    select = f"SELECT id, {', '.join(columns)} FROM {table} WHERE id >= ? ORDER BY id"
    found = _Table({}, [], None)
    start = 1  # the next id to read
    while True:
        try:
            for row in db.execute(select, (start,)):
                found.rows[row[0]] = row[1:]
                start = row[0] + 1
            break
        except sqlite3.DatabaseError as error:
            if not _is_damage(error):
                raise
        # Stepping on to a damaged page can fail before the row ahead of it is handed out:
        # that row is read on its own (a single-row read never steps past it).
        alone = _first_row_from(db, select + " LIMIT 1", start)
        if alone:
            found.rows[alone[0]] = alone[1:]
            start = alone[0] + 1
            continue
        if alone is None:
            break  # nothing at or above `start` after all
        resume = _next_readable_id(db, table, start)
        found.lost_ids.append((start, None if resume is None else resume - 1))
        if resume is None:
            break
        start = resume
    if found.lost_ids:
        found.known_ids = _ids_from_an_index(db, table)
    return found


def _next_readable_id(db: sqlite3.Connection, table: str, failed: int) -> int | None:
    """The id from which `table` can be read again, reading from id `failed` having failed.

    Seeking a row at or above `x` fails while `x` falls on the damaged page and works from the
    next page's first id on: that id is found by doubling steps, then halving. At least
    `failed + 1`, so that a row whose own record is damaged is stepped over. None when nothing
    after `failed` can be read (the end of the table is damaged).
    """
    step = 1
    while not _readable_from(db, table, min(failed + step, _LARGEST_ID)):
        if failed + step >= _LARGEST_ID:
            return None
        step *= 2
    failing, working = failed + step // 2, min(failed + step, _LARGEST_ID)
    while working - failing > 1:
        middle = (failing + working) // 2
        if _readable_from(db, table, middle):
            working = middle
        else:
            failing = middle
    return working


def _readable_from(db: sqlite3.Connection, table: str, first: int) -> bool:
    """Whether the first row of `table` at or above id `first` can be found."""
    return _first_row_from(db, f"SELECT id FROM {table} WHERE id >= ? ORDER BY id LIMIT 1", first) != ()


def _first_row_from(db: sqlite3.Connection, select: str, first: int) -> tuple | None:
    """The row `select` gives for id `first` (None: there is none; (): it cannot be read)."""
    try:
        return db.execute(select, (first,)).fetchone()
    except sqlite3.DatabaseError as error:
        if not _is_damage(error):
            raise
        return ()


def _ids_from_an_index(db: sqlite3.Connection, table: str) -> set[int] | None:
    """Every id of `table`, read from one of its indexes (each holds every row's id), if any can be."""
    try:
        indexes = db.execute(
            "SELECT name FROM pragma_index_list(?) WHERE partial = 0", (table,)
        ).fetchall()
    except sqlite3.DatabaseError as error:
        if not _is_damage(error):
            raise
        return None
    for (index,) in indexes:
        try:
            quoted = '"' + index.replace('"', '""') + '"'
            return {row_id for (row_id,) in db.execute(f"SELECT id FROM {table} INDEXED BY {quoted}")}
        except sqlite3.DatabaseError as error:
            if not _is_damage(error):
                raise
    return None


def _is_damage(error: sqlite3.Error) -> bool:
    """Whether `error` is SQLite finding a damaged page (any other failure is not read past)."""
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) == _CORRUPT
