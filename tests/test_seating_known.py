"""Known optima, degenerate input, re-planning, the host suggestion and the JSON command."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from test_seating_checker import brute_metrics, check_hard_rules

from cafe.seating import Person, Plan, Problem, Table, plan_seating, suggest_host

ROOT = Path(__file__).resolve().parent.parent


def shape(
    people: int, tables: int, size: int, rounds: int, hosts: bool, groups: list[int] | None = None
) -> Problem:
    """A benchmark-style instance: hosts are the first participants, groups in given counts."""
    labels = [f"g{i}" for i, count in enumerate(groups or []) for _ in range(count)]
    persons = tuple(Person(i, labels[i] if labels else None) for i in range(people))
    table_list = tuple(Table(t, size, t if hosts else None) for t in range(tables))
    return Problem(persons, table_list, rounds, host_stays=hosts, time_budget=5.0)


@pytest.mark.parametrize(
    "problem",
    [
        shape(16, 4, 4, 4, True),
        shape(20, 5, 4, 4, True),
        shape(30, 6, 5, 4, True),
        shape(100, 20, 5, 4, True, [40, 25, 20, 15]),
        shape(32, 8, 4, 8, False),
        shape(25, 5, 5, 6, False),
    ],
    ids=["S1", "S2", "S3-shape", "S6", "8-4-8", "5-5-6"],
)
def test_perfect_schedules_are_found(problem: Problem) -> None:
    plan = plan_seating(problem)
    check_hard_rules(problem, plan)
    counted = brute_metrics(problem, plan.seats)
    assert counted.excess_meetings == 0
    assert counted.group_spread == 0
    if len(problem.tables) >= problem.rounds:
        assert counted.revisits == 0


def test_square_six_cannot_reach_zero_but_stays_near_best_known() -> None:
    plan = plan_seating(replace(shape(36, 6, 6, 4, True), time_budget=1.0))
    check_hard_rules(shape(36, 6, 6, 4, True), plan)
    assert 1 <= plan.metrics.excess_meetings <= 8


def test_too_many_people_is_a_clear_error() -> None:
    problem = shape(21, 5, 4, 2, True)
    with pytest.raises(ValueError, match="seat only 20"):
        plan_seating(problem)


def test_zero_rounds_gives_an_empty_plan() -> None:
    assert plan_seating(shape(10, 2, 5, 0, True)).seats == {}


def test_duplicate_ids_are_rejected() -> None:
    problem = Problem((Person(1), Person(1)), (Table("a", 4),), 2)
    with pytest.raises(ValueError, match="same id"):
        plan_seating(problem)


def test_absent_people_get_no_seat_and_hostless_tables_fill() -> None:
    people = (Person(1), Person(2, leaves=0), Person(3, arrives=3), Person(4), Person(5), Person(6))
    tables = (Table("a", 3), Table("b", 3, host=6))
    problem = Problem(people, tables, 2, time_budget=0.5)
    plan = plan_seating(problem)
    check_hard_rules(problem, plan)
    assert all(2 not in row and 3 not in row for row in plan.seats.values())


def test_replanning_with_nothing_changed_moves_nobody() -> None:
    problem = shape(20, 5, 4, 4, True)
    first = plan_seating(problem)
    again = replace(problem, fixed={1: first.seats[1]}, previous=first.seats)
    plan = plan_seating(again)
    assert plan.seats == first.seats
    assert plan.metrics.moved_people == 0


def test_one_traveller_leaving_moves_nobody_else() -> None:
    problem = shape(20, 5, 4, 4, True)
    first = plan_seating(problem)
    people = tuple(replace(p, leaves=2) if p.id == 7 else p for p in problem.people)
    again = replace(
        problem, people=people, fixed={r: first.seats[r] for r in (1, 2)}, previous=first.seats
    )
    plan = plan_seating(again)
    check_hard_rules(again, plan)
    assert plan.metrics.moved_people == 0
    assert plan.metrics.excess_meetings == 0


def test_host_takeover_suggests_the_person_who_moves_least() -> None:
    problem = shape(30, 6, 5, 4, True)
    first = plan_seating(problem)
    fixed = {r: first.seats[r] for r in (1, 2)}
    people = tuple(replace(p, leaves=2) if p.id == 0 else p for p in problem.people)
    left = replace(problem, people=people, fixed=fixed, previous=first.seats)
    chosen = suggest_host(left, 0, 3)
    assert chosen is not None and chosen != 0

    def moves(pid: object) -> int:
        return sum(1 for r in (3, 4) if first.seats[r].get(pid) != 0)

    assert moves(chosen) == min(moves(p.id) for p in people[6:])
    tables = tuple(replace(t, host=chosen) if t.id == 0 else t for t in problem.tables)
    plan = plan_seating(replace(left, tables=tables))
    check_hard_rules(replace(left, tables=tables), plan)
    assert all(plan.seats[r][chosen] == 0 for r in (3, 4))


def test_json_command_prints_plan_and_metrics(tmp_path: Path) -> None:
    instance = {
        "rounds": 2,
        "seed": 3,
        "time_budget": 0.5,
        "people": [{"id": i, "group": "x" if i % 2 else None} for i in range(8)],
        "tables": [{"id": "A", "capacity": 4, "host": 0}, {"id": "B", "capacity": 4, "host": 1}],
        "fixed": {"1": {str(i): "A" if i % 2 == 0 else "B" for i in range(8)}},
    }
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(instance))
    done = subprocess.run(
        [sys.executable, "-m", "cafe.seating", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    out = json.loads(done.stdout)
    assert out["seats"]["1"] == instance["fixed"]["1"]
    assert sorted(out["seats"]["2"]) == sorted(str(i) for i in range(8))
    assert out["seats"]["2"]["0"] == "A"
    assert out["metrics"]["host_moves"] == 0


def test_plan_type_is_returned() -> None:
    assert isinstance(plan_seating(shape(8, 2, 4, 1, True)), Plan)


def test_small_tables_stay_full_when_capacities_force_imbalance() -> None:
    people = tuple(Person(i) for i in range(12))
    tables = (Table("small", 2), Table("x", 6), Table("y", 6))
    problem = Problem(people, tables, 2, time_budget=0.5)
    plan = plan_seating(problem)
    check_hard_rules(problem, plan)
    for row in plan.seats.values():
        sizes = sorted(list(row.values()).count(t.id) for t in tables)
        assert sizes == [2, 5, 5]


def test_fewer_people_than_tables_keeps_hosts_seated() -> None:
    people = tuple(Person(i) for i in range(4))
    tables = tuple(Table(t, 3, t if t < 3 else None) for t in range(6))
    problem = Problem(people, tables, 3, time_budget=0.5)
    plan = plan_seating(problem)
    check_hard_rules(problem, plan)
    assert all(plan.seats[r][t] == t for r in (1, 2, 3) for t in range(3))


def test_repeats_already_played_are_counted_but_not_added_to() -> None:
    people = tuple(Person(i) for i in range(20))
    tables = tuple(Table(t, 4, t) for t in range(5))
    same = {i: i % 5 for i in range(20)}
    problem = Problem(people, tables, 4, fixed={1: same, 2: same}, time_budget=1.0)
    plan = plan_seating(problem)
    check_hard_rules(problem, plan)
    assert plan.metrics.excess_meetings == 30
    assert plan.metrics.revisits == 15


def test_no_people_or_no_tables_gives_empty_rounds() -> None:
    assert plan_seating(Problem((), (), 2)).seats == {1: {}, 2: {}}
    assert plan_seating(Problem((Person(1, leaves=0),), (), 2)).seats == {1: {}, 2: {}}
    assert plan_seating(Problem((), (Table(1, 3),), 1)).seats == {1: {}}


def test_pins_are_kept_and_the_rest_stays_balanced() -> None:
    problem = replace(
        shape(20, 5, 4, 3, True), pinned={2: {7: 3, 8: 3}, 3: {9: 0}}, time_budget=1.0
    )
    plan = plan_seating(problem)
    check_hard_rules(problem, plan)
    assert plan.seats[2][7] == 3 and plan.seats[2][8] == 3 and plan.seats[3][9] == 0


@pytest.mark.parametrize(
    ("pinned", "message"),
    [
        ({1: {5: 0, 6: 0, 7: 0, 8: 0}}, "more people are pinned"),
        ({1: {5: "nowhere"}}, "unknown table"),
        ({1: {0: 1}}, "pinned away"),
        ({1: {"ghost": 1}}, "not a participant"),
    ],
)
def test_impossible_pins_are_refused(pinned: dict, message: str) -> None:
    problem = replace(shape(16, 4, 4, 2, True), pinned=pinned)
    with pytest.raises(ValueError, match=message):
        plan_seating(problem)
