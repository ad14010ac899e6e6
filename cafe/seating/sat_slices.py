"""Run CaDiCaL on a formula in small slices of conflicts, under a deterministic cap.

python-sat holds the GIL for as long as one call to the solver lasts, and the app runs
the planner in gevent's thread pool while it serves every phone's socket: one long call
would freeze them all. So the solver is called again and again with a small conflict
budget (it keeps what it learned between calls), and between calls the interpreter can
hand the GIL to the event loop. The answer depends only on the formula and the conflict
cap; the clock is a safety net, and a run it ends is reported as such.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pysat.solvers import Cadical195

SLICE = 200
"""Conflicts per call: a few milliseconds on these models (bench/seating_stall.py)."""


@dataclass
class Verdict:
    """`answer` is True (model found), False (proved impossible) or None (cap reached)."""

    answer: bool | None
    model: set[int]
    conflicts: int
    timed_out: bool = False


def solve_sliced(clauses: list[list[int]], conflicts: int, deadline: float) -> Verdict:
    """Solve within `conflicts` conflicts (and, as a safety net, before `deadline`)."""
    spent = 0
    with Cadical195(bootstrap_with=clauses) as solver:
        while True:
            step = min(SLICE, conflicts - spent)
            if step <= 0:
                return Verdict(None, set(), spent)
            if time.perf_counter() > deadline:
                return Verdict(None, set(), spent, timed_out=True)
            solver.conf_budget(step)
            answer = solver.solve_limited()
            if answer is not None:
                model = set(solver.get_model() or ()) if answer else set()
                return Verdict(answer, model, solver.accum_stats()["conflicts"])
            # Returning to Python here is what lets a waiting thread take the GIL (within
            # the interpreter's switch interval): no sleep, which gevent would patch.
            spent = max(spent + step, solver.accum_stats()["conflicts"])
