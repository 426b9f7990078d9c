"""The score store: what is saved comes back, nothing is lost or damaged, several quizzes share it."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz.core.engine import Outcome
from quiz.scores.database import StoreError, StoreReadOnly
from quiz.scores.migrations import SCHEMA_VERSION
from quiz.scores.store import FILE_NAME, ScoreStore, data_dir


class StepClock:
    """A clock that moves one second each time it is read, so every event has its own time."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def store(tmp_path):
    with ScoreStore.open(tmp_path, clock=StepClock()) as opened:
        yield opened


def answer(store, attempt, item_id, outcome="correct", *, correct_type="fact", chosen=None, bank="mini"):
    points = {"correct": 1.0, "partial": 0.5, "wrong": 0.0}[outcome]
    store.record_answer(
        attempt,
        item_id=item_id,
        correct_type=correct_type,
        chosen=chosen or (correct_type if outcome == "correct" else "opinion"),
        outcome=outcome,
        points=points,
        seconds=4.25,
        locale="en",
        bank_id=bank,
        bank_hash="h1",
    )


# --- Round trips --------------------------------------------------------------------------------


def test_a_learner_is_found_again_whatever_the_case_and_spacing(store):
    ana = store.learner("  Ana   López ")
    again = store.learner("ana lópez")
    assert again.id == ana.id
    assert again.name == "Ana López"
    assert [learner.name for learner in store.learners()] == ["Ana López"]


def test_a_name_made_only_of_spaces_is_refused(store):
    with pytest.raises(ValueError):
        store.learner("   ")


def test_the_learner_seen_last_is_listed_first(store):
    store.learner("Ana")
    ben = store.learner("Ben")
    store.learner("Ana")
    assert [learner.name for learner in store.learners()] == ["Ana", "Ben"]
    store.start_attempt(ben, "mini", "h1", ["a"], seed=1, locale="en")
    assert [learner.name for learner in store.learners()] == ["Ben", "Ana"]


def test_answers_and_attempt_summaries_come_back_as_recorded(store):
    ana = store.learner("Ana")
    first = store.start_attempt(ana, "mini", "h1", ["a", "b", "c", "d"], seed=7, locale="en")
    answer(store, first, "a", "correct", correct_type="fact")
    answer(store, first, "b", "partial", correct_type="inference")
    answer(store, first, "c", "wrong", correct_type="fact")
    answer(store, first, "d", "correct", correct_type="opinion")
    store.finish_attempt(first)
    second = store.start_attempt(ana, "mini", "h1", ["c", "a"], seed=8, locale="fr", mode="review")
    answer(store, second, "c", "correct", correct_type="fact")
    other_bank = store.start_attempt(ana, "other", "h9", ["x"], seed=1, locale="en")

    summaries = store.attempts(ana, "mini")
    assert [s.id for s in summaries] == [first, second]
    done, review = summaries
    assert (done.answered, done.item_count, done.points, done.max_points) == (4, 4, 2.5, 4)
    assert done.per_type == {"fact": (1, 2), "inference": (0, 1), "opinion": (1, 1)}
    assert done.finished_at is not None and done.mode == "quiz"
    assert (review.answered, review.item_count, review.mode, review.finished_at) == (1, 2, "review", None)
    assert [s.id for s in store.attempts(ana)] == [first, second, other_bank]
    assert store.attempts(store.learner("Ben")) == []


def test_an_unfinished_attempt_can_be_resumed_where_it_stopped(store):
    ana = store.learner("Ana")
    attempt = store.start_attempt(ana, "mini", "h1", ["a", "b", "c"], seed=42, locale="es")
    answer(store, attempt, "a", "wrong", correct_type="fact", chosen="opinion")
    answer(store, attempt, "b", "correct", correct_type="inference")

    resumed = store.unfinished_attempt(ana, "mini")
    assert resumed is not None
    assert (resumed.id, resumed.seed, resumed.locale, resumed.bank_hash) == (attempt, 42, "es", "h1")
    assert resumed.item_ids == ["a", "b", "c"]
    assert [(a.item_id, a.chosen, a.outcome) for a in resumed.answers] == [
        ("a", "opinion", "wrong"),
        ("b", "inference", "correct"),
    ]
    assert resumed.remaining_item_ids == ["c"]
    assert store.unfinished_attempt(ana, "other-bank") is None
    assert store.unfinished_attempt(ana, "mini", mode="review") is None

    answer(store, attempt, "c", "correct")
    assert store.unfinished_attempt(ana, "mini") is None  # nothing left to ask, even unmarked
    store.finish_attempt(attempt)
    assert store.unfinished_attempt(ana, "mini") is None


