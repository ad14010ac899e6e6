"""Participant, host and wall pages. Bad inputs tried: an empty name, a name of 81
characters, a group not in the list, an unknown join code, unknown or revoked tokens,
a one-letter name search, a confirm for someone of another event."""

import re

from sqlalchemy import select

from cafe.extensions import db
from cafe.models import Event, Participant
from cafe.services import participants as participant_service
from cafe.services.importing import parse_participants


def _event(app, event_id):
    with app.app_context():
        event = db.session.get(Event, event_id)
        return {
            "join": event.join_token,
            "code": event.join_code,
            "wall": event.wall_token,
            "host": event.tables[0].host_token,
        }


def test_joining_shows_round_one_table_and_question(app, client, make_event):
    links = _event(app, make_event())
    response = client.post(
        f"/j/{links['join']}", data={"name": "  Giulia Rossi ", "group": "esperti"}
    )
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Giulia Rossi" in page and "Domanda uno?" in page
    with app.app_context():
        person = db.session.scalar(select(Participant))
        assert (person.name, person.group) == ("Giulia Rossi", "esperti")
        assert person.arrived_at is not None


def test_a_rejoining_phone_goes_straight_to_its_seat(app, client, make_event):
    links = _event(app, make_event())
    seat = client.post(f"/j/{links['join']}", data={"name": "Ada"}).location
    assert client.get(f"/j/{links['join']}").location == seat


def test_join_errors_are_shown_next_to_the_field_and_the_input_is_kept(app, client, make_event):
    links = _event(app, make_event())
    cases = [
        ({"name": "", "group": "esperti"}, "e-name", "Please type your name"),
        ({"name": "N" * 81}, "e-name", "at most 80"),
        ({"name": "Ugo", "group": "marziani"}, "e-group", "Choose one of the groups"),
    ]
    for form, field_id, message in cases:
        response = client.post(f"/j/{links['join']}?lang=en", data=form)
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert f'id="{field_id}"' in page and message in page
        if form["name"]:
            assert f'value="{form["name"]}"' in page
    with app.app_context():
        assert db.session.scalar(select(Participant)) is None


def test_the_typed_join_code_leads_to_the_event(app, client, make_event):
    links = _event(app, make_event())
    typed = links["code"].lower()[:3] + " " + links["code"].lower()[3:]
    assert client.post("/j", data={"code": typed}).location == f"/j/{links['join']}"
    wrong = client.post("/j?lang=en", data={"code": "ZZZZZZ"})
    assert wrong.status_code == 404 and "No event has this code" in wrong.get_data(as_text=True)


def test_pre_registered_people_find_and_confirm_their_name(app, client, make_event):
    event_id = make_event()
    links = _event(app, event_id)
    with app.app_context():
        event = db.session.get(Event, event_id)
        rows = parse_participants(
            b"name,group,host\nMaria Zanni,esperti,\nLuca Zanni,cittadini,\n", event.groups
        )
        participant_service.import_participants(event, rows)
        maria = db.session.scalar(select(Participant).where(Participant.name == "Maria Zanni")).id
    short = client.get(f"/j/{links['join']}?q=za&lang=en").get_data(as_text=True)
    assert "Maria Zanni" not in short and "Type your surname, whole." in short
    found = client.get(f"/j/{links['join']}?q=zanni").get_data(as_text=True)
    # The surname alone shows given names as initials (issue 23.10); with the name, whole.
    assert "M. Zanni" in found and "L. Zanni" in found and "Maria" not in found
    found = client.get(f"/j/{links['join']}?q=zanni maria").get_data(as_text=True)
    ref = re.search(r'name="who" value="([^"]+)"[^>]*>\s*<span>Maria Zanni', found).group(1)
    response = client.post(f"/j/{links['join']}/me", data={"who": ref})
    assert "Maria Zanni" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Participant, maria).arrived_at is not None


def test_confirming_someone_of_another_event_does_nothing(app, client, make_event):
    first, second = make_event(), make_event(title="Altro")
    with app.app_context():
        other = db.session.get(Event, second)
        participant_service.import_participants(
            other, parse_participants(b"name\nEstraneo\n", other.groups)
        )
        stranger = db.session.scalar(select(Participant)).id
    links = _event(app, first)
    response = client.post(f"/j/{links['join']}/me?lang=en", data={"who": str(stranger)})
    assert response.status_code == 422 and "could not find that name" in response.get_data(True)
    with app.app_context():
        assert db.session.get(Participant, stranger).arrived_at is None


def test_unknown_tokens_get_a_friendly_page_in_the_readers_language(client):
    for url in ("/j/nope", "/h/nope", "/w/nope", "/p/nope", "/o/events/999"):
        response = client.get(url, headers={"Accept-Language": "it-IT,it;q=0.9"})
        page = response.get_data(as_text=True)
        assert response.status_code in (404, 302)
        if response.status_code == 404:
            assert 'lang="it"' in page and "Questo link non funziona" in page
            assert "Traceback" not in page


def test_host_and_wall_pages_open_with_their_tokens(app, client, make_event):
    links = _event(app, make_event())
    host = client.get(f"/h/{links['host']}").get_data(as_text=True)
    assert "note-text" in host and 'maxlength="2000"' in host
    wall = client.get(f"/w/{links['wall']}").get_data(as_text=True)
    assert links["code"] in wall and "<svg" in wall and "Domanda uno?" in wall


def test_pages_load_nothing_from_the_internet(app, client, make_event):
    links = _event(app, make_event())
    for url in (f"/j/{links['join']}", f"/h/{links['host']}", f"/w/{links['wall']}"):
        page = client.get(url).get_data(as_text=True)
        assert "https://" not in page and "http://cdn" not in page
        # The vendored client, under the static files' versioned path.
        vendored = re.search(r"/static/v/[0-9a-f]+/vendor/socket\.io\.min\.js", page)
        assert vendored or url.startswith("/j/")
