"""A lower bound on group spread B: what no seating with these table sizes can avoid.

Per round, each (group, table) cell wants a count in [floor(e), ceil(e)]; the group's
members must all sit somewhere, tables hold what they hold, and staying hosts, pins and
played rounds are where they are. The least total deviation of that transportation
problem is a min-cost flow. Tables with the same size and the same forced people are
merged (the merged problem is a relaxation, so its optimum is still a lower bound), which
keeps the graph small at any number of tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence

from cafe.seating.flow import FlowGraph
from cafe.seating.model import PersonId, Problem, TableId
from cafe.seating.route_bound import has_revisit, no_revisit_bound

TableKind = tuple[int, tuple[int, ...], int]
"""(table size, forced members per group, forced people in all)."""


def group_spread_bound(problem: Problem, seats: Mapping[int, Mapping[PersonId, TableId]]) -> int:
    """No plan with these table sizes (and these hosts, pins and played rounds) has less B;
    when this plan has no revisit in unplayed rounds, no such plan without revisits either."""
    names = sorted({p.group for p in problem.people if p.group is not None})
    if not names:
        return 0
    index = {g: i for i, g in enumerate(names)}
    group = {p.id: index.get(p.group, -1) for p in problem.people}
    per_round = {
        r: _round_bound(len(names), group, row, _forced(problem, r, row))
        for r, row in seats.items()
        if row
    }
    total = sum(per_round.values())
    free = [r for r in per_round if r not in problem.fixed]
    if not free or has_revisit(problem, seats, free):
        return total
    played = sum(b for r, b in per_round.items() if r in problem.fixed)
    return max(total, played + no_revisit_bound(problem, seats, free))


def _forced(problem: Problem, r: int, row: Mapping[PersonId, TableId]) -> set[PersonId]:
    """People whose table in round r no plan may change."""
    if r in problem.fixed:
        return set(row)
    forced = set(problem.pinned.get(r, {})) & set(row)
    if problem.host_stays:
        forced |= {t.host for t in problem.tables if t.host in row}
    return forced


def _round_bound(
    groups: int,
    group: Mapping[PersonId, int],
    row: Mapping[PersonId, TableId],
    forced: set[PersonId],
) -> int:
    totals = [0] * groups
    for pid in row:
        # Played rounds may hold people no longer listed: they count as no group.
        if group.get(pid, -1) >= 0:
            totals[group[pid]] += 1
    kinds = _table_kinds(groups, group, row, forced)
    free = [totals[g] - sum(m * kind[1][g] for kind, m in kinds.items()) for g in range(groups)]
    return spread_floor(totals, len(row), kinds, free)


def _table_kinds(
    groups: int,
    group: Mapping[PersonId, int],
    row: Mapping[PersonId, TableId],
    forced: set[PersonId],
) -> Counter[TableKind]:
    size: Counter[Hashable] = Counter(row.values())
    held: dict[Hashable, list[int]] = {t: [0] * (groups + 1) for t in size}
    for pid in forced:
        g = group.get(pid, -1)
        held[row[pid]][g if g >= 0 else groups] += 1
    return Counter((size[t], tuple(h[:groups]), sum(h)) for t, h in held.items())


def spread_floor(
    totals: Sequence[int], present: int, kinds: Mapping[TableKind, int], free: Sequence[int]
) -> int:
    """Least deviation in one round: totals[g] members of group g among present people,
    kinds of table with their multiplicity, free[g] members of g not yet seated."""
    groups = len(totals)
    kind_list = list(kinds.items())
    source, sink = groups + len(kind_list), groups + len(kind_list) + 1
    graph = FlowGraph(sink + 1)
    fixed = 0
    for g in range(groups):
        graph.arc(source, g, free[g], 0)
    for k, ((size, held, held_all), many) in enumerate(kind_list):
        node = groups + k
        graph.arc(node, sink, many * (size - held_all), 0)
        for g in range(groups):
            low = totals[g] * size // present
            high = -(-totals[g] * size // present)
            short = max(0, low - held[g])
            room = max(short, high - held[g])
            fixed += many * (short + max(0, held[g] - high))
            if short:
                graph.arc(g, node, many * short, -1)
            if room > short:
                graph.arc(g, node, many * (room - short), 0)
            graph.arc(g, node, many * size, 1)
    return fixed + graph.min_cost(source, sink, sum(free))