def test_a_repeated_answer_does_not_change_the_first_one(store):
    ana = store.learner("Ana")
    attempt = store.start_attempt(ana, "mini", "h1", ["a"], seed=1, locale="en")
    answer(store, attempt, "a", "wrong")
    answer(store, attempt, "a", "correct")
    rows = store.answers_for_export()
    assert [(r.item_id, r.outcome) for r in rows] == [("a", "wrong")]


def test_the_engines_outcome_is_accepted_and_a_made_up_one_is_not(store):
    attempt = store.start_attempt(store.learner("Ana"), "mini", "h1", ["a", "b"], seed=1, locale="en")
    store.record_answer(
        attempt, item_id="a", correct_type="fact", chosen="fact", outcome=Outcome.CORRECT,
        points=1, seconds=2, locale="en", bank_id="mini", bank_hash="h1",
    )
    with pytest.raises(ValueError):
        store.record_answer(
            attempt, item_id="b", correct_type="fact", chosen="fact", outcome="great",
            points=1, seconds=2, locale="en", bank_id="mini", bank_hash="h1",
        )
    assert [r.outcome for r in store.answers_for_export()] == ["correct"]


def test_an_answer_to_an_attempt_that_does_not_exist_is_refused(store):
    with pytest.raises(ValueError):
        answer(store, 999, "a")
    assert store.answers_for_export() == []


def test_settings_are_kept_after_reopening(tmp_path):
    with ScoreStore.open(tmp_path) as store:
        assert store.get_setting("theme", "dark") == "dark"
        store.set_setting("theme", "light")
        store.set_setting("theme", "high-contrast")
        store.set_setting("last_learner", "Ana")
    with ScoreStore.open(tmp_path) as store:
        assert store.get_setting("theme") == "high-contrast"
        assert store.get_setting("last_learner") == "Ana"
        assert store.get_setting("missing") is None


def test_export_rows_join_learner_and_attempt(store):
    ana, ben = store.learner("Ana"), store.learner("Ben")
    a1 = store.start_attempt(ana, "mini", "h1", ["a", "b"], seed=1, locale="en")
    b1 = store.start_attempt(ben, "mini", "h1", ["b", "a", "c"], seed=2, locale="fr")
    answer(store, b1, "b", "wrong", correct_type="opinion", chosen="fact")
    answer(store, a1, "a", "correct")
    store.finish_attempt(a1)

    rows = store.answers_for_export()
    assert [(r.learner, r.attempt_id, r.item_id) for r in rows] == [("Ana", a1, "a"), ("Ben", b1, "b")]
    ben_row = store.answers_for_export("  BEN ")[0]
    assert (ben_row.chosen, ben_row.correct_type, ben_row.outcome, ben_row.points) == ("fact", "opinion", "wrong", 0.0)
    assert (ben_row.attempt_item_count, ben_row.attempt_finished_at, ben_row.bank_hash) == (3, None, "h1")
    assert rows[0].attempt_finished_at is not None
    assert store.answers_for_export("Nobody") == []


# --- The review queue ---------------------------------------------------------------------------


def test_review_queue_holds_misses_until_answered_right_twice_in_a_row(store):
    ana = store.learner("Ana")

    def attempt_with(*answers):
        attempt = store.start_attempt(ana, "mini", "h1", [i for i, _o in answers], seed=1, locale="en")
        for item_id, outcome in answers:
            answer(store, attempt, item_id, outcome)

    attempt_with(("a", "wrong"), ("b", "correct"), ("c", "partial"))
    assert store.review_items(ana, "mini") == ["a", "c"]  # a miss or a partial queues; a right does not

    attempt_with(("a", "correct"), ("c", "correct"))
    assert store.review_items(ana, "mini") == ["a", "c"]  # one right answer is not enough

    attempt_with(("a", "correct"))
    assert store.review_items(ana, "mini") == ["c"]  # two in a row: a leaves

    attempt_with(("a", "wrong"), ("c", "correct"))
    assert store.review_items(ana, "mini") == ["a"]  # a wrong again: back; c now right twice

    attempt_with(("a", "correct"), ("a2", "correct"))
    assert store.review_items(ana, "mini") == ["a"]  # the streak restarted after the new miss
    assert store.review_items(ana, "another-bank") == []
    assert store.review_items(store.learner("Ben"), "mini") == []


