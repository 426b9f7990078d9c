"""Showing the evidence: the words of a passage a learner can mark, and how a marking scores.

After choosing a type, a learner marks the words that gave it away; the bank's `cues` are the
words that do. The type alone decides the mark (quiz.core.engine); the evidence is scored on
its own, so that a teacher can tell "right type, wrong reason" from "wrong type, right words".

Words
    `passage_words` splits a passage into the units a learner can select, as character spans
    of the passage. In writing with spaces, a word is a run of letters and digits (with their
    accents): an apostrophe or a hyphen between two of them stays inside the word (Putin’s,
    Iran-backed, из-за, aujourd’hui), and so does a point or comma between two digits (3,000;
    1.5) and the points of an abbreviation (U.S., D.C.); but an elided French or Italian word
    ends with its apostrophe (l’ alliance, d’ Iran, qu’ au: `ELISIONS`). Spaces and other
    punctuation are never part of a word, so they cannot be marked.
    In writing without spaces (Chinese, Japanese kana, Thai …) every character is a unit of
    its own. A translated cue is then whole units however it is cut, and the units never give
    the cue away: a splitting that made each cue one unit would show a learner which
    characters to mark. A run of Latin letters or digits inside such text (PNAS, 2022) is one
    word, as in writing with spaces.
    Words never depend on the cues, for the same reason. Translators must therefore choose
    cues that start and end at word boundaries (tests/test_evidence.py checks every shipped
    cue in every shipped language).

Scoring
    Token level, over those words. The cue words are the words inside any occurrence of any
    of the item's cues (`cue_spans`: a repeated cue counts each time), in the passage the
    learner saw: a translated passage is scored against its translated cues. With M the
    words marked and C the cue words:
    precision = |M ∩ C| / |M| (how much of what was marked gives the type away) and
    recall = |M ∩ C| / |C| (how much of what gives it away was marked).
    The learner *found the evidence* when they marked at least one cue word and at least
    half of what they marked is cue words (recall > 0 and precision ≥ 0.5): one telling word
    is enough to show the reason, marking the whole passage is not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.core.model import cue_spans

Span = tuple[int, int]  # (start, end) character offsets of a passage, end excluded

# What the evidence must reach to count as found; see the module's docstring.
FOUND_PRECISION = 0.5

# Words elided before a vowel in French and Italian: l’alliance is two words, l’ and alliance.
ELISIONS = frozenset(
    "c d j l m n s t qu jusqu lorsqu puisqu quoiqu presqu quelqu".split()  # French
    + "un all dall dell nell sull coll quest quell".split()  # Italian
)
_APOSTROPHES = "'’ʼ＇"
_HYPHENS = "-‐‑"
_DIGIT_SEPARATORS = ".,"
# Single letters joined by points: U.S, D.C, e.g (the last point is added after).
_ABBREVIATION = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
# Scripts written without spaces between words: each character is a unit of its own.
_UNSPACED = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x3134F),  # CJK Extensions B–G
)


def _is_unspaced(char: str) -> bool:
    code = ord(char)
    if code < 0x0E00:  # Latin, Greek, Cyrillic, Arabic …: most text, at once
        return False
    return any(low <= code <= high for low, high in _UNSPACED)


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"


def passage_words(passage: str) -> tuple[Span, ...]:
    """The words of `passage` a learner can select, in order, as character spans.

    See the module's docstring for what a word is, with and without spaces.
    """
    words: list[Span] = []
    length = len(passage)
    at = 0
    while at < length:
        if not _is_word_char(passage[at]):
            at += 1
            continue
        start = at
        unspaced = _is_unspaced(passage[at])
        at += 1
        while at < length:
            char = passage[at]
            if unicodedata.category(char)[0] == "M":
                at += 1  # an accent or vowel sign belongs to the character before it
            elif unspaced:
                break  # a character of writing without spaces is a unit of its own
            elif _is_word_char(char) and not _is_unspaced(char):
                at += 1
            elif at + 1 < length and _joins(passage, at):
                if char in _APOSTROPHES and passage[start:at].casefold() in ELISIONS:
                    at += 1  # l’, d’, qu’ …: the elided word ends with its apostrophe
                    break
                at += 1  # an apostrophe, hyphen or digit separator inside a word
            elif char == "." and at + 1 < length and _ABBREVIATION.fullmatch(passage[start : at + 2]):
                at += 1  # U.S., D.C.: the points of an abbreviation
            else:
                break
        word = passage[start:at]
        if at < length and passage[at] == "." and "." in word and _ABBREVIATION.fullmatch(word):
            at += 1  # its last point too
        words.append((start, at))
    return tuple(words)


def _joins(passage: str, at: int) -> bool:
    """Whether the punctuation at `at`, after a letter or digit, sits inside a word
    (Putin’s, Iran-backed, 3,000)."""
    before, char, after = passage[at - 1], passage[at], passage[at + 1]
    if not _is_word_char(after) or _is_unspaced(after):
        return False
    if char in _APOSTROPHES or char in _HYPHENS:
        return True
    return char in _DIGIT_SEPARATORS and before.isdigit() and after.isdigit()


def words_within(words: Sequence[Span], spans: Iterable[Span]) -> frozenset[int]:
    """The indexes of `words` that overlap any of `spans`."""
    spans = list(spans)
    return frozenset(
        n
        for n, (start, end) in enumerate(words)
        if any(start < span_end and span_start < end for span_start, span_end in spans)
    )


def cut_words(words: Sequence[Span], spans: Iterable[Span]) -> list[Span]:
    """The spans among `spans` that begin or end inside a word: cues a learner cannot select whole."""
    cut = []
    for span in spans:
        for edge in span:
            if any(start < edge < end for start, end in words):
                cut.append(span)
                break
    return cut


def runs(indexes: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive indexes grouped: {2, 3, 4, 7} → [(2, 4), (7, 7)] (first and last of each run)."""
    grouped: list[tuple[int, int]] = []
    for index in sorted(set(indexes)):
        if grouped and index == grouped[-1][1] + 1:
            grouped[-1] = (grouped[-1][0], index)
        else:
            grouped.append((index, index))
    return grouped


