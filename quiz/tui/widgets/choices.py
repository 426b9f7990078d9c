"""The row of four answer buttons: click one, or press its number or letter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.content import Content
from textual.widgets import Button

from quiz.i18n import content_text
from quiz.core.model import ClaimType


class ChoiceBar(Horizontal):
    """One button per claim type; posts `ChoiceBar.Chosen` when a button is pressed."""

    DEFAULT_CSS = """
    ChoiceBar {
        height: auto;
        align-horizontal: center;
    }
    ChoiceBar Button {
        margin: 0 1;
        min-width: 14;
    }
    """

    class Chosen(Message):
        """The learner chose `type_id`."""

        def __init__(self, type_id: str) -> None:
            super().__init__()
            self.type_id = type_id

    def __init__(self, claim_types: tuple[ClaimType, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.claim_types = claim_types

    def compose(self) -> ComposeResult:
        for number, claim_type in enumerate(self.claim_types, 1):
            yield Button(self._label(number, claim_type), id=f"choice-{claim_type.id}")

    def relabel(self) -> None:
        """Show the button labels in the active language."""
        for number, claim_type in enumerate(self.claim_types, 1):
            self.query_one(f"#choice-{claim_type.id}", Button).label = self._label(
                number, claim_type
            )

    @staticmethod
    def _label(number: int, claim_type: ClaimType) -> Content:
        return Content(f"{number} {content_text('type name', claim_type.name)}")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        assert event.button.id is not None
        self.post_message(self.Chosen(event.button.id.removeprefix("choice-")))
