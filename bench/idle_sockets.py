"""Connections that never authenticate (issue 23, item 2), against one real server.

Four client addresses each open 700 bare Engine.IO websockets, answer the server's pings
and never send a Socket.IO connect (the audit's 2,800 sockets that held all 2,000 places).
Meanwhile, from a fifth address, a table host connects every second. Beside it, in the
same run: the same host's connect time and the server's memory before the idle flood.

    .venv/bin/python bench/idle_sockets.py [--per-address 700] [--seconds 20]
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import websocket  # noqa: E402
from gevent.pool import Pool  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import load_demo, make_server, token_of  # noqa: E402

ADDRESSES = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]
HOST_ADDRESS = "127.0.0.9"
FAILURES: list[str] = []


def rss_mb(pid: int) -> float:
    """The process's resident memory now, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bound_websocket(port: int, address: str, timeout: float):
    """A websocket to the server from `address` (websocket-client has no source address:
    it takes a socket already connected from there)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout, source_address=(address, 0))
    url = f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket"
    return websocket.create_connection(url, timeout=timeout, socket=sock)


def idle_socket(port: int, address: str, tally: dict) -> None:
    """One bare Engine.IO websocket: handshake, then only pongs, until the server closes it."""
    try:
        ws = bound_websocket(port, address, 60)
    except Exception:  # noqa: BLE001 - refused at the handshake (HTTP 401 over a cap)
        tally["refused"] += 1
        return
    opened = time.monotonic()
    tally["opened"] += 1
    tally["open_now"] += 1
    try:
        while True:
            frame = ws.recv()
            if frame == "2":
                ws.send("3")
            elif not frame:
                break
    except Exception:  # noqa: BLE001 - the server closed it
        pass
    tally["open_now"] -= 1
    tally["lived"].append(time.monotonic() - opened)


def host_connect(port: int, token: str) -> float | None:
    """Seconds for a table host's Socket.IO connect to be accepted, or None if refused."""
    started = time.monotonic()
    try:
        ws = bound_websocket(port, HOST_ADDRESS, 30)
        ws.recv()
        ws.send("40" + json.dumps({"role": "host", "token": token}))
        reply = ws.recv()
        while reply == "2":
            ws.send("3")
            reply = ws.recv()
        ws.close()
    except Exception as exc:  # noqa: BLE001 - refused or dropped
        FAILURES.append(repr(exc)[:120])
        return None
    if not reply.startswith("40"):
        FAILURES.append(reply[:120])
        return None
    return time.monotonic() - started


def hosts_during(port: int, token: str, seconds: float) -> list[float | None]:
    """A host connecting once a second for `seconds`."""
    results = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        results.append(host_connect(port, token))
        gevent.sleep(1)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-address", type=int, default=700)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="idle-") as folder:
        server = make_server(Path(folder) / "instance")
        server.start(timeout=60)
        try:
            return run(server, args)
        finally:
            server.stop()


def run(server, args) -> int:
    demo = load_demo(server)
    token = token_of(demo["hosts"]["1"])
    pid = server.process.pid
    baseline = [t for t in hosts_during(server.port, token, 5) if t is not None]
    memory_before = rss_mb(pid)
    tally = {"opened": 0, "refused": 0, "open_now": 0, "lived": []}
    most_open, peak = [0], [memory_before]

    def watch():
        while True:
            most_open[0] = max(most_open[0], tally["open_now"])
            peak[0] = max(peak[0], rss_mb(pid))
            gevent.sleep(0.2)

    watcher = gevent.spawn(watch)
    pool = Pool(len(ADDRESSES) * args.per_address)
    for _ in range(args.per_address):
        for address in ADDRESSES:
            pool.spawn(idle_socket, server.port, address, tally)
    during = hosts_during(server.port, token, args.seconds)
    pool.join(timeout=30)
    watcher.kill()
    memory_after = rss_mb(pid)
    accepted = [t for t in during if t is not None]
    print(
        f"idle sockets: {len(ADDRESSES)} addresses x {args.per_address} bare websockets, "
        f"never a Socket.IO connect"
    )
    print(f"  handshakes accepted {tally['opened']}, refused at a cap {tally['refused']}")
    print(f"  most open at once {most_open[0]}, still open at the end {tally['open_now']}")
    if tally["lived"]:
        print(
            f"  closed by the server after median {statistics.median(tally['lived']):.1f} s, "
            f"longest {max(tally['lived']):.1f} s"
        )
    print(
        f"  server memory: before {memory_before:.0f} MB, peak {peak[0]:.0f} MB, "
        f"after {memory_after:.0f} MB"
    )
    base = statistics.median(baseline) * 1000 if baseline else float("nan")
    ms = statistics.median(accepted) * 1000 if accepted else float("nan")
    print(
        f"  a host from a fifth address, once a second: {len(accepted)} of {len(during)} "
        f"connected, median {ms:.0f} ms (baseline before the flood {base:.0f} ms, "
        f"ratio {ms / base:.2f})"
    )
    for failure in sorted(set(FAILURES)):
        print(f"  a host's connect failed: {failure} (x{FAILURES.count(failure)})")
    return 0 if len(accepted) == len(during) else 1


if __name__ == "__main__":
    sys.exit(main())
