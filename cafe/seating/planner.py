"""A simple greedy planner (placeholder until the optimiser lands behind the same call)."""

from __future__ import annotations

import random
from collections import Counter

from cafe.seating.model import Metrics, Plan, Problem, Seats


def plan_seating(problem: Problem) -> Plan:
    """Seat every present person in every round not fixed, keeping hosts at their tables."""
    rng = random.Random(problem.seed)
    seats: Seats = {r: dict(problem.fixed.get(r, {})) for r in range(1, problem.rounds + 1)}
    hosts = {t.host: t.id for t in problem.tables if t.host is not None}
    met: Counter = Counter()
    for r in range(1, problem.rounds + 1):
        if r not in problem.fixed:
            _fill_round(problem, r, seats, hosts, met, rng)
        _count_meetings(seats[r], met)
    return Plan(seats=seats, metrics=Metrics())


def _fill_round(problem, r, seats, hosts, met, rng) -> None:
    row = seats[r]
    cap = {t.id: t.capacity for t in problem.tables}
    at: dict = {t.id: [] for t in problem.tables}
    for p in problem.people:
        if p.present_in(r) and problem.host_stays and p.id in hosts:
            row[p.id] = hosts[p.id]
            at[hosts[p.id]].append(p.id)
    travellers = [p.id for p in problem.people if p.present_in(r) and p.id not in row]
    rng.shuffle(travellers)
    visited = {pid: {seats[s].get(pid) for s in range(1, r)} for pid in travellers}
    for pid in travellers:
        options = [t for t in at if len(at[t]) < cap[t]] or list(at)
        best = min(
            options,
            key=lambda t: (
                len(at[t]),
                sum(met[frozenset((pid, o))] for o in at[t]),
                t in visited[pid],
            ),
        )
        row[pid] = best
        at[best].append(pid)


def _count_meetings(row, met: Counter) -> None:
    by_table: dict = {}
    for pid, tid in row.items():
        by_table.setdefault(tid, []).append(pid)
    for group in by_table.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                met[frozenset((a, b))] += 1
