"""English features: tokens, hashed n-grams with negation scope, the clause that carries the
verdict (``last_clause``) and the lexicon scores (VADER with survey vocabulary, TextBlob's
PatternAnalyzer) that the stacked model reads as dense features."""

from __future__ import annotations

import itertools
import re
import zlib
from functools import lru_cache
from typing import Any

from analytics.sentiment.lexicon_en import SURVEY_LEXICON_EN
from analytics.sentiment.linear import hash_features

_TOKEN_RE = re.compile(
    r"[a-z0-9]+(?:['’][a-z]+)?|[!?]|[.,;:]|[\U0001f300-\U0001faff\u2600-\u27bf]|:\)|:\(|:-\)|:-\("
)
_NEGATORS = frozenset(
    "not no never none nothing nobody nowhere neither nor cannot without hardly barely".split()
)
_SCOPE_END = frozenset(".,;:!?") | frozenset({"but", "however", "although", "though", "yet"})
_CONTRAST_RE = re.compile(
    r"\b(?:but|however|yet|nevertheless|nonetheless|unfortunately|except|that said|having said "
    r"that|even so|then again|apart from that|other than that)\b|"
    # en-ens-37: "nice colour, shame the handle snapped": the regret opens the verdict clause,
    # so the clause keeps it (the match is empty, before the word)
    r"[,;]\s*(?=(?:(?:it['’]?s|what|such|a|real|big|only)\s+)*(?:shame|pity)\b\s+\w)|"
    r"(?:^|[.!;]\s*)still,",
    re.IGNORECASE,
)
# A concession ("although", "even though", "while", "whereas") yields to the main clause.
_CONCESSION_LEAD_RE = re.compile(
    r"^\W*(?:although|though|even though|even if|while|whereas|despite|in spite of)\b[^,;]*[,;]",
    re.IGNORECASE,
)
_CONCESSION_INNER_RE = re.compile(
    r"[,;]\s*(?:although|though|even though|even if|whereas)\s+(?=\w+\s+\w+)", re.IGNORECASE
)
_NOT_RE = re.compile(r"n['’]t\b", re.IGNORECASE)
#: Shortest and longest character n-gram taken inside each padded token when a model asks
#: for them (its metadata's ``char_ngrams``), as scikit-learn's "char_wb" analyzer: stems,
#: affixes and misspellings reach words the training sentences never spelt out whole. Tried
#: by ``transfer.py`` (engen3, BENCHMARKS.md): the shipped model does not use them.
CHAR_NGRAMS = (2, 5)


def tokenize(text: str) -> list[str]:
    """Lower-cased word, punctuation and emoji tokens; "n't" becomes a separate "not"."""
    text = _NOT_RE.sub(" not", text.lower().replace("cannot", "can not"))
    return _TOKEN_RE.findall(text)


def ngram_features(text: str, chars: tuple[int, int] | None = None) -> list[str]:
    """Unigram and bigram features, words in a negation's scope with a ``neg_`` prefix, and
    with ``chars`` the character n-grams of the tokens (``char_ngrams``)."""
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
    if chars is not None:
        feats.extend(char_ngrams(tokens, chars))
    return feats


def char_ngrams(tokens: list[str], chars: tuple[int, int] = CHAR_NGRAMS) -> list[str]:
    """Character n-grams, ``chars`` = (shortest, longest), of each distinct token padded with
    a space on both sides: "dull" gives " d", "du", ..., " dull", "dull "."""
    low, high = chars
    out: list[str] = []
    for tok in set(tokens):
        padded = f" {tok} "
        n = len(padded)
        for k in range(low, min(high, n) + 1):
            out.extend("c:" + padded[i : i + k] for i in range(n - k + 1))
    return out


@lru_cache(maxsize=65536)
def _token_char_buckets(token: str, chars: tuple[int, int], n_bits: int) -> frozenset[int]:
    mask = (1 << n_bits) - 1
    return frozenset(zlib.crc32(f.encode("utf-8")) & mask for f in char_ngrams([token], chars))


