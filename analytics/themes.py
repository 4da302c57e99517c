"""Themes in free-text comments: key phrases per comment, grouped across comments.

Pure functions, offline. English phrases come from the Pattern part-of-speech tagger that
ships with TextBlob (no NLTK corpora) and an ``nltk.RegexpParser`` noun-phrase grammar;
Japanese phrases from janome tokens (runs of content nouns, and adjective + noun).

Phrases are normalised: lower case, simple plurals made singular, stopwords and evaluative
adjectives dropped ("great support" → "support": the sentiment is measured separately, a
theme is what people talk about). Themes group phrases by their key (``head_of``): the head
noun (the last word), skipping generic heads ("cancellation page" → cancellation, 解約手続き →
解約), mapped through a bilingual concept list (``theme_lexicon.CONCEPTS``) so Japanese and
English comments about the same thing form one theme; "customer support", "support" and
サポート are one theme, labelled by its most frequent variant. A theme's examples never
repeat a quote.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from analytics.sentiment.detect import detect_language
from analytics.theme_lexicon import (
    CONCEPT_OF,
    EN_GENERIC_HEADS,
    EN_KEEP,
    EN_STOP_NOUNS,
    JA_GENERIC_HEADS,
    JA_STOP_NOUNS,
)

MAX_PHRASE_WORDS = 4

_GRAMMAR = r"NP: {<JJ|VBG|NN.*>*<NN.*>}"

_EN_STOP_NOUNS = EN_STOP_NOUNS
# Topic words kept even when they are single generic nouns in the stop list above.
_EN_KEEP = EN_KEEP
_EN_STOP_ADJ = frozenset(
    """other many much few more most less least same whole entire overall several own certain
    such last next first only various different new old big small little lot real really
    very extra general main total""".split()
)
_EN_FORCE_NOUN = frozenset(
    """onboarding pricing billing training setup shipping licensing reporting scheduling
    booking coaching marketing catering parking meeting planning invoicing networking
    packaging ticketing""".split()
)
_PLURAL_EXCEPTIONS = frozenset(
    """news series species sales status analysis basis process access business address
    success canvas bus gas lens plus bonus campus virus census physics analytics ethics
    logistics economics mathematics politics diagnosis thesis crisis focus chaos""".split()
)
_WORD_RE = re.compile(r"^[a-z][a-z'\-]*$")

_JA_STOP_NOUNS = JA_STOP_NOUNS
_JA_NOUN_EXCLUDED = frozenset({"非自立", "代名詞", "数", "形容動詞語幹", "ナイ形容詞語幹"})
# Nouns that express a feeling rather than a topic.
_JA_EVALUATIVE = frozenset(
    "不満 満足 大満足 感謝 残念 最高 最悪 安心 不安 感動 満点 不快 好評 ありがとう".split()
)


@dataclass(frozen=True, slots=True)
class ThemeInput:
    """One comment: its id, text, sentiment polarity (-1..1), NPS score (0-10 or None),
    period key (e.g. "2026-11") and optionally its language."""

    id: Hashable
    text: str
    polarity: float
    score: int | None = None
    period: str = ""
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme across comments.

    ``count``: comments that mention it; ``share``: count / all comments; ``mean_sentiment``:
    mean polarity of those comments; ``mean_score``: mean NPS score (0-10) of those with a
    score and ``nps``: the NPS (-100..100) of those writers (both None when none scored);
    ``example_ids``: up to 3 of the most strongly polar comments, both sides when present;
    ``trend``: period → count; ``variants``: phrase → count of the grouped phrases.
    """

    phrase: str
    count: int
    share: float
    mean_sentiment: float
    mean_score: float | None
    nps: float | None
    n_scored: int
    example_ids: list[Hashable]
    trend: dict[str, int]
    variants: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- English


@lru_cache(maxsize=1)
def _en_tagger() -> Any:
    from textblob.en.taggers import PatternTagger

    return PatternTagger()


@lru_cache(maxsize=1)
def _np_parser() -> Any:
    import nltk

    return nltk.RegexpParser(_GRAMMAR)


@lru_cache(maxsize=1)
def _polar_words() -> frozenset[str]:
    """Evaluative words (VADER lexicon plus the survey vocabulary), dropped from phrases."""
    from analytics.sentiment.english import _vader

    lexicon: dict[str, float] = _vader().lexicon
    return frozenset(w for w, v in lexicon.items() if abs(v) >= 0.5)


