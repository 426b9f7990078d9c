"""Choosing the quiz's language while it runs; every screen re-renders in it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quiz.i18n import N_, _, available_languages, current_language, language_name
from quiz.tui.wiring import follow_language


class LanguageScreen(ModalScreen[str | None]):
    """Dismissed with the chosen language code, or None to keep the current one."""

    DEFAULT_CSS = """
    LanguageScreen {
        #language-dialog { height: auto; width: 40; }
        #languages { height: auto; max-height: 12; margin-top: 1; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def compose(self) -> ComposeResult:
        with Vertical(id="language-dialog", classes="dialog"):
            yield Static(id="language-title", markup=False)
            yield OptionList(
                *(
                    Option(Content(language_name(code)), id=code)  # a str prompt is markup
                    for code in available_languages()
                ),
                id="languages",
            )

    def on_mount(self) -> None:
        follow_language(self, self.render_text)

    def render_text(self) -> None:
        self.query_one("#language-title", Static).update(_("Choose a language"))
        options = self.query_one(OptionList)
        codes = available_languages()
        if current_language() in codes:
            options.highlighted = codes.index(current_language())
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
