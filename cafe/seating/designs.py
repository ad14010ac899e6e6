"""Stored schedules for shapes the algebra of construction.py cannot build.

Six tables: no choice of the a's and b's in Z_6 gives four rounds without repeats (and
there are no two orthogonal Latin squares of order 6), yet a schedule exists for a host
class and four travelling classes of six. It was found once by this planner's own search
(groups of six as classes, 20 s) and is checked by tests/test_seating_known.py. Every
class is a whole transversal in every round, so whole classes can go to groups.
"""

from __future__ import annotations

from collections.abc import Callable

_ID = (0, 1, 2, 3, 4, 5)
_A = (1, 3, 4, 2, 5, 0)
_B = (5, 4, 0, 1, 2, 3)
_C = (2, 0, 3, 5, 1, 4)
_D = (3, 5, 1, 4, 0, 2)
_E = (3, 2, 5, 4, 0, 1)

SIX_TABLES = (
    (_ID, _ID, _ID, _ID),
    (_ID, _A, _B, _C),
    (_ID, _B, _A, _D),
    (_ID, _D, _C, _B),
    (_ID, _C, _E, _A),
)
"""SIX_TABLES[class][round][slot] = table; class 0 never moves (hosts)."""


def stored_rule(
    tables: int, classes: int, rounds: int, zero_class: bool
) -> Callable[[int, int, int], int] | None:
    """A seat rule from a stored schedule that covers this shape, or None."""
    first = 0 if zero_class else 1
    if tables != 6 or rounds > 4 or first + classes > len(SIX_TABLES):
        return None
    return lambda i, x, r: SIX_TABLES[first + i][r][x]


SIX_TABLE_ROUTES = (
    (
        "0142 0253 0435 0514 1024 1345 1450 1503 2015 2130 2354 2401 "
        "3052 3105 3241 3520 4123 4210 4302 4531 5043 5234 5321 5412"
    ).split(),
    (
        "0215 0351 0423 0534 1042 1254 1435 1503 2031 2145 2314 2450 "
        "3025 3152 3201 3540 4013 4130 4302 4521 5104 5243 5320 5412"
    ).split(),
)
"""More schedules for six hosted tables, four travelling classes and four rounds, as 24
itineraries (the table in rounds 1-4), hosts staying at tables 0-5. No two itineraries
share a table twice and none returns to a table. Found by this planner's search on the
30-people group shapes (in issue 12); with hosts of random groups, they admit a group
balance where SIX_TABLES admits none, and six_tables.py tries all of them."""
