"""Dot voting through the socket handlers: N dots, changing one's mind, closing, refusing
a vote after closing or before opening, a participant of another event, by-group totals
and a reconnecting phone that sees its own dots. Bad inputs tried: one dot too many, two
on one insight without stacking, a note that is not a key insight, a hidden insight, an
invalid UUID, dots that are not a mapping, 0 / 11 / true dots per person, a wall or a host
voting, voting opened with no key insight."""

import uuid

import pytest

from cafe.extensions import db
from cafe.models import Event, Vote


@pytest.fixture
def room(app, logged_in, socket_client, event_tokens, make_event):
    """Three key insights of event A; Carla (cittadini) and Ezio (esperti) at A; Olga at B."""
    from cafe.services import marks
    from cafe.services import notes as note_service
    from cafe.services import participants as participant_service

    other_id = make_event(title="B")
    with app.app_context():
        event = db.session.get(Event, event_tokens["event_id"])
        insights = []
        for n, text in enumerate(["Più fiducia", "Dati aperti", "Scuole coinvolte"]):
            table = event.tables[n]
            note = note_service.add_note(table, uuid.uuid4(), text, "idea")[0]
            marks.mark_note(table, note.uuid, True, None)
            insights.append(note.uuid)
        plain = note_service.add_note(event.tables[0], uuid.uuid4(), "Non scelta", "idea")[0].uuid
        carla = participant_service.join(event, "Carla", "cittadini").token
        ezio = participant_service.join(event, "Ezio", "esperti").token
        olga = participant_service.join(db.session.get(Event, other_id), "Olga", "cittadini").token
        db.session.commit()

    def phone(token):
        return socket_client({"role": "participant", "token": token})

    return {
        "org": socket_client({"role": "organiser", "event_id": event_tokens["event_id"]}),
        "wall": socket_client({"role": "wall", "token": event_tokens["wall"]}),
        "host": socket_client({"role": "host", "token": event_tokens["hosts"][0]}),
        "carla": phone(carla),
        "ezio": phone(ezio),
        "olga": phone(olga),
        "carla_token": carla,
        "insights": insights,
        "plain": plain,
        "phone": phone,
    }


def open_voting(room, dots=3, stack=False):
    reply = room["org"].emit(
        "voting", {"action": "open", "dots": dots, "stack": stack}, callback=True
    )
    assert reply["ok"], reply
    return reply


def vote(room, who, dots):
    return room[who].emit("vote", {"dots": dots}, callback=True)


def test_no_vote_before_the_organiser_opens_it(room):
    refused = vote(room, "carla", {room["insights"][0]: 1})
    assert not refused["ok"] and refused["field"] == "dots"


def test_opening_tells_every_phone_the_rules_and_the_insights(room):
    room["carla"].get_received()
    open_voting(room, dots=2)
    pushed = [m["args"][0] for m in room["carla"].get_received() if m["name"] == "change"]
    voting = next(m["data"] for m in pushed if m["kind"] == "voting")
    assert voting["open"] and voting["dots"] == 2 and not voting["stack"]
    assert [i["uuid"] for i in voting["insights"]] == room["insights"]
    assert "mine" not in voting
    assert voting["event_closed"] is False


def test_each_participant_spends_at_most_n_dots(room):
    open_voting(room, dots=2)
    a, b, c = room["insights"]
    assert not vote(room, "carla", {a: 1, b: 1, c: 1})["ok"]
    ok = vote(room, "carla", {a: 1, b: 1})
    assert ok["ok"] and ok["voting"]["mine"] == {a: 1, b: 1}


def test_two_dots_on_one_insight_only_when_the_organiser_allows_it(room):
    a = room["insights"][0]
    open_voting(room, dots=3, stack=False)
    assert vote(room, "carla", {a: 2})["error"]
    open_voting(room, dots=3, stack=True)
    assert vote(room, "carla", {a: 2})["voting"]["mine"] == {a: 2}


