"""The class report's numbers: how a class did on each item and each claim type.

A teacher collects the CSV files (one per computer, or one from a shared server), and gets, for
each bank: per item the facility and discrimination indices, the most common wrong answer and
flags for items worth a second look; per claim type the class's accuracy. This module only
counts; quiz.scores.report.formatting puts the numbers into words and tables.

Which attempts count (`attempts`, the report's `--attempts`): per student and bank, and apart for
practice, the pre-test and the post-test, the *first* finished attempt (the default, as Moodle's),
the *last* finished one, or *all* finished ones. Unfinished attempts are left out (exports older
than the `finished` column cannot tell, so theirs all count); review rounds are practice on
chosen items and are left out too. Below MIN_ANSWERS answers an item's indices are not shown
("too few answers"): with a handful of students, ties in the totals make them noise.
The indices follow Moodle's quiz statistics:

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

Flags (stable codes, the same words in the CSV form and, translated, in the text):

- check-label: discrimination below 0 — stronger students get it wrong more than weaker ones;
- may-mislead: facility below 30 and discrimination below 20 — most get it wrong, strong
  students too;
- weak-discrimination: discrimination from 0 to 20 (and not may-mislead);
- too-easy: facility above 90;
- hard-but-fair: facility below 30 with discrimination 20 or more — hard, and it is the strong
  students who get it: not a fault of the item.

With pre- and post-tests in the exports, the gain (quiz.scores.report.gain) comes from each
student's selected pre-test and post-test.
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
from quiz.scores.report.gain import ClassGain, SittingScore, class_gain
from quiz.scores.report.reading import QUIZ, Mark

CORRECT, WRONG = Outcome.CORRECT.value, Outcome.WRONG.value  # plain strings: read in hot loops
GROUP_SHARE = 0.27  # Kelley's 27 %: the usual size of the upper and lower groups

# Items worth a second look get flags (stable codes, written as they are in the CSV form;
# quiz.scores.report.formatting says them in words, each with what to do). Most urgent first.
HARD_BELOW, EASY_ABOVE, WEAK_BELOW = 30.0, 90.0, 20.0
FLAGS = ("check-label", "may-mislead", "weak-discrimination", "too-easy", "hard-but-fair")
TOO_FEW = "too-few-answers"  # in place of flags (and indices) below MIN_ANSWERS
# Below this many answers an item's indices are not shown: with few students, ties and one
# answer more or less swing them from −100 to +100.
MIN_ANSWERS = 15
ATTEMPT_CHOICES = ("first", "last", "all")


@dataclass(frozen=True)
class ItemStats:
    """How the class did on one item."""

    item_id: str
    correct_type: str
    students: int  # how many answers it had (one per counted attempt)
    facility: float  # 0–100
    discrimination: float | None  # −100–100; None when undefined
    upper_lower: float | None  # −100–100; None with fewer than two students
    common_wrong: str | None  # the type most often chosen when not fully right (partial included)
    common_wrong_count: int
    flags: tuple[str, ...]  # flag codes (FLAGS), the keys of formatting.FLAG_TEXTS
    evidence_marked: int = 0  # answers with words marked as evidence
    evidence_found: float | None = None  # 0–100: share of those where the evidence was found
    right_type_wrong_reason: int = 0  # fully correct, words marked, evidence not found
    wrong_type_right_words: int = 0  # wrong, evidence found
    context_share: float | None = None  # 0–100: answered with the paragraph open; None: not recorded
    # Every type chosen when the answer was not fully right (partly credited ones included),
    # with how often, most often first.
    wrong_answers: tuple[tuple[str, int], ...] = ()
    too_few: bool = False  # fewer than the minimum answers: its indices mean nothing yet

    @property
    def shows_indices(self) -> bool:
        return not self.too_few


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
    sittings: int = 0  # the attempts counted (a student's pre-test, practice and post-test: three)
    # Which type was given for which: (correct type, type chosen, answers), every pair given at
    # least once, partly credited answers included (the HTML report's heat map).
    confusion: tuple[tuple[str, str, int], ...] = ()
    gain: ClassGain | None = None  # None: the bank has no pre- or post-test attempts


@dataclass(frozen=True)
class ClassReport:
    """The report for every bank found in the exports."""

    banks: list[BankReport]
    attempts: str = "first"  # which attempts counted: "first", "last" or "all" (finished ones)


def class_report(
    marks: Iterable[Mark], attempts: str = "first", min_answers: int = MIN_ANSWERS
) -> ClassReport:
    """Item and type statistics per bank, and the gain where there are pre- and post-tests.

    `attempts` is "first", "last" or "all" (see the module's docstring); `min_answers` the
    fewest answers an item needs for its indices and flags.
    """
    if attempts not in ATTEMPT_CHOICES:
        raise ValueError(f"attempts must be one of {ATTEMPT_CHOICES}, not {attempts!r}")
    # First the attempts, each as its marks by item: the same item twice (a file given
    # twice) counts once. Students are matched whatever the case they typed their name in.
    found: dict[tuple[str, str, str, str], dict[str, Mark]] = {}
    for mark in marks:
        if mark.mode != QUIZ or mark.finished is False:
            continue  # review rounds are practice on chosen items; unfinished attempts are not a measure
        key = (mark.bank_id, mark.learner.casefold(), mark.attempt_started_at, mark.attempt_id)
        by_item = found.get(key)
        if by_item is None:
            by_item = found[key] = {}
        by_item[mark.item_id] = mark
    # Then each student's attempts of each kind (practice, pre-test, post-test), in time order.
    # Attempt ids restart in every score file, so the start time decides; on a tie, the order
    # the files were read (sorted() is stable).
    kinds: dict[str, dict[tuple[str, str], list[tuple[str, dict[str, Mark]]]]] = {}
    for (bank_id, student, started, _attempt_id), by_item in found.items():
        test = next(iter(by_item.values())).test
        kinds.setdefault(bank_id, {}).setdefault((student, test), []).append((started, by_item))
    banks = []
    for bank_id, by_kind in sorted(kinds.items()):
        chosen: list[dict[str, Mark]] = []
        for sittings in by_kind.values():
            ordered = [by_item for _started, by_item in sorted(sittings, key=lambda pair: pair[0])]
            chosen += ordered if attempts == "all" else [ordered[0] if attempts == "first" else ordered[-1]]
        banks.append(_bank_report(bank_id, chosen, min_answers))
    return ClassReport(banks=banks, attempts=attempts)


def _gain(attempts: list[dict[str, Mark]]) -> ClassGain | None:
    scores = []
    for by_item in attempts:
        first = next(iter(by_item.values()))
        if first.test not in ("pre", "post"):
            continue
        by_type: dict[str, tuple[float, float]] = {}
        for mark in by_item.values():
            points, maximum = by_type.get(mark.correct_type, (0.0, 0.0))
            by_type[mark.correct_type] = (points + mark.points, maximum + mark.max_points)
        scores.append(SittingScore(
            first.learner, first.test,
            sum(mark.points for mark in by_item.values()), sum(mark.max_points for mark in by_item.values()),
            by_type,
        ))
    return class_gain(scores)


def _bank_report(bank_id: str, attempts: list[dict[str, Mark]], min_answers: int = MIN_ANSWERS) -> BankReport:
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
    items = [_item_stats(item_id, answers[item_id], min_answers) for item_id in sorted(answers, key=_natural)]
    # Flagged items first, the most urgent flag first; then the rest, as a person counts ids.
    items.sort(key=lambda stats: (_urgency(stats), _natural(stats.item_id)))
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
        students=len({next(iter(by_item.values())).learner.casefold() for by_item in attempts}),
        sittings=len(attempts),
        mean_score=sum(scores) / len(scores) if scores else 0.0,
        items=items,
        types=types,
        calibration=_calibration(attempts, totals),
        confusion=tuple((correct, chosen, count) for (correct, chosen), count in sorted(given.items())),
        gain=_gain(attempts),
    )


def _urgency(stats: ItemStats) -> int:
    """Where an item goes in the table: by its most urgent flag; unflagged items last."""
    return min((FLAGS.index(flag) for flag in stats.flags if flag in FLAGS), default=len(FLAGS))


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


def _item_stats(item_id: str, answered: list[tuple[Mark, float]], min_answers: int = MIN_ANSWERS) -> ItemStats:
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
    # Every answer that was not fully right: a partly credited one is still a type chosen wrongly.
    wrong = Counter(mark.chosen for mark, _total in answered if mark.outcome != CORRECT)
    wrong_answers = tuple(sorted(wrong.items(), key=lambda pair: (-pair[1], pair[0])))
    common_wrong, common_count = wrong_answers[0] if wrong_answers else (None, 0)
    too_few = count < min_answers
    flags = [] if too_few else _flags(facility, discrimination)
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
        wrong_answers=wrong_answers,
        too_few=too_few,
    )


def _flags(facility: float, discrimination: float | None) -> list[str]:
    """The flags of an item with enough answers (see the module's docstring), most urgent first."""
    flags = []
    discriminates = discrimination is not None and discrimination >= WEAK_BELOW
    if discrimination is not None and discrimination < 0:
        flags.append("check-label")
    if facility < HARD_BELOW and not discriminates:
        flags.append("may-mislead")
    if discrimination is not None and 0 <= discrimination < WEAK_BELOW and facility >= HARD_BELOW:
        flags.append("weak-discrimination")
    if facility > EASY_ABOVE:
        flags.append("too-easy")
    if facility < HARD_BELOW and discriminates:
        flags.append("hard-but-fair")
    return flags


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
