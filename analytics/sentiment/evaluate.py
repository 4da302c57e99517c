"""Evaluate the sentiment analyzers on the labelled development sets.

``python -m analytics.sentiment.evaluate [--data-dir DIR]`` (default: ``$VOC_SENTIMENT_DATA``
or ``../shared/data/sentiment`` beside the repository). For each language it prints n,
accuracy and macro-F1 on the held-out part (30 %, never seen in training: the headline) and on
the full set (which includes the training part, so it flatters the learned model).

Positive/negative evaluation uses the sign of the polarity; a polarity of exactly 0 is a tie
and counts as wrong. "neutral" is the share of comments the analyzer labels neutral
(|polarity| < NEUTRAL_THRESHOLD); those still count by their sign.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analytics.sentiment import data
from analytics.sentiment.base import NEUTRAL_THRESHOLD

Scorer = Callable[[str], float]


@dataclass(frozen=True, slots=True)
class Metrics:
    n: int
    accuracy: float
    macro_f1: float
    neutral_share: float


def metrics(polarities: Sequence[float], labels: Sequence[int]) -> Metrics:
    """Accuracy and macro-F1 (positive, negative) by the sign of the polarity; ties wrong."""
    n = len(labels)
    if n == 0:
        return Metrics(0, 0.0, 0.0, 0.0)
    predicted = [1 if p > 0 else 0 if p < 0 else -1 for p in polarities]
    correct = sum(p == y for p, y in zip(predicted, labels, strict=True))
    f1s = []
    for cls in (1, 0):
        tp = sum(p == cls and y == cls for p, y in zip(predicted, labels, strict=True))
        fp = sum(p == cls and y != cls for p, y in zip(predicted, labels, strict=True))
        fn = sum(p != cls and y == cls for p, y in zip(predicted, labels, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    neutral = sum(abs(p) < NEUTRAL_THRESHOLD for p in polarities)
    return Metrics(n, correct / n, sum(f1s) / 2, neutral / n)


def _scorers(language: str) -> dict[str, Scorer]:
    from analytics.sentiment import get_analyzer

    analyzer = get_analyzer(language)
    scorers: dict[str, Scorer] = {
        f"{analyzer.version} (ensemble)": lambda t: analyzer.score(t).polarity
    }
    if language == "en":
        from analytics.sentiment import english

        scorers["TextBlob PatternAnalyzer only"] = english.textblob_polarity
        scorers["VADER only (stock lexicon)"] = _stock_vader()
    elif language == "ja":
        from analytics.sentiment import japanese

        scorers["ja hits only (no question or noun scaling)"] = lambda t: japanese.lexicon_scores(
            japanese.tokenize(t)
        )[0]
    return scorers


def _stock_vader() -> Scorer:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    return lambda t: float(vader.polarity_scores(t)["compound"])


def evaluate(language: str, data_dir: Path | None = None) -> list[tuple[str, str, Metrics]]:
    """Rows of (scorer, part, metrics) with part "held-out" or "full"."""
    examples = data.load(language, data_dir)
    out: list[tuple[str, str, Metrics]] = []
    for name, scorer in _scorers(language).items():
        scores = [scorer(e.text) for e in examples]
        held = [(s, e.label) for s, e in zip(scores, examples, strict=True) if not e.train]
        out.append((name, "held-out", metrics([s for s, _ in held], [y for _, y in held])))
        out.append((name, "full", metrics(scores, [e.label for e in examples])))
    return out


def format_rows(language: str, rows: Sequence[tuple[str, str, Metrics]]) -> str:
    lines = [
        f"[{language}] {data.DATA_FILES[language]}",
        f"  {'scorer':<32} {'part':<9} {'n':>5} {'accuracy':>9} {'macro-F1':>9} {'|p|<0.1':>8}",
    ]
    for name, part, m in rows:
        lines.append(
            f"  {name:<32} {part:<9} {m.n:>5} {m.accuracy:>9.4f} {m.macro_f1:>9.4f}"
            f" {m.neutral_share:>8.3f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analytics.sentiment.evaluate",
        description="Accuracy and macro-F1 of the sentiment analyzers on the labelled sets.",
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="folder with the CSV files")
    parser.add_argument("--language", choices=sorted(data.DATA_FILES), action="append")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or data.default_data_dir()
    missing = [f for f in data.DATA_FILES.values() if not (data_dir / f).is_file()]
    if missing and not args.language:
        print(f"missing in {data_dir}: {', '.join(missing)}", file=sys.stderr)
        return 2
    print(
        "Held-out = the 30 % split never used in training (headline); full = all rows, "
        "training part included. Sign of polarity, ties wrong."
    )
    for language in args.language or sorted(data.DATA_FILES):
        print(format_rows(language, evaluate(language, data_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
