"""Scores out of the store: CSV for gradebooks and spreadsheets, xAPI for learning record stores.

Both formats are data for other programs, so their column names and keys are fixed English
and never translated; the CSV columns are defined in quiz.scores.columns. The same answers
always export to the same xAPI statement ids, so sending an export to a learning record
store twice does not count anything twice.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

from quiz.core.evidence import evidence_found
from quiz.scores.activities import ASSESSMENT, INTERACTION, language_tag
from quiz.scores.columns import COLUMNS, CSV_COLUMNS, protect_cell

if TYPE_CHECKING:
    from quiz.scores.activities import ActivityDefinitions
    from quiz.scores.records import ExportRow
    from quiz.scores.store import ScoreStore

FORMATS = ("csv", "xapi")

XAPI_VERSION = "1.0.0"  # xAPI 1.0.3 §2.4.10: a provider that sets "version" MUST set 1.0.0
VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
# The quiz's own IRI: the root of every IRI the quiz defines (activities, extensions).
QUIZ_IRI = "urn:media-quiz"
# The home page of learners' accounts when a school gives none (--homepage, or `homepage` in
# the config file): xAPI wants a web address there (an IRL), and .invalid is reserved never to
# be anyone's (RFC 2606), so it cannot pass for a real school's.
DEFAULT_HOMEPAGE = "https://media-quiz.invalid/"
# Fixed forever, whatever QUIZ_IRI becomes: statement and registration ids are derived from it.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:media-quiz")
# xAPI result extensions (keys must be IRIs): the evidence of an answer, the guess of an attempt.
EXTENSION = QUIZ_IRI + ":xapi:extension:"
EVIDENCE_SPANS = EXTENSION + "evidence-spans"  # [[start, end], …] of the passage as shown
EVIDENCE_WORDS = EXTENSION + "evidence-words"  # what each span reads
EVIDENCE_PRECISION = EXTENSION + "evidence-precision"
EVIDENCE_RECALL = EXTENSION + "evidence-recall"
EVIDENCE_FOUND = EXTENSION + "evidence-found"
CALIBRATION_GUESS = EXTENSION + "calibration-guess"  # how many right the learner thought
CALIBRATION_GAP = EXTENSION + "calibration-gap"  # guess − score: above 0, overconfident
# Context extensions of every statement of a pre- or post-test (quiz.core.forms).
TEST = EXTENSION + "test"  # "pre" or "post"
FORM = EXTENSION + "form"  # the parallel form asked: "a" or "b"


def _decimal(value: float, places: int = 3) -> str:
    """A short plain number for a data file: 1, 0.5, 12.346."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- CSV --------------------------------------------------------------------------------------


def write_csv(rows: Iterable[ExportRow], out: TextIO) -> int:
    """Write one CSV line per answer (with a header line) to `out`; how many answers.

    Open a file for `out` with newline="" so the csv module controls line endings.
    """
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(_csv_line(row))
        count += 1
    return count


# How a cell is made from an ExportRow where it is not the row's attribute of the column's name.
_CELLS: dict[str, Callable[[ExportRow], object]] = {
    "points": lambda row: _decimal(row.points),
    "max_points": lambda row: 1,  # each item is worth one point
    "seconds": lambda row: _decimal(row.seconds),
    "context_seen": lambda row: int(bool(row.context_seen)),
    "evidence": lambda row: "" if row.evidence_spans is None else "marked" if row.evidence_spans else "skipped",
    "evidence_spans": lambda row: " ".join(f"{start}-{end}" for start, end in row.evidence_spans or ()),
    "evidence_words": lambda row: " | ".join(row.evidence_words or ()),
    "evidence_precision": lambda row: _optional(row.evidence_precision),
    "evidence_recall": lambda row: _optional(row.evidence_recall),
    "evidence_found": lambda row: (
        int(evidence_found(row.evidence_precision, row.evidence_recall)) if row.evidence_spans else ""
    ),
    "calibration_guess": lambda row: "" if row.calibration_guess is None else row.calibration_guess,
    "finished": lambda row: int(bool(row.attempt_finished_at)),
    "test": lambda row: row.test or "",
    "form": lambda row: row.form or "",
}


def _optional(value: float | None) -> str:
    return "" if value is None else _decimal(value)


def _csv_line(row: ExportRow) -> list[object]:
    """The cells of one answer, in the order of quiz.scores.columns, free text protected."""
    line = []
    for column in COLUMNS:
        make = _CELLS.get(column.name)
        value = make(row) if make is not None else getattr(row, column.name)
        line.append(protect_cell(value) if column.free_text else value)
    return line


# --- xAPI -------------------------------------------------------------------------------------


def bank_activity_id(bank_id: str) -> str:
    """The xAPI Activity id (an IRI) of a whole bank."""
    return QUIZ_IRI + ":bank:" + quote(bank_id, safe="-._~")


