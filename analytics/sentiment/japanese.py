"""Japanese sentiment: janome tokens scored by the project's own lexicon (``lexicon_ja``) with
negation, contrast, intensity and target-aware direction words, stacked with a hashed n-gram
logistic regression trained offline on the training part of chABSA (``models/ja.npz``).

- Negation: a hit followed (within its clause) by ない / ません / なかった / ず flips and
  softens (× -0.7): 満足できなかった, 問題ありません, 不満はない.
- Contrast: in "A が / けど / ものの / しかし B" the clauses before the last contrast count
  × 0.5 and the last clause × 1.5 (as VADER does for "but").
- Intensity: とても, 非常に, すごく, 大幅 ... × 1.2-1.6; 少し, やや, 若干 ... × 0.5-0.8.
- "X すぎる" is negative: 高すぎる, 長すぎる.
- Direction words (増加, 減少, 上昇, 低下, 高い, 安い, 削減 ...) take the valence of the nearest
  earlier target in the clause: 売上高が増加 → +, 費用が増加 → -, 営業損失は減少 → +,
  価格が高い → -.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from analytics.sentiment.base import SentimentResult, make_result, polarity_from_logit
from analytics.sentiment.emoji import EMOJI
from analytics.sentiment.lexicon_ja import (
    CONTRAST,
    DIRECTION,
    INTENSIFIERS,
    LEXICON,
    NEGATIVE_POLARITY_ITEMS,
    NULL_COMMENTS,
    TARGETS,
)
from analytics.sentiment.linear import MODELS_DIR, StackedLinearModel, hash_features

VERSION = "ja-ens-1"
MODEL_PATH = MODELS_DIR / "ja.npz"
N_BITS = 20
DENSE_FEATURES = ["lexicon", "lexicon_last_clause"]

NEGATION_FACTOR = -0.7
#: Without any lexicon hit the model's score is shrunk, so bland comments fall in the neutral
#: band; the sign (and so the positive/negative evaluation) is unchanged.
NO_EVIDENCE_FACTOR = 0.25
BEFORE_CONTRAST = 0.5
AFTER_CONTRAST = 1.5
NEGATION_WINDOW = 5
TARGET_WINDOW = 12
MAX_SPAN = 3

_NEGATION_BASES = frozenset({"ない", "ぬ", "ん", "ず"})
_EXCESS_BASES = frozenset({"すぎる", "過ぎる"})
_CONNECTIVE_CONTRAST = frozenset(
    {"しかし", "でも", "ただ", "ただし", "ところが", "だが", "とはいえ"}
)
_NOUN_CONTRAST = frozenset({"一方", "反面"})
_WS_RE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Token:
    surface: str
    base: str
    pos: str  # e.g. "名詞"
    pos1: str  # e.g. "サ変接続"


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from janome.tokenizer import Tokenizer

    return Tokenizer()


_tokenize_lock = threading.Lock()


def normalize(text: str) -> str:
    return _WS_RE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def tokenize(text: str) -> list[Token]:
    """janome tokens of the NFKC-normalised text (the tokenizer is loaded once, lazily)."""
    tokenizer = _tokenizer()
    out: list[Token] = []
    with _tokenize_lock:
        for t in tokenizer.tokenize(normalize(text)):
            pos = t.part_of_speech.split(",")
            base = t.base_form if t.base_form != "*" else t.surface
            out.append(Token(t.surface, base, pos[0], pos[1]))
    return out


def _is_boundary(tok: Token) -> bool:
    return tok.pos == "記号" and tok.pos1 in ("句点", "読点", "括弧開", "括弧閉", "一般")


def _is_contrast(tok: Token) -> bool:
    if tok.surface not in CONTRAST and tok.base not in CONTRAST:
        return False
    if tok.pos == "助詞":
        return tok.pos1 == "接続助詞"
    if tok.pos == "接続詞":
        return tok.surface in _CONNECTIVE_CONTRAST or tok.surface in CONTRAST
    return tok.pos == "名詞" and tok.surface in _NOUN_CONTRAST


def _is_negation(tok: Token) -> bool:
    if tok.base not in _NEGATION_BASES:
        return False
    return tok.pos == "助動詞" or (tok.pos == "形容詞" and tok.base == "ない")


@dataclass(slots=True)
class _Hit:
    start: int
    end: int  # exclusive
    score: float
    key: str
    is_target: bool = False


def _match(tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
    """Longest lexicon/direction key starting at token i: (key, number of tokens)."""
    for n in range(min(MAX_SPAN, len(tokens) - i), 0, -1):
        key = "".join(t.surface for t in tokens[i : i + n - 1]) + tokens[i + n - 1].base
        if key in LEXICON or key in DIRECTION:
            return key, n
        if n > 1:
            surface = "".join(t.surface for t in tokens[i : i + n])
            if surface in LEXICON or surface in DIRECTION:
                return surface, n
    return None


def _target_valence(tokens: Sequence[Token], start: int) -> tuple[float, int] | None:
    """Valence and index of the nearest target before ``start`` in the same clause."""
    j = start - 1
    lo = max(0, start - TARGET_WINDOW)
    while j >= lo:
        tok = tokens[j]
        if (_is_boundary(tok) and tok.pos1 == "句点") or _is_contrast(tok):
            return None
        if tok.pos == "名詞":
            # The compound noun ending at j, then its last element.
            k = j
            while k - 1 >= lo and tokens[k - 1].pos == "名詞" and tokens[k - 1].pos1 != "数":
                k -= 1
            for s in range(k, j + 1):
                compound = "".join(t.surface for t in tokens[s : j + 1])
                if compound in TARGETS:
                    return TARGETS[compound], j
            j = k - 1
            continue
        j -= 1
    return None


def _intensity(tokens: Sequence[Token], start: int) -> float:
    factor = 1.0
    for j in range(start - 1, max(-1, start - 3), -1):
        tok = tokens[j]
        if _is_boundary(tok) or _is_contrast(tok):
            break
        if tok.surface in INTENSIFIERS:
            factor *= INTENSIFIERS[tok.surface]
        elif tok.base in INTENSIFIERS and tok.pos in ("副詞", "形容詞"):
            factor *= INTENSIFIERS[tok.base]
    return factor


def _after(tokens: Sequence[Token], end: int) -> tuple[bool, bool]:
    """(negated, excessive) from the tokens after a hit, within its clause."""
    negated = excessive = False
    for j in range(end, min(len(tokens), end + NEGATION_WINDOW)):
        tok = tokens[j]
        if _is_boundary(tok) or _is_contrast(tok):
            break
        if j == end and tok.base in _EXCESS_BASES:
            excessive = True
        if _is_negation(tok):
            negated = not negated
            if tok.base == "ない" and tok.pos == "形容詞":
                break
    return negated, excessive


def lexicon_hits(tokens: Sequence[Token]) -> list[tuple[int, float]]:
    """(clause index, score) of every polar expression, after negation, intensity, excess
    and direction/target resolution."""
    hits: list[_Hit] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.surface in EMOJI or tok.surface[:1] in EMOJI:
            hits.append(
                _Hit(i, i + 1, EMOJI.get(tok.surface, EMOJI.get(tok.surface[:1], 0.0)), tok.surface)
            )
            i += 1
            continue
        m = _match(tokens, i)
        if m is None:
            i += 1
            continue
        key, n = m
        hits.append(_Hit(i, i + n, LEXICON.get(key, 0.0), key))
        i += n

    consumed: set[int] = set()
    for hit in hits:
        if hit.key in DIRECTION:
            found = _target_valence(tokens, hit.start)
            if found is not None and found[0] != 0.0:
                valence, target_index = found
                hit.score = DIRECTION[hit.key] * valence
                consumed.add(target_index)
            elif hit.score == 0.0:
                hit.score = 0.3 * DIRECTION[hit.key]
    # A target that a direction word has resolved loses its own polarity ("損失は減少").
    for hit in hits:
        if hit.key not in DIRECTION and hit.end - 1 in consumed:
            hit.score = 0.0

    clause_of = []
    clause = 0
    for tok in tokens:
        if _is_contrast(tok):
            clause += 1
        clause_of.append(clause)

    out: list[tuple[int, float]] = []
    for hit in hits:
        if hit.score == 0.0:
            continue
        score = hit.score * _intensity(tokens, hit.start)
        negated, excessive = _after(tokens, hit.end)
        if excessive:
            score = -max(abs(score), 0.6)
        elif negated and hit.key not in NEGATIVE_POLARITY_ITEMS:
            score *= NEGATION_FACTOR
        out.append((clause_of[hit.start], score))
    return out


def _squash(total: float) -> float:
    return total / math.sqrt(total * total + 1.0)


def lexicon_scores(tokens: Sequence[Token]) -> tuple[float, float, int]:
    """(whole-comment score, last-clause score, number of hits); scores in (-1, 1)."""
    return scores_from_hits(lexicon_hits(tokens))


def scores_from_hits(hits: Sequence[tuple[int, float]]) -> tuple[float, float, int]:
    if not hits:
        return 0.0, 0.0, 0
    last = max(c for c, _ in hits)
    total = 0.0
    for c, s in hits:
        if last > 0:
            total += s * (AFTER_CONTRAST if c == last else BEFORE_CONTRAST)
        else:
            total += s
    tail = sum(s for c, s in hits if c == last)
    return _squash(total), _squash(tail), len(hits)


def _ngram_tokens(tokens: Sequence[Token]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        if tok.pos == "記号":
            continue
        if tok.pos == "名詞" and tok.pos1 == "数":
            if out and out[-1] == "<num>":
                continue
            out.append("<num>")
            continue
        out.append(tok.base)
    return out


def ngram_features_from_tokens(
    tokens: Sequence[Token], hits: Sequence[tuple[int, float]] | None = None
) -> list[str]:
    """Base-form unigrams and bigrams, plus one ``lex:+`` / ``lex:-`` feature per polarity
    the lexicon rules found (``lexlast:`` for the last clause), so the model can learn how
    far to trust the resolved hits (e.g. 損失 + 減少 → +)."""
    words = _ngram_tokens(tokens)
    feats = ["u:" + w for w in words]
    padded = ["<s>", *words, "</s>"]
    feats.extend(f"b:{a} {b}" for a, b in itertools.pairwise(padded))
    if hits is None:
        hits = lexicon_hits(tokens)
    if hits:
        last = max(c for c, _ in hits)
        for c, score in hits:
            sign = "+" if score > 0 else "-"
            feats.append("lex:" + sign)
            if c == last:
                feats.append("lexlast:" + sign)
    return feats


def ngram_features(text: str) -> list[str]:
    return ngram_features_from_tokens(tokenize(text))


def dense_features_from_hits(hits: Sequence[tuple[int, float]]) -> list[float]:
    whole, tail, _ = scores_from_hits(hits)
    return [whole, tail]


def dense_features(text: str) -> list[float]:
    return dense_features_from_hits(lexicon_hits(tokenize(text)))


def is_null_comment(text: str) -> bool:
    t = normalize(text).rstrip("。.!！")
    return not t or t in NULL_COMMENTS


class JapaneseAnalyzer:
    """Stacked ensemble; construct once (loads janome's dictionary and the model file)."""

    language = "ja"

    def __init__(self, model_path: Path = MODEL_PATH) -> None:
        self.model = StackedLinearModel.load(model_path)
        self.version = str(self.model.meta.get("version", VERSION))
        _tokenizer()

    def score(self, text: str) -> SentimentResult:
        if is_null_comment(text):
            return make_result(0.0, self.language, self.version)
        tokens = tokenize(text)
        hits = lexicon_hits(tokens)
        idx = hash_features(ngram_features_from_tokens(tokens, hits), self.model.n_bits)
        dense = dense_features_from_hits(hits)
        z = self.model.logit(self.model.ngram_logit(idx), dense)
        polarity = polarity_from_logit(z)
        if not any(dense):
            polarity *= NO_EVIDENCE_FACTOR
        return make_result(polarity, self.language, self.version)
