"""plan_seating: construction or previous plan as a start, a balanced fill, then tabu search."""

from __future__ import annotations

import random
import time

from cafe.seating.balance import balanced_owners
from cafe.seating.bounds import excess_lower_bound, revisit_lower_bound
from cafe.seating.construction import construct, slot_order
from cafe.seating.exact_shape import canonical_shape
from cafe.seating.exact_spread import (
    SAFE_RATE,
    exact_conflicts,
    exact_rows,
    exact_spread,
    known_floor,
)
from cafe.seating.fill import fill_round
from cafe.seating.layers import Seating, layered_rows
from cafe.seating.layout import Layout, build_layout, index_rows, to_seats, validate
from cafe.seating.measure import group_spread, measure, pair_meetings
from cafe.seating.model import Metrics, Plan, Problem
from cafe.seating.search import Limits, improve
from cafe.seating.six_tables import six_table_balance
from cafe.seating.spread import group_spread_bound
from cafe.seating.state import Shape, State


def plan_seating(problem: Problem) -> Plan:
    """Seat every present person in every round not fixed, keeping hosts at their tables."""
    started = time.perf_counter()
    validate(problem)
    if problem.rounds <= 0:
        return Plan(seats={}, metrics=Metrics())
    layout = build_layout(problem)
    rng = random.Random(problem.seed)
    seat = index_rows(layout, problem.fixed, problem.rounds)
    lent = [0.0]
    prefs = _preferences(problem, layout, rng, started + problem.time_budget, lent)
    for r in range(problem.rounds):
        if layout.free[r]:
            fill_round(layout, r, seat, prefs[r], rng)
    if any(layout.free):
        seat = _search(problem, layout, seat, rng, started + lent[0])
    seats = to_seats(layout, problem, seat)
    return Plan(seats=seats, metrics=measure(problem, seats))


def _preferences(
    problem: Problem, layout: Layout, rng: random.Random, deadline: float, lent: list[float]
) -> list[dict[int, int]]:
    """Where each person would like to sit per round: the previous plan, else the
    construction; lent[0] is set to the seconds the exact model took (the search's clock
    starts after them)."""
    if problem.previous is not None:
        rows = index_rows(layout, problem.previous, problem.rounds)
        exact = _exact_over(problem, layout, deadline, lent)
        return exact or [{p: t for p, t in enumerate(row) if t >= 0} for row in rows]
    free = [r for r in range(problem.rounds) if layout.free[r]]
    tables = len(layout.table_ids)
    active = [p for p in range(len(layout.person_ids)) if any(layout.present[r][p] for r in free)]
    host_slots: list[int | None] = [None] * tables
    for p in active:
        if layout.pinned[p] >= 0:
            host_slots[layout.pinned[p]] = p
    travellers = slot_order([p for p in active if layout.pinned[p] < 0], layout.group, tables)
    balanced = layout.groups and not any(layout.pins) and _same_presence(layout, active, free)
    # Tables in the order of their hosts' groups: with the small shifts of the construction,
    # a traveller then meets each host group in one stretch of tables, so whole classes of
    # a group can avoid the tables its own group hosts.
    order = sorted(range(tables), key=lambda t: _host_group(layout, host_slots[t]))
    built, _ = construct(
        tables, [host_slots[t] for t in order], travellers, len(free), problem.host_stays
    )
    built = [{p: order[x] for p, x in row.items()} for row in built]
    if balanced and _spread_of(problem, layout, free, built):
        layered = _layered(problem, layout, host_slots, travellers, len(free))
        if layered is not None and not _spread_of(problem, layout, free, layered):
            return _by_round(problem, free, layered)
    if balanced:
        hosts = [p for p in host_slots if p is not None]
        work = problem.work_cap() // 4
        built = _balance_slots(layout, built, travellers, hosts, rng, work, deadline)
        if problem.host_stays and _spread_of(problem, layout, free, built):
            rows = _exact_rows(problem, layout, deadline, lent)
            if rows is None:
                steps, halfway = problem.work_cap() // 8, deadline - problem.time_budget / 2
                rows = six_table_balance(layout, host_slots, travellers, len(free), steps, halfway)
            built = rows if rows is not None else built
    return _by_round(problem, free, built)


def _layered(
    problem: Problem,
    layout: Layout,
    host_slots: list[int | None],
    travellers: list[int],
    rounds: int,
) -> list[dict[int, int]] | None:
    """Seats from layers of one group (layers.py): balanced by design whatever the hosts'
    groups, used when they also have no excess meeting and no revisit."""
    seating = Seating(layout.capacity, host_slots, travellers, layout.group, layout.groups, rounds)
    return layered_rows(seating, random.Random(problem.seed))


