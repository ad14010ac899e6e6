"""The door's lane: how many joins one server process works on at once.

On SQLite a process has one database connection (trap 2), and every request waits for
it in turn. When 300 phones scan at once, 300 joins queued for it ahead of a host's
note, which then waited seconds to reach the wall. The lane lets DOOR_LANE door requests
in at a time; the others wait before they touch the database, so a note (or a wall's
sync) finds at most that many joins ahead of it. Joins still pass in arrival order, and
the crowd's total time does not change: the connection was the narrow part anyway.
"""

from __future__ import annotations

import threading

from flask import Blueprint, g

DOOR_LANE = 4
"""Door requests worked on at once per process: enough to overlap one request's page
rendering with another's queries, few enough that a note waits behind at most these."""


def guard(bp: Blueprint, lane_size: int = DOOR_LANE) -> threading.BoundedSemaphore:
    """Let at most `lane_size` of `bp`'s requests run at once (a gevent semaphore once the
    server has patched threading); returns the semaphore, for tests."""
    lane = threading.BoundedSemaphore(lane_size)

    @bp.before_request
    def _enter() -> None:
        lane.acquire()
        g.in_door_lane = True

    @bp.teardown_request
    def _leave(_exc) -> None:
        if g.pop("in_door_lane", False):
            lane.release()

    return lane
