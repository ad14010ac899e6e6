"""Co-organisers by invitation link (issue 23, item 13): nothing the owner types probes
accounts, a link works once, for a few days, for the organiser who opens it logged in.
Bad inputs tried: a user name that exists and one that does not (the old share form), a
used, expired, withdrawn, mistyped, overlong or odd token, another event's invitation or
co-organiser, a co-organiser's own tries, a form without its CSRF token, a login page
`next` that points away, the owner and a co-organiser opening the link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from cafe.extensions import db
from cafe.models import Event, EventOrganiser, Invitation, Organiser, utcnow

PASSWORD = "correct horse"
LINK = re.compile(r"http://[^\s<\"]+/o/invite/([A-Za-z0-9_-]+)")
PENDING = re.compile(r"/invitations/\d+/revoke")


def browser(app, name: str | None):
    """A test client logged in as `name` (English pages), or anonymous for None."""
    client = app.test_client()
    if name:
        response = client.post("/login?lang=en", data={"username": name, "password": PASSWORD})
        assert response.status_code == 302
    return client


def make_link(owner_browser, event_id: int) -> str:
    """The owner makes an invitation link; the event page shows it once. Its token."""
    made = owner_browser.post(f"/o/events/{event_id}/invitations")
    assert made.status_code == 302
    page = owner_browser.get(made.location).get_data(as_text=True)
    return LINK.search(page).group(1)


def members(app, event_id: int) -> set[str]:
    """The user names of the event's co-organisers."""
    with app.app_context():
        rows = db.session.scalars(
            select(Organiser.username)
            .join(EventOrganiser, EventOrganiser.organiser_id == Organiser.id)
            .where(EventOrganiser.event_id == event_id)
        )
        return set(rows)


@pytest.fixture
def team(app, make_event):
    """Anna's event, and accounts for bruno and carla (each owning an event of their own)."""
    event_id = make_event(owner="anna", title="Il caffè del quartiere")
    make_event(owner="bruno", title="B")
    make_event(owner="carla", title="C")
    return event_id


# --- the oracle is gone -----------------------------------------------------------------


def test_no_form_tells_whether_a_user_name_exists(app, team):
    anna = browser(app, "anna")
    page = anna.get(f"/o/events/{team}").get_data(as_text=True)
    assert 'name="username"' not in page
    answers = []
    for name in ("bruno", "nobody-at-all"):
        response = anna.post(f"/o/events/{team}/share", data={"username": name})
        answers.append((response.status_code, response.get_data(as_text=True)))
    assert answers[0] == answers[1]
    assert members(app, team) == set()


# --- the whole way of a link -------------------------------------------------------------


def test_an_organiser_accepts_a_link_once(app, team):
    anna, bruno, carla = browser(app, "anna"), browser(app, "bruno"), browser(app, "carla")
    token = make_link(anna, team)
    assert token not in anna.get(f"/o/events/{team}").get_data(as_text=True)  # shown once
    invited = bruno.get(f"/o/invite/{token}")
    text = invited.get_data(as_text=True)
    assert invited.status_code == 200
    assert "Il caffè del quartiere" in text and "anna invites you" in text
    assert members(app, team) == set()  # opening is not accepting
    accepted = bruno.post(f"/o/invite/{token}")
    assert accepted.status_code == 302 and accepted.location.endswith(f"/o/events/{team}")
    assert members(app, team) == {"bruno"}
    assert bruno.get(f"/o/events/{team}").status_code == 200
    used = carla.get(f"/o/invite/{token}")
    assert used.status_code == 410 and "already been used" in used.get_data(as_text=True)
    assert "quartiere" not in used.get_data(as_text=True)
    assert carla.post(f"/o/invite/{token}").status_code == 410
    assert members(app, team) == {"bruno"}
    again = bruno.get(f"/o/invite/{token}")  # the one who used it is told they are in
    assert again.status_code == 200 and "organise this event already" in again.get_data(True)


def test_the_owners_page_lists_pending_links_and_co_organisers(app, team):
    anna, bruno = browser(app, "anna"), browser(app, "bruno")
    bruno.post(f"/o/invite/{make_link(anna, team)}")
    make_link(anna, team)
    page = anna.get(f"/o/events/{team}").get_data(as_text=True)
    assert len(PENDING.findall(page)) == 1  # one pending, one used
    assert f"/organisers/{_id(app, 'bruno')}/remove" in page and "bruno" in page


