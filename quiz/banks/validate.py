"""`media-quiz validate`: check articles and banks the way the quiz loads them.

Each problem is printed as one line, `FILE:LINE:COL: error|warning: message`, then a summary
line. The checks are the loader's own (`quiz.banks.discovery.check_file`): a bank that validates
clean is a bank the quiz plays. Exit status: 0 clean (warnings allowed), 1 errors, 2 a path
that does not exist.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from quiz.i18n import _, ngettext
from quiz.banks.catalog import CLAIM_TYPES_FILE, TECHNIQUES_FILE, check_catalog
from quiz.banks.discovery import BankId, FileCheck, check_bank_ids, check_file
from quiz.banks.problems import Problem
from quiz.paths import content_dir

POLL_SECONDS = 1.0
EXIT_CLEAN, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A path given on the command line cannot be checked at all."""


def content_files(folder: Path) -> list[Path]:
    """The YAML files of a content folder: those in it, then those in its sub-folders.

    One level down is the content layout (`<article-id>/article.yaml`, `…/bank.yaml`).
    """
    found = {
        path
        for pattern in ("*.yaml", "*.yml", "*/*.yaml", "*/*.yml")
        for path in folder.glob(pattern)
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    }
    return sorted(found, key=lambda path: (path.parent != folder, path))


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = content_files(path)
            if not inside:
                raise UsageError(
                    _("{path}: no YAML files in this folder or its sub-folders").format(path=path)
                )
            files.extend(inside)
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(_("{path}: no such file or folder").format(path=path))
    return files


def _shown(path: Path) -> Path:
    """`path` relative to the current folder when it is inside it: shorter, still clickable."""
    try:
        return Path(os.path.relpath(path, Path.cwd())) if path.is_relative_to(Path.cwd()) else path
    except ValueError:
        return path


def check_paths(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Check every content file named or inside a named folder: the files read and the problems.

    Each file is checked once, even when it is named and is also a bank's article; its
    problems come together, in the order of the file. Raises UsageError for a missing path.
    """
    files = _expand(paths)
    catalog, catalog_problems = check_catalog()
    by_file: dict[Path, list[Problem]] = {}
    read: dict[Path, Path] = {}

    def add(path: Path, problems: list[Problem]) -> None:
        key = path.resolve()
        read.setdefault(key, path)
        known = by_file.setdefault(key, [])
        known.extend(p for p in problems if p not in known)

    if catalog is None:
        # The banks cannot be checked without the definitions: say where those are broken.
        for problem in catalog_problems:
            add(problem.path, [problem])
    bank_ids: list[BankId] = []
    for path in files:
        if path.resolve() in read:
            continue
        try:
            checked = check_file(path, catalog)
        except Exception as error:  # noqa: BLE001 - a teacher gets a line, never a traceback
            crash = Problem.at(path, 1, 1, "check-crashed", error=f"{type(error).__name__}: {error}")
            checked = FileCheck([path], [crash])
        for file in checked.files:
            add(file, [])
        for problem in checked.problems:
            add(problem.path, [problem])
        if checked.bank_id is not None:
            bank_ids.append(checked.bank_id)
    for problem in check_bank_ids(bank_ids):
        add(problem.path, [problem])
    ordered = [p for key in read for p in sorted(by_file[key], key=lambda p: (p.line, p.column))]
    return list(read.values()), ordered


def summary(problems: list[Problem], files: int) -> str:
    """"2 errors, 1 warning in 3 files", or "no problems in 3 files"."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    in_files = ngettext("{count} file", "{count} files", files).format(count=files)
    if not problems:
        return _("no problems in {files}").format(files=in_files)
    return _("{errors}, {warnings} in {files}").format(
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
        files=in_files,
    )


def _run(paths: list[Path]) -> tuple[int, list[Path]]:
    """Check and print once: the exit status and the files read."""
    try:
        files, problems = check_paths(paths)
    except UsageError as error:
        print(_("media-quiz validate: {message}").format(message=error), file=sys.stderr, flush=True)
        return EXIT_USAGE, []
    for problem in problems:
        print(problem)
    print(summary(problems, len(files)), flush=True)
    return (EXIT_ERRORS if any(p.severity == "error" for p in problems) else EXIT_CLEAN), files


def _snapshot(paths: list[Path], files: list[Path]) -> dict[Path, tuple[int, int] | None]:
    """When each watched file last changed (None if it is gone); new files in folders count."""
    try:
        watched = set(files) | set(_expand(paths))
    except UsageError:
        watched = set(files)
    watched |= {content_dir() / CLAIM_TYPES_FILE, content_dir() / TECHNIQUES_FILE}
    stamps: dict[Path, tuple[int, int] | None] = {}
    for path in watched:
        try:
            stat = path.stat()
            stamps[path.resolve()] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamps[path.resolve()] = None
    return stamps


def _watch(paths: list[Path], status: int, files: list[Path]) -> int:
    """Check again whenever a file changes, until Ctrl+C; the last run's exit status."""
    print(_("watching for changes; press Ctrl+C to stop"), file=sys.stderr, flush=True)
    # Polling, not OS file events: no extra dependency, and a second is quick enough
    # between saving in the editor and looking at the terminal.
    before = _snapshot(paths, files)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = _snapshot(paths, files)
            if now != before:
                print()
                print(
                    _("— {time}: a file changed, checking again —").format(
                        time=time.strftime("%H:%M:%S")
                    ),
                    flush=True,
                )
                status, files = _run(paths)
                before = _snapshot(paths, files)
    except KeyboardInterrupt:
        print(_("stopped watching"), file=sys.stderr)
    return status


def main(paths: list[str], watch: bool = False) -> int:
    """The `validate` command: check `paths` (default: the shipped content); the exit status.

    With `watch`, keep checking again after every change until Ctrl+C.
    """
    targets = [Path(p) for p in paths] or [_shown(content_dir())]
    try:
        status, files = _run(targets)
        if watch and status != EXIT_USAGE:
            status = _watch(targets, status, files)
    except KeyboardInterrupt:  # Ctrl+C during the first check: stop quietly, as a shell expects
        return 130
    return status
