"""A bank that asks about some claim types only (`types: [fact, opinion]`): two buttons, two
keys, two result rows, in the app, in plain mode, in the history and in the class report."""

from __future__ import annotations

import io
from pathlib import Path

import yaml

from quiz.banks import load_bank, load_catalog
from quiz.core.run import QuizRun
from quiz.paths import default_bank_path
from quiz.plain import PlainQuiz
from quiz.scores.export import write_csv
from quiz.scores.report.formatting import format_report
from quiz.scores.report.reading import read_exports
from quiz.scores.report.statistics import class_report
from quiz.scores.store import ScoreStore
from quiz.tui.screens.help_screen import HelpScreen
from quiz.tui.screens.history_screen import HistoryScreen
from quiz.tui.screens.question_screen import QuestionScreen
from quiz.tui.screens.results_screen import ResultsScreen
from tests.conftest import answer_how_sure, flat, playing, screen_text

# From the shipped article: two facts and two opinions, the last one accepting fact for half
# a point; the third is asked with its paragraph (needs_context).
ITEMS = ("putin-tehran-trip", "needs-to-confront", "conventional-wisdom", "problem-for-administration")


def fact_or_opinion_bank(folder: Path, **options) -> Path:
    """A bank of ITEMS, in that order, that lists its types as a teacher might: out of order."""
    shipped = default_bank_path()
    source = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    by_id = {item["id"]: item for item in source["items"]}
    items = []
    for number, item_id in enumerate(ITEMS):
        item = dict(by_id[item_id])
        item["accept"] = [t for t in item.get("accept", []) if t in ("fact", "opinion")]
        item["needs_context"] = number == 2
        items.append(item)
    bank = {
        "id": "fact-or-opinion",
        "title": "Fact or opinion?",
        "article": str(shipped.parent / "article.yaml"),
        "types": ["opinion", "fact"],
        "options": {"shuffle": False, "count": len(items), **options},
        "items": items,
    }
    path = folder / "bank.yaml"
    path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_bank_keeps_its_types_in_the_catalogs_order_and_the_run_offers_only_those(tmp_path):
    catalog = load_catalog()
    bank = load_bank(fact_or_opinion_bank(tmp_path), catalog)
    assert [item.id for item in bank.items] == list(ITEMS)  # the ids above are the shipped ones
    assert bank.types == ("fact", "opinion")  # written [opinion, fact]
    quiz = QuizRun(bank, catalog)
    assert quiz.choices.type_ids == ("fact", "opinion")
    assert catalog.type_ids == ("fact", "inference", "opinion", "rhetoric")  # all still known
    quiz.start()
    for type_id in ("fact", "opinion", "fact", "fact"):
        quiz.answer(type_id)
    results = quiz.results()
    assert list(results.per_type) == ["fact", "opinion"]
    assert (results.per_type["opinion"].correct, results.per_type["opinion"].total) == (1, 2)
    assert results.points == 3.5  # the accepted fact is worth half a point


