"""Translate a Problem into integer indices (people, tables, rounds) and back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cafe.seating.model import PersonId, Problem, Seats, TableId


@dataclass(frozen=True)
class Layout:
    """Index maps and the facts every stage needs, in index form (rounds 0-based)."""

    person_ids: list[PersonId]
    table_ids: list[TableId]
    person_at: dict[PersonId, int]
    table_at: dict[TableId, int]
    free: list[bool]
    present: list[list[bool]]
    """present[r][p]: p needs a seat in free round r (False in fixed rounds)."""
    pinned: list[int]
    """pinned[p]: the table a staying host never leaves, -1 for travellers."""
    held: list[dict[int, int]]
    """held[r][p]: a table p must keep in free round r (Problem.pinned), by index."""
    group: list[int]
    groups: int
    capacity: list[int]


def validate(problem: Problem) -> None:
    """Raise ValueError with a message the organiser can act on."""
    ids = [p.id for p in problem.people]
    if len(set(ids)) != len(ids):
        raise ValueError("Two participants share the same id.")
    if len({t.id for t in problem.tables}) != len(problem.tables):
        raise ValueError("Two tables share the same id.")
    known = set(ids)
    hosts = [t.host for t in problem.tables if t.host is not None]
    if len(set(hosts)) != len(hosts):
        raise ValueError("One person hosts more than one table.")
    for t in problem.tables:
        if t.capacity < 0:
            raise ValueError(f"Table {t.id} has a negative capacity.")
        if t.host is not None and t.host not in known:
            raise ValueError(f"The host of table {t.id} is not among the participants.")
        if t.host is not None and problem.host_stays and t.capacity < 1:
            raise ValueError(f"Table {t.id} has a host but no seats.")
    seats = sum(t.capacity for t in problem.tables)
    for r in range(1, problem.rounds + 1):
        if r in problem.fixed:
            continue
        present = sum(1 for p in problem.people if p.present_in(r))
        if present > seats:
            raise ValueError(
                f"Round {r}: {present} people are present but the tables seat only {seats}."
            )
    _validate_pins(problem)


def _validate_pins(problem: Problem) -> None:
    """Pins must name known tables, not move a staying host, and fit each table."""
    tables = {t.id: t for t in problem.tables}
    hosts = {t.host: t.id for t in problem.tables if t.host is not None and problem.host_stays}
    for r, row in problem.pinned.items():
        if r in problem.fixed:
            continue
        load = {tid: int(t.host is not None and problem.host_stays) for tid, t in tables.items()}
        for pid, tid in row.items():
            if tid not in tables:
                raise ValueError(f"Round {r}: person {pid} is pinned to unknown table {tid}.")
            if pid in hosts:
                if hosts[pid] != tid:
                    raise ValueError(f"Round {r}: host {pid} is pinned away from their table.")
                continue
            load[tid] += 1
        for tid, count in load.items():
            if count > tables[tid].capacity:
                raise ValueError(f"Round {r}: more people are pinned to table {tid} than it seats.")


def build_layout(problem: Problem) -> Layout:
    """Index the problem; staying hosts are pinned to their tables."""
    person_ids = [p.id for p in problem.people]
    table_ids = [t.id for t in problem.tables]
    person_at = {pid: i for i, pid in enumerate(person_ids)}
    table_at = {tid: i for i, tid in enumerate(table_ids)}
    free = [r + 1 not in problem.fixed for r in range(problem.rounds)]
    present = [
        [free[r] and p.present_in(r + 1) for p in problem.people] for r in range(problem.rounds)
    ]
    pinned = [-1] * len(person_ids)
    if problem.host_stays:
        for t, table in enumerate(problem.tables):
            if table.host is not None:
                pinned[person_at[table.host]] = t
    names = sorted({p.group for p in problem.people if p.group is not None})
    group_at = {g: i for i, g in enumerate(names)}
    group = [group_at[p.group] if p.group is not None else -1 for p in problem.people]
    capacity = [t.capacity for t in problem.tables]
    held: list[dict[int, int]] = [{} for _ in range(problem.rounds)]
    for r, row in problem.pinned.items():
        for pid, tid in row.items():
            if 1 <= r <= problem.rounds and pid in person_at and tid in table_at:
                p = person_at[pid]
                if present[r - 1][p] and pinned[p] < 0:
                    held[r - 1][p] = table_at[tid]
    return Layout(
        person_ids,
        table_ids,
        person_at,
        table_at,
        free,
        present,
        pinned,
        held,
        group,
        len(names),
        capacity,
    )


def hard_seat(layout: Layout, r: int, p: int) -> int:
    """The table p must sit at in round r (a staying host's, or a pin), or -1."""
    return layout.pinned[p] if layout.pinned[p] >= 0 else layout.held[r].get(p, -1)


def index_rows(
    layout: Layout, rows: Mapping[int, Mapping[PersonId, TableId]], rounds: int
) -> list[list[int]]:
    """Seats by index for rounds 1..rounds; unknown people or tables are left out."""
    out = [[-1] * len(layout.person_ids) for _ in range(rounds)]
    for r, row in rows.items():
        if 1 <= r <= rounds:
            for pid, tid in row.items():
                if pid in layout.person_at and tid in layout.table_at:
                    out[r - 1][layout.person_at[pid]] = layout.table_at[tid]
    return out


def to_seats(layout: Layout, problem: Problem, seat: list[list[int]]) -> Seats:
    """Seats by id; fixed rounds are copied from the problem unchanged."""
    seats: Seats = {}
    for r in range(problem.rounds):
        if not layout.free[r]:
            seats[r + 1] = dict(problem.fixed[r + 1])
            continue
        seats[r + 1] = {
            layout.person_ids[p]: layout.table_ids[t] for p, t in enumerate(seat[r]) if t >= 0
        }
    return seats
