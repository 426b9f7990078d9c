"""YAML mistakes read the same on every machine: with libyaml or with PyYAML's own parser, a
file gives the same values at the same places, or the same problems at the same places.

Each named mistake has its fixture in tests/fixtures/invalid/ (test_validate.py, read both
ways); here any mangled bank is read both ways and the two results compared.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from quiz.banks import yaml_reader
from quiz.banks.yaml_reader import PureSafeLoader, YamlList, YamlMap, read_document
from tests.conftest import MINI

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="this PyYAML was built without libyaml")

BANK = (MINI / "bank.yaml").read_text(encoding="utf-8")
# What slips into a YAML file by hand: the characters YAML gives a meaning to, tabs, spaces,
# line breaks, and characters pasted from a word processor.
TROUBLE = [":", ": ", ":\t", "\t", " ", "  ", "\n", "\n  ", '"', "'", "“", "[", "]", "{", "}", "- ",
           "#", " #", "*", "&", "!", "|", ">-", ">- ", "\\", "\\x", "\x0b", "\u00a0", "?", "%", "@", "`", ","]
SCRATCH = Path(tempfile.mkdtemp(prefix="mq-yaml-"))


def teardown_module() -> None:
    shutil.rmtree(SCRATCH, ignore_errors=True)


@st.composite
def mangled_banks(draw) -> str:
    text = BANK
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(TROUBLE)) + text[at:]
    return text


def _with_places(value: Any) -> Any:
    """`value` with the line and column of every key, value and entry, to compare whole."""
    if isinstance(value, YamlMap):
        return (
            value.mark,
            [(key, value.key_marks[key], value.value_marks[key], _with_places(item)) for key, item in value.items()],
        )
    if isinstance(value, YamlList):
        return (value.mark, [(mark, _with_places(item)) for item, mark in zip(value, value.item_marks)])
    return (type(value).__name__, value)


def _read(path: Path, loader: type) -> tuple[Any, list[str]]:
    before = yaml_reader.LOADER
    yaml_reader.LOADER = loader
    try:
        value, _raw, problems = read_document(path)
    finally:
        yaml_reader.LOADER = before
    return _with_places(value), [str(problem) for problem in problems]


@given(mangled_banks())
def test_a_mangled_bank_reads_the_same_with_and_without_libyaml(text):
    path = SCRATCH / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    assert _read(path, yaml_reader.FastSafeLoader) == _read(path, PureSafeLoader)


def test_a_tab_libyaml_would_let_through_is_refused_with_libyaml_too(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text(BANK.replace("answer: fact", "answer:\tfact", 1), encoding="utf-8")
    line = BANK[: BANK.index("answer: fact")].count("\n") + 1
    expected = [f"{path}:{line}:12: error: a tab character here; YAML needs spaces: replace the tab with spaces"]
    assert yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # libyaml alone takes it
    assert _read(path, yaml_reader.FastSafeLoader)[1] == expected
    assert _read(path, PureSafeLoader)[1] == expected


def test_an_unclosed_quote_is_reported_where_it_opens_not_where_yaml_gives_up(tmp_path):
    # The quote opened on the passage of the second item runs on over three lines of keys;
    # YAML notices only at the next item's passage.
    lines = BANK.splitlines(keepends=True)
    opened = next(n for n, line in enumerate(lines) if 'passage: "This suggests' in line)
    lines[opened] = lines[opened].replace('pass."', "pass.")
    path = tmp_path / "bank.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert caught.value.problem_mark.line + 1 > opened + 2  # where YAML itself stops
    column = lines[opened].index('"') + 1
    for loader in (yaml_reader.FastSafeLoader, PureSafeLoader):
        assert _read(path, loader)[1] == [
            f"{path}:{opened + 1}:{column}: error: the quotation mark \" that opens this text is never "
            "closed; end the text with \""
        ]
