"""How sure are you? in the Textual app: asked once when a quiz is over, before its results (and
an exam's review); the guess kept with the attempt and compared with the score, on screen at 80×24."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import Button, Input

from quiz import i18n
from quiz.core.feedback import calibration_lines, calibration_question
from quiz.i18n import _, available_languages, set_language
from quiz.scores.store import ScoreStore
from quiz.tui.screens.calibration_screen import CalibrationScreen
from quiz.tui.screens.question_screen import QuestionScreen
from quiz.tui.screens.results_screen import ResultsScreen
from tests.conftest import a_wrong_answer, answer_how_sure, flat, playing, screen_text, shipped_bank
from tests.test_app_scores import answers_in, playing_with_store


async def play_to_the_end(pilot, catalog, *, right: int, evidence: bool = False) -> None:
    """Start, then answer every question, the first `right` of them right and the rest wrong.

    With `evidence`, the cue words are marked at the question screen's evidence step: the
    results then count them too.
    """
    quiz = pilot.app.quiz
    await pilot.press("enter")
    for n in range(quiz.total):
        item = quiz.current
        choice = item.answer if n < right else a_wrong_answer(catalog, item)
        await pilot.press(str(catalog.type_ids.index(choice) + 1))
        screen = pilot.app.screen
        if evidence and screen.step is not None:
            screen.chosen = set(screen.step.cue_words)
            await pilot.press("enter")  # done marking
        if not quiz.exam:
            await pilot.press("enter")
    await pilot.pause()


def calibration_guesses(data_dir) -> set:
    """The guesses kept with the attempts' answers in the score file."""
    return {row.calibration_guess for row in answers_in(data_dir)}


