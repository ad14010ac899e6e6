"""The organiser's synthesis through the socket handlers: rename, merge, split, move a note
(to a theme or a new one), choose quotes, write the summary, conclusions and next steps;
every decision survives a recomputation (new notes), reaches a second organiser and the
wall through the change feed, and is refused on a stale version of a theme.

Bad inputs tried: another event's note, a note hidden from the wall, a wall, a host and a
participant token for every action, a stale version (two organisers on one theme), a theme
that was merged away, an unknown scope, `true` as a scope or version, an empty or too long
name, splitting every note out, more than three quotes, quotes from another theme, a
conclusion for a round, a text with a lone surrogate."""

import uuid

import pytest

from cafe.extensions import db
from cafe.models import Event

NOTES = [
    "Anziani soli in casa tutto il giorno",
    "Gli anziani non hanno trasporti per uscire",
    "Anziani e nipoti insieme in biblioteca",
    "Lavoro precario per i giovani del distretto",
    "I giovani cercano lavoro fuori dal distretto",
    "Giovani e lavoro: stage nelle imprese",
    "Una piazza per il mercato contadino",
]


@pytest.fixture
def room(app, logged_in, socket_client, event_tokens, make_event):
    """Event A with seven round-1 notes at two tables; event B with one note."""
    from cafe.services import notes as note_service

    other_id = make_event(title="B")
    with app.app_context():
        event = db.session.get(Event, event_tokens["event_id"])
        uuids = {}
        for n, text in enumerate(NOTES):
            note = note_service.add_note(event.tables[n % 2], uuid.uuid4(), text, "idea", 1)[0]
            uuids[text] = note.uuid
        other = db.session.get(Event, other_id)
        foreign = note_service.add_note(other.tables[0], uuid.uuid4(), "Anziani soli", "idea", 1)
        foreign = foreign[0].uuid
        db.session.commit()

    def organiser():
        return socket_client({"role": "organiser", "event_id": event_tokens["event_id"]})

    return {
        "org": organiser(),
        "org2": organiser(),
        "wall": socket_client({"role": "wall", "token": event_tokens["wall"]}),
        "host": socket_client({"role": "host", "token": event_tokens["hosts"][0]}),
        "uuids": uuids,
        "foreign": foreign,
        "event_id": event_tokens["event_id"],
        "add": lambda text, table=0: _add(app, event_tokens["event_id"], text, table),
    }


def _add(app, event_id, text, table):
    from cafe.services import notes as note_service

    with app.app_context():
        event = db.session.get(Event, event_id)
        return note_service.add_note(event.tables[table], uuid.uuid4(), text, "idea", 1)[0].uuid


def ask(screen, event, data):
    return screen.emit(event, data, callback=True)


def themes_of(screen, scope=1):
    reply = ask(screen, "synthesis", {"scope": scope})
    assert reply["ok"], reply
    return reply["themes"]


def holding(themes, item):
    return next(t for t in themes if item in t["items"])


def test_every_note_is_in_exactly_one_theme(room):
    themes = themes_of(room["org"])
    items = [i for t in themes for i in t["items"]]
    assert sorted(items) == sorted(room["uuids"].values())
    assert all(t["count"] == len(t["items"]) for t in themes)


def test_rename_wins_and_keeps_collecting_the_notes_of_its_group(room):
    a = room["uuids"][NOTES[0]]
    theme = holding(themes_of(room["org"]), a)
    reply = ask(
        room["org"],
        "theme:rename",
        {"scope": 1, "key": theme["key"], "version": theme["version"], "label": "Solitudine"},
    )
    assert reply["ok"], reply
    renamed = holding(reply["themes"], a)
    assert renamed["label"] == "Solitudine" and renamed["curated"]
    assert renamed["version"] == 1 and set(theme["items"]) <= set(renamed["items"])
    # A recomputation (new notes) keeps the name and the notes.
    room["add"]("Anziani soli la domenica")
    room["add"]("Anziani soli e senza aiuto")
    again = holding(themes_of(room["org"]), a)
    assert again["label"] == "Solitudine" and set(theme["items"]) <= set(again["items"])


