"""A learner's past attempts: the best finished quiz, a chart of their scores, and every
attempt by kind (finished quizzes, unfinished ones, practice rounds)."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quiz.core.model import AttemptMode, Catalog
from quiz.core.run import QuizRun
from quiz.i18n import N_, _, content_text, format_datetime, format_day, format_percent, ngettext
from quiz.scores.records import AttemptSummary
from quiz.tui.wiring import EVERY_SCREEN_KEYS, follow_language
from quiz.tui.widgets import Bar, KeyFooter, ScoreChart


def attempts_table(title: str, attempts: list[AttemptSummary], catalog: Catalog, *, per_type: bool,
                   best: AttemptSummary | None = None) -> Group:
    """One kind of attempt, a row each: its date on one line and its score; then accuracy per
    type (`per_type`, for whole quizzes), else how many of its items were answered (for
    unfinished quizzes and practice rounds, whose few answers say little per type)."""
    # Text, not str, in every cell: Rich would obey markup in a translation ([@click=…]).
    # Two cells between columns, none at the edges: German type names fit 80 columns.
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), expand=False)
    table.add_column(Text(_("Date")), no_wrap=True)
    table.add_column(Text(_("Score")), justify="right", no_wrap=True)
    types = catalog.claim_types if per_type else []
    if not per_type:
        table.add_column(Text(_("Answered")), justify="right", no_wrap=True)
    for claim_type in types:
        table.add_column(Text(content_text("type name", claim_type.name)), justify="right")
    for attempt in attempts:
        cells = [Text(format_datetime(attempt.started_at, "short")),
                 Text(format_percent(attempt.fraction), style="bold" if attempt is best else "")]
        if not per_type:
            cells.append(Text(_("{correct} of {total}").format(correct=attempt.answered, total=attempt.item_count)))
        for claim_type in types:
            correct, total = attempt.per_type.get(claim_type.id, (0, 0))
            cells.append(Text(format_percent(correct / total) if total else "—"))
        table.add_row(*cells)
    # The title above the table, not as its title: that would wrap to the table's width.
    return Group(Text(title, style="bold"), table)


class HistoryScreen(Screen):
    """Best and trend count finished quizzes only: a practice round asks only missed items,
    and an unfinished quiz's score is over the few items answered, so neither says how the
    learner does at the whole quiz. Both are listed apart, not counted."""

    DEFAULT_CSS = """
    HistoryScreen {
        #history-body { padding: 1 2; }
        #history-title { text-style: bold; }
        #trend { margin: 0 0 1 0; }
        #best { padding-bottom: 1; }
        #quizzes, #unfinished { padding-bottom: 1; }
    }
    """

    BINDINGS = [
        Binding("escape,h,b,р,и,η,β", "back", N_("Back"), key_display="esc"),
        *EVERY_SCREEN_KEYS,
    ]

    def __init__(self, quiz: QuizRun) -> None:
        super().__init__()
        self.quiz = quiz
        # Attempts with no answer say nothing about progress.
        attempts = [a for a in quiz.history() if a.answered]
        self.attempts = attempts
        self.finished = [a for a in attempts if a.mode == AttemptMode.QUIZ and a.finished_at is not None]
        self.unfinished = [a for a in attempts if a.mode == AttemptMode.QUIZ and a.finished_at is None]
        self.practice = [a for a in attempts if a.mode != AttemptMode.QUIZ]
        self.best = max(self.finished, key=lambda a: (a.fraction, a.answered), default=None)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history-body"):
            yield Static(id="history-title", markup=False)
            yield Static(id="best", markup=False)
            yield Static(id="trend-label", markup=False)
            yield ScoreChart(id="trend")
            yield Static(id="quizzes")
            yield Static(id="unfinished")
            yield Static(id="practice")
        yield KeyFooter()

    def on_mount(self) -> None:
        follow_language(self, self.render_text)

    def render_text(self) -> None:
        catalog, best = self.quiz.choices, self.best  # the bank's types only
        name = self.quiz.learner.name if self.quiz.learner else ""
        count = len(self.attempts)
        self.query_one("#history-title", Static).update(
            _("History of {name}").format(name=name)
            + " — "
            + ngettext("{count} attempt", "{count} attempts", count).format(count=count)
        )
        self.query_one("#best", Static).update(
            _("Best: {percent} on {date}").format(
                percent=format_percent(best.fraction), date=format_datetime(best.started_at, "short")
            )
            if best
            else _("No finished quiz yet: finish one, and your progress shows here.")
        )
        self.query_one("#trend-label", Static).update(_("Scores of your latest finished quizzes, oldest to newest:"))
        self.query_one(ScoreChart).show(
            [Bar(a.fraction, format_percent(a.fraction), format_day(a.started_at)) for a in self.finished]
        )
        for widget_id in ("#trend-label", "#trend"):
            self.query_one(widget_id).display = bool(self.finished)
        sections = (
            ("#quizzes", _("Finished quizzes"), self.finished, True),
            ("#unfinished", _("Unfinished quizzes (not counted)"), self.unfinished, False),
            ("#practice", _("Practice rounds of missed items (not counted)"), self.practice, False),
        )
        for widget_id, title, attempts, per_type in sections:
            section = self.query_one(widget_id, Static)
            section.display = bool(attempts)
            if attempts:
                section.update(attempts_table(title, attempts, catalog, per_type=per_type, best=best))

    def action_back(self) -> None:
        self.dismiss()
