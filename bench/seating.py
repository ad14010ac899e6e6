"""Seating benchmark: run the public suite and print one row per instance (not a test).

Usage: python bench/seating.py [SUITE.json] [--repeat N] [--part suite|groups|scale]
Each instance runs in its own subprocess so peak memory (ru_maxrss) is per instance.
Metrics come from the checker below, not from the planner's own numbers.

Three parts: the public suite; group balance on 30, 250 and 1,000 people with 3-5
groups over 24 seeds (worst seed reported), with groups listed in order (hosts are the
first T) and shuffled (hosts of random groups, as a new user lists people); and the
5,000-people shape with a re-plan after 100 changes, then listed shuffled (hosts of
every group) for 5 seeds, timed beside the 1,000-people plan of the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from fractions import Fraction
from math import ceil, floor
from operator import itemgetter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cafe.seating import Person, Plan, Problem, Table, plan_seating, suggest_host  # noqa: E402

DEFAULT_SUITE = ROOT / ".." / "shared" / "bench" / "seating-suite.json"


GROUP_SHAPES = [
    # id, people, tables, table size, group sizes (4 rounds, hosts stay)
    ("G30-3", 30, 6, 5, [14, 10, 6]),
    ("G30-4", 30, 6, 5, [12, 8, 6, 4]),
    ("G30-5", 30, 6, 5, [10, 7, 6, 4, 3]),
    ("G250-3", 250, 50, 5, [120, 80, 50]),
    ("G250-5", 250, 42, 6, [90, 60, 50, 30, 20]),
    ("G1000-4", 1000, 167, 6, [400, 250, 200, 150]),
    ("G1000-5", 1000, 200, 5, [350, 250, 200, 120, 80]),
]
SEEDS = 24
GROUP_CAPS = {"time_budget": 30.0, "work_limit": 350_000}
"""The group part caps work at what the default 2 s buys on an idle machine, with a loose
clock, so its E and B do not depend on how loaded the machine is (times still do)."""
SCALE = {"participants": 5000, "tables": 1000, "table_size": 5, "rounds": 4,
         "host_stays": True, "groups": [2000, 1250, 1000, 750]}  # fmt: skip
BASELINE = {"participants": 1000, "tables": 200, "table_size": 5, "rounds": 4,
            "host_stays": True, "groups": [400, 250, 200, 150]}  # fmt: skip
SCALE_SEEDS = 5
"""The 5,000-people shape listed shuffled (hosts of every group, as a real list) per seed."""
CHANGES = {"before_round": 3, "leave": 50, "arrive": 49, "seed": 2026}
"""50 travellers and one host leave, 49 people arrive: 100 changes."""


def build(spec: dict[str, Any]) -> Problem:
    """Participants from the description: hosts are the first T, groups in the given counts."""
    labels = [f"G{i}" for i, count in enumerate(spec.get("groups") or []) for _ in range(count)]
    if spec.get("shuffle") is not None:
        random.Random(spec["shuffle"]).shuffle(labels)
    people = tuple(Person(i, labels[i] if labels else None) for i in range(spec["participants"]))
    hosts = spec["host_stays"]
    tables = tuple(
        Table(t, spec["table_size"], t if hosts else None) for t in range(spec["tables"])
    )
    return Problem(people, tables, spec["rounds"], host_stays=hosts)


def churn(problem: Problem, seats: dict, rule: dict[str, Any]) -> tuple[Problem, Any]:
    """Before rule['before_round']: travellers and a host leave, newcomers arrive (seeded)."""
    rng = random.Random(rule["seed"])
    start = rule["before_round"]
    hosts = {t.host for t in problem.tables}
    travellers = [p.id for p in problem.people if p.id not in hosts]
    leaving = set(rng.sample(travellers, rule["leave"]))
    lost_table = rng.choice(problem.tables)
    leaving.add(lost_table.host)
    groups = [p.group for p in problem.people]
    people = [replace(p, leaves=start - 1) if p.id in leaving else p for p in problem.people]
    first_new = len(people)
    people += [
        Person(first_new + i, rng.choice(groups), arrives=start) for i in range(rule["arrive"])
    ]
    fixed = {r: seats[r] for r in range(1, start)}
    after = replace(problem, people=tuple(people), fixed=fixed, previous=seats)
    new_host = suggest_host(after, lost_table.id, start)
    tables = tuple(
        replace(t, host=new_host) if t.id == lost_table.id else t for t in problem.tables
    )
    return replace(after, tables=tables), (lost_table.id, new_host)


# --- the independent checker ---------------------------------------------------------


def check(problem: Problem, seats: dict) -> dict[str, Any]:
    """Count E, revisits, group spread, moved people and hard-rule breaks from the seats."""
    met: Counter = Counter()
    for row in seats.values():
        at: dict = {}
        for p, t in row.items():
            at.setdefault(t, []).append(p)
        for here in at.values():
            here.sort()
            for i, a in enumerate(here):
                for b in here[i + 1 :]:
                    met[a, b] += 1
    hosts = {t.host for t in problem.tables} if problem.host_stays else set()
    revisits = 0
    for p in problem.people:
        if p.id not in hosts:
            visits = [row[p.id] for row in seats.values() if p.id in row]
            revisits += len(visits) - len(set(visits))
    return {
        "E": sum(m - 1 for m in met.values() if m > 1),
        "V": revisits,
        "B": spread(problem, seats),
        "moved": moved(problem, seats),
        "broken": broken(problem, seats),
    }


def spread(problem: Problem, seats: dict) -> int:
    group = {p.id: p.group for p in problem.people}
    total = 0
    for row in seats.values():
        present = Counter(group[p] for p in row)
        at: dict = {}
        for p, t in row.items():
            at.setdefault(t, []).append(group[p])
        for here in at.values():
            counts = Counter(here)
            for g, n in present.items():
                if g is None:
                    continue
                share = Fraction(n * len(here), len(row))
                total += max(0, counts[g] - ceil(share)) + max(0, floor(share) - counts[g])
    return total


def moved(problem: Problem, seats: dict) -> int:
    if problem.previous is None:
        return 0
    out = set()
    for r, old in problem.previous.items():
        if r not in problem.fixed:
            out |= {p for p, t in old.items() if p in seats[r] and seats[r][p] != t}
    return len(out)


def broken(problem: Problem, seats: dict) -> int:
    """Hard-rule breaks: missing seats, over capacity, unbalanced tables, moved hosts."""
    bad = 0
    cap = {t.id: t.capacity for t in problem.tables}
    for r in range(1, problem.rounds + 1):
        row = seats[r]
        if r in problem.fixed:
            bad += row != problem.fixed[r]
            continue
        bad += {p.id for p in problem.people if p.present_in(r)} != set(row)
        size = Counter(row.values())
        bad += sum(1 for t in cap if size[t] > cap[t])
        low = min(size[t] for t in cap)
        bad += sum(
            1
            for t in cap
            if size[t] > low + 1 and all(size[u] < cap[u] for u in cap if size[u] == low)
        )
        if problem.host_stays:
            bad += sum(1 for t in problem.tables if t.host in row and row[t.host] != t.id)
    return bad


# --- running -------------------------------------------------------------------------


def timed(problem: Problem, repeat: int) -> tuple[Plan, list[float]]:
    """The plan and the wall time of each of `repeat` calls to plan_seating."""
    times, plan = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        plan = plan_seating(problem)
        times.append(time.perf_counter() - started)
    assert plan is not None
    return plan, times


def run_one(suite: dict[str, Any], name: str, repeat: int) -> dict[str, Any]:
    """Plan one instance `repeat` times; report the checker's numbers and the median time."""
    specs = {s["id"]: s for s in suite["instances"]}
    spec = specs[name]
    extra: dict[str, Any] = {}
    if "base" in spec:
        base = build(specs[spec["base"]])
        problem, (table, host) = churn(base, plan_seating(base).seats, spec["churn"])
        extra = {"takeover": f"table {table} -> person {host}"}
        shape = specs[spec["base"]]
    else:
        problem, shape = build(spec), spec
    plan, times = timed(problem, repeat)
    return {
        "N": len(problem.people),
        "tables": len(problem.tables),
        "rounds": shape["rounds"],
        **check(problem, plan.seats),
        "time": statistics.median(times),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **extra,
    }


