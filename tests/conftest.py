"""Shared fixtures: a small bank to test against, and helpers to drive the Textual app."""

from __future__ import annotations

import gc
import html
import os
import re
import tempfile
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from rich.cells import cell_len

from quiz.i18n import set_language
from quiz.banks import load_bank, load_catalog
from quiz.paths import default_bank_path

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"

# Pilot tests check what is shown, not how it moves there.
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
# Compiled catalogs and cached banks go to a folder of this run, not the user's cache.
os.environ.setdefault("MEDIA_QUIZ_CACHE_DIR", tempfile.mkdtemp(prefix="media-quiz-test-cache-"))
# No config file of the machine's (an LRS a developer set up) reaches the tests.
os.environ.setdefault("MEDIA_QUIZ_CONFIG", os.path.join(os.environ["MEDIA_QUIZ_CACHE_DIR"], "no-config.toml"))

# Property tests: 500 examples each in CI (which sets CI=true), a quick 25 locally; 500 keeps
# the whole suite under its five minutes now that it has grown (HYPOTHESIS_PROFILE=ci runs the
# CI count on a developer's machine too).
settings.register_profile(
    "ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
settings.register_profile("dev", settings.get_profile("ci"), max_examples=25)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI", "").lower() in ("1", "true") else "dev")
)


