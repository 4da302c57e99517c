"""The English three-way gate (``gate_en``) and its fitter (``gate_fit``): the softmax fit
against an independent computation, the neutral offset chosen on data under the floors, the
polarity's label always the gate's decision, and the file round trip."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from analytics.sentiment import english, gate_fit
from analytics.sentiment.base import label_for
from analytics.sentiment.gate_en import CLASSES, FEATURES, NeutralGate, gate_features


def _toy(n: int = 90) -> tuple[np.ndarray, np.ndarray]:
    # one signed feature (which side) and one magnitude feature (how much evidence)
    rng = np.random.default_rng(7)
    side = rng.choice([-1.0, 1.0], size=n)
    strength = rng.uniform(0.0, 1.0, size=n)
    y = np.where(strength < 0.3, 2, np.where(side > 0, 0, 1))
    x = np.column_stack([side * strength, strength])
    return x, y


def test_softmax_fit_matches_an_independent_minimiser() -> None:
    x, y = _toy()
    weight = gate_fit.class_weights(y)
    w, b = gate_fit.fit_softmax(x, y, weight, c=1.0)

    # the same objective written out per row, minimised without a gradient
    def objective(params: np.ndarray) -> float:
        wm = params[:6].reshape(3, 2)
        bm = params[6:]
        total = 0.0
        for xi, yi, wi in zip(x, y, weight, strict=True):
            s = wm @ xi + bm
            total -= wi * (s[yi] - math.log(sum(math.exp(v) for v in s)))
        return total + float((wm * wm).sum()) / 2.0

    # at the minimum the independently written objective is flat (central differences)
    params = np.concatenate([w.ravel(), b])
    for i in range(len(params)):
        step = np.zeros_like(params)
        step[i] = 1e-5
        slope = (objective(params + step) - objective(params - step)) / 2e-5
        assert abs(slope) < 1e-3
    # and it separates the toy classes: strong positive, strong negative, weak
    probs = np.exp(x @ w.T + b)
    probs /= probs.sum(axis=1, keepdims=True)
    assert (gate_fit.decide(probs, 0.0) == y).mean() > 0.9


def test_class_weights_give_each_class_the_same_total() -> None:
    y = np.array([0] * 10 + [1] * 30 + [2] * 5)
    w = gate_fit.class_weights(y)
    totals = [w[y == c].sum() for c in range(3)]
    assert totals == pytest.approx([15.0, 15.0, 15.0])
    assert w.mean() == pytest.approx(1.0)


def test_offset_is_chosen_under_the_floors() -> None:
    # polar rows: confident and right; neutrals: probabilities that need a positive offset
    probs = np.array([[0.8, 0.1, 0.1]] * 50 + [[0.1, 0.8, 0.1]] * 50 + [[0.45, 0.15, 0.4]] * 20)
    y = np.array([0] * 50 + [1] * 50 + [2] * 20)
    offset, figures = gate_fit.choose_offset(probs, y)
    assert 0.05 <= offset < 0.7
    assert figures["neutral_recall"] == 1.0
    assert figures["polar_stored_accuracy"] == 1.0
    assert (gate_fit.decide(probs, offset) == y).all()
    # an offset large enough to swallow polar rows is never chosen
    assert (gate_fit.decide(probs, offset)[:100] != 2).all()


def test_polarity_label_is_the_gate_decision() -> None:
    rng = np.random.default_rng(3)
    gate = NeutralGate(
        weights=rng.normal(size=(3, len(FEATURES))).tolist(),
        intercepts=rng.normal(size=3).tolist(),
        neutral_offset=0.1,
    )
    for _ in range(300):
        features = rng.normal(size=len(FEATURES)).tolist()
        probs = np.array([gate.probabilities(features)])
        decided = CLASSES[int(gate_fit.decide(probs, gate.neutral_offset)[0])]
        polarity = gate.polarity(features)
        assert -1.0 <= polarity <= 1.0
        assert label_for(round(polarity, 6)) == decided


def test_gate_file_round_trip_and_feature_check(tmp_path: Path) -> None:
    gate = NeutralGate(
        weights=[[0.5] * len(FEATURES), [-0.5] * len(FEATURES), [0.0] * len(FEATURES)],
        intercepts=[0.0, 0.0, 0.3],
        neutral_offset=-0.04,
        meta={"fit": {"neutral_recall": 0.8}},
    )
    path = tmp_path / "gate.json"
    gate.save(path)
    assert NeutralGate.load(path) == gate
    assert NeutralGate.load(tmp_path / "missing.json") is None
    raw = path.read_text(encoding="utf-8").replace('"no_evidence"', '"something_else"')
    path.write_text(raw, encoding="utf-8")
    with pytest.raises(ValueError, match="other features"):
        NeutralGate.load(path)


def test_gate_features_read_magnitudes_and_cues() -> None:
    f = dict(
        zip(FEATURES, gate_features(-3.0, 1.0, [-0.5, 0.0, 0.2, -0.4], 0.0, 0.5, True), strict=True)
    )
    assert f["stacked"] == pytest.approx(math.tanh(-1.5))
    assert f["abs_stacked"] == pytest.approx(math.tanh(1.5))
    assert f["abs_vader"] == 0.5 and f["abs_textblob"] == 0.4
    assert f["request"] == 1.0 and f["no_evidence"] == 0.0
    assert f["request_x_abs_stacked"] == pytest.approx(math.tanh(1.5))


def test_written_development_rows_have_every_class_and_no_holdout() -> None:
    rows = gate_fit.development_rows()
    assert {c for _, c, _ in rows} == {0, 1, 2}
    assert not any(name.startswith("holdout") for _, _, name in rows)


def test_analyzer_without_a_gate_keeps_the_band(tmp_path: Path) -> None:
    analyzer = english.EnglishAnalyzer(gate_path=tmp_path / "none.json")
    assert analyzer.gate is None
    assert analyzer.score("is the shop open on sundays?").label == "neutral"


@pytest.mark.parametrize("chars", [None, (2, 5), (3, 4)])
def test_remembered_char_buckets_hash_like_the_training_features(
    chars: tuple[int, int] | None,
) -> None:
    from analytics.sentiment.features_en import hashed_ngram_features, ngram_features
    from analytics.sentiment.linear import hash_features

    for text in [
        "Not the cheapest, but it isn't flimsy at all",
        "tiny café, huge portions — ok ok",
        "",
        "dull dull DULL",
    ]:
        for _ in range(2):  # the second time from the remembered buckets
            assert hashed_ngram_features(text, chars, 20) == hash_features(
                ngram_features(text, chars), 20
            )
