"""Stars, tags, hiding and the wall's view through the socket handlers, with refusals.
Bad inputs tried: another table's note, a deleted note, a star over the round's limit,
`starred` that is not a boolean, too many / too long / empty / non-text tags, a wall or a
revoked host link marking a note, a note of another event hidden, an unknown view and
cycle, a star limit that is negative, too large, a bool or text."""

import uuid

import pytest

from cafe.extensions import db
from cafe.models import Event, Note
from cafe.services import events as event_service


def note(text="Più fiducia tra cittadini e comune", kind="idea", **extra):
    return {"uuid": str(uuid.uuid4()), "text": text, "kind": kind, **extra}


@pytest.fixture
def room(logged_in, socket_client, event_tokens):
    """An organiser, a wall and the hosts of tables 1 and 2, all connected."""
    return {
        "org": socket_client({"role": "organiser", "event_id": event_tokens["event_id"]}),
        "wall": socket_client({"role": "wall", "token": event_tokens["wall"]}),
        "host": socket_client({"role": "host", "token": event_tokens["hosts"][0]}),
        "other": socket_client({"role": "host", "token": event_tokens["hosts"][1]}),
    }


def add(host, text="Più fiducia tra cittadini e comune", **extra):
    ack = host.emit("note:add", note(text, **extra), callback=True)
    assert ack["ok"], ack
    return ack["uuid"]


def changes(client, kind="note"):
    return [
        m["args"][0]
        for m in client.get_received()
        if m["name"] == "change" and m["args"][0]["kind"] == kind
    ]


def test_a_star_and_tags_reach_the_wall_and_the_organiser_as_a_note_change(room):
    uuid_ = add(room["host"])
    room["wall"].get_received(), room["org"].get_received()
    ack = room["host"].emit(
        "note:mark",
        {"uuid": uuid_, "starred": True, "tags": ["giovani", " Lavoro "]},
        callback=True,
    )
    assert ack["ok"] and ack["note"]["starred"] and ack["note"]["tags"] == ["giovani", "Lavoro"]
    for screen in ("wall", "org"):
        (pushed,) = changes(room[screen])
        assert pushed["seq"] == ack["seq"] and pushed["data"]["starred"] is True
        assert pushed["data"]["tags"] == ["giovani", "Lavoro"]


def test_a_resent_mark_stores_nothing_new(app, room):
    uuid_ = add(room["host"])
    mark = {"uuid": uuid_, "starred": True, "tags": ["giovani"]}
    first = room["host"].emit("note:mark", mark, callback=True)
    again = room["host"].emit("note:mark", mark, callback=True)
    assert again["seq"] == first["seq"]
    with app.app_context():
        assert db.session.get(Event, 1).last_seq == first["seq"]


def test_a_table_stars_at_most_the_event_limit_per_round(room):
    uuids = [add(room["host"], f"Nota {i}") for i in range(4)]
    for u in uuids[:3]:
        assert room["host"].emit("note:mark", {"uuid": u, "starred": True}, callback=True)["ok"]
    refused = room["host"].emit("note:mark", {"uuid": uuids[3], "starred": True}, callback=True)
    assert not refused["ok"] and refused["field"] == "starred" and "3" in refused["error"]
    # Another round of the same table, and another table, have their own stars.
    later = add(room["host"], "Nel turno due", round=2)
    assert room["host"].emit("note:mark", {"uuid": later, "starred": True}, callback=True)["ok"]
    theirs = add(room["other"], "Altro tavolo")
    assert room["other"].emit("note:mark", {"uuid": theirs, "starred": True}, callback=True)["ok"]
    # Removing a star frees one.
    assert room["host"].emit("note:mark", {"uuid": uuids[0], "starred": False}, callback=True)["ok"]
    assert room["host"].emit("note:mark", {"uuid": uuids[3], "starred": True}, callback=True)["ok"]


def test_the_organiser_sets_the_limit_and_the_tags_offered(room):
    reply = room["org"].emit(
        "harvest:settings",
        {"star_limit": 1, "tags": ["giovani", "Giovani", "scuola"]},
        callback=True,
    )
    assert reply["ok"] and reply["settings"] == {
        "star_limit": 1,
        "tag_choices": ["giovani", "scuola"],
        "approve_first": False,
    }
    first, second = add(room["host"], "Uno"), add(room["host"], "Due")
    assert room["host"].emit("note:mark", {"uuid": first, "starred": True}, callback=True)["ok"]
    assert not room["host"].emit("note:mark", {"uuid": second, "starred": True}, callback=True)[
        "ok"
    ]
    synced = room["host"].emit("sync", {"since": 0}, callback=True)
    assert (synced["star_limit"], synced["tag_choices"]) == (1, ["giovani", "scuola"])


