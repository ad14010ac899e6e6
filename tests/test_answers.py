"""The harvest question's answers through the socket handlers: one per participant, sent
through the outbox (a resend stores nothing new), editable until the event closes, on the
wall without names and without the text of hidden or pending ones, moderated like notes.

Bad inputs tried: an answer before harvest time and after the event closed, an empty, a
blank and a too long answer, a lone surrogate, an invalid uuid, another person's uuid, an
answer from a wall or a host, hiding another event's answer, `hidden` that is not a bool."""

import uuid

import pytest

from cafe import clock as clocks
from cafe.extensions import db
from cafe.models import Event

QUESTION = "Qual è l'idea più importante che portate a casa?"


@pytest.fixture
def room(app, logged_in, socket_client, event_tokens, make_event):
    """Event A at harvest time with Carla and Ezio; event B with Olga at harvest time too."""
    from cafe.services import participants

    other_id = make_event(title="B")
    with app.app_context():
        tokens = {}
        for event_id, names in (
            (event_tokens["event_id"], ("Carla", "Ezio")),
            (other_id, ("Olga",)),
        ):
            event = db.session.get(Event, event_id)
            event.harvest_question = QUESTION
            for name in names:
                tokens[name] = participants.join(event, name, "cittadini").token
        db.session.commit()

    def phone(name):
        return socket_client({"role": "participant", "token": tokens[name]})

    room = {
        "org": socket_client({"role": "organiser", "event_id": event_tokens["event_id"]}),
        "wall": socket_client({"role": "wall", "token": event_tokens["wall"]}),
        "host": socket_client({"role": "host", "token": event_tokens["hosts"][0]}),
        "carla": phone("Carla"),
        "ezio": phone("Ezio"),
        "olga": phone("Olga"),
        "phase": lambda phase, event_id=event_tokens["event_id"]: _phase(app, event_id, phase),
        "other": other_id,
    }
    room["phase"](clocks.HARVEST)
    room["phase"](clocks.HARVEST, other_id)
    return room


def _phase(app, event_id, phase):
    from dataclasses import replace

    from cafe.services.rounds import clock_of

    with app.app_context():
        event = db.session.get(Event, event_id)
        event.clock = clocks.as_record(replace(clock_of(event), phase=phase))
        db.session.commit()


def answer(screen, text, key=None):
    key = key or str(uuid.uuid4())
    return screen.emit("answer", {"uuid": key, "text": text}, callback=True), key


def changes(screen, kind="answer"):
    got = [m["args"][0] for m in screen.get_received() if m["name"] == "change"]
    return [c["data"] for c in got if c["kind"] == kind]


def test_an_answer_reaches_the_wall_without_a_name_and_a_resend_stores_nothing(room):
    room["wall"].get_received()
    reply, key = answer(room["carla"], "Fiducia tra comuni e associazioni")
    assert reply["ok"] and reply["answer"]["text"] == "Fiducia tra comuni e associazioni"
    again, _key = answer(room["carla"], "Fiducia tra comuni e associazioni", key)
    assert again["seq"] == reply["seq"]
    pushed = changes(room["wall"])
    assert len(pushed) == 1 and pushed[0]["text"] == "Fiducia tra comuni e associazioni"
    assert set(pushed[0]) == {"uuid", "seq", "created_seq", "text", "hidden", "pending"}
    synced = room["wall"].emit("sync", {"since": 0}, callback=True)
    assert [a["text"] for a in synced["answers"]] == ["Fiducia tra comuni e associazioni"]
    # Other phones get nobody else's answer.
    assert changes(room["ezio"]) == [] and changes(room["olga"]) == []


def test_an_edit_replaces_the_answer_and_the_phone_sees_its_own_after_a_reconnect(room):
    first, key = answer(room["carla"], "Fiducia")
    edited, _key = answer(room["carla"], "Fiducia e dati aperti", key)
    assert edited["ok"] and edited["seq"] > first["seq"] and edited["uuid"] == key
    # A second phone of the same person (another uuid) edits the same answer, no duplicate.
    other, _key = answer(room["carla"], "Dati aperti", str(uuid.uuid4()))
    assert other["uuid"] == key
    synced = room["carla"].emit("sync", {"since": 0}, callback=True)["answer"]
    assert synced["open"] and synced["question"] == QUESTION
    assert synced["mine"]["text"] == "Dati aperti" and synced["mine"]["edited"]
    listed = room["org"].emit("answers", {}, callback=True)["answers"]
    assert [a["text"] for a in listed] == ["Dati aperti"]


