"""What a learner is told about the article: the byline on the start screen and in plain mode."""

from __future__ import annotations

from dataclasses import replace

from quiz.core.feedback import attribution
from quiz.i18n import set_language


def test_the_byline_names_author_publication_and_date(mini_bank):
    assert attribution(mini_bank.article) == "Passages from “The Mini Gazette” by A. Writer, Test Press, January 31, 2024"


def test_an_author_who_is_the_publication_is_named_once(mini_bank):
    # An editorial, or a wire story: "by Reuters, Reuters" says the same thing twice.
    article = replace(mini_bank.article, author="Test Press", publication="test  press")
    assert attribution(article) == "Passages from “The Mini Gazette” by Test Press, January 31, 2024"
    set_language("fr")
    assert "Test Press" in attribution(article) and "test  press" not in attribution(article)
