"""Lower bounds on excess meetings and revisits: the search stops when it reaches them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def presence_masks(seat: Sequence[Sequence[int]], people: int) -> list[int]:
    """Bit r of mask p is set when person p has a seat in round r."""
    masks = [0] * people
    for r, row in enumerate(seat):
        for p, t in enumerate(row):
            if t >= 0:
                masks[p] |= 1 << r
    return masks


def excess_lower_bound(seat: Sequence[Sequence[int]], free: Sequence[bool], people: int) -> int:
    """No plan with these round sizes and presences has fewer excess meetings.

    The largest of: the global pair count (seat-pairs minus co-present pairs), the
    per-person count (meetings minus possible partners), and the excess already played.
    """
    masks = presence_masks(seat, people)
    by_mask = Counter(masks)
    partners = {m: sum(c for m2, c in by_mask.items() if m & m2) - 1 for m in by_mask}
    co_present = sum(partners[m] * c for m, c in by_mask.items() if m) // 2
    sizes = [Counter(t for t in row if t >= 0) for row in seat]
    seat_pairs = sum(n * (n - 1) // 2 for row in sizes for n in row.values())
    smallest = [min(row.values(), default=1) for row in sizes]
    per_person = 0
    for m, c in by_mask.items():
        meetings = sum(smallest[r] - 1 for r in range(len(seat)) if m >> r & 1)
        per_person += c * max(0, meetings - partners[m])
    played = _played_excess([row for r, row in enumerate(seat) if not free[r]])
    return max(0, seat_pairs - co_present, -(-per_person // 2), played)


def _played_excess(rows: Sequence[Sequence[int]]) -> int:
    met: Counter[tuple[int, int]] = Counter()
    for row in rows:
        at: dict[int, list[int]] = {}
        for p, t in enumerate(row):
            if t >= 0:
                at.setdefault(t, []).append(p)
        for here in at.values():
            met.update((a, b) for i, a in enumerate(here) for b in here[i + 1 :])
    return sum(m - 1 for m in met.values() if m > 1)


def revisit_lower_bound(
    seat: Sequence[Sequence[int]], free: Sequence[bool], travellers: Sequence[int], tables: int
) -> int:
    """Revisits no plan avoids: rounds beyond the number of tables, and those already played."""
    total = 0
    for p in travellers:
        visits = [row[p] for row in seat if row[p] >= 0]
        played = [row[p] for r, row in enumerate(seat) if row[p] >= 0 and not free[r]]
        total += max(0, len(visits) - tables, len(played) - len(set(played)))
    return total
