"""The quiz sessions of `media-quiz serve`, forked from one process that has everything loaded.

textual-serve starts every browser session as a new interpreter through a shell: each imports
Textual and the quiz again (about a second of CPU) and keeps its own copy of it all (~50 MB).
Here one process, the *zygote*, is started once by `serve` before its event loop runs. It
imports Textual, the quiz and its screens, reads the catalog, the bank and the translations,
freezes what it built out of the garbage collector's way, and then only waits. For each
browser session the server hands it three pipe ends (the session's stdin, stdout and stderr)
over a Unix socket; the zygote forks, and the child runs exactly what `python -m quiz …`
would, with the same environment textual-serve gives its sessions (the web driver, the
terminal size). The child shares every page it does not write to with the zygote (copy on
write), and starts in a few milliseconds instead of a second.

The zygote is single-threaded and runs no event loop, so forking it is safe (forking the
server, whose asyncio loop and threads are running, is not). It answers each request with a
pidfd of the child (Linux ≥ 5.3), through which the server learns when the session ended and
signals it, with no risk of signalling a reused process id.

No process outlives the server: the zygote ends its sessions and itself when the server's end
of the socket closes (also when the server is killed), and the kernel sends a session SIGTERM
when the zygote dies (PR_SET_PDEATHSIG) and the zygote SIGTERM when the server dies.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

# The environment textual-serve gives a session (AppService._build_environment). Textual reads
# the first three when it is imported (textual.constants), so the zygote has them set before
# it imports Textual; the terminal size is read when the app starts, so each child sets its own.
SESSION_ENVIRONMENT = {
    "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
    "TEXTUAL_FPS": "60",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "TERM_PROGRAM": "textual",
}

_REQUEST_LIMIT = 64 * 1024  # one request: a JSON object with the terminal size
_PR_SET_PDEATHSIG = 1


def _die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Have the kernel send `sig` to this process when its parent dies (Linux; elsewhere nothing)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class ZygoteError(Exception):
    """The zygote is gone or did not answer: no session can be started through it."""


class Zygote:
    """The server's handle on the zygote process: start it, ask it for sessions, stop it."""

    def __init__(self, quiz_args: list[str], *, environment: dict[str, str] | None = None) -> None:
        self.quiz_args = list(quiz_args)
        self._environment = dict(os.environ if environment is None else environment)
        self._process: subprocess.Popen | None = None
        self._socket: socket.socket | None = None

    def start(self, timeout: float = 60.0) -> None:
        """Start the zygote and wait until it has loaded everything (raises ZygoteError if not)."""
        self.launch()
        self.wait_ready(timeout)

    def launch(self) -> None:
        """Start the zygote; it loads meanwhile (`wait_ready` waits for it)."""
        if not (hasattr(os, "pidfd_open") and hasattr(signal, "pidfd_send_signal") and hasattr(os, "fork")):
            raise ZygoteError("forking quizzes needs Linux 5.3 or later")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        environment = dict(self._environment, **SESSION_ENVIRONMENT)
        environment["TERM_PROGRAM_VERSION"] = _textual_serve_version()
        environment["MEDIA_QUIZ_ZYGOTE_FD"] = str(theirs.fileno())
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "quiz.tui.serve_zygote", *self.quiz_args],
                stdin=subprocess.DEVNULL,
                env=environment,
                pass_fds=(theirs.fileno(),),
            )
        finally:
            theirs.close()
        self._socket = ours

    def wait_ready(self, timeout: float = 60.0) -> None:
        ours = self._socket
        if ours is None:
            raise ZygoteError("not started")
        ours.settimeout(timeout)
        try:
            ready = ours.recv(_REQUEST_LIMIT)
        except OSError as error:
            self.stop()
            raise ZygoteError(str(error)) from None
        if ready != b"ready":
            self.stop()
            raise ZygoteError(ready.decode("utf-8", "replace") or "the zygote ended")
        ours.settimeout(10.0)

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def spawn(self, width: int, height: int, stdin: int, stdout: int, stderr: int) -> tuple[int, int]:
        """Fork a session with these pipe ends as its stdio; its (pid, pidfd). Blocking, thread-safe
        only under the caller's lock."""
        if self._socket is None:
            raise ZygoteError("not started")
        request = json.dumps({"columns": width, "rows": height}).encode()
        try:
            socket.send_fds(self._socket, [request], [stdin, stdout, stderr])
            reply, fds, _flags, _address = socket.recv_fds(self._socket, _REQUEST_LIMIT, 1)
        except OSError as error:
            raise ZygoteError(str(error)) from None
        if not reply or not fds:
            for fd in fds:
                os.close(fd)
            raise ZygoteError(reply.decode("utf-8", "replace") or "the zygote ended")
        return int(reply), fds[0]

    def stop(self, timeout: float = 1.5) -> None:
        """End the zygote and, through it, every session it forked (they get SIGTERM, then SIGKILL)."""
        if self._socket is not None:
            self._socket.close()  # the zygote's cue: end the sessions, then itself
            self._socket = None
        if self._process is not None:
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None


