"""Scores in the Textual app: who is playing, answers saved at once, resume, review, history."""

from __future__ import annotations

from textual.widgets import Button, Input

from quiz.scores.store import ScoreStore
from quiz.tui.app import QuizApp
from quiz.tui.screens.history_screen import HistoryScreen
from quiz.tui.screens.question_screen import QuestionScreen
from quiz.tui.screens.results_screen import ResultsScreen
from tests.conftest import quiz_app, run, screen_text


def app_with_store(bank, catalog, data_dir, **kwargs) -> QuizApp:
    return quiz_app(bank, catalog, seed=1, count=5, store=ScoreStore.open(data_dir), **kwargs)


def answers_in(data_dir) -> list:
    with ScoreStore.open(data_dir) as store:
        return store.answers_for_export()


def test_the_start_screen_asks_a_name_and_remembers_it(mini_bank, mini_catalog, tmp_path):
    async def first():
        app = app_with_store(mini_bank, mini_catalog, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")  # no name yet: a hint, not a quiz
            assert not isinstance(app.screen, QuestionScreen)
            await pilot.press(*"Zoë [b]", "enter")
            assert isinstance(app.screen, QuestionScreen)

    async def second():
        app = app_with_store(mini_bank, mini_catalog, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.screen.query_one("#learner-name", Input).value == "Zoë [b]"
            assert "Zoë [b]" in screen_text(app)  # shown as typed, not as markup

    run(first())
    run(second())


def test_learner_option_skips_the_question(mini_bank, mini_catalog, tmp_path):
    async def scenario():
        app = app_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Max")
        async with app.run_test(size=(80, 24)) as pilot:
            assert not app.screen.query_one("#learner-row").display
            await pilot.press("enter", "1")
        assert [row.learner for row in answers_in(tmp_path)] == ["Max"]

    run(scenario())


def test_every_answer_is_saved_the_moment_it_is_given(mini_bank, mini_catalog, tmp_path):
    async def scenario():
        app = app_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Ida")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            for n in range(1, 6):
                item = app.quiz.session.current
                await pilot.press("2")
                rows = answers_in(tmp_path)  # read by another connection, mid-quiz
                assert len(rows) == n
                assert (rows[-1].item_id, rows[-1].chosen) == (item.id, "inference")
                await pilot.press("enter")
            assert isinstance(app.screen, ResultsScreen)

    run(scenario())


def test_an_attempt_cut_short_can_be_resumed_from_the_start_screen(mini_bank, mini_catalog, tmp_path):
    asked = []

    async def cut_short():
        app = app_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Lu")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            for _ in range(2):
                asked.append(app.quiz.session.current.id)
                await pilot.press("1", "enter")
        # leaving the app like this is what a closed terminal does

    async def resume():
        app = app_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Lu")
        async with app.run_test(size=(80, 24)) as pilot:
            resume_button = app.screen.query_one("#resume", Button)
            assert resume_button.display
            assert "Resume (2 of 5 done)" in screen_text(app)
            await pilot.click("#resume")
            assert isinstance(app.screen, QuestionScreen)
            assert "Question 3 of 5" in screen_text(app)
            assert app.quiz.session.current.id not in asked
            for _ in range(3):
                await pilot.press("1", "enter")
            assert isinstance(app.screen, ResultsScreen)
            assert app.quiz.session.results(mini_catalog.type_ids).answered == 5

    run(cut_short())
    run(resume())
    rows = answers_in(tmp_path)
    assert len(rows) == 5 and len({r.attempt_id for r in rows}) == 1


def test_review_asks_only_the_missed_items(mini_bank, mini_catalog, tmp_path):
    missed = set()

    async def quiz():
        app = app_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Rae")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            for n in range(5):
                item = app.quiz.session.current
                if n < 2:
                    wrong = next(t for t in mini_catalog.type_ids if t not in (item.answer, *item.accept))
                    missed.add(item.id)
                    await pilot.press(str(mini_catalog.type_ids.index(wrong) + 1), "enter")
                else:
                    await pilot.press(str(mini_catalog.type_ids.index(item.answer) + 1), "enter")

    async def review():
        app = app_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Rae")
        async with app.run_test(size=(80, 24)) as pilot:
            assert "Practise missed (2)" in screen_text(app)
            await pilot.click("#review")
            assert app.quiz.mode == "review"
            assert {item.id for item in app.quiz.session.items} == missed
            assert "Practising missed items" in screen_text(app)

    run(quiz())
    run(review())


def test_history_shows_each_attempt_and_the_best(mini_bank, mini_catalog, tmp_path):
    async def play(correct: int):
        app = app_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Hal")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            for n in range(5):
                item = app.quiz.session.current
                wrong = next(t for t in mini_catalog.type_ids if t not in (item.answer, *item.accept))
                choice = item.answer if n < correct else wrong
                await pilot.press(str(mini_catalog.type_ids.index(choice) + 1), "enter")

    async def look():
        app = app_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Hal")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.click("#history")
            assert isinstance(app.screen, HistoryScreen)
            shown = screen_text(app)
            assert "History of Hal — 2 attempts" in shown
            assert "Best: 80%" in shown
            assert app.screen.query_one("#trend").display
            assert shown.count("quiz") >= 2
            await pilot.press("escape")
            assert not isinstance(app.screen, HistoryScreen)

    run(play(2))
    run(play(4))
    run(look())


def test_without_a_usable_store_the_quiz_runs_and_says_scores_are_not_kept(mini_bank, mini_catalog):
    async def scenario():
        app = quiz_app(
            mini_bank, mini_catalog, seed=1, count=5, store=None,
            not_saved_reason="The score file /x/scores.sqlite3 is damaged; it was left untouched.",
        )
        async with app.run_test(size=(80, 24)) as pilot:
            assert "Your answers will not be saved." in screen_text(app)
            await pilot.press("enter", "1")
            assert "Not quite" in screen_text(app) or "Correct" in screen_text(app)

    run(scenario())
