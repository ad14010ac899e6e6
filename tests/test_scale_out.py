"""Scale-out: two `cafe run` processes sharing PostgreSQL and a Redis message queue
(ARCHITECTURE.md, sections 6 and 9; trap 3 for the start-up migration race).

A note posted through one process must reach a wall connected to the other: the database is
the truth, Redis is the doorbell between the processes.
"""

from __future__ import annotations

import os
import random
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import socketio
from sqlalchemy import create_engine, text

from tests.conftest import PG_ADMIN_URL, service_missing
from tests.servers import Server, load_demo, make_server, token_of

pytestmark = [pytest.mark.live, pytest.mark.postgres, pytest.mark.redis]

ACK_TIMEOUT = 10  # a bound on waiting, never an assertion about speed
REDIS_URL = os.environ.get("CAFE_TEST_REDIS", f"redis://127.0.0.1:6379/{random.randint(1, 15)}")


@pytest.fixture
def fresh_postgres():
    """A brand-new, empty database (no schema: the servers' start-up migrations make it)."""
    name = f"cafe_scale_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        admin.dispose()
        service_missing("PostgreSQL", exc)
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = create_engine(url)
    try:
        yield url, engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def redis_url():
    """The Redis message queue, if one answers."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001
        service_missing("Redis", exc)
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def two_servers(tmp_path, fresh_postgres, redis_url):
    """Two server processes on one database and one queue, started at the same moment."""
    database_url, engine = fresh_postgres
    channel = f"cafe-test-{uuid.uuid4().hex}"  # a channel of its own on the shared Redis
    servers = [
        make_server(
            tmp_path / name,
            CAFE_DATABASE_URL=database_url,
            CAFE_MESSAGE_QUEUE=redis_url,
            CAFE_MESSAGE_CHANNEL=channel,
        )
        for name in ("a", "b")
    ]
    try:
        with ThreadPoolExecutor(len(servers)) as pool:
            started = [pool.submit(s.start, 60) for s in servers]
            errors = [f.exception() for f in started]
        assert errors == [None, None], errors
        yield servers, engine
    finally:
        for s in servers:
            s.stop()


def connect(server: Server, role: str, token: str) -> socketio.SimpleClient:
    client = socketio.SimpleClient(reconnection=False)
    client.connect(server.url, auth={"role": role, "token": token}, transports=["websocket"])
    return client


def note(text_: str) -> dict:
    return {"uuid": str(uuid.uuid4()), "text": text_, "kind": "idea", "round": 1}


def test_a_note_posted_through_one_process_reaches_a_wall_on_the_other(two_servers):
    (a, b), engine = two_servers
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        # Both start-ups ran first_start_link(): still one organiser, one set-up link.
        assert conn.execute(text("SELECT count(*) FROM organiser")).scalar_one() == 1
    links = load_demo(a)
    wall_token = token_of(links["wall"])
    clients = []
    try:
        wall_on_b = connect(b, "wall", wall_token)
        wall_on_a = connect(a, "wall", wall_token)
        host_on_a = connect(a, "host", token_of(links["hosts"]["1"]))
        host_on_b = connect(b, "host", token_of(links["hosts"]["2"]))
        clients = [wall_on_b, wall_on_a, host_on_a, host_on_b]
        since = wall_on_b.call("sync", {"since": 0}, timeout=ACK_TIMEOUT)["last_seq"]
        assert wall_on_a.call("sync", {"since": 0}, timeout=ACK_TIMEOUT)["last_seq"] == since

        acks = []
        for host, words in ((host_on_a, "through A"), (host_on_b, "through B")):
            sent = note(words)
            ack = host.call("note:add", sent, timeout=ACK_TIMEOUT)
            assert ack["ok"], ack
            acks.append(ack)
            for wall in (wall_on_b, wall_on_a):
                event, push = wall.receive(timeout=ACK_TIMEOUT)
                assert event == "change"
                assert (push["seq"], push["data"]["uuid"], push["data"]["text"]) == (
                    ack["seq"],
                    sent["uuid"],
                    words,
                )
                assert push["data"] == ack["note"]

        # The other process replays the same feed from the shared database.
        replay = wall_on_b.call("sync", {"since": since}, timeout=ACK_TIMEOUT)["changes"]
        assert [(c["seq"], c["data"]["uuid"]) for c in replay] == [
            (x["seq"], x["uuid"]) for x in acks
        ]
    finally:
        for c in clients:
            c.disconnect()


def test_the_same_uuid_through_both_processes_at_once_is_stored_once(two_servers):
    (a, b), engine = two_servers
    links = load_demo(a)
    token = token_of(links["hosts"]["3"])
    phones = [connect(s, "host", token) for s in (a, b, a, b)]
    notes = [note(f"Both ways {i}") for i in range(20)]
    acks: list[dict] = []
    lock = threading.Lock()
    go = threading.Barrier(len(phones))

    def send(phone):
        go.wait()
        for n in notes:
            reply = phone.call("note:add", n, timeout=ACK_TIMEOUT)
            with lock:
                acks.append(reply)

    try:
        threads = [threading.Thread(target=send, args=(p,)) for p in phones]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        for p in phones:
            p.disconnect()

    assert len(acks) == len(phones) * len(notes) and all(x["ok"] for x in acks), acks
    by_uuid: dict[str, set] = {}
    for x in acks:
        by_uuid.setdefault(x["uuid"], set()).add((x["id"], x["seq"]))
    assert all(len(v) == 1 for v in by_uuid.values()), "one uuid got two acknowledgements"
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT uuid, count(*) FROM note GROUP BY uuid")).all()
        feed = conn.execute(text("SELECT seq FROM change ORDER BY seq")).scalars().all()
        head = conn.execute(text("SELECT last_seq FROM event")).scalar_one()
    assert sorted(rows) == sorted((n["uuid"], 1) for n in notes)
    assert feed == list(range(1, head + 1)), "the change feed has a gap or a duplicate"
