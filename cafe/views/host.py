"""The table host's phone page."""

from __future__ import annotations

from flask import Blueprint, abort, g, make_response, render_template

from cafe import imaging
from cafe.delivery import kept_on_phone
from cafe.models import NOTE_KINDS, NOTE_MAX
from cafe.services import events as event_service
from cafe.services import photos as photo_service
from cafe.services import rounds as round_service

bp = Blueprint("host", __name__)


@bp.get("/h/<token>")
def table(token: str):
    """One big text box for the table's notes; the notes themselves arrive by socket."""
    table = event_service.table_by_host(token)
    if table is None:
        abort(404)
    g.event_language = table.event.language
    page = render_template(
        "host/table.html",
        table=table,
        event=table.event,
        token=token,
        kinds=NOTE_KINDS,
        note_max=NOTE_MAX,
        round=round_service.round_payload(table.event),
        photo_max=imaging.MAX_BYTES,
        photo_too_large=photo_service.rejection_message("too_large"),
    )
    return kept_on_phone(make_response(page))
