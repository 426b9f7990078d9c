"""The JSON Schemas editors use, written from the loader's own field tables.

`python -m quiz.banks.schemas` (or `make schemas`) writes `schemas/*.schema.json`; a test
fails when the committed files differ from what this module makes. Keys, required keys,
types, choices, ranges and the id pattern all come from the tables the loader checks, the
claim types and techniques from the shipped catalog. Rules a schema cannot express (a
passage word for word in its paragraph, unique ids …) are left to `media-quiz validate`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from quiz.banks.article import ARTICLE_FIELDS
from quiz.banks.bank import BANK_FIELDS, LANGUAGE_PATTERN
from quiz.banks.catalog import CLAIM_TYPES_FILE_FIELDS, TECHNIQUES_FILE_FIELDS
from quiz.banks.loaders import load_catalog
from quiz.banks.fields import ID_PATTERN, TODO, Field
from quiz.banks.yaml_reader import YamlList, YamlMap
from quiz.core.model import Catalog
from quiz.paths import schemas_dir

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_NOT_TODO = {"not": {"pattern": rf"^\s*{TODO}\s*$"}}
_TEXT_HINT = "write text here: not empty, and not the TODO left by new-bank"
# What editors show when a text does not match its pattern (an editor extension's keyword).
_HINTS = {LANGUAGE_PATTERN: "write a language code such as en, es or pt-BR"}

# What each file is, for editors: (schema name, title, description, its top-level table).
FILES = (
    (
        "article",
        "media-quiz article",
        "An article the quiz asks about: its metadata and body paragraphs, exactly as "
        "published. `media-quiz validate` checks the same rules and more.",
        ARTICLE_FIELDS,
    ),
    (
        "bank",
        "media-quiz question bank",
        "Passages from one article, each with the type of claim it makes. See AUTHORING.md; "
        "`media-quiz validate` checks these rules and the ones a schema cannot (passages word "
        "for word in the article, cues in their passage, unique ids).",
        BANK_FIELDS,
    ),
    (
        "claim_types",
        "media-quiz claim types",
        "The claim types the quiz teaches; their order is the order of the answer buttons.",
        CLAIM_TYPES_FILE_FIELDS,
    ),
    (
        "techniques",
        "media-quiz persuasion techniques",
        "The persuasion techniques a rhetoric item can name (SemEval-2020 Task 11).",
        TECHNIQUES_FILE_FIELDS,
    ),
)


def whole_match(pattern: re.Pattern[str]) -> str:
    """`pattern` as a JSON Schema pattern that must match the whole text, as `fullmatch` does.

    Not `^…$`: Python's `$` (the `jsonschema` package, and so the tests) also matches before
    a final newline, so an id written as `id: |` (“mini” and a line break) would pass there
    and fail `validate`. "Followed by nothing at all" means the same in every engine.
    """
    return rf"^(?:{pattern.pattern})(?![\s\S])"


class _Writer:
    """Builds one schema, collecting the shared definitions its properties refer to."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.defs: dict[str, Any] = {}

    def ref(self, name: str) -> dict[str, Any]:
        """A reference to the shared definition `name`, added to "$defs" on first use."""
        if name not in self.defs:
            self.defs[name] = self._shared(name)
        return {"$ref": f"#/$defs/{name}"}

    def _shared(self, name: str) -> dict[str, Any]:
        if name == "text":
            return {"type": "string", **_NOT_TODO}
        if name == "requiredText":
            return {"type": "string", "pattern": r"\S", **_NOT_TODO, "errorMessage": _TEXT_HINT}
        if name == "id":
            return {
                "type": "string",
                "pattern": whole_match(ID_PATTERN),
                **_NOT_TODO,
                "errorMessage": "write a short name: letters, digits, - and _ (like summit-suggests)",
            }
        if name == "nonBlank":
            return {"type": "string", "pattern": r"\S"}
        if name == "claimType":
            ids = list(self.catalog.type_ids)
            return {"enum": ids, "errorMessage": f"choose {', '.join(ids[:-1])} or {ids[-1]}"}
        if name == "technique":
            return {
                "enum": [t.id for t in self.catalog.techniques],
                "description": "The SemEval-2020 persuasion technique (content/techniques.yaml).",
            }
        raise KeyError(f"no shared schema definition named {name!r}")

    def mapping(self, fields: dict[str, Field]) -> dict[str, Any]:
        """An object with exactly the keys of `fields`."""
        schema: dict[str, Any] = {"type": "object", "additionalProperties": False}
        required = [key for key, field in fields.items() if field.required]
        if required:
            schema["required"] = required
        schema["properties"] = {key: self.value(field) for key, field in fields.items()}
        if fields.get("technique") and fields.get("answer"):
            # An item's one rule across keys: rhetoric names its technique.
            schema["if"] = {"properties": {"answer": {"const": "rhetoric"}}, "required": ["answer"]}
            schema["then"] = {"required": ["technique"]}
        return schema

    def value(self, field: Field) -> dict[str, Any]:
        """The schema of one key's value."""
        if field.kind is YamlMap:
            schema = self.mapping(field.fields or {})
        elif field.kind is YamlList:
            schema = {"type": "array"}
            if field.min_entries:
                schema["minItems"] = field.min_entries
            if field.unique_entries:
                schema["uniqueItems"] = True
            schema["items"] = self._entry(field)
        else:
            schema = self._scalar(field)
        if field.description:
            schema["description"] = field.description
        if field.schema_def and field.kind is YamlMap:
            self.defs[field.schema_def] = schema  # shared by name, as editors show it
            return {"$ref": f"#/$defs/{field.schema_def}"}
        return schema

    def _entry(self, field: Field) -> dict[str, Any]:
        """The schema of each entry of a list."""
        if field.fields is None:
            return self._catalog_ref(field.catalog) if field.catalog else self.ref("nonBlank")
        entry = self.mapping(field.fields)
        if not field.schema_def:
            return entry
        self.defs[field.schema_def] = entry
        return {"$ref": f"#/$defs/{field.schema_def}"}

    def _scalar(self, field: Field) -> dict[str, Any]:
        if field.catalog:
            return self._catalog_ref(field.catalog)
        kinds = field.kind if isinstance(field.kind, tuple) else (field.kind,)
        if field.choices:
            # A switch takes true/false and its words (on/off): YAML 1.2 editors read on as text.
            return {"enum": ([True, False] if bool in kinds else []) + list(field.choices)}
        if float in kinds:
            schema: dict[str, Any] = {"type": "number"}
        elif kinds == (int,):
            schema = {"type": "integer"}
        elif kinds == (bool,):
            schema = {"type": "boolean"}
        elif field.pattern is not None:
            schema = {"type": "string", "pattern": whole_match(field.pattern)}
            if field.pattern in _HINTS:
                schema["errorMessage"] = _HINTS[field.pattern]
        elif field.is_id:
            return self.ref("id")
        else:
            return self.ref("requiredText" if field.required else "text")
        if field.minimum is not None:
            schema["minimum"] = _number(field.minimum)
        if field.maximum is not None:
            schema["maximum"] = _number(field.maximum)
        return schema

    def _catalog_ref(self, catalog: str) -> dict[str, Any]:
        return self.ref({"types": "claimType", "techniques": "technique"}[catalog])


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def schema(name: str, catalog: Catalog | None = None) -> dict[str, Any]:
    """The JSON Schema of the content file kind `name` ("bank", "article" …)."""
    [(title, description, fields)] = [(t, d, f) for n, t, d, f in FILES if n == name]
    writer = _Writer(catalog or load_catalog())
    body = writer.mapping(fields)
    result: dict[str, Any] = {"$schema": DIALECT, "title": title, "description": description, **body}
    if writer.defs:
        result["$defs"] = writer.defs
    return result


def schema_text(name: str, catalog: Catalog | None = None) -> str:
    """The file `schemas/<name>.schema.json` as it should be."""
    return json.dumps(schema(name, catalog), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path | None = None) -> list[Path]:
    """Write every schema into `folder` (the shipped schemas folder); the files written."""
    folder = folder or schemas_dir()
    catalog = load_catalog()
    written = []
    for name, *_rest in FILES:
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(name, catalog), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(path)
