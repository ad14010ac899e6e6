"""Six tables with groups: a stored schedule and an exact hand-out, so that B = 0 with E = 0.

With six tables no cyclic construction exists, and with hosts of random groups the
annealing hand-out of one stored schedule rarely balances the groups. Here every stored
six-table schedule is tried with every distinct order of the hosts' groups over its
tables, and exact_labels decides whether its itineraries can be handed out with every
group at its share everywhere. The search is deterministic and capped by steps.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence

from cafe.seating.designs import SIX_TABLE_ROUTES, SIX_TABLES
from cafe.seating.exact_labels import Route, exact_labels
from cafe.seating.layout import Layout

TABLES = 6
QUICK_TRY = 100
"""Steps for one order of host groups in the quick look at the class schedule."""
QUICK_STEPS = 2000
"""Steps for the whole quick look (on top of the budget)."""


def six_table_balance(
    layout: Layout,
    hosts: Sequence[int | None],
    travellers: Sequence[int],
    rounds: int,
    budget: int,
    deadline: float = math.inf,
) -> list[dict[int, int]] | None:
    """Preferred tables per round (person -> table) with E = V = B = 0, or None.

    Only for six hosted tables, at most four rounds and whole classes of six travellers;
    it stops after budget steps or, between two tries, at the deadline.
    """
    classes = len(travellers) // TABLES
    if not _covered(layout, hosts, travellers, rounds, classes):
        return None
    orders = _host_orders([layout.group[h] for h in hosts if h is not None])
    schedules = _schedules(classes, rounds)
    # A quick look at the class schedule first: whole classes balance at once when the
    # hosts' groups allow it (hosts listed in order), while a failing exact search on it
    # can be long.
    quick = [QUICK_STEPS]
    for order in orders:
        found = _hand_out(layout, hosts, travellers, schedules[-1], order, [QUICK_TRY])
        quick[0] -= QUICK_TRY
        if found is not None:
            return found
        if quick[0] <= 0:
            break
    steps = [budget]
    for routes in schedules:
        for order in orders:
            found = _hand_out(layout, hosts, travellers, routes, order, steps)
            if found is not None:
                return found
            if steps[0] < 0 or time.perf_counter() > deadline:
                return None
    return None


def _covered(
    layout: Layout,
    hosts: Sequence[int | None],
    travellers: Sequence[int],
    rounds: int,
    classes: int,
) -> bool:
    return (
        len(hosts) == TABLES
        and all(h is not None for h in hosts)
        and 1 <= rounds <= len(SIX_TABLES[0])
        and 1 <= classes < len(SIX_TABLES)
        and len(travellers) == classes * TABLES
        and all(c >= classes + 1 for c in layout.capacity)
    )


def _schedules(classes: int, rounds: int) -> list[list[Route]]:
    """Itineraries of every stored schedule with this many travelling classes."""
    out = [
        [tuple(SIX_TABLES[i][r][x] for r in range(rounds)) for i in range(1, classes + 1)
         for x in range(TABLES)]
    ]  # fmt: skip
    if classes == len(SIX_TABLES) - 1:
        out += [[tuple(int(c) for c in route[:rounds]) for route in s] for s in SIX_TABLE_ROUTES]
    # The searched schedules first: they admit a balance for more orders of host groups.
    return out[::-1]


def _host_orders(host_groups: Sequence[int]) -> list[tuple[int, ...]]:
    """Distinct orders of the hosts (by group) over the schedule's tables: order[d] is the
    host index at schedule table d. Hosts of one group are interchangeable."""
    seen: set[tuple[int, ...]] = set()
    out = []
    for order in itertools.permutations(range(len(host_groups))):
        key = tuple(host_groups[i] for i in order)
        if key not in seen:
            seen.add(key)
            out.append(order)
    return out


def _hand_out(
    layout: Layout,
    hosts: Sequence[int | None],
    travellers: Sequence[int],
    routes: Sequence[Route],
    order: tuple[int, ...],
    steps: list[int],
) -> list[dict[int, int]] | None:
    """Try one schedule with hosts placed by order; map its itineraries to people."""
    groups, rounds = layout.groups, len(routes[0])
    group = layout.group
    size = 1 + len(travellers) // TABLES
    totals = [sum(1 for p in [*hosts, *travellers] if p is not None and group[p] == g)
              for g in range(groups)]  # fmt: skip
    present = TABLES * size
    low = [[[n * size // present for n in totals]] * TABLES] * rounds
    high = [[[-(-n * size // present) for n in totals]] * TABLES] * rounds
    base = [
        [[int(group[hosts[order[d]]] == g) for g in range(groups)] for d in range(TABLES)]  # type: ignore[index]
        for _ in range(rounds)
    ]
    stock = [sum(1 for p in travellers if group[p] == g) for g in range(groups)]
    if sum(stock) != len(travellers):
        return None
    labels = exact_labels(routes, base, stock, low, high, steps)
    if labels is None:
        return None
    rows: list[dict[int, int]] = [{} for _ in range(rounds)]
    for d in range(TABLES):
        for r in range(rounds):
            rows[r][hosts[order[d]]] = order[d]  # type: ignore[index]
    waiting = {g: [p for p in travellers if group[p] == g] for g in range(groups)}
    for route, g in zip(routes, labels, strict=True):
        p = waiting[g].pop()
        for r, d in enumerate(route):
            rows[r][p] = order[d]
    return rows
