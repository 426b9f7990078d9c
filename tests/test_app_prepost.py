"""The start screen of a bank with `pre_post: true`: pre-test, practice and post-test, at 80×24
in every language, and the pre-test plays the learner's form as an exam."""

from __future__ import annotations

from dataclasses import replace

from quiz import i18n
from quiz.core.forms import form_of_test
from quiz.scores.names import name_key
from quiz.scores.store import ScoreStore
from quiz.tui.screens.question_screen import QuestionScreen
from tests.conftest import playing, screen_text
from tests.test_screens_flow import assert_buttons_whole, choose_language, cut_short_after


def with_tests(bank):
    return replace(bank, options=replace(bank.options, pre_post=True))


async def test_the_three_choices_fit_80_by_24_in_every_language(mini_bank, mini_catalog, tmp_path):
    bank = with_tests(mini_bank)
    await cut_short_after(1, bank, mini_catalog, tmp_path, name="Ute")  # resume and history shown too
    async with playing(bank, mini_catalog, seed=1, count=5, store=ScoreStore.open(tmp_path),
                       learner_name="Ute") as pilot:
        app = pilot.app
        for code in i18n.available_languages():
            await choose_language(pilot, code)
            for button in ("#pre-test", "#start", "#post-test", "#resume", "#history"):
                assert app.screen.query_one(button).display, (code, button)
            assert_buttons_whole(app)
            shown = screen_text(app)
            assert i18n._("Pre-test") in shown and i18n._("Post-test") in shown, code


async def test_the_pre_test_button_plays_the_learners_form_as_an_exam(mini_bank, mini_catalog, tmp_path):
    async with playing(with_tests(mini_bank), mini_catalog, seed=1, store=ScoreStore.open(tmp_path),
                       learner_name="Ute") as pilot:
        app = pilot.app
        await pilot.click("#pre-test")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.quiz.test == "pre" and app.quiz.exam
        assert app.quiz.form == form_of_test("pre", name_key("Ute"))


async def test_a_bank_without_pre_post_offers_only_practice(mini_bank, mini_catalog):
    async with playing(mini_bank, mini_catalog, seed=1) as pilot:
        screen = pilot.app.screen
        assert not screen.query_one("#pre-test").display and not screen.query_one("#post-test").display
        assert "Start the quiz" in screen_text(pilot.app)


async def test_with_test_on_the_command_line_start_starts_that_test(mini_bank, mini_catalog, tmp_path):
    async with playing(with_tests(mini_bank), mini_catalog, seed=1, store=ScoreStore.open(tmp_path),
                       learner_name="Ute") as pilot:
        app = pilot.app
        app.quiz.fixed_test = app.quiz.test_choice = "post"  # as `media-quiz --test post` sets it
        app.screen.render_text()
        await pilot.pause()
        assert not app.screen.query_one("#pre-test").display  # the choice was made already
        assert "Start the post-test" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen) and app.quiz.test == "post"
