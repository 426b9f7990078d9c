"""`media-quiz validate`: one line per mistake, at the spot in the YAML, and the exit status."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

import quiz.banks.catalog
import quiz.banks.validate
from quiz.banks import ContentError, check_file, load_bank, load_catalog
from quiz.banks.validate import main
from tests.conftest import FIXTURES, MINI

INVALID = FIXTURES / "invalid"

# Every kind of mistake, its file in tests/fixtures/invalid/, and exactly what validate says:
# LINE:COL: severity: message. Errors make the exit status 1; warnings alone leave it 0.
EXPECTED = {
    "unknown-key.yaml": [
        "5:1: error: unknown key “descripton” in the bank; did you mean “description”?",
    ],
    "wrong-type.yaml": [
        "7:16: error: “paragraph” must be a whole number, not text",
    ],
    "missing-field.yaml": [
        "6:5: error: an item has no “passage”; add it",
    ],
    "duplicate-id.yaml": [
        "12:9: error: duplicate item id “council-vote” (first on line 6); give each item its own id",
    ],
    "duplicate-key.yaml": [
        "10:5: error: duplicate key “answer” (first given on line 9); keep one",
    ],
    "unknown-claim-type.yaml": [
        "9:13: error: unknown claim type “fakt”; did you mean “fact”?",
    ],
    "unknown-claim-type-capitals.yaml": [
        "9:13: error: unknown claim type “FACT”; did you mean “fact”?",
    ],
    "unknown-technique.yaml": [
        "10:16: error: unknown technique “loaded-langauge”; did you mean “loaded-language”?",
    ],
    "rhetoric-without-technique.yaml": [
        "6:5: error: a rhetoric item needs a “technique”; use one of: loaded-language, name-calling, "
        "repetition, exaggeration-minimisation, doubt, appeal-to-fear, flag-waving, "
        "causal-oversimplification, slogans, appeal-to-authority, black-and-white, "
        "thought-terminating-cliche, whataboutism-straw-man-red-herring, bandwagon-reductio-ad-hitlerum",
    ],
    "passage-not-in-article.yaml": [
        "8:14: error: the passage is not word for word in paragraph 1: at character 15 it has “meet” "
        "where the article has “met”; closest: “The council met on 3 May and voted 7 to 2.”",
    ],
    # What differs is named, at its character in the passage; the text to copy is the article's.
    "passage-trailing-space.yaml": [
        "8:14: error: the passage differs from paragraph 1 at character 35: it ends with a space; "
        "copy it exactly: “The council should fund libraries.”",
    ],
    "passage-two-spaces.yaml": [
        "8:14: error: the passage differs from paragraph 1 at character 22: two spaces where the article "
        "has one; copy it exactly: “The council met on 3 May and voted 7 to 2.”",
    ],
    "passage-tab.yaml": [
        "8:14: error: the passage differs from paragraph 1 at character 19: a tab where the article has "
        "a space; copy it exactly: “The council met on 3 May and voted 7 to 2.”",
    ],
    "passage-lower-case.yaml": [
        "8:14: error: the passage differs from paragraph 1 at character 1: a lower-case “t” where the "
        "article has a capital “T”; copy it exactly: “The council met on 3 May and voted 7 to 2.”",
    ],
    "passage-non-breaking-space.yaml": [
        "8:14: error: the passage differs from paragraph 1 at character 21: a non-breaking space where "
        "the article has an ordinary one; copy it exactly: “The council met on 3 May and voted 7 to 2.”",
    ],
    "passage-surrounding-quotes.yaml": [
        "8:14: error: the passage differs from paragraph 1 at character 1: quotation marks around it "
        "that the article does not have; copy it exactly: “The council should fund libraries.”",
    ],
    "passage-apostrophe.yaml": [
        "8:14: error: the passage differs from paragraph 1 at character 4: the apostrophe ' where the "
        "article has ’; copy it exactly: ““It’s over,” she said — and left.”",
    ],
    "passage-quotation-mark.yaml": [
        "8:14: error: the passage differs from paragraph 1 at character 1: the quotation mark \" where "
        "the article has “; copy it exactly: ““It’s over,” she said — and left.”",
    ],
    "passage-dash.yaml": [
        "8:14: error: the passage differs from paragraph 1 at character 23: the dash - where the article "
        "has —; copy it exactly: ““It’s over,” she said — and left.”",
    ],
    "warning-passage-cuts-word.yaml": [
        "8:14: warning: the passage cuts the word “council” in two; take whole words: "
        "“council met on 3 May and voted 7 to 2.”",
    ],
    "passage-in-another-paragraph.yaml": [
        "8:14: error: the passage is in paragraph 1, not 2; fix “paragraph”",
    ],
    "paragraph-out-of-range.yaml": [
        "7:16: error: there is no paragraph 5; the article has 2 (count from 1)",
    ],
    "cue-not-in-passage.yaml": [
        "10:24: error: the cue “will surely” is not in the passage; copy the words exactly",
    ],
    "alternative-equals-answer.yaml": [
        "10:23: error: the accepted alternative “inference” is the answer itself; remove it",
    ],
    "empty-explanation.yaml": [
        "11:18: error: “explanation” is empty; write it out",
    ],
    "todo-answer.yaml": [
        "9:13: error: label not filled yet: choose fact, inference, opinion or rhetoric",
    ],
    "todo-explanation.yaml": [
        "11:18: error: explanation not written yet: say in a sentence or two what makes this the answer",
    ],
    "bad-mode.yaml": [
        "6:9: error: unknown mode “test”; use one of: practice, exam",
    ],
    "bad-count.yaml": [
        "6:10: error: “count” must be at least 1",
    ],
    "bad-partial-credit.yaml": [
        "6:19: error: “partial_credit” must be between 0 and 1 (0.5 gives half a point)",
    ],
    "bad-time-limit.yaml": [
        "6:15: error: “time_limit” must be a whole number, not text",
    ],
    "bad-option-key.yaml": [
        "6:3: error: unknown key “shufle” in the options; did you mean “shuffle”?",
    ],
    "bad-language.yaml": [
        "5:11: error: “English” is not a language code; write one such as en, es or pt-BR",
    ],
    "missing-article.yaml": [
        "4:10: error: there is no article file “../mini/artcle.yaml”; “article” is the path from "
        "the bank's folder",
    ],
    "no-items.yaml": [
        "5:8: error: the bank has no items; add at least one",
    ],
    "item-not-a-mapping.yaml": [
        "12:5: error: an item must be a mapping of keys and values",
    ],
    # YAML mistakes, in a teacher's words, at the place the mistake was made; the same with or
    # without libyaml (each is read both ways).
    "yaml-unclosed-bracket.yaml": [
        "10:11: error: the [ opened here is never closed; close it with ]",
    ],
    "yaml-tab.yaml": [
        "9:12: error: a tab character here; YAML needs spaces: replace the tab with spaces",
    ],
    "yaml-control-character.yaml": [
        "11:54: error: an invisible control character (U+000B) here, often left by pasting from a word "
        "processor; delete it",
    ],
    "yaml-colon-in-text.yaml": [
        "11:43: error: a colon and a space inside a text that is not in quotes; put the whole text in "
        "double quotes, or write it on the lines below a “>-” (see “Quoting text” in AUTHORING.md)",
    ],
    "yaml-no-space-after-colon.yaml": [
        "9:11: error: put a space after the colon: “answer: fact”, not “answer:fact”",
    ],
    "yaml-unclosed-quote.yaml": [
        "8:14: error: the quotation mark \" that opens this text is never closed; end the text with \"",
    ],
    "yaml-text-after-quote.yaml": [
        "11:18: error: the text goes on after its closing \"; for quotation marks inside a text use the "
        "curly ones (“ ” ‘ ’), or write the text on the lines below a “>-”",
    ],
    "yaml-indentation.yaml": [
        "10:4: error: this line is not lined up with the lines above it; indent it with spaces exactly "
        "as far as the other keys of its item",
    ],
    "yaml-not-key-value.yaml": [
        "12:5: error: this line is not “key: value”; if it goes on with the text above, indent it "
        "further than that text's key",
    ],
    "yaml-list-comma.yaml": [
        "10:20: error: a comma is missing before this entry; separate the entries of a list with "
        "commas: [a, b]",
    ],
    "yaml-special-start.yaml": [
        "11:18: error: a text cannot start with * unless it is in quotes; put the whole text in double "
        "quotes",
    ],
    "yaml-backslash.yaml": [
        "11:76: error: a backslash in double quotes starts an escape such as \\n; write \\\\ for a "
        "backslash, or put the text in single quotes",
    ],
    "yaml-block-scalar.yaml": [
        "11:18: error: after “>-” the text starts on the next line, indented further than its key",
    ],
    # A mistake without words of its own: YAML's, and where it started.
    "not-yaml.yaml": [
        "12:1: error: this is not valid YAML (expected a single document in the stream but found "
        "another document, from line 2); check quotes, colons and indentation",
    ],
    "article-missing-title.yaml": [
        "2:1: error: the article has no “title”; add it",
    ],
    "article-paragraphs-not-a-list.yaml": [
        "8:3: error: “paragraphs” must be a list, not text",
    ],
    "article-empty-paragraph.yaml": [
        "9:5: error: each entry of “paragraphs” must be non-empty text",
    ],
    "article-unknown-key.yaml": [
        "2:1: error: the article has no “author”; add it",
        "4:1: error: unknown key “autor” in the article; did you mean “author”?",
    ],
    "unknown-kind.yaml": [
        "1:1: error: cannot tell what this file is: a bank has “items”, an article has “paragraphs”",
    ],
    "warning-no-cues.yaml": [
        "6:5: warning: the item has no “cues”; list the words that give the type away, so that the "
        "feedback can highlight them",
    ],
    "warning-long-explanation.yaml": [
        "11:18: warning: the explanation has 4 sentences; keep it to 3 or fewer, so that students "
        "read it",
    ],
    "warning-technique-not-rhetoric.yaml": [
        "10:16: warning: a technique is shown only for rhetoric items; this one is “fact”",
    ],
    "warning-duplicate-passage.yaml": [
        "14:14: warning: item “council-vote” (line 8) already asks this passage; keep one of them",
    ],
    "warning-count-above-items.yaml": [
        "6:10: warning: “count” is 10 but the bank has only 1 item; every item will be asked",
    ],
    "warning-cue-cuts-word.yaml": [
        "10:12: warning: the cue “suggest” starts or ends inside a word; learners mark whole "
        "words, so make it whole words",
    ],
    "bad-evidence.yaml": [
        "6:13: error: unknown evidence setting “maybe”; use one of: on, off",
    ],
    # A bank's own claim types (`types:`): known, at least two, each once; its items keep to them.
    "types-unknown.yaml": [
        "5:15: error: unknown claim type “opinon”; did you mean “opinion”?",
    ],
    "types-too-few.yaml": [
        "5:8: error: “types” must list at least two of fact, inference, opinion or rhetoric, for learners "
        "to choose between; or leave “types” out for all of them",
    ],
    "types-duplicate.yaml": [
        "8:5: error: “fact” is listed twice in “types” (first on line 6); keep one",
    ],
    "types-answer-not-in-bank.yaml": [
        "10:13: error: “inference” is not among this bank's “types” (line 5: fact, opinion); use one of "
        "those, or add “inference” to “types”",
    ],
    "types-accept-not-in-bank.yaml": [
        "11:14: error: “rhetoric” is not among this bank's “types” (line 5: fact, opinion); use one of "
        "those, or add “rhetoric” to “types”",
    ],
    "warning-technique-without-rhetoric.yaml": [
        "11:16: warning: this bank's “types” (line 5) leave out rhetoric, so a technique is never shown; "
        "delete the technique, or add rhetoric to “types”",
    ],
    "warning-suggested-label.yaml": [
        "10:16: warning: “answer: fact” was suggested by new-bank, not chosen by a teacher; check it "
        "and the cues, then delete “suggested: true”",
    ],
}


def test_every_invalid_fixture_has_its_expected_report():
    assert sorted(EXPECTED) == sorted(path.name for path in INVALID.glob("*.yaml"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_mistake_is_one_line_at_its_line_and_column(name, yaml_parser, capsys):
    path = INVALID / name
    status = main([str(path)])
    lines = capsys.readouterr().out.splitlines()
    problems, summary = lines[:-1], lines[-1]
    assert problems == [f"{path}:{expected}" for expected in EXPECTED[name]]
    has_errors = any(": error: " in line for line in problems)
    assert status == (1 if has_errors else 0)
    assert summary.endswith(("in 1 file", "in 2 files"))


@pytest.mark.parametrize(
    "name", sorted(name for name in EXPECTED if not name.startswith(("article-", "unknown-kind")))
)
def test_the_app_refuses_exactly_what_validate_reports(name, yaml_parser):
    """One definition of each rule: loading a bank in the app and validating it agree."""
    path = INVALID / name
    problems = check_file(path, load_catalog()).problems
    if any(p.severity == "error" for p in problems):
        with pytest.raises(ContentError) as caught:
            load_bank(path, load_catalog())
        assert caught.value.problems == problems
    else:
        assert load_bank(path, load_catalog()).items


def test_the_shipped_content_validates_clean(capsys):
    status = main([])
    out = capsys.readouterr().out
    assert status == 0, out
    assert ": error: " not in out


def test_the_summary_counts_errors_warnings_and_files(capsys):
    status = main(
        [
            str(INVALID / "duplicate-id.yaml"),
            str(INVALID / "warning-no-cues.yaml"),
            str(INVALID / "article-unknown-key.yaml"),
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert status == 1
    # duplicate-id.yaml, its article (checked once for both banks), warning-no-cues.yaml,
    # article-unknown-key.yaml; the two banks also share their id, a fourth error
    assert out[-1] == "4 errors, 1 warning in 4 files"


def test_a_clean_folder_says_so_and_checks_each_file_once(capsys):
    assert main([str(MINI)]) == 0
    assert capsys.readouterr().out == "no problems in 4 files\n"


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path, capsys):
    status = main([str(tmp_path / "nope.yaml")])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err == f"media-quiz validate: {tmp_path / 'nope.yaml'}: no such file or folder\n"


def test_a_folder_without_yaml_files_is_a_usage_error(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "no YAML files in this folder" in capsys.readouterr().err


def test_every_problem_of_a_file_comes_at_once_in_file_order(tmp_path, capsys):
    text = (INVALID / "duplicate-key.yaml").read_text(encoding="utf-8")
    path = tmp_path / "bank.yaml"
    path.write_text(
        text.replace("article: ../mini/article.yaml", f"article: {MINI / 'article.yaml'}")
        .replace("answer: opinion", "answer: opinon")  # the duplicate, ignored: first one kept
        .replace("paragraph: 1", "paragraph: 9"),
        encoding="utf-8",
    )
    assert main([str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[0].removeprefix(f"{path}:") for line in lines[:-1]] == ["7:16", "10:5"]


def test_broken_definitions_are_shown_and_banks_are_not_checked_against_them(
    tmp_path, monkeypatch, capsys
):
    for name in ("claim_types.yaml", "techniques.yaml"):
        shutil.copy(MINI / name, tmp_path / name)
    broken = tmp_path / "techniques.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("    name: Doubt\n", ""), encoding="utf-8")
    monkeypatch.setattr(quiz.banks.catalog, "content_dir", lambda: tmp_path)
    monkeypatch.setattr(quiz.banks.validate, "content_dir", lambda: tmp_path)
    assert main([str(MINI / "bank.yaml")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{broken}:6:5: error: a technique has no “name”; add it"
    assert lines[1] == (
        f"{MINI / 'bank.yaml'}:1:1: error: not checked: the claim types or techniques have errors; "
        "fix those first"
    )


def test_an_unexpected_failure_is_one_line_not_a_traceback(monkeypatch, capsys):
    def explode(path: Path, catalog):
        raise KeyError("boom")

    monkeypatch.setattr(quiz.banks.validate, "check_file", explode)
    assert main([str(MINI / "bank.yaml")]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        f"{MINI / 'bank.yaml'}:1:1: error: could not check this file (KeyError: 'boom'); "
        "please report this as a bug"
    )
    assert "Traceback" not in out


def _copy_mini(folder: Path) -> Path:
    for name in ("article.yaml", "bank.yaml"):
        shutil.copy(MINI / name, folder / name)
    return folder / "bank.yaml"


def test_watch_checks_again_after_a_save_and_stops_cleanly_on_ctrl_c(tmp_path, monkeypatch, capsys):
    bank = _copy_mini(tmp_path)
    naps = []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 1:  # the teacher saves a mistake while validate watches
            bank.write_text(
                bank.read_text(encoding="utf-8").replace("answer: opinion", "answer: opinon"),
                encoding="utf-8",
            )
        elif len(naps) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(quiz.banks.validate.time, "sleep", sleep)
    status = main([str(tmp_path)], watch=True)
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert status == 1  # the last check found an error
    assert out[0] == "no problems in 2 files"
    assert "a file changed, checking again" in out[2]
    assert "unknown claim type “opinon”; did you mean “opinion”?" in out[3]
    assert out[-1] == "1 error, 0 warnings in 2 files"
    assert len([line for line in out if "checking again" in line]) == 1  # nothing changed after
    assert naps == [1.0, 1.0, 1.0]
    assert "press Ctrl+C to stop" in captured.err
    assert "Traceback" not in captured.err


def test_watch_notices_a_new_bank_in_the_folder(tmp_path, monkeypatch, capsys):
    _copy_mini(tmp_path)
    (tmp_path / "second").mkdir()
    calls = 0

    def sleep(seconds: float) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            shutil.copy(INVALID / "no-items.yaml", tmp_path / "second" / "bank.yaml")
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr(quiz.banks.validate.time, "sleep", sleep)
    assert main([str(tmp_path)], watch=True) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'second' / 'bank.yaml'}:4:10: error: there is no article file" in out


def test_a_copied_bank_that_kept_the_id_of_the_first_is_reported(tmp_path, capsys):
    # A teacher starts a second bank by copying the first and forgets to change its id.
    for folder in ("first", "second"):
        (tmp_path / folder).mkdir()
        _copy_mini(tmp_path / folder)
    assert main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    second = tmp_path / "second" / "bank.yaml"
    assert (
        f"{second}:2:5: error: the bank id “mini” is also the id of {tmp_path / 'first' / 'bank.yaml'}"
        in out
    )
    assert str(tmp_path / "first" / "bank.yaml") + ":" not in out  # the first keeps its id
    text = second.read_text(encoding="utf-8").replace("id: mini", "id: mini-two", 1)
    second.write_text(text, encoding="utf-8")
    assert main([str(tmp_path)]) == 0


AUTHORING = Path(__file__).parent.parent / "AUTHORING.md"


def _authoring_blocks() -> list[str]:
    text = AUTHORING.read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```yaml\n")[1:]]


def _authoring_example(tmp_path: Path) -> Path:
    """AUTHORING.md's complete example written out as content/school-lunch: the folder."""
    folder = tmp_path / "content" / "school-lunch"
    folder.mkdir(parents=True)
    for name in ("article", "bank"):
        header = f"# yaml-language-server: $schema=../../schemas/{name}.schema.json\nid: "
        [block] = [b for b in _authoring_blocks() if b.startswith(header)]
        (folder / f"{name}.yaml").write_text(block, encoding="utf-8")
    return folder


