"""The SQLite file under the score store: opened safely, shared by several processes.

Several processes may use one folder at once (a class on one server): the file runs in WAL mode
with a busy timeout, and every write is a short `BEGIN IMMEDIATE` transaction, so writers queue
instead of failing. Each commit is synced, so an answer survives a crash or a power cut.

An existing file is checked before anything is written to it (`check_score_file`: integrity,
our marker, tables and columns), reading it without locks or side files where nobody else has it
open. A damaged or empty file, one of another program or one written by a newer media-quiz is
never deleted, overwritten or "repaired": it is reported with a `StoreError` and left byte for
byte as it was. A new file appears complete (built aside, then linked into place). Every SQLite
failure reaches callers as a `StoreError` whose message is one translated line for a person.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, TypeVar

from quiz.i18n import _
from quiz.scores.migrations import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    migrate_to,
    missing_columns,
    read_format,
    schema_columns,
)

BUSY_TIMEOUT_SECONDS = 10.0
T = TypeVar("T")


class StoreError(Exception):
    """The score file cannot be used; the message is one translated line for a person."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class StoreReadOnly(StoreError):
    """The score file or its folder cannot be written: the quiz can run, but not save."""


class Database:
    """One open score file: short transactions on a connection that threads may share."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        # One connection may be used from a worker thread as well as the UI thread.
        self._lock = threading.RLock()

    # Opening and closing ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Database:
        """Open (creating it and its folder if needed) the score file at `path`, up to date.

        Raises `StoreReadOnly` when nothing can be saved there, and `StoreError` when the file
        is empty, damaged, not ours, or from a newer media-quiz; such a file is never changed.
        """
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise StoreReadOnly(_read_only_message(path), path) from None
            message = _("Cannot create the folder {folder} for scores: {reason}").format(
                folder=folder, reason=error.strerror or error
            )
            raise StoreError(message, path) from None
        if os.path.lexists(path):
            # Checked before anything could write to it: a file that fails stays as it was.
            check_score_file(path)
        elif os.access(folder, os.W_OK):
            _create(path)
        # WAL needs to create files beside the database, so the folder must be writable too.
        if not os.access(folder, os.W_OK) or not os.access(path, os.W_OK):
            raise StoreReadOnly(_read_only_message(path), path)
        try:
            connection = _connect(path)
        except sqlite3.Error as error:
            raise translate(error, path) from None
        database = cls(connection, path)
        try:
            database._prepare()
        except BaseException:
            connection.close()
            raise
        return database

    def _prepare(self) -> None:
        with self._lock:
            try:
                self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
                # Checked again on this connection: another media-quiz may have changed the
                # file since `check_score_file` read it. Only reads until it is known to be ours.
                found = read_format(self._db)
            except sqlite3.Error as error:
                raise translate(error, self.path) from None
            if found.is_newer:
                raise StoreError(_newer_message(self.path, found.version), self.path)
            if not found.is_marked_ours:
                raise unusable_file(self.path, "not ours")
            try:
                self._switch_to_wal()
                # FULL syncs the log at each commit: an answer survives a power cut, not only a
                # crash. At one commit per answer a person gives, the cost is invisible.
                self._db.execute("PRAGMA synchronous = FULL")
                self._db.execute("PRAGMA foreign_keys = ON")
            except sqlite3.Error as error:
                raise translate(error, self.path) from None
        if not found.is_current:  # an up-to-date file is opened without taking the write lock
            for target in range(1, SCHEMA_VERSION + 1):
                with self.writing() as db:
                    migrate_to(db, target)

    def _switch_to_wal(self) -> None:
        """Put the file in WAL mode: readers and one writer then work at the same time.

        Two processes switching a new file at the same moment can deadlock on its locks, and
        SQLite then answers "busy" at once rather than calling the busy handler: so wait here.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                code = getattr(error, "sqlite_errorcode", 0) & 0xFF
                if code not in (_BUSY, _LOCKED) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def close(self) -> None:
        """Close the file; everything committed is already saved."""
        with self._lock:
            self._db.close()

    # Transactions ----------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, committed (and synced) before this returns.

        IMMEDIATE takes the write lock up front, so a busy file is waited for (busy timeout)
        instead of failing half-way when a read would have to become a write.
        """
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise translate(error, self.path) from None
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as error:
                self._roll_back()
                if isinstance(error, sqlite3.IntegrityError):
                    # An attempt or learner that does not exist: the caller's mistake, not the file's.
                    raise ValueError(str(error)) from error
                if isinstance(error, sqlite3.Error):
                    raise translate(error, self.path) from None
                raise

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: several queries see one consistent moment of the file."""
        with self._lock:
            try:
                self._db.execute("BEGIN")
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as error:
                self._roll_back()
                if isinstance(error, sqlite3.Error):
                    raise translate(error, self.path) from None
                raise

    def _roll_back(self) -> None:
        if self._db.in_transaction:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite already rolled back (e.g. after a full disk)


