"""The plain quiz, driven through real pipes as a screen-reader user or a script would."""

from __future__ import annotations

import json
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
    # The shipped bank asks for the evidence after each type: an empty line skips it.
    out, err = process.communicate("".join(reply + "\n\n" for reply in replies), timeout=60)
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
    out, err = process.communicate("1\n\nnonsense\n2\n\n", timeout=60)
    assert process.returncode == 0, err
    assert "Please answer 1, 2, 3 or 4" in out
    assert "Stopped after 2 of 5 questions.\nYour answers are saved." in out
    assert len(stored_answers(tmp_path)) == 2


def test_output_that_is_not_a_terminal_switches_to_plain_mode_with_a_note(tmp_path):
    process = quiz_process(tmp_path, "--count", "2", "--seed", "1", "--learner", "Cy")
    out, err = process.communicate("1\n\n1\n\n", timeout=60)
    assert process.returncode == 0, err
    assert "using the plain quiz" in err
    assert "Question 2 of 2" in out


def test_a_process_killed_mid_quiz_keeps_every_answer_already_given(tmp_path):
    process = quiz_process(tmp_path, "--plain", "--count", "10", "--seed", "4", "--learner", "Dee")
    assert process.stdin and process.stdout
    given = 0
    for reply in ("1", "2", "3"):
        process.stdin.write(reply + "\n\n")  # the type, then the evidence step skipped
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


# --- Show your evidence, how sure are you ------------------------------------------------------


def evidence_answers(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "scores.sqlite3") as db:
        return db.execute(
            "SELECT ans.item_id, ans.evidence_words, ans.evidence_precision, ans.evidence_recall, "
            "a.calibration_guess FROM answers ans JOIN attempts a ON a.id = ans.attempt_id ORDER BY ans.id"
        ).fetchall()


def first_item_and_its_words(language: str = "en"):
    """The first item of `--seed 1 --count 1` on the shipped bank, and the words listed for it."""
    from quiz.core.evidence import EvidenceStep
    from quiz.i18n import localize_item, set_language

    set_language(language)
    bank = load_bank(default_bank_path(), load_catalog())
    [item] = QuizSession(bank, seed=1, count=1).items
    localized = localize_item(item)
    return item, EvidenceStep.of(localized.passage, localized.cues)


def within_80_columns(lines: list[str]) -> bool:
    from quiz.terminal_text import cell_width

    return all(cell_width(line) <= 80 for line in lines)


def test_the_evidence_step_lists_numbered_words_and_re_asks_after_bad_input(tmp_path):
    item, step = first_item_and_its_words()
    cue = sorted(step.cue_words)
    cue_numbers = " ".join(str(n + 1) for n in cue)
    right = str(("fact", "inference", "opinion", "rhetoric").index(item.answer) + 1)
    replies = [right, "abc", "99", "3-1", cue_numbers, "many", "1"]
    process = quiz_process(tmp_path, "--plain", "--count", "1", "--seed", "1", "--learner", "Ada")
    out, err = process.communicate("\n".join(replies) + "\n", timeout=60)
    assert process.returncode == 0, err
    assert "Traceback" not in out + err
    lines = out.splitlines()
    asked = lines.index(next(line for line in lines if line.startswith("Which words gave it away?")))
    first = lines.index(next(line for line in lines[asked:] if line.startswith("1 ")))
    listed = lines[first : lines.index("Words: abc")]
    # Every word with its number, in order, several to a line.
    entries = [entry.split(" ", 1) for line in listed for entry in line.split("   ")]
    assert entries == [[str(n + 1), step.word(n)] for n in range(len(step.words))]
    # Each bad reply is met by what to type instead, and the question again; never a crash.
    text = " ".join(out.split())  # this mode wraps what it adds at 80 columns
    count = len(step.words)
    assert f"“abc” is not a word number; type numbers from 1 to {count}, such as 2 5-7, or nothing to skip." in text
    assert f"There is no word 99: the words are numbered from 1 to {count}." in text
    assert "3-1 goes backwards; write the smaller number first: 1-3." in text
    assert out.count("Words: ") == 4
    # The feedback: the verdict, the cue, then the learner's words beside it.
    assert "✓ Correct" in out
    from quiz.core.feedback import evidence_lines  # its wording is tested in test_evidence.py

    assert "— yes, that is what gives it away." in text
    assert " ".join(evidence_lines(step.mark(cue))) in text
    # The guess at the end: a bad one re-asked, then compared with the score.
    assert "How many of the 1 question do you think you got right?" in text
    assert "Please type a whole number from 0 to 1, or nothing to skip." in text
    assert "You guessed 1 and scored 1: exactly right." in text
    assert "Lyons et al., PNAS 2021" in text
    # What the evidence and the guess add keeps within 80 columns (the passage and the
    # explanation are printed as they are, one line each, as before).
    added = [line for line in lines[asked:] if line not in (f"“{item.passage}”", localize_explanation(item))]
    assert within_80_columns(added)
    [(item_id, words, precision, recall, guess)] = evidence_answers(tmp_path)
    assert (item_id, precision, recall, guess) == (item.id, 1, 1, 1)
    assert words is not None and item.cues[0].split()[0] in words


