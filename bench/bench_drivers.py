"""Benchmark of the key-driver analysis: ``python bench/bench_drivers.py``.

100,000 answers × 8 driver ratings (1–5) with a known structure, ``key_drivers`` with 200
bootstrap resamples (target ≤ 2 s), plus the exact Shapley decomposition for 8 and 12 drivers.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.drivers import key_drivers, relative_weights, shapley_r2

TARGET_S = 2.0
N = 100_000
N_BOOT = 200
NAMES = ["support", "price", "speed", "quality", "onboarding", "docs", "billing", "ui"]
TRUE_COEF = np.array([1.0, 0.8, 0.6, 0.45, 0.3, 0.2, 0.1, 0.0])


def synthetic(n: int, coef: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Correlated 1–5 ratings (a shared 'overall mood' factor) and a 0–10 score."""
    rng = np.random.default_rng(seed)
    p = coef.size
    mood = rng.normal(size=(n, 1))
    latent = 0.5 * mood + rng.normal(size=(n, p))
    centre = np.linspace(2.6, 4.0, p)[rng.permutation(p)]  # drivers differ in performance
    X = np.clip(np.round(centre + 1.1 * latent), 1, 5)
    s = X @ coef + rng.normal(scale=1.5, size=n)
    s = (s - s.mean()) / s.std()
    y = np.clip(np.round(7 + 2.2 * s), 0, 10)
    return X, y


def timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """(first run, best of ``repeat``) in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times[0], min(times)


def main() -> int:
    X, y = synthetic(N, TRUE_COEF, seed=42)
    first, best = timed(lambda: key_drivers(X, y, NAMES, n_boot=N_BOOT, seed=0))
    res = key_drivers(X, y, NAMES, n_boot=N_BOOT, seed=0)
    print(f"key_drivers: {N:,} answers x {len(NAMES)} drivers, {N_BOOT} bootstrap resamples")
    print(f"  first run {first:.3f} s, best of 3 {best:.3f} s (target <= {TARGET_S:.1f} s)")
    print(f"  R^2 = {res.r2:.3f}, ranking settled: {res.ranking_settled}")
    for d in res.drivers:
        print(
            f"  {d.rank}. {d.name:<11} {d.share_pct:5.1f}% [{d.ci_low:5.1f}, {d.ci_high:5.1f}]"
            f"  shapley {d.shapley_share_pct:5.1f}%  mean {d.mean_rating:.2f}  {d.quadrant}"
        )
    for m in res.messages:
        print(f"  - {m}")

    for p in (8, 12):
        Xp, yp = synthetic(N, np.linspace(1.0, 0.0, p), seed=p)
        f, b = timed(partial(shapley_r2, Xp, yp))
        _, b_rw = timed(partial(relative_weights, Xp, yp))
        print(
            f"shapley_r2 p={p:2d} ({2**p} subsets, n={N:,}): first {f:.3f} s, best {b:.3f} s;"
            f" relative_weights best {b_rw:.3f} s"
        )
    ok = best <= TARGET_S
    print("PASS" if ok else "FAIL", f"key_drivers best {best:.3f} s vs target {TARGET_S:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
