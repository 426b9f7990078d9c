"""Finding content files, telling what each is, and the checks `validate` runs across files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from quiz.banks import yaml_reader
from quiz.banks.article import check_article
from quiz.banks.bank import bank_article_path, check_bank
from quiz.banks.catalog import check_claim_types, check_techniques
from quiz.banks.problems import Problem
from quiz.banks.yaml_reader import MAX_FILE_BYTES, FastSafeLoader, Mark, YamlMap
from quiz.core.model import Catalog


def content_kind(value: Any, path: Path) -> str | None:
    """What a content file is — "bank", "article", "claim_types", "techniques" — or None.

    Told by the keys it has, so that a bank can have any file name; by the file name when
    its keys are too broken to tell.
    """
    if isinstance(value, dict):
        if "items" in value or "article" in value:
            return "bank"
        if "paragraphs" in value:
            return "article"
        if "types" in value:
            return "claim_types"
        if "techniques" in value:
            return "techniques"
    name = path.name.lower()
    for kind, hint in (("bank", "bank"), ("article", "article"), ("claim_types", "claim_types"),
                       ("techniques", "techniques")):
        if hint in name:
            return kind
    return None


@dataclass(frozen=True)
class BankId:
    """A bank's id and where it stands in the bank file, kept for `check_bank_ids`."""

    path: Path
    id: str
    mark: Mark


@dataclass(frozen=True)
class FileCheck:
    """What `check_file` found in one content file."""

    files: list[Path]  # the files read: a bank's article first, then the bank
    problems: list[Problem]
    bank_id: BankId | None = None  # for a bank whose id is text


def check_file(path: Path, catalog: Catalog | None) -> FileCheck:
    """Check one content file of any kind: the files read, every problem found, a bank's id.

    A bank is checked with its article (so both files are given). `catalog` is None when
    the claim types or techniques themselves have errors: banks are then not checked.
    """
    value, _raw, problems = yaml_reader.read_document(path)
    if value is None and problems:
        return FileCheck([path], problems)
    if value is None:
        return FileCheck([path], [Problem.at(path, 1, 1, "empty-file")])
    kind = content_kind(value, path)
    if kind == "bank":
        bank_id = None
        if isinstance(value, YamlMap) and isinstance(value.get("id"), str):
            bank_id = BankId(path, value["id"], value.value_marks.get("id", value.mark))
        if catalog is None:
            return FileCheck([path], [Problem.at(path, 1, 1, "catalog-has-errors")], bank_id)
        _bank, problems = check_bank(path, catalog)
        files = [path]
        if isinstance(value, dict) and isinstance(value.get("article"), str):
            article = bank_article_path(path, value["article"])
            if article.is_file():
                files.insert(0, article)
        return FileCheck(files, problems, bank_id)
    if kind == "article":
        return FileCheck([path], check_article(path)[1])
    if kind == "claim_types":
        return FileCheck([path], check_claim_types(path)[1])
    if kind == "techniques":
        return FileCheck([path], check_techniques(path)[1])
    return FileCheck([path], [Problem.at(path, 1, 1, "unknown-file-kind")])


def check_bank_ids(banks: list[BankId]) -> list[Problem]:
    """Banks that take the id of one before them in `banks` (scores are kept by bank id).

    A bank copied to start another keeps its id until it is changed; the two would then
    share their learners' history, resume and review. The ids are those `check_file` read,
    so no file is read again.
    """
    first: dict[str, Path] = {}
    problems = []
    for bank in banks:
        if bank.id in first:
            line, column = bank.mark
            problems.append(Problem.at(bank.path, line, column, "shared-bank-id", id=bank.id, other=first[bank.id]))
        else:
            first[bank.id] = bank.path
    return problems


def bank_titles(paths: list[Path]) -> dict[str, str]:
    """Each bank's title by its id (its id where untitled), for a report; unreadable files left out."""
    titles = {}
    for path in paths:
        try:
            data = yaml.load(path.read_bytes()[:MAX_FILE_BYTES], Loader=FastSafeLoader)
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            titles[data["id"]] = str(data.get("title") or data["id"])
    return titles


def bank_title(path: Path) -> str:
    """A bank's title for a picker, read quickly without checking the bank (its id if untitled)."""
    try:
        data = yaml.load(path.read_bytes()[:MAX_FILE_BYTES], Loader=FastSafeLoader)
    except (OSError, yaml.YAMLError):
        return str(path)
    if isinstance(data, dict):
        return str(data.get("title") or data.get("id") or path.parent.name)
    return str(path)
