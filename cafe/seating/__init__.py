"""Pure table-mixing planner: no Flask, no SQLAlchemy. See docs/seating.md."""

from cafe.seating.measure import measure
from cafe.seating.model import Metrics, Person, Plan, Problem, Table
from cafe.seating.planner import plan_seating
from cafe.seating.replan import suggest_host

__all__ = [
    "Metrics",
    "Person",
    "Plan",
    "Problem",
    "Table",
    "measure",
    "plan_seating",
    "suggest_host",
]
