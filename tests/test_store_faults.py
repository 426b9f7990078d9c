"""Fault injection on the score file: damage, strangers, emptiness, read-only media, a full disk.

Each case ends with one clear message, the file byte for byte as it was, no traceback and the
right exit code, driven through the real command where a person would meet it.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from quiz.scores.database import StoreError
from quiz.scores.salvage import read_export_rows
from quiz.scores.store import FILE_NAME, ScoreStore

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, LANGUAGE="", LC_ALL="", LANG="C")
LEARNERS, ATTEMPTS_EACH, ITEMS = 20, 5, 20  # 2,000 answers
ANSWERS = LEARNERS * ATTEMPTS_EACH * ITEMS
BANK_ID = "fault-bank"


def media_quiz(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """The real command, as a person runs it, on the scores in `data_dir`."""
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        cwd=ROOT, env=dict(ENV, MEDIA_QUIZ_DATA_DIR=str(data_dir)),
        input=stdin, capture_output=True, text=True, timeout=60,
    )


def answered_at(number: int) -> str:
    """A time unique to answer `number`, so that it can be found in the file's pages."""
    return f"2024-05-01T09:00:00.000+00:00#{number:05d}"


@dataclass(frozen=True)
class ScoreFile:
    """A 2,000-answer score file, built once for the module."""

    data: bytes
    page_size: int

    def put(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / FILE_NAME
        path.write_bytes(self.data)
        return path

    def page_of(self, kind: int, marker: bytes) -> int:
        """The number (1-based) of the b-tree page of `kind` holding `marker`.

        Found by scanning, so that it works without SQLite's optional dbstat table; the page
        type byte tells a table's leaf (0x0D) from an index's leaf (0x0A) holding the same text.
        """
        for number in range(2, len(self.data) // self.page_size + 1):
            page = self.data[(number - 1) * self.page_size : number * self.page_size]
            if page[0] == kind and marker in page:
                return number
        raise AssertionError(f"no page of kind {kind:#x} holds {marker!r}")

    def cells_on(self, number: int) -> int:
        """How many rows page `number` holds (its b-tree header says so)."""
        start = (number - 1) * self.page_size
        return int.from_bytes(self.data[start + 3 : start + 5], "big")

    def last_page(self) -> int:
        return len(self.data) // self.page_size


TABLE_LEAF, INDEX_LEAF = 0x0D, 0x0A


@pytest.fixture(scope="module")
def score_file(tmp_path_factory) -> ScoreFile:
    folder = tmp_path_factory.mktemp("built")
    with ScoreStore.open(folder) as store:
        store.set_setting("theme", "settings-page-marker")
    db = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
    db.execute("BEGIN")
    number = 0
    for learner in range(1, LEARNERS + 1):
        db.execute(
            "INSERT INTO learners (id, name, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
            (learner, f"Learner {learner:02d}", answered_at(0), answered_at(0)),
        )
        for _attempt in range(ATTEMPTS_EACH):
            items = [f"claim-{item:02d}" for item in range(ITEMS)]
            attempt = db.execute(
                "INSERT INTO attempts (learner_id, bank_id, bank_hash, mode, item_ids, seed, locale, "
                "started_at, finished_at) VALUES (?, ?, 'h1', 'quiz', ?, 1, 'en', ?, ?)",
                (learner, BANK_ID, str(items).replace("'", '"'), answered_at(0), answered_at(0)),
            ).lastrowid
            for item in items:
                number += 1
                db.execute(
                    "INSERT INTO answers (attempt_id, item_id, correct_type, chosen, outcome, points, "
                    "seconds, locale, bank_id, bank_hash, answered_at) "
                    "VALUES (?, ?, 'fact', 'opinion', 'wrong', 0, 2.5, 'en', ?, 'h1', ?)",
                    (attempt, item, BANK_ID, answered_at(number)),
                )
    db.execute("COMMIT")
    db.close()  # the last connection writes the log into the file: one self-contained file
    assert sorted(p.name for p in folder.iterdir()) == [FILE_NAME]
    data = (folder / FILE_NAME).read_bytes()
    return ScoreFile(data, int.from_bytes(data[16:18], "big"))


def damage(path: Path, page: int, page_size: int) -> bytes:
    """Overwrite page `page` of `path` with random bytes; the damaged file's bytes.

    Seeded by the page, so that a run can be repeated: one page in about sixty would by chance
    start with a valid page type, and counts of rows lost would then vary from run to run.
    """
    noise = random.Random(page).randbytes(page_size)
    with path.open("r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(noise)
    return path.read_bytes()


# Where one damaged page is: (page kind, text on it), and how many answers an export loses.
DAMAGE = {
    "settings": (TABLE_LEAF, b"settings-page-marker"),
    "answers": (TABLE_LEAF, answered_at(1000).encode()),
    "last answers page": (TABLE_LEAF, answered_at(ANSWERS).encode()),
    "answers index": (INDEX_LEAF, b"claim-07"),
}


def assert_untouched(folder: Path, before: bytes) -> None:
    """The score file is byte for byte as it was, and nothing was created beside it."""
    assert (folder / FILE_NAME).read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [FILE_NAME]


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr


# --- Damage inside the file ------------------------------------------------------------------------


@pytest.mark.parametrize("where", DAMAGE)
def test_a_damaged_page_is_found_on_opening_and_the_quiz_runs_without_saving(score_file, tmp_path, where):
    path = score_file.put(tmp_path)
    before = damage(path, score_file.page_of(*DAMAGE[where]), score_file.page_size)

    result = media_quiz(tmp_path, "--plain", "--count", "1", "--seed", "1", "--learner", "Ann", stdin="1\n")

    assert result.returncode == 0
    assert_no_traceback(result)
    warning = [line for line in result.stdout.splitlines() if "damaged" in line]
    assert len(warning) == 1, result.stdout  # said once
    assert "Your answers will not be saved." in warning[0] and str(path) in warning[0]
    assert "integrity check failed" in warning[0] and "backup" in warning[0]
    assert "Question 1 of 1" in result.stdout
    assert_untouched(tmp_path, before)


@pytest.mark.parametrize("where", DAMAGE)
def test_an_export_of_a_damaged_file_keeps_every_answer_it_can_read(score_file, tmp_path, where):
    data = tmp_path / "data"
    path = score_file.put(data)
    page = score_file.page_of(*DAMAGE[where])
    before = damage(path, page, score_file.page_size)
    lost = score_file.cells_on(page) if where in ("answers", "last answers page") else 0

    result = media_quiz(data, "export", "-o", str(tmp_path / "out.csv"))

    assert_no_traceback(result)
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        exported = {row["answered_at"] for row in csv.DictReader(handle)}
    assert len(exported) == ANSWERS - lost
    assert f"{ANSWERS - lost} answers written" in result.stderr
    if lost:
        assert result.returncode == 1
        assert f"{lost} answers in {path} could not be read" in result.stderr
        # The answers lost are those of the damaged page: one run of consecutive answers.
        missing = sorted(set(map(answered_at, range(1, ANSWERS + 1))) - exported)
        numbers = [int(stamp.rsplit("#", 1)[1]) for stamp in missing]
        assert numbers == list(range(numbers[0], numbers[0] + lost))
        assert DAMAGE[where][1].decode() in missing
    else:
        assert result.returncode == 0, result.stderr
        assert "could not be read" not in result.stderr
    assert_untouched(data, before)


@pytest.mark.parametrize("where", ["answers", "last answers page"])
def test_with_the_index_damaged_too_lost_answers_are_still_counted(score_file, tmp_path, where):
    # Without the index, ids say what is lost (they run 1, 2, 3 …); past a damaged last page
    # nothing says how many there were, and the export says more may be missing.
    path = score_file.put(tmp_path)
    page = score_file.page_of(*DAMAGE[where])
    damage(path, page, score_file.page_size)
    before = damage(path, score_file.page_of(*DAMAGE["answers index"]), score_file.page_size)
    at_the_end = where == "last answers page"

    found = read_export_rows(path)

    lost = score_file.cells_on(page)
    assert len(found.rows) == ANSWERS - lost
    assert (found.unreadable, found.end_unreadable) == ((0, True) if at_the_end else (lost, False))
    if at_the_end:
        result = media_quiz(tmp_path, "export", "--format", "xapi")
        assert result.returncode == 1 and "more answers may be missing" in result.stderr
        assert_no_traceback(result)
        # Attempts that lost answers get no "completed" statement: their score would be wrong.
        statements = json.loads(result.stdout)
        completed = [s for s in statements if s["verb"]["display"]["en-US"] == "completed"]
        whole_attempts = (ANSWERS - lost) // ITEMS
        assert len(completed) == whole_attempts
        assert {s["result"]["score"]["max"] for s in completed} == {ITEMS}
    assert_untouched(tmp_path, before)


def test_a_file_written_to_while_it_is_read_without_locks_is_read_again_with_them(tmp_path):
    from quiz.scores.database import read_without_writing

    with ScoreStore.open(tmp_path) as store:
        store.learner("Ann")
    path = tmp_path / FILE_NAME
    writes: list[int] = []

    def count_learners(db: sqlite3.Connection) -> int:
        counted = db.execute("SELECT count(*) FROM learners").fetchone()[0]
        if not writes:  # another quiz saves just after the first reading counted
            writes.append(1)
            with ScoreStore.open(tmp_path) as other:
                other.learner("Ben")
        return counted

    assert read_without_writing(path, count_learners) == 2


def test_the_read_only_export_gives_what_the_store_gives(score_file, tmp_path):
    score_file.put(tmp_path)
    with ScoreStore.open(tmp_path) as store:
        everyone, one = store.answers_for_export(), store.answers_for_export("learner 07")
    before = (tmp_path / FILE_NAME).read_bytes()
    found = read_export_rows(tmp_path / FILE_NAME)
    assert (found.rows, found.unreadable, found.end_unreadable) == (everyone, 0, False)
    assert read_export_rows(tmp_path / FILE_NAME, "LEARNER 07").rows == one and len(one) == 100
    assert_untouched(tmp_path, before)


# --- Files that are not (or no longer) score files ------------------------------------------------


def test_another_programs_file_with_user_version_1_is_not_taken_over(tmp_path):
    path = tmp_path / FILE_NAME
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (body TEXT)")
    db.execute("INSERT INTO notes VALUES ('mine')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    before = path.read_bytes()

    with pytest.raises(StoreError) as raised:
        ScoreStore.open(tmp_path)
    assert "not a media-quiz score file" in str(raised.value) and str(path) in str(raised.value)
    played = media_quiz(tmp_path, "--plain", "--count", "1", "--seed", "1", "--learner", "Ann", stdin="1\n")
    exported = media_quiz(tmp_path, "export")

    assert played.returncode == 0 and "Your answers will not be saved." in played.stdout
    assert "not a media-quiz score file" in played.stdout
    assert exported.returncode == 1 and "not a media-quiz score file" in exported.stderr
    assert exported.stdout == ""
    for result in (played, exported):
        assert_no_traceback(result)
    assert before[18:20] == b"\x01\x01"  # still a rollback-journal file: never switched to WAL
    assert_untouched(tmp_path, before)


def test_a_zero_length_file_is_reported_not_made_into_a_new_store(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"")

    played = media_quiz(tmp_path, "--plain", "--count", "1", "--seed", "1", "--learner", "Ann", stdin="1\n")
    exported = media_quiz(tmp_path, "export")

    assert played.returncode == 0 and "Your answers will not be saved." in played.stdout
    assert f"The score file {tmp_path / FILE_NAME} is empty" in played.stdout
    assert "Question 1 of 1" in played.stdout
    assert exported.returncode == 1 and "is empty" in exported.stderr
    for result in (played, exported):
        assert_no_traceback(result)
    assert_untouched(tmp_path, b"")


def test_a_file_of_ours_that_lacks_a_column_is_reported_by_export(tmp_path):
    with ScoreStore.open(tmp_path):
        pass
    db = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    db.execute("ALTER TABLE answers DROP COLUMN seconds")
    db.close()
    before = (tmp_path / FILE_NAME).read_bytes()

    with pytest.raises(StoreError, match="not a media-quiz score file"):
        ScoreStore.open(tmp_path)
    exported = media_quiz(tmp_path, "export")

    assert exported.returncode == 1 and "lacks answers.seconds" in exported.stderr
    assert_no_traceback(exported)
    assert_untouched(tmp_path, before)


def test_exporting_from_a_folder_with_no_score_file_creates_nothing(tmp_path):
    result = media_quiz(tmp_path / "nothing-here", "export")
    assert result.returncode == 0 and "No answers to export yet." in result.stderr
    assert not (tmp_path / "nothing-here").exists()


# --- Read-only media and a full disk (root ignores permissions: private mounts instead) ----------


def in_private_mounts(script: str, *args: str) -> subprocess.CompletedProcess:
    """Run the shell `script` in a private mount namespace, where it may mount as it likes."""
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True) if shutil.which("unshare") else None
    if probe is None or probe.returncode != 0:
        pytest.skip("no private mount namespace (unshare) on this system")
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", *args],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60,
    )


def test_a_read_only_score_file_exports_in_full(score_file, tmp_path):
    data = tmp_path / "backup"
    path = score_file.put(data)
    script = (
        'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && '
        'MEDIA_QUIZ_DATA_DIR="$1" "$2" -m quiz export -o "$3"'
    )
    result = in_private_mounts(script, str(data), sys.executable, str(tmp_path / "out.csv"))

    assert result.returncode == 0, result.stderr
    assert f"{ANSWERS} answers written" in result.stderr
    assert_no_traceback(result)
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == ANSWERS
    assert_untouched(data, score_file.data)
    assert path.read_bytes() == score_file.data


# Inside the namespace: a 1 MB disk holding a score file with two answers, filled to 64 KB of
# room (enough to open the file, not to add to it); a quiz of three questions; then the answers
# the file holds afterwards.
FULL_DISK = """
set -e
mount -t tmpfs -o size=1m tmpfs "$1"
cp "$2" "$1/"
dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null || true
truncate -s -64k "$1/filler"
printf '1\\n2\\n3\\n' | MEDIA_QUIZ_DATA_DIR="$1" "$3" -m quiz --plain --count 3 --seed 1 --learner Cy
echo "=== kept"
"$3" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT group_concat(item_id) FROM answers").fetchone()[0])' "$1/scores.sqlite3"
"""


def test_a_full_disk_stops_saving_but_not_the_quiz_and_loses_nothing_saved(tmp_path):
    seed = tmp_path / "seed"
    with ScoreStore.open(seed) as store:
        attempt = store.start_attempt(store.learner("Earlier"), "b", "h", ["x", "y"], seed=1, locale="en")
        for item in ("x", "y"):
            store.record_answer(
                attempt, item_id=item, correct_type="fact", chosen="fact", outcome="correct",
                points=1, seconds=1, locale="en", bank_id="b", bank_hash="h",
            )
    (tmp_path / "disk").mkdir()

    result = in_private_mounts(FULL_DISK, str(tmp_path / "disk"), str(seed / FILE_NAME), sys.executable)

    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    played, kept = result.stdout.split("=== kept\n")
    assert "Your answers will not be saved." in played and "the disk is full" in played
    assert played.count("the disk is full") == 1
    assert "Question 3 of 3" in played  # the quiz went on to the end
    assert kept.strip() == "x,y"  # nothing already saved was lost


def test_a_read_only_copy_with_answers_still_in_its_wal_file_is_explained(score_file, tmp_path):
    # A copy taken while a quiz ran: the newest answers are in the -wal file, and reading them
    # needs a -shm file that a read-only folder cannot get. Said, not silently left out.
    live, copy = tmp_path / "live", tmp_path / "copy"
    score_file.put(live)
    db = sqlite3.connect(live / FILE_NAME, isolation_level=None)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("UPDATE learners SET name = 'Renamed' WHERE id = 1")
    copy.mkdir()
    for name in (FILE_NAME, FILE_NAME + "-wal"):
        shutil.copyfile(live / name, copy / name)
    db.close()
    before = (copy / FILE_NAME).read_bytes()
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && MEDIA_QUIZ_DATA_DIR="$1" "$2" -m quiz export'
    result = in_private_mounts(script, str(copy), sys.executable)

    assert result.returncode == 1
    assert "Copy the folder somewhere writable" in result.stderr and str(copy / FILE_NAME) in result.stderr
    assert_no_traceback(result)
    assert (copy / FILE_NAME).read_bytes() == before
    assert sorted(p.name for p in copy.iterdir()) == [FILE_NAME, FILE_NAME + "-wal"]
