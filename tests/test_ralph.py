"""Against a real learning record store, Ralph: a quiz's statements arrive whole, and none is
lost or doubled when the LRS goes away in the middle of a quiz.

Ralph starts once for these tests (tests/ralph_lrs.py), on a free port with its own folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quiz.scores.export import answered_statement_id, completed_statement_id, xapi_duration
from quiz.scores.store import ScoreStore
from tests.ralph_lrs import PASSWORD, USER, Ralph
from tests.xapi_rules import statement_problems

ROOT = Path(__file__).resolve().parent.parent
HOMEPAGE = "https://school.example/"
EXTENSION = "urn:media-quiz:xapi:extension:"
# One question of the shipped bank in plain mode: a type, then an empty line (the evidence skipped).
ONE_ANSWER = "1\n\n"


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    lrs = Ralph(tmp_path_factory.mktemp("ralph"))
    lrs.create_user()
    lrs.start()
    yield lrs
    lrs.stop()


def quiz_command(data: Path, ralph: Ralph, *args: str) -> list[str]:
    return [sys.executable, "-m", "quiz", "--data-dir", str(data), *args]


def environment() -> dict[str, str]:
    # The key and secret travel in the environment, never on the command line.
    return dict(os.environ, LANGUAGE="", LC_ALL="", LANG="C",
                MEDIA_QUIZ_LRS_USER=USER, MEDIA_QUIZ_LRS_PASSWORD=PASSWORD)


def play(data: Path, ralph: Ralph, learner: str) -> subprocess.Popen:
    """A 20-question plain quiz sending to `ralph`, answers to be written to its stdin."""
    return subprocess.Popen(
        quiz_command(data, ralph, "--plain", "--count", "20", "--seed", "5", "--learner", learner,
                     "--lrs", ralph.url, "--homepage", HOMEPAGE),
        cwd=ROOT, env=environment(), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True,
    )


def held_by(ralph: Ralph, learner: str) -> list[dict]:
    return [s for s in ralph.statements() if s["actor"]["name"] == learner]


def test_a_quiz_of_20_answers_arrives_in_ralph_as_21_statements_that_match_the_store(tmp_path, ralph):
    quiz = play(tmp_path, ralph, "Ann")
    _out, errors = quiz.communicate(ONE_ANSWER * 20 + "12\n", timeout=120)
    assert quiz.returncode == 0, errors
    assert "wait for the learning record store" not in errors  # all went before the quiz closed

    statements = {s["id"]: s for s in held_by(ralph, "Ann")}
    assert len(statements) == 21
    for statement in statements.values():
        assert statement_problems(statement) == [], statement
    with ScoreStore.open(tmp_path) as store:
        rows = store.answers_for_export("Ann")
    assert len(rows) == 20
    for row in rows:  # field by field, each answer as the store keeps it
        sent = statements[answered_statement_id(row, HOMEPAGE)]
        assert sent["actor"]["account"] == {"homePage": HOMEPAGE, "name": "Ann"}
        assert sent["object"]["id"].endswith(f":bank:{row.bank_id}:item:{row.item_id}")
        assert sent["object"]["definition"]["correctResponsesPattern"] == [row.correct_type]
        assert sent["result"]["response"] == row.chosen
        assert sent["result"]["success"] == (row.outcome == "correct")
        assert sent["result"]["score"]["raw"] == row.points
        assert sent["result"]["duration"] == xapi_duration(row.seconds)
        assert sent["result"]["extensions"][EXTENSION + "evidence-spans"] == []  # skipped
        assert sent["timestamp"] == row.answered_at
        assert sent["context"]["language"] == row.locale
    completed = statements[completed_statement_id(rows[0], HOMEPAGE)]
    assert completed["result"]["score"]["raw"] == sum(row.points for row in rows)
    assert completed["result"]["score"]["max"] == 20
    assert completed["result"]["extensions"][EXTENSION + "calibration-guess"] == 12
    assert {s["context"]["registration"] for s in statements.values()} == {completed["context"]["registration"]}


def test_ralph_stopped_mid_quiz_then_sync_leaves_every_statement_there_exactly_once(tmp_path, ralph):
    quiz = play(tmp_path, ralph, "Bea")
    quiz.stdin.write(ONE_ANSWER * 10)
    quiz.stdin.flush()
    deadline = time.monotonic() + 30
    while len(held_by(ralph, "Bea")) < 10 and time.monotonic() < deadline:
        time.sleep(0.1)  # the first ten have gone, in the background
    assert len(held_by(ralph, "Bea")) == 10

    ralph.stop()
    _out, errors = quiz.communicate(ONE_ANSWER * 10 + "15\n", timeout=120)
    assert quiz.returncode == 0, errors
    assert "11 statements wait for the learning record store; “media-quiz sync” sends them." in errors

    ralph.start()
    synced = subprocess.run(quiz_command(tmp_path, ralph, "sync"), cwd=ROOT, env=environment(),
                            capture_output=True, text=True, timeout=60)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "11 statements sent." in synced.stdout

    with ScoreStore.open(tmp_path) as store:
        rows = store.answers_for_export("Bea")
    expected = {answered_statement_id(row, HOMEPAGE) for row in rows} | {completed_statement_id(rows[0], HOMEPAGE)}
    ids = [s["id"] for s in held_by(ralph, "Bea")]
    assert len(ids) == 21 and set(ids) == expected  # every one, and none twice
