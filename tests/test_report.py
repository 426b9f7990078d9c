"""The class report: item statistics a teacher can trust, from the CSV files media-quiz writes."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import replace
from pathlib import Path

import pytest

from quiz.scores.columns import CSV_COLUMNS
from quiz.scores.export import write_csv
from quiz.scores.records import ExportRow
from quiz.scores.report.formatting import format_report
from quiz.scores.report.reading import Mark, ReportError, read_exports
from quiz.scores.report.statistics import class_report

TYPES = {"i1": "fact", "i2": "inference", "i3": "opinion", "i4": "rhetoric"}

# The hand-worked class: five students, four items, one point each (0.5 = partial credit).
#
#         i1   i2   i3   i4  | total
#   Ana    1    1    1    1  | 4
#   Ben    1    1   .5    0  | 2.5
#   Cleo   1    0    1    0  | 2
#   Dan    1    0    0    0  | 1
#   Eve    0    0    0   .5  | 0.5
CLASS = {
    "Ana": {"i1": 1, "i2": 1, "i3": 1, "i4": 1},
    "Ben": {"i1": 1, "i2": 1, "i3": 0.5, "i4": 0},
    "Cleo": {"i1": 1, "i2": 0, "i3": 1, "i4": 0},
    "Dan": {"i1": 1, "i2": 0, "i3": 0, "i4": 0},
    "Eve": {"i1": 0, "i2": 0, "i3": 0, "i4": 0.5},
}
# What the students chose when wrong (or partly right): i2's wrong answers are mostly "opinion".
WRONG_CHOICE = {("Cleo", "i2"): "opinion", ("Dan", "i2"): "opinion", ("Eve", "i2"): "rhetoric"}


def row(learner, attempt_id, started, item_id, points, *, mode="quiz", bank="mini", chosen=None, correct_type=None):
    correct_type = correct_type or TYPES.get(item_id, "fact")
    outcome = {1: "correct", 0.5: "partial", 0: "wrong"}[points]
    if chosen is None:
        other = "fact" if correct_type == "opinion" else "opinion"
        chosen = correct_type if points == 1 else WRONG_CHOICE.get((learner, item_id), other)
    return ExportRow(
        learner=learner, attempt_id=attempt_id, attempt_started_at=started, attempt_finished_at=started,
        attempt_item_count=4, mode=mode, bank_id=bank, bank_hash="h1", item_id=item_id,
        correct_type=correct_type, chosen=chosen, outcome=outcome, points=float(points), seconds=5.0,
        locale="en", answered_at=started,
    )


def write_export(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows, out)
    return path


@pytest.fixture
def class_files(tmp_path) -> list[Path]:
    """The class above, in two files, with attempts that must NOT count mixed in."""
    latest = [
        row(name, n + 10, "2024-05-02T10:00:00.000+00:00", item_id, points)
        for n, (name, marks) in enumerate(CLASS.items())
        for item_id, points in marks.items()
    ]
    # Older attempts (Ana and Eve did the quiz before) and a review round: all to be ignored.
    older = [row("Ana", 1, "2024-05-01T10:00:00.000+00:00", item_id, 0) for item_id in TYPES]
    older += [row("eve", 2, "2024-04-30T10:00:00.000+00:00", item_id, 1) for item_id in TYPES]
    review = [row("Dan", 3, "2024-05-03T10:00:00.000+00:00", "i2", 1, mode="review")]
    return [
        write_export(tmp_path / "room-a.csv", older + latest[:10]),
        write_export(tmp_path / "room-b.csv", latest[10:] + review),
    ]


def hand_report(files, attempts="last"):
    """The report of a hand-worked class: five students are fewer than the report's minimum
    of answers, so the indices are asked for from one answer on; each student's last attempt."""
    return class_report(read_exports(files), attempts=attempts, min_answers=1)


def item(report, item_id):
    (bank,) = report.banks
    return next(stats for stats in bank.items if stats.item_id == item_id)


# --- The statistics, worked out by hand ----------------------------------------------------------


