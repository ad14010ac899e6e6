"""Hypothesis against every socket handler and the import endpoints: whatever arrives,
a handler answers (acknowledged or refused) and never raises; an import answers 302, 413
or 422, never 500; no route of the access matrix answers 500 to random form fields,
query strings or path segments; the log holds no traceback afterwards.

Bad inputs tried: any JSON value (deep, huge numbers, lone surrogates, wrong types) as
the argument of every handler the server has registered (connect, disconnect and "*"
included), as each role that can connect (host, wall, participant, organiser); zero or
several arguments; raw Socket.IO packets; arbitrary bytes as event.json and CSV; random
text and strange numbers ("²", 25 or 5,000 digits) as form fields, as ?lang, names,
thumb, download and next, and as the last path segment (an event id, an export format,
a photo key or action, a round action, a revoke target)."""

from __future__ import annotations

import io
import json
import logging

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cafe.extensions import db, socketio
from cafe.models import Event

ROLES = ("host", "wall", "participant", "organiser")
"""Every kind of connection a socket admits (the organiser's by its login session)."""
KEYS = st.sampled_from(["uuid", "text", "kind", "round", "since", "event_id", "role", "token"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.sampled_from(["\ud800", "idea", "x" * 3000, "00000000-0000-4000-8000-000000000000"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(), inner, max_size=5)
    ),
    max_leaves=20,
)
FIGURES = {"socket cases": 0, "unacknowledged": 0, "http cases": 0, "http 500s": 0}
FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


def registered_events() -> list[str]:
    """Every event the server has a handler for (connect and disconnect included: a client
    sending those names must be refused too), and one nobody handles."""
    return sorted(socketio.server.handlers["/"]) + ["no-such-event"]


@pytest.fixture(params=ROLES)
def connect(request, app, make_event, client):
    """connect() -> a socket connected as one role of an event; a participant is a newly
    joined person each time (an accepted `leave` rightly ends the previous one)."""
    from cafe.services import participants as participant_service

    event_id, role = make_event(), request.param
    client.post("/login", data={"username": "anna", "password": "correct horse"})

    def token() -> str:
        with app.app_context():
            event = db.session.get(Event, event_id)
            if role == "participant":
                person = participant_service.join(event, "Paola", "")
                db.session.commit()
                return person.token
            return event.tables[0].host_token if role == "host" else event.wall_token

    def make():
        auth = {"role": role, "event_id": event_id}
        if role != "organiser":
            auth["token"] = token()
        sc = socketio.test_client(app, flask_test_client=client, auth=auth)
        assert sc.is_connected(), role
        return sc

    make.role = role
    return make


def test_the_fuzzed_events_are_every_registered_handler(app):
    events = registered_events()
    assert {"sync", "note:add", "clock", "checkin", "gone", "leave", "time"} <= set(events)
    assert "*" in events and "connect" in events


def test_every_socket_handler_answers_anything(connect, caplog):
    caplog.set_level(logging.INFO)
    FIGURES.update({"socket cases": 0, "unacknowledged": 0, "ended": 0})
    sockets = [connect()]

    def connected():
        """The role's socket; a fresh one after a call that rightly ended it."""
        if not sockets[-1].is_connected():
            FIGURES["ended"] += 1
            sockets.append(connect())
        return sockets[-1]

    @FUZZ
    @given(event=st.sampled_from(registered_events()), args=st.lists(JSON, max_size=3))
    def call(event, args):
        FIGURES["socket cases"] += 1
        try:
            reply = connected().emit(event, *args, callback=True)
        except (TypeError, ValueError, RecursionError):
            return  # the client cannot even encode it (a lone surrogate): nothing was sent
        if not isinstance(reply, dict) or "ok" not in reply:
            FIGURES["unacknowledged"] += 1
        assert isinstance(reply, dict) and "ok" in reply, (event, args, reply)

    @FUZZ
    # Not CONNECT (0) or DISCONNECT (1): those end this client's session, as they should.
    @given(
        raw=st.builds(lambda p, t: p + t, st.sampled_from("23456789x"), st.text(max_size=200))
        | st.builds(lambda d: "21" + json.dumps(d), JSON)
    )
    @example(raw="21-Infinity")  # read as one binary attachment: the ack never came
    def raw_packet(raw):
        FIGURES["socket cases"] += 1
        sc = connected()
        sc.acks = None
        socketio.server._handle_eio_message(sc.eio_sid, raw)
        asks_for_ack = raw.startswith("21") and len(raw) > 2 and not raw[2].isdigit()
        if asks_for_ack and sc.acks is None:
            FIGURES["unacknowledged"] += 1
        assert sc.acks is not None or not asks_for_ack, raw
        sc.acks = None

    call()
    raw_packet()
    # Only a participant's own accepted "I am leaving" may end its connection.
    assert FIGURES["ended"] == 0 or connect.role == "participant", FIGURES["ended"]
    for sc in sockets:
        if sc.is_connected():
            sc.disconnect()
    tracebacks = [r for r in caplog.records if r.exc_info]
    print(
        f"\nsocket fuzz ({connect.role}): {FIGURES['socket cases']} cases, unacknowledged: "
        f"{FIGURES['unacknowledged']}, tracebacks: {len(tracebacks)}, "
        f"connections ended by an accepted leave: {FIGURES['ended']}"
    )
    assert tracebacks == []


def test_imports_never_answer_500(app, logged_in, caplog):
    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        event_json=st.binary(max_size=300)
        | st.builds(lambda d: json.dumps(d).encode(), JSON)
        | st.builds(
            lambda d: json.dumps(
                {
                    "title": "T",
                    "tables": 2,
                    "table_size": 4,
                    "round_minutes": 5,
                    "rounds": ["Q"],
                    **d,
                }
            ).encode(),
            st.dictionaries(KEYS | st.sampled_from(["groups", "tables", "title", "date"]), JSON),
        ),
        people=st.none()
        | st.binary(max_size=300)
        | st.text(max_size=300).map(
            lambda t: ("name,group,host\n" + t).encode("utf-8", "surrogatepass")
        ),
    )
    def upload(event_json, people):
        FIGURES["http cases"] += 1
        data = {"event_file": (io.BytesIO(event_json), "event.json")}
        if people is not None:
            data["participants_file"] = (io.BytesIO(people), "people.csv")
        response = logged_in.post("/o/events/import", data=data, content_type="multipart/form-data")
        if response.status_code >= 500:
            FIGURES["http 500s"] += 1
        # 409: the same event.json again, and the page asks before making a second event.
        assert response.status_code in (302, 409, 413, 422), (event_json[:80], people)

    upload()
    tracebacks = [r for r in caplog.records if r.exc_info]
    print(
        f"\nimport fuzz: {FIGURES['http cases']} cases, HTTP 500s: {FIGURES['http 500s']}, "
        f"tracebacks: {len(tracebacks)}"
    )
    assert tracebacks == []


