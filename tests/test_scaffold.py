"""`media-quiz new-bank`: an article text file becomes an article and a bank to label."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
import yaml

from quiz.banks import scaffold
from quiz.banks import load_bank, load_catalog
from quiz.paths import schemas_dir
from quiz.banks.scaffold import ScaffoldError, new_bank, parse_article_text
from quiz.banks.validate import main as validate
from tests.conftest import FIXTURES

SMALL = FIXTURES / "small-article.txt"

# What a teacher fills in for the small article: answer, technique, cues, explanation.
LABELS = {
    "p1-s1": ("fact", None, ["on 9 May"], "A date of a vote can be checked in the council's agenda."),
    "p1-s2": ("fact", None, ["according to"], "A cost reported by a named office can be checked."),
    "p2-s1": ("fact", None, ["say"], "That shop owners said this can be checked; what they said is theirs."),
    "p2-s2": ("inference", None, ["suggests"], "“suggests” marks a conclusion drawn from the complaints."),
    "p2-s3": ("opinion", None, ["should"], "“should” says what the council ought to have done."),
    "p3-s1": ("rhetoric", "black-and-white", ["Who could possibly"], "The question leaves only two sides."),
    "p3-s2": ("rhetoric", "name-calling", ["reckless"], "“reckless few” labels opponents instead of answering them."),
}


def fill(bank_text: str, labels: dict) -> str:
    """The skeleton with each item's TODOs replaced, the way a teacher edits it."""
    head, *blocks = bank_text.split("\n  - id: ")
    filled = []
    for block in blocks:
        item_id = block.split("\n", 1)[0]
        answer, technique, cues, explanation = labels[item_id]
        block = block.replace("answer: TODO", f"answer: {answer}" + (f"\n    technique: {technique}" if technique else ""))
        block = block.replace("cues: []", "cues: " + yaml.safe_dump(cues, default_flow_style=True, allow_unicode=True).strip())
        block = block.replace("explanation: TODO", f"explanation: {explanation}")
        filled.append(block)
    return "\n  - id: ".join([head, *filled])


def test_the_header_and_paragraphs_are_read_from_the_text_file():
    article = parse_article_text(SMALL.read_text(encoding="utf-8"))
    assert article.metadata == {
        "title": "Bike Lanes for Main Street",
        "author": "Sam Rivera",
        "publication": "The Riverside Courier",
        "date": "2024-05-02",
        "dek": "The council votes next week on a plan that splits the town",
    }
    assert len(article.paragraphs) == 3
    # Lines of one paragraph are joined with a single space.
    assert article.paragraphs[1] == (
        "Shop owners say the lanes will drive customers away. This suggests the vote will be close. "
        "Frankly, the council should have asked residents first."
    )


def test_a_file_without_header_is_all_paragraphs(tmp_path):
    source = tmp_path / "windows.txt"
    # Notepad on Windows: a byte-order mark and CRLF line ends.
    source.write_bytes("\ufeffJust a first paragraph.\r\n\r\nAnd a second one.\r\n".encode("utf-8"))
    article_path, _bank = new_bank(source, tmp_path / "out")
    article = yaml.safe_load(article_path.read_text(encoding="utf-8"))
    assert article["paragraphs"] == ["Just a first paragraph.", "And a second one."]
    assert article["title"] == article["author"] == "TODO"


def test_a_first_line_that_only_looks_like_a_header_stays_a_paragraph():
    article = parse_article_text("Washington: the president spoke today.\n\nMore news.\n")
    assert article.metadata == {}
    assert article.paragraphs[0] == "Washington: the president spoke today."


def test_the_skeleton_has_one_item_per_sentence_cut_from_the_article(tmp_path):
    written = new_bank(SMALL, tmp_path / "bike-lanes")
    assert written == [tmp_path / "bike-lanes" / "article.yaml", tmp_path / "bike-lanes" / "bank.yaml"]
    article = yaml.safe_load(written[0].read_text(encoding="utf-8"))
    bank = yaml.safe_load(written[1].read_text(encoding="utf-8"))
    assert article["id"] == bank["id"] == "bike-lanes"
    assert article["title"] == bank["title"] == "Bike Lanes for Main Street"
    assert article["dek"] == "The council votes next week on a plan that splits the town"
    assert bank["article"] == "article.yaml"
    assert bank["options"] == {"mode": "practice", "count": 7, "shuffle": True, "partial_credit": 0.5}
    assert [item["id"] for item in bank["items"]] == list(LABELS)
    assert [item["passage"] for item in bank["items"][2:5]] == [
        "Shop owners say the lanes will drive customers away.",
        "This suggests the vote will be close.",
        "Frankly, the council should have asked residents first.",
    ]
    for item in bank["items"]:
        assert item["passage"] in article["paragraphs"][item["paragraph"] - 1]
        assert item["answer"] == item["explanation"] == "TODO"


def test_validate_lists_every_label_still_to_fill_at_its_line(tmp_path, capsys):
    _article, bank = new_bank(SMALL, tmp_path / "bike-lanes")
    assert validate([str(tmp_path / "bike-lanes")]) == 1
    out = capsys.readouterr().out.splitlines()
    lines = bank.read_text(encoding="utf-8").splitlines()
    answer_line = lines.index("    answer: TODO") + 1
    assert out[0] == f"{bank}:{answer_line}:13: error: label not filled yet: choose fact, inference, opinion or rhetoric"
    assert out[1] == (
        f"{bank}:{answer_line + 2}:18: error: explanation not written yet: say in a sentence or two "
        "what makes this the answer"
    )
    assert out[-1] == "14 errors, 0 warnings in 2 files"


