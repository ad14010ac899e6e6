"""Socket.IO handlers through the test client: authorisation at connect and in every
handler, acknowledgements, and the wall's replay. Bad inputs tried: no auth, a wrong
token, a revoked token mid-connection, another table's note, an invalid UUID, an empty
note, a note one character too long, an unknown kind, a payload that is not an object."""

import uuid

import pytest
from sqlalchemy import func, select

from cafe.extensions import db
from cafe.models import Event, Note
from cafe.services import events as event_service


def note(text="Più fiducia tra cittadini e comune", kind="idea", **extra):
    return {"uuid": str(uuid.uuid4()), "text": text, "kind": kind, **extra}


@pytest.mark.parametrize(
    "auth",
    [
        None,
        {},
        {"role": "host", "token": "nope"},
        {"role": "wall", "token": ""},
        {"role": "king", "token": "x"},
        {"role": "organiser", "event_id": 1},
    ],
)
def test_connect_is_refused_without_a_valid_token(socket_client, event_tokens, auth):
    assert not socket_client(auth).is_connected()


def test_a_host_note_is_acknowledged_with_its_id_and_seq(app, socket_client, event_tokens):
    host = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    sent = note()
    ack = host.emit("note:add", sent, callback=True)
    assert ack["ok"] and ack["uuid"] == sent["uuid"] and ack["seq"] == 1
    assert ack["note"]["text"] == sent["text"] and ack["note"]["table"] == 1


def test_a_resent_note_gets_the_same_ack_and_no_duplicate(app, socket_client, event_tokens):
    host = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    sent = note()
    first = host.emit("note:add", sent, callback=True)
    again = host.emit("note:add", {**sent, "text": "changed in transit"}, callback=True)
    assert (again["id"], again["seq"]) == (first["id"], first["seq"])
    with app.app_context():
        assert db.session.scalar(select(func.count(Note.id))) == 1


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"uuid": "not-a-uuid", "text": "x", "kind": "idea"}, "uuid"),
        (note(text="   "), "text"),
        (note(text="x" * 2001), "text"),
        (note(kind="rant"), "kind"),
    ],
)
def test_bad_notes_are_refused_with_a_reason(app, socket_client, event_tokens, payload, field):
    host = socket_client({"role": "host", "token": event_tokens["hosts"][0]}, query="lang=en")
    ack = host.emit("note:add", payload, callback=True)
    assert ack["ok"] is False and ack["field"] == field and ack["error"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Note.id))) == 0


def test_a_note_of_exactly_2000_characters_is_accepted(socket_client, event_tokens):
    host = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    assert host.emit("note:add", note(text="é" * 2000), callback=True)["ok"]


def test_a_payload_that_is_not_an_object_is_refused(socket_client, event_tokens):
    host = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    assert host.emit("note:add", "hello", callback=True)["ok"] is False


def test_a_host_cannot_touch_another_tables_note(socket_client, event_tokens):
    one = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    two = socket_client({"role": "host", "token": event_tokens["hosts"][1]})
    sent = note()
    one.emit("note:add", sent, callback=True)
    for event, data in (
        ("note:edit", {**sent, "text": "hijacked"}),
        ("note:delete", sent),
        ("note:add", sent),
    ):
        ack = two.emit(event, data, callback=True)
        assert ack["ok"] is False, event
    mine = one.emit("sync", {}, callback=True)["notes"]
    assert [n["text"] for n in mine] == [sent["text"]]


def test_walls_and_participants_cannot_write_notes(app, socket_client, event_tokens):
    wall = socket_client({"role": "wall", "token": event_tokens["wall"]})
    assert wall.emit("note:add", note(), callback=True)["ok"] is False


def test_a_revoked_host_link_stops_working_on_a_connected_phone(app, socket_client, event_tokens):
    host = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    assert host.emit("note:add", note(), callback=True)["ok"]
    with app.app_context():
        event_service.reissue_host_link(db.session.get(Event, event_tokens["event_id"]).tables[0])
    # Told why, then disconnected: no further push reaches the lost phone.
    assert [m["name"] for m in host.queue][-1] == "revoked" and not host.is_connected()
    again = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    assert not again.is_connected()
    with app.app_context():
        assert db.session.scalar(select(func.count(Note.id))) == 1


def test_edit_and_delete_reach_the_wall_as_changes(socket_client, event_tokens):
    wall = socket_client({"role": "wall", "token": event_tokens["wall"]})
    host = socket_client({"role": "host", "token": event_tokens["hosts"][2]})
    sent = note()
    host.emit("note:add", sent, callback=True)
    host.emit(
        "note:edit", {**sent, "text": "Più fiducia, e più dati", "kind": "proposal"}, callback=True
    )
    host.emit("note:delete", {"uuid": sent["uuid"]}, callback=True)
    pushes = [m["args"][0] for m in wall.get_received() if m["name"] == "change"]
    assert [p["seq"] for p in pushes] == [1, 2, 3]
    assert pushes[1]["data"]["text"] == "Più fiducia, e più dati"
    assert pushes[1]["data"]["kind"] == "proposal" and pushes[1]["data"]["edited"]
    assert pushes[2]["data"]["deleted"] and "text" not in pushes[2]["data"]  # id and state
    assert host.emit("sync", {}, callback=True)["notes"] == []


