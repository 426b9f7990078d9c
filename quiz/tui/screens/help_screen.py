"""Help: the claim types in play with an example of each, and every key."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quiz.core.feedback import answer_letters
from quiz.core.model import Catalog
from quiz.i18n import N_, _, content_text, list_of
from quiz.tui.wiring import follow_language


def key_help(catalog: Catalog) -> list[tuple[str, str]]:
    """Every key of the quiz and what it does, in the active language (`catalog`: the types
    the learner chooses between)."""
    return [
        (list_of((f"1–{len(catalog.claim_types)}", *answer_letters(catalog))),
         _("answer, in the order of the buttons")),
        ("⏎ / space", _("go on after the feedback")),
        ("c", _("show the passage inside its paragraph of the article")),
        ("↑ ↓", _("scroll the text when it goes on below the screen")),
        ("e", _("show a translated passage in English, the original")),
        ("e", _("on the start screen: after each answer, mark the words that gave it away, or not")),
        ("l", _("choose the language")),
        ("t", _("change the colours: dark, light, high contrast (remembered)")),
        ("?", _("this help")),
        ("esc", _("close this help or a dialog; back from the history")),
        ("q, ctrl+c", _("quit (asks first)")),
        ("tab", _("move between buttons; the mouse works too")),
    ]


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        #help-dialog { height: 90%; align-horizontal: center; }
        #help-dialog VerticalScroll { height: 1fr; }
        #close-help { margin: 0 1; }
    }
    """

    BINDINGS = [
        Binding("escape,question_mark,q", "close", N_("Close"), key_display="esc"),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog  # the bank's claim types (QuizRun.choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            with VerticalScroll():
                yield Static(id="help-text")
            yield Button("", id="close-help", variant="primary")

    def on_mount(self) -> None:
        follow_language(self, self.render_text)

    def render_text(self) -> None:
        text = Text()  # no base style: only the headings are bold
        heading = (
            _("The four kinds of claim")
            if len(self.catalog.claim_types) == 4
            # TRANSLATORS: the help's heading in a quiz that asks about some claim types only.
            else _("The kinds of claim in this quiz")
        )
        text.append(heading + "\n\n", style="bold")
        for claim_type in self.catalog.claim_types:
            text.append(content_text("type name", claim_type.name), style="bold")
            text.append("\n" + content_text("type definition", claim_type.definition) + "\n")
            text.append(_("Example:") + " ", style="italic")
            text.append(content_text("type example", claim_type.example) + "\n\n")
        text.append(_("Keys"), style="bold")
        # A grid, so that a long description wraps under itself, not under the keys.
        keys = Table.grid(padding=(0, 2))
        keys.add_column(no_wrap=True, style="bold")
        keys.add_column()
        for shown, meaning in key_help(self.catalog):
            keys.add_row(Text(shown), Text(meaning))
        self.query_one("#help-text", Static).update(Group(text, keys))
        self.query_one("#close-help", Button).label = Content(_("Close"))

    @on(Button.Pressed, "#close-help")
    def action_close(self) -> None:
        self.dismiss(None)
