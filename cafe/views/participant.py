"""Participants' phone pages: join at the door, then see where to sit."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from cafe import limits
from cafe.extensions import db
from cafe.limits import limiter
from cafe.models import NAME_MAX, Event
from cafe.services import attendance
from cafe.services import desk as desk_service
from cafe.services import events as event_service
from cafe.services import participants as participant_service
from cafe.services import rounds as round_service
from cafe.services import seating as seating_service
from cafe.tokens import InvalidInput, normalise_code

bp = Blueprint("participant", __name__)


@bp.route("/j", methods=["GET", "POST"])
@limiter.limit(limits.CODE_GUESSES, methods=["POST"])
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


def _join_limits(view):
    """Joins and confirmations: per client address and per event."""
    view = limiter.limit(limits.JOINS_PER_CLIENT, methods=["POST"], scope="join")(view)
    return limiter.limit(
        limits.JOINS_PER_EVENT, methods=["POST"], key_func=limits.event_key, scope="join-event"
    )(view)


@bp.route("/j/<token>", methods=["GET", "POST"])
@_join_limits
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
            waiting = _namesakes_waiting(event, form["name"])
            if waiting:
                return _join_page(event, form, errors, offer=waiting)
            desk_service.check_closed(event)
            person = attendance.join_late(event, form["name"], form["group"])
            return _signed_in(event, person)
        except InvalidInput as exc:
            errors[exc.field or "name"] = str(exc)
    return _join_page(event, form, errors)


def _namesakes_waiting(event: Event, name: str) -> list:
    """People on the list with the typed name, offered instead of a second person (unless
    they said they are another person). A name already checked in needs the desk."""
    found = desk_service.registered_namesakes(event, name)
    if found.arrived and not found.waiting:
        raise InvalidInput(
            _(
                "%(name)s has already checked in on another phone. Please ask at the desk.",
                name=found.arrived[0].name,
            ),
            "name",
        )
    if request.form.get("another") == "1":
        return []
    return [(p.name, _signer(event).dumps(p.id)) for p in found.waiting]


def _join_page(event: Event, form: dict, errors: dict, offer: list | None = None):
    """The door: the name form and the search among names not yet checked in. Results
    carry a signed reference, never a participant id, so nobody can walk through ids."""
    query = request.args.get("q", "").strip()[:NAME_MAX]
    found = participant_service.unclaimed(event, query)
    return render_template(
        "participant/join.html",
        event=event,
        form=form,
        errors=errors,
        query=query,
        found=[(person.name, _signer(event).dumps(person.id)) for person in found],
        min_search=participant_service.SEARCH_MIN,
        expect_registered=participant_service.expects_registered(event),
        offer=offer or [],
    ), (422 if errors else 200)


@bp.post("/j/<token>/me")
@_join_limits
def confirm(token: str):
    """A pre-registered person confirms the name they found."""
    event = _event(token)
    try:
        person_id = _signer(event).loads(request.form.get("who", ""))
    except BadSignature:
        person_id = None
    try:
        person = participant_service.confirm(
            event, person_id, session.get(f"participant:{event.id}")
        )
    except InvalidInput as exc:
        return _join_page(event, {"name": "", "group": ""}, {"who": str(exc)})
    return _signed_in(event, person)


def _signer(event: Event) -> URLSafeSerializer:
    """Signs the 'this is me' buttons of one event with the app's key."""
    return URLSafeSerializer(current_app.secret_key, salt=f"confirm:{event.id}")


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
