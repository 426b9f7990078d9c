"""Widgets of the quiz screens, one per module."""

from quiz.tui.widgets.button_row import ButtonRow
from quiz.tui.widgets.choices import ChoiceBar
from quiz.tui.widgets.key_footer import KeyFooter
from quiz.tui.widgets.passage import PassageView

__all__ = ["ButtonRow", "ChoiceBar", "KeyFooter", "PassageView"]