def test_changing_ones_mind_replaces_the_whole_set(app, room):
    a, b, c = room["insights"]
    open_voting(room)
    vote(room, "carla", {a: 1, b: 1, c: 1})
    again = vote(room, "carla", {c: 1})
    assert again["voting"]["mine"] == {c: 1}
    vote(room, "carla", {c: 1})  # the same set resent: nothing new
    with app.app_context():
        assert db.session.query(Vote).count() == 1


def test_closing_refuses_later_votes_and_keeps_the_results(room):
    a = room["insights"][0]
    open_voting(room)
    vote(room, "carla", {a: 1})
    assert room["org"].emit("voting", {"action": "close"}, callback=True)["ok"]
    refused = vote(room, "carla", {a: 1, room["insights"][1]: 1})
    assert not refused["ok"] and refused["field"] == "dots"
    results = room["wall"].emit("sync", {"since": 0}, callback=True)["votes"]
    assert results["insights"][0]["uuid"] == a and results["insights"][0]["total"] == 1


def test_only_this_events_shown_key_insights_take_dots(room):
    open_voting(room)
    for dots in ({room["plain"]: 1}, {str(uuid.uuid4()): 1}, {"not-a-uuid": 1}, [1], "a"):
        assert not vote(room, "carla", dots)["ok"], dots
    assert not vote(room, "olga", {room["insights"][0]: 1})["ok"]  # another event's person
    room["org"].emit("note:hide", {"uuid": room["insights"][2], "hidden": True}, callback=True)
    assert not vote(room, "carla", {room["insights"][2]: 1})["ok"]


@pytest.mark.parametrize("settings", [{"dots": 0}, {"dots": 11}, {"dots": True}, {"stack": "no"}])
def test_bad_voting_settings_are_refused(room, settings):
    payload = {"action": "open", "dots": 3, "stack": False, **settings}
    assert not room["org"].emit("voting", payload, callback=True)["ok"]


def test_walls_and_hosts_cannot_vote_nor_open_voting(room):
    open_voting(room)
    for screen in ("wall", "host"):
        assert not vote(room, screen, {room["insights"][0]: 1})["ok"]
        assert not room[screen].emit("voting", {"action": "close"}, callback=True)["ok"]


def test_results_by_group_side_by_side_with_the_agreement_said_plainly(room):
    a, b, c = room["insights"]
    open_voting(room, dots=3, stack=True)
    room["wall"].get_received()
    vote(room, "carla", {a: 2, b: 1})
    vote(room, "ezio", {b: 2, c: 1})
    pushed = [m["args"][0] for m in room["wall"].get_received() if m["name"] == "change"]
    results = [m["data"] for m in pushed if m["kind"] == "votes"][-1]
    rows = {r["uuid"]: r for r in results["insights"]}
    assert [r["uuid"] for r in results["insights"]] == [b, a, c]
    assert rows[b]["total"] == 3 and rows[b]["by_group"] == {"cittadini": 1, "esperti": 2}
    assert rows[a]["agreement"] == "Divide: prima per cittadini, nessun punto da esperti"
    assert rows[b]["agreement"] == "Prima per esperti, un punto da cittadini (1 su 1)"
    assert rows[b]["kind"] == "shared" and rows[b]["shares"] == {
        "cittadini": [1, 1],
        "esperti": [1, 1],
    }
    assert results["divided"] == [a, c] and results["agreed"][0] == b
    assert [g["key"] for g in results["groups"]] == ["cittadini", "esperti"]


def test_a_phone_that_reconnects_sees_its_own_dots(room):
    a = room["insights"][0]
    open_voting(room)
    vote(room, "carla", {a: 1})
    room["carla"].disconnect()
    again = room["phone"](room["carla_token"]).emit("sync", {"since": 0}, callback=True)
    assert again["voting"]["mine"] == {a: 1} and again["voting"]["open"]


def test_voting_needs_a_key_insight(app, room):
    with app.app_context():
        from cafe.models import Note

        for note in db.session.query(Note):
            note.starred = False
        db.session.commit()
    refused = room["org"].emit(
        "voting", {"action": "open", "dots": 3, "stack": False}, callback=True
    )
    assert not refused["ok"] and refused["error"]


