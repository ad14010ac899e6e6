"""The access matrix: every organiser route, token page and socket event × every kind of
credential, with the answer each cell must give written down below. A breach is a cell
whose answer differs. Bad inputs tried: no credential, another organiser's login, a host
link of another table, a revoked host link, another event's host link, the join link
used as a socket credential, a participant's link on organiser pages, an invitation link
that does not exist."""

from __future__ import annotations

import io
import uuid
from dataclasses import replace

import pytest
from PIL import Image

from cafe.extensions import db, socketio
from cafe.models import Event, Organiser, Participant

CREDENTIALS = "none org other part host ohost wall revoked oevent join".split()

# ok: served (2xx, or a redirect/422 inside the page) · login: sent to the login page ·
# 404: "this link does not work" · refused: the socket is refused or the call is refused
# (x: refused, shortened to fit the line) · 400: a form without its hidden `action`, which
# the page always sends · 401: a wrong password (each credential tries its own unknown
# name, so the per-name limit does not turn it into 429) · POST /j without a code gets
# the code page with "this code does not work" (404).
EXPECTED = """
GET  /o/                       login ok    ok    login login login login login login login
GET  /o/events/new             login ok    ok    login login login login login login login
POST /o/events/new             login ok    ok    login login login login login login login
POST /o/events/import          login ok    ok    login login login login login login login
GET  /o/events/A               login ok    404   login login login login login login login
GET  /o/events/A/print         login ok    404   login login login login login login login
GET  /o/events/A/edit         login ok    404   login login login login login login login
POST /o/events/A/edit         login ok    404   login login login login login login login
POST /o/events/A/duplicate    login ok    404   login login login login login login login
POST /o/events/A/round/start   login ok    404   login login login login login login login
POST /o/events/A/revoke/table-4 login ok   404   login login login login login login login
POST /o/events/A/invitations   login ok    404   login login login login login login login
POST /o/events/A/invitations/I/revoke login ok 404 login login login login login login login
POST /o/events/A/organisers/O/remove login ok 404 login login login login login login login
GET  /o/invite/T               login 404   404   login login login login login login login
POST /o/invite/T               login 404   404   login login login login login login login
POST /o/events/A/limits        login ok    404   login login login login login login login
POST /o/events/A/participants  login ok    404   login login login login login login login
POST /o/events/A/people/P/reissue login ok 404   login login login login login login login
GET  /o/events/A/seating/      login ok    404   login login login login login login login
GET  /o/events/A/seating/desk  login ok    404   login login login login login login login
POST /o/events/A/seating/change login 400 404   login login login login login login login
POST /o/events/A/seating/publish login ok  404   login login login login login login login
GET  /o/events/A/run/          login ok    404   login login login login login login login
GET  /o/events/A/run/desk      login ok    404   login login login login login login login
GET  /o/events/A/run/desk/card/P login ok  404   login login login login login login login
GET  /o/events/A/run/synthesis login ok   404   login login login login login login login
POST /o/events/A/run/handover  login ok    404   login login login login login login login
POST /o/events/A/run/late      login ok    404   login login login login login login login
GET  /o/events/A/run/replan    login ok    404   login login login login login login login
POST /o/events/A/run/replan    login ok    404   login login login login login login login
GET  /o/events/A/export/csv    login ok    404   login login login login login login login
GET  /o/events/A/photos        login ok    404   login login login login login login login
GET  /o/events/A/photos/K.jpg  login ok    404   login login login login login login login
POST /o/events/A/photos/K/show login ok    404   login login login login login login login
GET  /o/events/A/privacy/      login ok    404   login login login login login login login
POST /o/events/A/privacy/anonymise login ok 404  login login login login login login login
POST /o/events/A/privacy/delete login ok   404   login login login login login login login
GET  /h/T                      404   404   404   404   ok    ok    404   404   ok    404
GET  /h/T/photos               404   404   404   404   ok    ok    404   404   ok    404
POST /h/T/photos               404   404   404   404   ok    ok    404   404   ok    404
GET  /f/T/K.jpg                404   404   404   ok    ok    ok    ok    404   404   404
GET  /w/T                      404   404   404   404   404   404   ok    404   404   404
GET  /w/T/photos               404   404   404   404   404   404   ok    404   404   404
GET  /w/T/photos.json          404   404   404   404   404   404   ok    404   404   404
GET  /p/T                      404   404   404   ok    404   404   404   404   404   404
GET  /                         ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
GET  /j                        ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
POST /j                        404   404   404   404   404   404   404   404   404   404
GET  /j/T                      404   404   404   404   404   404   404   404   404   ok
POST /j/T                      404   404   404   404   404   404   404   404   404   ok
POST /j/T/me                   404   404   404   404   404   404   404   404   404   ok
GET  /setup/T                  404   404   404   404   404   404   404   404   404   404
POST /setup/T                  404   404   404   404   404   404   404   404   404   404
GET  /login                    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
POST /login                    401   401   401   401   401   401   401   401   401   401
GET  /static/css/cafe.css      ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
GET  /static/v/1/css/cafe.css  ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
SIO  connect                   refused ok  refused ok  ok    ok    ok    refused ok    refused
SIO  disconnect                refused ok  refused ok  ok    ok    ok    refused ok    refused
SIO  time                      refused ok  refused ok  ok    ok    ok    refused ok    refused
SIO  sync                      refused ok  refused ok  ok    ok    ok    refused ok    refused
SIO  clock                     refused ok  refused refused refused refused refused refused x x
SIO  checkin                   refused ok  refused refused refused refused refused refused x x
SIO  make_host                 refused ok  refused refused refused refused refused refused x x
SIO  uncheck                   refused ok  refused refused refused refused refused refused x x
SIO  walkin                    refused ok  refused refused refused refused refused refused x x
SIO  gone                      refused ok  refused refused refused refused refused refused x x
SIO  note:add                  refused refused refused refused ok ok refused refused ok refused
SIO  note:mark                 refused refused refused refused ok refused refused refused refused x
SIO  synthesis                 refused ok  refused refused refused refused refused refused x x
SIO  theme:rename              refused ok  refused refused refused refused refused refused x x
SIO  theme:move                refused ok  refused refused refused refused refused refused x x
SIO  theme:split               refused ok  refused refused refused refused refused refused x x
SIO  theme:merge               refused ok  refused refused refused refused refused refused x x
SIO  theme:quotes              refused ok  refused refused refused refused refused refused x x
SIO  synthesis:text            refused ok  refused refused refused refused refused refused x x
SIO  answer                    refused refused refused ok refused refused refused refused x x
SIO  answers                   refused ok  refused refused refused refused refused refused x x
SIO  answer:hide               refused ok  refused refused refused refused refused refused x x
SIO  note:hide                 refused ok  refused refused refused refused refused refused x x
SIO  wall:view                 refused ok  refused refused refused refused refused refused x x
SIO  harvest:settings          refused ok  refused refused refused refused refused refused x x
SIO  harvest                   refused ok  refused refused refused refused refused refused x x
SIO  themes                    refused ok  refused refused refused refused ok    refused x x
SIO  voting                    refused ok  refused refused refused refused refused refused x x
SIO  vote                      refused refused refused ok refused refused refused refused x x
SIO  note:edit                 refused refused refused refused ok refused refused refused refused x
SIO  note:delete               refused refused refused refused ok refused refused refused refused x
SIO  leave                     refused refused refused ok refused refused refused refused x x
SIO  *                         refused refused refused refused refused refused refused x x x
POST /o/events/A/close         login ok    404   login login login login login login login
POST /logout                   login login login login login login login login login login
"""
"""The rows run in this order: `close` and `logout` last, as they change what follows.
`SIO *` is an event no handler knows; `SIO disconnect` is ok when the server let the
connection in and then dropped it on the client's disconnect."""


