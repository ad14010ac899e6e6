"""Run a server (Café's `cafe run`, or bench/bare_server.py) with its own numbers written
to a file twice a second: full (generation 2) garbage collections, their pauses, and the
resident memory. The load client of bench/fanout.py reads that file.

    python bench/serve_stats.py STATS.json cafe [cafe run arguments…]
    python bench/serve_stats.py STATS.json bare PORT TOKENS.json
"""

from gevent import monkey

monkey.patch_all()

import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STATS = {
    "full_collections": 0,
    "pauses_ms": [],
    "startup_full_collections": 0,
    "young_pauses_by_generation": {"0": 0.0, "1": 0.0},
    "rss_mb": 0.0,
    "peak_rss_mb": 0.0,
}
"""Collections while serving: full ones (count, pauses) and the longest of the younger
generations; full ones before the server listens (imports, settle_memory) pause no phone
and are only counted."""
_started: list[float] = []
_serving: list[bool] = []


_LOG_SLOWER_THAN = float(os.environ.get("FANOUT_GC_LOG") or 0)
"""FANOUT_GC_LOG=MS: print every collection longer than MS ms, with what it freed (the
young objects come mostly from sockets' keep-alives, not from the app's own work)."""


def _on_gc(phase: str, info: dict) -> None:
    if phase == "start":
        _started[:] = [time.perf_counter(), gc.get_count()]
        return
    if not _started:
        return
    pause = round((time.perf_counter() - _started[0]) * 1000, 2)
    generation = info.get("generation")
    if _LOG_SLOWER_THAN and pause > _LOG_SLOWER_THAN:
        freed, counts = info.get("collected"), _started[1]
        line = f"GC {time.monotonic():.2f} generation {generation}: {pause} ms"
        print(f"{line}, freed {freed}, counts {counts}", file=sys.stderr, flush=True)
    if generation != 2:
        if _serving:
            longest = STATS["young_pauses_by_generation"]
            longest[str(generation)] = max(longest[str(generation)], pause)
    elif _serving:
        STATS["full_collections"] += 1
        STATS["pauses_ms"].append(pause)
    else:
        STATS["startup_full_collections"] += 1


def _serving_from_now() -> None:
    _serving[:] = [True]
    if os.environ.get("FANOUT_PROFILE"):
        _profile_until_stopped(Path(os.environ["FANOUT_PROFILE"]))


def _profile_until_stopped(path: Path) -> None:
    """FANOUT_PROFILE=FILE: profile the server while it serves; on SIGTERM, write the
    functions it spent most time in to FILE and exit."""
    import cProfile
    import pstats
    import signal

    profile = cProfile.Profile()

    def stop(*_args):
        profile.disable()
        with path.open("a") as out:
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("tottime").print_stats(40)
            stats.sort_stats("cumulative").print_stats(r"cafe/|flask_socketio/__init__", 40)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    profile.enable()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _writer(path: Path) -> None:
    import gevent

    while True:
        STATS["rss_mb"] = round(_rss_mb(), 1)
        STATS["peak_rss_mb"] = max(STATS["peak_rss_mb"], STATS["rss_mb"])
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(STATS))
        os.replace(tmp, path)
        gevent.sleep(0.5)


def _watch_pool() -> None:
    """FANOUT_POOL_WATCH=1: log every database connection held longer than a second, with
    where it was taken (the SQLite pool has one connection: a long hold stalls all)."""
    import traceback

    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    taken: dict[int, tuple[float, str]] = {}

    @event.listens_for(Pool, "checkout")
    def checkout(_dbapi, record, _proxy):
        taken[id(record)] = (time.perf_counter(), "".join(traceback.format_stack(limit=25)))

    @event.listens_for(Pool, "checkin")
    def checkin(_dbapi, record):
        started, where = taken.pop(id(record), (None, ""))
        if started is not None and time.perf_counter() - started > 1:
            held = time.perf_counter() - started
            print(f"POOL held {held:.2f} s, taken at:\n{where}", file=sys.stderr, flush=True)


def main() -> int:
    """Start the writer, then the server named on the command line."""
    import gevent

    path, kind, rest = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    gc.callbacks.append(_on_gc)
    if os.environ.get("FANOUT_POOL_WATCH"):
        _watch_pool()
    gevent.spawn(_writer, path)
    if kind == "cafe":
        # Joins of a load test come from one address: the per-address join limit is for
        # the venue, not for this benchmark (bench/door.py joins from 1,000 addresses).
        from cafe import limits

        limits.JOINS_PER_CLIENT = 100_000
        from cafe import cli

        settle = cli.settle_memory

        def settle_then_serve() -> None:
            settle()
            _serving_from_now()

        cli.settle_memory = settle_then_serve
        return cli.main(["run", *rest])
    from bench.bare_server import serve

    _serving_from_now()  # after the imports, as Café's settle_memory is
    return serve(int(rest[0]), Path(rest[1]))


if __name__ == "__main__":
    sys.exit(main())