def test_facility_is_the_mean_mark_as_a_percentage(class_files):
    report = hand_report(class_files)
    # i1: (1+1+1+1+0)/5 = 0.8; i2: 2/5; i3: (1+.5+1)/5 = 0.5; i4: (1+.5)/5 = 0.3
    assert [item(report, i).facility for i in TYPES] == pytest.approx([80, 40, 50, 30])
    assert [item(report, i).students for i in TYPES] == [5, 5, 5, 5]
    assert report.banks[0].students == 5
    # Scores 4/4, 2.5/4, 2/4, 1/4, 0.5/4 = 100, 62.5, 50, 25, 12.5 % -> mean 50 %
    assert report.banks[0].mean_score == pytest.approx(50)


def test_discrimination_is_the_correlation_with_the_rest_of_the_test(class_files):
    report = hand_report(class_files)
    # r = Sxy / sqrt(Sxx * Syy), x = the item's marks, y = total minus the item (Ana..Eve).
    # i1: x = 1,1,1,1,0 (mean .8)  y = 3,1.5,1,0,.5 (mean 1.2)
    #     dx = .2,.2,.2,.2,-.8     dy = 1.8,.3,-.2,-1.2,-.7
    #     Sxy = .2*(1.8+.3-.2-1.2) + .8*.7 = .14 + .56 = .70;  Sxx = .8;  Syy = 5.30
    #     r = .70 / sqrt(4.24) = .33995
    # i2: x = 1,1,0,0,0 (mean .4)  y = 3,1.5,2,1,.5 (mean 1.6)
    #     dx = .6,.6,-.4,-.4,-.4   dy = 1.4,-.1,.4,-.6,-1.1
    #     Sxy = .6*1.3 + .4*1.3 = 1.30;  Sxx = 1.2;  Syy = 3.70;  r = 1.3 / sqrt(4.44) = .61695
    # i3: x = 1,.5,1,0,0 (mean .5)  y = 3,2,1,1,.5 (mean 1.5)
    #     dx = .5,0,.5,-.5,-.5      dy = 1.5,.5,-.5,-.5,-1
    #     Sxy = .75 + 0 - .25 + .25 + .5 = 1.25;  Sxx = 1;  Syy = 4;  r = 1.25 / 2 = .625
    # i4: x = 1,0,0,0,.5 (mean .3)  y = 3,2.5,2,1,0 (mean 1.7)
    #     dx = .7,-.3,-.3,-.3,.2    dy = 1.3,.8,.3,-.7,-1.7
    #     Sxy = .91 - .3*(.8+.3-.7) - .34 = .45;  Sxx = .80;  Syy = 5.80;  r = .45 / sqrt(4.64) = .20891
    assert [item(report, i).discrimination for i in TYPES] == pytest.approx(
        [33.995, 61.695, 62.5, 20.891], abs=0.001
    )


def test_upper_lower_compares_the_top_and_bottom_27_percent(class_files):
    report = hand_report(class_files)
    # n = 5 -> round(0.27 * 5) = round(1.35) = 1 student in each group: Ana (top), Eve (bottom).
    # i1: 1 - 0 = 1 -> 100;  i2: 1 - 0 -> 100;  i3: 1 - 0 -> 100;  i4: Ana 1 - Eve .5 -> 50
    assert [item(report, i).upper_lower for i in TYPES] == pytest.approx([100, 100, 100, 50])


def test_most_common_wrong_type_and_type_accuracy(class_files):
    report = hand_report(class_files)
    i2 = item(report, "i2")
    assert (i2.common_wrong, i2.common_wrong_count) == ("opinion", 2)  # Cleo and Dan; Eve said rhetoric
    assert i2.wrong_answers == (("opinion", 2), ("rhetoric", 1))
    # A partly credited answer still chose a wrong type: i3's are Ben's (partial), Dan's and
    # Eve's, all "fact".
    assert (item(report, "i3").common_wrong, item(report, "i3").common_wrong_count) == ("fact", 3)
    assert item(report, "i4").wrong_answers == (("opinion", 4),)  # Eve's half point included
    # Fully correct shares: fact 4/5, inference 2/5, opinion 2/5 (Ben's .5 is not full), rhetoric 1/5
    accuracy = {t.type_id: (t.accuracy, t.answers) for t in report.banks[0].types}
    assert accuracy == {
        "fact": (pytest.approx(0.8), 5),
        "inference": (pytest.approx(0.4), 5),
        "opinion": (pytest.approx(0.4), 5),
        "rhetoric": (pytest.approx(0.2), 5),
    }


