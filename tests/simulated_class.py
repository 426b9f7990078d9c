"""A simulated class doing a pre/post study through real processes, for the report's tests.

`simulate_class(folder)` writes a 24-item bank with `pre_post: true`, then plays it as 30
learners would, each one a real `media-quiz --plain` process driven through pipes (six at a
time): everyone takes the pre-test, some practise, everyone but a few takes the post-test, and
some abandon a test half-way (`q`). It exports the score file with `media-quiz export` and
returns the CSV's path (with what was played, for the test to check against).

Each learner answers right with a probability of their own (higher on the post-test, and a
little higher after practice), drawn from a fixed seed, so a run is the same every time.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from quiz.banks import load_bank, load_catalog
from quiz.paths import default_bank_path

ROOT = Path(__file__).resolve().parents[1]
LEARNERS = 30
AT_ONCE = 6
TYPES = ("fact", "inference", "opinion", "rhetoric")
QUOTES = "“”‘’\"'"


@dataclass
class Played:
    """What the simulation did, for a test to compare the report with."""

    csv: Path
    bank: Path
    finished: dict[tuple[str, str], float] = field(default_factory=dict)  # (learner, test) -> percent
    abandoned: set[tuple[str, str]] = field(default_factory=set)  # (learner, test) left half-way
    practised: set[str] = field(default_factory=set)


def write_bank(folder: Path) -> Path:
    """A bank of 24 items of the shipped article (six of each type, passages without quotation
    marks, so that the driver can find them in the output), pre_post on, evidence off."""
    shipped = default_bank_path()
    data = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    chosen = []
    for kind in TYPES:
        of_kind = [item for item in data["items"] if item["answer"] == kind
                   and not any(mark in item["passage"] for mark in QUOTES) and not item.get("needs_context")]
        chosen += of_kind[:6]
    bank = {
        "id": "simulated",
        "title": "Simulated class",
        "article": str(shipped.parent / data["article"]),
        "language": "en",
        "options": {"count": 24, "evidence": False, "pre_post": True},
        "items": chosen,
    }
    path = folder / "bank.yaml"
    path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class _Driver:
    """One plain quiz process, answered question by question as its output asks."""

    def __init__(self, data_dir: Path, bank: Path, learner: str, extra: list[str]) -> None:
        env = dict(os.environ, MEDIA_QUIZ_DATA_DIR=str(data_dir), LANGUAGE="", LC_ALL="", LANG="C")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quiz", "--plain", "--bank", str(bank), "--learner", learner, *extra],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.seen = b""
        self.answered_at = 0  # how much output there was when the last line was sent

    def until(self, *prompts: bytes) -> bytes | None:
        """Read the output until it ends with one of `prompts` (which one), None at its end."""
        assert self.process.stdout is not None
        while True:
            for prompt in prompts:
                if len(self.seen) > self.answered_at and self.seen.endswith(prompt):
                    return prompt
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.seen += chunk

    def say(self, line: str) -> None:
        assert self.process.stdin is not None
        self.answered_at = len(self.seen)
        try:
            self.process.stdin.write(line.encode() + b"\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            raise AssertionError(self.finish()) from None

    def finish(self) -> str:
        out, err = self.process.communicate(timeout=60)
        self.seen += out
        assert self.process.returncode == 0, err.decode()
        return self.seen.decode()


def _play(data_dir: Path, bank: Path, answers: dict[str, tuple[str, tuple[str, ...]]], learner: str, extra: list[str],
          skill: float, seed: int, stop_after: int | None) -> float | None:
    """One quiz by `learner`; the percent scored, or None when they stopped half-way."""
    draw = random.Random(seed)
    driver = _Driver(data_dir, bank, learner, extra)
    asked = right = 0
    while (prompt := driver.until(b"Your answer: ", b"Your guess: ")) == b"Your answer: ":
        if stop_after is not None and asked == stop_after:
            driver.say("q")
            break
        passage = re.findall(r"“(.*)”", driver.seen.decode(errors="replace"))[-1]
        correct, accepted = answers[passage]
        if draw.random() < skill:
            choice, right = correct, right + 1
        else:  # a plainly wrong type (partial credit is worked by hand in test_report.py)
            choice = draw.choice([kind for kind in TYPES if kind != correct and kind not in accepted])
        driver.say(str(TYPES.index(choice) + 1))
        asked += 1
    else:
        if prompt is not None:
            driver.say("")  # the guess at the score: skipped
    driver.finish()
    return None if stop_after is not None else 100 * right / asked


def simulate_class(folder: Path) -> Played:
    """Play the study into `folder` and export it; what was played, with the CSV's path."""
    bank_path = write_bank(folder)
    bank = load_bank(bank_path, load_catalog())
    answers = {item.passage: (item.answer, item.accept) for item in bank.items}
    data_dir = folder / "scores"
    played = Played(csv=folder / "class.csv", bank=bank_path)
    plan = random.Random(18)
    learners = [f"Learner {number:02d}" for number in range(1, LEARNERS + 1)]
    skills = {name: 0.25 + 0.45 * plan.random() for name in learners}
    practising = set(learners[::6])  # 5 learners practise between the tests
    abandon_pre = {learners[5]}  # leaves the pre-test half-way, then takes it again
    abandon_post = {learners[9], learners[20]}  # leave the post-test half-way, never finish it
    no_post = {learners[29]}  # was away for the post-test
    no_pre = {learners[28]}  # was away for the pre-test

    def sessions(stage: str):
        for n, name in enumerate(learners):
            if stage == "pre" and name not in no_pre:
                if name in abandon_pre:
                    yield name, "pre", ["--test", "pre"], skills[name], 1000 + n, 4
                yield name, "pre", ["--test", "pre"], skills[name], n, None
            elif stage == "practice" and name in practising:
                yield name, "practice", ["--count", "6", "--seed", str(n)], skills[name] + 0.1, 2000 + n, None
            elif stage == "post" and name not in no_post:
                skill = min(0.97, skills[name] + 0.2 + (0.1 if name in practising else 0))
                yield name, "post", ["--test", "post"], skill, 3000 + n, 5 if name in abandon_post else None

    with ThreadPoolExecutor(AT_ONCE) as pool:
        for stage in ("pre", "practice", "post"):  # in order: each stage after the one before
            planned = list(sessions(stage))
            results = pool.map(lambda s: _play(data_dir, bank_path, answers, s[0], s[2], s[3], s[4], s[5]), planned)
            for (name, test, *_rest, stop), percent in zip(planned, results):
                if test == "practice":
                    played.practised.add(name)
                elif percent is None:
                    played.abandoned.add((name, test))
                else:
                    played.finished[(name, test)] = percent
    env = dict(os.environ, MEDIA_QUIZ_DATA_DIR=str(data_dir), LANGUAGE="", LC_ALL="", LANG="C")
    subprocess.run(
        [sys.executable, "-m", "quiz", "export", "--format", "csv", "-o", str(played.csv)],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=60,
    )
    return played


def simulated_class_csv(folder: Path) -> Path:
    """The exported CSV of a simulated class played into `folder` (see simulate_class); the
    bank it played is `folder / "bank.yaml"` (give it to `report --bank` for passages)."""
    return simulate_class(folder).csv
