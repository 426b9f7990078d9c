"""The class report's numbers: how a class did on each item and each claim type.

A teacher collects the CSV files (one per computer, or one from a shared server), and gets, for
each bank: per item the facility and discrimination indices, the most common wrong answer and
flags for items worth a second look; per claim type the class's accuracy. This module only
counts; quiz.scores.report.formatting puts the numbers into words and tables.

Each student counts once per bank, with their latest quiz attempt (review rounds are practice
and are left out). The indices follow Moodle's quiz statistics:

- facility = mean mark / maximum mark × 100;
- discrimination = 100 × the Pearson correlation between the item's marks and each student's
  score on the rest of the attempt (total minus this item), over the students who answered it;
- upper–lower = (mean mark of the top 27 % − mean mark of the bottom 27 %) / maximum × 100,
  students ranked by total score.

From the same answers, where the exports hold them: per item how often the evidence was found
(quiz.core.evidence's rule, over the answers with words marked), how many had the right type
for the wrong reason (fully correct, words marked, not found) and the wrong type with the right
words (wrong, words found), and the share answered with the article's paragraph open; per bank
the mean calibration gap (each student's guess at their score minus the score), and which type
was given for which (the HTML report's heat map).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from operator import mul

from quiz.core.engine import Outcome
from quiz.core.evidence import evidence_found
from quiz.scores.report.gain import ClassGain
from quiz.scores.report.reading import QUIZ, Mark

CORRECT, WRONG = Outcome.CORRECT.value, Outcome.WRONG.value  # plain strings: read in hot loops
GROUP_SHARE = 0.27  # Kelley's 27 %: the usual size of the upper and lower groups

# Items worth a second look are flagged "hard", "easy", "negative" or "weak" (stable codes,
# written as they are in the CSV form; quiz.scores.report.formatting says them in words).
HARD_BELOW, EASY_ABOVE, WEAK_BELOW = 30.0, 90.0, 20.0


@dataclass(frozen=True)
class ItemStats:
    """How the class did on one item."""

    item_id: str
    correct_type: str
    students: int  # how many answered it
    facility: float  # 0–100
    discrimination: float | None  # −100–100; None when undefined
    upper_lower: float | None  # −100–100; None with fewer than two students
    common_wrong: str | None  # the type most often chosen wrongly
    common_wrong_count: int
    flags: tuple[str, ...]  # flag codes (see HARD_BELOW), the keys of formatting.FLAG_TEXTS
    evidence_marked: int = 0  # answers with words marked as evidence
    evidence_found: float | None = None  # 0–100: share of those where the evidence was found
    right_type_wrong_reason: int = 0  # fully correct, words marked, evidence not found
    wrong_type_right_words: int = 0  # wrong, evidence found
    context_share: float | None = None  # 0–100: answered with the paragraph open; None: not recorded


@dataclass(frozen=True)
class TypeStats:
    """How the class did on the items of one claim type."""

    type_id: str
    answers: int
    accuracy: float  # share of answers fully correct, 0–1


@dataclass(frozen=True)
class Calibration:
    """How well a class judged its own scores: each student's guess minus their score."""

    students: int  # students who guessed
    mean_gap: float  # mean of guess − score, in points: above 0, the class overestimated
    overestimated: int  # guessed above their score
    underestimated: int  # guessed below it


@dataclass(frozen=True)
class BankReport:
    """The report for one bank."""

    bank_id: str
    students: int
    mean_score: float  # mean of each student's points / maximum, 0–100
    items: list[ItemStats]
    types: list[TypeStats]
    calibration: Calibration | None = None  # None: no student guessed their score
    # Which type was given for which: (correct type, type chosen, answers), every pair given at
    # least once, partly credited answers included (the HTML report's heat map).
    confusion: tuple[tuple[str, str, int], ...] = ()
    gain: ClassGain | None = None  # None: the exports hold no pre- and post-test


@dataclass(frozen=True)
class ClassReport:
    """The report for every bank found in the exports."""

    banks: list[BankReport]


def class_report(marks: Iterable[Mark]) -> ClassReport:
    """Item and type statistics per bank, from each student's latest quiz attempt."""
    # First the attempts, each as its marks by item: the same item twice (a file given
    # twice) counts once. Students are matched whatever the case they typed their name in.
    attempts: dict[tuple[str, str, str, str], dict[str, Mark]] = {}
    for mark in marks:
        if mark.mode != QUIZ:
            continue  # review rounds are practice on chosen items, not a measure of the class
        key = (mark.bank_id, mark.learner.casefold(), mark.attempt_started_at, mark.attempt_id)
        by_item = attempts.get(key)
        if by_item is None:
            by_item = attempts[key] = {}
        by_item[mark.item_id] = mark
    # Then each student's latest. Attempt ids restart in every score file, so the start time
    # decides; on a tie the attempt read later wins (dicts keep the order things were read).
    latest: dict[str, dict[str, tuple[str, dict[str, Mark]]]] = {}
    for (bank_id, student, started, _attempt_id), by_item in attempts.items():
        students = latest.setdefault(bank_id, {})
        if student not in students or started >= students[student][0]:
            students[student] = (started, by_item)
    return ClassReport(
        banks=[
            _bank_report(bank_id, [by_item for _started, by_item in students.values()])
            for bank_id, students in sorted(latest.items())
        ]
    )


