"""What every quiz screen shares: text and key descriptions in the active language."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from quiz.i18n import _


class Translatable:
    """Mixin for screens whose text must follow the active language.

    Key descriptions are written in English in BINDINGS (marked with N_ for extraction) and
    translated here when the screen is mounted or the language changes.
    """

    def on_mount(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        """Re-render every text on the screen in the active language."""
        translate_bindings(self)  # type: ignore[arg-type]
        self.refresh_bindings()  # type: ignore[attr-defined]
        self.render_text()

    def render_text(self) -> None:
        """Fill in the screen's text; overridden by each screen."""


def translate_bindings(node: DOMNode) -> None:
    """Show `node`'s key descriptions (written in English in BINDINGS) in the active language."""
    merged = type(node)._merged_bindings
    bindings = BindingsMap()
    if merged is not None:
        for key, entries in merged.key_to_bindings.items():
            bindings.key_to_bindings[key] = [_translated(b) for b in entries]
    # Textual reads a node's key descriptions from _bindings; no public setter exists.
    node._bindings = bindings


def _translated(binding: Binding) -> Binding:
    group = binding.group
    if group is not None and group.description:
        group = replace(group, description=_(group.description))
    description = _(binding.description) if binding.description else ""
    return replace(binding, description=description, group=group)
