"""The organiser's seating pages: the plan per round, changes by hand, the desk list."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from cafe.extensions import db
from cafe.models import Event
from cafe.services import seating as seating_service
from cafe.services.rounds import round_payload
from cafe.tokens import InvalidInput
from cafe.views.auth import login_required

bp = Blueprint("seating", __name__, url_prefix="/o/events/<int:event_id>/seating")


@bp.get("/")
@login_required
def plan(event_id: int):
    """One grid per round (tables × people, coloured by group) and the plan's quality."""
    event = _event(event_id)
    return render_template("seating/plan.html", event=event, overview=seating_service.overview(event),
                           groups=event.groups, round=round_payload(event))


@bp.get("/desk")
@login_required
def desk(event_id: int):
    """The alphabetical list for the check-in desk: name → table in each round."""
    event = _event(event_id)
    return render_template("seating/desk.html", event=event, rows=seating_service.desk_list(event))


@bp.post("/publish")
@login_required
def publish(event_id: int):
    """Close check-in: plan the whole morning and show every round on the phones."""
    event = _event(event_id)
    try:
        seating_service.publish(event)
        flash(_("The seating is published: phones now show every round."))
    except InvalidInput as exc:
        flash(str(exc), "error")
    return redirect(url_for("seating.plan", event_id=event.id))


def _event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    return event
