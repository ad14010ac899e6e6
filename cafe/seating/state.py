"""The search state: seats by index plus pair and visit counts kept up to date move by move.

Everything is integer-indexed (people 0..N-1, tables 0..T-1, rounds 0..R-1) so that the cost
change of a swap or move costs O(table size + groups), never a re-score of the plan.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations


def _fall(count: int, share: tuple[int, int]) -> int:
    """Change in deviation when a count within share bounds drops by one."""
    return -1 if count > share[1] else (1 if count <= share[0] else 0)


def _rise(count: int, share: tuple[int, int]) -> int:
    """Change in deviation when a count rises by one."""
    return -1 if count < share[0] else (1 if count >= share[1] else 0)


class Pool:
    """A set with O(1) add, remove and uniform random pick."""

    def __init__(self) -> None:
        self.items: list[int] = []
        self.where: dict[int, int] = {}

    def add(self, item: int) -> None:
        """Insert item if absent."""
        if item not in self.where:
            self.where[item] = len(self.items)
            self.items.append(item)

    def discard(self, item: int) -> None:
        """Remove item if present."""
        at = self.where.pop(item, None)
        if at is not None:
            last = self.items.pop()
            if at < len(self.items):
                self.items[at] = last
                self.where[last] = at

    def pick(self, rng: random.Random) -> int:
        """A uniformly random member (the pool must not be empty)."""
        return self.items[rng.randrange(len(self.items))]

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Shape:
    """The fixed facts of one search: who is where when, and what may move."""

    people: int
    tables: int
    rounds: int
    free: Sequence[bool]
    """free[r]: round r may be changed."""
    movable: Sequence[Sequence[bool]]
    """movable[r][p]: p is present in free round r and is not a staying host."""
    traveller: Sequence[bool]
    group: Sequence[int]
    """Group index per person, -1 for none."""
    groups: int
    capacity: Sequence[int]
    previous: Sequence[Sequence[int]] | None
    """previous[r][p]: table in the plan being replaced, -1 if none."""


class State:
    """Seats plus the counters every cost term needs; cost = weighted (E, V, B, D)."""

    def __init__(self, shape: Shape, seat: list[list[int]]) -> None:
        self.shape = shape
        self.seat = seat
        n, t = shape.people, shape.tables
        self.members: list[list[list[int]]] = [[[] for _ in range(t)] for _ in range(shape.rounds)]
        # Counts never exceed the rounds: bytes keep 5,000 people's pair matrix at 25 MB.
        row = bytearray if shape.rounds < 256 else lambda size: [0] * size
        self.m = [row(n) for _ in range(n)]
        self.vis = [row(t) for _ in range(n)]
        self.gcount = [[[0] * shape.groups for _ in range(t)] for _ in range(shape.rounds)]
        self.gtotal = [[0] * shape.groups for _ in range(shape.rounds)]
        self.present = [0] * shape.rounds
        self.tdev = [[0] * t for _ in range(shape.rounds)]
        self.diff = [0] * n
        self.share_cache: dict[int, list[tuple[int, int]]] = {}
        self.bad_pairs, self.bad_visits, self.bad_tables, self.moved = (
            Pool(),
            Pool(),
            Pool(),
            Pool(),
        )
        self.played_pairs: dict[int, int] = {}
        """Pair key -> meetings in played rounds: a pair is a fixable conflict only above it."""
        self.played_visits: dict[int, int] = {}
        self.e = self.v = self.b = self.d = 0
        self._count_all()
        self.w_e = self.w_v = self.w_b = self.w_d = 0
        self.groups_first = False
        self.skipped = 0
        """Swaps the last swap_deltas call left out as unbalancing."""
        self.rank(groups_first=False)

    def rank(self, groups_first: bool, ignore_groups: bool = False) -> None:
        """Set the cost order: E, V, B, D; or B, E, V, D to mix with group balance held.

        ignore_groups drops B: plateau moves that only shuffle groups stay free, which
        makes excess meetings much quicker to remove.
        """
        self.groups_first = groups_first
        n, rounds = self.shape.people, max(1, self.shape.rounds)
        spread_cap = 2 * n * rounds + 1
        self.w_d = 1
        if groups_first:
            self.w_v = n + 1
            self.w_e = self.w_v * (n * rounds + 1)
            self.w_b = self.w_e * (n * n * rounds + 1)
        else:
            self.w_b = n + 1
            self.w_v = self.w_b * spread_cap
            self.w_e = self.w_v * (n * rounds + 1)
        if ignore_groups:
            self.w_b = 0

    def _count_all(self) -> None:
        sh = self.shape
        for r in range(sh.rounds):
            for p, t in enumerate(self.seat[r]):
                if t >= 0:
                    self.members[r][t].append(p)
                    self.vis[p][t] += 1
                    self.present[r] += 1
                    if sh.group[p] >= 0:
                        self.gcount[r][t][sh.group[p]] += 1
                        self.gtotal[r][sh.group[p]] += 1
            for table in self.members[r]:
                for i, a in enumerate(table):
                    row = self.m[a]
                    for b in table[i + 1 :]:
                        row[b] += 1
                        self.m[b][a] += 1
        self._count_terms()

    def _count_played(self) -> None:
        sh = self.shape
        n = sh.people
        for r in range(sh.rounds):
            if sh.free[r]:
                continue
            for table in self.members[r]:
                for i, a in enumerate(table):
                    key = a * sh.tables + self.seat[r][a]
                    self.played_visits[key] = self.played_visits.get(key, 0) + 1
                    for b in table[i + 1 :]:
                        pair = a * n + b if a < b else b * n + a
                        self.played_pairs[pair] = self.played_pairs.get(pair, 0) + 1

    def _count_terms(self) -> None:
        sh = self.shape
        n = sh.people
        self._count_played()
        seen: set[int] = set()
        for tables in self.members:
            for table in tables:
                for a, b in combinations(sorted(table), 2):
                    count = self.m[a][b]
                    if count > 1 and a * n + b not in seen:
                        seen.add(a * n + b)
                        self.e += count - 1
                        if count > self.played_pairs.get(a * n + b, 0):
                            self.bad_pairs.add(a * n + b)
        for p in range(n):
            if sh.traveller[p]:
                for t in {row[p] for row in self.seat if row[p] >= 0}:
                    c = self.vis[p][t]
                    if c > 1:
                        self.v += c - 1
                        if c > self.played_visits.get(p * sh.tables + t, 0):
                            self.bad_visits.add(p * sh.tables + t)
        for r in range(sh.rounds):
            for t in range(sh.tables):
                self._refresh_table(r, t)
        if sh.previous is not None:
            for r in range(sh.rounds):
                if sh.free[r]:
                    for p, t in enumerate(self.seat[r]):
                        old = sh.previous[r][p]
                        if t >= 0 and old >= 0 and old != t:
                            self.diff[p] += 1
            for p in range(n):
                if self.diff[p]:
                    self.moved.add(p)
            self.d = len(self.moved)

    def cost(self) -> int:
        """The weighted cost: E dominates V dominates B dominates D."""
        return self.e * self.w_e + self.v * self.w_v + self.b * self.w_b + self.d * self.w_d

    def terms(self) -> tuple[int, int, int, int]:
        """(E, V, B, D) of the current seats."""
        return self.e, self.v, self.b, self.d

    # group spread -------------------------------------------------------------------

    def _table_dev(self, r: int, t: int, size: int, counts: Sequence[int]) -> int:
        present = self.present[r]
        if not present:
            return 0
        dev = 0
        for g, total in enumerate(self.gtotal[r]):
            num = total * size
            low, high = num // present, -(-num // present)
            c = counts[g]
            if c > high:
                dev += c - high
            elif c < low:
                dev += low - c
        return dev

    def _refresh_table(self, r: int, t: int) -> None:
        if not self.shape.free[r] or not self.shape.groups:
            return
        new = self._table_dev(r, t, len(self.members[r][t]), self.gcount[r][t])
        self.b += new - self.tdev[r][t]
        self.tdev[r][t] = new
        key = r * self.shape.tables + t
        if new:
            self.bad_tables.add(key)
        else:
            self.bad_tables.discard(key)

    def _shares(self, r: int, size: int) -> list[tuple[int, int]]:
        """Per group, the floor and ceiling of its fair count at a table of this size."""
        key = r * 1_000_003 + size
        found = self.share_cache.get(key)
        if found is None:
            present = self.present[r] or 1
            found = [(t * size // present, -(-t * size // present)) for t in self.gtotal[r]]
            self.share_cache[key] = found
        return found

    def _swap_group_delta(self, r: int, a: int, b: int, gp: int, gq: int) -> int:
        """Group spread change when a gp-member of table a and a gq-member of b trade places."""
        ca, cb = self.gcount[r][a], self.gcount[r][b]
        sa = self._shares(r, len(self.members[r][a]))
        sb = self._shares(r, len(self.members[r][b]))
        delta = 0
        if gp >= 0:
            delta += _fall(ca[gp], sa[gp]) + _rise(cb[gp], sb[gp])
        if gq >= 0:
            delta += _rise(ca[gq], sa[gq]) + _fall(cb[gq], sb[gq])
        return delta

    def group_delta(
        self, r: int, a: int, b: int, out_a: int, in_a: int, out_b: int, in_b: int
    ) -> int:
        """Change in group spread at tables a and b when one person of each listed group moves."""
        ca = self.gcount[r][a][:]
        cb = self.gcount[r][b][:]
        for counts, gone, came in ((ca, out_a, in_a), (cb, out_b, in_b)):
            if gone >= 0:
                counts[gone] -= 1
            if came >= 0:
                counts[came] += 1
        na = len(self.members[r][a]) - (out_a != -2) + (in_a != -2)
        nb = len(self.members[r][b]) - (out_b != -2) + (in_b != -2)
        return (
            self._table_dev(r, a, na, ca)
            + self._table_dev(r, b, nb, cb)
            - self.tdev[r][a]
            - self.tdev[r][b]
        )

    # deltas ---------------------------------------------------------------------------

    def _visit_delta(self, p: int, gone: int, came: int) -> int:
        if not self.shape.traveller[p]:
            return 0
        row = self.vis[p]
        return (row[gone] == 1) - (row[came] == 0)

    def _moved_delta(self, r: int, p: int, gone: int, came: int) -> int:
        prev = self.shape.previous
        if prev is None or prev[r][p] < 0:
            return 0
        old = prev[r][p]
        after = self.diff[p] - (gone != old) + (came != old)
        return (after > 0) - (self.diff[p] > 0)

    def swap_delta(self, r: int, p: int, q: int) -> int:
        """Cost change of swapping p and q (at different tables) in round r."""
        seat = self.seat[r]
        a, b = seat[p], seat[q]
        mem = self.members[r]
        mp, mq = self.m[p], self.m[q]
        de = 0
        for x in mem[a]:
            if x != p:
                de += (mq[x] >= 1) - (mp[x] >= 2)
        for x in mem[b]:
            if x != q:
                de += (mp[x] >= 1) - (mq[x] >= 2)
        cost = de * self.w_e
        if self.shape.traveller[p]:
            vp = self.vis[p]
            cost += ((vp[a] == 1) - (vp[b] == 0)) * self.w_v
        if self.shape.traveller[q]:
            vq = self.vis[q]
            cost += ((vq[b] == 1) - (vq[a] == 0)) * self.w_v
        gp, gq = self.shape.group[p], self.shape.group[q]
        if gp != gq:
            cost += self._swap_group_delta(r, a, b, gp, gq) * self.w_b
        if self.shape.previous is not None:
            cost += self._moved_delta(r, p, a, b) + self._moved_delta(r, q, b, a)
        return cost

    def swap_deltas(self, r: int, p: int) -> list[tuple[int, int, int]]:
        """(cost change, q, q's table) for every swap of p with a movable q in round r.

        Same numbers as swap_delta, with everything that depends only on p worked out once.
        While groups rank first, swaps that unbalance groups are left out: they would never
        be the best move, and skipping them before the meeting count triples the pace.
        """
        sh = self.shape
        a = self.seat[r][p]
        mem = self.members[r]
        movable, trav, group = sh.movable[r], sh.traveller, sh.group
        m, vis = self.m, self.vis
        mp, vp, gp = m[p], vis[p], group[p]
        w_e, w_v, w_b = self.w_e, self.w_v, self.w_b
        here = [x for x in mem[a] if x != p]
        lose_p = sum(mp[x] >= 2 for x in here)
        leave_p = (vp[a] == 1) if trav[p] else 0
        grouped = sh.groups > 0
        ca = self.gcount[r][a]
        sa = self._shares(r, len(mem[a])) if grouped else []
        fall_p = _fall(ca[gp], sa[gp]) if grouped and gp >= 0 else 0
        self.skipped = 0
        out = []
        for b, table in enumerate(mem):
            if b == a:
                continue
            join_p = sum(mp[x] >= 1 for x in table) - lose_p
            visit_p = (leave_p - (vp[b] == 0)) if trav[p] else 0
            cb = self.gcount[r][b]
            sb = self._shares(r, len(table)) if grouped else []
            move_p = fall_p + (_rise(cb[gp], sb[gp]) if grouped and gp >= 0 else 0)
            moved_p = self._moved_delta(r, p, a, b) if sh.previous is not None else 0
            for q in table:
                if not movable[q]:
                    continue
                gq = group[q]
                db = 0
                if grouped and gq != gp:
                    db = move_p
                    if gq >= 0:
                        db += _rise(ca[gq], sa[gq]) + _fall(cb[gq], sb[gq])
                    if db > 0 and self.groups_first:
                        self.skipped += 1
                        continue
                mq = m[q]
                de = join_p - (mp[q] >= 1)
                for x in table:
                    if x != q and mq[x] >= 2:
                        de -= 1
                for x in here:
                    if mq[x] >= 1:
                        de += 1
                dv = visit_p
                if trav[q]:
                    vq = vis[q]
                    dv += (vq[b] == 1) - (vq[a] == 0)
                cost = de * w_e + dv * w_v + db * w_b
                if moved_p or sh.previous is not None:
                    cost += moved_p + self._moved_delta(r, q, b, a)
                out.append((cost, q, b))
        return out

    def move_delta(self, r: int, p: int, b: int) -> int:
        """Cost change of moving p to table b in round r."""
        a = self.seat[r][p]
        mp = self.m[p]
        de = sum((mp[x] >= 1) for x in self.members[r][b]) - sum(
            (mp[x] >= 2) for x in self.members[r][a] if x != p
        )
        cost = de * self.w_e + self._visit_delta(p, a, b) * self.w_v
        if self.shape.groups:
            g = self.shape.group[p]
            cost += self.group_delta(r, a, b, g, -2, -2, g) * self.w_b
        if self.shape.previous is not None:
            cost += self._moved_delta(r, p, a, b)
        return cost

    # applying -------------------------------------------------------------------------

    def swap(self, r: int, p: int, q: int) -> None:
        """Swap p and q between their tables in round r."""
        a, b = self.seat[r][p], self.seat[r][q]
        self._leave(r, p, a)
        self._leave(r, q, b)
        self._join(r, p, b)
        self._join(r, q, a)
        self._refresh_table(r, a)
        self._refresh_table(r, b)

    def move(self, r: int, p: int, b: int) -> None:
        """Move p to table b in round r."""
        a = self.seat[r][p]
        self._leave(r, p, a)
        self._join(r, p, b)
        self._refresh_table(r, a)
        self._refresh_table(r, b)

    def _leave(self, r: int, p: int, a: int) -> None:
        mem = self.members[r][a]
        mem.remove(p)
        n = self.shape.people
        mp = self.m[p]
        for x in mem:
            c = mp[x]
            if c >= 2:
                self.e -= 1
                key = p * n + x if p < x else x * n + p
                if c - 1 <= max(1, self.played_pairs.get(key, 0)):
                    self.bad_pairs.discard(key)
            mp[x] = c - 1
            self.m[x][p] = c - 1
        self._visit(p, a, -1)
        self._regroup(r, p, a, -1)
        self._remark(r, p, a, -1)
        self.seat[r][p] = -1

    def _join(self, r: int, p: int, b: int) -> None:
        mem = self.members[r][b]
        n = self.shape.people
        mp = self.m[p]
        for x in mem:
            c = mp[x]
            if c >= 1:
                self.e += 1
                key = p * n + x if p < x else x * n + p
                if c + 1 > self.played_pairs.get(key, 0):
                    self.bad_pairs.add(key)
            mp[x] = c + 1
            self.m[x][p] = c + 1
        mem.append(p)
        self.seat[r][p] = b
        self._visit(p, b, 1)
        self._regroup(r, p, b, 1)
        self._remark(r, p, b, 1)

    def _visit(self, p: int, t: int, step: int) -> None:
        if not self.shape.traveller[p]:
            return
        row = self.vis[p]
        before = row[t]
        row[t] = before + step
        key = p * self.shape.tables + t
        if step > 0:
            self.v += before >= 1
            if before >= 1 and before + 1 > self.played_visits.get(key, 0):
                self.bad_visits.add(key)
        elif before >= 2:
            self.v -= 1
            if before - 1 <= max(1, self.played_visits.get(key, 0)):
                self.bad_visits.discard(key)

    def _regroup(self, r: int, p: int, t: int, step: int) -> None:
        g = self.shape.group[p]
        if g >= 0:
            self.gcount[r][t][g] += step

    def _remark(self, r: int, p: int, t: int, step: int) -> None:
        prev = self.shape.previous
        if prev is None or prev[r][p] < 0 or prev[r][p] == t:
            return
        self.diff[p] += step
        if step < 0 and self.diff[p] == 0:
            self.moved.discard(p)
            self.d -= 1
        elif step > 0 and self.diff[p] == 1:
            self.moved.add(p)
            self.d += 1
