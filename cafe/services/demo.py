"""The reference scenario (a real World Café in the ceramics district) as a demo event."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from cafe.extensions import db
from cafe.models import Event, Organiser
from cafe.services import events as event_service
from cafe.services import notes as note_service
from cafe.services import organisers as organiser_service
from cafe.services import participants as participant_service
from cafe.services.importing import parse_participants, settings_from_json

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "distretto-ceramico"


def load_reference_scenario(with_notes: bool = False, owner: str | None = None) -> Event:
    """A new event from the scenario's event.json and participants.csv (and sample notes),
    belonging to the organiser account named `owner` (default: the first account)."""
    settings = settings_from_json((SCENARIO / "event.json").read_bytes())
    owner = _owner(owner)
    event = event_service.create_event(settings, owner_id=owner.id, commit=False)
    db.session.flush()
    rows = parse_participants((SCENARIO / "participants.csv").read_bytes(), settings.groups)
    participant_service.import_participants(event, rows)
    if with_notes:
        _add_sample_notes(event)
    return event


def _owner(username: str | None):
    if username is None:
        return organiser_service.first_organiser()
    account = db.session.scalar(select(Organiser).where(Organiser.username == username))
    if account is None:
        raise LookupError(f"No organiser account is called {username!r}.")
    return account


def _add_sample_notes(event: Event) -> None:
    import uuid

    tables = {t.number: t for t in event.tables}
    with (SCENARIO / "notes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            note_service.add_note(
                tables[int(row["table"])], uuid.uuid4(), row["text"], row["kind"], int(row["round"])
            )
