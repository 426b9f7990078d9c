"""`media-quiz report --format html`: one page a teacher opens offline, charts above the tables.

The page is made by the real command from a real export, opened in headless Chromium (Debian's,
driven by Playwright, as in test_serve.py): each chart is drawn (a screenshot of it is taken),
nothing is requested from anywhere, and its tables hold the numbers the text report gives.
"""

from __future__ import annotations

import importlib.util
import io
import os
import random
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from quiz import cli
from quiz.i18n import set_language
from quiz.scores.export import write_csv
from quiz.scores.records import ExportRow
from quiz.scores.report.formatting import format_report
from quiz.scores.report.gain import ClassGain, LearnerGain, TypeGain
from quiz.scores.report.reading import read_exports
from quiz.scores.report.statistics import class_report
from tests.test_serve import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[1]
TYPES = ("fact", "inference", "opinion", "rhetoric")
ITEMS = {f"item-{n + 1}": TYPES[n % 4] for n in range(8)}
CHARTS = ("types", "confusion", "items")


def class_rows(students: int = 20, seed: int = 3) -> list[ExportRow]:
    """A class of `students`, each with one finished quiz of the 8 items: some right, some
    partly, some wrong, abler students right more often; one name is markup."""
    chance = random.Random(seed)
    rows = []
    for number in range(students):
        learner = "<script>alert(1)</script> Zoë" if number == 0 else f"Student {number}"
        ability = chance.random()
        started = f"2024-05-02T10:{number:02d}:00.000+00:00"
        for position, (item_id, correct) in enumerate(ITEMS.items()):
            if chance.random() < 0.3 + 0.6 * ability - 0.04 * position:
                chosen, outcome, points = correct, "correct", 1.0
            else:
                chosen = chance.choice([kind for kind in TYPES if kind != correct])
                outcome, points = chance.choice([("wrong", 0.0), ("wrong", 0.0), ("partial", 0.5)])
            rows.append(ExportRow(
                learner=learner, attempt_id=number + 1, attempt_started_at=started,
                attempt_finished_at=started, attempt_item_count=len(ITEMS), mode="quiz", bank_id="mini",
                bank_hash="h1", item_id=item_id, correct_type=correct, chosen=chosen, outcome=outcome,
                points=points, seconds=5.0, locale="en", answered_at=started,
            ))
    return rows


def write_export(path: Path, rows: list[ExportRow]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows, out)
    return path


