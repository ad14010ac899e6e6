"""Retention: deleting an event's personal data keeps an anonymous harvest with no name
left in the database or in any export; deleting an event removes every row and file.
Bad inputs tried: the deletions without ticking the confirmation box, an old personal
link and the old join code after the deletion, another event that must stay whole."""

from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image
from sqlalchemy import func, select, text

from cafe.export import FORMAT_NAMES, export
from cafe.extensions import db
from cafe.models import Event, Participant, Photo


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def harvest(ctx, tmp_path):
    """The reference scenario with notes, two check-ins, a walk-in and one photo."""
    from cafe.services import participants, photos
    from cafe.services.demo import load_reference_scenario

    ctx.config["CAFE_UPLOADS"] = str(tmp_path / "uploads")
    event = load_reference_scenario(with_notes=True)
    people = db.session.scalars(select(Participant).where(Participant.event_id == event.id)).all()
    for person in people[:2]:
        participants.confirm(event, person.id)
    walk_in = participants.join(event, "Zelda Quintavalle", "esperti")
    db.session.commit()
    photos.add_photo(event.tables[0], str(uuid.uuid4()), png(), 1)
    names = [p.name for p in people] + [walk_in.name]
    return event, names, people[0].token, event.join_code


def database_text() -> str:
    """Every row of every table, as text."""
    rows = []
    for table in db.metadata.sorted_tables:
        rows += [repr(tuple(r)) for r in db.session.execute(text(f'SELECT * FROM "{table.name}"'))]
    return "\n".join(rows)


def test_no_name_is_left_after_deleting_personal_data(harvest):
    from cafe.services import events, participants
    from cafe.services.harvest import build_snapshot
    from cafe.services.privacy import anonymise_event

    event, names, old_token, old_code = harvest
    before = build_snapshot(event, with_names=True)
    assert "Zelda Quintavalle" in database_text() and before.names
    anonymise_event(event)
    dump = database_text()
    assert [n for n in names if n in dump] == []
    after = build_snapshot(event, with_names=True)
    for name in FORMAT_NAMES:
        data = export(after, name).decode("utf-8", "replace") if name != "docx" else ""
        assert [n for n in names if n in data] == []
    assert after.groups == before.groups and len(after.notes) == 27 and after.anonymised
    assert participants.by_token(old_token) is None
    assert events.event_by_join(old_code) is None
    photo = db.session.scalar(select(Photo))
    assert photo.uploaded_at is None and len(after.visible_photos()) == 1


def test_the_anonymous_docx_has_no_name_either(harvest):
    import docx

    from cafe.services.harvest import build_snapshot
    from cafe.services.privacy import anonymise_event

    event, names, _token, _code = harvest
    anonymise_event(event)
    document = docx.Document(io.BytesIO(export(build_snapshot(event, with_names=True), "docx")))
    body = "\n".join(p.text for p in document.paragraphs)
    body += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert [n for n in names if n in body] == []


def test_deleting_an_event_removes_every_row_and_file(harvest, tmp_path):
    from cafe.services.events import create_event
    from cafe.services.privacy import delete_event
    from tests.conftest import event_settings

    event, _names, _token, _code = harvest
    other = create_event(event_settings(title="Resta")).id
    folder = tmp_path / "uploads" / str(event.id)
    assert any(folder.iterdir())
    event_id = event.id
    delete_event(event)
    assert not folder.exists()
    for table in db.metadata.sorted_tables:
        if "event_id" in table.c:
            left = db.session.scalar(select(func.count()).where(table.c.event_id == event_id))
            assert left == 0, table.name
    assert db.session.get(Event, event_id) is None and db.session.get(Event, other) is not None


def test_the_pages_ask_for_confirmation_first(app, logged_in, make_event):
    event_id = make_event()
    page = logged_in.get(f"/o/events/{event_id}?lang=en").get_data(as_text=True)
    assert "no longer than 30 days after the event" in page
    assert "non oltre 30 giorni" in logged_in.get(f"/o/events/{event_id}?lang=it").get_data(
        as_text=True
    )
    url = f"/o/events/{event_id}/privacy"
    refused = logged_in.post(f"{url}/anonymise?lang=en", data={})
    assert refused.status_code == 422
    assert 'id="e-confirm_anonymise"' in refused.get_data(as_text=True)
    assert "Tick the box to confirm" in refused.get_data(as_text=True)
    assert logged_in.post(f"{url}/delete?lang=en", data={}).status_code == 422
    done = logged_in.post(f"{url}/anonymise", data={"confirm_anonymise": "yes"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Event, event_id).anonymised_at is not None
    gone = logged_in.post(f"{url}/delete", data={"confirm_delete": "yes"})
    assert gone.status_code == 302 and gone.location.endswith("/o/")
    assert logged_in.get(f"/o/events/{event_id}").status_code == 404
