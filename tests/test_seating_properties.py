"""Hypothesis properties: hard rules, metrics against a brute-force count, determinism.

Also: the reported lower bound on group spread never exceeds the spread, and a re-plan
with nothing changed moves people only when that lowers (E, V, B).
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_seating_checker import brute_metrics, check_hard_rules

from cafe.seating import Metrics, Person, Problem, Table, measure, plan_seating

FAST = {"time_budget": 5.0, "work_limit": 4000}
"""Work-capped so runs are short and deterministic; the time cap is only a backstop."""


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    """Random shapes: 4..400 people, 2..60 tables, 1..6 rounds, hosts, groups, churn."""
    rounds = draw(st.integers(1, 6))
    tables = draw(st.integers(2, 60))
    people = draw(st.integers(4, min(400, tables * 8)))
    base = -(-people // tables)
    capacities = [draw(st.integers(1, base + 2)) for _ in range(tables)]
    for t in range(tables):
        if sum(capacities) < people:
            capacities[t] = base + 2
    hosted = draw(st.booleans()) and people >= tables
    group_count = draw(st.integers(0, 4))
    churn = draw(st.booleans())
    persons = []
    for i in range(people):
        group = f"g{draw(st.integers(0, group_count))}" if group_count else None
        arrives, leaves = 1, None
        if churn and draw(st.integers(0, 4)) == 0:
            arrives = draw(st.integers(1, rounds))
            leaves = draw(st.one_of(st.none(), st.integers(arrives - 1, rounds)))
        persons.append(Person(i, group, arrives, leaves))
    table_list = tuple(
        Table(f"t{t}", capacities[t], t if hosted and draw(st.integers(0, 5)) else None)
        for t in range(tables)
    )
    return Problem(
        people=tuple(persons),
        tables=table_list,
        rounds=rounds,
        host_stays=draw(st.booleans()),
        seed=draw(st.integers(0, 3)),
        **FAST,
    )


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(problems())
def test_hard_rules_and_metrics_hold(problem: Problem) -> None:
    plan = plan_seating(problem)
    check_hard_rules(problem, plan)
    assert plan.metrics.group_spread_bound <= plan.metrics.group_spread
    if len(problem.people) <= 150:
        assert _counted(plan.metrics) == brute_metrics(problem, plan.seats)


def _counted(metrics: Metrics) -> Metrics:
    """The metrics the brute-force checker counts (the bound is checked on its own)."""
    return replace(metrics, group_spread_bound=0)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(problems(), st.integers(1, 5))
def test_replanning_keeps_fixed_rounds_and_rules(problem: Problem, played: int) -> None:
    first = plan_seating(problem)
    played = min(played, problem.rounds)
    fixed = {r: first.seats[r] for r in range(1, played + 1)}
    again = replace(problem, fixed=fixed, previous=first.seats)
    plan = plan_seating(again)
    check_hard_rules(again, plan)
    assert plan.metrics.group_spread_bound <= plan.metrics.group_spread
    if len(problem.people) <= 150:
        assert _counted(plan.metrics) == brute_metrics(again, plan.seats)
    # Nothing changed, so moving anyone must buy fewer meetings, revisits or spread.
    if plan.metrics.moved_people:
        assert _order(plan.metrics) < _order(measure(again, first.seats))


def _order(metrics: Metrics) -> tuple[int, int, int]:
    return metrics.excess_meetings, metrics.revisits, metrics.group_spread


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(problems())
def test_same_input_and_seed_give_the_same_plan(problem: Problem) -> None:
    assert plan_seating(problem) == plan_seating(problem)