COLUMNS = [
    "id",
    "N",
    "tables",
    "rounds",
    "E",
    "LB",
    "best",
    "ref",
    "V",
    "B",
    "moved",
    "broken",
    "time s",
    "peak MB",
]


def row_of(spec: dict[str, Any], out: dict[str, Any]) -> list[str]:
    """One table row: the checker's numbers next to the suite's bounds and references."""
    known = [str(spec.get(k, "-")) for k in ("lower_bound_E", "best_known_E", "reference_E")]
    moved = str(out["moved"]) if spec.get("churn") else "-"
    counts = [str(out[k]) for k in ("N", "tables", "rounds", "E")]
    return [spec["id"], *counts, *known, str(out["V"]), str(out["B"]), moved, str(out["broken"]),
            f"{out['time']:.3f}", f"{out['peak_mb']:.0f}"]  # fmt: skip


def group_spec(name: str, shuffled: bool, seed: int) -> dict[str, Any]:
    """One group-balance instance; shuffled lists people (and so hosts) in random groups."""
    _, people, tables, size, groups = next(g for g in GROUP_SHAPES if g[0] == name)
    return {
        "participants": people,
        "tables": tables,
        "table_size": size,
        "rounds": 4,
        "host_stays": True,
        "groups": groups,
        "shuffle": seed if shuffled else None,
    }