def test_items_worth_a_second_look_are_flagged(tmp_path):
    # Four students; totals come from five items. "trap" is answered right only by the two
    # weakest students (negative discrimination, facility 50); "gift" by everyone (facility 100,
    # no discrimination: it never varies); "hard" by nobody but the best (facility 25).
    marks = {
        "Ana": {"trap": 0, "gift": 1, "hard": 1, "a": 1, "b": 1},
        "Ben": {"trap": 0, "gift": 1, "hard": 0, "a": 1, "b": 1},
        "Cleo": {"trap": 1, "gift": 1, "hard": 0, "a": 1, "b": 0},
        "Dan": {"trap": 1, "gift": 1, "hard": 0, "a": 0, "b": 0},
    }
    rows = [
        row(name, n, "2024-05-02T10:00:00.000+00:00", item_id, points, correct_type="fact")
        for n, (name, by_item) in enumerate(marks.items())
        for item_id, points in by_item.items()
    ]
    report = hand_report([write_export(tmp_path / "flags.csv", rows)])
    assert item(report, "trap").discrimination < 0
    assert item(report, "trap").flags == ("check-label",)
    assert item(report, "gift").discrimination is None
    assert item(report, "gift").flags == ("too-easy",)
    # Hard, but only the best student gets it: it discriminates well, so it does not "mislead".
    hard = item(report, "hard")
    assert hard.facility == 25 and hard.discrimination > 20 and hard.flags == ("hard-but-fair",)
    text = format_report(report, "text")
    for words in ("check the label", "too easy", "hard but fair"):
        assert words in text
    assert "may mislead" not in text
    # Flagged items come first, the most urgent flag first; each flag says what to do.
    # ("b": 1,1,0,0 against rest totals 3,2,2,0 has discrimination 0: weak.)
    order = [stats.item_id for stats in report.banks[0].items]
    assert order == ["trap", "b", "gift", "hard", "a"]
    assert "check the label: Stronger students got it wrong more often" in " ".join(text.split())
    csv_flags = {line["item_id"]: line["flags"] for line in csv.DictReader(io.StringIO(format_report(report, "csv")))
                 if line["section"] == "item"}
    assert (csv_flags["trap"], csv_flags["gift"], csv_flags["hard"]) == ("check-label", "too-easy", "hard-but-fair")


def test_a_hard_item_that_does_not_discriminate_may_mislead(tmp_path):
    # "odd" is answered right by Ben alone, the second best: facility 25, discrimination
    # below 20 (worked out: x = 0,1,0,0; rest = 3,1,1,0 -> r = .0/… see below).
    marks = {
        "Ana": {"odd": 0, "a": 1, "b": 1, "c": 1},
        "Ben": {"odd": 1, "a": 0, "b": 1, "c": 0},
        "Cleo": {"odd": 0, "a": 1, "b": 0, "c": 0},
        "Dan": {"odd": 0, "a": 0, "b": 0, "c": 0},
    }
    rows = [
        row(name, n, "2024-05-02T10:00:00.000+00:00", item_id, points, correct_type="fact")
        for n, (name, by_item) in enumerate(marks.items())
        for item_id, points in by_item.items()
    ]
    odd = item(hand_report([write_export(tmp_path / "odd.csv", rows)]), "odd")
    # x = 0,1,0,0 (mean .25); rest y = 3,1,1,0 (mean 1.25): Sxy = -.25*1.75 + .75*-.25 - .25*-.25
    # - .25*-1.25 = -.4375 - .1875 + .0625 + .3125 = -.25  -> negative: "check the label" too.
    assert odd.facility == 25 and odd.discrimination < 0
    assert odd.flags == ("check-label", "may-mislead")


def test_several_banks_are_reported_separately(tmp_path):
    rows = [
        row("Ana", 1, "2024-05-02T10:00:00.000+00:00", "i1", 1, bank="second"),
        row("Ana", 2, "2024-05-02T10:00:00.000+00:00", "i1", 0, bank="first"),
        row("Ben", 3, "2024-05-02T10:00:00.000+00:00", "i1", 1, bank="first"),
    ]
    report = class_report(read_exports([write_export(tmp_path / "two.csv", rows)]))
    assert [(bank.bank_id, bank.students) for bank in report.banks] == [("first", 2), ("second", 1)]
    lonely = report.banks[1].items[0]
    assert (lonely.facility, lonely.discrimination, lonely.upper_lower) == (100, None, None)


