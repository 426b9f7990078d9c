"""The catalog: the claim types and persuasion techniques every bank is checked against."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from quiz.banks.fields import ID, REQUIRED_TEXT, Field, FileChecker, entries_of
from quiz.banks.problems import Problem
from quiz.banks.yaml_reader import Mark, YamlList
from quiz.core.model import Catalog, ClaimType, Technique
from quiz.i18n import N_
from quiz.paths import content_dir


def _check_definitions(
    path: Path, file_fields: dict[str, Field], make: Callable[..., Any], what: str
) -> tuple[tuple[Any, ...] | None, list[Problem]]:
    """The definitions in `path` (None when it has errors) and every problem found."""
    [(top_key, listed)] = file_fields.items()
    spec = listed.fields or {}
    checker, root, _raw = FileChecker.read(path, N_("the file"))
    records = []
    if root is not None:
        entries = checker.fields(root, file_fields, N_("the file"))
        seen: dict[str, Mark] = {}
        for entry, mark in entries_of(entries.get(top_key)):
            mapping = checker.mapping(entry, mark, what)
            if mapping is None:
                continue
            fields = checker.fields(mapping, spec, what)
            entry_id = fields.get("id")
            if entry_id in seen:
                checker.error(
                    mapping.value_marks["id"], "duplicate-id", id=entry_id, line=seen[entry_id][0]
                )
            elif entry_id:
                seen[entry_id] = mapping.value_marks["id"]
            if len(fields) == len(spec):
                records.append(make(**fields))
    if checker.has_errors:
        return None, checker.sorted_problems()
    return tuple(records), checker.sorted_problems()


CLAIM_TYPE_FIELDS = {
    "id": ID,
    "name": REQUIRED_TEXT,
    "key": REQUIRED_TEXT,
    "definition": REQUIRED_TEXT,
    "example": REQUIRED_TEXT,
}
TECHNIQUE_FIELDS = {
    "id": ID,
    "name": REQUIRED_TEXT,
    "definition": REQUIRED_TEXT,
    "example": REQUIRED_TEXT,
}
# Each file is one list of definitions, under this key (the key names the file's kind).
CLAIM_TYPES_FILE_FIELDS = {
    "types": Field(YamlList, required=True, fields=CLAIM_TYPE_FIELDS, min_entries=1)
}
TECHNIQUES_FILE_FIELDS = {
    "techniques": Field(YamlList, required=True, fields=TECHNIQUE_FIELDS, min_entries=1)
}
CLAIM_TYPES_FILE = "claim_types.yaml"
TECHNIQUES_FILE = "techniques.yaml"


def check_claim_types(path: Path) -> tuple[tuple[ClaimType, ...] | None, list[Problem]]:
    return _check_definitions(path, CLAIM_TYPES_FILE_FIELDS, ClaimType, N_("a claim type"))


def check_techniques(path: Path) -> tuple[tuple[Technique, ...] | None, list[Problem]]:
    return _check_definitions(path, TECHNIQUES_FILE_FIELDS, Technique, N_("a technique"))


def check_catalog(folder: Path | None = None) -> tuple[Catalog | None, list[Problem]]:
    """The claim types and techniques (None if either file has errors) and every problem."""
    folder = folder or content_dir()
    claim_types, type_problems = check_claim_types(folder / CLAIM_TYPES_FILE)
    techniques, technique_problems = check_techniques(folder / TECHNIQUES_FILE)
    problems = type_problems + technique_problems
    if claim_types is None or techniques is None:
        return None, problems
    return Catalog(claim_types=claim_types, techniques=techniques), problems
