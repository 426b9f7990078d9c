"""Where the shipped content and translations live, installed or in a checkout; where caches
and scores go."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    # A wheel carries the folders inside the package; a checkout keeps them at the top level.
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def content_dir() -> Path:
    """The folder of shipped articles, banks and definitions."""
    return _shipped("content")


def locales_dir() -> Path:
    """The folder of gettext catalogs (`<lang>/LC_MESSAGES/<domain>.po`)."""
    return _shipped("locales")


def schemas_dir() -> Path:
    """The folder of JSON Schemas for article and bank files (for editors and tests)."""
    return _shipped("schemas")


def default_bank_path() -> Path:
    """The bank played when none is named: the shipped "Totalitarians Inc." bank."""
    return content_dir() / "totalitarians-inc" / "bank.yaml"


def cache_dir() -> Path:
    """Where work that can be redone is kept between runs (compiled catalogs, checked banks).

    $MEDIA_QUIZ_CACHE_DIR when set, else the system's cache folder for media-quiz.
    """
    override = os.environ.get("MEDIA_QUIZ_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir  # only when needed: it is not free at start-up

    return Path(user_cache_dir("media-quiz"))


SCORES_FILE = "scores.sqlite3"
DATA_DIR_VARIABLE = "MEDIA_QUIZ_DATA_DIR"


def data_dir(explicit: Path | None = None) -> Path:
    """The folder for scores: `explicit`, else $MEDIA_QUIZ_DATA_DIR, else the user data folder."""
    if explicit is not None:
        return Path(explicit).expanduser()
    from_environment = os.environ.get(DATA_DIR_VARIABLE)
    if from_environment:
        return Path(from_environment).expanduser()
    import platformdirs  # only when needed: it is not free at start-up

    # No "author" folder: on Windows that would give media-quiz\media-quiz.
    return Path(platformdirs.user_data_dir("media-quiz", appauthor=False))


def source_digest(*modules: str) -> bytes | None:
    """The sources of `modules` hashed together, found without importing them: what keys a
    cache entry to the code that made it. None when a source is missing (an install with
    compiled files only), so nothing is cached that could not be told apart."""
    digest = hashlib.sha256()
    try:
        for name in modules:
            spec = importlib.util.find_spec(name)
            if spec is None or spec.origin is None:
                return None
            digest.update(Path(spec.origin).read_bytes())
    except (OSError, ImportError, ValueError):
        return None
    return digest.digest()
