"""The end of a quiz: score, accuracy per type, what was confused with what, time."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from quiz.engine import Results
from quiz.i18n import N_, _, content_text, format_duration, format_percent, ngettext
from quiz.tui.screens.base import Translatable


class ResultsScreen(Translatable, Screen):
    BINDINGS = [
        Binding("p", "play_again", N_("Play again")),
        Binding("l", "app.choose_language", N_("Language")),
        Binding("question_mark", "app.help", N_("Help"), key_display="?"),
        Binding("q", "app.request_quit", N_("Quit")),
    ]

    def __init__(self, results: Results) -> None:
        super().__init__()
        self.results = results

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results-body"):
            yield Static(id="score")
            yield Static(id="per-type")
            yield Static(id="confusion")
        with Horizontal(id="results-buttons"):
            yield Button("", id="play-again", variant="primary")
            yield Button("", id="quit")
        yield Footer()

    def render_text(self) -> None:
        results, app = self.results, self.app
        names = {t.id: content_text("type name", t.name) for t in app.catalog.claim_types}
        score = Text(_("Results") + "\n", style="bold")
        score.append(
            _("Score: {points} of {total} ({percent})").format(
                points=app.format_points(results.points),
                total=results.max_points,
                percent=format_percent(results.fraction),
            )
            + "\n"
        )
        score.append(
            ngettext("{count} answer right", "{count} answers right", results.correct).format(
                count=results.correct
            )
        )
        if results.partial:
            score.append(
                ", "
                + ngettext(
                    "{count} partly right", "{count} partly right", results.partial
                ).format(count=results.partial)
            )
        score.append("\n" + _("Time taken: {duration}").format(duration=format_duration(results.seconds)))
        self.query_one("#score", Static).update(score)

        per_type = Table(title=_("Accuracy by type"), title_justify="left", expand=False)
        per_type.add_column(_("Type"))
        per_type.add_column(_("Right"), justify="right")
        per_type.add_column(_("Accuracy"), justify="right")
        for type_id, type_score in results.per_type.items():
            per_type.add_row(
                names[type_id],
                _("{correct} of {total}").format(correct=type_score.correct, total=type_score.total),
                format_percent(type_score.accuracy) if type_score.total else "—",
            )
        self.query_one("#per-type", Static).update(per_type)

        confusion = Table(
            title=_("What you chose (columns) for each right type (rows)"),
            title_justify="left",
            expand=False,
        )
        confusion.add_column(_("Right type"))
        for type_id in results.per_type:
            confusion.add_column(names[type_id], justify="right")
        for right in results.per_type:
            cells = []
            for chosen in results.per_type:
                count = results.confusion.get((right, chosen), 0)
                cells.append(Text(str(count), style="bold" if right == chosen else ""))
            confusion.add_row(names[right], *cells)
        self.query_one("#confusion", Static).update(confusion)
        self.query_one("#play-again", Button).label = Content(_("Play again (p)"))
        self.query_one("#quit", Button).label = Content(_("Quit (q)"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "play-again":
            self.action_play_again()
        else:
            self.app.action_request_quit()

    def action_play_again(self) -> None:
        self.app.start_quiz()
