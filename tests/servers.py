"""Start a real `cafe run` server in a subprocess, for the live and browser tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium: Playwright cannot download its own browser here."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # The machine has no outside network: background fetches would only fail noisily.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running `cafe run` process and where to reach it."""

    instance: Path
    port: int
    env: dict
    process: subprocess.Popen | None = None
    log: Path = field(init=False)

    def __post_init__(self):
        self.log = self.instance / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> Server:
        """Start the server and wait until it answers HTTP."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "cafe", "run", "--host", "127.0.0.1"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.instance,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                requests.get(self.url + "/login", timeout=1)
                return self
            except (requests.ConnectionError, requests.Timeout):  # a loaded machine: again
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """kill -9: no clean shutdown, as when a laptop's power cable is pulled."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        """Stop the server politely (SIGTERM), or kill it."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def demo(self, owner: str | None = None) -> dict:
        """Run `cafe demo --json` against this server's database (the event going to the
        organiser account `owner`, or the first one); returns its links."""
        import json

        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "cafe",
                "demo",
                "--json",
                *(["--owner", owner] if owner else []),
            ],
            env=self.env,
            cwd=self.instance,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])


def make_server(instance: Path, port: int | None = None, **extra_env: str) -> Server:
    """A server (not yet started) on SQLite in `instance`, reachable on 127.0.0.1."""
    port = port or free_port()
    instance.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "CAFE_INSTANCE": str(instance),
            "CAFE_PORT": str(port),
            "CAFE_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "CAFE_SECRET_KEY": "live-test-secret",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra_env)
    return Server(instance=instance, port=port, env=env)


def add_organiser(server: Server, username: str = "anna", password: str = "correct horse") -> None:
    """Make an organiser account in the server's database (`cafe create-organiser`)."""
    subprocess.run(
        [sys.executable, "-m", "cafe", "create-organiser", username],
        env=server.env,
        cwd=server.instance,
        input=password + "\n",
        text=True,
        check=True,
        capture_output=True,
    )


def token_of(link: str) -> str:
    """The capability token at the end of a link such as http://…/h/<token>."""
    return link.rstrip("/").rsplit("/", 1)[1]


def load_demo(server: Server, owner: str | None = None) -> dict:
    """server.demo(), but a failure says why (the command's stderr) instead of only its status."""
    try:
        return server.demo(owner)
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"`cafe demo --json` failed:\n{(exc.stderr or '')[-3000:]}") from None


def organiser_socket(server: Server, event_id: int, cookie: str):
    """A Socket.IO client on an organiser's login (the `Cookie` header of its session)."""
    import socketio

    client = socketio.Client(reconnection=False)
    client.connect(
        server.url,
        headers={"Cookie": cookie},
        auth={"role": "organiser", "event_id": event_id},
        transports=["websocket"],
    )
    return client
