"""The organiser's seating: the plan page, changes by hand, publication, the desk list and
find-your-table. Bad inputs tried: a swap in a running round, swapping a host, pinning to
a table of another event, someone not in the event, a host leaving without anyone able
to take over, an unknown action."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from cafe.extensions import db
from cafe.models import Event, Participant, Seat
from cafe.seating import Metrics
from cafe.services import rounds as round_service
from cafe.services.demo import load_reference_scenario
from cafe.services.seating import quality_in_words

SCENARIO = Path(__file__).parent.parent / "cafe" / "scenarios" / "distretto-ceramico"


@pytest.fixture
def demo(app):
    with app.test_request_context():
        return load_reference_scenario().id


def seats(app, event_id):
    with app.app_context():
        rows = db.session.scalars(select(Seat).where(Seat.event_id == event_id))
        return {(s.participant_id, s.round_number): s.table_id for s in rows}


def person(app, name):
    with app.app_context():
        return db.session.scalar(select(Participant).where(Participant.name == name))


def test_the_plan_page_shows_every_round_and_says_how_good_it_is(logged_in, demo):
    page = logged_in.get(f"/o/events/{demo}/seating/?lang=en").get_data(as_text=True)
    assert page.count('class="seating-table"') == 12 * 3
    assert "Everyone meets new people every round." in page
    assert "evenly mixed" in page
    assert page.count("Sara Zanni") >= 3


def test_swapping_two_people_keeps_the_swap_and_replans_later_rounds(app, logged_in, demo):
    a, b = person(app, "Valentina Mancini"), person(app, "Giulia Giordano")
    before = seats(app, demo)
    response = logged_in.post(
        f"/o/events/{demo}/seating/change",
        data={"action": "swap", "round": "2", "first": a.id, "second": b.id},
    )
    assert response.status_code == 302
    after = seats(app, demo)
    assert after[(a.id, 2)] == before[(b.id, 2)] and after[(b.id, 2)] == before[(a.id, 2)]
    assert all(after[(p, 1)] == t for (p, r), t in before.items() if r == 1)
    page = logged_in.get(f"/o/events/{demo}/seating/?lang=en").get_data(as_text=True)
    assert "Done" in page or "seating-table" in page


def test_nobody_in_a_running_round_is_moved(app, logged_in, demo):
    with app.app_context():
        round_service.start_round(db.session.get(Event, demo))
    a, b = person(app, "Valentina Mancini"), person(app, "Giulia Giordano")
    before = seats(app, demo)
    response = logged_in.post(
        f"/o/events/{demo}/seating/change?lang=en",
        data={"action": "swap", "round": "1", "first": a.id, "second": b.id},
    )
    assert response.status_code == 422
    assert "already started" in response.get_data(as_text=True)
    assert seats(app, demo) == before


def test_hosts_cannot_be_swapped(app, logged_in, demo):
    host, guest = person(app, "Sara Zanni"), person(app, "Giulia Giordano")
    response = logged_in.post(
        f"/o/events/{demo}/seating/change?lang=en",
        data={"action": "swap", "round": "2", "first": host.id, "second": guest.id},
    )
    assert response.status_code == 422 and "hosts stay" in response.get_data(as_text=True)


def test_a_pinned_person_keeps_their_table_in_every_future_round(app, logged_in, demo):
    someone = person(app, "Valentina Mancini")
    with app.app_context():
        table = db.session.get(Event, demo).tables[6]
        table_id = table.id
    response = logged_in.post(
        f"/o/events/{demo}/seating/change",
        data={"action": "pin", "person": someone.id, "table": table_id},
    )
    assert response.status_code == 302
    after = seats(app, demo)
    assert [after[(someone.id, r)] for r in (1, 2, 3)] == [table_id] * 3


def test_pinning_to_another_events_table_is_refused(app, logged_in, demo, make_event):
    other = make_event()
    with app.app_context():
        foreign = db.session.get(Event, other).tables[0].id
    response = logged_in.post(
        f"/o/events/{demo}/seating/change?lang=en",
        data={"action": "pin", "person": person(app, "Valentina Mancini").id, "table": foreign},
    )
    assert response.status_code == 422 and 'id="e-pin-table"' in response.get_data(as_text=True)


def test_a_host_who_leaves_hands_the_table_to_the_suggested_person(app, logged_in, demo):
    with app.app_context():
        round_service.start_round(db.session.get(Event, demo))
    host = person(app, "Sara Zanni")
    before = seats(app, demo)
    table_id = before[(host.id, 1)]
    response = logged_in.post(
        f"/o/events/{demo}/seating/change",
        data={"action": "leave", "person": host.id, "successor": ""},
    )
    assert response.status_code == 302
    after = seats(app, demo)
    with app.app_context():
        table = next(t for t in db.session.get(Event, demo).tables if t.id == table_id)
        successor = db.session.get(Participant, table.host_id)
        assert successor.id != host.id and successor.is_host
    assert after[(successor.id, 2)] == table_id and after[(successor.id, 3)] == table_id
    assert (host.id, 2) not in after and after[(host.id, 1)] == table_id  # round 1 is history
    assert {k: v for k, v in after.items() if k[1] == 1} == {
        k: v for k, v in before.items() if k[1] == 1
    }


def test_an_unknown_person_or_action_is_refused(app, logged_in, demo):
    bad = logged_in.post(
        f"/o/events/{demo}/seating/change?lang=en", data={"action": "leave", "person": "999999"}
    )
    assert bad.status_code == 422 and "Choose someone from the list" in bad.get_data(as_text=True)
    assert (
        logged_in.post(f"/o/events/{demo}/seating/change", data={"action": "explode"}).status_code
        == 400
    )


def test_publishing_shows_every_round_on_the_phones(app, client, logged_in, demo):
    someone = person(app, "Valentina Mancini")
    hidden = client.get(f"/p/{someone.token}?lang=en").get_data(as_text=True)
    assert hidden.count("after check-in</span>") == 2
    logged_in.post(f"/o/events/{demo}/seating/publish")
    shown = client.get(f"/p/{someone.token}?lang=en").get_data(as_text=True)
    assert "after check-in</span>" not in shown
    with app.app_context():
        numbers = {t.id: t.number for t in db.session.get(Event, demo).tables}
    schedule = shown.split('id="schedule"')[1].split("</ul>")[0]
    for r in (1, 2, 3):
        table = numbers[seats(app, demo)[(someone.id, r)]]
        assert f"<span>Round {r}</span>" in schedule
        assert f"Table {table}</span>" in schedule.split(f"<span>Round {r}</span>")[1][:60]


def test_the_desk_list_is_by_surname_with_a_tick_box_and_the_round_1_table(app, logged_in, demo):
    from cafe.services.namesakes import surname_key

    page = logged_in.get(f"/o/events/{demo}/seating/desk").get_data(as_text=True)
    rows = page.split('<td class="tick">')[1:]
    names = [row.split('<th scope="row">')[1].split("<")[0].strip() for row in rows]
    assert len(names) == 64 and names == sorted(names, key=surname_key)
    assert names[:3] == ["Elisa Baraldi", "Luigi Baraldi", "Ludovica Barbieri"]
    first = person(app, names[0])
    with app.app_context():
        numbers = {t.id: t.number for t in db.session.get(Event, demo).tables}
    table = numbers[seats(app, demo)[(first.id, 1)]]
    assert 'class="tick-box"' in rows[0] and f"<td>{table}</td>" in rows[0]


def test_find_your_name_shows_no_table_until_confirmed(app, client, demo):
    with app.app_context():
        event = db.session.get(Event, demo)
        join = event.join_token
        someone = db.session.scalar(
            select(Participant).where(Participant.name == "Giulia Giordano")
        )
        assert (someone.id, 1) in seats(app, demo)
    page = client.get(f"/j/{join}?q=giulia giordano&lang=en").get_data(as_text=True)
    # The door lists names only: tables are for the person who confirms the name.
    assert "Giulia Giordano" in page and "table" not in page.split("Giulia Giordano")[1][:200]
    ref = re.search(r'name="who" value="([^"]+)"', page).group(1)
    seat = client.get(client.post(f"/j/{join}/me", data={"who": ref}).location + "?lang=en")
    shown = re.search(r'id="seat-table">([^<]*)<', seat.get_data(as_text=True)).group(1)
    assert shown.isdigit() and 1 <= int(shown) <= 12


def test_phones_hear_about_a_published_plan_at_once(app, logged_in, demo, socket_client):
    someone = person(app, "Valentina Mancini")
    phone = socket_client({"role": "participant", "token": someone.token})
    assert phone.emit("sync", {}, callback=True)["published"] is False
    phone.get_received()
    logged_in.post(f"/o/events/{demo}/seating/publish")
    pushes = [m["args"][0] for m in phone.get_received() if m["name"] == "change"]
    assert [p["kind"] for p in pushes] == ["seating"] and pushes[0]["data"]["published"]
    reply = phone.emit("sync", {}, callback=True)
    assert reply["published"] is True and sorted(map(int, reply["seats"])) == [1, 2, 3]


def test_the_page_names_who_would_take_over_each_table(app, logged_in, demo):
    page = logged_in.get(f"/o/events/{demo}/seating/?lang=en").get_data(as_text=True)
    suggestions = page.split("Who Café suggests for each table")[1].split("</ul>")[0]
    assert suggestions.count("<li>") == 12 and "Sara Zanni →" in suggestions
    with app.app_context():
        from cafe.services.seating import successors

        chosen = successors(db.session.get(Event, demo))
        host = person(app, "Sara Zanni")
        successor = db.session.get(Participant, chosen[host.id])
        assert not successor.is_host
    assert f"Sara Zanni → {successor.name}" in suggestions


@pytest.mark.parametrize(
    "first, second, field, message",
    [
        ("Valentina Mancini", "Valentina Mancini", "e-swap-second", "two different people"),
        ("Valentina Mancini", None, "e-swap-second", "Choose someone from the list"),
    ],
)
def test_a_swap_needs_two_different_people(app, logged_in, demo, first, second, field, message):
    chosen = [str(person(app, name).id) if name else "" for name in (first, second)]
    before = seats(app, demo)
    response = logged_in.post(
        f"/o/events/{demo}/seating/change?lang=en",
        data={"action": "swap", "round": "2", "first": chosen[0], "second": chosen[1]},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}"' in page and message in page
    assert seats(app, demo) == before


@pytest.mark.parametrize(
    ("excess", "spread", "bound", "expected"),
    [
        (2, 6, 6, "No seating does better"),
        (2, 9, 6, "6 of these places cannot be avoided with these hosts and table sizes."),
        (0, 6, 6, "No seating in which everyone meets new people every round does better"),
        (0, 9, 1, "1 of these places cannot be avoided with these hosts and group sizes if"),
        (0, 4, 0, None),
        (0, 0, 0, None),
    ],
)
def test_the_plan_says_how_much_group_spread_no_seating_can_avoid(
    app, excess, spread, bound, expected
):
    metrics = Metrics(
        excess_meetings=excess, repeated_pairs=excess, group_spread=spread, group_spread_bound=bound
    )
    with app.test_request_context("/?lang=en"):
        words = " ".join(quality_in_words(metrics))
    if expected:
        assert expected in words
    else:
        assert "cannot be avoided" not in words and "No seating" not in words


def test_the_plan_page_says_in_italian_why_groups_stay_uneven(app):
    metrics = Metrics(group_spread=9, group_spread_bound=2)
    with app.test_request_context("/?lang=it"):
        words = " ".join(quality_in_words(metrics))
    assert "2 di questi casi non si possono evitare" in words
