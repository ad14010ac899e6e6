"""The least group spread among plans with no excess meeting, decided by a SAT solver.

For the shapes exact_shape covers (hosted tables of one size, everyone present), B = 0
with E = 0 is asked first, one balanced round-1 composition at a time; when every one is
refuted, B <= 1, B <= 2, ... follow (with round 1 still balanced: while the slack is
below the number of rounds some round has no deviation, and it can be made round 1).
The first slack that admits a plan is the least B and that plan has it; a slack proved
impossible is a lower bound on B for every plan with no excess meeting (hence no
revisit, since hosts stay). The solver's work is capped by conflicts, so the verdict
depends on the shape's signature and the cap alone; results are memoised by both.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

from cafe.seating.exact_cnf import ExactModel
from cafe.seating.exact_shape import Mapping, Shape, canonical_shape, round_compositions
from cafe.seating.model import PersonId, Problem, TableId
from cafe.seating.sat_slices import solve_sliced

CONFLICTS = 60_000
"""Default conflict cap of one exact decision (about a second on this machine)."""
MEMO_SIZE = 256


@dataclass(frozen=True)
class Exact:
    """What the exact model settled: no plan with E = 0 has B below `floor`; `seats`
    (canonical: seats[r][traveller] = table) has E = 0 and B = floor when one was found."""

    floor: int
    seats: tuple[tuple[int, ...], ...] | None
    capped: bool
    """The conflict cap (or the clock) ended it before the least B was found."""


_memo: OrderedDict[tuple, Exact] = OrderedDict()


def exact_spread(
    shape: Shape, conflicts: int = CONFLICTS, floor: int = 0, deadline: float = math.inf
) -> Exact:
    """Least B with E = 0, from `floor` (a bound already known) up, within the cap."""
    key = (shape.signature(), conflicts, floor)
    if key in _memo:
        _memo.move_to_end(key)
        return _memo[key]
    result, timed_out = _search(shape, conflicts, floor, deadline)
    if not timed_out:
        _memo[key] = result
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return result


def _search(shape: Shape, conflicts: int, floor: int, deadline: float) -> tuple[Exact, bool]:
    firsts = list(round_compositions(shape))
    left = conflicts
    for slack in range(floor, shape.rounds):
        if not firsts:
            break
        for i, first in enumerate(firsts):
            model = ExactModel(shape, first, firsts[:i], slack)
            verdict = solve_sliced(model.clauses, left, deadline)
            left -= verdict.conflicts
            if verdict.answer:
                seats = tuple(tuple(row) for row in model.seats(verdict.model))
                return Exact(slack, seats, capped=False), False
            if verdict.answer is None:
                return Exact(slack, None, capped=True), verdict.timed_out
        floor = slack + 1
    return Exact(floor, None, capped=True), False


def proved_floor(problem: Problem, known: int = 0, conflicts: int = CONFLICTS) -> int:
    """A lower bound on B over plans with no excess meeting (0 when the shape is not
    covered); `known` is a bound already proved for such plans (the no-revisit bound)."""
    mapping = canonical_shape(problem)
    if mapping is None:
        return known
    return max(known, exact_spread(mapping.shape, conflicts, known).floor)


def exact_rows(mapping: Mapping, exact: Exact) -> list[dict[PersonId, TableId]]:
    """The plan of an exact result as seats per round (person id -> table id)."""
    assert exact.seats is not None
    rows = []
    for row in exact.seats:
        seats = {h: mapping.table_ids[t] for t, h in enumerate(mapping.host_ids)}
        seats.update({mapping.traveller_ids[p]: mapping.table_ids[t] for p, t in enumerate(row)})
        rows.append(seats)
    return rows
