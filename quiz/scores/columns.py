"""The CSV export format, defined once: written by quiz.scores.export, read by the class report.

Column names are data for other programs (gradebooks, spreadsheets, scripts), so they are
fixed English and never translated; new columns go at the end, so scripts that read columns
by position keep working.
"""

from __future__ import annotations

from typing import NamedTuple


class Column(NamedTuple):
    """One column of a CSV export."""

    name: str
    # The class report cannot work without it. A column added later is never required,
    # so that exports from older versions can still be reported on.
    required: bool
    # Text a person typed or a bank's author chose: a spreadsheet could run it as a formula,
    # so it is written through `protect_cell` and read back through `unprotect_cell`.
    free_text: bool


COLUMNS: tuple[Column, ...] = (
    Column("learner", required=True, free_text=True),
    Column("attempt_id", required=True, free_text=False),
    Column("attempt_started_at", required=True, free_text=False),
    Column("mode", required=False, free_text=False),  # older exports lack it: all were quizzes
    Column("bank_id", required=True, free_text=True),
    Column("bank_hash", required=False, free_text=False),
    Column("item_id", required=True, free_text=True),
    Column("correct_type", required=True, free_text=True),
    Column("chosen", required=True, free_text=True),
    Column("outcome", required=True, free_text=False),
    Column("points", required=True, free_text=False),
    Column("max_points", required=True, free_text=False),
    Column("seconds", required=False, free_text=False),
    Column("locale", required=False, free_text=True),
    Column("answered_at", required=False, free_text=False),
    Column("context_seen", required=False, free_text=False),  # 1: the paragraph was open
    # The evidence (quiz.core.evidence): "marked", "skipped", or empty when it was not asked.
    Column("evidence", required=False, free_text=False),
    Column("evidence_spans", required=False, free_text=False),  # "12-18 25-33": offsets, end excluded
    Column("evidence_words", required=False, free_text=True),  # what each span reads, " | " between
    Column("evidence_precision", required=False, free_text=False),  # 0–1
    Column("evidence_recall", required=False, free_text=False),  # 0–1
    Column("evidence_found", required=False, free_text=False),  # 1: the evidence rule was met
    # The attempt's: how many answers the learner thought were right (empty: not given).
    Column("calibration_guess", required=False, free_text=False),
    # 1: the attempt was finished (every item answered, or its time was up); 0: cut short.
    # The class report leaves unfinished attempts out; exports older than this column count all.
    Column("finished", required=False, free_text=False),
    # A pre- or post-test (quiz.core.forms): "pre" or "post", empty for practice; and its form.
    Column("test", required=False, free_text=False),
    Column("form", required=False, free_text=False),  # "a" or "b" for a test, else empty
)
CSV_COLUMNS = tuple(column.name for column in COLUMNS)  # the header line, in order
REQUIRED_COLUMNS = tuple(column.name for column in COLUMNS if column.required)
FREE_TEXT_COLUMNS = frozenset(column.name for column in COLUMNS if column.free_text)

# A spreadsheet runs a cell that starts with one of these as a formula; a learner could type
# "=HYPERLINK(…)" as a name. Such text is written with a leading apostrophe (the spreadsheet
# convention for "this is text"), and the class report takes it off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def protect_cell(text: str) -> str:
    """`text` made safe to open in a spreadsheet (see FORMULA_STARTS)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unprotect_cell(text: str) -> str:
    """The text `protect_cell` was given."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
