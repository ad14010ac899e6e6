"""Capability tokens, short join codes and the validation of what people type."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

from flask_babel import gettext as _

TOKEN_BYTES = 18  # 144 bits: more than the 128 bits a capability link needs
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read off a poster
CODE_LENGTH = 6


def new_token() -> str:
    """A random, URL-safe capability token of 144 bits."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """The SHA-256 of a token, as stored for links shown only once (invitations): a copy
    of the database cannot open them. A token of 144 random bits needs no slow hash."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_join_code() -> str:
    """A short code people can type when they cannot scan the poster."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """A typed join code in canonical form: upper case, without spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class InvalidInput(ValueError):
    """What a person typed cannot be used; the message says why, in their language."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def clean_text(
    text: object, *, limit: int, field: str, empty_message: str, long_message: str
) -> str:
    """Trimmed, NFC-normalised text of at most `limit` characters, or InvalidInput. The
    messages may be lazy strings: they are made text only when the input is refused."""
    if not isinstance(text, str):
        raise InvalidInput(str(empty_message), field)
    cleaned = unicodedata.normalize("NFC", text).strip()
    cleaned = "".join(ch for ch in cleaned if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if not cleaned:
        raise InvalidInput(str(empty_message), field)
    if not storable(cleaned):
        raise InvalidInput(_("This text has a character that cannot be stored."), field)
    if len(cleaned) > limit:
        raise InvalidInput(str(long_message), field)
    return cleaned


def storable(text: str) -> bool:
    """False for text no database can hold: a lone surrogate (`\\ud800` from JSON)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


LARGEST_ID = 2**63 - 1
"""Beyond a 64-bit integer, SQLite raises instead of finding no row."""


def parse_int(value: object) -> int:
    """A whole number from a form field, or -1 (which matches no row) for anything else,
    a number too large for a database column included."""
    try:
        number = int(str(value))
    except ValueError:
        return -1
    return number if abs(number) <= LARGEST_ID else -1
