"""The score file's schema, version by version, and how to tell that a file is ours.

A file records its schema version in SQLite's `user_version` and is marked as media-quiz's by
`application_id`. A file of another program, or one written by a newer media-quiz, is never
migrated: the caller reports it and leaves it as it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from functools import cache
from typing import NamedTuple

# Marks the file as ours ("MQz1"), so that a stray SQLite file of another program is
# recognised and left alone instead of having our tables added to it.
APPLICATION_ID = 0x4D517A31

# Each entry brings the schema from version N to N + 1 (the first creates it). Append only:
# a released migration never changes, because files in the field have already run it.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE learners (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL
        )""",
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            learner_id INTEGER NOT NULL REFERENCES learners(id),
            bank_id TEXT NOT NULL,
            bank_hash TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('quiz', 'review')),
            item_ids TEXT NOT NULL,
            seed INTEGER,
            locale TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT
        )""",
        "CREATE INDEX attempts_by_learner_and_bank ON attempts (learner_id, bank_id)",
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            attempt_id INTEGER NOT NULL REFERENCES attempts(id),
            item_id TEXT NOT NULL,
            correct_type TEXT NOT NULL,
            chosen TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('correct', 'partial', 'wrong')),
            points REAL NOT NULL,
            seconds REAL NOT NULL,
            locale TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            bank_hash TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            UNIQUE (attempt_id, item_id)
        )""",
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
    ),
    # 2: whether the learner opened the passage's paragraph before answering (teachers can see
    # which items need their context); answers saved before were given without knowing.
    ("ALTER TABLE answers ADD COLUMN context_seen INTEGER NOT NULL DEFAULT 0",),
    # 3: the evidence marked with each answer (quiz.core.evidence) and the learner's guess at
    # their score with each attempt. evidence_spans is JSON, [[start, end], …] offsets of the
    # passage as shown, with evidence_words what each span read: NULL when not asked (and for
    # every answer saved before), [] when skipped. The guess is NULL when not given.
    (
        "ALTER TABLE answers ADD COLUMN evidence_spans TEXT",
        "ALTER TABLE answers ADD COLUMN evidence_words TEXT",
        "ALTER TABLE answers ADD COLUMN evidence_precision REAL",
        "ALTER TABLE answers ADD COLUMN evidence_recall REAL",
        "ALTER TABLE attempts ADD COLUMN calibration_guess INTEGER",
    ),
    # 4 (issue 19, sign-in under `serve`): one row per learner who has a PIN or has typed a
    # wrong one, keyed by the learner's name as `quiz.scores.names.name_key` folds it (a row
    # can exist before its learner does: a wrong code for a name on the class list). pin_hash
    # is quiz.scores.pins's "scrypt$N$r$p$salt$hash", NULL when no PIN was chosen (a class
    # list's code). failures counts wrong PINs or codes since the last right one, and
    # locked_until (ISO time, UTC) is when the next try is allowed; kept in the file, so that
    # a new browser tab does not start the count again.
    (
        """CREATE TABLE pins (
            learner_key TEXT PRIMARY KEY,
            pin_hash TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            changed_at TEXT NOT NULL
        )""",
    ),
    # 5 (issue 20): the outbox of xAPI statements for a learning record store (quiz.scores.outbox): each
    # written in the same transaction as the answer it reports, so none is lost or made twice.
    # `statement` is the JSON sent; a row is sent once `held_until` (the evidence or guess still
    # to come) has passed or is NULL. state: waiting, sent, or rejected (by the LRS, with its
    # message in `error`; kept for a look, never sent again by itself).
    (
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            endpoint TEXT NOT NULL,
            statement_id TEXT NOT NULL,
            statement TEXT NOT NULL,
            attempt_id INTEGER NOT NULL REFERENCES attempts(id),
            item_id TEXT,
            created_at TEXT NOT NULL,
            held_until TEXT,
            state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'sent', 'rejected')),
            tries INTEGER NOT NULL DEFAULT 0,
            sent_at TEXT,
            error TEXT,
            UNIQUE (endpoint, statement_id)
        )""",
        "CREATE INDEX outbox_waiting ON outbox (state, held_until)",
    ),
    # 6 (issue 18, pre/post): which test an attempt was and which parallel form it asked (quiz.core.forms):
    # test is 'pre' or 'post', form 'a' or 'b'; both NULL for practice (and for every attempt
    # saved before). Self-contained: it only adds these two columns.
    (
        "ALTER TABLE attempts ADD COLUMN test TEXT CHECK (test IS NULL OR test IN ('pre', 'post'))",
        "ALTER TABLE attempts ADD COLUMN form TEXT CHECK (form IS NULL OR form IN ('a', 'b'))",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class FileFormat(NamedTuple):
    """What a score file says about itself before anything is written to it."""

    version: int
    application_id: int
    has_tables: bool

    @property
    def is_newer(self) -> bool:
        """Written by a newer media-quiz: this one must not touch it."""
        return self.version > SCHEMA_VERSION

    @property
    def is_marked_ours(self) -> bool:
        """It carries media-quiz's marker and a version of ours (its tables are checked apart)."""
        return self.application_id == APPLICATION_ID and self.version >= 1

    @property
    def is_current(self) -> bool:
        """Up to date: it can be opened without taking the write lock."""
        return self.version >= SCHEMA_VERSION


def read_format(db: sqlite3.Connection) -> FileFormat:
    """The file's version, application id and whether it has tables, read without writing.

    One statement, so that another process migrating meanwhile cannot be seen half-way.
    """
    version, application, tables = db.execute(
        "SELECT user_version, application_id, (SELECT count(*) FROM sqlite_master) "
        "FROM pragma_user_version, pragma_application_id"
    ).fetchone()
    return FileFormat(version, application, bool(tables))


def migrate_to(db: sqlite3.Connection, target: int) -> None:
    """Bring the file from version `target - 1` to `target`, inside the caller's write transaction.

    Does nothing when the file is already there: another process may have migrated it between
    the caller's check and its taking the write lock.
    """
    if db.execute("PRAGMA user_version").fetchone()[0] >= target:
        return
    for statement in MIGRATIONS[target - 1]:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {target}")


@cache
def schema_columns(version: int = SCHEMA_VERSION) -> dict[str, tuple[str, ...]]:
    """Each table a file of `version` has, with its columns: what the migrations make.

    Built by running them on an empty in-memory database (well under a millisecond), so the
    check of a file can never drift from the schema it checks for.
    """
    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for target in range(1, version + 1):
            migrate_to(db, target)
        return {
            table: tuple(column for (column,) in db.execute("SELECT name FROM pragma_table_info(?)", (table,)))
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
    finally:
        db.close()


def missing_columns(db: sqlite3.Connection, wanted: Mapping[str, tuple[str, ...]]) -> list[str]:
    """"table.column" for each of the `wanted` columns the file lacks ("table" for a whole table)."""
    missing = []
    for table, columns in wanted.items():
        found = {name for (name,) in db.execute("SELECT name FROM pragma_table_info(?)", (table,))}
        if not found:
            missing.append(table)
        else:
            missing.extend(f"{table}.{column}" for column in columns if column not in found)
    return missing
