"""The application factory: settings, extensions, blueprints, socket handlers."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.globals import _cv_request
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

from cafe import config as cafe_config
from cafe import delivery
from cafe.extensions import babel, csrf, db, migrate, socketio
from cafe.fair_pool import FairQueuePool
from cafe.i18n import remember_switch, select_locale
from cafe.limits import limiter
from cafe.tokens import LARGEST_ID
from cafe.wire import SocketEventContext, is_socket_event

MIGRATIONS = str(Path(__file__).parent / "migrations")


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number too large for a database id does not match the
    route (404), instead of reaching SQLite, which raises on it (a 500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


class CafeFlask(Flask):
    """Flask, with a lighter request context around socket events (wire.SocketEventContext)."""

    def request_context(self, environ):
        """A socket event's context skips routing; an HTTP request's is Flask's own."""
        if is_socket_event(environ):
            return SocketEventContext(self, environ)
        return super().request_context(environ)

    def do_teardown_request(self, *args) -> None:
        """Run the request teardowns, except after a socket event (no request began)."""
        if not isinstance(_cv_request.get(None), SocketEventContext):
            super().do_teardown_request(*args)


def build_app(overrides: dict | None = None) -> Flask:
    """Make the Flask app; `overrides` win over the environment's settings."""
    app = CafeFlask(
        "cafe",
        root_path=str(cafe_config.PROJECT_ROOT),
        instance_path=str(cafe_config.instance_dir()),
    )
    app.url_map.converters["int"] = IdConverter
    app.config.update(cafe_config.from_environment())
    app.config.update(overrides or {})
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", _engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    _init_extensions(app)
    delivery.register(app)
    _register_blueprints(app)
    _template_helpers(app)
    return app


def _template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    from cafe.dates import human_date, human_datetime
    from cafe.export.times import venue_time
    from cafe.i18n import plural_forms
    from cafe.qr import svg

    app.jinja_env.globals["qr"] = svg
    app.jinja_env.globals["plural_forms"] = plural_forms
    app.jinja_env.filters["human_date"] = lambda d: human_date(d, str(get_locale() or "en"))
    app.jinja_env.filters["human_datetime"] = lambda d: human_datetime(d, str(get_locale() or "en"))
    app.jinja_env.filters["venue_datetime"] = lambda d: human_datetime(
        venue_time(d, app.config.get("CAFE_TIME_ZONE", "UTC")), str(get_locale() or "en")
    )
    app.jinja_env.globals["timedelta"] = timedelta
    app.context_processor(lambda: {"lang": str(get_locale() or "en")})


def _init_extensions(app: Flask) -> None:
    from cafe.wire import SocketSessionInterface

    app.session_interface = SocketSessionInterface()
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    # Handlers must be declared before init_app, which copies them onto each new server.
    from cafe import sockets  # noqa: F401
    from cafe.admission import ConnectionCaps, limit_messages
    from cafe.wire import SafePacket, client_manager, spread_keepalives

    socketio.init_app(
        app,
        async_mode=app.config["CAFE_ASYNC_MODE"],
        message_queue=app.config["CAFE_MESSAGE_QUEUE"],
        channel=app.config["CAFE_MESSAGE_CHANNEL"],
        ping_interval=app.config["CAFE_PING_INTERVAL"],
        ping_timeout=app.config["CAFE_PING_TIMEOUT"],
        serializer=SafePacket,
        # A connection's events are handled one after another in its reader: a flood
        # waits in its own TCP buffer instead of spawning a greenlet per message.
        async_handlers=False,
        client_manager=client_manager(
            app.config["CAFE_MESSAGE_QUEUE"], app.config["CAFE_MESSAGE_CHANNEL"]
        ),
    )
    caps = ConnectionCaps(
        app.config["CAFE_MAX_CONNECTIONS"],
        app.config["CAFE_MAX_PER_ADDRESS"],
        deadline=app.config["CAFE_CONNECT_DEADLINE"],
        pending_total=app.config["CAFE_MAX_PENDING"],
        pending_per_address=app.config["CAFE_MAX_PENDING_PER_ADDRESS"],
    )
    caps.install(socketio.server)
    spread_keepalives()
    limit_messages()
    app.extensions["cafe_connection_caps"] = caps


def _register_blueprints(app: Flask) -> None:
    from cafe import security
    from cafe.views import (
        auth,
        control,
        errors,
        event_settings,
        host,
        invitations,
        landing,
        organiser,
        participant,
        photos,
        printing,
        privacy,
        reports,
        seating,
        wall,
    )

    blueprints = (auth, organiser, seating, control, participant, host, wall, reports, photos)
    for module in (*blueprints, privacy, landing, event_settings, printing, invitations):
        app.register_blueprint(module.bp)
    errors.register(app)
    security.register(app)
    app.before_request(remember_switch)
    app.before_request(auth.guard_event_routes)


def _engine_options(url: str) -> dict:
    if url.startswith("sqlite"):
        # One connection serialises writers without SQLite's busy wait freezing gevent (trap 2),
        # handed out in the order it was asked for (cafe.fair_pool).
        return {
            "poolclass": FairQueuePool,
            "pool_size": 1,
            "max_overflow": 0,
            "pool_timeout": 60,
            "connect_args": {"check_same_thread": False, "timeout": 30},
        }
    return {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}


@sa_event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL for concurrent readers, FULL sync so an acknowledged note survives a power cut,
    secure_delete so deleted personal data does not stay in the file."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not only unlinked (issue 23.7).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
