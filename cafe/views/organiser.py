"""The organiser's laptop pages: events, imports, QR sheets, rounds and links."""

from __future__ import annotations

import base64

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from cafe.extensions import db
from cafe.links import event_links
from cafe.models import INVITATION_DAYS, Event, Note, Participant
from cafe.services import editing
from cafe.services import events as event_service
from cafe.services import invitations as invitation_service
from cafe.services import participants as participant_service
from cafe.services import rounds as round_service
from cafe.services.importing import (
    ImportProblems,
    parse_participants,
    settings_from_dict,
    settings_from_json,
)
from cafe.services.namesakes import duplicate_names
from cafe.tokens import InvalidInput, parse_int
from cafe.views.auth import login_required, owned_event
from cafe.views.invitations import new_link

bp = Blueprint("organiser", __name__, url_prefix="/o")
FORM_FIELDS = (
    "title",
    "place",
    "organised_by",
    "date",
    "starts",
    "language",
    "tables",
    "table_size",
    "rounds",
    "round_minutes",
    "questions",
    "groups",
    "harvest_question",
    "host_stays",
)


@bp.get("/")
@login_required
def home():
    """The organiser's events and the form for a new one."""
    return _home(200)


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def new_event():
    """Create an event from the form; a bad value is shown next to its field, nothing is lost."""
    form = {
        "language": "it",
        "tables": 8,
        "table_size": 5,
        "rounds": 3,
        "round_minutes": 20,
        "host_stays": "on",
    }
    errors: dict = {}
    if request.method == "POST":
        form = {key: request.form.get(key, "") for key in FORM_FIELDS}
        try:
            event = event_service.create_event(settings_from_dict(form), owner_id=g.organiser.id)
            return redirect(url_for("organiser.event", event_id=event.id))
        except ImportProblems as problems:
            errors = dict(problems.problems)
    return render_template("organiser/new_event.html", form=form, errors=errors), (
        422 if errors else 200
    )


@bp.post("/events/import")
@login_required
def import_event():
    """Create an event from an event.json, and pre-register people from an optional people
    file. The same event.json imported again asks first whether to make a second event."""
    problems: list = []
    try:
        event_raw, people_name, people_raw = _import_files()
        settings = settings_from_json(event_raw)
        rows = parse_participants(people_raw, settings.groups, people_name) if people_raw else []
        duplicates = duplicate_names((r.line, r.name) for r in rows)
        if duplicates and request.form.get("duplicates_ok") != "on":
            return _home(422, duplicates=duplicates)
        earlier = editing.same_event(g.organiser.id, settings)
        if earlier and request.form.get("again") != "yes":
            return _ask_again(earlier, event_raw, people_name, people_raw)
        event = event_service.create_event(settings, owner_id=g.organiser.id, commit=False)
        db.session.flush()
        if rows:
            participant_service.import_participants(event, rows)
        db.session.commit()
        return redirect(url_for("organiser.event", event_id=event.id))
    except (ImportProblems, InvalidInput) as exc:
        db.session.rollback()
        problems = exc.problems if isinstance(exc, ImportProblems) else [("file", str(exc))]
    return _home(422, import_problems=problems)


def _home(status: int, **extra):
    """The organiser's event list, with what an import needs to say next to its form."""
    events = event_service.list_events(g.organiser.id)
    return render_template("organiser/home.html", events=events, **extra), status


def _import_files() -> tuple[bytes, str, bytes]:
    """(event.json, people file name, people file) from the upload, or from the hidden
    fields of the "import it again?" question, so nobody has to choose the files twice."""
    if request.form.get("again") == "yes":
        try:
            event_raw = base64.b64decode(request.form.get("event_b64", ""), validate=True)
            people_raw = base64.b64decode(request.form.get("people_b64", ""), validate=True)
        except ValueError:
            raise ImportProblems([("event_file", _("Choose an event.json file."))]) from None
        return event_raw, request.form.get("people_name", ""), people_raw
    event_file = request.files.get("event_file")
    people_file = request.files.get("participants_file")
    if not event_file or not event_file.filename:
        raise ImportProblems([("event_file", _("Choose an event.json file."))])
    if people_file and people_file.filename:
        return event_file.read(), people_file.filename, people_file.read()
    return event_file.read(), "", b""


def _ask_again(earlier: Event, event_raw: bytes, people_name: str, people_raw: bytes):
    return render_template(
        "organiser/import_again.html",
        earlier=earlier,
        event_b64=base64.b64encode(event_raw).decode(),
        people_b64=base64.b64encode(people_raw).decode(),
        people_name=people_name,
    ), 409


@bp.get("/events/<int:event_id>")
@login_required
def event(event_id: int):
    """One event: its links, rounds, participants and harvest so far."""
    return _event_page(_event(event_id))