@pytest.fixture(autouse=True)
def collectable():
    """The app freezes what its start-up built for the rest of the process (quiz/tui/app.py),
    as a quiz process ends with it; a test process goes on, so give it back to the collector."""
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def english():
    """Every test starts in English, whatever the machine's locale."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_parser(request, monkeypatch):
    """Run the test as on a machine with libyaml, then as on one without it (PyYAML's own
    parser): the reader tries `yaml_reader.LOADER` first, so that is what is swapped."""
    import yaml

    from quiz.banks import yaml_reader

    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("this PyYAML was built without libyaml")
        monkeypatch.setattr(yaml_reader, "LOADER", yaml_reader.FastSafeLoader)
    else:
        monkeypatch.setattr(yaml_reader, "LOADER", yaml_reader.PureSafeLoader)
    return request.param


@pytest.fixture
def mini_catalog():
    return load_catalog(MINI)


@pytest.fixture
def mini_bank(mini_catalog):
    return load_bank(MINI / "bank.yaml", mini_catalog)


@asynccontextmanager
async def playing(bank, catalog, *, size=(80, 24), notifications=False, evidence=False, **options):
    """The Textual app on a `QuizRun` of `bank`, running headless on a `size` terminal;
    it yields the Pilot that drives it (`pilot.app` is the app).

    `options` go to QuizRun; `notifications=True` shows notifications on screen, as a
    student sees them (Textual hides them in tests unless asked). The "Show your evidence"
    step is off unless `evidence` is True (None: as the bank says), as the start screen's
    switch would set it, so that a test about something else answers with one key.
    """
    from quiz.core.run import QuizRun
    from quiz.tui.app import QuizApp

    quiz = QuizRun(bank, catalog, **options)
    quiz.evidence_choice = evidence
    app = QuizApp(quiz)
    async with app.run_test(size=size, notifications=notifications) as pilot:
        yield pilot


async def answer_how_sure(pilot, guess: str | None = None) -> None:
    """Past the question asked when a quiz is over ("How many … do you think you got right?"):
    type `guess` and press Enter, or skip it with Esc (None). It must be on screen."""
    from quiz.tui.screens.calibration_screen import CalibrationScreen

    await pilot.pause()
    assert isinstance(pilot.app.screen, CalibrationScreen), type(pilot.app.screen).__name__
    if guess is None:
        await pilot.press("escape")
    else:
        await pilot.press(*guess, "enter")
    await pilot.pause()


@pytest.fixture
async def pilot(mini_bank, mini_catalog):
    """The mini quiz (five questions, seed 1) running on an 80×24 terminal."""
    async with playing(mini_bank, mini_catalog, seed=1, count=5) as pilot:
        yield pilot


# A run of text in Rich's SVG: its x (in pixels), its row, and the text itself.
_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" [^>]*clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)


def screen_cells(app) -> list[list[str]]:
    """The visible screen, a list of cells a row: the character drawn in each cell, "" in
    the second cell of a wide character.

    Read from `app.export_screenshot()`, Textual's public picture of the whole screen
    (a modal screen over the ones beneath it, notifications on top). Rich draws it as one
    SVG <text> per run of text at its column, a space written `&#160;`: each run is put
    back in its row at that column (a wide character takes two cells, as on screen).
    """
    svg = app.export_screenshot()
    width, height = app.size
    char_width = 20 * 0.61  # Rich's SVG: a 20px font, each cell 0.61 of it wide
    runs = _SVG_TEXT.findall(svg)
    assert runs, "no text found in the screenshot: has Rich's SVG format changed?"
    rows = [[" "] * width for _ in range(height)]
    for x, row, text in runs:
        column = round(float(x) / char_width)
        for char in html.unescape(text.replace("&#160;", " ")).rstrip("\n"):
            rows[int(row)][column] = char
            for follow in range(1, cell_len(char)):  # a wide character covers the next cell
                rows[int(row)][column + follow] = ""
            column += cell_len(char)
    return rows


def screen_text(app) -> str:
    """The visible screen as plain text, as a student would read it: one line a row."""
    return "\n".join("".join(cells) for cells in screen_cells(app))


def notifications_on_screen(app) -> list[str]:
    """The text of each notification as drawn on screen: the cells inside each toast's
    region (the screen beside a toast can hold other words on the same rows)."""
    from textual.widgets._toast import Toast

    rows = screen_cells(app)
    return [
        "\n".join("".join(rows[y][toast.region.x : toast.region.right]) for y in range(toast.region.y, toast.region.bottom))
        for toast in app.screen.query(Toast)
    ]


async def click_text(pilot, text: str) -> None:
    """Click on `text` where the screen shows it (the first place), as a student clicks a
    button by its label; fails if it is not on the screen."""
    for row, line in enumerate(screen_text(pilot.app).splitlines()):
        column = line.find(text)
        if column >= 0:
            await pilot.click(offset=(cell_len(line[:column]) + 1, row))
            return
    raise AssertionError(f"{text!r} is not on the screen:\n{screen_text(pilot.app)}")


@cache
def shipped_bank():
    """The shipped bank and the catalog, read once for the tests that use them."""
    catalog = load_catalog()
    return load_bank(default_bank_path(), catalog), catalog


def a_wrong_answer(catalog, item) -> str:
    """A type that is neither the answer nor accepted: scored wrong, the longest verdict."""
    return next(t for t in catalog.type_ids if t not in (item.answer, *item.accept))


def flat(text: str) -> str:
    """Screen text without spaces, line breaks or box-drawing borders, to find wrapped text."""
    return "".join(ch for ch in text if not ch.isspace() and not "\u2500" <= ch <= "\u259f")


def colours_on_screen(app) -> set[str]:
    """Every colour the screen is drawn with: of its text and of its backgrounds.

    Read from the SVG screenshot: each run of text has a CSS class whose `fill:` is its
    colour; each background is a `<rect>` with a `fill` (the window frame drawn around the
    screen and its title are not the app's, nor are line breaks, which have no colour).
    """
    svg = app.export_screenshot()
    fills = dict(re.findall(r"\.([\w-]+) \{ fill: (#[0-9a-f]{6})", svg))
    runs = re.findall(r'<text class="([\w-]+)"[^>]*clip-path[^>]*>([^<]*)</text>', svg)
    text = {fills[name] for name, run in runs if run.strip()}
    backgrounds = set(re.findall(r'<rect fill="(#[0-9a-f]{6})"[^>]*shape-rendering="crispEdges"', svg))
    assert text and backgrounds, "no colours found: has the screenshot format changed?"
    return text | backgrounds

