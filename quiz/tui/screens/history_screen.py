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
from quiz.scores.records import AttemptSummary
from quiz.tui.screens.base import Translatable
from quiz.tui.widgets import KeyFooter


class HistoryScreen(Translatable, Screen):
    BINDINGS = [
        Binding("escape,h,b", "back", N_("Back")),
        Binding("l", "app.choose_language", N_("Language")),
        Binding("q", "app.request_quit", N_("Quit")),
    ]

    def __init__(self, attempts: list[AttemptSummary]) -> None:
        super().__init__()
        # Attempts with no answer say nothing about progress.
        self.attempts = [a for a in attempts if a.answered]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history-body"):
            yield Static(id="history-title", markup=False)
            yield Static(id="trend-label", markup=False)
            yield Sparkline([a.fraction * 100 for a in self.attempts] or [0], id="trend")
            yield Static(id="best", markup=False)
            yield Static(id="attempt-table")
        yield KeyFooter()

    def render_text(self) -> None:
        app = self.app
        attempts = self.attempts
        name = app.learner.name if app.learner else ""
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
        type_ids = app.catalog.type_ids
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
        table.add_column(_("Date"))
        table.add_column(_("Mode"))
        table.add_column(_("Score"), justify="right")
        for type_id in type_ids:
            table.add_column(
                content_text("type name", app.catalog.claim_type(type_id).name), justify="right"
            )
        for attempt in attempts:
            mode = _("review") if attempt.mode == "review" else _("quiz")
            if attempt.finished_at is None:
                mode += " " + _("(unfinished)")
            cells = []
            for type_id in type_ids:
                correct, total = attempt.per_type.get(type_id, (0, 0))
                cells.append(format_percent(correct / total) if total else "—")
            table.add_row(
                format_datetime(attempt.started_at),
                mode,
                Text(format_percent(attempt.fraction), style="bold" if attempt is best else ""),
                *cells,
            )
        self.query_one("#attempt-table", Static).update(table)

    def action_back(self) -> None:
        self.dismiss()
