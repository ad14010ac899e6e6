"""Settings from the environment (CAFE_*), with defaults for one laptop at a venue."""

from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def instance_dir() -> Path:
    """Where the SQLite file and the secret key live (CAFE_INSTANCE or ./instance)."""
    path = Path(os.environ.get("CAFE_INSTANCE", PROJECT_ROOT / "instance"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key() -> str:
    """CAFE_SECRET_KEY, or a key made once and kept in the instance folder."""
    if os.environ.get("CAFE_SECRET_KEY"):
        return os.environ["CAFE_SECRET_KEY"]
    path = instance_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def lan_address() -> str:
    """The address other devices on the venue's network reach this laptop at."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        # No packet is sent: connecting a UDP socket only picks the outgoing interface.
        probe.connect(("10.255.255.255", 1))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def port() -> int:
    """CAFE_PORT, or 5000."""
    return int(os.environ.get("CAFE_PORT", "5000"))


def public_url() -> str:
    """The base URL that QR codes point at: CAFE_PUBLIC_URL, or the LAN address and port."""
    url = os.environ.get("CAFE_PUBLIC_URL")
    if url:
        return url.rstrip("/")
    return f"http://{lan_address()}:{port()}"


def time_zone() -> str:
    """The venue's time zone for documents: CAFE_TIME_ZONE (an IANA name such as
    Europe/Rome), else the laptop's own (TZ, /etc/timezone, /etc/localtime), else UTC."""
    for name in (os.environ.get("CAFE_TIME_ZONE"), os.environ.get("TZ", "").lstrip(":")):
        if name:
            return name
    try:
        return Path("/etc/timezone").read_text().strip() or "UTC"
    except OSError:
        pass
    target = str(Path("/etc/localtime").resolve())
    return target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else "UTC"


def from_environment() -> dict:
    """The app's settings, read from CAFE_* variables."""
    url = public_url()
    database_url = os.environ.get("CAFE_DATABASE_URL") or (
        f"sqlite:///{instance_dir() / 'cafe.db'}"
    )
    return {
        "SECRET_KEY": secret_key(),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "CAFE_MESSAGE_QUEUE": os.environ.get("CAFE_MESSAGE_QUEUE") or None,
        # Rate-limit counters live where the processes can share them (cafe.limit_storage
        # on one laptop: the library's own memory storage yields to gevent on every hit).
        "RATELIMIT_STORAGE_URI": os.environ.get("CAFE_MESSAGE_QUEUE") or "cafe-memory://",
        "RATELIMIT_HEADERS_ENABLED": False,
        # Redis down: count in memory meanwhile rather than answer every join with a 500.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Redis pub/sub channels ignore the database number: separate deployments (or
        # test runs) sharing one Redis need their own channel.
        "CAFE_MESSAGE_CHANNEL": os.environ.get("CAFE_MESSAGE_CHANNEL", "cafe"),
        "CAFE_PUBLIC_URL": url,
        "CAFE_TIME_ZONE": time_zone(),
        "CAFE_ASYNC_MODE": os.environ.get("CAFE_ASYNC_MODE", "gevent"),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        # Behind HTTPS (CAFE_PUBLIC_URL https://…) the cookie must never travel in clear.
        "SESSION_COOKIE_SECURE": url.startswith("https://"),
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Open connections per process, and per client address: a venue's router may put
        # every phone behind one address, so that cap leaves room for a whole room.
        "CAFE_MAX_CONNECTIONS": int(os.environ.get("CAFE_MAX_CONNECTIONS", "2000")),
        "CAFE_MAX_PER_ADDRESS": int(os.environ.get("CAFE_MAX_PER_ADDRESS", "600")),
        # Connections not yet admitted by a Socket.IO connect: closed after the deadline
        # (seconds), and capped apart from the places above.
        "CAFE_CONNECT_DEADLINE": float(os.environ.get("CAFE_CONNECT_DEADLINE", "5")),
        "CAFE_MAX_PENDING": int(os.environ.get("CAFE_MAX_PENDING", "400")),
        "CAFE_MAX_PENDING_PER_ADDRESS": int(os.environ.get("CAFE_MAX_PENDING_PER_ADDRESS", "100")),
        # Seconds between keep-alive pings, and how long a pong may take (Engine.IO's service
        # task also checks sockets/timeout of them a second). Only bench/instructions.py
        # stretches them: under valgrind that clockwork would fill the windows it counts.
        "CAFE_PING_INTERVAL": float(os.environ.get("CAFE_PING_INTERVAL", "10")),
        "CAFE_PING_TIMEOUT": float(os.environ.get("CAFE_PING_TIMEOUT", "10")),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
    }
