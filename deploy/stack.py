"""The whole scaled-out stack on one machine, for a test or a try: nginx (Debian's) in
front of N gunicorn processes (one gevent worker each, wsgi.py), PostgreSQL and Redis.

    .venv/bin/python deploy/stack.py --processes 3 --port 8080    # or: make stack

It makes a fresh PostgreSQL database (dropped at the end), gives the processes a Redis
channel of their own, writes nginx's configuration from deploy/nginx.conf into a
temporary folder and runs everything until Ctrl-C. tests/test_stack.py and
bench/fanout.py --stack use the Stack class.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PG_ADMIN_URL = os.environ.get("CAFE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("CAFE_STACK_REDIS", "redis://127.0.0.1:6379/0")
WORKER = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"
"""A gevent worker that also speaks WebSocket: with gevent-websocket installed, Engine.IO
expects its `wsgi.websocket`, which gunicorn's plain `-k gevent` does not provide."""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    """nginx + `processes` app processes on a fresh PostgreSQL database and Redis.

    bench/instructions.py also runs it on SQLite (`admin_url=None`, one process), without
    Redis (`redis_url=None`), and with every program started through `wrap(name)` (a
    command prefix such as valgrind's, for "app-0", "app-1" … and "nginx")."""

    def __init__(
        self,
        folder: Path,
        processes: int = 3,
        port: int | None = None,
        redis_url: str | None = REDIS_URL,
        secret: str = "stack-secret",
        admin_url: str | None = PG_ADMIN_URL,
        wrap: Callable[[str], list[str]] = lambda _name: [],
    ):
        self.folder, self.count = Path(folder), processes
        self.port = port or free_port()
        self.redis_url, self.admin_url, self.wrap = redis_url, admin_url, wrap
        self.database = f"cafe_stack_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.database_url = (admin_url or "").rsplit("/", 1)[0] + f"/{self.database}"
        self.env = dict(os.environ)
        self.env.update(
            {
                "CAFE_DATABASE_URL": self.database_url if admin_url else "",
                "CAFE_MESSAGE_QUEUE": redis_url or "",
                "CAFE_MESSAGE_CHANNEL": f"cafe-stack-{uuid.uuid4().hex}",
                "CAFE_SECRET_KEY": secret,
                "CAFE_PUBLIC_URL": self.url,
                "CAFE_INSTANCE": str(self.folder / "instance"),
                "CAFE_MAX_CONNECTIONS": "20000",
                # A load test's phones all come from this machine's one address.
                "CAFE_MAX_PER_ADDRESS": os.environ.get("CAFE_MAX_PER_ADDRESS", "20000"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        self.apps: list[subprocess.Popen] = []
        self.app_ports: list[int] = []
        self.nginx: subprocess.Popen | None = None
        self.start_timeout = 90.0  # seconds: a bound on waiting for a process to answer

    @property
    def url(self) -> str:
        """Where phones reach the stack: nginx."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Stack:
        _raise_file_limit()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._create_database()
        try:
            self.app_ports = [free_port() for _ in range(self.count)]
            self.apps = [self._start_app(i, port) for i, port in enumerate(self.app_ports)]
            for process, port in zip(self.apps, self.app_ports, strict=True):
                _wait_for(
                    f"http://127.0.0.1:{port}/login", process, self.folder, self.start_timeout
                )
            self._start_nginx()
            _wait_for(self.url + "/login", self.nginx, self.folder, self.start_timeout)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *_exc) -> None:
        for process in [self.nginx, *self.apps]:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM if process is not self.nginx else signal.SIGQUIT)
        for process in [self.nginx, *self.apps]:
            if process is not None:
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
        self._drop_database()

    def stop_app(self, index: int) -> None:
        """Stop one app process (its phones reconnect through nginx to another)."""
        self.apps[index].terminate()
        self.apps[index].wait(15)

    def peak_rss_mb(self) -> float:
        """The largest peak resident memory of the app processes (gunicorn's worker)."""
        peaks = []
        for process in self.apps:
            for pid in [process.pid, *_children(process.pid)]:
                status = Path(f"/proc/{pid}/status")
                if status.exists():
                    for line in status.read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def app_pids(self) -> list[int]:
        """The app processes (gunicorn's masters and their workers)."""
        return [pid for process in self.apps for pid in [process.pid, *_children(process.pid)]]

    def logs(self) -> str:
        """The end of every log, for a failing test's message."""
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-2000:]}"
            for p in sorted(self.folder.glob("*.log"))
        )

    def _start_app(self, index: int, port: int) -> subprocess.Popen:
        env = dict(self.env, CAFE_INSTANCE=str(self.folder / f"instance-{index}"))
        log = (self.folder / f"app-{index}.log").open("ab")
        command = [*self.wrap(f"app-{index}"), sys.executable, "-m", "gunicorn", "-k", WORKER]
        command += ["-w", "1"]
        command += ["--worker-connections", "20000", "--graceful-timeout", "5"]
        command += ["-b", f"127.0.0.1:{port}", "--chdir", str(ROOT), "wsgi:app"]
        return subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=ROOT)

    def _start_nginx(self) -> None:
        site = (ROOT / "deploy/nginx.conf").read_text()
        upstreams = "\n".join(f"    server 127.0.0.1:{p};" for p in self.app_ports)
        site = site.replace("@UPSTREAMS@", upstreams).replace("@LISTEN@", f"127.0.0.1:{self.port}")
        (self.folder / "cafe-site.conf").write_text(site)
        temp = self.folder / "nginx-temp"
        temp.mkdir(exist_ok=True)
        user = "user root root;\n" if os.geteuid() == 0 else ""
        paths = "".join(
            f"  {kind}_temp_path {temp / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.folder / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\nworker_rlimit_nofile 40000;\n"
            f"pid {self.folder / 'nginx.pid'};\nerror_log {self.folder / 'nginx.log'} warn;\n"
            "events { worker_connections 20000; }\n"
            f"http {{\n  access_log off;\n{paths}  include {self.folder / 'cafe-site.conf'};\n}}\n"
        )
        log = (self.folder / "nginx-out.log").open("ab")
        command = [*self.wrap("nginx"), NGINX, "-p", str(self.folder)]
        command += ["-c", str(self.folder / "nginx.conf")]
        self.nginx = subprocess.Popen(command, stdout=log, stderr=log)

    def _create_database(self) -> None:
        from sqlalchemy import create_engine, text

        if not self.admin_url:
            return
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.database}"'))
        finally:
            admin.dispose()

    def _drop_database(self) -> None:
        from sqlalchemy import create_engine, text

        if not self.admin_url:
            return
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'))
        finally:
            admin.dispose()


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's worker under its master)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _raise_file_limit() -> None:
    """Every phone holds a socket in nginx and in an app process: 1,024 is not enough."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _wait_for(url: str, process: subprocess.Popen, folder: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited; logs:\n" + _tail(folder))
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} never answered; logs:\n" + _tail(folder))


def _tail(folder: Path) -> str:
    return "\n".join(
        f"--- {p.name}\n{p.read_text(errors='replace')[-1500:]}" for p in folder.glob("*.log")
    )


def main() -> int:
    """Start the stack and keep it running until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cafe-stack-") as folder:
        with Stack(Path(folder), args.processes, args.port) as stack:
            print(f"Café: {args.processes} processes behind nginx at {stack.url}", flush=True)
            for line in stack.logs().splitlines():
                if line.startswith("Café: organiser"):
                    print(line, flush=True)
            try:
                signal.pause()
            except KeyboardInterrupt:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
