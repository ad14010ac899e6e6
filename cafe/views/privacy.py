"""The organiser's privacy page: what Café holds, deleting personal data or the event."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from cafe.services import privacy
from cafe.views.auth import login_required, owned_event, owners_event

bp = Blueprint("privacy", __name__, url_prefix="/o/events/<int:event_id>/privacy")


@bp.get("/")
@login_required
def page(event_id: int):
    """The privacy notice and the two deletions, each behind a confirmation box."""
    return render_template("organiser/privacy.html", event=owned_event(event_id), errors={})


@bp.post("/anonymise")
@login_required
def anonymise(event_id: int):
    """Delete names, personal links and photo metadata; the harvest stays (owner only)."""
    event = owners_event(event_id)
    if request.form.get("confirm_anonymise") != "yes":
        return _unconfirmed(event, "confirm_anonymise")
    privacy.anonymise_event(event)
    flash(_("Personal data deleted. The notes, photos and counts by group are kept."))
    return redirect(url_for("organiser.event", event_id=event.id))


@bp.post("/delete")
@login_required
def delete(event_id: int):
    """Delete the whole event, its notes and its photos (owner only)."""
    event = owners_event(event_id)
    if request.form.get("confirm_delete") != "yes":
        return _unconfirmed(event, "confirm_delete")
    title = event.title
    privacy.delete_event(event)
    flash(_("The event “%(title)s” and everything in it were deleted.", title=title))
    return redirect(url_for("organiser.home"))


def _unconfirmed(event, field: str):
    errors = {field: _("Tick the box to confirm: this cannot be undone.")}
    return render_template("organiser/privacy.html", event=event, errors=errors), 422
