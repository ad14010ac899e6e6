"""Message floods against one real server (issue 23.1), each beside the no-flood baseline
of the same run: six table hosts' notes (one in six each) until the wall has them, and
the door's page (`/j/...`). The flooders run in a process of their own.

    .venv/bin/python bench/flood.py [--seconds 20]

Floods, four sockets each unless said: `42["sync"]` looped without a Socket.IO connect;
`note:add` looped with one host link; the same with 20 host links (20 sockets, one each).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.flooding import Honest, flood_elsewhere, flood_result, median_ms, ms  # noqa: E402
from tests.servers import load_demo, make_server, token_of  # noqa: E402

FLOOD_ADDRESS = "127.0.0.2"  # not the honest screens' address


def scenarios(links: list[dict]) -> dict:
    """name -> [(packets, auth)] for each flooding socket (tests.flooding.PACKETS)."""
    _first, second, third = links
    flood_hosts = [token_of(second["hosts"][str(n)]) for n in range(1, 13)]
    flood_hosts += [token_of(third["hosts"][str(n)]) for n in range(1, 9)]
    return {
        "4 sockets, sync without connect": [("syncs", None)] * 4,
        "4 sockets, note:add, 1 host link": [("note_adds", host(flood_hosts[0]))] * 4,
        "20 sockets, note:add, 20 host links": [("note_adds", host(t)) for t in flood_hosts],
    }


def host(token: str) -> dict:
    return {"role": "host", "token": token}


def cpu_seconds(pid: int) -> float:
    """The server's own CPU time so far (user + system), whatever else the machine does."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def row(name: str, honest: Honest, base: Honest | None, flooders=None, cpu=None) -> str:
    """One line of figures."""
    line = (
        f"{name:40s} note->wall p50 {median_ms(honest.note_to_wall):7.1f} ms "
        f"p90 {ms(honest.note_to_wall, 0.9):7.1f} max {ms(honest.note_to_wall, 1.0):7.1f}"
        f"  ack p50 {median_ms(honest.acks):7.1f}"
        f"  /j p50 {median_ms(honest.door):7.1f} max {ms(honest.door, 1.0):7.1f} ms"
        f"  notes {len(honest.note_to_wall)} failures {len(honest.failures)}"
    )
    if cpu is not None:
        line += f"  server CPU {cpu:.2f}"
    if base is not None and base.note_to_wall and honest.note_to_wall:
        line += f"  ratio p50 {median_ms(honest.note_to_wall) / median_ms(base.note_to_wall):.2f}"
    if flooders:
        sent = sum(f.sent for f in flooders)
        answered = sum(f.answered for f in flooders)
        closed = sum(f.closed for f in flooders)
        line += f"  flood sent {sent} answered {answered} closed {closed}/{len(flooders)}"
    return line


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = make_server(Path(tmp) / "instance")
        links = [load_demo(server) for _ in range(3)]
        server.start()
        try:
            run(server, links, args.seconds)
        finally:
            server.stop()
    return 0


def run(server, links, seconds: float) -> None:
    first = links[0]
    hosts = [token_of(first["hosts"][str(n)]) for n in range(1, 7)]  # not flooded
    honest = Honest(server.url, hosts, token_of(first["wall"]), first["join"])
    honest.measure(3)  # warm up
    honest.reset()
    pid, used = server.process.pid, cpu_seconds(server.process.pid)
    honest.measure(seconds)
    cpu = (cpu_seconds(pid) - used) / seconds
    base = Honest.__new__(Honest)
    base.note_to_wall, base.acks = honest.note_to_wall, honest.acks
    base.door, base.failures = honest.door, honest.failures
    print(row("no flood (baseline)", base, None, cpu=cpu))
    only = os.environ.get("FLOOD_ONLY")
    for name, plan in scenarios(links).items():
        if only and only not in name:
            continue
        honest.reset()
        process = flood_elsewhere(server.port, plan, seconds, FLOOD_ADDRESS)
        time.sleep(1)
        used = cpu_seconds(pid)
        honest.measure(seconds - 1)
        cpu = (cpu_seconds(pid) - used) / (seconds - 1)
        flooders = flood_result(process)
        print(row(name, honest, base, flooders, cpu), flush=True)
        honest.reset()
        honest.measure(3)
        print(row("  3 s after it", honest, base), flush=True)
    honest.close()


if __name__ == "__main__":
    sys.exit(main())
