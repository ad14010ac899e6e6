"""The rate limits' counters in this process's memory, made safe for gevent.

The limits library's MemoryStorage expires its keys from a timer thread. On every hit it
asks whether that timer still runs and starts a new one when it has finished (10 ms
after the last); under gevent the thread is a greenlet, and both the question and the
start switch to other greenlets in the middle of a request. A request at the door holds
the process's one SQLite connection by the time its limits are counted (the event's size
sets them), so every other request waited for the connection while the hub ran
something else: with 300 joins arriving together, each held it for 75 ms instead of a
few, and the slowest join took 13-25 s.
"""

from __future__ import annotations

import time

from limits.storage import MemoryStorage

SWEEP_SECONDS = 1.0
"""How often expired keys are swept, inline, by the hit that finds the last sweep old."""


class GeventMemoryStorage(MemoryStorage):
    """MemoryStorage with its expiry done inline at most once a second instead of by a
    timer started from each hit. A counter read after its expiry is dropped by `get`
    as before; the sweep only frees the memory of keys nobody reads again."""

    STORAGE_SCHEME = ["cafe-memory"]
    swept = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the private timer start
        now = time.monotonic()
        if now - self.swept >= SWEEP_SECONDS:
            self.swept = now
            self._MemoryStorage__expire_events()
