"""Hosted tables of one size with groups, in a canonical form for the exact model.

When every table has a staying host, all tables seat k, exactly k people per table are
present in every round and nobody leaves or arrives, an instance is determined up to
symmetry by its number of tables, k, the rounds, and each group's size and number of
hosts: tables whose hosts share a group are interchangeable, so are travellers of one
group, and so are rounds. `canonical_shape` builds that form (groups in a fixed order,
tables sorted by their host's group, travellers numbered group by group), so the exact
model and its verdict depend on the signature alone, never on ids or list order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from cafe.seating.model import PersonId, Problem, TableId

MAX_TABLES = 8
MAX_PEOPLE = 48
"""Larger shapes are not given to the exact model: its clauses grow with the square of
the travellers, and larger shapes are well served by the construction and the search."""

Row = tuple[int, ...]
"""Travellers of each class at one table in one round."""


@dataclass(frozen=True)
class Shape:
    """The canonical instance. Classes are the groups, then (if anyone has no group) one
    class without a share. Canonical tables are sorted by their host's class."""

    tables: int
    size: int
    rounds: int
    members: tuple[int, ...]
    """People per class, hosts included."""
    host_class: tuple[int, ...]
    """The class of each canonical table's host (non-decreasing)."""
    free_class: bool
    """The last class is the people with no group: it has no share to keep."""

    @property
    def classes(self) -> int:
        """Number of classes."""
        return len(self.members)

    @property
    def travellers(self) -> tuple[int, ...]:
        """Travellers per class."""
        return tuple(n - self.host_class.count(c) for c, n in enumerate(self.members))

    def share(self, c: int) -> tuple[int, int]:
        """[floor, ceil] of class c's fair share of one table (hosts included)."""
        if self.free_class and c == self.classes - 1:
            return 0, self.size
        people = self.tables * self.size
        numerator = self.members[c] * self.size
        return numerator // people, -(-numerator // people)

    def deviation(self, t: int, c: int, count: int) -> int:
        """How far `count` travellers of class c at table t leave the share (host counted)."""
        low, high = self.share(c)
        n = count + (self.host_class[t] == c)
        return max(0, n - high) + max(0, low - n)

    def signature(self) -> tuple:
        """What the verdicts depend on (the memo key)."""
        return (self.tables, self.size, self.rounds, self.members, self.host_class)


@dataclass(frozen=True)
class Mapping:
    """Canonical indices to the problem's ids."""

    shape: Shape
    table_ids: tuple[TableId, ...]
    """table_ids[t]: the problem's table at canonical table t."""
    host_ids: tuple[PersonId, ...]
    traveller_ids: tuple[PersonId, ...]
    """Canonical traveller i (class by class) is traveller_ids[i]."""


def canonical_shape(problem: Problem) -> Mapping | None:
    """The canonical form of a covered instance, or None when the shape is not covered."""
    tables, people = problem.tables, problem.people
    if not (problem.host_stays and tables and all(t.host is not None for t in tables)):
        return None
    size, rounds = len(people) // len(tables), problem.rounds
    if not _covered(problem, size):
        return None
    names = [p.group for p in people]
    if all(g is None for g in names):
        return None
    group = {p.id: p.group for p in people}
    hosts = {t.host: t for t in tables}
    counts: dict[str | None, list[int]] = {}
    for p in people:
        counts.setdefault(p.group, [0, 0])[0] += 1
        counts[p.group][1] += p.id in hosts
    order = sorted(
        (g for g in counts if g is not None), key=lambda g: (-counts[g][0], -counts[g][1])
    )
    if None in counts:
        order.append(None)
    rank = {g: i for i, g in enumerate(order)}
    by_class = sorted(tables, key=lambda t: rank[group[t.host]])
    shape = Shape(
        tables=len(tables),
        size=size,
        rounds=rounds,
        members=tuple(counts[g][0] for g in order),
        host_class=tuple(rank[group[t.host]] for t in by_class),
        free_class=None in counts,
    )
    travellers = [p.id for g in order for p in people if p.group == g and p.id not in hosts]
    return Mapping(
        shape,
        tuple(t.id for t in by_class),
        tuple(t.host for t in by_class),
        tuple(travellers),
    )


def _covered(problem: Problem, size: int) -> bool:
    tables, people = problem.tables, problem.people
    return (
        2 <= problem.rounds <= len(tables) <= MAX_TABLES
        and len(people) <= MAX_PEOPLE
        and size >= 2
        and len(people) == size * len(tables)
        and all(t.capacity >= size for t in tables)
        and all(p.arrives <= 1 and (p.leaves is None or p.leaves >= problem.rounds) for p in people)
    )


def merge(shape: Shape, keep: Sequence[int]) -> Shape:
    """A relaxation where only the classes `keep` (increasing) keep their shares: the
    others become one class without a share. A plan of the shape is a plan of the
    relaxation with no more spread, so what the relaxation cannot avoid, neither can
    the shape."""
    index = {c: i for i, c in enumerate(keep)}
    other = len(keep)
    hosts = sorted(index.get(c, other) for c in shape.host_class)
    rest = sum(n for c, n in enumerate(shape.members) if c not in index)
    return replace(
        shape,
        members=tuple(shape.members[c] for c in keep) + ((rest,) if rest else ()),
        host_class=tuple(hosts),
        free_class=rest > 0,
    )


def table_rows(shape: Shape, t: int) -> list[Row]:
    """Every balanced row of table t: travellers per class, k - 1 in all, every class
    (host included) inside its share."""
    out: list[Row] = []

    def extend(prefix: list[int], left: int) -> None:
        c = len(prefix)
        if c == shape.classes:
            if left == 0:
                out.append(tuple(prefix))
            return
        for n in range(min(left, shape.travellers[c]), -1, -1):
            if shape.deviation(t, c, n) == 0:
                extend([*prefix, n], left - n)

    extend([], shape.size - 1)
    return out


def round_compositions(shape: Shape) -> Iterator[tuple[Row, ...]]:
    """Every balanced round (B = 0) up to swapping tables whose hosts share a class:
    within such a run of tables the rows are non-increasing."""
    options = [table_rows(shape, t) for t in range(shape.tables)]
    need = list(shape.travellers)

    def extend(prefix: list[Row], left: list[int]) -> Iterator[tuple[Row, ...]]:
        t = len(prefix)
        if t == shape.tables:
            if not any(left):
                yield tuple(prefix)
            return
        same = t > 0 and shape.host_class[t - 1] == shape.host_class[t]
        for row in options[t]:
            if same and row > prefix[-1]:
                continue
            rest = [n - c for n, c in zip(left, row, strict=True)]
            if min(rest) >= 0:
                yield from extend([*prefix, row], rest)

    yield from extend([], need)


def fill_round(shape: Shape, rows: Sequence[Row]) -> list[int]:
    """Round-1 table of each canonical traveller: each class fills the tables in order."""
    seat: list[int] = []
    for c in range(shape.classes):
        for t, row in enumerate(rows):
            seat += [t] * row[c]
    return seat
