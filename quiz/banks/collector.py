"""Pausing Python's cyclic garbage collector while many small objects are built."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file's values are made.

    Reading makes a node and two marks per value, none of them in a cycle (reference
    counting frees them all). With the collector running, each of its passes walks
    everything built so far: for a large bank that took twice as long as the parsing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
