"""A whole morning in fast-forward: an injected clock (no sleeps), the services and the
socket test clients of every kind of screen. Check-in, three rounds, a pause, +1 minute,
a late arrival before round 2 and one seated at once in round 2, a leaver, a host
hand-over, harvest, closed; what every screen receives is asserted at each step.

Bad inputs tried: an unknown control, minutes that are not a number or out of range,
pausing twice, "back" after the round has notes, a participant trying the organiser's
controls, a leaving host, a hand-over to someone who already hosts, a note from the
replaced host link, a check-in of someone from another event.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from cafe.extensions import db
from cafe.models import CafeTable, Event, Note, Participant, Seat
from cafe.services import participants as participant_service
from cafe.services import rounds as round_service
from cafe.services.importing import ParticipantRow

T0 = datetime(2026, 11, 25, 9, 0, 0)


class FakeTime:
    """The server's clock, moved by hand."""

    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(app):
    fake = FakeTime()
    app.config["CAFE_CLOCK"] = fake
    return fake


@pytest.fixture
def morning(app, make_event, clock):
    """An event of 4 tables, 3 rounds of 20 minutes, 4 hosts and 12 people on the list."""
    event_id = make_event(table_count=4, table_size=5)
    rows = [ParticipantRow(i + 2, f"Host {i + 1}", "esperti", True) for i in range(4)]
    rows += [
        ParticipantRow(i + 10, f"Persona {i + 1:02d}", ("cittadini", "esperti")[i % 2], False)
        for i in range(12)
    ]
    with app.app_context():
        event = db.session.get(Event, event_id)
        participant_service.import_participants(event, rows)
        db.session.commit()
        people = {p.name: p.id for p in db.session.scalars(select(Participant))}
        tokens = {p.name: p.token for p in db.session.scalars(select(Participant))}
    return {"event_id": event_id, "people": people, "tokens": tokens}


def changes(client, kind=None):
    """The `change` pushes a socket test client received since last asked, in order."""
    got = [r["args"][0] for r in client.get_received() if r["name"] == "change"]
    return [c for c in got if kind is None or c["kind"] == kind]


def pushes(client, name):
    return [r["args"][0] for r in client.get_received() if r["name"] == name]


def control(organiser, action, **extra):
    return organiser.emit("clock", {"action": action, **extra}, callback=True)


def seats(app, person_id):
    with app.app_context():
        rows = db.session.execute(
            select(Seat.round_number, CafeTable.number)
            .join(CafeTable, CafeTable.id == Seat.table_id)
            .where(Seat.participant_id == person_id)
        ).all()
    return dict(rows)


def host_token(app, event_id, number):
    with app.app_context():
        event = db.session.get(Event, event_id)
        return next(t.host_token for t in event.tables if t.number == number)


def note(text, round_number):
    return {"uuid": str(uuid.uuid4()), "text": text, "kind": "idea", "round": round_number}


