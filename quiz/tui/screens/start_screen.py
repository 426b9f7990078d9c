"""The first screen: what the quiz is, whose article it quotes, the four types, start."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from quiz.i18n import N_, _, content_text
from quiz.tui.screens.base import Translatable


class StartScreen(Translatable, Screen):
    BINDINGS = [
        Binding("enter", "start", N_("Start")),
        Binding("l", "app.choose_language", N_("Language")),
        Binding("question_mark", "app.help", N_("Help"), key_display="?"),
        Binding("q", "app.request_quit", N_("Quit")),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="start-body"):
            yield Static(id="title", markup=False)
            yield Static(id="attribution", markup=False)
            yield Static(id="intro", markup=False)
            yield Static(id="type-list")
            yield Button("", id="start", variant="primary")
        yield Footer()

    def render_text(self) -> None:
        app = self.app
        bank, article = app.bank, app.bank.article
        self.query_one("#title", Static).update(content_text("bank title", bank.title))
        self.query_one("#attribution", Static).update(
            _("Passages from “{title}” by {author}, {publication}, {date}").format(
                title=content_text("article title", article.title),
                author=article.author,
                publication=article.publication,
                date=app.format_date(article.date),
            )
        )
        self.query_one("#intro", Static).update(
            _("Read each passage and decide what kind of claim it makes:")
        )
        types = Text()
        for claim_type in app.catalog.claim_types:
            types.append(content_text("type name", claim_type.name), style="bold")
            types.append("  " + content_text("type definition", claim_type.definition) + "\n")
        self.query_one("#type-list", Static).update(types)
        self.query_one("#start", Button).label = Content(_("Start the quiz"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        self.app.start_quiz()
