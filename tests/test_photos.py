"""Tablecloth photos: processing (EXIF and GPS stripped, orientation applied, resized),
the host's upload (idempotent by the phone's id), and files served only to the event's
token holders and the organiser.
Bad inputs tried: a text file named .jpg, a truncated JPEG, an empty file, a 16 MB file,
PNG headers claiming 400 and 81 megapixels (decompression bombs), a resend of the same
photo, the same id from another table's token, a revoked token, a token of another
event, a made-up photo key, a hidden photo asked for by a token holder."""

from __future__ import annotations

import io
import struct
import uuid
import zlib

import pytest
from PIL import ExifTags, Image
from sqlalchemy import func, select

from cafe import imaging
from cafe.extensions import db
from cafe.models import CafeTable, Change, Event, Photo


def jpeg_with_gps(size=(3000, 2000), orientation=6) -> bytes:
    """A camera-like JPEG: left half red, right half blue, EXIF maker, GPS and orientation."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (44.0, 32.0, 1.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (10.0, 47.0, 2.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"Mario Rossi's phone")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims width x height pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def encoded(fmt: str, mode="RGBA", size=(640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 120, 60, 128) if mode == "RGBA" else (10, 120, 60)).save(out, fmt)
    return out.getvalue()


def test_exif_and_gps_are_stripped_and_orientation_applied():
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as before:  # the sample really carries them
        assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    photo = imaging.process_photo(original)
    assert (photo.width, photo.height) == (1333, 2000)  # rotated upright, long side 2000
    with Image.open(io.BytesIO(photo.jpeg)) as after:
        assert dict(after.getexif()) == {}
        assert "exif" not in after.info and "comment" not in after.info
        top, bottom = after.getpixel((666, 20)), after.getpixel((666, 1980))
    assert top[0] > 200 and top[2] < 60  # the red left half is now on top
    assert bottom[2] > 200 and bottom[0] < 60
    for secret in (b"Exif", b"PhoneMaker", b"Mario Rossi"):
        assert secret not in photo.jpeg and secret not in photo.thumbnail


def test_png_and_webp_are_accepted_and_become_jpeg():
    for fmt in ("PNG", "WEBP"):
        photo = imaging.process_photo(encoded(fmt))
        assert photo.jpeg.startswith(b"\xff\xd8") and (photo.width, photo.height) == (640, 480)
        with Image.open(io.BytesIO(photo.thumbnail)) as thumb:
            assert max(thumb.size) == 480


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"this is a text file pretending to be a photo", "not_image"),
        (jpeg_with_gps(size=(400, 300))[:600], "not_image"),
        (encoded("GIF", mode="RGB"), "not_image"),
        (b"\xff\xd8" + b"\0" * (imaging.MAX_BYTES + 1), "too_large"),
        (png_header(20000, 20000), "bomb"),
        (png_header(9000, 9000), "bomb"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, reason):
    with pytest.raises(imaging.PhotoRejected) as refused:
        imaging.process_photo(data)
    assert refused.value.reason == reason


@pytest.fixture
def uploads(app, tmp_path):
    app.config["CAFE_UPLOADS"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def tokens(app, make_event, uploads):
    """Host tokens of tables 1 and 2, the wall token, and another event's wall token."""
    first, other = make_event(), make_event(title="Altro")
    with app.app_context():
        tables = db.session.scalars(select(CafeTable).where(CafeTable.event_id == first)).all()
        return {
            "event_id": first,
            "t1": tables[0].host_token,
            "t2": tables[1].host_token,
            "wall": db.session.get(Event, first).wall_token,
            "other": db.session.get(Event, other).wall_token,
        }


def post_photo(client, token, data, photo_id=None, name="photo.jpg"):
    form = {"uuid": photo_id or str(uuid.uuid4()), "round": "1", "photo": (io.BytesIO(data), name)}
    return client.post(f"/h/{token}/photos?lang=en", data=form, content_type="multipart/form-data")