def _footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_app_shows_two_buttons_takes_two_keys_and_reports_two_rows(tmp_path):
    catalog = load_catalog()
    bank = load_bank(fact_or_opinion_bank(tmp_path, evidence=True), catalog)
    store = ScoreStore.open(tmp_path / "data")
    async with playing(bank, catalog, evidence=None, store=store, learner_name="Ada", size=(80, 36),
                       notifications=True) as pilot:
        app = pilot.app
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen)
        shown = screen_text(app)
        assert "1 Fact" in shown and "2 Opinion" in shown
        assert "Inference" not in shown and "Rhetoric" not in shown
        assert "Press 1–2 (or f, o), or click a button." in " ".join(shown.split())
        assert _footer(app).startswith(" 1  2 Answer") or _footer(app).startswith(" 1 2 Answer"), _footer(app)
        assert " 3 " not in _footer(app) and " 4 " not in _footer(app)

        await pilot.press("3", "4", "i", "r")  # the keys of types not in play answer nothing
        assert app.quiz.position == 0
        await pilot.pause()
        assert flat("Rhetoric is not a choice in this quiz.") in flat(screen_text(app))  # a letter says why
        app.clear_notifications()
        await pilot.press("2")  # the second button: Opinion, for a fact
        assert app.quiz.answers[-1].chosen == "opinion"
        await pilot.press("s")  # the evidence step works as in any bank: skipped
        assert "you chose Opinion; it is Fact." in screen_text(app)
        await pilot.press("enter")

        await pilot.press("o")  # the type's own letter
        app.screen.action_mark_word()  # the first word, then done
        app.screen.action_give_evidence()
        await pilot.pause()
        assert "✓ Correct: it is Opinion." in screen_text(app)
        await pilot.press("enter")

        assert "Paragraph 4 of the article:" in screen_text(app)  # needs_context: shown first
        await pilot.press("1", "s")
        await pilot.press("enter")
        await pilot.press("f", "s")  # accepted for half a point
        assert "◐ Partly correct" in screen_text(app)
        await pilot.press("enter")
        await answer_how_sure(pilot, "3")

        assert isinstance(app.screen, ResultsScreen)
        shown = screen_text(app)
        rows = [line.split() for line in shown.splitlines() if line.strip().startswith(("Fact", "Opinion"))]
        assert rows == [["Fact", "1", "of", "2", "50%", "1", "1"], ["Opinion", "1", "of", "2", "50%", "1", "1"]]
        assert "Inference" not in shown and "Rhetoric" not in shown and "0 of 0" not in shown

        app.action_help()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        shown = " ".join(screen_text(app).split())
        assert "The kinds of claim in this quiz" in shown and "1–2, f, o" in shown
        assert "Inference" not in help_text and "Rhetoric" not in help_text
        await pilot.press("escape")

        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        header = next(line for line in screen_text(app).splitlines() if "Date" in line)
        assert header.split() == ["Date", "Score", "Fact", "Opinion"]


def test_plain_mode_lists_two_choices_and_says_what_to_type_for_the_others(tmp_path):
    """In an exam with the evidence asked: the words, the guess and the review still work."""
    catalog = load_catalog()
    bank = load_bank(fact_or_opinion_bank(tmp_path, mode="exam", evidence=True), catalog)
    replies = ["i", "3", "2", "", "o", "1", "1", "", "opinion", "", "3"]
    out = io.StringIO()
    PlainQuiz(QuizRun(bank, catalog), io.StringIO("\n".join(replies) + "\n"), out).play()
    text = out.getvalue()
    assert "Answer with 1–2 or the letters f, o; c shows the paragraph; q stops." in text
    assert text.count("1) Fact  2) Opinion\n") == 4
    refusal = text.split("Your answer: i\n", 1)[1].split("Your answer:", 1)[0]
    assert max(len(line) for line in refusal.splitlines()) <= 80  # as every line plain mode adds
    flat = " ".join(text.split())
    assert "answer: i Inference is not a choice in this quiz. Please answer with a number from 1 to 2 (or f, o)" in flat
    assert "answer: 3 Please answer with a number from 1 to 2 (or f, o); c shows the paragraph." in flat
    assert "Paragraph 4 of the article:" in text
    assert "Your answers" in text and "Not quite: you chose Opinion; it is Fact." in text
    results = text.split("\nResults\n", 1)[1]
    rows = [line for line in results.splitlines() if line.startswith(("Fact", "Opinion", "Inference", "Rhetoric"))]
    assert rows == [
        "Fact: 1 of 2 right (50%); you chose: Fact 1, Opinion 1",
        "Opinion: 2 of 2 right (100%); you chose: Opinion 2",
    ]


def test_the_class_report_has_a_row_for_each_of_the_banks_types_only(tmp_path):
    catalog = load_catalog()
    bank = load_bank(fact_or_opinion_bank(tmp_path), catalog)
    with ScoreStore.open(tmp_path / "data") as store:
        for name, replies in (("Ada", "fofo"), ("Ben", "ooff")):
            quiz = QuizRun(bank, catalog, store=store, learner_name=name)
            quiz.sign_in(name)
            quiz.start()
            for reply in replies:
                quiz.answer({"f": "fact", "o": "opinion"}[reply])
        export = tmp_path / "class.csv"
        with export.open("w", encoding="utf-8", newline="") as file:
            write_csv(store.answers_for_export(), file)
    report = class_report(read_exports([export]))
    assert [kind.type_id for kind in report.banks[0].types] == ["fact", "opinion"]
    text = format_report(report, "text", {t.id: t.name for t in catalog.claim_types})
    assert "Inference" not in text and "Rhetoric" not in text