def item_activity_id(bank_id: str, item_id: str) -> str:
    """The xAPI Activity id (an IRI) of one item of a bank."""
    return f"{bank_activity_id(bank_id)}:item:{quote(item_id, safe='-._~')}"


def registration_id(row: ExportRow, homepage: str) -> str:
    """The xAPI registration of the attempt `row` belongs to: the same on every export.

    Attempt ids restart in every score file, so the learner and start time go in too:
    two schools' exports then never share a registration.
    """
    key = f"{homepage}|{row.learner}|{row.attempt_id}|{row.attempt_started_at}"
    return str(uuid.uuid5(ID_NAMESPACE, key))


def xapi_duration(seconds: float) -> str:
    """ISO 8601 duration to the 0.01 s the spec asks for: 12.345 -> "PT12.35S"."""
    return f"PT{_decimal(max(0.0, seconds), 2)}S"


def _language_tag(locale: str) -> str | None:
    # RFC 5646 wants "pt-BR" where gettext says "pt_BR".
    return language_tag(locale) if locale else None


def _actor(learner: str, homepage: str) -> dict:
    return {
        "objectType": "Agent",
        "name": learner,
        "account": {"homePage": homepage, "name": learner},
    }


def _context(row: ExportRow, registration: str, parent: dict | None) -> dict:
    context: dict = {"registration": registration, "platform": "media-quiz"}
    language = _language_tag(row.locale)
    if language:  # the spec forbids "language" when it is not known
        context["language"] = language
    if parent is not None:
        context["contextActivities"] = {"parent": [parent]}
    if row.test:  # which test of a pre/post study, and which form it asked
        context["extensions"] = {TEST: row.test, FORM: row.form}
    return context


def _bank_activity(bank_id: str, definitions: ActivityDefinitions | None) -> dict:
    definition = definitions.bank(bank_id) if definitions else {"type": ASSESSMENT, "name": {"en": bank_id}}
    return {"objectType": "Activity", "id": bank_activity_id(bank_id), "definition": definition}


def _item_definition(row: ExportRow, definitions: ActivityDefinitions | None) -> dict:
    if definitions is not None:
        return definitions.item(row.bank_id, row.item_id, row.correct_type)
    return {
        "type": INTERACTION,
        "name": {"en": row.item_id},
        "interactionType": "choice",
        "correctResponsesPattern": [row.correct_type],
    }


def answered_statement(row: ExportRow, homepage: str, definitions: ActivityDefinitions | None = None) -> dict:
    """The xAPI "answered" statement for one answer (its activity described by `definitions`:
    name and description in every shipped language, the claim types as its choices)."""
    registration = registration_id(row, homepage)
    return {
        "id": answered_statement_id(row, homepage),
        "version": XAPI_VERSION,
        "actor": _actor(row.learner, homepage),
        "verb": {"id": VERB_ANSWERED, "display": {"en-US": "answered"}},
        "object": {
            "objectType": "Activity",
            "id": item_activity_id(row.bank_id, row.item_id),
            "definition": _item_definition(row, definitions),
        },
        "result": _with_extensions(
            {
                "score": {"scaled": _unit(row.points), "raw": row.points, "min": 0, "max": 1},
                "success": row.outcome == "correct",
                "response": row.chosen,
                "duration": xapi_duration(row.seconds),
            },
            _evidence_extensions(row),
        ),
        "timestamp": row.answered_at,
        "context": _context(row, registration, _bank_activity(row.bank_id, definitions)),
    }


def answered_statement_id(row: ExportRow, homepage: str) -> str:
    """The id of an answer's statement: the same every time, so a re-send is not a new one."""
    registration = registration_id(row, homepage)
    return str(uuid.uuid5(ID_NAMESPACE, f"{registration}|answered|{row.item_id}|{row.answered_at}"))


