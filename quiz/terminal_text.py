"""Making any text safe to print: no control characters reach the terminal.

Passages, explanations, translations and learner names come from files and people; an
escape sequence among them could move the cursor, change colours or retitle the window.
Each control character is shown as a visible symbol instead.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls except tab and newline, plus DEL; bidirectional overrides, isolates and
# marks, which can make text read differently from how it is stored; and invisible characters
# (zero-width spaces and joiners, word joiner, byte-order mark) that terminals and Rich count
# differently, which pushes box borders out of line.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
# Unicode's own line and paragraph separators: a line break, as a newline would be.
_LINE_BREAKS = re.compile("[\u2028\u2029\x85]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟: the Unicode control pictures
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def printable(text: str) -> str:
    """`text` with every control or invisible character replaced by a visible stand-in."""
    return _UNSAFE.sub(_visible, _LINE_BREAKS.sub("\n", text))


def one_line(text: str) -> str:
    """`text` made printable and folded onto one line (for names and labels)."""
    return " ".join(printable(unicodedata.normalize("NFC", text)).split())


def cell_width(text: str) -> int:
    """Terminal columns `text` takes (wide East Asian characters count two)."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int, right: bool = False) -> str:
    """`text` padded with spaces to `width` columns (on the left when `right`-aligned)."""
    space = " " * max(0, width - cell_width(text))
    return space + text if right else text + space


# Where a line may break: ordinary spaces and line breaks, never a no-break space ("27\u00a0%").
_BREAKABLE_SPACE = re.compile("[ \t\r\n]+")


def wrap(text: str, width: int, subsequent_indent: str = "") -> list[str]:
    """`text` in lines of at most `width` terminal columns, broken at spaces (not at no-break
    spaces); a run without spaces (Chinese, a long link) is broken between characters. Lines
    after the first start with `subsequent_indent` (counted in the width)."""
    return fill([word for word in _BREAKABLE_SPACE.split(text) if word], width, subsequent_indent=subsequent_indent)


def fill(words: list[str], width: int, gap: str = " ", subsequent_indent: str = "") -> list[str]:
    """`words` in lines of at most `width` terminal columns, `gap` between two on a line; a
    word wider than a line is cut between characters. Lines after the first start with
    `subsequent_indent` (counted in the width)."""
    lines: list[str] = []
    line = ""
    spacing = cell_width(gap)

    def room() -> int:  # columns the current line may take, its indent left out
        return width - (cell_width(subsequent_indent) if lines else 0)

    for word in words:
        while cell_width(word) > room():  # wider than a whole line: cut it where it fills one
            free = room() - cell_width(line) - (spacing if line else 0)
            cut = 0
            while cut < len(word) and cell_width(word[: cut + 1]) <= free:
                cut += 1
            if cut == 0:
                lines.append(line)
                line = ""
                continue
            lines.append((line + gap if line else "") + word[:cut])
            line, word = "", word[cut:]
        if line and cell_width(line) + spacing + cell_width(word) > room():
            lines.append(line)
            line = word
        else:
            line = f"{line}{gap}{word}" if line else word
    if line:
        lines.append(line)
    return [lines[0]] + [subsequent_indent + rest for rest in lines[1:]] if lines else []
