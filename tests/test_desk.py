"""The check-in desk and the door: tick, undo, walk-in and new host through the organiser's
socket; namesakes at the door; check-in closed; duplicate names in a CSV.
Bad inputs tried: undoing someone not checked in or who walked in, an empty name, an
unknown group, a name already on the list, a host for a table that has one, someone not
arrived as host, a table of another event, a name confirmed on another phone, a new
walk-in after check-in closed, a CSV naming someone twice."""

import io
import re

import pytest
from sqlalchemy import func, select

from cafe.extensions import db
from cafe.models import CafeTable, Event, Participant, Seat
from cafe.services import participants as participant_service
from cafe.services import seating as seating_service
from cafe.services.demo import load_reference_scenario
from cafe.services.importing import ParticipantRow

NAMES = ("Giulia Giordano", "Marco Bianchi", "Anna De Luca", "Paolo Verdi")


@pytest.fixture
def desk(app, logged_in, make_event, socket_client):
    """An event of anna's with four people on the list, her desk's socket and a wall's."""
    event_id = make_event()
    with app.app_context():
        event = db.session.get(Event, event_id)
        rows = [ParticipantRow(n, name, "cittadini", False) for n, name in enumerate(NAMES, 2)]
        people = participant_service.import_participants(event, rows)
        db.session.commit()
        ids = {p.name: p.id for p in people}
        wall_token = event.wall_token
    organiser = socket_client({"role": "organiser", "event_id": event_id})
    wall = socket_client({"role": "wall", "token": wall_token})
    return {"event_id": event_id, "ids": ids, "organiser": organiser, "wall": wall}


def _counts_seen(wall) -> list[int]:
    return [
        m["args"][0]["data"]["checked_in"]
        for m in wall.get_received()
        if m["name"] == "change" and m["args"][0]["kind"] == "people"
    ]


def _person(app, person_id):
    with app.app_context():
        return db.session.get(Participant, person_id)


def _count(app, event_id) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count(Participant.id)).where(Participant.event_id == event_id)
        )