def run_groups(name: str, shuffled: bool) -> dict[str, Any]:
    """Plan the instance for every seed; report the worst seed's numbers (highest B, then E)."""
    rows = []
    for seed in range(SEEDS):
        problem = replace(build(group_spec(name, shuffled, seed)), seed=seed, **GROUP_CAPS)
        started = time.perf_counter()
        plan = plan_seating(problem)
        took = time.perf_counter() - started
        out = check(problem, plan.seats)
        rows.append((out["B"], out["E"], seed, out, plan.metrics.group_spread_bound, took))
    worst = max(rows)
    by_seed = itemgetter(2)
    return {
        "worst_seed": worst[2],
        **worst[3],
        "bound": worst[4],
        "max_E": max(r[1] for r in rows),
        "max_B": worst[0],
        "seeds_at_bound": sum(1 for r in rows if r[0] <= r[4]),
        "settled": sum(1 for r in rows if r[0] == 0 or r[4] > 0),
        "above_zero": [(r[2], r[0], r[4]) for r in sorted(rows, key=by_seed) if r[0] or r[4]],
        "max_time": max(r[5] for r in rows),
    }


def run_scale(repeat: int) -> dict[str, Any]:
    """The 5,000-people plan and its re-plan after 100 changes, beside a 1,000-people plan."""
    _, base_times = timed(build(BASELINE), repeat)
    problem = build(SCALE)
    plan, times = timed(problem, repeat)
    changed, _ = churn(problem, plan.seats, CHANGES)
    again, re_times = timed(changed, repeat)
    shuffled = []
    for seed in range(SCALE_SEEDS):
        mixed = replace(build({**SCALE, "shuffle": seed}), seed=seed)
        mixed_plan, mixed_times = timed(mixed, 1)
        shuffled.append(
            {
                **check(mixed, mixed_plan.seats),
                "bound": mixed_plan.metrics.group_spread_bound,
                "time": mixed_times[0],
                "host_groups": dict(Counter(mixed.people[t.host].group for t in mixed.tables)),
            }
        )
    return {
        "shuffled": shuffled,
        "plan": {**check(problem, plan.seats), "bound": plan.metrics.group_spread_bound},
        "replan": {**check(changed, again.seats), "bound": again.metrics.group_spread_bound},
        "time": statistics.median(times),
        "replan_time": statistics.median(re_times),
        "baseline_time": statistics.median(base_times),
        "slowest": [max(times), max(re_times), max(base_times)],
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(args: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, *args]
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def print_groups() -> None:
    """One row per group instance and listing: the worst of 24 seeds. A seed is settled
    when B = 0 or its bound proves B = 0 impossible (bound >= 1); below the table, every
    seed where B or its bound is above 0, as seed: B / bound."""
    print(f"\nGroup balance, worst of {SEEDS} seeds (4 rounds, hosts stay):\n")
    print(
        "| id | listed | worst seed | E | V | B | B bound | max E | seeds at bound | "
        "settled | broken | max time s |"
    )
    print("|" + "---|" * 12)
    details = []
    for name, *_ in GROUP_SHAPES:
        for shuffled in (False, True):
            out = _child(["--groups", name] + (["--shuffled"] if shuffled else []))
            cells = [
                name,
                "shuffled" if shuffled else "in order",
                out["worst_seed"],
                out["E"],
                out["V"],
                out["B"],
                out["bound"],
                out["max_E"],
                f"{out['seeds_at_bound']}/{SEEDS}",
                f"{out['settled']}/{SEEDS}",
                out["broken"],
                f"{out['max_time']:.3f}",
            ]
            print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)
            if out["above_zero"]:
                seeds = ", ".join(f"{s}: {b} / {k}" for s, b, k in out["above_zero"])
                details.append(f"- {cells[0]} {cells[1]}: {seeds}")
    if details:
        print("\nSeeds where B or its bound is above 0 (seed: B / bound):\n")
        print("\n".join(details))


