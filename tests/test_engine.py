"""The quiz engine: order, subsets, scoring, partial credit and the results summary."""

from __future__ import annotations

import random
from dataclasses import replace

from quiz.core.engine import Outcome, QuizSession, score_answer, select_items

TYPES = ("fact", "inference", "opinion", "rhetoric")


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_same_seed_gives_the_same_order_and_another_seed_another(mini_bank):
    first = [i.id for i in QuizSession(mini_bank, seed=7, count=5).items]
    again = [i.id for i in QuizSession(mini_bank, seed=7, count=5).items]
    orders = {tuple(i.id for i in QuizSession(mini_bank, seed=s, count=5).items) for s in range(20)}
    assert first == again
    assert sorted(first) == sorted(i.id for i in mini_bank.items)
    assert len(orders) > 1


def test_count_picks_a_subset_with_every_type(mini_bank):
    for seed in range(10):
        items = QuizSession(mini_bank, seed=seed, count=4).items
        assert len(items) == 4
        assert {i.answer for i in items} == set(TYPES)


def test_count_defaults_to_the_bank_option(mini_bank):
    assert mini_bank.options.count == 4
    assert len(QuizSession(mini_bank, seed=1).items) == 4


def test_balanced_subset_of_a_large_bank_takes_types_in_turn(mini_bank):
    base = mini_bank.items[0]
    items = [replace(base, id=f"{t}-{n}", answer=t) for t in TYPES for n in range(10)]
    chosen = select_items(items, 20, random.Random(3))
    assert sorted(i.answer for i in chosen) == sorted(TYPES * 5)
    # shuffle off keeps the bank's order
    ordered = select_items(items, 8, random.Random(3), shuffle=False)
    assert [items.index(i) for i in ordered] == sorted(items.index(i) for i in ordered)


def test_scoring_gives_full_partial_or_no_credit(mini_bank):
    item = next(i for i in mini_bank.items if i.id == "plan-will-pass")
    assert score_answer(item, "inference", 0.5) == (Outcome.CORRECT, 1.0)
    assert score_answer(item, "opinion", 0.5) == (Outcome.PARTIAL, 0.5)
    assert score_answer(item, "opinion", 0.25) == (Outcome.PARTIAL, 0.25)
    assert score_answer(item, "fact", 0.5) == (Outcome.WRONG, 0.0)


def test_results_count_points_types_confusions_and_time(mini_bank):
    clock = FakeClock()
    session = QuizSession(mini_bank, seed=1, count=5, clock=clock)
    answers = {
        "council-vote": "fact",  # right
        "plan-will-pass": "opinion",  # accepted alternative: half a point
        "fund-libraries": "rhetoric",  # wrong
        "shameful-scheme": "rhetoric",  # right
        "fans-said": "inference",  # wrong
    }
    for _ in range(5):
        clock.now += 3
        answer = session.answer(answers[session.current.id])
        assert answer.seconds == 3
    assert session.finished
    clock.now += 50  # time after the last answer does not count
    results = session.results(TYPES)
    assert results.points == 2.5
    assert results.max_points == 5
    assert results.fraction == 0.5
    assert (results.correct, results.partial) == (2, 1)
    assert results.seconds == 15
    assert results.per_type["fact"].correct == 1 and results.per_type["fact"].total == 2
    assert results.per_type["inference"].accuracy == 0.0
    assert results.per_type["rhetoric"].accuracy == 1.0
    assert results.confusion == {
        ("fact", "fact"): 1,
        ("inference", "opinion"): 1,
        ("opinion", "rhetoric"): 1,
        ("rhetoric", "rhetoric"): 1,
        ("fact", "inference"): 1,
    }


def test_a_time_limit_ends_the_quiz_and_counts_what_was_not_reached(mini_bank):
    from dataclasses import replace as swap

    timed = swap(mini_bank, options=swap(mini_bank.options, time_limit=1))
    clock = FakeClock()
    session = QuizSession(timed, seed=1, count=5, clock=clock)
    assert session.seconds_left == 60
    clock.now += 30
    session.answer(session.current.answer)
    assert not session.finished and session.seconds_left == 30
    clock.now += 31
    assert session.timed_out and session.finished
    results = session.results(TYPES)
    assert (results.points, results.max_points) == (1, 5)
    assert results.seconds == 60
