"""Reproduce the shipped models: ``python -m analytics.sentiment.train [--data-dir DIR]``.

For each language: (1) an L2 logistic regression on hashed, binary unigram + bigram features
(``WEIGHTING``: presence, or presence scaled by the naive-Bayes log-count ratio; character
n-grams too when the spec asks), its regularisation chosen by the stack's 5-fold
cross-validation on the training part; (2) a second logistic regression that stacks the
n-gram model's out-of-fold logit with the dense lexicon features. Only the training part of
the split in ``data.py`` is used; the held-out part is for ``evaluate``. Deterministic: no
random state, L-BFGS from zero.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

from analytics.sentiment import data
from analytics.sentiment.linear import MODELS_DIR, StackedLinearModel, hash_features

C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
STACK_C = 10.0
FOLDS = 5
#: How the n-gram columns are weighted before the logistic regression: "binary" (presence)
#: or "nb" (presence scaled by the log-count ratio; see ``fit_ngram``).
WEIGHTING = "binary"
#: Character n-grams of the tokens the n-gram model reads beside words (None: words only).
CHAR_NGRAMS: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class LanguageSpec:
    language: str
    version: str
    n_bits: int
    ngram_features: Callable[[str], list[str]]
    dense_features: Callable[[str], list[float]]
    dense_names: list[str]
    #: character n-grams the n-gram features include (recorded in the model's metadata)
    char_ngrams: tuple[int, int] | None = None


def _out_of_fold(
    x: np.ndarray | sparse.csr_matrix,
    y: np.ndarray,
    fold_id: np.ndarray,
    c: float,
    weighting: str = "binary",
) -> np.ndarray:
    """Each row's logit from the model fitted on the other folds (``fit_ngram`` for the
    n-gram matrix, a plain logistic regression for the stack's dense matrix)."""
    oof = np.zeros(x.shape[0])
    for k in range(int(fold_id.max()) + 1):
        tr, te = fold_id != k, fold_id == k
        w, b = fit_ngram(x[tr], y[tr], c, weighting)
        oof[te] = x[te] @ w + b
    return oof


