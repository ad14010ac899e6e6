"""The lanes of one slack of the exact model, and the turns they take together.

A slack has one or two lanes (the full model, and the relaxation when some groups have a
whole share). In each turn every undecided lane is granted the same conflicts; the turn
is decided when the full lane finds a plan or any lane refutes the slack. The first turns
run here, one lane after the other (most shapes are decided in them, in milliseconds),
except while gevent serves. Once a grant passes INLINE_GRANT the lanes move to worker
processes (exact_worker), one each, and solve side by side: on two cores a turn then
takes the time of one lane, and the solver no longer holds this process's GIL, so
gevent's event loop is never frozen by it. A lane that moves replays its earlier turns
in the worker, so its solver is in the same state: the answers, and the conflicts
charged, are the same either way.

Conflicts are charged per turn as the grant (not what each lane used), so the cap and the
verdict depend only on the shape and the cap, never on which lane answered first.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import signal
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from cafe.seating.exact_runs import Run
from cafe.seating.exact_shape import Shape

INLINE_GRANT = 4000
"""Turns granting up to this many conflicts run in this process (about 0.15 s each):
starting a worker costs about 0.17 s and python-sat's import, so quick shapes stay here.
Not while gevent serves: one call into CaDiCaL (its first on a model, or one with
inprocessing) holds the GIL for up to 55-138 ms whatever its budget, so there every turn
goes to the workers."""
WORKER_ARGS = ("-m", "cafe.seating.exact_worker")
"""How a worker is started (after sys.executable)."""
WORKERS = os.environ.get("CAFE_EXACT_WORKERS", "1") != "0"
"""Whether long turns move to worker processes (CAFE_EXACT_WORKERS=0: never)."""


class WorkerLost(Exception):
    """A worker process could not start, or ended without answering."""


@dataclass(frozen=True)
class Spec:
    """One lane: a model of `shape` at `slack`, with CaDiCaL `options` (None: the full
    model, whose plans are plans of the shape; else a relaxation, which can only refute)."""

    shape: Shape
    slack: int
    options: dict[str, int] | None = None

    @property
    def full(self) -> bool:
        """The full model (its plan is the answer)."""
        return self.options is None

    def to_json(self) -> dict[str, Any]:
        """The spec as exact_worker reads it."""
        return {"shape": asdict(self.shape), "slack": self.slack, "options": self.options}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Spec:
        """The spec back from to_json."""
        fields = data["shape"]
        shape = Shape(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})
        return cls(shape, data["slack"], data["options"])

    def run(self) -> Run:
        """A fresh solver for this lane."""
        return Run(self.shape, self.slack, self.options)


@dataclass
class Lane:
    """A lane's state as seen here, wherever it is solved."""

    spec: Spec
    run: Run | None = None
    worker: Worker | None = None
    grants: list[int] = field(default_factory=list)
    """Grants of the turns it has had (replayed when it moves to a worker)."""
    answer: bool | None = None
    seats: tuple[tuple[int, ...], ...] | None = None

    def close(self) -> None:
        """Free its solver if it is solved here (a worker keeps running for the pool)."""
        if self.run is not None:
            self.run.close()
            self.run = None


class Worker:
    """One exact_worker process, spoken to through two pipes."""

    def __init__(self) -> None:
        # gevent's patched posix_spawn watches the child from the calling thread's loop,
        # which a thread of gevent's pool (where the app plans) may not have.
        spawn = _original("os", "posix_spawn")
        to_child, self._to = os.pipe()
        self._from, from_child = os.pipe()
        env = dict(os.environ)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        try:
            self.pid = spawn(
                sys.executable,
                [sys.executable, *WORKER_ARGS],
                env,
                file_actions=[
                    (os.POSIX_SPAWN_DUP2, to_child, 0),
                    (os.POSIX_SPAWN_DUP2, from_child, 1),
                ],
            )
        except OSError as exc:
            os.close(self._to)
            os.close(self._from)
            raise WorkerLost(str(exc)) from None
        finally:
            os.close(to_child)
            os.close(from_child)
        self._buffer = b""
        self.stops = 0

    def fileno(self) -> int:
        """The reply pipe (for select)."""
        return self._from

    def send(self, request: dict[str, Any]) -> None:
        """Write one request."""
        data = (json.dumps({**request, "stops": self.stops}) + "\n").encode()
        try:
            while data:
                data = data[os.write(self._to, data) :]
        except OSError as exc:
            raise WorkerLost(str(exc)) from None

    def stop(self) -> None:
        """Stop the request under way (its reply still comes, and must be read)."""
        self.stops += 1
        try:
            os.kill(self.pid, signal.SIGUSR1)
        except OSError:
            pass  # it has ended: reply() will say so

    def reply(self) -> dict[str, Any]:
        """Read one reply (blocks this thread only)."""
        while b"\n" not in self._buffer:
            chunk = os.read(self._from, 65536)
            if not chunk:
                raise WorkerLost(f"worker {self.pid} ended without answering")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def close(self) -> None:
        """End the process and reap it."""
        for fd in (self._to, self._from):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
            _original("os", "waitpid")(self.pid, 0)
        except (ChildProcessError, ProcessLookupError):
            pass  # gevent's child watcher may have reaped it first


