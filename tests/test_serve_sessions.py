"""`media-quiz serve` under a class: what a tab may send, how many at once, and how sessions end.

The clients are those of benchmarks/serve_load.py: websockets that behave like textual-serve's
page (connect with a size, resize, type). The sessions are forked from the server's zygote.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import re
import signal
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from quiz.tui.serve_protocol import (
    MAX_MESSAGE_BYTES,
    BadMessage,
    Ping,
    Resize,
    Stdin,
    parse_message,
    size_from_query,
)

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("serve_load", ROOT / "benchmarks" / "serve_load.py")
serve_load = importlib.util.module_from_spec(_spec)
sys.modules["serve_load"] = serve_load
_spec.loader.exec_module(serve_load)

pytest.importorskip("aiohttp")
QUIZ = ["--count", "2", "--seed", "1"]


# -- each message, checked (the pure part) --------------------------------------------------


def test_the_messages_the_page_sends_are_understood():
    assert parse_message('["stdin", "1"]') == Stdin("1")
    assert parse_message('["resize", {"width": 80, "height": 24}]') == Resize(80, 24)
    assert parse_message('["ping", "1700000000"]') == Ping("1700000000")


def test_an_oversized_or_tiny_terminal_is_clamped_to_what_a_screen_shows():
    assert parse_message('["resize", {"width": 100000, "height": 100000}]') == Resize(400, 200)
    assert parse_message('["resize", {"width": -5, "height": 0}]') == Resize(20, 10)
    assert size_from_query("100000", "100000") == (400, 200)
    assert size_from_query("9" * 5000, "x") == (80, 24)  # not a number: the default size


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "{",
        '{"stdin": "x"}',
        "[]",
        "[1, 2]",
        '["stdin", 5]',
        '["stdin"]',
        '["stdin", "a", "b"]',
        '["resize", {"width": "80", "height": 24}]',
        '["resize", {"width": 80.5, "height": 24}]',
        '["resize", {"width": true, "height": 24}]',
        '["resize", [80, 24]]',
        '["ping", {"x": 1}]',
        '["focus", 1]',
        '["launch", "rockets"]',
        "[" * 100_000,  # deeper than the JSON parser goes
    ],
)
def test_a_message_the_page_never_sends_is_refused_with_a_reason(text):
    with pytest.raises(BadMessage):
        parse_message(text)


def test_a_message_over_64_kb_is_refused():
    with pytest.raises(BadMessage):
        parse_message(json.dumps(["stdin", "x" * MAX_MESSAGE_BYTES]))


# -- a served quiz ---------------------------------------------------------------------------


def sessions_of(server) -> list[int]:
    """The quiz processes of the server: the children of its zygote."""
    zygotes = [pid for pid in server.descendants() if serve_load.parent(pid) == server.process.pid]
    return [pid for pid in server.descendants() if serve_load.parent(pid) in zygotes]


def wait_until(condition, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = serve_load.start_server(
        tmp_path_factory.mktemp("serve"), spawn="fork", quiz_options=QUIZ,
        serve_options=["--max-sessions", "5", "--ready", "0"],
    )
    yield started
    serve_load.stop_server(started)


@pytest.fixture
def quiet(server):
    """The server with no session left from an earlier test."""
    assert wait_until(lambda: not sessions_of(server)), "sessions of an earlier test are still running"
    return server


def run(coroutine):
    return asyncio.run(coroutine)


async def connected(http, server, width: int = 80, height: int = 24):
    client = await serve_load.Client.connect(http, server.url, width, height)
    await client.wait_for("⏎ Start")  # the start screen, with the score file read
    return client


def test_an_oversized_resize_is_drawn_at_the_largest_size_and_the_session_goes_on(quiet):
    import aiohttp

    async def scenario():
        async with aiohttp.ClientSession() as http:
            client = await connected(http, quiet)
            mark = client.mark()
            await client.send(["resize", {"width": 100_000, "height": 100_000}])
            await client.wait_for("⏎ Start", since=mark)
            await asyncio.sleep(0.3)
            # The key bar is padded to the terminal's width: the spaces after its last key.
            padding = [len(run) for run in re.findall(r"t Theme( *)", client.text[mark:])]
            await client.send(["ping", "42"])  # still served
            await client.close()
            return padding

    padding = run(scenario())
    # Drawn 400 columns wide (the run may go on into blank rows below), never 100,000.
    assert any(300 < spaces < 400 for spaces in padding) and max(padding) < 2000


@pytest.mark.parametrize(
    "bad",
    [
        "not json",
        json.dumps(["stdin", 5]),
        json.dumps(["resize", {"width": "wide", "height": 24}]),
        json.dumps(["stdin", "x" * (MAX_MESSAGE_BYTES + 1)]),
    ],
    ids=["malformed-json", "stdin-not-text", "resize-not-numbers", "stdin-over-64kb"],
)
def test_a_bad_message_ends_only_its_own_session_with_one_line_in_the_log(quiet, bad):
    import aiohttp

    log_before = quiet.log.read_text(errors="replace")

    async def scenario():
        async with aiohttp.ClientSession() as http:
            good = await connected(http, quiet)
            bad_client = await connected(http, quiet)
            assert len(sessions_of(quiet)) == 2
            await bad_client.websocket.send_str(bad)
            await bad_client._reader  # the server closes it
            # The other student goes on: their quiz still answers (drawn again at a new size).
            mark = good.mark()
            await good.send(["resize", {"width": 100, "height": 30}])
            await good.wait_for("⏎ Start", since=mark)
            assert wait_until(lambda: len(sessions_of(quiet)) == 1, 10), "the closed session's quiz still runs"
            await good.close()

    run(scenario())
    new_log = quiet.log.read_text(errors="replace")[len(log_before):]
    assert "Traceback" not in new_log
    assert len([line for line in new_log.splitlines() if "a session was closed" in line]) == 1


def test_newcomers_beyond_the_cap_are_asked_to_wait_and_get_in_once_a_place_is_free(quiet):
    import aiohttp

    async def scenario():
        async with aiohttp.ClientSession() as http:
            clients = await asyncio.gather(*(connected(http, quiet) for _ in range(5)))
            with pytest.raises(urllib.error.HTTPError) as refused:
                await asyncio.to_thread(urllib.request.urlopen, quiet.url + "/", timeout=10)
            assert refused.value.code == 503
            assert "The class is full" in refused.value.read().decode()
            newcomer = await serve_load.Client.connect(http, quiet.url)
            await newcomer.wait_for("The class is full")
            await newcomer._reader
            assert len(sessions_of(quiet)) == 5  # no process was started for the newcomer
            await clients[0].close()
            assert await asyncio.to_thread(wait_until, lambda: len(sessions_of(quiet)) == 4, 10)
            late = await connected(http, quiet)
            await asyncio.gather(late.close(), *(client.close() for client in clients[1:]))

    run(scenario())


def test_five_students_at_once_each_keep_their_own_answers_and_no_process_is_left(quiet):
    import aiohttp

    names = [f"Student {n}" for n in range(5)]

    async def student(client, name):
        mark = client.mark()
        await serve_load.sign_in(client, name)
        await client.wait_for("Question 1 of", since=mark)
        await serve_load.answer(client, 1, 2)
        await client.close()  # closed mid-quiz: the second question is never answered

    async def scenario():
        async with aiohttp.ClientSession() as http:
            # All arrive at once, then all sign in (no one's name is offered to another).
            clients = await asyncio.gather(*(connected(http, quiet) for _ in names))
            await asyncio.gather(*(student(client, name) for client, name in zip(clients, names)))

    run(scenario())
    assert wait_until(lambda: not sessions_of(quiet), 10), "quizzes still run after their tabs closed"
    stored = serve_load.answers_per_learner(quiet)
    assert {name: stored[name] for name in names} == {name: 1 for name in names}


def test_the_teacher_sees_the_class_only_with_the_token(quiet):
    import aiohttp

    log = quiet.log.read_text(errors="replace")
    address = next(line.split(": ", 1)[1] for line in log.splitlines() if "/teacher/" in line)

    def page(url: str) -> str:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()

    async def scenario():
        async with aiohttp.ClientSession() as http:
            client = await connected(http, quiet)
            mark = client.mark()
            await serve_load.sign_in(client, "Zoë <b>")
            await client.wait_for("Question 1 of", since=mark)
            await serve_load.answer(client, 1, 2)
            seen = await asyncio.to_thread(page, address)
            await serve_load.answer(client, 2, 2)  # the last answer: the attempt is finished
            report = await asyncio.to_thread(page, address + "/report")
            await client.close()
            return seen, report

    seen, report = run(scenario())
    assert "1 student connected" in seen
    assert "Zoë &lt;b&gt;" in seen and "1 / 2" in seen  # the name as text, and how far they got
    assert "not yet" in seen  # not finished
    # One click away: the class report (per item and per type, no names), and back.
    report_address = urllib.parse.urljoin(address, re.search(r"href='([^']*/report)'", seen).group(1))
    assert report_address == address + "/report"
    assert "Fact" in report and "Zoë" not in report
    assert urllib.parse.urljoin(report_address, re.search(r"href='([^']*)'", report).group(1)) == address
    for wrong in (quiet.url + "/teacher/", quiet.url + "/teacher/guess", address[:-1]):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(wrong, timeout=10)
        assert refused.value.code == 404
    assert "/teacher" not in page(quiet.url + "/")  # the students' page does not lead there


@pytest.mark.parametrize("stop", ["sigterm", "ctrl-c"])
def test_sessions_made_in_advance_are_used_and_sigterm_ends_everything_without_a_traceback(tmp_path, stop):
    """SIGTERM reaches the server alone; Ctrl+C in its terminal, every process of its group."""
    import aiohttp

    started = serve_load.start_server(tmp_path, spawn="fork", quiz_options=QUIZ, serve_options=["--ready", "2"])
    try:
        assert wait_until(lambda: len(sessions_of(started)) == 2), "no session was prepared in advance"
        prepared = set(sessions_of(started))

        async def open_three():
            http = aiohttp.ClientSession()
            clients = await asyncio.gather(*(connected(http, started) for _ in range(3)))
            return http, clients

        loop = asyncio.new_event_loop()
        http, clients = loop.run_until_complete(open_three())
        live = set(sessions_of(started))
        assert len(live) >= 3 and prepared <= live  # the prepared two serve two of the three
        everyone = started.descendants()
        if stop == "sigterm":
            started.process.send_signal(signal.SIGTERM)
        else:
            os.killpg(started.process.pid, signal.SIGINT)
        status = started.process.wait(timeout=15)  # a hang check: the benchmark measures the time
        assert status == 0
        alive = [pid for pid in everyone if os.path.exists(f"/proc/{pid}") and serve_load.command_line(pid)]
        assert alive == []
        loop.run_until_complete(http.close())
        loop.close()
    finally:
        serve_load.stop_server(started)
    log = started.log.read_text(errors="replace")
    assert "Traceback" not in log and "Event loop is closed" not in log
    assert "Stopping: ending 3 sessions" in log


def test_an_idle_session_is_closed_with_a_word_and_its_process_ends(tmp_path):
    import aiohttp

    started = serve_load.start_server(
        tmp_path, spawn="fork", quiz_options=QUIZ, serve_options=["--idle-timeout", "0.02", "--ready", "0"]  # 1.2 s
    )
    try:
        async def scenario():
            async with aiohttp.ClientSession() as http:
                client = await connected(http, started)
                await client.wait_for("without activity", timeout=30)
                await client._reader
        run(scenario())
        assert wait_until(lambda: not sessions_of(started), 10)
    finally:
        serve_load.stop_server(started)


def test_a_server_killed_outright_leaves_no_quiz_running(tmp_path):
    import aiohttp

    started = serve_load.start_server(tmp_path, spawn="fork", quiz_options=QUIZ, serve_options=["--ready", "1"])
    try:
        async def open_two():
            async with aiohttp.ClientSession() as http:
                clients = [await connected(http, started) for _ in range(2)]
                everyone = started.descendants()
                started.process.send_signal(signal.SIGKILL)  # no chance to end its sessions itself
                started.process.wait(timeout=10)
                return everyone

        everyone = run(open_two())
        assert len(everyone) >= 3  # the zygote and two sessions
        assert wait_until(lambda: not any(serve_load.alive(pid) for pid in everyone), 10)
    finally:
        serve_load.stop_server(started)
