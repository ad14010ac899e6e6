"""Counting a running program's instructions with valgrind's callgrind, a window at a time:
the program starts under `valgrind --tool=callgrind --instr-atstart=no` (it runs about
five times slower and counts nothing), and `callgrind_control` switches counting on and
off around what is measured and dumps the count. The counts do not depend on the
machine's load, which is why bench/instructions.py counts instead of timing.

Forked children (gunicorn's worker, PostgreSQL's backends, nginx's worker) run under the
same valgrind, each writing its own dumps; a child forked while counting is on counts too
(and a process that ends while counting is on leaves its count in its last dump).
"""

from __future__ import annotations

import os
import pwd
import re
import subprocess
import time
from pathlib import Path

TOTALS = re.compile(r"^(?:totals|summary):\s+(\d+)", re.MULTILINE)


def prefix(folder: Path, name: str) -> list[str]:
    """The command prefix that starts a program under callgrind, counting off; its dumps
    go to `folder/name.PID[.N]`, valgrind's own messages to `folder/name.PID.log`."""
    return [
        *ANONYMOUS,
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        # Without it a forked child has no gdbserver, so callgrind_control cannot reach it.
        "--trace-children=yes",
        f"--callgrind-out-file={folder}/{name}.%p",
        f"--log-file={folder}/{name}.%p.log",
    ]


def instructions(dump: Path) -> int:
    """The instructions (Ir) a callgrind dump counted: its `totals:` line (or `summary:`
    when a dump has no totals; 0 for an empty file, such as a process that never
    counted)."""
    found = TOTALS.findall(dump.read_text(errors="replace"))
    return max((int(value) for value in found), default=0)


def dumps(folder: Path) -> dict[Path, float]:
    """Every callgrind dump in `folder` and when it was last written."""
    return {
        path: path.stat().st_mtime
        for path in folder.iterdir()
        if path.is_file() and not path.name.endswith(".log") and "." in path.name
    }


def control(pids: list[int], *args: str) -> None:
    """`callgrind_control ARGS PID` for every pid at once (a pid that has gone is skipped),
    each as the process's own user: vgdb finds a process by pipes named after its user, so
    root's callgrind_control cannot see PostgreSQL's."""
    running = [
        subprocess.Popen(
            [*_as_owner(pid), "callgrind_control", *args, str(pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in pids
    ]
    for process in running:
        process.wait(120)


def _as_owner(pid: int) -> list[str]:
    try:
        uid = os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return [*ANONYMOUS]
    if uid == os.geteuid():
        return [*ANONYMOUS]
    return ["runuser", "-u", pwd.getpwuid(uid).pw_name, "--", *ANONYMOUS]


ANONYMOUS = ["env", "-u", "LOGNAME", "-u", "USER", "-u", "HOST"]
"""Run a counted program, and vgdb, without the variables valgrind names its vgdb pipes
after (`...-by-USER-on-HOST`), so both sides name them `by-???-on-???`. PostgreSQL
overwrites its environment with the process title: a forked backend's valgrind then reads
no user, while a vgdb run as `postgres` (runuser sets USER) made pipes `by-postgres`, and
the backend, not finding its own, stopped with "vgdb FIFO cannot be opened" (the
background writer's exit took the whole cluster down)."""


def owner(dump: Path) -> int:
    """The process id in a dump's name (`name.PID` or `name.PID.N`)."""
    return int(dump.name.split(".")[1])


class Window:
    """Count the instructions of the programs whose dumps go to `folders` while a `with`
    block runs. `running()` names the processes to switch on and off (it is asked again at
    the end: PostgreSQL forks and ends backends meanwhile). `result` is {pid: instructions},
    a process that exited meanwhile included (from its last dump), and `seconds` how long
    counting was on."""

    def __init__(self, folders: list[Path], running):
        self.folders, self.running = folders, running
        self.result: dict[int, int] = {}
        self.seconds = 0.0

    def __enter__(self) -> Window:
        pids = self.running()
        control(pids, "-z")
        self.before = self._written()
        control(pids, "-i", "on")
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        pids = self.running()
        control(pids, "-i", "off")
        self.seconds = time.monotonic() - self.started
        control(pids, "-d")
        if exc[0] is not None:
            return
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # a dump can land after vgdb has returned
            fresh = {owner(path) for path in self._fresh()}
            if all(pid in fresh or not Path(f"/proc/{pid}").exists() for pid in pids):
                break
            time.sleep(0.2)
        self.result = {}
        for path in self._fresh():
            self.result[owner(path)] = self.result.get(owner(path), 0) + instructions(path)

    def _written(self) -> dict[Path, float]:
        return {path: when for folder in self.folders for path, when in dumps(folder).items()}

    def _fresh(self) -> list[Path]:
        return [path for path, when in self._written().items() if self.before.get(path) != when]