def _textual_serve_version() -> str:
    try:
        from importlib.metadata import version

        return version("textual-serve")
    except Exception:  # noqa: BLE001 - only a label the app may show
        return ""


# ---------------------------------------------------------------------------------------------
# The zygote process itself


def _preload(quiz_args: list[str]) -> None:
    """Import and read everything a session needs before it draws its start screen."""
    from quiz.cli import build_parser
    from quiz.i18n import negotiate_language, set_language

    args = build_parser().parse_args(quiz_args)
    set_language(negotiate_language(args.lang))  # the catalogs, read and compiled once
    from quiz.banks import ContentError, find_banks, load_bank, load_catalog
    from quiz.paths import content_dir, default_bank_path

    try:
        catalog = load_catalog()
        load_bank(args.bank or default_bank_path(), catalog)
        find_banks(content_dir())
    except ContentError:
        pass  # each session says what is wrong, as the quiz does
    import importlib
    import pkgutil

    import quiz.tui.screens
    import quiz.tui.widgets

    for package in (quiz.tui.screens, quiz.tui.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    import quiz.tui.app  # noqa: F401
    import textual.drivers.web_driver  # noqa: F401
    import textual.widgets

    # Textual loads its widgets lazily, by name: each session would import them again.
    for name in getattr(textual.widgets, "__all__", ()):
        try:
            getattr(textual.widgets, name)
        except Exception:  # noqa: BLE001 - a widget that cannot load is not one the quiz uses
            pass
    _rehearse(args)
    import quiz.crash_report  # noqa: F401
    import quiz.scores.score_file  # noqa: F401
    import quiz.scores.store  # noqa: F401
    import quiz.core.run  # noqa: F401


def _rehearse(args) -> None:
    """Run the quiz once, headless, to its start screen and out again, with a throw-away score
    folder: what Textual and Rich build once per process (style and text caches, compiled
    patterns, lazily imported modules) is then built here, shared by every session forked."""
    import asyncio
    import tempfile
    import threading

    from quiz.banks import ContentError, find_banks, load_bank, load_catalog
    from quiz.core.run import QuizRun
    from quiz.paths import content_dir, default_bank_path
    from quiz.scores.score_file import ScoreFile
    from quiz.tui.app import QuizApp

    try:
        catalog = load_catalog()
        bank_path = args.bank or default_bank_path()
        bank = load_bank(bank_path, catalog)
    except ContentError:
        return
    with tempfile.TemporaryDirectory(prefix="media-quiz-rehearsal-") as folder:
        run = QuizRun(
            bank, catalog, score_file=ScoreFile(Path(folder)), learner_name=None, seed=args.seed,
            count=args.count, bank_path=bank_path, bank_paths=find_banks(content_dir()),
        )
        app = QuizApp(run)

        async def rehearse() -> None:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                await pilot.pause()

        try:
            asyncio.run(rehearse())
        finally:
            run.close()
    if threading.active_count() > 1:  # forking now would copy a thread's half-done work
        raise RuntimeError("a thread outlived the rehearsal")


def _run_session(quiz_args: list[str], request: dict, fds: list[int], control: socket.socket) -> None:
    """In the forked child: become the session's quiz process. Never returns."""
    status = 1
    try:
        control.close()
        os.dup2(fds[0], 0)
        os.dup2(fds[1], 1)
        os.dup2(fds[2], 2)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _die_with_parent()
        columns, rows = request.get("columns"), request.get("rows")
        os.environ["COLUMNS"] = str(int(columns))
        os.environ["ROWS"] = str(int(rows))
        os.environ.pop("MEDIA_QUIZ_ZYGOTE_FD", None)
        import random

        random.seed()  # each session draws its own random numbers (when no --seed is given)
        from quiz.cli import main

        status = main(quiz_args)
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
    except KeyboardInterrupt:
        status = 130
    except BaseException:  # noqa: BLE001 - a child must never return into the zygote's loop
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status if isinstance(status, int) else 1)


