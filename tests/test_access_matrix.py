"""The access matrix: every organiser route, token page and socket event × every kind of
credential, with the answer each cell must give written down below. A breach is a cell
whose answer differs. Bad inputs tried: no credential, another organiser's login, a host
link of another table, a revoked host link, another event's host link, the join link
used as a socket credential, a participant's link on organiser pages."""

from __future__ import annotations

import uuid

import pytest

from cafe.extensions import db, socketio
from cafe.models import Event

CREDENTIALS = "none org other part host ohost wall revoked oevent join".split()

# ok: served (2xx, or a redirect/422 inside the page) · login: sent to the login page ·
# 404: "this link does not work" · refused: the socket is refused or the call is refused
# (x: refused, shortened to fit the line).
EXPECTED = """
GET  /o/                       login ok    ok    login login login login login login login
GET  /o/events/A               login ok    404   login login login login login login login
GET  /o/events/A/print         login ok    404   login login login login login login login
POST /o/events/A/round/start   login ok    404   login login login login login login login
POST /o/events/A/revoke/table-4 login ok   404   login login login login login login login
POST /o/events/A/share         login ok    404   login login login login login login login
POST /o/events/A/limits        login ok    404   login login login login login login login
POST /o/events/A/participants  login ok    404   login login login login login login login
GET  /o/events/A/seating/      login ok    404   login login login login login login login
GET  /o/events/A/seating/desk  login ok    404   login login login login login login login
POST /o/events/A/seating/publish login ok  404   login login login login login login login
GET  /h/T                      404   404   404   404   ok    ok    404   404   ok    404
GET  /w/T                      404   404   404   404   404   404   ok    404   404   404
GET  /p/T                      404   404   404   ok    404   404   404   404   404   404
GET  /j/T                      404   404   404   404   404   404   404   404   404   ok
POST /j/T/me                   404   404   404   404   404   404   404   404   404   ok
SIO  connect                   refused ok  refused ok  ok    ok    ok    refused ok    refused
SIO  sync                      refused ok  refused ok  ok    ok    ok    refused ok    refused
SIO  note:add                  refused refused refused refused ok ok refused refused ok refused
SIO  note:edit                 refused refused refused refused ok refused refused refused refused x
SIO  note:delete               refused refused refused refused ok refused refused refused refused x
"""


def expected_cells() -> dict[tuple[str, str], str]:
    cells = {}
    for line in EXPECTED.strip().splitlines():
        method, target, *answers = line.split()
        assert len(answers) == len(CREDENTIALS), line
        for credential, answer in zip(CREDENTIALS, answers, strict=True):
            cells[(f"{method} {target}", credential)] = "refused" if answer == "x" else answer
    return cells


@pytest.fixture
def world(app, make_event):
    """Event A (anna's) and event B (bruno's), people, a note of table 1, a revoked link."""
    from cafe.services import events as event_service
    from cafe.services import notes as note_service
    from cafe.services import participants as participant_service

    a, b = make_event(owner="anna"), make_event(owner="bruno", title="B")
    with app.app_context():
        event, other = db.session.get(Event, a), db.session.get(Event, b)
        person = participant_service.join(event, "Paola", "")
        db.session.commit()
        note = note_service.add_note(event.tables[0], uuid.uuid4(), "Nota", "idea")[0]
        revoked = event.tables[2].host_token
        event_service.reissue_host_link(event.tables[2])
        return {
            "A": a,
            "note": note.uuid,
            "tokens": {
                "part": person.token,
                "host": event.tables[0].host_token,
                "ohost": event.tables[1].host_token,
                "wall": event.wall_token,
                "revoked": revoked,
                "oevent": other.tables[0].host_token,
                "join": event.join_token,
            },
        }


SOCKET_ROLES = {"part": "participant", "host": "host", "ohost": "host", "wall": "wall"}
SOCKET_ROLES.update({"revoked": "host", "oevent": "host", "join": "participant"})


def http_answer(app, world, credential, method, target) -> str:
    client = app.test_client()
    if credential in ("org", "other"):
        name = "anna" if credential == "org" else "bruno"
        client.post("/login", data={"username": name, "password": "correct horse"})
    token = world["tokens"].get(credential, "nope")
    url = target.replace("/A", f"/{world['A']}").replace("/T", f"/{token}")
    response = client.open(url, method=method, data={"who": "x"} if "/me" in url else {})
    if response.status_code == 404:
        return "404"
    if response.status_code == 302 and "/login" in response.location:
        return "login"
    return "ok" if response.status_code in (200, 302, 422) else str(response.status_code)


def socket_answer(app, world, credential, event) -> str:
    client = app.test_client()
    if credential in ("org", "other"):
        name = "anna" if credential == "org" else "bruno"
        client.post("/login", data={"username": name, "password": "correct horse"})
        auth = {"role": "organiser", "event_id": world["A"]}
    elif credential == "none":
        auth = None
    else:
        auth = {"role": SOCKET_ROLES[credential], "token": world["tokens"][credential]}
    sc = socketio.test_client(app, flask_test_client=client, auth=auth)
    try:
        if not sc.is_connected():
            return "refused"
        if event == "connect":
            return "ok"
        payload = {
            "sync": {"since": 0},
            "note:add": {"uuid": str(uuid.uuid4()), "text": "Matrice", "kind": "idea"},
            "note:edit": {"uuid": world["note"], "text": "Cambiata", "kind": "idea"},
            "note:delete": {"uuid": world["note"]},
        }[event]
        reply = sc.emit(event, payload, callback=True)
        return "ok" if isinstance(reply, dict) and reply.get("ok") else "refused"
    finally:
        if sc.is_connected():
            sc.disconnect()


def test_the_access_matrix_has_no_breach(app, world, organiser):
    expected = expected_cells()
    breaches = []
    for (route, credential), want in expected.items():
        method, target = route.split()
        if method == "SIO":
            got = socket_answer(app, world, credential, target)
        else:
            got = http_answer(app, world, credential, method, target)
        if got != want:
            breaches.append(f"{route} as {credential}: {got}, expected {want}")
    print(
        f"\nmatrix: {len(expected)} cells ({len(expected) // len(CREDENTIALS)} routes and "
        f"socket events × {len(CREDENTIALS)} credentials), breaches: {len(breaches)}"
    )
    assert breaches == [], "\n".join(breaches)
