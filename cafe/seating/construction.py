"""The class-shift construction: person (i, x) sits at table x + a_i * b_r.

Over GF(q), or over Z_T with a's and b's chosen so that every product of an a-difference
and a b-difference is non-zero, no two people meet twice and no traveller revisits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cafe.seating.designs import stored_rule
from cafe.seating.doubled_planes import golfer_rule
from cafe.seating.fields import GaloisField, prime_power

SeatRule = Callable[[int, int, int], int]
"""(class, slot, round position) -> table index."""

NODE_BUDGET = 20000


def seat_rule(
    tables: int, classes: int, rounds: int, zero_class: bool
) -> tuple[SeatRule, int, bool]:
    """A seat rule, how many rounds it covers with distinct shifts, and whether it is perfect.

    With zero_class, class 0 (the hosts) never moves; otherwise every class moves.
    """
    need = classes if zero_class else classes + 1
    covered = min(rounds, tables)
    golfer = golfer_rule(tables, classes, rounds, zero_class) if rounds > covered else None
    if golfer is not None:
        return golfer, rounds, True
    pe = prime_power(tables)
    if pe is not None and pe[1] > 1 and tables >= need:
        return _field_rule(GaloisField(*pe), zero_class), covered, covered == rounds
    found = _search_zt(tables, need, covered)
    stored = stored_rule(tables, classes, rounds, zero_class) if found is None else None
    if stored is not None:
        return stored, covered, True
    perfect = found is not None and covered == rounds
    a_set, b_set = found if found is not None else (list(range(need)), list(range(covered)))
    a_list = a_set if zero_class else a_set[1:]
    return (lambda i, x, r: (x + a_list[i] * b_set[r]) % tables), covered, perfect


def _field_rule(field: GaloisField, zero_class: bool) -> SeatRule:
    offset = 0 if zero_class else 1
    return lambda i, x, r: field.add[x][field.mul[i + offset][r]]


def _search_zt(tables: int, a_size: int, b_size: int) -> tuple[list[int], list[int]] | None:
    """Sets A (holding 0) and B in Z_T with every difference product non-zero, or None."""
    budget = [NODE_BUDGET]

    def extend_b(b_set: list[int]) -> tuple[list[int], list[int]] | None:
        if len(b_set) == b_size:
            good = _good_differences(tables, b_set)
            a_set = _clique([0], good, tables, a_size, budget)
            return (a_set, b_set) if a_set else None
        for b in range(b_set[-1] + 1, tables):
            budget[0] -= 1
            if budget[0] < 0:
                return None
            found = extend_b(b_set + [b])
            if found:
                return found
        return None

    return extend_b([0]) if b_size >= 1 else None


def _good_differences(tables: int, b_set: Sequence[int]) -> set[int]:
    diffs = {(x - y) % tables for x in b_set for y in b_set if x != y}
    return {d for d in range(1, tables) if all(d * e % tables for e in diffs)}


def _clique(
    chosen: list[int], good: set[int], tables: int, size: int, budget: list[int]
) -> list[int] | None:
    if len(chosen) == size:
        return chosen
    for a in range(chosen[-1] + 1, tables):
        budget[0] -= 1
        if budget[0] < 0:
            return None
        if all((a - c) % tables in good for c in chosen):
            found = _clique(chosen + [a], good, tables, size, budget)
            if found:
                return found
    return None


def slot_order(travellers: Sequence[int], group_of: Sequence[int], tables: int) -> list[int]:
    """Order travellers so that whole classes go to one group where group sizes allow.

    A group's multiple-of-T part fills whole classes first; remainders follow, largest first,
    so each table sees close to its fair share of every group before any search.
    """
    by_group: dict[int, list[int]] = {}
    for p in travellers:
        by_group.setdefault(group_of[p], []).append(p)
    whole: list[int] = []
    rest: list[list[int]] = []
    for g in sorted(by_group, key=lambda g: (g < 0, g)):
        members = by_group[g]
        cut = len(members) // tables * tables if g >= 0 else 0
        whole.extend(members[:cut])
        if members[cut:]:
            rest.append(members[cut:])
    rest.sort(key=lambda chunk: (group_of[chunk[0]] < 0, -len(chunk)))
    return whole + [p for chunk in rest for p in chunk]


def construct(
    tables: int,
    host_slots: Sequence[int | None],
    travellers: Sequence[int],
    rounds: int,
    zero_class: bool,
) -> tuple[list[dict[int, int]], bool]:
    """Preferred tables per round position (person index -> table index) and perfection flag.

    host_slots[t] is the person index hosting table t (class 0) when hosts stay.
    """
    if tables == 0 or rounds == 0:
        return [{} for _ in range(rounds)], True
    if zero_class and rounds > tables and all(h is None for h in host_slots):
        zero_class = False  # no table has a host: a stored schedule for travellers may fit
    classes = -(-len(travellers) // tables) + (1 if zero_class else 0)
    if classes == 0:
        return [{} for _ in range(rounds)], True
    rule, covered, perfect = seat_rule(tables, classes, rounds, zero_class)
    first = 1 if zero_class else 0
    slots = [(first + n // tables, n % tables, p) for n, p in enumerate(travellers)]
    if zero_class:
        slots += [(0, t, p) for t, p in enumerate(host_slots) if p is not None]
    prefs: list[dict[int, int]] = []
    for r in range(rounds):
        prefs.append({p: rule(i, x, r) for i, x, p in slots} if r < covered else {})
    return prefs, perfect
