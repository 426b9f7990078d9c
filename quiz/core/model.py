"""The things the quiz is about: claim types, techniques, articles, items and banks.

Plain data, no behaviour beyond small lookups: loading builds these, the engine plays them,
every front end shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

DIFFICULTIES = ("easy", "medium", "hard")


class BankMode(StrEnum):
    """When a bank gives its feedback: after each answer, or all of it at the end."""

    PRACTICE = "practice"
    EXAM = "exam"


class AttemptMode(StrEnum):
    """What an attempt plays: the bank's own draw, or only the items a learner has missed."""

    QUIZ = "quiz"
    REVIEW = "review"


MODES = tuple(BankMode)


@dataclass(frozen=True)
class ClaimType:
    """One of the four kinds of claim (fact, inference, opinion, rhetoric)."""

    id: str
    name: str
    key: str
    definition: str
    example: str


@dataclass(frozen=True)
class Technique:
    """A persuasion technique (SemEval-2020 Task 11), named for rhetoric items."""

    id: str
    name: str
    definition: str
    example: str


@dataclass(frozen=True)
class Article:
    """The source article: metadata and its body paragraphs, in order."""

    id: str
    title: str
    author: str
    publication: str
    date: str
    paragraphs: tuple[str, ...]
    dek: str = ""
    author_bio: str = ""

    def paragraph(self, number: int) -> str:
        """Paragraph `number`, counting from 1 as bank files do."""
        return self.paragraphs[number - 1]


@dataclass(frozen=True)
class Item:
    """One question: a passage from the article and the type of claim it makes."""

    id: str
    passage: str
    answer: str
    explanation: str
    paragraph: int
    cues: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    technique: str | None = None
    difficulty: str = "medium"
    needs_context: bool = False  # the passage cannot be judged alone: show its paragraph first
    form: str | None = None  # "a" or "b": the parallel form a teacher put it in (quiz.core.forms)


@dataclass(frozen=True)
class BankOptions:
    """How a bank is played; every field has a sensible default."""

    mode: BankMode = BankMode.PRACTICE
    count: int = 20
    shuffle: bool = True
    partial_credit: float = 0.5
    time_limit: int | None = None  # minutes; None for no limit
    evidence: bool = False  # after the type, ask which words gave it away (quiz.core.evidence)
    pre_post: bool = False  # the start screen offers a pre-test and a post-test (quiz.core.forms)


@dataclass(frozen=True)
class Bank:
    """A question bank: items about one article, and how to play them."""

    id: str
    title: str
    article: Article
    items: tuple[Item, ...]
    options: BankOptions = field(default_factory=BankOptions)
    description: str = ""
    language: str = "en"
    content_hash: str = ""
    # The claim types this bank asks about (its `types:`), in the catalog's order; empty: all.
    types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """Everything the quiz needs that is not a bank: the type and technique definitions."""

    claim_types: tuple[ClaimType, ...]
    techniques: tuple[Technique, ...]

    def claim_type(self, type_id: str) -> ClaimType:
        return next(t for t in self.claim_types if t.id == type_id)

    def technique(self, technique_id: str) -> Technique:
        return next(t for t in self.techniques if t.id == technique_id)

    @property
    def type_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.claim_types)

    def narrowed(self, type_ids: tuple[str, ...] | list[str]) -> Catalog:
        """This catalog with only the claim types `type_ids` (all of them when empty), kept in
        the catalog's order: the choices of a bank that asks about some types only."""
        if not type_ids:
            return self
        wanted = set(type_ids)
        return Catalog(tuple(t for t in self.claim_types if t.id in wanted), self.techniques)


def cue_spans(passage: str, cues: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """Where the cues stand in `passage`, as sorted, non-overlapping (start, end) spans.

    Every occurrence counts: a cue repeated in its passage ("no Russian …; no Russian …",
    repetition) is highlighted, and is evidence, each time.
    """
    spans = []
    for cue in cues:
        if not cue:
            continue
        start = passage.find(cue)
        while start >= 0:
            spans.append((start, start + len(cue)))
            start = passage.find(cue, start + len(cue))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
