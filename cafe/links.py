"""The public (LAN) links of an event: what QR codes and the organiser's page point at."""

from __future__ import annotations

from flask import current_app

from cafe.models import Event


def public(path: str) -> str:
    """An absolute URL on the address phones can reach (never localhost)."""
    return current_app.config["CAFE_PUBLIC_URL"] + path


def event_links(event: Event) -> dict:
    """join, wall and per-table host URLs of an event."""
    return {
        "join": public(f"/j/{event.join_token}"),
        "join_short": public("/j"),
        "wall": public(f"/w/{event.wall_token}"),
        "hosts": {t.number: public(f"/h/{t.host_token}") for t in event.tables},
    }
