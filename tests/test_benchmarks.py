"""The benchmark script still runs. Not a timed test: the numbers are for benchmarks/RESULTS.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def test_the_benchmark_runs_on_a_tiny_size_and_prints_every_measurement(tmp_path):
    finished = subprocess.run(
        [sys.executable, str(RUN), "--size", "tiny"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert finished.returncode == 0, finished.stderr
    summary = finished.stdout.split("Summary", 1)[1]
    for number in range(1, 6):
        assert re.search(rf"^\[{number}\] .* (PASS|MISS)$", summary, re.MULTILINE), (
            f"measurement {number} missing:\n{finished.stdout}"
        )
    assert "second start" in summary  # the cached load, measured with the cold one
