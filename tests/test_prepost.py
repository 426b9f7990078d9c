"""Pre- and post-tests: parallel forms, counterbalancing, and the gain a teacher reads.

Every figure is worked out by hand in the comments and computed again in the test by a second
route (the statistics module, fractions), never by calling the code under test twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import statistics
import subprocess
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from quiz.banks import load_bank, load_catalog
from quiz.banks.bank import check_bank
from quiz.core.forms import assign_forms, form_balance, form_of_test, pre_test_form
from quiz.core.model import Item
from quiz.core.run import QuizRun
from quiz.paths import default_bank_path
from quiz.scores.export import FORM, TEST, answered_statement, write_csv
from quiz.scores.names import name_key
from quiz.scores.records import ExportRow
from quiz.scores.report.formatting import format_report
from quiz.scores.report.gain import SittingScore, class_gain
from quiz.scores.report.reading import ReportError, read_exports
from quiz.scores.report.statistics import class_report
from quiz.scores.store import ScoreStore

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"


def items(spec: list[tuple[str, str]], **forms: str) -> list[Item]:
    """Items from (type, difficulty) pairs, ids p1, p2 …, paragraph = position; `forms` by id."""
    return [
        Item(id=f"p{n}", passage="x", answer=kind, explanation="x", paragraph=n, difficulty=level,
             form=forms.get(f"p{n}"))
        for n, (kind, level) in enumerate(spec, 1)
    ]


# --- The parallel forms ---------------------------------------------------------------------------


def counted(bank_items: list[Item], forms: dict[str, str]) -> tuple[Counter, Counter, Counter]:
    """A second route to the balance: plain counters of (type, form), (difficulty, form), form."""
    return (
        Counter((item.answer, forms[item.id]) for item in bank_items),
        Counter((item.difficulty, forms[item.id]) for item in bank_items),
        Counter(forms[item.id] for item in bank_items),
    )


EVERY_CELL_ODD = [(kind, level) for kind in ("fact", "inference", "opinion", "rhetoric")
                  for level in ("easy", "medium", "hard") for _ in range(3)]
SOME_CELLS_ODD = [("fact", "easy")] * 3 + [("fact", "hard")] + [("opinion", "easy")] + [("opinion", "medium")] * 2 \
    + [("rhetoric", "hard")] * 3 + [("inference", "medium")]


@pytest.mark.parametrize("spec", [SOME_CELLS_ODD, EVERY_CELL_ODD], ids=["some-cells-odd", "every-cell-odd"])
def test_the_forms_differ_by_at_most_one_item_per_type_per_difficulty_and_in_all(spec):
    # Odd cells leave one item over each (dealing alone would put every one of them in A);
    # with every one of the 12 cells odd, the leftovers are the most there can be.
    bank_items = items(spec)
    forms = assign_forms(bank_items)
    by_type, by_level, total = counted(bank_items, forms)
    for kind in ("fact", "opinion", "rhetoric", "inference"):
        assert abs(by_type[(kind, "a")] - by_type[(kind, "b")]) <= 1, kind
    for level in ("easy", "medium", "hard"):
        assert abs(by_level[(level, "a")] - by_level[(level, "b")]) <= 1, level
    assert abs(total["a"] - total["b"]) <= 1
    # Within a cell, neighbours in the article go to different forms: fact/easy p1, p2, p3.
    assert forms["p1"] != forms["p2"]
    # The same bank divides the same way, whatever order its items are listed in.
    assert assign_forms(list(reversed(bank_items))) == forms


def test_the_shipped_bank_divides_evenly():
    bank = load_bank(default_bank_path(), load_catalog())
    forms = assign_forms(bank.items)
    by_type, by_level, total = counted(list(bank.items), forms)
    assert abs(total["a"] - total["b"]) <= 1
    assert all(abs(by_type[(k, "a")] - by_type[(k, "b")]) <= 1 for k in {i.answer for i in bank.items})
    assert all(abs(by_level[(d, "a")] - by_level[(d, "b")]) <= 1 for d in {i.difficulty for i in bank.items})
    assert form_balance(bank.items).uneven() == []


def test_a_form_line_overrides_the_rule_and_validate_says_how_uneven_that_makes_the_forms(tmp_path):
    bank_items = items([("fact", "medium")] * 4, p1="b", p2="b", p3="b")
    forms = assign_forms(bank_items)
    assert [forms[f"p{n}"] for n in (1, 2, 3)] == ["b", "b", "b"] and forms["p4"] == "a"
    # B has 3 (medium) facts, A 1: two more in B, in the type, the difficulty and in all.
    assert form_balance(bank_items).uneven() == [("type", "fact", -2), ("difficulty", "medium", -2), ("total", "", -2)]

    text = (MINI / "bank.yaml").read_text(encoding="utf-8").replace(
        "article: article.yaml", f"article: {MINI / 'article.yaml'}"
    )
    # Four of the five items in form A: the fifth goes to B, and A has 3 more; moving one
    # leaves 3 against 2.
    for item_id in ("council-vote", "plan-will-pass", "fund-libraries", "shameful-scheme"):
        text = text.replace(f"  - id: {item_id}\n", f"  - id: {item_id}\n    form: a\n")
    (tmp_path / "bank.yaml").write_text(text, encoding="utf-8")
    bank, problems = check_bank(tmp_path / "bank.yaml", load_catalog(MINI))
    messages = [str(problem) for problem in problems if "parallel forms" in str(problem)]
    assert bank is not None
    assert any("form A has 3 more items than form B" in m and "change “form:” on 1 of them" in m
               for m in messages), messages
    assert all(m.startswith(str(tmp_path / "bank.yaml") + ":") for m in messages)


def test_an_unknown_form_is_an_error_with_the_forms_there_are(tmp_path):
    text = (MINI / "bank.yaml").read_text(encoding="utf-8").replace(
        "article: article.yaml", f"article: {MINI / 'article.yaml'}"
    ).replace("  - id: council-vote\n", "  - id: council-vote\n    form: c\n")
    (tmp_path / "bank.yaml").write_text(text, encoding="utf-8")
    bank, problems = check_bank(tmp_path / "bank.yaml", load_catalog(MINI))
    assert bank is None
    assert any("unknown form “c”" in str(problem) and ":" in str(problem) for problem in problems)


# --- Counterbalancing -----------------------------------------------------------------------------


def test_counterbalancing_is_a_stable_hash_of_the_name_as_the_store_knows_it():
    names = [f"Learner {n:02d}" for n in range(1, 31)]
    # Second route: SHA-256 of the case-folded name, first byte even -> form A first.
    expected = {name: "a" if hashlib.sha256(name.casefold().encode()).digest()[0] % 2 == 0 else "b"
                for name in names}
    assert {name: pre_test_form(name_key(name)) for name in names} == expected
    first_a = sum(form == "a" for form in expected.values())
    assert 0 < first_a < 30  # both orders occur in a class (here 30 learners split this way)
    for name in names:  # the post-test is always the other form
        assert {form_of_test("pre", name_key(name)), form_of_test("post", name_key(name))} == {"a", "b"}
    # One learner whatever the case of any letter, as the score store counts them.
    assert pre_test_form(name_key("José Núñez")) == pre_test_form(name_key("  JOSÉ   NÚÑEZ "))


def test_a_test_plays_the_learners_form_as_an_exam_and_is_stored_with_it(tmp_path):
    catalog = load_catalog(MINI)
    bank = load_bank(MINI / "bank.yaml", catalog)
    with ScoreStore.open(tmp_path) as store:
        run = QuizRun(bank, catalog, store=store, seed=1)
        run.sign_in("Ana")
        run.start("pre")
        pre_form = pre_test_form(name_key("Ana"))
        forms = assign_forms(bank.items)
        assert run.exam and run.form == pre_form
        assert sorted(item.id for item in run.session.items) == sorted(i for i, f in forms.items() if f == pre_form)
        while not run.finished:
            run.answer(run.current.answer)
        run.start()  # practice: the whole bank's draw, with feedback
        assert not run.exam and run.test is None
        rows = store.answers_for_export()
    assert {(row.test, row.form) for row in rows} == {("pre", pre_form)}
    out = io.StringIO()
    write_csv(rows, out)
    lines = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {(line["test"], line["form"], line["finished"]) for line in lines} == {("pre", pre_form, "1")}
    statement = answered_statement(rows[0], "https://school.example")
    assert statement["context"]["extensions"] == {TEST: "pre", FORM: pre_form}


# --- The gain, worked out by hand -----------------------------------------------------------------

# Six learners with both tests, 10 one-point items each (points → percent):
#
#          pre  post  post−pre   g = (post − pre) / (100 − pre)
#   Ana     40    70      30     30/60 = 0.5
#   Ben     50    60      10     10/50 = 0.2
#   Cleo    20    60      40     40/80 = 0.5
#   Dan     60    90      30     30/40 = 0.75
#   Eve    100    90     −10     undefined (pre 100)
#   Finn    30    30       0     0
#
# mean pre 300/6 = 50, mean post 400/6 = 66.67; mean g over the five defined = 1.95/5 = 0.39
# ⟨g⟩ = (66.67 − 50) / (100 − 50) = 1/3 (not the mean g: Hake's definition)
# differences 30, 10, 40, 30, −10, 0: mean 16.67, sd (n − 1) = sqrt(1933.33/5) = 19.66
# d_z = 16.67 / 19.66 = 0.848; SE = sqrt(1/6 + 0.848²/12) = 0.476; CI 0.848 ± 1.96 × 0.476
# = −0.085 to 1.780
# Gus took only the pre-test, Hana only the post-test; Ivo's post-test was left half-way.
HAND = {"Ana": (4, 7), "Ben": (5, 6), "Cleo": (2, 6), "Dan": (6, 9), "Eve": (10, 9), "Finn": (3, 3)}


def sitting(name, test, right, attempt, started, *, finished=True, answered=10):
    """The rows of one test of 10 items (f1–f5 facts, o1–o5 opinions, alternating); the first
    `right` answered right. Form A holds the pre-test items, B the post-test's, here."""
    form = "a" if test == "pre" else "b"
    rows = []
    for n in range(answered):
        kind = "fact" if n % 2 == 0 else "opinion"
        item_id = f"{form}-{kind[0]}{n // 2 + 1}"
        good = n < right
        rows.append(ExportRow(
            learner=name, attempt_id=attempt, attempt_started_at=started,
            attempt_finished_at=started if finished else None, attempt_item_count=10, mode="quiz",
            bank_id="study", bank_hash="h", item_id=item_id, correct_type=kind,
            chosen=kind if good else ("opinion" if kind == "fact" else "fact"),
            outcome="correct" if good else "wrong", points=1.0 if good else 0.0, seconds=3.0,
            locale="en", answered_at=started, test=test, form=form,
        ))
    return rows


