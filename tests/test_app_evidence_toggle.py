"""A switch, not a toll: the start screen turns the evidence step on or off, by key, Tab or mouse,
whatever the bank says; it fits 80×24 in every language."""

from __future__ import annotations

import pytest

from quiz.i18n import _, available_languages, set_language
from quiz.scores.store import ScoreStore
from quiz.tui.screens.question_screen import QuestionScreen
from quiz.tui.widgets import OnOffToggle
from tests.conftest import answer_how_sure, playing, screen_text, shipped_bank
from tests.test_screens_flow import assert_buttons_whole, choose_language, cut_short_after


def toggle(app) -> OnOffToggle:
    return app.screen.query_one("#evidence-toggle", OnOffToggle)


async def first_answer(pilot) -> None:
    """Start the quiz and answer its first question (the type only)."""
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, QuestionScreen)
    await pilot.press("1")


async def test_the_toggle_starts_as_the_bank_says_and_e_turns_the_evidence_step_off():
    bank, catalog = shipped_bank()
    assert bank.options.evidence  # the shipped bank asks for the words
    async with playing(bank, catalog, seed=1, count=3, evidence=None) as pilot:
        app = pilot.app
        shown = screen_text(app)
        assert "Show your evidence: on" in shown
        assert "e Show your evidence" in shown  # in the key bar
        await pilot.press("e")
        assert not toggle(app).value and app.quiz.evidence_choice is False
        assert "Show your evidence: off" in screen_text(app)
        await first_answer(pilot)
        assert app.quiz.answers and app.quiz.evidence_step is None


async def test_without_the_toggle_the_shipped_bank_asks_for_the_words():
    bank, catalog = shipped_bank()
    async with playing(bank, catalog, seed=1, count=3, evidence=None) as pilot:
        await first_answer(pilot)
        assert pilot.app.quiz.evidence_step is not None


async def test_a_click_turns_it_on_for_a_bank_that_has_it_off(mini_bank, mini_catalog):
    assert not mini_bank.options.evidence
    async with playing(mini_bank, mini_catalog, seed=1, count=5, evidence=None) as pilot:
        app = pilot.app
        assert "Show your evidence: off" in screen_text(app)
        await pilot.click("#evidence-toggle")
        assert toggle(app).value and app.quiz.evidence_choice is True
        assert "Show your evidence: on" in screen_text(app)
        assert "✓" in screen_text(app)  # on is said by the mark's shape too, not by colour alone
        assert app.focused is toggle(app)
        await first_answer(pilot)  # Enter on the toggle starts the quiz, as Enter does on this screen
        assert app.quiz.evidence_step is not None


async def test_tab_reaches_the_toggle_and_space_switches_it(mini_bank, mini_catalog):
    async with playing(mini_bank, mini_catalog, seed=1, count=5, evidence=None) as pilot:
        app = pilot.app
        for _n in range(6):
            if app.focused is toggle(app):
                break
            await pilot.press("tab")
        assert app.focused is toggle(app)
        await pilot.press("space")
        assert app.quiz.evidence_choice is True
        await pilot.press("space")
        assert app.quiz.evidence_choice is False


async def test_the_choice_stays_through_a_change_of_language_and_the_next_quiz():
    bank, catalog = shipped_bank()
    async with playing(bank, catalog, seed=1, count=1, evidence=None) as pilot:
        app = pilot.app
        await pilot.press("e")
        await choose_language(pilot, "ru")
        assert not toggle(app).value
        assert _("Show your evidence: off") in screen_text(app)
        await pilot.press("у")  # e on a Russian keyboard: on again
        assert toggle(app).value and app.quiz.evidence_choice is True
        await pilot.press("у")
        await first_answer(pilot)
        assert app.quiz.evidence_step is None
        await pilot.press("enter")
        await answer_how_sure(pilot)
        await pilot.press("b")  # back to the start
        await pilot.pause()
        assert not toggle(app).value  # as it was left


@pytest.mark.parametrize("language", available_languages())
async def test_the_toggle_fits_80_by_24_with_every_start_button(language, mini_bank, mini_catalog, tmp_path):
    set_language(language)
    await cut_short_after(1, mini_bank, mini_catalog, tmp_path, name="Ute")  # resume, history
    async with playing(mini_bank, mini_catalog, seed=1, count=5, store=ScoreStore.open(tmp_path),
                       learner_name="Ute") as pilot:
        app = pilot.app
        assert app.screen.query_one("#resume").display and app.screen.query_one("#history").display
        assert app.screen.region.contains_region(toggle(app).region)
        assert _("Show your evidence: off") in screen_text(app)
        assert_buttons_whole(app)
        await pilot.press("e")
        assert _("Show your evidence: on") in screen_text(app)
        assert app.screen.region.contains_region(toggle(app).region)
