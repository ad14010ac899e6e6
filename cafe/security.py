"""Security headers, set once for every response (docs/security.md)."""

from __future__ import annotations

from flask import Flask, Response

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # blob: is a photo the host just chose, shown from the phone while it waits to go.
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
"""Only this app's own files: no inline script or style, no other origin, no framing."""


def register(app: Flask) -> None:
    """Add the headers to every response, pages and errors alike."""
    app.after_request(secure_headers)


def secure_headers(response: Response) -> Response:
    """Content-Security-Policy, nosniff, no referrer, no framing."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response
