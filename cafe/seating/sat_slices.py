"""Run CaDiCaL on a formula in small slices of conflicts, under a deterministic cap.

python-sat holds the GIL for as long as one call to the solver lasts, and the app runs
the planner in gevent's thread pool while it serves every phone's socket: one long call
would freeze them all. So the solver is called again and again with a small conflict
budget (it keeps what it learned between calls), and between calls the interpreter can
hand the GIL to the event loop. The answer depends only on the formula and the conflicts
granted; the clock is a safety net, and a run it ends says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from pysat.solvers import Cadical195

SLICE = 200
"""Conflicts per call: a few milliseconds on these models (bench/seating_stall.py)."""


@dataclass
class Verdict:
    """`answer` is True (model found), False (proved impossible) or None (not yet)."""

    answer: bool | None
    conflicts: int
    """Conflicts spent in this call."""
    model: set[int] = field(default_factory=set)
    timed_out: bool = False


class SlicedSolver:
    """One formula; `run` may be called again with more conflicts and goes on from where
    the last call stopped. Use as a context manager (the solver holds C memory)."""

    def __init__(self, clauses: list[list[int]], options: dict[str, int] | None = None) -> None:
        self.solver = Cadical195(bootstrap_with=clauses)
        if options:
            self.solver.configure(options)
        self.spent = 0

    def __enter__(self) -> SlicedSolver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Free the solver."""
        self.solver.delete()

    def run(
        self, conflicts: int, deadline: float, stop: Callable[[], bool] | None = None
    ) -> Verdict:
        """Go on for at most `conflicts` conflicts (and, as a safety net, until deadline,
        or until `stop()` is true: both count as timed out)."""
        start = self.spent
        while True:
            step = min(SLICE, start + conflicts - self.spent)
            if step <= 0:
                return Verdict(None, self.spent - start)
            if time.perf_counter() > deadline or (stop is not None and stop()):
                return Verdict(None, self.spent - start, timed_out=True)
            self.solver.conf_budget(step)
            answer = self.solver.solve_limited()
            # Returning to Python here is what lets a waiting thread take the GIL (within
            # the interpreter's switch interval); no sleep, which gevent would patch.
            self.spent = max(self.spent + (step if answer is None else 0),
                             self.solver.accum_stats()["conflicts"])  # fmt: skip
            if answer is not None:
                model = set(self.solver.get_model() or ()) if answer else set()
                return Verdict(answer, self.spent - start, model)


def solve_sliced(clauses: list[list[int]], conflicts: int, deadline: float) -> Verdict:
    """Solve a formula within `conflicts` conflicts (and before `deadline`)."""
    with SlicedSolver(clauses) as solver:
        return solver.run(conflicts, deadline)