def hashed_ngram_features(text: str, chars: tuple[int, int] | None, n_bits: int) -> list[int]:
    """``linear.hash_features(ngram_features(text, chars), n_bits)``, with each token's
    character n-gram buckets remembered: words repeat from comment to comment, and hashing
    every character n-gram of every comment afresh costs more than the rest of the model."""
    words = hash_features(ngram_features(text), n_bits)
    if chars is None:
        return words
    buckets = set(words)
    for token in set(tokenize(text)):
        buckets |= _token_char_buckets(token, chars, n_bits)
    return sorted(buckets)


def last_clause(text: str) -> str | None:
    """The clause that carries the verdict, or None when the comment has a single clause:
    the text after the last contrast word ("good, but slow" → "slow"); for a concession the
    main clause ("Although the room was small, the staff were lovely" → "the staff were
    lovely"; "The plot drags, though the ending is great" → "The plot drags")."""
    matches = list(_CONTRAST_RE.finditer(text))
    if matches:
        tail = text[matches[-1].end() :].strip()
        return tail or None
    lead = _CONCESSION_LEAD_RE.match(text)
    if lead:
        tail = text[lead.end() :].strip()
        return tail or None
    inner = _CONCESSION_INNER_RE.search(text)
    if inner and inner.start() > 0:
        head = text[: inner.start()].strip(" ,;")
        return head or None
    return None


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(SURVEY_LEXICON_EN)
    return analyzer


@lru_cache(maxsize=1)
def _textblob() -> Any:
    """TextBlob's PatternAnalyzer, built from ``textblob/_text.py`` and ``en-sentiment.xml``
    without importing the ``textblob`` package: that import loads NLTK (and through it
    SciPy's statistics), seconds of start-up that the analyzer never uses. Same lexicon,
    tokenizer and settings as ``textblob.en.sentiment`` (checked by a test)."""
    import importlib.util
    import os
    import sys

    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("textblob")
    root = next(iter(spec.submodule_search_locations))
    name = "_voc_textblob_text"
    module: Any = sys.modules.get(name)
    if module is None:
        text_spec = importlib.util.spec_from_file_location(name, os.path.join(root, "_text.py"))
        assert text_spec is not None and text_spec.loader is not None
        module = importlib.util.module_from_spec(text_spec)
        sys.modules[name] = module
        text_spec.loader.exec_module(module)
    en = os.path.join(root, "en")

    base: Any = module.Sentiment

    class Sentiment(base):  # type: ignore[misc, valid-type]
        # Loaded once below, so look-ups go straight to the dict: lazydict's own
        # __contains__ and __getitem__ check for emptiness on every word looked up.
        __contains__ = dict.__contains__
        __getitem__ = dict.__getitem__

        def load(self, path: str | None = None) -> None:
            base.load(self, path)
            # as textblob.en: map "terrible" to the adverb "terribly"
            if not path:
                items: list[tuple[str, dict[str, Any]]] = list(dict.items(self))
                for w, pos in items:
                    if "JJ" in pos:
                        if w.endswith("y"):
                            w = w[:-1] + "i"
                        if w.endswith("le"):
                            w = w[:-2]
                        p, s, i = pos["JJ"]
                        self.annotate(w + "ly", "RB", p, s, i)

    lexicon = module.Lexicon(
        path=os.path.join(en, "en-lexicon.txt"),
        morphology=os.path.join(en, "en-morphology.txt"),
        context=os.path.join(en, "en-context.txt"),
        entities=os.path.join(en, "en-entities.txt"),
        language="en",
    )
    parser = module.Parser(lexicon=lexicon, default=("NN", "NNP", "CD"), language="en")
    sentiment = Sentiment(
        path=os.path.join(en, "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        tokenizer=parser.find_tokens,
        language="en",
    )
    sentiment.load()
    return sentiment


def vader_compound(text: str) -> float:
    return float(_vader().polarity_scores(text)["compound"])


def textblob_polarity(text: str) -> float:
    return float(_textblob()(text)[0])


def dense_features(text: str) -> list[float]:
    """[VADER compound, VADER of the last clause, TextBlob polarity, TextBlob of the last
    clause]; the last-clause scores equal the whole-text scores when there is no contrast."""
    vader = vader_compound(text)
    tb = textblob_polarity(text)
    tail = last_clause(text)
    if tail is None:
        return [vader, vader, tb, tb]
    return [vader, vader_compound(tail), tb, textblob_polarity(tail)]
