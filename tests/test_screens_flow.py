"""The student's screens lead somewhere: resume by Enter, ask before a new quiz, results with
somewhere to go, a history that counts finished quizzes only, buttons whole in every language."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Button

from quiz import i18n
from quiz.core.run import QuizRun
from quiz.i18n import _
from quiz.scores.store import ScoreStore
from quiz.tui.screens.history_screen import HistoryScreen
from quiz.tui.screens.question_screen import QuestionScreen
from quiz.tui.screens.quit_screen import QuitScreen
from quiz.tui.screens.results_screen import ResultsScreen
from quiz.tui.screens.resume_or_new_screen import ResumeOrNewScreen
from quiz.tui.screens.start_screen import StartScreen
from quiz.tui.widgets.score_chart import Bar, bar_chart
from quiz.scores.score_file import ScoreFile
from tests.conftest import flat, playing, screen_text
from tests.conftest import a_wrong_answer, answer_how_sure
from tests.test_app_scores import playing_with_store
from tests.test_run import Clock, timed


async def answer(pilot, catalog, *, right: bool) -> None:
    """Answer the question on screen, right or wrong, and go on."""
    item = pilot.app.quiz.session.current
    choice = item.answer if right else a_wrong_answer(catalog, item)
    await pilot.press(str(catalog.type_ids.index(choice) + 1), "enter")


async def cut_short_after(answers: int, bank, catalog, data_dir, name: str = "Lu") -> None:
    """A quiz of which `answers` questions are answered, then the terminal is closed."""
    async with playing_with_store(bank, catalog, data_dir, learner_name=name) as pilot:
        await pilot.press("enter")
        for _ in range(answers):
            await answer(pilot, catalog, right=True)


async def test_enter_resumes_the_unfinished_quiz_on_the_start_screen(mini_bank, mini_catalog, tmp_path):
    await cut_short_after(2, mini_bank, mini_catalog, tmp_path)
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Lu") as pilot:
        app = pilot.app
        assert app.focused is app.screen.query_one("#resume", Button)
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen)
        assert "Question 3 of 5" in screen_text(app)


async def test_the_start_screen_shows_before_the_score_file_is_read_and_an_early_enter_resumes(
    mini_bank, mini_catalog, tmp_path, monkeypatch
):
    """The first screen comes first; the score file is read after it. Enter pressed in
    between waits for it, then does what Enter does: resume the unfinished quiz, not throw
    it away for a new one."""
    await cut_short_after(2, mini_bank, mini_catalog, tmp_path)
    held: list[StartScreen] = []
    monkeypatch.setattr(StartScreen, "_fill_in", lambda screen: held.append(screen))  # read later
    async with playing(mini_bank, mini_catalog, score_file=ScoreFile(tmp_path), learner_name="Lu") as pilot:
        app = pilot.app
        await pilot.pause()
        shown = screen_text(app)
        assert "Mini quiz" in shown and "Start the quiz" in shown and "Resume" not in shown
        assert app.quiz.store_pending and held  # drawn, the file not opened yet
        await pilot.press("enter")
        assert isinstance(app.screen, StartScreen) and app.quiz.session is None  # it waits
        monkeypatch.undo()
        held[0]._fill_in()
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "Question 3 of 5" in screen_text(app)  # the unfinished quiz, resumed


async def test_starting_a_new_quiz_with_one_unfinished_asks_and_keeps_it(mini_bank, mini_catalog, tmp_path):
    await cut_short_after(1, mini_bank, mini_catalog, tmp_path)
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Lu") as pilot:
        app = pilot.app
        await pilot.click("#start")
        assert isinstance(app.screen, ResumeOrNewScreen)
        shown = screen_text(app)
        assert "You have a quiz you did not finish." in shown and "Resume (1 of 5 done) (r)" in shown
        await pilot.press("escape")  # neither: back where it was
        assert isinstance(app.screen, StartScreen)
        await pilot.click("#start")
        await pilot.press("enter")  # Resume has the focus in the dialog too
        assert isinstance(app.screen, QuestionScreen) and app.quiz.position == 1
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Lu") as pilot:
        app = pilot.app
        await pilot.click("#start")
        await pilot.press("n")  # a new quiz, quit before its first answer
        assert isinstance(app.screen, QuestionScreen) and app.quiz.position == 0
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Lu") as pilot:
        # The new quiz with no answer is not offered; the one with an answer still is.
        assert "Resume (1 of 5 done)" in screen_text(pilot.app)
        assert "Resume (0 of 5 done)" not in screen_text(pilot.app)


async def test_a_quiz_quit_before_its_first_answer_is_not_offered_for_resume(mini_bank, mini_catalog, tmp_path):
    await cut_short_after(0, mini_bank, mini_catalog, tmp_path)
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Lu") as pilot:
        assert not pilot.app.screen.query_one("#resume", Button).display
        assert "Resume" not in screen_text(pilot.app)
        await pilot.press("enter")  # Enter starts a quiz: nothing to ask about
        assert isinstance(pilot.app.screen, QuestionScreen)


async def finish_with_two_missed(pilot, catalog) -> list[str]:
    """Play the five questions, the first two wrong; the ids of the two missed."""
    await pilot.press("enter")
    missed = []
    for n in range(5):
        if n < 2:
            missed.append(pilot.app.quiz.session.current.id)
        await answer(pilot, catalog, right=n >= 2)
    await answer_how_sure(pilot)
    assert isinstance(pilot.app.screen, ResultsScreen)
    return missed


async def test_the_results_list_the_missed_items_with_their_right_types(mini_bank, mini_catalog, tmp_path):
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Mo", size=(80, 60)) as pilot:
        app = pilot.app
        await finish_with_two_missed(pilot, mini_catalog)
        shown = flat(screen_text(app))
        assert flat("2 items to look at again") in shown
        for answer_ in app.quiz.missed():
            assert flat(f"“{answer_.item.passage}”") in shown
            right = mini_catalog.claim_type(answer_.item.answer).name
            chosen = mini_catalog.claim_type(answer_.chosen).name
            assert flat(f"Not quite: you chose {chosen}; it is {right}.") in shown


async def test_each_results_button_and_key_does_its_thing(mini_bank, mini_catalog, tmp_path):
    for way in ("key", "click"):
        async def go(pilot, key: str, button: str) -> None:
            if way == "key":
                await pilot.press(key)
            else:
                await pilot.click(button)
            await pilot.pause()

        async with playing_with_store(mini_bank, mini_catalog, tmp_path / way, learner_name="Mo") as pilot:
            app = pilot.app
            missed = await finish_with_two_missed(pilot, mini_catalog)
            for label in ("Practise missed: 2 (m)", "History (h)", "Play again (p)", "Back to start (b)", "Quit (q)"):
                assert label in screen_text(app)
            await go(pilot, "h", "#history")
            assert isinstance(app.screen, HistoryScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, ResultsScreen)
            await go(pilot, "m", "#practise-missed")
            assert isinstance(app.screen, QuestionScreen) and app.quiz.mode == "review"
            assert [item.id for item in app.quiz.session.items] == missed
            for _n in range(2):
                await answer(pilot, mini_catalog, right=True)
            await answer_how_sure(pilot)  # a practice round is asked too
            assert isinstance(app.screen, ResultsScreen)
            await go(pilot, "p", "#play-again")
            assert isinstance(app.screen, QuestionScreen) and app.quiz.mode == "quiz" and app.quiz.position == 0
            for _n in range(5):
                await answer(pilot, mini_catalog, right=True)
            await answer_how_sure(pilot, "5")
            await go(pilot, "b", "#back-to-start")
            assert isinstance(app.screen, StartScreen)


async def test_q_on_the_results_quits_at_once(mini_bank, mini_catalog, tmp_path):
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Mo") as pilot:
        app = pilot.app
        await finish_with_two_missed(pilot, mini_catalog)
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, QuitScreen)
        assert not app.is_running


async def test_history_counts_finished_quizzes_only(mini_bank, mini_catalog, tmp_path):
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Hal") as pilot:
        await finish_with_two_missed(pilot, mini_catalog)  # 60%, finished
        await pilot.press("m")  # a practice round, all right: 100%, not counted
        for _n in range(2):
            await answer(pilot, mini_catalog, right=True)
    await cut_short_after(1, mini_bank, mini_catalog, tmp_path, name="Hal")  # 100% of one: not counted

    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Hal", size=(80, 40)) as pilot:
        app = pilot.app
        await pilot.click("#history")
        assert isinstance(app.screen, HistoryScreen)
        shown = screen_text(app)
        assert "History of Hal — 3 attempts" in shown
        assert "Best: 60% on" in shown
        assert app.screen.query_one("#trend").bars == [Bar(0.6, "60%", i18n.format_day(app.quiz.history()[0].started_at))]
        lines = shown.splitlines()
        chart_top = next(n for n, line in enumerate(lines) if "Scores of your latest finished quizzes" in line)
        assert lines[chart_top + 1].strip() == "60%"  # the value above the bar
        assert "Finished quizzes" in shown
        assert "Unfinished quizzes (not counted)" in shown and "1 of 5" in shown
        assert "Practice rounds of missed items (not counted)" in shown


def test_the_chart_labels_each_bar_with_its_value_and_date_and_keeps_the_newest():
    bars = [Bar(n / 10, f"{n * 10}%", f"8/{n}") for n in range(1, 11)]
    lines = bar_chart(bars, 30).plain.splitlines()
    assert lines[0].split() == ["50%", "60%", "70%", "80%", "90%", "100%"][-len(lines[0].split()):]
    assert lines[-1].split()[-1] == "8/10" and "8/1 " not in lines[-1] + " "
    assert lines[1].split() == ["▄▄▄", "███"]  # only 90% and 100% reach the top row
    assert all(len(line) <= 30 for line in lines)


async def choose_language(pilot, code: str) -> None:
    await pilot.press("l")
    await pilot.pause()
    pilot.app.screen.query_one("#languages").highlighted = i18n.available_languages().index(code)
    await pilot.press("enter")
    await pilot.pause()


def assert_buttons_whole(app) -> None:
    """Every button shown is inside the screen and shows its whole label."""
    shown = screen_text(app)
    for button in app.screen.query(Button):
        if button.display:
            assert app.screen.region.contains_region(button.region), (str(button.label), shown)
            assert str(button.label) in shown, (str(button.label), shown)


async def test_after_a_language_switch_the_button_labels_are_whole(mini_bank, mini_catalog, tmp_path):
    await cut_short_after(1, mini_bank, mini_catalog, tmp_path, name="Ute")
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Ute") as pilot:
        for code in ("de", "fr", "en", "ru"):
            await choose_language(pilot, code)
            assert _("History") != "History" or code == "en"
            assert_buttons_whole(pilot.app)
        for code in ("fr", "de"):  # the dialog's buttons too
            await choose_language(pilot, code)
            await pilot.click("#start")
            assert isinstance(pilot.app.screen, ResumeOrNewScreen)
            assert_buttons_whole(pilot.app)
            await pilot.press("escape")


async def test_at_80_by_24_in_german_every_start_and_results_button_is_on_screen(
    mini_bank, mini_catalog, tmp_path
):
    i18n.set_language("de")
    await cut_short_after(1, mini_bank, mini_catalog, tmp_path, name="Ute")
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Ute") as pilot:
        app = pilot.app
        history = app.screen.query_one("#history", Button)
        assert history.display and app.screen.region.contains_region(history.region)
        assert_buttons_whole(app)
        await pilot.press("enter")
        for _n in range(4):
            await answer(pilot, mini_catalog, right=False)
        await answer_how_sure(pilot, "5")  # the results say how far that was, and why it matters
        assert isinstance(app.screen, ResultsScreen)
        assert_buttons_whole(app)


async def test_history_fits_80_by_24_without_cutting_in_english_german_and_russian(
    mini_bank, mini_catalog, tmp_path
):
    async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Ida") as pilot:
        await finish_with_two_missed(pilot, mini_catalog)
        await pilot.press("m")
        await answer(pilot, mini_catalog, right=True)
        await answer(pilot, mini_catalog, right=False)
    await cut_short_after(1, mini_bank, mini_catalog, tmp_path, name="Ida")
    for code in ("en", "de", "ru"):
        i18n.set_language(code)
        async with playing_with_store(mini_bank, mini_catalog, tmp_path, learner_name="Ida") as pilot:
            app = pilot.app
            await pilot.click("#history")
            assert isinstance(app.screen, HistoryScreen)
            shown = screen_text(app)
            for attempt in app.quiz.history():
                top = shown
                if attempt.mode != "quiz" or attempt.finished_at is None:
                    await pilot.press("end")  # below the finished quizzes
                    shown = screen_text(app)
                moment = i18n.format_datetime(attempt.started_at, "short")
                assert moment in shown, (moment, shown)  # the date on one line
                shown = top
            await pilot.press("end")
            shown += screen_text(app)
            assert "…" not in shown, shown  # nothing cut
            for title in ("Finished quizzes", "Unfinished quizzes (not counted)",
                          "Practice rounds of missed items (not counted)"):
                assert _(title) in shown, (title, shown)


# --- the run, without a screen -------------------------------------------------------------


def signed_in_run(bank, catalog, data_dir, clock: Clock, **options) -> QuizRun:
    """Tim's quiz run at `bank`, keeping scores in `data_dir`, timed by `clock`."""
    quiz = QuizRun(bank, catalog, store=ScoreStore.open(data_dir), learner_name="Tim", clock=clock, **options)
    quiz.sign_in("Tim")
    return quiz


