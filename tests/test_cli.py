"""The `media-quiz` command as teachers use it: export answers, read a class report."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def media_quiz(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, MEDIA_QUIZ_DATA_DIR=str(data_dir), LANGUAGE="", LC_ALL="", LANG="C")
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=60,
    )


def test_export_and_report_round_trip_a_small_class(tmp_path):
    data = tmp_path / "data"
    # Each type is followed by an empty line: the evidence step of the shipped bank, skipped.
    for name, replies in (("Ann", "1\n\n2\n\n3\n\n4\n\n"), ("Bob", "4\n\n3\n\n2\n\n1\n\n"),
                          ("Cid", "2\n\n2\n\n2\n\n2\n\n")):
        played = media_quiz(data, "--plain", "--count", "4", "--seed", "7", "--learner", name, stdin=replies)
        assert played.returncode == 0, played.stderr
    exported = media_quiz(data, "export", "--format", "csv", "-o", str(tmp_path / "class.csv"))
    assert exported.returncode == 0, exported.stderr
    assert "12 answers written" in exported.stderr
    with (tmp_path / "class.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 12 and {r["learner"] for r in rows} == {"Ann", "Bob", "Cid"}

    xapi = media_quiz(data, "export", "--format", "xapi", "--learner", "Bob")
    statements = json.loads(xapi.stdout)
    verbs = [s["verb"]["display"]["en-US"] for s in statements]
    assert verbs.count("answered") == 4 and verbs.count("completed") == 1
    assert all(s["actor"]["name"] == "Bob" for s in statements)

    report = media_quiz(data, "report", str(tmp_path / "class.csv"), "--format", "markdown")
    assert report.returncode == 0, report.stderr
    items = {r["item_id"] for r in rows}
    for item_id in items:
        assert item_id in report.stdout
    assert "3 students" in report.stdout
    # The claim types by name in the teacher's language, not by the ids in the file.
    assert "| Fact |" in report.stdout and "| fact |" not in report.stdout
    french = media_quiz(data, "--lang", "fr", "report", str(tmp_path / "class.csv"))
    assert french.returncode == 0, french.stderr
    assert "Fait" in french.stdout and " fact " not in french.stdout


def test_a_report_of_a_file_that_is_not_an_export_says_so_without_a_traceback(tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("name,grade\nAnn,A\n", encoding="utf-8")
    result = media_quiz(tmp_path, "report", str(bad))
    assert result.returncode == 1
    assert str(bad) in result.stderr and "Traceback" not in result.stderr


def test_a_bank_with_a_mistake_is_reported_by_file_and_line_not_a_traceback(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text("id: x\ntitle: X\narticle: missing.yaml\nitems: []\n", encoding="utf-8")
    result = media_quiz(tmp_path, "--plain", "--bank", str(bank))
    assert result.returncode == 1
    assert f"{bank}:3:10: error: there is no article file “missing.yaml”" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_the_commands():
    result = media_quiz(Path("."), "--help")
    assert result.returncode == 0
    for word in ("--plain", "--count", "--seed", "--lang", "--learner", "export", "report", "i18n"):
        assert word in result.stdout


def _run_broken(tmp_path: Path, patch: str, *args: str) -> subprocess.CompletedProcess:
    """The real command with one function replaced by `patch` (a bug planted for the test)."""
    script = f"import sys\n{patch}\nfrom quiz.cli import main\nsys.exit(main({list(args)!r}))\n"
    env = dict(
        os.environ, MEDIA_QUIZ_DATA_DIR=str(tmp_path / "data"), MEDIA_QUIZ_CACHE_DIR=str(tmp_path / "cache"),
        LANGUAGE="", LC_ALL="", LANG="C", TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver",
    )
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, input="1\n",
                          capture_output=True, text=True, timeout=60)


def _crash_report(stderr: str) -> str:
    line = next(line for line in stderr.splitlines() if "Details: " in line)
    return Path(line.split("Details: ", 1)[1].split(" (", 1)[0]).read_text(encoding="utf-8")


def test_a_crash_of_the_app_exits_non_zero_and_names_its_crash_report(tmp_path):
    crashed = _run_broken(
        tmp_path,
        "import quiz.tui.screens.start_screen as screen\n"
        "def broken(self): raise RuntimeError('a planted bug')\n"
        "screen.StartScreen.render_text = broken",
        "--learner", "Cy",
    )
    assert crashed.returncode == 1
    assert "media-quiz stopped because of an error in the program" in crashed.stderr
    assert "RuntimeError: a planted bug" in _crash_report(crashed.stderr)


def test_a_crash_in_plain_mode_exits_non_zero_without_a_bare_traceback(tmp_path):
    crashed = _run_broken(
        tmp_path,
        "import quiz.plain as plain\n"
        "def broken(self): raise RuntimeError('a planted bug')\n"
        "plain.PlainQuiz._results = broken",
        "--plain", "--count", "1", "--learner", "Cy",
    )
    assert crashed.returncode == 1
    assert "Traceback" not in crashed.stderr
    assert "RuntimeError: a planted bug" in _crash_report(crashed.stderr)


def test_an_unknown_language_is_named_with_the_languages_there_are(tmp_path):
    result = media_quiz(tmp_path, "--lang", "pt", "--plain")
    assert result.returncode == 2
    assert "there is no translation for “pt”; available: de, en, es, fr, ru, zh_CN" in result.stderr
    assert media_quiz(tmp_path, "--lang", "es_MX", "--help").returncode == 0  # a region finds its language


def test_a_learner_name_of_only_spaces_or_too_long_is_refused_not_replaced(tmp_path):
    blank = media_quiz(tmp_path, "--learner", "   ", "--plain", stdin="1\n")
    assert blank.returncode == 2 and "name cannot be empty" in blank.stderr
    long = media_quiz(tmp_path, "--learner", "x" * 10_000, "--plain", stdin="1\n")
    assert long.returncode == 2 and "at most 60 characters" in long.stderr
    assert "Playing as" not in blank.stdout + long.stdout  # nobody played as the previous learner


def test_an_article_given_as_the_bank_is_named_for_what_it_is(tmp_path):
    article = ROOT / "content" / "totalitarians-inc" / "article.yaml"
    result = media_quiz(tmp_path, "--bank", str(article), "--plain")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.endswith(
        "error: this file is an article, not a bank; name the bank file instead (such as the bank.yaml "
        "beside it)"
    )
    assert line.startswith(f"{article}:") and "Traceback" not in result.stderr


def test_new_bank_then_validate_from_the_command_line(tmp_path):
    made = media_quiz(
        tmp_path, "new-bank", str(ROOT / "tests" / "fixtures" / "small-article.txt"),
        "--out", str(tmp_path / "bike-lanes"), "--language", "en",
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[-1].startswith("7 items with suggested labels")
    checked = media_quiz(tmp_path, "validate", str(tmp_path / "bike-lanes"))
    assert checked.returncode == 1  # the explanations are still TODO
    assert checked.stdout.splitlines()[-1] == "7 errors, 7 warnings in 2 files"