@pytest.fixture
def study(tmp_path) -> Path:
    rows = []
    attempt = 0
    for name, (pre, post) in HAND.items():
        attempt += 2
        rows += sitting(name, "pre", pre, attempt, "2024-09-01T09:00")
        rows += sitting(name, "post", post, attempt + 1, "2024-10-01T09:00")
    rows += sitting("Gus", "pre", 5, 100, "2024-09-01T09:00")
    rows += sitting("Hana", "post", 5, 101, "2024-10-01T09:00")
    rows += sitting("Ivo", "pre", 5, 102, "2024-09-01T09:00")
    rows += sitting("Ivo", "post", 3, 103, "2024-10-01T09:00", finished=False, answered=3)
    path = tmp_path / "study.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows, out)
    return path


def test_the_gain_of_a_hand_worked_class(study):
    (bank,) = class_report(read_exports([study])).banks
    gain = bank.gain
    assert gain is not None
    by_name = {g.learner: g for g in gain.learners}
    assert list(by_name) == list(HAND)  # Gus, Hana and Ivo are listed apart
    assert (gain.only_pre, gain.only_post) == (("Gus", "Ivo"), ("Hana",))  # Ivo's post is unfinished
    # Second route: fractions from the hand table.
    for name, (pre, post) in HAND.items():
        assert by_name[name].pre == pytest.approx(10 * pre) and by_name[name].post == pytest.approx(10 * post)
        expected = None if pre == 10 else Fraction(post - pre, 10 - pre)
        assert by_name[name].gain == (None if expected is None else pytest.approx(float(expected)))
    pre = [10 * p for p, _q in HAND.values()]
    post = [10 * q for _p, q in HAND.values()]
    assert gain.mean_pre == pytest.approx(statistics.mean(pre)) == pytest.approx(50)
    assert gain.mean_post == pytest.approx(statistics.mean(post))
    assert gain.mean_gain == pytest.approx(float(sum(Fraction(q - p, 10 - p) for p, q in HAND.values() if p < 10) / 5))
    assert gain.mean_gain == pytest.approx(0.39)
    assert gain.hake_gain == pytest.approx(1 / 3)  # Hake's ⟨g⟩ from the averages, not 0.39
    differences = [b - a for a, b in zip(pre, post)]
    d_z = statistics.mean(differences) / statistics.stdev(differences)
    assert gain.d_z == pytest.approx(d_z) and gain.d_z == pytest.approx(0.848, abs=0.001)
    half = 1.959964 * math.sqrt(1 / 6 + d_z**2 / 12)
    assert gain.d_z_interval == pytest.approx((d_z - half, d_z + half))
    assert gain.d_z_interval == pytest.approx((-0.085, 1.780), abs=0.001)
    # Per type: right answers are the first ones, alternating fact, opinion, fact …; Ana's 4 of
    # 10 are 2 facts and 2 opinions. Second route: count per type from the hand table.
    def per_type(right: int, kind: str) -> float:
        return 100 * sum(1 for n in range(right) if (n % 2 == 0) == (kind == "fact")) / 5
    for kind in ("fact", "opinion"):
        (type_gain,) = [t for t in gain.per_type if t.claim_type == kind]
        mean_pre = statistics.mean(per_type(p, kind) for p, _q in HAND.values())
        mean_post = statistics.mean(per_type(q, kind) for _p, q in HAND.values())
        assert (type_gain.mean_pre, type_gain.mean_post) == (pytest.approx(mean_pre), pytest.approx(mean_post))
        assert type_gain.hake_gain == pytest.approx((mean_post - mean_pre) / (100 - mean_pre))


