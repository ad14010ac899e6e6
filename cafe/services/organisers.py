"""Organiser accounts: the first one is made at start-up with a one-time set-up link."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from cafe import live
from cafe.extensions import db
from cafe.links import public
from cafe.models import Organiser
from cafe.tokens import new_token


def first_organiser() -> Organiser:
    """The first organiser account, made with a set-up link when none exists; its name is
    in the language of the start-up ("organiser", "organizzazione")."""
    organiser = db.session.scalar(select(Organiser).order_by(Organiser.id))
    if organiser is None:
        organiser = Organiser(username=_("organiser"), setup_token=new_token())
        db.session.add(organiser)
        db.session.commit()
    return organiser


def first_start_link() -> str:
    """The link to print at start-up: a one-time set-up link until a password is set,
    then the organiser's home page."""
    organiser = first_organiser()
    if organiser.password_hash is None:
        if organiser.setup_token is None:
            organiser.setup_token = new_token()
            db.session.commit()
        return _(
            "%(link)s  (one-time link: choose a password)",
            link=public(f"/setup/{organiser.setup_token}"),
        )
    return public("/o/")


def create_organiser(username: str, password: str) -> Organiser:
    """Make (or reset the password of) an organiser account."""
    organiser = db.session.scalar(select(Organiser).where(Organiser.username == username))
    if organiser is None:
        organiser = Organiser(username=username)
        db.session.add(organiser)
    organiser.password_hash = generate_password_hash(password)
    organiser.setup_token = None
    db.session.commit()
    return organiser


def end_sessions(organiser: Organiser) -> None:
    """Log the account out everywhere: older session cookies stop working and its open
    sockets are disconnected."""
    organiser.session_version += 1
    db.session.commit()
    live.evict(live.account_room(organiser.id))
