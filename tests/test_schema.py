"""The JSON Schemas editors use agree with the loader: same keys, same choices, same verdicts."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema  # the `test` extra: the well-kept validator, here only to hold the schemas to account
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from quiz.banks import check_file, find_banks, load_catalog
from quiz.banks.article import ARTICLE_FIELDS
from quiz.banks.bank import BANK_FIELDS, OPTION_FIELDS
from quiz.banks.catalog import CLAIM_TYPE_FIELDS, TECHNIQUE_FIELDS
from quiz.banks.fields import ID, FileChecker
from quiz.banks.items import ITEM_FIELDS
from quiz.banks.yaml_reader import YamlMap
from quiz.core.model import DIFFICULTIES, MODES
from quiz.paths import content_dir, schemas_dir
from quiz.banks.scaffold import new_bank
from quiz.banks.schemas import schema_text
from tests.conftest import FIXTURES, MINI
from tests.test_scaffold import LABELS, SMALL, fill

INVALID = FIXTURES / "invalid"

# Mistakes only the loader can see: they need the article, the whole file, or the raw YAML
# (a schema sees the data after PyYAML has already dropped a duplicate key).
BEYOND_SCHEMA = {
    "duplicate-id.yaml",
    "duplicate-key.yaml",
    "passage-not-in-article.yaml",
    "passage-in-another-paragraph.yaml",
    "passage-trailing-space.yaml",
    "passage-two-spaces.yaml",
    "passage-tab.yaml",
    "passage-lower-case.yaml",
    "passage-non-breaking-space.yaml",
    "passage-surrounding-quotes.yaml",
    "passage-apostrophe.yaml",
    "passage-quotation-mark.yaml",
    "passage-dash.yaml",
    "paragraph-out-of-range.yaml",
    # An answer of another type than the bank's `types:` lists: one key's value against another's.
    "types-answer-not-in-bank.yaml",
    "types-accept-not-in-bank.yaml",
    "cue-not-in-passage.yaml",
    "alternative-equals-answer.yaml",
    "missing-article.yaml",
}


def schema(name: str) -> dict:
    return json.loads((schemas_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))


def _plain(value):
    # The loader reads an unquoted 2022-08-12 as text; editors (YAML 1.2) do the same.
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def schema_accepts(path: Path, name: str, validator=jsonschema.Draft202012Validator) -> bool:
    try:
        data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    except yaml.YAMLError:
        return False
    return validator(schema(name)).is_valid(data)


def loader_accepts(path: Path) -> bool:
    problems = check_file(path, load_catalog()).problems
    return not any(p.severity == "error" for p in problems)


def kind_of(path: Path) -> str:
    return "article" if path.name.startswith("article") else "bank"


@pytest.mark.parametrize("name", ["article", "bank", "claim_types", "techniques"])
def test_each_schema_is_a_valid_draft_2020_12_schema(name):
    jsonschema.Draft202012Validator.check_schema(schema(name))


def test_bank_keys_and_required_keys_match_the_loader():
    bank = schema("bank")
    item = bank["$defs"]["item"]
    options = bank["$defs"]["options"]
    # The loader's field tables are the one definition; the schema must follow them.
    for properties, required, fields in (
        (bank["properties"], bank["required"], BANK_FIELDS),
        (item["properties"], item["required"], ITEM_FIELDS),
        (options["properties"], [], OPTION_FIELDS),
    ):
        assert set(properties) == set(fields)
        assert set(required) == {key for key, field in fields.items() if field.required}


def test_article_keys_and_required_keys_match_the_loader():
    article = schema("article")
    assert set(article["properties"]) == set(ARTICLE_FIELDS)
    assert set(article["required"]) == {k for k, f in ARTICLE_FIELDS.items() if f.required}


def test_definition_keys_match_the_loader():
    for name, top, fields in (
        ("claim_types", "types", CLAIM_TYPE_FIELDS),
        ("techniques", "techniques", TECHNIQUE_FIELDS),
    ):
        entry = schema(name)["properties"][top]["items"]
        assert set(entry["properties"]) == set(fields)
        assert set(entry["required"]) == set(fields)


def test_the_choices_in_the_schema_are_the_shipped_ones():
    defs = schema("bank")["$defs"]
    catalog = load_catalog()
    assert defs["claimType"]["enum"] == list(catalog.type_ids), "update schemas/bank.schema.json"
    assert defs["technique"]["enum"] == [t.id for t in catalog.techniques], (
        "content/techniques.yaml changed: update the technique list in schemas/bank.schema.json"
    )
    assert defs["options"]["properties"]["mode"]["enum"] == list(MODES)
    assert defs["item"]["properties"]["difficulty"]["enum"] == list(DIFFICULTIES)


@pytest.mark.parametrize("name", sorted(path.name for path in INVALID.glob("*.yaml")))
def test_schema_and_loader_agree_on_each_invalid_file(name):
    path = INVALID / name
    by_loader = loader_accepts(path)
    by_schema = schema_accepts(path, kind_of(path))
    if name in BEYOND_SCHEMA:
        assert (by_loader, by_schema) == (False, True)
    else:
        assert by_schema == by_loader, "the loader and the schema disagree"
    # Editors still run a draft-07 engine: the keywords used must mean the same there.
    assert schema_accepts(path, kind_of(path), jsonschema.Draft7Validator) == by_schema


def _valid_files(tmp_path: Path) -> list[Path]:
    _article, bank = new_bank(SMALL, tmp_path / "bike-lanes")
    bank.write_text(fill(bank.read_text(encoding="utf-8"), LABELS), encoding="utf-8")
    shipped = find_banks(content_dir())
    return [
        MINI / "bank.yaml",
        MINI / "article.yaml",
        tmp_path / "bike-lanes" / "article.yaml",
        bank,
        *shipped,
        *(path.parent / "article.yaml" for path in shipped),
    ]


def test_schema_and_loader_accept_the_valid_files(tmp_path):
    for path in _valid_files(tmp_path):
        assert loader_accepts(path), path
        assert schema_accepts(path, kind_of(path)), path
        assert schema_accepts(path, kind_of(path), jsonschema.Draft7Validator), path


def test_both_refuse_a_fresh_skeleton_until_its_labels_are_filled(tmp_path):
    _article, bank = new_bank(SMALL, tmp_path / "bike-lanes")
    assert not loader_accepts(bank)
    assert not schema_accepts(bank, "bank")


def test_the_shipped_definitions_fit_their_schemas():
    for name in ("claim_types", "techniques"):
        assert schema_accepts(content_dir() / f"{name}.yaml", name)


def _schema_target(path: Path) -> Path | None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    return (path.parent / first.removeprefix(prefix)).resolve() if first.startswith(prefix) else None


def test_articles_and_banks_name_their_schema_on_the_first_line():
    banks = find_banks(content_dir()) + [MINI / "bank.yaml"]
    articles = [path.parent / "article.yaml" for path in banks]
    assert banks and articles
    for paths, name in ((banks, "bank"), (articles, "article")):
        for path in paths:
            assert _schema_target(path) == (schemas_dir() / f"{name}.schema.json").resolve(), (
                f"{path}: start it with # yaml-language-server: $schema=<path to {name}.schema.json>"
            )


def test_a_schema_line_in_the_shared_definitions_leads_to_their_schema():
    for name in ("claim_types", "techniques"):
        target = _schema_target(content_dir() / f"{name}.yaml")
        assert target in (None, (schemas_dir() / f"{name}.schema.json").resolve())


@pytest.mark.parametrize("name", ["article", "bank", "claim_types", "techniques"])
def test_the_committed_schemas_are_what_the_loader_tables_make(name):
    committed = (schemas_dir() / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), "the field tables changed: run `make schemas`"


def test_an_id_with_a_space_is_refused_by_both():
    # The id pattern comes from the loader's, so editors flag what validate would.
    bank = _plain(yaml.safe_load((MINI / "bank.yaml").read_text(encoding="utf-8")))
    bank["id"] = "mini quiz"
    assert not jsonschema.Draft202012Validator(schema("bank")).is_valid(bank)
    assert not jsonschema.Draft7Validator(schema("bank")).is_valid(bank)


_ID_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from("aZ9-_. \n\t\u00a0/é"), max_size=8),
    st.sampled_from(["mini\n", "mini ", " mini", "a..b", "a.b", "TODO", " TODO\n", "council-vote"]),
)


@given(_ID_TEXT)
def test_the_schema_takes_exactly_the_ids_validate_takes(value):
    # An id written as `id: |` ends with a line break: validate refuses it, and so must
    # editors and the schema, in every regular-expression engine (Python's "$" matches
    # before a final newline; the schema's pattern does not rely on it).
    mapping = YamlMap(id=value)
    mapping.key_marks, mapping.value_marks = {"id": (1, 1)}, {"id": (1, 5)}
    by_loader = "id" in FileChecker(Path("bank.yaml")).fields(mapping, {"id": ID}, "the bank")
    id_schema = {"$defs": schema("bank")["$defs"], "$ref": "#/$defs/id"}
    assert jsonschema.Draft202012Validator(id_schema).is_valid(value) == by_loader, repr(value)
    assert jsonschema.Draft7Validator(id_schema).is_valid(value) == by_loader, repr(value)
