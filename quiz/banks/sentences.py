"""Splitting a paragraph into sentences, for bank skeletons and the explanation-length check.

A small adapter around syntok (pure Python, well kept, and the best of those tried on news
text: it keeps "U.S.", "D-Calif.," and "p.m." inside their sentences). Everything else in the
quiz calls `split_sentences`, so the splitter can be swapped here alone.
"""

from __future__ import annotations


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of `paragraph`, in order, each an exact substring of it.

    Exact substrings matter: a bank's passage must be word for word in the article, so a
    sentence is cut out of the paragraph, never rebuilt from tokens. Whitespace between
    sentences belongs to none of them.
    """
    # Imported here: syntok compiles its patterns on import, and only `new-bank` and long
    # explanations need it, not every start of the quiz.
    from syntok import segmenter

    sentences = []
    # `analyze` (unlike `process`) keeps each token's offset in the original text and
    # leaves words untouched ("don't" stays one token, hyphens at line ends stay).
    for block in segmenter.analyze(paragraph):
        for tokens in block:
            if not tokens:
                continue
            start = tokens[0].offset
            end = tokens[-1].offset + len(tokens[-1].value)
            sentence = paragraph[start:end].strip()
            if sentence:
                sentences.append(sentence)
    return sentences
