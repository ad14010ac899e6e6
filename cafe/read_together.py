"""Reads that arrive together share one statement.

When a round ends, a thousand phones wake and each asks for its seats: a thousand small
statements, each paying the pool, the driver and the result machinery for one row or
four. Here the first read to arrive leads: it lets the others that arrived with it join
(one turn of the event loop), reads every key of the batch in one statement, hands each
waiter its rows, and hands the lead to the first who arrived meanwhile. A batch is read
only after every one of its readers arrived, so each sees whatever was committed before
it asked, as its own statement would have.

The leader's failure (no free connection, a database error) is every waiter's: each
raises it as its own read would have. If the leader is killed, the next waiter leads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any

BATCH_MAX = 500
"""Keys per statement at most (SQLite takes 32,766 parameters; this keeps a statement
short on any database)."""


class _Slot:
    """One reader's place in the queue: its key, and its answer once read."""

    __slots__ = ("key", "wake", "done", "value", "error")

    def __init__(self, key: Hashable):
        self.key = key
        self.wake = threading.Event()
        self.done = False
        self.value: Any = None
        self.error: BaseException | None = None


class ReadTogether:
    """Batches concurrent reads by key: `read(key)` answers what `fetch` gives for it,
    where `fetch(keys)` reads many keys at once and returns {key: value} (a key it does
    not return answers `missing`)."""

    def __init__(self, fetch: Callable[[list], dict], missing: Any = None):
        self._fetch = fetch
        self._missing = missing
        self._queue: list[_Slot] = []
        self._leading = False
        self._mutex = threading.Lock()
        self.batches = 0
        """Statements run so far (for tests and benchmarks)."""

    @property
    def waiting(self) -> int:
        """Readers queued for the next statement."""
        with self._mutex:
            return len(self._queue)

    def read(self, key: Hashable) -> Any:
        """The value of `key`, read in the same statement as the keys asked with it."""
        slot = _Slot(key)
        with self._mutex:
            self._queue.append(slot)
        while not slot.done:
            if self._take_lead():
                self._lead()
            else:
                slot.wake.wait()
                slot.wake.clear()
        if slot.error is not None:
            raise slot.error
        return slot.value

    def _take_lead(self) -> bool:
        with self._mutex:
            if self._leading:
                return False
            self._leading = True
            return True

    def _lead(self) -> None:
        try:
            time.sleep(0)  # under gevent: the readers already woken join this batch
            self._serve(self._next_batch())
        finally:
            # The first reader who came meanwhile leads the next batch (also when this
            # leader was killed): a leader answers its own reader, not the whole queue.
            with self._mutex:
                self._leading = False
                waiting = self._queue[0] if self._queue else None
            if waiting is not None:
                waiting.wake.set()

    def _next_batch(self) -> list[_Slot]:
        with self._mutex:
            batch, self._queue = self._queue[:BATCH_MAX], self._queue[BATCH_MAX:]
        return batch

    def _serve(self, batch: list[_Slot]) -> None:
        try:
            self.batches += 1
            found = self._fetch(list(dict.fromkeys(slot.key for slot in batch)))
        except Exception as error:  # noqa: BLE001 - each reader raises it as its own
            _answer(batch, error=error)
        except BaseException as error:  # killed while reading: the batch learns why
            _answer(batch, error=error)
            raise
        else:
            _answer(batch, values=(found.get(slot.key, self._missing) for slot in batch))


def _answer(batch: list[_Slot], values: Iterable | None = None, error=None) -> None:
    values = values if values is not None else (None for _ in batch)
    for slot, value in zip(batch, values, strict=False):
        slot.value, slot.error, slot.done = value, error, True
        slot.wake.set()
