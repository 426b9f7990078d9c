"""Widgets of the quiz screens, one per module."""

from quiz.tui.widgets.button_row import ButtonRow
from quiz.tui.widgets.choices import ChoiceBar
from quiz.tui.widgets.key_footer import KeyFooter
from quiz.tui.widgets.on_off_toggle import OnOffToggle
from quiz.tui.widgets.passage import PassageView
from quiz.tui.widgets.score_chart import Bar, ScoreChart

__all__ = ["ButtonRow", "ChoiceBar", "KeyFooter", "OnOffToggle", "PassageView", "ScoreChart", "Bar"]
