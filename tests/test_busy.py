"""Refused for load, not for a fault: when no database connection comes free in time (a
crowd arriving together) or a socket finds no free place, the server names a wait and the
screen tries again by itself after it (issue 22). A page that was only being read answers
503 with Retry-After and counts down in plain words before loading again; a form's post
says how long to wait; a socket event is answered `busy` with the wait; a socket connect is
refused with the wait in its data, never as a link that no longer works.

Bad inputs tried: the host page, the desk and a join post while the database pool times
out, a socket event and a socket connect while it does, a connect with no place left."""

from sqlalchemy.exc import TimeoutError as PoolTimeout

from cafe import limits
from cafe.services import events as event_service


def _pool_timeout(*_args, **_kwargs):
    raise PoolTimeout("QueuePool limit of size 1 overflow 0 reached")


def test_the_hosts_first_load_refused_for_load_counts_down_and_loads_again(
    client, event_tokens, monkeypatch
):
    monkeypatch.setattr(event_service, "table_by_host", _pool_timeout)
    page = client.get(f"/h/{event_tokens['hosts'][0]}?lang=it")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == str(limits.BUSY_WAIT)
    html = page.get_data(as_text=True)
    assert f'data-retry-after="{limits.BUSY_WAIT}"' in html
    assert "riproviamo tra 3 secondi." in html
    assert "js/retry.js" in html
    assert "Traceback" not in html and "QueuePool" not in html
    # A host waits here for their own page: it is offered again, not the newcomers' door.
    assert f'href="/h/{event_tokens["hosts"][0]}?lang=it">Riprova ora</a>' in html
    assert "Inserisci il codice" not in html


def test_the_desk_refused_for_load_loads_again_by_itself(
    client, logged_in, event_tokens, monkeypatch
):
    from cafe.views import control

    monkeypatch.setattr(control, "panel_state", _pool_timeout)
    page = client.get(f"/o/events/{event_tokens['event_id']}/run/desk?lang=it")
    assert page.status_code == 503 and page.headers["Retry-After"] == "3"
    assert 'data-retry-after="3"' in page.get_data(as_text=True)


def test_a_post_refused_for_load_says_how_long_to_wait(app, client, event_tokens, monkeypatch):
    """A form's post is not sent again by the error page (join.js resends the door's own
    forms): the page says how long to wait."""
    from cafe.extensions import db
    from cafe.models import Event
    from cafe.services import attendance

    with app.app_context():
        join = db.session.get(Event, event_tokens["event_id"]).join_token
    monkeypatch.setattr(attendance, "join_late", _pool_timeout)
    page = client.post(f"/j/{join}?lang=it", data={"name": "Nadia Nuova"})
    assert page.status_code == 503 and page.headers["Retry-After"] == "3"
    html = page.get_data(as_text=True)
    assert "data-retry-after" not in html and "Attendi 3 secondi" in html
    assert "Riprova ora" not in html, "a post is not sent again from a link"


def test_a_socket_event_refused_for_load_is_answered_busy_with_the_wait(
    socket_client, event_tokens, monkeypatch
):
    from cafe.services import rounds

    host = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    monkeypatch.setattr(rounds, "round_payload_time", _pool_timeout)
    reply = host.emit("time", {}, callback=True)
    assert reply["ok"] is False and reply["busy"] is True
    assert reply["retry_after"] == limits.BUSY_WAIT and reply["error"]


def test_a_socket_connect_with_no_place_is_refused_with_the_wait(
    socket_client, event_tokens, monkeypatch
):
    from cafe.sockets import connection
    from cafe.wire import busy_refusal

    monkeypatch.setattr(connection, "admitted", lambda: False)
    host = socket_client({"role": "host", "token": event_tokens["hosts"][0]})
    assert not host.is_connected()
    refusal = busy_refusal().error_args
    assert refusal == {"message": "busy", "data": {"busy": True, "retry_after": 3}}
