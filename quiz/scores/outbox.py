"""The outbox: xAPI statements waiting for a learning record store, kept in the score file.

A statement is written in the same SQLite transaction as the answer (or the end of the
attempt) it reports: a crash leaves both or neither, so nothing is lost and nothing is made
twice. quiz.scores.lrs sends what waits, in the background or with `media-quiz sync`.

An answer whose evidence is still to come, or an attempt whose guess at the score is, is
written *held*: its statement is completed when the evidence or the guess is given, and sent
then (or once `HOLD_SECONDS` have passed, for a learner who walked away at that step).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.scores.activities import ActivityDefinitions

HOLD_SECONDS = 600  # how long a statement waits for its evidence or guess before it goes without
WAITING, SENT, REJECTED = "waiting", "sent", "rejected"


@dataclass(frozen=True)
class StatementFeed:
    """Where the statements of a store's new answers go, and how they are made."""

    endpoint: str  # the LRS's xAPI address; statements are POSTed to <endpoint>/statements
    homepage: str  # the home page of learners' accounts
    definitions: ActivityDefinitions


@dataclass(frozen=True)
class WaitingStatement:
    """One statement to send."""

    row_id: int
    endpoint: str
    statement_id: str
    statement: dict


@dataclass(frozen=True)
class Rejected:
    """A statement the LRS refused, with what it said."""

    statement_id: str
    endpoint: str
    error: str


@dataclass(frozen=True)
class OutboxStatus:
    """What `media-quiz sync --status` and the start screen tell."""

    waiting: int  # still to be sent (held ones included)
    rejected: tuple[Rejected, ...]
    sent: int
    last_sent_at: str | None  # when the last statement reached the LRS
    last_error: str | None  # why the last try to send failed, if it did since


def _stamp(moment: datetime) -> str:
    from datetime import timezone

    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def queue(
    db: sqlite3.Connection,
    feed: StatementFeed,
    statement: dict,
    *,
    attempt_id: int,
    item_id: str | None,
    now: datetime,
    held: bool,
) -> None:
    """Add `statement` to the outbox, inside the caller's write transaction.

    A statement already there (same id, same LRS) is replaced while it waits: the evidence or
    guess given since is then sent with it. One already sent stays as it was.
    """
    held_until = _stamp(now + timedelta(seconds=HOLD_SECONDS)) if held else None
    db.execute(
        "INSERT INTO outbox (endpoint, statement_id, statement, attempt_id, item_id, created_at, held_until) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (endpoint, statement_id) DO UPDATE SET statement = excluded.statement, "
        "held_until = excluded.held_until WHERE outbox.state = 'waiting'",
        (
            feed.endpoint, statement["id"], json.dumps(statement, ensure_ascii=False), attempt_id, item_id,
            _stamp(now), held_until,
        ),
    )


def release(db: sqlite3.Connection, attempt_id: int, *, answers_only: bool = False) -> None:
    """Send the held statements of an attempt as they are (their evidence or guess will not come)."""
    db.execute(
        "UPDATE outbox SET held_until = NULL WHERE attempt_id = ? AND held_until IS NOT NULL"
        + (" AND item_id IS NOT NULL" if answers_only else ""),
        (attempt_id,),
    )


def due(db: sqlite3.Connection, now: datetime, limit: int) -> list[WaitingStatement]:
    """The statements to send now, oldest first."""
    rows = db.execute(
        "SELECT id, endpoint, statement_id, statement FROM outbox "
        "WHERE state = 'waiting' AND (held_until IS NULL OR held_until <= ?) ORDER BY id LIMIT ?",
        (_stamp(now), limit),
    ).fetchall()
    return [WaitingStatement(row_id, endpoint, sid, json.loads(text)) for row_id, endpoint, sid, text in rows]


def mark_sent(db: sqlite3.Connection, row_ids: list[int], now: datetime) -> None:
    db.executemany(
        "UPDATE outbox SET state = 'sent', sent_at = ?, tries = tries + 1, error = NULL WHERE id = ?",
        [(_stamp(now), row_id) for row_id in row_ids],
    )


def mark_rejected(db: sqlite3.Connection, row_id: int, error: str) -> None:
    db.execute("UPDATE outbox SET state = 'rejected', tries = tries + 1, error = ? WHERE id = ?", (error, row_id))


def note_failure(db: sqlite3.Connection, row_ids: list[int], error: str) -> None:
    """The LRS could not be reached or failed: the statements wait, with the reason."""
    db.executemany(
        "UPDATE outbox SET tries = tries + 1, error = ? WHERE id = ?", [(error, row_id) for row_id in row_ids]
    )


def status(db: sqlite3.Connection) -> OutboxStatus:
    counts = dict(db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
    last_sent = db.execute("SELECT max(sent_at) FROM outbox").fetchone()[0]
    error_row = db.execute(
        "SELECT error FROM outbox WHERE state = 'waiting' AND error IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    rejected = tuple(
        Rejected(*row)
        for row in db.execute(
            "SELECT statement_id, endpoint, error FROM outbox WHERE state = 'rejected' ORDER BY id"
        ).fetchall()
    )
    return OutboxStatus(
        waiting=counts.get(WAITING, 0),
        rejected=rejected,
        sent=counts.get(SENT, 0),
        last_sent_at=last_sent,
        last_error=error_row[0] if error_row else None,
    )
