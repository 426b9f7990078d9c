"""How screens and widgets reach the app: typed, and following the language it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, cast

from textual.binding import Binding
from textual.dom import DOMNode

from quiz.i18n import N_

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp

# What every full screen offers after its own keys: the language, help, and quit (which asks).
# Each letter also answers to where it sits on a Russian (ЙЦУКЕН) or Greek keyboard, so a
# student need not switch layouts: l = д/λ, q = й/; .
EVERY_SCREEN_KEYS = [
    Binding("l,д,λ", "app.choose_language", N_("Language"), key_display="l"),
    Binding("question_mark", "app.help", N_("Help"), key_display="?"),
    Binding("q,й,semicolon", "app.request_quit", N_("Quit"), key_display="q"),
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
