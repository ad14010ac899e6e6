"""The production stack for real (deploy/): nginx (Debian's) in front of gunicorn processes
(wsgi.py), PostgreSQL and Redis, started by deploy/stack.py.

Every note reaches every wall whichever process the host and the walls landed on, a round
change reaches every phone, a long-polling phone stays on its process through nginx's
cookie, and a Redis outage loses nothing: notes are saved and acknowledged meanwhile, and
screens catch up from `seq` once Redis is back. Bad inputs: a phone without the sticky
cookie's process (polling across three processes), Redis stopped mid-run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests
import socketio
from sqlalchemy import create_engine, text

from tests.conftest import PG_ADMIN_URL, service_missing
from tests.servers import Server, add_organiser, free_port, load_demo, token_of

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy"))
from stack import NGINX, Stack  # noqa: E402

pytestmark = [pytest.mark.live, pytest.mark.postgres, pytest.mark.redis]

WAIT = 20  # seconds: a bound on waiting, never an assertion about speed


def _need_services() -> None:
    if not Path(NGINX).exists():
        service_missing("nginx", FileNotFoundError(NGINX))
    if shutil.which("redis-server") is None:
        service_missing("redis-server", FileNotFoundError("redis-server"))
    try:
        create_engine(PG_ADMIN_URL).connect().close()
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        service_missing("PostgreSQL", exc)


@pytest.fixture
def private_redis():
    """A Redis server of this test's own, on another port, that the test may stop: the
    machine's shared Redis on 6379 is never touched."""
    _need_services()
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no"]

    def start():
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis(port=port)
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                client.ping()
                return process
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    running = {"process": start()}

    class Handle:
        url = f"redis://127.0.0.1:{port}/0"

        @staticmethod
        def stop():
            running["process"].terminate()
            running["process"].wait(10)

        @staticmethod
        def start():
            running["process"] = start()

    yield Handle
    if running["process"].poll() is None:
        running["process"].terminate()
        running["process"].wait(10)


def _stack(tmp_path, processes, redis_url=None) -> Stack:
    _need_services()
    options = {"redis_url": redis_url} if redis_url else {}
    return Stack(tmp_path / "stack", processes=processes, **options)


def _demo(stack: Stack, tmp_path) -> tuple[dict, Server]:
    """The reference event on the stack's database, owned by 'anna'; its links."""
    cli = Server(instance=tmp_path / "cli", port=stack.port, env=stack.env)
    cli.instance.mkdir(parents=True, exist_ok=True)
    add_organiser(cli)
    return load_demo(cli, owner="anna"), cli


def _client(url: str, role: str, token: str, transport: str = "websocket"):
    client = socketio.SimpleClient(reconnection=False)
    client.connect(url, auth={"role": role, "token": token}, transports=[transport])
    return client


def _note(words: str) -> dict:
    return {"uuid": str(uuid.uuid4()), "text": words, "kind": "idea", "round": 1}


def _login(url: str) -> str:
    with requests.Session() as browser:
        page = browser.get(url + "/login", timeout=WAIT)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        done = browser.post(
            url + "/login",
            data={"csrf_token": csrf, "username": "anna", "password": "correct horse"},
            allow_redirects=False,
            timeout=WAIT,
        )
        assert done.status_code == 302, done.text[:300]
        return "; ".join(f"{k}={v}" for k, v in browser.cookies.items())


def _notes_on(wall, count: int) -> dict[str, dict]:
    """The next `count` note changes a wall receives, by uuid."""
    seen: dict[str, dict] = {}
    while len(seen) < count:
        event, message = wall.receive(timeout=WAIT)
        if event == "change" and message["kind"] == "note":
            seen[message["data"]["uuid"]] = message
    return seen


