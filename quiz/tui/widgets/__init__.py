"""Widgets of the quiz screens, one per module.

Each is imported on first use, as Textual's own widgets are, so that a screen pays at
start-up only for the widgets it shows (the first screen has no question or chart).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.tui.widgets.button_row import ButtonRow
    from quiz.tui.widgets.key_footer import KeyFooter
    from quiz.tui.widgets.on_off_toggle import OnOffToggle
    from quiz.tui.widgets.question_view import QuestionView
    from quiz.tui.widgets.score_chart import Bar, ScoreChart

# Each widget and the module that defines it.
_WIDGETS = {
    "ButtonRow": "quiz.tui.widgets.button_row",
    "KeyFooter": "quiz.tui.widgets.key_footer",
    "OnOffToggle": "quiz.tui.widgets.on_off_toggle",
    "QuestionView": "quiz.tui.widgets.question_view",
    "ScoreChart": "quiz.tui.widgets.score_chart",
    "Bar": "quiz.tui.widgets.score_chart",
}
__all__ = sorted(_WIDGETS)


def __getattr__(name: str) -> Any:
    """A widget, imported from its module the first time it is asked for."""
    module = _WIDGETS.get(name)
    if module is None:
        raise AttributeError(f"module 'quiz.tui.widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value
