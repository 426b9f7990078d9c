"""Sending the outbox to a learning record store: in the background while a quiz runs, or at once
with `media-quiz sync`.

Statements are POSTed in batches to `<LRS>/statements` (xAPI 1.0.3, with the standard library's
urllib: no new dependency for one kind of request). What the LRS answers decides each
statement's fate, so that nothing is lost and nothing is counted twice:

- 200 or 204: sent. An LRS drops statements it already holds (Ralph does) or answers 204.
- 409 Conflict: it already holds a statement with that id: counted as sent.
- 5xx, no answer, a timeout; 401, 403, 404, 408, 429 (the address, the key or the load, not the
  statement): everything waits and is tried again later, with exponential backoff.
- another 4xx: a batch of several is sent again one by one, to find the statement at fault;
  that one is kept as *rejected*, with the LRS's own message, and not sent again by itself.
"""

from __future__ import annotations

import base64
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quiz.i18n import _

if TYPE_CHECKING:
    from quiz.scores.outbox import WaitingStatement
    from quiz.scores.store import ScoreStore

XAPI_VERSION_HEADER = "1.0.3"
BATCH = 50  # statements a request: a quiz's worth, well under any LRS's limit
TIMEOUT_SECONDS = 10.0
FIRST_RETRY_SECONDS = 1.0
LONGEST_RETRY_SECONDS = 120.0
# Answers about the connection, not about a statement: everything waits for another try.
_TRY_AGAIN = frozenset({401, 403, 404, 408, 429})


@dataclass(frozen=True)
class Reply:
    """What the LRS answered: its HTTP status (0: no answer at all) and its message."""

    status: int
    message: str = ""

    @property
    def took(self) -> bool:
        return self.status in (200, 204) or self.status == 409

    @property
    def refused(self) -> bool:
        """Refused for what the statements are: retrying the same ones will not help."""
        return 400 <= self.status < 500 and self.status != 409 and self.status not in _TRY_AGAIN


class LrsClient:
    """POSTs statements to one LRS."""

    def __init__(self, endpoint: str, credentials: tuple[str, str] | None, timeout: float = TIMEOUT_SECONDS) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.credentials = credentials
        self.timeout = timeout

    def post(self, statements: list[dict]) -> Reply:
        body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.endpoint + "/statements",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION_HEADER},
        )
        if self.credentials is not None:
            token = base64.b64encode(":".join(self.credentials).encode("utf-8")).decode("ascii")
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return Reply(response.status)
        except urllib.error.HTTPError as error:
            return Reply(error.code, _lrs_message(error))
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return Reply(0, str(reason))


def _lrs_message(error: urllib.error.HTTPError) -> str:
    """The LRS's own words: its JSON "detail" or "message", else its body, else the status."""
    try:
        text = error.read(4000).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    try:
        data = json.loads(text)
        if isinstance(data, dict):
            text = str(data.get("detail") or data.get("message") or data.get("error") or text)
    except ValueError:
        pass
    return f"{error.code} {error.reason}: {text}" if text else f"{error.code} {error.reason}"


