"""Friendly error pages in the reader's language; the details go to the log."""

from __future__ import annotations

from flask import Flask, render_template, request, session
from flask_wtf.csrf import CSRFError
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
            return exc.response or _too_many()
        kind = {404: "missing", 413: "too_large"}.get(exc.code, "other")
        return _page(exc.code, kind)

    @app.errorhandler(Exception)
    def server_error(exc: Exception):
        app.logger.exception("unhandled error")
        return _page(500, "server")


def _too_many():
    """Over a rate limit: the page names the wait (Retry-After), and a page that was only
    being read (GET: the host's first load, the desk) loads again by itself after it."""
    wait = limits.retry_after()
    body, code = _page(429, "too_many", retry=wait if request.method == "GET" else 0, wait=wait)
    return body, code, {"Retry-After": str(wait)}


def _page(code: int, kind: str, **extra):
    # The session alone (no database: it may be what failed) decides whether an organiser
    # is offered their events; the page behind the link checks the login itself.
    organiser_home = bool(session.get("organiser_id"))
    return render_template(
        "errors/error.html", code=code, kind=kind, organiser_home=organiser_home, **extra
    ), code
