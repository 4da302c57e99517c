"""Fit the English three-way gate: ``python -m analytics.sentiment.gate_fit [--data-dir DIR]``.

Data, and what is kept apart:
- polar review sentences: the *training* part of ``en_reviews.csv`` (the 70 % of the split in
  ``data.py``), with their n-gram logits out-of-fold (refitted on train.py's five inner folds
  at the shipped model's C and weighting), so the model's memory of its own training
  sentences does not pass for evidence;
- the project's development sets that have neutrals: ``devsets/neutral_en.txt`` and every
  ``devsets/written_en_*.csv`` (posts, comment-box answers and review sentences, each read
  for rule fixes already; their n-gram logits are the shipped model's, which never saw them).
  The ``holdout_*`` sets and the held-out 30 % of the review file are never read here.

Each class gets the same total weight (a neutral row weighs more than a polar one), the
regression is L2-penalised (``GATE_C``) and fitted by L-BFGS from zero (deterministic). The
neutral class's offset is then chosen on 5-fold out-of-fold probabilities of the gate itself:
the offset with the best balanced accuracy of the stored label whose polar rows keep their
stored accuracy within ``MAX_POLAR_LOSS`` of the gate's own best polar accuracy and whose
neutral recall is at least ``MIN_NEUTRAL_RECALL`` (the constraints ``calibrate.py`` puts on the
older band).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import optimize

from analytics.sentiment import data
from analytics.sentiment.gate_en import CLASSES, FEATURES, GATE_PATH, NeutralGate, gate_features

GATE_C = 10.0
FOLDS = 5
OFFSETS = tuple(round(-0.5 + 0.02 * i, 2) for i in range(51))
MAX_POLAR_LOSS = 0.0175
MIN_NEUTRAL_RECALL = 0.70
DEVSETS_DIR = Path(__file__).with_name("devsets")


def development_rows() -> list[tuple[str, int, str]]:
    """(text, class index, set name) of the written development sets with neutrals."""
    out: list[tuple[str, int, str]] = []
    path = DEVSETS_DIR / "neutral_en.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append((line.strip(), CLASSES.index("neutral"), path.name))
    for path in sorted(DEVSETS_DIR.glob("written_en_*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if not row["label"]:
                    continue  # a note on the set, not a row
                out.append((row["text"], CLASSES.index(row["label"]), path.name))
    return out


def fit_softmax(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, c: float = GATE_C
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted multinomial logistic regression: minimise sum(weight × log-loss) +
    ||W||² / (2c) (intercepts not penalised). Returns (W: classes × features, b)."""
    f = x.shape[1]
    k = len(CLASSES)
    onehot = np.eye(k)[y]

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        w = params[: k * f].reshape(k, f)
        b = params[k * f :]
        s = x @ w.T + b
        s -= s.max(axis=1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        value = float(-(weight * (onehot * logp).sum(axis=1)).sum() + (w * w).sum() / (2 * c))
        g = (np.exp(logp) - onehot) * weight[:, None]
        grad_w = g.T @ x + w / c
        return value, np.concatenate([grad_w.ravel(), g.sum(axis=0)])

    res = optimize.minimize(
        loss, np.zeros(k * f + k), jac=True, method="L-BFGS-B", options={"maxiter": 2000}
    )
    return res.x[: k * f].reshape(k, f), res.x[k * f :]


def class_weights(y: np.ndarray) -> np.ndarray:
    """Each class the same total weight, the mean row weight 1."""
    counts = np.bincount(y, minlength=len(CLASSES)).astype(float)
    per_class = len(y) / (len(CLASSES) * np.maximum(counts, 1.0))
    return np.asarray(per_class[y])


def decide(probs: np.ndarray, offset: float) -> np.ndarray:
    """Class index per row: neutral when its probability plus ``offset`` is at least the
    larger polar one (as ``NeutralGate.polarity``)."""
    polar = np.where(probs[:, 0] >= probs[:, 1], 0, 1)
    return np.where(probs[:, 2] + offset >= probs[:, :2].max(axis=1), 2, polar)


def choose_offset(probs: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, float]]:
    """The neutral offset (see the module docstring) and its figures."""
    is_polar = y < 2
    best_polar = max(float((decide(probs, o) == y)[is_polar].mean()) for o in OFFSETS)
    best: tuple[float, float, dict[str, float]] | None = None
    for offset in OFFSETS:
        label = decide(probs, offset)
        recalls = [float((label[y == c] == c).mean()) for c in range(len(CLASSES))]
        polar = float((label == y)[is_polar].mean())
        if polar < best_polar - MAX_POLAR_LOSS or recalls[2] < MIN_NEUTRAL_RECALL:
            continue
        balanced = sum(recalls) / len(recalls)
        if best is None or balanced > best[0] + 1e-12:
            figures = {
                "balanced_accuracy": round(balanced, 4),
                "polar_stored_accuracy": round(polar, 4),
                "polar_best_accuracy": round(best_polar, 4),
                "neutral_recall": round(recalls[2], 4),
            }
            best = (balanced, offset, figures)
    if best is None:  # no offset meets the floors: the one with the best neutral recall
        offset = max(OFFSETS)
        return offset, {"neutral_recall": float((decide(probs, offset)[y == 2] == 2).mean())}
    return best[1], best[2]