def test_an_expired_link_opens_nothing(app, team):
    anna, bruno = browser(app, "anna"), browser(app, "bruno")
    token = make_link(anna, team)
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert invitation.expires_at - invitation.created_at == timedelta(days=3)
        invitation.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    opened = bruno.get(f"/o/invite/{token}")
    assert opened.status_code == 410 and "expired" in opened.get_data(as_text=True)
    assert bruno.post(f"/o/invite/{token}").status_code == 410
    assert members(app, team) == set()
    assert not PENDING.search(anna.get(f"/o/events/{team}").get_data(as_text=True))


def test_a_withdrawn_link_opens_nothing(app, team):
    anna, bruno = browser(app, "anna"), browser(app, "bruno")
    token = make_link(anna, team)
    invitation_id = _invitation_id(app)
    revoked = anna.post(f"/o/events/{team}/invitations/{invitation_id}/revoke")
    assert revoked.status_code == 302
    assert anna.post(f"/o/events/{team}/invitations/{invitation_id}/revoke").status_code == 404
    opened = bruno.get(f"/o/invite/{token}")
    assert opened.status_code == 410 and "withdrawn" in opened.get_data(as_text=True)
    assert bruno.post(f"/o/invite/{token}").status_code == 410
    assert members(app, team) == set()


@pytest.mark.parametrize(
    "token", ["nope", "x" * 24, "x" * 500, "%00", "..%2F..%2Flogin", "ü" * 24, "%ED%A0%80" * 4]
)
def test_a_mistyped_link_gets_a_polite_404_without_detail(app, team, token, caplog):
    bruno = browser(app, "bruno")
    opened = bruno.get(f"/o/invite/{token}")
    text = opened.get_data(as_text=True)
    assert opened.status_code == 404
    assert "Traceback" not in text and "quartiere" not in text and "anna" not in text
    assert bruno.post(f"/o/invite/{token}").status_code == 404
    assert [r for r in caplog.records if r.exc_info] == []


def test_the_owner_and_a_co_organiser_opening_the_link_do_not_use_it(app, team):
    anna, bruno, carla = browser(app, "anna"), browser(app, "bruno"), browser(app, "carla")
    bruno.post(f"/o/invite/{make_link(anna, team)}")
    token = make_link(anna, team)
    own = anna.get(f"/o/invite/{token}")
    assert own.status_code == 200 and "your own invitation" in own.get_data(as_text=True)
    assert anna.post(f"/o/invite/{token}").status_code == 409
    member = bruno.get(f"/o/invite/{token}")
    assert member.status_code == 200 and "already" in member.get_data(as_text=True)
    assert bruno.post(f"/o/invite/{token}").status_code == 409
    assert carla.post(f"/o/invite/{token}").status_code == 302  # still good for carla
    assert members(app, team) == {"bruno", "carla"}


def test_two_accepts_at_once_use_the_link_once(app, team):
    from cafe.services import invitations

    with app.app_context(), app.test_request_context():
        event = db.session.get(Event, team)
        anna, bruno, carla = (_account(n) for n in ("anna", "bruno", "carla"))
        invitation, _token = invitations.create(event, anna)
        stale = db.session.get(Invitation, invitation.id)
        assert invitations.accept(stale, bruno)
        assert not invitations.accept(stale, carla)
    assert members(app, team) == {"bruno"}


def test_only_the_digest_of_a_token_is_stored(app, team):
    anna = browser(app, "anna")
    token = make_link(anna, team)
    with app.app_context():
        stored = db.session.scalar(select(Invitation))
        assert token not in stored.token_digest and len(stored.token_digest) == 64


# --- who may do what ---------------------------------------------------------------------


def test_a_co_organiser_cannot_invite_withdraw_or_remove(app, team):
    anna, bruno, carla = browser(app, "anna"), browser(app, "bruno"), browser(app, "carla")
    bruno.post(f"/o/invite/{make_link(anna, team)}")
    carla.post(f"/o/invite/{make_link(anna, team)}")
    make_link(anna, team)
    pending = _invitation_id(app, pending=True)
    page = bruno.get(f"/o/events/{team}").get_data(as_text=True)
    assert "/invitations" not in page and "/remove" not in page
    assert bruno.post(f"/o/events/{team}/invitations").status_code == 404
    assert bruno.post(f"/o/events/{team}/invitations/{pending}/revoke").status_code == 404
    carla_id = _id(app, "carla")
    assert bruno.post(f"/o/events/{team}/organisers/{carla_id}/remove").status_code == 404
    with app.app_context():
        assert db.session.get(Invitation, pending).revoked_at is None
        assert len(db.session.scalars(select(Invitation)).all()) == 3
    assert members(app, team) == {"bruno", "carla"}


