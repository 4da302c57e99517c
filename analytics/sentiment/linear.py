"""A compact two-stage linear model: hashed n-gram logistic regression, stacked with dense
lexicon features by a second, tiny logistic regression.

Stored as a ``.npz`` file (no pickle): the non-zero n-gram weights as (index, weight) pairs,
the stacking coefficients, and a JSON metadata string. See ``train.py`` for how it is made.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

MODELS_DIR = Path(__file__).with_name("models")


def hash_feature(feature: str, n_bits: int) -> int:
    """Stable (process-independent) hash of a feature string into ``2**n_bits`` buckets."""
    return zlib.crc32(feature.encode("utf-8")) & ((1 << n_bits) - 1)


def hash_features(features: Iterable[str], n_bits: int) -> list[int]:
    """Distinct bucket indices of ``features`` (binary presence features)."""
    mask = (1 << n_bits) - 1
    return sorted({zlib.crc32(f.encode("utf-8")) & mask for f in features})


@dataclass(slots=True)
class StackedLinearModel:
    n_bits: int
    ngram_bias: float
    ngram_weights: dict[int, float]
    stack_intercept: float
    stack_coef: list[float]
    stack_features: list[str]
    meta: dict[str, Any] = field(default_factory=dict)

    def ngram_logit(self, indices: Iterable[int]) -> float:
        get = self.ngram_weights.get
        return self.ngram_bias + sum(get(i, 0.0) for i in indices)

    def logit(self, ngram_logit: float, dense: Sequence[float]) -> float:
        z = self.stack_intercept + self.stack_coef[0] * ngram_logit
        for c, x in zip(self.stack_coef[1:], dense, strict=True):
            z += c * x
        return z

    def save(self, path: Path) -> None:
        idx = np.array(sorted(self.ngram_weights), dtype=np.int32)
        w = np.array([self.ngram_weights[int(i)] for i in idx], dtype=np.float32)
        meta = dict(self.meta)
        meta.update(
            n_bits=self.n_bits,
            ngram_bias=self.ngram_bias,
            stack_intercept=self.stack_intercept,
            stack_coef=self.stack_coef,
            stack_features=self.stack_features,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(fh, idx=idx, w=w, meta=np.array(json.dumps(meta, sort_keys=True)))

    @classmethod
    def load(cls, path: Path) -> StackedLinearModel:
        with np.load(path, allow_pickle=False) as data:
            idx = data["idx"].tolist()
            w = data["w"].astype(np.float64).tolist()
            meta = json.loads(str(data["meta"]))
        return cls(
            n_bits=int(meta.pop("n_bits")),
            ngram_bias=float(meta.pop("ngram_bias")),
            ngram_weights=dict(zip(idx, w, strict=True)),
            stack_intercept=float(meta.pop("stack_intercept")),
            stack_coef=[float(c) for c in meta.pop("stack_coef")],
            stack_features=[str(f) for f in meta.pop("stack_features")],
            meta=meta,
        )