def test_tags_chosen_on_the_panel_reach_host_phones_at_once_and_refusals_push_nothing(room):
    for screen in ("host", "other", "org"):
        room[screen].get_received()
    assert not room["org"].emit("harvest:settings", {"star_limit": -1, "tags": []}, callback=True)[
        "ok"
    ]
    assert changes(room["host"], "marks") == []
    room["org"].emit("harvest:settings", {"star_limit": 2, "tags": ["acqua"]}, callback=True)
    for screen in ("host", "other", "org"):
        pushed = changes(room[screen], "marks")
        assert [(m["data"]["star_limit"], m["data"]["tag_choices"]) for m in pushed] == [
            (2, ["acqua"])
        ], screen


@pytest.mark.parametrize(
    "settings, field",
    [
        ({"star_limit": -1, "tags": []}, "star_limit"),
        ({"star_limit": 21, "tags": []}, "star_limit"),
        ({"star_limit": True, "tags": []}, "star_limit"),
        ({"star_limit": "3", "tags": []}, "star_limit"),
        ({"star_limit": 3, "tags": ["x" * 41]}, "tags"),
        ({"star_limit": 3, "tags": "giovani"}, "tags"),
        ({"star_limit": 3, "tags": [""]}, "tags"),
        ({"star_limit": 3, "tags": [], "approve_first": "yes"}, "approve_first"),
    ],
)
def test_bad_settings_are_refused_next_to_their_field(room, settings, field):
    reply = room["org"].emit("harvest:settings", settings, callback=True)
    assert not reply["ok"] and reply["field"] == field and reply["error"]


@pytest.mark.parametrize(
    "mark, field",
    [
        ({"starred": "yes"}, "starred"),
        ({"tags": ["a", "b", "c", "d", "e", "f"]}, "tags"),
        ({"tags": ["x" * 41]}, "tags"),
        ({"tags": [3]}, "tags"),
        ({"tags": ["\ud800"]}, "tags"),
    ],
)
def test_bad_marks_are_refused_and_change_nothing(app, room, mark, field):
    uuid_ = add(room["host"])
    reply = room["host"].emit("note:mark", {"uuid": uuid_, **mark}, callback=True)
    assert not reply["ok"] and reply["field"] == field
    with app.app_context():
        stored = db.session.query(Note).one()
        assert (stored.starred, stored.tags) == (False, [])


def test_marks_are_refused_for_another_table_a_deleted_note_a_wall_and_a_revoked_link(
    app, room, event_tokens
):
    uuid_ = add(room["host"])
    assert (
        room["other"].emit("note:mark", {"uuid": uuid_, "starred": True}, callback=True)["field"]
        == "uuid"
    )
    wall = room["wall"].emit("note:mark", {"uuid": uuid_, "starred": True}, callback=True)
    assert not wall["ok"]
    with app.app_context():
        event_service.reissue_host_link(db.session.get(Event, event_tokens["event_id"]).tables[0])
    # The revoked phone is disconnected (evicted); if a reply still came, it is a refusal.
    host = room["host"]
    assert (
        not host.is_connected()
        or not host.emit("note:mark", {"uuid": uuid_, "starred": True}, callback=True)["ok"]
    )
    gone = add(room["other"], "Da cancellare")
    room["other"].emit("note:delete", {"uuid": gone}, callback=True)
    assert (
        room["other"].emit("note:mark", {"uuid": gone, "starred": True}, callback=True)["field"]
        == "uuid"
    )
    with app.app_context():
        assert not any(n.starred for n in db.session.query(Note))


def test_a_hidden_note_stays_stored_its_host_sees_it_and_unhide_brings_it_back(app, room):
    uuid_ = add(room["host"])
    room["host"].get_received()
    hidden = room["org"].emit("note:hide", {"uuid": uuid_, "hidden": True}, callback=True)
    assert hidden["ok"] and hidden["note"]["hidden"] is True
    (pushed,) = changes(room["host"])
    assert pushed["data"]["hidden"] is True and pushed["data"]["text"]
    themes_notes = room["wall"].emit("sync", {"since": 0}, callback=True)["snapshot"]
    assert themes_notes[0]["hidden"] is True  # the wall leaves it out (wall.js)
    with app.app_context():
        assert db.session.query(Note).one().hidden is True
    assert (
        room["org"].emit("note:hide", {"uuid": uuid_, "hidden": False}, callback=True)["note"][
            "hidden"
        ]
        is False
    )


def test_hiding_is_for_the_organiser_of_the_event_only(app, room, make_event):
    uuid_ = add(room["host"])
    assert not room["host"].emit("note:hide", {"uuid": uuid_, "hidden": True}, callback=True)["ok"]
    assert not room["wall"].emit("note:hide", {"uuid": uuid_, "hidden": True}, callback=True)["ok"]
    assert (
        room["org"].emit("note:hide", {"uuid": uuid_, "hidden": "yes"}, callback=True)["field"]
        == "hidden"
    )
    other_id = make_event(title="Altro")
    with app.app_context():
        table = db.session.get(Event, other_id).tables[0]
        from cafe.services import notes as note_service

        elsewhere = note_service.add_note(table, uuid.uuid4(), "Altrove", "idea")[0].uuid
    refused = room["org"].emit("note:hide", {"uuid": elsewhere, "hidden": True}, callback=True)
    assert not refused["ok"] and refused["field"] == "uuid"


