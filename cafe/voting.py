"""Dot voting, pure (no Flask, no SQLAlchemy): whether a set of dots is allowed, the tally
overall and by stakeholder group, and where the groups agree or differ."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


class VoteRefused(ValueError):
    """A set of dots the rules do not allow; `reason` says which rule."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def check_dots(dots: Mapping[int, int], allowed: set[int], total: int, stack: bool) -> None:
    """Raise VoteRefused unless `dots` ({note id: dots}) spends at most `total` dots, only on
    `allowed` notes, whole positive numbers, and at most one per note unless `stack`."""
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in dots.values()):
        raise VoteRefused("number")
    if any(note not in allowed for note, n in dots.items() if n):
        raise VoteRefused("note")
    if not stack and any(n > 1 for n in dots.values()):
        raise VoteRefused("stack")
    if sum(dots.values()) > total:
        raise VoteRefused("total")


@dataclass
class Tally:
    """Dots per note, overall and per group ('' = did not say), and each group's ranking."""

    overall: dict[int, int] = field(default_factory=dict)
    by_group: dict[str, dict[int, int]] = field(default_factory=dict)

    def ranked(self, group: str | None = None) -> list[int]:
        """Note ids with dots, most dots first (ties by id, so the order is stable)."""
        counts = self.overall if group is None else self.by_group.get(group, {})
        return sorted((n for n, c in counts.items() if c), key=lambda n: (-counts[n], n))

    def rank(self, note: int, group: str) -> int | None:
        """1 for the group's favourite; None when the group put no dot on it."""
        order = self.ranked(group)
        return order.index(note) + 1 if note in order else None


def tally(votes: Iterable[tuple[int, str, int]], groups: Iterable[str] = ()) -> Tally:
    """Sum (note id, group, dots) rows; every group in `groups` appears even without dots."""
    result = Tally(by_group={g: {} for g in groups})
    for note, group, dots in votes:
        result.overall[note] = result.overall.get(note, 0) + dots
        mine = result.by_group.setdefault(group, {})
        mine[note] = mine.get(note, 0) + dots
    return result


@dataclass(frozen=True)
class Agreement:
    """How the groups that voted placed one note: `kind` is 'all_first' (first for every
    group), 'split' (first for some, last or no dot for others), 'first' (first for some),
    'last' (last for some) or 'none'; `first` and `last` name the groups."""

    kind: str
    first: tuple[str, ...] = ()
    last: tuple[str, ...] = ()


def agreement(result: Tally, note: int) -> Agreement:
    """Where the groups that spent dots agree or differ on `note`. Ties count alike: a note
    with as many dots as a group's favourite is first for it too."""
    voting = [g for g, counts in result.by_group.items() if any(counts.values())]
    if not voting:
        return Agreement("none")
    first = tuple(g for g in voting if _placed(result.by_group[g], note) == "first")
    last = tuple(g for g in voting if _placed(result.by_group[g], note) == "last")
    if first and len(first) == len(voting):
        return Agreement("all_first", first)
    if first and last:
        return Agreement("split", first, last)
    if first:
        return Agreement("first", first)
    if last:
        return Agreement("last", (), last)
    return Agreement("none")


def _placed(counts: Mapping[int, int], note: int) -> str:
    """'first' (most dots of the group), 'last' (no dot, or fewest while others have more)
    or '' (in between)."""
    given = [c for c in counts.values() if c]
    mine = counts.get(note, 0)
    if mine and mine == max(given):
        return "first"
    if not mine or (mine == min(given) and min(given) < max(given)):
        return "last"
    return ""
