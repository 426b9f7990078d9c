"""Where scores are kept: one SQLite file per data folder, shared safely by several quizzes.

Every answer is committed the moment it is recorded, so a crash, a closed laptop lid or a
`kill -9` loses nothing already answered. Several processes may use one folder at once (a
class on one server): the file runs in WAL mode with a busy timeout, and every write is a
short `BEGIN IMMEDIATE` transaction, so writers queue instead of failing.

The store never deletes, overwrites or "repairs" a file it does not understand: a damaged
file, or one written by a newer media-quiz, is reported with a `StoreError` and left as it is.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from quiz.core.engine import Outcome
from quiz.core.model import AttemptMode
from quiz.i18n import _
from quiz.terminal_text import one_line

FILE_NAME = "scores.sqlite3"
DATA_DIR_VARIABLE = "MEDIA_QUIZ_DATA_DIR"
BUSY_TIMEOUT_SECONDS = 10.0
# Marks the file as ours ("MQz1"), so that a stray SQLite file of another program is
# recognised and left alone instead of having our tables added to it.
APPLICATION_ID = 0x4D517A31
MODES = tuple(AttemptMode)
OUTCOMES = tuple(outcome.value for outcome in Outcome)

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
)
SCHEMA_VERSION = len(MIGRATIONS)


# --- Errors ---------------------------------------------------------------------------------


class StoreError(Exception):
    """The score file cannot be used; the message is one translated line for a person."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class StoreReadOnly(StoreError):
    """The score file or its folder cannot be written: the quiz can run, but not save."""


# --- What the store hands out ----------------------------------------------------------------


@dataclass(frozen=True)
class Learner:
    """Someone who takes quizzes, known by name."""

    id: int
    name: str
    created_at: str
    last_seen_at: str


@dataclass(frozen=True)
class StoredAnswer:
    """One recorded answer, as the store keeps it."""

    item_id: str
    correct_type: str
    chosen: str
    outcome: str
    points: float
    seconds: float
    locale: str
    answered_at: str


@dataclass(frozen=True)
class Attempt:
    """One run through a bank, with the answers given so far (enough to resume it)."""

    id: int
    learner: Learner
    bank_id: str
    bank_hash: str
    mode: str
    item_ids: list[str]
    seed: int | None
    locale: str
    started_at: str
    finished_at: str | None
    answers: list[StoredAnswer] = field(default_factory=list)

    @property
    def remaining_item_ids(self) -> list[str]:
        """The items still to be asked, in the order they were to be asked."""
        answered = {answer.item_id for answer in self.answers}
        return [item_id for item_id in self.item_ids if item_id not in answered]