def test_upload_stores_a_stripped_file_once_even_when_resent(app, client, tokens, uploads):
    photo_id = str(uuid.uuid4())
    first = post_photo(client, tokens["t1"], jpeg_with_gps(), photo_id)
    again = post_photo(client, tokens["t1"], jpeg_with_gps(), photo_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["photo"] == again.json["photo"]
    key = first.json["photo"]["key"]
    assert len(key) >= 24  # the URL cannot be guessed
    stored = uploads / str(tokens["event_id"]) / f"{key}.jpg"
    assert stored.is_file() and b"GPS" not in stored.read_bytes()
    assert sorted(p.name for p in stored.parent.iterdir()) == sorted(
        [f"{key}.jpg", f"{key}.thumb.jpg"]
    )
    with app.app_context():
        assert db.session.scalar(select(func.count(Photo.id))) == 1
        kinds = db.session.scalars(select(Change.kind)).all()
        assert kinds.count("photo") == 1  # the wall and organiser hear of it once


def test_bad_uploads_get_a_clear_error(client, tokens):
    not_image = post_photo(client, tokens["t1"], b"%PDF-1.4 not a photo")
    assert not_image.status_code == 422 and "not a photo we can read" in not_image.json["error"]
    bomb = post_photo(client, tokens["t1"], png_header(20000, 20000), name="bomb.png")
    assert bomb.status_code == 422 and "too many pixels" in bomb.json["error"]
    huge = post_photo(client, tokens["t1"], b"\xff\xd8" + b"\0" * (16 * 2**20))
    assert huge.status_code == 413 and "too large (at most 15 MB)" in huge.json["error"]
    none = client.post(f"/h/{tokens['t1']}/photos?lang=en", data={"uuid": str(uuid.uuid4())})
    assert none.status_code == 422 and none.json["error"] == "Choose a photo first."
    no_id = post_photo(client, tokens["t1"], encoded("PNG"), photo_id="not-a-uuid")
    assert no_id.status_code == 422 and no_id.json["field"] == "uuid"


def test_italian_hosts_read_the_error_in_italian(client, tokens):
    form = {"uuid": str(uuid.uuid4()), "photo": (io.BytesIO(b"ciao"), "x.jpg")}
    reply = client.post(f"/h/{tokens['t1']}/photos?lang=it", data=form)
    assert "non è una foto" in reply.json["error"]


def test_another_tables_token_cannot_claim_a_photo(client, tokens):
    photo_id = str(uuid.uuid4())
    assert post_photo(client, tokens["t1"], encoded("PNG"), photo_id).status_code == 201
    stolen = post_photo(client, tokens["t2"], encoded("PNG"), photo_id)
    assert stolen.status_code == 422 and "does not belong to your table" in stolen.json["error"]
    revoked = post_photo(client, "no-such-token", encoded("PNG"))
    assert revoked.status_code == 404 and revoked.json["revoked"] is True


def test_files_are_served_only_to_the_events_token_holders(client, logged_in, tokens):
    key = post_photo(client, tokens["t1"], encoded("PNG")).json["photo"]["key"]
    for token in (tokens["t1"], tokens["t2"], tokens["wall"]):
        response = client.get(f"/f/{token}/{key}.jpg")
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/f/{tokens['other']}/{key}.jpg").status_code == 404
    assert client.get(f"/f/guess/{key}.jpg").status_code == 404
    assert client.get(f"/f/{tokens['wall']}/made-up.jpg").status_code == 404
    organiser_url = f"/o/events/{tokens['event_id']}/photos/{key}.jpg"
    assert logged_in.get(organiser_url).status_code == 200


def test_a_hidden_photo_leaves_the_wall_and_the_token_holders(app, client, logged_in, tokens):
    key = post_photo(client, tokens["t1"], encoded("PNG")).json["photo"]["key"]
    event_id = tokens["event_id"]
    assert [p["key"] for p in client.get(f"/w/{tokens['wall']}/photos.json").json["photos"]] == [
        key
    ]
    assert logged_in.post(f"/o/events/{event_id}/photos/{key}/hide").status_code == 302
    assert client.get(f"/w/{tokens['wall']}/photos.json").json["photos"] == []
    assert client.get(f"/f/{tokens['wall']}/{key}.jpg").status_code == 404
    assert logged_in.get(f"/o/events/{event_id}/photos/{key}.jpg").status_code == 200
    page = logged_in.get(f"/o/events/{event_id}/photos?lang=en").get_data(as_text=True)
    assert "hidden" in page and f"/photos/{key}/show" in page
    logged_in.post(f"/o/events/{event_id}/photos/{key}/show")
    assert len(client.get(f"/w/{tokens['wall']}/photos.json").json["photos"]) == 1


def test_photo_pages_need_their_credentials(client, tokens):
    assert client.get(f"/o/events/{tokens['event_id']}/photos").status_code == 302
    assert client.get("/w/nope/photos").status_code == 404
    assert client.get(f"/w/{tokens['wall']}/photos").status_code == 200
    assert client.get("/h/nope/photos").status_code == 404


def test_reports_carry_the_visible_photos(client, logged_in, tokens):
    import docx

    key = post_photo(client, tokens["t1"], jpeg_with_gps()).json["photo"]["key"]
    url = f"/o/events/{tokens['event_id']}/export"
    report = docx.Document(io.BytesIO(logged_in.get(f"{url}/docx").data))
    assert len(report.inline_shapes) == 2  # the participation chart and the photo
    assert logged_in.get(f"{url}/html").data.count(b"data:image/jpeg;base64,") == 1
    assert logged_in.get(f"{url}/json").json["photos"][0]["key"] == key
    logged_in.post(f"/o/events/{tokens['event_id']}/photos/{key}/hide")
    assert len(docx.Document(io.BytesIO(logged_in.get(f"{url}/docx").data)).inline_shapes) == 1
    assert logged_in.get(f"{url}/json").json["photos"][0]["hidden"] is True
