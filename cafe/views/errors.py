"""Friendly error pages in the reader's language; the details go to the log."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def register(app: Flask) -> None:
    """Install the error handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_template("errors/error.html", code=400, kind="csrf"), 400

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        kind = {404: "missing", 413: "too_large", 429: "too_many"}.get(exc.code, "other")
        return render_template("errors/error.html", code=exc.code, kind=kind), exc.code

    @app.errorhandler(Exception)
    def server_error(exc: Exception):
        app.logger.exception("unhandled error")
        return render_template("errors/error.html", code=500, kind="server"), 500
