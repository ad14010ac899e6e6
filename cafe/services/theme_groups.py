"""The notes' themes, question by question, for the wall, the control panel and the reports.

The grouping itself is pure (cafe.synthesis.group_notes); here it runs off the event loop
and is remembered per question, so a wall that asks again after one more note regroups only
that note's question, and a second wall or panel asking the same gets the same answer at
once. Themes follow the notes: the debounce is the walls' (they ask at most every 5 s while
notes arrive) and this memory's (nothing is regrouped until a question's notes change).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from cafe.services.offload import off_the_loop
from cafe.synthesis import ThemeGroup, group_notes

REMEMBERED = 64
"""Groupings kept per process (one per question's set of notes)."""


def themes_by_question(
    notes: Iterable[tuple[int, int, str]], questions: Mapping[int, str], language: str
) -> list[tuple[int, ThemeGroup]]:
    """(round, theme) of every note given as (id, round, text), round by round, each note
    in one theme; runs in gevent's thread pool when serving."""
    by_round: dict[int, list[tuple[int, str]]] = {}
    for note_id, number, text in notes:
        by_round.setdefault(number, []).append((note_id, text))
    return off_the_loop(_grouped_rounds, by_round, dict(questions), language)


def _grouped_rounds(by_round, questions, language) -> list[tuple[int, ThemeGroup]]:
    return [
        (number, theme)
        for number, rows in sorted(by_round.items())
        for theme in _grouped(tuple(sorted(rows)), questions.get(number, ""), language)
    ]


@lru_cache(maxsize=REMEMBERED)
def _grouped(rows: tuple[tuple[int, str], ...], question: str, language: str):
    return tuple(group_notes(dict(rows), [question], language))
