"""A passage that is not word for word in its paragraph: what differs, named, and a correction
that passes when pasted. A passage cut inside a word is a warning."""

from __future__ import annotations

from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

from quiz.banks.fields import FileChecker
from quiz.banks.passages import check_passage, explain_mismatch, word_cut
from quiz.banks.validate import main as validate
from quiz.core.model import Article
from quiz.paths import content_dir

ARTICLE_FILE = content_dir() / "totalitarians-inc" / "article.yaml"


def _article() -> Article:
    from quiz.banks.article import load_article

    return load_article(ARTICLE_FILE)[0]


ARTICLE = _article()
DRONES = "Russia’s use of imported Iranian drones, based on stolen U.S. technology"


def _bank(folder: Path, passage: str) -> Path:
    bank = folder / "bank.yaml"
    bank.write_text(
        f"id: drones\ntitle: Drones\narticle: {ARTICLE_FILE}\nitems:\n"
        "  - id: drones\n"
        "    paragraph: 2\n"
        f'    passage: "{passage}"\n'
        "    answer: fact\n"
        '    cues: ["Iranian drones"]\n'
        "    explanation: Where the drones came from can be checked.\n",
        encoding="utf-8",
    )
    return bank


def test_a_retyped_word_is_named_and_the_closest_text_pasted_passes(tmp_path, capsys):
    assert DRONES in ARTICLE.paragraph(2)
    bank = _bank(tmp_path, DRONES.replace("U.S.", "US"))
    assert validate([str(bank)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (
        f"{bank}:7:14: error: the passage is not word for word in paragraph 2: at character 59 it has "
        f"“US” where the article has “U.S.”; closest: “{DRONES}”"
    )
    closest = first.split("closest: “", 1)[1].removesuffix("”")
    _bank(tmp_path, closest)
    assert validate([str(bank)]) == 0
    assert capsys.readouterr().out.endswith("no problems in 2 files\n")


def test_a_passage_cut_inside_a_word_is_a_warning_whose_whole_words_pass(tmp_path, capsys):
    bank = _bank(tmp_path, DRONES[2:-3])  # "ssia’s use … U.S. technol"
    assert validate([str(bank)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"{bank}:7:14: warning: the passage cuts the word “Russia” in two; take whole words: “{DRONES}”"
    )
    _bank(tmp_path, DRONES)
    assert validate([str(bank)]) == 0
    assert capsys.readouterr().out.endswith("no problems in 2 files\n")


def test_a_passage_between_chinese_characters_cuts_no_word():
    text = "议会于5月3日投票。这表明该计划将会通过。"
    assert word_cut("这表明该计划", text) is None


def _problems(passage: str, paragraph: int) -> list:
    checker = FileChecker(Path("bank.yaml"))
    check_passage(checker, (1, 1), passage, paragraph, ARTICLE)
    return checker.problems


# The slips a teacher makes when copying a passage by hand.
SLIPS = [
    lambda p, n: p + " ",
    lambda p, n: " " + p,
    lambda p, n: _at_space(p, n, "  "),
    lambda p, n: _at_space(p, n, "\t"),
    lambda p, n: _at_space(p, n, "\u00a0"),
    lambda p, n: _at_space(p, n, "\n"),
    lambda p, n: p[:1].swapcase() + p[1:],
    lambda p, n: "“" + p + "”",
    lambda p, n: '"' + p + '"',
    lambda p, n: p.replace("’", "'").replace("—", "-").replace("“", '"').replace("”", '"'),
    lambda p, n: " ".join(w for i, w in enumerate(p.split(" ")) if i != n % max(1, len(p.split(" ")))),
    lambda p, n: " ".join(w[:-1] if i == n % max(1, len(p.split(" "))) and len(w) > 2 else w for i, w in enumerate(p.split(" "))),
    lambda p, n: p.replace(".", "", 1),
    lambda p, n: p.replace(" the ", " a ", 1),
]


def _at_space(passage: str, n: int, replacement: str) -> str:
    spaces = [i for i, char in enumerate(passage) if char == " "]
    if not spaces:
        return passage + replacement
    at = spaces[n % len(spaces)]
    return passage[:at] + replacement + passage[at + 1 :]


@st.composite
def slipped_passages(draw) -> tuple[int, str]:
    """A stretch of a paragraph of the shipped article at whole words, then a slip."""
    number = draw(st.integers(1, len(ARTICLE.paragraphs)))
    words = ARTICLE.paragraph(number).split(" ")
    start = draw(st.integers(0, len(words) - 1))
    end = draw(st.integers(start + 1, min(len(words), start + 25)))
    passage = " ".join(words[start:end])
    slip = draw(st.sampled_from(SLIPS))
    return number, slip(passage, draw(st.integers(0, 40)))


@given(slipped_passages())
def test_the_correction_offered_for_any_slip_passes_when_pasted(case):
    number, passage = case
    text = ARTICLE.paragraph(number)
    assume(passage.strip() and passage not in text)
    assume(not any(passage in other for other in ARTICLE.paragraphs))
    mismatch = explain_mismatch(passage, text)
    assert mismatch.code in ("passage-differs", "passage-not-found")
    assert 1 <= mismatch.column <= len(passage) + 1
    correction = mismatch.correction
    assert correction and correction in text
    assert _problems(correction, number) == [], (passage, correction)


@given(st.integers(1, len(ARTICLE.paragraphs)), st.integers(0, 10_000), st.integers(1, 60))
def test_a_passage_cut_anywhere_is_warned_about_or_whole(number, start, length):
    text = ARTICLE.paragraph(number)
    start %= len(text)
    passage = text[start : start + length].strip()
    assume(passage)
    cut = word_cut(passage, text)
    problems = _problems(passage, number)
    if cut is None:
        assert problems == []
    else:
        [warning] = problems
        assert (warning.code, warning.severity) == ("passage-cuts-word", "warning")
        _word, whole = cut
        assert _problems(whole, number) == []
