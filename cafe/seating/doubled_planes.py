"""Eight tables of four for up to ten rounds with no pair meeting twice (social golfer 8-4-10).

No shift of construction.py reaches ten rounds here, and local search stalls at E = 16.
This is a construction (derived for Café, issue 12), computed in a few milliseconds:

- Take the 16 points of GF(2)^4 and two line spreads of PG(3,2) that share no line: ten
  2-dimensional subspaces W, every non-zero vector in exactly two of them. The cosets of
  each W are a round of four "planes" of four points, and every pair of points shares a
  plane in exactly two rounds.
- Double every point: person 2x + s is copy s of point x. A plane P with a sign s_x for
  each of its points seats {2x + s_x} at one table and {2x + 1 - s_x} at another.
- Points x and y share two planes; the people who meet there are (x, y) with relative
  sign s_x + s_y, once per plane. Asking the two relative signs to differ is one linear
  equation over GF(2) per pair of points; Gaussian elimination finds signs for the first
  pair of spreads that admits them. Then every pair of people meets at most once, and
  the only pairs that never meet are the two copies of each point.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import cache

POINTS = 16
TABLES = 8
SIZE = 4
ROUNDS = 10


def _subspaces() -> list[frozenset[int]]:
    """The 35 two-dimensional subspaces of GF(2)^4, as their non-zero vectors."""
    found = {frozenset((a, b, a ^ b)) for a in range(1, POINTS) for b in range(a + 1, POINTS)}
    return sorted(found, key=sorted)


def _spreads(subspaces: list[frozenset[int]]) -> list[tuple[frozenset[int], ...]]:
    """Every set of five subspaces whose non-zero vectors partition the fifteen."""
    out: list[tuple[frozenset[int], ...]] = []

    def extend(chosen: tuple[frozenset[int], ...], covered: frozenset[int]) -> None:
        if len(covered) == POINTS - 1:
            out.append(chosen)
            return
        least = min(v for v in range(1, POINTS) if v not in covered)
        for w in subspaces:
            if least in w and not w & covered:
                extend(chosen + (w,), covered | w)

    extend((), frozenset())
    return out


def _planes(w: frozenset[int]) -> list[tuple[int, ...]]:
    """The four cosets of the subspace w, each sorted, in order of their least point."""
    seen: set[int] = set()
    out = []
    for x in range(POINTS):
        if x not in seen:
            plane = tuple(sorted({x} | {x ^ d for d in w}))
            seen.update(plane)
            out.append(plane)
    return out


def _signs(planes: list[tuple[int, ...]]) -> int | None:
    """Bits s[4 * plane + position] making each pair's two relative signs differ, or None."""
    shared: dict[tuple[int, int], int] = {}
    for n, plane in enumerate(planes):
        for i, j in itertools.combinations(range(SIZE), 2):
            bits = (1 << (SIZE * n + i)) | (1 << (SIZE * n + j))
            shared[plane[i], plane[j]] = shared.get((plane[i], plane[j]), 0) ^ bits
    pivots: dict[int, tuple[int, int]] = {}
    for row in shared.values():
        rhs = 1
        while row:
            top = row.bit_length() - 1
            if top not in pivots:
                pivots[top] = (row, rhs)
                break
            row, rhs = row ^ pivots[top][0], rhs ^ pivots[top][1]
        else:
            if rhs:
                return None
    solution = 0
    for top in sorted(pivots):
        row, rhs = pivots[top]
        if rhs ^ ((row & solution).bit_count() & 1):
            solution |= 1 << top
    return solution


@cache
def golfer_rounds() -> tuple[tuple[tuple[int, ...], ...], ...]:
    """Ten rounds of eight tables of four people (0-31); no two people share a table twice."""
    spreads = _spreads(_subspaces())
    for first, second in itertools.combinations(spreads, 2):
        if set(first) & set(second):
            continue
        rounds = [_planes(w) for w in first + second]
        planes = [plane for round_ in rounds for plane in round_]
        signs = _signs(planes)
        if signs is not None:
            return tuple(_tables(rounds, signs, r) for r in range(ROUNDS))
    raise AssertionError("no pair of spreads admits signs")  # pragma: no cover


def _tables(rounds: list[list[tuple[int, ...]]], signs: int, r: int) -> tuple[tuple[int, ...], ...]:
    """Round r's tables: each plane seated as its signed copy and its opposite copy."""
    out = []
    for k, plane in enumerate(rounds[r]):
        n = r * len(rounds[r]) + k
        bit = [(signs >> (SIZE * n + i)) & 1 for i in range(SIZE)]
        out.append(tuple(2 * x + b for x, b in zip(plane, bit, strict=True)))
        out.append(tuple(2 * x + 1 - b for x, b in zip(plane, bit, strict=True)))
    return tuple(out)


@cache
def _table_of() -> tuple[tuple[int, ...], ...]:
    """table_of[round][person] for golfer_rounds(), tables labelled to spare revisits.

    Any labelling keeps the meetings; round by round, the labels that send the fewest
    people back to a table they already sat at are chosen (an exact assignment over the
    8! labellings, by dynamic programming over sets of used labels).
    """
    visited: list[set[int]] = [set() for _ in range(TABLES * SIZE)]
    out = []
    for tables in golfer_rounds():
        row = [0] * (TABLES * SIZE)
        for people, t in zip(tables, _fewest_returns(tables, visited), strict=True):
            for p in people:
                row[p] = t
                visited[p].add(t)
        out.append(tuple(row))
    return tuple(out)


def _fewest_returns(
    tables: tuple[tuple[int, ...], ...], visited: list[set[int]]
) -> tuple[int, ...]:
    """A label per table of this round minimising how many people return to a label."""
    cost = [[sum(t in visited[p] for p in people) for t in range(TABLES)] for people in tables]
    best: dict[int, tuple[int, tuple[int, ...]]] = {0: (0, ())}
    for row in cost:
        step: dict[int, tuple[int, tuple[int, ...]]] = {}
        for used, (total, labels) in best.items():
            for t in range(TABLES):
                if not used >> t & 1:
                    key, value = used | 1 << t, (total + row[t], labels + (t,))
                    if key not in step or value < step[key]:
                        step[key] = value
        best = step
    return best[(1 << TABLES) - 1][1]


def golfer_rule(
    tables: int, classes: int, rounds: int, zero_class: bool
) -> Callable[[int, int, int], int] | None:
    """A seat rule (class, slot, round) -> table for 8 tables of up to 4 travellers, or None.

    Covers only the shape it was built for: no hosts staying, eight tables, at most four
    classes of travellers and at most ten rounds (more than the shifts reach there).
    """
    if zero_class or tables != TABLES or classes > SIZE or rounds > ROUNDS:
        return None
    table_of = _table_of()
    return lambda i, x, r: table_of[r][TABLES * i + x]
