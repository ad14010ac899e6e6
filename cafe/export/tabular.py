"""The harvest as data: CSV (one row per note) and JSON (docs/export-schema.json)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from cafe.export.snapshot import SCHEMA_VERSION, NoteRow, PhotoRow, Snapshot
from cafe.export.times import iso_local

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


def spreadsheet_delimiter(language: str) -> str:
    """Excel splits a double-clicked CSV on the list separator of the computer's regional
    settings: ';' in Italy (where ',' is the decimal comma), ',' in English-speaking ones.
    The report's language stands for the office's settings."""
    return ";" if language == "it" else ","


def render_csv(snapshot: Snapshot) -> bytes:
    """Every note, hidden ones marked, for a spreadsheet: columns and words in the report's
    language, its list separator, UTF-8 with a BOM (so Excel reads the accents)."""
    rows = _rows(snapshot, machine=False)
    text = _write(rows, spreadsheet_delimiter(snapshot.language))
    return ("\ufeff" + text).encode("utf-8")


def render_data_csv(snapshot: Snapshot) -> bytes:
    """Every note for data tools (pandas, R, a database): English column names and values,
    commas, UTF-8 without a BOM; cells are formula-safe here too."""
    return _write(_rows(snapshot, machine=True), ",").encode("utf-8")


def _write(rows: list[list[object]], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()


def _rows(s: Snapshot, machine: bool) -> list[list[object]]:
    header = list(CSV_COLUMNS) if machine else csv_header(s)
    themes = _themes_by_text(s)
    return [header] + [
        _csv_row(s, note, machine) + ["" if note.hidden else themes.get(note.text, "")]
        for note in s.notes
    ]


def csv_header(snapshot: Snapshot) -> list[str]:
    """The column names in the report's language (the English ones when not translated)."""
    return [snapshot.labels.get(f"col:{column}", column) for column in CSV_COLUMNS]


def _word(s: Snapshot, value: str, machine: bool = False) -> str:
    """A value word (yes, no, a note's kind) in the report's language, or as data."""
    if machine:
        return {"yes": "true", "no": "false"}.get(value, value)
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


def _csv_row(s: Snapshot, note: NoteRow, machine: bool) -> list[object]:
    by_group = "; ".join(f"{g}: {n}" for g, n in sorted(note.votes_by_group.items()))
    return [
        s.event_id,
        s.title,
        note.round,
        s.question(note.round),
        note.table,
        _word(s, note.kind, machine),
        note.text,
        "; ".join(note.tags),
        _word(s, "yes" if note.starred else "no", machine),
        _word(s, "yes" if note.hidden else "no", machine),
        note.votes,
        by_group,
        iso_local(note.created_at, s.time_zone),
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
        "themes": None if s.themes is None else [_theme(t) for t in s.themes],
    }
    if s.names is not None:
        document["participant_names"] = list(s.names)
    return document


def _theme(t) -> dict:
    return {
        "title": t.title,
        "round": t.round,
        "other": t.other,
        "weight": t.weight,
        "notes": list(t.notes),
    }


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