def expected_cells() -> dict[tuple[str, str], str]:
    cells = {}
    for line in EXPECTED.strip().splitlines():
        method, target, *answers = line.split()
        assert len(answers) == len(CREDENTIALS), line
        for credential, answer in zip(CREDENTIALS, answers, strict=True):
            cells[(f"{method} {target}", credential)] = "refused" if answer == "x" else answer
    return cells


def small_jpeg() -> bytes:
    """A tiny real JPEG, enough for the photo routes."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 40)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def world(app, make_event, tmp_path):
    """Event A (anna's) and event B (bruno's), people (one joined, three pre-registered for
    the desk's re-issue, check-in and gone home), a note and a photo of table 1, a revoked
    host link."""
    from cafe.services import events as event_service
    from cafe.services import marks
    from cafe.services import notes as note_service
    from cafe.services import participants as participant_service
    from cafe.services import photos as photo_service
    from cafe.services.importing import ParticipantRow

    app.config["CAFE_UPLOADS"] = str(tmp_path / "uploads")
    a, b = make_event(owner="anna"), make_event(owner="bruno", title="B")
    with app.app_context():
        event, other = db.session.get(Event, a), db.session.get(Event, b)
        person = participant_service.join(event, "Paola", "")
        rows = [ParticipantRow(n, name, None, False) for n, name in enumerate(DESK, 2)]
        desk = participant_service.import_participants(event, rows)
        db.session.commit()
        note = note_service.add_note(event.tables[0], uuid.uuid4(), "Nota", "idea")[0]
        insight = note_service.add_note(event.tables[1], uuid.uuid4(), "Idea chiave", "idea")[0]
        marks.mark_note(event.tables[1], insight.uuid, True, None)
        photo = photo_service.add_photo(event.tables[0], str(uuid.uuid4()), small_jpeg(), 1)[0]
        revoked = event.tables[2].host_token
        event_service.reissue_host_link(event.tables[2])
        team = co_organiser(event)
        return {
            "A": a,
            **team,
            "Paola": person.id,
            "note": note.uuid,
            "insight": insight.uuid,
            "K": photo.key,
            "table": event.tables[3].id,
            **{name: p.id for name, p in zip(DESK, desk, strict=True)},
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


def co_organiser(event: Event) -> dict:
    """Carla co-organises the event through an invitation, and a second one is pending:
    their ids, for the rows with I and O."""
    from cafe.services import invitations
    from cafe.services.organisers import create_organiser

    owner = db.session.get(Organiser, event.owner_id)
    carla = create_organiser("carla", "correct horse")
    used, _token = invitations.create(event, owner)
    invitations.accept(used, carla)
    pending, _token = invitations.create(event, owner)
    return {"invitation": pending.id, "co": carla.id}


DESK = ("Marco", "Lucia", "Gino")
"""Pre-registered: Marco's link is re-issued, Lucia checked in (made a host, then the tick
taken back), Gino marked gone."""


SOCKET_ROLES = {"part": "participant", "host": "host", "ohost": "host", "wall": "wall"}
SOCKET_ROLES.update({"revoked": "host", "oevent": "host", "join": "participant"})


def concrete(target: str, values: dict) -> str:
    """The URL of a matrix row: each placeholder segment (A, T, K, P; K.jpg) replaced,
    whole segments only, so a token that starts with a placeholder's letter is untouched."""
    parts = []
    for part in target.split("/"):
        name, dot, suffix = part.partition(".")
        parts.append(f"{values[name]}{dot}{suffix}" if name in values else part)
    return "/".join(parts)