def _bank_report(bank_id: str, attempts: list[dict[str, Mark]]) -> BankReport:
    totals = [sum(mark.points for mark in by_item.values()) for by_item in attempts]
    maxima = [sum(mark.max_points for mark in by_item.values()) for by_item in attempts]
    # Rank once, best first (ties by name, so the groups do not depend on file order), and
    # deal each student's marks out to the items in that order: no sort per item.
    ranked = sorted(
        range(len(attempts)),
        key=lambda n: (-totals[n], next(iter(attempts[n].values())).learner.casefold()),
    )
    answers: dict[str, list[tuple[Mark, float]]] = {}  # item -> (mark, total), best first
    for n in ranked:
        for item_id, mark in attempts[n].items():
            answers.setdefault(item_id, []).append((mark, totals[n]))
    items = [_item_stats(item_id, answers[item_id]) for item_id in sorted(answers, key=_natural)]
    every_mark = [mark for attempt in attempts for mark in attempt.values()]
    type_counts = Counter(mark.correct_type for mark in every_mark)
    type_correct = Counter(mark.correct_type for mark in every_mark if mark.outcome == CORRECT)
    types = [
        TypeStats(type_id, count, type_correct[type_id] / count)
        for type_id, count in sorted(type_counts.items())
    ]
    scores = [100 * total / maximum for total, maximum in zip(totals, maxima) if maximum]
    given = Counter((mark.correct_type, mark.chosen) for mark in every_mark if mark.chosen)
    return BankReport(
        bank_id=bank_id,
        students=len(attempts),
        mean_score=sum(scores) / len(scores) if scores else 0.0,
        items=items,
        types=types,
        calibration=_calibration(attempts, totals),
        confusion=tuple((correct, chosen, count) for (correct, chosen), count in sorted(given.items())),
    )


def _calibration(attempts: list[dict[str, Mark]], totals: list[float]) -> Calibration | None:
    """Guess − score over the students who guessed (every row of an attempt carries its guess)."""
    gaps = []
    for by_item, total in zip(attempts, totals):
        guess = next((mark.calibration_guess for mark in by_item.values() if mark.calibration_guess is not None), None)
        if guess is not None:
            gaps.append(guess - total)
    if not gaps:
        return None
    return Calibration(
        students=len(gaps),
        mean_gap=sum(gaps) / len(gaps),
        overestimated=sum(gap > 0 for gap in gaps),
        underestimated=sum(gap < 0 for gap in gaps),
    )


def _item_stats(item_id: str, answered: list[tuple[Mark, float]]) -> ItemStats:
    """Statistics of one item from (mark, student's total) pairs, best total first."""
    count = len(answered)
    marks = [mark.points for mark, _total in answered]
    maximum = sum(mark.max_points for mark, _total in answered) / count
    facility = 100 * sum(marks) / count / maximum
    rest = [total - points for (_mark, total), points in zip(answered, marks)]
    discrimination = _correlation(marks, rest)
    if discrimination is not None:
        discrimination *= 100
    upper_lower = None
    if count >= 2:
        group = max(1, round(GROUP_SHARE * count))
        upper = sum(marks[:group]) / group
        lower = sum(marks[-group:]) / group
        upper_lower = 100 * (upper - lower) / maximum
    wrong = Counter(mark.chosen for mark, _total in answered if mark.outcome == WRONG)
    common_wrong, common_count = (
        min(wrong.items(), key=lambda pair: (-pair[1], pair[0])) if wrong else (None, 0)
    )
    flags = []
    if facility < HARD_BELOW:
        flags.append("hard")
    if facility > EASY_ABOVE:
        flags.append("easy")
    if discrimination is not None and discrimination < 0:
        flags.append("negative")
    elif discrimination is not None and discrimination < WEAK_BELOW:
        flags.append("weak")
    marked = [mark for mark, _total in answered if mark.evidence == "marked"]
    found = [evidence_found(mark.evidence_precision, mark.evidence_recall) for mark in marked]
    recorded = [mark.context_seen for mark, _total in answered if mark.context_seen is not None]
    # An item keeps its type; should a bank have relabelled it between exports, the majority.
    types = Counter(mark.correct_type for mark, _total in answered)
    return ItemStats(
        item_id=item_id,
        correct_type=types.most_common(1)[0][0],
        students=count,
        facility=facility,
        discrimination=discrimination,
        upper_lower=upper_lower,
        common_wrong=common_wrong,
        common_wrong_count=common_count,
        flags=tuple(flags),
        evidence_marked=len(marked),
        evidence_found=100 * sum(found) / len(marked) if marked else None,
        right_type_wrong_reason=sum(
            mark.outcome == CORRECT and not hit for mark, hit in zip(marked, found)
        ),
        wrong_type_right_words=sum(mark.outcome == WRONG and hit for mark, hit in zip(marked, found)),
        context_share=100 * sum(recorded) / len(recorded) if recorded else None,
    )


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None with fewer than two pairs or when either side never varies."""
    count = len(xs)
    if count < 2:
        return None
    mean_x, mean_y = sum(xs) / count, sum(ys) / count
    # Deviations from the mean (two passes) keep rounding error small for long lists.
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx, syy = sum(map(mul, dx, dx)), sum(map(mul, dy, dy))
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sum(map(mul, dx, dy)) / math.sqrt(sxx * syy)


def _natural(text: str) -> list:
    # "p2" before "p10", as a person counts.
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]
