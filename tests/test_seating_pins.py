"""Pins (Problem.pinned): seats made by hand, people kept at one table, and tables already
shown on phones. A re-plan keeps every pin and still obeys the hard rules."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_seating_properties import FAST, problems

from cafe.seating import Person, Problem, Table, plan_seating


@st.composite
def pinned_problems(draw: st.DrawFn) -> Problem:
    """A random problem with a few pins in rounds not fixed (at most one per table)."""
    problem = draw(problems())
    hosts = {t.host for t in problem.tables if t.host is not None}
    pins: dict[int, dict] = {}
    for r in range(1, problem.rounds + 1):
        free_tables = [t for t in problem.tables if t.capacity >= 2 + (t.host is not None)]
        present = [p.id for p in problem.people if p.present_in(r) and p.id not in hosts]
        count = draw(st.integers(0, min(3, len(free_tables), len(present))))
        chosen = draw(st.permutations(present))[:count]
        pins[r] = {pid: free_tables[i].id for i, pid in enumerate(chosen)}
    return replace(problem, pinned=pins)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(pinned_problems())
def test_every_pin_is_kept_and_hosts_never_move(problem: Problem) -> None:
    plan = plan_seating(problem)
    capacity = {t.id: t.capacity for t in problem.tables}
    for r, row in problem.pinned.items():
        for pid, tid in row.items():
            assert plan.seats[r][pid] == tid
    for r in range(1, problem.rounds + 1):
        row = plan.seats[r]
        assert set(row) == {p.id for p in problem.people if p.present_in(r)}
        sizes: dict = {}
        for tid in row.values():
            sizes[tid] = sizes.get(tid, 0) + 1
        assert all(n <= capacity[t] for t, n in sizes.items())
        if problem.host_stays:
            assert all(row[t.host] == t.id for t in problem.tables if t.host in row)


def test_a_pin_moves_only_the_people_it_has_to():
    people = tuple(Person(i, None) for i in range(20))
    tables = tuple(Table(t, 5, t) for t in range(4))
    first = plan_seating(Problem(people=people, tables=tables, rounds=3, seed=2, **FAST))
    someone, other_table = 7, (first.seats[2][7] + 1) % 4
    again = plan_seating(
        Problem(
            people=people,
            tables=tables,
            rounds=3,
            seed=2,
            previous=first.seats,
            pinned={2: {someone: other_table}},
            **FAST,
        )
    )
    assert again.seats[2][someone] == other_table
    assert again.metrics.moved_people < len(people) // 2


@pytest.mark.parametrize(
    "pinned, message",
    [
        ({1: {5: 0, 6: 0, 7: 0}}, "more people are pinned"),
        ({1: {5: "nowhere"}}, "unknown table"),
        ({1: {0: 1}}, "pinned away"),
    ],
)
def test_impossible_pins_are_refused_with_a_reason(pinned, message):
    people = tuple(Person(i, None) for i in range(12))
    tables = tuple(Table(t, 3, t) for t in range(4))
    with pytest.raises(ValueError, match=message):
        plan_seating(Problem(people=people, tables=tables, rounds=2, pinned=pinned, **FAST))
