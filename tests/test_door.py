"""The door at city scale (issue 22) and its limits (issue 23, items 9 and 10).

Bad inputs tried: joins with an empty name from four addresses (120 of them), a flood of
joins from one address, wrong join codes, a search from one address past its limit, a
"this is me" from one address past its limit, forged and empty references."""

from __future__ import annotations

import re

from sqlalchemy import func, update

from cafe.extensions import db
from cafe.models import Event, Participant


def address(n: int) -> dict:
    """A client address of its own (each phone on the venue network has one)."""
    return {"REMOTE_ADDR": f"10.{n // 62500}.{n // 250 % 250}.{n % 250 + 1}"}


def join_token(app, event_id: int) -> str:
    with app.app_context():
        return db.session.get(Event, event_id).join_token


def test_junk_from_four_addresses_does_not_shut_the_door(app, make_event):
    """120 posts with an empty name from four addresses in a moment (issue 23, item 9) used
    to spend the event's 120 joins a minute: every honest walk-in got 429 for a minute."""
    join = join_token(app, make_event())
    junk = [
        app.test_client().post(f"/j/{join}", data={"name": ""}, environ_base=address(n % 4))
        for n in range(120)
    ]
    assert {r.status_code for r in junk} == {422}
    honest = app.test_client().post(f"/j/{join}", data={"name": "Rita"}, environ_base=address(9))
    assert honest.status_code == 302


def test_a_handful_of_addresses_cannot_spend_the_events_joins(app, make_event):
    """Five addresses joining as fast as their own limit lets them (150 people) used to leave
    nothing of the event's 120 a minute for the sixth."""
    join = join_token(app, make_event(table_count=30, table_size=6))
    answers = [
        app.test_client()
        .post(f"/j/{join}", data={"name": f"Finto {n}"}, environ_base=address(n % 5))
        .status_code
        for n in range(150)
    ]
    assert answers == [302] * 150
    sixth = app.test_client().post(f"/j/{join}", data={"name": "Rita"}, environ_base=address(6))
    assert sixth.status_code == 302


def test_the_events_limit_grows_with_its_size(app, make_event):
    """The event's limit was 120 joins a minute whatever its size: at a 1,000-person café
    the 121st phone in the first minute was refused."""
    from flask import request

    from cafe import limits

    small, large = make_event(), make_event(table_count=170, table_size=6)
    for event_id, expected in ((small, 240), (large, 2 * (1020 + 204))):
        token = join_token(app, event_id)
        with app.test_request_context(f"/j/{token}", method="POST"):
            request.view_args = {"token": token}
            assert limits.joins_per_event() == f"{expected}/minute"


def test_a_flood_from_one_address_is_stopped_and_the_refusal_keeps_the_form(app, make_event):
    """One address posting joins in a loop: 30 a minute pass, then 429, and the refused
    page still holds the name as typed and names the wait."""
    join = join_token(app, make_event(table_count=12, table_size=12))
    phone = app.test_client()
    answers = [
        phone.post(f"/j/{join}?lang=en", data={"name": f"Finto {i}"}, environ_base=address(1))
        for i in range(31)
    ]
    assert [a.status_code for a in answers].count(302) == 30
    refused = answers[-1]
    page = refused.get_data(as_text=True)
    wait = int(refused.headers["Retry-After"])
    assert refused.status_code == 429 and 1 <= wait <= 60
    assert 'value="Finto 30"' in page
    assert f'data-retry-after="{wait}"' in page and 'data-retry-form="name-form"' in page
    assert "There is a queue: trying again in" in page


def test_right_codes_cost_nothing_wrong_codes_are_limited(app, make_event):
    """Twenty people behind one router typing the right code; then a guesser there."""
    with app.app_context():
        code = db.session.get(Event, make_event()).join_code
    phone = app.test_client()
    right = [phone.post("/j", data={"code": code}).status_code for _ in range(20)]
    assert right == [302] * 20
    wrong = [phone.post("/j", data={"code": f"QQ{i:04d}"}).status_code for i in range(12)]
    assert wrong == [404] * 10 + [429, 429]


def test_the_search_is_limited_per_address(app, make_event):
    """Searches of three letters from one address, past what a person needs."""
    join = join_token(app, make_event())
    phone = app.test_client()
    answers = [phone.get(f"/j/{join}?q=abc{i}", environ_base=address(3)) for i in range(11)]
    assert [a.status_code for a in answers] == [200] * 10 + [429]
    assert 'value="abc10"' in answers[-1].get_data(as_text=True)
    assert answers[-1].headers["Retry-After"]
    # The page itself (no search) is never refused.
    assert phone.get(f"/j/{join}", environ_base=address(3)).status_code == 200


def test_the_walk_in_cap_counts_who_is_present(app, make_event):
    """Three people on the list never came and the cap is three: a walk-in was told the
    café was full with every seat empty."""
    from cafe.services import participants as participant_service
    from cafe.services.importing import parse_participants

    event_id = make_event()
    with app.app_context():
        event = db.session.get(Event, event_id)
        csv = b"name,group,host\nAssente Uno,,\nAssente Due,,\nAssente Tre,,\n"
        participant_service.import_participants(event, parse_participants(csv, []))
        event.walk_in_cap = 3
        db.session.commit()
        join = event.join_token
    answers = [
        app.test_client().post(f"/j/{join}?lang=en", data={"name": f"Ospite {i}", "another": "1"})
        for i in range(4)
    ]
    assert [a.status_code for a in answers] == [302, 302, 302, 422]
    assert "The café is full" in answers[-1].get_data(as_text=True)
    with app.app_context():
        db.session.execute(
            update(Participant)
            .where(Participant.name == "Ospite 0")
            .values(left_at=func.current_timestamp())
        )
        db.session.commit()
    again = app.test_client().post(f"/j/{join}", data={"name": "Ospite 4"})
    assert again.status_code == 302  # someone went home: a seat is free


def test_a_refused_page_load_tries_again_by_itself(app):
    """A page refused for a moment (a GET over a limit: the host's first load, the desk)
    names the wait and carries the countdown that loads it again; a refused POST does not
    send itself again blindly."""
    from cafe.views.errors import _too_many

    with app.test_request_context("/h/anything?lang=en"):
        body, code, headers = _too_many()
    assert code == 429 and int(headers["Retry-After"]) >= 1
    assert re.search(r'data-retry-after="\d+"', body) and "js/retry.js" in body
    with app.test_request_context("/h/anything?lang=en", method="POST"):
        body, code, headers = _too_many()
    assert "data-retry-after" not in body and "Wait" in body
