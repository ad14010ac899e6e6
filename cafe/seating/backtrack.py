"""Small shapes: seat round by round with no repeat, no revisit and every group at its share.

On 30 people the construction's schedule admits no group balance once hosts belong to
random groups, and neither does a random schedule with no repeats: few such schedules
balance at all. A backtracking search over seats finds one that does, since every
constraint prunes at once. Each round is seated person by person, always the person with
the fewest tables left (ties drawn at random); a round that stalls is retried, and a whole
attempt that stalls starts again, all within a work cap, so the result depends only on
the input and the seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

ATTEMPT_NODES = 3000
"""Seats tried per attempt before the search starts again with new random choices."""


@dataclass(frozen=True)
class Cells:
    """Per round and table: the size, and each group's share [low, high] of it."""

    sizes: Sequence[Sequence[int]]
    low: Sequence[Sequence[Sequence[int]]]
    high: Sequence[Sequence[Sequence[int]]]


def group_shares(sizes: Sequence[Sequence[int]], totals: Sequence[int]) -> Cells:
    """Fair-share bounds [floor(e), ceil(e)], e = members × table size / people present."""
    low, high = [], []
    for row in sizes:
        present = max(1, sum(row))
        low.append([[n * s // present for n in totals] for s in row])
        high.append([[-(-n * s // present) for n in totals] for s in row])
    return Cells(sizes, low, high)


def balanced_schedule(
    cells: Cells,
    hosts: Sequence[int],
    travellers: Sequence[int],
    group: Sequence[int],
    rng: random.Random,
    work: int,
) -> list[list[int]] | None:
    """table[r][p] for every round with E = 0, V = 0 and B = 0, or None within the work.

    hosts[t] is the person who stays at table t (-1: none); people are indices into group.
    """
    spent = 0
    while spent < work:
        budget = [min(ATTEMPT_NODES, work - spent)]
        grid = _Grid(cells, hosts, travellers, group)
        found = grid.place(rng, budget)
        spent += min(ATTEMPT_NODES, work - spent) - max(0, budget[0])
        if found:
            return grid.row
    return None


class _Grid:
    """Seats of every round at once; a seat is (traveller, round) and takes a table."""

    def __init__(
        self, cells: Cells, hosts: Sequence[int], travellers: Sequence[int], group: Sequence[int]
    ) -> None:
        self.low, self.high = cells.low, cells.high
        self.group = group
        groups = len(cells.low[0][0]) if cells.low and cells.low[0] else 0
        rounds = len(cells.sizes)
        people = len(group)
        self.room = [list(row) for row in cells.sizes]
        self.members = [[0] * len(row) for row in cells.sizes]
        self.count = [[[0] * groups for _ in row] for row in cells.sizes]
        self.row = [[-1] * people for _ in range(rounds)]
        self.met = [0] * people
        self.visited = [0] * people
        self.left = [[0] * groups for _ in range(rounds)]
        for r in range(rounds):
            for p in travellers:
                if group[p] >= 0:
                    self.left[r][group[p]] += 1
            for t, h in enumerate(hosts):
                if h >= 0:
                    self._sit(h, r, t)
        self.waiting = [(p, r) for p in travellers for r in range(rounds)]

    def _sit(self, p: int, r: int, t: int) -> None:
        self.row[r][p] = t
        self.room[r][t] -= 1
        self.met[p] |= self.members[r][t]
        for q in _bits(self.members[r][t]):
            self.met[q] |= 1 << p
        self.members[r][t] |= 1 << p
        self.visited[p] |= 1 << t
        if self.group[p] >= 0:
            self.count[r][t][self.group[p]] += 1

    def _stand(self, p: int, r: int, t: int) -> None:
        self.row[r][p] = -1
        self.room[r][t] += 1
        self.members[r][t] &= ~(1 << p)
        self.met[p] &= ~self.members[r][t]
        for q in _bits(self.members[r][t]):
            self.met[q] &= ~(1 << p)
        self.visited[p] &= ~(1 << t)
        if self.group[p] >= 0:
            self.count[r][t][self.group[p]] -= 1

    def _open(self, p: int, r: int) -> list[int]:
        """Tables p may take in round r without breaking balance, a meeting or a visit."""
        g = self.group[p]
        low, high, count = self.low[r], self.high[r], self.count[r]
        spare = g < 0 or self.left[r][g] - 1 >= sum(
            max(0, lo[g] - n[g]) for lo, n in zip(low, count, strict=True)
        )
        out = []
        for t, room in enumerate(self.room[r]):
            if room <= 0 or self.visited[p] >> t & 1 or self.met[p] & self.members[r][t]:
                continue
            if g >= 0 and count[t][g] >= high[t][g]:
                continue
            if g < 0 or count[t][g] >= low[t][g]:
                short = sum(max(0, lo - n) for lo, n in zip(low[t], count[t], strict=True))
                if not spare or short > room - 1:
                    continue
            out.append(t)
        return out

    def place(self, rng: random.Random, budget: list[int]) -> bool:
        """Seat every waiting (traveller, round), the one with the fewest tables first."""
        if not self.waiting:
            return True
        budget[0] -= 1
        if budget[0] < 0:
            return False
        best, best_open = -1, None
        for i, (p, r) in enumerate(self.waiting):
            tables = self._open(p, r)
            if not tables:
                return False
            if best_open is None or len(tables) < len(best_open):
                best, best_open = i, tables
                if len(tables) == 1:
                    break
        assert best_open is not None
        p, r = self.waiting.pop(best)
        rng.shuffle(best_open)
        g = self.group[p]
        for t in best_open:
            self._sit(p, r, t)
            if g >= 0:
                self.left[r][g] -= 1
            if self.place(rng, budget):
                return True
            self._stand(p, r, t)
            if g >= 0:
                self.left[r][g] += 1
            if budget[0] < 0:
                break
        self.waiting.insert(best, (p, r))
        return False


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
