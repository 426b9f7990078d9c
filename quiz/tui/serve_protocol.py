"""What a browser may send a `media-quiz serve` session, checked before any of it reaches a quiz.

textual-serve's page speaks JSON arrays over the websocket: `["stdin", "text"]` (keys typed),
`["resize", {"width": W, "height": H}]` (the terminal's size in cells), `["ping", "…"]`,
`["focus"]` and `["blur"]`. textual-serve passes them on as they come; one tab asking for a
100,000 × 100,000 terminal grew its quiz by 100 MB a second. Here every message is parsed into
one of the types below or refused with a short reason (the session then ends, with one line in
the server's log), and sizes are clamped to what a screen can show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

MAX_MESSAGE_BYTES = 64 * 1024  # larger: the session is closed (the page never sends that much)
MIN_COLUMNS, MAX_COLUMNS = 20, 400
MIN_ROWS, MAX_ROWS = 10, 200
_MAX_PING = 64  # characters of a ping's payload echoed back


class BadMessage(ValueError):
    """A message that is not one the page sends; the text says what is wrong, for the log."""


@dataclass(frozen=True)
class Stdin:
    text: str


@dataclass(frozen=True)
class Resize:
    width: int
    height: int


@dataclass(frozen=True)
class Ping:
    data: str


@dataclass(frozen=True)
class Focus:
    pass


@dataclass(frozen=True)
class Blur:
    pass


Message = Stdin | Resize | Ping | Focus | Blur


def clamp_size(width: int, height: int) -> tuple[int, int]:
    """A terminal size within what a screen can show (20–400 columns, 10–200 rows)."""
    return min(max(width, MIN_COLUMNS), MAX_COLUMNS), min(max(height, MIN_ROWS), MAX_ROWS)


def size_from_query(width: str | None, height: str | None) -> tuple[int, int]:
    """The first size, from the websocket address (`?width=…&height=…`): 80×24 if not numbers."""

    def number(text: str | None, default: int) -> int:
        try:
            return int(text) if text is not None and len(text) <= 12 else default
        except ValueError:
            return default

    return clamp_size(number(width, 80), number(height, 24))


def _whole_number(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadMessage(f"resize: {name} is not a whole number")
    return value


def parse_message(text: str) -> Message:
    """The message the page sent as `text`, checked; raises BadMessage for anything else."""
    if len(text) > MAX_MESSAGE_BYTES:
        raise BadMessage(f"a message of {len(text)} characters (at most {MAX_MESSAGE_BYTES})")
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        raise BadMessage("not JSON") from None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        raise BadMessage("not a JSON array starting with the message's type")
    kind, payload = envelope[0], envelope[1:]
    if kind == "stdin":
        if len(payload) != 1 or not isinstance(payload[0], str):
            raise BadMessage("stdin: not one string")
        return Stdin(payload[0])
    if kind == "resize":
        if len(payload) != 1 or not isinstance(payload[0], dict):
            raise BadMessage("resize: not one object")
        size = payload[0]
        width, height = clamp_size(
            _whole_number(size.get("width"), "width"), _whole_number(size.get("height"), "height")
        )
        return Resize(width, height)
    if kind == "ping":
        if len(payload) != 1 or not isinstance(payload[0], str) or len(payload[0]) > _MAX_PING:
            raise BadMessage("ping: not one short string")
        return Ping(payload[0])
    if kind in ("focus", "blur"):
        if payload:
            raise BadMessage(f"{kind}: unexpected data")
        return Focus() if kind == "focus" else Blur()
    raise BadMessage(f"unknown message type {kind[:40]!r}")
