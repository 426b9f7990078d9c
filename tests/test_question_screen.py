"""The question screen as a student meets it: context on demand, keys on any keyboard layout."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from quiz.core.run import QuizRun
from quiz.i18n import ARTICLE_PARAGRAPH, content_text, localize_item, set_language
from quiz.plain import PlainQuiz
from quiz.tui.screens.help_screen import HelpScreen
from quiz.tui.screens.quit_screen import QuitScreen
from quiz.core.feedback import verdict
from quiz.tui.widgets import QuestionView
from quiz.core.engine import QuizSession
from tests.conftest import flat, playing, screen_cells, screen_text, shipped_bank


async def test_a_cyrillic_c_shows_the_paragraph_in_russian_before_answering_with_a_marker_below():
    set_language("ru")
    bank, catalog = shipped_bank()
    async with playing(bank, catalog, seed=3) as pilot:
        app = pilot.app
        await pilot.press("enter")
        item = app.quiz.current
        await pilot.press("с")  # Cyrillic es: where c sits on a Russian keyboard
        await pilot.pause()
        paragraph = content_text(ARTICLE_PARAGRAPH, bank.article.paragraph(item.paragraph))
        assert paragraph != bank.article.paragraph(item.paragraph)  # translated
        shown = screen_text(app)
        assert f"Абзац {item.paragraph} статьи" in shown
        assert "c Скрыть статью" in shown.splitlines()[-1]  # the key bar says what c does now
        await pilot.press("1")  # the paragraph stays open below the feedback
        shown = screen_text(app)
        assert "▼ " in shown.splitlines()[-2]  # more below, right above the key bar
        await pilot.press("с")
        await pilot.pause()
        await pilot.pause()
        assert "Абзац" not in screen_text(app)
        assert "▼ " not in screen_text(app)


async def test_the_paragraph_falls_back_to_english_with_a_note(mini_bank, mini_catalog):
    set_language("de")  # the mini bank's paragraphs are not translated
    async with playing(mini_bank, mini_catalog, seed=1, count=5) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        shown = flat(screen_text(pilot.app))
        assert flat("Noch nicht übersetzt: auf Englisch") in shown
        assert flat(mini_bank.article.paragraph(pilot.app.quiz.current.paragraph))[:40] in shown


async def test_ctrl_c_and_ctrl_q_ask_before_quitting(mini_bank, mini_catalog):
    async with playing(mini_bank, mini_catalog, seed=1, count=5) as pilot:
        for key in ("ctrl+c", "ctrl+q"):
            await pilot.press(key)
            assert isinstance(pilot.app.screen, QuitScreen)
            await pilot.press("n")
            assert not isinstance(pilot.app.screen, QuitScreen)
        assert pilot.app.is_running


async def test_the_prompt_and_help_name_the_latin_letters_and_every_key():
    set_language("ru")
    bank, catalog = shipped_bank()
    async with playing(bank, catalog, seed=3, size=(100, 70)) as pilot:
        await pilot.press("enter")
        assert flat("1–4 (или ф/f, в/i, м/o, р/r)") in flat(screen_text(pilot.app))
        await pilot.press("f")  # a Latin letter answers on a Russian quiz
        assert pilot.app.quiz.answers[-1].chosen == "fact"
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        shown = screen_text(pilot.app)
        assert "1–4, ф/f, в/i, м/o, р/r" in shown and " esc " in shown


def test_a_count_larger_than_the_bank_says_it_plays_all(mini_bank, mini_catalog):
    out = io.StringIO()
    PlainQuiz(QuizRun(mini_bank, mini_catalog, count=500), io.StringIO(""), out).play()
    assert f"The bank has only {len(mini_bank.items)} items: playing all {len(mini_bank.items)}." in out.getvalue()


async def test_whether_the_paragraph_was_opened_before_answering_is_kept_for_the_teacher(
    mini_bank, mini_catalog, tmp_path
):
    from quiz.scores.export import write_csv
    from quiz.scores.store import ScoreStore

    async with playing(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Ida",
                       seed=1, count=3) as pilot:
        await pilot.press("enter", "c")  # opened before the first answer
        await pilot.pause()
        await pilot.press("1", "enter", "1", "c")  # the second: opened only after answering
        await pilot.pause()
        await pilot.press("enter")
    with ScoreStore.open(tmp_path) as store:
        rows = store.answers_for_export()
    assert [row.context_seen for row in rows] == [1, 0]
    out = io.StringIO()
    write_csv(rows, out)
    from csv import DictReader  # by name: columns added later go after it

    assert [line["context_seen"] for line in DictReader(io.StringIO(out.getvalue()))] == ["1", "0"]


async def test_only_the_verdict_is_coloured_and_bold_the_explanation_is_plain_text(
    mini_bank, mini_catalog, tmp_path
):
    from quiz.scores.store import ScoreStore

    async with playing(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Vi",
                       seed=1, count=3) as pilot:
        await pilot.press("enter", "1")
        view = pilot.app.screen.query_one(QuestionView)
        rows = [view.render_line(y) for y in range(view.size.height)]
        plain = view.rich_style
        shown = [row.text.strip() for row in rows]
        verdict_row = shown.index(verdict(pilot.app.quiz.answers[-1], mini_catalog))
        explanation_end = shown.index("", verdict_row)  # saved: no note under the verdict

    def styles(row):
        return {segment.style for segment in row if segment.text.strip()}

    (verdict_style,) = styles(rows[verdict_row])
    assert verdict_style.bold and verdict_style.color != plain.color
    for row in rows[verdict_row + 1 : explanation_end]:
        for style in styles(row):
            assert not style.bold and style.color == plain.color, row.text


async def test_dialog_keys_work_from_a_russian_keyboard_layout(mini_bank, mini_catalog):
    set_language("ru")
    async with playing(mini_bank, mini_catalog, seed=1, count=5) as pilot:
        await pilot.press("enter", "й")  # q
        assert isinstance(pilot.app.screen, QuitScreen)
        await pilot.press("т")  # n: stay
        assert not isinstance(pilot.app.screen, QuitScreen)
        await pilot.press("й", "н")  # q, then y: quit
        await pilot.pause()
        assert not pilot.app.is_running


@pytest.mark.parametrize("language, size", [("en", (80, 24)), ("ru", (46, 24)), ("zh_CN", (36, 24))])
async def test_the_view_knows_the_cell_where_each_character_of_the_passage_is_drawn(language, size):
    """What pointing at the passage's words needs (a click, a cursor moved word by word):
    for every character, the cell it is drawn in, and back; narrow screens wrap the passage
    over several lines, and Chinese, written without spaces, wraps between characters."""
    set_language(language)
    bank, catalog = shipped_bank()
    longest = max(bank.items, key=lambda item: len(localize_item(item).passage))
    async with playing(replace(bank, items=(longest,)), catalog, size=size) as pilot:
        await pilot.press("enter")
        view = pilot.app.screen.query_one(QuestionView)
        passage = localize_item(longest).passage
        cells = screen_cells(pilot.app)
        rows = set()
        for offset, char in enumerate(passage):
            cell = view.passage_position(offset)
            x, y = view.content_region.offset + cell
            rows.add(y)
            if not char.isspace():  # a space at the end of a line is not drawn
                assert cells[y][x] == char, (offset, char, cells[y][x])
                assert view.passage_offset_at(cell) == offset
        assert len(rows) > 1  # wrapped
        assert view.passage_offset_at(view.passage_position(0) - (1, 0)) is None  # the quotation mark


async def test_the_question_looks_the_same_however_it_was_reached():
    """A page laid out after one that needed a scrollbar (feedback and paragraph) is laid
    out as it would be afresh: at the whole width, with no scrollbar when it fits."""
    bank, catalog = shipped_bank()
    shown = []
    for keys in (("enter", "r", "enter", "c"), ("enter", "r", "c", "enter", "c")):
        async with playing(bank, catalog, seed=1) as pilot:
            await pilot.press(*keys)
            await pilot.pause()
            shown.append(screen_text(pilot.app))
    second = QuizSession(bank, seed=1, count=bank.options.count).items[1]
    assert f"Paragraph {second.paragraph} of the article:" in shown[0]
    assert shown[1] == shown[0]


async def test_a_passage_that_opens_with_a_quotation_shows_it_in_inner_quotation_marks():
    bank, catalog = shipped_bank()
    async with playing(bank, catalog, seed=4, count=2) as pilot:  # “Neither East, nor West,” first
        app = pilot.app
        await pilot.press("enter")
        await pilot.pause()
        passage = app.quiz.session.current.passage
        assert passage.startswith("“")  # the passage itself quotes
        shown = flat(screen_text(app))
        assert flat("“‘" + passage[1:20]) in shown and "““" not in shown
