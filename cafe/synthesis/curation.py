"""The organiser's decisions replayed over a fresh automatic grouping (pure: no Flask, no
SQLAlchemy).

The grouping (`group_notes`) is recomputed whenever notes arrive; what the organiser decided
is stored as themes of their own (`Curated`) and pins (a note belongs to a curated theme).
`replay` puts them on top of the fresh grouping, so a decision survives any recomputation:

- a pinned note is in its curated theme, whatever the grouping says;
- a note nobody pinned follows a curated theme when more than half of the notes of its
  automatic group are pinned there (a renamed theme keeps collecting the new notes that the
  grouping puts with its old ones), and otherwise stays in its automatic group;
- an automatic group is shown under its own label, keyed by it (`a:<label>`), until the
  organiser touches it: then it becomes a curated theme (`t:<id>`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

OTHER_KEY = "other"


@dataclass(frozen=True)
class AutoGroup:
    """One group of the automatic grouping, with its items' uuids."""

    label: str
    items: tuple[str, ...]
    other: bool = False


@dataclass(frozen=True)
class Curated:
    """A theme the organiser made or touched: its id, label, version and chosen quotes.
    `other` marks the organiser's own "other" (what they moved out of every theme): the
    notes the grouping leaves in no theme go there too."""

    id: int
    label: str
    version: int
    quotes: tuple[str, ...] = ()
    other: bool = False


@dataclass(frozen=True)
class Shown:
    """A theme as screens show it: `key` names it in every request ('t:<id>' for a curated
    theme, 'a:<label>' for an automatic one, 'other'), `items` are uuids (oldest first in
    the order given), `quotes` the chosen ones still in it."""

    key: str
    label: str
    items: tuple[str, ...]
    curated: bool = False
    version: int = 0
    quotes: tuple[str, ...] = ()
    other: bool = False


def curated_key(theme_id: int) -> str:
    """The key of a curated theme."""
    return f"t:{theme_id}"


def auto_key(group: AutoGroup) -> str:
    """The key of an automatic group (its label is unique within one grouping)."""
    return OTHER_KEY if group.other else f"a:{group.label}"


def replay(
    groups: Sequence[AutoGroup], curated: Sequence[Curated], pins: Mapping[str, int]
) -> list[Shown]:
    """The themes screens show: curated themes first (in the order given, empty ones too),
    then the automatic groups that still hold notes (largest first), "other" last. Every item
    of `groups` is in exactly one theme; pins to unknown themes or items are ignored."""
    known = {t.id: t for t in curated}
    their_other = next((t.id for t in curated if t.other), None)
    order = [i for g in groups for i in g.items]
    owner: dict[str, int] = {i: pins[i] for i in order if pins.get(i) in known}
    left: list[AutoGroup] = []
    for group in groups:
        follow = their_other if group.other else _followed(group, owner)
        rest = tuple(i for i in group.items if i not in owner)
        if follow is not None:
            owner.update((i, follow) for i in rest)
        elif rest:
            left.append(AutoGroup(group.label, rest, group.other))
    mine = [_curated(t, [i for i in order if owner.get(i) == t.id]) for t in curated]
    shown = [t for t in mine if not t.other]
    autos = sorted(
        (g for g in left if not g.other), key=lambda g: (-len(g.items), g.label, g.items)
    )
    shown += [Shown(auto_key(g), g.label, g.items) for g in autos]
    shown += [Shown(OTHER_KEY, g.label, g.items, other=True) for g in left if g.other]
    return shown + [t for t in mine if t.other]


def _followed(group: AutoGroup, owner: Mapping[str, int]) -> int | None:
    """The curated theme holding more than half of this group's items, if any."""
    counts = Counter(owner[i] for i in group.items if i in owner)
    if not counts:
        return None
    theme, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return theme if 2 * n > len(group.items) else None


def _curated(theme: Curated, items: list[str]) -> Shown:
    inside = set(items)
    quotes = tuple(q for q in theme.quotes if q in inside)
    key = curated_key(theme.id)
    return Shown(key, theme.label, tuple(items), True, theme.version, quotes, theme.other)


def find(shown: Sequence[Shown], key: str) -> Shown | None:
    """The theme with `key`, or None."""
    return next((t for t in shown if t.key == key), None)


def theme_of(shown: Sequence[Shown], item: str) -> Shown | None:
    """The theme an item is in, or None."""
    return next((t for t in shown if item in t.items), None)
