"""The end of a quiz: score, accuracy per type, what was confused with what, time."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from quiz.core.engine import Answer
from quiz.core.run import QuizRun
from quiz.core.feedback import quoted, score_lines, verdict
from quiz.i18n import N_, _, content_text, format_percent, localize_item
from quiz.tui.wiring import EVERY_SCREEN_KEYS, follow_language, quiz_app
from quiz.tui.widgets import KeyFooter


def answer_review(answers: list[Answer], catalog) -> Text:
    """Each answer with its verdict, passage and explanation: an exam's feedback, at the end."""
    text = Text(_("Your answers") + "\n", style="bold")
    for number, answer in enumerate(answers, 1):
        localized = localize_item(answer.item)
        text.append(f"\n{number}. ")
        text.append(quoted(localized.passage) + "\n", style="italic")
        text.append(verdict(answer, catalog) + "\n", style="bold")
        text.append(localized.explanation + "\n")
    return text


class ResultsScreen(Screen):
    DEFAULT_CSS = """
    ResultsScreen {
        #results-body { height: 1fr; padding: 0 1; }
        #score, #by-type, #answer-review { height: auto; padding: 1 2 0 2; }
    }
    """

    BINDINGS = [
        Binding("p", "play_again", N_("Play again")),
        *EVERY_SCREEN_KEYS,
    ]

    def __init__(self, quiz: QuizRun) -> None:
        super().__init__()
        self.quiz = quiz
        self.results = quiz.results()
        self.unsaved = quiz.unsaved
        self.timed_out = quiz.timed_out
        # an exam's answers, each with its feedback, shown at the end
        self.review = list(quiz.answers) if quiz.exam else None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results-body"):
            yield Static(id="score")
            yield Static(id="by-type")
            yield Static(id="answer-review")
        with Horizontal(id="results-buttons", classes="button-row"):
            yield Button("", id="play-again", variant="primary")
            yield Button("", id="quit")
        yield KeyFooter()

    def on_mount(self) -> None:
        follow_language(self, self.render_text)

    def render_text(self) -> None:
        results, catalog = self.results, self.quiz.catalog
        names = {t.id: content_text("type name", t.name) for t in catalog.claim_types}
        score = Text(_("Results") + "\n", style="bold")
        if self.timed_out:
            score.append(_("Time is up.") + "\n", style="bold")
        score.append("\n".join(score_lines(results, self.unsaved)))
        self.query_one("#score", Static).update(score)

        # One table: accuracy per type, then what was chosen for it (the confusion table).
        table = Table(
            # Text, not str, in every cell: Rich would obey markup in a translation ([@click=…]).
            title=Text(_("By type: right answers, and what you chose for each (columns)")),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            expand=False,
            pad_edge=False,
        )
        table.add_column(Text(_("Type")))
        table.add_column(Text(_("Right")), justify="right")
        table.add_column(Text(_("Accuracy")), justify="right")
        for type_id in results.per_type:
            table.add_column(Text(names[type_id]), justify="right")
        for right, type_score in results.per_type.items():
            cells = [
                Text(
                    str(results.confusion.get((right, chosen), 0)),
                    style="bold underline" if right == chosen else "",
                )
                for chosen in results.per_type
            ]
            table.add_row(
                Text(names[right]),
                Text(_("{correct} of {total}").format(correct=type_score.correct, total=type_score.total)),
                Text(format_percent(type_score.accuracy) if type_score.total else "—"),
                *cells,
            )
        self.query_one("#by-type", Static).update(table)
        review = self.query_one("#answer-review", Static)
        review.display = bool(self.review)
        if self.review:
            review.update(answer_review(self.review, catalog))
        self.query_one("#play-again", Button).label = Content(_("Play again (p)"))
        self.query_one("#quit", Button).label = Content(_("Quit (q)"))

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        quiz_app(self).action_request_quit()

    @on(Button.Pressed, "#play-again")
    def action_play_again(self) -> None:
        self.quiz.start()
        quiz_app(self).play()
