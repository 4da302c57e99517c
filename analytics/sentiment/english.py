"""English sentiment: an ensemble of a hashed n-gram logistic regression (trained offline,
shipped in ``models/en.npz``) and lexicon scores (VADER with survey vocabulary, TextBlob's
PatternAnalyzer), stacked by a second logistic regression.

Rules come from the lexicon scorers and the features: VADER handles negation ("not
helpful"), intensity ("very", "extremely", caps, "!!"), emoji and "but"; the n-gram features
mark words in the scope of a negation (``neg_helpful``); the last clause after a contrast word
("good, but slow" → "slow") is scored again as its own feature, so it dominates.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from analytics.sentiment.base import SentimentResult, make_result, polarity_from_logit
from analytics.sentiment.emoji import emoji_score
from analytics.sentiment.lexicon_en import SURVEY_LEXICON_EN
from analytics.sentiment.linear import MODELS_DIR, StackedLinearModel, hash_features

VERSION = "en-ens-1"
MODEL_PATH = MODELS_DIR / "en.npz"
N_BITS = 20
DENSE_FEATURES = ["vader", "vader_last_clause", "textblob", "textblob_last_clause"]
#: Without any lexicon evidence the model's score is shrunk, so bland comments fall in the
#: neutral band; the sign (and so the positive/negative evaluation) is unchanged.
NO_EVIDENCE_FACTOR = 0.25
#: Logit added per unit of emoji polarity (the review data has no emoji to learn this from).
EMOJI_LOGIT = 2.0

_TOKEN_RE = re.compile(
    r"[a-z0-9]+(?:['’][a-z]+)?|[!?]|[.,;:]|[\U0001f300-\U0001faff\u2600-\u27bf]|:\)|:\(|:-\)|:-\("
)
_NEGATORS = frozenset(
    "not no never none nothing nobody nowhere neither nor cannot without hardly barely".split()
)
_SCOPE_END = frozenset(".,;:!?") | frozenset({"but", "however", "although", "though", "yet"})
_CONTRAST_RE = re.compile(
    r"\b(?:but|however|yet|nevertheless|nonetheless|unfortunately|except)\b", re.IGNORECASE
)
_NOT_RE = re.compile(r"n['’]t\b", re.IGNORECASE)
_NULL_COMMENT_RE = re.compile(
    r"^\W*(?:n/?a|none|nil|nothing|no comments?|nothing (?:else )?to add|no|-+|\.+)\W*$",
    re.IGNORECASE,
)


def tokenize(text: str) -> list[str]:
    """Lower-cased word, punctuation and emoji tokens; "n't" becomes a separate "not"."""
    text = _NOT_RE.sub(" not", text.lower().replace("cannot", "can not"))
    return _TOKEN_RE.findall(text)


def ngram_features(text: str) -> list[str]:
    """Unigram and bigram features; words in a negation's scope get a ``neg_`` prefix."""
    tokens = tokenize(text)
    marked: list[str] = []
    scope = 0
    for tok in tokens:
        if tok in _SCOPE_END:
            scope = 0
            marked.append(tok)
        elif tok in _NEGATORS:
            scope = 3
            marked.append(tok)
        elif scope:
            marked.append("neg_" + tok)
            scope -= 1
        else:
            marked.append(tok)
    feats = ["u:" + t for t in marked]
    padded = ["<s>", *marked, "</s>"]
    feats.extend(f"b:{a} {b}" for a, b in itertools.pairwise(padded))
    return feats


def last_clause(text: str) -> str | None:
    """The text after the last contrast word, or None when there is none."""
    matches = list(_CONTRAST_RE.finditer(text))
    if not matches:
        return None
    tail = text[matches[-1].end() :].strip()
    return tail or None


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(SURVEY_LEXICON_EN)
    return analyzer


@lru_cache(maxsize=1)
def _textblob() -> Any:
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


def vader_compound(text: str) -> float:
    return float(_vader().polarity_scores(text)["compound"])


def textblob_polarity(text: str) -> float:
    return float(_textblob().analyze(text)[0])


def dense_features(text: str) -> list[float]:
    """[VADER compound, VADER of the last clause, TextBlob polarity, TextBlob of the last
    clause]; the last-clause scores equal the whole-text scores when there is no contrast."""
    vader = vader_compound(text)
    tb = textblob_polarity(text)
    tail = last_clause(text)
    if tail is None:
        return [vader, vader, tb, tb]
    return [vader, vader_compound(tail), tb, textblob_polarity(tail)]


def is_null_comment(text: str) -> bool:
    return not text.strip() or bool(_NULL_COMMENT_RE.match(text))


class EnglishAnalyzer:
    """Stacked ensemble; construct once (loads VADER, TextBlob and the model file)."""

    language = "en"

    def __init__(self, model_path: Path = MODEL_PATH) -> None:
        self.model = StackedLinearModel.load(model_path)
        self.version = str(self.model.meta.get("version", VERSION))
        _vader()
        _textblob()

    def logit(self, text: str) -> tuple[float, bool]:
        """The stacked logit and whether any lexicon scorer found sentiment."""
        idx = hash_features(ngram_features(text), self.model.n_bits)
        dense = dense_features(text)
        z = self.model.logit(self.model.ngram_logit(idx), dense)
        emoji = emoji_score(text)
        return z + EMOJI_LOGIT * emoji, any(dense) or emoji != 0.0

    def score(self, text: str) -> SentimentResult:
        if is_null_comment(text):
            return make_result(0.0, self.language, self.version)
        z, evidence = self.logit(text)
        polarity = polarity_from_logit(z)
        if not evidence:
            polarity *= NO_EVIDENCE_FACTOR
        return make_result(polarity, self.language, self.version)
