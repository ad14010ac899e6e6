"""The seating planner's data: plain frozen dataclasses in, a plan and its metrics out.

Rounds are numbered from 1. Person and table ids are any hashable values (the app uses
ints). Nothing here imports Flask or SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

WORK_PER_SECOND = 175_000
"""Candidate moves weighed per second of time_budget; calibrated low for a 2-core laptop
so that the work cap, which is deterministic, normally ends the search before the clock."""

PersonId = Hashable
TableId = Hashable
Seats = dict[int, dict[PersonId, TableId]]
"""round number -> person id -> table id."""


@dataclass(frozen=True)
class Person:
    """Someone to seat: a stakeholder group (or None) and the rounds they are present."""

    id: PersonId
    group: str | None = None
    arrives: int = 1
    """The first round the person is present for."""
    leaves: int | None = None
    """The last round the person is present for; None means until the end."""

    def present_in(self, round_number: int) -> bool:
        """True when the person takes part in that round."""
        return self.arrives <= round_number and (self.leaves is None or round_number <= self.leaves)


@dataclass(frozen=True)
class Table:
    """A table with a capacity (host included) and, optionally, its host's person id."""

    id: TableId
    capacity: int
    host: PersonId | None = None


@dataclass(frozen=True)
class Problem:
    """Everything the planner needs to seat people in the rounds not yet played."""

    people: tuple[Person, ...]
    tables: tuple[Table, ...]
    rounds: int
    host_stays: bool = True
    fixed: Mapping[int, Mapping[PersonId, TableId]] = field(default_factory=dict)
    """Rounds already played or running: their seats are kept exactly as they are."""
    previous: Mapping[int, Mapping[PersonId, TableId]] | None = None
    """The plan in force before this re-plan; the planner moves as few of them as it can."""
    pinned: Mapping[int, Mapping[PersonId, TableId]] = field(default_factory=dict)
    """Seats set by hand in rounds not fixed: round -> person -> table; always kept."""
    seed: int = 0
    time_budget: float = 2.0
    """Seconds the search may spend on a hard shape before it returns its best plan."""
    work_limit: int | None = None
    """Cap on search work (candidate moves weighed); None derives it from time_budget.
    The search stops at whichever cap it reaches first; only the work cap is deterministic."""

    def work_cap(self) -> int:
        """The search's work cap: work_limit, else time_budget x WORK_PER_SECOND."""
        if self.work_limit is not None:
            return self.work_limit
        return int(self.time_budget * WORK_PER_SECOND)


@dataclass(frozen=True)
class Metrics:
    """How good a plan is; see docs/seating.md for the exact definitions."""

    excess_meetings: int = 0
    repeated_pairs: int = 0
    worst_repeat: int = 0
    revisits: int = 0
    group_spread: int = 0
    group_spread_bound: int = 0
    """No plan with these table sizes, hosts, pins and played rounds has less group spread."""
    moved_people: int = 0
    host_moves: int = 0
    size_spread: int = 0


@dataclass(frozen=True)
class Plan:
    """A seat for every present person in every round (fixed rounds included), and metrics."""

    seats: Seats
    metrics: Metrics
