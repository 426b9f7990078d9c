"""How screens and widgets reach the app: typed, and following the language it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp


def quiz_app(node: DOMNode) -> QuizApp:
    """The app, typed: for what every screen offers (language, help, the next screen)."""
    return cast("QuizApp", node.app)


def follow_language(node: DOMNode, render: Callable[[], object]) -> None:
    """Call `render` now, and again each time the learner changes the language.

    Called from a screen's or widget's `on_mount`; the subscription ends with the node.
    """
    render()
    quiz_app(node).language_changed_signal.subscribe(node, lambda _language: render())