def test_the_owner_removes_a_co_organiser(app, team):
    anna, bruno = browser(app, "anna"), browser(app, "bruno")
    bruno.post(f"/o/invite/{make_link(anna, team)}")
    bruno_id = _id(app, "bruno")
    assert anna.post(f"/o/events/{team}/organisers/{bruno_id}/remove").status_code == 302
    assert bruno.get(f"/o/events/{team}").status_code == 404
    assert anna.post(f"/o/events/{team}/organisers/{bruno_id}/remove").status_code == 404


def test_another_events_invitation_or_organiser_is_out_of_reach(app, team, make_event):
    anna, bruno = browser(app, "anna"), browser(app, "bruno")
    bruno.post(f"/o/invite/{make_link(anna, team)}")
    make_link(anna, team)
    pending = _invitation_id(app, pending=True)
    own = make_event(owner="carla", title="Carla's")
    carla = browser(app, "carla")
    assert carla.post(f"/o/events/{own}/invitations/{pending}/revoke").status_code == 404
    bruno_id = _id(app, "bruno")
    assert carla.post(f"/o/events/{own}/organisers/{bruno_id}/remove").status_code == 404
    assert members(app, team) == {"bruno"}
    with app.app_context():
        assert db.session.get(Invitation, pending).revoked_at is None


def test_forms_without_their_csrf_token_change_nothing(app, team):
    anna, bruno, carla = browser(app, "anna"), browser(app, "bruno"), browser(app, "carla")
    token = make_link(anna, team)
    app.config["WTF_CSRF_ENABLED"] = True
    assert bruno.post(f"/o/invite/{token}").status_code == 400
    assert anna.post(f"/o/events/{team}/invitations").status_code == 400
    revoke = f"/o/events/{team}/invitations/{_invitation_id(app)}/revoke"
    assert anna.post(revoke).status_code == 400
    with app.app_context():  # a co-organiser made without the form, to be removed
        db.session.add(EventOrganiser(event_id=team, organiser_id=_account("carla").id))
        db.session.commit()
    assert anna.post(f"/o/events/{team}/organisers/{_id(app, 'carla')}/remove").status_code == 400
    assert carla.get(f"/o/events/{team}").status_code == 200
    with app.app_context():
        assert [i.state() for i in db.session.scalars(select(Invitation))] == ["pending"]
    assert members(app, team) == {"carla"}
    page = bruno.get(f"/o/invite/{token}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert bruno.post(f"/o/invite/{token}", data={"csrf_token": csrf}).status_code == 302
    assert members(app, team) == {"bruno", "carla"}


def test_logging_in_from_the_link_comes_back_to_the_invitation(app, team):
    token = make_link(browser(app, "anna"), team)
    stranger = browser(app, None)
    sent = stranger.get(f"/o/invite/{token}?lang=en")
    assert sent.status_code == 302 and "/login?next=" in sent.location
    login = stranger.get(sent.location)
    assert "see your invitation" in login.get_data(as_text=True)
    assert stranger.post(f"/o/invite/{token}").status_code == 302  # not logged in: login
    assert members(app, team) == set()
    back = stranger.post(sent.location, data={"username": "bruno", "password": PASSWORD})
    assert back.status_code == 302 and back.location.startswith(f"/o/invite/{token}")
    assert "anna invites you" in stranger.get(back.location).get_data(as_text=True)


def test_the_login_next_cannot_lead_away_from_the_site(app, team):
    stranger = browser(app, None)
    login = "/login?next=/%5Cevil.example/o/invite/x"
    back = stranger.post(login, data={"username": "bruno", "password": PASSWORD})
    assert back.status_code == 302 and back.location == "/o/"


def test_deleting_the_event_deletes_its_invitations(app, team):
    anna = browser(app, "anna")
    make_link(anna, team)
    assert anna.post(f"/o/events/{team}/privacy/delete", data={"confirm_delete": "yes"})
    with app.app_context():
        assert db.session.scalars(select(Invitation)).all() == []


def _account(name: str) -> Organiser:
    return db.session.scalar(select(Organiser).where(Organiser.username == name))


def _id(app, name: str) -> int:
    with app.app_context():
        return _account(name).id


def _invitation_id(app, pending: bool = False) -> int:
    with app.app_context():
        query = select(Invitation.id).order_by(Invitation.id.desc())
        if pending:
            query = query.where(Invitation.accepted_at.is_(None))
        return db.session.scalars(query).first()
