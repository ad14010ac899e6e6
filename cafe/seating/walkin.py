"""Seating one newcomer at once, without re-planning anyone else (pure).

A walk-in at the door must see a table straight away, and the 700th must not wait longer
than the 10th: this looks at each table once per round (O(tables)), where the planner
searches over everybody. The full search still runs when the organiser publishes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RoundLoad:
    """Who already sits where in one round: people per table, and per (table, group)."""

    people: Mapping[int, int]
    groups: Mapping[tuple[int, str | None], int]


def choose_tables(
    tables: list[int],
    rounds: Mapping[int, RoundLoad],
    group: str | None,
    taken: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """round -> table for a newcomer of `group`, in every round of `rounds` they have no
    seat in yet (`taken`: round -> table they already have).

    Each round picks the least-full table; on a tie the one with fewest of their group,
    then one they have not sat at in another round, then the lowest id (tables in order)."""
    chosen = dict(taken or {})
    for number in sorted(rounds):
        if number in chosen:
            continue
        load = rounds[number]
        visited = set(chosen.values())
        _position, chosen[number] = min(
            enumerate(tables),
            key=lambda it: (
                load.people.get(it[1], 0),
                load.groups.get((it[1], group), 0) if group else 0,
                it[1] in visited,
                it[0],
            ),
        )
    return {r: t for r, t in chosen.items() if r in rounds and r not in (taken or {})}
