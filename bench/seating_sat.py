"""Decide offline whether a group-balance instance admits E = 0 with B <= k (not a test).

Usage: python bench/seating_sat.py G30-4 SEED K [--no-revisit] [--seconds S]

Builds the instance exactly as bench/seating.py's group part does ("shuffled": hosts of
random groups), writes it as a SAT model (one variable per traveller, round and table;
hosts stay; every table full; no two people share a table twice; the deviations of every
group count from its fair share, summed, at most K) and runs CaDiCaL. A plan found is
checked by bench/seating.py's own checker. It is the plain model, with no symmetry
broken and no round fixed, kept to cross-check the planner's exact model
(cafe/seating/exact_*.py) offline; run it with .venv/bin/python from the repository root.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import threading
import time
from pathlib import Path

from pysat.card import CardEnc, EncType
from pysat.formula import IDPool
from pysat.solvers import Cadical153

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import seating as bench  # noqa: E402


class Model:
    """The clauses of one instance, with the variables that name seats."""

    def __init__(self, problem, no_revisit: bool):
        self.problem = problem
        self.pool = IDPool()
        self.clauses: list[list[int]] = []
        self.tables = list(problem.tables)
        self.host_table = {t.host: i for i, t in enumerate(self.tables) if t.host is not None}
        self.travellers = [p for p in problem.people if p.id not in self.host_table]
        self.size = len(problem.people) // len(self.tables)
        self._seats(no_revisit)
        self._meetings()
        self.penalties = self._spread()

    def x(self, person, r: int, t: int) -> int:
        """Person sits at table t in round r."""
        return self.pool.id(("x", person, r, t))

    def add(self, encoded) -> None:
        self.clauses.extend(encoded.clauses)

    def _seats(self, no_revisit: bool) -> None:
        rounds, tables = self.problem.rounds, range(len(self.tables))
        for p in self.travellers:
            for r in range(rounds):
                self.add(CardEnc.equals([self.x(p.id, r, t) for t in tables], 1, vpool=self.pool))
            for t in tables:
                # Twice at a hosted table meets its host twice; no_revisit bans any return.
                if no_revisit or self.tables[t].host is not None:
                    seats = [self.x(p.id, r, t) for r in range(rounds)]
                    self.add(CardEnc.atmost(seats, 1, vpool=self.pool))
        for r in range(rounds):
            for t in tables:
                seats = [self.x(p.id, r, t) for p in self.travellers]
                self.add(
                    CardEnc.equals(
                        seats, self.size - 1, vpool=self.pool, encoding=EncType.seqcounter
                    )
                )

    def _meetings(self) -> None:
        for a, b in itertools.combinations([p.id for p in self.travellers], 2):
            met = []
            for r in range(self.problem.rounds):
                m = self.pool.id(("m", a, b, r))
                for t in range(len(self.tables)):
                    self.clauses.append([-self.x(a, r, t), -self.x(b, r, t), m])
                met.append(m)
            self.add(CardEnc.atmost(met, 1, vpool=self.pool))

    def _spread(self) -> list[int]:
        """Literals, one per unit of deviation from a group's fair share at a table."""
        people = self.problem.people
        groups = sorted({p.group for p in people})
        total = {g: sum(1 for p in people if p.group == g) for g in groups}
        group_of = {p.id: p.group for p in people}
        out = []
        for r in range(self.problem.rounds):
            for t, table in enumerate(self.tables):
                for g in groups:
                    base = int(table.host is not None and group_of[table.host] == g)
                    here = [self.x(p.id, r, t) for p in self.travellers if p.group == g]
                    share = total[g] * self.size
                    low, high = share // len(people), -(-share // len(people))
                    out += [self._at_least(here, c - base, (r, t, g)) for c in
                            range(high + 1, base + len(here) + 1)]  # fmt: skip
                    out += [-self._at_least(here, c - base, (r, t, g)) for c in range(1, low + 1)]
        return out

    def _at_least(self, seats: list[int], n: int, key) -> int:
        """A variable true exactly when at least n of seats are taken."""
        v = self.pool.id(("ge", key, n))
        if n <= 0 or n > len(seats):
            self.clauses.append([v] if n <= 0 else [-v])
            return v
        for clause in CardEnc.atleast(seats, n, vpool=self.pool).clauses:
            self.clauses.append([*clause, -v])
        for clause in CardEnc.atmost(seats, n - 1, vpool=self.pool).clauses:
            self.clauses.append([*clause, v])
        return v

    def seats(self, model: set[int]) -> dict:
        """The plan a satisfying assignment describes, as round -> person -> table id."""
        out: dict = {r + 1: {} for r in range(self.problem.rounds)}
        for p in self.problem.people:
            for r in range(self.problem.rounds):
                if p.id in self.host_table:
                    out[r + 1][p.id] = self.tables[self.host_table[p.id]].id
                    continue
                for t, table in enumerate(self.tables):
                    if self.x(p.id, r, t) in model:
                        out[r + 1][p.id] = table.id
        return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shape", choices=[g[0] for g in bench.GROUP_SHAPES])
    parser.add_argument("seed", type=int)
    parser.add_argument("k", type=int, help="the largest group spread B allowed")
    parser.add_argument("--no-revisit", action="store_true")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    problem = bench.build(bench.group_spec(args.shape, True, args.seed))
    model = Model(problem, args.no_revisit)
    model.add(CardEnc.atmost(model.penalties, args.k, vpool=model.pool, encoding=EncType.totalizer))
    started = time.perf_counter()
    with Cadical153(bootstrap_with=model.clauses) as solver:
        timer = threading.Timer(args.seconds, solver.interrupt)
        timer.start()
        answer = solver.solve_limited(expect_interrupt=True)
        timer.cancel()
        took = time.perf_counter() - started
        verdict = {True: "a plan exists", False: "no plan exists", None: "undecided"}[answer]
        print(f"{args.shape} seed {args.seed}, E = 0 and B <= {args.k}: {verdict} ({took:.1f} s)")
        if answer:
            print("checked:", bench.check(problem, model.seats(set(solver.get_model()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
