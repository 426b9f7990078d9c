"""Loading articles and banks: what loads, and the message for each mistake a teacher makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quiz.banks import ContentError, load_bank
from quiz.banks.yaml_reader import read_yaml
from tests.conftest import MINI


def test_the_mini_bank_loads_with_every_field(mini_bank):
    assert mini_bank.title == "Mini quiz"
    assert mini_bank.article.title == "The Mini Gazette"
    assert len(mini_bank.article.paragraphs) == 2
    item = {i.id: i for i in mini_bank.items}["shameful-scheme"]
    assert item.answer == "rhetoric"
    assert item.accept == ("opinion",)
    assert item.technique == "loaded-language"
    assert item.cues == ("disastrous, shameful",)
    assert item.difficulty == "hard"
    assert item.paragraph == 2
    assert mini_bank.options.partial_credit == 0.5
    assert len(mini_bank.content_hash) == 64


def bank_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the mini bank with `old` replaced by `new`."""
    for name in ("article.yaml", "claim_types.yaml", "techniques.yaml"):
        shutil.copy(MINI / name, tmp_path / name)
    text = (MINI / "bank.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "bank.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path / "bank.yaml"


def problems_of(path: Path, catalog) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_bank(path, catalog)
    return [str(p) for p in caught.value.problems]


def line_of(path: Path, text: str, nth: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, 1) if text in line]
    return hits[nth - 1]


def test_a_passage_not_in_its_paragraph_names_the_line_and_the_closest_text(tmp_path, mini_catalog):
    path = bank_with(tmp_path, "The council met on", "The council meet on")
    [problem] = problems_of(path, mini_catalog)
    line = line_of(path, "council meet on")
    assert problem.startswith(f"{path}:{line}:14: error: ")
    assert "not word for word in paragraph 1" in problem
    assert "The council met on 3 May and voted 7 to 2." in problem


def test_a_passage_from_another_paragraph_says_which(tmp_path, mini_catalog):
    path = bank_with(tmp_path, "paragraph: 2\n    passage: \"What", "paragraph: 1\n    passage: \"What")
    [problem] = problems_of(path, mini_catalog)
    assert "the passage is in paragraph 2, not 1" in problem


def test_a_cue_not_in_the_passage_is_reported_at_the_cue(tmp_path, mini_catalog):
    path = bank_with(tmp_path, 'cues: ["suggests"]', 'cues: ["suggest that"]')
    [problem] = problems_of(path, mini_catalog)
    line = line_of(path, "suggest that")
    assert problem.startswith(f"{path}:{line}:12: error: the cue “suggest that” is not in the passage")


def test_an_alternative_equal_to_the_answer_is_an_error(tmp_path, mini_catalog):
    path = bank_with(tmp_path, "accept: [opinion]", "accept: [inference]")
    [problem] = problems_of(path, mini_catalog)
    assert f":{line_of(path, 'accept: [inference]')}:14: error:" in problem
    assert "is the answer itself" in problem


def test_a_duplicate_key_is_an_error_not_silently_dropped(tmp_path, mini_catalog):
    path = bank_with(tmp_path, "    answer: opinion\n", "    answer: opinion\n    answer: fact\n")
    [problem] = problems_of(path, mini_catalog)
    first = line_of(path, "answer: opinion")
    assert f":{first + 1}:5: error: duplicate key “answer” (first given on line {first})" in problem


def test_an_unknown_key_suggests_the_known_one(tmp_path, mini_catalog):
    path = bank_with(tmp_path, "    explanation: “should”", "    explantion: “should”")
    problems = problems_of(path, mini_catalog)
    assert any("unknown key “explantion” in an item; did you mean “explanation”?" in p for p in problems)
    assert any("an item has no “explanation”; add it" in p for p in problems)


def test_an_unknown_claim_type_suggests_the_closest(tmp_path, mini_catalog):
    path = bank_with(tmp_path, "answer: opinion", "answer: opinon")
    [problem] = problems_of(path, mini_catalog)
    assert "unknown claim type “opinon”; did you mean “opinion”?" in problem


def test_duplicate_item_ids_are_reported(tmp_path, mini_catalog):
    path = bank_with(tmp_path, "id: fans-said", "id: council-vote")
    [problem] = problems_of(path, mini_catalog)
    assert f"duplicate item id “council-vote” (first on line {line_of(path, 'id: council-vote')})" in problem


def test_rhetoric_without_a_technique_is_an_error(tmp_path, mini_catalog):
    path = bank_with(tmp_path, "    technique: loaded-language\n", "")
    [problem] = problems_of(path, mini_catalog)
    assert "a rhetoric item needs a “technique”" in problem


def test_a_wrong_type_of_value_says_what_was_expected(tmp_path, mini_catalog):
    path = bank_with(tmp_path, "paragraph: 2", "paragraph: two")
    [problem] = problems_of(path, mini_catalog)
    assert "“paragraph” must be a whole number, not text" in problem


def test_invalid_yaml_points_at_the_bracket_left_open(tmp_path, mini_catalog):
    path = bank_with(tmp_path, "    answer: opinion\n", "    answer: [opinion\n")
    [problem] = problems_of(path, mini_catalog)
    line = line_of(path, "answer: [opinion")
    assert problem == f"{path}:{line}:13: error: the [ opened here is never closed; close it with ]"


def test_a_file_that_is_not_utf8_is_reported_not_crashed(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_bytes("title: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(ContentError) as caught:
        read_yaml(path)
    assert str(caught.value) == f"{path}:1:11: error: the file is not UTF-8 text; save it as UTF-8"


def test_alias_bombs_fail_fast_with_a_clear_message(tmp_path):
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for n in range(1, 9):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 10) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContentError) as caught:
        read_yaml(path)
    assert "expands to too many values" in str(caught.value)


def test_a_missing_file_is_a_clear_message(tmp_path, mini_catalog):
    with pytest.raises(ContentError) as caught:
        load_bank(tmp_path / "nope.yaml", mini_catalog)
    assert str(caught.value).endswith("nope.yaml:1:1: error: file not found; check the path")


@pytest.mark.parametrize(
    ("name", "line", "what"),
    [("article.yaml", 2, "an article"), ("claim_types.yaml", 3, "the list of claim types"),
     ("techniques.yaml", 1, "the list of techniques")],
)
def test_a_file_given_as_a_bank_that_is_not_one_says_what_it_is(name, line, what, yaml_parser, mini_catalog):
    # `media-quiz --bank article.yaml`: not "the bank has no title, no items …" but what it is.
    problems = problems_of(MINI / name, mini_catalog)
    assert problems == [
        f"{MINI / name}:{line}:1: error: this file is {what}, not a bank; name the bank file instead "
        "(such as the bank.yaml beside it)"
    ]
