"""The cache of checked banks: a second start with an unchanged bank skips the YAML, never more."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys

import pytest
import yaml

from quiz.i18n import set_language
from quiz.banks import ContentError, check_bank, load_bank, load_catalog
from tests.conftest import MINI


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MEDIA_QUIZ_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def bank_folder(tmp_path):
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


@pytest.fixture
def catalog():
    return load_catalog(MINI)


def entries(cache):
    return sorted((cache / "banks").glob("*.pickle"))


def no_yaml_reading(monkeypatch):
    """Fail if any YAML is parsed (the loader parses with PyYAML's public `yaml.compose`)."""
    def refuse(text, *args, **kwargs):
        raise AssertionError(f"YAML was parsed, not taken from the cache: {text[:60]!r}")

    monkeypatch.setattr(yaml, "compose", refuse)


def test_a_second_load_of_an_unchanged_bank_reads_no_yaml(cache, bank_folder, catalog, monkeypatch):
    first = load_bank(bank_folder / "bank.yaml", catalog)
    assert len(entries(cache)) == 1
    no_yaml_reading(monkeypatch)
    assert load_bank(bank_folder / "bank.yaml", catalog) == first


def test_warnings_come_back_from_the_cache_as_they_were(cache, bank_folder, catalog, monkeypatch):
    bank_path = bank_folder / "bank.yaml"
    bank_path.write_text(bank_path.read_text().replace("count: 4", "count: 40"))
    bank, problems = check_bank(bank_path, catalog)
    assert bank is not None and any(p.severity == "warning" for p in problems)
    no_yaml_reading(monkeypatch)
    assert check_bank(bank_path, catalog) == (bank, problems)


def test_an_edited_bank_is_read_again(cache, bank_folder, catalog):
    bank_path = bank_folder / "bank.yaml"
    load_bank(bank_path, catalog)
    bank_path.write_text(bank_path.read_text().replace("in the minutes", "in the council's minutes"))
    bank = load_bank(bank_path, catalog)
    assert "council's minutes" in bank.items[0].explanation


def test_an_edited_article_is_checked_again(cache, bank_folder, catalog):
    load_bank(bank_folder / "bank.yaml", catalog)
    article = bank_folder / "article.yaml"
    article.write_text(article.read_text().replace("voted 7 to 2", "voted 6 to 3"))
    with pytest.raises(ContentError) as error:
        load_bank(bank_folder / "bank.yaml", catalog)
    assert "not word for word in paragraph 1" in str(error.value)


def test_another_catalog_checks_the_bank_again(cache, bank_folder, catalog):
    load_bank(bank_folder / "bank.yaml", catalog)
    load_bank(bank_folder / "bank.yaml", load_catalog())  # the shipped types and techniques
    assert len(entries(cache)) == 2


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(("something", "else"))])
def test_a_broken_cache_entry_is_ignored_and_replaced(cache, bank_folder, catalog, content):
    expected = load_bank(bank_folder / "bank.yaml", catalog)
    [entry] = entries(cache)
    entry.write_bytes(content)
    assert load_bank(bank_folder / "bank.yaml", catalog) == expected
    assert entry.read_bytes() != content


class Planted:
    """Stands for any class a cached bank never holds (a pickle can name any callable)."""

    def __reduce__(self):
        return (shutil.rmtree, ("/nonexistent-path-the-test-would-notice",))


def test_an_entry_naming_other_classes_is_never_unpickled(cache, bank_folder, catalog, monkeypatch):
    expected = load_bank(bank_folder / "bank.yaml", catalog)
    [entry] = entries(cache)
    entry.write_bytes(pickle.dumps(Planted()))
    monkeypatch.setattr(shutil, "rmtree", lambda *args: pytest.fail("the entry was unpickled"))
    assert load_bank(bank_folder / "bank.yaml", catalog) == expected


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch, bank_folder, catalog):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("MEDIA_QUIZ_CACHE_DIR", str(blocker))  # a file: no folder can go there
    assert load_bank(bank_folder / "bank.yaml", catalog).id == "mini"


def test_warnings_kept_in_english_come_back_in_another_language(cache, bank_folder, catalog, monkeypatch):
    # A problem is a code and its parameters, worded when shown: one entry serves every language.
    bank_path = bank_folder / "bank.yaml"
    bank_path.write_text(bank_path.read_text().replace("count: 4", "count: 40"))
    _bank, problems = check_bank(bank_path, catalog)
    [warning] = [p for p in problems if p.severity == "warning"]
    assert "“count” is 40 but the bank has only 5 items" in str(warning)
    assert len(entries(cache)) == 1
    set_language("fr")
    no_yaml_reading(monkeypatch)
    _bank, cached = check_bank(bank_path, catalog)
    assert cached == problems
    [shown] = [str(p) for p in cached if p.severity == "warning"]
    assert "vaut 40, mais la banque ne contient que 5 items" in shown  # French spacing: no-break
    assert ": avertissement: " in shown


def test_a_bank_with_warnings_checked_in_another_language_is_kept(cache, bank_folder, catalog):
    bank_path = bank_folder / "bank.yaml"
    bank_path.write_text(bank_path.read_text().replace("count: 4", "count: 40"))
    set_language("es")
    check_bank(bank_path, catalog)
    assert len(entries(cache)) == 1


def test_the_catalog_comes_from_the_cache_until_a_definition_is_edited(cache, bank_folder, monkeypatch):
    first = load_catalog(bank_folder)
    with monkeypatch.context() as patch:
        no_yaml_reading(patch)
        assert load_catalog(bank_folder) == first
    types = bank_folder / "claim_types.yaml"
    types.write_text(types.read_text().replace("name: Opinion", "name: View"))
    assert load_catalog(bank_folder).claim_type("opinion").name == "View"


def test_a_second_start_imports_no_yaml(cache, tmp_path):
    """A warm start reads the catalog and the bank from the cache: PyYAML and the checking
    code are not even imported (their import alone is a tenth of the quiz's start-up)."""
    start = (
        "import sys\n"
        "from quiz.banks import find_banks, load_bank, load_catalog\n"
        "from quiz.paths import content_dir, default_bank_path\n"
        "load_bank(default_bank_path(), load_catalog()); find_banks(content_dir())\n"
        "print(sorted(name for name in sys.modules if name == 'yaml' or name.startswith('quiz.banks.')))\n"
    )
    environment = {**os.environ, "MEDIA_QUIZ_CACHE_DIR": str(cache)}

    def modules() -> str:
        return subprocess.run(
            [sys.executable, "-c", start], env=environment, capture_output=True, text=True, check=True
        ).stdout

    assert "'yaml'" in modules()  # the first start reads and checks the files
    loaded = modules()
    assert "'yaml'" not in loaded and "quiz.banks.yaml_reader" not in loaded, loaded