def _exact_rows(
    problem: Problem, layout: Layout, deadline: float, lent: list[float]
) -> list[dict[int, int]] | None:
    """A plan with E = 0 and the least B from the exact model, on a fresh plan of a shape
    it covers (nothing played, no pins), as index rows per round; None otherwise. Its
    conflicts come on top of the search's work cap (when it decides, no search is
    needed), and the search's clock starts after it (lent[0] seconds)."""
    if problem.fixed or any(problem.pinned.values()):
        return None
    mapping = canonical_shape(problem)
    if mapping is None:
        return None
    began = time.perf_counter()
    conflicts = exact_conflicts(problem)
    # Its own clock: the cap ends it, and the search's budget starts after it.
    exact = exact_spread(mapping.shape, conflicts, max(deadline, began + conflicts / SAFE_RATE))
    lent[0] = time.perf_counter() - began
    if exact.seats is None:
        return None
    return [
        {layout.person_at[p]: layout.table_at[t] for p, t in row.items()}
        for row in exact_rows(mapping, exact)
    ]


def _exact_over(
    problem: Problem, layout: Layout, deadline: float, lent: list[float]
) -> list[dict[int, int]] | None:
    """The exact model's plan instead of the previous one, when a re-plan with nothing
    played or pinned has a previous plan that it beats on (E, B): meetings and balance
    come before moving few people."""
    assert problem.previous is not None
    if not layout.groups or problem.fixed or any(problem.pinned.values()):
        return None
    old = {r: dict(row) for r, row in problem.previous.items()}
    excess = sum(m - 1 for m in pair_meetings(old).values() if m > 1)
    spread = group_spread(problem, old)
    if not excess and not spread:
        return None
    rows = _exact_rows(problem, layout, deadline, lent)
    if rows is None:
        return None
    return rows if excess or spread > known_floor(problem) else None


def _spread_of(
    problem: Problem, layout: Layout, free: list[int], built: list[dict[int, int]]
) -> int:
    """Group spread of preferred seats (every present person has one in these rounds)."""
    seats = {
        r + 1: {layout.person_ids[p]: layout.table_ids[t] for p, t in row.items()}
        for r, row in zip(free, built, strict=True)
    }
    return group_spread(problem, seats)


def _by_round(
    problem: Problem, free: list[int], built: list[dict[int, int]]
) -> list[dict[int, int]]:
    """Preferences of the free rounds placed at their round numbers (empty elsewhere)."""
    prefs: list[dict[int, int]] = [{} for _ in range(problem.rounds)]
    for pos, r in enumerate(free):
        prefs[r] = built[pos]
    return prefs


def _host_group(layout: Layout, host: int | None) -> int:
    """Sort key of a table by its host's group (tables without a host or group last)."""
    return layout.groups if host is None or layout.group[host] < 0 else layout.group[host]


def _same_presence(layout: Layout, active: list[int], free: list[int]) -> bool:
    """Everyone planned is present in every free round."""
    return all(layout.present[r][p] for r in free for p in active)


def _balance_slots(
    layout: Layout,
    built: list[dict[int, int]],
    travellers: list[int],
    hosts: list[int],
    rng: random.Random,
    work: int,
    deadline: float,
) -> list[dict[int, int]]:
    """Hand the construction's itineraries to travellers so that groups are balanced."""
    group = layout.group
    visits = [[row.get(p, -1) for row in built] for p in travellers]
    held = [[row.get(p, -1) for row in built] for p in hosts]
    holder, _ = balanced_owners(
        visits,
        [group[p] for p in travellers],
        [0] * len(travellers),
        held,
        [group[p] for p in hosts],
        layout.groups,
        len(layout.table_ids),
        rng,
        work,
        deadline=deadline,
    )
    out = [{p: row[p] for p in hosts if p in row} for row in built]
    for i, p in enumerate(travellers):
        for pos, row in enumerate(built):
            if p in row:
                out[pos][travellers[holder[i]]] = row[p]
    return out


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
    started_seats = to_seats(layout, problem, seat)
    limits = Limits(
        min_e=excess_lower_bound(seat, layout.free, people),
        min_v=revisit_lower_bound(
            seat, layout.free, [p for p in range(people) if traveller[p]], usable
        ),
        min_b=max(group_spread_bound(problem, started_seats), known_floor(problem)),
        work=problem.work_cap(),
        deadline=started + problem.time_budget,
    )
    return improve(state, limits, rng)
