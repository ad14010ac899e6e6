"""Table sizes for one round: as equal as capacities allow (differ by at most one)."""

from __future__ import annotations

from collections.abc import Sequence


def target_sizes(
    present: int, capacities: Sequence[int], minimums: Sequence[int], demand: Sequence[int]
) -> list[int]:
    """Sizes summing to present: every table at level L or L+1, clipped to [minimum, capacity].

    The L+1 seats go to the tables most people would like to sit at (demand), then by index.
    """
    if present > sum(capacities):
        raise ValueError(f"{present} people present but only {sum(capacities)} seats")
    level = _level(present, capacities, minimums)
    sizes = [_clip(level, lo, cap) for lo, cap in zip(minimums, capacities, strict=True)]
    spare = present - sum(sizes)
    growable = [
        t for t, size in enumerate(sizes) if _clip(level + 1, minimums[t], capacities[t]) > size
    ]
    growable.sort(key=lambda t: (-demand[t], t))
    for t in growable[:spare]:
        sizes[t] += 1
    return sizes


def _clip(level: int, low: int, high: int) -> int:
    return max(low, min(level, high))


def _level(present: int, capacities: Sequence[int], minimums: Sequence[int]) -> int:
    """The highest level L whose clipped sizes still fit the people present."""
    level = 0
    top = max(capacities, default=0)
    while (
        level < top
        and sum(_clip(level + 1, lo, cap) for lo, cap in zip(minimums, capacities, strict=True))
        <= present
    ):
        level += 1
    return level
