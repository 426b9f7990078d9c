"""Asks before quitting, so one stray key does not end a quiz."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quiz.i18n import N_, _
from quiz.tui.wiring import follow_language


class QuitScreen(ModalScreen[bool]):
    """Dismissed with True to quit, False to stay."""

    DEFAULT_CSS = """
    QuitScreen {
        #quit-dialog { height: auto; width: 50; }
    }
    """

    BINDINGS = [
        # y, and where it stands on Russian and Greek layouts; and "yes" as a German (ja), French
        # (oui) or Spanish (sí) student types it, which no language uses for "no".
        Binding("y,н,υ,j,o,s", "answer(True)", N_("Quit"), key_display="y"),
        Binding("n,т,ν,escape", "answer(False)", N_("Stay"), key_display="n"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-dialog", classes="dialog"):
            yield Static(id="quit-question", markup=False)
            with Horizontal(classes="button-row"):
                yield Button("", id="quit-yes", variant="error")
                yield Button("", id="quit-no", variant="primary")

    def on_mount(self) -> None:
        follow_language(self, self.render_text)

    def render_text(self) -> None:
        self.query_one("#quit-question", Static).update(_("Quit the quiz?"))
        # TRANSLATORS: y always quits; name your language's "yes" letter too where it is j, o
        # or s (German "Beenden (j/y)", French "Quitter (o/y)", Spanish "Salir (s/y)").
        self.query_one("#quit-yes", Button).label = Content(_("Quit (y)"))
        self.query_one("#quit-no", Button).label = Content(_("Stay (n)"))
        self.query_one("#quit-no", Button).focus()

    @on(Button.Pressed, "#quit-yes")
    def _quit(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#quit-no")
    def _stay(self) -> None:
        self.dismiss(False)

    def action_answer(self, quit_: bool) -> None:
        self.dismiss(quit_)
