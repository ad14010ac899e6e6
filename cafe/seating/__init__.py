"""Pure table-mixing planner: no Flask, no SQLAlchemy. See docs/seating.md."""

from cafe.seating.model import Metrics, Person, Plan, Problem, Table
from cafe.seating.planner import plan_seating

__all__ = ["Metrics", "Person", "Plan", "Problem", "Table", "plan_seating"]
