"""Did the class learn? Pre-test against post-test: each learner's gain and the class's.

Every figure is a percentage of the points a test could give (0–100). For each learner with
both tests:

- the normalised gain g = (post − pre) / (100 − pre): the share of what there was left to learn
  that was learnt (undefined, None, for a learner who scored 100 on the pre-test);

for the class, over the learners with both tests:

- the mean pre, the mean post and the mean of the learners' g (over those where g is defined);
- Cohen's d_z for paired scores: the mean of (post − pre) divided by their standard deviation
  (with n − 1), with a 95 % confidence interval from the normal approximation of its standard
  error, sqrt(1/n + d_z² / (2n)) (Cohen 1988; fine for a class of 15 or more; small classes get
  a wide interval, as they should);
- Hake's class-average normalised gain ⟨g⟩ = (mean post − mean pre) / (100 − mean pre), from
  the class's averages, as Hake (1998) defines it — not the mean of each learner's g — and the
  same per claim type, from the learners' percentages on the items of that type.

Learners with only one of the two tests are listed apart, never silently dropped. This module
only counts; quiz.scores.report.formatting puts it into words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Z_95 = 1.959963984540054  # the normal quantile of 0.975


@dataclass(frozen=True)
class LearnerGain:
    """One learner's pre-test and post-test, and their normalised gain g."""

    learner: str
    pre: float  # percent 0–100
    post: float  # percent 0–100
    gain: float | None  # (post − pre) / (100 − pre); None when pre is 100


@dataclass(frozen=True)
class TypeGain:
    """The class on the items of one claim type: mean pre, mean post and Hake's ⟨g⟩ from them."""

    claim_type: str
    mean_pre: float
    mean_post: float
    hake_gain: float | None  # (mean_post − mean_pre) / (100 − mean_pre)


@dataclass(frozen=True)
class ClassGain:
    """The class's gain over the learners with both tests (`learners`).

    `d_z_interval` is the 95 % confidence interval of d_z by the normal approximation of its
    standard error: d_z ± 1.96 × sqrt(1/n + d_z² / (2n)) (not the exact noncentral-t interval,
    which needs a noncentral t distribution this project does not depend on; for a class of 15
    or more the two ends differ by about 0.01 — checked with SciPy: n 15, d_z 0.5 gives −0.037 to
    1.037 here, −0.046 to 1.030 exactly — and with 6 learners by up to 0.05). None with fewer
    than two learners or no spread in the gains.
    """

    learners: tuple[LearnerGain, ...]  # with both tests
    only_pre: tuple[str, ...]  # learners with a pre-test only
    only_post: tuple[str, ...]
    mean_pre: float | None
    mean_post: float | None
    mean_gain: float | None  # mean of learners' g (those defined)
    d_z: float | None  # mean(post − pre) / sd(post − pre), sd with n − 1
    # 95 % CI of d_z by the normal approximation: d_z ± 1.96 × sqrt(1/n + d_z² / (2n)).
    d_z_interval: tuple[float, float] | None
    hake_gain: float | None  # from class average pre and post, Hake's definition
    per_type: tuple[TypeGain, ...]


@dataclass(frozen=True)
class SittingScore:
    """One learner's result on one test, as the report reads it from their answers."""

    learner: str
    test: str  # "pre" or "post"
    points: float
    max_points: float
    # claim type -> (points, max points) on the items of that type
    by_type: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        return 100 * self.points / self.max_points if self.max_points else 0.0


def normalised_gain(pre: float, post: float) -> float | None:
    """(post − pre) / (100 − pre), percentages; None when pre is 100 (nothing left to gain)."""
    if pre >= 100:
        return None
    return (post - pre) / (100 - pre)


