"""Friendly error pages in the reader's language; the details go to the log."""

from __future__ import annotations

from flask import Flask, render_template, request, session
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from cafe import limits


def register(app: Flask) -> None:
    """Install the error handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return _page(400, "csrf")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code == 429:
            return exc.response or _refused(429, "too_many", limits.retry_after())
        if exc.code == 503:
            return _refused(503, "busy", limits.BUSY_WAIT)
        kind = {404: "missing", 413: "too_large"}.get(exc.code, "other")
        return _page(exc.code, kind)

    @app.errorhandler(PoolTimeout)
    def busy(exc: PoolTimeout):
        # No database connection came free in time: load (a crowd arriving), not a fault.
        app.logger.warning("refused for load: %s", exc)
        return _refused(503, "busy", limits.BUSY_WAIT)

    @app.errorhandler(Exception)
    def server_error(exc: Exception):
        app.logger.exception("unhandled error")
        return _page(500, "server")


def _refused(code: int, kind: str, wait: int):
    """Over a rate limit (429) or too busy for now (503): the page names the wait
    (Retry-After), and a page that was only being read (GET: the host's first load, the
    desk) loads again by itself after it, saying so."""
    body, code = _page(code, kind, retry=wait if request.method == "GET" else 0, wait=wait)
    return body, code, {"Retry-After": str(wait)}


def _page(code: int, kind: str, **extra):
    # The session alone (no database: it may be what failed) decides whether an organiser
    # is offered their events; the page behind the link checks the login itself.
    organiser_home = bool(session.get("organiser_id"))
    return render_template(
        "errors/error.html", code=code, kind=kind, organiser_home=organiser_home, **extra
    ), code
