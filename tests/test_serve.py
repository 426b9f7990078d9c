"""`media-quiz serve`: the quiz in a real browser, as a class would play it.

The server runs as a teacher starts it; headless Chromium (Debian's, driven by Playwright)
opens the page, a student starts the quiz and answers, and the answer lands in the scores.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz.scores.store import ScoreStore

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
# Headless as root, on a machine with no network but loopback: no sandbox, no GPU, and none of
# Chromium's own calls home (which would be refused, many at a time, and slow the start).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# textual-serve's page keeps its xterm.js terminal to itself, and draws the text on a canvas,
# so the DOM has none to read. The test's copy of the script also hands the terminal to the
# page, to read its screen buffer: the very text the canvas shows.
TERMINAL_CREATION = re.compile(r"this\.terminal=new (\w+)\.Terminal\(")
SCREEN_TEXT = """() => {
    const terminal = window.quizTerminal;
    if (!terminal) return "";
    const buffer = terminal.buffer.active;
    const rows = [];
    for (let y = 0; y < terminal.rows; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        rows.push(line ? line.translateToString(true) : "");
    }
    return rows.join("\\n");
}"""


@pytest.fixture
def chromium_available() -> None:
    """Skip without Chromium on a developer's machine; in CI (CI set), it must be there."""
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "Playwright is missing (pip install -e '.[test]')"
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"the browser test cannot run in CI: {missing}")
    pytest.skip(missing)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def quiz_environment(data_dir: Path) -> dict[str, str]:
    # English whatever the machine's locale; scores in the test's own folder.
    return dict(os.environ, MEDIA_QUIZ_DATA_DIR=str(data_dir), LANGUAGE="", LC_ALL="", LANG="C")


def wait_until_served(url: str, server: subprocess.Popen, log: Path, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"media-quiz serve stopped (status {server.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    pytest.fail(f"media-quiz serve did not answer at {url} in {seconds} s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """End the server and every quiz it started (they share its process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # quiz sessions that outlived the server
    except ProcessLookupError:
        pass
    process.wait(timeout=5)


@pytest.fixture
def served_quiz(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`media-quiz serve` on a free loopback port: (its URL, the scores folder)."""
    data_dir = tmp_path / "data"
    with ScoreStore.open(data_dir) as store:
        store.set_pin("Tester", "4071")  # a student who has signed in before
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [
                sys.executable, "-m", "quiz",
                "--seed", "1", "--count", "2",
                "serve", "--host", "127.0.0.1", "--port", str(port),
            ],
            cwd=ROOT,
            env=quiz_environment(data_dir),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so that stop() reaches its quizzes
        )
    try:
        wait_until_served(url + "/", server, log)
        assert f"The quiz is at {url}" in log.read_text()
        yield url, data_dir
    finally:
        stop(server)


def test_a_student_plays_the_quiz_in_a_browser_without_internet(chromium_available, served_quiz):
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    url, data_dir = served_quiz
    with urllib.request.urlopen(url + "/static/js/textual.js", timeout=5) as response:
        script, found = TERMINAL_CREATION.subn(
            r"this.terminal=window.quizTerminal=new \1.Terminal(", response.read().decode("utf-8")
        )
    assert found == 1, "textual-serve's textual.js changed: update TERMINAL_CREATION"

    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, timeout=15_000
        )  # Playwright gives it a fresh, empty profile folder
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(10_000)
            page.on("request", lambda request: requested.append(request.url))
            page.on("websocket", lambda websocket: requested.append(websocket.url))
            page.route(
                "**/static/js/textual.js",
                lambda route: route.fulfill(body=script, content_type="application/javascript"),
            )

            def screen() -> str:
                return page.evaluate(SCREEN_TEXT)

            def wait_for(*texts: str) -> None:
                try:
                    page.wait_for_function(
                        f"texts => texts.some(text => ({SCREEN_TEXT})().includes(text))", arg=list(texts)
                    )
                except PlaywrightError:
                    pytest.fail(f"none of {texts} on the page; it shows:\n{screen()}")

            page.goto(url + "/")
            wait_for("Start the quiz")
            # No click first: the page gives the quiz the keyboard from the start.
            page.wait_for_function("document.activeElement && document.activeElement.matches('.xterm-helper-textarea')")
            page.keyboard.type("Tester")  # the name box has the focus: signing in
            page.keyboard.press("Enter")
            wait_for("Type your PIN")
            page.keyboard.type("4071")
            page.keyboard.press("Enter")
            wait_for("History")  # signed in: the learner's buttons
            page.keyboard.press("Enter")  # the focused button: "Start the quiz"
            wait_for("Question 1 of 2")
            page.keyboard.press("1")
            wait_for("Which words gave it away?")
            page.keyboard.press("Space")  # the first word marked
            page.keyboard.press("Enter")
            wait_for("Correct", "Not quite")
        finally:
            browser.close()

    # Everything came from the classroom server: nothing from the internet (fonts, scripts).
    ours = (url + "/", url.replace("http://", "ws://", 1) + "/")
    assert [address for address in requested if not address.startswith(ours)] == []
    assert any(address.endswith("/fonts/RobotoMono-VariableFont_wght.ttf") for address in requested)

    # The answer was saved where the teacher collects scores.
    exported = subprocess.run(
        [sys.executable, "-m", "quiz", "export", "--format", "csv"],
        cwd=ROOT, env=quiz_environment(data_dir), capture_output=True, text=True, timeout=30, check=False,
    )
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [row["learner"] for row in rows] == ["Tester"]


def test_serving_to_other_computers_asks_for_the_address_they_use(tmp_path):
    refused = subprocess.run(
        [sys.executable, "-m", "quiz", "serve", "--host", "0.0.0.0", "--port", "8123"],
        cwd=ROOT, env=quiz_environment(tmp_path), capture_output=True, text=True, timeout=30, check=False,
    )
    assert refused.returncode == 2
    assert "--public-url http://<address>:8123" in refused.stderr


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("[::1]", True),
     ("localhost", True), ("0.0.0.0", False), ("192.168.1.20", False), ("::", False),
     ("quiz.school.example", False)],
)
def test_only_this_computer_counts_as_loopback(host, loopback):
    from quiz.tui.serve import is_loopback

    assert is_loopback(host) is loopback


def test_quiz_options_pass_to_every_browser_session(tmp_path):
    from quiz.cli import build_parser
    from quiz.tui.serve import quiz_arguments

    args = build_parser().parse_args(
        ["--bank", "bank.yaml", "--count", "5", "--lang", "es", "--plain", "serve"]
    )
    assert quiz_arguments(args) == [
        "--bank", os.path.abspath("bank.yaml"), "--count", "5", "--lang", "es"
    ]