def test_the_view_chosen_on_the_panel_reaches_every_wall_and_a_reconnecting_one(
    room, socket_client, event_tokens
):
    room["wall"].get_received()
    reply = room["org"].emit("wall:view", {"view": "themes", "cycle": 40}, callback=True)
    assert reply["ok"] and reply["view"] == {"view": "themes", "cycle": 40}
    (pushed,) = changes(room["wall"], "view")
    assert pushed["data"] == {"view": "themes", "cycle": 40}
    assert changes(room["host"], "view") == []  # phones do not get the wall's view
    late = socket_client({"role": "wall", "token": event_tokens["wall"]})
    assert late.emit("sync", {"since": 0}, callback=True)["view"] == {"view": "themes", "cycle": 40}


@pytest.mark.parametrize(
    "payload",
    [{"view": "mayor"}, {"view": "live", "cycle": 7}, {"view": "live", "cycle": True}, {}],
)
def test_an_unknown_view_or_cycle_is_refused(room, payload):
    assert not room["org"].emit("wall:view", payload, callback=True)["ok"]


def test_themes_group_the_shown_notes_by_meaning_each_once_without_hidden_ones(room):
    texts = [
        "Giovani e lavoro nel distretto",
        "I ragazzi cercano un impiego",
        "Occupazione per i neolaureati",
        "Domanda uno ripetuta",
    ]
    uuids = [add(room["host"], t) for t in texts]
    themes = room["wall"].emit("themes", {}, callback=True)["themes"]
    assert [t["round"] for t in themes] == [1, 1] and themes[-1]["other"]
    assert {n["uuid"] for n in themes[0]["notes"]} == set(uuids[:3])
    assert themes[0]["count"] == 3 and themes[0]["label"] and not themes[0]["other"]
    assert sorted(n["uuid"] for t in themes for n in t["notes"]) == sorted(uuids)
    room["org"].emit("note:hide", {"uuid": uuids[0], "hidden": True}, callback=True)
    again = room["org"].emit("themes", {}, callback=True)["themes"]
    shown = [n["uuid"] for t in again for n in t["notes"]]
    assert sorted(shown) == sorted(uuids[1:]) and again[0]["count"] == len(again[0]["notes"])
    assert not room["host"].emit("themes", {}, callback=True)["ok"]


def test_exports_carry_the_stars_tags_and_hidden_notes(app, room, event_tokens):
    from cafe.services.harvest import build_snapshot

    starred = add(room["host"], "Da ricordare")
    hidden = add(room["host"], "Da nascondere")
    room["host"].emit(
        "note:mark", {"uuid": starred, "starred": True, "tags": ["giovani"]}, callback=True
    )
    room["org"].emit("note:hide", {"uuid": hidden, "hidden": True}, callback=True)
    with app.app_context(), app.test_request_context():
        snapshot = build_snapshot(db.session.get(Event, event_tokens["event_id"]))
    rows = {n.text: n for n in snapshot.notes}
    assert rows["Da ricordare"].starred and rows["Da ricordare"].tags == ("giovani",)
    assert rows["Da nascondere"].hidden and not rows["Da ricordare"].hidden
    assert [n.text for n in snapshot.key_insights(1)] == ["Da ricordare"]


def test_approve_before_showing_keeps_new_notes_off_the_wall_until_the_organiser_shows_them(
    app, room
):
    on = {"star_limit": 3, "tags": [], "approve_first": True}
    assert room["org"].emit("harvest:settings", on, callback=True)["settings"]["approve_first"]
    waiting = add(room["host"], "Giovani e lavoro nel distretto")
    second = add(room["host"], "I giovani cercano lavoro")
    snapshot = room["wall"].emit("sync", {"since": 0}, callback=True)["snapshot"]
    assert all(n["pending"] for n in snapshot)  # wall.js leaves them out
    assert room["wall"].emit("themes", {}, callback=True)["scopes"] == []
    room["host"].get_received()
    shown = room["org"].emit("note:hide", {"uuid": waiting, "hidden": False}, callback=True)
    assert shown["note"]["pending"] is False and shown["note"]["hidden"] is False
    (pushed,) = changes(room["host"])  # the host sees it left the queue
    assert pushed["data"]["pending"] is False
    kept_off = room["org"].emit("note:hide", {"uuid": second, "hidden": True}, callback=True)
    assert (kept_off["note"]["pending"], kept_off["note"]["hidden"]) == (False, True)
    off = {"star_limit": 3, "tags": [], "approve_first": False}
    room["org"].emit("harvest:settings", off, callback=True)
    assert (
        add(room["host"], "Subito sulla bacheca")
        and not room["wall"].emit("sync", {"since": 0}, callback=True)["snapshot"][-1]["pending"]
    )