# --- The three forms ------------------------------------------------------------------------------


def test_the_markdown_tables_parse_back(class_files):
    text = format_report(hand_report(class_files), "markdown", passages={("mini", "i2"): "Word " * 30})
    tables = [line for line in text.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in tables[0].strip("|").split("|")]
    assert header[:7] == ["Item", "Passage", "Type", "N", "Facil.", "Discr.", "U–L"]
    rows = {
        cells[0]: [cells[0]] + cells[2:]
        for cells in ([c.strip() for c in line.strip("|").split("|")] for line in tables[2:6])
    }
    assert rows["i1"][1:7] == ["fact", "5", "80", "34", "100", "opinion 1"]
    assert rows["i2"][2:7] == ["5", "40", "62", "100", "opinion 2, rhetoric 1"]
    assert rows["i4"][3:6] == ["30", "21", "50"]
    # The passage, cut at a word boundary: twelve words of "Word " fit in 60 columns with "…".
    i2_line = next(line for line in tables if line.startswith("| i2 "))
    assert "| " + "Word " * 11 + "Word… |" in i2_line
    type_rows = [line for line in tables if line.startswith("| rhetoric")]
    assert type_rows[-1] == "| rhetoric | 5 | 20% |"


def test_the_csv_form_parses_back_with_plain_numbers(class_files):
    text = format_report(hand_report(class_files), "csv")
    lines = list(csv.DictReader(io.StringIO(text)))
    items = {line["item_id"]: line for line in lines if line["section"] == "item"}
    assert (items["i1"]["facility"], items["i1"]["discrimination"], items["i1"]["upper_lower"]) == ("80.0", "34.0", "100.0")
    assert (items["i2"]["most_common_wrong"], items["i2"]["most_common_wrong_count"]) == ("opinion", "2")
    types = {line["correct_type"]: line["accuracy"] for line in lines if line["section"] == "type"}
    assert types == {"fact": "80.0", "inference": "40.0", "opinion": "40.0", "rhetoric": "20.0"}
    assert items["i2"]["wrong_answers"] == "opinion:2 rhetoric:1"


def test_the_text_form_fits_a_100_column_terminal(tmp_path):
    rows = [
        row(f"Student {n}", n, "2024-05-02T10:00:00.000+00:00", f"a-rather-long-item-identifier-of-one-passage-{k}", (n + k) % 2)
        for n in range(6)
        for k in range(3)
    ]
    report = class_report(read_exports([write_export(tmp_path / "long.csv", rows)]))
    text = format_report(report, "text")
    assert max(len(line) for line in text.splitlines()) <= 100
    # Shortened in the middle, so that ids differing only at the end stay distinct.
    assert "a-rather-long-it…f-one-passage-0" in text and "a-rather-long-it…f-one-passage-2" in text
    assert "may mislead" not in text and "Student" not in text  # items, not people, are shown


# --- Bad files -------------------------------------------------------------------------------------


def test_a_file_missing_columns_is_reported_with_its_name_and_line(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text("learner,item_id,points\nAna,i1,1\n", encoding="utf-8")
    with pytest.raises(ReportError) as raised:
        read_exports([path])
    message = str(raised.value)
    assert message.startswith(f"{path}:1: ")
    assert "attempt_id" in message and "max_points" in message and "media-quiz" in message


def test_a_bad_number_is_reported_with_its_line(tmp_path):
    path = write_export(tmp_path / "class.csv", [row("Ana", 1, "t", "i1", 1), row("Ben", 2, "t", "i1", 0)])
    text = path.read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace(",0,1,", ",zero,1,")  # Ben's points, on line 3
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"class\.csv:3: “zero” in column points is not a number"):
        read_exports([path])


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path):
    path = write_export(tmp_path / "excel.csv", [row("Ana", 1, "t", "i1", 1), row("Zoë", 2, "t", "i1", 0)])
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    with pytest.raises(ReportError, match=r"excel\.csv:3: .*UTF-8"):
        read_exports([path])


def test_a_missing_file_is_reported_without_a_traceback(tmp_path):
    with pytest.raises(ReportError, match="nowhere.csv"):
        read_exports([tmp_path / "nowhere.csv"])


def test_a_spreadsheet_byte_order_mark_is_accepted(tmp_path):
    path = write_export(tmp_path / "saved-again.csv", [row("Ana", 1, "t", "i1", 1)])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert [mark.learner for mark in read_exports([path])] == ["Ana"]


