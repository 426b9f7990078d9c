"""The article a bank asks about: its metadata and body paragraphs."""

from __future__ import annotations

import datetime
from pathlib import Path

from quiz.banks.fields import ID, REQUIRED_TEXT, TEXT, Field, FileChecker
from quiz.banks.problems import ContentError, Problem
from quiz.banks.yaml_reader import YamlList
from quiz.core.model import Article
from quiz.i18n import N_


ARTICLE_FIELDS = {
    "id": ID.described("A short name for the article, e.g. totalitarians-inc."),
    "title": REQUIRED_TEXT.described("The headline, as published."),
    "dek": TEXT.described("The line under the headline (optional)."),
    "author": REQUIRED_TEXT.described("Who wrote the article."),
    "author_bio": TEXT.described("The author's note, shown with the article (optional)."),
    "publication": REQUIRED_TEXT.described("Where it was published."),
    "date": Field(
        (str,), required=True, kind_name="a date",
        description="When it was published, best as 2022-08-12 (quote it).",
    ),
    "pull_quotes": Field(
        YamlList, description="Quotes the publication pulled out; kept for reference, not asked."
    ),
    "paragraphs": Field(
        YamlList, required=True, min_entries=1,
        description="The body paragraphs in order; bank items count them from 1.",
    ),
}


def read_article(path: Path) -> tuple[Article | None, bytes, list[Problem]]:
    """The article in `path` (None when it has errors), the file's bytes and every problem."""
    checker, root, raw = FileChecker.read(path, N_("an article file"))
    article = None
    if root is not None:
        if isinstance(root.get("date"), datetime.date):
            root["date"] = root["date"].isoformat()  # an unquoted 2022-08-12 reads as a date
        fields = checker.fields(root, ARTICLE_FIELDS, N_("the article"))
        paragraphs = (
            checker.text_list(root, "paragraphs", fields["paragraphs"])
            if "paragraphs" in fields
            else []
        )
        if "paragraphs" in fields and not fields["paragraphs"]:
            checker.error(root.value_marks["paragraphs"], "no-paragraphs")
        if "pull_quotes" in fields:
            checker.text_list(root, "pull_quotes", fields["pull_quotes"])
        if not checker.has_errors:
            fields.pop("pull_quotes", None)
            fields["paragraphs"] = tuple(text for text, _mark in paragraphs)
            article = Article(**fields)
    return article, raw, checker.sorted_problems()


def check_article(path: Path) -> tuple[Article | None, list[Problem]]:
    """The article in `path` (None when it has errors) and every problem found."""
    article, _raw, problems = read_article(path)
    return article, problems


def load_article(path: Path) -> tuple[Article, bytes]:
    """The article in `path`, and the file's bytes (for the content hash)."""
    article, raw, problems = read_article(path)
    if article is None:
        raise ContentError(problems)
    return article, raw

