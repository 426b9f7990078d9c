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
    "council-will-vote-on-9-may": ("fact", None, ["on 9 May"], "A date of a vote can be checked in the council's agenda."),
    "plan-would-cost-40-000-according": ("fact", None, ["according to"], "A cost reported by a named office can be checked."),
    "shop-owners-say-lanes-will-drive": ("fact", None, ["say"], "That shop owners said this can be checked; what they said is theirs."),
    "this-suggests-vote-will-be-close": ("inference", None, ["suggests"], "“suggests” marks a conclusion drawn from the complaints."),
    "frankly-council-should-have-asked-residents": ("opinion", None, ["should"], "“should” says what the council ought to have done."),
    "who-could-possibly-be-against-safer": ("rhetoric", "black-and-white", ["Who could possibly"], "The question leaves only two sides."),
    "only-reckless-few": ("rhetoric", "name-calling", ["reckless"], "“reckless few” labels opponents instead of answering them."),
}
# What new-bank suggests for each sentence: answer, technique, cues.
SUGGESTED = {
    "council-will-vote-on-9-may": ("fact", None, ["9 May"]),
    "plan-would-cost-40-000-according": ("fact", None, ["according to"]),
    "shop-owners-say-lanes-will-drive": ("fact", None, ["say"]),
    "this-suggests-vote-will-be-close": ("inference", None, ["suggests", "will be"]),
    "frankly-council-should-have-asked-residents": ("opinion", None, ["should"]),
    "who-could-possibly-be-against-safer": ("rhetoric", "doubt", ["Who could possibly be"]),
    "only-reckless-few": ("rhetoric", "loaded-language", ["reckless"]),
}


def fill(bank_text: str, labels: dict) -> str:
    """The skeleton with each item checked and completed, the way a teacher edits it: the
    suggested answer, technique and cues replaced, `suggested: true` deleted, the explanation
    written."""
    head, *blocks = bank_text.split("\n  - id: ")
    filled = []
    for block in blocks:
        item_id = block.split("\n", 1)[0]
        answer, technique, cues, explanation = labels[item_id]
        kept = [
            line for line in block.split("\n")
            if not line.startswith(("    answer:", "    technique:", "    suggested:", "    cues:", "    explanation:"))
        ]
        kept = [line for line in kept if line]
        kept.append(f"    answer: {answer}")
        if technique:
            kept.append(f"    technique: {technique}")
        kept.append("    cues: " + yaml.safe_dump(cues, default_flow_style=True, allow_unicode=True).strip())
        kept.append(f"    explanation: {explanation}")
        filled.append("\n".join(kept) + "\n")
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
        assert item["explanation"] == "TODO"


def test_each_sentence_comes_with_a_suggested_label_and_the_words_that_gave_it_away(tmp_path):
    _article, bank = new_bank(SMALL, tmp_path / "bike-lanes")
    items = yaml.safe_load(bank.read_text(encoding="utf-8"))["items"]
    suggested = {item["id"]: (item["answer"], item.get("technique"), item["cues"]) for item in items}
    assert suggested == {key: (answer, technique, cues) for key, (answer, technique, cues) in SUGGESTED.items()}
    assert all(item["suggested"] is True for item in items)
    for item in items:  # a cue is always words of its passage
        assert all(cue in item["passage"] for cue in item["cues"])


def test_validate_lists_every_suggestion_to_check_and_explanation_to_write_at_its_line(tmp_path, capsys):
    _article, bank = new_bank(SMALL, tmp_path / "bike-lanes")
    assert validate([str(tmp_path / "bike-lanes")]) == 1
    out = capsys.readouterr().out.splitlines()
    lines = bank.read_text(encoding="utf-8").splitlines()
    suggested_line = lines.index("    suggested: true") + 1
    assert out[0] == (
        f"{bank}:{suggested_line}:16: warning: “answer: fact” was suggested by new-bank, not chosen by a "
        "teacher; check it and the cues, then delete “suggested: true”"
    )
    assert out[1] == (
        f"{bank}:{suggested_line + 2}:18: error: explanation not written yet: say in a sentence or two "
        "what makes this the answer"
    )
    assert out[-1] == "7 errors, 7 warnings in 2 files"


def test_validate_warns_about_each_suggestion_until_a_teacher_deletes_its_mark(tmp_path, capsys):
    _article, bank = new_bank(SMALL, tmp_path / "bike-lanes")
    text = bank.read_text(encoding="utf-8").replace("explanation: TODO", "explanation: Checked by the teacher.")
    bank.write_text(text, encoding="utf-8")
    assert validate([str(tmp_path / "bike-lanes")]) == 0  # warnings alone: the bank plays
    assert capsys.readouterr().out.splitlines()[-1] == "0 errors, 7 warnings in 2 files"
    bank.write_text(text.replace("    suggested: true\n", ""), encoding="utf-8")
    assert validate([str(tmp_path / "bike-lanes")]) == 0
    assert capsys.readouterr().out == "no problems in 2 files\n"