def test_every_column_the_report_reads_comes_back_as_the_export_wrote_it(tmp_path):
    # Export and report share one definition of the columns: names, order, and which text is
    # protected from spreadsheets. Text that starts like a formula survives the round trip.
    written = row("=HYPERLINK(\"x\")", 7, "2024-05-02T10:00:00.000+00:00", "-i1", 0.5, mode="review",
                  bank="+bank", chosen="@opinion", correct_type="=fact")
    (mark,) = read_exports([write_export(tmp_path / "class.csv", [written])])
    assert set(Mark._fields) <= set(CSV_COLUMNS)
    assert mark == Mark(
        learner=written.learner, attempt_id="7", attempt_started_at=written.attempt_started_at,
        mode="review", bank_id="+bank", item_id="-i1", correct_type="=fact", chosen="@opinion",
        outcome="partial", points=0.5, max_points=1.0, context_seen=False, finished=True,
    )


# --- Size ------------------------------------------------------------------------------------------


def test_a_large_class_is_reported_in_full():
    # Its speed is measured in benchmarks/ (a timed test would fail on a busy machine).
    generator = random.Random(5)
    marks = [
        Mark(f"student {s}", str(s), "2024-05-02T10:00:00", "quiz", "big", f"item-{i}", "fact",
             "fact" if correct else "opinion", "correct" if correct else "wrong", float(correct), 1.0)
        for s in range(500)
        for i in range(70)
        for correct in [generator.random() < 0.3 + 0.6 * s / 500]
    ]
    report = class_report(marks)
    assert "item-69" in format_report(report, "text")
    assert len(report.banks[0].items) == 70 and report.banks[0].students == 500
    # Ability rises with the student number, so every item should discriminate positively.
    assert all(stats.discrimination > 0 for stats in report.banks[0].items)


# --- Evidence, context and calibration, worked out by hand ----------------------------------------

# Five students, two items (e1 a fact, e2 an opinion). Each answer: the mark, the evidence given
# ("marked" with its precision and recall, "skipped", or "" when not asked) and whether the
# article's paragraph was open; each attempt: the learner's guess at their score.
#
#          e1                          e2                              total  guess  gap
#   Ana    1  marked p1   r.5  ctx    1  marked p.25 r1     -          2      2      0
#   Ben    0  marked p1   r1   ctx    1  marked p0   r0     ctx        1      2     +1
#   Cleo   1  skipped          -     .5  marked p.5  r.5    -          1.5    3     +1.5
#   Dan    1  not asked        -      0  marked p.5  r0     -          1      0     -1
#   Eve    0  skipped          -      0  not asked          -          0      -      (no guess)
#
# Found (recall > 0 and precision ≥ .5): e1 Ana, Ben; e2 Cleo only (Ana's p.25 is too little,
# Ben's and Dan's r0 found nothing).
EVIDENCE_CLASS = {
    "Ana": (2, [("e1", 1, "marked", 1, 0.5, True), ("e2", 1, "marked", 0.25, 1, False)]),
    "Ben": (2, [("e1", 0, "marked", 1, 1, True), ("e2", 1, "marked", 0, 0, True)]),
    "Cleo": (3, [("e1", 1, "skipped", None, None, False), ("e2", 0.5, "marked", 0.5, 0.5, False)]),
    "Dan": (0, [("e1", 1, "", None, None, False), ("e2", 0, "marked", 0.5, 0, False)]),
    "Eve": (None, [("e1", 0, "skipped", None, None, False), ("e2", 0, "", None, None, False)]),
}


@pytest.fixture
def evidence_class(tmp_path) -> list[Path]:
    rows = []
    for n, (name, (guess, answers)) in enumerate(EVIDENCE_CLASS.items()):
        for item_id, points, evidence, precision, recall, context in answers:
            correct_type = {"e1": "fact", "e2": "opinion"}[item_id]
            written = row(name, n, "2024-06-01T10:00:00.000+00:00", item_id, points, correct_type=correct_type)
            rows.append(replace(
                written,
                context_seen=context,
                evidence_spans=None if not evidence else ((0, 4),) if evidence == "marked" else (),
                evidence_words=None if not evidence else ("word",) if evidence == "marked" else (),
                evidence_precision=precision,
                evidence_recall=recall,
                calibration_guess=guess,
            ))
    return [write_export(tmp_path / "evidence.csv", rows)]


