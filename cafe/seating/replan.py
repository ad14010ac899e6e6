"""Helpers for re-planning mid-event: who should take over a table whose host leaves."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from cafe.seating.model import PersonId, Problem, TableId


def suggest_host(
    problem: Problem,
    table_id: TableId,
    from_round: int,
    among: Collection[PersonId] | None = None,
) -> PersonId | None:
    """Suggest who takes over table_id from from_round: the traveller who would move least.

    Counts, in the plan in force (problem.previous, else the fixed rounds), the rounds from
    from_round on in which a candidate is planned elsewhere; prefers those present longest.
    Only people in `among` (those who have arrived, when given) are suggested. Returns
    None when nobody present in from_round can take over.
    """
    plan: Mapping[int, Mapping[PersonId, TableId]] = problem.previous or problem.fixed
    hosts = {t.host for t in problem.tables if t.host is not None}
    later = range(from_round, problem.rounds + 1)
    best: PersonId | None = None
    best_key: tuple[int, int, int] | None = None
    for order, person in enumerate(problem.people):
        if person.id in hosts or not person.present_in(from_round):
            continue
        if among is not None and person.id not in among:
            continue
        present = [r for r in later if person.present_in(r)]
        moves = sum(1 for r in present if plan.get(r, {}).get(person.id) != table_id)
        key = (moves, -len(present), order)
        if best_key is None or key < best_key:
            best, best_key = person.id, key
    return best
