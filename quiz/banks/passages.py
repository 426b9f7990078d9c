"""Whether a passage is word for word in its paragraph, and, when not, what differs and the fix.

A passage that is not found is compared with its paragraph the way a teacher would look: the
first character that differs is named in words (a trailing space, two spaces, a tab, a capital
letter, a non-breaking space, quotation marks around it, another apostrophe or dash, another
word), and the correction offered is the article's own text cut at whole words, so that
pasting it passes. A passage found but starting or ending inside a word is a warning.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from quiz.banks.fields import FileChecker
from quiz.banks.yaml_reader import Mark
from quiz.core.model import Article
from quiz.i18n import N_

# Typographic and plain forms of the same character, one for one (so positions still match):
# a passage typed with ' where the article has ’ is the most common copying slip.
_PLAIN_PUNCTUATION = str.maketrans(
    {
        "’": "'", "‘": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "″": '"', "«": '"', "»": '"',
        "–": "-", "—": "-", "―": "-", "‐": "-", "‑": "-", "−": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    }
)
_KIND_OF_MARK = {
    "'": N_("the apostrophe {typed} where the article has {found}"),
    '"': N_("the quotation mark {typed} where the article has {found}"),
    "-": N_("the dash {typed} where the article has {found}"),
}
_QUOTES = "\"'“”‘’„«»‹›"
_NO_BREAK_SPACES = "\u00a0\u202f"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Mismatch:
    """Why a passage is not in its paragraph: a message code and its values.

    `column` counts the passage's characters from 1, at the first one that differs; the
    correction (`exact` or `closest`) is a stretch of the paragraph cut at whole words.
    """

    code: str
    column: int
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def correction(self) -> str:
        return str(self.params.get("exact", self.params.get("closest", "")))


def check_passage(
    checker: FileChecker, mark: Mark, passage: str, paragraph: int, article: Article
) -> bool:
    """Report a passage that is not word for word in its paragraph, saying what differs.

    Whether the passage is word for word in the article (in this paragraph or another):
    when it is not, its cues are not checked against it, since they will be against the
    corrected passage.
    """
    text = article.paragraph(paragraph)
    if passage in text:
        cut = word_cut(passage, text)
        if cut is not None:
            word, whole = cut
            checker.warning(mark, "passage-cuts-word", word=word, whole=whole)
        return True
    elsewhere = [n for n, other in enumerate(article.paragraphs, 1) if passage in other]
    if elsewhere:
        checker.error(mark, "passage-in-other-paragraph", found=elsewhere[0], given=paragraph)
        return True
    mismatch = explain_mismatch(passage, text)
    checker.error(mark, mismatch.code, number=paragraph, column=mismatch.column, **mismatch.params)
    return False


def explain_mismatch(passage: str, text: str) -> Mismatch:
    """What differs between `passage` and the paragraph `text` it is not found in."""
    span = _find_loosely(passage.strip(), text)
    if span is not None:
        start, end = span
        stretch = text[start:end]
        column, difference, typed, found = _first_difference(passage, stretch)
        return Mismatch(
            "passage-differs",
            column,
            {
                "difference": difference,
                "typed": typed,
                "found": found,
                "code": f"U+{ord(typed):04X}" if typed else "",
                "exact": _whole_words(text, start, end),
            },
        )
    stripped = passage.strip()
    if len(stripped) > 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES:
        span = _find_loosely(stripped[1:-1].strip(), text)
        if span is not None:
            return Mismatch(
                "passage-differs",
                passage.index(stripped[0]) + 1,
                {
                    "difference": N_("quotation marks around it that the article does not have"),
                    "typed": stripped[0],
                    "found": "",
                    "exact": _whole_words(text, *span),
                },
            )
    return _not_found(passage, text)


def word_cut(passage: str, text: str) -> tuple[str, str] | None:
    """The word `passage` cuts in two where it stands in `text`, and the passage widened to
    whole words; None when some place of `passage` in `text` starts and ends at whole words."""
    first: tuple[int, int] | None = None
    start = text.find(passage)
    while start >= 0:
        end = start + len(passage)
        cuts_start = start > 0 and _in_word(text[start - 1]) and _in_word(passage[0])
        cuts_end = end < len(text) and _in_word(text[end]) and _in_word(passage[-1])
        if not (cuts_start or cuts_end):
            return None
        if first is None:
            first = (start, end)
        start = text.find(passage, start + 1)
    if first is None:
        return None
    start, end = first
    whole_start, whole_end = _widen(text, start, end)
    cuts_start = start > 0 and _in_word(text[start - 1]) and _in_word(passage[0])
    at = start if cuts_start else end
    word_start, word_end = _widen(text, at, at)
    return text[word_start:word_end], text[whole_start:whole_end].strip()


def _in_word(char: str) -> bool:
    # Letters of languages written without spaces (Chinese, Japanese) do not make one word
    # with their neighbours: a passage may start anywhere between them.
    return char.isalnum() and unicodedata.east_asian_width(char) not in ("W", "F")


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """`start` and `end` moved out to the edges of the words they stand in."""
    while start > 0 and _in_word(text[start - 1]) and (start == len(text) or _in_word(text[start])):
        start -= 1
    while end < len(text) and _in_word(text[end]) and (end == 0 or _in_word(text[end - 1])):
        end += 1
    return start, end


def _whole_words(text: str, start: int, end: int) -> str:
    start, end = _widen(text, start, end)
    return text[start:end].strip()


def _canonical(text: str) -> tuple[str, list[int]]:
    """`text` lower-cased, with plain quotes and dashes and one space for any run of spaces;
    and, for each character of that, where in `text` it came from."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if out and out[-1] == " ":
                continue
            out.append(" ")
            where.append(index)
            continue
        for plain in char.translate(_PLAIN_PUNCTUATION).lower():
            out.append(plain)
            where.append(index)
    return "".join(out), where