def test_first_last_or_all_attempts_and_unfinished_ones_left_out(tmp_path):
    # Zoe took the pre-test twice (2 of 10, then 8 of 10) and the post-test once (9 of 10).
    rows = sitting("Zoe", "pre", 2, 1, "2024-09-01T09:00") + sitting("Zoe", "pre", 8, 2, "2024-09-02T09:00")
    rows += sitting("Zoe", "post", 9, 3, "2024-10-01T09:00")
    rows += sitting("Zoe", "post", 0, 4, "2024-10-02T09:00", finished=False, answered=2)  # left out always
    path = tmp_path / "zoe.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows, out)
    marks = read_exports([path])
    pre_of = {choice: class_report(marks, attempts=choice).banks[0].gain.learners[0].pre
              for choice in ("first", "last", "all")}
    assert pre_of == {"first": pytest.approx(20), "last": pytest.approx(80), "all": pytest.approx(50)}
    assert class_report(marks, attempts="last").banks[0].gain.learners[0].post == pytest.approx(90)


def test_the_gain_in_the_three_forms(study):
    report = class_report(read_exports([study]))
    text = format_report(report, "text")
    flat = " ".join(text.split())
    assert "Pre-test and post-test: 6 students took both" in text
    assert "Ana 40% 70% 0.5" in flat and "Eve 100% 90% –" in flat
    assert "d_z = 0.85 (95% interval -0.09 to 1.78)" in flat  # −0.0853 and 1.7805, worked above
    assert "⟨g⟩ = 0.33" in flat
    assert "Only a pre-test (no gain yet): Gus, Ivo." in flat and "Only a post-test (no gain): Hana." in flat
    assert "lies between the 0.23 Hake (1998)" in flat and "d ≈ 0.52" in flat
    assert max(len(line) for line in text.splitlines()) <= 100
    markdown = format_report(report, "markdown")
    assert "| Student | Pre | Post | g |" in markdown and "| Dan | 60% | 90% | 0.75 |" in markdown
    lines = list(csv.DictReader(io.StringIO(format_report(report, "csv"))))
    (whole,) = [line for line in lines if line["section"] == "class-gain"]
    assert (whole["answers"], whole["pre"], whole["hake_gain"], whole["d_z"]) == ("6", "50.0", "0.333", "0.848")
    assert [line["learner"] for line in lines if line["section"] == "only-pre"] == ["Gus", "Ivo"]