def log_count_ratio(x: sparse.csr_matrix, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Naive-Bayes log-count ratio per column (Wang and Manning 2012, "NBSVM"): log of the
    smoothed share of positive rows holding the feature over that of negative rows."""
    p = alpha + np.asarray(x[y == 1].sum(axis=0)).ravel()
    q = alpha + np.asarray(x[y == 0].sum(axis=0)).ravel()
    return np.log(p / p.sum()) - np.log(q / q.sum())


def fit_ngram(
    x: sparse.csr_matrix | np.ndarray, y: np.ndarray, c: float, weighting: str = "binary"
) -> tuple[np.ndarray, float]:
    """The n-gram model's weights on the binary columns of ``x``. ``weighting="nb"`` fits
    the logistic regression on the columns scaled by their log-count ratio (NB-LR) and folds
    the ratio back into the weights, so the shipped model stays one weight per feature."""
    if weighting == "binary" or not isinstance(x, sparse.csr_matrix):
        return fit_logreg(x, y, c)
    r = log_count_ratio(x, y)
    w, b = fit_logreg(sparse.csr_matrix(x.multiply(r)), y, c)
    return w * r, b


def fit_logreg(
    x: sparse.csr_matrix | np.ndarray, y: np.ndarray, c: float
) -> tuple[np.ndarray, float]:
    """Minimise sum(log-loss) + ||w||² / (2c) (intercept not penalised)."""
    n_features = x.shape[1]
    ys = 2.0 * y - 1.0

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = params[:-1], params[-1]
        z = np.asarray(x @ w).ravel() + b
        m = ys * z
        value = float(np.logaddexp(0.0, -m).sum() + (w @ w) / (2.0 * c))
        g = -ys * (1.0 / (1.0 + np.exp(m)))
        grad_w = np.asarray(x.T @ g).ravel() + w / c
        return value, np.append(grad_w, g.sum())

    res = optimize.minimize(
        loss,
        np.zeros(n_features + 1),
        jac=True,
        # TNC reaches the same (strictly convex) optimum as L-BFGS-B here in a quarter of
        # the time on ~20,000 hashed columns.
        method="TNC",
        options={"maxfun": 3000},
    )
    return res.x[:-1], float(res.x[-1])


def _matrix(rows: Sequence[list[int]], n_cols: int) -> sparse.csr_matrix:
    indptr = np.cumsum([0, *(len(r) for r in rows)])
    indices = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
    values = np.ones(len(indices))
    return sparse.csr_matrix((values, indices, indptr), shape=(len(rows), n_cols))


def _fold_ids(keys: Sequence[str], folds: int = FOLDS) -> np.ndarray:
    return np.array([data.bucket("fold:" + key) % folds for key in keys])


def featurize(spec: LanguageSpec, texts: Sequence[str]) -> tuple[list[list[int]], np.ndarray]:
    """Hashed n-gram buckets and dense lexicon features of ``texts`` (what the models read)."""
    hashed = [hash_features(spec.ngram_features(t), spec.n_bits) for t in texts]
    dense = np.array([spec.dense_features(t) for t in texts])
    return hashed, dense


def fit_stacked(
    spec: LanguageSpec,
    hashed: Sequence[list[int]],
    dense: np.ndarray,
    y: np.ndarray,
    fold_id: np.ndarray,
    log: Callable[[str], None],
    weighting: str = WEIGHTING,
    c_grid: Sequence[float] = C_GRID,
) -> tuple[StackedLinearModel, float, float]:
    """(model, stacked cv accuracy, n-gram C) fitted on the given rows only."""
    # Compact the used buckets into columns.
    used = sorted({i for r in hashed for i in r})
    col = {b: j for j, b in enumerate(used)}
    x = _matrix([[col[i] for i in r] for r in hashed], len(used))
    # The n-gram model's regularisation is chosen by the stack's 5-fold CV over the same folds
    # (its n-gram input is out-of-fold), the figure every model change is judged by before
    # the held-out part: the n-gram model is only ever used inside the stack (en-ens-9).
    best: tuple[float, float, np.ndarray] | None = None
    for c in c_grid:
        oof = _out_of_fold(x, y, fold_id, c, weighting)
        acc = float(((oof > 0) == (y == 1)).mean())
        x2 = np.column_stack([oof, dense])
        stacked_oof = _out_of_fold(x2, y, fold_id, STACK_C)
        stacked_acc = float(((stacked_oof > 0) == (y == 1)).mean())
        log(
            f"  {spec.language} n-gram C={c:<5} cv accuracy {acc:.4f}, "
            f"stacked 5-fold cv accuracy {stacked_acc:.4f}"
        )
        if best is None or stacked_acc > best[0]:
            best = (stacked_acc, c, x2)
    assert best is not None
    cv_acc, c_best, x2 = best
    coef, intercept = fit_logreg(x2, y, STACK_C)
    w, b = fit_ngram(x, y, c_best, weighting)
    weights = {used[j]: float(v) for j, v in enumerate(w) if abs(v) >= 1e-4}
    model = StackedLinearModel(
        n_bits=spec.n_bits,
        ngram_bias=b,
        ngram_weights=weights,
        stack_intercept=intercept,
        stack_coef=[float(v) for v in coef],
        stack_features=["ngram_logit", *spec.dense_names],
        meta={
            "version": spec.version,
            "language": spec.language,
            "ngram_c": c_best,
            "ngram_weighting": weighting,
            "char_ngrams": list(spec.char_ngrams) if spec.char_ngrams else None,
            "stack_c": STACK_C,
            "n_train": len(hashed),
            "cv_accuracy": round(cv_acc, 4),
        },
    )
    return model, cv_acc, c_best


def train(
    spec: LanguageSpec,
    examples: Sequence[data.Example],
    log: Callable[[str], None],
    weighting: str = WEIGHTING,
) -> StackedLinearModel:
    rows = [e for e in examples if e.train]
    y = np.array([e.label for e in rows], dtype=np.float64)
    hashed, dense = featurize(spec, [e.text for e in rows])
    fold_id = _fold_ids([data.split_key(spec.language, e.text, e.source) for e in rows])
    model, cv_acc, c_best = fit_stacked(spec, hashed, dense, y, fold_id, log, weighting)
    log(f"  {spec.language} stacked 5-fold cv accuracy {cv_acc:.4f} (n-gram C={c_best})")
    model.meta.update(
        trained_on=data.DATA_FILES[spec.language] + " (train part of the 70/30 split)",
        licence_of_training_data="CC BY 4.0; see analytics/sentiment/data.py",
    )
    return model


def specs(char_ngrams: tuple[int, int] | None = CHAR_NGRAMS) -> dict[str, LanguageSpec]:
    """Languages with a learned model. Japanese has none: chABSA (annual reports) is too far
    from comments for a learned model to help, so the Japanese analyzer is dictionaries and
    rules only (see ``japanese.py``)."""
    from analytics.sentiment import english

    return {
        "en": LanguageSpec(
            "en",
            english.VERSION,
            english.N_BITS,
            # trained on what the analyzer scores: the text after its idiom rewrites
            lambda text: english.ngram_features(english.rewrite(text, service=False), char_ngrams),
            lambda text: english.dense_features(english.rewrite(text, service=False)),
            english.DENSE_FEATURES,
            char_ngrams,
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--out-dir", type=Path, default=MODELS_DIR)
    parser.add_argument("--language", choices=["en"], action="append")
    parser.add_argument("--weighting", choices=["binary", "nb"], default=WEIGHTING)
    parser.add_argument(
        "--char-ngrams",
        type=int,
        nargs=2,
        metavar=("SHORTEST", "LONGEST"),
        default=CHAR_NGRAMS,
        help="character n-grams of the tokens beside words (default: the shipped recipe)",
    )
    args = parser.parse_args(argv)
    chars = (int(args.char_ngrams[0]), int(args.char_ngrams[1])) if args.char_ngrams else None
    for language in args.language or ["en"]:
        spec = specs(chars)[language]
        model = train(spec, data.load(language, args.data_dir), print, args.weighting)
        path = args.out_dir / f"{language}.npz"
        model.save(path)
        print(
            f"{language}: wrote {path} ({path.stat().st_size} bytes, "
            f"{len(model.ngram_weights)} weights, stack {model.stack_coef})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
