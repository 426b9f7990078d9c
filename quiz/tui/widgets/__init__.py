"""Widgets of the quiz screens, one per module."""

from quiz.tui.widgets.button_row import ButtonRow
from quiz.tui.widgets.key_footer import KeyFooter
from quiz.tui.widgets.question_view import QuestionView
from quiz.tui.widgets.score_chart import Bar, ScoreChart

__all__ = ["ButtonRow", "KeyFooter", "QuestionView", "ScoreChart", "Bar"]
