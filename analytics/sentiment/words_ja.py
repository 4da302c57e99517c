"""UniDic words of Japanese text: MeCab (fugashi + UniDic) tokens with their lemma, part of
speech and conjugation type; the tagger is shared and used one comment at a time."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple


class Token(NamedTuple):
    surface: str
    lemma: str
    pos: str  # e.g. "名詞", "形容詞", "助動詞"
    pos2: str  # e.g. "普通名詞", "非自立可能", "接続助詞"
    ctype: str = ""  # conjugation type, e.g. "五段-ラ行", "下一段-バ行"
    pos3: str = ""  # e.g. "形状詞可能" (元気, 親切: nouns that are also na-adjectives)


@lru_cache(maxsize=1)
def _tagger() -> Any:
    import fugashi

    return fugashi.Tagger()


_tag_lock = threading.Lock()


def _raw_tokens(text: str) -> list[Token]:
    """MeCab is not thread-safe: one at a time."""
    tagger = _tagger()
    with _tag_lock:
        return [_token(w.surface, w.feature_raw) for w in tagger(text)]


@lru_cache(maxsize=65536)
def _token(surface: str, feature_raw: str) -> Token:
    """One word as a token: a pure function of its spelling and UniDic features, cached
    (japerf) because the same words (particles, endings, common nouns) recur in every
    comment."""
    # UniDic fields: pos1, pos2, pos3, pos4, cType, cForm, lForm, lemma, ... (unknown
    # words stop after cForm). The raw string is much cheaper than .feature.
    f = feature_raw.split(",", 8)
    lemma = f[7] if len(f) > 7 and f[7] and f[7] != "*" else surface
    # Loanword lemmas carry their source word: "ビジネス-business".
    if "-" in lemma and not lemma.startswith("-"):
        lemma = lemma.split("-", 1)[0]
    ctype = f[4] if len(f) > 4 and f[4] != "*" else ""
    pos3 = f[2] if len(f) > 2 and f[2] != "*" else ""
    return Token(surface, lemma, f[0], f[1] if len(f) > 1 else "", ctype, pos3)


def _key(tokens: Iterable[Token]) -> tuple[str, ...]:
    return tuple(t.lemma for t in tokens)
