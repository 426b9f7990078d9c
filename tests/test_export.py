"""Exports: the CSV a gradebook reads and the xAPI statements a learning record store takes."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from datetime import datetime

import pytest

from quiz.scores.columns import CSV_COLUMNS, unprotect_cell
from quiz.scores.export import export, write_csv, write_xapi
from quiz.scores.store import ScoreStore


@pytest.fixture
def store(tmp_path):
    """Ana finished one attempt (2 of 2 answered) and stopped another; Ben stopped one."""
    with ScoreStore.open(tmp_path) as opened:
        ana, ben = opened.learner("Ana"), opened.learner("Ben Ödön")
        first = opened.start_attempt(ana, "mini", "h1", ["council-vote", "plan-will-pass"], seed=3, locale="pt_BR")
        record(opened, first, "council-vote", "fact", "fact", "correct", 1.0, 12.345)
        record(opened, first, "plan-will-pass", "inference", "opinion", "partial", 0.5, 3.0)
        opened.finish_attempt(first)
        second = opened.start_attempt(ana, "mini", "h1", ["fund-libraries", "x"], seed=4, locale="en")
        record(opened, second, "fund-libraries", "opinion", "fact", "wrong", 0.0, 61.5)
        third = opened.start_attempt(ben, "mini", "h1", ["council-vote"], seed=5, locale="")
        record(opened, third, "council-vote", "fact", "rhetoric", "wrong", 0.0, 0.004, locale="")
        yield opened


def record(store, attempt, item, correct_type, chosen, outcome, points, seconds, locale="pt_BR"):
    store.record_answer(
        attempt, item_id=item, correct_type=correct_type, chosen=chosen, outcome=outcome,
        points=points, seconds=seconds, locale=locale, bank_id="mini", bank_hash="h1",
    )


# --- CSV ------------------------------------------------------------------------------------


def test_the_csv_reads_back_as_what_was_stored(store):
    out = io.StringIO(newline="")
    assert write_csv(store.answers_for_export(), out) == 4

    out.seek(0)
    reader = csv.DictReader(out)
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    parsed = list(reader)
    stored = store.answers_for_export()
    assert len(parsed) == len(stored)
    for line, row in zip(parsed, stored):
        assert line["learner"] == row.learner
        assert int(line["attempt_id"]) == row.attempt_id
        for column in ("attempt_started_at", "mode", "bank_id", "bank_hash", "item_id",
                       "correct_type", "chosen", "outcome", "locale", "answered_at"):
            assert line[column] == getattr(row, column), column
        assert float(line["points"]) == row.points
        assert line["max_points"] == "1"
        assert float(line["seconds"]) == pytest.approx(row.seconds, abs=0.0005)
    assert [line["points"] for line in parsed] == ["1", "0.5", "0", "0"]


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(tmp_path):
    with ScoreStore.open(tmp_path) as store:
        prankster = store.learner("=HYPERLINK(\"http://x\")")
        attempt = store.start_attempt(prankster, "mini", "h1", ["a"], seed=1, locale="en")
        record(store, attempt, "a", "fact", "fact", "correct", 1.0, 1.0)
        out = io.StringIO(newline="")
        write_csv(store.answers_for_export(), out)
    out.seek(0)
    cell = next(csv.DictReader(out))["learner"]
    assert cell.startswith("'=")
    assert unprotect_cell(cell) == '=HYPERLINK("http://x")'
    assert unprotect_cell("'quoted") == "'quoted"  # an ordinary apostrophe stays


# --- xAPI -----------------------------------------------------------------------------------


def statements(store, **options) -> list[dict]:
    out = io.StringIO()
    count = write_xapi(store.answers_for_export(), out, **options)
    every = json.loads(out.getvalue())  # one JSON array, as an LRS's statements resource takes it
    assert count == len(every)
    return every


def test_each_answer_becomes_an_answered_statement_of_the_right_shape(store):
    answered = [s for s in statements(store) if s["verb"]["id"].endswith("/answered")]
    assert len(answered) == 4
    for statement in answered:
        assert {"id", "actor", "verb", "object", "result", "timestamp", "context", "version"} <= set(statement)
        assert statement["version"].startswith("1.0.")
        assert uuid.UUID(statement["id"]).version == 5
        assert statement["verb"] == {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}}
        actor = statement["actor"]
        assert actor["objectType"] == "Agent"
        assert actor["account"] == {"homePage": "https://media-quiz.invalid/", "name": actor["name"]}
        activity = statement["object"]
        assert activity["objectType"] == "Activity"
        assert re.fullmatch(r"urn:media-quiz:bank:mini:item:[a-z-]+", activity["id"])
        assert activity["definition"]["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        assert activity["definition"]["interactionType"] == "choice"
        score = statement["result"]["score"]
        assert 0 <= score["scaled"] <= 1 and score["min"] == 0 and score["max"] == 1
        assert score["min"] <= score["raw"] <= score["max"]
        assert re.fullmatch(r"PT\d+(\.\d{1,2})?S", statement["result"]["duration"])
        assert uuid.UUID(statement["context"]["registration"])
        assert datetime.fromisoformat(statement["timestamp"]).utcoffset() is not None

    first, partial, wrong, bens = answered
    assert (first["actor"]["name"], first["result"]["success"], first["result"]["response"]) == ("Ana", True, "fact")
    assert first["result"]["duration"] == "PT12.35S"
    assert first["context"]["language"] == "pt-BR"  # RFC 5646, not gettext's pt_BR
    assert (partial["result"]["success"], partial["result"]["score"]["scaled"]) == (False, 0.5)
    assert wrong["result"]["duration"] == "PT61.5S"
    assert bens["actor"]["name"] == "Ben Ödön"
    assert bens["result"]["duration"] == "PT0S"


def test_a_finished_attempt_gets_one_completed_statement_with_its_score(store):
    every = statements(store)
    completed = [s for s in every if s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"]
    assert len(completed) == 1  # Ana's second attempt and Ben's are not finished
    done = completed[0]
    assert done["verb"]["display"] == {"en-US": "completed"}
    assert done["object"]["id"] == "urn:media-quiz:bank:mini"
    assert done["result"]["score"] == {"scaled": 0.75, "raw": 1.5, "min": 0, "max": 2}
    assert done["result"]["completion"] is True
    # It comes right after the attempt's last answer and shares its registration.
    position = every.index(done)
    assert every[position - 1]["object"]["id"].endswith(":item:plan-will-pass")
    assert done["context"]["registration"] == every[0]["context"]["registration"]


def test_attempts_have_their_own_registration_and_ids_are_stable(store):
    first = statements(store)
    again = statements(store)
    assert [s["id"] for s in first] == [s["id"] for s in again]  # re-sending counts nothing twice
    assert len({s["id"] for s in first}) == len(first)
    registrations = [s["context"]["registration"] for s in first if s["verb"]["id"].endswith("/answered")]
    assert registrations[0] == registrations[1] != registrations[2] != registrations[3]
    elsewhere = statements(store, homepage="https://school.example")
    assert elsewhere[0]["actor"]["account"]["homePage"] == "https://school.example"
    assert elsewhere[0]["context"]["registration"] != first[0]["context"]["registration"]


def test_an_unknown_language_is_left_out_rather_than_sent_empty(store):
    bens = [s for s in statements(store) if s["actor"]["name"] == "Ben Ödön"]
    assert bens and all("language" not in s["context"] for s in bens)


# --- What the command calls -----------------------------------------------------------------


def test_export_writes_one_learner_or_everyone(store):
    out = io.StringIO(newline="")
    assert export(store, "csv", "ana", out) == 3
    out.seek(0)
    assert {row["learner"] for row in csv.DictReader(out)} == {"Ana"}

    out = io.StringIO()
    assert export(store, "xapi", None, out) == 4
    assert len(json.loads(out.getvalue())) == 5  # four answers and one completed attempt
    with pytest.raises(ValueError):
        export(store, "pdf", None, io.StringIO())


# --- The evidence and the guess -------------------------------------------------------------


@pytest.fixture
def evidence_store(tmp_path):
    """Eve marked words for one answer, skipped them for the next, and guessed 1 right of 2;
    an answer from before the evidence existed (not asked) is Ana's."""
    with ScoreStore.open(tmp_path) as opened:
        eve, ana = opened.learner("Eve"), opened.learner("Ana")
        attempt = opened.start_attempt(eve, "mini", "h1", ["plan-will-pass", "fund-libraries"], seed=1, locale="en")
        record(opened, attempt, "plan-will-pass", "inference", "opinion", "partial", 0.5, 4.0)
        opened.record_evidence(attempt, "plan-will-pass", spans=((0, 4), (5, 13)), words=("This", "suggests"),
                               precision=0.5, recall=1.0)
        record(opened, attempt, "fund-libraries", "opinion", "opinion", "correct", 1.0, 2.0)
        opened.record_evidence(attempt, "fund-libraries", spans=(), words=(), precision=None, recall=None)
        opened.finish_attempt(attempt)
        opened.record_calibration(attempt, 1)
        other = opened.start_attempt(ana, "mini", "h1", ["council-vote"], seed=2, locale="en")
        record(opened, other, "council-vote", "fact", "fact", "correct", 1.0, 1.0)
        yield opened


