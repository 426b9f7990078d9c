"""Text broken into lines of a given width, knowing the cell where each character is drawn."""

from __future__ import annotations

import re
from bisect import bisect_right

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Offset

# A line break, a run of spaces, or a run of anything else (a word, or a whole sentence of
# Chinese, which has no spaces: see `line_starts`).
_CHUNK = re.compile(r"\n|[^\S\n]+|\S+")


def line_starts(text: str, width: int) -> list[int]:
    """The offset in `text` where each of its lines begins when wrapped at `width` cells.

    Words move whole to the next line; a word wider than a line, or one with wide (East Asian)
    characters, which is written without spaces, is broken between characters where the line
    ends. Spaces at the end of a line hang past it and are not drawn.
    """
    width = max(width, 2)  # room for one wide character
    starts = [0]
    x = 0  # cells used on the current line
    for chunk in _CHUNK.finditer(text):
        word = chunk.group()
        if word == "\n":
            starts.append(chunk.end())
            x = 0
            continue
        cells = cell_len(word)
        if word.isspace() or x + cells <= width:
            x += cells
            continue
        if cells <= width and cells == len(word):  # a narrow word that fits a line of its own
            starts.append(chunk.start())
            x = cells
            continue
        for index, char in enumerate(word, chunk.start()):
            char_cells = cell_len(char)
            if x + char_cells > width and x > 0:
                starts.append(index)
                x = 0
            x += char_cells
    return starts


class WrappedText:
    """`content` wrapped at `width` cells: its lines (styles kept), and where each character is.

    Positions are (x, y) cells from the top left of the wrapped text; `position` and
    `offset_at` turn a character offset into a cell and back, so that what is drawn can be
    pointed at (a word under the mouse, a cursor moved word by word).
    """

    def __init__(self, content: Content, width: int) -> None:
        self.text = content.plain
        self.starts = line_starts(self.text, width)
        self.lines = [line.rstrip() for line in content.divide(self.starts[1:])]

    @property
    def height(self) -> int:
        return len(self.lines)

    def position(self, offset: int) -> Offset:
        """The cell where the character at `offset` is drawn."""
        y = bisect_right(self.starts, offset) - 1
        return Offset(cell_len(self.text[self.starts[y] : offset]), y)

    def offset_at(self, x: int, y: int) -> int | None:
        """The offset of the character drawn at cell (x, y), or None where there is none."""
        if not 0 <= y < len(self.lines) or x < 0:
            return None
        start = self.starts[y]
        left = 0
        for offset in range(start, start + len(self.lines[y].plain)):
            left += cell_len(self.text[offset])
            if x < left:
                return offset
        return None