def http_answer(app, world, credential, method, target) -> str:
    client = app.test_client()
    if credential in ("org", "other"):
        name = "anna" if credential == "org" else "bruno"
        client.post("/login", data={"username": name, "password": "correct horse"})
    token = world["tokens"].get(credential, "nope")
    values = {"A": world["A"], "T": token, "K": world["K"], "P": world["Marco"]}
    url = concrete(target, {**values, "I": world["invitation"], "O": world["co"]})
    data = {"who": "x"} if target.endswith("/me") else {}
    if url == "/login":
        data = {"username": f"nobody-{credential}", "password": "wrong"}
    response = client.open(url, method=method, data=data)
    if response.status_code == 404:
        return "404"
    if response.status_code == 302 and "/login" in response.location:
        return "login"
    return "ok" if response.status_code in (200, 201, 302, 422) else str(response.status_code)


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
        if event in ("connect", "disconnect"):
            return "ok"
        payload = {
            "time": None,
            "clock": {"action": "extend", "minutes": 1},
            "checkin": {"participant_id": world["Lucia"]},
            "make_host": {"participant_id": world["Lucia"], "table_id": world["table"]},
            "uncheck": {"participant_id": world["Lucia"]},
            "walkin": {"name": "Arrivata alla cassa", "group": ""},
            "gone": {"participant_id": world["Gino"]},
            "leave": None,
            "*": {"uuid": world["note"]},
            "sync": {"since": 0},
            "note:add": {"uuid": str(uuid.uuid4()), "text": "Matrice", "kind": "idea"},
            "note:edit": {"uuid": world["note"], "text": "Cambiata", "kind": "idea"},
            "note:delete": {"uuid": world["note"]},
            "note:mark": {"uuid": world["note"], "starred": True, "tags": ["giovani"]},
            "note:hide": {"uuid": world["note"], "hidden": True},
            "wall:view": {"view": "themes", "cycle": 20},
            "harvest:settings": {"star_limit": 2, "tags": ["giovani", "lavoro"]},
            "harvest": None,
            "themes": None,
            "voting": {"action": "open", "dots": 3, "stack": False},
            "vote": {"dots": {world["insight"]: 1}},
        }.get(event)
        payload = curation_payload(app, world, event) or payload
        name = "no-such-event" if event == "*" else event
        reply = sc.emit(name, payload, callback=True)
        return "ok" if isinstance(reply, dict) and reply.get("ok") else "refused"
    finally:
        if sc.is_connected():
            sc.disconnect()
        if event == "answer":
            at_harvest(app, world, False)