def localize_explanation(item) -> str:
    from quiz.i18n import localize_item

    return localize_item(item).explanation


def test_an_empty_reply_skips_the_evidence_and_the_guess(tmp_path):
    process = quiz_process(tmp_path, "--plain", "--count", "2", "--seed", "3", "--learner", "Sam")
    out, err = process.communicate("1\n\n2\n\n\n", timeout=60)
    assert process.returncode == 0, err
    assert "You marked" not in out and "You guessed" not in out
    assert "How many of the 2 questions do you think you got right?" in out
    assert [row[1:] for row in evidence_answers(tmp_path)] == [("[]", None, None, None)] * 2


def test_q_at_the_evidence_step_stops_the_quiz_keeping_the_answer(tmp_path):
    process = quiz_process(tmp_path, "--plain", "--count", "3", "--seed", "3", "--learner", "Quin")
    out, err = process.communicate("1\nq\n", timeout=60)
    assert process.returncode == 0, err
    assert "Stopped after 1 of 3 questions.\nYour answers are saved." in out
    assert "How many of the" not in out  # not over: it can be resumed, and asked then
    assert len(evidence_answers(tmp_path)) == 1


def test_chinese_words_are_listed_by_character_within_80_columns(tmp_path):
    item, step = first_item_and_its_words("zh_CN")
    cue = sorted(step.cue_words)
    process = quiz_process(tmp_path, "--plain", "--lang", "zh_CN", "--count", "1", "--seed", "1", "--learner", "Li")
    out, err = process.communicate("1\n" + " ".join(str(n + 1) for n in cue) + "\n\n", timeout=60)
    assert process.returncode == 0, err
    listed = [line for line in out.splitlines() if line.startswith("1 ")]
    assert listed and within_80_columns(listed)
    assert listed[0].startswith(f"1 {step.word(0)}   2 {step.word(1)}   ")
    [(_item, words, precision, recall, _guess)] = evidence_answers(tmp_path)
    assert (precision, recall) == (1, 1)
    assert all(word in step.passage for word in json.loads(words))


def test_an_exam_asks_for_the_evidence_without_feedback_and_shows_it_at_the_end(tmp_path):
    import shutil

    from tests.conftest import MINI

    for name in ("article.yaml", "bank.yaml"):
        shutil.copy(MINI / name, tmp_path / name)
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace(
            "options:\n", "options:\n  mode: exam\n  evidence: on\n  shuffle: false\n"
        ),
        encoding="utf-8",
    )
    process = quiz_process(
        tmp_path / "data", "--plain", "--bank", str(bank), "--count", "5", "--learner", "Ex"
    )
    # The five items in bank order: fact ✓ (marking "3 May"), opinion ◐ for the inference
    # (marking "suggests"), then three right with the evidence skipped: 4.5. Then a guess of 5.
    out, err = process.communicate("fact\n5 6\nopinion\n2\n3\n\n4\n\n1\n\n5\n", timeout=60)
    assert process.returncode == 0, err
    before_review, review = (" ".join(part.split()) for part in out.split("Your answers"))
    assert before_review.count("Answer recorded.") == 5
    assert "You marked" not in before_review and "Correct" not in before_review
    # The guess comes before the review, and is compared in the results.
    assert "How many of the 5 questions do you think you got right?" in before_review
    assert review.count("You marked") == 2
    assert "You marked “3 May” — yes; the words that give it away also include “7 to 2”." in review
    assert "You marked “suggests” — yes, that is what gives it away." in review
    assert "You guessed 5 and scored 4.5: 0.5 above your score, so you overestimated yourself." in review


def test_the_word_list_keeps_within_80_columns_even_for_a_word_longer_than_a_line():
    from quiz.core.evidence import EvidenceStep
    from quiz.plain import word_list

    step = EvidenceStep.of("see https://example.com/" + "a" * 120 + " now, said he", ["said"])
    lines = word_list(step)
    assert within_80_columns(lines)
    assert "".join(lines).replace(" ", "").endswith("6now7said8he")
