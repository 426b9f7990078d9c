"""Checked banks kept between runs, so that a warm start reads a pickle, not the YAML."""

from __future__ import annotations

import hashlib
import importlib
import io
import os
import pickle
from pathlib import Path
from typing import Any

import yaml

from quiz.banks.problems import Problem
from quiz.banks import yaml_reader
from quiz.banks.yaml_reader import collector_paused
from quiz.core.model import Bank, Catalog
from quiz.paths import cache_dir


CACHE_FORMAT = 4  # raised whenever what an entry holds changes shape
# What decides a check besides the two files' bytes and the catalog: the code that checks.
_CHECKING_CODE = (
    "quiz.banks.yaml_reader",
    "quiz.banks.yaml_errors",
    "quiz.banks.problems",
    "quiz.banks.fields",
    "quiz.banks.article",
    "quiz.banks.passages",
    "quiz.banks.items",
    "quiz.banks.bank",
    "quiz.core.model",
    "quiz.core.evidence",  # which cues cut a word (a warning)
    "quiz.terminal_text",
    "quiz.banks.sentences",
)
# The only classes an entry may hold. Anything else means the file is not one of ours, and it
# is not unpickled: a pickle can otherwise run code.
_CACHED_CLASSES = {
    ("quiz.core.model", "Bank"),
    ("quiz.core.model", "Article"),
    ("quiz.core.model", "Item"),
    ("quiz.core.model", "BankOptions"),
    ("quiz.core.model", "BankMode"),
    ("quiz.banks.problems", "Problem"),
    ("quiz.banks.problems", "Severity"),
    ("pathlib", "Path"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
}


class BankCache:
    """Checked banks kept between runs, so that starting again with a large bank is quick.

    An entry is named by what decides the result besides the files' bytes (the bank's path,
    the catalog, the checking code, PyYAML's version and parser) and used only when the
    content hash of the bank it holds is that of the bank and article files as they are now:
    an edited file is always read and checked again. Warnings are kept as codes and parameters and worded
    when shown, so an entry serves every language.
    Entries are written whole (renamed into place); an unreadable, corrupt or foreign entry
    is ignored and replaced, and a cache that cannot be written only costs time.
    """

    def __init__(self, path: Path, catalog: Catalog) -> None:
        self.path = path
        self.file: Path | None = None
        self.fingerprint = b""
        try:
            code = b"".join(
                hashlib.sha256(Path(importlib.import_module(name).__file__ or "").read_bytes()).digest()
                for name in _CHECKING_CODE
            )
        except OSError:  # no sources beside this module: nothing safe to key entries by
            return
        self.fingerprint = hashlib.sha256(
            repr(
                (
                    CACHE_FORMAT, str(path), os.path.abspath(path), repr(catalog), yaml.__version__,
                    yaml_reader.LOADER.__name__,
                )
            ).encode("utf-8")
            + code
        ).digest()
        self.file = cache_dir() / "banks" / f"{self.fingerprint.hex()[:32]}.pickle"

    def get(self) -> tuple[Bank, list[Problem]] | None:
        """The bank and its problems as checked before, if neither file has changed since."""
        if self.file is None:
            return None
        try:
            with collector_paused():  # thousands of small objects, no cycles: as in _read
                entry = _CacheUnpickler(io.BytesIO(self.file.read_bytes())).load()
            form, fingerprint, article_path, bank, problems = entry
            if form != CACHE_FORMAT or fingerprint != self.fingerprint:
                return None
            raw = self.path.read_bytes()
            article_raw = Path(article_path).read_bytes()
        except Exception:  # missing, unreadable or corrupt: check the bank as if uncached
            return None
        if not isinstance(bank, Bank) or not isinstance(problems, list):
            return None
        if hashlib.sha256(raw + b"\0" + article_raw).hexdigest() != bank.content_hash:
            return None  # a file changed since: never trust the old result
        return bank, problems

    def put(self, bank: Bank, problems: list[Problem], article_path: Path) -> None:
        """Keep `bank` and its problems (warnings only: it has no errors) for the next start."""
        if self.file is None:
            return
        entry = (CACHE_FORMAT, self.fingerprint, str(article_path), bank, problems)
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


class _CacheUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _CACHED_CLASSES:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a cached bank")
        return super().find_class(module, name)