def test_other_tables_hosts_do_not_receive_each_others_notes(socket_client, event_tokens):
    one = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    two = socket_client({"role": "host", "token": event_tokens["hosts"][1]})
    one.emit("note:add", note(), callback=True)
    assert [m for m in two.get_received() if m["name"] == "change"] == []
    assert len([m for m in one.get_received() if m["name"] == "change"]) == 1


def test_a_wall_that_comes_back_gets_exactly_what_it_missed(socket_client, event_tokens):
    host = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    seen = [host.emit("note:add", note(text=f"prima {i}"), callback=True) for i in range(3)]
    missed = [host.emit("note:add", note(text=f"dopo {i}"), callback=True) for i in range(2)]
    wall = socket_client({"role": "wall", "token": event_tokens["wall"]})
    reply = wall.emit("sync", {"since": seen[-1]["seq"]}, callback=True)
    assert [c["data"]["uuid"] for c in reply["changes"]] == [a["uuid"] for a in missed]
    assert reply["last_seq"] == missed[-1]["seq"]
    fresh = wall.emit("sync", {"since": 0}, callback=True)
    assert [n["text"] for n in fresh["snapshot"]] == [f"prima {i}" for i in range(3)] + [
        f"dopo {i}" for i in range(2)
    ]


def test_a_wall_ahead_of_the_server_gets_a_snapshot(socket_client, event_tokens):
    wall = socket_client({"role": "wall", "token": event_tokens["wall"]})
    assert "snapshot" in wall.emit("sync", {"since": 10_000}, callback=True)


def test_the_organiser_socket_needs_the_login(app, client, logged_in, socket_client, event_tokens):
    organiser = socket_client({"role": "organiser", "event_id": event_tokens["event_id"]})
    assert organiser.is_connected()
    reply = organiser.emit("sync", {}, callback=True)
    assert reply["ok"] and reply["round"]["round"] == 1


def test_an_edit_is_acknowledged_with_the_seq_of_its_own_change(socket_client, event_tokens):
    host = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    sent = note()
    added = host.emit("note:add", sent, callback=True)
    edited = host.emit("note:edit", {**sent, "text": "nuovo testo"}, callback=True)
    assert edited["seq"] == added["seq"] + 1 == edited["note"]["seq"]
    again = host.emit("note:add", sent, callback=True)
    assert again["seq"] == added["seq"]  # a resent add still gets its first reply


def test_the_organiser_gets_live_counts(app, logged_in, socket_client, event_tokens):
    host = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    organiser = socket_client({"role": "organiser", "event_id": event_tokens["event_id"]})
    assert organiser.emit("sync", {}, callback=True)["counts"] == {"notes": 0, "checked_in": 0}
    sent = note()
    host.emit("note:add", sent, callback=True)
    host.emit("note:add", note(), callback=True)
    host.emit("note:delete", {"uuid": sent["uuid"]}, callback=True)
    assert [m["name"] for m in organiser.get_received()] == ["change"] * 3
    assert organiser.emit("sync", {}, callback=True)["counts"] == {"notes": 1, "checked_in": 0}


def test_a_sockets_later_events_do_not_verify_the_cookie_again(
    app, logged_in, socket_client, event_tokens, monkeypatch
):
    """The organiser's identity comes from the login cookie at connect; its later events
    read the session Flask-SocketIO keeps for the socket, without checking the cookie's
    signature a thousand times at a chime (cafe.wire.SocketSessionInterface)."""
    from flask.sessions import SecureCookieSessionInterface

    organiser = socket_client({"role": "organiser", "event_id": event_tokens["event_id"]})
    verified = []
    signing = SecureCookieSessionInterface.get_signing_serializer
    monkeypatch.setattr(
        SecureCookieSessionInterface,
        "get_signing_serializer",
        lambda self, a: verified.append(1) or signing(self, a),
    )
    for _ in range(5):
        assert organiser.emit("sync", {}, callback=True)["ok"]
    assert verified == []
    assert organiser.emit("sync", {}, callback=True)["panel"]  # still the logged-in organiser


def test_a_socket_event_skips_routing_and_request_teardowns_but_not_the_app_teardown(
    app, client, socket_client, event_tokens
):
    """A socket event is no HTTP request (wire.SocketEventContext): no route is matched for
    it and no request teardown runs after it (Flask-Limiter's reset a context it never
    made, a thousand times at a chime); the app context's (the session's removal) runs."""
    from flask import request

    from cafe.extensions import socketio

    seen = {"request_teardowns": 0, "app_teardowns": 0, "rules": []}
    app.teardown_request(lambda _exc: seen.update(request_teardowns=seen["request_teardowns"] + 1))
    app.teardown_appcontext(lambda _exc: seen.update(app_teardowns=seen["app_teardowns"] + 1))

    @socketio.on("test:rule")
    def rule(_data=None):
        seen["rules"].append((request.url_rule, request.routing_exception))
        return {"ok": True}

    wall = socket_client({"role": "wall", "token": event_tokens["wall"]})
    before = dict(seen)
    assert wall.emit("sync", {}, callback=True)["ok"]
    assert wall.emit("test:rule", {}, callback=True) == {"ok": True}
    assert seen["request_teardowns"] == before["request_teardowns"]
    assert seen["app_teardowns"] >= before["app_teardowns"] + 2
    assert seen["rules"] == [(None, None)], "no route was looked up for the socket event"
    assert client.get("/").status_code == 200
    assert seen["request_teardowns"] == before["request_teardowns"] + 1
