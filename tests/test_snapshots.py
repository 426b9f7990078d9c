"""Every screen at 80×24, in English, German, Russian and Chinese, as an SVG picture kept in
tests/__snapshots__/: looked at by eye once, then any change to the layout fails here until
the pictures are made again on purpose (`pytest --snapshot-update`) and looked at again.

The pictures hold nothing that moves: a fixed seed and a fixed set of items, no time limit,
the quiz's clock and the store's clock fixed (so the time taken and the dates in the history
are the same on every run), the local time zone set to UTC (dates are shown in local time),
the default theme, animations off (conftest.py).
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from quiz.core.run import QuizRun
from quiz.i18n import set_language
from quiz.scores.store import ScoreStore
from quiz.tui.app import QuizApp
from tests.conftest import shipped_bank
from tests.test_run import Clock

LANGUAGES = ["en", "de", "ru", "zh_CN"]
SIZE = (80, 24)
# The items of the short quiz, in this order: a rhetoric item first (its feedback names the
# technique), then one of each other type.
ITEMS = ("regime-apologist", "former-ambassador", "failed-nuclear-deal", "wrote-to-downplay")
# What the learner answers to them (1 fact, 2 inference, 3 opinion, 4 rhetoric): two right, two wrong.
ANSWERS = ("4", "3", "3", "1")
STORE_TIME = datetime(2025, 3, 14, 10, 30, tzinfo=timezone.utc)


def short_bank():
    """The shipped bank cut to ITEMS, asked in that order."""
    bank, _catalog = shipped_bank()
    by_id = {item.id: item for item in bank.items}
    return replace(bank, items=tuple(by_id[i] for i in ITEMS), options=replace(bank.options, shuffle=False))


@pytest.fixture(autouse=True)
def utc():
    """Dates are shown on the learner's clock: make it UTC, whatever the machine's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "UTC")
        time.tzset()
        yield
    time.tzset()


@pytest.fixture(params=LANGUAGES)
def language(request):
    set_language(request.param)
    return request.param


@pytest.fixture
def clock():
    """The quiz's clock (for the time taken): moved on only by the test."""
    return Clock()


@pytest.fixture
def make_app(tmp_path, clock):
    def make(bank=None, *, store: bool = True) -> QuizApp:
        catalog = shipped_bank()[1]
        bank = short_bank() if bank is None else bank
        scores = ScoreStore.open(tmp_path, clock=lambda: STORE_TIME) if store else None
        count = None if bank is shipped_bank()[0] else len(bank.items)
        return QuizApp(QuizRun(bank, catalog, seed=7, count=count, learner_name="Ana", store=scores, clock=clock))

    return make


def answer_all(clock, *, guess: str | None = "3"):
    """Start the short quiz and answer every item, 20 seconds each; then guess at the score
    (3 of 4, one above it: the results say so), or with None stay on that question."""

    async def run(pilot):
        await pilot.press("enter")
        for key in ANSWERS:
            clock.now += 20
            await pilot.press(key, "enter", "enter")  # the type, no words marked, the next
        await pilot.pause()
        if guess is not None:
            await pilot.press(*guess, "enter")
            await pilot.pause()

    return run


def test_start(snap_compare, language, make_app):
    """The start screen of the shipped bank (20 questions), Ana playing, nothing to resume."""
    bank, _catalog = shipped_bank()
    assert snap_compare(make_app(bank), terminal_size=SIZE)


def test_question(snap_compare, language, make_app):
    """The first question (a rhetoric item) before it is answered."""
    assert snap_compare(make_app(), terminal_size=SIZE, press=["enter"])


# The rhetoric item answered, then its second word marked as the evidence.
MARKING = ["enter", "4", "right", "space"]


def test_evidence_step(snap_compare, language, make_app):
    """Show your evidence: the type chosen, one word marked, the cursor on it."""
    assert snap_compare(make_app(), terminal_size=SIZE, press=MARKING)


def test_rhetoric_feedback(snap_compare, language, make_app):
    """The rhetoric item answered right: verdict, explanation, the words marked against the
    cue words, and the technique."""
    assert snap_compare(make_app(), terminal_size=SIZE, press=[*MARKING, "enter"])


def test_feedback_with_the_article(snap_compare, language, make_app):
    """The same feedback with the article's paragraph open below it (c)."""
    assert snap_compare(make_app(), terminal_size=SIZE, press=[*MARKING, "enter", "c"])


def test_calibration(snap_compare, language, make_app, clock):
    """How sure are you? asked when the short quiz is over, before its results."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=answer_all(clock, guess=None))


def test_results(snap_compare, language, make_app, clock):
    """The results of the short quiz: two right, two wrong, 80 seconds, 3 guessed."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=answer_all(clock))


def test_history(snap_compare, language, make_app, clock):
    """The history after that quiz (h on the results): one finished quiz on a fixed date."""

    async def run(pilot):
        await answer_all(clock)(pilot)
        await pilot.press("h")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run)


def test_help(snap_compare, language, make_app):
    """The help dialog (?) over the first question."""
    assert snap_compare(make_app(), terminal_size=SIZE, press=["enter", "question_mark"])
