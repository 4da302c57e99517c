"""Binomial tolerances for simulation tests that run few cohorts.

A coverage test over *n* seeded cohorts counts the intervals that hold the truth. With
an honest 95 % interval that count is Binomial(n, 0.95); the tests assert it is not
implausibly small for that — at least :func:`min_hits` — instead of a fixed share that
only a few hundred cohorts could measure. Likewise a false-claim count at a 5 % target is
at most :func:`max_hits`. Seeds are fixed, so each test is deterministic; ``alpha`` is the
chance an estimator exactly at the nominal rate would fail it.
"""

from __future__ import annotations

from scipy import stats


def min_hits(n: int, p: float = 0.95, alpha: float = 0.001) -> int:
    """Smallest count of successes out of ``n`` consistent with a rate of ``p``: the
    largest ``x`` with P(X < x) ≤ ``alpha`` for X ~ Binomial(n, p)."""
    x = int(stats.binom.ppf(alpha, n, p))
    while x > 0 and stats.binom.cdf(x - 1, n, p) > alpha:
        x -= 1
    while stats.binom.cdf(x, n, p) <= alpha:
        x += 1
    return x


def max_hits(n: int, p: float = 0.05, alpha: float = 0.001) -> int:
    """Largest count of events out of ``n`` consistent with a rate of at most ``p``: the
    smallest ``x`` with P(X > x) ≤ ``alpha``."""
    return n - min_hits(n, 1.0 - p, alpha)
