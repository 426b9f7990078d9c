"""The "Show your evidence" step on the question screen, by keys and by mouse, at 80×24."""

from __future__ import annotations

from dataclasses import replace

import pytest

from quiz.core.model import BankMode

from quiz.core.feedback import evidence_lines
from quiz.i18n import localize_item, set_language
from quiz.tui.widgets import QuestionView
from tests.conftest import flat, playing, screen_text, shipped_bank


async def answer_first(pilot, key="1"):
    await pilot.press("enter", key)  # start, then a type
    await pilot.pause()
    return pilot.app.screen


async def test_marking_by_keys_keeps_the_words_and_compares_them_with_the_cue():
    bank, catalog = shipped_bank()
    async with playing(bank, catalog, seed=1, evidence=True) as pilot:
        screen = await answer_first(pilot)
        step = screen.step
        assert step is not None
        shown = flat(screen_text(pilot.app))
        assert flat("Which words gave it away?") in shown and "✓" not in shown  # no verdict yet
        cue = min(step.cue_words)
        await pilot.press(*["right"] * cue, "space", "enter")
        await pilot.pause()
        answer = pilot.app.quiz.answers[-1]
        assert answer.evidence is not None and answer.evidence.marked == {cue}
        shown = flat(screen_text(pilot.app))
        for sentence in evidence_lines(answer.evidence):
            assert flat(sentence) in shown
        assert "yes" in shown


async def test_clicking_and_dragging_over_words_marks_them():
    bank, catalog = shipped_bank()
    async with playing(bank, catalog, seed=1, evidence=True) as pilot:
        screen = await answer_first(pilot)
        step = screen.step
        view = screen.query_one(QuestionView)
        first, second = step.words[0], step.words[2]
        start = view.passage_position(first[0])
        await pilot.click(QuestionView, offset=start + (1, 0))  # a word alone
        assert screen.chosen == {0}
        await pilot.click(QuestionView, offset=start + (1, 0))  # and back
        assert screen.chosen == set()
        end = view.passage_position(second[0])
        await pilot.mouse_down(QuestionView, offset=start + (1, 0))
        await pilot.hover(QuestionView, offset=end + (1, 0))
        await pilot.mouse_up(QuestionView, offset=end + (1, 0))
        assert screen.chosen == {0, 1, 2}
        await pilot.press("enter")
        assert pilot.app.quiz.answers[-1].evidence.marked == {0, 1, 2}


async def test_skipping_gives_the_feedback_with_the_cue_words():
    bank, catalog = shipped_bank()
    async with playing(bank, catalog, seed=1, evidence=True) as pilot:
        await answer_first(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert pilot.app.quiz.answers[-1].evidence is None
        assert flat("Words that give it away:") in flat(screen_text(pilot.app))


async def test_an_exam_asks_for_the_words_but_tells_nothing_until_the_end():
    bank, catalog = shipped_bank()
    bank = replace(bank, options=replace(bank.options, mode=BankMode.EXAM))
    async with playing(bank, catalog, seed=1, evidence=True) as pilot:
        screen = await answer_first(pilot)
        assert screen.step is not None
        await pilot.press("space", "enter")
        await pilot.pause()
        shown = flat(screen_text(pilot.app))
        assert flat("Question 2 of") in shown and flat("You marked") not in shown
        assert pilot.app.quiz.answers[-1].evidence is not None


@pytest.mark.parametrize("language", ["ru", "zh_CN"])
async def test_marking_in_russian_and_chinese_scores_against_the_translated_cue(language):
    set_language(language)
    bank, catalog = shipped_bank()
    async with playing(bank, catalog, seed=1, evidence=True) as pilot:
        screen = await answer_first(pilot)
        step = screen.step
        item = pilot.app.quiz.answers[-1].item
        cue = localize_item(item).cues[0]
        assert step.passage == localize_item(item).passage
        first = min(step.cue_words)
        await pilot.press(*["right"] * first, "space", "enter")
        await pilot.pause()
        evidence = pilot.app.quiz.answers[-1].evidence
        assert evidence.found and cue.startswith(evidence.texts[0])
        for sentence in evidence_lines(evidence):
            assert flat(sentence) in flat(screen_text(pilot.app))
