"""The organiser changes an event's settings and questions, or starts a copy of it."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from cafe.extensions import db
from cafe.services import editing
from cafe.services.importing import ImportProblems, settings_from_dict
from cafe.tokens import InvalidInput
from cafe.views.auth import login_required, owned_event
from cafe.views.organiser import FORM_FIELDS

bp = Blueprint("event_settings", __name__, url_prefix="/o/events/<int:event_id>")


@bp.route("/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    """The event's settings and questions; what may no longer change is refused next to
    its field, and everything typed stays in the form."""
    event = owned_event(event_id)
    form, errors = editing.form_of(event), {}
    if request.method == "POST":
        form = {key: request.form.get(key, "") for key in FORM_FIELDS}
        try:
            confirmed = request.form.get("confirm_replan") == "yes"
            editing.update_event(event, settings_from_dict(form), confirmed)
            flash(_("Saved."))
            return redirect(url_for("organiser.event", event_id=event.id))
        except ImportProblems as problems:
            db.session.rollback()
            errors = dict(problems.problems)
        except InvalidInput as exc:  # the re-plan did not fit: nothing was changed
            errors = {exc.field or "tables": str(exc)}
    locked = editing.locked_rounds(event)
    page = render_template(
        "organiser/edit_event.html", event=event, form=form, errors=errors, locked=locked
    )
    return page, (422 if errors else 200)


@bp.post("/duplicate")
@login_required
def duplicate(event_id: int):
    """A new event with the same settings and questions, opened for editing."""
    copy = editing.duplicate_event(owned_event(event_id), g.organiser.id)
    flash(_("This is a copy without people or notes. Check the title and the date."))
    return redirect(url_for("event_settings.edit", event_id=copy.id))