def cut_short(bank, catalog, data_dir, clock: Clock, seconds: list[int]) -> None:
    """A quiz answered right once per entry of `seconds` (each taking that long), then left."""
    first = signed_in_run(bank, catalog, data_dir, clock, seed=1, count=5)
    first.start()
    for spent in seconds:
        clock.now += spent
        first.answer(first.current.answer)


def test_a_resumed_quiz_times_the_whole_attempt(mini_bank, mini_catalog, tmp_path):
    clock = Clock()
    cut_short(mini_bank, mini_catalog, tmp_path, clock, [30, 30])
    again = signed_in_run(mini_bank, mini_catalog, tmp_path, clock)
    clock.now += 3600  # a day off between the two is not time spent on the quiz
    again.resume(again.unfinished())
    for _n in range(3):
        clock.now += 10
        again.answer(again.current.answer)
    assert again.finished and again.results().seconds == 90


def test_the_time_limit_of_a_resumed_quiz_counts_the_time_already_spent(mini_bank, mini_catalog, tmp_path):
    clock = Clock()
    bank = timed(mini_bank, minutes=1)
    cut_short(bank, mini_catalog, tmp_path, clock, [50])
    again = signed_in_run(bank, mini_catalog, tmp_path, clock)
    again.resume(again.unfinished())
    assert again.seconds_left == 10
    late = again.current.answer
    clock.now += 11
    assert again.answer(late).answer is None  # too late
    assert again.results().seconds == 60 and again.unfinished() is None


