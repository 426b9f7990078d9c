"""`media-quiz serve`: the quiz in a web browser, for a classroom.

textual-serve runs a web server whose page shows a terminal (xterm.js); every browser tab that
opens it gets its own quiz process (`python -m quiz …`), whose screen travels over a websocket.
Scores go to the same store as the terminal quiz (--data-dir or $MEDIA_QUIZ_DATA_DIR).

The page must work in a classroom without internet: textual-serve ships its scripts, styles and
the Roboto Mono font, but its page template asks Google Fonts for that font. We serve a copy of
the template that loads the shipped font instead (see `_offline_page`).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import secrets
import shlex
import socket
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from quiz.i18n import _, ngettext

# The quiz options (command-line flag, argparse dest) that each browser session's quiz gets.
# --plain is not among them: a browser session is always the full-screen quiz.
QUIZ_OPTIONS: tuple[tuple[str, str], ...] = (
    ("--bank", "bank"),
    ("--seed", "seed"),
    ("--count", "count"),
    ("--lang", "lang"),
    ("--data-dir", "data_dir"),
    ("--learner", "learner"),
    ("--lrs", "lrs"), ("--homepage", "homepage"),  # credentials travel in the environment, never here
    ("--test", "test"),
)

DEFAULT_READY = 30  # a class: quizzes started in advance, so that it can arrive in the same second

PAGE_TEMPLATE = "app_index.html"  # the one page textual-serve renders

# textual-serve's page asks Google Fonts for Roboto Mono, which it also ships in static/fonts.
_WEB_FONT_LINK = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)
_LOCAL_FONT = """<link rel="preload" as="font" type="font/ttf" crossorigin
      href="{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf" />
    <style>
      @font-face {
        font-family: "Roboto Mono";
        font-style: normal;
        font-weight: 100 700;
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
      }
      @font-face {
        font-family: "Roboto Mono";
        font-style: italic;
        font-weight: 100 700;
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
      }
    </style>"""
# Anything the page would still load from another site (the SVG namespace is only a name).
_REMOTE_ADDRESS = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//""", re.IGNORECASE)


def quiz_arguments(args: argparse.Namespace) -> list[str]:
    """The quiz options given on the command line, to pass on to every browser session's quiz.

    Paths are made absolute, so that they mean the same whatever folder a session starts in.
    """
    passed: list[str] = []
    for flag, dest in QUIZ_OPTIONS:
        value = getattr(args, dest, None)
        if value is None:
            continue
        passed += [flag, os.path.abspath(value) if isinstance(value, Path) else str(value)]
    return passed


