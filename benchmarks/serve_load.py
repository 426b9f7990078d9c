"""A class arriving at once: N browser-like clients on `media-quiz serve`, forked sessions
against textual-serve's own process per session (the baseline), in the same run.

    python benchmarks/serve_load.py                    # 30 clients, both ways, once
    python benchmarks/serve_load.py --clients 50 --rounds 2
    python benchmarks/serve_load.py --ways fork,ready  # only the forked sessions

Each client behaves like the page: it connects to /ws with its size, sends a resize, waits
for the start screen, signs in (`sign_in`: the one step that depends on the start screen),
answers a few questions and closes. All connect in the same instant. Reported per way:

- time from connecting to the start screen drawn at the browser's size, 100×30 (median,
  90th percentile, slowest);
- memory of each session once all are on their start screen: USS (pages only it has) and
  PSS (its share of the shared ones), from /proc/PID/smaps_rollup; and the zygote's;
- processes of the server left 5 s after every client closed;
- answers stored per learner (from `media-quiz export`): each client's under its own name;
- how long the server takes to stop on SIGTERM with N sessions open (a second class
  connected), what is left of it, and whether it printed a traceback.

The machine is shared: the times are noisy, the memory figures much less so.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_SCREEN = "Start the quiz"
# Everything but the text: CSI and OSC sequences, charset and keypad switches.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Client:
    """One browser tab: the websocket and the text its terminal has been sent."""

    def __init__(self, websocket) -> None:
        self.websocket = websocket
        self.text = ""
        self.closed = False
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def connect(cls, session, url: str, width: int = 80, height: int = 24) -> "Client":
        websocket = await session.ws_connect(f"{url}/ws?width={width}&height={height}", max_msg_size=0)
        client = cls(websocket)
        await client.send(["resize", {"width": width, "height": height}])  # as the page does on open
        return client

    async def _read(self) -> None:
        import aiohttp

        try:
            async for message in self.websocket:
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.text += _ESCAPES.sub("", message.data.decode("utf-8", "replace"))
                    self._changed.set()
        finally:
            self.closed = True
            self._changed.set()

    def mark(self) -> int:
        """Where the text is now: `wait_for` looks only at what comes after."""
        return len(self.text)

    async def wait_for(self, *needles: str, since: int = 0, timeout: float = 60) -> str:
        """Wait until one of `needles` has been drawn after `since`; the one found."""
        deadline = time.monotonic() + timeout
        while True:
            window = self.text[since:]
            for needle in needles:
                if needle in window:
                    return needle
            if self.closed:
                raise ConnectionError(f"closed before any of {needles}: …{self.text[-300:]!r}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"none of {needles} in {timeout} s: …{self.text[-300:]!r}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def send(self, message: list) -> None:
        await self.websocket.send_str(json.dumps(message))

    async def keys(self, text: str) -> None:
        await self.send(["stdin", text])

    async def close(self) -> None:
        await self.websocket.close()
        await self._reader


def click(column: int, row: int) -> str:
    """A left click at a cell (0-based), as xterm.js reports it (SGR mouse)."""
    return f"\x1b[<0;{column + 1};{row + 1}M\x1b[<0;{column + 1};{row + 1}m"


async def sign_in(client: Client, name: str, pin: str = "2468") -> None:
    """Sign in as `name` on the start screen and start a quiz, as a student in a browser does.

    Each session is its own student: once the start screen has read the score file (its key
    bar then offers "⏎ Start"), the empty name box has the focus: the name, Enter. A name seen
    for the first time chooses a PIN, typed twice: Enter moves the focus to the second box, but
    only once Textual has handled it (keys sent at once would still reach the first box), so
    the second PIN waits until, after the first box shows "••••", the second is drawn twice:
    only the focused box blinks (a box asked to take the focus is drawn once before it has it).
    A known name types its PIN once.
    Signed in, the learner's buttons show with Start focused: Enter starts the quiz.
    """
    await client.wait_for("⏎ Start")
    mark = client.mark()
    await client.keys(name)
    await client.keys("\r")
    first_time = await client.wait_for("First time here", "Type your PIN", since=mark)
    mark = client.mark()
    await client.keys(pin + "\r")
    if first_time == "First time here":
        await client.wait_for("•" * len(pin), since=mark)
        for _blink in range(2):
            mark = client.mark()
            await client.wait_for("the same PIN again", since=mark)
        mark = client.mark()
        await client.keys(pin + "\r")
    await client.wait_for("History", since=mark)
    await client.keys("\r")


async def answer(client: Client, number: int, of: int) -> None:
    """Answer question `number` (1-based) with Fact, skip the evidence, see the verdict."""
    mark = client.mark()
    await client.keys("1")
    await client.wait_for("Which words gave it away", since=mark)
    mark = client.mark()
    await client.keys("s")  # skip marking words
    await client.wait_for("Correct", "Not quite", "Partly correct", since=mark)
    if number < of:
        mark = client.mark()
        await client.keys("\r")
        await client.wait_for(f"Question {number + 1} of", since=mark)


@dataclass
class Visit:
    name: str
    to_start_screen: float | None = None
    answered: int = 0
    error: str | None = None


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    data_dir: Path
    log: Path
    left_after_stop: int = 0

    def descendants(self) -> list[int]:
        """Every process below the server (sessions, the zygote, shells)."""
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if fields[0] == b"Z":
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            for child in children.get(pid, []):
                found.append(child)
                todo.append(child)
        return found


def command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def parent(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def memory(pid: int) -> dict[str, int]:
    """kB of a process: Rss, Pss and Uss (private clean + private dirty), from smaps_rollup."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                parts = line.split()
                if len(parts) >= 2 and parts[1].isdigit():
                    values[parts[0].rstrip(":")] = int(parts[1])
    except OSError:
        return {}
    return {
        "rss": values.get("Rss", 0),
        "pss": values.get("Pss", 0),
        "uss": values.get("Private_Clean", 0) + values.get("Private_Dirty", 0),
    }


