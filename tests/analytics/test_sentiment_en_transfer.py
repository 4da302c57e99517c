"""The transfer measurement of the English learned models (``transfer.py``) and the n-gram
fitters of ``train.py`` it compares: leave-one-source-out, stratified repeated folds, and the
naive-Bayes log-count ratio, checked against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import sparse

from analytics.sentiment import data, english, train, transfer


def _example(text: str, label: int, source: str) -> data.Example:
    return data.Example(text=text, label=label, source=f"uci-sls/{source}#L1", train=True)


def test_source_of_names_the_three_review_sources() -> None:
    assert transfer.source_of(_example("x", 1, "amazon_cells_labelled.txt")) == "amazon"
    assert transfer.source_of(_example("x", 1, "yelp_labelled.txt")) == "yelp"
    assert transfer.source_of(_example("x", 1, "imdb_labelled.txt")) == "imdb"
    with pytest.raises(ValueError, match="unknown source"):
        transfer.source_of(_example("x", 1, "tweets.txt"))


def test_cv_folds_are_stratified_and_keep_duplicates_together() -> None:
    keys = [f"sentence {i}" for i in range(50)] + ["sentence 3", "sentence 40"]
    labels = [1] * 25 + [0] * 25 + [1, 0]
    fold = transfer.cv_folds(keys, labels, repeat=0)
    for label in (0, 1):
        counts = np.bincount(fold[np.array(labels) == label], minlength=transfer.CV_FOLDS)
        # 25 distinct keys per label dealt round-robin: 5 each, +1 where a duplicate landed
        assert counts.min() >= 5 and counts.max() <= 6
    assert fold[50] == fold[3] and fold[51] == fold[40]
    assert not np.array_equal(fold, transfer.cv_folds(keys, labels, repeat=1))


def test_log_count_ratio_matches_hand_computation() -> None:
    # column 0 in both positive rows, column 1 in the one negative row, column 2 everywhere
    x = sparse.csr_matrix(np.array([[1, 0, 1], [1, 0, 1], [0, 1, 1]], dtype=float))
    y = np.array([1.0, 1.0, 0.0])
    r = train.log_count_ratio(x, y)
    p = np.array([3.0, 1.0, 3.0])  # 1 + counts in positive rows
    q = np.array([1.0, 2.0, 2.0])  # 1 + counts in negative rows
    expected = [math.log(p[j] / 7.0) - math.log(q[j] / 5.0) for j in range(3)]
    assert r == pytest.approx(expected)
    assert r[0] > 0 > r[1]


def test_nb_weighting_folds_the_ratio_into_one_weight_per_feature() -> None:
    rows = [[0, 2], [0, 3], [0], [1, 2], [1, 3], [1]]
    x = train._matrix(rows, 4)
    y = np.array([1.0, 1.0, 1.0, 0.0, 0.0, 0.0])
    w_nb, b_nb = train.fit_ngram(x, y, 1.0, "nb")
    r = train.log_count_ratio(x, y)
    w_scaled, b_scaled = train.fit_logreg(sparse.csr_matrix(x.multiply(r)), y, 1.0)
    assert w_nb == pytest.approx(w_scaled * r, abs=1e-6)
    assert b_nb == pytest.approx(b_scaled, abs=1e-6)
    logits = x @ w_nb + b_nb
    assert (logits[:3] > 0).all() and (logits[3:] < 0).all()
    w_bin, _ = train.fit_ngram(x, y, 1.0, "binary")
    assert w_bin == pytest.approx(train.fit_logreg(x, y, 1.0)[0])


_POSITIVE = [
    "the battery lasts all week",
    "crisp sound and a comfortable fit",
    "lovely staff and a tasty stew",
    "the curry was superb",
    "a gripping film with a fine cast",
    "i loved the soundtrack",
]
_NEGATIVE = [
    "the hinge snapped in a day",
    "calls kept cutting out",
    "the soup was cold and salty",
    "we waited an hour for a table",
    "a dull film with a silly plot",
    "the acting was wooden",
]


def test_measure_scores_each_left_out_source_and_each_cv_fold() -> None:
    sources = ["amazon_cells_labelled.txt"] * 2 + ["yelp_labelled.txt"] * 2
    sources += ["imdb_labelled.txt"] * 2
    examples = [
        _example(f"{text} {extra}", label, src)
        for extra in ("", "indeed", "really")
        for texts, label in ((_POSITIVE, 1), (_NEGATIVE, 0))
        for text, src in zip(texts, sources, strict=True)
    ]
    spec = train.specs()["en"]
    lines: list[str] = []
    neutrals = ["the box holds a cable", "we went on a monday"]
    scores = transfer.measure(
        spec, examples, lines.append, "nb", c_grid=(1.0,), repeats=1, neutrals=neutrals
    )
    names = [s.name for s in scores]
    assert names[:3] == ["test amazon", "test yelp", "test imdb"]
    assert len(names) == 3 + transfer.CV_FOLDS
    assert [s.n for s in scores[:3]] == [12, 12, 12]
    assert sum(s.n for s in scores[3:]) == len(examples)
    assert all(0.0 <= s.stored <= 1.0 and 0.0 <= s.sign <= 1.0 for s in scores)
    assert len(lines) == len(scores)
    summary = transfer.summary(scores)
    assert summary["loso_stored"] == pytest.approx(np.mean([s.stored for s in scores[:3]]))
    assert set(summary) == {"loso_stored", "loso_sign", "cv_stored", "cv_sign", "neutral_recall"}
    assert all(s.neutral in (0.0, 0.5, 1.0) for s in scores)


def test_score_with_uses_the_given_model_not_the_shipped_one() -> None:
    shipped = english.EnglishAnalyzer().model
    flipped = train.StackedLinearModel(
        n_bits=shipped.n_bits,
        ngram_bias=-shipped.ngram_bias,
        ngram_weights={i: -w for i, w in shipped.ngram_weights.items()},
        stack_intercept=-shipped.stack_intercept,
        stack_coef=[-c for c in shipped.stack_coef],
        stack_features=shipped.stack_features,
    )
    texts = ["the screen is gorgeous and bright", "the case cracked and the seller ignored me"]
    stored, sign, recall = transfer.score_with(shipped, texts, [1, 0], ["is it in stock?"])
    assert (stored, sign, recall) == (1.0, 1.0, 1.0)
    _, sign_flipped, _ = transfer.score_with(flipped, texts, [1, 0])
    assert sign_flipped == 0.0


def test_char_ngrams_are_taken_inside_each_padded_token() -> None:
    from analytics.sentiment.features_en import CHAR_NGRAMS, char_ngrams

    assert CHAR_NGRAMS == (2, 5)
    grams = char_ngrams(["dull"])
    # " dull " has 6 characters: 5 bigrams, 4 trigrams, 3 four-grams, 2 five-grams
    assert len(grams) == 5 + 4 + 3 + 2
    assert {"c: d", "c:du", "c:ll ", "c: dul", "c:dull "} <= set(grams)
    assert not any(" " in g[3:-1] for g in grams)
    assert sorted(char_ngrams(["dull"], (3, 3))) == ["c: du", "c:dul", "c:ll ", "c:ull"]
    # a token seen twice counts once; tokens never run into each other
    assert sorted(char_ngrams(["ok", "ok"])) == sorted(char_ngrams(["ok"]))
    assert "c:ok f" not in char_ngrams(["ok", "fine"])


def test_word_features_carry_char_ngrams_only_when_asked() -> None:
    plain = english.ngram_features("Disappointingly flimsy")
    assert "u:disappointingly" in plain
    assert not any(f.startswith("c:") for f in plain)
    feats = english.ngram_features("Disappointingly flimsy", (2, 5))
    assert set(plain) < set(feats)
    assert "c:disa" in feats and "c:appo" in feats and "c: fli" in feats


def test_shipped_model_is_the_default_recipe() -> None:
    # python -m analytics.sentiment.train without options reproduces the shipped file
    analyzer = english.EnglishAnalyzer()
    assert analyzer.char_ngrams == train.CHAR_NGRAMS
    assert analyzer.model.meta.get("ngram_weighting", "binary") == train.WEIGHTING


def test_a_char_ngram_model_is_scored_with_its_char_ngrams() -> None:
    # trained on stems spelt one way, scored on other words of the same stems
    examples = [
        _example(text, label, "amazon_cells_labelled.txt")
        for text, label in [
            ("thrilled", 1),
            ("thrilling", 1),
            ("delightful", 1),
            ("delighted", 1),
            ("annoyed", 0),
            ("annoyance", 0),
            ("dreadful", 0),
            ("dreadfully", 0),
        ]
    ]
    spec = train.specs((3, 5))["en"]
    y = np.array([e.label for e in examples], dtype=float)
    hashed, dense = train.featurize(spec, [e.text for e in examples])
    model, _, _ = train.fit_stacked(
        spec, hashed, np.zeros_like(dense), y, np.arange(len(y)) % 2, lambda _: None, "nb", (10.0,)
    )
    assert model.meta["char_ngrams"] == [3, 5]
    analyzer = english.EnglishAnalyzer()
    analyzer.model = model
    analyzer.char_ngrams = (3, 5)
    _, ng_pos, _, _ = analyzer.parts("thrills")
    _, ng_neg, _, _ = analyzer.parts("annoying")
    assert ng_pos > model.ngram_bias > ng_neg
    # transfer.score_with sets the model's features itself
    _, sign, _ = transfer.score_with(model, ["delightfully", "dreadfulness"], [1, 0])
    assert sign == 1.0
