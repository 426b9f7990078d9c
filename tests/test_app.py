"""The Textual app, driven as a student would: keys, mouse, feedback, help, quit, results."""

from __future__ import annotations

from quiz.core.engine import QuizSession
from quiz.core.feedback import verdict
from quiz.tui.screens.help_screen import HelpScreen
from quiz.tui.screens.question_screen import QuestionScreen
from quiz.tui.screens.results_screen import ResultsScreen
from quiz.tui.widgets import KeyFooter, QuestionView
from tests.conftest import answer_how_sure, click_text, flat, playing, screen_text

KEYS = {"fact": "1", "inference": "2", "opinion": "3", "rhetoric": "4"}
LETTERS = {"fact": "f", "inference": "i", "opinion": "o", "rhetoric": "r"}


def expected_session(bank, seed, count):
    return QuizSession(bank, seed=seed, count=count)


async def test_a_whole_quiz_played_with_keys_ends_on_the_engines_numbers(mini_bank, mini_catalog):
    # Plan: the right answer for odd questions, a wrong one (or the accepted one) for even.
    plan = expected_session(mini_bank, 3, 5)
    choices = []
    for n, item in enumerate(plan.items):
        if n % 2 == 0:
            choices.append(item.answer)
        else:
            choices.append(item.accept[0] if item.accept else ("fact" if item.answer != "fact" else "opinion"))
    for choice in choices:
        plan.answer(choice)
    expected = plan.results(mini_catalog.type_ids)

    async with playing(mini_bank, mini_catalog, seed=3, count=5) as pilot:
        app = pilot.app
        assert "Mini quiz" in screen_text(app)
        await pilot.press("enter")
        for n, choice in enumerate(choices):
            assert f"Question {n + 1} of 5" in screen_text(app)
            await pilot.press(KEYS[choice] if n % 2 else LETTERS[choice])
            await pilot.press("enter" if n % 2 else "space")
        await answer_how_sure(pilot)
        assert isinstance(app.screen, ResultsScreen)
        shown = screen_text(app)
        results = app.quiz.session.results(mini_catalog.type_ids)
        assert results.points == expected.points
        assert results.confusion == expected.confusion
        points = f"{expected.points:g}"
        percent = f"{round(expected.fraction * 100)}%"
        assert f"Score: {points} of 5 ({percent})" in shown
        for type_id, score in expected.per_type.items():
            name = mini_catalog.claim_type(type_id).name
            row = next(line for line in shown.splitlines() if line.strip().startswith(name))
            assert f"{score.correct} of {score.total}" in row
            # the row ends with how often each type was chosen for this one
            chosen = [expected.confusion.get((type_id, c), 0) for c in mini_catalog.type_ids]
            assert row.split()[-4:] == [str(n) for n in chosen]
        assert "Time taken:" in shown


