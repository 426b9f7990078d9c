"""The plain quiz, driven through real pipes as a screen-reader user or a script would."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from quiz.core.engine import QuizSession
from quiz.banks import load_bank, load_catalog
from quiz.paths import default_bank_path

ROOT = Path(__file__).resolve().parents[1]


def quiz_process(data_dir: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, MEDIA_QUIZ_DATA_DIR=str(data_dir), LANGUAGE="", LC_ALL="", LANG="C")
    return subprocess.Popen(
        [sys.executable, "-m", "quiz", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        **kwargs,
    )


def stored_answers(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "scores.sqlite3") as db:
        return db.execute(
            "SELECT l.name, ans.item_id, ans.chosen, ans.outcome, ans.points FROM answers ans "
            "JOIN attempts a ON a.id = ans.attempt_id JOIN learners l ON l.id = a.learner_id "
            "ORDER BY ans.id"
        ).fetchall()


def test_piped_answers_are_scored_printed_and_saved(tmp_path):
    bank = load_bank(default_bank_path(), load_catalog())
    expected = QuizSession(bank, seed=1, count=5)
    replies = ["1", "i", "3", "Rhetoric", "2"]
    types = {"1": "fact", "i": "inference", "3": "opinion", "Rhetoric": "rhetoric", "2": "inference"}
    for reply in replies:
        expected.answer(types[reply])
    process = quiz_process(tmp_path, "--plain", "--count", "5", "--seed", "1", "--learner", "Ada")
    out, err = process.communicate("\n".join(replies) + "\n", timeout=60)
    assert process.returncode == 0, err
    assert "Traceback" not in out + err
    for number, answer in enumerate(expected.answers, 1):
        assert f"Question {number} of 5" in out
        assert f"“{answer.item.passage}”" in out
    results = expected.results(("fact", "inference", "opinion", "rhetoric"))
    assert f"Score: {results.points:g} of 5" in out
    rows = stored_answers(tmp_path)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("Ada", a.item.id, a.chosen) for a in expected.answers
    ]
    assert sum(r[4] for r in rows) == results.points


def test_end_of_input_stops_cleanly_and_keeps_the_answers_given(tmp_path):
    process = quiz_process(tmp_path, "--plain", "--count", "5", "--seed", "2", "--learner", "Ben")
    out, err = process.communicate("1\nnonsense\n2\n", timeout=60)
    assert process.returncode == 0, err
    assert "Please answer 1, 2, 3 or 4" in out
    assert "Stopped after 2 of 5 questions. Your answers are saved." in out
    assert len(stored_answers(tmp_path)) == 2


def test_output_that_is_not_a_terminal_switches_to_plain_mode_with_a_note(tmp_path):
    process = quiz_process(tmp_path, "--count", "2", "--seed", "1", "--learner", "Cy")
    out, err = process.communicate("1\n1\n", timeout=60)
    assert process.returncode == 0, err
    assert "using the plain quiz" in err
    assert "Question 2 of 2" in out


def test_a_process_killed_mid_quiz_keeps_every_answer_already_given(tmp_path):
    process = quiz_process(tmp_path, "--plain", "--count", "10", "--seed", "4", "--learner", "Dee")
    assert process.stdin and process.stdout
    given = 0
    for reply in ("1", "2", "3"):
        process.stdin.write(reply + "\n")
        process.stdin.flush()
        # the feedback is printed only after the answer is saved
        while not process.stdout.readline().startswith(("✓", "✗", "◐")):
            pass
        given += 1
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    rows = stored_answers(tmp_path)
    assert len(rows) == given == 3
    assert all(r[0] == "Dee" for r in rows)


def test_an_exam_bank_in_plain_mode_keeps_feedback_for_the_end(tmp_path):
    import shutil

    from tests.conftest import MINI

    for name in ("article.yaml", "bank.yaml"):
        shutil.copy(MINI / name, tmp_path / name)
    bank = tmp_path / "bank.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("options:\n", "options:\n  mode: exam\n"), encoding="utf-8")
    process = quiz_process(tmp_path / "data", "--plain", "--bank", str(bank), "--seed", "1", "--learner", "Ex")
    out, err = process.communicate("1\n1\n1\n1\n", timeout=60)
    assert process.returncode == 0, err
    before_results = out.split("Your answers")[0]
    assert before_results.count("Answer recorded.") == 4
    assert "Not quite" not in before_results and "Correct:" not in before_results
    review = out.split("Your answers")[1]
    assert review.count("Not quite") + review.count("Correct:") == 4


def test_c_shows_the_paragraph_and_a_passage_that_needs_it_comes_with_its_paragraph(tmp_path):
    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    fixture = ROOT / "tests" / "fixtures" / "mini"
    (bank_dir / "article.yaml").write_text((fixture / "article.yaml").read_text("utf-8"), "utf-8")
    text = (fixture / "bank.yaml").read_text("utf-8").replace(
        "  - id: plan-will-pass\n", "  - id: plan-will-pass\n    needs_context: true\n"
    )
    (bank_dir / "bank.yaml").write_text(text.replace("shuffle: true", "shuffle: false"), "utf-8")
    bank = load_bank(bank_dir / "bank.yaml", load_catalog())
    order = [item.id for item in QuizSession(bank, seed=3, count=4).items]
    needing = order.index("plan-will-pass")
    # "c" on the first question only; every other question is answered straight away.
    replies = ["c", "1"] + ["1"] * 3
    process = quiz_process(
        tmp_path / "data", "--plain", "--bank", str(bank_dir / "bank.yaml"), "--seed", "3", "--learner", "Di"
    )
    out, err = process.communicate("\n".join(replies) + "\n", timeout=60)
    assert process.returncode == 0, err
    questions = out.split("Question ")[1:]
    assert "Paragraph 1 of the article:" in questions[0].split("Your answer:")[1]  # after "c"
    for number, question in enumerate(questions[1:], 1):
        before_answer = question.split("Your answer:")[0]
        assert ("Paragraph" in before_answer) == (number == needing), (number, question)
    with sqlite3.connect(tmp_path / "data" / "scores.sqlite3") as db:
        seen = dict(db.execute("SELECT item_id, context_seen FROM answers").fetchall())
    assert seen[order[0]] == 1 and seen["plan-will-pass"] == 1
    assert sum(seen.values()) == (1 if needing == 0 else 2)
