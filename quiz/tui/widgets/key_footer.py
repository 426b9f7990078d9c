"""The bar of keys at the bottom of every screen: one line of text, each key clickable."""

from __future__ import annotations

from itertools import groupby
from typing import NamedTuple

from textual import events
from rich.cells import cell_len
from rich.segment import Segment
from textual.binding import Binding
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from quiz.i18n import _
from quiz.tui.wiring import follow_language

_DIM = Style(dim=True)


class _Key(NamedTuple):
    """One entry of the bar: its keys, how each is written, what they do, whether they work now."""

    keys: tuple[str, ...]  # Textual key names, the first one pressed on a click
    shown: tuple[str, ...]  # how each key is written ("⏎", "^r", "1" …)
    description: str  # in English, as BINDINGS write it (N_): translated when drawn
    enabled: bool
    action: str = ""


class KeyFooter(Widget):
    """The keys that work on this screen, with what they do; a click on one presses it.

    Textual's Footer builds a widget for every key and rebuilds them all each time the
    screen's bindings change (several times per question here), which cost more than drawing
    the question itself; it also left the old keys alive (Textualize/textual#6666). This bar
    is one widget drawing one line of text: a change of keys only redraws that line.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--hover"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._entries: tuple[_Key, ...] = ()
        # Where each key is drawn: cells [start, end), its entry, the key a click presses.
        self._targets: list[tuple[int, int, int, str]] = []
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed()
        follow_language(self, self.refresh)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, *_screen: object) -> None:
        entries = self._read_entries()
        if entries != self._entries:
            self._entries = entries
            self.refresh()

    def _read_entries(self) -> tuple[_Key, ...]:
        """The keys to show, one entry per action, keys of a group sharing one description."""
        shown: dict[str, tuple[Binding, bool]] = {}  # action → its first binding
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled)
        entries: list[_Key] = []
        for group, members in groupby(shown.values(), lambda entry: entry[0].group):
            members = list(members)
            if group is not None and len(members) > 1:
                entries.append(_Key(
                    tuple(binding.key for binding, _ in members),
                    tuple(self.app.get_key_display(binding) for binding, _ in members),
                    group.description,
                    any(enabled for _, enabled in members),
                    members[0][0].action,
                ))
            else:
                entries.extend(
                    _Key((binding.key,), (self.app.get_key_display(binding),),
                         binding.description, enabled, binding.action)
                    for binding, enabled in members
                )
        return tuple(entries)

    def render_line(self, y: int) -> Strip:
        # The Line API: one strip from the line's parts, without the text pipeline (wrapping,
        # alignment) a rendered Content goes through, which cost more than the line itself.
        segments = [Segment(text, style.rich_style) for text, style in self._parts()]
        return Strip(segments).adjust_cell_length(self.size.width, self.rich_style)

    def _parts(self) -> list[tuple[str, Style]]:
        """The line's text, piece by piece with its style; notes where each key is drawn."""
        key_style = self.get_visual_style("key-footer--key")
        description_style = self.get_visual_style("key-footer--description")
        hover_style = self.get_visual_style("key-footer--hover", partial=True)
        parts: list[tuple[str, Style]] = []
        self._targets = []
        position = 0
        described = self._described()
        for index, entry in enumerate(self._entries):
            styles = [key_style, description_style]
            if not entry.enabled:
                styles = [style + _DIM for style in styles]
            if index == self._hover:
                styles = [style + hover_style for style in styles]
            # " 1 2 3 4 Answer ": each key of a group is a target of its own.
            for key, shown in zip(entry.keys, entry.shown):
                width = cell_len(shown) + 1
                parts.append((" " + shown, styles[0]))
                self._targets.append((position, position + width, index, key))
                position += width
            parts.append((" ", styles[0]))
            position += 1
            if entry.description and index in described:
                description = _(entry.description)
                parts.append((description + " ", styles[1]))
                # Clicking the words presses the key (the first one of a group).
                width = cell_len(description) + 1
                self._targets.append((position - 1, position + width, index, entry.keys[0]))
                position += width
        return parts

    def _described(self) -> set[int]:
        """The entries that keep their words: every key must stay on the line.

        Where a language's words make the line wider than the bar, entries show their key
        alone, the last ones first (the keys every screen has: theme, help, language) and
        quitting last of all; the help lists every key with its words.
        """
        width = self.size.width or 80
        keys = sum(sum(cell_len(shown) + 1 for shown in entry.shown) + 1 for entry in self._entries)
        words = {
            index: cell_len(_(entry.description)) + 1
            for index, entry in enumerate(self._entries)
            if entry.description
        }
        dropping = sorted(words, key=lambda index: (self._entries[index].action.endswith("quit"), -index))
        kept = set(words)
        for index in dropping:
            if keys + sum(words[kept_index] for kept_index in kept) <= width:
                break
            kept.discard(index)
        return kept

    def _target_at(self, x: int) -> tuple[int, str] | None:
        """The entry and the key drawn at cell `x`, if any."""
        for start, end, index, key in self._targets:
            if start <= x < end:
                return index, key
        return None

    def on_click(self, event: events.Click) -> None:
        target = self._target_at(event.x)
        if target is None:
            return
        index, key = target
        if self._entries[index].enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        target = self._target_at(event.x)
        index = None if target is None else target[0]
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()
