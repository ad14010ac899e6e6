"""Fixtures: the app on a real SQLite file (and on PostgreSQL where a test asks for it),
clients, a logged-in organiser, and factories with good defaults."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from cafe import create_app
from cafe.database import upgrade_database
from cafe.extensions import db, socketio

PG_ADMIN_URL = os.environ.get("CAFE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_SERVICES = os.environ.get("CAFE_REQUIRE_SERVICES") == "1"
PUBLIC_URL = "http://192.0.2.10:5000"


def service_missing(what: str, why: Exception) -> None:
    """Fail in CI (CAFE_REQUIRE_SERVICES=1), skip on a laptop without the service."""
    message = f"{what} is not reachable: {why}"
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this test run, dropped at the end."""
    name = f"cafe_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        service_missing("PostgreSQL", exc)
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _make_app(database_url: str, **overrides):
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"check_same_thread": False}}
        if database_url.startswith("sqlite")
        else {},
        "CAFE_PUBLIC_URL": PUBLIC_URL,
        "CAFE_ASYNC_MODE": "threading",
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret",
    }
    settings.update(overrides)
    app = create_app(settings)
    with app.app_context():
        upgrade_database()
    return app


def _empty_postgres(app) -> None:
    with app.app_context():
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()
        db.engine.dispose()


@pytest.fixture
def app(tmp_path):
    """The app on a real SQLite file in a temporary folder, schema made by the migrations."""
    app = _make_app(f"sqlite:///{tmp_path / 'cafe.db'}")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_app(request, tmp_path):
    """The app on SQLite and, in a second run of the test, on PostgreSQL."""
    if request.param == "sqlite":
        app = _make_app(f"sqlite:///{tmp_path / 'cafe.db'}")
    else:
        app = _make_app(request.getfixturevalue("postgres_url"))
    yield app
    if request.param == "postgresql":
        _empty_postgres(app)
    else:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def ctx(any_db_app):
    """An app context on each database, for service and model tests."""
    with any_db_app.app_context(), any_db_app.test_request_context():
        yield any_db_app


@pytest.fixture
def client(app):
    """A browser-like test client."""
    return app.test_client()


def event_settings(**overrides):
    """EventSettings with good defaults: 4 tables of 5, 3 rounds, two groups, Italian."""
    from cafe.services.events import EventSettings

    settings = dict(
        title="Café di prova",
        table_count=4,
        table_size=5,
        round_count=3,
        questions=["Domanda uno?", "Domanda due?", "Domanda tre?"],
        groups=["cittadini", "esperti"],
        language="it",
    )
    settings.update(overrides)
    return EventSettings(**settings)


@pytest.fixture
def make_event(app):
    """Factory: make_event(title=…, tables=…, …) -> the new event's id, owned by the
    organiser 'anna' (made if needed) unless `owner=` names another account."""
    from sqlalchemy import select

    from cafe.models import Organiser
    from cafe.services.events import create_event
    from cafe.services.organisers import create_organiser

    def make(owner="anna", **overrides):
        with app.app_context():
            account = db.session.scalar(select(Organiser).where(Organiser.username == owner))
            account = account or create_organiser(owner, "correct horse")
            return create_event(event_settings(**overrides), owner_id=account.id).id

    return make


@pytest.fixture
def event_tokens(app, make_event):
    """A test event's id with its wall token and its tables' host tokens."""
    from cafe.models import Event

    event_id = make_event()
    with app.app_context():
        event = db.session.get(Event, event_id)
        return {
            "event_id": event_id,
            "wall": event.wall_token,
            "hosts": [t.host_token for t in event.tables],
        }


@pytest.fixture
def organiser(app):
    """Factory-made organiser account ('anna' / 'correct horse')."""
    from cafe.services.organisers import create_organiser

    with app.app_context():
        create_organiser("anna", "correct horse")
    return ("anna", "correct horse")


@pytest.fixture
def logged_in(client, organiser):
    """The test client, logged in as the organiser."""
    response = client.post("/login", data={"username": organiser[0], "password": organiser[1]})
    assert response.status_code == 302
    return client


@pytest.fixture
def socket_client(app, client):
    """Factory: socket_client(auth) -> a Socket.IO test client sharing the HTTP session."""
    made = []

    def make(auth=None, query=""):
        sc = socketio.test_client(app, flask_test_client=client, auth=auth, query_string=query)
        made.append(sc)
        return sc

    yield make
    for sc in made:
        if sc.is_connected():
            sc.disconnect()


@pytest.fixture
def chromium():
    """Headless Debian Chromium through Playwright (fails under CAFE_REQUIRE_SERVICES=1)."""
    from pathlib import Path

    from tests.servers import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        service_missing("Chromium", FileNotFoundError(CHROMIUM))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(tmp_path):
    """A real `cafe run` server (SQLite) with the organiser account anna ("correct horse")."""
    from tests.servers import add_organiser, make_server

    running = make_server(tmp_path / "inst").start()
    add_organiser(running)
    yield running
    running.stop()