def test_the_csv_has_the_evidence_of_each_answer_and_the_guess_of_its_attempt(evidence_store):
    out = io.StringIO(newline="")
    write_csv(evidence_store.answers_for_export(), out)
    out.seek(0)
    lines = {line["item_id"]: line for line in csv.DictReader(out)}
    columns = ("evidence", "evidence_spans", "evidence_words", "evidence_precision", "evidence_recall",
               "evidence_found", "calibration_guess")
    assert [lines["plan-will-pass"][c] for c in columns] == ["marked", "0-4 5-13", "This | suggests", "0.5", "1", "1", "1"]
    assert [lines["fund-libraries"][c] for c in columns] == ["skipped", "", "", "", "", "", "1"]
    assert [lines["council-vote"][c] for c in columns] == ["", "", "", "", "", "", ""]  # not asked
    at = CSV_COLUMNS.index("evidence")
    assert CSV_COLUMNS[at:at + 7] == columns  # added at the end: scripts reading by position keep working
    assert CSV_COLUMNS[-3:] == ("finished", "test", "form")  # and what came after, after them


def test_xapi_carries_the_evidence_and_the_guess_as_result_extensions(evidence_store):
    every = statements(evidence_store)
    by_item = {s["object"]["id"].rsplit(":", 1)[-1]: s for s in every if s["verb"]["id"].endswith("/answered")}
    marked = by_item["plan-will-pass"]["result"]["extensions"]
    assert marked == {
        "urn:media-quiz:xapi:extension:evidence-spans": [[0, 4], [5, 13]],
        "urn:media-quiz:xapi:extension:evidence-words": ["This", "suggests"],
        "urn:media-quiz:xapi:extension:evidence-precision": 0.5,
        "urn:media-quiz:xapi:extension:evidence-recall": 1.0,
        "urn:media-quiz:xapi:extension:evidence-found": True,
    }
    assert by_item["fund-libraries"]["result"]["extensions"] == {
        "urn:media-quiz:xapi:extension:evidence-spans": [],
        "urn:media-quiz:xapi:extension:evidence-words": [],
    }
    assert "extensions" not in by_item["council-vote"]["result"]  # never asked: nothing to say
    [completed] = [s for s in every if s["verb"]["id"].endswith("/completed")]
    assert completed["result"]["extensions"] == {
        "urn:media-quiz:xapi:extension:calibration-guess": 1,
        "urn:media-quiz:xapi:extension:calibration-gap": -0.5,  # guessed 1, scored 1.5
    }
