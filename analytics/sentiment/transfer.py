"""How well the English analyzer carries to review sentences it was not fitted on:
``python -m analytics.sentiment.transfer [--data-dir DIR] [--weighting binary|nb]``.

The held-out 30 % of ``en_reviews.csv`` shares its three sources with the training part, so
it flatters a learned model: a phrase of a phone review is in both halves. Two measurements
that are closer to a hidden set of real review sentences:

- leave one source out: the learned models (n-gram regression and stack, the n-gram C chosen
  by the stack's 5-fold CV on the training rows only, as ``train.py`` does) are fitted on two
  of Amazon / Yelp / IMDb and the third is scored;
- repeated stratified cross-validation over the whole file (5 folds, 2 repeats; folds drawn
  per label by a keyed hash of the normalised text, so duplicated sentences stay together).

Each test row is scored by the whole analyzer (rewrites, rules, lexicon features, the neutral
band or, where ``models/en_gate.json`` is shipped, the three-way gate) with the fold's model in
place of the shipped one, and counted by the label the product stores: a polar sentence
stored neutral is wrong. Kept as shipped, and so not refitted per fold: the rules, the neutral
band's six parameters (``calibrate.py``) and the gate's weights (``gate_fit.py``), each
fitted on the 70 % training part of all three sources and the written development sets
(``--gate PATH`` scores with another gate file). The sign of the stacked logit is printed
beside it (what the band costs), and the share of the written neutrals
(``devsets/neutral_en.txt``, a development set the band was fitted on) that each fold's
analyzer stores neutral: a recipe that lifts polar accuracy by leaning on topic words shows
here as facts called polar.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analytics.sentiment import data
from analytics.sentiment.linear import StackedLinearModel, hash_features
from analytics.sentiment.train import (
    C_GRID,
    CHAR_NGRAMS,
    EXTRA_CHOICES,
    EXTRA_TRAINING,
    WEIGHTING,
    LanguageSpec,
    _fold_ids,
    extra_training_rows,
    featurize,
    fit_stacked,
)

SOURCES = ("amazon", "yelp", "imdb")
CV_FOLDS = 5
CV_REPEATS = 2


def source_of(example: data.Example) -> str:
    """ "amazon", "yelp" or "imdb" from ``uci-sls/amazon_cells_labelled.txt#L2``."""
    name = example.source.split("/", 1)[-1]
    for source in SOURCES:
        if name.startswith(source):
            return source
    raise ValueError(f"unknown source {example.source!r}")


@dataclass(frozen=True, slots=True)
class FoldScore:
    name: str
    n: int
    stored: float  # stored label == true label (neutral is wrong)
    sign: float  # sign of the stacked logit == true label
    c: float
    neutral: float | None = None  # share of the written neutrals stored neutral


def cv_folds(keys: Sequence[str], labels: Sequence[int], repeat: int) -> np.ndarray:
    """Stratified folds: per label, the distinct keys ordered by a hash salted with the
    repeat, dealt round-robin; rows with the same key share a fold."""
    fold = np.zeros(len(keys), dtype=np.int64)
    for label in sorted(set(labels)):
        distinct = sorted(
            {k for k, y in zip(keys, labels, strict=True) if y == label},
            key=lambda k: data.bucket(f"cv{repeat}:{k}"),
        )
        of = {k: i % CV_FOLDS for i, k in enumerate(distinct)}
        for i, (k, y) in enumerate(zip(keys, labels, strict=True)):
            if y == label:
                fold[i] = of[k]
    return fold


def score_with(
    model: StackedLinearModel,
    texts: Sequence[str],
    labels: Sequence[int],
    neutrals: Sequence[str] = (),
    gate: Path | None = None,
) -> tuple[float, float, float | None]:
    """(stored-label accuracy, stacked-sign accuracy, neutral recall on ``neutrals`` or None)
    of the whole analyzer with ``model``."""
    from analytics.sentiment.english import DENSE_FEATURES, EnglishAnalyzer

    analyzer = EnglishAnalyzer() if gate is None else EnglishAnalyzer(gate_path=gate)
    analyzer.model = model
    chars = model.meta.get("char_ngrams")
    analyzer.char_ngrams = (int(chars[0]), int(chars[1])) if chars else None
    analyzer.z_empty = model.logit(model.ngram_bias, [0.0] * len(DENSE_FEATURES))
    stored = sign = 0
    for text, y in zip(texts, labels, strict=True):
        truth = "positive" if y == 1 else "negative"
        stored += analyzer.score(text).label == truth
        sign += (analyzer.parts(text)[0] > 0) == (y == 1)
    kept = sum(analyzer.score(text).label == "neutral" for text in neutrals)
    recall = kept / len(neutrals) if neutrals else None
    return stored / len(texts), sign / len(texts), recall