@dataclass
class SendReport:
    """What one round of sending did."""

    sent: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (statement id, LRS's message)
    failure: str | None = None  # why what is left waits (the LRS down, a wrong key …)


def send_waiting(store: ScoreStore, client_for: Callable[[str], LrsClient], *, stop: threading.Event | None = None) -> SendReport:
    """Send every statement due in `store`'s outbox, batch by batch, until none is left or the
    LRS stops taking them (then `failure` says why)."""
    report = SendReport()
    while stop is None or not stop.is_set():
        waiting = store.statements_due(BATCH)
        if not waiting:
            break
        endpoint = waiting[0].endpoint
        batch = [entry for entry in waiting if entry.endpoint == endpoint]
        if not _send_batch(store, client_for(endpoint), batch, report):
            break
    return report


def _send_batch(store: ScoreStore, client: LrsClient, batch: list[WaitingStatement], report: SendReport) -> bool:
    """Send `batch`; False when the LRS could not take it and everything should wait."""
    reply = client.post([entry.statement for entry in batch])
    if reply.took:
        store.statements_sent([entry.row_id for entry in batch])
        report.sent += len(batch)
        return True
    if reply.refused and len(batch) > 1:
        # One statement spoils an atomic batch: one by one, the good ones go and the bad one is named.
        return all(_send_batch(store, client, [entry], report) for entry in batch)
    if reply.refused:
        [entry] = batch
        store.statement_rejected(entry.row_id, reply.message)
        report.rejected.append((entry.statement_id, reply.message))
        return True
    message = reply.message if reply.status else _("no answer from {address}: {reason}").format(
        address=client.endpoint, reason=reply.message
    )
    store.statements_failed([entry.row_id for entry in batch], message)
    report.failure = message
    return False


class StatementSender:
    """Sends a store's outbox in a background thread while a quiz runs: the quiz never waits.

    `wake()` after a statement is queued; `close()` gives it a moment to send what waits,
    then lets go (what is left waits for `media-quiz sync` or the next quiz).
    """

    def __init__(
        self,
        store: ScoreStore,
        client_for: Callable[[str], LrsClient],
        before: Callable[[], None] = lambda: None,
    ) -> None:
        self.store = store
        self.client_for = client_for
        self._before = before  # first work of the thread (reading catalogs for the definitions)
        self._changed = threading.Condition()
        self._asked = 1  # rounds asked for (the first: what waits from before)
        self._done = 0  # the rounds asked for that have been tried
        self._stopping = threading.Event()
        self.last_failure: str | None = None
        self._thread = threading.Thread(target=self._run, name="xapi-sender", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Send soon: a statement was queued."""
        with self._changed:
            self._asked += 1
            self._changed.notify_all()

    def _run(self) -> None:
        try:
            self._before()
        except Exception:  # noqa: BLE001 - the definitions are then read at the first answer
            pass
        delay = FIRST_RETRY_SECONDS
        while not self._stopping.is_set():
            with self._changed:
                target = self._asked
            try:
                report = send_waiting(self.store, self.client_for, stop=self._stopping)
            except Exception as error:  # noqa: BLE001 - the file closed under us, or broke: the quiz goes on
                report = SendReport(failure=str(error))
            with self._changed:
                self.last_failure = report.failure
                self._done = target
                self._changed.notify_all()
                if report.failure is None:
                    delay = FIRST_RETRY_SECONDS
                    wait = 60.0  # held statements come due by themselves: look again now and then
                else:
                    wait, delay = delay, min(LONGEST_RETRY_SECONDS, delay * 2)
                self._changed.wait_for(lambda: self._asked > target or self._stopping.is_set(), wait)

    def close(self, grace: float = 5.0) -> None:
        """Stop, after up to `grace` seconds for what waits to go (when the LRS answers)."""
        if self._thread.is_alive():
            self.wake()
            with self._changed:
                wanted = self._asked
                self._changed.wait_for(lambda: self._done >= wanted, grace)
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()
        self._thread.join(1.0)


def clients(credentials: tuple[str, str] | None) -> Callable[[str], LrsClient]:
    """One client per LRS address, all with the same `credentials`."""
    made: dict[str, LrsClient] = {}

    def client_for(endpoint: str) -> LrsClient:
        if endpoint not in made:
            made[endpoint] = LrsClient(endpoint, credentials)
        return made[endpoint]

    return client_for


def status_line(status) -> str:
    """One short line on the outbox (an OutboxStatus): how many statements wait, when the last went.

    Shown on the start screen and by `media-quiz sync --status`; fits 80 columns.
    """
    from quiz.i18n import format_datetime, ngettext

    if not status.waiting and not status.last_sent_at and not status.rejected:
        # TRANSLATORS: the start screen's line when a learning record store is set but nothing was answered yet.
        return _("Learning record store: no statements yet")
    if status.waiting:
        # TRANSLATORS: statements are the records of answers sent to the school's learning record store.
        waiting = ngettext("{count} statement waiting", "{count} statements waiting", status.waiting).format(
            count=status.waiting
        )
    else:
        waiting = _("all statements sent")
    if status.last_sent_at:
        last = _("last sent {moment}").format(moment=format_datetime(status.last_sent_at, "short"))
    else:
        last = _("none sent yet")
    # TRANSLATORS: the start screen's line about the school's learning record store (LRS).
    return _("Learning record store: {waiting}, {last}").format(waiting=waiting, last=last)
