"""The class report: how a class did on each item, from the CSV exports of their quizzes.

A teacher collects the CSV files (one per computer, or one from a shared server), and gets, for
each bank: per item the facility and discrimination indices, the most common wrong answer and
flags for items worth a second look; per claim type the class's accuracy.

Each student counts once per bank, with their latest quiz attempt (review rounds are practice
and are left out). The indices follow Moodle's quiz statistics:

- facility = mean mark / maximum mark × 100;
- discrimination = 100 × the Pearson correlation between the item's marks and each student's
  score on the rest of the attempt (total minus this item), over the students who answered it;
- upper–lower = (mean mark of the top 27 % − mean mark of the bottom 27 %) / maximum × 100,
  students ranked by total score.
"""

from __future__ import annotations

import csv
import io
import math
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import mul
from pathlib import Path
from typing import NamedTuple

from quiz.core.engine import Outcome
from quiz.i18n import N_, _, format_number, format_percent, ngettext
from quiz.scores.columns import REQUIRED_COLUMNS, unprotect_cell
from quiz.terminal_text import cell_width, pad

OUTCOMES = tuple(outcome.value for outcome in Outcome)
CORRECT, WRONG = Outcome.CORRECT.value, Outcome.WRONG.value  # plain strings: read in hot loops
QUIZ = "quiz"
FORMATS = ("text", "markdown", "csv")
GROUP_SHARE = 0.27  # Kelley's 27 %: the usual size of the upper and lower groups
TEXT_WIDTH = 100

# Flag codes (stable, for the CSV form) and what a teacher reads (translated when shown).
FLAG_TEXTS = {
    "hard": N_("may mislead"),
    "easy": N_("may be too easy / teaches little"),
    "negative": N_("check the label"),
    "weak": N_("weak discrimination"),
}
HARD_BELOW, EASY_ABOVE, WEAK_BELOW = 30.0, 90.0, 20.0


class ReportError(Exception):
    """An export file cannot be read; the message says where (FILE:LINE) and what to do."""


class Mark(NamedTuple):
    """One answer read from a CSV export (a named tuple: a class's worth is built quickly)."""

    learner: str
    attempt_id: str
    attempt_started_at: str
    mode: str
    bank_id: str
    item_id: str
    correct_type: str
    chosen: str
    outcome: str
    points: float
    max_points: float


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
    flags: tuple[str, ...]  # keys of FLAG_TEXTS


@dataclass(frozen=True)
class TypeStats:
    """How the class did on the items of one claim type."""

    type_id: str
    answers: int
    accuracy: float  # share of answers fully correct, 0–1


@dataclass(frozen=True)
class BankReport:
    """The report for one bank."""

    bank_id: str
    students: int
    mean_score: float  # mean of each student's points / maximum, 0–100
    items: list[ItemStats]
    types: list[TypeStats]


@dataclass(frozen=True)
class ClassReport:
    """The report for every bank found in the exports."""

    banks: list[BankReport]


# --- Reading exports --------------------------------------------------------------------------


def read_exports(paths: Iterable[Path | str]) -> list[Mark]:
    """Every answer in the CSV exports at `paths` (files written by quiz.scores.export.write_csv).

    Raises ReportError, never anything else, for a file that cannot be used.
    """
    marks: list[Mark] = []
    for path in paths:
        marks.extend(_read_export(Path(path)))
    return marks


def _problem(path: Path, line: int, message: str) -> ReportError:
    return ReportError(f"{path}:{line}: {message}")


def _read_export(path: Path) -> list[Mark]:
    try:
        data = path.read_bytes()
    except OSError as error:
        message = _("cannot be read ({reason}); check the file name.").format(
            reason=error.strerror or error
        )
        raise ReportError(f"{path}: {message}") from None
    try:
        text = data.decode("utf-8-sig")  # a spreadsheet may add a byte-order mark
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _problem(path, line, _(
            "this file is not UTF-8 text. Save it again as “CSV UTF-8”, or export it again "
            "from media-quiz."
        )) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(name.strip() for name in header):
            raise _problem(path, 1, _("the file is empty; give a CSV export from media-quiz."))
        position = {name.strip(): n for n, name in enumerate(header)}
        missing = [name for name in REQUIRED_COLUMNS if name not in position]
        if missing:
            raise _problem(path, 1, ngettext(
                "missing column {columns}; give a CSV export from media-quiz.",
                "missing columns {columns}; give a CSV export from media-quiz.",
                len(missing),
            ).format(columns=", ".join(missing)))
        columns = _Columns(
            count=len(header),
            mode=position.get("mode"),
            **{name: position[name] for name in REQUIRED_COLUMNS},
        )
        # Plain lists and indexes rather than DictReader: a whole school year reads in a blink.
        return [_mark(path, reader.line_num, fields, columns) for fields in reader if fields]
    except csv.Error as error:
        raise _problem(path, reader.line_num, _(
            "this is not readable CSV ({reason}); export it again from media-quiz."
        ).format(reason=error)) from None


