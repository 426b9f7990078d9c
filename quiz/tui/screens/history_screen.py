"""A learner's past attempts: dates, the score trend, accuracy per type, the best attempt."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Sparkline, Static

from quiz.i18n import N_, _, content_text, format_datetime, format_percent, ngettext
from quiz.core.model import AttemptMode
from quiz.core.run import QuizRun
from quiz.tui.wiring import EVERY_SCREEN_KEYS, follow_language
from quiz.tui.widgets import KeyFooter


class HistoryScreen(Screen):
    DEFAULT_CSS = """
    HistoryScreen {
        #history-body { padding: 1 2; }
        #history-title { text-style: bold; }
        #trend { height: 3; margin: 0 0 1 0; }
        #best { padding-bottom: 1; }
    }
    """

    BINDINGS = [
        Binding("escape,h,b", "back", N_("Back")),
        *EVERY_SCREEN_KEYS,
    ]

    def __init__(self, quiz: QuizRun) -> None:
        super().__init__()
        self.quiz = quiz
        # Attempts with no answer say nothing about progress.
        self.attempts = [a for a in quiz.history() if a.answered]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history-body"):
            yield Static(id="history-title", markup=False)
            yield Static(id="trend-label", markup=False)
            yield Sparkline([a.fraction * 100 for a in self.attempts] or [0], id="trend")
            yield Static(id="best", markup=False)
            yield Static(id="attempt-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        follow_language(self, self.render_text)

    def render_text(self) -> None:
        catalog = self.quiz.catalog
        attempts = self.attempts
        name = self.quiz.learner.name if self.quiz.learner else ""
        self.query_one("#history-title", Static).update(
            _("History of {name}").format(name=name)
            + " — "
            + ngettext("{count} attempt", "{count} attempts", len(attempts)).format(count=len(attempts))
        )
        self.query_one("#trend-label", Static).update(_("Score trend, oldest to newest:"))
        self.query_one("#trend").display = len(attempts) > 1
        self.query_one("#trend-label").display = len(attempts) > 1
        best = max(attempts, key=lambda a: (a.fraction, a.answered), default=None)
        self.query_one("#best", Static).update(
            _("Best: {percent} on {date}").format(
                percent=format_percent(best.fraction), date=format_datetime(best.started_at)
            )
            if best
            else _("No answers yet: take the quiz, and your progress shows here.")
        )
        type_ids = catalog.type_ids
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
        # Text, not str, in every cell: Rich would obey markup in a translation ([@click=…]).
        table.add_column(Text(_("Date")))
        table.add_column(Text(_("Mode")))
        table.add_column(Text(_("Score")), justify="right")
        for type_id in type_ids:
            table.add_column(
                Text(content_text("type name", catalog.claim_type(type_id).name)), justify="right"
            )
        for attempt in attempts:
            mode = _("review") if attempt.mode == AttemptMode.REVIEW else _("quiz")
            if attempt.finished_at is None:
                mode += " " + _("(unfinished)")
            cells = []
            for type_id in type_ids:
                correct, total = attempt.per_type.get(type_id, (0, 0))
                cells.append(Text(format_percent(correct / total) if total else "—"))
            table.add_row(
                Text(format_datetime(attempt.started_at)),
                Text(mode),
                Text(format_percent(attempt.fraction), style="bold" if attempt is best else ""),
                *cells,
            )
        self.query_one("#attempt-table", Static).update(table)

    def action_back(self) -> None:
        self.dismiss()
