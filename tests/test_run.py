"""One quiz run, whatever the front end: time limits, saving, sign-in and resume, without a screen.

Time is an injected clock, so a time limit is tested without waiting for it.
"""

from __future__ import annotations

import io
from dataclasses import replace

from quiz.core.model import AttemptMode, BankMode
from quiz.core.run import QuizRun
from quiz.plain import PlainQuiz
from quiz.scores.database import StoreError
from quiz.scores.store import ScoreStore
from quiz.tui.screens.question_screen import QuestionScreen
from quiz.tui.screens.results_screen import ResultsScreen
from tests.conftest import answer_how_sure, playing, screen_text


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def timed(bank, minutes: int = 1):
    return replace(bank, options=replace(bank.options, time_limit=minutes))


def stored(data_dir) -> list:
    with ScoreStore.open(data_dir) as store:
        return store.answers_for_export()


def test_an_answer_after_the_time_limit_ends_the_quiz_and_keeps_the_answers_given_in_time(
    mini_bank, mini_catalog, tmp_path
):
    clock = Clock()
    quiz = QuizRun(timed(mini_bank), mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Tim",
                   seed=1, clock=clock)
    quiz.sign_in("Tim")
    quiz.start()
    first = quiz.current
    assert quiz.answer(first.answer).saved
    clock.now += 61  # the minute is up before the second answer comes
    late = quiz.answer("fact")
    assert late.answer is None and not late.saved
    assert quiz.finished and quiz.timed_out
    results = quiz.results()
    assert results.answered == 1 and results.points == 1
    assert results.max_points == quiz.total  # the questions not reached count as missed
    assert results.seconds == 60  # the time taken stops at the limit
    rows = stored(tmp_path)
    assert [row.item_id for row in rows] == [first.id]
    assert rows[0].attempt_finished_at is not None  # over: not offered to resume
    assert quiz.unfinished() is None


def test_plain_mode_answered_late_says_time_is_up_without_a_traceback(mini_bank, mini_catalog, tmp_path):
    clock = Clock()

    class SlowStudent(io.StringIO):
        """Answers "1" twice; the second time, after the minute is up."""

        replies = 0

        def readline(self, *args) -> str:
            self.replies += 1
            if self.replies == 2:
                clock.now += 61
            return "1\n" if self.replies <= 2 else ""

    out = io.StringIO()
    quiz = QuizRun(timed(mini_bank), mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Pat",
                   seed=1, clock=clock)
    status = PlainQuiz(quiz, SlowStudent(), out).play()
    shown = out.getvalue()
    assert status == 0
    assert "Time is up." in shown
    assert "Question 2 of" not in shown.split("Your answer: 1", 2)[-1]  # nothing asked after it
    assert "Score: " in shown
    assert len(stored(tmp_path)) == 1


async def test_the_app_answered_late_goes_to_the_results_with_the_answers_given_in_time(
    mini_bank, mini_catalog, tmp_path
):
    clock = Clock()
    store = ScoreStore.open(tmp_path)
    async with playing(timed(mini_bank), mini_catalog, store=store, learner_name="Kim", seed=1, count=4,
                       clock=clock) as pilot:
        app = pilot.app
        await pilot.press("enter")
        await pilot.press("1", "enter")
        assert isinstance(app.screen, QuestionScreen)
        clock.now += 61  # the key comes in the second before the screen's clock ticks
        await pilot.press("2")
        await answer_how_sure(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "Time is up." in screen_text(app)
        assert "Score: " in screen_text(app)
    assert len(stored(tmp_path)) == 1


class FailingStore(ScoreStore):
    """A store whose disk fills up after `good` answers."""

    good = 1

    def record_answer(self, *args, **kwargs) -> None:
        if self.good <= 0:
            raise StoreError("The disk is full.", self.path)
        self.good -= 1
        super().record_answer(*args, **kwargs)


def test_when_saving_fails_half_way_the_quiz_goes_on_and_says_so_once(mini_bank, mini_catalog, tmp_path):
    store = FailingStore.open(tmp_path)
    told: list[str] = []
    quiz = QuizRun(mini_bank, mini_catalog, store=store, learner_name="Lee", seed=1)
    quiz.on_saving_stopped = told.append
    quiz.sign_in("Lee")
    quiz.start()
    saved = [quiz.answer(quiz.current.answer).saved for _ in range(3)]
    assert saved == [True, False, False]
    assert told == ["The disk is full."]
    assert quiz.not_saved_reason == "The disk is full." and not quiz.saving
    assert quiz.results().answered == 3  # the quiz itself went on
    assert len(stored(tmp_path)) == 1


def test_a_name_is_remembered_and_an_interrupted_quiz_resumes_where_it_stopped(
    mini_bank, mini_catalog, tmp_path
):
    first = QuizRun(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path), seed=2, count=4)
    assert first.asks_name
    first.sign_in("Ada")
    first.start()
    asked = [first.current.id, None]
    first.answer(first.current.answer)
    asked[1] = first.current.id

    again = QuizRun(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path))
    assert again.remembered_name() == "Ada"
    again.sign_in(again.remembered_name())
    unfinished = again.unfinished()
    assert unfinished is not None and len(unfinished.answers) == 1
    again.resume(unfinished)
    assert again.mode is AttemptMode.QUIZ
    assert again.position == 1 and again.current.id == asked[1]
    assert again.results().points == 1


