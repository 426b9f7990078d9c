"""Synthetic content for the benchmarks: a large valid bank with its article, and class exports.

Everything is generated from a fixed seed, so two runs measure the same files.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import yaml

TYPES = ("fact", "inference", "opinion", "rhetoric")
TECHNIQUES = ("loaded-language", "doubt", "appeal-to-fear", "slogans", "exaggeration-minimisation")
SENTENCES_PER_PARAGRAPH = 100


def _sentence(number: int) -> str:
    return f"Claim {number:05d} says the council met on day {number % 28 + 1} about topic {number % 97}."


def write_bank(folder: Path, items: int, *, seed: int = 1) -> Path:
    """Write `article.yaml` and a valid `bank.yaml` with `items` items into `folder`; the bank's path.

    Each item quotes its own sentence of the article, so no passage repeats and the loader
    checks every passage against its paragraph, as it does for a teacher's bank.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = [
        " ".join(_sentence(n) for n in range(start, min(start + SENTENCES_PER_PARAGRAPH, items)))
        for start in range(0, max(items, 1), SENTENCES_PER_PARAGRAPH)
    ]
    article = {
        "id": "bench-article",
        "title": "A generated article",
        "author": "Bench Mark",
        "publication": "The Benchmark",
        "date": "2024-03-01",
        "paragraphs": paragraphs,
    }
    (folder / "article.yaml").write_text(
        yaml.safe_dump(article, allow_unicode=True, sort_keys=False, width=1_000_000), encoding="utf-8"
    )
    lines = [
        "id: bench",
        "title: A generated bank",
        "article: article.yaml",
        "language: en",
        "options:",
        "  count: 20",
        "  partial_credit: 0.5",
        "items:",
    ]
    for n in range(items):
        answer = TYPES[n % 4]
        lines += [
            f"  - id: item-{n:05d}",
            f"    paragraph: {n // SENTENCES_PER_PARAGRAPH + 1}",
            f'    passage: "{_sentence(n)}"',
            f"    answer: {answer}",
            f"    difficulty: {rng.choice(('easy', 'medium', 'hard'))}",
            f'    cues: ["Claim {n:05d}", "topic {n % 97}"]',
        ]
        if answer == "rhetoric":
            lines.append(f"    technique: {rng.choice(TECHNIQUES)}")
        if n % 7 == 0:
            lines.append(f"    accept: [{TYPES[(n + 1) % 4] if answer != 'rhetoric' else 'opinion'}]")
        lines.append(
            f"    explanation: Item {n} is a {answer} because of the words it uses. It says so plainly."
        )
    bank = folder / "bank.yaml"
    bank.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return bank


def write_exports(path: Path, students: int, items: int, *, seed: int = 2) -> Path:
    """A CSV export (the columns `media-quiz export` writes) of `students` students, each with
    one quiz attempt answering `items` items; stronger students answer more items right."""
    from quiz.scores.columns import CSV_COLUMNS

    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for student in range(students):
            skill = rng.random()
            started = f"2024-03-01T09:{student % 60:02d}:{student // 60:02d}+00:00"
            for item in range(items):
                correct = TYPES[item % 4]
                right = rng.random() < 0.2 + 0.7 * skill - 0.15 * (item % 5) / 4
                chosen = correct if right else rng.choice([t for t in TYPES if t != correct])
                writer.writerow({
                    "learner": f"Student {student:03d}",
                    "attempt_id": str(student + 1),
                    "attempt_started_at": started,
                    "mode": "quiz",
                    "bank_id": "bench",
                    "bank_hash": "0" * 64,
                    "item_id": f"item-{item:03d}",
                    "correct_type": correct,
                    "chosen": chosen,
                    "outcome": "correct" if right else "wrong",
                    "points": "1" if right else "0",
                    "max_points": "1",
                    "seconds": f"{rng.uniform(3, 40):.1f}",
                    "locale": "en",
                    "answered_at": started,
                })
    return path
