"""The web server of `media-quiz serve`: textual-serve's page and protocol, with sessions that
are quick to start, bounded, and ended when they should be.

textual-serve (aiohttp) gives the page, its scripts and the websocket protocol. What is ours:
- each session is forked from the zygote (quiz/tui/serve_zygote.py) instead of a new
  interpreter started through a shell (`AppService._open_app_process` is the seam);
- every message is checked (quiz/tui/serve_protocol.py) and sizes clamped; a message over
  64 KB or one the page never sends ends that session only, with one line in the log;
- at most `max_sessions` at once: a newcomer gets a page saying the class is full;
- a session whose socket closes, or that stays idle too long, is asked to quit, then sent
  SIGTERM, then SIGKILL: it is gone within a few seconds (its answers are already saved);
- Ctrl+C or SIGTERM ends every session at once and the server within two seconds;
- a teacher's page, behind a token printed at start (quiz/tui/serve_teacher.py).
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from quiz.i18n import _, ngettext
from quiz.tui.serve_protocol import (
    MAX_MESSAGE_BYTES,
    BadMessage,
    Blur,
    Focus,
    Ping,
    Resize,
    Stdin,
    parse_message,
    size_from_query,
)
from quiz.tui.serve_zygote import Zygote, ZygoteError

log = logging.getLogger("media-quiz.serve")

QUIT_GRACE = 1.5  # seconds a session has to quit by itself before SIGTERM
TERM_GRACE = 1.0  # then before SIGKILL
SHUTDOWN_GRACE = 0.8  # on Ctrl+C: SIGTERM at once, SIGKILL after this
WRITE_TIMEOUT = 10.0  # a session that takes no input for this long is stuck: it is ended
STATUS_EVERY = 15.0  # seconds between looks at the room, for the line in the teacher's terminal


def default_max_sessions() -> int:
    """Sessions one machine holds at once: 30 per core, and 60 MB of free memory for each."""
    cores = os.cpu_count() or 1
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            fields = dict(line.split(":", 1) for line in meminfo if ":" in line)
        available_mb = int(fields["MemAvailable"].split()[0]) // 1024
    except (OSError, KeyError, ValueError):
        available_mb = 4096
    return max(1, min(30 * cores, available_mb // 60))


class ForkedProcess:
    """A session forked by the zygote, as much of asyncio's `Process` as AppService uses."""

    def __init__(self, pid: int, pidfd: int) -> None:
        self.pid = pid
        self._pidfd = pidfd
        self.returncode: int | None = None  # the zygote reaps it; "ended" is all we know
        self._ended = asyncio.get_running_loop().create_future()
        self.stdin: asyncio.StreamWriter | None = None
        self.stdout: asyncio.StreamReader | None = None
        self.stderr: asyncio.StreamReader | None = None
        asyncio.get_running_loop().add_reader(pidfd, self._on_exit)

    def _on_exit(self) -> None:
        loop = asyncio.get_running_loop()
        loop.remove_reader(self._pidfd)
        os.close(self._pidfd)
        self._pidfd = -1
        self.returncode = 0
        if not self._ended.done():
            self._ended.set_result(0)

    def send_signal(self, sig: int) -> None:
        if self._pidfd < 0:
            return
        try:
            signal.pidfd_send_signal(self._pidfd, sig)
        except ProcessLookupError:
            pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    async def wait(self) -> int:
        return await asyncio.shield(self._ended)

    def close_pipes(self) -> None:
        if self.stdin is not None:
            self.stdin.close()
        for reader in (self.stdout, self.stderr):
            transport = getattr(reader, "_transport", None)
            if transport is not None:
                transport.close()


async def _pipe_reader(fd: int) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**16, loop=loop)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", 0))
    return reader


async def _pipe_writer(fd: int) -> asyncio.StreamWriter:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.connect_write_pipe(
        asyncio.streams.FlowControlMixin, os.fdopen(fd, "wb", 0)
    )
    return asyncio.StreamWriter(transport, protocol, None, loop)


