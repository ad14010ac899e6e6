"""Live latency on a real server: host sends a note -> wall gets its `change` push, and
host sends a note -> host gets its acknowledgement (after the commit).

Starts `cafe run` on SQLite in a temporary folder (tests/servers.py), loads the demo event,
connects a wall and a host over WebSocket, sends N notes one at a time, and prints count,
p50, p95, p99 and max in milliseconds.

    .venv/bin/python bench/live_latency.py [-n 200] [--transport websocket|polling]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import socketio  # noqa: E402

from tests.servers import load_demo, make_server, token_of  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def summary(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"{name:<18} count={len(ms):>4}  p50={percentile(ms, 50):7.2f}  "
        f"p95={percentile(ms, 95):7.2f}  p99={percentile(ms, 99):7.2f}  "
        f"max={max(ms):7.2f}  mean={statistics.fmean(ms):7.2f}  (ms)"
    )


def run(count: int, transport: str, warmup: int) -> int:
    with tempfile.TemporaryDirectory(prefix="cafe-bench-") as folder:
        server = make_server(Path(folder) / "instance")
        links = load_demo(server)
        server.start()
        try:
            return measure(server, links, count, transport, warmup)
        finally:
            server.stop()


def measure(server, links: dict, count: int, transport: str, warmup: int) -> int:
    pushed: dict[str, float] = {}
    acked: dict[str, float] = {}
    arrived = threading.Condition()

    wall = socketio.Client(reconnection=False)
    host = socketio.Client(reconnection=False)

    @wall.on("change")
    def on_change(message):
        now = time.perf_counter()
        data = message.get("data") or {}
        with arrived:
            pushed.setdefault(data.get("uuid"), now)
            arrived.notify_all()

    def on_ack(reply):
        now = time.perf_counter()
        with arrived:
            acked[reply.get("uuid")] = now
            arrived.notify_all()

    wall.connect(
        server.url, auth={"role": "wall", "token": token_of(links["wall"])}, transports=[transport]
    )
    host.connect(
        server.url,
        auth={"role": "host", "token": token_of(links["hosts"]["1"])},
        transports=[transport],
    )
    try:
        wall.call("sync", {"since": 0}, timeout=10)
        to_wall, to_ack, lost = [], [], 0
        for i in range(warmup + count):
            note_uuid = str(uuid.uuid4())
            sent = time.perf_counter()
            host.emit(
                "note:add",
                {"uuid": note_uuid, "text": f"Bench note {i}", "kind": "idea", "round": 1},
                callback=on_ack,
            )
            with arrived:
                done = arrived.wait_for(lambda u=note_uuid: u in pushed and u in acked, timeout=10)
            if not done:
                lost += 1
                continue
            if i >= warmup:
                to_wall.append(pushed[note_uuid] - sent)
                to_ack.append(acked[note_uuid] - sent)
        print(
            f"cafe live latency: {count} notes one at a time, SQLite, {transport}, "
            f"{warmup} warm-up notes not counted"
        )
        print(summary("send -> wall push", to_wall))
        print(summary("send -> host ack", to_ack))
        if lost:
            print(f"{lost} notes got no push or no acknowledgement within 10 s")
        return 1 if lost else 0
    finally:
        host.disconnect()
        wall.disconnect()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--transport", choices=("websocket", "polling"), default="websocket")
    args = parser.parse_args()
    return run(args.count, args.transport, args.warmup)


if __name__ == "__main__":
    sys.exit(main())