def start_server(
    folder: Path, *, spawn: str, quiz_options: list[str], serve_options: list[str] | None = None
) -> Server:
    data_dir = folder / "data"
    port = free_port()
    log = folder / "serve.log"
    environment = dict(
        os.environ, MEDIA_QUIZ_DATA_DIR=str(data_dir), LANGUAGE="", LC_ALL="", LANG="C",
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "quiz", *quiz_options, "serve", "--port", str(port),
             "--spawn", spawn, *(serve_options or [])],
            cwd=ROOT, env=environment, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, f"http://127.0.0.1:{port}", data_dir, log)
    deadline = time.monotonic() + 60
    while "Press Ctrl+C" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            raise RuntimeError(f"serve did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)
    return server


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def stop_server(server: Server, timeout: float = 10) -> float:
    """SIGTERM, and the seconds until the server exited; whatever is left is killed after
    being counted in `server.left_after_stop`."""
    started = time.monotonic()
    before = server.descendants()
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    took = time.monotonic() - started
    server.left_after_stop = len([pid for pid in before if alive(pid)])
    try:
        os.killpg(server.process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.process.wait()
    return took


def answers_per_learner(server: Server) -> Counter:
    exported = subprocess.run(
        [sys.executable, "-m", "quiz", "export", "--format", "csv"], cwd=ROOT,
        env=dict(os.environ, MEDIA_QUIZ_DATA_DIR=str(server.data_dir), PYTHONPATH=str(ROOT)),
        capture_output=True, text=True, timeout=60, check=False,
    )
    return Counter(row["learner"] for row in csv.DictReader(io.StringIO(exported.stdout)))


@dataclass
class Round:
    spawn: str
    visits: list[Visit] = field(default_factory=list)
    session_memory: list[dict[str, int]] = field(default_factory=list)
    zygote_memory: dict[str, int] = field(default_factory=dict)
    left_after_close: int = 0
    stored: Counter = field(default_factory=Counter)
    stop_seconds: float = 0.0
    live_at_stop: int = 0
    left_after_stop: int = 0
    traceback: bool = False


async def visit(url: str, name: str, answers: int, count: int, everyone_started: asyncio.Event,
                everyone_measured: asyncio.Event, visit_record: Visit) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as http:
        started = time.monotonic()
        # A browser's terminal is rarely 80×24: at 100×30 a session prepared in advance must
        # draw its screen again, and the key bar shows its last key ("t Theme"), cut at 80.
        client = await Client.connect(http, url, 100, 30)
        try:
            await client.wait_for(START_SCREEN, timeout=120)
            await client.wait_for("t Theme", timeout=120)
            visit_record.to_start_screen = time.monotonic() - started
            await everyone_measured.wait()
            mark = client.mark()
            await sign_in(client, name)
            await client.wait_for("Question 1 of", since=mark, timeout=60)
            for number in range(1, answers + 1):
                await answer(client, number, count)
                visit_record.answered = number
        except (TimeoutError, ConnectionError) as error:
            visit_record.error = str(error)[:300]
        finally:
            await client.close()


def zygote_children(server: Server) -> list[int]:
    zygotes = [pid for pid in server.descendants() if parent(pid) == server.process.pid]
    return [pid for pid in server.descendants() if parent(pid) in zygotes]


async def one_round(way: str, clients: int, answers: int, count: int, ready: int) -> Round:
    """`way`: "shell" (textual-serve's spawn), "fork" (forked on arrival), "ready" (`ready`
    sessions forked in advance, the rest on arrival)."""
    result = Round(way if way != "ready" else f"ready {ready}")
    with tempfile.TemporaryDirectory(prefix="media-quiz-serve-load-") as folder:
        server = start_server(
            Path(folder), spawn="shell" if way == "shell" else "fork",
            quiz_options=["--count", str(count), "--seed", "1"],
            serve_options=["--max-sessions", str(clients), "--ready", str(ready if way == "ready" else 0)],
        )
        try:
            if way == "ready":  # the class arrives once the sessions are prepared
                deadline = time.monotonic() + 120
                while len(zygote_children(server)) < min(ready, clients) and time.monotonic() < deadline:
                    await asyncio.sleep(0.2)
                await asyncio.sleep(1.0)
            measured = asyncio.Event()
            result.visits = [Visit(f"Student {n:02d}") for n in range(clients)]
            tasks = [
                asyncio.create_task(visit(server.url, v.name, answers, count, asyncio.Event(), measured, v))
                for v in result.visits
            ]
            # Everyone on the start screen (or failed): then measure memory, then let them answer.
            while any(v.to_start_screen is None and v.error is None for v in result.visits) and not all(
                t.done() for t in tasks
            ):
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)  # the last screens drawn, the sessions at rest
            zygote = [pid for pid in server.descendants() if parent(pid) == server.process.pid]
            zygote = [pid for pid in zygote if "serve_zygote" in command_line(pid)]
            for pid in server.descendants():
                if pid in zygote or command_line(pid).startswith(("/bin/sh", "sh ")):
                    continue  # a session is a Python process below the server (forked or spawned)
                result.session_memory.append(memory(pid))
            if zygote:
                result.zygote_memory = memory(zygote[0])
            measured.set()
            await asyncio.gather(*tasks)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                left = [pid for pid in server.descendants() if pid not in zygote]
                if not left:
                    break
                await asyncio.sleep(0.1)
            result.left_after_close = len([pid for pid in server.descendants() if pid not in zygote])
            # Then a class in the middle of its quizzes, and the teacher stops the server.
            import aiohttp

            async with aiohttp.ClientSession() as http:
                live = await asyncio.gather(
                    *(Client.connect(http, server.url) for _ in result.visits), return_exceptions=True
                )
                live = [client for client in live if isinstance(client, Client)]
                await asyncio.gather(*(c.wait_for(START_SCREEN, timeout=120) for c in live), return_exceptions=True)
                result.live_at_stop = len(live)
                result.stop_seconds = await asyncio.to_thread(stop_server, server)
                result.left_after_stop = server.left_after_stop
                await asyncio.gather(*(c.close() for c in live), return_exceptions=True)
        finally:
            if server.process.poll() is None:
                result.stop_seconds = stop_server(server)
        result.traceback = "Traceback" in server.log.read_text(errors="replace")
        result.stored = answers_per_learner(server)
    return result


def _ms(seconds: float) -> str:
    return f"{seconds:.2f} s"


def report(result: Round, answers: int) -> list[str]:
    times = sorted(v.to_start_screen for v in result.visits if v.to_start_screen is not None)
    failed = [v for v in result.visits if v.error]
    lines = [f"== {result.spawn}: {len(result.visits)} clients at once"]
    if times:
        p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
        lines.append(
            f"  to start screen: median {_ms(statistics.median(times))}, p90 {_ms(p90)}, slowest {_ms(times[-1])}"
            f" ({len(times)} of {len(result.visits)} reached it)"
        )
    if result.session_memory:
        uss = [m["uss"] / 1024 for m in result.session_memory]
        pss = [m["pss"] / 1024 for m in result.session_memory]
        rss = [m["rss"] / 1024 for m in result.session_memory]
        lines.append(
            f"  memory per session: USS median {statistics.median(uss):.1f} MB (max {max(uss):.1f}),"
            f" PSS median {statistics.median(pss):.1f} MB, RSS median {statistics.median(rss):.1f} MB;"
            f" {len(uss)} sessions, PSS total {sum(pss):.0f} MB"
        )
    if result.zygote_memory:
        lines.append(
            f"  zygote: RSS {result.zygote_memory['rss'] / 1024:.1f} MB, PSS {result.zygote_memory['pss'] / 1024:.1f} MB"
        )
    lines.append(f"  processes left 5 s after every client closed: {result.left_after_close}")
    wrong = {v.name: result.stored.get(v.name, 0) for v in result.visits if result.stored.get(v.name, 0) != v.answered}
    strangers = {name: n for name, n in result.stored.items() if name not in {v.name for v in result.visits}}
    lines.append(
        f"  answers stored: {sum(result.stored.values())} for {len(result.stored)} learners;"
        f" every answer under the learner who gave it: {'yes' if not wrong and not strangers else 'NO'}"
        + (f" (differ: {dict(list(wrong.items())[:5])}, others: {strangers})" if wrong or strangers else "")
    )
    lines.append(
        f"  SIGTERM with {result.live_at_stop} sessions open: exited in {_ms(result.stop_seconds)},"
        f" processes left {result.left_after_stop}; traceback in the log: {'YES' if result.traceback else 'no'}"
    )
    for v in failed[:3]:
        lines.append(f"  failed: {v.name}: {v.error}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--answers", type=int, default=2, help="questions each client answers")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--ways", default="shell,fork,ready",
        help="comma-separated: shell (the baseline), fork (on arrival), ready (prepared in advance)",
    )
    parser.add_argument("--ready", type=int, default=None, help="sessions prepared in advance (default: --clients)")
    args = parser.parse_args(argv)
    ways = args.ways.split(",")
    ready = args.clients if args.ready is None else args.ready
    count = max(args.answers, 2)
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}; the machine may be shared: times are noisy")
    results: dict[str, list[Round]] = {way: [] for way in ways}
    for _round in range(args.rounds):
        for way in ways:  # alternating, so that a busy spell hits both
            result = asyncio.run(one_round(way, args.clients, args.answers, count, ready))
            results[way].append(result)
            print("\n".join(report(result, args.answers)), flush=True)
    if "shell" in ways and len(ways) > 1:
        def median_start(rounds: list[Round]) -> float:
            return statistics.median(v.to_start_screen for r in rounds for v in r.visits if v.to_start_screen)

        def median_uss(rounds: list[Round]) -> float:
            return statistics.median(m["uss"] for r in rounds for m in r.session_memory) / 1024

        for way in ways:
            if way != "shell":
                print(
                    f"== {way} ÷ shell: start screen median {median_start(results[way]) / median_start(results['shell']):.2f}×,"
                    f" USS per session {median_uss(results[way]) / median_uss(results['shell']):.2f}×"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
