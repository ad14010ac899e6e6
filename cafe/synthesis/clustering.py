"""Average-linkage clustering of a similarity matrix (pure numpy, deterministic)."""

from __future__ import annotations

import numpy as np


def average_linkage(similarity: np.ndarray, threshold: float, most: int) -> list[list[int]]:
    """Clusters (lists of row indexes, ascending) of the symmetric `similarity` matrix.

    Merges the two clusters with the highest average similarity between their members
    while that average is at least `threshold`, and further while more than `most`
    clusters of two or more rows remain. Ties go to the lowest indexes, so the result
    depends only on the matrix.
    """
    count = len(similarity)
    if count == 0:
        return []
    s = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(s, -np.inf)
    sizes = np.ones(count)
    members = [[i] for i in range(count)]
    alive, groups = count, 0
    while alive > 1:
        flat = int(np.argmax(s))
        a, b = divmod(flat, count)
        a, b = min(a, b), max(a, b)
        if s[a, b] < threshold and groups <= most:
            break
        groups += 1 - (len(members[a]) >= 2) - (len(members[b]) >= 2)
        merged = (sizes[a] * s[a] + sizes[b] * s[b]) / (sizes[a] + sizes[b])
        s[a, :] = merged
        s[:, a] = merged
        s[a, a] = -np.inf
        s[b, :] = -np.inf
        s[:, b] = -np.inf
        sizes[a] += sizes[b]
        members[a] += members[b]
        members[b] = []
        alive -= 1
    return [sorted(m) for m in members if m]
