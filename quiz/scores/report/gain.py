"""What a class learned between its pre-test and its post-test: the numbers per learner, class and type.

(The dataclasses the report shows; the computation is issue 18's pre/post work.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LearnerGain:
    learner: str
    pre: float  # percent 0–100
    post: float  # percent 0–100
    gain: float | None  # (post − pre) / (100 − pre); None when pre is 100


@dataclass(frozen=True)
class TypeGain:
    claim_type: str
    mean_pre: float
    mean_post: float
    hake_gain: float | None


@dataclass(frozen=True)
class ClassGain:
    learners: tuple[LearnerGain, ...]  # with both tests
    only_pre: tuple[str, ...]
    only_post: tuple[str, ...]
    mean_pre: float | None
    mean_post: float | None
    mean_gain: float | None
    d_z: float | None
    d_z_interval: tuple[float, float] | None
    hake_gain: float | None
    per_type: tuple[TypeGain, ...]
