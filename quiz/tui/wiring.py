"""How screens and widgets reach the app: typed, and following the language it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, cast

from textual.binding import Binding
from textual.dom import DOMNode

from quiz.i18n import N_

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp

# What every full screen offers after its own keys: the language, help, and quit (which asks).
EVERY_SCREEN_KEYS = [
    Binding("l", "app.choose_language", N_("Language")),
    Binding("question_mark", "app.help", N_("Help"), key_display="?"),
    Binding("q", "app.request_quit", N_("Quit")),
]


def quiz_app(node: DOMNode) -> QuizApp:
    """The app, typed: for what every screen offers (language, help, the next screen)."""
    return cast("QuizApp", node.app)


def follow_language(node: DOMNode, render: Callable[[], object]) -> None:
    """Call `render` now, and again each time the learner changes the language.

    Called from a screen's or widget's `on_mount`; the subscription ends with the node.
    """
    render()
    quiz_app(node).language_changed_signal.subscribe(node, lambda _language: render())
