"""Parallel forms for a pre-test and a post-test, and which form a learner takes first.

**The rule that divides a bank** (`assign_forms`). Items with `form: a` or `form: b` keep it.
The others are grouped into cells by (claim type, difficulty); within a cell they are sorted by
paragraph, then id (as a person counts: p2 before p10), and dealt out A, B, A, B …, so that
neighbouring passages of the article go to different forms. A cell with an odd number of items
leaves one item over; the leftovers are then placed together, in the first way (of all the ways
of placing them, tried in a fixed order: Gray-code order, all in B first) that makes the forms
most even: first the largest difference between the forms in any claim type, then in any
difficulty, then in the total.
Without `form:` lines the forms then differ by at most one item in every type, every difficulty
and in all (for two groupings at once this is always possible: it is a balanced two-colouring
of the bipartite graph of odd cells). The same bank always divides the same way.

**Counterbalancing** (`pre_test_form`). Which form is a learner's pre-test is decided by a
stable hash (SHA-256) of their name as the score store knows it (quiz.scores.names.name_key:
"José" and "JOSÉ" are one learner): an even first byte takes A first, an odd one B first. The
post-test is the other form. Over a class, about half take A then B and half B then A, so a
form that is a little harder than the other weighs on pre and post alike.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.core.model import DIFFICULTIES, Item

FORMS = ("a", "b")
TESTS = ("pre", "post")
# Past this many leftovers, trying every placement would be slow: they go one by one instead,
# each where it evens things most (4 types × 3 difficulties make 12 at most).
EXHAUSTIVE_UP_TO = 14


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def assign_forms(items: Sequence[Item]) -> dict[str, str]:
    """Each item's form ("a" or "b") by id, following the rule in this module's docstring."""
    forms: dict[str, str] = {item.id: item.form for item in items if item.form in FORMS}
    cells: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        if item.id not in forms:
            cells.setdefault((item.answer, item.difficulty), []).append(item)
    leftovers: list[Item] = []
    for key in sorted(cells, key=_cell_order):
        cell = sorted(cells[key], key=lambda item: (item.paragraph, _natural(item.id)))
        pairs = len(cell) - len(cell) % 2
        for position, item in enumerate(cell[:pairs]):
            forms[item.id] = FORMS[position % 2]
        if pairs < len(cell):
            leftovers.append(cell[-1])
    if not leftovers:
        return forms
    placed = {item.id: form for item, form in _place_leftovers(items, forms, leftovers)}
    forms.update(placed)
    return forms


def _cell_order(key: tuple[str, str]) -> tuple[str, int]:
    kind, difficulty = key
    return kind, DIFFICULTIES.index(difficulty) if difficulty in DIFFICULTIES else len(DIFFICULTIES)


def _place_leftovers(
    items: Sequence[Item], forms: dict[str, str], leftovers: list[Item]
) -> list[tuple[Item, str]]:
    base = FormBalance.of((item, forms[item.id]) for item in items if item.id in forms)
    if len(leftovers) > EXHAUSTIVE_UP_TO:
        chosen: list[tuple[Item, str]] = []
        for item in leftovers:
            best = min(FORMS, key=lambda form: _unevenness(base, chosen + [(item, form)]))
            chosen.append((item, best))
        return chosen
    # Every placement, in Gray-code order (one leftover changes form at each step, so each
    # step is a few additions): A − B per type, per difficulty and in all.
    kinds = sorted({item.answer for item in items})
    levels = sorted({item.difficulty for item in items})
    by_kind = [base.by_type.get(kind, (0, 0)) for kind in kinds]
    by_level = [base.by_difficulty.get(level, (0, 0)) for level in levels]
    kind_diff = [a - b for a, b in by_kind]
    level_diff = [a - b for a, b in by_level]
    total = base.total_difference
    where = [(kinds.index(item.answer), levels.index(item.difficulty)) for item in leftovers]
    for k, level in where:  # all in B to begin with
        kind_diff[k] -= 1
        level_diff[level] -= 1
        total -= 1
    in_a = [False] * len(leftovers)
    best_score = (max(map(abs, kind_diff)), max(map(abs, level_diff)), abs(total))
    best = list(in_a)
    for step in range(1, 2 ** len(leftovers)):
        flipped = (step & -step).bit_length() - 1  # the bit that changes between step − 1 and step
        in_a[flipped] = not in_a[flipped]
        change = 2 if in_a[flipped] else -2
        k, level = where[flipped]
        kind_diff[k] += change
        level_diff[level] += change
        total += change
        score = (max(map(abs, kind_diff)), max(map(abs, level_diff)), abs(total))
        if score < best_score:
            best_score, best = score, list(in_a)
    return [(item, "a" if placed else "b") for item, placed in zip(leftovers, best)]


def _unevenness(base: FormBalance, extra: Iterable[tuple[Item, str]]) -> tuple[int, int, int]:
    balance = base.plus(extra)
    return balance.worst_type, balance.worst_difficulty, abs(balance.total_difference)


@dataclass(frozen=True)
class FormBalance:
    """How many items of each claim type and difficulty each form holds."""

    by_type: dict[str, tuple[int, int]]  # type -> (in A, in B)
    by_difficulty: dict[str, tuple[int, int]]
    total: tuple[int, int]

    @classmethod
    def of(cls, placed: Iterable[tuple[Item, str]]) -> FormBalance:
        """The balance of (item, form) pairs."""
        return cls({}, {}, (0, 0)).plus(placed)

    def plus(self, placed: Iterable[tuple[Item, str]]) -> FormBalance:
        by_type = dict(self.by_type)
        by_difficulty = dict(self.by_difficulty)
        a_total, b_total = self.total
        for item, form in placed:
            step = (1, 0) if form == "a" else (0, 1)
            a, b = by_type.get(item.answer, (0, 0))
            by_type[item.answer] = (a + step[0], b + step[1])
            a, b = by_difficulty.get(item.difficulty, (0, 0))
            by_difficulty[item.difficulty] = (a + step[0], b + step[1])
            a_total, b_total = a_total + step[0], b_total + step[1]
        return FormBalance(by_type, by_difficulty, (a_total, b_total))

    @property
    def worst_type(self) -> int:
        return max((abs(a - b) for a, b in self.by_type.values()), default=0)

    @property
    def worst_difficulty(self) -> int:
        return max((abs(a - b) for a, b in self.by_difficulty.values()), default=0)

    @property
    def total_difference(self) -> int:
        """Items in A minus items in B."""
        return self.total[0] - self.total[1]

    def uneven(self) -> list[tuple[str, str, int]]:
        """Each grouping where the forms differ by more than one item, as
        ("type" | "difficulty" | "total", its id ("" for the total), A minus B)."""
        found = [("type", kind, a - b) for kind, (a, b) in sorted(self.by_type.items()) if abs(a - b) > 1]
        found += [
            ("difficulty", level, a - b)
            for level, (a, b) in sorted(self.by_difficulty.items(), key=lambda pair: _cell_order(("", pair[0])))
            if abs(a - b) > 1
        ]
        if abs(self.total_difference) > 1:
            found.append(("total", "", self.total_difference))
        return found


def form_balance(items: Sequence[Item]) -> FormBalance:
    """How the bank's forms compare, type by type and difficulty by difficulty."""
    forms = assign_forms(items)
    return FormBalance.of((item, forms[item.id]) for item in items)


def form_items(items: Sequence[Item], form: str) -> list[Item]:
    """The items of `form` ("a" or "b"), in bank order."""
    forms = assign_forms(items)
    return [item for item in items if forms[item.id] == form]


def pre_test_form(learner_key: str | None) -> str:
    """The form a learner takes as their pre-test (the post-test is the other).

    `learner_key` is the learner's name as quiz.scores.names.name_key gives it; None (nobody
    signed in, nothing kept) takes A first.
    """
    if learner_key is None:
        return "a"
    first_byte = hashlib.sha256(learner_key.encode("utf-8")).digest()[0]
    return "a" if first_byte % 2 == 0 else "b"


def form_of_test(test: str, learner_key: str | None) -> str:
    """The form of `test` ("pre" or "post") for a learner (see pre_test_form)."""
    if test not in TESTS:
        raise ValueError(f"test must be one of {TESTS}, not {test!r}")
    first = pre_test_form(learner_key)
    return first if test == "pre" else other_form(first)


def other_form(form: str) -> str:
    return "b" if form == "a" else "a"
