"""The exact model's lanes in worker processes give what they give in this process.

Tried: a search whose long turns move to workers (and whose relaxation refutes while the
full lane is still going, so the full lane's worker is stopped mid-turn), a worker that
dies at start, a lane whose worker never answers, and the whole thing inside gevent's
thread pool with gevent's monkey-patching, where the app plans.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from cafe.seating import Person, Problem, Table, exact_lanes
from cafe.seating import exact_spread as exact_module
from cafe.seating.exact_lanes import INLINE_GRANT, Pool, Spec, WorkerLost, open_lanes, take_turn
from cafe.seating.exact_shape import Shape, canonical_shape

ROOT = Path(__file__).resolve().parent.parent
G30_4 = {"G0": 12, "G1": 8, "G2": 6, "G3": 4}
G30_5 = {"G0": 10, "G1": 7, "G2": 6, "G3": 4, "G4": 3}
SEED_10_HOSTS = ["G0", "G1", "G2", "G0", "G2", "G0"]
"""Hosts of the benchmark's G30-4 seed 10: the relaxation refutes B = 0 in about 25,000
conflicts, while the full model is still searching."""
CAP = 40_000
"""Turns of 1,000 ... 16,000 (the last three in workers), then 9,000 at slack 1."""


def _shape(host_groups: list[str], sizes: dict[str, int]) -> Shape:
    left = Counter(sizes)
    left.subtract(host_groups)
    groups = host_groups + [g for g in sorted(left) for _ in range(left[g])]
    people = tuple(Person(i, g) for i, g in enumerate(groups))
    problem = Problem(people, tuple(Table(t, 5, t) for t in range(6)), 4)
    return canonical_shape(problem).shape


def _search(shape: Shape, workers: bool, cap: int = CAP):
    pool = Pool(enabled=workers)
    try:
        result, timed_out = exact_module._slacks(shape, cap, float("inf"), pool)
        return result, timed_out, len(pool.workers)
    finally:
        pool.close()


def test_workers_give_the_answer_and_the_charge_of_this_process():
    shape = _shape(SEED_10_HOSTS, G30_4)
    here, timed_out, started = _search(shape, workers=False)
    assert (timed_out, started) == (False, 0)
    assert here.floor == 1  # slack 0 refuted within the cap: B = 0 is impossible
    there, timed_out, started = _search(shape, workers=True)
    assert started == 2 and not timed_out
    assert there == here


def test_a_plan_found_in_a_worker_is_the_plan_found_here():
    # G30-5 seed 9: B = 0 is refuted, and the plan with B = 1 comes after the lanes moved.
    shape = _shape(["G1", "G3", "G3", "G3", "G2", "G2"], G30_5)
    here, _, _ = _search(shape, workers=False)
    assert here.floor == 1 and here.seats is not None and here.conflicts > 2 * INLINE_GRANT
    there, _, started = _search(shape, workers=True)
    assert started >= 1
    assert there == here


def test_quick_shapes_never_start_a_worker():
    shape = _shape(["G0", "G2", "G1", "G1", "G0", "G2"], G30_4)  # decided in 7,000
    result, _, started = _search(shape, workers=True)
    assert started == 0
    assert result.seats is not None and result.floor == 0


def test_a_lane_stopped_mid_turn_leaves_its_worker_ready_for_the_next():
    shape = _shape(SEED_10_HOSTS, G30_4)
    pool = Pool(enabled=True)
    try:
        lanes = open_lanes([Spec(shape, 0)])
        decided, _ = take_turn(lanes, INLINE_GRANT * 2, float("inf"), pool)
        assert decided is None  # the full model alone needs far more than this
        worker = lanes[0].worker
        assert worker is not None and lanes[0].run is None
        worker.send({"grants": [10**9], "seconds": None})
        worker.stop()
        reply = worker.reply()
        assert reply["ended"] and reply["answer"] is None
        assert reply["used"] < 10**9
        worker.send({"spec": Spec(shape, 0).to_json(), "grants": [1000], "seconds": None})
        reply = worker.reply()
        assert reply["ended"] is False and reply["used"] == 1000  # the old stop is spent
    finally:
        pool.close()


def test_a_worker_that_dies_gives_way_to_this_process(monkeypatch):
    shape = _shape(SEED_10_HOSTS, G30_4)
    here, _, _ = _search(shape, workers=False)
    monkeypatch.setattr(exact_lanes, "WORKER_ARGS", ("-c", "import sys; sys.exit(3)"))
    exact_module._memo.clear()
    assert exact_module._search(shape, CAP, float("inf")) == (here, False)
    pool = Pool(enabled=True)
    lanes = open_lanes([Spec(shape, 0)])
    with pytest.raises(WorkerLost):
        take_turn(lanes, INLINE_GRANT * 2, float("inf"), pool)
    pool.close()


def test_workers_answer_from_gevents_thread_pool_under_monkey_patching():
    shape = _shape(SEED_10_HOSTS, G30_4)
    here, _, _ = _search(shape, workers=False)
    assert here.seats is None
    script = textwrap.dedent(f"""
        from gevent import monkey
        monkey.patch_all()
        import json, time
        import gevent
        from gevent import get_hub
        from cafe.seating import exact_spread as m
        from cafe.seating.exact_lanes import Pool
        from cafe.seating.exact_shape import Shape
        shape = Shape(**{{k: tuple(v) if isinstance(v, list) else v
                         for k, v in json.loads({json.dumps(json.dumps(shape.__dict__))}).items()}})
        gaps, last, done = [], time.perf_counter(), []
        def plan():
            pool = Pool(enabled=True)
            try:
                result = m._slacks(shape, {CAP}, float("inf"), pool)[0]
                return result, len(pool.workers)
            finally:
                pool.close()
        job = get_hub().threadpool.spawn(plan)
        while not job.ready():
            gevent.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now
        result, started = job.get()
        print(json.dumps({{"floor": result.floor, "conflicts": result.conflicts,
                          "seats": result.seats, "started": started,
                          "longest_gap": max(gaps), "ticks": len(gaps)}}))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["started"] == 2
    assert (seen["floor"], seen["conflicts"], seen["seats"]) == (here.floor, here.conflicts, None)
    assert seen["ticks"] > 100  # the loop went on ticking while the workers solved