def test_the_example_in_authoring_md_validates_clean(tmp_path, capsys):
    folder = _authoring_example(tmp_path)
    assert main([str(folder)]) == 0
    assert capsys.readouterr().out == "no problems in 2 files\n"
    bank = load_bank(folder / "bank.yaml", load_catalog())
    assert {item.answer for item in bank.items} == {"fact", "inference", "opinion", "rhetoric"}
    assert (bank.options.mode, bank.options.time_limit) == ("exam", 10)


def test_the_quoting_example_in_authoring_md_validates_and_its_text_reads_as_one_line(
    tmp_path, yaml_parser, capsys
):
    folder = _authoring_example(tmp_path)
    bank = folder / "bank.yaml"
    [quoted] = [b for b in _authoring_blocks() if b.startswith("  - id: longer-queues\n")]
    text = bank.read_text(encoding="utf-8")
    start = text.index("  - id: longer-queues\n")
    end = text.index("  - id: ", start + 1)
    bank.write_text(text[:start] + quoted + text[end:], encoding="utf-8")
    assert main([str(folder)]) == 0
    assert capsys.readouterr().out == "no problems in 2 files\n"
    item = {i.id: i for i in load_bank(bank, load_catalog()).items}["longer-queues"]
    assert item.explanation == (
        'A prediction: "probably" marks a conclusion drawn from the survey, not a record of what happened.'
    )
    # The same text on one line, without the >-: the colon is where YAML stops, and says why.
    one_line = text[:start] + quoted.replace(">-\n      ", "").replace(",\n      ", ", ") + text[end:]
    bank.write_text(one_line, encoding="utf-8")
    assert main([str(folder)]) == 1
    line = one_line[: one_line.index("A prediction:")].count("\n") + 1
    column = len("    explanation: A prediction") + 1
    assert capsys.readouterr().out.splitlines()[0].startswith(
        f"{bank}:{line}:{column}: error: a colon and a space inside a text that is not in quotes"
    )


