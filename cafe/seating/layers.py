"""A construction balanced by design, whatever the hosts' groups: layers of one group.

The class-shift construction moves whole classes by the same shift, so a class of one
group brings every table its share only when every table wants the same: with hosts of
every group a table whose host is of group g wants one traveller of g fewer, and no
hand-out of the shifted itineraries balances that (on 5,000 people with hosts of random
groups the hand-out stalls at B = 80-160, whatever the work). Here the composition comes
first: every table gets, in every round, the same count of each group (inside its share,
minus its host), and a group's travellers move only among seats of their group.

Tables are ordered by their host's group (then size), so a group's seats at level l, the
tables that want at least l travellers of it, form a few runs of that order: a layer.
The travellers of a layer are numbered along it and shift by a_l * b_r places along the
layer in round r, with a distinct a per layer. Two travellers of one layer never meet;
travellers of two layers that both move along the whole order meet at most once, as in
the class-shift construction; where a layer skips tables (runs that end), a traveller
jumps by the layer's gaps, so meetings can repeat, and the result is counted: it is used
only with no excess meeting and no revisit.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from cafe.seating.flow import FlowGraph
from cafe.seating.sizes import target_sizes

TRIES = 12
"""Orders of the layers' shifts tried before giving up (each costs one count of meetings)."""


@dataclass(frozen=True)
class Seating:
    """The tables (as positions in their order), their hosts and the travellers to seat."""

    capacity: Sequence[int]
    host: Sequence[int | None]
    """host[t]: the person index of table t's staying host, None when it has none."""
    travellers: Sequence[int]
    group: Sequence[int]
    """group[p]: p's group index, -1 for none (people with no group are not a group)."""
    groups: int
    rounds: int


def layered_rows(seating: Seating, rng: random.Random) -> list[dict[int, int]] | None:
    """Seats per round (person -> table) with every (round, table, group) count inside its
    share and no excess meeting and no revisit, or None when this construction has none."""
    tables = len(seating.capacity)
    if not tables or not seating.rounds or not seating.groups:
        return None
    order = sorted(range(tables), key=lambda t: (_host_group(seating, t), -seating.capacity[t]))
    want = _composition(seating, order)
    if want is None:
        return None
    layers = _layers(seating, order, want)
    if layers is None:
        return None
    slopes = _slopes(len(layers))
    for _ in range(TRIES):
        rows = _shifted(seating, layers, slopes)
        if _clean(seating, rows):
            return rows
        rng.shuffle(slopes)
    return None


def _host_group(seating: Seating, t: int) -> int:
    host = seating.host[t]
    return seating.groups if host is None else seating.group[host] % (seating.groups + 1)