def singular(word: str) -> str:
    """Lemmatise simple English plurals: issues → issue, companies → company, boxes → box;
    leaves words such as process, analysis, status and news alone."""
    if len(word) <= 3 or word in _PLURAL_EXCEPTIONS or not word.endswith("s"):
        return word
    if word.endswith(("ss", "us", "is", "ous")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _en_phrases(text: str) -> list[str]:
    tagged = _en_tagger().tag(text.lower())
    tagged = [(w, "NN" if w in _EN_FORCE_NOUN else t) for w, t in tagged]
    if not tagged:
        return []
    tree = _np_parser().parse(tagged)
    polar = _polar_words()
    out: list[str] = []
    for subtree in tree.subtrees(lambda t: t.label() == "NP"):
        words: list[str] = []
        for word, tag in subtree.leaves():
            if not _WORD_RE.match(word):
                words = []  # a number or symbol breaks the phrase
                continue
            if tag.startswith("JJ") or tag == "VBG":
                if word in polar or word in _EN_STOP_ADJ:
                    continue
            words.append(singular(word) if tag.startswith("NN") else word)
        while words and words[0] in _EN_STOP_NOUNS and words[0] not in _EN_KEEP:
            words.pop(0)
        if not words or (words[-1] in _EN_STOP_NOUNS and words[-1] not in _EN_KEEP):
            continue
        if all(w in EN_GENERIC_HEADS for w in words):
            continue  # "the page", "settings": no topic of its own
        if len(words) == 1 and len(words[0]) < 3:
            continue
        out.append(" ".join(words[-MAX_PHRASE_WORDS:]))
    return out


# -------------------------------------------------------------------------- Japanese


@dataclass(frozen=True, slots=True)
class _JaToken:
    surface: str
    base: str
    pos: str
    pos1: str


@lru_cache(maxsize=1)
def _janome() -> Any:
    from janome.tokenizer import Tokenizer

    return Tokenizer()


def _ja_tokens(text: str) -> list[_JaToken]:
    """janome (IPADIC) tokens: its coarse noun classes suit phrase extraction."""
    import unicodedata

    out = []
    for t in _janome().tokenize(unicodedata.normalize("NFKC", text)):
        pos = t.part_of_speech.split(",")
        base = t.base_form if t.base_form != "*" else t.surface
        out.append(_JaToken(t.surface, base, pos[0], pos[1]))
    return out


def _ja_content_noun(tok: Any) -> bool:
    return tok.pos == "名詞" and tok.pos1 not in _JA_NOUN_EXCLUDED and tok.pos1 != "接尾"


def _ja_phrases(text: str) -> list[str]:
    tokens = _ja_tokens(text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        adjective = ""
        start = i
        if tok.pos == "形容詞" and tok.pos1 == "自立" and tok.surface == tok.base:
            # adjective (dictionary form) + noun: 高い価格
            if i + 1 < len(tokens) and _ja_content_noun(tokens[i + 1]):
                adjective = tok.surface
                start = i + 1
        elif tok.pos == "名詞" and tok.pos1 == "形容動詞語幹":
            # na-adjective + な + noun: 丁寧な対応
            if (
                i + 2 < len(tokens)
                and tokens[i + 1].surface == "な"
                and _ja_content_noun(tokens[i + 2])
            ):
                adjective = tok.surface + "な"
                start = i + 2
        if start < len(tokens) and _ja_content_noun(tokens[start]):
            j = start
            parts: list[str] = []
            while j < len(tokens) and (
                _ja_content_noun(tokens[j]) or (parts and tokens[j].pos1 == "接尾")
            ):
                parts.append(tokens[j].surface)
                j += 1
            while parts and parts[0] in _JA_STOP_NOUNS:
                parts.pop(0)
            while parts and parts[-1] in _JA_STOP_NOUNS:
                parts.pop()
            if len(parts) == 1 and parts[0] in _JA_EVALUATIVE:
                parts = []
            if parts and all(p in JA_GENERIC_HEADS for p in parts):
                parts = []
            phrase = "".join(parts)
            if phrase and not (len(phrase) == 1 and not re.match(r"[\u4e00-\u9fff]", phrase)):
                out.append(adjective + phrase if adjective else phrase)
            i = j
            continue
        i += 1
    return out


def extract_phrases(text: str, language: str | None = None) -> list[str]:
    """Normalised key phrases of one comment, in order of appearance, without repeats."""
    if not text.strip():
        return []
    language = language or detect_language(text)
    raw = _ja_phrases(text) if language == "ja" else _en_phrases(text)
    return list(dict.fromkeys(raw))


def _key_words(phrase: str) -> list[str]:
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", phrase):
        nouns = [t.surface for t in _ja_tokens(phrase) if t.pos == "名詞" and t.pos1 != "接尾"]
        return nouns or [phrase]
    return [singular(w) for w in phrase.lower().split()]


def _without_generic_head(phrase: str) -> str:
    """ "cancellation page" → "cancellation", 解約手続き → 解約 (a label for the theme)."""
    ja = bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", phrase))
    words = _key_words(phrase) if ja else phrase.split()
    generic = EN_GENERIC_HEADS | JA_GENERIC_HEADS
    if len(words) < 2 or words[-1] not in generic:
        return phrase
    while len(words) > 1 and words[-1] in generic:
        words.pop()
    return "".join(words) if ja else " ".join(words)


def head_of(phrase: str) -> str:
    """The grouping key of a phrase: its head (last word or last noun), skipping generic
    heads (page, screen, 手続き, 画面), mapped to its concept when the bilingual list has one
    (解約 and cancellation → "cancellation")."""
    words = _key_words(phrase)
    if not words:
        return phrase
    if len(words) >= 2 and " ".join(words[-2:]) in CONCEPT_OF:
        return CONCEPT_OF[" ".join(words[-2:])]
    while len(words) > 1 and (words[-1] in EN_GENERIC_HEADS or words[-1] in JA_GENERIC_HEADS):
        words.pop()
    head = words[-1]
    return CONCEPT_OF.get(head, head)


# ---------------------------------------------------------------------------- themes


def nps_of(scores: Sequence[int]) -> float | None:
    """NPS (-100..100) of 0-10 scores: % promoters (9-10) minus % detractors (0-6)."""
    if not scores:
        return None
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    return 100.0 * (promoters - detractors) / len(scores)


def _quote_key(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .!?。！？")


def pick_examples(members: Sequence[ThemeInput], k: int = 3) -> list[Hashable]:
    """Up to k comment ids: the most positive and the most negative comment first (when
    there are both), then the most polar of the rest; ordered by |polarity|, then input
    order. The same quote (same text, ignoring case, spacing and end punctuation) is never
    shown twice."""
    order = {id(c): n for n, c in enumerate(members)}
    seen: set[str] = set()
    distinct = []
    for c in sorted(members, key=lambda c: (-abs(c.polarity), order[id(c)])):
        key = _quote_key(c.text)
        if key and key in seen:
            continue
        seen.add(key)
        distinct.append(c)
    by_strength = distinct
    chosen: list[ThemeInput] = []
    positives = [c for c in by_strength if c.polarity > 0]
    negatives = [c for c in by_strength if c.polarity < 0]
    for side in (positives, negatives):
        if side and len(chosen) < k:
            chosen.append(side[0])
    for c in by_strength:
        if len(chosen) >= k:
            break
        if all(c is not x for x in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: (-abs(c.polarity), order[id(c)]))
    return [c.id for c in chosen]


def find_themes(
    comments: Sequence[ThemeInput], top_n: int = 15, *, min_count: int = 1
) -> list[Theme]:
    """The top ``top_n`` themes by number of comments (ties: phrase order)."""
    total = len(comments)
    if not total:
        return []
    members: dict[str, list[ThemeInput]] = defaultdict(list)
    variants: dict[str, Counter[str]] = defaultdict(Counter)
    for comment in comments:
        seen: set[str] = set()
        for phrase in extract_phrases(comment.text, comment.language):
            head = head_of(phrase)
            variants[head][phrase] += 1
            if head not in seen:
                seen.add(head)
                members[head].append(comment)

    themes: list[Theme] = []
    for head, group in members.items():
        if len(group) < min_count:
            continue
        counts = variants[head]
        # the most frequent variant without its generic head; on a tie the concept's own
        # name, then the shortest
        labels: Counter[str] = Counter()
        for phrase, n in counts.items():
            labels[_without_generic_head(phrase)] += n
        label = min(labels, key=lambda p: (-labels[p], p != head, len(p), p))
        scored = [c.score for c in group if c.score is not None]
        trend: Counter[str] = Counter(c.period for c in group)
        themes.append(
            Theme(
                phrase=label,
                count=len(group),
                share=len(group) / total,
                mean_sentiment=sum(c.polarity for c in group) / len(group),
                mean_score=sum(scored) / len(scored) if scored else None,
                nps=nps_of(scored),
                n_scored=len(scored),
                example_ids=pick_examples(group),
                trend=dict(sorted(trend.items())),
                variants=dict(counts.most_common()),
            )
        )
    themes.sort(key=lambda t: (-t.count, t.phrase))
    return themes[:top_n]