def test_review_queue_puts_the_oldest_miss_first(store):
    ana = store.learner("Ana")
    attempt = store.start_attempt(ana, "mini", "h1", ["x", "y", "z"], seed=1, locale="en")
    for item_id in ("x", "y", "z"):
        answer(store, attempt, item_id, "wrong")
    again = store.start_attempt(ana, "mini", "h1", ["x"], seed=1, locale="en", mode="review")
    answer(store, again, "x", "wrong")
    assert store.review_items(ana, "mini") == ["y", "z", "x"]


# --- The file on disk ---------------------------------------------------------------------------


def test_a_new_score_file_is_complete_from_the_start(tmp_path):
    # (An empty file is no longer made into a store: see test_store_faults.py.)
    with ScoreStore.open(tmp_path) as store:
        store.learner("Ana")
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE_NAME]  # no temporary left
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"learners", "attempts", "answers", "settings"} <= tables
    db.close()


def test_a_missing_folder_is_created(tmp_path):
    folder = tmp_path / "deep" / "er"
    with ScoreStore.open(folder) as store:
        store.learner("Ana")
    assert (folder / FILE_NAME).is_file()


def test_a_file_from_a_newer_media_quiz_is_reported_and_left_untouched(tmp_path):
    path = tmp_path / FILE_NAME
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE learners (id INTEGER PRIMARY KEY, name TEXT, future TEXT)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.commit()
    db.close()
    before = path.read_bytes()

    with pytest.raises(StoreError) as raised:
        ScoreStore.open(tmp_path)

    message = str(raised.value)
    assert str(path) in message and "update media-quiz" in message and "\n" not in message
    assert not isinstance(raised.value, StoreReadOnly)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE_NAME]


def test_a_damaged_file_is_reported_and_left_untouched(tmp_path):
    path = tmp_path / FILE_NAME
    garbage = b"These are my notes, not a database.\n" * 200
    path.write_bytes(garbage)

    with pytest.raises(StoreError) as raised:
        ScoreStore.open(tmp_path)

    message = str(raised.value)
    assert str(path) in message and "left untouched" in message and "\n" not in message
    assert path.read_bytes() == garbage


def test_another_programs_database_is_not_taken_over(tmp_path):
    path = tmp_path / FILE_NAME
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="left untouched"):
        ScoreStore.open(tmp_path)
    assert path.read_bytes() == before


def _make_read_only(path: Path) -> None:
    path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.access(path, os.W_OK):  # root (as in many containers) writes anyway
        path.chmod(stat.S_IRWXU)
        pytest.skip("running with rights that ignore read-only permissions")


def test_a_read_only_folder_means_running_without_saving(tmp_path):
    folder = tmp_path / "scores"
    folder.mkdir()
    _make_read_only(folder)
    try:
        with pytest.raises(StoreReadOnly) as raised:
            ScoreStore.open(folder)
        assert str(folder) in str(raised.value)
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_read_only_score_file_means_running_without_saving(tmp_path):
    with ScoreStore.open(tmp_path) as store:
        store.learner("Ana")
    path = tmp_path / FILE_NAME
    before = path.read_bytes()
    path.chmod(stat.S_IRUSR)
    if os.access(path, os.W_OK):
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
        pytest.skip("running with rights that ignore read-only permissions")
    try:
        with pytest.raises(StoreReadOnly):
            ScoreStore.open(tmp_path)
        assert path.read_bytes() == before
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


OPEN_READ_ONLY = r"""
import sys
from pathlib import Path
from quiz.scores.database import StoreError, StoreReadOnly
from quiz.scores.store import ScoreStore

for folder in sys.argv[1:]:
    try:
        ScoreStore.open(Path(folder)).close()
        print("opened")
    except StoreReadOnly:
        print("read-only")
    except StoreError as error:
        print("error", error)
"""


def test_a_read_only_file_system_means_running_without_saving(tmp_path):
    # Root ignores file permissions but not a read-only mount; a private mount namespace
    # (where the system allows one) gives such a mount without touching the machine.
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True) if shutil.which("unshare") else None
    if probe is None or probe.returncode != 0:
        pytest.skip("no private mount namespace (unshare) on this system")
    with ScoreStore.open(tmp_path / "used") as store:
        store.learner("Ana")
    (tmp_path / "empty").mkdir()
    before = (tmp_path / "used" / FILE_NAME).read_bytes()
    folders = [tmp_path / "used", tmp_path / "empty", tmp_path / "empty" / "new"]
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$1" -c "$2" "$3" "$4" "$5"'
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, str(tmp_path), sys.executable, OPEN_READ_ONLY,
         *map(str, folders)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.split() == ["read-only"] * 3, result.stderr
    assert (tmp_path / "used" / FILE_NAME).read_bytes() == before


