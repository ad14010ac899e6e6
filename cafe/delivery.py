"""How pages and static files travel to phones: compressed, and static files under a
versioned path with a year-long cache lifetime (a phone downloads them once)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, request

YEAR = 365 * 24 * 3600
PHONE_PAGE_SECONDS = 24 * 3600
"""How long a phone may open its host or seat page from its own cache (docs/decisions.md)."""


def static_version(folder: Path) -> str:
    """A short fingerprint of every static file's name and content: it changes whenever a
    file does, so a cached copy is never stale and may be kept for a year."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def versioned_static(app: Flask) -> None:
    """Serve static files also under `/static/v/<version>/…` with a year-long cache
    lifetime, and make templates link there. The version sits in the path, not in a
    query, so the ES modules' relative imports (`./live.js`) carry it too. Any version
    serves today's file; plain `/static/…` still works, revalidated as before."""
    from flask import url_for

    version = static_version(Path(app.static_folder))
    app.add_url_rule(
        "/static/v/<version>/<path:filename>",
        endpoint="static_versioned",
        view_func=lambda version, filename: app.send_static_file(filename),
    )

    def versioned_url_for(endpoint: str, **values) -> str:
        if endpoint == "static":
            endpoint, values["version"] = "static_versioned", version
        return url_for(endpoint, **values)

    app.jinja_env.globals["url_for"] = versioned_url_for


def register(app: Flask) -> None:
    """Compress responses (Flask-Compress) and give static files a long cache lifetime."""
    from flask_compress import Compress

    # Browsers offer br and zstd only over HTTPS; venues serve plain HTTP, so gzip and
    # deflate are what phones get. Level 6: smaller buys little on a 50 kB file.
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip", "deflate"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "deflate"])
    Compress(app)
    versioned_static(app)
    app.after_request(cache_static)


def cache_static(response: Response) -> Response:
    """Versioned static files: cacheable for a year, never revalidated."""
    if request.endpoint == "static_versioned" and response.status_code == 200:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


def kept_on_phone(response: Response) -> Response:
    """A phone page the phone may open from its own HTTP cache for a day, without asking the
    server: over plain HTTP no service worker can serve it offline, and a tap on a link or
    the QR then still opens it (its script shows what it last knew and catches up)."""
    response.headers["Cache-Control"] = f"private, max-age={PHONE_PAGE_SECONDS}"
    return response
