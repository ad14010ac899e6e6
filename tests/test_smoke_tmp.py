def test_event_page(logged_in, make_event):
    event_id = make_event()
    r = logged_in.get(f"/o/events/{event_id}")
    assert r.status_code == 200, r.data[:2000]
    assert "Café di prova" in r.get_data(as_text=True)


def test_host_note(app, client, make_event, socket_client):
    from cafe.extensions import db
    from cafe.models import Event
    event_id = make_event()
    with app.app_context():
        token = db.session.get(Event, event_id).tables[0].host_token
    sc = socket_client({"role": "host", "token": token})
    assert sc.is_connected()
    ack = sc.emit("note:add", {"uuid": "6f1c1b8e-4d0e-4a57-9a55-3f1c2f0d1a11", "text": "Ciao <b>", "kind": "idea"}, callback=True)
    assert ack["ok"], ack
    sync = sc.emit("sync", {"since": 0}, callback=True)
    assert sync["notes"][0]["text"] == "Ciao <b>"


def test_pg(ctx):
    from cafe.services.events import EventSettings, create_event
    e = create_event(EventSettings(title="x", table_count=2, table_size=4, round_count=1, questions=["q"]))
    assert e.id
