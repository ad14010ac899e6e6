"""A worker process for one lane of the exact model: `python -m cafe.seating.exact_worker`.

python-sat holds the GIL for as long as a call into CaDiCaL lasts, so a lane solved in
the app's own process freezes the event loop for up to one call (55-138 ms measured), and
two lanes in one process take turns on one core. Here each lane runs in its own process.

Requests and replies are JSON lines on stdin and stdout. A request may name a new lane
(`spec`), then grants conflicts in turns (`grants`: the first ones replay the turns the
lane already had inline, so its solver reaches the same state), with `seconds` left on the
clock. The reply gives the conflicts used, whether the clock or a stop ended it, and the
lane's answer and seats. SIGUSR1 stops the request under way: the parent sends it when
another lane has decided the turn. Its count (`stops`) travels with each request, so a
stop that arrives late never stops the next request.
"""

from __future__ import annotations

import json
import math
import signal
import sys
import time

from cafe.seating.exact_lanes import Spec
from cafe.seating.exact_runs import Run


def serve(requests, replies) -> None:
    """Answer requests (lines of `requests`) until it ends, writing a line each to replies."""
    stops = [0]
    signal.signal(signal.SIGUSR1, lambda *_: stops.__setitem__(0, stops[0] + 1))
    run: Run | None = None
    for line in requests:
        request = json.loads(line)
        if "spec" in request:
            if run is not None:
                run.close()
            run = Spec.from_json(request["spec"]).run()
        assert run is not None
        seconds = request.get("seconds")
        deadline = math.inf if seconds is None else time.perf_counter() + seconds
        stopped = _stopped(stops, request["stops"])
        used, ended = 0, False
        for grant in request["grants"]:
            spent, ended = run.advance(grant, deadline, stopped)
            used += spent
            if ended or run.answer is not None:
                break
        reply = {"used": used, "ended": ended, "answer": run.answer, "seats": run.seats}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def _stopped(stops: list[int], sent: int):
    # A stop sent for an earlier request raised the count to at most `sent`.
    return lambda: stops[0] > sent


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout)