@dataclass(frozen=True)
class AttemptSummary:
    """How one attempt went, for a learner's history."""

    id: int
    bank_id: str
    mode: str
    started_at: str
    finished_at: str | None
    answered: int
    item_count: int
    points: float
    max_points: int  # one point per answered item, as in the engine's Results
    per_type: dict[str, tuple[int, int]]  # claim type -> (fully correct, answered)

    @property
    def fraction(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0


@dataclass(frozen=True)
class ExportRow:
    """One answer with who gave it and in which attempt: a row of an export."""

    learner: str
    attempt_id: int
    attempt_started_at: str
    attempt_finished_at: str | None
    attempt_item_count: int
    mode: str
    bank_id: str
    bank_hash: str
    item_id: str
    correct_type: str
    chosen: str
    outcome: str
    points: float
    seconds: float
    locale: str
    answered_at: str


# --- Where the file lives --------------------------------------------------------------------


def data_dir(explicit: Path | None = None) -> Path:
    """The folder for scores: `explicit`, else $MEDIA_QUIZ_DATA_DIR, else the user data folder."""
    if explicit is not None:
        return Path(explicit).expanduser()
    from_environment = os.environ.get(DATA_DIR_VARIABLE)
    if from_environment:
        return Path(from_environment).expanduser()
    import platformdirs  # only when needed: it is not free at start-up

    # No "author" folder: on Windows that would give media-quiz\media-quiz.
    return Path(platformdirs.user_data_dir("media-quiz", appauthor=False))


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def clean_name(name: str) -> str:
    """`name` as stored: Unicode-normalised, trimmed, inner runs of spaces made single.

    "José" typed with a combining accent and "José" typed precomposed are then one learner.
    """
    cleaned = one_line(name)  # control characters shown as symbols, never sent to a terminal
    if not cleaned:
        raise ValueError(_("A learner's name cannot be empty."))
    return cleaned


# --- The store -------------------------------------------------------------------------------


class ScoreStore:
    """Learners, their attempts and answers, and a few settings, in one SQLite file."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._db = connection
        self.path = path
        self._clock = clock
        # One connection may be used from a worker thread as well as the UI thread.
        self._lock = threading.RLock()

    # Opening and closing ---------------------------------------------------------------------

    @classmethod
    def open(
        cls, directory: Path | None = None, *, clock: Callable[[], datetime] = utc_now
    ) -> ScoreStore:
        """Open (creating if needed) the score file in `directory` (default: `data_dir()`).

        Raises `StoreReadOnly` when nothing can be saved there, and `StoreError` when the file
        is damaged, not ours, or from a newer media-quiz; such a file is never changed.
        """
        folder = data_dir(directory)
        path = folder / FILE_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise StoreReadOnly(_read_only_message(path), path) from None
            message = _("Cannot create the folder {folder} for scores: {reason}").format(
                folder=folder, reason=error.strerror or error
            )
            raise StoreError(message, path) from None
        # WAL needs to create files beside the database, so the folder must be writable too.
        if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise StoreReadOnly(_read_only_message(path), path)
        try:
            connection = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # guarded by the store's lock instead
            )
        except sqlite3.Error as error:
            raise _translate(error, path) from None
        store = cls(connection, path, clock)
        try:
            store._prepare()
        except BaseException:
            connection.close()
            raise
        return store

    def _prepare(self) -> None:
        with self._lock:
            try:
                self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
                # Only reads until the file is known to be ours and not from the future; one
                # statement, so that another process migrating meanwhile cannot be seen half-way.
                version, application, has_tables = self._db.execute(
                    "SELECT user_version, application_id, (SELECT count(*) FROM sqlite_master) "
                    "FROM pragma_user_version, pragma_application_id"
                ).fetchone()
            except sqlite3.Error as error:
                raise _translate(error, self.path) from None
            if version > SCHEMA_VERSION:
                message = _(
                    "The score file {path} was written by a newer media-quiz (format {found}, "
                    "this one knows up to {known}); update media-quiz to use it. "
                    "The file was not changed."
                ).format(path=self.path, found=version, known=SCHEMA_VERSION)
                raise StoreError(message, self.path)
            if application not in (0, APPLICATION_ID) or (version == 0 and has_tables):
                raise StoreError(_damaged_message(self.path), self.path)
            try:
                self._switch_to_wal()
                # FULL syncs the log at each commit: an answer survives a power cut, not only a
                # crash. At one commit per answer a person gives, the cost is invisible.
                self._db.execute("PRAGMA synchronous = FULL")
                self._db.execute("PRAGMA foreign_keys = ON")
            except sqlite3.Error as error:
                raise _translate(error, self.path) from None
        if version < SCHEMA_VERSION:  # an up-to-date file is opened without taking the write lock
            self._migrate()

    def _switch_to_wal(self) -> None:
        """Put the file in WAL mode: readers and one writer then work at the same time.

        Two processes switching a new file at the same moment can deadlock on its locks, and
        SQLite then answers "busy" at once rather than calling the busy handler: so wait here.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                code = getattr(error, "sqlite_errorcode", 0) & 0xFF
                if code not in (_BUSY, _LOCKED) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _migrate(self) -> None:
        for target in range(1, SCHEMA_VERSION + 1):
            with self._writing() as db:
                # Re-read inside the lock: another process may have migrated meanwhile.
                if db.execute("PRAGMA user_version").fetchone()[0] >= target:
                    continue
                for statement in MIGRATIONS[target - 1]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {target}")

    def close(self) -> None:
        """Close the file; everything recorded is already saved."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> ScoreStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # Transactions ----------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, committed (and synced) before this returns.

        IMMEDIATE takes the write lock up front, so a busy file is waited for (busy timeout)
        instead of failing half-way when a read would have to become a write.
        """
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise _translate(error, self.path) from None
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as error:
                self._roll_back()
                if isinstance(error, sqlite3.IntegrityError):
                    # An attempt or learner that does not exist: the caller's mistake, not the file's.
                    raise ValueError(str(error)) from error
                if isinstance(error, sqlite3.Error):
                    raise _translate(error, self.path) from None
                raise

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: several queries see one consistent moment of the file."""
        with self._lock:
            try:
                self._db.execute("BEGIN")
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as error:
                self._roll_back()
                if isinstance(error, sqlite3.Error):
                    raise _translate(error, self.path) from None
                raise

    def _roll_back(self) -> None:
        if self._db.in_transaction:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite already rolled back (e.g. after a full disk)

    def _now(self) -> str:
        return _timestamp(self._clock())

    # Learners --------------------------------------------------------------------------------

    def learner(self, name: str) -> Learner:
        """The learner called `name` (any letter case), created on first use.

        Raises ValueError for a name that is empty once spaces are removed.
        """
        name = clean_name(name)
        now = self._now()
        with self._writing() as db:
            db.execute(
                "INSERT INTO learners (name, created_at, last_seen_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET last_seen_at = excluded.last_seen_at",
                (name, now, now),
            )
            row = db.execute(
                "SELECT id, name, created_at, last_seen_at FROM learners WHERE name = ?", (name,)
            ).fetchone()
        return Learner(*row)

    def learners(self) -> list[Learner]:
        """Everyone who has used this store, the most recently seen first."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT id, name, created_at, last_seen_at FROM learners "
                "ORDER BY last_seen_at DESC, id DESC"
            ).fetchall()
        return [Learner(*row) for row in rows]

    # Attempts and answers --------------------------------------------------------------------

    def start_attempt(
        self,
        learner: Learner,
        bank_id: str,
        bank_hash: str,
        item_ids: list[str],
        *,
        seed: int | None,
        locale: str,
        mode: str = "quiz",
    ) -> int:
        """Begin an attempt at `item_ids` (in the order they will be asked); its id."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        now = self._now()
        with self._writing() as db:
            cursor = db.execute(
                "INSERT INTO attempts (learner_id, bank_id, bank_hash, mode, item_ids, seed, "
                "locale, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (learner.id, bank_id, bank_hash, mode, json.dumps(list(item_ids)), seed, locale, now),
            )
            db.execute("UPDATE learners SET last_seen_at = ? WHERE id = ?", (now, learner.id))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def record_answer(
        self,
        attempt_id: int,
        *,
        item_id: str,
        correct_type: str,
        chosen: str,
        outcome: str | Outcome,
        points: float,
        seconds: float,
        locale: str,
        bank_id: str,
        bank_hash: str,
    ) -> None:
        """Save one answer; it is on disk when this returns.

        An item answered twice in one attempt keeps its first answer, so a front end that
        re-sends after resuming cannot change a mark.
        """
        outcome_text = outcome.value if isinstance(outcome, Outcome) else outcome
        if outcome_text not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
        now = self._now()
        with self._writing() as db:
            db.execute(
                "INSERT INTO answers (attempt_id, item_id, correct_type, chosen, outcome, points, "
                "seconds, locale, bank_id, bank_hash, answered_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (attempt_id, item_id) DO NOTHING",
                (
                    attempt_id, item_id, correct_type, chosen, outcome_text, float(points),
                    float(seconds), locale, bank_id, bank_hash, now,
                ),
            )
            db.execute(
                "UPDATE learners SET last_seen_at = ? "
                "WHERE id = (SELECT learner_id FROM attempts WHERE id = ?)",
                (now, attempt_id),
            )

    def finish_attempt(self, attempt_id: int) -> None:
        """Mark the attempt finished (a second call keeps the first time)."""
        now = self._now()
        with self._writing() as db:
            db.execute(
                "UPDATE attempts SET finished_at = ? WHERE id = ? AND finished_at IS NULL",
                (now, attempt_id),
            )

    def unfinished_attempt(
        self, learner: Learner, bank_id: str, *, mode: str | None = None
    ) -> Attempt | None:
        """The learner's newest unfinished attempt at `bank_id` with items left, to resume.

        `mode` limits the search to "quiz" or "review" attempts.
        """
        with self._reading() as db:
            candidates = db.execute(
                "SELECT a.id, a.bank_id, a.bank_hash, a.mode, a.item_ids, a.seed, a.locale, "
                "a.started_at, a.finished_at, "
                "(SELECT count(*) FROM answers WHERE attempt_id = a.id) "
                "FROM attempts a WHERE a.learner_id = ? AND a.bank_id = ? "
                "AND a.finished_at IS NULL AND (? IS NULL OR a.mode = ?) ORDER BY a.id DESC",
                (learner.id, bank_id, mode, mode),
            ).fetchall()
            for *columns, answered in candidates:
                item_ids = json.loads(columns[4])
                if answered >= len(item_ids):
                    continue  # every item answered, only the "finished" mark was lost
                answers = db.execute(
                    "SELECT item_id, correct_type, chosen, outcome, points, seconds, locale, "
                    "answered_at FROM answers WHERE attempt_id = ? ORDER BY id",
                    (columns[0],),
                ).fetchall()
                fresh = db.execute(
                    "SELECT id, name, created_at, last_seen_at FROM learners WHERE id = ?",
                    (learner.id,),
                ).fetchone()
                attempt_id, bank, bank_hash, attempt_mode, _ids, seed, locale, started, finished = (
                    columns
                )
                return Attempt(
                    id=attempt_id,
                    learner=Learner(*fresh),
                    bank_id=bank,
                    bank_hash=bank_hash,
                    mode=attempt_mode,
                    item_ids=item_ids,
                    seed=seed,
                    locale=locale,
                    started_at=started,
                    finished_at=finished,
                    answers=[StoredAnswer(*row) for row in answers],
                )
        return None

    def attempts(self, learner: Learner, bank_id: str | None = None) -> list[AttemptSummary]:
        """The learner's attempts (at `bank_id`, or at every bank), oldest first."""
        where = "a.learner_id = ?" + (" AND a.bank_id = ?" if bank_id is not None else "")
        parameters = (learner.id,) if bank_id is None else (learner.id, bank_id)
        with self._reading() as db:
            attempts = db.execute(
                "SELECT a.id, a.bank_id, a.mode, a.item_ids, a.started_at, a.finished_at "
                f"FROM attempts a WHERE {where} ORDER BY a.started_at, a.id",
                parameters,
            ).fetchall()
            # One grouped query instead of one per attempt: a long history stays quick.
            totals = db.execute(
                "SELECT ans.attempt_id, ans.correct_type, count(*), "
                "sum(ans.outcome = 'correct'), sum(ans.points) "
                f"FROM answers ans JOIN attempts a ON a.id = ans.attempt_id WHERE {where} "
                "GROUP BY ans.attempt_id, ans.correct_type",
                parameters,
            ).fetchall()
        per_attempt: dict[int, dict[str, tuple[int, int, float]]] = {}
        for attempt_id, type_id, answered, correct, points in totals:
            per_attempt.setdefault(attempt_id, {})[type_id] = (correct, answered, points)
        summaries = []
        for attempt_id, bank, mode, item_ids, started, finished in attempts:
            by_type = per_attempt.get(attempt_id, {})
            answered = sum(total for _correct, total, _points in by_type.values())
            summaries.append(
                AttemptSummary(
                    id=attempt_id,
                    bank_id=bank,
                    mode=mode,
                    started_at=started,
                    finished_at=finished,
                    answered=answered,
                    item_count=len(json.loads(item_ids)),
                    points=sum(points for _correct, _total, points in by_type.values()),
                    max_points=answered,
                    per_type={
                        type_id: (correct, total)
                        for type_id, (correct, total, _points) in sorted(by_type.items())
                    },
                )
            )
        return summaries

    def review_items(self, learner: Learner, bank_id: str) -> list[str]:
        """The learner's review queue for `bank_id` (Leitner style).

        An item joins the queue when answered wrong or only partly right, and leaves it once
        its last two answers (across all attempts, in time order) are both fully right; a new
        mistake brings it back. Items missed longest ago come first. Ids of items no longer in
        the bank may appear: the caller keeps those it can still ask.
        """
        with self._reading() as db:
            rows = db.execute(
                "SELECT ans.item_id, ans.outcome FROM answers ans "
                "JOIN attempts a ON a.id = ans.attempt_id "
                "WHERE a.learner_id = ? AND ans.bank_id = ? ORDER BY ans.id",
                (learner.id, bank_id),
            ).fetchall()
        last_miss: dict[str, int] = {}  # item -> position of its latest miss
        right_since_miss: dict[str, int] = {}
        for position, (item_id, outcome) in enumerate(rows):
            if outcome == "correct":
                if item_id in last_miss:
                    right_since_miss[item_id] += 1
            else:
                last_miss[item_id] = position
                right_since_miss[item_id] = 0
        queued = [item_id for item_id in last_miss if right_since_miss[item_id] < 2]
        return sorted(queued, key=last_miss.__getitem__)

    # Settings --------------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """The saved value of setting `key` (the last learner, the theme …), or `default`."""
        with self._reading() as db:
            row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Save setting `key`."""
        with self._writing() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, str(value)),
            )

    # Export ----------------------------------------------------------------------------------

    def answers_for_export(self, learner_name: str | None = None) -> list[ExportRow]:
        """Every answer (of `learner_name` only, if given) with learner and attempt details.

        Ordered by learner, then attempt, then the order the answers were given.
        """
        where, parameters = "", ()
        if learner_name is not None:
            where, parameters = "WHERE l.name = ?", (clean_name(learner_name),)
        with self._reading() as db:
            rows = db.execute(
                "SELECT l.name, a.id, a.started_at, a.finished_at, a.item_ids, a.mode, "
                "ans.bank_id, ans.bank_hash, ans.item_id, ans.correct_type, ans.chosen, "
                "ans.outcome, ans.points, ans.seconds, ans.locale, ans.answered_at "
                "FROM answers ans JOIN attempts a ON a.id = ans.attempt_id "
                f"JOIN learners l ON l.id = a.learner_id {where} "
                "ORDER BY l.name COLLATE NOCASE, a.id, ans.id",
                parameters,
            ).fetchall()
        item_counts: dict[str, int] = {}  # many rows share one attempt's item list
        export = []
        for name, attempt_id, started, finished, item_ids, *rest in rows:
            if item_ids not in item_counts:
                item_counts[item_ids] = len(json.loads(item_ids))
            export.append(
                ExportRow(name, attempt_id, started, finished, item_counts[item_ids], *rest)
            )
        return export


# --- Messages ---------------------------------------------------------------------------------


def _read_only_message(path: Path) -> str:
    return _("Scores cannot be saved: {path} or its folder is read-only.").format(path=path)


def _damaged_message(path: Path) -> str:
    return _(
        "The score file {path} is damaged or is not a media-quiz score file; it was left "
        "untouched. Move it elsewhere to start a new one."
    ).format(path=path)


# SQLite's primary result codes (https://sqlite.org/rescode.html) that need their own message.
_BUSY, _LOCKED, _READONLY, _CORRUPT, _CANTOPEN, _FULL, _NOTADB = 5, 6, 8, 11, 14, 13, 26


def _translate(error: sqlite3.Error, path: Path) -> StoreError:
    """The StoreError a person should see for SQLite's `error` on the file at `path`."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _READONLY or (primary == _CANTOPEN and not os.access(path.parent, os.W_OK)):
        return StoreReadOnly(_read_only_message(path), path)
    if primary in (_CORRUPT, _NOTADB):
        return StoreError(_damaged_message(path), path)
    if primary in (_BUSY, _LOCKED):
        message = _(
            "The score file {path} stayed busy for {seconds} seconds (another media-quiz is "
            "using it); try again."
        ).format(path=path, seconds=int(BUSY_TIMEOUT_SECONDS))
        return StoreError(message, path)
    if primary == _FULL:
        return StoreError(_("Scores cannot be saved to {path}: the disk is full.").format(path=path), path)
    return StoreError(
        _("The score file {path} cannot be used: {reason}").format(path=path, reason=error), path
    )
