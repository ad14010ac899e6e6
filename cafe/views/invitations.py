"""Co-organisers by invitation link: the owner makes a single-use link, another organiser
opens it logged in and confirms. Nothing anyone types names an account (issue 23.13)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _

from cafe.links import public
from cafe.models import INVITATION_DAYS, Event
from cafe.services import invitations
from cafe.views.auth import login_required, owners_event

bp = Blueprint("invitations", __name__)
NEW_LINK = "new_invitation"
"""Session key holding a link just made, until the event page has shown it once."""
STATUS = {"accept": 200, "owner": 200, "member": 200, "unknown": 404}
"""HTTP status of each answer to opening a link; a used, withdrawn or expired one is 410."""


@bp.post("/o/events/<int:event_id>/invitations")
@login_required
def create(event_id: int):
    """Make a new invitation link for the event (owner only); the event page shows it once."""
    event = owners_event(event_id)
    _invitation, token = invitations.create(event, g.organiser)
    session[NEW_LINK] = {"event": event.id, "token": token}
    return redirect(url_for("organiser.event", event_id=event.id, _anchor="team-title"))


@bp.post("/o/events/<int:event_id>/invitations/<int:invitation_id>/revoke")
@login_required
def revoke(event_id: int, invitation_id: int):
    """Withdraw a pending invitation of the event (owner only): its link stops working."""
    event = owners_event(event_id)
    if not invitations.revoke(event, invitation_id):
        abort(404)
    flash(_("The invitation link was withdrawn: it no longer works."))
    return redirect(url_for("organiser.event", event_id=event.id, _anchor="team-title"))


@bp.post("/o/events/<int:event_id>/organisers/<int:organiser_id>/remove")
@login_required
def remove(event_id: int, organiser_id: int):
    """Take the event away from a co-organiser (owner only)."""
    event = owners_event(event_id)
    if not invitations.remove_co_organiser(event, organiser_id):
        abort(404)
    flash(_("That organiser can no longer see or run this event."))
    return redirect(url_for("organiser.event", event_id=event.id, _anchor="team-title"))


def new_link(event: Event) -> str | None:
    """The invitation link just made for this event, once (then it is forgotten)."""
    made = session.get(NEW_LINK)
    if not isinstance(made, dict) or made.get("event") != event.id:
        return None
    session.pop(NEW_LINK)
    return public(url_for("invitations.invitation", token=made.get("token", "")))


@bp.get("/o/invite/<token>")
@login_required
def invitation(token: str):
    """Whoever opens an invitation link, logged in as an organiser, sees which event and
    who invites them, and a button to accept; any other case gets a polite page."""
    opened = invitations.open_link(token, g.organiser)
    return _page(opened, STATUS.get(opened.answer, 410))


@bp.post("/o/invite/<token>")
@login_required
def accept(token: str):
    """Accept the invitation: this organiser becomes a co-organiser of the event."""
    opened = invitations.open_link(token, g.organiser)
    if opened.answer != "accept":
        return _page(opened, 409 if opened.event else STATUS.get(opened.answer, 410))
    if not invitations.accept(opened.invitation, g.organiser):
        return _page(invitations.Opened("accepted"), 410)
    flash(_("You now organise “%(title)s”.", title=opened.event.title))
    return redirect(url_for("organiser.event", event_id=opened.event.id))


def _page(opened: invitations.Opened, status: int):
    page = render_template(
        "organiser/invitation.html", opened=opened, invitation_days=INVITATION_DAYS
    )
    return page, status
