"""Several articles to pick from, and a bank reloaded after a teacher's edit."""

from __future__ import annotations

import shutil

from textual.widgets import Select

from quiz.banks import load_bank
from tests.conftest import MINI, flat, notifications_on_screen, playing, screen_text


def two_banks(tmp_path):
    paths = []
    for name, title in (("alpha", "Alpha quiz"), ("beta", "Beta quiz")):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(MINI / "article.yaml", folder / "article.yaml")
        text = (MINI / "bank.yaml").read_text(encoding="utf-8").replace("title: Mini quiz", f"title: {title}")
        (folder / "bank.yaml").write_text(text.replace("id: mini\n", f"id: {name}\n", 1), encoding="utf-8")
        paths.append(folder / "bank.yaml")
    return paths


def lines_on_screen(app) -> list[str]:
    """The screen's rows, trimmed: a title is a row of its own, a picker's label is boxed."""
    return [line.strip() for line in screen_text(app).splitlines()]


async def test_the_start_screen_lets_a_student_pick_an_article(tmp_path, mini_catalog):
    paths = two_banks(tmp_path)
    bank = load_bank(paths[0], mini_catalog)
    async with playing(bank, mini_catalog, seed=1, bank_path=paths[0], bank_paths=paths, size=(80, 30)) as pilot:
        app = pilot.app
        assert "Alpha quiz" in screen_text(app)
        assert "Alpha quiz" in lines_on_screen(app)
        await pilot.click("#bank-choice")  # the list of articles opens
        await pilot.pause()
        assert screen_text(app).count("Beta quiz") == 1  # in the list, as one of the choices
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#bank-choice", Select).value == paths[1]
        assert app.quiz.bank.id == "beta"
        assert "Beta quiz" in screen_text(app)
        assert "Beta quiz" in lines_on_screen(app)  # the title, not only the picker
        await pilot.click("#start")
        assert app.quiz.session.bank.id == "beta"


async def test_one_bank_shows_no_picker(mini_bank, mini_catalog):
    async with playing(mini_bank, mini_catalog, bank_path=MINI / "bank.yaml") as pilot:
        assert not pilot.app.screen.query("#bank-choice")


async def test_ctrl_r_reloads_an_edited_bank_and_keeps_the_old_one_if_broken(tmp_path, mini_catalog):
    path = two_banks(tmp_path)[0]
    async with playing(load_bank(path, mini_catalog), mini_catalog, bank_path=path, notifications=True) as pilot:
        app = pilot.app
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: Alpha quiz", "title: Alpha, revised"), encoding="utf-8")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Alpha, revised" in screen_text(app)
        path.write_text(text.replace("answer: opinion", "answer: opinon"), encoding="utf-8")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.quiz.bank.title == "Alpha, revised"  # the working bank stays
        assert "Alpha, revised" in screen_text(app)
        # the problem is shown to the teacher, in the notification on screen
        assert any(flat("did you mean “opinion”") in flat(toast) for toast in notifications_on_screen(app))
