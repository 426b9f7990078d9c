"""Issue 19 in a real browser: two students sign in from two pages at once, and each sees only
their own name and history (headless Debian Chromium through Playwright, as tests/test_serve.py)."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from quiz.core.run import LAST_LEARNER
from quiz.scores.store import ScoreStore
from tests.conftest import shipped_bank
from tests.test_serve import (  # noqa: F401  (chromium_available is a fixture)
    CHROMIUM,
    CHROMIUM_FLAGS,
    ROOT,
    SCREEN_TEXT,
    TERMINAL_CREATION,
    chromium_available,
    free_port,
    quiz_environment,
    stop,
    wait_until_served,
)


def finished_attempts(data_dir: Path, name: str, pin: str, count: int) -> None:
    """`name`, with `pin`, has `count` finished quizzes of one right answer each."""
    bank, _catalog = shipped_bank()
    item = bank.items[0]
    with ScoreStore.open(data_dir) as store:
        learner = store.learner(name)
        for _ in range(count):
            attempt = store.start_attempt(learner, bank.id, bank.content_hash, [item.id], seed=None, locale="en")
            store.record_answer(
                attempt, item_id=item.id, correct_type=item.answer, chosen=item.answer, outcome="correct",
                points=1, seconds=2, locale="en", bank_id=bank.id, bank_hash=bank.content_hash,
            )
            store.finish_attempt(attempt)
        store.set_pin(name, pin)
        store.set_setting(LAST_LEARNER, name)  # as the terminal quiz leaves it: Ben played last


def test_two_students_sign_in_from_two_pages_at_once_and_each_sees_only_their_own_name_and_history(
    chromium_available, tmp_path
):
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    data_dir = tmp_path / "data"
    finished_attempts(data_dir, "Ana", "4071", 1)
    finished_attempts(data_dir, "Ben", "5555", 2)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "quiz", "--seed", "1", "--count", "2", "serve", "--port", str(port)],
            cwd=ROOT, env=quiz_environment(data_dir), stdin=subprocess.DEVNULL, stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_until_served(url + "/", server, log)
        with urllib.request.urlopen(url + "/static/js/textual.js", timeout=5) as response:
            script, found = TERMINAL_CREATION.subn(
                r"this.terminal=window.quizTerminal=new \1.Terminal(", response.read().decode("utf-8")
            )
        assert found == 1, "textual-serve's textual.js changed: update TERMINAL_CREATION"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, timeout=15_000)
            try:
                pages = {}
                for name in ("Ana", "Ben"):  # two computers: a browser context each
                    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
                    page.set_default_timeout(10_000)
                    page.route(
                        "**/static/js/textual.js",
                        lambda route: route.fulfill(body=script, content_type="application/javascript"),
                    )
                    page.goto(url + "/")
                    pages[name] = page

                def screen(page) -> str:
                    return page.evaluate(SCREEN_TEXT)

                def wait_for(page, text: str) -> None:
                    try:
                        page.wait_for_function(f"text => ({SCREEN_TEXT})().includes(text)", arg=text)
                    except PlaywrightError:
                        pytest.fail(f"{text!r} is not on the page; it shows:\n{screen(page)}")

                for page in pages.values():
                    wait_for(page, "type your name")  # an empty name field: nobody's name offered
                    assert "Ana" not in screen(page) and "Ben" not in screen(page)
                for name, page in pages.items():
                    page.keyboard.type(name)
                    page.keyboard.press("Enter")
                for page in pages.values():
                    wait_for(page, "Type your PIN")
                pages["Ana"].keyboard.type("5555")  # Ben's PIN: not Ana's
                pages["Ana"].keyboard.press("Enter")
                wait_for(pages["Ana"], "That is not your PIN")
                for name, pin in (("Ana", "4071"), ("Ben", "5555")):
                    pages[name].keyboard.type(pin)
                    pages[name].keyboard.press("Enter")
                for page in pages.values():
                    wait_for(page, "History")  # signed in: the History button is there
                    page.keyboard.press("Tab")  # from Start (nothing to resume or practise) to History
                    page.keyboard.press("Enter")
                wait_for(pages["Ana"], "History of Ana — 1 attempt")
                wait_for(pages["Ben"], "History of Ben — 2 attempts")
                assert "Ben" not in screen(pages["Ana"]) and "Ana" not in screen(pages["Ben"])
            finally:
                browser.close()
    finally:
        stop(server)