@dataclass(frozen=True)
class EvidenceStep:
    """What a learner marks after choosing a type: the passage as shown, split into words.

    `cue_words` are the indexes of the words that give the type away; a front end must not show
    them before the evidence is given.
    """

    passage: str
    words: tuple[Span, ...]
    cue_words: frozenset[int]

    @classmethod
    def of(cls, passage: str, cues: Iterable[str]) -> EvidenceStep | None:
        """The step for `passage` with `cues` (as the learner reads them); None without cues found."""
        words = passage_words(passage)
        cue_words = words_within(words, cue_spans(passage, tuple(cues)))
        return cls(passage, words, cue_words) if cue_words else None

    def word(self, index: int) -> str:
        """The text of word `index` (counting from 0)."""
        start, end = self.words[index]
        return self.passage[start:end]

    def mark(self, indexes: Iterable[int]) -> Evidence:
        """The evidence of marking the words at `indexes` (counting from 0); at least one.

        Raises ValueError for an index that is not a word of the passage, or for none at all.
        """
        marked = frozenset(indexes)
        if not marked:
            raise ValueError("no word marked: skip the step instead")
        if not all(0 <= index < len(self.words) for index in marked):
            raise ValueError(f"word indexes must lie between 0 and {len(self.words) - 1}")
        return Evidence(self, marked)

    def marked_in(self, spans: Iterable[Span]) -> frozenset[int]:
        """The words inside `spans` (as `Evidence.spans` gives them): a stored marking read back."""
        return words_within(self.words, spans)

    def phrase(self, first: int, last: int) -> str:
        """The passage from word `first` to word `last`, with what stands between them."""
        return self.passage[self.words[first][0] : self.words[last][1]]


@dataclass(frozen=True)
class Evidence:
    """The words a learner marked for one answer, and how they compare with the cue words."""

    step: EvidenceStep
    marked: frozenset[int]  # indexes into step.words

    @property
    def hits(self) -> frozenset[int]:
        """Marked words that give the type away."""
        return self.marked & self.step.cue_words

    @property
    def precision(self) -> float:
        """The share of the marked words that are cue words."""
        return len(self.hits) / len(self.marked)

    @property
    def recall(self) -> float:
        """The share of the cue words that were marked."""
        return len(self.hits) / len(self.step.cue_words)

    @property
    def found(self) -> bool:
        """Whether the learner found the evidence (see `evidence_found`)."""
        return evidence_found(self.precision, self.recall)

    @property
    def spans(self) -> tuple[Span, ...]:
        """The marked stretches of the passage: each run of consecutive marked words is one span."""
        words = self.step.words
        return tuple((words[first][0], words[last][1]) for first, last in runs(self.marked))

    @property
    def texts(self) -> tuple[str, ...]:
        """What each of `spans` reads."""
        return tuple(self.step.passage[start:end] for start, end in self.spans)

    def phrases(self, indexes: Iterable[int]) -> list[str]:
        """The words at `indexes` as the passage reads them, consecutive ones together."""
        return [self.step.phrase(first, last) for first, last in runs(indexes)]


def evidence_found(precision: float | None, recall: float | None) -> bool:
    """The one rule for "found the evidence": at least one cue word marked, and at least half
    of what was marked gives the type away. False when no evidence was given."""
    if precision is None or recall is None:
        return False
    return recall > 0 and precision >= FOUND_PRECISION
