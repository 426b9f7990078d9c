"""Checked content kept between runs, so that a warm start reads a pickle, not the YAML.

Nothing here imports PyYAML or the checking code: a warm start that finds its entries never
loads them (start-up is timed).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import Any, Generic, Sequence, TypeVar

from quiz.banks.collector import collector_paused
from quiz.banks.problems import Problem
from quiz.core.model import Bank, Catalog
from quiz.paths import cache_dir, source_digest

T = TypeVar("T")

CACHE_FORMAT = 5  # raised whenever what an entry holds changes shape
# What decides a check besides the files' bytes: the code that checks, and PyYAML (its
# package's __init__ holds its version).
_CHECKING_CODE = (
    "quiz.banks.yaml_reader",
    "quiz.banks.yaml_errors",
    "quiz.banks.problems",
    "quiz.banks.fields",
    "quiz.banks.article",
    "quiz.banks.passages",
    "quiz.banks.items",
    "quiz.banks.bank",
    "quiz.banks.catalog",
    "quiz.core.model",
    "quiz.core.evidence",  # which cues cut a word (a warning)
    "quiz.terminal_text",
    "quiz.banks.sentences",
    "yaml",
)
# The only classes an entry may hold. Anything else means the file is not one of ours, and it
# is not unpickled: a pickle can otherwise run code.
_CACHED_CLASSES = {
    ("quiz.core.model", "Bank"),
    ("quiz.core.model", "Article"),
    ("quiz.core.model", "Item"),
    ("quiz.core.model", "BankOptions"),
    ("quiz.core.model", "BankMode"),
    ("quiz.core.model", "Catalog"),
    ("quiz.core.model", "ClaimType"),
    ("quiz.core.model", "Technique"),
    ("quiz.banks.problems", "Problem"),
    ("quiz.banks.problems", "Severity"),
    ("pathlib", "Path"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
}


class CheckedCache(Generic[T]):
    """One checked result (a bank, the catalog) and its problems, kept between runs.

    An entry is named by what decides the result besides the files' bytes (`kind` and `key`,
    such as the bank's path and the catalog, the checking code, and the YAML parser a test
    chose) and used only when the
    files it was read from still hold the same bytes: an edited file is always read and
    checked again. Warnings are kept as codes and parameters and worded when shown, so an
    entry serves every language. Entries are written whole (renamed into place); an
    unreadable, corrupt or foreign entry is ignored and replaced, and a cache that cannot be
    written only costs time.
    """

    def __init__(self, kind: str, key: object, holds: type[T]) -> None:
        self.holds = holds
        self.file: Path | None = None
        self.fingerprint = b""
        code = _checking_code()
        if code is None:  # no sources beside this module: nothing safe to key entries by
            return
        # A test may read with PyYAML's own parser instead of libyaml (yaml_reader.LOADER set to
        # PureSafeLoader): its entries are apart. Looked up, not imported: a warm start reads
        # no YAML, so whether the reader is loaded yet must not change the key.
        parser = getattr(sys.modules.get("quiz.banks.yaml_reader"), "LOADER", None)
        pure = getattr(parser, "__name__", "") == "PureSafeLoader"
        self.fingerprint = hashlib.sha256(
            repr((CACHE_FORMAT, kind, key, pure)).encode("utf-8") + code
        ).digest()
        self.file = cache_dir() / kind / f"{self.fingerprint.hex()[:32]}.pickle"

    def get(self) -> tuple[T, list[Problem]] | None:
        """The result and its problems as checked before, if none of its files has changed."""
        if self.file is None:
            return None
        try:
            with collector_paused():  # thousands of small objects, no cycles: as when reading
                entry = _CacheUnpickler(io.BytesIO(self.file.read_bytes())).load()
            form, fingerprint, paths, digest, value, problems = entry
            if form != CACHE_FORMAT or fingerprint != self.fingerprint:
                return None
            if _digest([Path(path) for path in paths]) != digest:
                return None  # a file changed since: never trust the old result
        except Exception:  # missing, unreadable or corrupt: check as if uncached
            return None
        if not isinstance(value, self.holds) or not isinstance(problems, list):
            return None
        return value, problems

    def put(self, value: T, problems: list[Problem], paths: Sequence[Path]) -> None:
        """Keep `value` and its problems (warnings only: it has no errors), read from `paths`."""
        if self.file is None:
            return
        try:
            entry = (CACHE_FORMAT, self.fingerprint, [str(path) for path in paths], _digest(paths), value, problems)
        except OSError:
            return  # a file went away since it was read
        temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(self.file)  # atomic: a quiz starting meanwhile never reads half
        except OSError:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass  # there is no folder to leave a part-written entry in


def bank_cache(path: Path, catalog: Catalog) -> CheckedCache[Bank]:
    """Where the bank at `path`, checked against `catalog`, is kept."""
    return CheckedCache("banks", (str(path), os.path.abspath(path), repr(catalog)), Bank)


def catalog_cache(folder: Path) -> CheckedCache[Catalog]:
    """Where the catalog of `folder` (its claim types and techniques) is kept."""
    return CheckedCache("catalogs", (str(folder), os.path.abspath(folder)), Catalog)


def _digest(paths: Sequence[Path]) -> str:
    """The files' bytes, hashed together (for a bank and its article: the bank's content hash)."""
    return hashlib.sha256(b"\0".join(path.read_bytes() for path in paths)).hexdigest()


@cache
def _checking_code() -> bytes | None:
    """The checking code's sources, hashed (None if any is missing)."""
    return source_digest(*_CHECKING_CODE)


class _CacheUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _CACHED_CLASSES:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a cached bank")
        return super().find_class(module, name)