def test_three_processes_behind_nginx_every_note_every_wall_every_phone(tmp_path):
    with _stack(tmp_path, 3) as stack:
        links, _cli = _demo(stack, tmp_path)
        engine = create_engine(stack.database_url)
        with engine.connect() as conn:
            event_id, phones = (
                conn.execute(text("SELECT id FROM event")).scalar_one(),
                [row[0] for row in conn.execute(text("SELECT token FROM participant"))],
            )
        engine.dispose()
        wall_token = token_of(links["wall"])
        clients = []
        try:
            # Walls through nginx, and one on each process directly, so a note crosses
            # processes whichever one its host landed on.
            walls = [_client(stack.url, "wall", wall_token) for _ in range(3)]
            walls += [
                _client(f"http://127.0.0.1:{port}", "wall", wall_token) for port in stack.app_ports
            ]
            hosts = [_client(stack.url, "host", token_of(u)) for u in links["hosts"].values()]
            people = [_client(stack.url, "participant", t) for t in phones[:-1]]
            # Long-polling: many HTTP requests, each must reach the process holding its
            # Engine.IO session (nginx's cookie); elsewhere it would be refused.
            people.append(_client(stack.url, "participant", phones[-1], "polling"))
            clients = [*walls, *hosts, *people]
            for wall in walls:
                assert wall.call("sync", {"since": 0}, timeout=WAIT)["ok"]

            acks = {}
            for number, host in enumerate(hosts, 1):
                ack = host.call("note:add", _note(f"Tavolo {number}"), timeout=WAIT)
                assert ack["ok"], ack
                acks[ack["uuid"]] = ack
            for wall in walls:
                seen = _notes_on(wall, len(acks))
                assert set(seen) == set(acks)
                assert all(seen[u]["data"] == acks[u]["note"] for u in acks)

            organiser = socketio.Client(reconnection=False)
            organiser.connect(
                stack.url,
                headers={"Cookie": _login(stack.url)},
                auth={"role": "organiser", "event_id": event_id},
                transports=["websocket"],
            )
            try:
                reply = organiser.call("clock", {"action": "start"}, timeout=WAIT)
            finally:
                organiser.disconnect()
            assert reply["ok"], reply
            for phone in people:
                event, message = phone.receive(timeout=WAIT)
                assert (event, message["kind"]) == ("change", "round")
                assert (message["data"]["phase"], message["data"]["round"]) == ("round", 1)
        finally:
            for client in clients:
                client.disconnect()


def test_a_redis_outage_loses_no_note_and_screens_catch_up_from_seq(tmp_path, private_redis):
    with _stack(tmp_path, 2, private_redis.url) as stack:
        links, _cli = _demo(stack, tmp_path)
        wall_token = token_of(links["wall"])
        first, second = (f"http://127.0.0.1:{port}" for port in stack.app_ports)
        # The host and one wall on the first process, the other wall on the second: only
        # Redis carries the first process's pushes to the second.
        host = _client(first, "host", token_of(links["hosts"]["1"]))
        near, far = _client(first, "wall", wall_token), _client(second, "wall", wall_token)
        try:
            for wall in (near, far):
                wall.call("sync", {"since": 0}, timeout=WAIT)
            before = host.call("note:add", _note("prima"), timeout=WAIT)
            for wall in (near, far):
                assert set(_notes_on(wall, 1)) == {before["uuid"]}

            private_redis.stop()
            during = [
                host.call("note:add", _note(f"senza Redis {i}"), timeout=WAIT) for i in range(5)
            ]
            assert all(a["ok"] for a in during), during  # saved and acknowledged meanwhile
            # The host's own process still shows them at once.
            assert set(_notes_on(near, len(during))) == {a["uuid"] for a in during}
            private_redis.start()

            # The queue's listener reconnects with a back-off: write until the far wall hears.
            heard, after = None, []
            deadline = time.monotonic() + 90
            while heard is None and time.monotonic() < deadline:
                after.append(host.call("note:add", _note("dopo"), timeout=WAIT))
                try:
                    event, message = far.receive(timeout=2)
                except socketio.exceptions.TimeoutError:
                    continue
                heard = message if event == "change" else None
            assert heard is not None, "the far wall never heard from Redis again"

            # A gap in seq: the wall asks for what it missed, as static/js/wall.js does.
            assert heard["seq"] > before["seq"] + 1
            replay = far.call("sync", {"since": before["seq"]}, timeout=WAIT)["changes"]
            assert [c["seq"] for c in replay] == list(range(before["seq"] + 1, heard["seq"] + 1))[
                : len(replay)
            ]
            caught_up = {c["data"]["uuid"] for c in replay}
            assert {a["uuid"] for a in during} <= caught_up
            engine = create_engine(stack.database_url)
            with engine.connect() as conn:
                stored = set(conn.execute(text("SELECT uuid FROM note")).scalars())
            engine.dispose()
            assert {a["uuid"] for a in [before, *during, *after]} <= stored
        finally:
            for client in (near, far, host):
                client.disconnect()