def _end_children(children: set[int], grace: float = 1.0) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # reaped here, in order
    for pid in list(children):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            children.discard(pid)
    deadline = time.monotonic() + grace
    while children and time.monotonic() < deadline:
        _reap(children)
        time.sleep(0.02)
    for pid in list(children):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    while children:
        try:
            pid, _status = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        children.discard(pid)


def _reap(children: set[int]) -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.discard(pid)


def zygote_main(quiz_args: list[str]) -> int:
    control = socket.socket(fileno=int(os.environ["MEDIA_QUIZ_ZYGOTE_FD"]))
    # Ctrl+C in the teacher's terminal reaches every process of the group: the server decides
    # when the sessions end; the zygote ends them when the server lets go of it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    children: set[int] = set()
    signal.signal(signal.SIGTERM, lambda *_: (_end_children(children), os._exit(0)))
    try:
        os.close(os.pidfd_open(os.getpid()))  # Linux ≥ 5.3: else the server spawns each quiz
        _preload(quiz_args)
    except Exception as error:  # noqa: BLE001 - said to the server, which falls back to spawning
        control.send(f"{type(error).__name__}: {error}".encode("utf-8", "replace")[:4000])
        return 1
    import gc

    gc.collect()
    gc.freeze()  # the children never walk (and so never copy) what was built here
    sys.stdout.flush()
    sys.stderr.flush()
    control.send(b"ready")
    # Sessions that end are reaped at once: no zombie waits for the next request.
    signal.signal(signal.SIGCHLD, lambda *_: _reap(children))
    while True:
        try:
            message, fds, _flags, _address = socket.recv_fds(control, _REQUEST_LIMIT, 3)
        except OSError:
            break
        if not message:  # the server let go: end the sessions, then this process
            for fd in fds:
                os.close(fd)
            break
        try:
            request = json.loads(message)
            if len(fds) != 3 or not isinstance(request, dict):
                raise ValueError("a request is a JSON object and three file descriptors")
        except ValueError as error:
            for fd in fds:
                os.close(fd)
            control.send(str(error).encode())
            continue
        # SIGCHLD held until the pidfd is open: a child reaped before would leave its pid free
        # for another process, which the server could then signal.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        try:
            pid = os.fork()
            if pid == 0:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                _run_session(quiz_args, request, fds, control)
            children.add(pid)
            for fd in fds:
                os.close(fd)
            try:
                pidfd = os.pidfd_open(pid)
            except OSError as error:
                control.send(f"pidfd: {error}".encode())
                continue
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        try:
            socket.send_fds(control, [str(pid).encode()], [pidfd])
        except OSError:
            break
        finally:
            os.close(pidfd)
    _end_children(children)
    return 0


if __name__ == "__main__":
    sys.exit(zygote_main(sys.argv[1:]))
