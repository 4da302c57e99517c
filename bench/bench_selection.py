"""Benchmark: the workshop estimator on the sceptic's cohorts, 200 seeded runs per design.

Run from the repository root::

    python bench/bench_selection.py              # every design, 200 runs each (~15 min)
    python bench/bench_selection.py --runs 50 --design "upsell momentum"

Each run draws a cohort of :mod:`training.simulate_selection` (3,000 accounts; 300 for the
tiny cohort) with a hidden selection problem and a known effect, runs the product's
estimator exactly as the service does at +30/+90/+180 days, and compares its expansion,
churn, expansion-MRR and ROI-benefit figures with the truth for the attendees it kept:
bias, 95 % CI coverage, share of intervals excluding 0 (the false-positive rate when the
truth is 0), and how often the product refused a verdict; then what the verdicts claim (a
claim needs the interval allowing for a modest hidden confounder to exclude 0 too, and to
hold once the checkpoint's outcomes are judged together by Holm), how many claims are false,
and that interval's coverage; then how often a verdict claims any outcome (in a design without
effect every claim is false) and the continuous outcomes' sensitivity analysis (NRR, GRR,
expansion MRR per account). The tables go in BENCHMARKS.md
("Sceptic's cohorts").
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.training.selection_harness import family_table, measure, table, verdict_table
from training.simulate_selection import DESIGNS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--design", action="append", default=[], help="design name (repeat)")
    parser.add_argument(
        "--dump", help="write each run's sensitivity p-values, estimates and truths (JSON)"
    )
    args = parser.parse_args()
    chosen = [d for d in DESIGNS if not args.design or d.name in args.design]
    results = []
    for design in chosen:
        started = time.perf_counter()
        result = measure(design, args.runs, catch=True)
        results.append(result)
        refusals = ", ".join(f"{k} {v}" for k, v in sorted(result.reasons.items()))
        if result.crashes:
            print(f"{design.name}: CRASHED {dict(result.crashes)}", file=sys.stderr)
        print(
            f"{design.name}: {args.runs} runs in {time.perf_counter() - started:.0f} s; "
            f"refusal reasons: {refusals or 'none'}",
            file=sys.stderr,
        )
    if args.dump:
        Path(args.dump).write_bytes(msgspec.json.encode({r.design: r.outcomes for r in results}))
    print(table(results))
    print()
    print(verdict_table(results))
    print()
    print(family_table(results))


if __name__ == "__main__":
    main()
