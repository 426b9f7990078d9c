"""Where scores are kept: learners, their attempts and answers, and a few settings.

Every answer is committed the moment it is recorded, so a crash, a closed laptop lid or a
`kill -9` loses nothing already answered. The file itself (sharing between processes,
transactions, what to do with a file that is not ours) is quiz.scores.database's concern;
this module says what is stored and asked for.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType

from quiz.core.engine import OUTCOMES, Outcome
from quiz.core.model import AttemptMode
from quiz.paths import SCORES_FILE as FILE_NAME, data_dir
from quiz.scores import outbox
from quiz.scores.database import Database
from quiz.scores.names import clean_name, name_key
from quiz.scores.records import (
    Attempt,
    AttemptSummary,
    ExportRow,
    Learner,
    PinState,
    SecretCheck,
    StoredAnswer,
    evidence_from_json,
    evidence_json,
)

MODES = tuple(AttemptMode)


def utc_now() -> datetime:
    """The current time in UTC: the store's clock unless it is given another."""
    return datetime.now(timezone.utc)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


class ScoreStore:
    """Learners, their attempts and answers, and a few settings, in one SQLite file."""

    def __init__(self, database: Database, clock: Callable[[], datetime] = utc_now) -> None:
        self._database = database
        self.path = database.path
        self._clock = clock
        # Set when a learning record store is to get this quiz's statements: each answer's
        # statement then goes into the outbox in the same transaction as the answer.
        self.feed: outbox.StatementFeed | None = None
        self.on_queued: Callable[[], None] = lambda: None  # told after a statement is queued

    # Opening and closing ---------------------------------------------------------------------

    @classmethod
    def open(
        cls, directory: Path | None = None, *, clock: Callable[[], datetime] = utc_now
    ) -> ScoreStore:
        """Open (creating if needed) the score file in `directory` (default: `data_dir()`).

        Raises `StoreReadOnly` when nothing can be saved there, and `StoreError` when the file
        is damaged, not ours, or from a newer media-quiz; such a file is never changed.
        """
        return cls(Database.open(data_dir(directory) / FILE_NAME), clock)

    def close(self) -> None:
        """Close the file; everything recorded is already saved."""
        self._database.close()

    def __enter__(self) -> ScoreStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _now(self) -> str:
        return _timestamp(self._clock())

    # Learners --------------------------------------------------------------------------------

    def learner(self, name: str) -> Learner:
        """The learner called `name` (any letter case), created on first use.

        Raises ValueError for a name that is empty once spaces are removed.
        """
        name, key = clean_name(name), name_key(name)
        now = self._now()
        with self._database.writing() as db:
            # Looked up by full case folding inside the write transaction, so two quizzes
            # signing in "José" and "JOSÉ" at once still make one learner.
            known = next(
                (learner_id for learner_id, known_name in db.execute("SELECT id, name FROM learners")
                 if name_key(known_name) == key),
                None,
            )
            if known is None:
                db.execute(
                    "INSERT INTO learners (name, created_at, last_seen_at) VALUES (?, ?, ?)", (name, now, now)
                )
                known = db.execute("SELECT id FROM learners WHERE name = ?", (name,)).fetchone()[0]
            else:
                db.execute("UPDATE learners SET last_seen_at = ? WHERE id = ?", (now, known))
            row = db.execute(
                "SELECT id, name, created_at, last_seen_at FROM learners WHERE id = ?", (known,)
            ).fetchone()
        return Learner(*row)

    def learners(self) -> list[Learner]:
        """Everyone who has used this store, the most recently seen first."""
        with self._database.reading() as db:
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
        mode: str = AttemptMode.QUIZ,
        test: str | None = None,
        form: str | None = None,
    ) -> int:
        """Begin an attempt at `item_ids` (in the order they will be asked); its id.

        `test` ("pre" or "post") and `form` ("a" or "b") mark a pre- or post-test.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        now = self._now()
        with self._database.writing() as db:
            cursor = db.execute(
                "INSERT INTO attempts (learner_id, bank_id, bank_hash, mode, item_ids, seed, "
                "locale, started_at, test, form) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (learner.id, bank_id, bank_hash, mode, json.dumps(list(item_ids)), seed, locale, now, test, form),
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
        context_seen: bool = False,
        evidence_expected: bool = False,
    ) -> None:
        """Save one answer; it is on disk when this returns.

        An item answered twice in one attempt keeps its first answer, so a front end that
        re-sends after resuming cannot change a mark. With a `feed`, the answer's xAPI
        statement is queued in the same transaction (held for its evidence when
        `evidence_expected`), and the held statements of the attempt's earlier answers are
        let go: their evidence was not given.
        """
        outcome_text = outcome.value if isinstance(outcome, Outcome) else outcome
        if outcome_text not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
        now = self._now()
        with self._database.writing() as db:
            added = db.execute(
                "INSERT INTO answers (attempt_id, item_id, correct_type, chosen, outcome, points, "
                "seconds, locale, bank_id, bank_hash, answered_at, context_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (attempt_id, item_id) DO NOTHING",
                (
                    attempt_id, item_id, correct_type, chosen, outcome_text, float(points),
                    float(seconds), locale, bank_id, bank_hash, now, int(context_seen),
                ),
            ).rowcount
            db.execute(
                "UPDATE learners SET last_seen_at = ? "
                "WHERE id = (SELECT learner_id FROM attempts WHERE id = ?)",
                (now, attempt_id),
            )
            if added and self.feed is not None:
                outbox.release(db, attempt_id, answers_only=True)
                self._queue_answer(db, attempt_id, item_id, held=evidence_expected)
        if added and self.feed is not None:
            self.on_queued()

    def record_evidence(
        self,
        attempt_id: int,
        item_id: str,
        *,
        spans: tuple[tuple[int, int], ...],
        words: tuple[str, ...],
        precision: float | None,
        recall: float | None,
    ) -> None:
        """Save the words marked as evidence for an answer already recorded (no `spans`: the
        learner skipped the step); on disk when this returns.

        `spans` are character offsets of the passage as the learner saw it, `words` what each
        reads. The first evidence of an answer is kept, as its first answer is.
        """
        if len(spans) != len(words):
            raise ValueError("each span needs its words")
        spans_text, words_text = evidence_json(spans, words)
        with self._database.writing() as db:
            changed = db.execute(
                "UPDATE answers SET evidence_spans = ?, evidence_words = ?, evidence_precision = ?, "
                "evidence_recall = ? WHERE attempt_id = ? AND item_id = ? AND evidence_spans IS NULL",
                (spans_text, words_text, precision, recall, attempt_id, item_id),
            ).rowcount
            if changed and self.feed is not None:
                self._queue_answer(db, attempt_id, item_id, held=False)  # now with its evidence
        if changed and self.feed is not None:
            self.on_queued()

    def record_calibration(self, attempt_id: int, guess: int) -> None:
        """Save how many answers the learner thought were right (kept once, like the answers)."""
        if guess < 0:
            raise ValueError("a guess cannot be negative")
        with self._database.writing() as db:
            changed = db.execute(
                "UPDATE attempts SET calibration_guess = ? WHERE id = ? AND calibration_guess IS NULL",
                (int(guess), attempt_id),
            ).rowcount
            if changed and self.feed is not None:
                self._queue_completed(db, attempt_id, held=False)  # now with the guess
        if changed and self.feed is not None:
            self.on_queued()

    def finish_attempt(self, attempt_id: int, *, guess_expected: bool = False) -> None:
        """Mark the attempt finished (a second call keeps the first time).

        With a `feed`, its "completed" statement is queued in the same transaction (held for
        the learner's guess at the score when `guess_expected`).
        """
        now = self._now()
        with self._database.writing() as db:
            changed = db.execute(
                "UPDATE attempts SET finished_at = ? WHERE id = ? AND finished_at IS NULL",
                (now, attempt_id),
            ).rowcount
            if changed and self.feed is not None:
                # The last answer's statement may still wait for its evidence: it is given after this.
                self._queue_completed(db, attempt_id, held=guess_expected)
        if changed and self.feed is not None:
            self.on_queued()

    def release_statements(self, attempt_id: int) -> None:
        """Let the attempt's held statements go as they are: no evidence or guess is coming
        (the learner skipped the guess)."""
        if self.feed is None:
            return
        with self._database.writing() as db:
            outbox.release(db, attempt_id)
        self.on_queued()

    # The outbox (quiz.scores.outbox) ---------------------------------------------------------

    def _queue_answer(self, db: sqlite3.Connection, attempt_id: int, item_id: str, *, held: bool) -> None:
        from quiz.scores.export import answered_statement

        assert self.feed is not None
        row = next(row for row in _export_rows(db, attempt_id) if row.item_id == item_id)
        statement = answered_statement(row, self.feed.homepage, self.feed.definitions)
        outbox.queue(db, self.feed, statement, attempt_id=attempt_id, item_id=item_id, now=self._clock(), held=held)

    def _queue_completed(self, db: sqlite3.Connection, attempt_id: int, *, held: bool) -> None:
        from quiz.scores.export import completed_statement

        assert self.feed is not None
        rows = _export_rows(db, attempt_id)
        if not rows or rows[0].attempt_finished_at is None:
            return  # nothing answered, or not finished: nothing completed to report
        statement = completed_statement(rows, self.feed.homepage, self.feed.definitions)
        outbox.queue(db, self.feed, statement, attempt_id=attempt_id, item_id=None, now=self._clock(), held=held)

    def statements_due(self, limit: int = 50) -> list[outbox.WaitingStatement]:
        """The statements to send now, oldest first."""
        with self._database.reading() as db:
            return outbox.due(db, self._clock(), limit)

    def statements_sent(self, row_ids: list[int]) -> None:
        """The LRS has these statements (it took them, or already held them)."""
        with self._database.writing() as db:
            outbox.mark_sent(db, row_ids, self._clock())

    def statement_rejected(self, row_id: int, error: str) -> None:
        """The LRS refused this statement, saying `error`: kept for a look, not sent again."""
        with self._database.writing() as db:
            outbox.mark_rejected(db, row_id, error)

    def statements_failed(self, row_ids: list[int], error: str) -> None:
        """The LRS could not be reached, or failed: these wait, with the reason."""
        with self._database.writing() as db:
            outbox.note_failure(db, row_ids, error)

    def outbox_status(self) -> outbox.OutboxStatus:
        """How many statements wait, which were rejected, when the last went."""
        with self._database.reading() as db:
            return outbox.status(db)

    def unfinished_attempt(
        self, learner: Learner, bank_id: str, *, mode: str | None = None
    ) -> Attempt | None:
        """The learner's newest unfinished attempt at `bank_id` with answers given and items
        left, to resume.

        An attempt left before its first answer holds nothing to resume, and offering it
        would hide an older one that does (a new quiz started and quit at once).
        `mode` limits the search to quiz or review attempts (an `AttemptMode`).
        """
        with self._database.reading() as db:
            candidates = db.execute(
                "SELECT a.id, a.bank_id, a.bank_hash, a.mode, a.item_ids, a.seed, a.locale, "
                "a.started_at, a.finished_at, a.test, a.form, "
                "(SELECT count(*) FROM answers WHERE attempt_id = a.id) "
                "FROM attempts a WHERE a.learner_id = ? AND a.bank_id = ? "
                "AND a.finished_at IS NULL AND (? IS NULL OR a.mode = ?) ORDER BY a.id DESC",
                (learner.id, bank_id, mode, mode),
            ).fetchall()
            for *columns, answered in candidates:
                item_ids = json.loads(columns[4])
                if answered == 0 or answered >= len(item_ids):
                    continue  # nothing answered yet, or only the "finished" mark was lost
                answers = db.execute(
                    "SELECT item_id, correct_type, chosen, outcome, points, seconds, locale, "
                    "answered_at, context_seen, evidence_spans, evidence_words "
                    "FROM answers WHERE attempt_id = ? ORDER BY id",
                    (columns[0],),
                ).fetchall()
                fresh = db.execute(
                    "SELECT id, name, created_at, last_seen_at FROM learners WHERE id = ?",
                    (learner.id,),
                ).fetchone()
                attempt_id, bank, bank_hash, attempt_mode, _ids, seed, locale, started, finished, test, form = (
                    columns
                )
                return Attempt(
                    id=attempt_id,
                    learner=Learner(*fresh),
                    bank_id=bank,
                    bank_hash=bank_hash,
                    mode=AttemptMode(attempt_mode),
                    item_ids=item_ids,
                    seed=seed,
                    locale=locale,
                    started_at=started,
                    finished_at=finished,
                    answers=[
                        StoredAnswer(*row[:8], bool(row[8]), *evidence_from_json(row[9], row[10]))
                        for row in answers
                    ],
                    test=test,
                    form=form,
                )
        return None

    def attempts(self, learner: Learner, bank_id: str | None = None) -> list[AttemptSummary]:
        """The learner's attempts (at `bank_id`, or at every bank), oldest first."""
        where = "a.learner_id = ?" + (" AND a.bank_id = ?" if bank_id is not None else "")
        parameters = (learner.id,) if bank_id is None else (learner.id, bank_id)
        with self._database.reading() as db:
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
                    mode=AttemptMode(mode),
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
        with self._database.reading() as db:
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

    # PINs (sign-in under `serve`; quiz.scores.pins) -------------------------------------------

    def pin_state(self, name: str) -> PinState:
        """Whether the learner called `name` has chosen a PIN, and how long before they may try."""
        with self._database.reading() as db:
            row = db.execute(
                "SELECT pin_hash, failures, locked_until FROM pins WHERE learner_key = ?", (name_key(name),)
            ).fetchone()
        if row is None:
            return PinState(has_pin=False, failures=0, wait_seconds=0)
        return PinState(row[0] is not None, row[1], self._seconds_until(row[2]))

    def set_pin(self, name: str, pin: str) -> bool:
        """Keep `pin` (hashed) as the PIN of the learner called `name`, unless they have one
        already (chosen meanwhile in another tab): whether it was kept. Raises ValueError for
        a PIN that `pins.pin_problem` refuses."""
        from quiz.scores.pins import hash_pin

        hashed = hash_pin(pin)  # slow on purpose: outside the write transaction
        with self._database.writing() as db:
            cursor = db.execute(
                "INSERT INTO pins (learner_key, pin_hash, failures, locked_until, changed_at) "
                "VALUES (?, ?, 0, NULL, ?) ON CONFLICT (learner_key) DO UPDATE "
                "SET pin_hash = excluded.pin_hash, failures = 0, locked_until = NULL, "
                "changed_at = excluded.changed_at WHERE pins.pin_hash IS NULL",
                (name_key(name), hashed, self._now()),
            )
            return cursor.rowcount == 1

    def check_pin(self, name: str, pin: str) -> SecretCheck:
        """Check the PIN typed for `name` against the one kept; a wrong one counts towards a wait."""
        from quiz.scores.pins import pin_matches

        return self.check_secret(name, lambda stored: stored is not None and pin_matches(pin, stored))

    def check_secret(self, name: str, matches: Callable[[str | None], bool]) -> SecretCheck:
        """Check a PIN or a class list's code for `name` with `matches` (given the kept PIN hash,
        or None) unless the learner must wait first; count a wrong one, clear the count on a
        right one. The count and the wait are in the file, shared by every tab and process."""
        from quiz.scores.pins import FREE_TRIES, wait_after

        key = name_key(name)
        state = self.pin_state(name)
        if state.wait_seconds > 0:
            return SecretCheck(right=False, wait_seconds=state.wait_seconds, tries_left=0, tried=False)
        with self._database.reading() as db:
            row = db.execute("SELECT pin_hash FROM pins WHERE learner_key = ?", (key,)).fetchone()
        right = matches(row[0] if row else None)  # slow (scrypt): outside any transaction
        now = self._clock()
        with self._database.writing() as db:
            if right:
                db.execute(
                    "UPDATE pins SET failures = 0, locked_until = NULL WHERE learner_key = ?", (key,)
                )
                return SecretCheck(right=True, wait_seconds=0, tries_left=FREE_TRIES)
            db.execute(
                "INSERT INTO pins (learner_key, pin_hash, failures, locked_until, changed_at) "
                "VALUES (?, NULL, 0, NULL, ?) ON CONFLICT (learner_key) DO NOTHING",
                (key, _timestamp(now)),
            )
            # Counted in the file, so that two tabs guessing at once both count.
            db.execute("UPDATE pins SET failures = failures + 1 WHERE learner_key = ?", (key,))
            failures = db.execute("SELECT failures FROM pins WHERE learner_key = ?", (key,)).fetchone()[0]
            wait = wait_after(failures)
            if wait:
                db.execute(
                    "UPDATE pins SET locked_until = ? WHERE learner_key = ?",
                    (_timestamp(now + timedelta(seconds=wait)), key),
                )
        return SecretCheck(right=False, wait_seconds=wait, tries_left=max(FREE_TRIES - failures, 0))

    def reset_pin(self, name: str) -> PinState:
        """Forget the PIN of the learner called `name` and any wait (a teacher's
        `media-quiz pin reset`): they choose a new PIN at their next sign-in. What there was."""
        before = self.pin_state(name)
        with self._database.writing() as db:
            db.execute("DELETE FROM pins WHERE learner_key = ?", (name_key(name),))
        return before

    def _seconds_until(self, moment: str | None) -> int:
        if moment is None:
            return 0
        try:
            until = datetime.fromisoformat(moment)
        except ValueError:
            return 0
        return max(0, math.ceil((until - self._clock()).total_seconds()))

    # Settings --------------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """The saved value of setting `key` (the last learner, the theme …), or `default`."""
        with self._database.reading() as db:
            row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Save setting `key`."""
        with self._database.writing() as db:
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
        wanted = name_key(learner_name) if learner_name is not None else None
        with self._database.reading() as db:
            export = _export_rows(db)
        if wanted is not None:
            export = [row for row in export if name_key(row.learner) == wanted]
        export.sort(key=lambda row: (name_key(row.learner), row.attempt_id))  # stable: answers keep their order
        return export


def _export_rows(db: sqlite3.Connection, attempt_id: int | None = None) -> list[ExportRow]:
    """The export rows of every answer (of one attempt, if given), by learner, attempt, answer."""
    rows = db.execute(
        "SELECT l.name, a.id, a.started_at, a.finished_at, a.item_ids, a.mode, "
        "ans.bank_id, ans.bank_hash, ans.item_id, ans.correct_type, ans.chosen, "
        "ans.outcome, ans.points, ans.seconds, ans.locale, ans.answered_at, ans.context_seen, "
        "ans.evidence_spans, ans.evidence_words, ans.evidence_precision, ans.evidence_recall, "
        "a.calibration_guess, a.test, a.form "
        "FROM answers ans JOIN attempts a ON a.id = ans.attempt_id "
        "JOIN learners l ON l.id = a.learner_id "
        + ("WHERE a.id = ? " if attempt_id is not None else "")
        + "ORDER BY l.name COLLATE NOCASE, a.id, ans.id",
        (attempt_id,) if attempt_id is not None else (),
    ).fetchall()
    item_counts: dict[str, int] = {}  # many rows share one attempt's item list
    export = []
    for name, row_attempt, started, finished, item_ids, *rest in rows:
        if item_ids not in item_counts:
            item_counts[item_ids] = len(json.loads(item_ids))
        *answer, context_seen, spans, words, precision, recall, guess, test, form = rest
        export.append(
            ExportRow(
                name, row_attempt, started, finished, item_counts[item_ids], *answer,
                bool(context_seen), *evidence_from_json(spans, words),
                precision, recall, guess, test, form,
            )
        )
    return export