def test_the_skeleton_validates_clean_once_the_labels_are_filled(tmp_path, capsys):
    _article, bank = new_bank(SMALL, tmp_path / "bike-lanes")
    bank.write_text(fill(bank.read_text(encoding="utf-8"), LABELS), encoding="utf-8")
    assert validate([str(tmp_path / "bike-lanes")]) == 0
    assert capsys.readouterr().out == "no problems in 2 files\n"
    played = load_bank(bank, load_catalog())
    assert {item.id: item.answer for item in played.items}["p2-s2"] == "inference"


def test_options_fill_or_override_the_header(tmp_path):
    source = tmp_path / "plain.txt"
    source.write_text("A paragraph. Another sentence.\n", encoding="utf-8")
    article_path, _bank = new_bank(
        source, tmp_path / "out", article_id="My Article!", title="Given Title", author="Given Author"
    )
    article = yaml.safe_load(article_path.read_text(encoding="utf-8"))
    assert article["id"] == "my-article"
    assert article["title"] == "Given Title"
    assert article["author"] == "Given Author"
    assert article["publication"] == article["date"] == "TODO"


def test_metadata_left_as_todo_is_reported_until_filled(tmp_path, capsys):
    source = tmp_path / "plain.txt"
    source.write_text("Only one sentence here.\n", encoding="utf-8")
    article_path, _bank = new_bank(source, tmp_path / "out", title="T", author="A", date="2024-01-01")
    validate([str(article_path)])
    lines = article_path.read_text(encoding="utf-8").splitlines()
    line = lines.index('publication: "TODO"') + 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{article_path}:{line}:14: error: “publication” is not filled in yet; replace TODO"
    )


def test_awkward_characters_survive_the_round_trip(tmp_path):
    source = tmp_path / "odd.txt"
    text = 'He said: "It\'s #1 — really." She replied: {no}\u2028[bold]yes[/] & more.'
    source.write_text(text + "\n", encoding="utf-8")
    article_path, bank_path = new_bank(source, tmp_path / "out", title="T", author="A", publication="P", date="D")
    article = yaml.safe_load(article_path.read_text(encoding="utf-8"))
    # \u2028 is a line separator: joined into the paragraph like any line break.
    assert article["paragraphs"] == [text.replace("\u2028", " ")]
    for item in yaml.safe_load(bank_path.read_text(encoding="utf-8"))["items"]:
        assert item["passage"] in article["paragraphs"][0]


def test_existing_files_are_never_overwritten(tmp_path):
    out = tmp_path / "bike-lanes"
    out.mkdir()
    (out / "bank.yaml").write_text("mine\n", encoding="utf-8")
    with pytest.raises(ScaffoldError) as caught:
        new_bank(SMALL, out)
    assert str(caught.value) == (
        f"{out / 'bank.yaml'} already exists; choose another --out folder or move the file away"
    )
    assert (out / "bank.yaml").read_text(encoding="utf-8") == "mine\n"
    assert not (out / "article.yaml").exists()  # nothing half-written either


def test_a_text_without_paragraphs_is_refused(tmp_path):
    source = tmp_path / "empty.txt"
    source.write_text("Title\nAuthor: A\n\n\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="no paragraphs found; separate the paragraphs with blank lines"):
        new_bank(source, tmp_path / "out")


def test_a_text_that_is_not_utf8_is_refused(tmp_path):
    source = tmp_path / "latin.txt"
    source.write_bytes("Caf\u00e9 news.\n".encode("latin-1"))
    with pytest.raises(ScaffoldError, match="not UTF-8 text; save it as UTF-8"):
        new_bank(source, tmp_path / "out")


def test_the_schema_line_leads_to_the_shipped_schema(tmp_path):
    article_path, bank_path = new_bank(SMALL, tmp_path / "out")
    for path, schema in ((article_path, "article.schema.json"), (bank_path, "bank.schema.json")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        where = first.split("=", 1)[1]
        target = Path(urllib.parse.unquote(urllib.parse.urlparse(where).path)) if where.startswith("file:") else path.parent / where
        assert target.resolve() == (schemas_dir() / schema).resolve()


def test_the_command_reports_what_it_wrote_and_what_to_do_next(tmp_path, capsys):
    out = tmp_path / "bike-lanes"
    assert scaffold.main(str(SMALL), str(out)) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        f"wrote {out / 'article.yaml'}",
        f"wrote {out / 'bank.yaml'}",
        f"7 items to label: fill in the TODOs, then run `media-quiz validate {out}`",
    ]
    assert scaffold.main(str(SMALL), str(out)) == 1
    assert "already exists" in capsys.readouterr().err


def test_the_command_says_when_the_text_file_is_missing(tmp_path, capsys):
    assert scaffold.main(str(tmp_path / "nope.txt"), str(tmp_path / "out")) == 2
    assert capsys.readouterr().err == (
        f"media-quiz new-bank: {tmp_path / 'nope.txt'}: no such file; name the article's text file\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_bank_made_inside_the_content_folder_points_at_the_schema_like_the_shipped_ones(tmp_path, monkeypatch):
    from quiz.paths import default_bank_path

    # A checkout's layout, content/<id>/ beside schemas/, built in tmp_path: nothing is
    # written into the real content folder.
    monkeypatch.setattr(scaffold, "schemas_dir", lambda: tmp_path / "schemas")
    _article, bank = new_bank(SMALL, tmp_path / "content" / "new-article")
    line = bank.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    assert line == "# yaml-language-server: $schema=../../schemas/bank.schema.json\n"
    assert line == default_bank_path().read_text(encoding="utf-8").splitlines(keepends=True)[0]
