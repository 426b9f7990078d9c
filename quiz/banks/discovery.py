"""Finding content files, telling what each is, and the checks `validate` runs across files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from quiz.banks import yaml_reader
from quiz.banks.article import check_article
from quiz.banks.bank import bank_article_path, check_bank
from quiz.banks.catalog import check_claim_types, check_techniques
from quiz.banks.problems import Problem
from quiz.banks.yaml_reader import MAX_FILE_BYTES, FastSafeLoader, YamlMap
from quiz.core.model import Catalog
from quiz.i18n import _



def find_banks(folder: Path) -> list[Path]:
    """Every bank of a content folder (`<article-id>/bank.yaml`), sorted."""
    return sorted(folder.glob("*/bank.yaml"))


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


def check_file(path: Path, catalog: Catalog | None) -> tuple[list[Path], list[Problem]]:
    """Check one content file of any kind: the files read and every problem found.

    A bank is checked with its article (so both files are returned). `catalog` is None when
    the claim types or techniques themselves have errors: banks are then not checked.
    """
    value, _raw, problems = yaml_reader.read_document(path)
    if value is None and problems:
        return [path], problems
    if value is None:
        return [path], [
            Problem(path, 1, 1, "error", _("the file is empty; see AUTHORING.md for what goes in it"))
        ]
    kind = content_kind(value, path)
    if kind == "bank":
        if catalog is None:
            return [path], [
                Problem(path, 1, 1, "error",
                        _("not checked: the claim types or techniques have errors; fix those first"))
            ]
        _bank, problems = check_bank(path, catalog)
        files = [path]
        if isinstance(value, dict) and isinstance(value.get("article"), str):
            article = bank_article_path(path, value["article"])
            if article.is_file():
                files.insert(0, article)
        return files, problems
    if kind == "article":
        return [path], check_article(path)[1]
    if kind == "claim_types":
        return [path], check_claim_types(path)[1]
    if kind == "techniques":
        return [path], check_techniques(path)[1]
    return [path], [
        Problem(
            path, 1, 1, "error",
            _("cannot tell what this file is: a bank has “items”, an article has “paragraphs”"),
        )
    ]


def check_bank_ids(paths: list[Path]) -> list[Problem]:
    """Banks among `paths` that take the id of one before them (scores are kept by bank id).

    A bank copied to start another keeps its id until it is changed; the two would then
    share their learners' history, resume and review. Reads each file again: for `validate`
    when it checks more than one file.
    """
    banks = []
    for path in paths:
        value = yaml_reader.read_document(path)[0]
        if isinstance(value, YamlMap) and content_kind(value, path) == "bank":
            banks.append((path, value))
    if len(banks) < 2:
        return []
    first: dict[str, Path] = {}
    problems = []
    for path, value in banks:
        bank_id = value.get("id")
        if not isinstance(bank_id, str):
            continue  # reported with the bank's own problems
        if bank_id in first:
            line, column = value.value_marks.get("id", value.mark)
            problems.append(Problem(
                path, line, column, "error",
                _("the bank id “{id}” is also the id of {other}; scores of the two would be mixed, "
                  "so give this bank an id of its own").format(id=bank_id, other=first[bank_id]),
            ))
        else:
            first[bank_id] = path
    return problems


def bank_title(path: Path) -> str:
    """A bank's title for a picker, read quickly without checking the bank (its id if untitled)."""
    try:
        data = yaml.load(path.read_bytes()[:MAX_FILE_BYTES], Loader=FastSafeLoader)
    except (OSError, yaml.YAMLError):
        return str(path)
    if isinstance(data, dict):
        return str(data.get("title") or data.get("id") or path.parent.name)
    return str(path)