def test_answers_only_at_harvest_time_until_the_event_closes(room):
    room["phase"](clocks.CHECKIN)
    refused, _key = answer(room["carla"], "Troppo presto")
    assert not refused["ok"] and refused["field"] == "text"
    assert room["carla"].emit("sync", {}, callback=True)["answer"]["open"] is False
    room["phase"](clocks.HARVEST)
    assert answer(room["carla"], "Adesso sì")[0]["ok"]
    room["phase"](clocks.CLOSED)
    late, _key = answer(room["carla"], "Troppo tardi")
    assert not late["ok"]
    mine = room["carla"].emit("sync", {}, callback=True)["answer"]
    assert mine["open"] is False and mine["mine"]["text"] == "Adesso sì"


@pytest.mark.parametrize("text", ["", "   ", "x" * 501, "\ud800", 7, None])
def test_bad_answers_are_refused_next_to_the_field(room, text):
    reply, _key = answer(room["carla"], text)
    assert not reply["ok"] and reply["field"] == "text" and reply["error"]


def test_bad_uuids_walls_and_hosts_are_refused(room):
    assert answer(room["carla"], "Fiducia", "not-a-uuid")[0]["field"] == "uuid"
    _reply, key = answer(room["ezio"], "Dati aperti")
    assert answer(room["carla"], "Fiducia", key)[0]["field"] == "uuid"  # Ezio's id
    for screen in ("wall", "host", "org"):
        assert not answer(room[screen], "Fiducia")[0]["ok"]


def test_moderation_keeps_the_text_of_hidden_and_pending_answers_off_the_wall(room):
    _reply, key = answer(room["carla"], "Nomi e cognomi dell'assessore")
    room["wall"].get_received()
    hidden = room["org"].emit("answer:hide", {"uuid": key, "hidden": True}, callback=True)
    assert hidden["ok"] and hidden["answer"]["hidden"] and hidden["answer"]["text"]
    pushed = changes(room["wall"])
    assert pushed[-1]["hidden"] and "text" not in pushed[-1]
    replay = room["wall"].emit("sync", {"since": 1}, callback=True)
    assert all(not c["data"].get("text") for c in replay["changes"] if c["kind"] == "answer")
    assert room["wall"].emit("sync", {"since": 0}, callback=True)["answers"] == []
    for bad in ({"uuid": key, "hidden": "yes"}, {"uuid": "x", "hidden": True}):
        assert not room["org"].emit("answer:hide", bad, callback=True)["ok"]


def test_approve_first_holds_new_answers_until_the_organiser_shows_them(room, app, event_tokens):
    with app.app_context():
        db.session.get(Event, event_tokens["event_id"]).approve_first = True
        db.session.commit()
    room["wall"].get_received()
    _reply, key = answer(room["carla"], "Da approvare")
    held = changes(room["wall"])[-1]
    assert held["uuid"] == key and held["pending"] and "text" not in held
    shown = room["org"].emit("answer:hide", {"uuid": key, "hidden": False}, callback=True)
    assert shown["ok"] and not shown["answer"]["pending"]
    assert changes(room["wall"])[-1]["text"] == "Da approvare"


def test_another_events_answer_cannot_be_hidden(room, socket_client):
    _reply, key = answer(room["olga"], "Altrove")
    refused = room["org"].emit("answer:hide", {"uuid": key, "hidden": True}, callback=True)
    assert not refused["ok"] and refused["field"] == "uuid"


def test_answers_are_grouped_into_themes_like_notes(room):
    for screen, text in (("carla", "Fiducia tra comuni"), ("ezio", "Fiducia nelle associazioni")):
        answer(room[screen], text)
    themes = room["org"].emit("synthesis", {"scope": 0}, callback=True)["themes"]
    assert sum(t["count"] for t in themes) == 2
    walls = room["wall"].emit("themes", {}, callback=True)["scopes"]
    assert [s["scope"] for s in walls] == [0] and walls[0]["question"] == QUESTION


def test_answers_go_to_the_exports_without_names(room, app, event_tokens):
    from cafe.services.harvest import build_snapshot

    answer(room["carla"], "Fiducia")
    _reply, key = answer(room["ezio"], "Da nascondere")
    room["org"].emit("answer:hide", {"uuid": key, "hidden": True}, callback=True)
    with app.app_context(), app.test_request_context():
        snapshot = build_snapshot(db.session.get(Event, event_tokens["event_id"]))
    assert snapshot.harvest_question == QUESTION
    assert [(r.text, r.hidden) for r in snapshot.answers] == [
        ("Fiducia", False),
        ("Da nascondere", True),
    ]
    harvest = next(q for q in snapshot.synthesis if q.round == 0)
    assert [n for t in harvest.themes for n in t.notes] == ["Fiducia"]