def measure(
    spec: LanguageSpec,
    examples: Sequence[data.Example],
    log: Callable[[str], None],
    weighting: str = WEIGHTING,
    c_grid: Sequence[float] = C_GRID,
    repeats: int = CV_REPEATS,
    left_out: Sequence[str] = SOURCES,
    neutrals: Sequence[str] = (),
    gate: Path | None = None,
    extra_training: str = "none",
) -> list[FoldScore]:
    """Scores of each left-out source in ``left_out``, then of each fold of ``repeats``
    repetitions of stratified cross-validation; with ``neutrals``, also the share of them
    each fold's analyzer stores neutral (a model that leans on topic words calls facts
    polar)."""
    texts = [e.text for e in examples]
    y = np.array([e.label for e in examples], dtype=np.float64)
    keys = [data.split_key("en", e.text, e.source) for e in examples]
    hashed, dense = featurize(spec, texts)
    # rows fitted beside the reviews (train.EXTRA_TRAINING): in every fold's n-gram fit
    extra_texts, extra_target = extra_training_rows(extra_training)
    extra = [hash_features(spec.ngram_features(t), spec.n_bits) for t in extra_texts]
    inner = _fold_ids(keys)  # the inner folds train.py uses, on the rows a fold trains on
    sources = np.array([source_of(e) for e in examples])

    def run(name: str, test: np.ndarray) -> FoldScore:
        train = ~test
        idx = np.flatnonzero(train)
        model, _, c = fit_stacked(
            spec,
            [hashed[i] for i in idx],
            dense[train],
            y[train],
            inner[train],
            lambda _: None,
            weighting,
            c_grid,
            extra=extra,
            extra_target=extra_target,
        )
        t = np.flatnonzero(test)
        stored, sign, recall = score_with(
            model, [texts[i] for i in t], [int(y[i]) for i in t], neutrals, gate
        )
        score = FoldScore(name, len(t), stored, sign, c, recall)
        shown = "" if recall is None else f"  neutral recall {recall:.3f}"
        log(f"  {name:<16} n={score.n:<5} stored {stored:.3f}  sign {sign:.3f}{shown}  (C={c})")
        return score

    out = [run(f"test {s}", sources == s) for s in left_out]
    for r in range(repeats):
        fold = cv_folds(keys, [int(v) for v in y], r)
        out.extend(run(f"cv r{r} f{k}", fold == k) for k in range(CV_FOLDS))
    return out


def summary(scores: Sequence[FoldScore]) -> dict[str, float]:
    """Means: leave-one-source-out (unweighted over the three sources) and the CV folds."""
    loso = [s for s in scores if s.name.startswith("test ")]
    cv = [s for s in scores if s.name.startswith("cv ")]
    out: dict[str, float] = {}
    if loso:
        out["loso_stored"] = float(np.mean([s.stored for s in loso]))
        out["loso_sign"] = float(np.mean([s.sign for s in loso]))
    if cv:
        out["cv_stored"] = float(np.mean([s.stored for s in cv]))
        out["cv_sign"] = float(np.mean([s.sign for s in cv]))
    recalls = [s.neutral for s in scores if s.neutral is not None]
    if recalls:
        out["neutral_recall"] = float(np.mean(recalls))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    from analytics.sentiment.train import specs

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--weighting", choices=["binary", "nb"], default=WEIGHTING)
    parser.add_argument("--repeats", type=int, default=CV_REPEATS)
    parser.add_argument(
        "--gate",
        type=Path,
        default=None,
        help="score with this three-way gate (gate_fit.py's output) instead of the shipped "
        "decision",
    )
    parser.add_argument(
        "--char-ngrams",
        type=int,
        nargs=2,
        metavar=("SHORTEST", "LONGEST"),
        default=CHAR_NGRAMS,
        help="character n-grams of the tokens beside words (e.g. 2 5; default: train.py's)",
    )
    parser.add_argument(
        "--extra-training",
        choices=EXTRA_CHOICES,
        default=EXTRA_TRAINING,
        help="rows each fold's n-gram model is fitted on beside the reviews (train.py's)",
    )
    args = parser.parse_args(argv)
    examples = data.load("en", args.data_dir)
    chars = tuple(args.char_ngrams) if args.char_ngrams else None
    print(f"en transfer, n-gram weighting {args.weighting}, character n-grams {chars}:")
    spec = specs(chars)["en"]  # type: ignore[arg-type]
    from analytics.sentiment.calibrate import neutral_texts

    scores = measure(
        spec,
        examples,
        print,
        args.weighting,
        repeats=args.repeats,
        neutrals=neutral_texts("en"),
        gate=args.gate,
        extra_training=args.extra_training,
    )
    for key, value in summary(scores).items():
        print(f"  {key} {value:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
