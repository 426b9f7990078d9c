"""A learner's name: how it is written down, how long it may be, when two are one person."""

from __future__ import annotations

from quiz.i18n import _
from quiz.terminal_text import one_line

NAME_MAX = 60  # characters: a name fits the start screen's field and every table


def clean_name(name: str) -> str:
    """`name` as stored: Unicode-normalised, trimmed, inner runs of spaces made single.

    "José" typed with a combining accent and "José" typed precomposed are then one learner.
    """
    cleaned = one_line(name)  # control characters shown as symbols, never sent to a terminal
    if not cleaned:
        raise ValueError(_("A learner's name cannot be empty."))
    if len(cleaned) > NAME_MAX:
        raise ValueError(_("A learner's name can have at most {count} characters.").format(count=NAME_MAX))
    return cleaned


def name_key(name: str) -> str:
    """What two spellings of one learner's name share: "José", "JOSÉ" and "josé" are one.

    Full Unicode case folding (SQLite's NOCASE folds ASCII letters only).
    """
    return clean_name(name).casefold()