def test_class_gain_is_none_without_tests_and_handles_a_single_learner():
    assert class_gain([]) is None
    single = class_gain([SittingScore("Ana", "pre", 5, 10), SittingScore("ana", "post", 8, 10)])
    assert [g.gain for g in single.learners] == [pytest.approx(0.6)]
    assert single.d_z is None and single.d_z_interval is None  # no spread with one learner


# --- Reading what spreadsheets save ---------------------------------------------------------------


def test_semicolons_with_decimal_commas_and_tabs_are_read(study, tmp_path):
    rows = list(csv.reader(io.StringIO(study.read_text(encoding="utf-8"))))
    expected = read_exports([study])
    semicolons = tmp_path / "excel-de.csv"
    with semicolons.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter=";").writerows([[cell.replace(".", ",") if cell.replace(".", "").isdigit() else cell
                                                   for cell in line] for line in rows])
    tabs = tmp_path / "sheet.tsv"
    with tabs.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter="\t").writerows(rows)
    assert read_exports([semicolons]) == expected
    assert read_exports([tabs]) == expected


def test_a_file_of_one_column_says_what_separators_are_read(tmp_path):
    path = tmp_path / "pipes.csv"
    path.write_text("learner|attempt_id|item_id\nAna|1|i1\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"pipes\.csv:1: .*commas, semicolons or tabs"):
        read_exports([path])


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quiz", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=60, env={"PATH": "/usr/bin:/bin", "LANG": "C", "PYTHONPATH": str(ROOT)})


def test_lang_after_the_command_and_a_note_for_exports_without_the_finished_column(tmp_path):
    old = tmp_path / "old.csv"
    old.write_text(
        "learner,attempt_id,attempt_started_at,bank_id,item_id,correct_type,chosen,outcome,points,max_points\n"
        "Ana,1,t,mini,i1,fact,fact,correct,1,1\n",
        encoding="utf-8",
    )
    done = run_cli("report", str(old), "--lang", "es", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert "finished" in done.stderr  # the note (English until translated), once
    assert done.stdout.startswith("section,bank_id")
    assert run_cli("validate", "--lang", "es", str(MINI)).returncode == 0
    refused = run_cli("report", str(old), "--lang", "xx")
    assert refused.returncode != 0 and "xx" in refused.stderr


def test_serve_passes_the_test_to_every_browser_session():
    from quiz.cli import build_parser
    from quiz.tui.serve import quiz_arguments

    args = build_parser().parse_args(["--test", "post", "serve", "--lang", "de"])
    assert quiz_arguments(args) == ["--lang", "de", "--test", "post"]


def test_names_and_passages_are_text_in_markdown_never_markup(tmp_path):
    rows = sitting("*Ana* <b>", "pre", 5, 1, "2024-09-01T09:00") + sitting("[x](http://e.example)", "post", 5, 2, "t")
    path = tmp_path / "marks.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows, out)
    markdown = format_report(class_report(read_exports([path])), "markdown",
                             passages={("study", "a-f1"): "A _loaded_ | word"})
    assert "\\*Ana\\* \\<b\\>" in markdown and "\\[x\\](http://e.example)" in markdown
    assert "A \\_loaded\\_ \\| word" in markdown


def test_a_name_like_a_formula_stays_text_in_the_csv_report(tmp_path):
    rows = sitting("=HYPERLINK(\"x\")", "pre", 5, 1, "t1") + sitting("=HYPERLINK(\"x\")", "post", 6, 2, "t2")
    path = tmp_path / "formula.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows, out)
    lines = list(csv.DictReader(io.StringIO(format_report(class_report(read_exports([path])), "csv"))))
    assert [line["learner"] for line in lines if line["section"] == "learner-gain"] == ["'=HYPERLINK(\"x\")"]
