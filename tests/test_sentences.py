"""The sentence splitter behind `new-bank`: where news sentences end, and exact substrings."""

from __future__ import annotations

import subprocess
import sys

import pytest

from quiz.banks import load_article
from quiz.paths import content_dir
from quiz.banks.sentences import split_sentences
from tests.conftest import MINI


@pytest.mark.parametrize(
    "paragraph, sentences",
    [
        (
            # Abbreviations a regular expression splits at: "D-Calif.,", "U.S.", "Mr.", "p.m.", "Jan."
            "Sen. Dianne Feinstein (D-Calif.), said U.S. officials met Mr. Smith at 3 p.m. on "
            "Jan. 5. The meeting was short.",
            [
                "Sen. Dianne Feinstein (D-Calif.), said U.S. officials met Mr. Smith at 3 p.m. on Jan. 5.",
                "The meeting was short.",
            ],
        ),
        (
            "He earned $1.5 billion in 2021. Prof. J. R. R. Tolkien wrote it.",
            ["He earned $1.5 billion in 2021.", "Prof. J. R. R. Tolkien wrote it."],
        ),
        (
            # Closing quotes stay with their sentence; questions and exclamations end one.
            "“Who decides?” she asked. ‘Nobody.’ What a mess! Then—silence.",
            ["“Who decides?” she asked.", "‘Nobody.’", "What a mess!", "Then—silence."],
        ),
        ('"Is it true?" he asked. Yes.', ['"Is it true?" he asked.', "Yes."]),
        ("A last sentence without a full stop", ["A last sentence without a full stop"]),
        ("", []),
        ("   \n  ", []),
    ],
)
def test_news_sentences_end_where_a_reader_expects(paragraph, sentences):
    assert split_sentences(paragraph) == sentences


def test_words_are_kept_as_written_not_normalised():
    # syntok's `process` would turn "don't" into "do not" and join "well-\nknown"; the
    # quiz needs the article's own characters.
    assert split_sentences("They don't know. It's well-\nknown.") == ["They don't know.", "It's well-\nknown."]


def _assert_cut_from(paragraph: str, sentences: list[str]) -> None:
    """Each sentence is the next stretch of `paragraph`, with only whitespace between them."""
    rest = paragraph
    for sentence in sentences:
        assert sentence == sentence.strip() and sentence
        start = rest.index(sentence)
        assert not rest[:start].strip(), f"text lost before {sentence!r}: {rest[:start]!r}"
        rest = rest[start + len(sentence) :]
    assert not rest.strip(), f"text lost at the end: {rest!r}"


def test_every_paragraph_of_the_shipped_article_is_cut_into_exact_substrings():
    article, _raw = load_article(content_dir() / "totalitarians-inc" / "article.yaml")
    total = 0
    for paragraph in article.paragraphs:
        sentences = split_sentences(paragraph)
        _assert_cut_from(paragraph, sentences)
        total += len(sentences)
    assert total > len(article.paragraphs)  # it did split, not return whole paragraphs


@pytest.mark.parametrize(
    "paragraph",
    [
        "Line one.\r\nLine two.\n\nA second block. With two sentences.",
        "Tabs\tand  double  spaces. After\u00a0a no-break space. End.",
        "Ellipsis… and more. (A bracketed sentence.) [Another one.] Done",
    ],
)
def test_odd_whitespace_and_brackets_still_give_exact_substrings(paragraph):
    _assert_cut_from(paragraph, split_sentences(paragraph))


def test_the_quiz_starts_without_importing_the_splitter():
    # Loading a bank with short explanations must not pay syntok's import time.
    code = (
        "import sys; from pathlib import Path; import quiz.banks.sentences; "
        "from quiz.banks import load_bank, load_catalog; "
        f"mini = Path({str(MINI)!r}); "
        "load_bank(mini / 'bank.yaml', load_catalog(mini)); "
        "print('syntok' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
