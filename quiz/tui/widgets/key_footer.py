"""The bar of keys at the bottom of every screen: Textual's Footer, rebuilt less and without a leak."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it shows change, letting its old keys go.

    Showing a screen or an answer changes the bindings several times in a row (the screen
    stack, the focus, the keys that apply after an answer); Footer rebuilt every key after
    each change, even when it would show the same keys, and that took more time than
    drawing the question itself. Each rebuild also left the old keys alive: every key
    watches the footer's `compact`, and Textual drops a watcher only when the watched value
    changes, which `compact` never does (Textualize/textual#6666). Over a quiz that grew by
    thousands of objects an answer, and the garbage collector's pauses with them.
    """

    _rebuild_pending = False
    _shown: tuple | None = None  # what the keys show now: (key, binding, enabled, tooltip) …

    def bindings_changed(self, screen: Screen) -> None:
        # As Footer.bindings_changed, with the rebuilds that are already due merged into one.
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:  # its screen was closed meanwhile
            return
        shown = tuple(
            (key, active.binding, active.enabled, active.tooltip)
            for key, active in self.screen.active_bindings.items()
            if active.binding.show
        )
        if shown == self._shown:
            return
        self._shown = shown
        await self.recompose()
        # Where Textual keeps the watchers of this footer's reactives (see the docstring).
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if node.is_attached]
