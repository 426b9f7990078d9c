"""A class of 30 through real processes: pre-test, practice, post-test, some abandoning; then
`export` and `report` in text, markdown and CSV, compared with what the learners did."""

from __future__ import annotations

import csv
import io
import re
import statistics
import subprocess
import sys

import pytest

from quiz.terminal_text import cell_width
from tests.simulated_class import LEARNERS, ROOT, simulate_class


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    return simulate_class(tmp_path_factory.mktemp("class"))


def report(played, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "report", str(played.csv), "--bank", str(played.bank), *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=60,
        env={"PATH": "/usr/bin:/bin", "LANG": "C", "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert "Note" not in done.stderr and "Traceback" not in done.stderr  # it has the finished column
    return done.stdout


def test_the_export_marks_tests_forms_and_unfinished_attempts(played):
    lines = list(csv.DictReader(played.csv.open(encoding="utf-8")))
    assert {line["learner"] for line in lines} == {f"Learner {n:02d}" for n in range(1, LEARNERS + 1)}
    attempts = {(line["learner"], line["attempt_id"]): (line["test"], line["form"], line["finished"]) for line in lines}
    for (learner, test), _percent in played.finished.items():
        assert (test, "1") in {(t, f) for (name, _a), (t, _form, f) in attempts.items() if name == learner}
    for learner, test in played.abandoned:
        assert (test, "0") in {(t, f) for (name, _a), (t, _form, f) in attempts.items() if name == learner}
    # Counterbalanced: each learner's two tests are the two forms; both orders occur.
    forms = {}
    for (learner, _a), (test, form, finished) in attempts.items():
        if test and finished == "1":
            forms.setdefault(learner, {})[test] = form
    both = [pair for pair in forms.values() if len(pair) == 2]
    assert all(pair["pre"] != pair["post"] for pair in both)
    assert {pair["pre"] for pair in both} == {"a", "b"}


def test_the_report_gives_each_learners_gain_as_they_played(played):
    rows = list(csv.DictReader(io.StringIO(report(played, "--format", "csv"))))
    gains = {row["learner"]: row for row in rows if row["section"] == "learner-gain"}
    with_both = {name for name, test in played.finished if test == "pre" and (name, "post") in played.finished}
    assert set(gains) == with_both
    for name in with_both:
        assert float(gains[name]["pre"]) == pytest.approx(played.finished[(name, "pre")], abs=0.05)
        assert float(gains[name]["post"]) == pytest.approx(played.finished[(name, "post")], abs=0.05)
    only_pre = {row["learner"] for row in rows if row["section"] == "only-pre"}
    only_post = {row["learner"] for row in rows if row["section"] == "only-post"}
    assert only_pre == {name for name, test in played.finished if test == "pre"} - with_both
    assert only_pre >= {name for name, test in played.abandoned if test == "post"}  # left half-way: apart
    assert only_post == {name for name, test in played.finished if test == "post"} - with_both
    (whole,) = [row for row in rows if row["section"] == "class-gain"]
    pre = [played.finished[(name, "pre")] for name in with_both]
    post = [played.finished[(name, "post")] for name in with_both]
    assert float(whole["pre"]) == pytest.approx(statistics.mean(pre), abs=0.05)
    assert float(whole["post"]) == pytest.approx(statistics.mean(post), abs=0.05)
    differences = [b - a for a, b in zip(pre, post)]
    assert float(whole["d_z"]) == pytest.approx(statistics.mean(differences) / statistics.stdev(differences), abs=0.001)
    hake = (statistics.mean(post) - statistics.mean(pre)) / (100 - statistics.mean(pre))
    assert float(whole["hake_gain"]) == pytest.approx(hake, abs=0.001)
    items = [row for row in rows if row["section"] == "item"]
    assert len(items) == 24 and all(row["passage"] for row in items)


def test_the_text_and_markdown_reports_read_as_a_teacher_needs(played):
    text = report(played)
    assert "Pre-test and post-test:" in text and "Only a pre-test (no gain yet):" in text
    assert "Hake (1998)" in text and "d_z =" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    flat = " ".join(text.split())
    flagged = [line for line in text.splitlines() if line.rstrip().endswith(("check the label", "may mislead"))]
    for line in flagged:  # each flag shown has its line of what to do
        flag = "check the label" if line.rstrip().endswith("check the label") else "may mislead"
        assert f"{flag}: " in flat
    markdown = report(played, "--format", "markdown")
    assert "| Student | Pre | Post | g |" in markdown and "| Item | Passage | Type |" in markdown
    assert "Learner 01" in markdown


def test_the_text_report_fits_100_columns_in_chinese_too(played):
    """Wide characters count two columns: the wrapped sentences of the gain stay within 100."""
    text = report(played, "--lang", "zh_CN")
    assert "效应量 d_z" in text  # Chinese indeed
    assert max(cell_width(line) for line in text.splitlines()) <= 100


def test_a_report_in_spanish_quotes_each_passage_as_the_quiz_shows_it_in_spanish(played):
    from quiz.banks import load_bank, load_catalog
    from quiz.i18n import localize_item, set_language

    text = report(played, "--lang", "es")
    bank = load_bank(played.bank, load_catalog())
    set_language("es")
    try:
        spanish = [localize_item(item).passage for item in bank.items]
    finally:
        set_language("en")
    shown = [passage for passage in spanish if f"«{' '.join(passage.split()[:4])}" in text]
    assert len(shown) >= 20  # each item's passage (24), in Spanish quotation marks
    assert "“" not in text  # no English passage, no English quotation marks
    assert re.search(r"intentos", text.splitlines()[0])  # the heading says over how many attempts


def test_the_html_report_of_the_class_has_every_learners_gain_and_each_items_passage(played, tmp_path):
    page = tmp_path / "class.html"
    assert report(played, "--format", "html", "-o", str(page)) == ""
    html = page.read_text(encoding="utf-8")
    gain_table = html[html.index("Gain g") : html.index("</table>", html.index("Gain g"))]
    with_both = {name for name, test in played.finished if test == "pre" and (name, "post") in played.finished}
    for name in with_both:  # each learner with both tests has a row: name, pre %, post %
        pre, post = played.finished[(name, "pre")], played.finished[(name, "post")]
        assert f'<th scope="row">{name}</th><td class="number">{pre:.0f}' in gain_table.replace("\u00a0", "")
        assert f"{post:.0f}" in gain_table
    only_one = {name for name, _test in played.finished} - with_both
    for name in only_one:  # the others are named apart, not in the gain table
        assert name in html and f'<th scope="row">{name}</th>' not in gain_table
    # Each item beside its passage (shortened at a word), as in the text report.
    items = html[html.index('<th scope="col">Passage</th>') :]
    passages = re.findall(r'<tr><th scope="row">[^<]+</th><td>([^<]*)</td>', items[: items.index("</table>")])
    assert len(passages) == 24 and all(len(text) > 10 for text in passages)
