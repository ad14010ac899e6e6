"""Editing, duplicating, re-importing and deleting an event; the landing and error pages;
dates in the event's language. Bad inputs tried: a started round's question changed, a
started morning's tables changed, a published plan reshaped without the go-ahead, a group
still in use removed, tables that no longer fit, the same event.json twice, a delete
without its tick, a forged "import again" with broken data."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from cafe.dates import human_date, human_datetime
from cafe.extensions import db
from cafe.models import CafeTable, Event, Participant, Seat
from cafe.services import participants as participant_service
from cafe.services import rounds as round_service
from cafe.services import seating as seating_service
from cafe.services.editing import form_of
from cafe.services.importing import parse_participants

SCENARIO = Path(__file__).parent.parent / "cafe" / "scenarios" / "distretto-ceramico"


def with_people(app, event_id, csv: bytes) -> None:
    with app.app_context():
        event = db.session.get(Event, event_id)
        participant_service.import_participants(event, parse_participants(csv, event.groups))


def edit_form(app, event_id, **changes) -> dict:
    with app.app_context():
        form = form_of(db.session.get(Event, event_id))
    form.update({k: str(v) for k, v in changes.items()})
    return form


PEOPLE = b"nome,gruppo,facilitatore\nAnna,cittadini,si\nBruno,esperti,\nCarla,cittadini,\n"


def test_editing_before_the_morning_saves_every_field(app, logged_in, make_event):
    event_id = make_event()
    form = edit_form(
        app, event_id, title="Café del 25", place="Sala Rossa", date="2019-10-25", starts="10:00"
    )
    form["questions"] = "Prima?\nSeconda?\nTerza?\nQuarta?"
    form["rounds"] = "4"
    response = logged_in.post(f"/o/events/{event_id}/edit", data=form)
    assert response.status_code == 302
    page = logged_in.get(f"/o/events/{event_id}?lang=it").get_data(as_text=True)
    assert "Café del 25" in page and "25 ottobre 2019, 10:00" in page
    assert "2019-10-25" not in page
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert [r.question for r in event.rounds] == ["Prima?", "Seconda?", "Terza?", "Quarta?"]
        assert event.round_count == 4


def test_a_started_rounds_question_cannot_change_and_the_input_is_kept(app, logged_in, make_event):
    event_id = make_event()
    with app.app_context():
        round_service.start_round(db.session.get(Event, event_id))
    form = edit_form(app, event_id)
    form["questions"] = "Domanda uno cambiata?\nDomanda due nuova?\nDomanda tre?"
    response = logged_in.post(f"/o/events/{event_id}/edit?lang=en", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="e-questions"' in page and "Round 1 has started" in page
    assert "Domanda due nuova?" in page  # nothing typed is lost
    with app.app_context():
        assert db.session.get(Event, event_id).question(2) == "Domanda due?"
    form["questions"] = "Domanda uno?\nDomanda due nuova?\nDomanda tre?"
    assert logged_in.post(f"/o/events/{event_id}/edit", data=form).status_code == 302
    with app.app_context():
        assert db.session.get(Event, event_id).question(2) == "Domanda due nuova?"


def test_a_started_morning_keeps_its_tables_and_rounds(app, logged_in, make_event):
    event_id = make_event()
    with app.app_context():
        round_service.start_round(db.session.get(Event, event_id))
    response = logged_in.post(
        f"/o/events/{event_id}/edit?lang=en", data=edit_form(app, event_id, tables=6)
    )
    assert response.status_code == 422
    assert "tables and rounds can no longer change" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Event, event_id).table_count == 4


def test_reshaping_a_published_plan_needs_the_go_ahead_then_replans(app, logged_in, make_event):
    event_id = make_event()
    with_people(app, event_id, PEOPLE + b"Dario,esperti,\nElena,cittadini,\nFabio,esperti,\n")
    with app.app_context():
        seating_service.publish(db.session.get(Event, event_id))
    form = edit_form(app, event_id, tables=2)
    refused = logged_in.post(f"/o/events/{event_id}/edit?lang=en", data=form)
    assert refused.status_code == 422 and 'id="e-confirm_replan"' in refused.get_data(True)
    with app.app_context():
        assert db.session.get(Event, event_id).table_count == 4
    form["confirm_replan"] = "yes"
    assert logged_in.post(f"/o/events/{event_id}/edit", data=form).status_code == 302
    with app.app_context():
        tables = db.session.scalars(select(CafeTable).where(CafeTable.event_id == event_id))
        assert sorted(t.number for t in tables) == [1, 2]
        seats = db.session.scalars(select(Seat).where(Seat.event_id == event_id)).all()
        assert {s.round_number for s in seats} == {1, 2, 3}
        assert len(seats) == 6 * 3  # everyone, every round, on the two tables left


def test_removing_the_table_of_a_host_makes_them_a_participant(app, logged_in, make_event):
    event_id = make_event()
    with_people(app, event_id, b"name,group,host\nAnna,,\nBruno,,\nCarla,,yes\nDario,,yes\n")
    with app.app_context():
        hosts = db.session.scalars(select(Participant).where(Participant.is_host)).all()
        assert len(hosts) == 2
    form = edit_form(app, event_id, tables=1)
    assert logged_in.post(f"/o/events/{event_id}/edit", data=form).status_code == 302
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert [t.number for t in event.tables] == [1]
        still = db.session.scalar(select(func.count()).where(Participant.is_host))
        assert still == 1 and event.tables[0].host_id is not None


def test_a_group_still_in_use_cannot_be_removed(app, logged_in, make_event):
    event_id = make_event()
    with_people(app, event_id, PEOPLE)
    form = edit_form(app, event_id, groups="cittadini")
    response = logged_in.post(f"/o/events/{event_id}/edit?lang=en", data=form)
    assert response.status_code == 422 and "“esperti”" in response.get_data(as_text=True)


def test_the_edit_form_shows_the_current_settings(app, logged_in, make_event):
    event_id = make_event()
    page = logged_in.get(f"/o/events/{event_id}/edit").get_data(as_text=True)
    assert "Domanda uno?\nDomanda due?\nDomanda tre?" in page and 'value="Café di prova"' in page


def test_duplicating_copies_settings_and_questions_not_people(app, logged_in, make_event):
    event_id = make_event()
    with_people(app, event_id, PEOPLE)
    response = logged_in.post(
        f"/o/events/{event_id}/duplicate?lang=en"
    )  # the title follows the event
    copy_id = int(re.search(r"/o/events/(\d+)/edit", response.location).group(1))
    with app.app_context():
        old, new = db.session.get(Event, event_id), db.session.get(Event, copy_id)
        assert new.title == "Copia di Café di prova" and new.owner_id == old.owner_id
        assert [r.question for r in new.rounds] == [r.question for r in old.rounds]
        assert (new.table_count, new.groups) == (old.table_count, old.groups)
        assert new.join_code != old.join_code and new.wall_token != old.wall_token
        people = db.session.scalar(select(func.count()).where(Participant.event_id == copy_id))
        assert people == 0


def test_importing_the_same_event_json_twice_asks_first(app, logged_in):
    def send(data):
        return logged_in.post("/o/events/import?lang=en", data=data)

    files = {
        "event_file": (io.BytesIO((SCENARIO / "event.json").read_bytes()), "event.json"),
        "participants_file": (io.BytesIO(PEOPLE), "iscritti.csv"),
    }
    assert send(files).status_code == 302
    again = send({"event_file": (io.BytesIO((SCENARIO / "event.json").read_bytes()), "event.json")})
    page = again.get_data(as_text=True)
    assert again.status_code == 409 and "Make a second event" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 1
    hidden = dict(re.findall(r'name="(\w+_b64|people_name|again)" value="([^"]*)"', page))
    assert send(hidden).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 2
    broken = send({"again": "yes", "event_b64": "%%%", "people_b64": ""})
    assert broken.status_code == 422


def test_a_new_events_people_file_with_a_name_twice_is_shown_before_import(app, logged_in):
    """Bad input tried: the same person twice in the file sent with a new event.json
    (also written with other case and accents); nothing is made until the box is ticked."""
    people = "name,group,host\nAnna Rossi,Cittadini,\nanna  ROSSÌ,Esperti,\nLuca Bianchi,Esperti,\n"

    def send(**extra):
        files = {
            "event_file": (io.BytesIO((SCENARIO / "event.json").read_bytes()), "event.json"),
            "participants_file": (io.BytesIO(people.encode()), "iscritti.csv"),
        }
        return logged_in.post("/o/events/import?lang=en", data={**files, **extra})

    warned = send()
    page = warned.get_data(as_text=True)
    assert warned.status_code == 422
    assert "some names appear twice" in page and "Anna Rossi: lines 2, 3" in page
    assert "Luca Bianchi" not in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 0
    assert send(duplicates_ok="on").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Participant.id))) == 3


def test_another_event_json_is_imported_without_asking(app, logged_in):
    data = json.loads((SCENARIO / "event.json").read_text())
    logged_in.post(
        "/o/events/import",
        data={"event_file": (io.BytesIO(json.dumps(data).encode()), "event.json")},
    )
    data["title"] = "Un altro café"
    response = logged_in.post(
        "/o/events/import",
        data={"event_file": (io.BytesIO(json.dumps(data).encode()), "event.json")},
    )
    assert response.status_code == 302


def test_the_event_page_links_to_delete_and_the_confirmation_names_the_event(
    app, logged_in, make_event
):
    event_id = make_event(title="Café della Valle")
    page = logged_in.get(f"/o/events/{event_id}?lang=en").get_data(as_text=True)
    assert f'href="/o/events/{event_id}/privacy/"' in page
    privacy = logged_in.get(f"/o/events/{event_id}/privacy/?lang=en").get_data(as_text=True)
    assert "Delete “Café della Valle” and everything in it" in privacy
    refused = logged_in.post(f"/o/events/{event_id}/privacy/delete", data={})
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.get(Event, event_id) is not None


def test_the_bare_address_offers_the_code_and_the_login(client, logged_in):
    page = client.get("/?lang=it").get_data(as_text=True)
    assert 'action="/j"' in page and 'name="code"' in page and 'href="/o/"' in page
    fresh = logged_in.application.test_client().get("/?lang=en").get_data(as_text=True)
    assert 'href="/login"' in fresh and "Are you the organiser?" in fresh


def test_error_pages_offer_a_way_onward(client):
    response = client.get("/nowhere?lang=it")
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and 'href="/"' in page
    assert "Inserisci il codice" in page or "codice" in page


def test_dates_read_as_people_write_them():
    moment = datetime(2019, 10, 25, 10, 0)
    assert human_datetime(moment, "it") == "25 ottobre 2019, 10:00"
    assert human_datetime(moment, "en") == "October 25, 2019, 10:00\u202fAM" or human_datetime(
        moment, "en"
    ).startswith("October 25, 2019, 10:00")
    assert human_datetime(datetime(2019, 10, 25), "it") == "25 ottobre 2019"
    assert human_date(None, "it") == "" and human_datetime(None, "en") == ""


def test_a_changed_question_reaches_the_wall_at_once(app, logged_in, event_tokens, socket_client):
    event_id = event_tokens["event_id"]
    wall = socket_client({"role": "wall", "token": event_tokens["wall"]})
    wall.get_received()
    form = edit_form(app, event_id)
    form["questions"] = "Domanda uno, più chiara?\nDomanda due?\nDomanda tre?"
    assert logged_in.post(f"/o/events/{event_id}/edit", data=form).status_code == 302
    pushes = [m["args"][0] for m in wall.get_received() if m["name"] == "change"]
    assert [p["kind"] for p in pushes] == ["round"]
    assert pushes[0]["data"]["question"] == "Domanda uno, più chiara?"


def test_an_italian_excel_csv_is_imported_through_the_page(app, logged_in, make_event):
    event_id = make_event(groups=["Cittadini", "Università"])
    raw = "Nome;Cognome;Gruppo;Facilitatore\r\nNiccolò;Giordano;universita;sì\r\n"
    response = logged_in.post(
        f"/o/events/{event_id}/participants",
        data={"participants_file": (io.BytesIO(raw.encode("cp1252")), "iscritti.csv")},
    )
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Participant).where(Participant.event_id == event_id))
        assert (person.name, person.group, person.is_host) == (
            "Niccolò Giordano",
            "Università",
            True,
        )


def test_a_damaged_xlsx_is_refused_next_to_the_field(app, logged_in, make_event):
    event_id = make_event()
    response = logged_in.post(
        f"/o/events/{event_id}/participants?lang=it",
        data={"participants_file": (io.BytesIO(b"PK\x03\x04rotto"), "iscritti.xlsx")},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "file Excel non si riesce a leggere" in page
