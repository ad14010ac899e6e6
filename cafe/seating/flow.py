"""A small min-cost flow (successive shortest paths with Bellman-Ford) for the spread bound.

Graphs here have a handful of nodes and at most a few thousand arcs, and every augmenting
path carries its whole bottleneck, so a plain Bellman-Ford is fast enough.
"""

from __future__ import annotations

INFINITE = 1 << 60


class FlowGraph:
    """Directed arcs with capacities and integer costs (negative costs allowed, no cycles)."""

    def __init__(self, nodes: int) -> None:
        self.nodes = nodes
        self.head: list[int] = []
        self.cap: list[int] = []
        self.cost: list[int] = []
        self.out: list[list[int]] = [[] for _ in range(nodes)]

    def arc(self, tail: int, head: int, capacity: int, cost: int) -> None:
        """Add an arc and its residual twin."""
        for a, b, c, w in ((tail, head, capacity, cost), (head, tail, 0, -cost)):
            self.out[a].append(len(self.head))
            self.head.append(b)
            self.cap.append(c)
            self.cost.append(w)

    def min_cost(self, source: int, sink: int, amount: int) -> int:
        """The least cost of sending amount units from source to sink (all must fit)."""
        total = 0
        while amount > 0:
            path = self._shortest(source, sink)
            if path is None:
                raise ValueError("the flow does not fit")
            push = min([amount] + [self.cap[a] for a in path])
            for a in path:
                self.cap[a] -= push
                self.cap[a ^ 1] += push
                total += push * self.cost[a]
            amount -= push
        return total

    def _shortest(self, source: int, sink: int) -> list[int] | None:
        dist = [INFINITE] * self.nodes
        via = [-1] * self.nodes
        dist[source] = 0
        for _ in range(self.nodes):
            changed = False
            for u in range(self.nodes):
                if dist[u] == INFINITE:
                    continue
                for a in self.out[u]:
                    if self.cap[a] > 0 and dist[u] + self.cost[a] < dist[self.head[a]]:
                        dist[self.head[a]] = dist[u] + self.cost[a]
                        via[self.head[a]] = a
                        changed = True
            if not changed:
                break
        if dist[sink] == INFINITE:
            return None
        path, node = [], sink
        while node != source:
            a = via[node]
            path.append(a)
            node = self.head[a ^ 1]
        return path
