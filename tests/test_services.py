"""Services and models on a real SQLite file and on the PostgreSQL server (each test runs
on both)."""

import uuid

import pytest
from sqlalchemy import func, select

from cafe.extensions import db
from cafe.models import Change, Note, Participant, Seat
from cafe.services import notes as note_service
from cafe.services import participants as participant_service
from cafe.services import rounds as round_service
from cafe.services.changes import changes_since
from cafe.services.events import create_event
from cafe.services.importing import ImportProblems, parse_participants
from cafe.tokens import InvalidInput
from tests.conftest import event_settings


@pytest.fixture
def event(ctx):
    return create_event(event_settings(table_size=4))


def add(table, text="nota", **kw):
    return note_service.add_note(table, uuid.uuid4(), text, kw.get("kind", "idea"), kw.get("round"))


def test_notes_get_gap_free_seqs_in_commit_order(event):
    seqs = [add(event.tables[i % 4])[0].created_seq for i in range(6)]
    assert seqs == [1, 2, 3, 4, 5, 6]
    feed = db.session.scalars(select(Change.seq).where(Change.event_id == event.id))
    assert sorted(feed) == seqs


def test_adding_the_same_uuid_twice_keeps_one_note(event):
    note_uuid = uuid.uuid4()
    first, created = note_service.add_note(event.tables[0], note_uuid, "uno", "idea")
    again, created_again = note_service.add_note(
        event.tables[0], str(note_uuid).upper(), "due", "idea"
    )
    assert (created, created_again) == (True, False)
    assert again.id == first.id and again.text == "uno"
    assert db.session.scalar(select(func.count(Note.id))) == 1


def test_a_table_filter_on_the_feed_keeps_event_wide_changes(event):
    add(event.tables[0])
    add(event.tables[1])
    round_service.start_round(event)
    kinds = [(c.kind, c.table_id) for c in changes_since(event.id, 0, table_id=event.tables[0].id)]
    assert kinds == [("note", event.tables[0].id), ("round", None)]


def test_edit_and_delete_are_recorded_and_delete_is_soft(event):
    note, _ = add(event.tables[0], "prima")
    note_service.edit_note(event.tables[0], note.uuid, "dopo", "tension")
    note_service.delete_note(event.tables[0], note.uuid)
    note_service.delete_note(event.tables[0], note.uuid)  # twice is harmless
    assert db.session.get(Note, note.id).deleted_at is not None
    assert note_service.notes_for_event(event.id) == []
    # The delete blanks the earlier changes too: a replay must not show the text again.
    changes = changes_since(event.id, 0)
    assert [c.payload["text"] for c in changes] == ["", "", ""]
    assert [c.payload["kind"] for c in changes] == ["idea", "tension", "tension"]


def test_notes_take_the_round_the_phone_typed_them_in(event):
    round_service.start_round(event)
    round_service.end_round(event)
    round_service.start_round(event)
    assert add(event.tables[0], round=1)[0].round_number == 1
    assert add(event.tables[0])[0].round_number == 2
    assert add(event.tables[0], round=99)[0].round_number == 2


def test_joining_seats_the_newcomer_in_every_round_and_keeps_started_rounds(event):
    people = [participant_service.join(event, f"P{i}", None) for i in range(8)]
    round_service.start_round(event)
    before = {
        (s.participant_id, s.round_number): s.table_id
        for s in db.session.scalars(select(Seat).where(Seat.round_number == 1))
    }
    late = participant_service.join(event, "Late", "esperti")
    after = {
        (s.participant_id, s.round_number): s.table_id
        for s in db.session.scalars(select(Seat).where(Seat.round_number == 1))
    }
    assert after == before  # round 1 is running: nobody moves, the latecomer waits for round 2
    rounds = db.session.scalars(select(Seat.round_number).where(Seat.participant_id == late.id))
    assert sorted(rounds) == [2, 3]
    assert len(people) == 8


def test_hosts_from_a_list_get_tables_and_never_move(event):
    rows = parse_participants(
        b"name,group,host\n"
        + b"".join(f"Host {i},esperti,yes\n".encode() for i in range(4))
        + b"".join(f"Guest {i},cittadini,\n".encode() for i in range(10)),
        event.groups,
    )
    participant_service.import_participants(event, rows)
    for table in event.tables:
        seats = db.session.scalars(
            select(Seat.table_id).where(Seat.participant_id == table.host_id)
        )
        assert set(seats) == {table.id}


def test_a_failed_import_writes_nothing(event):
    rows = parse_participants(b"name,group,host\n" + b"H,esperti,yes\n" * 5, event.groups)
    with pytest.raises(ImportProblems):
        participant_service.import_participants(event, rows)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Participant.id))) == 0


def test_a_name_too_long_is_refused(event):
    with pytest.raises(InvalidInput):
        participant_service.join(event, "x" * 81, None)
