"""Walk-ins and the thousand-phone paths of issue 11: a newcomer is seated at once without
moving anyone, a note and a phone's sync take a fixed handful of statements whatever the
size of the event, and static files are versioned, cached and compressed.

Bad inputs: a table already full, a table the newcomer already sat at, a group already
crowded at the least-full table, a round already running, an unknown static version, a
phone syncing again after its event changed (question and round) and after its person
left."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from cafe.extensions import db, socketio
from cafe.models import Change, Event, Note, Participant, Seat, utcnow
from cafe.seating.walkin import RoundLoad, choose_tables
from cafe.services import notes as note_service
from cafe.services import participants as participant_service
from cafe.services import rounds as round_service
from cafe.services.events import create_event
from cafe.services.importing import ParticipantRow
from tests.conftest import event_settings

# ------------------------------------------------------------------ the pure choice


def test_the_newcomer_goes_to_the_least_full_table_in_each_open_round():
    rounds = {
        2: RoundLoad({1: 5, 2: 4, 3: 5}, {}),
        3: RoundLoad({1: 3, 2: 4, 3: 4}, {}),
    }
    assert choose_tables([1, 2, 3], rounds, None) == {2: 2, 3: 1}


def test_on_a_tie_fewer_of_their_group_then_a_table_not_sat_at_before():
    crowded = RoundLoad({1: 4, 2: 4}, {(1, "esperti"): 3, (2, "esperti"): 1})
    assert choose_tables([1, 2], {1: crowded}, "esperti") == {1: 2}
    even = RoundLoad({1: 4, 2: 4}, {})
    # Already at table 1 in round 1 (a late seat): round 2 prefers table 2.
    assert choose_tables([1, 2], {2: even}, None, taken={1: 1}) == {2: 2}


def test_rounds_the_newcomer_already_has_are_left_alone():
    rounds = {1: RoundLoad({1: 1, 2: 0}, {}), 2: RoundLoad({1: 0, 2: 1}, {})}
    assert choose_tables([1, 2], rounds, None, taken={1: 1}) == {2: 1}


@given(
    st.lists(st.integers(0, 8), min_size=1, max_size=12),
    st.lists(st.integers(0, 8), min_size=1, max_size=12),
)
def test_the_chosen_table_is_never_fuller_than_another(first, second):
    tables = list(range(1, min(len(first), len(second)) + 1))
    rounds = {
        1: RoundLoad(dict(zip(tables, first, strict=False)), {}),
        2: RoundLoad(dict(zip(tables, second, strict=False)), {}),
    }
    chosen = choose_tables(tables, rounds, None)
    for number, table in chosen.items():
        assert rounds[number].people[table] == min(rounds[number].people.values())


# ------------------------------------------------------------------ joining, in the database


def _big_event(people=60, tables=10):
    event = create_event(event_settings(table_count=tables, table_size=6))
    rows = [ParticipantRow(i, f"Persona {i}", "cittadini", False) for i in range(people)]
    participant_service.import_participants(event, rows)
    db.session.commit()
    return event


def _seats(event_id):
    return {
        (s.participant_id, s.round_number): s.table_id
        for s in db.session.scalars(select(Seat).where(Seat.event_id == event_id))
    }


def test_a_walk_in_is_seated_in_every_round_and_nobody_else_moves(ctx):
    event = _big_event()
    before = _seats(event.id)
    newcomer = participant_service.join(event, "Nuova", "esperti")
    after = _seats(event.id)
    mine = {r: t for (p, r), t in after.items() if p == newcomer.id}
    assert sorted(mine) == [1, 2, 3]
    assert {k: v for k, v in after.items() if k[0] != newcomer.id} == before
    assert len(set(mine.values())) == 3, "a walk-in should not sit at one table all morning"
    for number, table in mine.items():
        sizes = {}
        for (_p, r), t in before.items():
            if r == number:
                sizes[t] = sizes.get(t, 0) + 1
        assert sizes.get(table, 0) == min(sizes.get(t.id, 0) for t in event.tables)


def test_a_walk_in_tells_only_their_table_and_the_staff(ctx):
    event = _big_event(people=12, tables=4)
    head = event.last_seq
    newcomer = participant_service.join(event, "Nuova", None)
    changes = list(
        db.session.scalars(select(Change).where(Change.event_id == event.id, Change.seq > head))
    )
    assert sorted(c.kind for c in changes) == ["people", "seating"]
    seating = next(c for c in changes if c.kind == "seating")
    first_table = db.session.scalar(
        select(Seat.table_id).where(Seat.participant_id == newcomer.id, Seat.round_number == 1)
    )
    # Only that table's host (who is expected) and the staff hear of it, not every phone.
    assert seating.table_id == first_table


def test_a_late_walk_in_sits_down_in_the_running_round(ctx):
    event = _big_event(people=12, tables=4)
    event.late_seating = True
    round_service.start_round(event)
    before = _seats(event.id)
    newcomer = participant_service.join(event, "Tardi", None)
    from cafe.services.attendance import join_late

    late = join_late(event, "Tardissimo", None)
    after = _seats(event.id)
    assert {r for (p, r) in after if p == late.id} == {1, 2, 3}
    assert {r for (p, r) in after if p == newcomer.id} == {2, 3}  # joined without late seating
    assert {k: v for k, v in after.items() if k[0] not in (late.id, newcomer.id)} == before
    manual = db.session.scalar(
        select(Seat.manual).where(Seat.participant_id == late.id, Seat.round_number == 1)
    )
    assert manual is True


def test_the_200th_join_reads_and_writes_no_more_than_the_10th(ctx):
    event = _big_event(people=0, tables=30)
    counts = []
    for i in range(200):
        with _statements() as seen:
            participant_service.join(event, f"Persona {i}", None)
        counts.append(len(seen))
    assert counts[199] == counts[9], counts  # no statement per person or per seat


# ------------------------------------------------------------------ notes and syncs


class _statements:
    def __enter__(self):
        self.seen: list[str] = []
        sa_event.listen(db.engine, "before_cursor_execute", self._log)
        return self.seen

    def _log(self, _conn, _cursor, statement, *_args):
        self.seen.append(statement)

    def __exit__(self, *_exc):
        sa_event.remove(db.engine, "before_cursor_execute", self._log)


@pytest.fixture
def big(app):
    with app.app_context(), app.test_request_context():
        event = _big_event(people=120, tables=20)
        person = db.session.scalar(select(Participant).where(Participant.event_id == event.id))
        return {
            "event": event.id,
            "host": event.tables[0].host_token,
            "person": person.token,
            "wall": event.wall_token,
        }


def test_a_note_takes_four_statements_and_its_push_equals_its_reply(app, big):
    host = socketio.test_client(app, auth={"role": "host", "token": big["host"]})
    wall = socketio.test_client(app, auth={"role": "wall", "token": big["wall"]})
    with app.app_context():
        with _statements() as seen:
            reply = host.emit(
                "note:add",
                {"uuid": str(uuid.uuid4()), "text": "Più alberi", "kind": "idea", "round": 1},
                callback=True,
            )
    assert reply["ok"], reply
    # the link with its event; take the seq; insert the note (nothing if its UUID is
    # stored already) and its change.
    assert len(seen) == 4, seen
    pushes = [m for m in wall.get_received() if m["name"] == "change"]
    assert pushes[-1]["args"][0]["data"] == reply["note"]
    assert reply["note"]["seq"] == reply["seq"] == pushes[-1]["args"][0]["seq"]
    with app.app_context():
        # The payload built without reading the note back is the one the ORM gives.
        stored = db.session.get(Note, reply["id"])
        assert note_service.note_payload(stored) == reply["note"]
        change = db.session.scalar(select(Change).where(Change.seq == reply["seq"]))
        assert change.payload == reply["note"] and change.table_id == stored.table_id


def test_a_resent_note_gets_the_same_reply_and_takes_no_seq(app, big):
    host = socketio.test_client(app, auth={"role": "host", "token": big["host"]})
    note = {"uuid": str(uuid.uuid4()), "text": "Più alberi", "kind": "idea", "round": 2}
    first = host.emit("note:add", note, callback=True)
    with app.app_context():
        head = db.session.get(Event, big["event"]).last_seq
    again = host.emit("note:add", {**note, "text": "changed on the way"}, callback=True)
    assert again == first
    with app.app_context():
        assert db.session.get(Event, big["event"]).last_seq == head
        assert db.session.scalar(select(func.count(Note.id)).where(Note.uuid == note["uuid"])) == 1


def test_a_phone_sync_reads_three_rows_and_no_list_of_tables(app, big):
    phone = socketio.test_client(app, auth={"role": "participant", "token": big["person"]})
    with app.app_context():
        with _statements() as seen:
            reply = phone.emit("sync", {"since": 0}, callback=True)
    assert reply["ok"] and sorted(reply["seats"]) == ["1", "2", "3"]  # JSON keys
    assert all(1 <= n <= 20 for n in reply["seats"].values())
    # the link with its event, the round, the seats (with their tables' numbers).
    assert len(seen) <= 3, seen
    assert not any(s.lstrip().startswith("SELECT cafe_table.id") for s in seen)


def test_a_woken_phone_syncs_in_one_statement_and_sees_every_change_at_once(app, big):
    phone = socketio.test_client(app, auth={"role": "participant", "token": big["person"]})
    first = phone.emit("sync", {"since": 0}, callback=True)
    with app.app_context():
        with _statements() as seen:
            again = phone.emit("sync", {"since": 0}, callback=True)
    assert again["seats"] == first["seats"] and again["round"]["phase"] == "checkin"
    assert len(seen) == 1, seen  # the link, its event's seq and the seats: nothing per event
    with app.app_context(), app.test_request_context():
        event = db.session.get(Event, big["event"])
        event.rounds[0].question = "Una domanda nuova?"
        round_service.start_round(event)
    moved = phone.emit("sync", {"since": 0}, callback=True)
    assert moved["round"]["phase"] == "round" and moved["last_seq"] > again["last_seq"]
    assert moved["round"]["question"] == "Una domanda nuova?"
    with app.app_context(), app.test_request_context():
        person = db.session.scalar(select(Participant).where(Participant.token == big["person"]))
        person.left_at = utcnow()
        db.session.commit()
    assert phone.emit("sync", {"since": 0}, callback=True)["revoked"]
    stranger = socketio.test_client(app, auth={"role": "participant", "token": "nobody"})
    assert not stranger.is_connected()


def test_static_files_are_versioned_cached_for_a_year_and_compressed(app, client):
    page = client.get("/login").get_data(as_text=True)
    import re

    css = re.search(r'href="(/static/v/[0-9a-f]{10}/css/cafe\.css)"', page)
    assert css, "the page links an unversioned stylesheet"
    cached = client.get(css.group(1), headers={"Accept-Encoding": "gzip, deflate"})
    assert cached.status_code == 200
    assert "max-age=31536000" in cached.headers["Cache-Control"]
    assert cached.headers.get("Content-Encoding") in ("gzip", "deflate")
    plain = client.get("/static/css/cafe.css")
    assert "31536000" not in plain.headers.get("Cache-Control", "")
    assert client.get("/static/v/0000000000/css/none.css").status_code == 404
    html = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert html.headers.get("Content-Encoding") == "gzip"


def test_an_event_row_read_back_after_a_note_has_the_new_seq(ctx):
    event = _big_event(people=4, tables=2)
    note, _created = note_service.add_note(event.tables[0], uuid.uuid4(), "x", "idea", 1)
    assert db.session.get(Event, event.id).last_seq == note.created_seq