def test_a_second_organiser_and_the_wall_follow_through_the_change_feed(room):
    a = room["uuids"][NOTES[0]]
    theme = holding(themes_of(room["org"]), a)
    for screen in ("org2", "wall"):
        room[screen].get_received()
    ask(
        room["org"],
        "theme:rename",
        {"scope": 1, "key": theme["key"], "version": 0, "label": "Solitudine"},
    )
    for screen in ("org2", "wall"):
        pushed = [m["args"][0] for m in room[screen].get_received() if m["name"] == "change"]
        assert [c["kind"] for c in pushed] == ["synthesis"]
        assert pushed[0]["data"]["scope"] == 1 and pushed[0]["data"]["action"] == "rename"
    assert holding(themes_of(room["org2"]), a)["label"] == "Solitudine"
    walls = ask(room["wall"], "themes", {})["scopes"]
    assert holding(walls[0]["themes"], a)["label"] == "Solitudine"
    # A screen that reconnects with an older seq replays the decision.
    replay = ask(room["wall"], "sync", {"since": 1})
    assert "synthesis" in [c["kind"] for c in replay["changes"]]


def test_a_stale_version_is_refused_and_nothing_changes(room):
    a = room["uuids"][NOTES[0]]
    theme = holding(themes_of(room["org"]), a)
    first = {"scope": 1, "key": theme["key"], "version": 0, "label": "Solitudine"}
    assert ask(room["org"], "theme:rename", first)["ok"]
    key = holding(themes_of(room["org"]), a)["key"]
    # The second organiser still holds version 0 of the automatic theme, then version 1.
    late = ask(room["org2"], "theme:rename", {**first, "label": "Isolamento"})
    assert not late["ok"] and late["field"] == "version" and late["error"]
    stale = {"scope": 1, "key": key, "version": 0, "label": "Isolamento"}
    assert ask(room["org2"], "theme:rename", stale)["field"] == "version"
    assert ask(room["org2"], "theme:rename", {**stale, "version": True})["field"] == "version"
    assert holding(themes_of(room["org"]), a)["label"] == "Solitudine"
    assert ask(room["org2"], "theme:rename", {**stale, "version": 1})["ok"]


def test_merge_puts_every_note_in_one_theme_and_the_other_is_gone(room):
    a, b = room["uuids"][NOTES[0]], room["uuids"][NOTES[3]]
    themes = themes_of(room["org"])
    source, target = holding(themes, b), holding(themes, a)
    assert source["key"] != target["key"]
    reply = ask(
        room["org"],
        "theme:merge",
        {
            "scope": 1,
            "key": source["key"],
            "version": source["version"],
            "into": target["key"],
            "into_version": target["version"],
        },
    )
    assert reply["ok"], reply
    merged = holding(reply["themes"], a)
    assert set(source["items"]) | set(target["items"]) <= set(merged["items"])
    assert source["key"] not in [t["key"] for t in reply["themes"]]
    # Merging the theme that is gone is stale.
    again = ask(
        room["org"],
        "theme:merge",
        {
            "scope": 1,
            "key": source["key"],
            "version": 0,
            "into": merged["key"],
            "into_version": merged["version"],
        },
    )
    assert again["field"] == "version"
    same = {"scope": 1, "key": merged["key"], "version": 1, "into": merged["key"]}
    assert ask(room["org"], "theme:merge", {**same, "into_version": 1})["field"] == "into"


def test_merging_two_curated_themes_keeps_the_decisions_over_new_notes(room):
    a, b = room["uuids"][NOTES[0]], room["uuids"][NOTES[3]]
    for item, name in ((a, "Anziani"), (b, "Giovani")):
        theme = holding(themes_of(room["org"]), item)
        ask(
            room["org"],
            "theme:rename",
            {"scope": 1, "key": theme["key"], "version": 0, "label": name},
        )
    themes = themes_of(room["org"])
    source, target = holding(themes, b), holding(themes, a)
    merge = {
        "scope": 1,
        "key": source["key"],
        "version": 1,
        "into": target["key"],
        "into_version": 1,
    }
    assert ask(room["org"], "theme:merge", merge)["ok"]
    room["add"]("Giovani e lavoro stagionale")
    after = themes_of(room["org"])
    assert holding(after, a)["key"] == holding(after, b)["key"] == target["key"]
    assert holding(after, a)["label"] == "Anziani"