class Forker:
    """Sessions from the zygote: forked on request, or taken ready-made.

    `ready` sessions are forked in advance, one after the other while no one is arriving: each
    has drawn its start screen (at 80×24) into its pipe and waits for its browser. A class that arrives in the
    same second then finds its first screens already made; the pool is filled again once the
    arrivals stop. Ready sessions count against `max_sessions` with the connected ones.
    """

    def __init__(self, zygote: Zygote, *, ready: int, max_sessions: int, connected: Callable[[], int]) -> None:
        self.zygote = zygote
        self.ready_target = ready
        self.max_sessions = max_sessions
        self._connected = connected
        self._lock = threading.Lock()  # one request at a time on the zygote's socket
        self.ready: list[ForkedProcess] = []
        self._arriving = 0
        self._last_arrival = 0.0
        self._wake = asyncio.Event()
        self._filler: asyncio.Task[None] | None = None

    def _spawn(self, width: int, height: int, fds: tuple[int, int, int]) -> tuple[int, int]:
        with self._lock:
            return self.zygote.spawn(width, height, *fds)

    async def fork(self, width: int, height: int) -> ForkedProcess:
        stdin_read, stdin_write = os.pipe()
        stdout_read, stdout_write = os.pipe()
        stderr_read, stderr_write = os.pipe()
        try:
            pid, pidfd = await asyncio.get_running_loop().run_in_executor(
                None, self._spawn, width, height, (stdin_read, stdout_write, stderr_write)
            )
        except BaseException:
            for fd in (stdin_write, stdout_read, stderr_read):
                os.close(fd)
            raise
        finally:
            for fd in (stdin_read, stdout_write, stderr_write):
                os.close(fd)
        process = ForkedProcess(pid, pidfd)
        process.stdin = await _pipe_writer(stdin_write)
        process.stdout = await _pipe_reader(stdout_read)
        process.stderr = await _pipe_reader(stderr_read)
        return process

    async def session(self, width: int, height: int) -> tuple[ForkedProcess, bool]:
        """A session's process, and whether it was made in advance (then at 80×24)."""
        self._last_arrival = time.monotonic()
        while self.ready:
            process = self.ready.pop(0)
            if process.returncode is None:
                self._wake.set()
                return process, True
            process.close_pipes()
        self._arriving += 1
        try:
            return await self.fork(width, height), False
        finally:
            self._arriving -= 1
            self._last_arrival = time.monotonic()
            self._wake.set()

    def start_filling(self) -> None:
        if self.ready_target > 0:
            self._filler = asyncio.create_task(self._fill())

    async def _fill(self) -> None:
        while True:
            self.ready = [process for process in self.ready if process.returncode is None]
            room = self.max_sessions - self._connected() - len(self.ready)
            quiet_for = time.monotonic() - self._last_arrival
            if len(self.ready) < self.ready_target and room > 0:
                if self._arriving or quiet_for < 1.0:  # arrivals first: they are waiting
                    await asyncio.sleep(0.25)
                    continue
                try:
                    process = await self.fork(80, 24)
                except ZygoteError as error:
                    log.error("serve: no session could be prepared: %s", error)
                    return
                self.ready.append(process)
                await _drawn(process)  # one at a time, gently: the machine is serving a class
                continue
            self._wake.clear()
            await self._wake.wait()

    async def stop(self) -> None:
        if self._filler is not None:
            self._filler.cancel()
        ready, self.ready = self.ready, []
        for process in ready:
            process.terminate()
        for process in ready:
            if not await _ended_within(process, SHUTDOWN_GRACE):
                process.kill()
            process.close_pipes()


async def _drawn(process: ForkedProcess, settle: float = 0.2, longest: float = 5.0) -> None:
    """Wait until a prepared session has drawn its first screen (its output has stopped growing)."""
    reader = process.stdout
    buffer = getattr(reader, "_buffer", None)  # what the session wrote and no browser has read yet
    deadline = time.monotonic() + longest
    size = -1
    while time.monotonic() < deadline and process.returncode is None:
        now = len(buffer) if buffer is not None else 0
        if now == size and now > 0:
            return
        size = now
        await asyncio.sleep(settle)