class Pool:
    """The worker processes of one exact search (one per lane, started when first needed,
    ended with the search)."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = WORKERS if enabled is None else enabled
        self.workers: list[Worker] = []

    def get(self, i: int) -> Worker:
        """Worker i, started if need be."""
        while len(self.workers) <= i:
            self.workers.append(Worker())
        return self.workers[i]

    def close(self) -> None:
        """End every worker."""
        for worker in self.workers:
            worker.close()
        self.workers = []


def open_lanes(specs: list[Spec]) -> list[Lane]:
    """Lanes for these specs, solved here until a turn moves them."""
    return [Lane(spec, run=spec.run()) for spec in specs]


def close_lanes(lanes: list[Lane]) -> None:
    """Free the lanes' solvers here (workers stay with their pool)."""
    for lane in lanes:
        lane.close()


def take_turn(
    lanes: list[Lane], grant: int, deadline: float, pool: Pool
) -> tuple[bool | None, bool]:
    """Grant every undecided lane `grant` conflicts: (True if the full lane found a plan,
    False if a lane refuted the slack, None if neither; whether the clock ended it)."""
    active = [lane for lane in lanes if lane.answer is None]
    moved = any(lane.worker is not None for lane in active)
    if moved or (pool.enabled and (_serving() or grant > INLINE_GRANT)):
        outcome = _in_workers(active, grant, deadline, pool)
    else:
        outcome = _here(active, grant, deadline)
    if outcome == (None, False):
        for lane in active:
            lane.grants.append(grant)
    return outcome


def _decisive(lane: Lane) -> bool | None:
    if lane.answer is False or (lane.answer and lane.spec.full):
        return lane.answer
    return None


def _here(active: list[Lane], grant: int, deadline: float) -> tuple[bool | None, bool]:
    """The turn in this process, lane after lane, ending at the first decisive answer."""
    for lane in active:
        assert lane.run is not None
        _, ended = lane.run.advance(grant, deadline)
        lane.answer, lane.seats = lane.run.answer, lane.run.seats
        if _decisive(lane) is not None:
            return lane.answer, False
        if ended:
            return None, True
    return None, False


def _in_workers(
    active: list[Lane], grant: int, deadline: float, pool: Pool
) -> tuple[bool | None, bool]:
    """The turn in worker processes, side by side; once one lane decides, the others are
    stopped (their lanes are thrown away with the slack)."""
    seconds = None if deadline == math.inf else max(0.0, deadline - time.perf_counter())
    for i, lane in enumerate(active):
        request: dict[str, Any] = {"grants": [grant], "seconds": seconds}
        if lane.worker is None:
            lane.worker = pool.get(i)
            request.update(spec=lane.spec.to_json(), grants=[*lane.grants, grant])
            lane.close()
        lane.worker.send(request)
    pending = list(active)
    decided: bool | None = None
    ended = False
    while pending:
        for lane in _ready(pending):
            pending.remove(lane)
            reply = lane.worker.reply()  # type: ignore[union-attr]
            if decided is not None:
                continue  # stopped: its answer no longer matters
            lane.answer = reply["answer"]
            lane.seats = tuple(map(tuple, reply["seats"])) if reply["seats"] else None
            ended = ended or reply["ended"]
            decided = _decisive(lane)
            if decided is not None:
                for other in pending:
                    other.worker.stop()  # type: ignore[union-attr]
    return (decided, False) if decided is not None else (None, ended)


def _ready(pending: list[Lane]) -> list[Lane]:
    """The lanes whose worker has a reply waiting (blocks this thread until one has)."""
    by_fd = {lane.worker.fileno(): lane for lane in pending}  # type: ignore[union-attr]
    ready, _, _ = _original("select", "select")(list(by_fd), [], [])
    return [by_fd[fd] for fd in ready]


def _serving() -> bool:
    """gevent has patched threading: the app serves, and plans in gevent's thread pool."""
    try:
        from gevent import monkey
    except ImportError:
        return False
    return monkey.is_module_patched("threading")


def _original(module: str, name: str):
    """module.name as Python has it, not as gevent may have patched it (the pool thread
    that calls it must block itself, not wait on a loop)."""
    try:
        from gevent import monkey
    except ImportError:
        return getattr(importlib.import_module(module), name)
    return monkey.get_original(module, name)