def test_split_takes_notes_into_a_new_theme(room):
    a = room["uuids"][NOTES[0]]
    theme = holding(themes_of(room["org"]), a)
    out = [i for i in theme["items"] if i != a][:1]
    split = {"scope": 1, "key": theme["key"], "version": 0, "items": out, "label": "Nipoti"}
    reply = ask(room["org"], "theme:split", split)
    assert reply["ok"], reply
    new = holding(reply["themes"], out[0])
    assert new["label"] == "Nipoti" and new["items"] == out
    assert out[0] not in holding(reply["themes"], a)["items"]
    everything = holding(themes_of(room["org"]), a)
    refused = ask(
        room["org"],
        "theme:split",
        {
            **split,
            "key": everything["key"],
            "version": everything["version"],
            "items": everything["items"],
        },
    )
    assert not refused["ok"] and refused["field"] == "items"


def test_move_by_menu_to_a_theme_or_a_new_one_survives_a_recomputation(room):
    piazza, a = room["uuids"][NOTES[6]], room["uuids"][NOTES[0]]
    target = holding(themes_of(room["org"]), a)
    reply = ask(room["org"], "theme:move", {"scope": 1, "item": piazza, "to": target["key"]})
    assert reply["ok"], reply
    assert holding(reply["themes"], piazza)["key"] == holding(reply["themes"], a)["key"]
    room["add"]("Una piazza coperta per il mercato")
    assert (
        holding(themes_of(room["org"]), piazza)["key"] == holding(themes_of(room["org"]), a)["key"]
    )
    alone = ask(
        room["org"], "theme:move", {"scope": 1, "item": piazza, "to": "new", "label": "Spazi"}
    )
    assert holding(alone["themes"], piazza)["label"] == "Spazi"
    assert holding(alone["themes"], piazza)["items"] == [piazza]


def test_quotes_are_chosen_from_the_theme(room):
    a, b = room["uuids"][NOTES[0]], room["uuids"][NOTES[1]]
    theme = holding(themes_of(room["org"]), a)
    assert b in theme["items"]
    pick = {"scope": 1, "key": theme["key"], "version": 0, "quotes": [b, a]}
    reply = ask(room["org"], "theme:quotes", pick)
    assert reply["ok"], reply
    assert holding(reply["themes"], a)["quotes"] == [b, a]
    key = holding(reply["themes"], a)["key"]
    outsider = room["uuids"][NOTES[6]]
    for bad in (
        [outsider],
        [a, a],
        [a, b, outsider, room["uuids"][NOTES[2]]],
        "x",
        [room["foreign"]],
    ):
        refused = ask(
            room["org"], "theme:quotes", {**pick, "key": key, "version": 1, "quotes": bad}
        )
        assert not refused["ok"] and refused["field"] == "quotes", bad


def test_the_organisers_texts_with_stale_refusal(room):
    write = {"scope": 1, "kind": "summary", "text": "Solitudine e lavoro.", "version": 0}
    reply = ask(room["org"], "synthesis:text", write)
    assert reply["ok"] and reply["texts"]["summary"] == {
        "text": "Solitudine e lavoro.",
        "version": 1,
    }
    assert ask(room["org2"], "synthesis:text", {**write, "text": "Altro"})["field"] == "version"
    end = {"scope": 0, "kind": "conclusions", "text": "Ripartire dai piccoli comuni.", "version": 0}
    assert ask(room["org"], "synthesis:text", end)["ok"]
    steps = ask(room["org"], "synthesis:text", {**end, "kind": "next_steps"})
    assert steps["texts"]["conclusions"]["text"] == "Ripartire dai piccoli comuni."
    assert steps["texts"]["next_steps"]["version"] == 1
    for bad in (
        {**end, "scope": 1, "version": 0},  # conclusions belong to the morning
        {**write, "kind": "poem", "version": 1},
        {**write, "text": "x" * 4001, "version": 1},
        {**write, "text": "\ud800", "version": 1},
        {**write, "scope": 9},
        {**write, "scope": True},
    ):
        assert not ask(room["org"], "synthesis:text", bad)["ok"], bad
    cleared = ask(room["org"], "synthesis:text", {**write, "text": "  ", "version": 1})
    assert cleared["texts"]["summary"] == {"text": "", "version": 2}