# --- Creating and checking the file -----------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,  # we issue BEGIN/COMMIT ourselves
        check_same_thread=False,  # guarded by the lock instead
    )


def _create(path: Path) -> None:
    """Make a new, complete score file at `path`, unless another process makes one first.

    It is built under another name and linked into place whole: another quiz starting at the
    same moment sees either no file or a finished one, never the empty file SQLite begins with
    (an empty file is refused as holding no scores).
    """
    temporary = path.with_name(f".{path.name}-{os.getpid()}-{secrets.token_hex(4)}.new")
    try:
        connection = _connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode = WAL")  # kept in the file's header
            connection.execute("PRAGMA synchronous = FULL")
            for target in range(1, SCHEMA_VERSION + 1):
                connection.execute("BEGIN IMMEDIATE")
                migrate_to(connection, target)
                connection.execute("COMMIT")
        finally:
            connection.close()  # the last connection writes the log into the file and removes it
        try:
            os.link(temporary, path)
        except FileExistsError:
            return  # another quiz made it first: that one is used
        except OSError:
            # A file system without hard links: a rename, which could only replace a file
            # made in the moment since the check above.
            if not os.path.lexists(path):
                os.replace(temporary, path)
        _sync_folder(path.parent)
    except sqlite3.Error as error:
        raise translate(error, path) from None
    except OSError as error:
        raise _os_error(error, path) from None
    finally:
        for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            leftover.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make the new file's name survive a power cut (POSIX; elsewhere the system does it)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def read_without_writing(path: Path, work: Callable[[sqlite3.Connection], T]) -> T:
    """`work(connection)` on a connection that can neither change `path` nor add files beside it.

    A file nobody has open (no -wal, -shm or -journal beside it) is read as `immutable`, which
    takes no lock and creates nothing. Should another process start writing meanwhile (the
    file or its side files change), the work is done again through a read-only connection
    that takes SQLite's locks and so sees one consistent moment of the file.
    """
    if not _side_files(path):
        before = _identity(path)
        try:
            result = _run_on(path, "immutable=1", work)
        except (StoreError, sqlite3.Error):
            if _identity(path) == before and not _side_files(path):
                raise
        else:
            if _identity(path) == before and not _side_files(path):
                return result
    return _run_on(path, "mode=ro", work)


def _run_on(path: Path, option: str, work: Callable[[sqlite3.Connection], T]) -> T:
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?{option}", uri=True, timeout=BUSY_TIMEOUT_SECONDS
    )
    try:
        return work(connection)
    finally:
        connection.close()


def _side_files(path: Path) -> list[Path]:
    return [side for suffix in ("-wal", "-shm", "-journal") if (side := Path(f"{path}{suffix}")).exists()]