def _event_page(event: Event, status: int = 200, **extra):
    note_count = db.session.scalar(
        select(func.count(Note.id)).where(Note.event_id == event.id, Note.deleted_at.is_(None))
    )
    return render_template(
        "organiser/event.html",
        event=event,
        people=participant_service.registered(event),
        links=event_links(event),
        note_count=note_count,
        round=round_service.round_payload(event),
        co_organisers=event_service.co_organisers(event),
        event_owner=event_service.owner_name(event),
        **_team(event),
        **extra,
    ), status


def _team(event: Event) -> dict:
    """The owner's part of the organisers' section: the pending invitations and the link
    made just now (shown once); a co-organiser sees neither."""
    if event.owner_id != g.organiser.id:
        return {"is_owner": False}
    return {
        "is_owner": True,
        "invitations": invitation_service.pending(event),
        "new_link": new_link(event),
        "invitation_days": INVITATION_DAYS,
    }


@bp.post("/events/<int:event_id>/participants")
@login_required
def import_people(event_id: int):
    """Pre-register people from a CSV; a bad file lists its bad lines and imports nothing."""
    event = _event(event_id)
    upload = request.files.get("participants_file")
    try:
        if not upload or not upload.filename:
            raise ImportProblems([("participants_file", _("Choose a CSV or Excel file."))])
        rows = parse_participants(upload.read(), event.groups, upload.filename)
        duplicates = _duplicates(event, rows)
        if duplicates and request.form.get("duplicates_ok") != "on":
            return _event_page(event, 422, duplicates=duplicates)
        people = participant_service.import_participants(event, rows)
        flash(ngettext("%(num)d person imported.", "%(num)d people imported.", len(people)))
        return redirect(url_for("organiser.event", event_id=event.id))
    except (ImportProblems, InvalidInput) as exc:
        db.session.rollback()
        problems = exc.problems if isinstance(exc, ImportProblems) else [("file", str(exc))]
    return _event_page(event, 422, import_problems=problems)


def _duplicates(event: Event, rows: list) -> list:
    """Names listed twice in the file, or already on the event's list: shown before import."""
    registered = (p.name for p in participant_service.registered(event))
    return duplicate_names(((r.line, r.name) for r in rows), registered)


@bp.post("/events/<int:event_id>/limits")
@login_required
def limits(event_id: int):
    """How many people may check in, and how long a closed event's links keep working."""
    event = _event(event_id)
    form = {key: request.form.get(key, "") for key in ("people_cap", "link_days")}
    try:
        event_service.update_limits(event, form["people_cap"], form["link_days"])
    except InvalidInput as exc:
        db.session.rollback()
        return _event_page(event, 422, limit_errors={exc.field: str(exc)}, limit_form=form)
    flash(_("Saved."))
    return redirect(url_for("organiser.event", event_id=event.id))


@bp.post("/events/<int:event_id>/close")
@login_required
def close(event_id: int):
    """Close the event; its join, host, personal and wall links expire `link_days` later."""
    event_service.close_event(_event(event_id))
    flash(_("The event is closed. Its links stop working when the days you chose are over."))
    return redirect(url_for("organiser.event", event_id=event_id))


@bp.post("/events/<int:event_id>/people/<int:person_id>/reissue")
@login_required
def reissue_person(event_id: int, person_id: int):
    """The desk gives someone a new personal link (their name was taken on another phone,
    or they lost theirs): the old link stops working and the name can be found again."""
    event = _event(event_id)
    person = db.session.get(Participant, person_id)
    if person is None or person.event_id != event.id:
        abort(404)
    participant_service.reissue_link(person)
    flash(
        _(
            "%(name)s has a new personal link: they can find their name at the door again.",
            name=person.name,
        )
    )
    return redirect(url_for("organiser.event", event_id=event.id))


@bp.post("/events/<int:event_id>/round/<action>")
@login_required
def round_action(event_id: int, action: str):
    """Start or end a round."""
    event = _event(event_id)
    actions = {"start": round_service.start_round, "end": round_service.end_round}
    if action not in actions:
        abort(404)
    try:
        actions[action](event)
    except InvalidInput as exc:
        flash(str(exc), "error")
    return redirect(url_for("organiser.event", event_id=event.id))


@bp.post("/events/<int:event_id>/revoke/<what>")
@login_required
def revoke(event_id: int, what: str):
    """Revoke a link (join, wall, or one table's host link) and issue a new one."""
    event = _event(event_id)
    if what == "join":
        event_service.reissue_join_link(event)
        flash(_("The old join link and code no longer work. Print the new poster and table tents."))
    elif what == "wall":
        event_service.reissue_wall_link(event)
        flash(_("The old wall link no longer works. Open the wall again from this page."))
    elif what.startswith("table-"):
        # parse_int, not isdigit/int: "table-²" passes isdigit() and then int() raises.
        table = next((t for t in event.tables if t.number == parse_int(what[6:])), None)
        if table is None:
            abort(404)
        event_service.reissue_host_link(table)
        flash(
            _(
                "The old host link of table %(n)d no longer works. Print its new host card.",
                n=table.number,
            )
        )
    else:
        abort(404)
    return redirect(url_for("organiser.event", event_id=event.id))


def _event(event_id: int) -> Event:
    return owned_event(event_id)
