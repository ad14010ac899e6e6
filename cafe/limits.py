"""Rate limits (Flask-Limiter): in memory on one laptop, in Redis when scaled out
(the storage follows CAFE_MESSAGE_QUEUE). docs/security.md lists them."""

from __future__ import annotations

import math
import time

from flask import current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse

from cafe import limit_storage  # noqa: F401 - registers the cafe-memory:// storage

limiter = Limiter(key_func=get_remote_address)

CODE_GUESSES = "10/minute"
"""Wrong join codes per client address (a right code costs nothing: a crowd behind one
router types the same code): a person mistypes a few times, a script guesses."""
JOINS_PER_CLIENT = 30
"""Joins and name confirmations per address a minute: a person needs a few."""
JOIN_SHARE = 8
"""An event's joins a minute are at least this many addresses' worth: a handful of
addresses cannot spend them."""
SEARCHES_PER_CLIENT = 10
"""Name searches at the door per address in ten minutes: a person tries their name a few
times; listing the registered people takes hundreds."""
CLAIMS_PER_CLIENT = "3/10minutes"
"""'This is me' per address, whatever the answer: a person claims their own name (and
mends a wrong tap); claiming other people's names is the desk's work."""
NAMES_PER_CLIENT = "2/12hours"
"""Names an address may take with 'this is me' in a morning: one phone, one person (and
one more after the desk gave a wrong name back). A script needs an address per name."""
LOGINS_PER_CLIENT = "20/minute"
"""Failed logins per address, whatever the name."""
LOGINS_PER_CLIENT_AND_NAME = "5/minute;20/hour"
"""Failed logins per user name from one address: the hourly limit is the back-off after
the first. It closes the name to that address only, so a stranger cannot lock the owner out."""
LOGINS_PER_NAME = "15/minute;60/hour"
"""Failed logins per user name from every address together, for browsers that never logged
in as that name: a guesser with many addresses is still slowed, and the owner's own laptop
(it carries KNOWN_COOKIE) still gets in."""
KNOWN_COOKIE = "cafe_known"
"""Signed list of the user names that logged in from this browser before."""
KNOWN_NAMES_MAX = 5
PHOTOS_PER_HOST_LINK = "20/minute;120/hour"
"""Photo uploads per host link (resends and refusals count too): a host photographs the
tablecloth a few times a round; a script looping bombs from one link is stopped."""
BUSY_WAIT = 3
"""Seconds a request refused for load (no free connection to the database, no free place
for a socket) is told to wait before it tries again by itself (Retry-After)."""
NOTES_PER_TABLE = parse("600/10minutes")
"""New notes per table: a fast host writes one every few seconds; an outbox flushing after
a long Wi-Fi outage can send a few hundred at once."""


def host_link_key() -> str:
    """The host link in the URL: one table's phone(s)."""
    return "host:" + str((request.view_args or {}).get("token", ""))


def event_key() -> str:
    """The join link in the URL: limits shared by everyone joining one event."""
    return "event:" + str((request.view_args or {}).get("token", ""))


def login_name() -> str:
    """The user name being tried, as limits count it."""
    return request.form.get("username", "").strip().casefold()[:80]


def joins_per_event() -> str:
    """Joins and confirmations a minute for the whole event: twice its size (the whole
    crowd can pass in half a minute), never less than JOIN_SHARE addresses' worth."""
    return f"{max(JOIN_SHARE * JOINS_PER_CLIENT, 2 * door_size())}/minute"


def searches_per_client() -> str:
    return f"{SEARCHES_PER_CLIENT}/10minutes"


def searches_per_event() -> str:
    """Name searches at the door for the whole event in ten minutes: one per person, never
    less than JOIN_SHARE addresses' worth (and typing one's whole name still works)."""
    return f"{max(JOIN_SHARE * SEARCHES_PER_CLIENT, door_size())}/10minutes"


DOOR_SIZE_SECONDS = 5.0
"""How long a process trusts an event's size for its door's limits. Flask-Limiter works
out every limit's value on every page and post of the door (also the exempt ones): asked
of the database each time, the size was a sixth of a join's time in a crowd (profiled at
bench/door.py). A limit a few seconds behind a list that grew is still the crowd's."""
DOOR_SIZES_KEPT = 1024
"""Links whose size a process keeps at most (a scanner's random links cannot grow it)."""


