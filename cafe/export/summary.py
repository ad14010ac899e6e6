"""What every document format says the same way: cover facts, captions, note details."""

from __future__ import annotations

from cafe.dates import human_datetime
from cafe.export.snapshot import NoteRow, PhotoRow, Snapshot, Theme

BAR_WIDTH = 20
THEME_NOTES = 5
"""Notes quoted under each theme in documents; JSON keeps them all."""


def cover_facts(s: Snapshot) -> list[tuple[str, str]]:
    """(label, value) lines of the cover: date, place, organiser, people, tables, rounds."""
    facts = []
    if s.starts_at:
        facts.append((s.label("date"), human_datetime(s.starts_at, s.language)))
    if s.place:
        facts.append((s.label("place"), s.place))
    if s.organiser:
        facts.append((s.label("organiser"), s.organiser))
    facts += [
        (s.label("participants"), str(s.participant_count())),
        (s.label("tables"), str(s.table_count)),
        (s.label("rounds"), str(s.round_count)),
        (s.label("notes"), str(len(s.visible_notes()))),
    ]
    return facts


def group_rows(s: Snapshot) -> list[tuple[str, int]]:
    """Participants by stakeholder group, the 'did not say' row last."""
    rows = [(g or s.label("no_group"), n) for g, n in s.groups.items() if g]
    if s.groups.get(""):
        rows.append((s.label("no_group"), s.groups[""]))
    return rows


def kind_label(s: Snapshot, kind: str) -> str:
    """A note kind in the report's language."""
    return s.labels.get(f"kind_{kind}", kind)


def note_extras(s: Snapshot, note: NoteRow) -> list[str]:
    """Tags and votes of a note, as short phrases (nothing when it has none)."""
    extras = []
    if note.tags:
        extras.append(s.label("tags") + ": " + ", ".join(note.tags))
    if note.votes:
        extras.append(s.label("votes_n", n=note.votes))
    return extras


def photo_caption(s: Snapshot, photo: PhotoRow) -> str:
    """'Table 3, round 2' in the report's language."""
    return s.label("photo_caption", table=photo.table, round=photo.round)


def bar(value: int, largest: int) -> str:
    """A text bar for charts in plain-text formats."""
    if largest <= 0:
        return ""
    return "█" * max(1, round(BAR_WIDTH * value / largest)) if value else ""


def theme_rows(s: Snapshot) -> list[tuple[str, int, str]]:
    """(theme, notes behind it, text bar by weight), heaviest first, for ranked charts."""
    themes = s.themes or []
    top = max((t.weight for t in themes), default=0)
    return [(t.title, len(t.notes), _weight_bar(t.weight, top)) for t in themes]


def _weight_bar(weight: float, top: float) -> str:
    return "█" * max(1, round(BAR_WIDTH * weight / top)) if top > 0 and weight > 0 else ""


def theme_notes(s: Snapshot, theme: Theme) -> list[str]:
    """The first notes of a theme, then '…and n more notes' when there are more."""
    shown = list(theme.notes[:THEME_NOTES])
    rest = len(theme.notes) - len(shown)
    return shown + ([s.label("more_notes", n=rest)] if rest else [])
