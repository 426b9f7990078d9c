"""The SQLite file under the score store: opened safely, shared by several processes.

Several processes may use one folder at once (a class on one server): the file runs in WAL mode
with a busy timeout, and every write is a short `BEGIN IMMEDIATE` transaction, so writers queue
instead of failing. Each commit is synced, so an answer survives a crash or a power cut.

A damaged file, one of another program or one written by a newer media-quiz is never deleted,
overwritten or "repaired": it is reported with a `StoreError` and left as it is. Every SQLite
failure reaches callers as a `StoreError` whose message is one translated line for a person.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from quiz.i18n import _
from quiz.scores.migrations import SCHEMA_VERSION, migrate_to, read_format

BUSY_TIMEOUT_SECONDS = 10.0


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
        is damaged, not ours, or from a newer media-quiz; such a file is never changed.
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
        # WAL needs to create files beside the database, so the folder must be writable too.
        if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise StoreReadOnly(_read_only_message(path), path)
        try:
            connection = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # guarded by the lock instead
            )
        except sqlite3.Error as error:
            raise _translate(error, path) from None
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
                # Only reads until the file is known to be ours and not from the future.
                found = read_format(self._db)
            except sqlite3.Error as error:
                raise _translate(error, self.path) from None
            if found.is_newer:
                message = _(
                    "The score file {path} was written by a newer media-quiz (format {found}, "
                    "this one knows up to {known}); update media-quiz to use it. "
                    "The file was not changed."
                ).format(path=self.path, found=found.version, known=SCHEMA_VERSION)
                raise StoreError(message, self.path)
            if found.is_foreign:
                raise StoreError(_damaged_message(self.path), self.path)
            try:
                self._switch_to_wal()
                # FULL syncs the log at each commit: an answer survives a power cut, not only a
                # crash. At one commit per answer a person gives, the cost is invisible.
                self._db.execute("PRAGMA synchronous = FULL")
                self._db.execute("PRAGMA foreign_keys = ON")
            except sqlite3.Error as error:
                raise _translate(error, self.path) from None
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
                raise _translate(error, self.path) from None
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as error:
                self._roll_back()
                if isinstance(error, sqlite3.IntegrityError):
                    # An attempt or learner that does not exist: the caller's mistake, not the file's.
                    raise ValueError(str(error)) from error
                if isinstance(error, sqlite3.Error):
                    raise _translate(error, self.path) from None
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
                    raise _translate(error, self.path) from None
                raise

    def _roll_back(self) -> None:
        if self._db.in_transaction:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite already rolled back (e.g. after a full disk)


# --- Messages ---------------------------------------------------------------------------------


def _read_only_message(path: Path) -> str:
    return _("Scores cannot be saved: {path} or its folder is read-only.").format(path=path)


def _damaged_message(path: Path) -> str:
    return _(
        "The score file {path} is damaged or is not a media-quiz score file; it was left "
        "untouched. Move it elsewhere to start a new one."
    ).format(path=path)


# SQLite's primary result codes (https://sqlite.org/rescode.html) that need their own message.
_BUSY, _LOCKED, _READONLY, _CORRUPT, _CANTOPEN, _FULL, _NOTADB = 5, 6, 8, 11, 14, 13, 26


def _translate(error: sqlite3.Error, path: Path) -> StoreError:
    """The StoreError a person should see for SQLite's `error` on the file at `path`."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _READONLY or (primary == _CANTOPEN and not os.access(path.parent, os.W_OK)):
        return StoreReadOnly(_read_only_message(path), path)
    if primary in (_CORRUPT, _NOTADB):
        return StoreError(_damaged_message(path), path)
    if primary in (_BUSY, _LOCKED):
        message = _(
            "The score file {path} stayed busy for {seconds} seconds (another media-quiz is "
            "using it); try again."
        ).format(path=path, seconds=int(BUSY_TIMEOUT_SECONDS))
        return StoreError(message, path)
    if primary == _FULL:
        return StoreError(_("Scores cannot be saved to {path}: the disk is full.").format(path=path), path)
    return StoreError(
        _("The score file {path} cannot be used: {reason}").format(path=path, reason=error), path
    )