FORM_KEYS = (
    "table successor late_seating round first second person code who name username "
    "password uuid people_cap link_days confirm_delete confirm_anonymise minutes"
).split()
STRANGE_NUMBERS = st.sampled_from(["²", "٣", "9" * 25, "1" * 5000, "-1", "1_0", " 7 "])
SEGMENT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="/?#%"), max_size=30
)


def test_every_route_answers_bad_input_without_500(app, make_event, logged_in, caplog):
    """Every route of the access matrix, logged in, with random form fields and query
    strings, and its last path segment replaced by random text."""
    from tests.test_access_matrix import EXPECTED, concrete

    event_id = make_event()
    with app.app_context():
        event = db.session.get(Event, event_id)
        token = event.tables[0].host_token
    routes = sorted({tuple(line.split()[:2]) for line in EXPECTED.strip().splitlines()})
    routes = [(m, t) for m, t in routes if m != "SIO" and t != "/logout"]
    caplog.set_level(logging.INFO)
    figures = {"cases": 0, "500s": 0}

    @settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        route=st.sampled_from(routes),
        segment=st.none() | SEGMENT | STRANGE_NUMBERS | STRANGE_NUMBERS.map("table-{}".format),
        form=st.fixed_dictionaries(
            {"action": st.sampled_from(["swap", "pin", "leave", "x"])},
            optional={
                key: st.text(max_size=40) | st.integers().map(str) | STRANGE_NUMBERS
                for key in FORM_KEYS
            },
        ),
        query=st.dictionaries(
            st.sampled_from(["lang", "names", "thumb", "download", "next"]), SEGMENT
        ),
    )
    def request_once(route, segment, form, query):
        method, target = route
        url = concrete(target, {"A": event_id, "T": token, "K": "nokey", "P": 1, "I": 1, "O": 1})
        if segment is not None:
            url = url.rstrip("/").rsplit("/", 1)[0] + "/" + (segment or "x")
        figures["cases"] += 1
        response = logged_in.open(url, method=method, data=form, query_string=query)
        figures["500s"] += response.status_code >= 500
        assert response.status_code < 500, (method, url, form, query)

    request_once()
    tracebacks = [r for r in caplog.records if r.exc_info]
    print(
        f"\nroute fuzz: {figures['cases']} cases, HTTP 500s: {figures['500s']}, "
        f"tracebacks: {len(tracebacks)}"
    )
    assert tracebacks == []