def paired_effect_size(pre: list[float], post: list[float]) -> tuple[float | None, tuple[float, float] | None]:
    """Cohen's d_z of paired scores and its 95 % interval (normal approximation).

    None (and None) with fewer than two pairs or when every learner gained the same.
    """
    n = len(pre)
    if n < 2:
        return None, None
    differences = [b - a for a, b in zip(pre, post)]
    mean = sum(differences) / n
    variance = sum((d - mean) ** 2 for d in differences) / (n - 1)
    if variance <= 1e-12:
        return None, None
    d_z = mean / math.sqrt(variance)
    error = math.sqrt(1 / n + d_z**2 / (2 * n))
    return d_z, (d_z - Z_95 * error, d_z + Z_95 * error)


def class_gain(scores: Iterable[SittingScore]) -> ClassGain | None:
    """The class's gain from its pre- and post-test scores; None when there are none.

    A learner with several scores on one test (the report's `--attempts all`) counts with
    their points pooled over them. Learners are matched whatever the case of their name.
    """
    pooled: dict[tuple[str, str], SittingScore] = {}
    names: dict[str, str] = {}
    for score in scores:
        key = (score.learner.casefold(), score.test)
        names.setdefault(score.learner.casefold(), score.learner)
        known = pooled.get(key)
        if known is None:
            pooled[key] = score
            continue
        by_type = dict(known.by_type)
        for kind, (points, maximum) in score.by_type.items():
            old = by_type.get(kind, (0.0, 0.0))
            by_type[kind] = (old[0] + points, old[1] + maximum)
        pooled[key] = SittingScore(
            known.learner, known.test, known.points + score.points, known.max_points + score.max_points, by_type
        )
    if not pooled:
        return None
    learners = sorted(names, key=lambda key: (names[key].casefold(), names[key]))
    pairs = [(pooled[(key, "pre")], pooled[(key, "post")]) for key in learners
             if (key, "pre") in pooled and (key, "post") in pooled]
    only_pre = tuple(names[key] for key in learners if (key, "pre") in pooled and (key, "post") not in pooled)
    only_post = tuple(names[key] for key in learners if (key, "post") in pooled and (key, "pre") not in pooled)
    gains = tuple(
        LearnerGain(pre.learner, pre.percent, post.percent, normalised_gain(pre.percent, post.percent))
        for pre, post in pairs
    )
    pre_scores = [gain.pre for gain in gains]
    post_scores = [gain.post for gain in gains]
    mean_pre = sum(pre_scores) / len(gains) if gains else None
    mean_post = sum(post_scores) / len(gains) if gains else None
    defined = [gain.gain for gain in gains if gain.gain is not None]
    d_z, interval = paired_effect_size(pre_scores, post_scores)
    return ClassGain(
        learners=gains,
        only_pre=only_pre,
        only_post=only_post,
        mean_pre=mean_pre,
        mean_post=mean_post,
        mean_gain=sum(defined) / len(defined) if defined else None,
        d_z=d_z,
        d_z_interval=interval,
        hake_gain=normalised_gain(mean_pre, mean_post) if mean_pre is not None and mean_post is not None else None,
        per_type=_per_type(pairs),
    )


def _per_type(pairs: list[tuple[SittingScore, SittingScore]]) -> tuple[TypeGain, ...]:
    """⟨g⟩ per claim type, over the learners who met items of that type in both tests."""
    kinds = sorted({kind for pre, post in pairs for kind in pre.by_type if kind in post.by_type})
    found = []
    for kind in kinds:
        pre_shares, post_shares = [], []
        for pre, post in pairs:
            (pre_points, pre_max), (post_points, post_max) = pre.by_type.get(kind, (0, 0)), post.by_type.get(kind, (0, 0))
            if pre_max and post_max:
                pre_shares.append(100 * pre_points / pre_max)
                post_shares.append(100 * post_points / post_max)
        if not pre_shares:
            continue
        mean_pre = sum(pre_shares) / len(pre_shares)
        mean_post = sum(post_shares) / len(post_shares)
        found.append(TypeGain(kind, mean_pre, mean_post, normalised_gain(mean_pre, mean_post)))
    return tuple(found)
