"""A connection pool that hands a freed connection to the longest waiter.

SQLAlchemy's QueuePool lets a newcomer take a connection that was just given back
before the waiter it woke gets to run; under gevent the woken waiter then finds the
pool empty and waits again, at the back. On SQLite a process has one connection
(trap 2): at the door, joins that kept coming took it over and over while a host's note
waited past the socket's ping timeout (10 s), and the server closed that host's socket.
Here the pool's places go in arrival order: whoever asks while others wait, waits too.
"""

from __future__ import annotations

import threading
from collections import deque

from sqlalchemy import exc
from sqlalchemy.pool import QueuePool


class FifoGate:
    """At most `size` holders at once; the others wait in arrival order, and a freed
    place goes straight to the first of them, never to a newcomer."""

    def __init__(self, size: int):
        self.free = size
        self.waiting: deque[threading.Event] = deque()
        self._mutex = threading.Lock()  # real threads too (gevent's pool of them)

    def acquire(self, timeout: float | None) -> bool:
        """Take a place, waiting up to `timeout` seconds; False if none came in time."""
        with self._mutex:
            if self.free and not self.waiting:
                self.free -= 1
                return True
            ticket = threading.Event()
            self.waiting.append(ticket)
        if ticket.wait(timeout):
            return True
        with self._mutex:
            if ticket in self.waiting:
                self.waiting.remove(ticket)
                return False
        return True  # handed the place just as the wait ran out

    def release(self) -> None:
        """Give a place back: to the first waiter if there is one."""
        with self._mutex:
            if self.waiting:
                self.waiting.popleft().set()
            else:
                self.free += 1


class FairQueuePool(QueuePool):
    """QueuePool whose connections are handed out in the order they were asked for."""

    def __init__(self, creator, pool_size: int = 5, max_overflow: int = 10, **kw):
        super().__init__(creator, pool_size=pool_size, max_overflow=max_overflow, **kw)
        self._gate = FifoGate(pool_size + max(max_overflow, 0))

    def _do_get(self):
        if not self._gate.acquire(self._timeout):
            raise exc.TimeoutError(
                f"FairQueuePool of {self.size()} connection(s): none free within "
                f"{self._timeout:.0f} s",
                code="3o7r",
            )
        try:
            return super()._do_get()
        except BaseException:
            self._gate.release()
            raise

    def _do_return_conn(self, record) -> None:
        try:
            super()._do_return_conn(record)
        finally:
            self._gate.release()