def curation_payload(app, world, event) -> dict | None:
    """A request of the organiser's synthesis (or an answer) that is right for the state
    event A is in now: the themes change with every call that succeeds."""
    from cafe.services import answers, synthesis

    with app.app_context():
        a = db.session.get(Event, world["A"])
        shown = synthesis.themes(a, 1)
        mine = next(t for t in shown if world["insight"] in t.items)
        at = {"scope": 1, "key": mine.key, "version": mine.version}
        if event in ("theme:split", "theme:merge"):
            # Two notes in one theme (split), or the insight alone in its own (merge).
            synthesis.move(a, 1, world["note"], "new", "Matrice")
            other = next(t for t in synthesis.themes(a, 1) if world["note"] in t.items)
            if event == "theme:split":
                synthesis.move(a, 1, world["insight"], other.key)
                other = next(t for t in synthesis.themes(a, 1) if world["note"] in t.items)
                return {
                    **at,
                    "key": other.key,
                    "version": other.version,
                    "items": [world["insight"]],
                    "label": "Parte",
                }
            mine = next(t for t in synthesis.themes(a, 1) if world["insight"] in t.items)
            return {
                "scope": 1,
                "key": other.key,
                "version": other.version,
                "into": mine.key,
                "into_version": mine.version,
            }
        summary = synthesis.texts(a, 1)["summary"]["version"]
        found = {
            "synthesis": {"scope": 1},
            "theme:rename": {**at, "label": "Matrice"},
            "theme:move": {"scope": 1, "item": world["insight"], "to": "new", "label": "Nuovo"},
            "theme:quotes": {**at, "quotes": [world["insight"]]},
            "synthesis:text": {"scope": 1, "kind": "summary", "text": "x", "version": summary},
            "answers": {},
            "answer": {"uuid": str(uuid.uuid4()), "text": "Fiducia"},
        }.get(event)
        if event == "answer":
            at_harvest(app, world, True)
        if event == "answer:hide":
            person = db.session.get(Participant, world["Paola"])
            mine = answers.mine(person)
            if mine is None:
                at_harvest(app, world, True)
                mine = answers.answer(person, str(uuid.uuid4()), "Da nascondere")
                at_harvest(app, world, False)
            found = {"uuid": mine.uuid, "hidden": True}
        return found


def at_harvest(app, world, harvest: bool) -> None:
    """Put event A's clock at harvest time (answers are taken), or back where it was."""
    from cafe import clock as clocks
    from cafe.services.rounds import clock_of

    with app.app_context():
        a = db.session.get(Event, world["A"])
        if harvest:
            world["clock"] = a.clock
            now = clock_of(a)
            a.harvest_question = "Qual è l'idea più importante che portate a casa?"
            a.clock = clocks.as_record(replace(now, phase=clocks.HARVEST))
        else:
            a.clock = world.pop("clock", a.clock)
        db.session.commit()


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


def test_every_route_and_socket_handler_is_in_the_matrix(app):
    """A route or handler added later fails here until its row is written above."""
    adapter = app.url_map.bind("localhost")
    listed = set()
    for route in {route for route, _credential in expected_cells()}:
        method, target = route.split()
        if method == "SIO":
            listed.add(("SIO", target))
            continue
        url = concrete(target, {"A": 1, "T": "t", "K": "k", "P": 2, "I": 3, "O": 4})
        endpoint, _args = adapter.match(url, method)
        listed.add((method, endpoint))
    registered = {
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    registered |= {("SIO", event) for event in socketio.server.handlers["/"]}
    assert registered - listed == set(), "routes or socket events missing from the matrix"
    assert listed - registered == set(), "matrix rows that no longer exist"


EXPIRED = ("part", "host", "wall", "join")
"""The links of a closed event past its `link_days`: the wall's too (issue 23.6)."""


def test_the_expired_links_open_nothing(app, world, organiser):
    """The matrix again with event A closed 31 days ago: every row a wall, host, participant
    or join link opened now answers 404 (pages) or refused (socket)."""
    from datetime import timedelta

    from cafe.models import utcnow

    with app.app_context():
        event = db.session.get(Event, world["A"])
        event.closed_at = utcnow() - timedelta(days=event.link_days + 1)
        db.session.commit()
    breaches, cells = [], 0
    for (route, credential), want in expected_cells().items():
        method, target = route.split()
        if credential not in EXPIRED or want != "ok":
            continue
        if method == "SIO":
            got, expired = socket_answer(app, world, credential, target), "refused"
        elif "/T" in target:
            got, expired = http_answer(app, world, credential, method, target), "404"
        else:
            continue
        cells += 1
        if got != expired:
            breaches.append(f"{route} as expired {credential}: {got}, expected {expired}")
    print(f"\nmatrix: {cells} cells with expired links, breaches: {len(breaches)}")
    assert cells > 20 and breaches == []
