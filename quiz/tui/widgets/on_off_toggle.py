"""A checkbox whose mark says on or off by its shape, not by its colour alone."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Checkbox


class OnOffToggle(Checkbox, inherit_bindings=False):
    """Textual's Checkbox, marked ✓ when on and left blank when off; Space switches it.

    Textual draws the same X either way, in another colour: a learner who cannot tell the
    colours apart (or a monochrome terminal) would not know which it is. The label should
    say on or off in words as well. Enter is left to the screen (on the start screen it
    starts the quiz, wherever the focus is), where a Checkbox would switch itself.
    """

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False)]

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # a class constant in Textual
        return "✓" if self.value else " "
