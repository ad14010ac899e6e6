"""The desk's actions sent again (their answer was lost, or the server was busy): each lands
once. A walk-in carries a key (a UUID per walk-in); a tick, an undo or a new host sent
`again` that finds its work done is answered as done, not refused.

Bad inputs tried: a walk-in key that is not a UUID (refused next to the name, nothing
added), the same key with another name (the person added first, not a second one), a
tick sent twice without `again` (still refused as already done), the same key on another
event (refused: one key names one walk-in)."""

import uuid

from sqlalchemy import func, select

from cafe.extensions import db
from cafe.models import CafeTable, Event, Participant
from tests.test_desk import desk  # noqa: F401 - the shared fixture

__all__ = ["desk"]


def _walk_ins(app, event_id) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Participant.name).where(
                    Participant.event_id == event_id, Participant.walked_in.is_(True)
                )
            )
        )


def test_a_walk_in_sent_again_with_its_key_is_added_once(app, desk):  # noqa: F811
    organiser, key = desk["organiser"], str(uuid.uuid4())
    walk_in = {"name": "Nadia Nuova", "group": "", "key": key}
    first = organiser.emit("walkin", walk_in, callback=True)
    again = organiser.emit("walkin", walk_in, callback=True)
    assert first["ok"] and again["ok"]
    assert again["person"] == first["person"]
    renamed = organiser.emit("walkin", {**walk_in, "name": "Nadia Diversa"}, callback=True)
    assert renamed["person"] == first["person"]
    assert _walk_ins(app, desk["event_id"]) == ["Nadia Nuova"]


def test_a_walk_in_sent_again_is_not_taken_for_a_namesake(app, desk):  # noqa: F811
    """Sent again after it landed, the walk-in finds the person it added instead of being
    told that the name is already on the list (the first attempt put it there)."""
    organiser, key = desk["organiser"], str(uuid.uuid4())
    walk_in = {"name": "Giulia Giordano", "same_name_ok": True, "key": key}
    first = organiser.emit("walkin", walk_in, callback=True)
    again = organiser.emit("walkin", walk_in, callback=True)
    assert again["ok"] and again["person"] == first["person"]
    assert _walk_ins(app, desk["event_id"]) == ["Giulia Giordano"]


def test_a_walk_in_key_that_is_not_a_uuid_is_refused_next_to_the_name(app, desk):  # noqa: F811
    reply = desk["organiser"].emit("walkin", {"name": "Nadia", "key": "1; drop"}, callback=True)
    assert (reply["ok"], reply["field"]) == (False, "name")
    assert "reload the page" in reply["error"]
    assert _walk_ins(app, desk["event_id"]) == []


def test_a_walk_in_key_belongs_to_its_event(app, desk, make_event, socket_client):  # noqa: F811
    key = str(uuid.uuid4())
    assert desk["organiser"].emit("walkin", {"name": "Nadia", "key": key}, callback=True)["ok"]
    other = make_event(title="B")
    there = socket_client({"role": "organiser", "event_id": other})
    reply = there.emit("walkin", {"name": "Nadia", "key": key}, callback=True)
    assert reply["ok"] is False  # one key names one walk-in, never two people
    with app.app_context():
        count = db.session.scalar(
            select(func.count(Participant.id)).where(Participant.desk_key == key)
        )
    assert count == 1


def test_a_tick_or_undo_sent_again_is_done_once(app, desk):  # noqa: F811
    organiser, giulia = desk["organiser"], desk["ids"]["Giulia Giordano"]
    tick = {"participant_id": giulia}
    assert organiser.emit("checkin", tick, callback=True)["ok"]
    twice = organiser.emit("checkin", tick, callback=True)
    assert (twice["ok"], twice["field"]) == (False, "participant")  # a second click says so
    assert organiser.emit("checkin", {**tick, "again": True}, callback=True)["ok"]
    with app.app_context():
        arrived = db.session.get(Participant, giulia).arrived_at
    assert organiser.emit("uncheck", tick, callback=True)["ok"]
    assert organiser.emit("uncheck", {**tick, "again": True}, callback=True)["ok"]
    assert not organiser.emit("uncheck", tick, callback=True)["ok"]
    assert arrived is not None


def test_a_new_host_sent_again_is_done_once(app, desk):  # noqa: F811
    organiser, marco = desk["organiser"], desk["ids"]["Marco Bianchi"]
    with app.app_context():
        free = db.session.get(Event, desk["event_id"]).tables[2].id
    organiser.emit("checkin", {"participant_id": marco}, callback=True)
    host = {"participant_id": marco, "table_id": free}
    first = organiser.emit("make_host", host, callback=True)
    again = organiser.emit("make_host", host, callback=True)
    assert first["ok"] and again == first
    with app.app_context():
        assert db.session.get(CafeTable, free).host_id == marco
