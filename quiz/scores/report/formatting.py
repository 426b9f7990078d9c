"""The class report in words: aligned text for a terminal, markdown tables, or CSV data.

The text and markdown forms are for people and are translated; the CSV form is data for a
spreadsheet, so its column names, flag codes and numbers are fixed and never translated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from quiz.core.feedback import quoted
from quiz.i18n import N_, _, format_number, format_percent, list_of, ngettext
from quiz.scores.report.gain import ClassGain
from quiz.scores.report.statistics import (
    FLAGS, MIN_ANSWERS, TOO_FEW, BankReport, Calibration, ClassReport, ItemStats, TypeStats,
)
from quiz.scores.columns import protect_cell
from quiz.terminal_text import cell_width, pad, printable, wrap

FORMATS = ("text", "markdown", "csv")
TEXT_WIDTH = 100

# Flag codes (stable, for the CSV form) and what a teacher reads (translated when shown): the
# same words, so that the CSV's "may-mislead" is the text's "may mislead".
FLAG_TEXTS = {
    "check-label": N_("check the label"),
    "may-mislead": N_("may mislead"),
    "weak-discrimination": N_("weak discrimination"),
    "too-easy": N_("too easy"),
    "hard-but-fair": N_("hard but fair"),
    TOO_FEW: N_("too few answers"),
}
# What to do about each flag: one line each (TEACHING.md says more).
FLAG_ACTIONS = {
    "check-label": N_(
        "Stronger students got it wrong more often than weaker ones: check the answer and the "
        "explanation against the labelling guide; if the passage honestly reads two ways, add the "
        "other type under accept: or choose a clearer passage."
    ),
    "may-mislead": N_(
        "Most students got it wrong, the strong ones too: look at the most common wrong answer; "
        "the passage may point there (cut it differently from the article, or choose another) or the label may be wrong."
    ),
    "weak-discrimination": N_(
        "It barely tells students who sort claims well from those who do not: check that the "
        "cue words are in the passage, or replace it with a clearer one of the same type."
    ),
    "too-easy": N_(
        "Almost everyone got it right: keep it as a warm-up, or replace it with a harder passage "
        "of the same type."
    ),
    "hard-but-fair": N_(
        "Hard, but the students who do well overall get it: the item works; go over this kind of "
        "passage in class."
    ),
    TOO_FEW: N_(
        "Fewer than {count} answers: its indices would be noise. Wait for more answers (or give "
        "the report more exports) before judging it."
    ),
}
PASSAGE_WIDTH = 60  # columns of a passage beside its item, cut at a word
# Published figures to place a class's gain against (TEACHING.md has the references).
HAKE_TRADITIONAL, HAKE_INTERACTIVE, BAD_NEWS_D = 0.23, 0.48, 0.52


def format_report(
    report: ClassReport,
    fmt: str,
    type_names: Mapping[str, str] | None = None,
    passages: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """The report as "text" (aligned for a terminal), "markdown" (tables) or "csv" (data).

    `type_names` says what the text and markdown tables call each claim type (its name in the
    reader's language); a type without one, and every type in the CSV, is shown by its id.
    `passages` gives each (bank id, item id)'s passage, shown shortened beside the item.
    """
    names = type_names or {}
    texts = passages or {}
    if fmt == "text":
        return _as_text(report, names, texts)
    if fmt == "markdown":
        return _as_markdown(report, names, texts)
    if fmt == "csv":
        return _as_csv(report, texts)
    raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")


def _whole(value: float | None) -> str:
    return "–" if value is None else format_number(value, 0)


def _heading(bank: BankReport) -> str:
    students = ngettext("{count} student", "{count} students", bank.students).format(
        count=bank.students
    )
    sittings = ngettext("{count} attempt", "{count} attempts", bank.sittings).format(count=bank.sittings)
    # TRANSLATORS: "Bank b: 30 students, mean score 58% over 66 attempts" (a student's pre-test,
    # practice and post-test are three attempts).
    return _("Bank {bank}: {students}, mean score {score} over {sittings}").format(
        bank=bank.bank_id, students=students, score=format_percent(bank.mean_score / 100), sittings=sittings
    )


def item_headers() -> list[str]:
    return [
        _("Item"),
        _("Type"),
        # TRANSLATORS: column heading: how many answers the item had. Keep it short.
        _("N"),
        # TRANSLATORS: short for "facility index" (explained in the legend under the table).
        _("Facil."),
        # TRANSLATORS: short for "discrimination index" (explained in the legend).
        _("Discr."),
        # TRANSLATORS: short for "upper–lower discrimination" (explained in the legend).
        _("U–L"),
        # TRANSLATORS: column heading: every type chosen when the answer was not fully right,
        # with how many chose it ("opinion 8, fact 2").
        _("Wrong answers"),
        _("Flags"),
    ]


def shorten(text: str, width: int = PASSAGE_WIDTH) -> str:
    """`text` on one line, cut at a word boundary to at most `width` columns, "…" where cut."""
    words = printable(" ".join(text.split())).split(" ")
    if cell_width(" ".join(words)) <= width:
        return " ".join(words)
    kept = ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if cell_width(candidate) > width - 1:
            break
        kept = candidate
    if not kept:  # one long word (or Chinese, without spaces): cut between characters
        for char in words[0]:
            if cell_width(kept + char) > width - 1:
                break
            kept += char
    return kept.rstrip(",;:") + "…"


def _wrong_list(item: ItemStats, names: Mapping[str, str]) -> str:
    if not item.wrong_answers:
        return "–"
    return ", ".join(f"{names.get(kind, kind)} {count}" for kind, count in item.wrong_answers)


def _flag_words(item: ItemStats) -> str:
    if item.too_few:
        return _(FLAG_TEXTS[TOO_FEW])
    return "; ".join(_(FLAG_TEXTS[flag]) for flag in item.flags)


def item_cells(item: ItemStats, names: Mapping[str, str]) -> list[str]:
    shown = item.shows_indices
    return [
        item.item_id,
        names.get(item.correct_type, item.correct_type),
        str(item.students),
        _whole(item.facility) if shown else "–",
        _whole(item.discrimination) if shown else "–",
        _whole(item.upper_lower) if shown else "–",
        _wrong_list(item, names),
        _flag_words(item),
    ]


def flag_lines(bank: BankReport) -> list[str]:
    """Each flag the bank's items have, with what to do about it."""
    present = {flag for item in bank.items for flag in item.flags}
    if any(item.too_few for item in bank.items):
        present.add(TOO_FEW)
    lines = []
    for flag in FLAGS + (TOO_FEW,):
        if flag in present:
            action = _(FLAG_ACTIONS[flag]).format(count=MIN_ANSWERS)
            lines.append(f"{_(FLAG_TEXTS[flag])}: {action}")
    return lines


# --- the gain ---------------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "–" if value is None else format_percent(value / 100)


def _ratio(value: float | None) -> str:
    return "–" if value is None else format_number(value, 2, fixed=True)


def _gain_heading(gain: ClassGain) -> str:
    count = len(gain.learners)
    return ngettext(
        "Pre-test and post-test: {count} student took both",
        "Pre-test and post-test: {count} students took both",
        count,
    ).format(count=count)


def _gain_headers() -> list[str]:
    # TRANSLATORS: column headings of the gain table: the student, the pre-test score, the
    # post-test score, and the normalised gain g = (post − pre) / (100 − pre).
    return [_("Student"), _("Pre"), _("Post"), _("g")]


def _gain_rows(gain: ClassGain) -> list[list[str]]:
    rows = [[printable(g.learner), _percent(g.pre), _percent(g.post), _ratio(g.gain)] for g in gain.learners]
    # TRANSLATORS: the last row of the gain table: the class's means.
    rows.append([_("Mean"), _percent(gain.mean_pre), _percent(gain.mean_post), _ratio(gain.mean_gain)])
    return rows


def _type_gain_headers() -> list[str]:
    return [
        _("Type"),
        _("Pre"),
        _("Post"),
        # TRANSLATORS: ⟨g⟩ is Hake's class-average normalised gain; keep the symbol.
        _("⟨g⟩"),
    ]


def _type_gain_rows(gain: ClassGain, names: Mapping[str, str]) -> list[list[str]]:
    return [
        [names.get(t.claim_type, t.claim_type), _percent(t.mean_pre), _percent(t.mean_post), _ratio(t.hake_gain)]
        for t in gain.per_type
    ]


def _gain_summary(gain: ClassGain) -> str:
    interval = (
        _("95% interval {low} to {high}").format(
            low=_ratio(gain.d_z_interval[0]), high=_ratio(gain.d_z_interval[1])
        )
        if gain.d_z_interval is not None
        else _("no interval")
    )
    # TRANSLATORS: d_z is Cohen's effect size for paired scores; ⟨g⟩ is Hake's gain. Keep both symbols.
    return _(
        "Effect size d_z = {d} ({interval}); class-average normalised gain ⟨g⟩ = {g} "
        "(from the mean pre and post scores, as Hake defines it)."
    ).format(d=_ratio(gain.d_z), interval=interval, g=_ratio(gain.hake_gain))


def placing_sentence(gain: ClassGain) -> str | None:
    """One neutral sentence placing the class's ⟨g⟩ and d_z beside published figures."""
    if gain.hake_gain is None:
        return None
    values = {
        "g": _ratio(gain.hake_gain), "d": _ratio(gain.d_z),
        "traditional": format_number(HAKE_TRADITIONAL, 2), "interactive": format_number(HAKE_INTERACTIVE, 2),
        "bad_news": format_number(BAD_NEWS_D, 2),
    }
    if gain.hake_gain < HAKE_TRADITIONAL:
        text = _(
            "For comparison: this class's ⟨g⟩ of {g} is below the {traditional} Hake (1998) found on "
            "average over traditionally taught physics courses, and the {interactive} with interactive "
            "engagement; the study of the Bad News game measured d ≈ {bad_news}, and this class has d_z = {d} "
            "(other tests and subjects: a rough guide only)."
        )
    elif gain.hake_gain < HAKE_INTERACTIVE:
        text = _(
            "For comparison: this class's ⟨g⟩ of {g} lies between the {traditional} Hake (1998) found on "
            "average over traditionally taught physics courses and the {interactive} with interactive "
            "engagement; the study of the Bad News game measured d ≈ {bad_news}, and this class has d_z = {d} "
            "(other tests and subjects: a rough guide only)."
        )
    else:
        text = _(
            "For comparison: this class's ⟨g⟩ of {g} is at or above the {interactive} Hake (1998) found "
            "on average over physics courses with interactive engagement ({traditional} when taught "
            "traditionally); the study of the Bad News game measured d ≈ {bad_news}, and this class has d_z = {d} "
            "(other tests and subjects: a rough guide only)."
        )
    return text.format(**values)


def _apart_lines(gain: ClassGain, shown=printable) -> list[str]:
    """The learners with one test only, named (`shown` makes each name safe for the form)."""
    lines = []
    if gain.only_pre:
        lines.append(_("Only a pre-test (no gain yet): {names}.").format(names=list_of(shown(n) for n in gain.only_pre)))
    if gain.only_post:
        lines.append(_("Only a post-test (no gain): {names}.").format(names=list_of(shown(n) for n in gain.only_post)))
    return lines


def _gain_text(gain: ClassGain, names: Mapping[str, str]) -> list[str]:
    heading = _gain_heading(gain)
    lines = [heading, "-" * min(TEXT_WIDTH, cell_width(heading)), ""]
    if gain.learners:
        lines += _text_table(_gain_headers(), _gain_rows(gain), {1, 2, 3}, False)
        lines.append("")
        lines += wrap(_gain_summary(gain), TEXT_WIDTH)
        lines.append("")
        if gain.per_type:
            lines += _text_table(_type_gain_headers(), _type_gain_rows(gain, names), {1, 2, 3}, False)
            lines.append("")
    for line in _apart_lines(gain):
        lines += wrap(line, TEXT_WIDTH)
    if sentence := placing_sentence(gain):
        lines += ([""] if _apart_lines(gain) else []) + wrap(sentence, TEXT_WIDTH)
    lines.append("")
    return lines


def _gain_markdown(gain: ClassGain, names: Mapping[str, str]) -> list[str]:
    lines = ["### " + _gain_heading(gain), ""]
    if gain.learners:
        lines += _markdown_table(_gain_headers(), _gain_rows(gain), {1, 2, 3})
        lines += ["", _gain_summary(gain), ""]
        if gain.per_type:
            lines += _markdown_table(_type_gain_headers(), _type_gain_rows(gain, names), {1, 2, 3})
            lines.append("")
    for line in _apart_lines(gain, lambda name: markdown_text(printable(name))):
        lines += [line, ""]
    if sentence := placing_sentence(gain):
        lines += [sentence, ""]
    return lines


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


def _evidence_items(bank: BankReport) -> list[ItemStats]:
    """The items with words marked or answers given with the paragraph open: the rest would be
    rows of zeros (and older exports hold neither)."""
    return [item for item in bank.items if item.evidence_marked or item.context_share]


def _has_evidence_or_context(bank: BankReport) -> bool:
    return bool(_evidence_items(bank))


def _calibration_line(calibration: Calibration) -> str:
    students = ngettext(
        "{count} attempt ended with a guess at the score",
        "{count} attempts ended with a guess at the score",
        calibration.students,
    ).format(count=calibration.students)
    gap = format_number(calibration.mean_gap, 1)
    if calibration.mean_gap > 0:
        gap = "+" + gap
    # TRANSLATORS: {students} is "12 attempts ended with a guess at the score"; the gap is a number of points.
    return _(
        "Calibration: {students}; mean gap (guess − score) {gap} points; {over} overestimated, "
        "{under} underestimated."
    ).format(students=students, gap=gap, over=calibration.overestimated, under=calibration.underestimated)


def _legend(attempts: str = "first") -> str:
    counted = {
        "first": _("Each student's first finished attempt counts (of practice, the pre-test and the post-test apart)."),
        "last": _("Each student's last finished attempt counts (of practice, the pre-test and the post-test apart)."),
        "all": _("Every finished attempt counts."),
    }[attempts]
    return _(
        "Facil.: facility, the mean mark as a share of the maximum (low = hard). "
        "Discr.: discrimination, 100 × the correlation of the item with the rest of the test. "
        "U–L: mean mark of the top 27 % minus that of the bottom 27 %, as a share of the maximum. "
        "N: answers; below {count} the indices are not shown. Wrong answers: every type chosen "
        "when not fully right, partly credited answers included."
    ).format(count=MIN_ANSWERS) + " " + counted + " " + _("Unfinished attempts and review rounds are left out.")


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


def _text_table(
    headers: list[str], rows: list[list[str]], numeric: set[int], last_wraps: bool,
    below: list[str] | None = None,
) -> list[str]:
    """Aligned columns; the last one wraps (when `last_wraps`) so lines stay within TEXT_WIDTH.

    `below` gives a line to show under each row (indented), such as an item's passage.
    """
    gap = "  "
    fixed = headers[:-1] if last_wraps else headers
    widths = [
        max([cell_width(headers[n])] + [cell_width(row[n]) for row in rows]) for n in range(len(fixed))
    ]
    widths[0] = min(widths[0], 32)  # ids longer than any shipped one are shortened, never the numbers
    lines = []
    unders = [""] + (below or [""] * len(rows))
    for cells, under in zip([headers] + rows, unders):
        left = gap.join(
            pad(_fit(cells[n], widths[n]), widths[n], n in numeric)
            for n in range(len(fixed))
        )
        if not last_wraps:
            lines.append(left.rstrip())
            continue
        room = max(20, TEXT_WIDTH - cell_width(left) - len(gap))
        wrapped = wrap(cells[-1], room) or [""]
        lines.append((left + gap + wrapped[0]).rstrip())
        indent = " " * (cell_width(left) + len(gap))
        lines.extend(indent + more for more in wrapped[1:])
        if under:
            lines.append("    " + under)
    return lines


def passage_of(bank: BankReport, item: ItemStats, passages: Mapping[tuple[str, str], str]) -> str:
    text = passages.get((bank.bank_id, item.item_id))
    return shorten(text) if text else ""


TEXT_PASSAGE_WIDTH = 48  # a passage under its item in the text form, beside its wrong answers


def _below_item(
    bank: BankReport, item: ItemStats, names: Mapping[str, str], passages: Mapping[tuple[str, str], str]
) -> str:
    """The line under an item in the text form: its passage (shortened) and its wrong answers."""
    text = passages.get((bank.bank_id, item.item_id))
    parts = [quoted(shorten(text, TEXT_PASSAGE_WIDTH))] if text else []
    if item.wrong_answers:
        # TRANSLATORS: under an item of the class report: every type chosen when the answer was
        # not fully right, with how often ("wrong: opinion 8, fact 2").
        parts.append(_("wrong: {answers}").format(answers=_wrong_list(item, names)))
    return "  ".join(parts)


def _as_text(report: ClassReport, names: Mapping[str, str], passages: Mapping[tuple[str, str], str]) -> str:
    if not report.banks:
        return _nothing() + "\n"
    lines: list[str] = []
    for bank in report.banks:
        heading = _heading(bank)
        lines += [heading, "=" * min(TEXT_WIDTH, cell_width(heading)), ""]
        if bank.gain is not None:
            lines += _gain_text(bank.gain, names)
        # The wrong answers and the passage go on a line under each item: beside it, the table
        # would not fit TEXT_WIDTH.
        headers = item_headers()
        del headers[6]
        rows = [item_cells(i, names) for i in bank.items]
        for row in rows:
            del row[6]
        below = [_below_item(bank, i, names, passages) for i in bank.items]
        lines += _text_table(headers, rows, {2, 3, 4, 5}, True, below)
        lines.append("")
        for line in flag_lines(bank):
            lines += wrap(line, TEXT_WIDTH, subsequent_indent="  ")
        if flag_lines(bank):
            lines.append("")
        lines += _text_table(_type_headers(), [_type_cells(t, names) for t in bank.types], {1, 2}, False)
        lines.append("")
        if _has_evidence_or_context(bank):
            lines += _text_table(_evidence_headers(), [_evidence_cells(i) for i in _evidence_items(bank)], {1, 2, 3, 4, 5}, False)
            lines.append("")
        if bank.calibration is not None:
            lines += wrap(_calibration_line(bank.calibration), TEXT_WIDTH)
            lines.append("")
    lines += wrap(_legend(report.attempts), TEXT_WIDTH)
    if any(_has_evidence_or_context(bank) for bank in report.banks):
        lines += wrap(_evidence_legend(), TEXT_WIDTH)
    return "\n".join(lines) + "\n"


_MARKDOWN_SIGNS = str.maketrans({sign: "\\" + sign for sign in "\\`*_[]<>|#"})


def markdown_text(text: str) -> str:
    """`text` (a learner's name, a passage, an id) shown as typed in markdown, never as markup:
    the characters markdown would read as formatting, links or HTML are escaped."""
    return text.translate(_MARKDOWN_SIGNS)


def _markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(markdown_text(cell) for cell in cells) + " |"


def _markdown_table(headers: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    rule = ["---:" if n in numeric else "---" for n in range(len(headers))]
    return [_markdown_row(headers), "| " + " | ".join(rule) + " |"] + [_markdown_row(r) for r in rows]


def _as_markdown(report: ClassReport, names: Mapping[str, str], passages: Mapping[tuple[str, str], str]) -> str:
    if not report.banks:
        return _nothing() + "\n"
    lines: list[str] = []
    for bank in report.banks:
        lines += ["## " + _heading(bank), ""]
        if bank.gain is not None:
            lines += _gain_markdown(bank.gain, names)
        headers = item_headers()
        headers.insert(1, _("Passage"))
        rows = []
        for stats in bank.items:
            cells = item_cells(stats, names)
            cells.insert(1, passage_of(bank, stats, passages) or "–")
            rows.append(cells)
        lines += _markdown_table(headers, rows, {3, 4, 5, 6})
        lines.append("")
        for line in flag_lines(bank):
            lines.append("- " + line)
        if flag_lines(bank):
            lines.append("")
        lines += _markdown_table(_type_headers(), [_type_cells(t, names) for t in bank.types], {1, 2})
        lines.append("")
        if _has_evidence_or_context(bank):
            lines += _markdown_table(_evidence_headers(), [_evidence_cells(i) for i in _evidence_items(bank)], {1, 2, 3, 4, 5})
            lines.append("")
        if bank.calibration is not None:
            lines += [_calibration_line(bank.calibration), ""]
    lines.append(_legend(report.attempts))
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
    # Added with the pre/post tests:
    "passage",  # the item's passage, when the bank was found
    "wrong_answers",  # every type chosen when not fully right: "opinion:8 fact:2"
    # the gain (sections "learner-gain", "only-pre", "only-post", "type-gain", "class-gain")
    "learner",
    "pre",  # percent 0–100
    "post",
    "gain",  # g of a learner, the mean g of the class
    "d_z",
    "d_z_low",  # its 95 % interval (normal approximation)
    "d_z_high",
    "hake_gain",  # ⟨g⟩, of the class or of a type
)



def _plain(value: float | None) -> str:
    # Data for a spreadsheet: a dot for decimals whatever the language, empty when undefined.
    return "" if value is None else f"{value:.1f}"


def _as_csv(report: ClassReport, passages: Mapping[tuple[str, str], str] | None = None) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_REPORT_COLUMNS)
    width = len(CSV_REPORT_COLUMNS)

    def line(section: str, bank_id: str, **cells: object) -> None:
        row: list[object] = [""] * width
        row[0], row[1] = section, bank_id
        for name, value in cells.items():
            row[CSV_REPORT_COLUMNS.index(name)] = value
        writer.writerow(row)

    for bank in report.banks:
        for item in bank.items:
            shown = item.shows_indices
            line(
                "item", bank.bank_id, item_id=item.item_id, correct_type=item.correct_type,
                answers=item.students,
                facility=_plain(item.facility) if shown else "",
                discrimination=_plain(item.discrimination) if shown else "",
                upper_lower=_plain(item.upper_lower) if shown else "",
                most_common_wrong=item.common_wrong or "", most_common_wrong_count=item.common_wrong_count,
                flags=TOO_FEW if item.too_few else " ".join(item.flags),
                evidence_marked=item.evidence_marked, evidence_found=_plain(item.evidence_found),
                right_type_wrong_reason=item.right_type_wrong_reason,
                wrong_type_right_words=item.wrong_type_right_words, context_share=_plain(item.context_share),
                passage=protect_cell((passages or {}).get((bank.bank_id, item.item_id), "")),
                wrong_answers=" ".join(f"{kind}:{count}" for kind, count in item.wrong_answers),
            )
        for kind in bank.types:
            line("type", bank.bank_id, correct_type=kind.type_id, answers=kind.answers,
                 accuracy=_plain(100 * kind.accuracy))
        if bank.calibration is not None:
            calibration = bank.calibration
            line("calibration", bank.bank_id, calibration_students=calibration.students,
                 calibration_mean_gap=f"{calibration.mean_gap:.3f}", overestimated=calibration.overestimated,
                 underestimated=calibration.underestimated)
        gain = bank.gain
        if gain is None:
            continue
        for learner in gain.learners:
            line("learner-gain", bank.bank_id, learner=protect_cell(learner.learner), pre=_plain(learner.pre),
                 post=_plain(learner.post), gain=_decimal3(learner.gain))
        for name in gain.only_pre:  # names are typed by learners: never a formula in a spreadsheet
            line("only-pre", bank.bank_id, learner=protect_cell(name))
        for name in gain.only_post:
            line("only-post", bank.bank_id, learner=protect_cell(name))
        for kind in gain.per_type:
            line("type-gain", bank.bank_id, correct_type=kind.claim_type, pre=_plain(kind.mean_pre),
                 post=_plain(kind.mean_post), hake_gain=_decimal3(kind.hake_gain))
        low, high = gain.d_z_interval or (None, None)
        line("class-gain", bank.bank_id, answers=len(gain.learners), pre=_plain(gain.mean_pre),
             post=_plain(gain.mean_post), gain=_decimal3(gain.mean_gain), d_z=_decimal3(gain.d_z),
             d_z_low=_decimal3(low), d_z_high=_decimal3(high), hake_gain=_decimal3(gain.hake_gain))
    return out.getvalue()


def _decimal3(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"