async def test_the_guess_is_asked_when_the_quiz_is_over_kept_and_compared_with_the_score(
    mini_bank, mini_catalog, tmp_path
):
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Ada") as pilot:
        app = pilot.app
        await play_to_the_end(pilot, mini_catalog, right=3)
        assert isinstance(app.screen, CalibrationScreen)
        shown = screen_text(app)
        assert "How many of the 5 questions do you think you got right?" in shown
        assert "Type a number from 0 to 5 and press Enter, or skip with Esc." in shown
        assert app.focused is app.screen.query_one("#calibration-guess", Input)
        assert calibration_guesses(tmp_path) == {None}  # nothing kept before it is answered
        await pilot.press("4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.quiz.calibration_guess == 4
        shown = flat(screen_text(app))  # at 80×24, without scrolling
        assert flat("You guessed 4 and scored 3: 1 above your score, so you overestimated yourself.") in shown
        assert flat("Why it matters: three in four Americans overrate how well") in shown
        assert flat("(Lyons et al., PNAS 2021).") in shown
    assert calibration_guesses(tmp_path) == {4}


async def test_a_number_out_of_range_is_refused_with_the_reason_and_asked_again(mini_bank, mini_catalog):
    async with playing(mini_bank, mini_catalog, seed=1, count=5) as pilot:
        app = pilot.app
        await play_to_the_end(pilot, mini_catalog, right=3)
        guess = app.screen.query_one("#calibration-guess", Input)
        await pilot.press("x", "-", "ы")  # digits only: nothing else reaches the field
        assert guess.value == ""
        await pilot.press("9", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CalibrationScreen)
        assert "Please type a whole number from 0 to 5, or nothing to skip." in screen_text(app)
        assert app.quiz.asks_calibration and app.quiz.calibration_guess is None
        assert app.focused is guess
        await pilot.press("backspace", "2")
        await pilot.click("#calibration-confirm")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.quiz.calibration_guess == 2
        assert flat("You guessed 2 and scored 3: 1 below your score, so you underestimated yourself.") in flat(
            screen_text(app)
        )


async def test_full_width_digits_are_a_guess_too(mini_bank, mini_catalog):
    async with playing(mini_bank, mini_catalog, seed=1, count=5) as pilot:
        await play_to_the_end(pilot, mini_catalog, right=3)
        await pilot.press("３", "enter")  # typed with a Chinese or Japanese input method
        await pilot.pause()
        assert isinstance(pilot.app.screen, ResultsScreen)
        assert pilot.app.quiz.calibration_guess == 3
        assert flat("You guessed 3 and scored 3: exactly right.") in flat(screen_text(pilot.app))


@pytest.mark.parametrize("way", ["escape", "button", "empty"])
async def test_the_question_can_be_skipped(mini_bank, mini_catalog, tmp_path, way):
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Ben") as pilot:
        app = pilot.app
        await play_to_the_end(pilot, mini_catalog, right=3)
        assert isinstance(app.screen, CalibrationScreen)
        if way == "escape":
            await pilot.press("escape")
        elif way == "button":
            await pilot.click("#calibration-skip")
        else:
            await pilot.press("enter")  # nothing typed: skipped, as in plain mode
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert not app.quiz.asks_calibration and app.quiz.calibration_guess is None
        shown = screen_text(app)
        assert "Score: 3 of 5 (60%)" in shown
        assert "You guessed" not in shown and "Why it matters" not in shown
        await pilot.press("p")  # the next quiz asks again
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await play_to_the_end(pilot, mini_catalog, right=5)
        assert isinstance(app.screen, CalibrationScreen)
    assert calibration_guesses(tmp_path) == {None}


async def test_an_exam_asks_before_its_review(mini_bank, mini_catalog, tmp_path):
    exam = replace(mini_bank, options=replace(mini_bank.options, mode="exam"))
    async with playing_with_store(exam, mini_catalog, tmp_path, learner_name="Cy", size=(80, 24)) as pilot:
        app = pilot.app
        await play_to_the_end(pilot, mini_catalog, right=2)
        assert isinstance(app.screen, CalibrationScreen)
        shown = screen_text(app)
        assert "How many of the 5 questions do you think you got right?" in shown
        assert "Your answers" not in shown and "Correct" not in shown  # no feedback yet
        await answer_how_sure(pilot, "5")
        assert isinstance(app.screen, ResultsScreen)
        shown = flat(screen_text(app))
        assert flat("You guessed 5 and scored 2: 3 above your score, so you overestimated yourself.") in shown
        assert "Your answers" in str(app.screen.query_one("#answer-review").content)  # then the review
    assert calibration_guesses(tmp_path) == {5}


async def test_the_time_limit_asks_once_then_shows_the_results(mini_bank, mini_catalog):
    now = [1000.0]
    bank = replace(mini_bank, options=replace(mini_bank.options, time_limit=1))
    async with playing(bank, mini_catalog, seed=1, count=5, clock=lambda: now[0]) as pilot:
        app = pilot.app
        await pilot.press("enter", "1", "enter")
        now[0] += 61
        await pilot.pause(1.2)  # the question screen checks the clock once a second
        assert isinstance(app.screen, CalibrationScreen)
        assert calibration_question(app.quiz.calibration_total) in screen_text(app)
        await pilot.pause(1.2)  # the clock, still ticking underneath, does not ask twice
        assert len([s for s in app.screen_stack if isinstance(s, CalibrationScreen)]) == 1
        await answer_how_sure(pilot, "1")
        assert isinstance(app.screen, ResultsScreen) and "Time is up." in screen_text(app)


def assert_whole_on_screen(app, *texts: str) -> None:
    shown = flat(screen_text(app))
    for text in texts:
        assert flat(text) in shown, (text, screen_text(app))


@pytest.mark.parametrize("language", ["zh_CN", "ru"])
async def test_the_question_fits_80_by_24_in_chinese_and_russian(language, tmp_path):
    set_language(language)
    bank, catalog = shipped_bank()
    async with playing(bank, catalog, seed=1, count=3, store=ScoreStore.open(tmp_path), learner_name="Юй") as pilot:
        app = pilot.app
        await play_to_the_end(pilot, catalog, right=1)
        assert isinstance(app.screen, CalibrationScreen)
        assert _("Skip (Esc)") != "Skip (Esc)"  # translated
        assert_whole_on_screen(
            app,
            calibration_question(3),
            _("Type a number from 0 to {count} and press Enter, or skip with Esc.").format(count=3),
            _("Confirm (Enter)"),
            _("Skip (Esc)"),
        )
        await pilot.press("7", "enter")
        await pilot.pause()
        assert_whole_on_screen(app, _("Please type a whole number from 0 to {count}, or nothing to skip.").format(count=3))
        for button in app.screen.query(Button):
            assert app.screen.region.contains_region(button.region)
        await pilot.press("backspace", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert app.quiz.calibration_guess == 2
    assert calibration_guesses(tmp_path) == {2}


@pytest.mark.parametrize("language", available_languages())
async def test_on_the_results_the_comparison_is_read_without_scrolling_in_every_language(language, tmp_path):
    """The longest top of the results: a learner with a history, items to practise, every
    button, and the words found counted; the guess far off."""
    set_language(language)
    bank, catalog = shipped_bank()
    async with playing(bank, catalog, seed=2, count=8, store=ScoreStore.open(tmp_path), learner_name="Ida",
                       evidence=True) as pilot:
        app = pilot.app
        await play_to_the_end(pilot, catalog, right=3, evidence=True)
        await answer_how_sure(pilot, "8")
        assert isinstance(app.screen, ResultsScreen)
        results = app.quiz.results()
        assert results.evidence_given  # its line is there too
        for button in ("#practise-missed", "#history", "#play-again", "#back-to-start", "#quit"):
            assert app.screen.query_one(button).display
        lines = calibration_lines(8, results)
        assert len(lines) == 2
        assert_whole_on_screen(app, *lines)
        assert i18n.current_language() == language