def test_exports_count_the_votes_by_group(app, room, event_tokens):
    from cafe.services.harvest import build_snapshot

    a = room["insights"][0]
    open_voting(room)
    vote(room, "carla", {a: 1})
    vote(room, "ezio", {a: 1})
    with app.app_context(), app.test_request_context():
        snapshot = build_snapshot(db.session.get(Event, event_tokens["event_id"]))
    row = next(n for n in snapshot.notes if n.text == "Più fiducia")
    assert row.votes == 2 and row.votes_by_group == {"cittadini": 1, "esperti": 1}


def test_the_snapshot_says_where_the_groups_agree_and_divide(app, room, event_tokens):
    from cafe.services.harvest import build_snapshot

    a, b, _c = room["insights"]
    open_voting(room)
    with app.app_context(), app.test_request_context():
        event = db.session.get(Event, event_tokens["event_id"])
        event.groups = ["cittadini", "esperti", "terzo settore"]
        db.session.commit()
        assert build_snapshot(event).consensus is None  # nobody voted yet
    vote(room, "carla", {a: 1, b: 1})
    vote(room, "ezio", {b: 1})
    with app.app_context(), app.test_request_context():
        section = build_snapshot(db.session.get(Event, event_tokens["event_id"])).consensus
        english = build_snapshot(db.session.get(Event, event_tokens["event_id"]), language="en")
    assert [r.text for r in section.agreed] == ["Dati aperti"]  # "Più fiducia" divides
    top = section.agreed[0]
    assert top.wording == "Prima per tutti i gruppi (a pari merito per cittadini)"
    assert top.votes == 2 and top.kind == "all_first"
    assert [(s.group, s.dotted, s.voters) for s in top.shares] == [
        ("cittadini", 1, 1),
        ("esperti", 1, 1),
    ]
    assert [r.text for r in section.divided] == ["Più fiducia"]
    assert (
        section.divided[0].wording
        == "Divide: prima a pari merito per cittadini, nessun punto da esperti"
    )
    assert section.voters == {"cittadini": 1, "esperti": 1, "terzo settore": 0}
    assert section.silent == ("terzo settore",)
    assert section.silent_text == "Nessun voto da terzo settore."
    assert english.consensus.silent_text == "No votes from terzo settore."


def run_to_closed(room):
    for action in ("start", "finish", "close"):
        reply = room["org"].emit("clock", {"action": action}, callback=True)
        assert reply["ok"], (action, reply)


def test_closing_the_event_closes_voting_and_the_panel_and_phones_are_told(room):
    a = room["insights"][0]
    open_voting(room)
    vote(room, "carla", {a: 1})
    room["org"].get_received()
    room["carla"].get_received()
    run_to_closed(room)
    for screen in ("org", "carla"):
        pushed = [m["args"][0] for m in room[screen].get_received() if m["name"] == "change"]
        voting = [m["data"] for m in pushed if m["kind"] == "voting"]
        assert [(v["open"], v["event_closed"]) for v in voting] == [(False, True)], screen
    harvest = room["org"].emit("harvest", {}, callback=True)
    assert harvest["voting"]["open"] is False and harvest["results"]["open"] is False
    assert harvest["voting"]["event_closed"] is True  # the panel disables "Open the voting"
    refused = vote(room, "ezio", {a: 1})
    assert not refused["ok"] and refused["error"] == "Voting is closed."
    assert refused["voting"]["open"] is False  # the phone shows it closed at once
    again = room["org"].emit("voting", {"action": "open", "dots": 3, "stack": False}, callback=True)
    assert not again["ok"]
    results = room["wall"].emit("sync", {"since": 0}, callback=True)["votes"]
    assert results["insights"][0]["total"] == 1


def test_a_refused_dot_brings_back_the_set_the_server_keeps(room):
    a, b, _ = room["insights"]
    open_voting(room, dots=1)
    vote(room, "carla", {a: 1})
    refused = vote(room, "carla", {a: 1, b: 1})
    assert not refused["ok"] and refused["voting"]["mine"] == {a: 1}
