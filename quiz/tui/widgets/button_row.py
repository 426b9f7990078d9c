"""A row of buttons that wraps onto more rows when its labels do not fit the width."""

from __future__ import annotations

from textual.geometry import NULL_OFFSET, NULL_SPACING, Region, Size
from textual.layout import ArrangeResult, Layout, WidgetPlacement
from textual.widget import Widget

GAP = 2  # cells between two buttons side by side


def wrap_widths(widths: list[int], available: int, gap: int = GAP) -> list[list[int]]:
    """The indexes of `widths` row by row: as many on a row as fit in `available` cells,
    `gap` apart, in order; one that is wider than the row has a row to itself."""
    rows: list[list[int]] = []
    used = 0
    for index, width in enumerate(widths):
        if rows and rows[-1] and used + gap + width <= available:
            rows[-1].append(index)
            used += gap + width
        else:
            rows.append([index])
            used = width
    return rows


class WrappingRows(Layout):
    """Children left to right, each row centred, onto the next row when the width runs out.

    Textual has no flex-wrap: a horizontal layout pushes what does not fit off the screen.
    Each child keeps its own width (its label, padding and border, at least its min-width);
    its margins are ignored, the gap between children is `GAP`.
    """

    name = "wrapping-rows"

    def arrange(self, parent: Widget, children: list[Widget], size: Size, greedy: bool = True) -> ArrangeResult:
        viewport = parent.app.size
        widths = [natural_width(child, viewport) for child in children]
        placements: list[WidgetPlacement] = []
        y = 0
        for row in wrap_widths(widths, size.width):
            row_width = sum(widths[index] for index in row) + GAP * (len(row) - 1)
            x = max(0, (size.width - row_width) // 2)
            row_height = 0
            for index in row:
                child, width = children[index], widths[index]
                gutter = child.styles.gutter
                height = child.get_content_height(size, viewport, width - gutter.width) + gutter.height
                placements.append(
                    WidgetPlacement(Region(x, y, width, height), NULL_OFFSET, NULL_SPACING, child)
                )
                x += width + GAP
                row_height = max(row_height, height)
            y += row_height
        return placements


def natural_width(widget: Widget, viewport: Size) -> int:
    """The cells `widget` takes with its content now: content, padding and border, at least
    its min-width (a Button's is 16)."""
    styles = widget.styles
    width = widget.get_content_width(viewport, viewport) + styles.gutter.width
    if styles.min_width is not None and styles.min_width.is_cells:
        width = max(width, int(styles.min_width.value))
    return width


_WRAPPING_ROWS = WrappingRows()


class ButtonRow(Widget):
    """Buttons side by side and centred, on as many rows as it takes when they do not fit
    (the German and French labels at 80 columns); laid out anew on every resize.

    A new label alone does not lay the row out again (Textual's `Button.label` refreshes
    only the button): call `reflow()` after relabelling or showing or hiding a button.
    """

    DEFAULT_CSS = """
    ButtonRow {
        width: 1fr;
        height: auto;
    }
    """

    @property
    def layout(self) -> Layout:
        return _WRAPPING_ROWS

    def reflow(self) -> None:
        """Lay the buttons out again for their labels and the buttons shown now."""
        # A child's layout refresh is what clears its parents' arrangements (this row's and
        # the containers above it that size to their content); the row's own would not.
        for child in self.children:
            child.refresh(layout=True)