def test_a_whole_morning_in_fast_forward(app, logged_in, socket_client, morning, clock):
    event_id, people = morning["event_id"], morning["people"]
    organiser = socket_client({"role": "organiser", "event_id": event_id})
    second = socket_client({"role": "organiser", "event_id": event_id})
    with app.app_context():
        wall_token = db.session.get(Event, event_id).wall_token
    wall = socket_client({"role": "wall", "token": wall_token})
    old_host_token = host_token(app, event_id, 1)
    host1 = socket_client({"role": "host", "token": old_host_token})
    phones = {
        name: socket_client({"role": "participant", "token": morning["tokens"][name]})
        for name in ("Persona 01", "Persona 02", "Persona 03")
    }
    screens = [organiser, second, wall, host1, *phones.values()]
    for screen in screens:
        assert screen.is_connected()
        screen.get_received()

    # Check-in: the desk marks ten people as arrived; walls and panels see the count.
    for n in range(1, 11):
        person = {"participant_id": people[f"Persona {n:02d}"]}
        assert organiser.emit("checkin", person, callback=True)["ok"]
    assert changes(wall, "people")[-1]["data"]["checked_in"] == 10
    assert changes(second, "people")[-1]["data"]["checked_in"] == 10
    assert changes(phones["Persona 01"], "people") == []  # phones are not bothered
    panel = second.emit("sync", {"since": 0}, callback=True)["panel"]
    assert (panel["arrived"], panel["round"]["phase"]) == (10, "checkin")
    refused = phones["Persona 01"].emit("clock", {"action": "next"}, callback=True)
    assert refused["ok"] is False and refused["revoked"]

    # Round 1 starts: every screen gets the same ends_at and the server's time.
    assert control(organiser, "next")["round"]["phase"] == "round"
    for screen in screens:
        got = changes(screen, "round")[-1]["data"]
        assert got["phase"] == "round" and got["round"] == 1
        assert got["ends_at"] == "2026-11-25T09:20:00+00:00"
        assert got["server_now"] == "2026-11-25T09:00:00+00:00"

    # A pause five minutes in; ten minutes later, +1 minute while paused, then resume.
    clock.advance(minutes=5)
    paused = control(organiser, "pause")["round"]
    assert paused["paused"] and paused["seconds_left"] == 15 * 60 and paused["ends_at"] is None
    assert control(organiser, "pause")["ok"] is False
    clock.advance(minutes=10)
    assert phones["Persona 02"].emit("sync", {}, callback=True)["round"]["seconds_left"] == 900
    assert control(organiser, "extend", minutes=1)["round"]["seconds_left"] == 16 * 60
    resumed = control(organiser, "resume")["round"]
    assert resumed["ends_at"] == "2026-11-25T09:31:00+00:00"
    assert [c["data"]["paused"] for c in changes(wall, "round")] == [True, True, False]

    # The host writes; at 0:00 the panel says time is up (end now / +2 minutes).
    assert host1.emit("note:add", note("Più verde", 1), callback=True)["ok"]
    clock.advance(minutes=16)
    panel = organiser.emit("sync", {}, callback=True)["panel"]
    assert panel["round"]["time_up"] and panel["round"]["seconds_left"] == 0
    assert control(organiser, "back")["ok"] is False  # round 1 has a note: no un-starting

    # End round 1: phones are told their round-2 table; notes still go to round 1.
    control(organiser, "next")
    for name, phone in phones.items():
        moving = changes(phone, "round")[-1]["data"]
        assert (moving["phase"], moving["seated_round"], moving["note_round"]) == ("moving", 2, 1)
        reply = phone.emit("sync", {}, callback=True)
        assert reply["seats"]["2"] == seats(app, people[name])[2]
    ack = host1.emit("note:add", note("Ultimo punto mentre si cambia tavolo", None), callback=True)
    assert ack["note"]["round"] == 1
    expected = host1.emit("sync", {}, callback=True)["expected"]
    assert sorted(e["name"] for e in expected) == _names_at(app, event_id, 1, 2)
    # The host reads this on her own phone: here, though nobody ticked her (issue 24).
    assert expected[0] == {"name": "Host 1", "group": "esperti", "host": True, "here": True}

    # A late arrival while people move is seated from round 2, not in round 1.
    late = app.test_client()
    with app.app_context():
        join_token = db.session.get(Event, event_id).join_token
    assert late.post(f"/j/{join_token}", data={"name": "Ritardataria"}).status_code == 302
    late_id = _person(app, "Ritardataria")
    assert set(seats(app, late_id)) == {2, 3}

    # Round 2, with late seating allowed: the next late arrival sits down at once.
    control(organiser, "next")
    logged_in.post(f"/o/events/{event_id}/run/late", data={"late_seating": "on"})
    assert late.post(f"/j/{join_token}", data={"name": "Tardissimo"}).status_code == 302
    now_seated = seats(app, _person(app, "Tardissimo"))
    assert 2 in now_seated and now_seated[2] == _least_full_before(app, event_id, now_seated)

    # A leaver: gone from round 3; the organisers' panels hear about it.
    gone = people["Persona 03"]
    assert 3 in seats(app, gone)
    organiser.get_received()
    assert phones["Persona 03"].emit("leave", {}, callback=True)["ok"]
    assert set(seats(app, gone)) == {1, 2}
    assert changes(organiser, "seating")
    host_leaves = socket_client({"role": "participant", "token": morning["tokens"]["Host 2"]})
    assert host_leaves.emit("leave", {}, callback=True)["ok"] is False

    # The host of table 1 hands over: the old link stops, the successor's phone is told.
    successor = people["Persona 04"]
    successor_phone = socket_client(
        {"role": "participant", "token": morning["tokens"]["Persona 04"]}
    )
    bad = logged_in.post(
        f"/o/events/{event_id}/run/handover",
        data={"table": _table_id(app, event_id, 1), "successor": people["Host 3"]},
    )
    assert bad.status_code == 422 and "already a host" in bad.get_data(as_text=True)
    done = logged_in.post(
        f"/o/events/{event_id}/run/handover",
        data={"table": _table_id(app, event_id, 1), "successor": successor},
    )
    assert done.status_code == 302
    new_url = pushes(successor_phone, "host")[-1]["url"]
    assert new_url == "/h/" + host_token(app, event_id, 1)
    assert successor_phone.emit("sync", {}, callback=True)["host_url"] == new_url
    # The old link's phone was told and disconnected (hardening), and cannot come back.
    assert not host1.is_connected()
    assert not socket_client({"role": "host", "token": old_host_token}).is_connected()
    new_host = socket_client({"role": "host", "token": host_token(app, event_id, 1)})
    assert new_host.emit("note:add", note("Nuovo host", 2), callback=True)["ok"]

    # Round 3 started too soon: back one step (no notes yet), then start it again.
    control(organiser, "next")
    control(organiser, "next")
    assert control(organiser, "back")["round"]["phase"] == "moving"
    assert control(organiser, "next")["round"]["round"] == 3

    # Harvest, then closed: every screen is told the rounds are over.
    control(organiser, "next")
    control(organiser, "next")
    for screen in (organiser, second, wall, successor_phone, phones["Persona 01"]):
        phases = [c["data"]["phase"] for c in changes(screen, "round")]
        assert phases[-2:] == ["harvest", "closed"]
        assert changes(screen, "round") == []  # asked twice: nothing new
    assert control(organiser, "next")["ok"] is False
    with app.app_context():
        rounds = [n.round_number for n in db.session.scalars(select(Note).order_by(Note.id))]
    assert rounds == [1, 1, 2]


