"""Score a finished seating: the measures of docs/seating.md, counted from scratch."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping

from cafe.seating.exact_spread import proved_floor
from cafe.seating.model import Metrics, PersonId, Problem, TableId
from cafe.seating.spread import group_spread_bound

Row = Mapping[PersonId, TableId]


def measure(problem: Problem, seats: Mapping[int, Row]) -> Metrics:
    """Count every measure of a plan; moved people are counted against problem.previous."""
    met = pair_meetings(seats)
    excess = sum(m - 1 for m in met.values() if m > 1)
    spread = group_spread(problem, seats)
    bound = group_spread_bound(problem, seats)
    if excess == 0 and spread > bound and _whole_rounds(problem, seats):
        # Among plans with no excess meeting (the fewest, as this one has none) the exact
        # model may prove more; it never exceeds this plan's own spread. Within the
        # problem's time budget: the plan page measures on a GET, and the verdict the plan
        # was made with is memoised (so it is there at once in the process that planned).
        bound = max(bound, proved_floor(problem, time.perf_counter() + problem.time_budget))
    return Metrics(
        excess_meetings=excess,
        repeated_pairs=sum(1 for m in met.values() if m > 1),
        worst_repeat=max(met.values(), default=0),
        revisits=revisits(problem, seats),
        group_spread=spread,
        group_spread_bound=bound,
        moved_people=moved_people(problem, seats),
        host_moves=host_moves(problem, seats),
        size_spread=size_spread(problem, seats),
    )


def _whole_rounds(problem: Problem, seats: Mapping[int, Row]) -> bool:
    """Every listed person sits in every round and all tables are equally full (what the
    exact model assumes of the plans it compares with)."""
    everyone = {p.id for p in problem.people}
    size = len(everyone) // max(1, len(problem.tables))
    for r in range(1, problem.rounds + 1):
        row = seats.get(r, {})
        if set(row) != everyone or any(n != size for n in Counter(row.values()).values()):
            return False
    return len(everyone) == size * len(problem.tables)


def tables_of(row: Row) -> dict[TableId, list[PersonId]]:
    """Group one round's seats by table."""
    by_table: dict[TableId, list[PersonId]] = {}
    for pid, tid in row.items():
        by_table.setdefault(tid, []).append(pid)
    return by_table


def pair_meetings(seats: Mapping[int, Row]) -> Counter[frozenset[PersonId]]:
    """How many rounds each pair that ever met shares a table."""
    met: Counter[frozenset[PersonId]] = Counter()
    for row in seats.values():
        for group in tables_of(row).values():
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    met[frozenset((a, b))] += 1
    return met


def travellers(problem: Problem) -> list[PersonId]:
    """People who move between rounds: everyone but staying hosts."""
    hosts = {t.host for t in problem.tables if t.host is not None} if problem.host_stays else set()
    return [p.id for p in problem.people if p.id not in hosts]


def revisits(problem: Problem, seats: Mapping[int, Row]) -> int:
    """Sum over travellers of rounds attended minus distinct tables visited."""
    total = 0
    for pid in travellers(problem):
        visited = [row[pid] for row in seats.values() if pid in row]
        total += len(visited) - len(set(visited))
    return total


def group_spread(problem: Problem, seats: Mapping[int, Row]) -> int:
    """Sum over round, table, group of how far the count lies outside its fair share."""
    group_of = {p.id: p.group for p in problem.people}
    total = 0
    for row in seats.values():
        present = len(row)
        in_group = Counter(group_of.get(pid) for pid in row)
        in_group.pop(None, None)
        size = Counter(row.values())
        here = Counter((tid, group_of.get(pid)) for pid, tid in row.items())
        for tid, n in size.items():
            for g, count in in_group.items():
                total += share_deviation(here[tid, g], count * n, present)
    return total


def share_deviation(count: int, numerator: int, denominator: int) -> int:
    """How far count lies outside [floor, ceil] of numerator / denominator."""
    low = numerator // denominator
    high = -(-numerator // denominator)
    return max(0, count - high) + max(0, low - count)


def moved_people(problem: Problem, seats: Mapping[int, Row]) -> int:
    """Continuing people whose table differs from problem.previous in some unfixed round."""
    if problem.previous is None:
        return 0
    moved: set[PersonId] = set()
    for r, old in problem.previous.items():
        if r in problem.fixed or r not in seats:
            continue
        new = seats[r]
        moved.update(pid for pid, tid in old.items() if pid in new and new[pid] != tid)
    return len(moved)


def host_moves(problem: Problem, seats: Mapping[int, Row]) -> int:
    """Unfixed rounds in which a staying host is present but not at their own table."""
    if not problem.host_stays:
        return 0
    count = 0
    for r, row in seats.items():
        if r in problem.fixed:
            continue
        count += sum(1 for t in problem.tables if t.host in row and row[t.host] != t.id)
    return count


def size_spread(problem: Problem, seats: Mapping[int, Row]) -> int:
    """Largest difference between table sizes in any round (capacities may force it)."""
    worst = 0
    for row in seats.values():
        sizes = Counter(row.values())
        counts = [sizes.get(t.id, 0) for t in problem.tables if t.capacity > 0]
        if counts:
            worst = max(worst, max(counts) - min(counts))
    return worst