def _identity(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_ino, status.st_size, status.st_mtime_ns


def check_score_file(path: Path) -> None:
    """Raise a `StoreError` (once, in words) unless the existing file at `path` can be used.

    Only reads: the file must be a whole SQLite database (integrity check), marked as ours,
    with our tables and columns, and not from a newer media-quiz. An empty file is refused too:
    it holds no scores, and is what a copy or a disk that failed half-way leaves behind.
    """
    try:
        if path.stat().st_size == 0:
            raise unusable_file(path, "empty")
        read_without_writing(path, lambda db: _check_contents(db, path))
    except sqlite3.Error as error:
        if (getattr(error, "sqlite_errorcode", 0) & 0xFF) == _CORRUPT:
            raise unusable_file(path, "damaged inside") from None
        raise translate(error, path) from None
    except OSError as error:
        raise _os_error(error, path) from None


def _check_contents(db: sqlite3.Connection, path: Path) -> None:
    found = read_format(db)
    if found.is_newer and found.application_id in (0, APPLICATION_ID):
        raise StoreError(_newer_message(path, found.version), path)
    if found.application_id == 0 and found.version == 0 and not found.has_tables:
        raise unusable_file(path, "empty")  # a database with nothing in it
    if not found.is_marked_ours:
        raise unusable_file(path, "not ours")
    # integrity_check rather than quick_check: it also finds an index that no longer matches
    # its table (answers could then be stored twice). About 1.9 ms on 2,000 answers (416 KB),
    # against 1.0 ms for quick_check; it stops at the first problem.
    if db.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":
        raise unusable_file(path, "damaged inside")
    if missing_columns(db, schema_columns(found.version)):
        raise unusable_file(path, "not ours")


# --- Messages ---------------------------------------------------------------------------------


def _read_only_message(path: Path) -> str:
    return _("Scores cannot be saved: {path} or its folder is read-only.").format(path=path)


def _newer_message(path: Path, version: int) -> str:
    return _(
        "The score file {path} was written by a newer media-quiz (format {found}, "
        "this one knows up to {known}); update media-quiz to use it. "
        "The file was not changed."
    ).format(path=path, found=version, known=SCHEMA_VERSION)


Problem = Literal["empty", "damaged inside", "not ours", "damaged or not ours"]


def unusable_file(path: Path, problem: Problem) -> StoreError:
    """The StoreError for a file that cannot be used: what is wrong, where it is, what to do."""
    messages = {  # built here, in the language of the moment
        "empty": _(
            "The score file {path} is empty: it holds no scores, and was left untouched. "
            "Put back a backup copy of it, or move it elsewhere to start a new one."
        ),
        "damaged inside": _(
            "The score file {path} is damaged inside (SQLite's integrity check failed); it was "
            "left untouched. Move it elsewhere or put back a backup copy; “media-quiz export” "
            "can still get out the answers it holds that are readable."
        ),
        "not ours": _(
            "The file {path} is not a media-quiz score file (it lacks media-quiz's marker or "
            "tables); it was left untouched. Move it elsewhere, or choose another folder with "
            "--data-dir, to save scores."
        ),
        "damaged or not ours": _(
            "The score file {path} is damaged or is not a media-quiz score file; it was left "
            "untouched. Move it elsewhere to start a new one."
        ),
    }
    return StoreError(messages[problem].format(path=path), path)


def _os_error(error: OSError, path: Path) -> StoreError:
    message = _("The score file {path} cannot be used: {reason}").format(
        path=path, reason=error.strerror or error
    )
    return StoreError(message, path)


# SQLite's primary result codes (https://sqlite.org/rescode.html) that need their own message.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _CANTOPEN, _FULL, _NOTADB = 5, 6, 8, 10, 11, 14, 13, 26
# SQLite reports a full disk as an I/O error when it is the shared-memory file (-shm) that cannot
# grow; so little room left then means the disk is full.
_NEARLY_FULL_BYTES = 256 * 1024


def translate(error: sqlite3.Error, path: Path) -> StoreError:
    """The StoreError a person should see for SQLite's `error` on the file at `path`."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _READONLY or (primary == _CANTOPEN and not os.access(path.parent, os.W_OK)):
        return StoreReadOnly(_read_only_message(path), path)
    if primary in (_CORRUPT, _NOTADB):
        return unusable_file(path, "damaged or not ours")
    if primary in (_BUSY, _LOCKED):
        message = _(
            "The score file {path} stayed busy for {seconds} seconds (another media-quiz is "
            "using it); try again."
        ).format(path=path, seconds=int(BUSY_TIMEOUT_SECONDS))
        return StoreError(message, path)
    if primary == _FULL or (primary == _IOERR and _free_bytes(path.parent) < _NEARLY_FULL_BYTES):
        return StoreError(_("Scores cannot be saved to {path}: the disk is full.").format(path=path), path)
    return StoreError(
        _("The score file {path} cannot be used: {reason}").format(path=path, reason=error), path
    )


def _free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return _NEARLY_FULL_BYTES  # unknown: not taken for a full disk
