"""What the report says about how the morning ran: attendance by group, how the tables
were mixed, how people voted. Plain dataclasses, filled by `cafe.services.harvest`, and
the pure counting that turns a seating into those figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import mean

from cafe.seating.measure import pair_meetings, tables_of


@dataclass(frozen=True)
class Attendance:
    """One stakeholder group ('' = did not say): on the list before the day, checked in,
    added at the desk on the day, gone home early."""

    group: str
    invited: int = 0
    present: int = 0
    walk_ins: int = 0
    left: int = 0


@dataclass(frozen=True)
class Mixing:
    """How the seating mixed people, counted from the seats of the rounds."""

    people: int
    met_least: int
    met_most: int
    met_mean: float
    repeated_pairs: int
    table_rounds: int
    """Tables with people, summed over the rounds."""
    all_groups: int
    """Of those, the tables where every declared group sat."""
    groups: int


@dataclass(frozen=True)
class Method:
    """The morning's shape and its rules."""

    round_minutes: int
    table_size: int
    host_stays: bool
    hosts: int = 0
    hosts_stayed: int = 0
    checked_in: bool = False
    mixing: Mixing | None = None
    vote_dots: int = 0
    vote_stack: bool = False
    voters: int = 0
    dots_cast: int = 0
    voters_by_group: dict[str, int] = field(default_factory=dict)
    star_limit: int = 0


def mixing(
    seats: Mapping[int, Mapping[int, int]], groups_of: Mapping[int, str], groups: list[str]
) -> Mixing | None:
    """The mixing figures of `seats` (round -> person -> table); None without seats."""
    seats = {r: row for r, row in seats.items() if row}
    if not seats:
        return None
    met: dict[int, set[int]] = {}
    for pair in pair_meetings(seats):
        a, b = tuple(pair)
        met.setdefault(a, set()).add(b)
        met.setdefault(b, set()).add(a)
    people = {p for row in seats.values() for p in row}
    counts = [len(met.get(p, ())) for p in people]
    tables = [t for row in seats.values() for t in tables_of(row).values()]
    declared = set(groups)
    full = sum(1 for t in tables if declared and declared <= {groups_of.get(p) for p in t})
    return Mixing(
        people=len(people),
        met_least=min(counts),
        met_most=max(counts),
        met_mean=mean(counts),
        repeated_pairs=sum(1 for n in pair_meetings(seats).values() if n > 1),
        table_rounds=len(tables),
        all_groups=full,
        groups=len(declared),
    )


def hosts_who_stayed(seats: Mapping[int, Mapping[int, int]], hosts: Mapping[int, int]) -> int:
    """Hosts (table -> person) seated at their own table in every round they sat."""
    stayed = 0
    for table, person in hosts.items():
        rounds = [row[person] for row in seats.values() if person in row]
        stayed += bool(rounds) and all(t == table for t in rounds)
    return stayed