def test_review_plays_only_the_missed_items_and_an_exam_waits_with_its_feedback(
    mini_bank, mini_catalog, tmp_path
):
    quiz = QuizRun(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Rae", seed=1)
    quiz.sign_in("Rae")
    quiz.start()
    missed = quiz.current
    quiz.answer("rhetoric" if missed.answer != "rhetoric" else "fact")
    assert quiz.review_queue() == [missed.id]
    quiz.start_review()
    assert quiz.mode is AttemptMode.REVIEW and quiz.total == 1 and quiz.current.id == missed.id
    assert not quiz.exam
    quiz.bank = replace(mini_bank, options=replace(mini_bank.options, mode=BankMode.EXAM))
    assert quiz.exam


def test_without_a_store_nobody_is_asked_and_nothing_is_saved(mini_bank, mini_catalog):
    quiz = QuizRun(mini_bank, mini_catalog, not_saved_reason="The folder is read-only.")
    assert not quiz.asks_name and quiz.sign_in("Bo") is None
    quiz.start()
    answered = quiz.answer(quiz.current.answer)
    assert answered.answer is not None and not answered.saved
    assert quiz.history() == [] and quiz.review_queue() == [] and quiz.unfinished() is None


def test_an_answer_that_was_not_saved_says_so_with_its_verdict_in_plain_mode(mini_bank, mini_catalog, tmp_path):
    out = io.StringIO()
    quiz = QuizRun(mini_bank, mini_catalog, store=FailingStore.open(tmp_path), learner_name="Uma", seed=1,
                   count=3)
    PlainQuiz(quiz, io.StringIO("1\n1\n1\n"), out).play()
    blocks = out.getvalue().split("Your answer: 1\n")[1:]
    assert "This answer was not saved." not in blocks[0]  # the first reached the disk
    assert blocks[1].startswith("⚠ Your answers will not be saved. The disk is full.")  # why, once
    for block in blocks[1:]:
        lines = block.splitlines()
        verdict_at = next(n for n, line in enumerate(lines) if line.startswith(("✓", "◐", "✗")))
        assert lines[verdict_at + 1] == "⚠ This answer was not saved."
    assert "⚠ 2 answers were not saved." in out.getvalue()


async def test_an_answer_that_was_not_saved_says_so_with_its_verdict_in_the_app(mini_bank, mini_catalog, tmp_path):
    async with playing(mini_bank, mini_catalog, store=FailingStore.open(tmp_path), learner_name="Uma", seed=1,
                       count=2) as pilot:
        await pilot.press("enter", "1")
        assert "This answer was not saved." not in screen_text(pilot.app)
        await pilot.press("enter", "1")
        shown = screen_text(pilot.app).splitlines()
        verdict_row = next(n for n, line in enumerate(shown) if line.strip().startswith(("✓", "◐", "✗")))
        assert shown[verdict_row + 1].strip() == "⚠ This answer was not saved."
        await pilot.press("enter")
        await answer_how_sure(pilot)
        assert isinstance(pilot.app.screen, ResultsScreen)
        assert "⚠ 1 answer was not saved." in screen_text(pilot.app)


def test_plain_mode_lists_the_missed_items_with_their_right_answers_at_the_end(mini_bank, mini_catalog):
    out = io.StringIO()
    quiz = QuizRun(mini_bank, mini_catalog, seed=1, count=3)
    PlainQuiz(quiz, io.StringIO("4\n4\n4\n"), out).play()
    missed = quiz.missed()
    assert missed  # rhetoric three times: not all right
    end = out.getvalue().split("items to look at again" if len(missed) > 1 else "item to look at again")[1]
    for answer in missed:
        assert f"{quiz.number_of(answer.item)}. “{answer.item.passage}”" in end
        assert f"it is {mini_catalog.claim_type(answer.item.answer).name}." in end
