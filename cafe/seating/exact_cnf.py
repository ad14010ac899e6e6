"""The exact model as clauses: no excess meeting and group spread at most `slack`.

Round 1 is fixed to one balanced composition (exact_shape.round_compositions), each
class filling its tables in order; rounds 2.. have one variable per traveller, round and
table. Hard: one table per round, no table twice (that would meet its host again), k - 1
travellers per table, no two travellers together twice. Each (round, table, class) count
has a unary counter; with slack 0 every count stays inside its share, otherwise the
units of deviation of rounds 2.. are at most `slack`.

Symmetry breaks (with `breaks`): round 1 is the round whose composition comes first in
the enumeration (later rounds avoid the compositions enumerated before this one); the
others are lex-leader constraints X >=lex sigma(X), all for one variable order (rounds
2, 3, ...; in a round the lead traveller, then the rest by number; in a traveller, the
tables in order), for symmetries sigma that keep round 1 as it is, so the lex-largest
plan of every orbit satisfies them all: travellers of one class at one round-1 table in
increasing round-2 tables; the lead traveller (alone in its round-1 cell) at increasing
tables over rounds 2..; and round 2 not below its image when two tables whose hosts
share a class and whose round-1 rows are equal swap, with their round-1 travellers.
See docs/seating.md, "The exact model".
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pysat.card import CardEnc, EncType
from pysat.formula import IDPool

from cafe.seating.exact_shape import Row, Shape, fill_round


class ExactModel:
    """Clauses of one round-1 composition; `seats` reads a model back."""

    def __init__(
        self,
        shape: Shape,
        first: Sequence[Row],
        before: Sequence[Sequence[Row]] = (),
        slack: int = 0,
        breaks: bool = True,
    ) -> None:
        self.shape, self.slack = shape, slack
        self.first = fill_round(shape, first)
        self.klass = [c for c, n in enumerate(shape.travellers) for _ in range(n)]
        self.pool = IDPool()
        self.clauses: list[list[int]] = []
        self.count: dict[tuple, list[int]] = {}
        self.rows_done: set[tuple] = set()
        self._seats()
        self._meetings()
        self._shares()
        if breaks:
            self.lead = self._lead()
            self._order_cell_mates()
            self._order_rounds()
            self._order_twin_tables()
            for rows in before:
                for r in range(1, shape.rounds):
                    self._not_like(r, rows)

    def x(self, p: int, r: int, t: int) -> int:
        """Traveller p sits at table t in round r (r >= 1)."""
        return self.pool.id(("x", p, r, t))

    def _later(self) -> range:
        return range(1, self.shape.rounds)

    def _seats(self) -> None:
        tables = range(self.shape.tables)
        for p, home in enumerate(self.first):
            for r in self._later():
                self.clauses.append([self.x(p, r, t) for t in tables])
                self._at_most_one([self.x(p, r, t) for t in tables])
                self.clauses.append([-self.x(p, r, home)])
            for t in tables:
                self._at_most_one([self.x(p, r, t) for r in self._later()])
        for r in self._later():
            for t in tables:
                here = self._counter(("n", r, t), [self.x(p, r, t) for p in range(len(self.first))])
                self._at_least(here, self.shape.size - 1)
                self._at_most(here, self.shape.size - 1)

    def _meetings(self) -> None:
        people, tables = range(len(self.first)), range(self.shape.tables)
        for a, b in itertools.combinations(people, 2):
            if self.first[a] == self.first[b]:
                for r in self._later():
                    for t in tables:
                        self.clauses.append([-self.x(a, r, t), -self.x(b, r, t)])
                continue
            met = []
            for r in self._later():
                m = self.pool.id(("m", a, b, r))
                for t in tables:
                    self.clauses.append([-self.x(a, r, t), -self.x(b, r, t), m])
                met.append(m)
            self._at_most_one(met)

    def _shares(self) -> None:
        shape, units = self.shape, []
        for r in self._later():
            for t in range(shape.tables):
                for c in range(shape.classes):
                    here = self._counter(
                        ("c", r, t, c),
                        [self.x(p, r, t) for p, k in enumerate(self.klass) if k == c],
                    )
                    low, high = shape.share(c)
                    host = int(shape.host_class[t] == c)
                    over = [here[n - 1] for n in range(high - host + 1, len(here) + 1)]
                    under = [-here[n - 1] for n in range(1, low - host + 1) if n <= len(here)]
                    units += over + under
                    if low - host > len(here):
                        units += [self._true()] * (low - host - len(here))
        if not units:
            return
        if self.slack == 0:
            self.clauses += [[-u] for u in units]
        elif self.slack < len(units):
            enc = CardEnc.atmost(units, self.slack, vpool=self.pool, encoding=EncType.totalizer)
            self.clauses += enc.clauses

    def _true(self) -> int:
        key = ("true",)
        if key not in self.pool.obj2id:
            self.clauses.append([self.pool.id(key)])
        return self.pool.id(key)

    def _counter(self, key: tuple, seats: list[int]) -> list[int]:
        """ge[n - 1] is true exactly when at least n of seats are true (a sequential
        counter with both directions, so that 'fewer than n' is a literal too)."""
        cap = min(len(seats), self.shape.size)
        prev: list[int] = []
        for i, s in enumerate(seats):
            cur = [self.pool.id((key, i, j)) for j in range(min(i + 1, cap))]
            for j, v in enumerate(cur):
                keep = prev[j] if j < len(prev) else None
                carry = prev[j - 1] if j >= 1 else None
                if keep is not None:
                    self.clauses.append([-keep, v])
                if j == 0:
                    self.clauses.append([-s, v])
                elif carry is not None:
                    self.clauses.append([-carry, -s, v])
                kept = [keep] if keep is not None else []
                self.clauses.append([-v, *kept, s])
                if carry is not None:
                    self.clauses.append([-v, *kept, carry])
            prev = cur
        self.count[key] = prev
        return prev

    def _at_least(self, ge: list[int], n: int) -> None:
        if n > len(ge):
            self.clauses.append([])
        elif n >= 1:
            self.clauses.append([ge[n - 1]])

    def _at_most(self, ge: list[int], n: int) -> None:
        if n < len(ge):
            self.clauses.append([-ge[n]])

    def _at_most_one(self, lits: list[int]) -> None:
        self.clauses += [[-a, -b] for a, b in itertools.combinations(lits, 2)]

    def _order_cell_mates(self) -> None:
        """Travellers of one class at one round-1 table: increasing round-2 tables."""
        tables = range(self.shape.tables)
        for a in range(len(self.first) - 1):
            b = a + 1
            if self.klass[a] != self.klass[b] or self.first[a] != self.first[b]:
                continue
            for u in tables:
                self.clauses.append([-self.x(b, 1, u)] + [self.x(a, 1, v) for v in range(u)])

    def _lead(self) -> int | None:
        """The first traveller alone in its round-1 cell (first in the variable order)."""
        cells = [(self.klass[p], self.first[p]) for p in range(len(self.first))]
        return next((p for p, cell in enumerate(cells) if cells.count(cell) == 1), None)

    def _order(self) -> list[int]:
        """Travellers in the variable order of the lex-leader breaks: the lead, then the rest."""
        rest = [p for p in range(len(self.first)) if p != self.lead]
        return rest if self.lead is None else [self.lead, *rest]

    def _order_rounds(self) -> None:
        """The lead traveller visits tables in increasing order over rounds 2..."""
        p = self.lead
        if p is None:
            return
        for r in range(1, self.shape.rounds - 1):
            for u in range(self.shape.tables):
                self.clauses.append([-self.x(p, r + 1, u)] + [self.x(p, r, v) for v in range(u)])

    def _order_twin_tables(self) -> None:
        """Two tables whose hosts share a class and whose round-1 rows are equal can swap,
        their round-1 travellers with them: round 2 must not come after its image."""
        shape = self.shape
        tables = range(shape.tables)
        rows = [tuple(sum(1 for p, h in enumerate(self.first) if h == t and self.klass[p] == c)
                      for c in range(shape.classes)) for t in tables]  # fmt: skip
        for t, u in itertools.combinations(tables, 2):
            if shape.host_class[t] == shape.host_class[u] and rows[t] == rows[u]:
                self._lex_leader(t, u)

    def _lex_leader(self, t: int, u: int) -> None:
        """Round 2 (travellers in the break order) >=lex its image under swapping tables t
        and u with their round-1 cells; a chain of 'equal so far' literals carries it."""
        cell_t = [p for p, h in enumerate(self.first) if h == t]
        cell_u = [p for p, h in enumerate(self.first) if h == u]
        image = {p: p for p in range(len(self.first))}
        image.update(dict(zip(cell_t, cell_u, strict=True)))
        image.update(dict(zip(cell_u, cell_t, strict=True)))
        swap = list(range(self.shape.tables))
        swap[t], swap[u] = u, t
        same: int | None = None
        for p in self._order():
            q = image[p]
            # sigma(X) seats p in round 2 at swap[table of q in X]; X must not be smaller.
            for a in range(self.shape.tables):
                for b in range(self.shape.tables):
                    if a > swap[b]:
                        clause = [-self.x(p, 1, a)] + ([-self.x(q, 1, b)] if q != p else [])
                        if q != p or a == b:
                            self.clauses.append(clause + ([-same] if same else []))
            nxt = self.pool.id(("lex", t, u, p))
            if same:
                self.clauses.append([-nxt, same])
            for a in range(self.shape.tables):
                # equal here: p at a and q at swap[a] (q = p: a is neither t nor u)
                if q == p and swap[a] != a:
                    self.clauses.append([-nxt, -self.x(p, 1, a)])
                    continue
                both = [-self.x(p, 1, a)] + ([-self.x(q, 1, swap[a])] if q != p else [])
                self.clauses.append(both + ([-same] if same else []) + [nxt])
                if q != p:
                    self.clauses.append([-nxt, -self.x(p, 1, a), self.x(q, 1, swap[a])])
            same = nxt

    def _not_like(self, r: int, rows: Sequence[Row]) -> None:
        """Round r's composition is not `rows` up to swapping tables whose hosts share a class."""
        shape, escape = self.shape, []
        runs: dict[int, list[int]] = {}
        for t, c in enumerate(shape.host_class):
            runs.setdefault(c, []).append(t)
        for tables in runs.values():
            for row in sorted({rows[t] for t in tables}):
                many = sum(1 for t in tables if rows[t] == row)
                enough = self.pool.id(("like", r, tuple(tables), row, many))
                for chosen in itertools.combinations(tables, many):
                    self.clauses.append([-self._is_row(r, t, row) for t in chosen] + [enough])
                escape.append(-enough)
        self.clauses.append(escape)

    def _is_row(self, r: int, t: int, row: Row) -> int:
        """A literal implied by round r's table t having exactly `row`."""
        v = self.pool.id(("row", r, t, row))
        if (r, t, row) in self.rows_done:
            return v
        self.rows_done.add((r, t, row))
        differs = []
        for c, n in enumerate(row):
            ge = self.count[("c", r, t, c)]
            if n >= 1:
                differs.append(-ge[n - 1] if n <= len(ge) else self._true())
            if n < len(ge):
                differs.append(ge[n])
        self.clauses.append(differs + [v])
        return v

    def seats(self, model: set[int]) -> list[list[int]]:
        """seats[r][p]: canonical table of canonical traveller p in round r."""
        out = [list(self.first)]
        for r in self._later():
            out.append(
                [
                    next(t for t in range(self.shape.tables) if self.x(p, r, t) in model)
                    for p in range(len(self.first))
                ]
            )
        return out
