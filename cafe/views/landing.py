"""The bare address: a participant types the event's code, an organiser goes to log in."""

from __future__ import annotations

from flask import Blueprint, render_template

from cafe.views.auth import current_organiser

bp = Blueprint("landing", __name__)


@bp.get("/")
def home():
    """The code entry for participants and the way in for the organiser, instead of a 404."""
    return render_template("landing/home.html", organiser=current_organiser())