# Pieces of messages, not messages: they are shown inside the documented ones.
NOT_MESSAGES = {
    "error", "warning", "text", "a whole number", "true or false", "a list", "a mapping", "a number",
    "nothing", "true/false", "a number ({value})", "a date", "the file", "a claim type", "a technique",
    "an article file", "the article", "a bank file", "the bank", "the options", "an item", "claim type",
    "technique", "difficulty", "{choices} or {last}", "an article", "the list of claim types",
    "the list of techniques",
}


def _messages(module: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "N_", "ngettext"):
            if isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
    return found


def test_every_message_a_teacher_can_get_is_documented_with_its_fix():
    documented = AUTHORING.read_text(encoding="utf-8")
    package = Path(quiz.banks.catalog.__file__).parent
    # Every problem's message is in the one table; the plural one is its ngettext call. What
    # differs in a passage is named in passages.py, and each of those is documented too.
    problems = _messages(package / "messages.py") | _messages(package / "passages.py") | {
        message
        for name in ("validate.py", "scaffold.py")
        for message in _messages(package / name)
        if "no such" in message or "{path}:" in message or "{path} " in message or "could not check" in message
    }
    missing = sorted(m for m in problems - NOT_MESSAGES if f"`{m}`" not in documented)
    assert not missing, "add these to AUTHORING.md, each with its fix:\n" + "\n".join(missing)
