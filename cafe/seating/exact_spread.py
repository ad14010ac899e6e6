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

from cafe.seating.exact_lanes import (
    Lane,
    Pool,
    Spec,
    WorkerLost,
    close_lanes,
    open_lanes,
    take_turn,
)
from cafe.seating.exact_shape import (
    Mapping,
    Shape,
    canonical_shape,
    merge,
)
from cafe.seating.model import PersonId, Problem, TableId

CONFLICTS_PER_WORK = 0.86
"""Conflicts per lane of the exact model per unit of the search's work cap: the default
2 s budget (350,000) buys 301,000 per lane, 10-15 s of CaDiCaL on the hardest 30-people
models here (G30-5 seed 1 finds its plan in about 220,000; the relaxation of G30-4 seeds
13, 19 and 21 is refuted in about 133,000). Most shapes decide in a few thousand. They
come on top of the search's work, with a clock of their own (see planner._exact_rows)."""
SAFE_RATE = 10_000
"""Conflicts per second below which the exact model's own clock stops it (a safety net
for a loaded machine: about 25,000 per second per lane are done here)."""
CONFLICTS = int(350_000 * CONFLICTS_PER_WORK)
MEMO_SIZE = 256
FIRST_TURN = 1000
"""Conflicts of each run's first turn (doubling after): turns do not depend on the cap, so
a larger cap only goes on where a smaller one stopped."""
REFUTING = {"stabilizeonly": 1}
"""CaDiCaL's stable mode throughout: a quarter fewer conflicts on the refutations of the
hard 30-people relaxations, but more on finding plans (so the full model keeps the
default)."""


@dataclass(frozen=True)
class Exact:
    """What the exact model settled: no plan with E = 0 has B below `floor`; `seats`
    (canonical: seats[r][traveller] = table) has E = 0 and B = floor when one was found."""

    floor: int
    seats: tuple[tuple[int, ...], ...] | None
    capped: bool
    """The conflict cap (or the clock) ended it before the least B was found."""
    conflicts: int = 0
    """Conflicts it took (charged to the search's work cap even when memoised)."""


_memo: OrderedDict[tuple, Exact] = OrderedDict()


def exact_spread(shape: Shape, conflicts: int = CONFLICTS, deadline: float = math.inf) -> Exact:
    """Least B with E = 0 within the cap (what was proved of it, and a plan if found)."""
    key = (shape.signature(), conflicts)
    if key in _memo:
        _memo.move_to_end(key)
        return _memo[key]
    result, timed_out = _search(shape, conflicts, deadline)
    if not timed_out:
        _memo[key] = result
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return result


def _search(shape: Shape, conflicts: int, deadline: float) -> tuple[Exact, bool]:
    """The search in worker processes where its turns grow long; if a worker is lost, the
    same search again in this process (the answer is the same)."""
    pool = Pool()
    try:
        return _slacks(shape, conflicts, deadline, pool)
    except WorkerLost:
        pool.close()
        return _slacks(shape, conflicts, deadline, Pool(enabled=False))
    finally:
        pool.close()


def _slacks(shape: Shape, conflicts: int, deadline: float, pool: Pool) -> tuple[Exact, bool]:
    """Slack by slack from 0: when some classes have a whole share, the relaxation that
    keeps only their shares (often a much quicker refutation), and the full model (which
    gives a plan) take turns with doubling conflicts until one decides or the cap is spent."""
    whole = [c for c in range(shape.classes) if _whole_share(shape, c)]
    left = conflicts
    for slack in range(shape.rounds):
        specs = [Spec(shape, slack)]
        if whole and len(whole) < shape.classes:
            # The relaxation goes first in each turn: where it refutes, it is quick.
            specs.insert(0, Spec(merge(shape, whole), slack, REFUTING))
        lanes = open_lanes(specs)
        try:
            outcome = _decide(lanes, FIRST_TURN, left, deadline, pool)
        finally:
            close_lanes(lanes)
        left -= outcome[0]
        if outcome[1] is None:
            return Exact(slack, None, True, conflicts - left), outcome[2]
        if outcome[1]:
            return Exact(
                slack, next(lane for lane in lanes if lane.spec.full).seats, False,
                conflicts - left,
            ), False  # fmt: skip
    return Exact(shape.rounds, None, True, conflicts - left), False


def _decide(
    lanes: list[Lane], step: int, left: int, deadline: float, pool: Pool
) -> tuple[int, bool | None, bool]:
    """(conflicts charged, True if the full model found a plan / False if a lane refuted
    this slack / None if undecided, whether the clock ran out). Each turn grants every
    undecided lane `step` conflicts (doubling), and is charged its grant once: the cap is
    per lane, as the lanes run side by side."""
    spent = 0
    step = max(1, step)
    while any(lane.answer is None for lane in lanes):
        grant = min(step, left - spent)
        if grant <= 0:
            return spent, None, False
        decided, timed_out = take_turn(lanes, grant, deadline, pool)
        spent += grant
        if decided is not None or timed_out:
            return spent, decided, timed_out
        step *= 2
    return spent, None, False


def _whole_share(shape: Shape, c: int) -> bool:
    """Class c's share of a table is a whole number (and it has one)."""
    low, high = shape.share(c)
    return low == high and not (shape.free_class and c == shape.classes - 1)


def exact_conflicts(problem: Problem) -> int:
    """The exact model's conflict cap, tied to the problem's work cap."""
    return int(problem.work_cap() * CONFLICTS_PER_WORK)


def proved_floor(problem: Problem, deadline: float = math.inf) -> int:
    """A lower bound on B over plans with no excess meeting (0 when the shape is not
    covered), computed under the problem's cap unless already known; what was proved by
    `deadline` if the clock ends it first (not memoised, so a later call goes on)."""
    mapping = canonical_shape(problem)
    if mapping is None:
        return 0
    return exact_spread(mapping.shape, exact_conflicts(problem), deadline).floor


def known_floor(problem: Problem) -> int:
    """What proved_floor would say if it is already known (memoised), else 0."""
    mapping = canonical_shape(problem)
    if mapping is None:
        return 0
    exact = _memo.get((mapping.shape.signature(), exact_conflicts(problem)))
    return 0 if exact is None else exact.floor


def exact_rows(mapping: Mapping, exact: Exact) -> list[dict[PersonId, TableId]]:
    """The plan of an exact result as seats per round (person id -> table id)."""
    assert exact.seats is not None
    rows = []
    for row in exact.seats:
        seats = {h: mapping.table_ids[t] for t, h in enumerate(mapping.host_ids)}
        seats.update({mapping.traveller_ids[p]: mapping.table_ids[t] for p, t in enumerate(row)})
        rows.append(seats)
    return rows
