"""The passage being sorted, shown as plain text with its cue words marked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from quiz.core.feedback import quote_marks
from quiz.core.model import cue_spans
from quiz.terminal_text import printable


class PassageView(Static):
    """A passage from the article. Never parsed as markup: `[bold]` shows as typed.

    After an answer the cue words are marked in bold and underlined (not by colour alone).
    """

    DEFAULT_CSS = """
    PassageView {
        padding: 0 1;
        border: round $primary;
        height: auto;
    }
    """

    def show(self, passage: str, cues: tuple[str, ...] = ()) -> None:
        opening, closing = quote_marks()
        text = Text(opening + printable(passage) + closing)
        for start, end in cue_spans(passage, cues):
            # shifted by the opening quotation mark
            text.stylize("bold underline reverse", start + len(opening), end + len(opening))
        self.update(text)
