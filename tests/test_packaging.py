"""An installed media-quiz carries its article, banks, translations, schemas and styles."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_everything_the_quiz_reads_at_run_time(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("media_quiz-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "quiz/content/claim_types.yaml",
        "quiz/content/techniques.yaml",
        "quiz/content/totalitarians-inc/article.yaml",
        "quiz/content/totalitarians-inc/bank.yaml",
        "quiz/schemas/bank.schema.json",
        "quiz/tui/quiz.tcss",
    }
    for language in ("de", "es", "fr", "ru", "zh_CN"):
        for domain in ("quiz", "content"):
            expected.add(f"quiz/locales/{language}/LC_MESSAGES/{domain}.po")
    assert expected <= names, sorted(expected - names)
    assert not any(name.endswith(".mo") for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "media-quiz = quiz.cli:main" in text
    assert "media_quiz_yaml = quiz.banks.extract:extract_content" in text
