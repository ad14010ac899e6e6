"""Group one question's notes into themes by what they say (pure: no Flask, no SQLAlchemy).

`group_notes` is a pure function of its arguments: the same notes, questions and language
always give the same groups, labels and order, so a caller can recompute it whenever a note
arrives and replay the organiser's decisions (renames, merges, moves) on top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cafe.themes.words import extract_themes

OTHER_LABELS = {"it": "Altro", "en": "Other"}
"""The "other" group's label by language (English for any language not listed)."""


@dataclass(frozen=True)
class ThemeGroup:
    """A theme: a short label (2-6 words in the event's language) and its notes' ids, in
    ascending order. `other` marks the group of notes that fit no theme (its label is
    "Altro"/"Other"; callers may show their own translation instead)."""

    label: str
    note_ids: tuple[int, ...]
    other: bool = False


def group_notes(
    notes: Mapping[int, str], questions: Iterable[str], language: str
) -> list[ThemeGroup]:
    """Group `notes` ({id: text}, one question's notes) into themes by meaning.

    `questions` are the texts of the question(s) the notes answer: their words say little
    about a theme, since every table repeats them. `language` is the event's language code
    ("it", "en", ...). Each note is in exactly one group; groups come largest first (ties by
    label), the "other" group (if any) last. No notes give no groups.
    """
    if not notes:
        return []
    warm_up(language)
    return _by_heaviest_word(notes, list(questions), language)


def warm_up(language: str) -> None:
    """Load what the grouping needs for `language`, once per process. It may take a second
    or more the first time, so call it off the event loop."""
    extract_themes({0: "avvio"}, [], language)


def other_label(language: str) -> str:
    """The label of the group of notes that fit no theme, in `language`."""
    return OTHER_LABELS.get(language, OTHER_LABELS["en"])


def _by_heaviest_word(notes: Mapping[int, str], questions: list[str], language: str):
    """First method: each note under its heaviest recurring word (the old themes)."""
    themes = extract_themes(notes, questions, language, limit=len(notes) * 4)
    placed: dict[int, str] = {}
    for theme in themes:
        for note_id in theme.note_ids:
            placed.setdefault(note_id, theme.term)
    groups: dict[str, list[int]] = {}
    for note_id in sorted(notes):
        groups.setdefault(placed.get(note_id, ""), []).append(note_id)
    return ordered(groups, language)


def ordered(groups: Mapping[str, list[int]], language: str) -> list[ThemeGroup]:
    """ThemeGroups from {label: ids} ("" holds the other notes), largest first, other last."""
    themes = [ThemeGroup(label, tuple(sorted(ids))) for label, ids in groups.items() if label]
    themes.sort(key=lambda g: (-len(g.note_ids), g.label, g.note_ids))
    if groups.get(""):
        themes.append(ThemeGroup(other_label(language), tuple(sorted(groups[""])), other=True))
    return themes