def _composition(seating: Seating, order: list[int]) -> list[list[int]] | None:
    """want[t][g]: travellers of group g at table t in every round (index groups == no
    group), each table's count (host included) inside the share [floor(e), ceil(e)]."""
    groups = seating.groups
    hosts = [h for h in seating.host if h is not None]
    people = len(seating.travellers) + len(hosts)
    members = [0] * (groups + 1)
    for p in [*seating.travellers, *hosts]:
        members[seating.group[p] if seating.group[p] >= 0 else groups] += 1
    minimum = [1 if h is not None else 0 for h in seating.host]
    demand = [0] * len(order)
    for rank, t in enumerate(order):
        demand[t] = len(order) - rank  # the L+1 seats go to the first tables of the order
    try:
        sizes = target_sizes(people, seating.capacity, minimum, demand)
    except ValueError:
        return None
    low, high = [], []
    for t, size in enumerate(sizes):
        own = _own_group(seating, t)
        lo = [max(0, members[g] * size // people - (own == g)) for g in range(groups)]
        hi = [max(0, -(-members[g] * size // people) - (own == g)) for g in range(groups)]
        low.append(lo + [0])
        high.append(hi + [size])
    travelling = [m - sum(1 for h in hosts if _group_of(seating, h) == g)
                  for g, m in enumerate(members)]  # fmt: skip
    seats = [size - minimum[t] for t, size in enumerate(sizes)]
    return _fill(order, low, high, seats, travelling)


def _own_group(seating: Seating, t: int) -> int:
    host = seating.host[t]
    return -2 if host is None else _group_of(seating, host)


def _group_of(seating: Seating, p: int) -> int:
    return seating.group[p] if seating.group[p] >= 0 else seating.groups


def _fill(
    order: list[int],
    low: list[list[int]],
    high: list[list[int]],
    seats: list[int],
    travelling: list[int],
) -> list[list[int]] | None:
    """Counts between low and high filling every table's seats and using every traveller:
    a flow over kinds of table (same bounds and seats), then each kind's extra seats dealt
    in runs along the order (level by level), so a group's seats stay in few runs."""
    kinds: dict[tuple, list[int]] = {}
    for t in order:
        kinds.setdefault((tuple(low[t]), tuple(high[t]), seats[t]), []).append(t)
    keys = list(kinds)
    cells = len(travelling)
    rest = list(travelling)
    for t in order:
        for g in range(cells):
            rest[g] -= low[t][g]
    free = {key: len(kinds[key]) * (key[2] - sum(key[0])) for key in keys}
    if min(rest) < 0 or min(free.values(), default=0) < 0 or sum(rest) != sum(free.values()):
        return None
    graph = FlowGraph(2 + cells + len(keys))
    sink = 1 + cells + len(keys)
    arcs = {}
    for g in range(cells):
        graph.arc(0, 1 + g, rest[g], 0)
        for k, key in enumerate(keys):
            arcs[g, k] = len(graph.head)
            graph.arc(1 + g, 1 + cells + k, len(kinds[key]) * (key[1][g] - key[0][g]), 0)
    for k, key in enumerate(keys):
        graph.arc(1 + cells + k, sink, free[key], 0)
    try:
        graph.min_cost(0, sink, sum(rest))
    except ValueError:
        return None
    want = [list(row) for row in low]
    for k, key in enumerate(keys):
        members = kinds[key]
        slots = [(level, t) for level in range(key[2] - sum(key[0])) for t in members]
        at = 0
        for g in range(cells):
            extra = graph.cap[arcs[g, k] ^ 1]
            for _, t in slots[at : at + extra]:
                want[t][g] += 1
            at += extra
    return want


def _layers(
    seating: Seating, order: list[int], want: list[list[int]]
) -> list[tuple[list[int], list[int]]] | None:
    """(tables along the order, travellers) per layer: level l of group g holds the tables
    that want at least l travellers of g."""
    by_group: dict[int, list[int]] = {}
    for p in seating.travellers:
        by_group.setdefault(_group_of(seating, p), []).append(p)
    layers = []
    for g in range(seating.groups + 1):
        people = by_group.get(g, [])
        top = max((row[g] for row in want), default=0)
        at = 0
        for level in range(1, top + 1):
            run = [t for t in order if want[t][g] >= level]
            layers.append((run, people[at : at + len(run)]))
            at += len(run)
        if at != len(people):
            return None
    return layers


def _slopes(count: int) -> list[int]:
    """Distinct non-zero shifts per round, smallest first: 1, -1, 2, -2, ..."""
    return [(i // 2 + 1) * (1 if i % 2 == 0 else -1) for i in range(count)]


def _shifted(
    seating: Seating, layers: list[tuple[list[int], list[int]]], slopes: list[int]
) -> list[dict[int, int]]:
    """Round r: the traveller at place u of a layer sits at its place u + a * r."""
    rows: list[dict[int, int]] = []
    for r in range(seating.rounds):
        row = {h: t for t, h in enumerate(seating.host) if h is not None}
        for (run, people), a in zip(layers, slopes, strict=True):
            n = len(run)
            for u, p in enumerate(people):
                row[p] = run[(u + a * r) % n]
        rows.append(row)
    return rows


def _clean(seating: Seating, rows: list[dict[int, int]]) -> bool:
    """No two people together twice and nobody at one table twice."""
    met: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    for row in rows:
        at: dict[int, list[int]] = {}
        for p, t in row.items():
            at.setdefault(t, []).append(p)
            if seating.host[t] != p:
                if (p, t) in seen:
                    return False
                seen.add((p, t))
        for people in at.values():
            for i, p in enumerate(people):
                for q in people[i + 1 :]:
                    pair = (p, q) if p < q else (q, p)
                    if pair in met:
                        return False
                    met.add(pair)
    return True