@dataclass(frozen=True)
class _Columns:
    """Where each column of an export stands in its lines (one field per required column)."""

    count: int
    learner: int
    attempt_id: int
    attempt_started_at: int
    bank_id: int
    item_id: int
    correct_type: int
    chosen: int
    outcome: int
    points: int
    max_points: int
    mode: int | None


def _text(fields: list[str], at: int) -> str:
    value = fields[at].strip()
    return unprotect_cell(value) if value[:1] == "'" else value


def _mark(path: Path, line: int, fields: list[str], at: _Columns) -> Mark:
    if len(fields) != at.count:
        raise _problem(path, line, _(
            "this line has {found} fields but the header has {expected}; check it, or export "
            "the file again."
        ).format(found=len(fields), expected=at.count))
    learner, attempt_id = _text(fields, at.learner), fields[at.attempt_id].strip()
    bank_id, item_id = _text(fields, at.bank_id), _text(fields, at.item_id)
    correct_type = _text(fields, at.correct_type)
    if not (learner and attempt_id and bank_id and item_id and correct_type):
        values = {"learner": learner, "attempt_id": attempt_id, "bank_id": bank_id,
                  "item_id": item_id, "correct_type": correct_type}
        column = next(name for name, value in values.items() if not value)
        raise _problem(path, line, _(
            "column {column} is empty; fill it in or remove the line."
        ).format(column=column))
    outcome = fields[at.outcome].strip()
    if outcome not in OUTCOMES:
        raise _problem(path, line, _(
            "outcome “{value}” is not one of {allowed}; correct it or remove the line."
        ).format(value=outcome, allowed=", ".join(OUTCOMES)))
    points = _number(path, line, fields[at.points], "points")
    max_points = _number(path, line, fields[at.max_points], "max_points")
    if max_points <= 0 or not 0 <= points <= max_points:
        raise _problem(path, line, _(
            "points {points} must lie between 0 and max_points {max_points}; correct the line."
        ).format(points=fields[at.points].strip(), max_points=fields[at.max_points].strip()))
    return Mark(
        learner=" ".join(learner.split()),
        attempt_id=attempt_id,
        attempt_started_at=fields[at.attempt_started_at].strip(),
        mode=(fields[at.mode].strip() if at.mode is not None else "") or "quiz",
        bank_id=bank_id,
        item_id=item_id,
        correct_type=correct_type,
        chosen=_text(fields, at.chosen),
        outcome=outcome,
        points=points,
        max_points=max_points,
    )


def _number(path: Path, line: int, text: str, column: str) -> float:
    text = text.strip()
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise _problem(path, line, _(
            "“{value}” in column {column} is not a number; correct it or remove the line."
        ).format(value=text, column=column))
    return value


