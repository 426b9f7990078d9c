"""The score file before it is opened: one setting read for the first frame, and opening it.

The Textual app draws its first screen before it opens the score file (opening means
SQLite, the file's checks and the store's code, a tenth of a start); the theme must be
known for that frame, so it is read straight from the file here.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.paths import SCORES_FILE, data_dir

if TYPE_CHECKING:
    from quiz.scores.store import ScoreStore


class ScoreFile:
    """The score file in `directory` (default: `data_dir()`), not opened yet."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory

    def peek_setting(self, key: str) -> str | None:
        """A remembered setting, read without opening the file as the store does (no checks,
        no lock, nothing written or created beside it); None when it cannot be read.

        A setting saved by a quiz that was killed can still be only in SQLite's write-ahead
        log, which this does not read: then it is the one saved before.
        """
        path = data_dir(self.directory) / SCORES_FILE
        if not path.is_file():
            return None
        try:
            # immutable: no -wal or -shm file is made, as a read-only connection would.
            with closing(sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)) as db:
                row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        except (sqlite3.Error, OSError, ValueError):
            return None
        return row[0] if row and isinstance(row[0], str) else None

    def open(self) -> ScoreStore:
        """The store (see `ScoreStore.open` for what it raises)."""
        from quiz.scores.store import ScoreStore

        return ScoreStore.open(self.directory)