def fit_gate(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float = GATE_C
) -> tuple[NeutralGate, dict[str, float]]:
    """The gate fitted on all rows, its neutral offset chosen on out-of-fold probabilities
    (``groups``: fold index per row)."""
    weight = class_weights(y)
    oof = np.zeros((len(y), len(CLASSES)))
    for k in range(FOLDS):
        tr, te = groups != k, groups == k
        w, b = fit_softmax(x[tr], y[tr], weight[tr], c)
        s = x[te] @ w.T + b
        s -= s.max(axis=1, keepdims=True)
        oof[te] = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    offset, figures = choose_offset(oof, y)
    w, b = fit_softmax(x, y, weight, c)
    gate = NeutralGate(
        weights=[[float(v) for v in row] for row in w],
        intercepts=[float(v) for v in b],
        neutral_offset=offset,
    )
    return gate, figures


def fold_of(text: str) -> int:
    return data.bucket("gate:" + " ".join(text.lower().split())) % FOLDS


def training_rows(
    data_dir: Path | None = None,
) -> tuple[list[data.Example], list[str], np.ndarray]:
    """(the training review sentences, then the texts of every row, class index per row)."""
    polar = [e for e in data.load("en", data_dir) if e.train]
    dev = development_rows()
    texts = [e.text for e in polar] + [t for t, _, _ in dev]
    y = np.array([0 if e.label == 1 else 1 for e in polar] + [c for _, c, _ in dev])
    return polar, texts, y


def review_oof_ngram(examples: Sequence[data.Example], model_path: Path) -> np.ndarray:
    """Out-of-fold n-gram logits of the training review sentences: train.py's inner folds,
    the shipped model's C, weighting and features; scored on what the analyzer hashes."""
    from analytics.sentiment import english
    from analytics.sentiment.linear import StackedLinearModel, hash_features
    from analytics.sentiment.train import _fold_ids, _matrix, fit_ngram, specs

    model = StackedLinearModel.load(model_path)
    chars_meta = model.meta.get("char_ngrams")
    chars = (int(chars_meta[0]), int(chars_meta[1])) if chars_meta else None
    spec = specs(chars)["en"]
    texts = [e.text for e in examples]
    labels = np.array([e.label for e in examples], dtype=np.float64)
    hashed = [hash_features(spec.ngram_features(t), spec.n_bits) for t in texts]
    scored = [
        hash_features(english.ngram_features(english.rewrite(t), chars), spec.n_bits) for t in texts
    ]
    fold = _fold_ids([data.split_key("en", e.text, e.source) for e in examples])
    used = sorted({i for r in hashed for i in r})
    col = {b: j for j, b in enumerate(used)}
    x = _matrix([[col[i] for i in r] for r in hashed], len(used))
    c = float(model.meta["ngram_c"])
    weighting = str(model.meta.get("ngram_weighting", "binary"))
    oof = np.zeros(len(texts))
    for k in range(int(fold.max()) + 1):
        w, b = fit_ngram(x[fold != k], labels[fold != k], c, weighting)
        weights = {used[j]: float(v) for j, v in enumerate(w)}
        for i in np.flatnonzero(fold == k):
            oof[i] = b + sum(weights.get(h, 0.0) for h in scored[i])
    return oof


def feature_matrix(
    texts: Sequence[str], ngram: Sequence[float | None], model_path: Path
) -> np.ndarray:
    """Gate features of ``texts``; a row's n-gram logit is the given one, or (None) that of
    the model in ``model_path``."""
    from analytics.sentiment import english

    analyzer = english.EnglishAnalyzer(model_path=model_path)
    rows = []
    for text, ng in zip(texts, ngram, strict=True):
        z, own, dense, emoji, evidence, request = analyzer.inputs(text)
        if ng is not None:
            z = analyzer.model.logit(ng, dense) + english.EMOJI_LOGIT * emoji
            own = ng
        rows.append(gate_features(z, own, dense, emoji, evidence, request))
    return np.array(rows)


def fit(
    data_dir: Path | None = None, model_path: Path | None = None, log: bool = True
) -> NeutralGate:
    """The gate for the model in ``model_path`` (the shipped one by default)."""
    from analytics.sentiment.english import MODEL_PATH

    model_path = model_path or MODEL_PATH
    polar, texts, y = training_rows(data_dir)
    oof = review_oof_ngram(polar, model_path)
    n_dev = len(texts) - len(polar)
    ngram: list[float | None] = [*(float(v) for v in oof), *([None] * n_dev)]
    x = feature_matrix(texts, ngram, model_path)
    groups = np.array([fold_of(t) for t in texts])
    gate, figures = fit_gate(x, y, groups)
    counts = {c: int((y == i).sum()) for i, c in enumerate(CLASSES)}
    gate.meta.update(
        fit=figures,
        gate_c=GATE_C,
        rows=counts,
        data=(
            f"{data.DATA_FILES['en']} training part ({len(polar)} rows, out-of-fold "
            f"n-gram), devsets/neutral_en.txt and devsets/written_en_*.csv "
            f"({n_dev} rows); holdout_* never read"
        ),
    )
    if log:
        print(f"gate rows {counts}; out-of-fold figures {figures}; offset {gate.neutral_offset}")
    return gate


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--model", type=Path, default=None, help="default: the shipped model")
    parser.add_argument("--out", type=Path, default=GATE_PATH)
    args = parser.parse_args(argv)
    gate = fit(args.data_dir, args.model)
    gate.save(args.out)
    print(f"wrote {args.out} ({len(FEATURES)} features × {len(CLASSES)} classes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
