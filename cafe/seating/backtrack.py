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

ROUND_NODES = 400
"""Seatings tried per round attempt before that round is drawn again."""
ROUND_TRIES = 8
"""Attempts per round before the whole schedule starts again."""


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
    people = len(group)
    solver = _Solver(cells, hosts, travellers, group, people)
    spent = 0
    while spent < work:
        rows, used = solver.attempt(rng, work - spent)
        spent += used
        if rows is not None:
            return rows
    return None


class _Solver:
    """Met and visited sets per person across rounds; one round at a time by backtracking."""

    def __init__(
        self,
        cells: Cells,
        hosts: Sequence[int],
        travellers: Sequence[int],
        group: Sequence[int],
        people: int,
    ) -> None:
        self.cells = cells
        self.hosts = hosts
        self.travellers = list(travellers)
        self.group = group
        self.people = people
        self.groups = len(cells.low[0][0]) if cells.low and cells.low[0] else 0

    def attempt(self, rng: random.Random, work: int) -> tuple[list[list[int]] | None, int]:
        """One schedule from scratch: rows of tables per person, and the work used."""
        met = [0] * self.people
        visited = [0] * self.people
        for t, h in enumerate(self.hosts):
            if h >= 0:
                visited[h] |= 1 << t
        rows: list[list[int]] = []
        spent = 0
        for r in range(len(self.cells.sizes)):
            row = None
            for _ in range(ROUND_TRIES):
                start = min(ROUND_NODES, work - spent)
                budget = [start]
                row = _Round(self, r, met, visited, rng, budget).solve()
                spent += start - max(0, budget[0])
                if row is not None or spent >= work:
                    break
            if row is None:
                return None, max(1, spent)
            _record(row, met, visited)
            rows.append(row)
        return rows, spent


def _record(row: Sequence[int], met: list[int], visited: list[int]) -> None:
    """Add one seated round to who has met whom and who has been where."""
    at: dict[int, int] = {}
    for p, t in enumerate(row):
        if t >= 0:
            at[t] = at.get(t, 0) | 1 << p
    for p, t in enumerate(row):
        if t >= 0:
            met[p] |= at[t] & ~(1 << p)
            visited[p] |= 1 << t


class _Round:
    """Backtracking over one round: the person with the fewest open tables goes first."""

    def __init__(
        self,
        solver: _Solver,
        r: int,
        met: Sequence[int],
        visited: Sequence[int],
        rng: random.Random,
        budget: list[int],
    ) -> None:
        self.s = solver
        self.met, self.visited, self.rng, self.budget = met, visited, rng, budget
        self.low, self.high = solver.cells.low[r], solver.cells.high[r]
        tables = len(solver.cells.sizes[r])
        self.room = list(solver.cells.sizes[r])
        self.members = [0] * tables
        self.count = [[0] * solver.groups for _ in range(tables)]
        self.row = [-1] * solver.people
        self.left = [0] * solver.groups
        for p in solver.travellers:
            if solver.group[p] >= 0:
                self.left[solver.group[p]] += 1
        for t, h in enumerate(solver.hosts):
            if h >= 0:
                self._sit(h, t)

    def _sit(self, p: int, t: int) -> None:
        self.row[p] = t
        self.room[t] -= 1
        self.members[t] |= 1 << p
        if self.s.group[p] >= 0:
            self.count[t][self.s.group[p]] += 1

    def _stand(self, p: int, t: int) -> None:
        self.row[p] = -1
        self.room[t] += 1
        self.members[t] &= ~(1 << p)
        if self.s.group[p] >= 0:
            self.count[t][self.s.group[p]] -= 1

    def _shortfall(self, t: int) -> int:
        return sum(max(0, lo - n) for lo, n in zip(self.low[t], self.count[t], strict=True))

    def _group_short(self, g: int) -> int:
        return sum(max(0, lo[g] - n[g]) for lo, n in zip(self.low, self.count, strict=True))

    def _open(self, p: int) -> list[int]:
        """Tables p may still take without breaking balance, a meeting or a visit."""
        g = self.s.group[p]
        spare = g < 0 or self.left[g] - 1 >= self._group_short(g)
        out = []
        for t, room in enumerate(self.room):
            if room <= 0 or self.visited[p] >> t & 1 or self.met[p] & self.members[t]:
                continue
            fills = g >= 0 and self.count[t][g] < self.low[t][g]
            if g >= 0 and self.count[t][g] >= self.high[t][g]:
                continue
            if not fills and (not spare or self._shortfall(t) > room - 1):
                continue
            out.append(t)
        return out

    def solve(self) -> list[int] | None:
        """The round's row (table per person), or None when the budget runs out first."""
        waiting = list(self.s.travellers)
        return list(self.row) if self._place(waiting) else None

    def _place(self, waiting: list[int]) -> bool:
        if not waiting:
            return True
        self.budget[0] -= 1
        if self.budget[0] < 0:
            return False
        best, best_open = -1, None
        for i, p in enumerate(waiting):
            tables = self._open(p)
            if best_open is None or len(tables) < len(best_open) or (
                len(tables) == len(best_open) and self.rng.random() < 0.5
            ):
                best, best_open = i, tables
            if not tables:
                return False
        assert best_open is not None
        p = waiting[best]
        rest = waiting[:best] + waiting[best + 1 :]
        self.rng.shuffle(best_open)
        g = self.s.group[p]
        for t in best_open:
            self._sit(p, t)
            if g >= 0:
                self.left[g] -= 1
            if self._place(rest):
                return True
            self._stand(p, t)
            if g >= 0:
                self.left[g] += 1
            if self.budget[0] < 0:
                return False
        return False
