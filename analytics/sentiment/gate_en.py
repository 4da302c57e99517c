"""The English three-way decision: positive, negative or neutral from what the analyzer found.

The learned models were trained on polar review sentences only, so their logit says which
side a comment leans to, not whether it takes a side at all. This gate is a small
multinomial logistic regression that reads the stacked logit and the n-gram logit (signed and
as magnitudes), the lexicon scores, emoji, and the neutral cues of the rules (a request for
information, a plain or numeric fact, no evaluative word at all), and decides among the three
classes. It is fitted by ``python -m analytics.sentiment.gate_fit`` on data that has
neutrals (see there); the neutral class's offset is chosen on the fit's out-of-fold
probabilities, not by hand. Stored as JSON (``models/en_gate.json``); without that file the
analyzer keeps the older neutral band (``neutral_en.NeutralCalibration``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analytics.sentiment.base import NEUTRAL_THRESHOLD
from analytics.sentiment.linear import MODELS_DIR

GATE_PATH = MODELS_DIR / "en_gate.json"
#: The gate's classes, in the order of its weight rows.
CLASSES = ("positive", "negative", "neutral")
#: What the gate reads, in the order of its weight columns (see ``gate_features``).
FEATURES = (
    "stacked",
    "ngram",
    "vader",
    "vader_last_clause",
    "textblob",
    "textblob_last_clause",
    "emoji",
    "abs_stacked",
    "abs_ngram",
    "evidence",
    "abs_vader",
    "abs_textblob",
    "no_evidence",
    "request",
    "request_x_abs_stacked",
)


def gate_features(
    z: float, ngram: float, dense: Sequence[float], emoji: float, evidence: float, request: bool
) -> list[float]:
    """The gate's inputs: logits squashed to (-1, 1), lexicon scores, and their magnitudes
    (the neutral class reads how much evidence there is, the polar classes which way it
    points)."""
    s = math.tanh(z / 2.0)
    g = math.tanh(ngram / 2.0)
    vader, vader_last, blob, blob_last = dense
    e = max(-1.0, min(1.0, emoji))
    r = 1.0 if request else 0.0
    return [
        s,
        g,
        vader,
        vader_last,
        blob,
        blob_last,
        e,
        abs(s),
        abs(g),
        evidence,
        max(abs(vader), abs(vader_last)),
        max(abs(blob), abs(blob_last)),
        1.0 if evidence == 0.0 else 0.0,
        r,
        r * abs(s),
    ]


@dataclass(frozen=True, slots=True)
class NeutralGate:
    """Softmax over ``CLASSES`` of ``weights @ features + intercepts``, with
    ``neutral_offset`` added to the neutral score before the argmax."""

    weights: list[list[float]]
    intercepts: list[float]
    neutral_offset: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, features: Sequence[float]) -> list[float]:
        scores = [
            b + sum(w * x for w, x in zip(row, features, strict=True))
            for row, b in zip(self.weights, self.intercepts, strict=True)
        ]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [v / total for v in exps]

    def polarity(self, features: Sequence[float]) -> float:
        """A polarity whose label (``base.label_for``) is the gate's decision: outside the
        neutral band by how much the winning side beats the other, inside it otherwise."""
        pos, neg, neu = self.probabilities(features)
        if neu + self.neutral_offset >= max(pos, neg):
            # inside the band, leaning the way the polar classes lean
            return (pos - neg) / max(pos + neg, 1e-12) * NEUTRAL_THRESHOLD * 0.99
        margin = abs(pos - neg) / (pos + neg)
        return math.copysign(NEUTRAL_THRESHOLD + (1.0 - NEUTRAL_THRESHOLD) * margin, pos - neg)

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": list(CLASSES),
            "features": list(FEATURES),
            "weights": self.weights,
            "intercepts": self.intercepts,
            "neutral_offset": self.neutral_offset,
            "meta": self.meta,
        }

    def save(self, path: Path = GATE_PATH) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = GATE_PATH) -> NeutralGate | None:
        """The shipped gate, or None when there is none (the neutral band decides)."""
        if not path.is_file():
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        if list(raw["features"]) != list(FEATURES) or list(raw["classes"]) != list(CLASSES):
            raise ValueError(f"{path}: the gate was fitted on other features; refit it")
        return cls(
            weights=[[float(w) for w in row] for row in raw["weights"]],
            intercepts=[float(b) for b in raw["intercepts"]],
            neutral_offset=float(raw.get("neutral_offset", 0.0)),
            meta=dict(raw.get("meta", {})),
        )