async def test_a_whole_quiz_played_with_the_mouse(mini_bank, mini_catalog):
    async with playing(mini_bank, mini_catalog, seed=5, count=5) as pilot:
        app = pilot.app
        await pilot.click("#start")
        for n in range(5):
            right = app.quiz.session.current.answer
            number = mini_catalog.type_ids.index(right) + 1
            await click_text(pilot, f"{number} {mini_catalog.claim_type(right).name}")
            assert "✓ Correct" in screen_text(app)
            await pilot.pause()
            # The focus is on the text, whose arrow keys scroll the feedback.
            assert app.focused is app.screen.query_one("#question-body")
            await click_text(pilot, "Next question" if n < 4 else "See results")
        await answer_how_sure(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "Score: 5 of 5 (100%)" in screen_text(app)
        await pilot.click("#play-again")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.quiz.session.position == 0
        assert "Question 1 of 5" in screen_text(app)


async def go_to(pilot, item_id):
    """Answer "fact" and go on until the question on screen is `item_id`."""
    while pilot.app.quiz.session.current.id != item_id:
        await pilot.press("1", "enter")


async def test_a_wrong_answer_shows_the_right_type_the_explanation_and_the_cues(pilot):
    await pilot.press("enter")
    await go_to(pilot, "shameful-scheme")
    await pilot.press("1")  # fact: wrong
    shown = screen_text(pilot.app)
    assert "✗ Not quite: you chose Fact; it is Rhetoric." in shown
    assert "are chosen to stir feeling, not to inform" in shown
    assert "Words that give it away: “disastrous, shameful”" in shown
    assert "Technique: Loaded Language" in shown
    # the cue is marked inside the passage (bold, underlined, reversed), the rest is not
    item = pilot.app.quiz.session.answers[-1].item
    cue = item.passage.index("disastrous, shameful")
    assert drawn_style(pilot.app, cue).reverse
    assert drawn_style(pilot.app, cue + len("disastrous, shameful") - 1).reverse
    assert not drawn_style(pilot.app, cue - 2).reverse


def drawn_style(app, offset):
    """The style the passage's character at `offset` is drawn in."""
    view = app.screen.query_one(QuestionView)
    x, y = view.passage_position(offset)
    return view.render_line(y).crop(x, x + 1)._segments[0].style


async def test_an_accepted_alternative_is_partly_correct(pilot):
    await pilot.press("enter")
    await go_to(pilot, "plan-will-pass")
    await pilot.press("o")
    assert "◐ Partly correct: Opinion is defensible, but the best answer is Inference." in screen_text(pilot.app)


async def test_c_shows_the_passage_in_its_paragraph(pilot):
    app = pilot.app
    await pilot.press("enter")
    item = app.quiz.session.current
    await pilot.press("c")  # before the answer too: a short passage may need its context
    await pilot.pause()
    assert f"Paragraph {item.paragraph} of the article:" in screen_text(app)
    await pilot.press("c")
    await pilot.pause()
    assert "of the article:" not in screen_text(app)
    await pilot.press("2", "c")
    await pilot.pause()
    assert f"Paragraph {item.paragraph} of the article:" in screen_text(app)
    await pilot.press("c")
    await pilot.pause()
    assert "of the article:" not in screen_text(app)


async def test_passages_with_markup_brackets_show_as_typed(pilot):
    await pilot.press("enter")
    await go_to(pilot, "fans-said")
    assert "“Its [bold]fans[/] said it was fine.”" in screen_text(pilot.app)
    await pilot.press("1")
    assert "“Its [bold]fans[/] said it was fine.”" in screen_text(pilot.app)


async def test_help_lists_each_type_with_an_example(mini_bank, mini_catalog):
    async with playing(mini_bank, mini_catalog, seed=1, count=5, size=(100, 60)) as pilot:
        await pilot.press("enter", "question_mark")
        shown = screen_text(pilot.app)
        for claim_type in mini_catalog.claim_types:
            assert claim_type.name in shown
            assert claim_type.example[:30] in shown
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, QuestionScreen)


async def test_q_asks_before_quitting(pilot):
    app = pilot.app
    await pilot.press("enter", "q")
    assert "Quit the quiz?" in screen_text(app)
    await pilot.press("n")
    assert isinstance(app.screen, QuestionScreen)
    assert "Quit the quiz?" not in screen_text(app)
    assert app.is_running
    await pilot.press("q", "y")
    await pilot.pause()
    assert not app.is_running


async def test_enter_on_the_question_does_not_answer(pilot):
    await pilot.press("enter", "enter", "space")
    assert pilot.app.quiz.session.position == 0
    shown = screen_text(pilot.app)
    assert "Question 1 of 5" in shown and "What kind of claim is this?" in shown


async def test_the_key_bar_shows_the_keys_that_work_now_and_a_click_presses_one(pilot, mini_catalog):
    app = pilot.app
    await pilot.press("enter")
    await pilot.pause()
    bar = screen_text(app).splitlines()[-1]
    assert "1 2 3 4 Answer" in bar and "? Help" in bar and "q Quit" in bar
    assert "Next" not in bar  # nothing to go on to before an answer
    # A click on the "3" of the group answers with the third type.
    await pilot.click(KeyFooter, offset=(bar.index("3"), 0))
    await pilot.pause()
    assert app.screen.last_answer.chosen == mini_catalog.claim_types[2].id
    bar = screen_text(app).splitlines()[-1]
    assert "⏎ Next" in bar and "Answer" not in bar
    await pilot.click(KeyFooter, offset=(bar.index("Help"), 0))
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)


async def test_tab_reaches_every_button_and_enter_presses_it(pilot):
    app = pilot.app
    await pilot.press("enter")
    view = app.screen.query_one(QuestionView)

    def chosen() -> str | None:
        return None if view.cursor is None else view.page.buttons[view.cursor].label

    await pilot.press("tab", "tab")
    assert chosen() == "2 Inference"
    await pilot.press("shift+tab", "shift+tab")
    assert chosen() is None  # back on the text, where Enter does not answer
    await pilot.press("enter")
    assert not app.screen.answered
    await pilot.press("tab", "tab", "tab", "enter")  # the third button: Opinion
    assert app.quiz.session.answers[-1].chosen == "opinion"
    await pilot.press("tab")
    assert chosen() == "Next question"
    await pilot.press("enter")  # next question, from the button
    await pilot.pause()
    assert app.quiz.session.position == 1
    # The focus is on the text, as on every question, and no button is chosen.
    assert app.focused is view and chosen() is None
    await pilot.press("enter")
    assert not app.screen.answered


