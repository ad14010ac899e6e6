"""Organiser pages: login, creating and importing events, QR sheets, rounds, revoking links.
Bad inputs tried: wrong password, no login, an open redirect in `next`, a form with
every field wrong, a bad participants CSV, too many hosts, a missing file."""

import io
import re
from pathlib import Path

from sqlalchemy import func, select

from cafe.extensions import db
from cafe.models import Event, Participant, Seat

SCENARIO = Path(__file__).parent.parent / "cafe" / "scenarios" / "distretto-ceramico"


def upload(path_or_bytes, name):
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return (io.BytesIO(data), name)


def test_organiser_pages_need_the_login(client, make_event):
    event_id = make_event()
    for url in ("/o/", f"/o/events/{event_id}", f"/o/events/{event_id}/print"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location


def test_wrong_password_is_refused_and_the_name_is_kept(client, organiser):
    response = client.post("/login?lang=en", data={"username": "anna", "password": "nope"})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Wrong name or password" in page and 'value="anna"' in page


def test_login_does_not_redirect_to_another_site(client, organiser):
    response = client.post(
        "/login?next=//evil.example/x", data={"username": "anna", "password": "correct horse"}
    )
    assert response.location == "/o/"


def test_passwords_are_stored_hashed(app, organiser):
    from cafe.models import Organiser

    with app.app_context():
        stored = db.session.scalar(select(Organiser.password_hash))
    assert "correct horse" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_first_start_link_sets_the_password_once(app, client):
    from cafe.services.organisers import first_start_link

    with app.test_request_context():
        link = first_start_link()
    path = re.search(r"/setup/\S+", link).group(0)
    short = client.post(path + "?lang=en", data={"password": "short", "confirm": "short"})
    assert "at least 8" in short.get_data(as_text=True)
    done = client.post(path, data={"password": "long enough", "confirm": "long enough"})
    assert done.status_code == 302
    assert client.get(path).status_code == 404  # burnt
    with app.test_request_context():
        assert first_start_link().endswith("/o/")


def test_new_event_form_shows_each_error_next_to_its_field_and_keeps_the_input(logged_in):
    form = {
        "title": "",
        "place": "Sassuolo",
        "tables": "0",
        "table_size": "5",
        "rounds": "2",
        "round_minutes": "20",
        "questions": "Una sola domanda?",
        "language": "it",
    }
    response = logged_in.post("/o/events/new?lang=en", data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="e-title"' in page and 'id="e-tables"' in page and 'id="e-questions"' in page
    assert 'value="Sassuolo"' in page and "Una sola domanda?" in page


def test_new_event_form_creates_tables_rounds_and_tokens(app, logged_in):
    form = {
        "title": "Café",
        "tables": "3",
        "table_size": "5",
        "rounds": "2",
        "round_minutes": "20",
        "questions": "Uno?\nDue?",
        "language": "en",
        "groups": "a\nb",
        "host_stays": "on",
    }
    response = logged_in.post("/o/events/new", data=form)
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert [t.number for t in event.tables] == [1, 2, 3]
        assert [r.question for r in event.rounds] == ["Uno?", "Due?"]
        tokens = {event.join_token, event.wall_token, *(t.host_token for t in event.tables)}
        assert len(tokens) == 5


def test_importing_the_reference_scenario_seats_everyone(app, logged_in):
    response = logged_in.post(
        "/o/events/import",
        data={
            "event_file": upload(SCENARIO / "event.json", "event.json"),
            "participants_file": upload(SCENARIO / "participants.csv", "participants.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert db.session.scalar(select(func.count(Participant.id))) == 64
        assert all(t.host_id for t in event.tables)
        seats = db.session.scalar(select(func.count(Seat.id)))
        assert seats == 64 * 3


def test_a_bad_csv_lists_its_lines_and_imports_nothing(app, logged_in):
    bad = b"name,group,host\nAnna,cittadini,yes\n,esperti,\nBruno,marziani,\n"
    response = logged_in.post(
        "/o/events/import?lang=en",
        data={
            "event_file": upload(SCENARIO / "event.json", "event.json"),
            "participants_file": upload(bad, "p.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Line 3" in page and "Line 4" in page and "Nothing was imported" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 0
        assert db.session.scalar(select(func.count(Participant.id))) == 0


def test_more_hosts_than_tables_imports_nobody(app, logged_in, make_event):
    event_id = make_event(table_count=1)
    csv = b"name,group,host\nAnna,cittadini,yes\nBruno,esperti,yes\n"
    response = logged_in.post(
        f"/o/events/{event_id}/participants?lang=en",
        data={"participants_file": upload(csv, "p.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "More hosts than tables" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Participant.id))) == 0


def test_print_sheets_have_svg_qr_codes_pointing_at_the_lan(app, logged_in, make_event):
    event_id = make_event(table_count=3)
    page = logged_in.get(f"/o/events/{event_id}/print").get_data(as_text=True)
    with app.app_context():
        event = db.session.get(Event, event_id)
        join_code, hosts = event.join_code, [t.host_token for t in event.tables]
    assert page.count("<svg") == 1 + 2 * 3 + 3  # a tent shows its QR code on both faces
    assert page.count('class="sheet tent"') == 3 and page.count('class="host-card"') == 3
    assert page.count('class="sheet host-cards"') == 1  # four cards to a page
    assert join_code in page
    assert "localhost" not in page and "127.0.0.1" not in page
    # The host QR codes are for the host links: their tokens are printed nowhere else.
    for token in hosts:
        assert token not in page.split("<svg")[0]


def test_print_only_what_was_chosen(app, logged_in, make_event):
    event_id = make_event(table_count=5)
    url = f"/o/events/{event_id}/print"
    poster = logged_in.get(url + "?what=poster").get_data(as_text=True)
    assert poster.count("<svg") == 1 and 'class="sheet poster"' in poster
    hosts = logged_in.get(url + "?what=hosts").get_data(as_text=True)
    assert hosts.count('class="host-card"') == 5 and hosts.count('class="sheet host-cards"') == 2
    assert 'class="sheet tent"' not in hosts and 'class="sheet poster"' not in hosts
    one = logged_in.get(url + "?table=4").get_data(as_text=True)
    assert one.count('class="sheet tent"') == 1 and one.count('class="host-card"') == 1
    assert 'class="sheet poster"' not in one
    assert logged_in.get(url + "?table=9").status_code == 404
    assert logged_in.get(url + "?table=²").status_code == 404
    everything = logged_in.get(url + "?what=<script>").get_data(as_text=True)
    assert everything.count('class="sheet tent"') == 5 and "<script>" not in everything
    assert "Table 4" in logged_in.get(url + "?table=4&lang=en").get_data(as_text=True)


def test_rounds_start_and_end_from_the_event_page(app, logged_in, make_event):
    event_id = make_event()
    logged_in.post(f"/o/events/{event_id}/round/start")
    with app.app_context():
        assert db.session.get(Event, event_id).round_state == "running"
    logged_in.post(f"/o/events/{event_id}/round/end")
    logged_in.post(f"/o/events/{event_id}/round/end")  # twice: a stale page, told politely
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.current_round, event.round_state) == (1, "ended")


def test_revoking_a_host_link_makes_the_old_one_a_friendly_404(app, client, logged_in, make_event):
    event_id = make_event()
    with app.app_context():
        old = db.session.get(Event, event_id).tables[0].host_token
    assert client.get(f"/h/{old}").status_code == 200
    logged_in.post(f"/o/events/{event_id}/revoke/table-1")
    response = client.get(f"/h/{old}?lang=it")
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Event, event_id).tables[0].host_token != old


def test_csrf_protects_organiser_forms(tmp_path):
    from tests.conftest import _make_app

    app = _make_app(f"sqlite:///{tmp_path / 'c.db'}", WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/login", data={"username": "x", "password": "y"})
    assert response.status_code == 400


def test_print_sheets_speak_the_events_language_whatever_the_organiser_reads(
    app, logged_in, make_event
):
    event_id = make_event(language="it")
    logged_in.get("/o/?lang=en")  # the organiser reads English
    italian = logged_in.get(f"/o/events/{event_id}/print").get_data(as_text=True)
    assert '<html lang="it">' in italian and "Inquadra" in italian
    english = logged_in.get(f"/o/events/{event_id}/print?lang=en").get_data(as_text=True)
    assert "Scan to join" in english
