"""Reliability and safety: odd terminals, hostile text, and score files that cannot be used."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.banks import load_bank
from quiz.banks.problems import Problem
from quiz.terminal_text import one_line, printable
from quiz.tui.screens.results_screen import ResultsScreen
from tests.conftest import MINI, answer_how_sure, colours_on_screen, playing, screen_text

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "Tehran \x1b[2J\x1b]0;owned\x07 [bold]x[/] \u202eevil\x9b31m end"


def plain_quiz(data_dir: Path, *args: str, stdin: str = "1\n", wrap: list[str] | None = None):
    env = dict(os.environ, MEDIA_QUIZ_DATA_DIR=str(data_dir), LANGUAGE="", LC_ALL="", LANG="C")
    command = [sys.executable, "-m", "quiz", "--plain", "--count", "1", "--seed", "1", *args]
    return subprocess.run(
        (wrap or []) + command, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=60
    )


def test_control_characters_never_reach_the_terminal():
    shown = printable(HOSTILE)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown and "\u202e" not in shown
    assert "␛[2J" in shown and "[bold]x[/]" in shown
    assert len(shown) == len(HOSTILE)  # one stand-in per character: passages stay substrings


# Invisible characters: direction marks (U+200F, U+061C), zero-width ones, a byte-order mark,
# and Unicode's own line separator; each used to pass and push box borders out of line.
INVISIBLE = "Iran\u200f and\u061c Russia\u200b\u200d\u2060\ufeff met\u2028again"


def test_invisible_and_direction_characters_are_shown_not_obeyed():
    shown = printable(INVISIBLE)
    assert not any(char in shown for char in "\u200f\u061c\u200b\u200d\u2060\ufeff\u2028")
    assert shown.count("\ufffd") == 6 and "met\nagain" in shown  # a line separator breaks the line
    assert len(shown) == len(INVISIBLE)  # one stand-in per character: passages stay substrings
    assert one_line(INVISIBLE).endswith("met again")


def test_a_file_name_with_control_characters_is_shown_as_symbols_in_messages(tmp_path):
    path = tmp_path / "bank\x1b[2J.yaml"
    problem = Problem.at(path, 3, 5, "unknown-mode", mode="fast", modes="practice, exam")
    shown = str(problem)
    assert "\x1b" not in shown and "bank␛[2J.yaml:3:5: error: " in shown


def hostile_bank(tmp_path: Path) -> Path:
    for name in ("article.yaml", "bank.yaml", "claim_types.yaml", "techniques.yaml"):
        shutil.copy(MINI / name, tmp_path / name)
    escaped = HOSTILE.replace("\x1b", "\\e").replace("\x07", "\\a").replace("\x9b", "\\x9b").replace("\u202e", "\\u202e")
    for name in ("article.yaml", "bank.yaml"):
        path = tmp_path / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("The council met on 3 May", f"The council {escaped} met on 3 May"),
            encoding="utf-8",
        )
    return tmp_path / "bank.yaml"


async def test_escape_sequences_in_a_bank_are_shown_as_text_in_the_app(tmp_path, mini_catalog):
    bank = load_bank(hostile_bank(tmp_path), mini_catalog)
    async with playing(bank, mini_catalog, seed=1, count=5, learner_name="\x1b[31mEve", size=(100, 30)) as pilot:
        await pilot.press("enter")
        while pilot.app.quiz.session.current.id != "council-vote":
            await pilot.press("1", "enter")
        await pilot.press("1")
        shown = screen_text(pilot.app)
        assert "␛[2J" in shown and "[bold]x[/]" in shown
        assert "\x1b" not in shown and "\x07" not in shown


def test_escape_sequences_in_a_bank_are_harmless_in_plain_mode(tmp_path):
    (tmp_path / "bank").mkdir()
    bank = hostile_bank(tmp_path / "bank")
    result = plain_quiz(tmp_path, "--bank", str(bank), "--count", "5", stdin="1\n" * 5, )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "␛[2J" in result.stdout


@pytest.mark.parametrize("size", [(40, 12), (300, 100)])
async def test_extreme_terminal_sizes_and_resizing_raise_nothing(mini_bank, mini_catalog, size):
    async with playing(mini_bank, mini_catalog, seed=1, count=5, size=size) as pilot:
        for keys in (("enter",), ("2",), ("c",), ("question_mark",), ("escape",), ("enter",)):
            await pilot.press(*keys)
            await pilot.resize_terminal(*reversed(size) if size[0] < 100 else (80, 24))
            await pilot.resize_terminal(*size)
        for _ in range(4):
            await pilot.press("1", "enter")
        await pilot.resize_terminal(40, 12)  # how many right?, asked at the end
        await pilot.resize_terminal(*size)
        await answer_how_sure(pilot, "3")
        assert isinstance(pilot.app.screen, ResultsScreen)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()


def is_grey(colour: str) -> bool:
    return colour[1:3] == colour[3:5] == colour[5:7]


async def test_the_quiz_is_drawn_in_colour_without_no_color(mini_bank, mini_catalog, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    async with playing(mini_bank, mini_catalog, seed=1, count=5) as pilot:
        await pilot.press("enter", "1")
        assert not all(is_grey(colour) for colour in colours_on_screen(pilot.app))


async def test_no_color_is_respected(mini_bank, mini_catalog, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    async with playing(mini_bank, mini_catalog, seed=1, count=5) as pilot:
        app = pilot.app
        assert app.no_color
        # what reaches the screen is grey only, on the start screen and after an answer
        assert all(is_grey(colour) for colour in colours_on_screen(app)), colours_on_screen(app)
        await pilot.press("enter", "1")
        assert "Not quite" in screen_text(app) or "Correct" in screen_text(app)
        assert all(is_grey(colour) for colour in colours_on_screen(app)), colours_on_screen(app)


def test_a_read_only_data_folder_lets_the_quiz_run_with_a_warning(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    if os.geteuid() == 0:
        # Root writes anywhere: make the folder read-only in a private mount namespace.
        if not shutil.which("unshare"):
            pytest.skip("needs unshare (util-linux) to make a read-only folder as root")
        wrap = ["unshare", "-rm", "sh", "-c", f'mount -t tmpfs -o ro tmpfs "{data}" && exec "$0" "$@"']
    else:
        data.chmod(0o555)
        wrap = None
    result = plain_quiz(data, "--learner", "Ro", wrap=wrap)
    assert result.returncode == 0, result.stderr
    assert "Your answers will not be saved." in result.stdout
    assert "read-only" in result.stdout
    assert "Question 1 of 1" in result.stdout and "Traceback" not in result.stderr


def test_a_corrupt_score_file_is_reported_and_left_untouched(tmp_path):
    damaged = tmp_path / "scores.sqlite3"
    damaged.write_bytes(b"this is not a database, but somebody's file" * 50)
    before = damaged.read_bytes()
    result = plain_quiz(tmp_path, "--learner", "Cy")
    assert result.returncode == 0, result.stderr
    assert "Your answers will not be saved." in result.stdout
    assert "left untouched" in result.stdout
    assert damaged.read_bytes() == before


def test_a_score_file_from_a_newer_media_quiz_is_left_untouched(tmp_path):
    newer = tmp_path / "scores.sqlite3"
    with sqlite3.connect(newer) as db:
        db.execute("CREATE TABLE future (x)")
        db.execute("PRAGMA user_version = 999")
    before = newer.read_bytes()
    result = plain_quiz(tmp_path, "--learner", "Di")
    assert result.returncode == 0, result.stderr
    assert "Your answers will not be saved." in result.stdout
    assert newer.read_bytes() == before


def test_learner_names_and_article_ids_cannot_reach_outside_their_folders(tmp_path):
    result = plain_quiz(tmp_path, "--learner", "../../etc/passwd")
    assert result.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.sqlite3"]  # names are data, not paths
    # an id is a plain name: the loader refuses one that looks like a path
    folder = tmp_path / "bank"
    folder.mkdir()
    bank = hostile_bank(folder)
    bank.write_text(bank.read_text(encoding="utf-8").replace("id: mini\n", "id: ../../escape\n", 1), encoding="utf-8")
    refused = plain_quiz(tmp_path, "--bank", str(bank))
    assert refused.returncode == 1
    assert "“../../escape” cannot be an id" in refused.stderr


def test_wrapped_lines_keep_to_their_columns_and_never_break_a_no_break_space():
    from quiz.terminal_text import cell_width, wrap

    text = "Learner 01 scored 27\u00a0% · 学生的得分在前测和后测之间提高了很多，增益为零点四五。 again"
    for width in (9, 12, 20, 33):
        lines = wrap(text, width, subsequent_indent="  ")
        assert all(cell_width(line) <= width for line in lines)
        assert all(line.startswith("  ") for line in lines[1:])
        assert not any(line.endswith("27") for line in lines)  # "27 %" stays together
        assert "".join(line.strip().replace(" ", "") for line in lines) == text.replace(" ", "")
    assert wrap("  ", 10) == []