def test_the_clock_survives_a_restart_mid_round_and_while_paused(app, morning, clock, tmp_path):
    from tests.conftest import _make_app

    event_id = morning["event_id"]
    with app.test_request_context():
        event = db.session.get(Event, event_id)
        round_service.control(event, "start")
        clock.advance(minutes=4)
        running = round_service.round_payload(event)
    restarted = _make_app(f"sqlite:///{tmp_path / 'cafe.db'}", CAFE_CLOCK=clock)
    with restarted.test_request_context():
        again = round_service.round_payload(db.session.get(Event, event_id))
        assert again["ends_at"] == running["ends_at"] == "2026-11-25T09:20:00+00:00"
        assert again["seconds_left"] == 16 * 60
        round_service.control(db.session.get(Event, event_id), "pause")
    clock.advance(hours=1)
    once_more = _make_app(f"sqlite:///{tmp_path / 'cafe.db'}", CAFE_CLOCK=clock)
    with once_more.test_request_context():
        paused = round_service.round_payload(db.session.get(Event, event_id))
        assert paused["paused"] and paused["seconds_left"] == 16 * 60


@pytest.mark.parametrize(
    "data, message",
    [
        ({"action": "explode"}, "Unknown control"),
        ({"action": "extend", "minutes": "five"}, "between -60 and 60"),
        ({"action": "extend", "minutes": 500}, "between -60 and 60"),
        ({"action": "extend", "minutes": True}, "between -60 and 60"),
        ({"action": "pause"}, "No round is running"),
        ({"action": "back"}, "nothing to undo"),
        ("not an object", "Unknown control"),
    ],
)
def test_refused_controls_say_why(app, logged_in, socket_client, morning, data, message):
    organiser = socket_client({"role": "organiser", "event_id": morning["event_id"]})
    reply = organiser.emit("clock", data, callback=True)
    assert reply["ok"] is False and message in reply["error"]