def completed_statement_id(row: ExportRow, homepage: str) -> str:
    """The id of an attempt's "completed" statement (`row`: any answer of the attempt)."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{registration_id(row, homepage)}|completed"))


def _with_extensions(result: dict, extensions: dict) -> dict:
    if extensions:  # the spec has no empty "extensions"; it is left out instead
        result["extensions"] = extensions
    return result


def _evidence_extensions(row: ExportRow) -> dict:
    """The evidence of an answer: the words marked and how they score (none when not asked;
    a skip is an empty list of spans)."""
    if row.evidence_spans is None:
        return {}
    extensions: dict = {
        EVIDENCE_SPANS: [list(span) for span in row.evidence_spans],
        EVIDENCE_WORDS: list(row.evidence_words or ()),
    }
    if row.evidence_spans and row.evidence_precision is not None and row.evidence_recall is not None:
        extensions[EVIDENCE_PRECISION] = round(row.evidence_precision, 4)
        extensions[EVIDENCE_RECALL] = round(row.evidence_recall, 4)
        extensions[EVIDENCE_FOUND] = evidence_found(row.evidence_precision, row.evidence_recall)
    return extensions


def completed_statement(
    rows: Sequence[ExportRow], homepage: str, definitions: ActivityDefinitions | None = None
) -> dict:
    """The xAPI "completed" statement for one finished attempt, from its answer rows."""
    first = rows[0]
    registration = registration_id(first, homepage)
    points = sum(row.points for row in rows)
    # Items never answered count as zero: the maximum is the whole attempt, not what was done.
    maximum = max(first.attempt_item_count, len(rows))
    return {
        "id": completed_statement_id(first, homepage),
        "version": XAPI_VERSION,
        "actor": _actor(first.learner, homepage),
        "verb": {"id": VERB_COMPLETED, "display": {"en-US": "completed"}},
        "object": _bank_activity(first.bank_id, definitions),
        "result": _with_extensions(
            {
                "score": {"scaled": _unit(points / maximum), "raw": points, "min": 0, "max": maximum},
                "completion": True,
                # Time spent on the questions; the wall clock would count a night between sessions.
                "duration": xapi_duration(sum(row.seconds for row in rows)),
            },
            {}
            if first.calibration_guess is None
            else {
                CALIBRATION_GUESS: first.calibration_guess,
                CALIBRATION_GAP: round(first.calibration_guess - points, 4),
            },
        ),
        "timestamp": first.attempt_finished_at,
        "context": _context(first, registration, None),
    }


def _unit(value: float) -> float:
    # Clamped to the spec's range so that a rounding slip cannot get a statement rejected.
    return round(min(1.0, max(0.0, value)), 4)


def xapi_statements(
    rows: Iterable[ExportRow], homepage: str = DEFAULT_HOMEPAGE, definitions: ActivityDefinitions | None = None
) -> list[dict]:
    """The xAPI 1.0.3 statements of `rows`: one "answered" statement per answer and, after the
    last answer of each finished attempt, one "completed" statement with the attempt's score."""
    rows = list(rows)
    by_attempt: dict[tuple[str, int, str], list[ExportRow]] = {}
    for row in rows:
        by_attempt.setdefault((row.learner, row.attempt_id, row.attempt_started_at), []).append(row)
    statements = []
    for row in rows:
        statements.append(answered_statement(row, homepage, definitions))
        attempt = by_attempt[(row.learner, row.attempt_id, row.attempt_started_at)]
        if row is attempt[-1] and row.attempt_finished_at:
            statements.append(completed_statement(attempt, homepage, definitions))
    return statements


def write_xapi(
    rows: Iterable[ExportRow],
    out: TextIO,
    *,
    homepage: str = DEFAULT_HOMEPAGE,
    definitions: ActivityDefinitions | None = None,
    lines: bool = False,
) -> int:
    """Write xAPI 1.0.3 statements to `out`; how many statements.

    A JSON array, as the statements resource of a learning record store takes it (POST it
    whole); `lines`: one statement a line (JSON lines), for tools that stream. `homepage` is
    the account home page of learners: a school should pass its own web address.
    """
    statements = xapi_statements(rows, homepage, definitions)
    if lines:
        for statement in statements:
            out.write(json.dumps(statement, ensure_ascii=False) + "\n")
    else:
        out.write("[\n")
        out.write(",\n".join(json.dumps(statement, ensure_ascii=False) for statement in statements))
        out.write("\n]\n" if statements else "]\n")
    return len(statements)


# --- For the command line ---------------------------------------------------------------------


def export(
    store: ScoreStore,
    fmt: str,
    learner: str | None,
    out: TextIO,
    *,
    homepage: str = DEFAULT_HOMEPAGE,
) -> int:
    """Write the answers of `learner` (everyone when None) from `store` to `out` as `fmt`.

    `fmt` is "csv" or "xapi" (`homepage` is used by xAPI only). Returns how many answers were
    exported, so the command can say when there was nothing to export.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    return write_export(store.answers_for_export(learner), fmt, out, homepage=homepage)


def write_export(
    rows: Sequence[ExportRow],
    fmt: str,
    out: TextIO,
    *,
    homepage: str = DEFAULT_HOMEPAGE,
    definitions: ActivityDefinitions | None = None,
    lines: bool = False,
) -> int:
    """Write `rows` to `out` as `fmt` ("csv" or "xapi"); how many answers (not statements).

    For xAPI, `definitions` describe the activities and `lines` writes JSON lines, not an array.
    """
    if fmt == "csv":
        write_csv(rows, out)
    elif fmt == "xapi":
        write_xapi(rows, out, homepage=homepage, definitions=definitions, lines=lines)
    else:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    return len(rows)
