"""Question banks: the YAML teachers write, read with positions, checked, cached and scaffolded.

The names below are the package's public face for the front ends. Each is imported on first
use, so that `import quiz.banks.<module>` stays as cheap as that module (start-up is timed).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.banks.article import load_article
    from quiz.banks.bank import check_bank
    from quiz.banks.catalog import check_catalog
    from quiz.banks.discovery import bank_title, check_file
    from quiz.banks.loaders import find_banks, load_bank, load_catalog
    from quiz.banks.problems import ContentError, Problem

# Each public name and the module that defines it.
_PUBLIC = {
    "ContentError": "quiz.banks.problems",
    "Problem": "quiz.banks.problems",
    "load_article": "quiz.banks.article",
    "check_bank": "quiz.banks.bank",
    "load_bank": "quiz.banks.loaders",
    "check_catalog": "quiz.banks.catalog",
    "load_catalog": "quiz.banks.loaders",
    "bank_title": "quiz.banks.discovery",
    "check_file": "quiz.banks.discovery",
    "find_banks": "quiz.banks.loaders",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    """A public name, imported from its module the first time it is asked for."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'quiz.banks' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value