def is_loopback(host: str) -> bool:
    """Whether `host` is this computer only (127.0.0.0/8, ::1, localhost): no one else can connect."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def page_url(host: str, port: int) -> str:
    """The address of the page served on `host` and `port`, as a browser on the way in writes it."""
    bare = host.strip("[]")
    if ":" in bare:  # an IPv6 address goes in brackets in a URL
        bare = f"[{bare}]"
    return f"http://{bare}:{port}"


@dataclass(frozen=True)
class ServeLimits:
    """How many sessions at once, how long one may stay idle, and how sessions are started."""

    max_sessions: int | None = None  # None: sized to the machine (serve_server.default_max_sessions)
    idle_timeout_minutes: float | None = 30.0  # None or 0: never
    spawn: str = "fork"  # "fork": from the preloaded zygote; "shell": textual-serve's own (baseline)
    ready: int | None = None  # sessions prepared in advance; None: a class (30, at most max_sessions)


def serve(
    host: str,
    port: int,
    public_url: str | None,
    quiz_args: list[str],
    limits: ServeLimits | None = None,
    data_dir: Path | None = None,
) -> int:
    """Serve the quiz to web browsers until Ctrl+C; the exit status of `media-quiz serve`.

    `quiz_args` are `media-quiz` options (see `quiz_arguments`) for the quiz that each browser
    session runs. Off loopback, the page's links must use the address the students' browsers
    reach, which only the teacher knows: `public_url` is then required.
    """
    limits = limits or ServeLimits()
    if not 0 < port < 65536:
        print(_("The port must be a number from 1 to 65535."), file=sys.stderr)
        return 2
    if limits.max_sessions is not None and limits.max_sessions < 1:
        print(_("--max-sessions must be at least 1."), file=sys.stderr)
        return 2
    if limits.idle_timeout_minutes is not None and limits.idle_timeout_minutes < 0:
        print(_("--idle-timeout must be a number of minutes, 0 for never."), file=sys.stderr)
        return 2
    if public_url is None:
        if not is_loopback(host):
            print(_need_public_url(host, port), file=sys.stderr)
            return 2
        public_url = page_url(host, port)
    public_url = public_url.rstrip("/")  # textual-serve appends "/static/…", "/ws"
    if not re.match(r"https?://[^/]", public_url):
        print(
            _("The public URL must start with http:// or https://, e.g. {example}").format(
                example=f"http://192.168.1.20:{port}"
            ),
            file=sys.stderr,
        )
        return 2

    try:
        import textual_serve  # noqa: F401
    except ImportError:
        print(
            _("The browser version needs the textual-serve package: pip install textual-serve"),
            file=sys.stderr,
        )
        return 1

    # Check before anything starts, so that a taken port is the only thing the teacher reads,
    # not a URL that leads nowhere.
    problem = _cannot_listen(host, port)
    if problem is not None:
        print(_cannot_serve(host, port, problem), file=sys.stderr)
        return 1

    from quiz.tui.serve_zygote import Zygote, ZygoteError

    zygote: Zygote | None = None
    launch_problem: ZygoteError | None = None
    if limits.spawn == "fork":
        zygote = Zygote(quiz_args)
        try:
            zygote.launch()  # it loads the quiz while this process loads the web server
        except ZygoteError as error:
            launch_problem = error
    from quiz.tui.serve_server import ClassroomServer, default_max_sessions

    max_sessions = limits.max_sessions or default_max_sessions()
    idle = limits.idle_timeout_minutes
    teacher_token = secrets.token_urlsafe(18)
    if zygote is not None:
        try:
            if launch_problem is not None:
                raise launch_problem
            zygote.wait_ready()  # before the event loop runs: the zygote forks, the server never does
        except ZygoteError as error:
            zygote.stop()
            print(
                _("Sessions will start more slowly: the preloaded quiz could not start ({reason}).").format(
                    reason=error
                ),
                file=sys.stderr,
            )
            zygote = None

    def announce() -> None:
        # Instead of textual-serve's banner (which names the internal command): where to go.
        print(_("The quiz is at {url} — open it in a web browser.").format(url=public_url))
        if is_loopback(host):
            print(
                # TRANSLATORS: keep the options as they are: the teacher types them.
                _(
                    "Only this computer can open it; for other computers, start it with "
                    "--host 0.0.0.0 --port {port} --public-url http://<this computer's address>:{port}"
                ).format(port=port)
            )
        print(
            # TRANSLATORS: only the teacher sees this address; students must not be given it.
            _("Teacher's view (keep this address to yourself): {url}").format(
                url=f"{public_url}/teacher/{teacher_token}"
            )
        )
        print(
            ngettext(
                "At most {count} student at once.", "At most {count} students at once.", max_sessions
            ).format(count=max_sessions)
        )
        print(_("Press Ctrl+C to stop."), flush=True)

    command = shlex.join([sys.executable, "-m", "quiz", *quiz_args])
    if zygote is None and limits.spawn == "fork":
        command = "exec " + command  # the fallback: the shell becomes the quiz, which SIGTERM reaches
    try:
        with tempfile.TemporaryDirectory(prefix="media-quiz-page-") as page_folder:
            _offline_page(Path(page_folder))
            server = ClassroomServer(
                command,
                zygote=zygote,
                ready=limits.ready if limits.ready is not None else DEFAULT_READY,
                max_sessions=max_sessions,
                idle_timeout=idle * 60 if idle else None,
                teacher_token=teacher_token,
                data_dir=data_dir,
                announce=announce,
                host=host,
                port=port,
                title="media-quiz",  # shown while a session starts; the default is the command
                public_url=public_url,
                templates_path=page_folder,
            )
            try:
                server.serve()
            except OSError as error:  # taken in the meantime
                print(_cannot_serve(host, port, error), file=sys.stderr)
                return 1
    finally:
        if zygote is not None:
            zygote.stop()
    return 0


def _cannot_listen(host: str, port: int) -> OSError | None:
    """Why the server could not listen on `host` and `port` (as aiohttp binds), or None."""
    try:
        addresses = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
        for family, kind, protocol, _name, address in addresses:
            with socket.socket(family, kind, protocol) as trial:
                trial.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
                trial.bind(address)
    except OSError as error:  # includes an unknown host name (socket.gaierror)
        return error
    return None


def _cannot_serve(host: str, port: int, error: OSError) -> str:
    return _("Cannot serve on {host} port {port}: {reason}").format(
        host=host, port=port, reason=error.strerror or error
    )


def _need_public_url(host: str, port: int) -> str:
    try:
        concrete = not ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        concrete = True  # a host name: the students' browsers may well reach it by that name
    if concrete:
        address = page_url(host, port)
    else:
        # TRANSLATORS: stands for this computer's network address, e.g. 192.168.1.20.
        address = "http://<{address}>:{port}".format(address=_("address"), port=port)
    # TRANSLATORS: keep "--public-url" as it is: the teacher types it.
    return _(
        "Other computers will open the quiz, so give the address they reach this one at: "
        "--public-url {url}"
    ).format(url=address)


# The quiz takes the keyboard as soon as the page shows it: a student types Enter to start
# without clicking into the page first (keys typed before went nowhere, though the key bar
# said "⏎ Start"). Focus goes back to the quiz whenever a key is pressed outside it.
_FOCUS_THE_QUIZ = """<script>
  (function () {
    function quizInput() { return document.querySelector(".xterm-helper-textarea"); }
    (function focusWhenReady() {
      const input = quizInput();
      if (input) { input.focus(); } else { setTimeout(focusWhenReady, 50); }
    })();
    document.addEventListener("keydown", function () {
      const input = quizInput();
      if (input && document.activeElement !== input) { input.focus(); }
    }, true);
  })();
</script>
</body>"""


def _offline_page(folder: Path) -> None:
    """Write textual-serve's page template into `folder`, with the font loaded from our server.

    Everything else the page needs (xterm.js, its styles, the background) is already served
    by textual-serve itself. A page that would still load something from another site is a
    bug for a classroom without internet, which the teacher is warned of.
    """
    import textual_serve

    template = (Path(textual_serve.__file__).parent / "templates" / PAGE_TEMPLATE).read_text(
        encoding="utf-8"
    )
    page = _WEB_FONT_LINK.sub(lambda _match: _LOCAL_FONT, template)
    page = page.replace("</body>", _FOCUS_THE_QUIZ, 1)
    remote = _REMOTE_ADDRESS.search(page)
    if remote is not None:
        # A newer textual-serve may add such a link; without internet the page may then break.
        print(
            _("Warning: the quiz page loads something from the internet ({address}…).").format(
                address=remote.group(0)
            ),
            file=sys.stderr,
        )
    (folder / PAGE_TEMPLATE).write_text(page, encoding="utf-8")

