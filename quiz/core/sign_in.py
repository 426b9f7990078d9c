"""Signing in under `media-quiz serve`: what a name needs before its scores show, and what a
learner is told when it fails.

In a served class each browser session is its own student: no name is offered or remembered
across sessions, and a learner's history, resume and practice show only once they have
signed in with their PIN (chosen at their first sign-in) or, with a teacher's class list, with
their code. `QuizRun` applies the rule (`sign_in_need`, `choose_pin`, `sign_in_with_secret`);
the front end asks for what is needed and shows `SignInResult.problem`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from quiz.i18n import _, ngettext

if TYPE_CHECKING:
    from quiz.scores.records import Learner, SecretCheck


class SignInNeed(StrEnum):
    """What a name needs before its learner is signed in."""

    NOTHING = "nothing"  # the terminal quiz, a name given with --learner, or signed in already
    CHOOSE_PIN = "choose pin"  # first sign-in under serve: choose a PIN, typed twice
    PIN = "pin"  # the PIN chosen before
    CODE = "code"  # the code on the teacher's class list
    NOT_LISTED = "not listed"  # a class list without this name: nobody signs in as it


@dataclass(frozen=True)
class SignInResult:
    learner: Learner | None  # signed in, or None with the problem
    problem: str | None = None  # in words for the learner

    @property
    def signed_in(self) -> bool:
        return self.learner is not None


def wait_text(seconds: int) -> str:
    """How long to wait before another try, in seconds, or whole minutes from two minutes on."""
    if seconds < 120:
        return ngettext(
            "Too many wrong tries for this name: try again in {count} second.",
            "Too many wrong tries for this name: try again in {count} seconds.",
            seconds,
        ).format(count=seconds)
    minutes = -(-seconds // 60)
    return ngettext(
        "Too many wrong tries for this name: try again in {count} minute.",
        "Too many wrong tries for this name: try again in {count} minutes.",
        minutes,
    ).format(count=minutes)


def wrong_secret_text(check: SecretCheck, *, code: bool) -> str:
    """What a learner reads after a wrong PIN or code: how many tries are left, or the wait."""
    if check.wait_seconds:
        return wait_text(check.wait_seconds)
    if code:
        return ngettext(
            "That is not your code. {count} more try before a wait.",
            "That is not your code. {count} more tries before a wait.",
            check.tries_left,
        ).format(count=check.tries_left)
    return ngettext(
        "That is not your PIN. {count} more try before a wait.",
        "That is not your PIN. {count} more tries before a wait.",
        check.tries_left,
    ).format(count=check.tries_left)


def not_listed_text() -> str:
    return _("This name is not on the class list. Type it as your teacher wrote it, or ask them.")


def no_pin_yet_text() -> str:
    return _("This name has no PIN now (a teacher may have reset it): choose one.")


def pins_differ_text() -> str:
    return _("The two PINs differ: type the same PIN twice.")


def pin_chosen_meanwhile_text() -> str:
    return _("A PIN was chosen for this name in another window just now: type that PIN.")
