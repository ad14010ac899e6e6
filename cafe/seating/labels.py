"""Who takes which itinerary: group labels traded between fixed itineraries to balance groups.

An itinerary is the list of (round, table) cells one seat-holder visits. Trading the
labels (the groups) of two itineraries keeps every meeting and every table visit, so E
and V stay as they are and only the group spread B changes. A greedy hand-out comes
first; then an annealing search picks a cell that is out of balance, one of its
seat-holders, and one of a few trading partners (people sitting where this holder's group
is lacking, or holding a group this cell lacks). Trades that add spread are taken with a
probability that falls to zero as the work runs out.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from cafe.seating.state import Pool

SAMPLE = 12
"""Trading partners drawn per step (one of them is tried)."""
HEAT = 0.5
"""Starting temperature of the annealing (in units of spread); it falls to zero."""


@dataclass(frozen=True)
class Itineraries:
    """Cells are numbered; every cell has per-group bounds [low, high] on its count."""

    cells: Sequence[Sequence[int]]
    """cells[i]: the cells itinerary i visits."""
    kind: Sequence[int]
    """Only itineraries of the same kind trade labels (same presence, same freedom)."""
    base: Sequence[Sequence[int]]
    """base[c][g]: members of group g at cell c who hold no itinerary (hosts, pins)."""
    low: Sequence[Sequence[int]]
    high: Sequence[Sequence[int]]


def spread_of(its: Itineraries, labels: Sequence[int]) -> int:
    """Group spread of the itineraries under these labels (-1: no group)."""
    return _Counts(its, labels).spread


def greedy_labels(its: Itineraries, labels: Sequence[int]) -> list[int]:
    """The same multiset of labels per kind, handed out itinerary by itinerary: each takes
    the label that fills the most shortfalls and overfills the fewest cells on its route,
    ties going to the label with the most copies left."""
    left: dict[int, dict[int, int]] = {}
    for k, g in zip(its.kind, labels, strict=True):
        left.setdefault(k, {}).setdefault(g, 0)
        left[k][g] += 1
    count = [list(row) for row in its.base]
    out = []
    for cells, k in zip(its.cells, its.kind, strict=True):
        stock = left[k]
        g = min(
            (g for g, n in stock.items() if n),
            key=lambda g: (_fit(its, count, cells, g), -stock[g], g),
        )
        stock[g] -= 1
        out.append(g)
        if g >= 0:
            for c in cells:
                count[c][g] += 1
    return out


def _fit(its: Itineraries, count: list[list[int]], cells: Sequence[int], g: int) -> int:
    """How much worse the route's cells get with one more of group g (negative: better)."""
    if g < 0:
        return 0
    return sum((count[c][g] >= its.high[c][g]) - (count[c][g] < its.low[c][g]) for c in cells)


def balance_labels(
    its: Itineraries,
    labels: Sequence[int],
    rng: random.Random,
    work: int,
    target: int = 0,
    deadline: float = math.inf,
) -> tuple[list[int], int]:
    """Labels with the least spread found (stops at target, work or deadline) and the work."""
    counts = _Counts(its, labels)
    if counts.spread <= target:
        return list(labels), 0
    start = greedy_labels(its, labels)
    if spread_of(its, start) < counts.spread:
        counts = _Counts(its, start)
    best, best_labels = counts.spread, list(counts.labels)
    spent = steps = 0
    while counts.spread > target and spent < work and counts.bad:
        steps += 1
        if steps % 64 == 0 and time.perf_counter() > deadline:
            break
        trades = _candidates(counts, rng)
        spent += len(trades) + 1
        if not trades:
            continue
        heat = HEAT * (1 - spent / work)
        u, v = rng.choice(trades)
        delta = counts.delta(u, v)
        if delta <= 0 or rng.random() < math.exp(-delta / max(heat, 1e-9)):
            counts.trade(u, v)
            if counts.spread < best:
                best, best_labels = counts.spread, list(counts.labels)
    return best_labels, spent


