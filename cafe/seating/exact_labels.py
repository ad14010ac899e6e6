"""Exact hand-out of group labels to the itineraries of a stored schedule.

The annealing of labels.py is quick but gives no answer when a balance is rare. On the
six-table schedules there are only 24 itineraries and four or five groups, so a
backtracking search (the itinerary with the fewest labels left first, every table of
every round kept inside its share) settles in a few thousand steps whether a given
schedule, with the hosts' groups at its tables in a given order, admits B = 0.
"""

from __future__ import annotations

from collections.abc import Sequence

Route = Sequence[int]
"""route[r]: the table of one itinerary in round r."""


def exact_labels(
    routes: Sequence[Route],
    base: Sequence[Sequence[Sequence[int]]],
    stock: Sequence[int],
    low: Sequence[Sequence[Sequence[int]]],
    high: Sequence[Sequence[Sequence[int]]],
    budget: list[int],
) -> list[int] | None:
    """A group per route with every count in [low, high], using stock[g] routes of group g.

    base[r][t][g] counts members already seated (hosts); budget[0] is the steps left and
    is spent as the search goes. None when no hand-out exists or the budget runs out.
    """
    search = _Search(routes, base, stock, low, high)
    return search.labels if search.run(budget) else None


class _Search:
    """Counts per cell and open seats per cell, updated as labels are set and unset."""

    def __init__(
        self,
        routes: Sequence[Route],
        base: Sequence[Sequence[Sequence[int]]],
        stock: Sequence[int],
        low: Sequence[Sequence[Sequence[int]]],
        high: Sequence[Sequence[Sequence[int]]],
    ) -> None:
        self.routes, self.low, self.high = routes, low, high
        self.stock = list(stock)
        self.count = [[list(cell) for cell in row] for row in base]
        self.open = [[0] * len(row) for row in base]
        for route in routes:
            for r, t in enumerate(route):
                self.open[r][t] += 1
        self.short = [
            [sum(max(0, lo - n) for lo, n in zip(low[r][t], cell, strict=True))
             for t, cell in enumerate(row)]
            for r, row in enumerate(self.count)
        ]  # fmt: skip
        """short[r][t]: members the cell still needs to bring every group up to its share."""
        self.labels = [-1] * len(routes)

    def _fits(self, i: int, g: int) -> bool:
        """Route i can take group g: no cell over its share, every cell can still reach it."""
        for r, t in enumerate(self.routes[i]):
            n = self.count[r][t][g]
            if n >= self.high[r][t][g]:
                return False
            if self.short[r][t] - (n < self.low[r][t][g]) >= self.open[r][t]:
                return False
        return True

    def _set(self, i: int, g: int, step: int) -> None:
        self.labels[i] = g if step > 0 else -1
        self.stock[g] -= step
        for r, t in enumerate(self.routes[i]):
            if step > 0:
                self.short[r][t] -= self.count[r][t][g] < self.low[r][t][g]
            self.count[r][t][g] += step
            self.open[r][t] -= step
            if step < 0:
                self.short[r][t] += self.count[r][t][g] < self.low[r][t][g]

    def run(self, budget: list[int]) -> bool:
        """Label every route, the most constrained first; backtrack when one has no label."""
        budget[0] -= 1
        if budget[0] < 0:
            return False
        best, choices = -1, None
        for i, label in enumerate(self.labels):
            if label >= 0:
                continue
            fits = [g for g, n in enumerate(self.stock) if n and self._fits(i, g)]
            if not fits:
                return False
            if choices is None or len(fits) < len(choices):
                best, choices = i, fits
                if len(fits) == 1:
                    break
        if choices is None:
            return True
        for g in choices:
            self._set(best, g, 1)
            if self.run(budget):
                return True
            self._set(best, g, -1)
            if budget[0] < 0:
                return False
        return False
