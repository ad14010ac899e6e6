"""The organiser's password login, and the one-time link that sets the first password."""

from __future__ import annotations

from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from cafe import limits
from cafe.extensions import db
from cafe.limits import limiter
from cafe.models import Event, Organiser
from cafe.services import events as event_service
from cafe.services import organisers as organiser_service

bp = Blueprint("auth", __name__)
MIN_PASSWORD = 8
DUMMY_HASH = generate_password_hash("no account has this password")


def login_required(view):
    """Send anyone who is not logged in as an organiser to the login page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        organiser = current_organiser()
        if organiser is None:
            return redirect(url_for("auth.login", next=request.full_path))
        g.organiser = organiser
        return view(*args, **kwargs)

    return wrapped


def owned_event(event_id: int) -> Event:
    """The event of an organiser route, when the logged-in organiser owns or co-organises
    it; 404 otherwise (the same answer as for an event that does not exist)."""
    organiser = current_organiser()
    if organiser is None or not event_service.may_organise(organiser.id, event_id):
        abort(404)
    return db.session.get(Event, event_id)


def owners_event(event_id: int) -> Event:
    """The event of a route only its owner may use (sharing it onward, deleting its
    personal data or the event): 404 for a co-organiser too (docs/security.md)."""
    event = owned_event(event_id)
    if event.owner_id != current_organiser().id:
        abort(404)
    return event


def guard_event_routes():
    """Before every request: a route with an `event_id` in its URL needs the login and an
    event this organiser may run, so new organiser routes are guarded without thinking."""
    event_id = (request.view_args or {}).get("event_id")
    if event_id is None:
        return None
    if current_organiser() is None:
        return redirect(url_for("auth.login", next=request.full_path))
    owned_event(event_id)
    return None


def current_organiser() -> Organiser | None:
    """The organiser this session belongs to, or None, also when the session predates the
    account's last logout (a copied cookie, an open socket)."""
    organiser_id = session.get("organiser_id")
    organiser = db.session.get(Organiser, organiser_id) if organiser_id else None
    if organiser is None or session.get("organiser_version") != organiser.session_version:
        return None
    return organiser


def _sign_in(organiser: Organiser) -> None:
    _fresh_session()
    session["organiser_id"] = organiser.id
    session["organiser_version"] = organiser.session_version


def set_password(organiser: Organiser, password: str) -> None:
    """Hash and store a new password, and burn any set-up link."""
    organiser.password_hash = generate_password_hash(password)
    organiser.setup_token = None
    db.session.commit()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(limits.LOGINS_PER_CLIENT, methods=["POST"], scope="login", deduct_when=limits.failed)
@limiter.limit(
    limits.LOGINS_PER_CLIENT_AND_NAME,
    methods=["POST"],
    key_func=limits.login_pair_key,
    scope="login-pair",
    deduct_when=limits.failed,
)
@limiter.limit(
    limits.LOGINS_PER_NAME,
    methods=["POST"],
    key_func=limits.login_name_key,
    scope="login-name",
    deduct_when=limits.failed,
    exempt_when=limits.known_login,
)
def login():
    """Ask for the organiser's name and password."""
    error = None
    username = request.form.get("username", "").strip()
    if request.method == "POST":
        organiser = db.session.scalar(select(Organiser).where(Organiser.username == username))
        password = request.form.get("password", "")
        # An unknown name costs the same hash check as a known one: timing tells nothing.
        stored = organiser.password_hash if organiser and organiser.password_hash else DUMMY_HASH
        if check_password_hash(stored, password) and stored is not DUMMY_HASH:
            _sign_in(organiser)
            response = redirect(_safe_next(request.args.get("next")))
            limits.remember_login(response)
            return response
        error = _("Wrong name or password.")
    invited = str(request.args.get("next", "")).startswith("/o/invite/")
    page = render_template("auth/login.html", error=error, username=username, invited=invited)
    return page, (401 if error else 200)


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    """Let the organiser choose a password through the one-time link printed at start-up."""
    organiser = db.session.scalar(select(Organiser).where(Organiser.setup_token == token))
    if organiser is None:
        abort(404)
    error = None
    if request.method == "POST":
        password = request.form.get("password", "")
        if len(password) < MIN_PASSWORD:
            error = _("Use at least %(n)d characters.", n=MIN_PASSWORD)
        elif password != request.form.get("confirm", ""):
            error = _("The two passwords differ.")
        else:
            set_password(organiser, password)
            _sign_in(organiser)
            return redirect(url_for("organiser.home"))
    return render_template("auth/setup.html", organiser=organiser, error=error)


@bp.post("/logout")
def logout():
    """End the organiser's sessions: this cookie, copies of it, and open sockets."""
    organiser = current_organiser()
    if organiser is not None:
        organiser_service.end_sessions(organiser)
    _fresh_session()
    return redirect(url_for("auth.login"))


def _fresh_session() -> None:
    """A new session (against fixation, and to forget a logged-out account) that keeps
    only the language the person chose."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def _safe_next(target: str | None) -> str:
    """`target` when it is a path on this site, as a browser would read it; else home."""
    return target if is_same_site_path(target) else url_for("organiser.home")


def is_same_site_path(target: str | None) -> bool:
    """True for a path on this site. Browsers drop tabs and newlines, read a backslash as a
    slash and may decode %2F, so `/\t/evil.example` or `/%5Cevil.example` lead elsewhere."""
    if not target:
        return False
    seen = target
    for _round in range(3):  # decoding twice covers %252F; a third pass must change nothing
        seen = unquote(seen.replace("\\", "/"))
        seen = "".join(ch for ch in seen if ord(ch) >= 0x20)
    parts = urlsplit(seen)
    return (
        seen.startswith("/") and not seen.startswith("//") and not parts.scheme and not parts.netloc
    )
