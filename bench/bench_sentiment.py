"""Cost of scoring one comment's sentiment on arrival, and the evaluation figures.

Run: ``python bench/bench_sentiment.py [--data-dir DIR] [--n 2000] [--no-eval]``.

Prints the cold cost (first call in a fresh process: lazy model loading included), then the
mean, median and p99 wall-clock time and the mean CPU time per comment over N comments per
language after a warm-up, then the output of ``python -m analytics.sentiment.evaluate``. Comments are the texts of the labelled
sets (cycled to N); without them, generated survey-style comments are used.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SURVEY = {
    "en": [
        "The onboarding was smooth and support answered quickly.",
        "Good, but slow.",
        "Pricing is too high for a small team and the reports are confusing.",
        "Not helpful at all 👎",
        "Our account manager is great, she always follows up within a day.",
        "The workshop gave me practical ideas I used the next morning.",
        "Export keeps failing and nobody from support has replied for a week.",
        "N/A",
    ],
    "ja": [
        "サポートの対応がとても丁寧でした。",
        "丁寧でしたが、回答が遅いです。",
        "価格が高すぎる。画面も使いにくい。",
        "研修の内容が分かりやすくて助かりました😊",
        "担当者がすぐに対応してくれたので、大きな問題にならずに済みました。",
        "機能は多いけど、設定画面がどこにあるのか分かりにくいです。",
        "特になし",
        "講師の説明は丁寧でしたが、演習の時間がもう少し欲しかったです。",
    ],
}


def comments(language: str, n: int, data_dir: Path | None) -> list[str]:
    from analytics.sentiment import data

    try:
        texts = [e.text for e in data.load(language, data_dir)]
    except OSError:
        texts = SURVEY[language]
    return list(itertools.islice(itertools.cycle(texts), n))


def measure(texts: list[str]) -> tuple[list[float], float]:
    """Wall-clock µs per comment, and the mean CPU µs of this thread per comment (what the
    scoring costs; on a busy machine the wall clock also counts time spent preempted)."""
    from analytics.sentiment import analyze

    for text in texts[:200]:
        analyze(text)
    costs = []
    cpu0 = time.thread_time_ns()
    for text in texts:
        t = time.perf_counter_ns()
        analyze(text)
        costs.append((time.perf_counter_ns() - t) / 1e3)
    cpu = (time.thread_time_ns() - cpu0) / 1e3 / len(texts)
    return costs, cpu


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--no-eval", action="store_true")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    from analytics.sentiment import analyze

    import_ms = (time.perf_counter() - t0) * 1e3
    print(f"import analytics.sentiment: {import_ms:.1f} ms (no model loaded at import)")
    for language, text in (("en", "The support team was helpful."), ("ja", "対応が丁寧でした。")):
        t = time.perf_counter()
        analyze(text)
        print(f"cold first call [{language}] (loads its models): {(time.perf_counter() - t):.3f} s")

    print(f"\nper comment on arrival, {args.n} comments per set, after 200 warm-up calls")
    print(f"  load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"  {'set':<30} {'chars':>6} {'mean µs':>9} {'median µs':>10} {'p99 µs':>9} {'max µs':>9}"
        f" {'CPU µs':>8}"
    )
    for language in ("en", "ja"):
        sets = {
            f"{language} survey-style comments": list(
                itertools.islice(itertools.cycle(SURVEY[language]), args.n)
            ),
            f"{language} labelled-set sentences": comments(language, args.n, args.data_dir),
        }
        for name, texts in sets.items():
            costs, cpu = measure(texts)
            chars = statistics.fmean(len(t) for t in texts)
            print(
                f"  {name:<30} {chars:>6.0f} {statistics.fmean(costs):>9.0f}"
                f" {statistics.median(costs):>10.0f} {percentile(costs, 0.99):>9.0f}"
                f" {max(costs):>9.0f} {cpu:>8.0f}"
            )

    if not args.no_eval:
        from analytics.sentiment import evaluate

        print()
        argv_eval = ["--data-dir", str(args.data_dir)] if args.data_dir else []
        return evaluate.main(argv_eval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
