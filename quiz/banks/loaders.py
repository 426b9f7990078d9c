"""What a quiz loads to start: the banks there are, the catalog, a bank.

Each comes from the cache when its files are unchanged, so that a warm start imports neither
PyYAML nor the checking code; else it is read and checked (quiz.banks.catalog, .bank).
"""

from __future__ import annotations

from pathlib import Path

from quiz.banks.cache import bank_cache, catalog_cache
from quiz.banks.problems import ContentError
from quiz.core.model import Bank, Catalog
from quiz.paths import content_dir


def find_banks(folder: Path) -> list[Path]:
    """Every bank of a content folder (`<article-id>/bank.yaml`), sorted."""
    return sorted(folder.glob("*/bank.yaml"))


def load_catalog(folder: Path | None = None) -> Catalog:
    """The claim types and techniques (shipped ones unless `folder` is given).

    Raises ContentError listing every problem found.
    """
    folder = folder or content_dir()
    cache = catalog_cache(folder)
    cached = cache.get()
    if cached is not None:
        return cached[0]
    from quiz.banks.catalog import CLAIM_TYPES_FILE, TECHNIQUES_FILE, check_catalog

    catalog, problems = check_catalog(folder)
    if catalog is None:
        raise ContentError(problems)
    cache.put(catalog, problems, [folder / CLAIM_TYPES_FILE, folder / TECHNIQUES_FILE])
    return catalog


def load_bank(path: Path, catalog: Catalog) -> Bank:
    """The bank in `path` with its article, checked against the article and `catalog`.

    Raises ContentError listing every problem found, in file order.
    """
    cached = bank_cache(path, catalog).get()
    if cached is not None:
        return cached[0]
    from quiz.banks.bank import check_bank  # reads, checks and keeps it in the cache

    bank, problems = check_bank(path, catalog)
    if bank is None:
        raise ContentError(problems)
    return bank
