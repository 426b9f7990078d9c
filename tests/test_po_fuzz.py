"""A careless translator's catalog: markup, escapes and broken placeholders in every entry.

The shipped Spanish catalogs are copied into a temporary locales folder with every msgstr
made hostile. Every screen of the app is then driven with Pilot, and the plain quiz played:
nothing a translator wrote may be obeyed (markup shows as typed, an escape as a visible
symbol) and nothing may crash (an entry with a broken placeholder falls back to English).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

import quiz.i18n as i18n
from quiz.banks import load_bank, load_catalog
from quiz.core.run import QuizRun
from quiz.i18n import _, catalog_problems, set_language
from quiz.i18n.checks import brace_fields
from quiz.paths import default_bank_path, locales_dir
from quiz.plain import PlainQuiz
from quiz.scores.store import ScoreStore
from quiz.tui.screens.help_screen import HelpScreen
from quiz.tui.screens.history_screen import HistoryScreen
from quiz.tui.screens.language_screen import LanguageScreen
from quiz.tui.screens.question_screen import QuestionScreen
from quiz.tui.screens.quit_screen import QuitScreen
from quiz.tui.screens.calibration_screen import CalibrationScreen
from quiz.tui.screens.results_screen import ResultsScreen
from tests.conftest import answer_how_sure, playing, screen_text

CLICK = "[@click=app.quit]"
LINK = "[link=https://example.com]"


def hostile(text: str) -> str:
    """`text` inside every kind of markup a careless translator might type, and an escape."""
    return f"{CLICK}{text}[/] {LINK}L[/link] X[/bold] [b]\x1b[31m"


def broken(text: str, which: int) -> str:
    """`text` with its placeholders broken in one of four ways."""
    first = re.compile(r"\{[^{}]*\}")
    return [
        lambda: first.sub("{numero}", text, count=1),  # a field the code does not pass
        lambda: text + " {type.",  # not a format string at all
        lambda: first.sub("%(nom)s", text),  # the other style of placeholder
        lambda: first.sub("", text),  # placeholders left out
    ][which % 4]()


def fuzzed_locale(folder: Path, shift: int) -> list[str]:
    """Spanish, made hostile, as `folder`/es; the msgids whose entries had placeholders broken."""
    target = folder / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    broken_ids = []
    for domain in ("quiz", "content"):
        with (locales_dir() / "es" / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
            catalog = read_po(handle, locale="es")
        for number, message in enumerate(catalog):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            has_fields = bool(brace_fields(ids[0]))
            if has_fields:
                broken_ids.append(ids[0])

            def spoil(string: str) -> str:
                return hostile(broken(string, number + shift) if has_fields else string)

            if isinstance(message.string, tuple):
                message.string = tuple(spoil(s) for s in message.string)
            else:
                message.string = spoil(message.string)
        with (target / f"{domain}.po").open("wb") as handle:
            write_po(handle, catalog)
    return broken_ids


def use_hostile_spanish(folder: Path, monkeypatch, shift: int) -> list[str]:
    """Make the hostile Spanish the active language; the msgids with broken placeholders."""
    broken_ids = fuzzed_locale(folder / "locales", shift)
    monkeypatch.setattr(i18n, "locales_dir", lambda: folder / "locales")
    set_language("es")
    assert i18n.current_language() == "es"
    return broken_ids


@pytest.fixture(params=[0, 1, 2, 3], ids=["unknown-field", "malformed", "percent-style", "dropped"])
def hostile_spanish(request, tmp_path, monkeypatch) -> list[str]:
    """Each way of breaking placeholders in turn (each entry broken one way, in rotation)."""
    return use_hostile_spanish(tmp_path, monkeypatch, request.param)


@pytest.fixture
def one_hostile_spanish(tmp_path, monkeypatch) -> list[str]:
    """One rotation: on screen every broken entry is English alike, so one drive is enough."""
    return use_hostile_spanish(tmp_path, monkeypatch, 0)


@pytest.fixture(scope="module")
def bank():
    return load_bank(default_bank_path(), load_catalog())


def assert_not_obeyed(shown: str) -> None:
    """Markup a translator typed is on screen as typed; no escape character reaches it."""
    assert CLICK in shown and LINK in shown, shown
    assert "\x1b" not in shown


def test_broken_placeholders_fall_back_to_english_alone(hostile_spanish):
    assert _("Question {number} of {total}") == "Question {number} of {total}"
    assert _("Start the quiz").startswith(CLICK)  # the rest of the language still works
    reported = {problem.original for problem in catalog_problems()}
    assert set(hostile_spanish) <= reported
    for problem in catalog_problems():
        assert re.match(r".*es/LC_MESSAGES/(quiz|content)\.po:\d+: ", str(problem)), problem


async def test_every_screen_shows_hostile_translations_as_text(one_hostile_spanish, bank, tmp_path):
    quits, links = [], []
    store = ScoreStore.open(tmp_path / "scores")
    async with playing(bank, load_catalog(), seed=1, count=3, size=(160, 50), notifications=True,
                       store=store, learner_name="Eva") as pilot:
        app = pilot.app
        app.exit = lambda *args, **kwargs: quits.append(args)  # what [@click=app.quit] would call
        app.open_url = lambda url, **kwargs: links.append(url)  # what a followed link would call
        assert_not_obeyed(screen_text(app))  # the start screen
        await pilot.press("t")  # a toast naming the theme
        assert CLICK in screen_text(app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert_not_obeyed(screen_text(app))
        await pilot.press("escape", "l")
        assert isinstance(app.screen, LanguageScreen)
        assert CLICK in screen_text(app)
        await pilot.press("escape", "enter")
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("q")  # mid-quiz, q asks first (on the results it quits at once)
        assert isinstance(app.screen, QuitScreen)
        assert_not_obeyed(screen_text(app))
        await pilot.press("n")
        assert isinstance(app.screen, QuestionScreen)
        for _number in range(3):
            assert_not_obeyed(screen_text(app))
            assert "Question" in screen_text(app)  # the progress line, in English
            await pilot.press("2")  # the feedback
            assert_not_obeyed(screen_text(app))
            await pilot.press("c")  # the passage in its paragraph
            await pilot.press("enter")
        await pilot.press("9", "enter")  # how many right: refused, with the reason
        assert isinstance(app.screen, CalibrationScreen)
        assert_not_obeyed(screen_text(app))
        await pilot.press("backspace")
        await answer_how_sure(pilot, "2")  # the results compare it with the score
        assert isinstance(app.screen, ResultsScreen)
        await click_every_hostile_text(pilot, "#by-type")
        assert quits == [] and links == []

    async with playing(bank, load_catalog(), size=(160, 50), store=store, learner_name="Eva") as pilot:
        app = pilot.app
        app.exit = lambda *args, **kwargs: quits.append(args)
        app.open_url = lambda url, **kwargs: links.append(url)
        await pilot.click("#history")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await click_every_hostile_text(pilot, "#quizzes")  # the finished quizzes
        assert quits == [] and links == []
    store.close()


async def click_every_hostile_text(pilot, table: str) -> None:
    """The screen shows the markup as typed; a click on each piece of it in `table` does nothing."""
    app = pilot.app
    shown = screen_text(app)
    assert_not_obeyed(shown)
    screen = type(app.screen)
    region = app.screen.query_one(table).region
    clicked = 0
    for row, line in enumerate(shown.splitlines()):
        if not region.y <= row < region.bottom:
            continue  # buttons, whose labels are hostile too, are for clicking
        for found in re.finditer(re.escape(CLICK) + r"|" + re.escape(LINK), line):
            clicked += 1
            await pilot.click(offset=(found.start() + 1, row))
            await pilot.click(offset=(min(found.end(), len(line) - 1), row))  # the word itself
            assert type(app.screen) is screen
    assert clicked  # the table's title, headers or cells


async def test_an_exam_review_shows_hostile_translations_as_text(one_hostile_spanish, bank):
    exam = replace(bank, options=replace(bank.options, mode="exam"))
    async with playing(exam, load_catalog(), seed=1, count=3, size=(160, 50)) as pilot:
        await pilot.press("enter", "1", "2", "3")
        await answer_how_sure(pilot)
        assert isinstance(pilot.app.screen, ResultsScreen)
        assert_not_obeyed(screen_text(pilot.app))


def test_the_plain_quiz_prints_hostile_translations_as_text(hostile_spanish, bank):
    out = io.StringIO()
    run = QuizRun(bank, load_catalog(), seed=1, count=3)
    # Each type, then its evidence (words marked, a skip, a range), then the guess at the end.
    assert PlainQuiz(run, io.StringIO("1\n1\n2\n\n3\n1-3\n2\n"), out).play() == 0
    printed = out.getvalue()
    assert CLICK in printed and "\x1b" not in printed
    assert "Question 3 of 3" in printed  # a broken entry, shown in English
    assert len(run.session.answers) == 3
