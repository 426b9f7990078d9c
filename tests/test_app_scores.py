"""Scores in the Textual app: who is playing, answers saved at once, resume, review, history."""

from __future__ import annotations

from textual.widgets import Button, Input

from quiz.scores.store import ScoreStore
from quiz.tui.screens.history_screen import HistoryScreen
from quiz.tui.screens.question_screen import QuestionScreen
from quiz.tui.screens.results_screen import ResultsScreen
from tests.conftest import a_wrong_answer, answer_how_sure, playing, screen_text


def playing_with_store(bank, catalog, data_dir, **options):
    """The mini quiz (five questions, seed 1) keeping scores in `data_dir`."""
    return playing(bank, catalog, seed=1, count=5, store=ScoreStore.open(data_dir), **options)


def answers_in(data_dir) -> list:
    with ScoreStore.open(data_dir) as store:
        return store.answers_for_export()


async def test_the_start_screen_asks_a_name_and_remembers_it(mini_bank, mini_catalog, tmp_path):
    async with playing_with_store(mini_bank, mini_catalog, tmp_path) as pilot:
        assert "Your name:" in screen_text(pilot.app)
        await pilot.press("enter")  # no name yet: a hint, not a quiz
        assert not isinstance(pilot.app.screen, QuestionScreen)
        await pilot.press(*"Zoë [b]", "enter")
        assert isinstance(pilot.app.screen, QuestionScreen)

    async with playing_with_store(mini_bank, mini_catalog, tmp_path) as pilot:
        assert pilot.app.screen.query_one("#learner-name", Input).value == "Zoë [b]"
        assert "Zoë [b]" in screen_text(pilot.app)  # shown as typed, not as markup


async def test_learner_option_skips_the_question(mini_bank, mini_catalog, tmp_path):
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Max") as pilot:
        assert not pilot.app.screen.query_one("#learner-row").display
        assert "Your name:" not in screen_text(pilot.app)
        await pilot.press("enter", "1")
    assert [row.learner for row in answers_in(tmp_path)] == ["Max"]


async def test_every_answer_is_saved_the_moment_it_is_given(mini_bank, mini_catalog, tmp_path):
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Ida") as pilot:
        await pilot.press("enter")
        for n in range(1, 6):
            item = pilot.app.quiz.session.current
            await pilot.press("2")
            rows = answers_in(tmp_path)  # read by another connection, mid-quiz
            assert len(rows) == n
            assert (rows[-1].item_id, rows[-1].chosen) == (item.id, "inference")
            await pilot.press("enter")
        await answer_how_sure(pilot)
        assert isinstance(pilot.app.screen, ResultsScreen)


async def test_an_attempt_cut_short_can_be_resumed_from_the_start_screen(mini_bank, mini_catalog, tmp_path):
    asked = []
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Lu") as pilot:
        await pilot.press("enter")
        for _ in range(2):
            asked.append(pilot.app.quiz.session.current.id)
            await pilot.press("1", "enter")
    # leaving the app like this is what a closed terminal does

    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Lu") as pilot:
        app = pilot.app
        resume_button = app.screen.query_one("#resume", Button)
        assert resume_button.display
        assert "Resume (2 of 5 done)" in screen_text(app)
        await pilot.click("#resume")
        assert isinstance(app.screen, QuestionScreen)
        assert "Question 3 of 5" in screen_text(app)
        assert app.quiz.session.current.id not in asked
        for _ in range(3):
            await pilot.press("1", "enter")
        await answer_how_sure(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert app.quiz.session.results(mini_catalog.type_ids).answered == 5

    rows = answers_in(tmp_path)
    assert len(rows) == 5 and len({r.attempt_id for r in rows}) == 1


async def test_review_asks_only_the_missed_items(mini_bank, mini_catalog, tmp_path):
    missed = set()
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Rae") as pilot:
        await pilot.press("enter")
        for n in range(5):
            item = pilot.app.quiz.session.current
            if n < 2:
                missed.add(item.id)
                choice = a_wrong_answer(mini_catalog, item)
            else:
                choice = item.answer
            await pilot.press(str(mini_catalog.type_ids.index(choice) + 1), "enter")

    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Rae") as pilot:
        app = pilot.app
        assert "Practise missed (2)" in screen_text(app)
        await pilot.click("#review")
        assert app.quiz.mode == "review"
        assert {item.id for item in app.quiz.session.items} == missed
        assert "Practising missed items" in screen_text(app)


async def test_history_shows_each_attempt_and_the_best(mini_bank, mini_catalog, tmp_path):
    for correct in (2, 4):
        async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Hal", size=(100, 30)) as pilot:
            await pilot.press("enter")
            for n in range(5):
                item = pilot.app.quiz.session.current
                choice = item.answer if n < correct else a_wrong_answer(mini_catalog, item)
                await pilot.press(str(mini_catalog.type_ids.index(choice) + 1), "enter")

    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Hal", size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.click("#history")
        assert isinstance(app.screen, HistoryScreen)
        shown = screen_text(app)
        assert "History of Hal — 2 attempts" in shown
        assert "Best: 80%" in shown
        trend = app.screen.query_one("#trend")
        assert trend.display and app.screen.region.contains_region(trend.region)
        assert "Scores of your latest finished quizzes, oldest to newest:" in shown
        assert "Finished quizzes" in shown and "40%" in shown and "80%" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HistoryScreen)


async def test_without_a_usable_store_the_quiz_runs_and_says_scores_are_not_kept(mini_bank, mini_catalog):
    reason = "The score file /x/scores.sqlite3 is damaged; it was left untouched."
    async with playing(mini_bank, mini_catalog, seed=1, count=5, store=None, not_saved_reason=reason) as pilot:
        assert "Your answers will not be saved." in screen_text(pilot.app)
        await pilot.press("enter", "1")
        assert "Not quite" in screen_text(pilot.app) or "Correct" in screen_text(pilot.app)
