"""Read a Problem from JSON and write a Plan as JSON (format in docs/seating.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from cafe.seating.model import Person, PersonId, Plan, Problem, Table, TableId

Rows = dict[int, dict[PersonId, TableId]]


def problem_from_json(data: Mapping[str, Any]) -> Problem:
    """Build a Problem from the parsed JSON instance."""
    people = tuple(
        Person(
            id=p["id"], group=p.get("group"), arrives=p.get("arrives", 1), leaves=p.get("leaves")
        )
        for p in data.get("people", [])
    )
    tables = tuple(
        Table(id=t["id"], capacity=t["capacity"], host=t.get("host"))
        for t in data.get("tables", [])
    )
    person_ids = {str(p.id): p.id for p in people}
    table_ids = {str(t.id): t.id for t in tables}
    previous = data.get("previous")
    return Problem(
        people=people,
        tables=tables,
        rounds=data.get("rounds", 0),
        host_stays=data.get("host_stays", True),
        fixed=_rows(data.get("fixed") or {}, person_ids, table_ids),
        previous=None if previous is None else _rows(previous, person_ids, table_ids),
        pinned=_rows(data.get("pinned") or {}, person_ids, table_ids),
        seed=data.get("seed", 0),
        time_budget=data.get("time_budget", 2.0),
        work_limit=data.get("work_limit"),
    )


def _rows(
    raw: Mapping[str, Mapping[str, Any]], people: dict[str, PersonId], tables: dict[str, TableId]
) -> Rows:
    """JSON object keys are strings: map them back to the ids the people and tables use."""
    return {
        int(r): {people.get(pid, pid): tables.get(str(tid), tid) for pid, tid in row.items()}
        for r, row in raw.items()
    }


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data: seats by round and person, tables by round, metrics."""
    by_table: dict[str, dict[str, list[Any]]] = {}
    for r, row in plan.seats.items():
        tables: dict[str, list[Any]] = {}
        for pid, tid in row.items():
            tables.setdefault(str(tid), []).append(pid)
        by_table[str(r)] = tables
    return {
        "seats": {
            str(r): {str(pid): tid for pid, tid in row.items()} for r, row in plan.seats.items()
        },
        "tables": by_table,
        "metrics": asdict(plan.metrics),
    }
