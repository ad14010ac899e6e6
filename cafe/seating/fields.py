"""Finite-field arithmetic GF(p^e) on small ints, for the round-robin construction."""

from __future__ import annotations

from itertools import product


def prime_power(n: int) -> tuple[int, int] | None:
    """Return (p, e) with n == p**e for a prime p, or None."""
    if n < 2:
        return None
    p = next(d for d in range(2, n + 1) if n % d == 0)
    e = 0
    while n % p == 0:
        n //= p
        e += 1
    return (p, e) if n == 1 else None


def _digits(x: int, p: int, e: int) -> list[int]:
    return [(x // p**i) % p for i in range(e)]


def _number(digits: list[int], p: int) -> int:
    return sum(d * p**i for i, d in enumerate(digits))


def _poly_mod(a: list[int], mod: list[int], p: int) -> list[int]:
    a = a[:]
    deg = len(mod) - 1
    for i in range(len(a) - 1, deg - 1, -1):
        coef = a[i] % p
        if coef:
            for j in range(deg + 1):
                a[i - deg + j] = (a[i - deg + j] - coef * mod[j]) % p
    return [c % p for c in a[:deg]] + [0] * max(0, deg - len(a))


def _irreducible(p: int, e: int) -> list[int]:
    """A monic irreducible polynomial of degree e over GF(p), lowest coefficient first."""
    for low in product(range(p), repeat=e):
        poly = list(low) + [1]
        if not any(_divides(f, poly, p) for f in _monic_polys(p, e // 2)):
            return poly
    raise ValueError(f"no irreducible polynomial of degree {e} over GF({p})")


def _monic_polys(p: int, max_degree: int) -> list[list[int]]:
    return [
        list(low) + [1] for d in range(1, max_degree + 1) for low in product(range(p), repeat=d)
    ]


def _divides(f: list[int], g: list[int], p: int) -> bool:
    return not any(_poly_mod(g, f, p))


class GaloisField:
    """GF(p^e) with elements 0 .. q-1 and precomputed addition and multiplication tables."""

    def __init__(self, p: int, e: int) -> None:
        self.q = p**e
        mod = _irreducible(p, e)
        digits = [_digits(x, p, e) for x in range(self.q)]
        self.add = [
            [_number([(a + b) % p for a, b in zip(da, db, strict=True)], p) for db in digits]
            for da in digits
        ]
        self.mul = [[self._times(da, db, mod, p, e) for db in digits] for da in digits]

    @staticmethod
    def _times(da: list[int], db: list[int], mod: list[int], p: int, e: int) -> int:
        prod = [0] * (2 * e - 1)
        for i, a in enumerate(da):
            for j, b in enumerate(db):
                prod[i + j] += a * b
        return _number(_poly_mod(prod, mod, p), p)
