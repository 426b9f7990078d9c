"""Widgets of the quiz screens, one per module.

Each is imported on first use, as Textual's own widgets are, so that a screen pays at
start-up only for the widgets it shows (the first screen has no question or chart).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.lazy_names import lazy_names

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

__getattr__ = lazy_names(__name__, _WIDGETS)