def test_a_resumed_quiz_whose_time_had_run_out_is_over_at_once(mini_bank, mini_catalog, tmp_path):
    clock = Clock()
    bank = timed(mini_bank, minutes=1)
    cut_short(bank, mini_catalog, tmp_path, clock, [50])
    # The teacher shortened the limit to half a minute since: the 50 s spent are past it.
    shorter = replace(bank, options=replace(bank.options, time_limit=0.5))
    again = signed_in_run(shorter, mini_catalog, tmp_path, clock)
    again.resume(again.unfinished())
    assert again.finished and again.timed_out
    assert again.unfinished() is None  # marked finished: not offered again


def test_missed_answers_are_the_ones_not_fully_right_and_without_a_store_they_are_the_review(
    mini_bank, mini_catalog
):
    quiz = QuizRun(mini_bank, mini_catalog, seed=1, count=5)
    quiz.start()
    wrong = quiz.current
    quiz.answer(a_wrong_answer(mini_catalog, wrong))
    quiz.answer(quiz.current.answer)
    assert [answer.item.id for answer in quiz.missed()] == [wrong.id]
    assert quiz.review_queue() == [wrong.id]  # nothing is kept: this attempt's misses
    quiz.start_review()
    assert [item.id for item in quiz.session.items] == [wrong.id]