def _candidates(counts: _Counts, rng: random.Random) -> list[tuple[int, int]]:
    """Trades for one out-of-balance cell c: a holder u there, and partners v that sit
    where u's group is lacking (or hold a group c lacks)."""
    c = counts.bad.pick(rng)
    over, under = counts.off_balance(c)
    here = counts.at[c]
    pool = [u for u in here if counts.labels[u] in over]
    if not pool:
        pool = [u for u in here if counts.labels[u] not in under]
    if not pool:
        return []
    u = rng.choice(pool)
    mine, kind = counts.labels[u], counts.its.kind[u]
    out = []
    lacking = counts.lacking[mine] if mine >= 0 else None
    for _ in range(SAMPLE // 4 if lacking else 0):
        c2 = lacking.pick(rng) if lacking else -1
        out += [(u, v) for v in counts.at[c2] if counts.labels[v] != mine and _fits(counts, c, v)]
    wanted = [g for g in under if g != mine] or [g for g in counts.label_set(kind) if g != mine]
    for _ in range(SAMPLE if wanted else 0):
        holders = counts.holders.get((kind, rng.choice(wanted)))
        if holders is not None and len(holders):
            v = holders.pick(rng)
            if c not in counts.its.cells[v]:
                out.append((u, v))
    return [(u, v) for u, v in out if counts.its.kind[v] == kind]


def _fits(counts: _Counts, c: int, v: int) -> bool:
    return c not in counts.its.cells[v]


class _Counts:
    """Group counts per cell under the current labels, with the spread kept up to date."""

    def __init__(self, its: Itineraries, labels: Sequence[int]) -> None:
        self.its = its
        self.labels = list(labels)
        self.count = [list(row) for row in its.base]
        self.at: list[list[int]] = [[] for _ in its.base]
        self.holders: dict[tuple[int, int], Pool] = {}
        for i, cells in enumerate(its.cells):
            self._hold(i, self.labels[i], True)
            for c in cells:
                self.at[c].append(i)
                if self.labels[i] >= 0:
                    self.count[c][self.labels[i]] += 1
        self.dev = [self._cell_dev(c) for c in range(len(self.count))]
        self.spread = sum(self.dev)
        self.bad = Pool()
        self.lacking = [Pool() for _ in its.base[0]] if its.base else []
        """lacking[g]: cells where group g is below its share."""
        for c, d in enumerate(self.dev):
            if d:
                self.bad.add(c)
                self._mark(c)

    def _hold(self, i: int, label: int, add: bool) -> None:
        key = (self.its.kind[i], label)
        pool = self.holders.setdefault(key, Pool())
        if add:
            pool.add(i)
        else:
            pool.discard(i)

    def label_set(self, kind: int) -> list[int]:
        """Labels held by some itinerary of this kind."""
        return [g for (k, g), pool in self.holders.items() if k == kind and len(pool)]

    def _cell_dev(self, c: int) -> int:
        low, high = self.its.low[c], self.its.high[c]
        return sum(max(0, n - high[g]) + max(0, low[g] - n) for g, n in enumerate(self.count[c]))

    def off_balance(self, c: int) -> tuple[set[int], list[int]]:
        """Groups above their share at cell c, and groups below it."""
        low, high, row = self.its.low[c], self.its.high[c], self.count[c]
        over = {g for g, n in enumerate(row) if n > high[g]}
        under = [g for g, n in enumerate(row) if n < low[g]]
        return over, under

    def delta(self, u: int, v: int) -> int:
        """Spread change if u and v trade labels."""
        a, b = self.labels[u], self.labels[v]
        change: dict[tuple[int, int], int] = {}
        for cells, gone, came in ((self.its.cells[u], a, b), (self.its.cells[v], b, a)):
            for c in cells:
                if gone >= 0:
                    change[c, gone] = change.get((c, gone), 0) - 1
                if came >= 0:
                    change[c, came] = change.get((c, came), 0) + 1
        total = 0
        for (c, g), d in change.items():
            if d:
                n, low, high = self.count[c][g], self.its.low[c][g], self.its.high[c][g]
                total += _dev(n + d, low, high) - _dev(n, low, high)
        return total

    def trade(self, u: int, v: int) -> None:
        """Swap the labels of u and v and update the counts."""
        a, b = self.labels[u], self.labels[v]
        for i, gone, came in ((u, a, b), (v, b, a)):
            self._hold(i, gone, False)
            self._hold(i, came, True)
            self.labels[i] = came
            for c in self.its.cells[i]:
                if gone >= 0:
                    self.count[c][gone] -= 1
                if came >= 0:
                    self.count[c][came] += 1
        for c in {*self.its.cells[u], *self.its.cells[v]}:
            new = self._cell_dev(c)
            self.spread += new - self.dev[c]
            self.dev[c] = new
            if new:
                self.bad.add(c)
            else:
                self.bad.discard(c)
            self._mark(c)

    def _mark(self, c: int) -> None:
        low, row = self.its.low[c], self.count[c]
        for g, pool in enumerate(self.lacking):
            if row[g] < low[g]:
                pool.add(c)
            else:
                pool.discard(c)


def _dev(n: int, low: int, high: int) -> int:
    return max(0, n - high) + max(0, low - n)