def test_the_data_folder_is_the_one_given_then_the_environment_then_the_users(monkeypatch, tmp_path):
    monkeypatch.setenv("MEDIA_QUIZ_DATA_DIR", str(tmp_path / "from-env"))
    assert data_dir(tmp_path / "given") == tmp_path / "given"
    assert data_dir() == tmp_path / "from-env"
    monkeypatch.delenv("MEDIA_QUIZ_DATA_DIR")
    default = data_dir()
    assert default.name == "media-quiz" and default.is_absolute()


def test_the_score_modules_load_neither_textual_nor_platformdirs_nor_matplotlib():
    # Start-up speed: the store, export and report are used before (or without) any screen;
    # matplotlib (the HTML report's charts) loads only when that report is made.
    script = "import sys, quiz.scores.store, quiz.scores.export, quiz.scores.report.formatting, quiz.scores.report.reading, quiz.scores.report.statistics; print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'platformdirs', 'matplotlib'}))"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


# --- Crashes and several processes --------------------------------------------------------------

# A quiz in another process: records `count` answers, printing each item once it is saved.
RECORDER = r"""
import sys
from pathlib import Path
from quiz.scores.store import ScoreStore

folder, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with ScoreStore.open(folder) as store:
    learner = store.learner(name)
    items = [f"{name}-{n}" for n in range(count)]
    attempt = store.start_attempt(learner, "mini", "h1", items, seed=1, locale="en")
    for item in items:
        store.record_answer(
            attempt, item_id=item, correct_type="fact", chosen="fact", outcome="correct",
            points=1.0, seconds=1.5, locale="en", bank_id="mini", bank_hash="h1",
        )
        print(item, flush=True)
"""


def _recorder(folder: Path, name: str, count: int, **options) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", RECORDER, str(folder), name, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        **options,
    )


def test_every_answer_saved_before_a_kill_9_is_still_there(tmp_path):
    child = _recorder(tmp_path, "Ana", 100_000)
    saved = []
    try:
        while len(saved) < 40:
            line = child.stdout.readline()
            assert line, "the recording process stopped early"
            saved.append(line.strip())
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    with ScoreStore.open(tmp_path) as store:
        stored = {row.item_id for row in store.answers_for_export("Ana")}
        attempt = store.unfinished_attempt(store.learner("Ana"), "mini")
    assert set(saved) <= stored
    assert attempt is not None and len(attempt.answers) == len(stored)
    db = sqlite3.connect(tmp_path / FILE_NAME)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_eight_quizzes_writing_at_once_lose_no_answer(tmp_path):
    # All start on a folder with no file yet, so they also race to create and migrate it.
    children = [_recorder(tmp_path, f"student-{n}", 200, stderr=subprocess.PIPE) for n in range(8)]
    for child in children:
        output, errors = child.communicate(timeout=120)
        assert child.returncode == 0, errors
        assert len(output.split()) == 200

    with ScoreStore.open(tmp_path) as store:
        rows = store.answers_for_export()
        assert len(store.learners()) == 8
    assert len(rows) == 1600
    assert len({(r.learner, r.item_id) for r in rows}) == 1600


def test_a_learner_is_one_person_whatever_the_case_of_any_letter(tmp_path):
    with ScoreStore.open(tmp_path) as store:
        first = store.learner("José Núñez")
        assert store.learner("JOSÉ NÚÑEZ").id == first.id
        assert store.learner("josé núñez").id == first.id
        assert store.learner("Ärger Öl").id != first.id
        assert store.learner("ÄRGER ÖL").name == "Ärger Öl"  # kept as first written
        assert len(store.learners()) == 2


def test_a_score_file_of_the_first_version_is_brought_up_to_date_and_keeps_its_answers(tmp_path):
    import sqlite3

    from quiz.scores.migrations import MIGRATIONS, SCHEMA_VERSION

    db = sqlite3.connect(tmp_path / "scores.sqlite3", isolation_level=None)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO learners VALUES (1, 'Old', '2024-01-01', '2024-01-01')")
    db.execute("INSERT INTO attempts VALUES (1, 1, 'b', 'h', 'quiz', '[\"x\"]', NULL, 'en', '2024-01-01', NULL)")
    db.execute("INSERT INTO answers VALUES (1, 1, 'x', 'fact', 'fact', 'correct', 1, 2, 'en', 'b', 'h', '2024-01-01')")
    db.close()
    with ScoreStore.open(tmp_path) as store:
        [row] = store.answers_for_export()
    assert row.learner == "Old" and row.outcome == "correct" and row.context_seen == 0
    check = sqlite3.connect(tmp_path / "scores.sqlite3")
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
