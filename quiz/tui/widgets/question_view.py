"""The question screen's text and buttons, drawn by one widget with Textual's Line API.

The passage, the prompt or the feedback, the buttons and the paragraph in context are one
scrolling column of lines. Built from a dozen widgets, each key press cost a layout pass
over all of them and drawing each. Here the pages a key can bring (the feedback on each
answer) are laid out and painted while the learner reads (`prepare`), and a key press
draws again only the rows that differ from the page before (benchmarks/RESULTS.md).
The passage is wrapped by `WrappedText`, so the view knows the cell of each of its
characters (`passage_position`, `passage_offset_at`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Iterable

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from quiz.tui.widgets.button_row import GAP, wrap_widths
from quiz.tui.widgets.wrapped_text import WrappedText

MEASURE = 78  # the widest the column gets: lines of about 74 cells, easy to read
INDENT = 2  # where text starts inside the column: after the passage's border and a space
BUTTON_MIN_WIDTH = 14  # so that the four answer buttons line up

Span = tuple[int, int]  # [start, end) character offsets


@dataclass(frozen=True)
class PageButton:
    """A button drawn in the view: clicked, or chosen with Tab and pressed with Enter."""

    name: str  # what `QuestionView.Pressed` says was pressed
    label: str
    primary: bool = False


@dataclass(frozen=True)
class Feedback:
    """What is said after an answer: only the verdict is coloured."""

    verdict: str
    outcome: str  # "correct", "partial" or "wrong": the verdict's colour
    explanation: str
    note: str = ""  # under the verdict, in bold (this answer was not saved)
    labelled: tuple[tuple[str, str], ...] = ()  # ("Technique:", "…") lines, the label in bold (or "")


@dataclass(frozen=True)
class Context:
    """The passage inside its paragraph of the article, in a box under everything else."""

    heading: str
    paragraph: str
    note: str = ""  # after the heading, in italics
    marked: tuple[Span, ...] = ()  # where the passage is in the paragraph
    first: bool = False  # above the passage: the passage cannot be judged without it


@dataclass(frozen=True)
class Page:
    """Everything the view shows, top to bottom."""

    passage: str  # printable; shown as plain text, never parsed as markup
    quotes: tuple[str, str] = ("“", "”")
    marked: tuple[Span, ...] = ()  # the cue words, in offsets of `passage`
    chosen: tuple[Span, ...] = ()  # the words the learner marks as evidence
    word_cursor: Span | None = None  # the word the arrow keys are on, while marking
    note: str = ""  # above the passage
    prompt: str = ""
    feedback: Feedback | None = None
    buttons: tuple[PageButton, ...] = ()
    context: Context | None = None


@dataclass
class _Layout:
    """A page wrapped to the view: its rows, and where its passage, buttons and paragraph are."""

    full_width: int  # the view's width when it was laid out
    width: int  # the width it is laid out at: less a scrollbar's when it does not fit
    height: int  # the view's height then
    rows: list[Content] = field(default_factory=list)  # styles name component classes
    buttons: list[Region] = field(default_factory=list)  # where each button is
    passage: WrappedText | None = None
    passage_origin: Offset = Offset()  # the cell of the passage's opening quotation mark
    context_region: Region | None = None  # where the paragraph's box is
    strips: list[Strip] | None = None  # painted in the theme's colours, until they change


class QuestionView(ScrollView, can_focus=True):
    """Draws a `Page`; posts `QuestionView.Pressed` when one of its buttons is pressed.

    A page is laid out (wrapped, as `Content` whose styles name component classes) for the
    view's size, and painted into strips with the theme's colours when drawn or prepared.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "question-view--note",
        "question-view--border",
        "question-view--marked",
        "question-view--chosen",
        "question-view--word-cursor",
        "question-view--prompt",
        "question-view--correct",
        "question-view--partial",
        "question-view--wrong",
        "question-view--bold",
        "question-view--context-border",
        "question-view--context-note",
        "question-view--context-passage",
        "question-view--button",
        "question-view--button-primary",
        "question-view--button-hover",
        "question-view--button-cursor",
    }
    DEFAULT_CSS = """
    QuestionView {
        height: 1fr;
        padding: 0 1;
        overflow-x: hidden;
        & > .question-view--note { color: $warning; text-style: italic; }
        & > .question-view--border { color: $primary; }
        & > .question-view--marked { text-style: bold underline reverse; }
        & > .question-view--chosen { background: $accent; color: $text; text-style: bold; }
        & > .question-view--word-cursor { text-style: bold underline; }
        & > .question-view--prompt { color: $text-muted; }
        & > .question-view--correct { color: $success; text-style: bold; }
        & > .question-view--partial { color: $warning; text-style: bold; }
        & > .question-view--wrong { color: $error; text-style: bold; }
        & > .question-view--bold { text-style: bold; }
        & > .question-view--context-border { color: $secondary; }
        & > .question-view--context-note { text-style: italic; }
        & > .question-view--context-passage { text-style: bold underline; }
        & > .question-view--button { background: $panel; text-style: bold; }
        & > .question-view--button-primary {
            background: $primary; color: $button-color-foreground; text-style: bold;
        }
        & > .question-view--button-hover { text-style: bold reverse; }
        & > .question-view--button-cursor { text-style: bold reverse underline; }
    }
    """

    BINDINGS = [
        # Tab moves through the buttons, then back to the text; Enter presses the one chosen.
        Binding("tab", "cursor(1)", show=False),
        Binding("shift+tab", "cursor(-1)", show=False),
        Binding("enter", "press", show=False),
    ]

    class Pressed(Message):
        """The button `name` was pressed."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class PassageDragged(Message):
        """The mouse went down on the passage's character `start` and is now over `end`
        (offsets of the passage); `done` once the button is up."""

        def __init__(self, start: int, end: int, done: bool) -> None:
            super().__init__()
            self.start, self.end, self.done = start, end, done

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.page: Page | None = None
        self.cursor: int | None = None  # the button chosen with Tab, if any
        self._drag_start: int | None = None  # where the mouse went down on the passage
        self._hover: int | None = None  # the button under the mouse, if any
        self._layout = _Layout(0, 0, 0)  # the page shown, laid out
        self._prepared: dict[Page, _Layout] = {}  # pages that may be shown next, laid out
        self._styles: dict[str, Style] = {}  # each span's style, until the theme changes
        self._blank = Strip.blank(0)  # a row under the page

    # --- what to show ------------------------------------------------------------------------

    def show(self, page: Page) -> None:
        """Show `page` from now on (the button chosen with Tab is forgotten)."""
        self.page = page
        self.cursor = self._hover = None
        layout = self._prepared.pop(page, None)
        self._prepared.clear()
        if layout is None or (layout.full_width, layout.height) != self.content_region.size:
            layout = self._lay_out(page)
        self._use(layout)

    def prepare(self, pages: Iterable[Page]) -> None:
        """Lay out and paint `pages` now, while nothing waits: showing one of them later
        (the feedback a key press brings) then only draws lines that are ready."""
        for page in pages:
            layout = self._lay_out(page)
            self._paint(layout)
            self._prepared[page] = layout

    def passage_position(self, offset: int) -> Offset:
        """Where the passage's character at `offset` is drawn: a cell of the view's content
        area, as it is scrolled now."""
        layout = self._layout
        assert self.page is not None and layout.passage is not None
        cell = layout.passage.position(offset + len(self.page.quotes[0]))
        return layout.passage_origin + cell - self.scroll_offset

    def passage_offset_at(self, cell: Offset) -> int | None:
        """The offset in the passage of the character drawn at `cell` (of the content area,
        as scrolled now), or None where no character of the passage is drawn."""
        layout = self._layout
        if self.page is None or layout.passage is None:
            return None
        x, y = cell + self.scroll_offset - layout.passage_origin
        offset = layout.passage.offset_at(x, y)
        if offset is None:
            return None
        offset -= len(self.page.quotes[0])
        return offset if 0 <= offset < len(self.page.passage) else None

    def scroll_to_context(self) -> None:
        """Bring the paragraph in context into view (as much of it as fits)."""
        if self._layout.context_region is not None:
            self.scroll_to_region(self._layout.context_region, animate=False, immediate=True)

    # --- laying out --------------------------------------------------------------------------

    def _use(self, layout: _Layout) -> None:
        old, self._layout = self._layout, layout
        # Never shorter than the view: a page that fits keeps the same size, so showing
        # the next one needs no layout of the screen, only drawing the view again.
        self.virtual_size = Size(layout.width, max(len(layout.rows), layout.height))
        if old.strips is None or layout.strips is None or (old.width, old.height) != (layout.width, layout.height):
            self.refresh()
            return
        # Both painted: draw again only the rows on screen that differ (not the blank ones
        # under a short page, nor the passage's box when only the words in it change).
        top = self.scroll_offset.y
        changed = [index for index in range(top, top + layout.height) if _strip(old, index) != _strip(layout, index)]
        for _key, run in groupby(enumerate(changed), lambda pair: pair[1] - pair[0]):
            indexes = [index for _, index in run]
            self.refresh_lines(indexes[0], len(indexes))

    def _lay_out(self, page: Page | None, cursor: int | None = None, hover: int | None = None) -> _Layout:
        """`page` wrapped to the view's width, as Textual lays out a scrolling container: at
        the whole width, and again without the scrollbar's cells when that is too tall."""
        full, height = self.content_region.size
        layout = _Layout(full, full, height)
        self._fill(layout, page, cursor, hover)
        if len(layout.rows) > height:
            layout = _Layout(full, max(full - self.styles.scrollbar_size_vertical, 0), height)
            self._fill(layout, page, cursor, hover)
        return layout

    def _fill(self, layout: _Layout, page: Page | None, cursor: int | None, hover: int | None) -> None:
        """Lay `page` out in `layout`'s width: its rows, and where its passage and buttons are."""
        width = layout.width
        if page is None or width <= 0:
            return
        measure = min(width, MEASURE)
        left = (width - measure) // 2
        text_width = max(measure - 2 * INDENT, 2)
        rows: list[Content] = []

        def text(content: Content) -> None:
            rows.extend(line.pad_left(INDENT) for line in WrappedText(content, text_width).lines)

        def context_box(context: Context) -> None:
            body = Content.styled(context.heading, "question-view--bold")
            if context.note:
                body += Content.styled(" " + context.note, "question-view--context-note")
            paragraph = Content(context.paragraph)
            for start, end in context.marked:
                paragraph = paragraph.stylize("question-view--context-passage", start, end)
            lines = WrappedText(body + "\n" + paragraph, text_width).lines
            box = _box(lines, measure, "question-view--context-border")
            layout.context_region = Region(0, len(rows), width, len(box))
            rows.extend(box)

        if page.context is not None and page.context.first:  # needed to judge the passage
            context_box(page.context)

        if page.note:
            text(Content.styled(page.note, "question-view--note"))

        opening, closing = page.quotes
        passage = Content(opening + page.passage + closing)
        for spans, style in (
            (page.marked, "question-view--marked"),
            # The cursor under the marking, so that a marked word keeps its colour under it.
            ((page.word_cursor,) if page.word_cursor else (), "question-view--word-cursor"),
            (page.chosen, "question-view--chosen"),
        ):
            for start, end in spans:
                passage = passage.stylize(style, start + len(opening), end + len(opening))
        layout.passage = WrappedText(passage, text_width)
        layout.passage_origin = Offset(left + INDENT, len(rows) + 1)
        rows.extend(_box(layout.passage.lines, measure, "question-view--border"))

        if page.prompt:
            rows.append(Content())
            text(Content.styled(page.prompt, "question-view--prompt"))

        if page.feedback is not None:
            rows.append(Content())
            feedback = page.feedback
            text(Content.styled(feedback.verdict, f"question-view--{feedback.outcome}"))
            if feedback.note:
                text(Content.styled(feedback.note, "question-view--bold"))
            text(Content(feedback.explanation))
            if feedback.labelled:
                rows.append(Content())
            for label, value in feedback.labelled:  # a line without a label is a sentence
                text(Content.assemble((label, "question-view--bold"), " " + value) if label else Content(value))

        if page.buttons:
            rows.append(Content())
            widths = [max(cell_len(button.label) + 2, BUTTON_MIN_WIDTH) for button in page.buttons]
            for indexes in wrap_widths(widths, measure, GAP):
                row_width = sum(widths[index] for index in indexes) + GAP * (len(indexes) - 1)
                x = (measure - row_width) // 2
                parts: list[str | tuple[str, str]] = [" " * x]
                for index in indexes:
                    button, button_width = page.buttons[index], widths[index]
                    room = button_width - cell_len(button.label)
                    label = " " * (room // 2) + button.label + " " * (room - room // 2)
                    parts += [(label, _button_style(button, index == cursor, index == hover)), " " * GAP]
                    layout.buttons.append(Region(left + x, len(rows), button_width, 1))
                    x += button_width + GAP
                rows.append(Content.assemble(*parts[:-1]))

        if page.context is not None and not page.context.first:
            rows.append(Content())
            context_box(page.context)

        layout.rows = [row.pad_left(left) if left else row for row in rows]

    def _relayout(self) -> None:
        """Lay the page shown out again: another size, or another button highlighted."""
        self._use(self._lay_out(self.page, self.cursor, self._hover))

    # --- drawing -----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Another theme, or the stylesheet changed: paint again with its colours.
        self._layout.strips = None
        self._prepared.clear()
        self._styles.clear()

    def on_resize(self) -> None:
        self._prepared.clear()
        self._relayout()

    def render_lines(self, crop: Region) -> list[Strip]:
        # Once per frame, not per line: lay out for a new size (the first frame can come
        # before the resize event), paint after a change of page or theme.
        if (self._layout.full_width, self._layout.height) != self.content_region.size:
            self._relayout()
        if self._layout.strips is None:
            self._paint(self._layout)
        self._blank = Strip.blank(self._layout.width, self._style("").rich_style)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        strips = self._layout.strips or []
        return strips[index] if 0 <= index < len(strips) else self._blank

    def _style(self, names: str | Style) -> Style:
        """The style of a span: its component classes (kept until the styles change)."""
        if isinstance(names, Style):
            return names
        style = self._styles.get(names)
        if style is None:
            components = names.split()
            style = self.get_visual_style(*components) if components else self.visual_style
            # A visual style drops `reverse` (the marked words, a chosen button); Rich's keeps it.
            if components and self.get_component_rich_style(*components, partial=True).reverse:
                style += Style(reverse=True)
            self._styles[names] = style
        return style

    def _paint(self, layout: _Layout) -> None:
        """Turn the laid-out rows into strips the width of the view, in the theme's colours."""
        base = self._style("")
        rich_base = base.rich_style
        strips = []
        for row in layout.rows:
            if row.spans:
                segments = [Segment(text, part.rich_style) for text, part in row.render(base, "", self._style)]
            else:  # most rows: plain text
                segments = [Segment(row.plain, rich_base)]
            strips.append(Strip(segments, row.cell_length).adjust_cell_length(layout.width, rich_base))
        layout.strips = strips

    # --- the mouse and the keys --------------------------------------------------------------

    def _button_at(self, event: events.MouseEvent) -> int | None:
        cell = event.get_content_offset(self)
        if cell is None:
            return None
        cell += self.scroll_offset
        for index, region in enumerate(self._layout.buttons):
            if cell in region:
                return index
        return None

    def on_click(self, event: events.Click) -> None:
        index = self._button_at(event)
        if index is not None and self.page is not None:
            event.stop()
            self.post_message(self.Pressed(self.page.buttons[index].name))

    def _passage_at(self, event: events.MouseEvent) -> int | None:
        cell = event.get_content_offset(self)
        return None if cell is None else self.passage_offset_at(cell)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._passage_at(event)
        self._drag_start = offset
        if offset is not None:
            self.capture_mouse()
            self.post_message(self.PassageDragged(offset, offset, done=False))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        start, self._drag_start = self._drag_start, None
        if start is not None:
            self.capture_mouse(False)
            end = self._passage_at(event)
            self.post_message(self.PassageDragged(start, start if end is None else end, done=True))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_start is not None:
            end = self._passage_at(event)
            if end is not None:
                self.post_message(self.PassageDragged(self._drag_start, end, done=False))
            return
        self._set_hover(self._button_at(event))

    def on_leave(self, _event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            self._hover = index
            self._relayout()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Not handled here (False): Enter goes on to the screen, which goes to the next question.
        if action == "press":
            return self.cursor is not None
        if action == "cursor":
            return bool(self.page and self.page.buttons)
        return True

    def action_cursor(self, step: int) -> None:
        """Choose the next (1) or previous (-1) button; past the last or the first, none."""
        assert self.page is not None
        count = len(self.page.buttons)
        if self.cursor is None:
            self.cursor = 0 if step > 0 else count - 1
        else:
            self.cursor += step
            if not 0 <= self.cursor < count:
                self.cursor = None
        self._relayout()
        self.refresh_bindings()
        if self.cursor is not None:
            self.scroll_to_region(self._layout.buttons[self.cursor], animate=False, immediate=True)

    def action_press(self) -> None:
        if self.page is not None and self.cursor is not None:
            self.post_message(self.Pressed(self.page.buttons[self.cursor].name))


def _strip(layout: _Layout, index: int) -> Strip | None:
    """The painted row `index` of `layout` (None under the page)."""
    strips = layout.strips or []
    return strips[index] if index < len(strips) else None


def _button_style(button: PageButton, chosen: bool, hovered: bool) -> str:
    style = "question-view--button-primary" if button.primary else "question-view--button"
    if chosen:
        return style + " question-view--button-cursor"
    return style + " question-view--button-hover" if hovered else style


def _box(lines: list[Content], width: int, border: str) -> list[Content]:
    """`lines` in a box with round corners, `width` cells wide, a space inside each side."""
    inner = width - 2
    rows = [Content.styled("╭" + "─" * inner + "╮", border)]
    for line in lines:
        room = max(inner - 2 - line.cell_length, 0)
        rows.append(Content.assemble(("│", border), " ", line, " " * (room + 1), ("│", border)))
    rows.append(Content.styled("╰" + "─" * inner + "╯", border))
    return rows
