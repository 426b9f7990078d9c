"""The class report in words: aligned text for a terminal, markdown tables, or CSV data.

The text and markdown forms are for people and are translated; the CSV form is data for a
spreadsheet, so its column names, flag codes and numbers are fixed and never translated.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Mapping

from quiz.i18n import N_, _, format_number, format_percent, ngettext
from quiz.scores.report.statistics import BankReport, Calibration, ClassReport, ItemStats, TypeStats
from quiz.terminal_text import cell_width, pad

FORMATS = ("text", "markdown", "csv")
TEXT_WIDTH = 100

# Flag codes (stable, for the CSV form) and what a teacher reads (translated when shown).
FLAG_TEXTS = {
    "hard": N_("may mislead"),
    "easy": N_("may be too easy / teaches little"),
    "negative": N_("check the label"),
    "weak": N_("weak discrimination"),
}


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


def _evidence_headers() -> list[str]:
    return [
        _("Item"),
        # TRANSLATORS: column heading: answers where the student marked the words that gave
        # the type away. Keep it short.
        _("Marked"),
        # TRANSLATORS: column heading: the share of marked answers where the words were found.
        _("Found"),
        # TRANSLATORS: column heading: the type was right but the marked words were not the cue.
        _("Type ✓ words ✗"),
        # TRANSLATORS: column heading: the type was wrong but the marked words were the cue.
        _("Type ✗ words ✓"),
        # TRANSLATORS: column heading: the share of answers given with the article's paragraph open.
        _("Context"),
    ]


def _evidence_cells(item: ItemStats) -> list[str]:
    return [
        item.item_id,
        str(item.evidence_marked),
        _share(item.evidence_found),
        str(item.right_type_wrong_reason) if item.evidence_marked else "–",
        str(item.wrong_type_right_words) if item.evidence_marked else "–",
        _share(item.context_share),
    ]


def _share(value: float | None) -> str:
    return "–" if value is None else format_percent(value / 100)


def _has_evidence_or_context(bank: BankReport) -> bool:
    """Whether the exports hold any evidence or context to show (older ones do not)."""
    return any(item.evidence_marked or item.context_share is not None for item in bank.items)


def _calibration_line(calibration: Calibration) -> str:
    students = ngettext(
        "{count} student guessed their score", "{count} students guessed their score", calibration.students
    ).format(count=calibration.students)
    gap = format_number(calibration.mean_gap, 1)
    if calibration.mean_gap > 0:
        gap = "+" + gap
    # TRANSLATORS: {students} is "12 students guessed their score"; the gap is a number of points.
    return _(
        "Calibration: {students}; mean gap (guess − score) {gap} points; {over} overestimated, "
        "{under} underestimated."
    ).format(students=students, gap=gap, over=calibration.overestimated, under=calibration.underestimated)


def _legend() -> str:
    return _(
        "Facil.: facility, the mean mark as a share of the maximum (low = hard). "
        "Discr.: discrimination, 100 × the correlation of the item with the rest of the test. "
        "U–L: mean mark of the top 27 % minus that of the bottom 27 %, as a share of the maximum. "
        "Each student counts once, with their latest attempt."
    )


def _evidence_legend() -> str:
    return _(
        "Marked: answers where the student marked the words that gave the type away. "
        "Found: the share of those where at least one cue word was marked and at least half of "
        "the words marked were cue words. Type ✓ words ✗: right type, words not found (the right "
        "answer for the wrong reason). Type ✗ words ✓: wrong type, words found. "
        "Context: the share of answers given with the article's paragraph open."
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
        if _has_evidence_or_context(bank):
            lines += _text_table(_evidence_headers(), [_evidence_cells(i) for i in bank.items], {1, 2, 3, 4, 5}, False)
            lines.append("")
        if bank.calibration is not None:
            lines += textwrap.wrap(_calibration_line(bank.calibration), TEXT_WIDTH)
            lines.append("")
    lines += textwrap.wrap(_legend(), TEXT_WIDTH)
    if any(_has_evidence_or_context(bank) for bank in report.banks):
        lines += textwrap.wrap(_evidence_legend(), TEXT_WIDTH)
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
        if _has_evidence_or_context(bank):
            lines += _markdown_table(_evidence_headers(), [_evidence_cells(i) for i in bank.items], {1, 2, 3, 4, 5})
            lines.append("")
        if bank.calibration is not None:
            lines += [_calibration_line(bank.calibration), ""]
    lines.append(_legend())
    if any(_has_evidence_or_context(bank) for bank in report.banks):
        lines += ["", _evidence_legend()]
    return "\n".join(lines) + "\n"


CSV_REPORT_COLUMNS = (
    "section",  # "item", "type" or "calibration"
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
    # Added later, so at the end (scripts reading by position keep working):
    "evidence_marked",
    "evidence_found",  # 0–100
    "right_type_wrong_reason",
    "wrong_type_right_words",
    "context_share",  # 0–100
    # the "calibration" row of each bank: students who guessed, mean guess − score, and how many
    # guessed above and below their score
    "calibration_students",
    "calibration_mean_gap",
    "overestimated",
    "underestimated",
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
                    item.evidence_marked, _plain(item.evidence_found), item.right_type_wrong_reason,
                    item.wrong_type_right_words, _plain(item.context_share), "", "", "", "",
                )
            )
        for kind in bank.types:
            writer.writerow(
                ("type", bank.bank_id, "", kind.type_id, kind.answers, "", "", "", "", "",
                 _plain(100 * kind.accuracy), "") + ("",) * 9
            )
        if bank.calibration is not None:
            calibration = bank.calibration
            writer.writerow(
                ("calibration", bank.bank_id) + ("",) * 15
                + (calibration.students, f"{calibration.mean_gap:.3f}", calibration.overestimated,
                   calibration.underestimated)
            )
    return out.getvalue()
