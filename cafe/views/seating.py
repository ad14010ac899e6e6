"""The organiser's seating pages: the plan per round, changes by hand, the desk list."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from cafe.extensions import db
from cafe.models import Event
from cafe.services import seating as seating_service
from cafe.services.namesakes import told_apart
from cafe.services.rounds import round_payload
from cafe.tokens import InvalidInput, parse_int
from cafe.views.auth import login_required, owned_event

bp = Blueprint("seating", __name__, url_prefix="/o/events/<int:event_id>/seating")


@bp.get("/")
@login_required
def plan(event_id: int):
    """One grid per round (tables × people, coloured by group) and the plan's quality."""
    return _page(_event(event_id))


@bp.post("/change")
@login_required
def change(event_id: int):
    """Swap two people, pin someone to a table, or let someone go home; later rounds are
    re-planned around the change. A bad choice is shown next to its field."""
    event = _event(event_id)
    form = request.form.to_dict()
    actions = {
        "swap": lambda: seating_service.swap(
            event,
            parse_int(form.get("round")),
            parse_int(form.get("first")),
            parse_int(form.get("second")),
        ),
        "pin": lambda: seating_service.pin(
            event,
            parse_int(form.get("person")),
            parse_int(form.get("table")) if form.get("table") else None,
        ),
        "leave": lambda: _leave(event, form),
    }
    action = form.get("action")
    if action not in actions:
        abort(400)
    try:
        actions[action]()
    except InvalidInput as exc:
        db.session.rollback()
        return _page(event, form=form, errors={f"{action}-{exc.field}": str(exc)}), 422
    flash(_("Done: the rounds still to come were planned again around this change."))
    return redirect(url_for("seating.plan", event_id=event.id))


@bp.get("/desk")
@login_required
def desk(event_id: int):
    """The alphabetical list for the check-in desk: name → table in each round."""
    event = _event(event_id)
    rows = seating_service.desk_list(event)
    labels = told_apart((person.id, person.name) for person, _tables in rows)
    return render_template("seating/desk.html", event=event, rows=rows, labels=labels)


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


def _leave(event: Event, form: dict) -> None:
    person = parse_int(form.get("person"))
    successor = parse_int(form.get("successor")) if form.get("successor") else None
    if successor is None:
        successor = seating_service.suggested_successor(event, person)
    seating_service.leave(event, person, successor)


def _page(event: Event, form: dict | None = None, errors: dict | None = None):
    people = sorted(seating_service.present_people(event), key=lambda p: p.name.casefold())
    current = round_payload(event)
    return render_template(
        "seating/plan.html",
        event=event,
        round=current,
        groups=event.groups,
        overview=seating_service.overview(event),
        successors=seating_service.successors(event),
        people=people,
        labels=told_apart((p.id, p.name) for p in people),
        open_rounds=range(
            current["seated_round"] if current["state"] != "running" else current["round"] + 1,
            event.round_count + 1,
        ),
        form=form or {},
        errors=errors or {},
    )


def _event(event_id: int) -> Event:
    return owned_event(event_id)
