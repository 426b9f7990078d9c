"""The passage being sorted, shown as plain text with its cue words marked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from quiz.model import cue_spans


class PassageView(Static):
    """A passage from the article. Never parsed as markup: `[bold]` shows as typed.

    After an answer the cue words are marked in bold and underlined (not by colour alone).
    """

    DEFAULT_CSS = """
    PassageView {
        padding: 1 2;
        border: round $primary;
        height: auto;
    }
    """

    def show(self, passage: str, cues: tuple[str, ...] = ()) -> None:
        text = Text(f"“{passage}”")
        for start, end in cue_spans(passage, cues):
            # +1 for the opening quotation mark added above
            text.stylize("bold underline reverse", start + 1, end + 1)
        self.update(text)
