"""Tablecloth photos: the host's upload, files served only by token, the wall slideshow
and the organiser's page to hide a photo."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from cafe import imaging, limits
from cafe.extensions import csrf, db
from cafe.limits import limiter
from cafe.services import events as event_service
from cafe.services import photos as photo_service
from cafe.tokens import InvalidInput, parse_int
from cafe.views.auth import login_required, owned_event

bp = Blueprint("photos", __name__)
UPLOAD_LIMIT = imaging.MAX_BYTES + 256 * 1024  # the photo plus the form's other fields


@bp.post("/h/<token>/photos")
@csrf.exempt  # the unguessable host token in the path is the credential; no cookie is used
@limiter.limit(limits.PHOTOS_PER_HOST_LINK, key_func=limits.host_link_key, scope="photos")
def upload(token: str):
    """Store one photo from a host's phone; answers JSON, the same on a resend."""
    table = event_service.table_by_host(token)
    if table is None:
        return _refused(404, _("This link no longer works. Ask the organiser for a new one."), True)
    g.event_language = table.event.language
    request.max_content_length = UPLOAD_LIMIT
    try:
        data = request.files["photo"].read() if "photo" in request.files else b""
        photo, created = photo_service.add_photo(
            table, request.form.get("uuid"), data, parse_int(request.form.get("round"))
        )
    except RequestEntityTooLarge:
        return _refused(413, photo_service.rejection_message("too_large"))
    except InvalidInput as exc:
        db.session.rollback()
        return jsonify(ok=False, error=str(exc), field=exc.field), 422
    return jsonify(ok=True, photo=photo_service.photo_payload(photo)), 201 if created else 200


@bp.get("/h/<token>/photos")
def table_photos(token: str):
    """The photos this table has sent (for the host page after a reload)."""
    table = event_service.table_by_host(token)
    if table is None:
        abort(404)
    photos = photo_service.photos_of(table.event_id, table_id=table.id)
    return jsonify(photos=[photo_service.photo_payload(p) for p in photos])


@bp.get("/f/<token>/<key>.jpg")
def photo_file(token: str, key: str):
    """A photo for a holder of one of its event's links; ?thumb=1 for the small one."""
    photo = photo_service.for_token_holder(token, key)
    if photo is None:
        abort(404)
    return _send(photo)


@bp.get("/w/<token>/photos")
def slideshow(token: str):
    """The wall's photo slideshow (full screen, no controls)."""
    event = event_service.event_by_wall(token)
    if event is None:
        abort(404)
    g.event_language = event.language
    return render_template("wall/photos.html", event=event, token=token)


@bp.get("/w/<token>/photos.json")
def slideshow_list(token: str):
    """The visible photos, polled by the slideshow."""
    event = event_service.event_by_wall(token)
    if event is None:
        abort(404)
    photos = photo_service.photos_of(event.id)
    return jsonify(photos=[photo_service.photo_payload(p) for p in photos])


@bp.get("/o/events/<int:event_id>/photos")
@login_required
def manage(event_id: int):
    """Every photo of the event, with hide and show."""
    event = owned_event(event_id)
    photos = photo_service.photos_of(event.id, visible_only=False)
    return render_template("organiser/photos.html", event=event, photos=photos)


@bp.get("/o/events/<int:event_id>/photos/<key>.jpg")
@login_required
def organiser_file(event_id: int, key: str):
    """A photo for the organiser, hidden or not."""
    photo = photo_service.by_key(owned_event(event_id).id, key)
    if photo is None:
        abort(404)
    return _send(photo)


@bp.post("/o/events/<int:event_id>/photos/<key>/<action>")
@login_required
def hide(event_id: int, key: str, action: str):
    """Hide a photo from the wall, phones and reports, or show it again."""
    photo = photo_service.by_key(owned_event(event_id).id, key)
    if photo is None or action not in ("hide", "show"):
        abort(404)
    photo_service.set_hidden(photo, action == "hide")
    return redirect(url_for("photos.manage", event_id=event_id) + f"#photo-{photo.id}")


def _send(photo):
    path = photo_service.file_of(photo, thumbnail=request.args.get("thumb") == "1")
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=0)
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _refused(status: int, error: str, revoked: bool = False):
    return jsonify(ok=False, error=error, field="photo", revoked=revoked), status