def assert_on_screen(app, *texts):
    """Each text is on the visible screen (wrapped or not), so a student can read it."""
    shown = flat(screen_text(app))
    for text in texts:
        assert flat(text) in shown, (text, screen_text(app))


async def test_the_quiz_survives_resizing_and_fits_80_by_24(pilot, mini_catalog):
    app = pilot.app
    choices = ("1 Fact", "2 Inference", "3 Opinion", "4 Rhetoric")
    await pilot.press("enter")
    shown = screen_text(app)
    for label in (*choices, "Question 1 of 5"):
        assert label in shown
    for size in ((40, 12), (200, 60), (60, 20), (80, 24)):
        await pilot.resize_terminal(*size)
        await pilot.pause()
    # Back at 80×24, every question and its feedback fit without scrolling.
    for n in range(5):
        item = app.quiz.session.current
        assert_on_screen(app, f"Question {n + 1} of 5", f"“{item.passage}”", *choices)
        await pilot.press("3")
        go_on = "Next question" if n < 4 else "See results"
        verdict_line = verdict(app.screen.last_answer, mini_catalog)
        assert_on_screen(app, f"“{item.passage}”", verdict_line, item.explanation, go_on)
        assert "▼" not in screen_text(app)
        if n < 4:
            await pilot.press("enter")
    # Too small for everything, with the paragraph open: a marker says that more is below,
    # and scrolling reaches the way on.
    await pilot.press("c")
    await pilot.resize_terminal(50, 15)
    await pilot.pause()
    await pilot.press("home")
    await pilot.pause()
    assert_on_screen(app, "▼ More below")
    for _ in range(30):
        if flat("See results") in flat(screen_text(app)):
            break
        await pilot.press("down")
        await pilot.pause()
    assert_on_screen(app, "See results")
    await click_text(pilot, "See results")  # and it works, scrolled to
    await answer_how_sure(pilot)
    assert isinstance(app.screen, ResultsScreen)


def exam_bank(bank, **options):
    from dataclasses import replace

    return replace(bank, options=replace(bank.options, **options))


async def test_an_exam_gives_its_feedback_at_the_end(mini_bank, mini_catalog):
    async with playing(exam_bank(mini_bank, mode="exam"), mini_catalog, seed=1, count=5, size=(80, 40)) as pilot:
        app = pilot.app
        await pilot.press("enter")
        for n in range(5):
            shown = screen_text(app)
            assert "Exam: feedback at the end" in shown
            assert "Correct" not in shown and "Not quite" not in shown
            await pilot.press("1")  # moves straight on
        await answer_how_sure(pilot)  # before the review
        assert isinstance(app.screen, ResultsScreen)
        review = str(app.screen.query_one("#answer-review").content)
        assert review.count("Not quite") + review.count("Correct") == 5
        assert "Dates and vote counts can be checked in the minutes." in review
        # on screen: the review starts below the scores, and scrolls to the last answer
        assert "Your answers" in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        last = app.quiz.session.answers[-1]
        assert_on_screen(app, f"“{last.item.passage}”", verdict(last, mini_catalog))


async def test_the_time_limit_ends_the_quiz_on_the_results(mini_bank, mini_catalog):
    now = [1000.0]  # the quiz's clock: seconds, moved on by the test
    bank = exam_bank(mini_bank, time_limit=1)
    async with playing(bank, mini_catalog, seed=1, count=5, clock=lambda: now[0], notifications=True) as pilot:
        app = pilot.app
        await pilot.press("enter")
        assert "Time left: 1:00" in screen_text(app)
        await pilot.press("1", "enter")
        now[0] += 61  # a minute passes
        await pilot.pause(1.2)  # the screen checks the clock once a second
        await answer_how_sure(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "of 5" in screen_text(app)
        assert "Time is up." in screen_text(app)


async def test_a_german_student_quits_with_j_for_ja(mini_bank, mini_catalog):
    from quiz.i18n import set_language
    from tests.conftest import playing

    set_language("de")
    try:
        async with playing(mini_bank, mini_catalog, seed=1, count=5) as pilot:
            await pilot.press("enter", "q")
            assert "Beenden (j/y)" in screen_text(pilot.app)
            await pilot.press("j")
            await pilot.pause()
            assert not pilot.app.is_running
    finally:
        set_language("en")
