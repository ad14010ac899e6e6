"""Seating benchmark: run the public suite and print one row per instance (not a test).

Usage: python bench/seating.py [SUITE.json] [--repeat N]
Each instance runs in its own subprocess so peak memory (ru_maxrss) is per instance.
Metrics come from the checker below, not from the planner's own numbers.
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cafe.seating import Person, Problem, Table, plan_seating, suggest_host  # noqa: E402

DEFAULT_SUITE = ROOT / ".." / "shared" / "bench" / "seating-suite.json"


def build(spec: dict[str, Any]) -> Problem:
    """Participants from the description: hosts are the first T, groups in the given counts."""
    labels = [f"G{i}" for i, count in enumerate(spec.get("groups") or []) for _ in range(count)]
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
    times, plan = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        plan = plan_seating(problem)
        times.append(time.perf_counter() - started)
    assert plan is not None
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


def main() -> None:
    """Run every instance in a subprocess and print the table (Markdown)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("suite", nargs="?", default=str(DEFAULT_SUITE))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    suite = json.loads(Path(args.suite).read_text())
    if args.one:
        print(json.dumps(run_one(suite, args.one, args.repeat)))
        return
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    notes = []
    for spec in suite["instances"]:
        cmd = [
            sys.executable,
            __file__,
            args.suite,
            "--repeat",
            str(args.repeat),
            "--one",
            spec["id"],
        ]
        out = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
        print("| " + " | ".join(row_of(spec, out)) + " |", flush=True)
        if "takeover" in out:
            notes.append(f"{spec['id']}: host takeover {out['takeover']}")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
