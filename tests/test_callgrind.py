"""bench/callgrind.py reads the instruction counts bench/instructions.py reports: checked
on real callgrind runs of small programs against valgrind's own summary, a window that
counts a busy process and nothing outside it, and dumps that count nothing (an empty
file, a dump without totals)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import callgrind  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind")

BUSY = "i=0; while :; do i=$((i+1)); done"
"""A process that does nothing but count (a shell loop: no Python start-up under valgrind)."""


def test_totals_are_what_valgrind_itself_collected(tmp_path):
    dump, log = tmp_path / "true.out", tmp_path / "true.log"
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={dump}", f"--log-file={log}"]
        + ["/bin/ls", "/"],
        check=True,
        capture_output=True,
    )
    collected = int(re.search(r"Collected : (\d+)", log.read_text()).group(1))
    assert collected > 10_000
    assert callgrind.instructions(dump) == collected


def test_a_dump_without_totals_or_an_empty_one_counts_its_summary_or_nothing(tmp_path):
    summary_only = tmp_path / "app.12.1"
    summary_only.write_text("version: 1\nevents: Ir\nsummary: 1234\n\nfn=(1) main\n5 7\n")
    empty = tmp_path / "app.12"
    empty.write_text("")
    assert callgrind.instructions(summary_only) == 1234
    assert callgrind.instructions(empty) == 0
    assert callgrind.owner(summary_only) == 12 and callgrind.owner(empty) == 12


def started_busy(folder: Path, env: dict | None = None) -> subprocess.Popen:
    """The busy loop under callgrind (counting off), once valgrind has started."""
    busy = subprocess.Popen(
        [*callgrind.prefix(folder, "busy"), "sh", "-c", BUSY], stdout=subprocess.DEVNULL, env=env
    )
    deadline = time.monotonic() + 60
    while not list(folder.glob(f"busy.{busy.pid}")):
        if time.monotonic() > deadline or busy.poll() is not None:
            busy.kill()
            raise AssertionError("valgrind did not start")
        time.sleep(0.1)
    time.sleep(1)
    return busy


def test_a_window_counts_a_busy_process_only_while_it_is_open(tmp_path):
    busy = started_busy(tmp_path)
    try:
        deadline = time.monotonic() + 60
        with callgrind.Window([tmp_path], lambda: [busy.pid]) as opened:
            time.sleep(1)
        time.sleep(1)  # the loop runs on with counting off: a dump now must count nothing
        before = callgrind.dumps(tmp_path)
        callgrind.control([busy.pid], "-d")
        while not set(callgrind.dumps(tmp_path)) - set(before):
            assert time.monotonic() < deadline + 60
            time.sleep(0.1)
        (after,) = set(callgrind.dumps(tmp_path)) - set(before)
    finally:
        busy.kill()
        busy.wait(30)
    assert set(opened.result) == {busy.pid}
    # A loop step is a few dozen instructions: a second under callgrind is millions.
    assert opened.result[busy.pid] > 1_000_000
    assert opened.seconds >= 1
    assert callgrind.instructions(after) == 0


def test_a_window_reaches_a_program_whose_environment_names_another_user(tmp_path):
    # Valgrind names a program's vgdb pipes after the user in its environment, and vgdb
    # looks for them under the user in its own: PostgreSQL's backends read none (the
    # postmaster overwrites its environment with the process title) while a vgdb run as
    # `postgres` named them `postgres`, and the backends died on the mismatch.
    elsewhere = {**os.environ, "USER": "somebody-else", "LOGNAME": "somebody-else"}
    busy = started_busy(tmp_path, elsewhere)
    try:
        with callgrind.Window([tmp_path], lambda: [busy.pid]) as opened:
            time.sleep(1)
        assert busy.poll() is None
    finally:
        busy.kill()
        busy.wait(30)
    assert opened.result.get(busy.pid, 0) > 1_000_000


def test_keep_alives_are_ten_seconds_apart_unless_the_benchmark_stretches_them(tmp_path):
    from cafe import create_app
    from cafe.extensions import socketio

    settings = {"TESTING": True, "CAFE_ASYNC_MODE": "threading", "SECRET_KEY": "test"}
    settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'cafe.db'}"
    create_app(settings)
    assert socketio.server.eio.ping_interval == 10
    assert socketio.server.eio.ping_timeout == 10
    create_app({**settings, "CAFE_PING_INTERVAL": 600.0, "CAFE_PING_TIMEOUT": 300.0})
    assert socketio.server.eio.ping_interval == 600
    assert socketio.server.eio.ping_timeout == 300