def door_size() -> int:
    """How many people the event in the URL may hold: its cap, or its list if longer."""
    if "door_size" not in g:
        token = str((request.view_args or {}).get("token", ""))
        sizes = current_app.extensions.setdefault("cafe_door_sizes", {})
        now = time.monotonic()
        known = sizes.get(token)
        if known is None or known[0] <= now:
            from cafe.services.participants import door_size as size_of

            if len(sizes) >= DOOR_SIZES_KEPT:
                sizes.clear()
            known = sizes[token] = (now + DOOR_SIZE_SECONDS, size_of(token))
        g.door_size = known[1]
    return g.door_size


def succeeded(response) -> bool:
    """A join or confirmation that went through (a redirect to the person's page): only
    these spend the event's limit, so refused junk cannot shut the door for others."""
    return response.status_code == 302


def wrong_code(response) -> bool:
    """A typed code that opened no event."""
    return response.status_code == 404


def not_searching() -> bool:
    """The door page without a name search in it (the page itself is not limited), or a
    link that opens no event (a 404 whatever the search)."""
    return not request.args.get("q", "").strip() or not door_size()


def no_event() -> bool:
    """A link that opens no event: it gets its 404, not a limit on what it cannot do."""
    return not door_size()


def retry_after() -> int:
    """Seconds until the limit just breached lets this client in again (at least 1)."""
    current = limiter.current_limit
    if current is None:
        return 1
    return max(1, math.ceil(current.reset_at - time.time()))


def login_name_key() -> str:
    """The user name being tried, whatever address it comes from."""
    return "login:" + login_name()


def login_pair_key() -> str:
    """The user name being tried from this address."""
    return f"login:{get_remote_address()}:{login_name()}"


def _known_signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="known-login")


def known_names() -> list[str]:
    """The user names that logged in from this browser before (from its signed cookie)."""
    try:
        names = _known_signer().loads(request.cookies.get(KNOWN_COOKIE, ""))
    except BadSignature:
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def known_login() -> bool:
    """True when this browser logged in before as the name being tried."""
    return login_name() in known_names()


def remember_login(response) -> None:
    """Mark this browser as one the name being tried logged in from (a year)."""
    names = [login_name(), *(n for n in known_names() if n != login_name())]
    response.set_cookie(
        KNOWN_COOKIE,
        _known_signer().dumps(names[:KNOWN_NAMES_MAX]),
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )


def failed(response) -> bool:
    """Only failed attempts count against a login limit: a redirect means it worked."""
    return response.status_code != 302


def note_allowed(table_id: int) -> bool:
    """Count one new note of a table; False once the table is over its limit. While the
    counters' store (Redis, when scaled out) is down, notes pass: losing a host's note is
    worse than not counting it."""
    return _note_count(table_id, count=True)


def notes_full(table_id: int) -> bool:
    """True while a table is over its note limit, counting nothing: checked before a note
    costs any database work, so a flood of notes past the limit costs almost nothing."""
    return not _note_count(table_id, count=False)


def _note_count(table_id: int, count: bool) -> bool:
    if current_app.config["RATELIMIT_STORAGE_URI"].startswith(("memory", "cafe-memory")):
        counts = current_app.extensions.setdefault("cafe_note_counts", WindowCounts())
        amount, seconds = NOTES_PER_TABLE.amount, NOTES_PER_TABLE.get_expiry()
        if not count:
            return not counts.full(amount, seconds, table_id)
        return counts.hit(amount, seconds, table_id)
    try:
        check = limiter.limiter.hit if count else limiter.limiter.test
        return check(NOTES_PER_TABLE, "note", str(table_id))
    except Exception as exc:  # noqa: BLE001 - any storage failure
        current_app.logger.warning("note limit not counted: %s", type(exc).__name__)
        return True


class WindowCounts:
    """Fixed-window counters in this process, for the note limit on one laptop. The
    limits library's memory storage starts a timer thread (a greenlet, under gevent) on
    every hit to expire its keys: a tenth of a millisecond and a heap of garbage per note."""

    def __init__(self):
        self.windows: dict[object, tuple[float, int]] = {}

    def full(self, amount: int, seconds: float, key: object) -> bool:
        """True while `key` has had `amount` hits in its current window."""
        started, count = self.windows.get(key, (0.0, 0))
        return count >= amount and time.monotonic() - started < seconds

    def hit(self, amount: int, seconds: float, key: object) -> bool:
        """Count one hit on `key`; False once it had `amount` in the current window."""
        now = time.monotonic()
        started, count = self.windows.get(key, (now, 0))
        if now - started >= seconds:
            started, count = now, 0
        if count >= amount:
            return False
        self.windows[key] = (started, count + 1)
        return True