def media_quiz(*args: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, LANGUAGE="", LC_ALL="", LANG="C")
    done = subprocess.run([sys.executable, "-m", "quiz", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done


# A class's gain, worked by hand: Ann 40 → 70 (g = 30/60 = .5), Bo 80 → 70 (g = −10/20 = −.5),
# Cy 100 → 100 (g undefined); Di did only the pre-test, Ed only the post-test.
HAND_GAIN = ClassGain(
    learners=(
        LearnerGain("Ann", 40.0, 70.0, 0.5),
        LearnerGain("Bo <b>", 80.0, 70.0, -0.5),
        LearnerGain("Cy $x$", 100.0, 100.0, None),
    ),
    only_pre=("Di & Co",),
    only_post=("Ed",),
    mean_pre=220 / 3,
    mean_post=80.0,
    mean_gain=0.0,
    d_z=0.31,
    d_z_interval=(-0.85, 1.42),
    hake_gain=(80 - 220 / 3) / (100 - 220 / 3),  # 0.25
    per_type=(TypeGain("fact", 50.0, 75.0, 0.5), TypeGain("opinion", 60.0, 50.0, -0.25)),
)


# --- Without a browser ---------------------------------------------------------------------------


def test_the_page_is_escaped_self_contained_and_the_same_each_time(tmp_path):
    from quiz.scores.report.html import format_html

    report = class_report(read_exports([write_export(tmp_path / "class.csv", class_rows())]))
    scripted = "<script>alert(1)</script>"
    gain = replace(HAND_GAIN, learners=HAND_GAIN.learners + (LearnerGain(scripted, 10.0, 20.0, 0.11),),
                   only_post=(scripted,))
    report = replace(report, banks=[replace(report.banks[0], gain=gain)])
    page = format_html(report, bank_titles={"mini": "A <mini> bank"}, made_on="2026-11-30")

    # Names, ids and titles are text: markup shows as typed, never runs.
    assert "<script" not in page and "<b>" not in page and "<mini>" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3  # the chart, the table, the list
    assert "&lt;b&gt;" in page and "A &lt;mini&gt; bank" in page
    assert "Cy $x$" in page  # no mathematics made of a dollar sign, in the chart or the table
    # Nothing to fetch: no address in any src or href, no stylesheet or script from outside.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"<(?:img|link|iframe|object|embed)\b|@import|url\(\s*['\"]?(?:https?:)?//", page)
    # matplotlib's date and name are left out: the same report gives the same file.
    assert "<metadata" not in page and "dc:date" not in page
    assert format_html(report, bank_titles={"mini": "A <mini> bank"}, made_on="2026-11-30") == page
    # Element ids are unique across the page's charts (a clip path of one chart never clips another).
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_the_quiz_start_and_the_other_report_forms_do_not_load_matplotlib(tmp_path):
    export = write_export(tmp_path / "class.csv", class_rows(3))
    script = (
        "import sys, quiz.cli\n"
        f"quiz.cli.main(['--lang', 'en', 'report', {str(export)!r}, '-o', {str(tmp_path / 'r.txt')!r}])\n"
        "print('matplotlib' in sys.modules)\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=True)
    assert loaded.stdout.strip() == "False"


# --- In a browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, once for this module's pages (skipped without it, except in CI)."""
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)"
    elif importlib.util.find_spec("playwright") is None:
        missing = "Playwright is missing (pip install -e '.[test]')"
    if missing and os.environ.get("CI"):
        pytest.fail(f"the browser test cannot run in CI: {missing}")
    if missing:
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, timeout=15_000)
        try:
            yield launched
        finally:
            launched.close()


TABLES = """() => [...document.querySelectorAll('table')].map(table => ({
    caption: table.caption ? table.caption.textContent : null,
    scopes: [...table.querySelectorAll('th')].map(th => th.getAttribute('scope')),
    rows: [...table.querySelectorAll('tr')].map(row => [...row.cells].map(cell => cell.textContent)),
    after: table.previousElementSibling ? table.previousElementSibling.dataset.chart || null : null,
}))"""


def open_page(browser, path: Path):
    """The page at `path`, with what it asked for over the network and the errors it logged."""
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.set_default_timeout(10_000)
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    return page, requested, errors


def assert_drawn(page, chart: str) -> None:
    """A screenshot of the chart's region: an image of a sensible size, with something drawn."""
    from PIL import Image

    region = page.locator(f'figure.chart[data-chart="{chart}"]')
    assert region.count() == 1, f"no {chart} chart on the page"
    svg = region.locator("svg")
    assert svg.get_attribute("role") == "img" and len(svg.get_attribute("aria-label") or "") > 40
    shot = Image.open(io.BytesIO(region.screenshot()))
    width, height = shot.size
    assert 400 <= width <= 1000 and 200 <= height <= 2000, (chart, shot.size)
    colours = shot.convert("RGB").getcolors(maxcolors=100_000)
    assert colours is not None and len(colours) > 20, f"the {chart} chart looks blank"


def test_the_html_report_opens_offline_with_every_chart_and_the_text_reports_numbers(browser, tmp_path):
    rows = class_rows()
    export = write_export(tmp_path / "class.csv", rows)
    page_file = tmp_path / "class.html"
    # German, to see the page in the teacher's language as the text report is.
    media_quiz("--lang", "de", "report", str(export), "--format", "html", "-o", str(page_file))
    set_language("de")  # the text report, made here as `media-quiz --lang de report` makes it
    text = format_report(class_report(read_exports([export])), "text", cli._type_names())

    page, requested, errors = open_page(browser, page_file)
    try:
        assert page.get_attribute("html", "lang") == "de"
        for chart in CHARTS:
            assert_drawn(page, chart)
        assert page.locator('figure.chart[data-chart="gain"]').count() == 0  # no pre/post test here
        tables = page.evaluate(TABLES)
    finally:
        page.close()
    assert requested == [page_file.as_uri()]  # the file itself, nothing else
    assert errors == []

    # Each chart has its table right under it, captioned, with headed rows and columns.
    assert [table["after"] for table in tables] == list(CHARTS)
    for table in tables:
        assert table["caption"] and set(table["scopes"]) == {"col", "row"}
    types, confusion, items = (table["rows"][1:] for table in tables)
    text_lines = [re.split(r"\s{2,}", line.strip()) for line in text.splitlines()]

    def in_text(cells: list[str]) -> bool:
        """Whether a line of the text report starts with these cells (the rest may follow)."""
        return any(line[: len(cells)] == cells for line in text_lines)

    # Items: in the text report's order (flagged first), each with type, answers, facility,
    # discrimination and upper–lower as the text report gives them (the passage, second in
    # the page, stands under the item in the text).
    order = sorted(ITEMS, key=lambda item_id: text.index(f"{item_id} "))
    assert [row[0] for row in items] == order
    for row in items:
        cells = [row[0], *row[2:7]]
        assert in_text(cells), f"{cells} is not in the text report:\n{text}"
    # Types: answers and accuracy, named as the text report names them (in German).
    assert len(types) == 4 and "Fact" not in {row[0] for row in types}
    for row in types:
        assert in_text(row), f"{row} is not in the text report:\n{text}"
    # Which type was taken for which, counted here from the rows written (partial answers too).
    given = Counter((row.correct_type, row.chosen) for row in rows)
    names = {row[0]: kind for row, kind in zip(types, TYPES)}  # the same order: by type id
    assert [row[0] for row in confusion] == [row[0] for row in types]
    for row in confusion:
        assert [int(cell) for cell in row[1:]] == [given[(names[row[0]], kind)] for kind in TYPES]


def test_the_gain_section_shows_each_learner_the_class_and_who_took_one_test(browser, tmp_path):
    from quiz.scores.report.html import format_html

    report = class_report(read_exports([write_export(tmp_path / "class.csv", class_rows(4))]))
    report = replace(report, banks=[replace(report.banks[0], gain=HAND_GAIN)])
    page_file = tmp_path / "gain.html"
    page_file.write_text(
        format_html(report, {"fact": "Fact", "opinion": "Opinion"}, bank_titles={"mini": "Mini"}, made_on="2026-11-30"),
        encoding="utf-8",
    )

    page, requested, errors = open_page(browser, page_file)
    try:
        assert_drawn(page, "gain")
        tables = page.evaluate(TABLES)
        section = page.locator("section.chart").first.inner_text()
    finally:
        page.close()
    assert requested == [page_file.as_uri()] and errors == []

    learners, means, per_type = (table["rows"][1:] for table in tables[:3])
    assert tables[0]["after"] == "gain"
    assert learners == [
        ["Ann", "40%", "70%", "0.50"],
        ["Bo <b>", "80%", "70%", "-0.50"],
        ["Cy $x$", "100%", "100%", "–"],  # g is undefined for a full pre-test
    ]
    assert dict(means) == {
        "mean pre-test": "73%",
        "mean post-test": "80%",
        "mean of the learners' gains g": "0.00",
        "class gain ⟨g⟩ (from the mean pre- and post-test)": "0.25",
        "effect size d_z (paired)": "0.31",
        "95% confidence interval of d_z": "-0.85 to 1.42",
    }
    assert per_type == [["Fact", "50%", "75%", "0.50"], ["Opinion", "60%", "50%", "-0.25"]]
    # Learners with one test are named apart, and the figures are placed against published ones.
    assert "Only the pre-test, so not in the gain: Di & Co." in section
    assert "Only the post-test, so not in the gain: Ed." in section
    assert "this class's ⟨g⟩ of 0.25 lies between the 0.23 Hake (1998) found" in section
    assert "the study of the Bad News game measured d ≈ 0.52, and this class has d_z = 0.31" in section
