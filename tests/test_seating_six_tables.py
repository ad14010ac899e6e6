"""Six hosted tables with groups, and the bound on B for plans without revisits.

Bad inputs tried: hosts of random groups on 30 people (the shapes where a single stored
schedule admits no balance), three of six members of a group hosting (B = 0 is then
impossible without a repeat, and the bound must say so), every seating of tiny
multi-round shapes (the no-revisit bound must never exceed any of them), a hand-out with
no solution, and shapes the stored schedules do not cover.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_seating_checker import brute_metrics, check_hard_rules
from test_seating_groups import CAPPED, shuffled
from test_seating_known import shape

from cafe.seating import Person, Problem, Table, measure, plan_seating
from cafe.seating.designs import SIX_TABLE_ROUTES
from cafe.seating.exact_labels import exact_labels
from cafe.seating.layout import build_layout
from cafe.seating.route_bound import has_revisit, no_revisit_bound
from cafe.seating.six_tables import six_table_balance


@pytest.mark.parametrize("routes", SIX_TABLE_ROUTES, ids=["A", "B"])
def test_the_searched_schedules_have_no_repeat_and_no_revisit(routes: list[str]) -> None:
    seats = {r + 1: {("host", t): t for t in range(6)} for r in range(4)}
    for i, route in enumerate(routes):
        for r, table in enumerate(route):
            seats[r + 1][i] = int(table)
    people = tuple(Person(p) for p in seats[1])
    tables = tuple(Table(t, 5, ("host", t)) for t in range(6))
    counted = brute_metrics(Problem(people, tables, 4), seats)
    assert (counted.excess_meetings, counted.revisits) == (0, 0)
    assert all(Counter(row.values()) == dict.fromkeys(range(6), 5) for row in seats.values())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hosts_of_random_groups_on_thirty_people_get_zero_spread(seed: int) -> None:
    # With the one stored schedule of issue 11 these seeds ended at B = 8 to 14.
    problem = shuffled(replace(shape(30, 6, 5, 4, True, [12, 8, 6, 4]), **CAPPED), seed)
    plan = plan_seating(problem)
    check_hard_rules(problem, plan)
    counted = brute_metrics(problem, plan.seats)
    assert (counted.excess_meetings, counted.revisits, counted.group_spread) == (0, 0, 0)


def test_three_hosts_of_a_group_of_six_make_spread_unavoidable_and_the_bound_says_so() -> None:
    # Group c (six people) must have exactly one member at every table in every round.
    # Three of them host, so the other three would have to cover the three other tables
    # in all four rounds: someone comes back to a table and meets its host again.
    labels = ["c", "c", "c", "a", "a", "b"] + ["a"] * 10 + ["b"] * 7 + ["c"] * 3 + ["d"] * 4
    people = tuple(Person(i, g) for i, g in enumerate(labels))
    problem = Problem(people, tuple(Table(t, 5, t) for t in range(6)), 4, **CAPPED)
    plan = plan_seating(problem)
    check_hard_rules(problem, plan)
    assert plan.metrics.excess_meetings == 0
    assert plan.metrics.group_spread_bound >= 6
    assert plan.metrics.group_spread_bound <= plan.metrics.group_spread


def test_shapes_the_stored_schedules_do_not_cover_get_no_hand_out() -> None:
    problem = shape(35, 7, 5, 4, True, [14, 14, 7])
    layout = build_layout(problem)
    hosts = list(range(7))
    assert six_table_balance(layout, hosts, list(range(7, 35)), 4, 10_000) is None
    five_rounds = shape(30, 6, 5, 5, True, [12, 12, 6])
    layout = build_layout(five_rounds)
    assert six_table_balance(layout, list(range(6)), list(range(6, 30)), 5, 10_000) is None


def test_an_impossible_hand_out_is_refused_and_a_possible_one_found() -> None:
    # Two routes through one cell of two seats, each group wanting exactly one there.
    routes = [(0,), (0,)]
    base = [[[0, 0]]]
    low = high = [[[1, 1]]]
    assert exact_labels(routes, base, [2, 0], low, high, [100]) is None
    assert sorted(exact_labels(routes, base, [1, 1], low, high, [100]) or []) == [0, 1]


@st.composite
def small_plans(draw: st.DrawFn) -> Problem:
    """Hosted tables, two or three travellers, two or three rounds, random groups."""
    tables = draw(st.integers(2, 3))
    travellers = draw(st.integers(2, 3))
    names = st.sampled_from(["a", "b", None])
    people = tuple(Person(i, draw(names)) for i in range(tables + travellers))
    table_list = tuple(Table(t, 3, t) for t in range(tables))
    return Problem(people, table_list, draw(st.integers(2, 3)))


@settings(max_examples=25, deadline=None)
@given(small_plans())
def test_the_no_revisit_bound_is_below_every_seating_without_revisits(problem: Problem) -> None:
    tables = len(problem.tables)
    travellers = [p.id for p in problem.people][tables:]
    best: dict[tuple, int] = {}
    bounds: dict[tuple, int] = {}
    for choice in itertools.product(range(tables), repeat=len(travellers) * problem.rounds):
        seats = {
            r + 1: {**{t: t for t in range(tables)},
                    **dict(zip(travellers, choice[r * len(travellers):], strict=False))}
            for r in range(problem.rounds)
        }  # fmt: skip
        rounds = list(seats)
        if has_revisit(problem, seats, rounds):
            continue
        sizes = tuple(tuple(sorted(Counter(row.values()).items())) for row in seats.values())
        spread = measure(problem, seats).group_spread
        best[sizes] = min(best.get(sizes, spread), spread)
        bounds[sizes] = no_revisit_bound(problem, seats, rounds)
    assert all(bounds[sizes] <= best[sizes] for sizes in best)
