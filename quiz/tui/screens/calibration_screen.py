"""How sure are you? Asked once when a quiz is over, before its results (and an exam's review):
how many of the answers the learner thinks were right, typed as a number, or skipped."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from quiz.core.feedback import calibration_question, parse_guess
from quiz.i18n import N_, _
from quiz.tui.wiring import follow_language
from quiz.tui.widgets import ButtonRow


class CalibrationScreen(ModalScreen[int | None]):
    """Dismissed with the guess (0 to `total`), or None when the learner skips the question.

    Only digits can be typed (of any script: parse_guess reads "７" as 7), so no letter key
    is needed: Enter gives the guess, Esc skips, on every keyboard layout. A number above
    `total` is refused with the reason, and the question stays.
    """

    DEFAULT_CSS = """
    CalibrationScreen {
        align: center middle;
        #calibration-dialog { height: auto; width: 64; max-width: 100%; }
        #calibration-guess { width: 18; margin-top: 1; }
        #calibration-error { color: $error; margin-top: 1; }
        #calibration-buttons { padding-top: 1; }
    }
    """

    BINDINGS = [Binding("escape", "skip", N_("Skip"))]

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total
        self.refused: str | None = None  # the number last typed and refused: the reason is shown

    def compose(self) -> ComposeResult:
        with Vertical(id="calibration-dialog", classes="dialog"):
            yield Static(id="calibration-question", markup=False)
            yield Input(id="calibration-guess", restrict=r"\d*", max_length=len(str(self.total)) + 1)
            yield Static(id="calibration-error", markup=False)
            with ButtonRow(id="calibration-buttons"):
                yield Button("", id="calibration-confirm", variant="primary")
                yield Button("", id="calibration-skip")

    def on_mount(self) -> None:
        follow_language(self, self.render_text)
        self.query_one("#calibration-guess", Input).focus()

    def render_text(self) -> None:
        self.query_one("#calibration-question", Static).update(
            calibration_question(self.total)
            + "\n"
            + _("Type a number from 0 to {count} and press Enter, or skip with Esc.").format(count=self.total)
        )
        error = self.query_one("#calibration-error", Static)
        error.display = self.refused is not None
        error.update(self._reason(self.refused) if self.refused is not None else "")
        self.query_one("#calibration-guess", Input).placeholder = _("0 to {count}").format(count=self.total)
        self.query_one("#calibration-confirm", Button).label = Content(_("Confirm (Enter)"))
        self.query_one("#calibration-skip", Button).label = Content(_("Skip (Esc)"))
        self.query_one(ButtonRow).reflow()

    @on(Input.Submitted, "#calibration-guess")
    @on(Button.Pressed, "#calibration-confirm")
    def action_confirm(self) -> None:
        """The number typed; nothing typed is a skip, as the plain mode takes it."""
        guess_field = self.query_one("#calibration-guess", Input)
        try:
            guess = parse_guess(guess_field.value, self.total)
        except ValueError:
            self.refused = guess_field.value
            self.render_text()
            guess_field.focus()
            return
        self.dismiss(guess)

    def _reason(self, typed: str) -> str:
        """Why `typed` was refused, worded in the language shown now (it may have changed)."""
        try:
            parse_guess(typed, self.total)
        except ValueError as refused:
            return str(refused)
        return ""

    @on(Button.Pressed, "#calibration-skip")
    def action_skip(self) -> None:
        self.dismiss(None)
