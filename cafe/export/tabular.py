"""The harvest as data: CSV (one row per note) and JSON (docs/export-schema.json)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from cafe.export.snapshot import SCHEMA_VERSION, NoteRow, PhotoRow, Snapshot

CSV_COLUMNS = (
    "event_id",
    "event",
    "round",
    "question",
    "table",
    "kind",
    "text",
    "tags",
    "starred",
    "hidden",
    "votes",
    "votes_by_group",
    "created_at",
    "themes",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_csv(snapshot: Snapshot) -> bytes:
    """Every note, hidden ones marked, as UTF-8 CSV with a BOM (Excel reads the accents)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_header(snapshot))
    themes = _themes_by_text(snapshot)
    for note in snapshot.notes:
        row = _csv_row(snapshot, note) + ["" if note.hidden else themes.get(note.text, "")]
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_header(snapshot: Snapshot) -> list[str]:
    """The column names in the report's language (the English ones when not translated)."""
    return [snapshot.labels.get(f"col:{column}", column) for column in CSV_COLUMNS]


def _word(s: Snapshot, value: str) -> str:
    """A value word (yes, no, a note's kind) in the report's language."""
    return s.labels.get(f"csv:{value}", value)


def _themes_by_text(s: Snapshot) -> dict[str, str]:
    """Each visible note's themes, heaviest first, joined with '; '.

    Themes hold their notes' texts; two notes with the same text have the same words, so
    the same themes, and the text is a sound key."""
    found: dict[str, list[str]] = {}
    for theme in s.themes or []:
        for text in theme.notes:
            found.setdefault(text, []).append(theme.title)
    return {text: "; ".join(titles) for text, titles in found.items()}


def _csv_row(s: Snapshot, note: NoteRow) -> list[object]:
    by_group = "; ".join(f"{g}: {n}" for g, n in sorted(note.votes_by_group.items()))
    return [
        s.event_id,
        s.title,
        note.round,
        s.question(note.round),
        note.table,
        _word(s, note.kind),
        note.text,
        "; ".join(note.tags),
        _word(s, "yes" if note.starred else "no"),
        _word(s, "yes" if note.hidden else "no"),
        note.votes,
        by_group,
        _time(note.created_at),
    ]


def render_json(snapshot: Snapshot) -> bytes:
    """The whole harvest as JSON, versioned (see docs/export.md)."""
    return json.dumps(as_document(snapshot), ensure_ascii=False, indent=2).encode("utf-8")


def as_document(s: Snapshot) -> dict:
    """The JSON document as a dict."""
    document = {
        "schema": "cafe-harvest",
        "version": SCHEMA_VERSION,
        "exported_at": _time(s.taken_at),
        "anonymised": s.anonymised,
        "event": {
            "id": s.event_id,
            "title": s.title,
            "place": s.place,
            "starts_at": s.starts_at.isoformat(timespec="minutes") if s.starts_at else None,
            "language": s.language,
            "organiser": s.organiser,
            "tables": s.table_count,
            "rounds": s.round_count,
        },
        "participants_by_group": dict(s.groups),
        "questions": [{"round": q.round, "text": q.text} for q in s.questions],
        "notes": [_note(s, n) for n in s.notes],
        "photos": [_photo(p) for p in s.photos],
        "themes": None
        if s.themes is None
        else [{"title": t.title, "weight": t.weight, "notes": list(t.notes)} for t in s.themes],
    }
    if s.names is not None:
        document["participant_names"] = list(s.names)
    return document


def _note(s: Snapshot, n: NoteRow) -> dict:
    return {
        "event_id": s.event_id,
        "round": n.round,
        "question": s.question(n.round),
        "table": n.table,
        "kind": n.kind,
        "text": n.text,
        "tags": list(n.tags),
        "starred": n.starred,
        "hidden": n.hidden,
        "votes": n.votes,
        "votes_by_group": dict(n.votes_by_group),
        "created_at": _time(n.created_at),
    }


def _photo(p: PhotoRow) -> dict:
    return {
        "key": p.key,
        "round": p.round,
        "table": p.table,
        "width": p.width,
        "height": p.height,
        "hidden": p.hidden,
        "uploaded_at": _time(p.uploaded_at),
    }


def _time(value: datetime | None) -> str | None:
    """ISO 8601 in UTC ('Z'), as stored."""
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"
