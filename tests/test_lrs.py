"""Statements for a learning record store: strict xAPI, saved with the answer, sent in the
background, none lost or doubled whatever the LRS answers. A small fake LRS stands in here
(it answers what a test tells it to); tests/test_ralph.py holds the same against a real one."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from quiz.config import LrsSettings
from quiz.core.run import QuizRun
from quiz.scores.activities import ActivityDefinitions
from quiz.scores.lrs import LrsClient, clients, send_waiting, status_line
from quiz.scores.outbox import StatementFeed
from quiz.scores.store import FILE_NAME, ScoreStore
from tests.xapi_rules import statement_problems

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = "urn:media-quiz:xapi:extension:"


class FakeLrs:
    """An HTTP server that keeps every statement POSTed to /xAPI/statements and answers with
    `reply(statements) -> (status, body)` (200 and the ids by default)."""

    def __init__(self) -> None:
        self.posts: list[list[dict]] = []
        self.reply = lambda statements: (200, [s["id"] for s in statements])
        self.headers: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.posts.append(body)
                fake.headers.append({key.lower(): value for key, value in self.headers.items()})
                status, answer = fake.reply(body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/xAPI"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def received(self) -> list[dict]:
        return [statement for post in self.posts for statement in post]


@pytest.fixture(scope="module")
def fake_lrs():
    lrs = FakeLrs()
    yield lrs
    lrs.server.shutdown()


@pytest.fixture
def lrs(fake_lrs):
    fake_lrs.posts.clear()
    fake_lrs.headers.clear()
    fake_lrs.reply = lambda statements: (200, [s["id"] for s in statements])
    return fake_lrs


def outbox_statements(folder: Path) -> list[dict]:
    db = sqlite3.connect(folder / FILE_NAME)
    try:
        return [json.loads(text) for (text,) in db.execute("SELECT statement FROM outbox ORDER BY id")]
    finally:
        db.close()


def play_every_kind_of_answer(quiz: QuizRun) -> None:
    """Two attempts of the mini bank: right, partly right and wrong answers; evidence marked,
    skipped and not asked; a guess given and a guess skipped."""
    quiz.sign_in("Zoë")
    quiz.evidence_choice = True
    quiz.start()
    kinds = iter(["right", "partial", "wrong", "right"])
    while not quiz.finished:
        item = quiz.current
        kind = next(kinds)
        if kind == "partial" and not item.accept:
            kind = "right"
        chosen = {"right": item.answer, "partial": item.accept[0] if item.accept else item.answer,
                  "wrong": next(t for t in ("fact", "opinion", "rhetoric") if t != item.answer and t not in item.accept)}[kind]
        quiz.answer(chosen)
        step = quiz.evidence_step
        if step is not None:
            quiz.give_evidence(sorted(step.cue_words)[:1] if quiz.position % 2 else None)
    quiz.give_calibration(3)
    quiz.evidence_choice = False
    quiz.start()
    while not quiz.finished:
        quiz.answer("opinion")
    quiz.give_calibration(None)


def test_every_statement_the_quiz_makes_is_strict_xapi_and_reaches_the_lrs_once(tmp_path, lrs, mini_bank, mini_catalog):
    with ScoreStore.open(tmp_path) as store:
        quiz = QuizRun(mini_bank, mini_catalog, store=store, seed=2, count=4,
                       lrs=LrsSettings(url=lrs.url, homepage="https://school.example/", user="k", password="s"))
        play_every_kind_of_answer(quiz)
        quiz.close()
        queued = outbox_statements(tmp_path)
        assert store.outbox_status().waiting == 0

    assert len(queued) == 10  # 2 attempts × (4 answers + 1 completed)
    for statement in queued:
        assert statement_problems(statement) == [], statement
    received = lrs.received
    assert sorted(s["id"] for s in received) == sorted(s["id"] for s in queued)  # each once
    assert {h["x-experience-api-version"] for h in lrs.headers} == {"1.0.3"}
    assert all(h["authorization"].startswith("Basic ") for h in lrs.headers)

    answered = [s for s in received if s["verb"]["id"].endswith("/answered")]
    results = [s["result"] for s in answered]
    assert {r["success"] for r in results} == {True, False}
    assert {r["score"]["scaled"] for r in results} >= {1.0, 0.5, 0.0}  # right, partly right, wrong
    # The evidence is in the statement sent, though it was given after the answer was saved.
    marked = [r for r in results if r.get("extensions", {}).get(EXTENSION + "evidence-words")]
    skipped = [r for r in results if r.get("extensions", {}).get(EXTENSION + "evidence-spans") == []]
    not_asked = [r for r in results if "extensions" not in r]
    assert marked and skipped and len(not_asked) == 4
    completed = [s for s in received if s["verb"]["id"].endswith("/completed")]
    assert [EXTENSION + "calibration-guess" in s["result"].get("extensions", {}) for s in completed] == [True, False]
    first = answered[0]
    assert first["actor"]["account"] == {"homePage": "https://school.example/", "name": "Zoë"}
    definition = first["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert [choice["id"] for choice in definition["choices"]] == ["fact", "inference", "opinion", "rhetoric"]
    assert set(definition["name"]) == {"en", "de", "es", "fr", "ru", "zh-CN"}  # every shipped language
    assert first["context"]["contextActivities"]["parent"][0]["id"] == "urn:media-quiz:bank:mini"


def test_an_answer_and_its_statement_are_saved_in_one_transaction(tmp_path, mini_catalog, monkeypatch):
    with ScoreStore.open(tmp_path) as store:
        store.feed = StatementFeed("http://lrs.example/xAPI", "https://school.example/", ActivityDefinitions(mini_catalog))
        attempt = store.start_attempt(store.learner("Ann"), "mini", "h", ["council-vote", "fans-said"], seed=1, locale="en")
        store.record_answer(attempt, item_id="council-vote", correct_type="fact", chosen="fact", outcome="correct",
                            points=1, seconds=2, locale="en", bank_id="mini", bank_hash="h")
        assert len(outbox_statements(tmp_path)) == 1  # on disk with the answer, before any sending

        import quiz.scores.export as export

        def broken(*args, **kwargs):
            raise RuntimeError("the statement could not be made")

        monkeypatch.setattr(export, "answered_statement", broken)
        with pytest.raises(RuntimeError):
            store.record_answer(attempt, item_id="fans-said", correct_type="fact", chosen="fact", outcome="correct",
                                points=1, seconds=2, locale="en", bank_id="mini", bank_hash="h")
        # Neither the answer nor a statement: never an answer the LRS will not hear of.
        assert [row.item_id for row in store.answers_for_export()] == ["council-vote"]
        assert len(outbox_statements(tmp_path)) == 1


def queue_statements(folder: Path, catalog, count: int) -> None:
    """`count` answers with an LRS configured, nothing sent yet."""
    with ScoreStore.open(folder) as store:
        store.feed = StatementFeed("http://127.0.0.1:1/xAPI", "https://school.example/", ActivityDefinitions(catalog))
        items = [f"item-{n}" for n in range(count)]
        attempt = store.start_attempt(store.learner("Ann"), "mini", "h", items, seed=1, locale="en")
        for item in items:
            store.record_answer(attempt, item_id=item, correct_type="fact", chosen="fact", outcome="correct",
                                points=1, seconds=2, locale="en", bank_id="mini", bank_hash="h")


def test_statements_wait_while_the_lrs_fails_and_go_once_when_it_answers(tmp_path, lrs, mini_catalog):
    queue_statements(tmp_path, mini_catalog, 3)
    with ScoreStore.open(tmp_path) as store:
        to_fake = lambda endpoint: LrsClient(lrs.url, None)  # noqa: E731 - every statement to the fake
        lrs.reply = lambda statements: (503, {"detail": "indexing is down"})
        report = send_waiting(store, to_fake)
        assert report.sent == 0 and "503" in report.failure and "indexing is down" in report.failure
        status = store.outbox_status()
        assert status.waiting == 3 and status.last_sent_at is None
        assert "3 statements waiting, none sent yet" in status_line(status)

        unreachable = send_waiting(store, clients(None))  # nothing listens at the address they were made for
        assert unreachable.sent == 0 and "no answer from http://127.0.0.1:1/xAPI" in unreachable.failure

        lrs.reply = lambda statements: (200, [s["id"] for s in statements])
        assert send_waiting(store, to_fake).sent == 3
        assert send_waiting(store, to_fake).sent == 0  # nothing goes twice
        status = store.outbox_status()
        assert status.waiting == 0 and status.last_sent_at is not None
        assert "all statements sent, last sent" in status_line(status)
    ids = [s["id"] for s in lrs.received]
    assert len(ids) == 6 and len(set(ids)) == 3  # the 3 that failed, then the same 3 that went


def test_a_statement_the_lrs_refuses_is_kept_with_its_message_and_the_others_go(tmp_path, lrs, mini_catalog):
    queue_statements(tmp_path, mini_catalog, 4)
    bad = outbox_statements(tmp_path)[2]["id"]
    held = outbox_statements(tmp_path)[3]["id"]

    def reply(statements):
        ids = [s["id"] for s in statements]
        if bad in ids:
            return 400, {"detail": f"Statement {bad} has a bad verb"}
        if held in ids:
            return 409, {"detail": "A different statement already exists with the same ID"}
        return 200, ids

    lrs.reply = reply
    with ScoreStore.open(tmp_path) as store:
        to_fake = lambda endpoint: LrsClient(lrs.url, None)  # noqa: E731
        report = send_waiting(store, to_fake)
        assert report.failure is None
        assert report.sent == 3  # two taken, and one the LRS already holds (409)
        assert report.rejected == [(bad, f"400 Bad Request: Statement {bad} has a bad verb")]
        status = store.outbox_status()
        assert status.waiting == 0 and [r.statement_id for r in status.rejected] == [bad]
        posts = len(lrs.posts)
        assert send_waiting(store, to_fake).sent == 0
        assert len(lrs.posts) == posts  # the refused one is not sent again and again


def test_sync_sends_what_waits_and_status_says_what_is_left(tmp_path, lrs, mini_catalog):
    """`media-quiz sync` as a teacher runs it, to the address the statements were made for."""
    with ScoreStore.open(tmp_path) as store:
        store.feed = StatementFeed(lrs.url, "https://school.example/", ActivityDefinitions(mini_catalog))
        attempt = store.start_attempt(store.learner("Ann"), "mini", "h", ["council-vote"], seed=1, locale="en")
        store.record_answer(attempt, item_id="council-vote", correct_type="fact", chosen="fact", outcome="correct",
                            points=1, seconds=2, locale="en", bank_id="mini", bank_hash="h")
        store.finish_attempt(attempt)
    env = dict(os.environ, MEDIA_QUIZ_DATA_DIR=str(tmp_path), LANGUAGE="", LC_ALL="", LANG="C",
               MEDIA_QUIZ_LRS_USER="school-key", MEDIA_QUIZ_LRS_PASSWORD="secret")

    def media_quiz(*args):
        return subprocess.run([sys.executable, "-m", "quiz", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)

    before = media_quiz("sync", "--status")
    assert before.returncode == 1 and "2 statements waiting, none sent yet" in before.stdout
    synced = media_quiz("sync")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "2 statements sent." in synced.stdout and "all statements sent, last sent" in synced.stdout
    assert len(lrs.received) == 2
    import base64

    assert lrs.headers[0]["authorization"] == "Basic " + base64.b64encode(b"school-key:secret").decode()
    refused = media_quiz("--homepage", "school.example", "export", "--format", "xapi")
    assert refused.returncode == 2 and "is not a web address" in refused.stderr
    lines = media_quiz("export", "--format", "xapi", "--jsonl", "--homepage", "https://school.example/")
    assert [json.loads(line)["id"] for line in lines.stdout.splitlines()] == [s["id"] for s in lrs.received]


async def test_the_start_screen_says_how_many_statements_wait(tmp_path, mini_bank, mini_catalog):
    from tests.conftest import playing, screen_text

    queue_statements(tmp_path, mini_catalog, 3)
    with ScoreStore.open(tmp_path) as store:
        async with playing(mini_bank, mini_catalog, store=store, lrs=LrsSettings(url="http://127.0.0.1:1/xAPI")) as pilot:
            await pilot.pause()
            text = screen_text(pilot.app)
            pilot.app.quiz.close()  # its sender stops trying
    assert "Learning record store: 3 statements waiting, none sent yet" in text


def test_the_xapi_checker_finds_what_a_strict_lrs_refuses():
    """The checker above is only worth something if it fails: the old export's defects, and others."""
    good = {
        "id": "5b8f1c4e-2a3d-5e6f-8a9b-0c1d2e3f4a5b",
        "actor": {"objectType": "Agent", "name": "Ann", "account": {"homePage": "https://school.example/", "name": "Ann"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
        "object": {"objectType": "Activity", "id": "urn:media-quiz:bank:mini",
                   "definition": {"name": {"en": "Mini"}, "interactionType": "choice", "correctResponsesPattern": ["fact"],
                                  "choices": [{"id": "fact", "description": {"en": "Fact"}}]}},
        "result": {"duration": "PT1.5S", "score": {"scaled": 1, "raw": 1, "min": 0, "max": 1}},
        "context": {"registration": "5b8f1c4e-2a3d-5e6f-8a9b-0c1d2e3f4a5b", "language": "zh-CN"},
    }
    assert statement_problems(good) == []
    breakages = {
        "homePage": lambda s: s["actor"]["account"].update(homePage="urn:media-quiz"),
        "duration": lambda s: s["result"].update(duration="1.5 s"),
        "language tag": lambda s: s["object"]["definition"]["name"].update({"english please": "Mini"}),
        "choices": lambda s: s["object"]["definition"].pop("choices"),
        "not a choice": lambda s: s["object"]["definition"].update(correctResponsesPattern=["rumour"]),
        "UUID": lambda s: s.update(id="statement-1"),
        "null": lambda s: s["result"].update(success=None),
        "context language": lambda s: s["context"].update(language="zh_CN"),
    }
    for name, breaking in breakages.items():
        broken = json.loads(json.dumps(good))
        breaking(broken)
        assert statement_problems(broken), name


def test_serve_gives_every_browser_session_the_lrs_and_never_a_credential():
    from quiz.cli import build_parser
    from quiz.tui.serve import quiz_arguments

    args = build_parser().parse_args(["--lrs", "https://lrs.example/xAPI", "--homepage", "https://school.example/", "serve"])
    passed = quiz_arguments(args)
    assert passed == ["--lrs", "https://lrs.example/xAPI", "--homepage", "https://school.example/"]
    with pytest.raises(SystemExit):  # there is no flag for a password: it would show in `ps`
        build_parser().parse_args(["--lrs-password", "secret"])


def test_answers_never_wait_for_a_stuck_lrs_and_the_next_quiz_sends_what_waits(tmp_path, lrs, mini_bank, mini_catalog):
    stuck, gave_up = threading.Event(), []

    def reply(statements):  # holds the request until the test lets go (a quiz that waited would hang here)
        if not stuck.wait(20):
            gave_up.append(True)
        return 503, {"detail": "still stuck"}

    lrs.reply = reply
    settings = LrsSettings(url=lrs.url, homepage="https://school.example/")
    with ScoreStore.open(tmp_path) as store:
        quiz = QuizRun(mini_bank, mini_catalog, store=store, seed=1, count=4, lrs=settings)
        quiz.sign_in("Ann")
        quiz.start()
        while not quiz.finished:  # every answer saved and marked while the LRS holds its first POST
            assert quiz.answer(quiz.current.answer).saved
        quiz.give_calibration(None)
        assert not stuck.is_set() and store.outbox_status().waiting == 5
        stuck.set()
        quiz.close()
    lrs.reply = lambda statements: (200, [s["id"] for s in statements])
    posts_before = len(lrs.posts)  # each refused with 503
    with ScoreStore.open(tmp_path) as store:
        later = QuizRun(mini_bank, mini_catalog, store=store, lrs=settings)
        later.sign_in("Ben")  # a quiz starting: what waits from before goes, in the background
        later.close()
        assert store.outbox_status().waiting == 0
    assert len({s["id"] for post in lrs.posts[posts_before:] for s in post}) == 5
    assert not gave_up
