"""One exact model's balanced round-1 compositions, solved in turns of conflicts.

A `Run` is one lane of the exact model: the full model of a shape at one slack, or its
relaxation. It is what a worker process holds (exact_worker) and what the inline path
holds, so both give the same answers for the same turns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cafe.seating.exact_shape import Shape, round_compositions

if TYPE_CHECKING:
    from cafe.seating.exact_cnf import ExactModel
    from cafe.seating.sat_slices import SlicedSolver

WINDOW = 1
"""Round-1 compositions worked on side by side (more than one did worse on the 30-people
shapes: a refutation, which every composition needs, then waits longer)."""


class Run:
    """The balanced round-1 compositions of one model. A few at a time are worked on in
    turn (their solvers kept between turns, so no work is lost), since a plan is often
    quick under one composition while refuting another takes long; a refuted one makes
    room for the next. All refuted: no plan at this slack."""

    def __init__(self, shape: Shape, slack: int, options: dict[str, int] | None = None) -> None:
        self.shape, self.slack, self.options = shape, slack, options
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

    def advance(
        self, conflicts: int, deadline: float, stop: Callable[[], bool] | None = None
    ) -> tuple[int, bool]:
        """Work on at most `conflicts` conflicts; returns them and whether the clock ran out
        (or `stop` said so: the caller then throws this run away)."""
        from cafe.seating.sat_slices import SLICE

        spent = 0
        while self.answer is None and spent < conflicts:
            # A refuted composition makes room for the next within the same grant.
            self._fill()
            share = max(SLICE, (conflicts - spent) // len(self.active) // SLICE * SLICE)
            for model, solver in list(self.active):
                if self.answer is not None or spent >= conflicts:
                    break
                verdict = solver.run(min(share, conflicts - spent), deadline, stop)
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
