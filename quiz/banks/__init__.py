"""Question banks: the YAML teachers write, read with positions, checked, cached and scaffolded.

The names below are the package's public face for the front ends. Each is imported on first
use, so that `import quiz.banks.<module>` stays as cheap as that module (start-up is timed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.lazy_names import lazy_names

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

__getattr__ = lazy_names(__name__, _PUBLIC)