def test_another_events_note_and_hidden_notes_are_refused(room, app):
    from cafe.services import marks

    foreign = ask(
        room["org"], "theme:move", {"scope": 1, "item": room["foreign"], "to": "new", "label": "X"}
    )
    assert not foreign["ok"] and foreign["field"] == "item"
    a = room["uuids"][NOTES[0]]
    with app.app_context():
        marks.hide_note(db.session.get(Event, room["event_id"]), a, True)
    themes = themes_of(room["org"])
    assert a not in [i for t in themes for i in t["items"]]
    assert not ask(room["org"], "theme:move", {"scope": 1, "item": a, "to": "new", "label": "X"})[
        "ok"
    ]
    walls = ask(room["wall"], "themes", {})["scopes"]
    assert a not in [i for s in walls for t in s["themes"] for i in t["items"]]


@pytest.mark.parametrize(
    "event, data",
    [
        ("synthesis", {"scope": 1}),
        ("theme:rename", {"scope": 1, "key": "other", "version": 0, "label": "X"}),
        ("theme:merge", {"scope": 1, "key": "other", "version": 0, "into": "x", "into_version": 0}),
        ("theme:split", {"scope": 1, "key": "other", "version": 0, "items": [], "label": "X"}),
        ("theme:move", {"scope": 1, "item": "x", "to": "new", "label": "X"}),
        ("theme:quotes", {"scope": 1, "key": "other", "version": 0, "quotes": []}),
        ("synthesis:text", {"scope": 1, "kind": "summary", "text": "x", "version": 0}),
    ],
)
def test_walls_hosts_and_participants_cannot_curate(room, app, socket_client, event, data):
    from cafe.services import participants

    with app.app_context():
        token = participants.join(
            db.session.get(Event, room["event_id"]), "Carla", "cittadini"
        ).token
        db.session.commit()
    phone = socket_client({"role": "participant", "token": token})
    for screen in (room["wall"], room["host"], phone):
        reply = ask(screen, event, data)
        assert reply["ok"] is False and "themes" not in reply


def test_bad_scopes_and_labels_are_refused(room):
    theme = themes_of(room["org"])[0]
    rename = {"scope": 1, "key": theme["key"], "version": 0}
    for bad in ({"label": ""}, {"label": "   "}, {"label": "x" * 81}, {"label": 7}):
        refused = ask(room["org"], "theme:rename", {**rename, **bad})
        assert not refused["ok"] and refused["field"] == "label", bad
    for scope in (9, -1, "1", True, None):
        assert ask(room["org"], "synthesis", {"scope": scope})["field"] == "scope"


def test_decisions_flow_to_the_exports(room, app):
    from cafe.services.harvest import build_snapshot

    a, b = room["uuids"][NOTES[0]], room["uuids"][NOTES[1]]
    theme = holding(themes_of(room["org"]), a)
    base = {"scope": 1, "key": theme["key"]}
    ask(room["org"], "theme:rename", {**base, "version": 0, "label": "Solitudine"})
    key = holding(themes_of(room["org"]), a)["key"]
    ask(room["org"], "theme:quotes", {"scope": 1, "key": key, "version": 1, "quotes": [b]})
    summary = {"scope": 1, "kind": "summary", "text": "Gli anziani soli.", "version": 0}
    ask(room["org"], "synthesis:text", summary)
    end = {"scope": 0, "kind": "next_steps", "text": "Un tavolo con i comuni.", "version": 0}
    ask(room["org"], "synthesis:text", end)
    with app.app_context(), app.test_request_context():
        snapshot = build_snapshot(db.session.get(Event, room["event_id"]))
    assert [q.round for q in snapshot.synthesis] == [1]
    first = snapshot.synthesis[0]
    assert first.question == "Domanda uno?" and first.summary == "Gli anziani soli."
    found = next(t for t in first.themes if t.label == "Solitudine")
    assert found.curated and found.quotes == (NOTES[1],) and NOTES[0] in found.notes
    assert sum(len(t.notes) for t in first.themes) == len(NOTES)  # each note once
    assert snapshot.next_steps == "Un tavolo con i comuni." and snapshot.conclusions == ""