class QuizAppService(AppService):
    """One browser session's quiz process: forked from the zygote (or, as a baseline, spawned)."""

    def __init__(self, *args: Any, forker: Forker | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._forker = forker
        self._stopped = False

    @property
    def process(self) -> Any:
        return self._process

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        if self._forker is None:  # the baseline: textual-serve's own spawn through a shell
            return await super()._open_app_process(width, height)
        process, made_before = await self._forker.session(width, height)
        self._process = process  # type: ignore[assignment]
        self._stdin = process.stdin
        if made_before and (width, height) != (80, 24):
            await self.set_terminal_size(width, height)
        return process

    async def send_meta(self, data: dict[str, str | None | int | bool]) -> bool:
        if self._stdin is None:
            return False
        try:
            return await asyncio.wait_for(super().send_meta(data), WRITE_TIMEOUT)
        except asyncio.TimeoutError:
            return False

    async def stop(self, *, quit_grace: float = QUIT_GRACE) -> None:
        """End the session: ask it to quit, then SIGTERM, then SIGKILL; idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self.remote_close = _nothing  # the server closes the socket, once it has said why
        process = self._process
        if process is None:
            return
        if quit_grace > 0:
            await self.send_meta({"type": "quit"})
            ended = await _ended_within(process, quit_grace)
        else:
            ended = False
        if not ended:
            process.terminate()
            if not await _ended_within(process, TERM_GRACE if quit_grace > 0 else SHUTDOWN_GRACE):
                process.kill()
                await _ended_within(process, 5.0)
        if self._stdin is not None:
            self._stdin.close()
        if isinstance(process, ForkedProcess):
            process.close_pipes()
        elif getattr(process, "_transport", None) is not None:
            process._transport.close()  # now, not when collected after the loop has closed
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, 1.0)  # reads what the session last wrote
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass
            self._task = None
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)


async def _nothing() -> None:
    pass


async def _ended_within(process: Any, seconds: float) -> bool:
    try:
        await asyncio.wait_for(process.wait(), seconds)
    except asyncio.TimeoutError:
        return False
    except ProcessLookupError:
        pass
    return True


class Session:
    """A connected browser: its websocket, its quiz, when it last did something."""

    def __init__(self, websocket: web.WebSocketResponse) -> None:
        self.websocket = websocket
        self.service: QuizAppService | None = None
        self.connected_at = time.monotonic()
        self.last_active = self.connected_at


def terminal_notice(text: str) -> bytes:
    """`text` as the page's terminal shows it: on a clear screen, away from the edge."""
    lines = "\r\n".join("  " + line for line in text.splitlines())
    return ("\x1b[?1049l\x1b[2J\x1b[H\r\n" + lines + "\r\n").encode("utf-8")


class ClassroomServer(Server):
    """textual-serve's server with media-quiz's sessions (see the module's docstring)."""

    def __init__(
        self,
        command: str,
        *,
        zygote: Zygote | None,
        ready: int,
        max_sessions: int,
        idle_timeout: float | None,
        teacher_token: str,
        data_dir: Any,
        announce: Callable[[], None],
        **kwargs: Any,
    ) -> None:
        super().__init__(command, **kwargs)
        self.zygote = zygote
        self.ready = ready
        self.forker: Forker | None = None
        self.max_sessions = max_sessions
        self.idle_timeout = idle_timeout
        self.teacher_token = teacher_token
        self.data_dir = data_dir
        self.announce = announce
        self.sessions: set[Session] = set()
        self.started_at = time.time()
        self._stopping = False

    # -- logging and start ---------------------------------------------------------------

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
        # Problems still show, but not a line for every page and script a browser loads.
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
        logging.getLogger("textual-serve").setLevel(logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        self.announce()

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/teacher/{token}", self.handle_teacher)
        app.router.add_get("/teacher/{token}/report", self.handle_teacher_report)
        return app

    # -- the page and the session cap -----------------------------------------------------

    def is_full(self) -> bool:
        return len(self.sessions) >= self.max_sessions

    async def handle_index(self, request: web.Request) -> Any:
        if self.is_full():
            return web.Response(
                status=503, text=full_page(), content_type="text/html", headers={"Retry-After": "20"}
            )
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
        await websocket.prepare(request)
        if self._stopping or self.is_full():
            await websocket.send_bytes(terminal_notice(full_text()))
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER)
            log.info("serve: the class is full (%d sessions); a newcomer was asked to wait", len(self.sessions))
            return websocket
        session = Session(websocket)
        self.sessions.add(session)
        try:
            width, height = size_from_query(request.query.get("width"), request.query.get("height"))
            session.service = QuizAppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                forker=self.forker,
            )
            try:
                await session.service.start(width, height)
            except ZygoteError as error:
                log.error("serve: a session could not start: %s", error)
                await websocket.close(code=WSCloseCode.INTERNAL_ERROR)
                return websocket
            await self._process_messages(session)
        except (asyncio.CancelledError, ConnectionError):
            pass
        except Exception as error:  # noqa: BLE001 - one session's problem, said in one line
            log.error("serve: a session ended on an error: %s: %s", type(error).__name__, error)
        finally:
            if session.service is not None:
                await asyncio.shield(session.service.stop())
            self.sessions.discard(session)
            if not websocket.closed:
                await websocket.close()
        return websocket

    async def _process_messages(self, session: Session) -> None:  # type: ignore[override]
        websocket, service = session.websocket, session.service
        assert service is not None
        while True:
            # Idle: no key, click or resize for idle_timeout seconds (the page's pings do not count).
            timeout = None
            if self.idle_timeout:
                timeout = max(0.0, self.idle_timeout - (time.monotonic() - session.last_active))
            try:
                message = await websocket.receive(timeout=timeout)
            except asyncio.TimeoutError:
                log.info("serve: a session was idle for %s s and was ended", self.idle_timeout)
                await service.stop()
                minutes = max(1, round((self.idle_timeout or 0) / 60))
                await websocket.send_bytes(terminal_notice(idle_text(minutes)))
                await websocket.close(code=WSCloseCode.GOING_AWAY)
                return
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                return
            if message.type == WSMsgType.ERROR:
                log.warning("serve: a session was closed: %s", websocket.exception() or "websocket error")
                return
            if message.type != WSMsgType.TEXT:
                log.warning("serve: a session was closed: it sent a message that is not text")
                await websocket.close(code=WSCloseCode.UNSUPPORTED_DATA)
                return
            try:
                parsed = parse_message(message.data)
            except BadMessage as error:
                log.warning("serve: a session was closed: %s", error)
                await websocket.close(code=WSCloseCode.UNSUPPORTED_DATA)
                return
            if isinstance(parsed, Ping):
                await websocket.send_json(["pong", parsed.data])
                continue
            session.last_active = time.monotonic()
            if isinstance(parsed, Stdin):
                sent = await asyncio.wait_for(service.send_bytes(parsed.text.encode("utf-8")), WRITE_TIMEOUT)
            elif isinstance(parsed, Resize):
                sent = await service.send_meta({"type": "resize", "width": parsed.width, "height": parsed.height})
            elif isinstance(parsed, Focus):
                sent = await service.send_meta({"type": "focus"})
            else:
                assert isinstance(parsed, Blur)
                sent = await service.send_meta({"type": "blur"})
            if not sent and service.process is not None and service.process.returncode is not None:
                return  # the quiz has ended

    # -- the teacher's page --------------------------------------------------------------

    def _teacher_allowed(self, request: web.Request) -> bool:
        return secrets.compare_digest(request.match_info.get("token", ""), self.teacher_token)

    async def handle_teacher(self, request: web.Request) -> web.Response:
        if not self._teacher_allowed(request):
            raise web.HTTPNotFound()
        from quiz.tui.serve_teacher import teacher_page

        page = await asyncio.get_running_loop().run_in_executor(
            None, teacher_page, self.data_dir, len(self.sessions), self.started_at, self.max_sessions,
            self.teacher_token,
        )
        return web.Response(text=page, content_type="text/html", headers=_PRIVATE)

    async def handle_teacher_report(self, request: web.Request) -> web.Response:
        if not self._teacher_allowed(request):
            raise web.HTTPNotFound()
        from quiz.tui.serve_teacher import report_page

        page = await asyncio.get_running_loop().run_in_executor(None, report_page, self.data_dir, self.teacher_token)
        return web.Response(text=page, content_type="text/html", headers=_PRIVATE)

    # -- running and stopping -------------------------------------------------------------

    async def _print_status(self, every: float = STATUS_EVERY) -> None:
        """A line in the teacher's terminal whenever the room has changed: who is here, who is done."""
        from quiz.tui.serve_teacher import class_summary

        shown = None
        while True:
            await asyncio.sleep(every)
            started, finished = await asyncio.get_running_loop().run_in_executor(
                None, class_summary, self.data_dir, self.started_at
            )
            now = (len(self.sessions), started, finished)
            if now != shown and (shown is not None or any(now)):
                print(status_line(*now), flush=True)
                shown = now

    async def end_all_sessions(self) -> None:
        """Every session: SIGTERM at once, SIGKILL soon after; their sockets closed."""
        self._stopping = True
        sessions = list(self.sessions)
        await asyncio.gather(
            *([self.forker.stop()] if self.forker is not None else []),
            *(session.service.stop(quit_grace=0) for session in sessions if session.service is not None),
            return_exceptions=True,
        )
        await asyncio.gather(
            *(session.websocket.close(code=WSCloseCode.GOING_AWAY) for session in sessions),
            return_exceptions=True,
        )

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        if self.zygote is not None:
            self.forker = Forker(
                self.zygote, ready=min(self.ready, self.max_sessions), max_sessions=self.max_sessions,
                connected=lambda: len(self.sessions),
            )
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            if self.forker is not None:
                self.forker.start_filling()
            status = asyncio.create_task(self._print_status())
            await stop.wait()
            status.cancel()
            count = len(self.sessions)
            if count:
                print(
                    ngettext("Stopping: ending {count} session…", "Stopping: ending {count} sessions…", count).format(
                        count=count
                    ),
                    flush=True,
                )
            await self.end_all_sessions()
        finally:
            await runner.cleanup()

    def serve(self, debug: bool = False) -> None:
        self.initialize_logging()
        asyncio.run(self._run())


_PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def status_line(connected: int, started: int, finished: int) -> str:
    clock = time.strftime("%H:%M")
    # TRANSLATORS: a line in the teacher's terminal, e.g. "10:42  12 connected · 9 of 14 finished".
    return _("{time}  {connected} connected · {finished} of {started} finished").format(
        time=clock, connected=connected, finished=finished, started=started
    )


def full_text() -> str:
    # TRANSLATORS: shown to a student when the server holds as many sessions as it can.
    return _("The class is full: this computer is running as many quizzes as it can.\nWait a minute and reload the page.")


def idle_text(minutes: int) -> str:
    return ngettext(
        "This quiz was closed after {minutes} minute without activity.\nYour answers are saved: reload the page to go on.",
        "This quiz was closed after {minutes} minutes without activity.\nYour answers are saved: reload the page to go on.",
        minutes,
    ).format(minutes=minutes)


def full_page() -> str:
    title = html.escape(_("The class is full"))
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in full_text().splitlines())
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta http-equiv='refresh' content='20'>"
        f"<title>{title}</title>"
        "<style>body{font-family:sans-serif;max-width:40em;margin:4em auto;line-height:1.5}</style>"
        f"</head><body><h1>{title}</h1>{lines}</body></html>"
    )
