"""The organiser's printed sheets: the poster, table tents and host cards, as chosen."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import force_locale
from sqlalchemy import select

from cafe.extensions import db
from cafe.i18n import LANGUAGES
from cafe.links import event_links
from cafe.models import Event, Participant
from cafe.tokens import parse_int
from cafe.views.auth import login_required, owned_event

bp = Blueprint("printing", __name__, url_prefix="/o/events/<int:event_id>")


@bp.get("/print")
@login_required
def print_sheets(event_id: int):
    """The sheets to print, chosen with ?what= (poster, tents, hosts; all by default) or
    one table's tent and host card with ?table=N, styled for A4 in the event's language
    (participants read them), unless the organiser picks another with ?lang=."""
    event = owned_event(event_id)
    what = request.args.get("what") if request.args.get("what") in PRINTABLE else "all"
    tables = event.tables
    if request.args.get("table"):
        tables = [t for t in event.tables if t.number == parse_int(request.args.get("table"))]
        what = "table" if tables else abort(404)
    language = request.args.get("lang") if request.args.get("lang") in LANGUAGES else None
    with force_locale(language or event.language):
        return render_template(
            "organiser/print.html",
            event=event,
            links=event_links(event),
            hosts=_host_names(event),
            what=what,
            tables=tables,
            lang=language or event.language,
        )


PRINTABLE = ("all", "poster", "tents", "hosts")


def _host_names(event: Event) -> dict[int, str]:
    hosts = select(Participant).where(Participant.event_id == event.id, Participant.is_host)
    return {p.id: p.name for p in db.session.scalars(hosts)}