def test_the_desk_page_lists_everyone_by_surname_with_their_table(app, logged_in, desk):
    page = logged_in.get(f"/o/events/{desk['event_id']}/run/desk?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="desk-search"' in html and 'id="walkin-form"' in html
    state = re.search(r'data-state="([^"]+)"', html).group(1).replace("&#34;", '"')
    names = re.findall(r'"name": "([^"]+)"', state)
    assert names == ["Marco Bianchi", "Anna De Luca", "Giulia Giordano", "Paolo Verdi"]
    assert '"table": null' not in state  # everyone pre-registered already has a round-1 table


def test_a_tick_and_its_undo_reach_the_wall_and_free_the_name(app, desk):
    organiser, wall, giulia = desk["organiser"], desk["wall"], desk["ids"]["Giulia Giordano"]
    wall.get_received()
    assert organiser.emit("checkin", {"participant_id": giulia}, callback=True)["ok"]
    old_token = _person(app, giulia).token
    assert organiser.emit("uncheck", {"participant_id": giulia}, callback=True)["ok"]
    assert _counts_seen(wall) == [1, 0]
    after = _person(app, giulia)
    assert after.arrived_at is None and after.token != old_token  # a phone that took it loses it
    again = organiser.emit("uncheck", {"participant_id": giulia}, callback=True)
    assert again["ok"] is False and again["field"] == "participant"
    assert "not checked in" in again["error"] or "non risulta" in again["error"]


def test_the_desk_adds_a_walk_in_with_a_group_and_refuses_bad_ones(app, desk):
    organiser, wall = desk["organiser"], desk["wall"]
    wall.get_received()
    before = _count(app, desk["event_id"])
    empty = organiser.emit("walkin", {"name": "   ", "group": ""}, callback=True)
    assert (empty["ok"], empty["field"]) == (False, "name")
    unknown = organiser.emit("walkin", {"name": "Nuova Persona", "group": "alieni"}, callback=True)
    assert (unknown["ok"], unknown["field"]) == (False, "group")
    assert _count(app, desk["event_id"]) == before
    added = organiser.emit("walkin", {"name": "Nuova Persona", "group": "esperti"}, callback=True)
    assert added["ok"] and added["person"]["name"] == "Nuova Persona"
    person = _person(app, added["person"]["id"])
    assert person.walked_in and person.arrived_at is not None and person.group == "esperti"
    assert _counts_seen(wall) == [1]
    with app.app_context():
        assert db.session.scalar(select(Seat).where(Seat.participant_id == person.id))
    undo = organiser.emit("uncheck", {"participant_id": person.id}, callback=True)
    assert (undo["ok"], undo["field"]) == (False, "participant")


def test_a_walk_in_with_a_name_on_the_list_needs_the_desk_to_say_it_is_someone_else(app, desk):
    organiser = desk["organiser"]
    before = _count(app, desk["event_id"])
    same = organiser.emit("walkin", {"name": "giordano GIULIA", "group": ""}, callback=True)
    assert (same["ok"], same["field"]) == (False, "same_name")
    assert "Giulia Giordano" in same["error"]
    assert _count(app, desk["event_id"]) == before
    other = organiser.emit(
        "walkin", {"name": "Giulia Giordano", "group": "", "same_name_ok": True}, callback=True
    )
    assert other["ok"] and _count(app, desk["event_id"]) == before + 1


def test_the_desk_can_add_someone_after_check_in_closed_and_beyond_the_cap(app, desk, client):
    with app.app_context():
        event = db.session.get(Event, desk["event_id"])
        event.walk_in_cap = 4
        seating_service.publish(event)
        join = event.join_token
    door = client.post(f"/j/{join}?lang=en", data={"name": "Arrivata Tardi"})
    assert door.status_code == 422 and "Check-in is closed" in door.get_data(as_text=True)
    reply = desk["organiser"].emit("walkin", {"name": "Arrivata Tardi"}, callback=True)
    assert reply["ok"] and _count(app, desk["event_id"]) == 5


def test_the_desk_makes_someone_who_arrived_the_host_of_a_table_without_one(app, desk):
    organiser, marco = desk["organiser"], desk["ids"]["Marco Bianchi"]
    with app.app_context():
        tables = db.session.get(Event, desk["event_id"]).tables
        free, other_table = tables[2].id, tables[3].id
    early = organiser.emit("make_host", {"participant_id": marco, "table_id": free}, callback=True)
    assert (early["ok"], early["field"]) == (False, "participant")  # not arrived yet
    organiser.emit("checkin", {"participant_id": marco}, callback=True)
    made = organiser.emit("make_host", {"participant_id": marco, "table_id": free}, callback=True)
    assert made["ok"] and made["table"] == 3
    with app.app_context():
        assert db.session.get(CafeTable, free).host_id == marco
        seats = db.session.scalars(select(Seat).where(Seat.participant_id == marco)).all()
        assert {s.round_number for s in seats} == {1, 2, 3} and {s.table_id for s in seats} == {
            free
        }
    twice = organiser.emit(
        "make_host", {"participant_id": marco, "table_id": other_table}, callback=True
    )
    assert (twice["ok"], twice["field"]) == (False, "participant")
    anna = desk["ids"]["Anna De Luca"]
    organiser.emit("checkin", {"participant_id": anna}, callback=True)
    taken = organiser.emit("make_host", {"participant_id": anna, "table_id": free}, callback=True)
    assert (taken["ok"], taken["field"]) == (False, "table")
    nowhere = organiser.emit(
        "make_host", {"participant_id": anna, "table_id": 10**6}, callback=True
    )
    assert (nowhere["ok"], nowhere["field"]) == (False, "table")


@pytest.fixture
def scenario(app, logged_in):
    """The reference scenario (Giulia Giordano is on its list), owned by anna."""
    with app.test_request_context():
        event = load_reference_scenario()
        return event.id, event.join_token


def test_a_walk_in_typing_a_registered_name_is_offered_that_registration(app, scenario):
    event_id, join = scenario
    phone = app.test_client()
    before = _count(app, event_id)
    offer = phone.post(f"/j/{join}?lang=it", data={"name": "giordano giulia", "group": ""})
    html = offer.get_data(as_text=True)
    assert offer.status_code == 200 and "Sei Giulia Giordano, già iscritto/a?" in html
    assert _count(app, event_id) == before
    ref = re.search(r'name="who" value="([^"]+)"', html).group(1)
    confirmed = phone.post(f"/j/{join}/me", data={"who": ref})
    assert confirmed.status_code == 302 and "/p/" in confirmed.location
    with app.app_context():
        giulia = db.session.scalar(select(Participant).where(Participant.name == "Giulia Giordano"))
        assert giulia.arrived_at is not None and not giulia.walked_in
    assert _count(app, event_id) == before


def test_someone_else_with_a_registered_name_can_say_so_and_join(app, scenario):
    event_id, join = scenario
    before = _count(app, event_id)
    other = app.test_client().post(
        f"/j/{join}", data={"name": "Giulia Giordano", "group": "", "another": "1"}
    )
    assert other.status_code == 302 and _count(app, event_id) == before + 1


def test_a_name_confirmed_on_another_phone_cannot_be_taken_again_without_the_desk(app, scenario):
    event_id, join = scenario
    first = app.test_client()
    page = first.get(f"/j/{join}?q=giulia giordano").get_data(as_text=True)
    ref = re.search(r'name="who" value="([^"]+)"', page).group(1)
    assert first.post(f"/j/{join}/me", data={"who": ref}).status_code == 302
    second = app.test_client()
    again = second.post(f"/j/{join}/me?lang=en", data={"who": ref})
    assert "already checked in on another phone" in again.get_data(as_text=True)
    typed = second.post(f"/j/{join}?lang=en", data={"name": "Giulia Giordano", "group": ""})
    page = typed.get_data(as_text=True)
    assert "Giulia Giordano has already checked in on another phone" in page
    assert 'name="who"' not in page  # nothing to claim: the desk hands it over
    # Someone else with the same name joins as a new person (issue 24); Giulia's link stays
    # with the first phone.
    before = _count(app, event_id)
    other = second.post(f"/j/{join}", data={"name": "Giulia Giordano", "another": "1"})
    assert other.status_code == 302 and _count(app, event_id) == before + 1
    assert first.get(f"/j/{join}").location != other.location


def test_closed_check_in_refuses_new_walk_ins_until_late_joins_are_allowed(
    app, logged_in, scenario
):
    event_id, join = scenario
    logged_in.post(f"/o/events/{event_id}/seating/publish")
    phone = app.test_client()
    closed = phone.post(f"/j/{join}?lang=en", data={"name": "Persona Nuova", "group": ""})
    assert closed.status_code == 422 and "Please ask at the desk" in closed.get_data(as_text=True)
    page = phone.get(f"/j/{join}?q=zanni").get_data(as_text=True)  # registered people still can
    ref = re.search(r'name="who" value="([^"]+)"', page).group(1)
    assert phone.post(f"/j/{join}/me", data={"who": ref}).status_code == 302
    logged_in.post(f"/o/events/{event_id}/run/late", data={"late_seating": "on"})
    late = app.test_client().post(f"/j/{join}", data={"name": "Persona Nuova", "group": ""})
    assert late.status_code == 302


def _csv(*lines: str):
    return (io.BytesIO("\n".join(("name,group,host", *lines)).encode()), "people.csv")


def test_duplicate_names_in_a_csv_are_listed_before_anything_is_imported(app, logged_in, desk):
    url = f"/o/events/{desk['event_id']}/participants?lang=en"
    before = _count(app, desk["event_id"])
    file = _csv(
        "Luca Rossi,cittadini,", "Sara Neri,esperti,", "rossi luca,esperti,", "Paolo Verdi,,"
    )
    warned = logged_in.post(url, data={"participants_file": file})
    html = warned.get_data(as_text=True)
    assert warned.status_code == 422 and "some names appear twice" in html
    assert "Luca Rossi: lines 2, 4" in html
    assert "Paolo Verdi: line 5 · already on the list" in html
    assert "Sara Neri" not in html.split("some names appear twice")[1].split("</ul>")[0]
    assert _count(app, desk["event_id"]) == before
    file = _csv(
        "Luca Rossi,cittadini,", "Sara Neri,esperti,", "rossi luca,esperti,", "Paolo Verdi,,"
    )
    done = logged_in.post(url, data={"participants_file": file, "duplicates_ok": "on"})
    assert done.status_code == 302 and _count(app, desk["event_id"]) == before + 4
