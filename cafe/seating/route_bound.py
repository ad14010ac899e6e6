"""A lower bound on group spread B for plans in which no traveller returns to a table.

The per-round bound of spread.py lets a group's travellers sit anywhere in every round.
Without revisits each of them visits a table at most once, so over the unplayed rounds a
table can take at most as many of a group's travellers as the group has. That matters
when hosts of a small group hold many tables: with three of six members of a group
hosting, the other three cannot give each of the six tables exactly one member in four
rounds without someone coming back. Per group this is a transportation problem (rounds to
tables, each table taking at most the group's travellers in all), solved as a min-cost
flow over kinds of table (same sizes, same hosts of the group in every round). The sum
over groups is a lower bound on B in those rounds; with staying hosts, a revisit means
meeting the host again, so every plan with no excess meeting is covered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from cafe.seating.flow import FlowGraph
from cafe.seating.model import PersonId, Problem, TableId

Row = Mapping[PersonId, TableId]
Kind = tuple[tuple[int, ...], tuple[int, ...]]
"""(size of the table per round, its host present and in the group per round)."""


def has_revisit(problem: Problem, seats: Mapping[int, Row], rounds: Sequence[int]) -> bool:
    """Some traveller sits at one table in two of these rounds."""
    home = _staying_hosts(problem)
    seen: set[tuple[PersonId, TableId]] = set()
    for r in rounds:
        for pid, tid in seats[r].items():
            if pid in home:
                continue
            if (pid, tid) in seen:
                return True
            seen.add((pid, tid))
    return False


def no_revisit_bound(problem: Problem, seats: Mapping[int, Row], rounds: Sequence[int]) -> int:
    """No plan of these rounds with these table sizes and hosts, and no revisit, has less B."""
    group = {p.id: p.group for p in problem.people}
    names = sorted({g for g in group.values() if g is not None})
    return sum(_group_floor(problem, seats, rounds, group, g) for g in names)


def _staying_hosts(problem: Problem) -> dict[PersonId, TableId]:
    if not problem.host_stays:
        return {}
    return {t.host: t.id for t in problem.tables if t.host is not None}


def _group_floor(
    problem: Problem,
    seats: Mapping[int, Row],
    rounds: Sequence[int],
    group: Mapping[PersonId, str | None],
    name: str,
) -> int:
    """Least spread of one group over these rounds when its travellers never revisit."""
    home = _staying_hosts(problem)
    tables = [t.id for t in problem.tables]
    travelling: set[PersonId] = set()
    moving, totals, sizes, hosted = [], [], [], []
    for r in rounds:
        row = seats[r]
        members = [p for p in row if group.get(p) == name]
        mine = [p for p in members if p not in home]
        travelling.update(mine)
        moving.append(len(mine))
        totals.append((len(members), len(row)))
        size = Counter(row.values())
        sizes.append([size.get(t, 0) for t in tables])
        at_home = {home[p] for p in members if p in home and row[p] == home[p]}
        hosted.append([int(t in at_home) for t in tables])
    kinds: Counter[Kind] = Counter(
        (tuple(s[i] for s in sizes), tuple(h[i] for h in hosted)) for i in range(len(tables))
    )
    return _flow_floor(moving, totals, kinds, len(travelling))


def _flow_floor(
    moving: Sequence[int], totals: Sequence[tuple[int, int]], kinds: Counter[Kind], most: int
) -> int:
    """Min-cost flow: travellers per round to kinds of table, each table taking at most
    `most` of them over all rounds; costs count how far each count leaves its share."""
    rounds, kind_list = len(moving), list(kinds.items())
    source, sink = rounds + len(kind_list), rounds + len(kind_list) + 1
    graph = FlowGraph(sink + 1)
    fixed = 0
    for r, n in enumerate(moving):
        graph.arc(source, r, n, 0)
    for k, ((size, hosted), many) in enumerate(kind_list):
        node = rounds + k
        graph.arc(node, sink, many * most, 0)
        for r in range(rounds):
            members, present = totals[r]
            low = members * size[r] // max(1, present)
            high = -(-members * size[r] // max(1, present))
            short = max(0, low - hosted[r])
            room = max(short, high - hosted[r])
            fixed += many * (short + max(0, hosted[r] - high))
            if short:
                graph.arc(r, node, many * short, -1)
            if room > short:
                graph.arc(r, node, many * (room - short), 0)
            graph.arc(r, node, many * max(0, size[r] - room), 1)
    try:
        return fixed + graph.min_cost(source, sink, sum(moving))
    except ValueError:
        return 0
