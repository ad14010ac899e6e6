"""The control panel's data and pages: the clock kept on SQLite and PostgreSQL, host phones
connected or silent, the re-plan preview, the hand-over form and the panel page.

Bad inputs tried: a hand-over with no table, with a table of another event, to a person
who already hosts; the pages of an event that does not exist; the panel when logged out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from cafe.extensions import db
from cafe.models import Event, Participant
from cafe.services import participants as participant_service
from cafe.services import presence
from cafe.services import rounds as round_service
from cafe.services.importing import ParticipantRow
from cafe.services.panel import panel_state
from cafe.services.replanning import preview_replan
from tests.conftest import event_settings

T0 = datetime(2026, 11, 25, 9, 0, 0)


@pytest.fixture
def at():
    """Set the server's clock: at(minutes) is T0 plus that many minutes."""
    moment = {"now": T0}

    def move(minutes):
        moment["now"] = T0 + timedelta(minutes=minutes)

    move.now = lambda: moment["now"]
    return move


def _event_with_people(hosts=2, others=6):
    from cafe.services.events import create_event

    event = create_event(event_settings(table_count=2))
    rows = [ParticipantRow(i, f"Host {i}", None, True) for i in range(hosts)]
    rows += [ParticipantRow(10 + i, f"Persona {i}", None, False) for i in range(others)]
    participant_service.import_participants(event, rows)
    db.session.commit()
    return event


def test_the_clock_is_kept_in_the_database(ctx, at):
    ctx.config["CAFE_CLOCK"] = at.now
    event = _event_with_people()
    round_service.control(event, "start")
    at(3)
    round_service.control(event, "pause")
    db.session.expire_all()
    stored = db.session.get(Event, event.id)
    assert stored.clock["phase"] == "round" and stored.clock["paused_left"] == 17 * 60
    assert (stored.current_round, stored.round_state) == (1, "running")
    at(50)
    assert round_service.round_payload(stored)["seconds_left"] == 17 * 60


def test_a_host_phone_is_connected_until_it_goes_and_flagged_after_five_silent_minutes(ctx, at):
    ctx.config["CAFE_CLOCK"] = at.now
    event = _event_with_people()
    table = event.tables[0]
    presence.host_came(table.id, event.id)
    round_service.control(event, "start")
    at(4)
    presence.host_pinged(table.id, event.id)  # the phone's regular clock check
    first = panel_state(event)["tables"][0]
    assert (first["connected"], first["flagged"]) == (True, False)
    at(5)
    assert panel_state(event)["tables"][0]["connected"]
    assert panel_state(event)["tables"][0]["flagged"]  # connected, but no note for 5 min
    presence.host_went(table.id, event.id)
    at(6)
    gone = panel_state(event)["tables"][0]
    assert (gone["connected"], gone["flagged"]) == (False, False)  # offline for 1 minute
    at(10)
    assert panel_state(event)["tables"][0]["flagged"]
    assert not panel_state(event)["tables"][1]["connected"]


def test_a_count_left_behind_by_a_crash_does_not_keep_a_phone_connected(ctx, at):
    ctx.config["CAFE_CLOCK"] = at.now
    event = _event_with_people()
    presence.host_came(event.tables[0].id, event.id)
    at(2)
    assert not panel_state(event)["tables"][0]["connected"]  # no ping for 2 minutes


def test_the_panel_counts_arrivals_and_lists_everyone(ctx):
    event = _event_with_people()
    people = list(db.session.scalars(select(Participant).order_by(Participant.id)))
    participant_service.confirm(event, people[3].id)
    state = panel_state(event)
    assert (state["arrived"], state["expected"]) == (1, 8)
    assert [p["name"] for p in state["people"] if p["arrived"]] == [people[3].name]
    assert {p["hosts"] for p in state["people"]} == {None, 1, 2}


def test_the_replan_preview_shows_who_moves_and_changes_nothing(ctx):
    event = _event_with_people()
    round_service.control(event, "start")
    late = participant_service.join(event, "Arrivata tardi", None)
    before = _seats(event)
    preview = preview_replan(event)
    assert preview["from_round"] == 2 and preview["open"]
    assert all(m["round"] >= 2 for m in preview["moves"])
    assert _seats(event) == before
    assert late.id in {p for r in before.values() for p in r}


def _seats(event):
    from cafe.services import seating

    return seating._seats_by_round(event)


def test_the_panel_page_and_the_preview_page(app, logged_in, make_event):
    event_id = make_event()
    page = logged_in.get(f"/o/events/{event_id}/run/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="next-step"' in text and "onclick" not in text
    assert logged_in.get(f"/o/events/{event_id}/run/replan").status_code == 200
    assert logged_in.get("/o/events/999/run/").status_code == 404


def test_the_panel_needs_a_login(app, client, make_event):
    response = client.get(f"/o/events/{make_event()}/run/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("table", ["", "abc", "999"])
def test_a_handover_without_a_real_table_is_refused_next_to_the_field(
    app, logged_in, make_event, table
):
    event_id = make_event()
    response = logged_in.post(
        f"/o/events/{event_id}/run/handover", data={"table": table, "successor": "1"}
    )
    assert response.status_code == 422
    assert 'id="e-table"' in response.get_data(as_text=True)


def test_publishing_from_the_preview_publishes_the_plan(app, logged_in, make_event):
    event_id = make_event()
    response = logged_in.post(f"/o/events/{event_id}/run/replan")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Event, event_id).seating_published


def test_the_handover_suggests_only_someone_who_has_arrived(ctx):
    from cafe.services.attendance import expected_at
    from cafe.services.seating import publish, successors

    event = _event_with_people(others=6)
    publish(event)
    people = {p.name: p for p in db.session.scalars(select(Participant))}
    host = people["Host 0"]
    table = next(t for t in event.tables if t.host_id == host.id)
    ahead = successors(event)[host.id]  # nobody has arrived: planning ahead, anyone
    assert ahead in {p.id for p in people.values() if not p.is_host}
    came = next(p for p in people.values() if not p.is_host and p.id != ahead)
    participant_service.confirm(event, came.id)
    assert successors(event)[host.id] == came.id
    # At her own table the host, never ticked at the desk, is here: she reads the list.
    rows = {r["name"]: r for r in expected_at(event, table)}
    assert rows["Host 0"]["here"] and rows["Host 0"]["host"]
    assert all(r["host"] or r["here"] == (name == came.name) for name, r in rows.items())
