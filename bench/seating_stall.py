"""How long the planner's SAT solving freezes gevent's event loop (not a test).

Usage: python bench/seating_stall.py [--seeds G30-4:13,G30-4:6,...]

The app plans in gevent's thread pool while the event loop serves every phone's socket
(services/seating.py, _plan_off_the_loop). python-sat holds the GIL while CaDiCaL runs,
so the exact model's long turns are solved in worker processes (cafe/seating/exact_lanes.py)
and its short ones here in slices of conflicts (cafe/seating/sat_slices.py). Here a
greenlet ticks every millisecond on the loop while plan_seating runs in the pool on
30-people instances whose exact model runs long, once with workers and once with every
turn in this process (the baseline, CAFE_EXACT_WORKERS=0), and the longest gap between two
ticks is printed, beside the same ticker with the pool idle and with the longest single
call into the solver in this process measured directly.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from gevent import get_hub  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import seating as bench  # noqa: E402

from cafe.seating import exact_lanes, exact_spread, plan_seating, sat_slices  # noqa: E402

DEFAULT = "G30-4:13,G30-4:6,G30-4:10,G30-5:1"
"""Instances whose exact model runs long (to its cap, or close to it)."""


def ticks(seconds: float | None, until: gevent.Greenlet | None = None) -> list[float]:
    """Gaps (s) between ticks of a 1 ms ticker, for `seconds` or until `until` ends."""
    gaps, last = [], time.perf_counter()
    end = time.perf_counter() + (seconds or 1e9)
    while time.perf_counter() < end and (until is None or not until.ready()):
        gevent.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    return gaps


def longest_call() -> list[float]:
    """Wrap the solver's run so every call into CaDiCaL is timed (inside the pool)."""
    calls: list[float] = []
    original = sat_slices.Cadical195.solve_limited

    def timed(self, *args, **kwargs):
        began = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            calls.append(time.perf_counter() - began)

    sat_slices.Cadical195.solve_limited = timed
    return calls


def main() -> None:
    """Print one row per instance and the idle baseline (Markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default=DEFAULT)
    args = parser.parse_args()
    idle = ticks(2.0)
    print(
        "| run | plan s | ticks | longest gap ms | p99 gap ms | "
        "longest solver call here ms | B / bound |"
    )
    print("|---|---|---|---|---|---|---|")
    print(f"| idle loop | - | {len(idle)} | {max(idle) * 1000:.1f} | {_p99(idle):.1f} | - | - |")
    calls = longest_call()
    search = bench.build({"participants": 36, "tables": 6, "table_size": 6, "rounds": 4,
                          "host_stays": True})  # fmt: skip
    began = time.perf_counter()
    job = gevent.spawn(get_hub().threadpool.apply, plan_seating, (search,))
    gaps = ticks(None, until=job)
    job.get()
    print(
        f"| S4 shape, search only | {time.perf_counter() - began:.2f} | {len(gaps)} | "
        f"{max(gaps) * 1000:.1f} | {_p99(gaps):.1f} | - | - |"
    )
    for item in args.seeds.split(","):
        name, seed = item.split(":")
        problem = replace(
            bench.build(bench.group_spec(name, True, int(seed))), seed=int(seed), time_budget=2.0
        )
        for workers in (True, False):
            exact_lanes.WORKERS = workers
            exact_spread._memo.clear()
            calls.clear()
            began = time.perf_counter()
            job = gevent.spawn(get_hub().threadpool.apply, plan_seating, (problem,))
            gaps = ticks(None, until=job)
            took = time.perf_counter() - began
            plan = job.get()
            worst = max(calls, default=0.0) * 1000
            where = "workers" if workers else "in this process"
            print(
                f"| {name} seed {seed}, {where} | {took:.2f} | {len(gaps)} | "
                f"{max(gaps) * 1000:.1f} | {_p99(gaps):.1f} | {worst:.1f} | "
                f"{plan.metrics.group_spread} / {plan.metrics.group_spread_bound} |",
                flush=True,
            )


def _p99(gaps: list[float]) -> float:
    return statistics.quantiles(gaps, n=100)[-1] * 1000 if len(gaps) > 2 else 0.0


if __name__ == "__main__":
    main()
