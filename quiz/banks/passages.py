"""Whether a passage is word for word in its paragraph, and what is closest when not."""

from __future__ import annotations

import difflib

from quiz.banks.fields import FileChecker
from quiz.banks.yaml_reader import Mark
from quiz.core.model import Article


# a passage typed with ' where the article has ’ is the most common copying slip.
_PLAIN_PUNCTUATION = str.maketrans(
    {
        "’": "'", "‘": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "″": '"', "«": '"', "»": '"',
        "–": "-", "—": "-", "―": "-", "‐": "-", "‑": "-", "−": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    }
)


def check_passage(
    checker: FileChecker, mark: Mark, passage: str, paragraph: int, article: Article
) -> None:
    """Report a passage that is not word for word in its paragraph, naming the closest text."""
    text = article.paragraph(paragraph)
    if passage in text:
        return
    elsewhere = [n for n, other in enumerate(article.paragraphs, 1) if passage in other]
    if elsewhere:
        checker.error(mark, "passage-in-other-paragraph", found=elsewhere[0], given=paragraph)
        return
    start = text.translate(_PLAIN_PUNCTUATION).find(passage.translate(_PLAIN_PUNCTUATION))
    if start >= 0:
        exact = text[start : start + len(passage)]
        checker.error(mark, "passage-punctuation", number=paragraph, exact=exact)
        return
    closest = closest_passage(passage, text).strip()
    checker.error(mark, "passage-not-found", number=paragraph, closest=closest)


def closest_passage(passage: str, paragraph: str) -> str:
    """The stretch of `paragraph` most like `passage` (same length, best match)."""
    matcher = difflib.SequenceMatcher(None, paragraph, passage, autojunk=False)
    block = max(matcher.get_matching_blocks(), key=lambda b: b.size)
    start = max(0, min(block.a - block.b, len(paragraph) - len(passage)))
    return paragraph[start : start + len(passage)]


