"""Balance groups by handing whole itineraries to other people (labels.py does the search).

Used on a plan whose meetings are settled: the construction's slots before the fill, or a
finished search plan with no played rounds. People of the same kind (same presence, free
in every round) are interchangeable for meetings and visits, so handing person a's
itinerary to person b of another group changes group spread only.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from cafe.seating.labels import Itineraries, balance_labels

WORK_PER_ITINERARY = 200
"""Trades weighed per itinerary at most: when a balance exists it is found well within
this (30 to 5,000 people), and when none exists more work only costs time."""

Visits = Sequence[Sequence[int]]
"""visits[i][r]: the table of seat-holder i in round r, -1 when absent."""


def balanced_owners(
    visits: Visits,
    group: Sequence[int],
    kind: Sequence[int],
    held: Visits,
    held_group: Sequence[int],
    groups: int,
    tables: int,
    rng: random.Random,
    work: int,
    target: int = 0,
    deadline: float = math.inf,
) -> tuple[list[int], int]:
    """holder[i]: the seat-holder who takes itinerary i, for the least group spread found.

    held and held_group are the people who keep their seats (staying hosts, pins);
    returns the holders and the work spent.
    """
    rows = [(row, g, True) for row, g in zip(held, held_group, strict=True)]
    rows += [(row, g, False) for row, g in zip(visits, group, strict=True)]
    its = _itineraries(rows, kind, groups, tables)
    work = min(work, WORK_PER_ITINERARY * len(visits))
    labels, spent = balance_labels(its, group, rng, work, target, deadline)
    taken: dict[tuple[int, int], list[int]] = {}
    for i in reversed(range(len(group))):
        taken.setdefault((kind[i], group[i]), []).append(i)
    return [taken[kind[i], labels[i]].pop() for i in range(len(group))], spent


def _itineraries(
    rows: Sequence[tuple[Sequence[int], int, bool]], kind: Sequence[int], groups: int, tables: int
) -> Itineraries:
    """Cells, base counts and fair-share bounds from (route, group, keeps the seat) rows."""
    rounds = len(rows[0][0]) if rows else 0
    cells = rounds * tables
    base = [[0] * groups for _ in range(cells)]
    size = [0] * cells
    totals = [[0] * groups for _ in range(rounds)]
    present = [0] * rounds
    routes = []
    for row, g, is_held in rows:
        route = [r * tables + t for r, t in enumerate(row) if t >= 0]
        for c in route:
            size[c] += 1
            present[c // tables] += 1
            if g >= 0:
                totals[c // tables][g] += 1
                if is_held:
                    base[c][g] += 1
        if not is_held:
            routes.append(route)
    low = [[totals[c // tables][g] * size[c] // max(1, present[c // tables])
            for g in range(groups)] for c in range(cells)]  # fmt: skip
    high = [[-(-totals[c // tables][g] * size[c] // max(1, present[c // tables]))
             for g in range(groups)] for c in range(cells)]  # fmt: skip
    return Itineraries(cells=routes, kind=kind, base=base, low=low, high=high)
