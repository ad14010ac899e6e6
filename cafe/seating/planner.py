"""plan_seating: construction or previous plan as a start, a balanced fill, then tabu search."""

from __future__ import annotations

import random
import time

from cafe.seating.bounds import excess_lower_bound, revisit_lower_bound
from cafe.seating.construction import construct, slot_order
from cafe.seating.fill import fill_round
from cafe.seating.layout import Layout, build_layout, index_rows, to_seats, validate
from cafe.seating.measure import measure
from cafe.seating.model import Metrics, Plan, Problem
from cafe.seating.search import Limits, improve
from cafe.seating.state import Shape, State

WORK_PER_SECOND = 175_000
"""Candidate moves weighed per second of time_budget; calibrated low for a 2-core laptop
so that the work cap, which is deterministic, normally ends the search before the clock."""


def plan_seating(problem: Problem) -> Plan:
    """Seat every present person in every round not fixed, keeping hosts at their tables."""
    started = time.perf_counter()
    validate(problem)
    if problem.rounds <= 0:
        return Plan(seats={}, metrics=Metrics())
    layout = build_layout(problem)
    rng = random.Random(problem.seed)
    seat = index_rows(layout, problem.fixed, problem.rounds)
    prefs = _preferences(problem, layout)
    for r in range(problem.rounds):
        if layout.free[r]:
            fill_round(layout, r, seat, prefs[r], rng)
    if any(layout.free):
        seat = _search(problem, layout, seat, rng, started)
    seats = to_seats(layout, problem, seat)
    return Plan(seats=seats, metrics=measure(problem, seats))


def _preferences(problem: Problem, layout: Layout) -> list[dict[int, int]]:
    """Where each person would like to sit per round: the previous plan, else the construction."""
    if problem.previous is not None:
        rows = index_rows(layout, problem.previous, problem.rounds)
        return [{p: t for p, t in enumerate(row) if t >= 0} for row in rows]
    free = [r for r in range(problem.rounds) if layout.free[r]]
    tables = len(layout.table_ids)
    active = [p for p in range(len(layout.person_ids)) if any(layout.present[r][p] for r in free)]
    host_slots: list[int | None] = [None] * tables
    for p in active:
        if layout.pinned[p] >= 0:
            host_slots[layout.pinned[p]] = p
    travellers = slot_order([p for p in active if layout.pinned[p] < 0], layout.group, tables)
    built, _ = construct(tables, host_slots, travellers, len(free), problem.host_stays)
    prefs: list[dict[int, int]] = [{} for _ in range(problem.rounds)]
    for pos, r in enumerate(free):
        prefs[r] = built[pos]
    return prefs


def _search(
    problem: Problem, layout: Layout, seat: list[list[int]], rng: random.Random, started: float
) -> list[list[int]]:
    """Improve the filled seats within the problem's work and time caps."""
    people = len(layout.person_ids)
    previous = (
        index_rows(layout, problem.previous, problem.rounds)
        if problem.previous is not None
        else None
    )
    movable = [
        [
            layout.present[r][p] and layout.pinned[p] < 0 and p not in layout.pins[r]
            for p in range(people)
        ]
        for r in range(problem.rounds)
    ]
    traveller = [layout.pinned[p] < 0 for p in range(people)]
    shape = Shape(
        people=people,
        tables=len(layout.table_ids),
        rounds=problem.rounds,
        free=layout.free,
        movable=movable,
        traveller=traveller,
        group=layout.group,
        groups=layout.groups,
        capacity=layout.capacity,
        previous=previous,
    )
    state = State(shape, seat)
    usable = sum(1 for c in layout.capacity if c > 0)
    limits = Limits(
        min_e=excess_lower_bound(seat, layout.free, people),
        min_v=revisit_lower_bound(
            seat, layout.free, [p for p in range(people) if traveller[p]], usable
        ),
        work=problem.work_limit
        if problem.work_limit is not None
        else int(problem.time_budget * WORK_PER_SECOND),
        deadline=started + problem.time_budget,
    )
    return improve(state, limits, rng)
