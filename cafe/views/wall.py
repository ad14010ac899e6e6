"""The projector page: question, clock, join QR and the harvest arriving live."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template

from cafe.links import event_links
from cafe.services import events as event_service
from cafe.services import rounds as round_service

bp = Blueprint("wall", __name__)


@bp.get("/w/<token>")
def wall(token: str):
    """The wall screen; notes come from the socket so a reload rebuilds everything."""
    event = event_service.event_by_wall(token)
    if event is None:
        abort(404)
    g.event_language = event.language
    return render_template(
        "wall/wall.html",
        event=event,
        token=token,
        links=event_links(event),
        round=round_service.round_payload(event),
        questions={r.number: r.question for r in event.rounds},
    )
