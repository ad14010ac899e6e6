"""The organiser's control panel: one page that runs the morning, kept live by the socket."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from cafe.extensions import db
from cafe.links import event_links
from cafe.models import Event, Participant
from cafe.services import attendance, synthesis
from cafe.services import seating as seating_service
from cafe.services.panel import panel_state
from cafe.services.replanning import preview_replan
from cafe.tokens import InvalidInput, parse_int
from cafe.views.auth import login_required
from cafe.views.organiser import _event  # the same lookup: its access rules hold here too

bp = Blueprint("control", __name__, url_prefix="/o/events/<int:event_id>/run")


@bp.get("/")
@login_required
def panel(event_id: int):
    """The control panel: clock, next step, check-in, tables, hand-over."""
    return _page(_event(event_id))


@bp.get("/desk")
@login_required
def desk(event_id: int):
    """The live check-in desk: find a name, tick it, undo, add a walk-in, make a host."""
    event = _event(event_id)
    return render_template("control/desk.html", event=event, state=panel_state(event))


@bp.get("/desk/card/<int:person_id>")
@login_required
def card(event_id: int, person_id: int):
    """A personal card for someone without a smartphone: their table in every round,
    printed at the desk in the event's language (whatever the organiser's screen shows)."""
    event = _event(event_id)
    person = db.session.get(Participant, person_id)
    if person is None or person.event_id != event.id:
        abort(404)
    with force_locale(event.language):
        return render_template(
            "control/card.html",
            event=event,
            person=person,
            tables=seating_service.seats_of(person),
            lang=event.language,
        )


@bp.post("/handover")
@login_required
def handover(event_id: int):
    """A host leaves; the chosen successor's phone becomes the table's host page."""
    event = _event(event_id)
    table = next((t for t in event.tables if t.id == parse_int(request.form.get("table"))), None)
    try:
        if table is None:
            raise InvalidInput(_("Choose a table."), "table")
        person = attendance.hand_over(event, table, parse_int(request.form.get("successor")))
    except InvalidInput as exc:
        db.session.rollback()
        return _page(event, form=request.form, errors={exc.field or "successor": str(exc)}), 422
    flash(_("%(name)s now hosts table %(n)d.", name=person.name, n=table.number))
    return redirect(url_for("control.panel", event_id=event.id))


@bp.post("/late")
@login_required
def late(event_id: int):
    """Let late arrivals sit down in the running round, or only from the next one."""
    attendance.set_late_seating(_event(event_id), request.form.get("late_seating") == "on")
    return redirect(url_for("control.panel", event_id=event_id))


@bp.get("/replan")
@login_required
def replan(event_id: int):
    """Who a fresh plan would move in the rounds not started, before it is published."""
    event = _event(event_id)
    return render_template("control/replan.html", event=event, preview=preview_replan(event))


@bp.post("/replan")
@login_required
def publish(event_id: int):
    """Publish the re-plan just previewed."""
    event = _event(event_id)
    try:
        seating_service.publish(event)
        flash(_("The new plan is published: phones show it now."))
    except InvalidInput as exc:
        flash(str(exc), "error")
    return redirect(url_for("control.panel", event_id=event.id))


def _page(event: Event, form=None, errors=None):
    form = dict(form or {})
    successors = seating_service.successors(event)
    hosted = [t for t in event.tables if t.host_id]
    if hosted and not form.get("successor"):
        chosen = next((t for t in hosted if str(t.id) == form.get("table")), hosted[0])
        form["successor"] = str(successors.get(chosen.host_id, ""))
    return render_template(
        "control/panel.html",
        event=event,
        state=panel_state(event),
        links=event_links(event),
        successors=successors,
        form=form,
        errors=errors or {},
    )


@bp.get("/synthesis")
@login_required
def synthesis_page(event_id: int):
    """The organiser's synthesis of one question (`?q=` its round; 0 the harvest question):
    themes to rename, merge, split and fill, quotes, the summary; live with a second
    organiser, and the morning's conclusions and next steps."""
    event = _event(event_id)
    scopes = synthesis.scopes(event)
    scope = parse_int(request.args.get("q", str(scopes[0])))
    if scope not in scopes:
        scope = scopes[0]
    questions = [{"scope": s, "question": synthesis.question_of(event, s)} for s in scopes]
    return render_template("control/synthesis.html", event=event, scope=scope, questions=questions)
