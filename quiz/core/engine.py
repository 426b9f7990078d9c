"""The quiz engine: which items, in which order, how each answer scores, and the results.

Front ends only call this; it knows nothing about screens or terminals.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Callable, Sequence

from quiz.core.evidence import Evidence
from quiz.core.model import Bank, Item


class Outcome(Enum):
    CORRECT = "correct"
    PARTIAL = "partial"  # an accepted alternative: partial credit
    WRONG = "wrong"


OUTCOMES = tuple(outcome.value for outcome in Outcome)  # as score files and exports write them


def score_answer(item: Item, chosen: str, partial_credit: float) -> tuple[Outcome, float]:
    """The outcome and points of choosing `chosen` for `item`: the one scoring rule."""
    if chosen == item.answer:
        return Outcome.CORRECT, 1.0
    if chosen in item.accept:
        return Outcome.PARTIAL, partial_credit
    return Outcome.WRONG, 0.0


def select_items(
    items: Sequence[Item], count: int | None, rng: random.Random, shuffle: bool = True
) -> list[Item]:
    """`count` items balanced across claim types (all of them when `count` is None).

    Types take turns, so a subset of 20 from a bank of four types holds five of each
    when the bank allows it; the result is then shuffled (unless `shuffle` is off, which
    keeps bank order).
    """
    if count is None or count >= len(items):
        chosen = list(items)
    else:
        by_type: dict[str, list[Item]] = {}
        for item in items:
            by_type.setdefault(item.answer, []).append(item)
        for group in by_type.values():
            rng.shuffle(group)
        chosen = []
        queues = [group for _type, group in sorted(by_type.items())]
        while len(chosen) < count:
            for group in queues:
                if group and len(chosen) < count:
                    chosen.append(group.pop())
        if not shuffle:
            position = {item.id: n for n, item in enumerate(items)}
            chosen.sort(key=lambda item: position[item.id])
    if shuffle:
        rng.shuffle(chosen)
    return chosen


@dataclass(frozen=True)
class Answer:
    """What a learner chose for one item, and what it earned."""

    item: Item
    chosen: str
    outcome: Outcome
    points: float
    seconds: float
    # The words the learner marked as what gave the type away; None when not asked or skipped.
    # It never changes the points: the type alone decides the mark.
    evidence: Evidence | None = None


@dataclass(frozen=True)
class TypeScore:
    """How a learner did on the items of one claim type."""

    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class Results:
    """The summary of a finished (or stopped) quiz."""

    points: float
    max_points: int
    answered: int
    correct: int
    partial: int
    seconds: float
    per_type: dict[str, TypeScore]
    confusion: dict[tuple[str, str], int]  # (right type, chosen type) -> how often
    evidence_given: int = 0  # answers with words marked
    evidence_found: int = 0  # of those, where the marked words were the evidence

    @property
    def fraction(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0


@dataclass
class QuizSession:
    """One run through a bank: the chosen items in order and the answers given so far."""

    bank: Bank
    seed: int | None = None
    count: int | None = None
    clock: Callable[[], float] = time.monotonic
    item_ids: Sequence[str] | None = None  # ask exactly these, in this order (resume, review)
    items: list[Item] = field(init=False)
    answers: list[Answer] = field(init=False, default_factory=list)
    started: float = field(init=False)
    ended: float | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.item_ids is not None:
            by_id = {item.id: item for item in self.bank.items}
            # ids of items since removed from the bank are passed over
            self.items = [by_id[item_id] for item_id in self.item_ids if item_id in by_id]
        else:
            count = self.count if self.count is not None else self.bank.options.count
            rng = random.Random(self.seed)
            self.items = select_items(self.bank.items, count, rng, self.bank.options.shuffle)
        self.started = self.clock()
        self._shown_at = self.started

    @property
    def position(self) -> int:
        """How many items have been answered."""
        return len(self.answers)

    @property
    def finished(self) -> bool:
        """Every item answered, or the bank's time limit reached."""
        return self.position >= len(self.items) or self.timed_out

    @property
    def seconds_left(self) -> float | None:
        """Time left under the bank's time limit (None when it has none)."""
        return self._seconds_left(self.clock())

    def _seconds_left(self, now: float) -> float | None:
        limit = self.bank.options.time_limit
        if limit is None:
            return None
        return max(0.0, limit * 60 - (now - self.started))

    @property
    def timed_out(self) -> bool:
        left = self.seconds_left
        return left is not None and left <= 0

    @property
    def current(self) -> Item:
        if self.finished:
            raise IndexError("the quiz is over")
        return self.items[self.position]

    def show_current(self) -> None:
        """Start the clock for the current item (call when it appears on screen)."""
        self._shown_at = self.clock()

    def answer(self, chosen: str) -> Answer | None:
        """Record `chosen` for the current item and move on to the next.

        None when the answer came too late: the time limit had passed, so the quiz is over
        and the answer does not count. A late answer is a normal event (a learner answering
        in the second before the screen noticed the time), never an error.
        """
        now = self.clock()
        left = self._seconds_left(now)
        if left is not None and left <= 0:
            self.ended = self.started + (self.bank.options.time_limit or 0) * 60
            return None
        item = self.current
        outcome, points = score_answer(item, chosen, self.bank.options.partial_credit)
        answer = Answer(item, chosen, outcome, points, max(0.0, now - self._shown_at))
        self.answers.append(answer)
        self._shown_at = now
        if self.position >= len(self.items):
            self.ended = now
        return answer

    def replay(self, item_id: str, chosen: str, seconds: float) -> Answer | None:
        """Take back an answer given before (resuming an attempt), scored by today's rule."""
        if self.finished or self.current.id != item_id:
            return None
        answer = self.answer(chosen)
        if answer is None:
            return None
        answer = replace(answer, seconds=seconds)
        self.answers[-1] = answer
        return answer

    def give_evidence(self, evidence: Evidence) -> Answer:
        """Keep `evidence` (the words marked) with the last answer given; that answer."""
        if not self.answers:
            raise IndexError("no answer to give evidence for")
        answer = replace(self.answers[-1], evidence=evidence)
        self.answers[-1] = answer
        return answer

    @property
    def points(self) -> float:
        """Points scored so far."""
        return sum(answer.points for answer in self.answers)

    def results(self, type_ids: Sequence[str]) -> Results:
        """Scores so far, with accuracy for each of `type_ids` and the confusion table."""
        per_type = {}
        for type_id in type_ids:
            mine = [a for a in self.answers if a.item.answer == type_id]
            per_type[type_id] = TypeScore(
                correct=sum(a.outcome is Outcome.CORRECT for a in mine), total=len(mine)
            )
        confusion = Counter((a.item.answer, a.chosen) for a in self.answers)
        end = self.ended if self.ended is not None else self.clock()
        if self.bank.options.time_limit is not None:
            end = min(end, self.started + self.bank.options.time_limit * 60)
        return Results(
            points=self.points,
            # out of time, the questions not reached count as missed
            max_points=len(self.items) if self.timed_out else len(self.answers),
            answered=len(self.answers),
            correct=sum(a.outcome is Outcome.CORRECT for a in self.answers),
            partial=sum(a.outcome is Outcome.PARTIAL for a in self.answers),
            seconds=end - self.started,
            per_type=per_type,
            confusion=dict(confusion),
            evidence_given=sum(a.evidence is not None for a in self.answers),
            evidence_found=sum(a.evidence is not None and a.evidence.found for a in self.answers),
        )