def test_the_skeleton_validates_clean_once_the_labels_are_filled(tmp_path, capsys):
    _article, bank = new_bank(SMALL, tmp_path / "bike-lanes")
    bank.write_text(fill(bank.read_text(encoding="utf-8"), LABELS), encoding="utf-8")
    assert validate([str(tmp_path / "bike-lanes")]) == 0
    assert capsys.readouterr().out == "no problems in 2 files\n"
    played = load_bank(bank, load_catalog())
    assert {item.id: item.answer for item in played.items}["this-suggests-vote-will-be-close"] == "inference"


def test_ids_are_the_first_words_of_their_sentence_and_stay_when_a_paragraph_is_added(tmp_path):
    _article, bank = new_bank(SMALL, tmp_path / "before")
    before = [item["id"] for item in yaml.safe_load(bank.read_text(encoding="utf-8"))["items"]]
    longer = tmp_path / "longer.txt"
    text = SMALL.read_text(encoding="utf-8")
    longer.write_text(text.replace("\n\nThe council will", "\n\nA new first paragraph.\n\nThe council will", 1), encoding="utf-8")
    _article, bank = new_bank(longer, tmp_path / "after")
    after = [item["id"] for item in yaml.safe_load(bank.read_text(encoding="utf-8"))["items"]]
    assert after == ["new-first-paragraph", *before]
    assert before[0] == "council-will-vote-on-9-may"


def test_sentences_with_the_same_first_words_get_ids_of_their_own(tmp_path):
    source = tmp_path / "repeat.txt"
    source.write_text("No Russian tanks. No Russian tanks.\n\nNo Russian tanks.\n\n“¿…?”\n", encoding="utf-8")
    _article, bank = new_bank(source, tmp_path / "out", title="T", author="A", publication="P", date="D")
    ids = [item["id"] for item in yaml.safe_load(bank.read_text(encoding="utf-8"))["items"]]
    # A sentence with no letter or digit to make an id of is named by where it stands.
    assert ids == ["no-russian-tanks", "no-russian-tanks-2", "no-russian-tanks-3", "p3-s1"]


def test_the_bank_says_to_rename_ids_before_students_play_it(tmp_path):
    _article, bank = new_bank(SMALL, tmp_path / "bike-lanes")
    header = bank.read_text(encoding="utf-8").split("\nid:", 1)[0]
    assert "# Each id is made from its sentence's first words. Rename any now, before students play" in header
    assert "# the bank: scores are kept by item id, so an item renamed later starts again with no history." in header


def test_an_article_in_spanish_gets_spanish_cue_words(tmp_path):
    source = tmp_path / "noticia.txt"
    source.write_text(
        "El consejo votó el 3 de mayo. Esto sugiere que el plan pasará. El ayuntamiento debería escuchar.\n",
        encoding="utf-8",
    )
    _article, bank = new_bank(source, tmp_path / "noticia", title="T", author="A", publication="P", date="D", language="es")
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    assert data["language"] == "es"
    assert [(item["id"], item["answer"], item["cues"]) for item in data["items"]] == [
        ("consejo-voto-3-mayo", "fact", ["3 de mayo"]),
        ("esto-sugiere-que-plan-pasara", "inference", ["sugiere"]),
        ("ayuntamiento-deberia-escuchar", "opinion", ["debería"]),
    ]


def test_a_language_without_cue_words_leaves_the_labels_to_the_teacher(tmp_path, capsys):
    source = tmp_path / "noticia.txt"
    source.write_text("O conselho votou em 3 de maio.\n", encoding="utf-8")
    out = tmp_path / "noticia"
    assert scaffold.main(str(source), str(out), title="T", author="A", publication="P", date="D", language="pt-BR") == 0
    [item] = yaml.safe_load((out / "bank.yaml").read_text(encoding="utf-8"))["items"]
    assert (item["answer"], item["cues"], "suggested" in item) == ("TODO", [], False)
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"1 item to label: fill in the TODOs, then run `media-quiz validate {out}`"
    )


def test_a_language_that_is_not_a_code_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ScaffoldError) as caught:
        new_bank(SMALL, tmp_path / "out", language="English")
    assert str(caught.value) == "“English” is not a language code; write one such as en, es or pt-BR"
    assert not (tmp_path / "out").exists()


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
        f"7 items with suggested labels: check each, write the explanations, then run "
        f"`media-quiz validate {out}`",
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
