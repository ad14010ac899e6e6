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
    pins: list[dict[int, int]]
    """pins[r]: person -> table set by hand in free round r (present people only)."""
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
    _validate_pins(problem, known)
    seats = sum(t.capacity for t in problem.tables)
    for r in range(1, problem.rounds + 1):
        if r in problem.fixed:
            continue
        present = sum(1 for p in problem.people if p.present_in(r))
        if present > seats:
            raise ValueError(
                f"Round {r}: {present} people are present but the tables seat only {seats}."
            )


def _validate_pins(problem: Problem, known: set[PersonId]) -> None:
    """Pins must name known people and tables, keep staying hosts home and fit the tables."""
    tables = {t.id: t for t in problem.tables}
    home = {t.host: t.id for t in problem.tables if t.host is not None and problem.host_stays}
    for r, row in problem.pinned.items():
        load: dict[TableId, int] = {}
        for pid, tid in row.items():
            if pid not in known:
                raise ValueError(f"Round {r}: {pid!r} is pinned but is not a participant.")
            if tid not in tables:
                raise ValueError(f"Round {r}: {pid!r} is pinned to an unknown table {tid!r}.")
            if pid in home and home[pid] != tid:
                raise ValueError(
                    f"Round {r}: the host of table {home[pid]!r} cannot be pinned away."
                )
            if pid not in home:
                load[tid] = load.get(tid, 0) + 1
        for tid, count in load.items():
            table = tables[tid]
            hosted = table.host is not None and problem.host_stays
            if count + hosted > table.capacity:
                raise ValueError(
                    f"Round {r}: more people are pinned to table {tid!r} than it seats."
                )


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
    pins: list[dict[int, int]] = [{} for _ in range(problem.rounds)]
    for r, row in problem.pinned.items():
        if 1 <= r <= problem.rounds and free[r - 1]:
            for pid, tid in row.items():
                if present[r - 1][person_at[pid]]:
                    pins[r - 1][person_at[pid]] = table_at[tid]
    return Layout(
        person_ids,
        table_ids,
        person_at,
        table_at,
        free,
        present,
        pinned,
        pins,
        group,
        len(names),
        capacity,
    )


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