def test_a_refusal_is_in_the_organisers_language(app, logged_in, socket_client, morning):
    organiser = socket_client({"role": "organiser", "event_id": morning["event_id"]}, "lang=it")
    reply = organiser.emit("clock", {"action": "pause"}, callback=True)
    assert reply["error"] == "Nessun turno è in corso."


def test_the_time_event_answers_with_the_server_clock(app, socket_client, morning, clock):
    phone = socket_client({"role": "participant", "token": morning["tokens"]["Persona 05"]})
    assert phone.emit("time", {}, callback=True)["server_now"] == "2026-11-25T09:00:00+00:00"


def test_checking_in_someone_of_another_event_is_refused(
    app, logged_in, socket_client, morning, make_event
):
    other = make_event(title="Altro")
    organiser = socket_client({"role": "organiser", "event_id": other})
    person = {"participant_id": morning["people"]["Persona 01"]}
    reply = organiser.emit("checkin", person, callback=True)
    assert reply["ok"] is False


def _names_at(app, event_id, table_number, round_number):
    """Who the stored plan seats at a table in a round, by name."""
    with app.app_context():
        return sorted(
            db.session.scalars(
                select(Participant.name)
                .join(Seat, Seat.participant_id == Participant.id)
                .join(CafeTable, CafeTable.id == Seat.table_id)
                .where(
                    CafeTable.event_id == event_id,
                    CafeTable.number == table_number,
                    Seat.round_number == round_number,
                )
            )
        )


def _person(app, name):
    with app.app_context():
        return db.session.scalar(select(Participant.id).where(Participant.name == name))


def _table_id(app, event_id, number):
    with app.app_context():
        event = db.session.get(Event, event_id)
        return next(t.id for t in event.tables if t.number == number)


def _least_full_before(app, event_id, seated):
    """The table that was least full in round 2 before this person sat down."""
    with app.app_context():
        counts = {}
        for seat in db.session.scalars(
            select(Seat).where(Seat.event_id == event_id, Seat.round_number == 2)
        ):
            counts[seat.table_id] = counts.get(seat.table_id, 0) + 1
        event = db.session.get(Event, event_id)
        numbers = {t.id: t.number for t in event.tables}
        mine = next(t.id for t in event.tables if t.number == seated[2])
        counts[mine] -= 1
        return numbers[min(counts, key=lambda t: (counts[t], numbers[t]))]


def test_the_organiser_marks_someone_as_gone_home_but_not_a_host(
    app, logged_in, socket_client, morning
):
    organiser = socket_client({"role": "organiser", "event_id": morning["event_id"]})
    person = morning["people"]["Persona 07"]
    assert set(seats(app, person)) == {1, 2, 3}
    assert organiser.emit("gone", {"participant_id": person}, callback=True)["ok"]
    assert seats(app, person) == {}  # nothing had started: every seat is freed
    again = organiser.emit("gone", {"participant_id": person}, callback=True)
    host = organiser.emit("gone", {"participant_id": morning["people"]["Host 1"]}, callback=True)
    nobody = organiser.emit("gone", {"participant_id": "x"}, callback=True)
    assert again["ok"] is False and nobody["ok"] is False
    assert host["ok"] is False and "hand-over" in host["error"]
