"""The starting seats of one free round: preferred tables first, then a greedy fill."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence

from cafe.seating.layout import Layout
from cafe.seating.sizes import target_sizes


def fill_round(
    layout: Layout,
    r: int,
    seat: list[list[int]],
    prefs: Mapping[int, int],
    rng: random.Random,
) -> None:
    """Seat everyone present in round r: staying hosts and pins, then preferences, then the rest.

    Table sizes follow target_sizes, so the round is balanced before any search.
    """
    row = seat[r]
    people = [p for p, here in enumerate(layout.present[r]) if here]
    tables = len(layout.table_ids)
    minimum = [0] * tables
    demand = [0] * tables
    pins = layout.pins[r]
    held = {p: layout.pinned[p] for p in people if layout.pinned[p] >= 0}
    held.update(pins)
    for p in people:
        if p in held:
            minimum[held[p]] += 1
        want = held.get(p, prefs.get(p, -1))
        if want >= 0:
            demand[want] += 1
    sizes = target_sizes(len(people), layout.capacity, minimum, demand)
    count = [0] * tables
    at: list[list[int]] = [[] for _ in range(tables)]
    waiting = []
    for p in sorted(people, key=lambda p: p not in held):
        want = held.get(p, prefs.get(p, -1))
        if want >= 0 and count[want] < sizes[want]:
            row[p] = want
            count[want] += 1
            at[want].append(p)
        else:
            waiting.append(p)
    others = [(other, _by_table(other)) for i, other in enumerate(seat) if i != r]
    rng.shuffle(waiting)
    for p in waiting:
        t = _best_table(layout, p, others, at, sizes)
        row[p] = t
        at[t].append(p)


def _by_table(row: Sequence[int]) -> dict[int, list[int]]:
    at: dict[int, list[int]] = {}
    for q, t in enumerate(row):
        if t >= 0:
            at.setdefault(t, []).append(q)
    return at


def _best_table(
    layout: Layout,
    p: int,
    others: Sequence[tuple[Sequence[int], dict[int, list[int]]]],
    at: Sequence[list[int]],
    sizes: Sequence[int],
) -> int:
    """The open table where p meets the fewest old partners, revisits least, balances groups."""
    met: Counter[int] = Counter()
    visited = set()
    for row, rows in others:
        t = row[p]
        if t >= 0:
            visited.add(t)
            met.update(rows[t])
    group = layout.group[p]
    best, best_key = -1, (0, False, 0, 0)
    for t, size in enumerate(sizes):
        if len(at[t]) >= size:
            continue
        here = at[t]
        key = (
            sum(met[q] for q in here),
            t in visited,
            sum(1 for q in here if group >= 0 and layout.group[q] == group),
            len(here) - size,
        )
        if best < 0 or key < best_key:
            best, best_key = t, key
    return best