def print_scale(repeat: int) -> None:
    """The 5,000-people rows, with times as ratios to the 1,000-people plan of the same run."""
    out = _child(["--scale", "--repeat", str(repeat)])
    base = out["baseline_time"]
    print(f"\n5,000 people, 1,000 tables of 5, 4 rounds, 4 groups (median of {repeat}):\n")
    print("| run | E | V | B | B bound | moved | broken | time s | × 1,000-people plan |")
    print("|" + "---|" * 9)
    for label, key, t in (
        ("plan", "plan", out["time"]),
        ("re-plan, 100 changes", "replan", out["replan_time"]),
        ("1,000 people (baseline)", None, base),
    ):
        m = (
            out[key]
            if key
            else {"E": "-", "V": "-", "B": "-", "bound": "-", "moved": "-", "broken": "-"}
        )
        print(
            f"| {label} | {m['E']} | {m['V']} | {m['B']} | {m['bound']} | {m['moved']} | "
            f"{m['broken']} | {t:.3f} | {t / base:.2f} |"
        )
    for seed, m in enumerate(out["shuffled"]):
        t = m["time"]
        print(
            f"| plan, shuffled, seed {seed} | {m['E']} | {m['V']} | {m['B']} | {m['bound']} | - | "
            f"{m['broken']} | {t:.3f} | {t / base:.2f} |"
        )
    slow = ", ".join(f"{t:.3f}" for t in out["slowest"])
    print(f"\nslowest of the {repeat} (plan, re-plan, baseline): {slow} s")
    print(f"peak memory of that subprocess: {out['peak_mb']:.0f} MB (Python alone: about 17 MB)")
    print("hosts per group, shuffled seeds (G0..G3 of 2,000/1,250/1,000/750):")
    for seed, m in enumerate(out["shuffled"]):
        counts = "/".join(str(m["host_groups"].get(f"G{g}", 0)) for g in range(4))
        print(f"  seed {seed}: {counts}")


def main() -> None:
    """Run every instance in a subprocess and print the tables (Markdown)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("suite", nargs="?", default=str(DEFAULT_SUITE))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--part", choices=["suite", "groups", "scale"], action="append")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--groups", help=argparse.SUPPRESS)
    parser.add_argument("--shuffled", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    # Read only where needed: the group and scale parts make their own instances (and a
    # worktree has no ../shared beside it).
    def suite() -> dict[str, Any]:
        return json.loads(Path(args.suite).read_text())

    if args.one or args.groups or args.scale:
        if args.one:
            out = run_one(suite(), args.one, args.repeat)
        elif args.groups:
            out = run_groups(args.groups, args.shuffled)
        else:
            out = run_scale(args.repeat)
        print(json.dumps(out))
        return
    parts = args.part or ["suite", "groups", "scale"]
    if "suite" in parts:
        print_suite(suite(), args)
    if "groups" in parts:
        print_groups()
    if "scale" in parts:
        print_scale(args.repeat)


def print_suite(suite: dict[str, Any], args: argparse.Namespace) -> None:
    """The public suite: one row per instance."""
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    notes = []
    for spec in suite["instances"]:
        out = _child([args.suite, "--repeat", str(args.repeat), "--one", spec["id"]])
        print("| " + " | ".join(row_of(spec, out)) + " |", flush=True)
        if "takeover" in out:
            notes.append(f"{spec['id']}: host takeover {out['takeover']}")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
