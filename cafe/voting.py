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


DIVIDE_GAP = 0.5
"""An insight divides the groups when one group's share of voters who dotted it is at least
this much above another's (2 of 3 citizens against none of the experts does; 1 of 3 does not)."""

FIRST, TIED_FIRST, SOME, NONE = "first", "tied_first", "some", "none"
"""Where one group put an insight: its favourite alone, tied favourite, some dots, no dot."""


@dataclass(frozen=True)
class Stand:
    """One group on one insight: how many of its voters dotted it, of how many voters, its
    dots on it and its `place` (FIRST, TIED_FIRST, SOME or NONE)."""

    group: str
    dotted: int
    voters: int
    dots: int
    place: str

    @property
    def share(self) -> float:
        """The share of the group's voters who put a dot on it."""
        return self.dotted / self.voters

    @property
    def smoothed(self) -> float:
        """Laplace-smoothed share, (a + 1) / (n + 2), as Polis uses it: a small group's
        single voter cannot make it 0 or 1."""
        return (self.dotted + 1) / (self.voters + 2)


@dataclass(frozen=True)
class Standing:
    """How the groups that voted stand on one insight: the consensus `score` (the product of
    the smoothed shares), the `gap` between the highest and lowest share, each group's
    stand, and `kind`: 'all_first', 'divides', 'shared' (a dot from every group), 'some'
    or 'none' (no dot at all)."""

    note_id: int
    score: float
    gap: float
    stands: tuple[Stand, ...]
    kind: str

    def of(self, place: str) -> tuple[str, ...]:
        """The groups that put it in `place`."""
        return tuple(s.group for s in self.stands if s.place == place)


@dataclass(frozen=True)
class Consensus:
    """Every insight's standing, each group's voters and the groups with none (`silent`)."""

    standings: dict[int, Standing]
    voters: dict[str, int]
    silent: tuple[str, ...]

    def agreed(self, limit: int = 5) -> list[Standing]:
        """The insights the groups agree on most (highest score first): dotted, and not
        dividing them."""
        dotted = [s for s in self.standings.values() if s.kind not in ("none", "divides")]
        return sorted(dotted, key=lambda s: (-s.score, s.note_id))[:limit]

    def divided(self, limit: int = 5) -> list[Standing]:
        """The insights that divide the groups, widest gap first."""
        split = [s for s in self.standings.values() if s.kind == "divides"]
        return sorted(split, key=lambda s: (-s.gap, -s.score, s.note_id))[:limit]


def consensus(
    dots: Iterable[tuple[int, str, int, int]], insights: Iterable[int], groups: Iterable[str] = ()
) -> Consensus:
    """Where the groups agree on each of `insights`, from (voter, group, note, dots) rows.

    A group's voters are its people who put at least one dot on an insight; a declared group
    (`groups`) with none is `silent` and left out of every score rather than ranked. People
    who did not say a group ('') are counted in no group."""
    insights = list(insights)
    dotted: dict[str, dict[int, set[int]]] = {}
    voters: dict[str, set[int]] = {g: set() for g in groups if g}
    given: dict[str, dict[int, int]] = {}
    wanted = set(insights)
    for voter, group, note, n in dots:
        if not group or note not in wanted or n <= 0:
            continue
        voters.setdefault(group, set()).add(voter)
        dotted.setdefault(group, {}).setdefault(note, set()).add(voter)
        given.setdefault(group, {})[note] = given.get(group, {}).get(note, 0) + n
    voting = [g for g, people in voters.items() if people]
    standings = {
        note: _standing(note, [_stand(g, note, dotted, voters, given) for g in voting])
        for note in insights
    }
    return Consensus(
        standings=standings,
        voters={g: len(people) for g, people in voters.items()},
        silent=tuple(g for g, people in voters.items() if not people),
    )


def _stand(group, note, dotted, voters, given) -> Stand:
    counts = given.get(group, {})
    mine = counts.get(note, 0)
    top = max(counts.values(), default=0)
    if not mine:
        place = NONE
    elif mine < top:
        place = SOME
    else:
        ties = sum(1 for c in counts.values() if c == top)
        place = FIRST if ties == 1 else TIED_FIRST
    return Stand(group, len(dotted.get(group, {}).get(note, ())), len(voters[group]), mine, place)


def _standing(note: int, stands: list[Stand]) -> Standing:
    score = 1.0
    for stand in stands:
        score *= stand.smoothed
    shares = [s.share for s in stands]
    gap = max(shares) - min(shares) if shares else 0.0
    return Standing(note, round(score, 6), round(gap, 6), tuple(stands), _kind(stands, gap))


def _kind(stands: list[Stand], gap: float) -> str:
    places = {s.place for s in stands}
    if not stands or places == {NONE}:
        return "none"
    if places <= {FIRST, TIED_FIRST}:
        return "all_first"
    if len(stands) > 1 and gap >= DIVIDE_GAP:
        return "divides"
    return "shared" if NONE not in places else "some"
