"""Participants' phone pages: join at the door, then see where to sit."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from cafe.extensions import db
from cafe.models import Event
from cafe.services import attendance
from cafe.services import events as event_service
from cafe.services import participants as participant_service
from cafe.services import rounds as round_service
from cafe.services import seating as seating_service
from cafe.tokens import InvalidInput, normalise_code

bp = Blueprint("participant", __name__)
MIN_SEARCH = 2


@bp.route("/j", methods=["GET", "POST"])
def enter_code():
    """For people who type the short code from the poster instead of scanning it."""
    code, error = "", None
    if request.method == "POST":
        code = normalise_code(request.form.get("code", ""))
        event = event_service.event_by_join(code) if code else None
        if event is not None:
            return redirect(url_for("participant.join", token=event.join_token))
        error = True
    return render_template("participant/code.html", code=code, error=error), (404 if error else 200)


@bp.route("/j/<token>", methods=["GET", "POST"])
def join(token: str):
    """Type a name and pick a group, or find one's name in the pre-registered list."""
    event = _event(token)
    known = session.get(f"participant:{event.id}")
    if request.method == "GET" and known and participant_service.by_token(known):
        return redirect(url_for("participant.seat", token=known))
    form = {"name": request.form.get("name", ""), "group": request.form.get("group", "")}
    errors: dict = {}
    if request.method == "POST":
        try:
            person = attendance.join_late(event, form["name"], form["group"])
            return _signed_in(event, person)
        except InvalidInput as exc:
            errors[exc.field or "name"] = str(exc)
    query = request.args.get("q", "").strip()
    found = participant_service.registered(event, query) if len(query) >= MIN_SEARCH else []
    tables = {p.id: seating_service.seats_of(p) for p in found}
    return render_template(
        "participant/join.html",
        event=event,
        form=form,
        errors=errors,
        query=query,
        found=found,
        tables=tables,
        expect_registered=participant_service.expects_registered(event),
        round=round_service.round_payload(event),
    ), (422 if errors else 200)


@bp.post("/j/<token>/me")
def confirm(token: str):
    """A pre-registered person confirms the name they found."""
    event = _event(token)
    try:
        person = participant_service.confirm(event, request.form.get("who"))
    except InvalidInput:
        return redirect(url_for("participant.join", token=token))
    return _signed_in(event, person)


@bp.get("/p/<token>")
def seat(token: str):
    """Where to sit: "Round 2 · Table 5" and the question, kept live by the socket."""
    person = participant_service.by_token(token)
    if person is None:
        abort(404)
    event = db.session.get(Event, person.event_id)
    g.event_language = event.language
    return render_template(
        "participant/seat.html",
        event=event,
        person=person,
        seats=seating_service.seats_of(person),
        round=round_service.round_payload(event),
    )


def _signed_in(event: Event, person):
    session[f"participant:{event.id}"] = person.token
    return redirect(url_for("participant.seat", token=person.token))


def _event(token: str) -> Event:
    event = event_service.event_by_join(token)
    if event is None or event.join_token != token:
        abort(404)
    g.event_language = event.language
    return event
