"""An independent checker for seating plans, used by the seating tests (no planner code).

It holds no tests itself; it is named test_seating_* only to live with them.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import ceil, floor

from cafe.seating import Metrics, Plan, Problem


def check_hard_rules(problem: Problem, plan: Plan) -> None:
    """Assert every hard rule: seats for exactly the present, capacity, balance, hosts, fixed."""
    capacity = {t.id: t.capacity for t in problem.tables}
    assert sorted(plan.seats) == list(range(1, problem.rounds + 1))
    for r in range(1, problem.rounds + 1):
        row = plan.seats[r]
        if r in problem.fixed:
            assert row == dict(problem.fixed[r])
            continue
        present = {p.id for p in problem.people if p.present_in(r)}
        assert set(row) == present
        assert all(t in capacity for t in row.values())
        sizes = {t: 0 for t in capacity}
        for t in row.values():
            sizes[t] += 1
        for t, n in sizes.items():
            assert n <= capacity[t]
        for t, n in sizes.items():
            for u, m in sizes.items():
                if n >= m + 2:
                    assert m == capacity[u], f"round {r}: table {t} has {n}, table {u} only {m}"
        if problem.host_stays:
            for table in problem.tables:
                if table.host in row:
                    assert row[table.host] == table.id


def brute_metrics(problem: Problem, seats: dict) -> Metrics:
    """Count every measure the slow, obvious way."""
    ids = [p.id for p in problem.people]
    rounds = sorted(seats)
    excess = repeated = worst = 0
    for u, v in combinations(ids, 2):
        m = sum(1 for r in rounds if u in seats[r] and v in seats[r] and seats[r][u] == seats[r][v])
        excess += max(0, m - 1)
        repeated += m >= 2
        worst = max(worst, m)
    hosts = {t.host for t in problem.tables if t.host is not None} if problem.host_stays else set()
    revisits = 0
    for p in ids:
        if p not in hosts:
            visits = [seats[r][p] for r in rounds if p in seats[r]]
            revisits += len(visits) - len(set(visits))
    return Metrics(
        excess_meetings=excess,
        repeated_pairs=repeated,
        worst_repeat=worst,
        revisits=revisits,
        group_spread=_spread(problem, seats),
        moved_people=_moved(problem, seats),
        host_moves=_host_moves(problem, seats),
        size_spread=_size_spread(problem, seats),
    )


def _spread(problem: Problem, seats: dict) -> int:
    group = {p.id: p.group for p in problem.people}
    names = {g for g in group.values() if g is not None}
    total = 0
    for row in seats.values():
        for t in problem.tables:
            here = [p for p, u in row.items() if u == t.id]
            for g in names:
                share = Fraction(sum(1 for p in row if group[p] == g) * len(here), len(row))
                count = sum(1 for p in here if group[p] == g)
                low, high = floor(share), ceil(share)
                total += max(0, count - high) + max(0, low - count)
    return total


def _moved(problem: Problem, seats: dict) -> int:
    if problem.previous is None:
        return 0
    moved = set()
    for r, old in problem.previous.items():
        if r not in problem.fixed and r in seats:
            moved |= {p for p, t in old.items() if p in seats[r] and seats[r][p] != t}
    return len(moved)


def _host_moves(problem: Problem, seats: dict) -> int:
    if not problem.host_stays:
        return 0
    return sum(
        1
        for r, row in seats.items()
        if r not in problem.fixed
        for t in problem.tables
        if t.host in row and row[t.host] != t.id
    )


def _size_spread(problem: Problem, seats: dict) -> int:
    worst = 0
    for row in seats.values():
        sizes = [
            sum(1 for u in row.values() if u == t.id) for t in problem.tables if t.capacity > 0
        ]
        if sizes:
            worst = max(worst, max(sizes) - min(sizes))
    return worst