def test_per_item_the_evidence_found_right_type_wrong_reason_and_context(evidence_class):
    report = class_report(read_exports(evidence_class))
    e1, e2 = item(report, "e1"), item(report, "e2")
    # e1: marked by Ana and Ben, both found -> 2 marked, 100 %. Ben's type was wrong with the
    # right words: 1 "wrong type, right words"; nobody right for the wrong reason.
    assert (e1.evidence_marked, e1.evidence_found) == (2, pytest.approx(100))
    assert (e1.right_type_wrong_reason, e1.wrong_type_right_words) == (0, 1)
    # e2: marked by Ana, Ben, Cleo, Dan; found by Cleo only -> 4 marked, 25 %. Ana and Ben had
    # the right type without the words: 2. Cleo was partly right (neither count); Dan wrong
    # without the words.
    assert (e2.evidence_marked, e2.evidence_found) == (4, pytest.approx(25))
    assert (e2.right_type_wrong_reason, e2.wrong_type_right_words) == (2, 0)
    # Context: e1 opened by Ana and Ben of five -> 40 %; e2 by Ben alone -> 20 %.
    assert (e1.context_share, e2.context_share) == (pytest.approx(40), pytest.approx(20))


def test_per_class_the_mean_calibration_gap_and_who_over_and_under_estimated(evidence_class):
    (bank,) = class_report(read_exports(evidence_class)).banks
    # Gaps 0, +1, +1.5, -1 (Eve did not guess): mean 1.5 / 4 = 0.375; Ben and Cleo over, Dan under.
    assert bank.calibration.students == 4
    assert bank.calibration.mean_gap == pytest.approx(0.375)
    assert (bank.calibration.overestimated, bank.calibration.underestimated) == (2, 1)


def test_the_new_columns_in_the_three_forms(evidence_class):
    report = class_report(read_exports(evidence_class))
    text = format_report(report, "text")
    assert "Calibration: 4 attempts ended with a guess at the score; mean gap (guess − score) +0.4 points; " \
           "2 overestimated, 1 underestimated." in " ".join(text.split())
    evidence_rows = [line.split() for line in text.splitlines() if line.startswith(("e1 ", "e2 "))][2:]
    assert evidence_rows == [["e1", "2", "100%", "0", "1", "40%"], ["e2", "4", "25%", "2", "0", "20%"]]
    assert max(len(line) for line in text.splitlines()) <= 100
    markdown = format_report(report, "markdown")
    assert "| Item | Marked | Found | Type ✓ words ✗ | Type ✗ words ✓ | Context |" in markdown
    assert "| e2 | 4 | 25% | 2 | 0 | 20% |" in markdown
    lines = list(csv.DictReader(io.StringIO(format_report(report, "csv"))))
    e2 = next(line for line in lines if line["item_id"] == "e2")
    assert (e2["evidence_marked"], e2["evidence_found"], e2["right_type_wrong_reason"], e2["context_share"]) == (
        "4", "25.0", "2", "20.0"
    )
    [calibration] = [line for line in lines if line["section"] == "calibration"]
    assert (calibration["calibration_students"], calibration["calibration_mean_gap"],
            calibration["overestimated"], calibration["underestimated"]) == ("4", "0.375", "2", "1")


def test_exports_from_before_the_evidence_report_without_it(tmp_path):
    # Only the required columns, as the first exports had them: no evidence table, no calibration.
    path = tmp_path / "old.csv"
    path.write_text(
        "learner,attempt_id,attempt_started_at,bank_id,item_id,correct_type,chosen,outcome,points,max_points\n"
        "Ana,1,t,mini,i1,fact,fact,correct,1,1\n",
        encoding="utf-8",
    )
    report = class_report(read_exports([path]))
    assert report.banks[0].calibration is None and item(report, "i1").context_share is None
    text = format_report(report, "text")
    assert "Marked" not in text and "Calibration" not in text


def test_a_bad_evidence_value_is_reported_with_its_line(evidence_class):
    path = evidence_class[0]
    text = path.read_text(encoding="utf-8").replace(",marked,", ",maybe,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReportError, match=r"evidence\.csv:2: evidence “maybe” is not one of marked, skipped"):
        read_exports([path])
