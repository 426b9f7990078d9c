"""What the score store hands out: learners, attempts, answers and export rows, as plain records.

They hold no connection and do no I/O, so screens and exports can keep and pass them freely.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from quiz.core.model import AttemptMode


def evidence_json(spans: tuple[tuple[int, int], ...], words: tuple[str, ...]) -> tuple[str, str]:
    """The evidence_spans and evidence_words columns of marked words (both "[]" for a skip)."""
    return json.dumps([list(span) for span in spans]), json.dumps(list(words), ensure_ascii=False)


def evidence_from_json(
    spans: str | None, words: str | None
) -> tuple[tuple[tuple[int, int], ...] | None, tuple[str, ...] | None]:
    """The evidence columns read back; (None, None) when not asked, or unreadable (a damaged
    file read for export)."""
    if spans is None:
        return None, None
    try:
        read_spans = tuple((int(start), int(end)) for start, end in json.loads(spans))
        read_words = tuple(str(text) for text in json.loads(words or "[]"))
    except (TypeError, ValueError):
        return None, None
    if len(read_words) != len(read_spans):
        return None, None
    return read_spans, read_words


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
    context_seen: bool = False  # the paragraph was open when the answer was given
    # The words marked as evidence: spans of the passage as shown and what they read.
    # None: not asked; (): skipped.
    evidence_spans: tuple[tuple[int, int], ...] | None = None
    evidence_words: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Attempt:
    """One run through a bank, with the answers given so far (enough to resume it)."""

    id: int
    learner: Learner
    bank_id: str
    bank_hash: str
    mode: AttemptMode
    item_ids: list[str]
    seed: int | None
    locale: str
    started_at: str
    finished_at: str | None
    answers: list[StoredAnswer] = field(default_factory=list)
    test: str | None = None  # "pre" or "post" for a pre- or post-test; None for practice
    form: str | None = None  # the parallel form a test asked: "a" or "b"

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
    mode: AttemptMode
    started_at: str
    finished_at: str | None
    answered: int
    item_count: int
    points: float
    max_points: int  # one point per answered item, as in the engine's Results
    per_type: dict[str, tuple[int, int]]  # claim type -> (fully correct, answered)

    @property
    def fraction(self) -> float:
        """The share of the maximum scored, 0–1 (0 when nothing was answered)."""
        return self.points / self.max_points if self.max_points else 0.0


@dataclass(frozen=True)
class ExportRow:
    """One answer with who gave it and in which attempt: a row of an export."""

    learner: str
    attempt_id: int
    attempt_started_at: str
    attempt_finished_at: str | None
    attempt_item_count: int
    mode: str  # the stored value ("quiz" or "review"), written as it is into data files
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
    context_seen: bool = False  # the paragraph was open when the answer was given
    # The evidence (see StoredAnswer): None when not asked, () when skipped.
    evidence_spans: tuple[tuple[int, int], ...] | None = None
    evidence_words: tuple[str, ...] | None = None
    evidence_precision: float | None = None
    evidence_recall: float | None = None
    calibration_guess: int | None = None  # the attempt's: how many right the learner thought
    test: str | None = None  # the attempt's: "pre" or "post", None for practice
    form: str | None = None  # the attempt's parallel form, "a" or "b", for a test


@dataclass(frozen=True)
class PinState:
    """Where a learner's sign-in stands (quiz.scores.pins): a PIN chosen or not, wrong tries."""

    has_pin: bool
    failures: int  # wrong PINs or codes in a row since the last right one
    wait_seconds: int  # before the next try is allowed; 0: now


@dataclass(frozen=True)
class SecretCheck:
    """What checking a PIN or a class list's code did."""

    right: bool
    wait_seconds: int  # before the next try is allowed (a wrong one, or one tried too soon)
    tries_left: int  # wrong tries left before a wait; 0 once waiting
    tried: bool = True  # False: it came too soon and was not even checked
