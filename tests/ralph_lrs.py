"""A real learning record store for the tests: Ralph (France Université Numérique's LRS), run
from its own virtual environment, .venv-ralph/ (its server pins its own FastAPI and uvicorn).

`make ralph` builds that environment; `.ci/run` does so before `make test`, outside the timed
run. On a fresh machine `ralph_venv()` builds it itself, so `make test` alone works too.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from base64 import b64encode
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-ralph"
STAMP = VENV / ".installed"  # as the Makefile's target leaves it
REQUIREMENTS = Path(__file__).with_name("ralph-requirements.txt")
USER, PASSWORD = "media-quiz-tests", "not-a-secret"


def ralph_venv() -> Path:
    """.venv-ralph/, built now if `make ralph` has not built it (a minute, once)."""
    if not STAMP.exists() or STAMP.stat().st_mtime < REQUIREMENTS.stat().st_mtime:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)], check=True
        )
        STAMP.touch()
    return VENV


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Ralph:
    """One Ralph LRS on 127.0.0.1, keeping its statements in `folder`; basic auth made with `ralph auth`."""

    def __init__(self, folder: Path) -> None:
        self.venv = ralph_venv()
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI"
        (folder / "data").mkdir(parents=True, exist_ok=True)
        self.env = dict(
            os.environ,
            RALPH_APP_DIR=str(folder),
            RALPH_AUTH_FILE=str(folder / "auth.json"),
            RALPH_HISTORY_FILE=str(folder / "history.json"),
            RALPH_RUNSERVER_BACKEND="fs",
            RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=str(folder / "data"),
        )
        self.process: subprocess.Popen | None = None

    def create_user(self) -> None:
        subprocess.run(
            [str(self.venv / "bin" / "ralph"), "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
             "-A", USER, "https://school.example/", "-w"],
            env=self.env, cwd=self.folder, check=True, capture_output=True, timeout=120,
        )

    def start(self) -> None:
        log = (self.folder / "ralph.log").open("ab")
        self.process = subprocess.Popen(
            [str(self.venv / "bin" / "python"), "-m", "uvicorn", "ralph_app:app", "--app-dir",
             str(Path(__file__).parent), "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, cwd=self.folder, stdout=log, stderr=log, start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph stopped at start: see {self.folder / 'ralph.log'}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"Ralph did not answer within a minute: see {self.folder / 'ralph.log'}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def statements(self) -> list[dict]:
        """Every statement Ralph holds, fetched back with GET /xAPI/statements (page by page)."""
        token = b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        found: list[dict] = []
        address = self.url + "/statements?limit=100"
        while address:
            request = urllib.request.Request(
                address, headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                page = json.load(response)
            found += page["statements"]
            more = page.get("more")
            address = f"http://127.0.0.1:{self.port}{more}" if more else ""
        return found
