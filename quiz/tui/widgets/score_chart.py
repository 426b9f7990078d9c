"""A small bar chart of scores: one bar per quiz, its percentage above it, its date under it."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

BAR_ROWS = 5  # each row is a fifth of the scale, drawn in eighths of a cell
_EIGHTHS = " ▁▂▃▄▅▆▇█"


class Bar(NamedTuple):
    """One quiz in the chart."""

    fraction: float  # 0–1
    value: str  # the score as shown above the bar ("80%", "80 %")
    label: str  # the date under the bar


def bar_chart(bars: list[Bar], width: int) -> Text:
    """The newest `bars` that fit in `width` cells, oldest on the left: a row of values, the
    bars (BAR_ROWS rows high, 0 to 100%), a row of labels. Plain text, no markup."""
    slot = max(5, *(cell_len(bar.value) + 1 for bar in bars), *(cell_len(bar.label) + 1 for bar in bars))
    shown = bars[-max(1, width // slot):]
    bar_width = slot - 2
    rows: list[Text] = [Text() for _ in range(BAR_ROWS + 2)]
    for bar in shown:
        rows[0].append(bar.value.center(slot - 1)[: slot - 1] + " ", style="bold")
        eighths = round(max(0.0, min(1.0, bar.fraction)) * BAR_ROWS * 8)
        for row in range(BAR_ROWS):  # from the top
            filled = eighths - (BAR_ROWS - 1 - row) * 8
            cell = _EIGHTHS[max(0, min(8, filled))]
            rows[1 + row].append(" " + cell * bar_width + " ")
        rows[-1].append(bar.label.center(slot - 1)[: slot - 1] + " ")
    return Text("\n").join(rows)


class ScoreChart(Widget):
    """The scores of several quizzes as bars with their values and dates (`bar_chart`),
    as many of the newest as the width holds; drawn again when the size changes."""

    DEFAULT_CSS = f"""
    ScoreChart {{
        height: {BAR_ROWS + 2};
        color: $accent;
    }}
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bars: list[Bar] = []

    def show(self, bars: list[Bar]) -> None:
        """Chart `bars` (oldest first) from now on."""
        self.bars = bars
        self.refresh()

    def render(self) -> Text:
        return bar_chart(self.bars, self.size.width) if self.bars else Text()
