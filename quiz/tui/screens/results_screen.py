"""The end of a quiz: score, how far the learner's guess at it was, accuracy per type, what was
confused with what, time, the items missed with their right types; and where to go next
(practise them, history, again, start)."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from quiz.core.engine import Answer
from quiz.core.run import QuizRun
from quiz.core.feedback import calibration_lines, missed_title, quoted, score_lines, verdict
from quiz.core.model import Catalog
from quiz.i18n import N_, _, content_text, format_percent, localize_item
from quiz.tui.screens.resume_or_new_screen import start_quiz
from quiz.tui.wiring import EVERY_SCREEN_KEYS, follow_language, quiz_app
from quiz.tui.widgets import ButtonRow, KeyFooter


def answer_review(title: str, answers: list[tuple[int, Answer]], catalog: Catalog, *, explain: bool) -> Text:
    """Numbered answers, each with its passage and verdict (what was chosen, the right type),
    in the active language; with `explain`, the explanation too (an exam's feedback)."""
    text = Text()  # no base style: only the title is bold
    text.append(title + "\n", style="bold")
    for number, answer in answers:
        localized = localize_item(answer.item)
        text.append(f"\n{number}. ")
        text.append(quoted(localized.passage) + "\n", style="italic")
        text.append(verdict(answer, catalog) + "\n", style="bold" if explain else "")
        if explain:
            text.append(localized.explanation + "\n")
    return text


class ResultsScreen(Screen):
    DEFAULT_CSS = """
    ResultsScreen {
        #results-body { height: 1fr; padding: 0 1; }
        #score, #by-type, #answer-review { height: auto; padding: 1 2 0 2; }
        #results-buttons { padding: 1 1 0 1; }
    }
    """

    # The quiz is over, so q quits at once: there is nothing left to lose by a stray key.
    BINDINGS = [
        Binding("m,ь,μ", "practise_missed", N_("Practise missed"), key_display="m"),  # and Russian, Greek
        Binding("h,р,η", "history", N_("History"), key_display="h"),
        Binding("p,з,π", "play_again", N_("Play again"), key_display="p"),
        Binding("b,и,β", "back_to_start", N_("Back to start"), key_display="b"),
        *(key for key in EVERY_SCREEN_KEYS if key.action != "app.request_quit"),
        Binding("q,й,semicolon", "app.quit", N_("Quit"), key_display="q"),  # as on every screen
    ]

    def __init__(self, quiz: QuizRun) -> None:
        super().__init__()
        self.quiz = quiz
        self.results = quiz.results()
        self.unsaved = quiz.unsaved
        self.timed_out = quiz.timed_out
        self.guess = quiz.calibration_guess  # how many right the learner thought, if they said
        numbered = [(quiz.number_of(answer.item), answer) for answer in quiz.answers]
        # An exam's answers each with its feedback, shown at the end (the missed ones among
        # them); after feedback on every answer, only the ones missed, to look at again.
        self.review = numbered if quiz.exam else None
        self.missed = [(quiz.number_of(answer.item), answer) for answer in quiz.missed()]
        self.review_queue = quiz.review_queue()  # the items "Practise missed" would ask

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results-body"):
            yield Static(id="score")
            yield Static(id="by-type")
            yield Static(id="answer-review")
        with ButtonRow(id="results-buttons"):
            yield Button("", id="practise-missed", variant="primary")
            yield Button("", id="history")
            yield Button("", id="play-again")
            yield Button("", id="back-to-start")
            yield Button("", id="quit")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "practise_missed":
            return bool(self.review_queue)
        if action == "history":
            return self.quiz.learner is not None
        return True

    def on_mount(self) -> None:
        self.query_one("#practise-missed").display = bool(self.review_queue)
        self.query_one("#history").display = self.quiz.learner is not None
        follow_language(self, self.render_text)

    def render_text(self) -> None:
        results, catalog = self.results, self.quiz.choices  # the bank's types: a row each
        names = {t.id: content_text("type name", t.name) for t in catalog.claim_types}
        score = Text()  # no base style: only the heading is bold
        score.append(_("Results") + "\n", style="bold")
        if self.timed_out:
            score.append(_("Time is up.") + "\n", style="bold")
        score.append("\n".join(score_lines(results, self.unsaved)))
        # Right under the score it is compared with: on screen without scrolling.
        for line in calibration_lines(self.guess, results):
            score.append("\n\n" + line)
        self.query_one("#score", Static).update(score)

        # One table: accuracy per type, then what was chosen for it (the confusion table).
        title = Text(_("By type: right answers, and what you chose for each (columns)"))
        table = Table(
            # Text, not str, in every cell: Rich would obey markup in a translation ([@click=…]).
            title=title,
            title_justify="left",
            # A bank of some types only makes a narrow table, whose title would wrap to its width.
            min_width=min(title.cell_len, 76) if len(catalog.claim_types) < len(self.quiz.catalog.claim_types) else None,
            box=box.SIMPLE_HEAD,
            expand=False,
            pad_edge=False,
            padding=0,  # the box's own space between columns: long type names fit 80 columns
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
        review.display = bool(self.review or self.missed)
        if self.review:
            review.update(answer_review(_("Your answers"), self.review, catalog, explain=True))
        elif self.missed:
            review.update(answer_review(missed_title(len(self.missed)), self.missed, catalog, explain=False))
        self.query_one("#practise-missed", Button).label = Content(
            _("Practise missed: {count} (m)").format(count=len(self.review_queue))
        )
        self.query_one("#history", Button).label = Content(_("History (h)"))
        self.query_one("#play-again", Button).label = Content(_("Play again (p)"))
        self.query_one("#back-to-start", Button).label = Content(_("Back to start (b)"))
        self.query_one("#quit", Button).label = Content(_("Quit (q)"))
        self.query_one(ButtonRow).reflow()

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.app.exit()

    @on(Button.Pressed, "#practise-missed")
    def action_practise_missed(self) -> None:
        if self.review_queue:
            self.quiz.start_review()
            quiz_app(self).play()

    @on(Button.Pressed, "#history")
    def action_history(self) -> None:
        quiz_app(self).show_history()

    @on(Button.Pressed, "#play-again")
    def action_play_again(self) -> None:
        start_quiz(quiz_app(self), self.quiz)

    @on(Button.Pressed, "#back-to-start")
    def action_back_to_start(self) -> None:
        quiz_app(self).show_start()
