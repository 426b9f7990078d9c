"""What a student needs after an answer is on screen at 80×24, for every item in every language.

Not just present in the widgets: inside the visible 80×24 screen, without scrolling.
"""

from __future__ import annotations

import re

import pytest

from quiz.banks import load_bank, load_catalog
from quiz.core.feedback import evidence_lines, technique_line, verdict
from quiz.i18n import available_languages, localize_item, set_language
from quiz.paths import default_bank_path
from tests.conftest import a_wrong_answer, flat, playing, screen_text


def last_sentence(text: str) -> str:
    sentences = [s for s in re.split(r"(?<=[.!?。！？])\s*", text.strip()) if s]
    return sentences[-1]


@pytest.mark.parametrize("language", available_languages())
async def test_after_each_answer_the_verdict_explanation_and_technique_are_all_on_screen(language):
    set_language(language)
    catalog = load_catalog()
    bank = load_bank(default_bank_path(), catalog)
    async with playing(bank, catalog, seed=1, count=len(bank.items), evidence=True) as pilot:
        app = pilot.app
        await pilot.press("enter")
        hidden = []
        for _ in range(len(bank.items)):
            quiz = app.quiz
            item = quiz.current
            chosen = a_wrong_answer(catalog, item)
            # Through the screen's own actions, not key presses: keys are tested elsewhere,
            # and a press waits for the app to settle twice over (a minute and a half here).
            screen = app.screen
            screen.choose(chosen)
            await pilot.pause()
            if screen.step is not None:
                # The longest comparison: a cue word marked, another missed, a word that is no cue.
                cue_words = sorted(screen.step.cue_words)
                others = set(range(len(screen.step.words))) - set(cue_words)
                screen.chosen = {cue_words[0], *sorted(others)[-1:]}
                screen.action_give_evidence()
                await pilot.pause()
            shown = flat(screen_text(app))
            answer = quiz.answers[-1]
            localized = localize_item(item)
            needed = {
                "verdict": verdict(answer, catalog),
                "explanation's end": last_sentence(localized.explanation),
            }
            if answer.evidence is not None:
                for number, sentence in enumerate(evidence_lines(answer.evidence)):
                    needed[f"evidence {number + 1}"] = sentence
            technique = technique_line(answer, catalog)
            if technique:
                needed["technique"] = " ".join(technique)
            missing = [what for what, text in needed.items() if flat(text) not in shown]
            if missing:
                hidden.append(f"{item.id}: {', '.join(missing)}")
            screen.action_next()
            await pilot.pause()
        assert not hidden, f"{language}: hidden at 80×24 after answering:\n" + "\n".join(hidden)