def _find_loosely(passage: str, text: str) -> tuple[int, int] | None:
    """Where `passage` is in `text` when case, quote and dash forms and spacing are ignored."""
    wanted, _where = _canonical(passage)
    haystack, where = _canonical(text)
    found = haystack.find(wanted) if wanted else -1
    if found < 0:
        return None
    return where[found], where[found + len(wanted) - 1] + 1


def _first_difference(passage: str, stretch: str) -> tuple[int, str, str, str]:
    """The column (from 1) of the first character of `passage` that differs from `stretch`,
    the difference in words (an N_ text), and the two characters."""
    i = j = 0
    while i < len(passage) and j < len(stretch) and passage[i] == stretch[j]:
        i += 1
        j += 1
    typed = passage[i] if i < len(passage) else ""
    found = stretch[j] if j < len(stretch) else ""
    return i + 1, _difference(passage, i, typed, found), typed, found


def _difference(passage: str, at: int, typed: str, found: str) -> str:
    """What `typed` (at `at` in `passage`) instead of `found` is, in words: an N_ text."""
    if typed.isspace():
        if not passage[at:].strip():
            return N_("it ends with a space")
        if at == 0:
            return N_("it starts with a space")
        if typed == "\t":
            return N_("a tab where the article has a space")
        if typed in "\n\r":
            return N_("a line break where the article has a space")
        if not found.isspace():
            return N_("two spaces where the article has one")
        if typed in _NO_BREAK_SPACES and found == " ":
            return N_("a non-breaking space where the article has an ordinary one")
        if typed == " " and found in _NO_BREAK_SPACES:
            return N_("an ordinary space where the article has a non-breaking one")
        return N_("a space of another kind ({code}) where the article has another")
    if found.isspace():
        return N_("one space where the article has two")
    if typed.lower() == found.lower():
        if typed.islower():
            return N_("a lower-case “{typed}” where the article has a capital “{found}”")
        return N_("a capital “{typed}” where the article has a lower-case “{found}”")
    plain = found.translate(_PLAIN_PUNCTUATION)
    if typed.translate(_PLAIN_PUNCTUATION) == plain and plain in _KIND_OF_MARK:
        return _KIND_OF_MARK[plain]
    return N_("“{typed}” where the article has “{found}”")


def _not_found(passage: str, text: str) -> Mismatch:
    """The closest stretch of `text`, cut at whole words, and the first words that differ."""
    typed_spans = [m.span() for m in _WORD.finditer(passage)]
    text_spans = [m.span() for m in _WORD.finditer(text)]
    if not typed_spans or not text_spans:
        return Mismatch("passage-not-found", 1, {"typed": passage.strip(), "found": "", "closest": text.strip()})
    typed_words = [_bare(passage[a:b]) for a, b in typed_spans]
    text_words = [_bare(text[a:b]) for a, b in text_spans]
    first, last = _aligned(typed_words, text_words)
    closest_spans = text_spans[first:last]
    matcher = difflib.SequenceMatcher(None, typed_words, text_words[first:last], autojunk=False)
    opcode = next((op for op in matcher.get_opcodes() if op[0] != "equal"), None)
    column, typed, found = 1, "", ""
    if opcode is not None:
        _tag, i1, i2, j1, j2 = opcode
        if i1 == i2 or j1 == j2:  # words left out or added: named with the word after (or before)
            if i2 < len(typed_spans) and j2 < len(closest_spans):
                i2, j2 = i2 + 1, j2 + 1
            else:
                i1, j1 = max(0, i1 - 1), max(0, j1 - 1)
        typed = _words_between(passage, typed_spans, i1, i2)
        found = _words_between(text, closest_spans, j1, j2)
        start = typed_spans[i1][0] if i1 < len(typed_spans) else len(passage)
        column = start + len(os.path.commonprefix([typed, found])) + 1
    # Punctuation the passage leaves off at either end (a full stop, an opening bracket) is
    # left off the closest text too.
    start, end = closest_spans[0][0], closest_spans[-1][1]
    if passage.rstrip()[-1:].isalnum():
        while end > start + 1 and not text[end - 1].isalnum():
            end -= 1
    if passage.lstrip()[:1].isalnum():
        while start < end - 1 and not text[start].isalnum():
            start += 1
    return Mismatch("passage-not-found", column, {"typed": typed, "found": found, "closest": text[start:end]})


def _words_between(text: str, spans: list[tuple[int, int]], first: int, end: int) -> str:
    """The words `first` to `end` (not included, at least one) of `text`, as written there."""
    if first >= len(spans):
        return ""
    return text[spans[first][0] : spans[max(first, end - 1)][1]]


def _bare(word: str) -> str:
    """A word as compared: lower-case, plain quotes and dashes, no punctuation around it."""
    canonical = _canonical(word)[0]
    return canonical.strip("\"'-.,;:!?()[]") or canonical


def _aligned(typed: list[str], words: list[str]) -> tuple[int, int]:
    """The words of the paragraph (first, end) that line up with the passage's words."""
    matcher = difflib.SequenceMatcher(None, words, typed, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return 0, min(len(words), len(typed))
    longest = max(blocks, key=lambda block: block.size)
    first = blocks[0].a - blocks[0].b
    last = blocks[-1].a + blocks[-1].size + (len(typed) - blocks[-1].b - blocks[-1].size)
    if last - first > 2 * len(typed) + 2:  # stray one-word matches far away: trust the longest run
        first = longest.a - longest.b
        last = first + len(typed)
    first = max(0, min(first, len(words) - 1))
    last = max(first + 1, min(last, len(words)))
    return first, last
