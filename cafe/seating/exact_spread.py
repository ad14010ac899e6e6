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
from typing import TYPE_CHECKING

from cafe.seating.exact_shape import (
    Mapping,
    Shape,
    canonical_shape,
    merge,
    round_compositions,
)
from cafe.seating.model import PersonId, Problem, TableId

if TYPE_CHECKING:
    from cafe.seating.exact_cnf import ExactModel
    from cafe.seating.sat_slices import SlicedSolver

CONFLICTS_PER_WORK = 0.15
"""Conflicts of the exact model per unit of the search's work cap: the default 2 s budget
(350,000) buys 52,500 conflicts, about 1.7 s of CaDiCaL on the 30-people models here.
They come on top of the search's work (see planner._exact_rows)."""
CONFLICTS = int(350_000 * CONFLICTS_PER_WORK)
MEMO_SIZE = 256
WINDOW = 1
"""Round-1 compositions worked on side by side (more than one did worse on the 30-people
shapes: a refutation, which every composition needs, then waits longer)."""
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
    """Slack by slack from 0: when some classes have a whole share, the relaxation that
    keeps only their shares (often a much quicker refutation), and the full model (which
    gives a plan) take turns with doubling conflicts until one decides or the cap is spent."""
    whole = [c for c in range(shape.classes) if _whole_share(shape, c)]
    left = conflicts
    for slack in range(shape.rounds):
        runs = [_Run(shape, slack)]
        if whole and len(whole) < shape.classes:
            # The relaxation goes first in each turn: where it refutes, it is quick.
            runs.insert(0, _Run(merge(shape, whole), slack, REFUTING))
        try:
            outcome = _decide(runs, FIRST_TURN, left, deadline)
        finally:
            for run in runs:
                run.close()
        left -= outcome[0]
        if outcome[1] is None:
            return Exact(slack, None, True, conflicts - left), outcome[2]
        if outcome[1]:
            return Exact(
                slack, next(r for r in runs if r.full).seats, False, conflicts - left
            ), False
    return Exact(shape.rounds, None, True, conflicts - left), False


def _decide(
    runs: list[_Run], step: int, left: int, deadline: float
) -> tuple[int, bool | None, bool]:
    """(conflicts spent, True if the full model found a plan / False if a run refuted
    this slack / None if undecided, whether the clock ran out)."""
    spent = 0
    full = next(r for r in runs if r.full)
    step = max(1, step)
    while True:
        for run in [r for r in runs if r.answer is None]:
            used, timed_out = run.advance(min(step, left - spent), deadline)
            spent += used
            if full.answer:
                return spent, True, False
            if run.answer is False:
                return spent, False, False
            if timed_out or spent >= left:
                return spent, None, timed_out
        if all(r.answer is not None for r in runs):
            return spent, None, False
        step *= 2


def _whole_share(shape: Shape, c: int) -> bool:
    """Class c's share of a table is a whole number (and it has one)."""
    low, high = shape.share(c)
    return low == high and not (shape.free_class and c == shape.classes - 1)


class _Run:
    """The balanced round-1 compositions of one model. A few at a time are worked on in
    turn (their solvers kept between turns, so no work is lost), since a plan is often
    quick under one composition while refuting another takes long; a refuted one makes
    room for the next. All refuted: no plan at this slack."""

    def __init__(self, shape: Shape, slack: int, options: dict[str, int] | None = None) -> None:
        self.shape, self.slack, self.options = shape, slack, options
        self.full = options is None
        self.firsts = list(round_compositions(shape))
        self.next = 0
        self.active: list[tuple[ExactModel, SlicedSolver]] = []
        self.refuted = 0
        self.answer: bool | None = None if self.firsts else False
        self.seats: tuple[tuple[int, ...], ...] | None = None

    def _fill(self) -> None:
        # python-sat is imported only when a model is solved: every plan measures itself,
        # and the import costs 35 ms and 6 MB to shapes that never need it.
        from cafe.seating.exact_cnf import ExactModel
        from cafe.seating.sat_slices import SlicedSolver

        while len(self.active) < WINDOW and self.next < len(self.firsts):
            i = self.next
            model = ExactModel(self.shape, self.firsts[i], self.firsts[:i], self.slack)
            self.active.append((model, SlicedSolver(model.clauses, self.options)))
            self.next += 1

    def advance(self, conflicts: int, deadline: float) -> tuple[int, bool]:
        """Work on at most `conflicts` conflicts; returns them and whether the clock ran out."""
        from cafe.seating.sat_slices import SLICE

        spent = 0
        self._fill()
        share = max(SLICE, conflicts // max(1, len(self.active)) // SLICE * SLICE)
        for model, solver in list(self.active):
            if self.answer is not None or spent >= conflicts:
                break
            verdict = solver.run(min(share, conflicts - spent), deadline)
            spent += verdict.conflicts
            if verdict.timed_out:
                return spent, True
            if verdict.answer:
                self.answer = True
                self.seats = tuple(tuple(row) for row in model.seats(verdict.model))
            elif verdict.answer is False:
                solver.close()
                self.active.remove((model, solver))
                self.refuted += 1
                if self.refuted == len(self.firsts):
                    self.answer = False
        return spent, False

    def close(self) -> None:
        """Free the solvers under way."""
        for _, solver in self.active:
            solver.close()
        self.active = []


def exact_conflicts(problem: Problem) -> int:
    """The exact model's conflict cap, tied to the problem's work cap."""
    return int(problem.work_cap() * CONFLICTS_PER_WORK)


def proved_floor(problem: Problem) -> int:
    """A lower bound on B over plans with no excess meeting (0 when the shape is not
    covered), computed under the problem's cap unless already known."""
    mapping = canonical_shape(problem)
    if mapping is None:
        return 0
    return exact_spread(mapping.shape, exact_conflicts(problem)).floor


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