# --- The statistics ---------------------------------------------------------------------------


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
    return BankReport(
        bank_id=bank_id,
        students=len(attempts),
        mean_score=sum(scores) / len(scores) if scores else 0.0,
        items=items,
        types=types,
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


# --- Formatting -------------------------------------------------------------------------------


def format_report(
    report: ClassReport, fmt: str, type_names: Mapping[str, str] | None = None
) -> str:
    """The report as "text" (aligned for a terminal), "markdown" (tables) or "csv" (data).

    `type_names` says what the text and markdown tables call each claim type (its name in the
    reader's language); a type without one, and every type in the CSV, is shown by its id.
    """
    names = type_names or {}
    if fmt == "text":
        return _as_text(report, names)
    if fmt == "markdown":
        return _as_markdown(report, names)
    if fmt == "csv":
        return _as_csv(report)
    raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")


def _whole(value: float | None) -> str:
    return "–" if value is None else format_number(value, 0)


def _heading(bank: BankReport) -> str:
    students = ngettext("{count} student", "{count} students", bank.students).format(
        count=bank.students
    )
    return _("Bank {bank}: {students}, mean score {score}").format(
        bank=bank.bank_id, students=students, score=format_percent(bank.mean_score / 100)
    )


def _item_headers() -> list[str]:
    return [
        _("Item"),
        _("Type"),
        # TRANSLATORS: column heading: how many students answered the item. Keep it short.
        _("N"),
        # TRANSLATORS: short for "facility index" (explained in the legend under the table).
        _("Facil."),
        # TRANSLATORS: short for "discrimination index" (explained in the legend).
        _("Discr."),
        # TRANSLATORS: short for "upper–lower discrimination" (explained in the legend).
        _("U–L"),
        _("Most common wrong"),
        _("Flags"),
    ]


def _item_cells(item: ItemStats, names: Mapping[str, str]) -> list[str]:
    wrong = (
        f"{names.get(item.common_wrong, item.common_wrong)} ({item.common_wrong_count})"
        if item.common_wrong
        else "–"
    )
    return [
        item.item_id,
        names.get(item.correct_type, item.correct_type),
        str(item.students),
        _whole(item.facility),
        _whole(item.discrimination),
        _whole(item.upper_lower),
        wrong,
        "; ".join(_(FLAG_TEXTS[flag]) for flag in item.flags),
    ]


def _type_headers() -> list[str]:
    return [_("Type"), _("Answers"), _("Accuracy")]


def _type_cells(kind: TypeStats, names: Mapping[str, str]) -> list[str]:
    return [names.get(kind.type_id, kind.type_id), str(kind.answers), format_percent(kind.accuracy)]


def _legend() -> str:
    return _(
        "Facil.: facility, the mean mark as a share of the maximum (low = hard). "
        "Discr.: discrimination, 100 × the correlation of the item with the rest of the test. "
        "U–L: mean mark of the top 27 % minus that of the bottom 27 %, as a share of the maximum. "
        "Each student counts once, with their latest attempt."
    )


def _nothing() -> str:
    return _("These files hold no quiz answers.")


def _fit(text: str, width: int) -> str:
    """`text` shortened in the middle to at most `width` columns.

    The middle, because ids of one bank often differ only at the end (…-s1, …-s2).
    """
    if cell_width(text) <= width:
        return text
    head, tail = text[: len(text) // 2], text[len(text) // 2 :]
    while head and tail and cell_width(head) + cell_width(tail) > width - 1:
        if cell_width(head) > cell_width(tail):
            head = head[:-1]
        else:
            tail = tail[1:]
    return head + "…" + tail


def _text_table(headers: list[str], rows: list[list[str]], numeric: set[int], last_wraps: bool) -> list[str]:
    """Aligned columns; the last one wraps (when `last_wraps`) so lines stay within TEXT_WIDTH."""
    gap = "  "
    fixed = headers[:-1] if last_wraps else headers
    widths = [
        max([cell_width(headers[n])] + [cell_width(row[n]) for row in rows]) for n in range(len(fixed))
    ]
    widths[0] = min(widths[0], 26)  # long item ids are shortened, never the numbers
    lines = []
    for cells in [headers] + rows:
        left = gap.join(
            pad(_fit(cells[n], widths[n]), widths[n], n in numeric)
            for n in range(len(fixed))
        )
        if not last_wraps:
            lines.append(left.rstrip())
            continue
        room = max(20, TEXT_WIDTH - cell_width(left) - len(gap))
        wrapped = textwrap.wrap(cells[-1], room) or [""]
        lines.append((left + gap + wrapped[0]).rstrip())
        indent = " " * (cell_width(left) + len(gap))
        lines.extend(indent + more for more in wrapped[1:])
    return lines


def _as_text(report: ClassReport, names: Mapping[str, str]) -> str:
    if not report.banks:
        return _nothing() + "\n"
    lines: list[str] = []
    for bank in report.banks:
        heading = _heading(bank)
        lines += [heading, "=" * min(TEXT_WIDTH, cell_width(heading)), ""]
        lines += _text_table(_item_headers(), [_item_cells(i, names) for i in bank.items], {2, 3, 4, 5}, True)
        lines.append("")
        lines += _text_table(_type_headers(), [_type_cells(t, names) for t in bank.types], {1, 2}, False)
        lines.append("")
    lines += textwrap.wrap(_legend(), TEXT_WIDTH)
    return "\n".join(lines) + "\n"


def _markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _markdown_table(headers: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    rule = ["---:" if n in numeric else "---" for n in range(len(headers))]
    return [_markdown_row(headers), "| " + " | ".join(rule) + " |"] + [_markdown_row(r) for r in rows]


def _as_markdown(report: ClassReport, names: Mapping[str, str]) -> str:
    if not report.banks:
        return _nothing() + "\n"
    lines: list[str] = []
    for bank in report.banks:
        lines += ["## " + _heading(bank), ""]
        lines += _markdown_table(_item_headers(), [_item_cells(i, names) for i in bank.items], {2, 3, 4, 5})
        lines.append("")
        lines += _markdown_table(_type_headers(), [_type_cells(t, names) for t in bank.types], {1, 2})
        lines.append("")
    lines.append(_legend())
    return "\n".join(lines) + "\n"


CSV_REPORT_COLUMNS = (
    "section",  # "item" or "type"
    "bank_id",
    "item_id",
    "correct_type",
    "answers",
    "facility",
    "discrimination",
    "upper_lower",
    "most_common_wrong",
    "most_common_wrong_count",
    "accuracy",
    "flags",
)


def _plain(value: float | None) -> str:
    # Data for a spreadsheet: a dot for decimals whatever the language, empty when undefined.
    return "" if value is None else f"{value:.1f}"


def _as_csv(report: ClassReport) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_REPORT_COLUMNS)
    for bank in report.banks:
        for item in bank.items:
            writer.writerow(
                (
                    "item", bank.bank_id, item.item_id, item.correct_type, item.students,
                    _plain(item.facility), _plain(item.discrimination), _plain(item.upper_lower),
                    item.common_wrong or "", item.common_wrong_count, "", " ".join(item.flags),
                )
            )
        for kind in bank.types:
            writer.writerow(
                ("type", bank.bank_id, "", kind.type_id, kind.answers, "", "", "", "", "",
                 _plain(100 * kind.accuracy), "")
            )
    return out.getvalue()
