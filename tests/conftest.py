"""Shared fixtures: a small bank to test against, and helpers to drive the Textual app."""

from __future__ import annotations

import asyncio
import io
import os
import tempfile
from pathlib import Path

import pytest
from rich.console import Console

from quiz.i18n import set_language
from quiz.banks import load_bank, load_catalog

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"

# Pilot tests check what is shown, not how it moves there.
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
# Compiled catalogs and cached banks go to a folder of this run, not the user's cache.
os.environ.setdefault("MEDIA_QUIZ_CACHE_DIR", tempfile.mkdtemp(prefix="media-quiz-test-cache-"))


@pytest.fixture(autouse=True)
def english():
    """Every test starts in English, whatever the machine's locale."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def mini_catalog():
    return load_catalog(MINI)


@pytest.fixture
def mini_bank(mini_catalog):
    return load_bank(MINI / "bank.yaml", mini_catalog)


def quiz_app(bank, catalog, **options):
    """The Textual app on a `QuizRun` of `bank` (options as QuizRun takes them)."""
    from quiz.core.run import QuizRun
    from quiz.tui.app import QuizApp

    return QuizApp(QuizRun(bank, catalog, **options))


def run(coroutine):
    """Run one Pilot scenario (no async plugin needed)."""
    return asyncio.run(coroutine)


def screen_text(app) -> str:
    """The visible screen as plain text, as a student would read it."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False,
        color_system=None, safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()
