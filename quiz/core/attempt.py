"""A quiz whose every answer is saved the moment it is given.

Front ends play a `RecordedAttempt`: the engine scores, the store keeps. Without a usable
store (a read-only or damaged score file) the quiz still runs, and `saving` says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, TypeVar

from quiz.core.engine import Answer, QuizSession, Results
from quiz.i18n import current_language
from quiz.core.model import Bank

if TYPE_CHECKING:
    from quiz.scores.database import StoreError
    from quiz.scores.records import Attempt, Learner
    from quiz.scores.store import ScoreStore

T = TypeVar("T")


@dataclass
class RecordedAttempt:
    """One attempt: the engine's session plus where its answers are saved."""

    session: QuizSession
    store: ScoreStore | None = None
    attempt_id: int | None = None
    mode: str = "quiz"
    save_error: StoreError | None = field(default=None)

    @classmethod
    def start(
        cls,
        bank: Bank,
        store: ScoreStore | None,
        learner: Learner | None,
        *,
        seed: int | None = None,
        count: int | None = None,
        item_ids: list[str] | None = None,
        mode: str = "quiz",
    ) -> RecordedAttempt:
        """A new attempt at `bank` (or at exactly `item_ids`, for review)."""
        session = QuizSession(bank, seed=seed, count=count, item_ids=item_ids)
        attempt = cls(session, mode=mode)
        if store is not None and learner is not None:
            attempt.store = store
            attempt.attempt_id = attempt._try(
                lambda: store.start_attempt(
                    learner,
                    bank.id,
                    bank.content_hash,
                    [item.id for item in session.items],
                    seed=seed,
                    locale=current_language(),
                    mode=mode,
                )
            )
        return attempt

    @classmethod
    def resume(cls, bank: Bank, store: ScoreStore, stored: Attempt) -> RecordedAttempt:
        """Carry on with an attempt cut short: its answers count, its order is kept."""
        session = QuizSession(bank, item_ids=stored.item_ids)
        for answer in stored.answers:
            session.replay(answer.item_id, answer.chosen, answer.seconds)
        return cls(session, store=store, attempt_id=stored.id, mode=stored.mode)

    @property
    def saving(self) -> bool:
        """Whether answers are being saved."""
        return self.store is not None and self.attempt_id is not None and self.save_error is None

    def answer(self, chosen: str) -> Answer:
        """Score `chosen` for the current item and save it before returning."""
        answer = self.session.answer(chosen)
        if self.saving:
            assert self.store is not None and self.attempt_id is not None
            bank = self.session.bank
            store, attempt_id = self.store, self.attempt_id
            self._try(
                lambda: store.record_answer(
                    attempt_id,
                    item_id=answer.item.id,
                    correct_type=answer.item.answer,
                    chosen=answer.chosen,
                    outcome=answer.outcome,
                    points=answer.points,
                    seconds=answer.seconds,
                    locale=current_language(),
                    bank_id=bank.id,
                    bank_hash=bank.content_hash,
                )
            )
            if self.session.finished and self.saving:
                self._try(lambda: store.finish_attempt(attempt_id))
        return answer

    def results(self, type_ids: tuple[str, ...]) -> Results:
        return self.session.results(type_ids)

    def _try(self, write: Callable[[], T]) -> T | None:
        """Run one store write; a failure stops saving but never the quiz."""
        from quiz.scores.database import StoreError

        try:
            return write()
        except StoreError as error:
            self.save_error = error  # the front end shows it as a warning
            return None
