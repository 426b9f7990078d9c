"""Property tests: whatever bytes a loader is given, it returns a value or our clear error.

Each loader gets random bytes, and YAML-shaped text (random nested data written as YAML,
then cut or mangled) that reaches deeper into the checks: 500 examples in CI, 25 on
a developer's machine (the Hypothesis profiles in conftest.py; HYPOTHESIS_PROFILE=ci runs
the 500 locally).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from quiz.i18n import CatalogError, compiled_catalog
from quiz.banks import ContentError, load_article, load_bank, load_catalog
from quiz.banks.yaml_reader import read_yaml
from tests.conftest import MINI

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)
)
keys = st.sampled_from(
    ["id", "title", "items", "passage", "answer", "accept", "cues", "paragraph", "paragraphs",
     "explanation", "technique", "options", "count", "article", "types", "techniques", "x"]
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
    max_leaves=20,
)


@st.composite
def yaml_like(draw) -> bytes:
    """YAML text of random data, sometimes cut short or with a byte changed."""
    text = yaml.safe_dump(draw(documents), allow_unicode=True).encode("utf-8")
    if text and draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
    if text and draw(st.booleans()):
        at = draw(st.integers(0, len(text) - 1))
        text = text[:at] + bytes([draw(st.integers(0, 255))]) + text[at + 1 :]
    return text


any_input = st.one_of(st.binary(max_size=400), yaml_like())


# One scratch folder for the module, a copy of the mini content: each example overwrites
# one file in it and puts the original back, so every other file stays valid.
SCRATCH = Path(tempfile.mkdtemp(prefix="mq-prop-"))
for _name in ("article.yaml", "bank.yaml", "claim_types.yaml", "techniques.yaml"):
    shutil.copy(MINI / _name, SCRATCH / _name)
CATALOG = load_catalog(MINI)


def _fuzzed(name: str, data: bytes, action) -> None:
    """Run `action` with `data` in place of the scratch file `name`; only our error may escape."""
    path = SCRATCH / name
    path.write_bytes(data)
    try:
        _only_our_error(action)
    finally:
        if (MINI / name).exists():
            shutil.copy(MINI / name, path)


def teardown_module() -> None:
    shutil.rmtree(SCRATCH, ignore_errors=True)


def _only_our_error(action) -> None:
    try:
        action()
    except ContentError as error:
        assert error.problems and all(str(p).count(":") >= 3 for p in error.problems)


@given(data=any_input)
def test_any_bytes_as_yaml_give_a_value_or_a_clear_error(data):
    _fuzzed("any.yaml", data, lambda: read_yaml(SCRATCH / "any.yaml"))


@given(data=any_input)
def test_any_bytes_as_an_article_give_an_article_or_a_clear_error(data):
    _fuzzed("article.yaml", data, lambda: load_article(SCRATCH / "article.yaml"))


@given(data=any_input)
def test_any_bytes_as_a_bank_give_a_bank_or_a_clear_error(data):
    _fuzzed("bank.yaml", data, lambda: load_bank(SCRATCH / "bank.yaml", CATALOG))


@given(data=any_input, which=st.sampled_from(["claim_types.yaml", "techniques.yaml"]))
def test_any_bytes_as_definitions_give_a_catalog_or_a_clear_error(data, which):
    _fuzzed(which, data, lambda: load_catalog(SCRATCH))


po_like = st.one_of(
    st.binary(max_size=300),
    st.lists(
        st.sampled_from(
            ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', 'msgid "a"',
             'msgstr "b"', 'msgctxt "c"', 'msgid_plural "as"', 'msgstr[0] "x"', 'msgstr[1] "y"',
             "#, fuzzy", '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', "", '"', "msgid", "#~ x"]
        ),
        max_size=12,
    ).map(lambda lines: "\n".join(lines).encode("utf-8")),
)


@given(data=po_like)
def test_any_bytes_as_a_translation_catalog_compile_or_give_a_clear_error(data):
    po = SCRATCH / "xx" / "LC_MESSAGES" / "quiz.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_bytes(data)
    try:
        compiled_catalog(data, po)
    except CatalogError as error:
        assert str(po) in str(error)
