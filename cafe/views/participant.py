"""Participants' phone pages: join at the door, then see where to sit."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from itsdangerous import BadSignature, URLSafeSerializer

from cafe import door_lane, limits
from cafe.delivery import kept_on_phone
from cafe.extensions import db
from cafe.limits import limiter
from cafe.models import NAME_MAX, Event, Participant
from cafe.services import attendance
from cafe.services import desk as desk_service
from cafe.services import events as event_service
from cafe.services import participants as participant_service
from cafe.services import rounds as round_service
from cafe.services import seating as seating_service
from cafe.services.namesakes import as_found
from cafe.tokens import InvalidInput, normalise_code, parse_int

bp = Blueprint("participant", __name__)
lane = door_lane.guard(bp)


@bp.route("/j", methods=["GET", "POST"])
@limiter.limit(limits.CODE_GUESSES, methods=["POST"], deduct_when=limits.wrong_code)
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


def _queued(_breached) -> Response:
    """Over a door limit: the same page, with what was typed, saying when it tries again
    (the browser's join.js does it by itself after Retry-After)."""
    event = _event(str((request.view_args or {}).get("token", "")))
    wait = limits.retry_after()
    query = request.args.get("q", "") if request.method == "GET" else ""
    response = make_response(
        _join_page(event, _typed(), {}, offer=_offer_again(event), retry=wait, query=query)[0], 429
    )
    response.headers["Retry-After"] = str(wait)
    return response


def _join_limits(view):
    """Joins and confirmations: every post counts per client address; only those that went
    through count for the event, so refused junk cannot shut the door for everyone."""
    view = limiter.limit(
        f"{limits.JOINS_PER_CLIENT}/minute", methods=["POST"], scope="join", on_breach=_queued
    )(view)
    return limiter.limit(
        limits.joins_per_event,
        methods=["POST"],
        key_func=limits.event_key,
        scope="join-event",
        deduct_when=limits.succeeded,
        on_breach=_queued,
    )(view)


def _search_limits(view):
    """Name searches at the door: per client address, and per event (typing one's whole
    name still works when the search is spent)."""
    view = limiter.limit(
        limits.searches_per_client,
        methods=["GET"],
        scope="search",
        exempt_when=limits.not_searching,
        on_breach=_queued,
    )(view)
    return limiter.limit(
        limits.searches_per_event,
        methods=["GET"],
        key_func=limits.event_key,
        scope="search-event",
        exempt_when=limits.not_searching,
        on_breach=_queued,
    )(view)


@bp.route("/j/<token>", methods=["GET", "POST"])
@_join_limits
@_search_limits
def join(token: str):
    """Type a name and pick a group, or find one's name in the pre-registered list."""
    event = _event(token)
    known = session.get(f"participant:{event.id}")
    if request.method == "GET" and known and participant_service.by_token(known):
        return redirect(url_for("participant.seat", token=known))
    form = _typed()
    errors: dict = {}
    if request.method == "POST":
        try:
            if request.form.get("another") != "1":
                offer, taken = _namesakes(event, form["name"])
                if offer or taken:
                    return _join_page(event, form, errors, offer=offer, taken=taken)
            desk_service.check_closed(event)
            person = attendance.join_late(event, form["name"], form["group"])
            return _signed_in(event, person)
        except InvalidInput as exc:
            errors[exc.field or "name"] = str(exc)
    return _join_page(event, form, errors)


def _namesakes(event: Event, name: str) -> tuple[list, list]:
    """People on the list with the typed name: those this phone may claim ("Are you …?": not
    arrived, or ticked at the desk but never taken on a phone) as (name, signed reference),
    and the names a phone already holds (only the desk hands those over). Either way the
    person may say they are someone else with the same name."""
    found = desk_service.registered_namesakes(event, name)
    people = found.waiting + found.arrived
    offer = [(p.name, _signer(event).dumps(p.id)) for p in people if p.claimed_at is None]
    return offer, [p.name for p in people if p.claimed_at is not None]


def _typed() -> dict:
    return {"name": request.form.get("name", ""), "group": request.form.get("group", "")}


def _offer_again(event: Event) -> list:
    """The 'this is me' a refused confirmation carried, offered again as it was."""
    ref = request.form.get("who", "")
    try:
        person = db.session.get(Participant, parse_int(_signer(event).loads(ref)))
    except BadSignature:
        return []
    return [(person.name, ref)] if person is not None else []


def _join_page(
    event: Event,
    form: dict,
    errors: dict,
    offer: list | None = None,
    retry: int = 0,
    query: str | None = None,
    taken: list | None = None,
):
    """The door: the name form and the search among names not yet checked in. Results
    carry a signed reference, never a participant id, so nobody can walk through ids.
    With `retry`, the page says it tries again in that many seconds (and searches nothing)."""
    query = (request.args.get("q", "") if query is None else query).strip()[:NAME_MAX]
    found = [] if retry else participant_service.unclaimed(event, query)
    return render_template(
        "participant/join.html",
        event=event,
        form=form,
        errors=errors,
        query=query,
        found=[(as_found(p.name, query), _signer(event).dumps(p.id)) for p in found],
        min_search=participant_service.SEARCH_MIN,
        expect_registered=participant_service.expects_registered(event),
        offer=offer or [],
        taken=taken or [],
        retry=retry,
    ), (422 if errors else 200)


@bp.post("/j/<token>/me")
@_join_limits
@limiter.limit(
    limits.CLAIMS_PER_CLIENT, scope="claim", exempt_when=limits.no_event, on_breach=_queued
)
@limiter.limit(
    limits.NAMES_PER_CLIENT,
    scope="claimed",
    exempt_when=limits.no_event,
    deduct_when=limits.succeeded,
    on_breach=_queued,
)
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
    page = render_template(
        "participant/seat.html",
        event=event,
        person=person,
        seats=seating_service.seats_of(person),
        round=round_service.round_payload(event),
    )
    return kept_on_phone(make_response(page))


def _signed_in(event: Event, person):
    session[f"participant:{event.id}"] = person.token
    return redirect(url_for("participant.seat", token=person.token))


def _event(token: str) -> Event:
    event = event_service.event_by_join(token)
    if event is None or event.join_token != token:
        abort(404)
    g.event_language = event.language
    return event
