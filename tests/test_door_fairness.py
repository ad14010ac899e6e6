"""What keeps a crowd at the door from starving the room (issue 22): the rate limits'
memory storage starts no timer greenlet per hit, the SQLite pool hands its connection to
the longest waiter, and the door's lane lets few joins at the database at once.

Bad inputs tried: a newcomer asking for a place that was just freed while someone waits
(it must wait), a waiter that times out (its ticket is gone, the place is not lost), a
greenlet that gives the connection back and asks again at once without yielding."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

from flask import Blueprint, Flask

from cafe import door_lane, limit_storage
from cafe.fair_pool import FairQueuePool, FifoGate


def test_a_freed_place_goes_to_the_waiter_not_to_a_newcomer():
    gate = FifoGate(1)
    assert gate.acquire(0)
    got: list[bool] = []
    waiter = threading.Thread(target=lambda: got.append(gate.acquire(5)))
    waiter.start()
    while not gate.waiting:
        time.sleep(0.001)
    gate.release()
    assert not gate.acquire(0), "a newcomer took the place the waiter was promised"
    waiter.join(5)
    assert got == [True]
    gate.release()
    assert gate.acquire(0)


def test_a_waiter_that_times_out_leaves_no_ticket_and_loses_no_place():
    gate = FifoGate(1)
    assert gate.acquire(0)
    assert not gate.acquire(0.01)
    assert not gate.waiting
    gate.release()
    assert gate.free == 1


POOL_SCRIPT = textwrap.dedent(
    """
    from gevent import monkey
    monkey.patch_all()
    import sys, tempfile, gevent
    from sqlalchemy import create_engine
    from sqlalchemy.pool import QueuePool
    from cafe.fair_pool import FairQueuePool
    pool = {"fair": FairQueuePool, "queue": QueuePool}[sys.argv[1]]
    path = tempfile.mktemp(suffix=".db")
    engine = create_engine(f"sqlite:///{path}", poolclass=pool, pool_size=1, max_overflow=0,
                           pool_timeout=30)
    hog_turns, seen_by_waiter = [0], []
    def hog():  # a join: uses the connection across a yield, gives it back, asks again
        for _ in range(40):
            with engine.connect() as c:
                c.exec_driver_sql("select 1")
                gevent.sleep(0.001)
                hog_turns[0] += 1
    def waiter():  # a host's note, arriving while the hog holds the connection
        gevent.sleep(0.0005)
        with engine.connect() as c:
            c.exec_driver_sql("select 1")
            seen_by_waiter.append(hog_turns[0])
    gevent.joinall([gevent.spawn(hog), gevent.spawn(waiter)])
    print(seen_by_waiter[0])
    """
)


def _hog_turns_before_the_waiter(pool: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", POOL_SCRIPT, pool], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return int(out.stdout.split()[-1])


def test_under_gevent_the_fair_pool_serves_a_waiter_after_one_turn_where_queuepool_starves_it():
    fair, queue = _hog_turns_before_the_waiter("fair"), _hog_turns_before_the_waiter("queue")
    assert fair <= 1, f"the waiter waited {fair} of the other's turns"
    assert queue >= 20, f"QueuePool no longer starves the waiter ({queue}): still needed?"


def test_the_server_on_sqlite_uses_the_fair_pool():
    from cafe.app import _engine_options

    assert _engine_options("sqlite:////tmp/cafe.db")["poolclass"] is FairQueuePool
    assert "poolclass" not in _engine_options("postgresql://localhost/cafe")


def test_a_limit_hit_starts_no_timer(monkeypatch):
    storage = limit_storage.GeventMemoryStorage("cafe-memory://")
    started: list[int] = []

    class CountingTimer(threading.Timer):
        def start(self):
            started.append(1)
            super().start()

    monkeypatch.setattr("limits.storage.memory.threading.Timer", CountingTimer)
    for n in range(100):
        storage.incr(f"key{n % 7}", 60)
        storage.acquire_entry("moving", 5, 60)
    assert started == []
    assert storage.get("key0") == 15


def test_expired_limit_keys_are_still_swept(monkeypatch):
    storage = limit_storage.GeventMemoryStorage("cafe-memory://")
    storage.incr("old", 0.01)
    time.sleep(0.02)
    monkeypatch.setattr(limit_storage, "SWEEP_SECONDS", 0.0)
    storage.incr("new", 60)
    assert "old" not in storage.storage and "old" not in storage.expirations
    assert storage.get("new") == 1


def test_the_door_lane_lets_only_its_size_in_at_once():
    app = Flask(__name__)
    bp = Blueprint("door", __name__)
    door_lane.guard(bp, lane_size=2)
    inside, most, release = [0], [0], threading.Event()

    @bp.get("/j")
    def join():
        inside[0] += 1
        most[0] = max(most[0], inside[0])
        release.wait(5)
        inside[0] -= 1
        return "ok"

    app.register_blueprint(bp)
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(app.test_client().get("/j").status_code))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    assert inside[0] == 2
    release.set()
    for thread in threads:
        thread.join(5)
    assert statuses == [200] * 6 and most[0] == 2
