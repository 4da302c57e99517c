"""Themes in free-text comments: key phrases per comment, grouped across comments.

Pure functions, offline. English phrases come from the Pattern part-of-speech tagger that
ships with TextBlob (no NLTK corpora) and an ``nltk.RegexpParser`` noun-phrase grammar;
Japanese phrases from MeCab (fugashi) with UniDic (unidic-lite): runs of content nouns.

Every phrase has a key that groups it with the same topic in either language:
- words are normalised: English lower case and singular ("cancellations" → cancellation,
  "wi-fi" → wifi), Japanese by UniDic lemma (問合せ → 問い合わせ, 取消 → 取り消し), and a
  katakana loanword by the English word UniDic gives as its origin (サポート → support,
  オフィス → office), so loanwords meet their English comments without a list;
- stop words (stopwords-iso plus the project's empty words: ページ, 検討, place, work),
  time and adverbial nouns (最近, 毎年) and counters after numbers (3日, 一週間) are dropped;
  evaluative adjectives are dropped ("great support" → support): sentiment is measured
  separately, a theme is what people talk about;
- the head (last word) names the topic, skipping generic heads ("cancellation page" →
  cancellation, 解約手続き → 解約), mapped through the bilingual concept list
  (:mod:`analytics.theme_lexicon`): 解約, 退会, キャンセル and "unsubscribe" are one theme;
- verbs and adjectives that name a topic by themselves ("I unsubscribed", うるさい) add it.

A theme is labelled in the reader's language when one is given (the concept's name, or the
most frequent phrase written in that language), has each comment once, its share of all
comments, sentiment, NPS of its writers, and examples that never repeat a quote. Streams of
20 or more comments show no single-comment themes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from analytics.sentiment.detect import detect_language, split_scripts
from analytics.theme_lexicon import (
    CONCEPTS,
    EN_GENERIC_HEADS,
    EN_TRIGGERS,
    JA_GENERIC_HEADS,
    JA_TRIGGERS,
    NAMES,
    stop_words_en,
    stop_words_ja,
)

MAX_PHRASE_WORDS = 4
#: Streams with at least this many comments show themes of two comments or more.
SINGLETON_LIMIT = 20

_GRAMMAR = r"NP: {<JJ|VBG|NN.*>*<NN.*>}"

_EN_STOP_ADJ = frozenset(
    """other many much few more most less least same whole entire overall several own certain
    such last next first only various different new old big small little lot real really
    very extra general main total""".split()
)
_EN_FORCE_NOUN = frozenset(
    """onboarding pricing billing training setup shipping licensing reporting scheduling
    booking coaching marketing catering parking meeting planning invoicing networking
    packaging ticketing housekeeping""".split()
)
_PLURAL_EXCEPTIONS = frozenset(
    """news series species sales status analysis basis process access business address
    success canvas bus gas lens plus bonus campus virus census physics analytics ethics
    logistics economics mathematics politics diagnosis thesis crisis focus chaos vegas""".split()
)
# plurals of words ending in -ie (movies → movie, not "movy")
_IE_PLURALS = frozenset(
    """movies cookies calories rookies zombies smoothies selfies hoodies brownies pies ties
    lies freebies goodies veggies newbies techies aunties genies""".split()
)
# "can't wait to see it" is eagerness, not waiting
_NEGATORS = frozenset({"n't", "t", "not", "cannot", "never"})
_WORD_RE = re.compile(r"^[a-z][a-z'\-]*$")
_JA_SCRIPT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_ASCII_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_HYPHEN_IN_WORD = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")

# Suffixes that make a charge (スマホ代, 宿泊料, 交通費): the theme is price.
_PRICE_SUFFIXES = frozenset("代 料 費 賃".split())
_PRICE_KEY = "料金"
# Suffixes of address and plural (店員さん, 皆様, 私たち): not part of the topic.
_HONORIFICS = frozenset("さん 様 さま 君 くん ちゃん 殿 達 たち 等 ら".split())
# Nouns that express a feeling rather than a topic.
_JA_EVALUATIVE = frozenset(
    "不満 満足 大満足 感謝 残念 最高 最悪 安心 不安 感動 満点 不快 好評 ありがとう 有り難う "
    "ストレス 不便 便利 快適 丁寧 親切 笑顔 疑問 充実 心配".split()
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

    ``phrase``: its label; ``key``: the grouping key (a concept of
    :mod:`analytics.theme_lexicon` or a head word); ``count``: comments that mention it;
    ``share``: count / all comments; ``mean_sentiment``: mean polarity of those comments;
    ``mean_score``: mean NPS score (0-10) of those with a score and ``nps``: the NPS
    (-100..100) of those writers (both None when none scored); ``example_ids``: up to 3 of the
    most strongly polar comments, both sides when present, never the same quote twice;
    ``trend``: period → count; ``variants``: phrase → count of the grouped phrases;
    ``member_ids``: the ids of the comments in the theme (for the caller, never shown).
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
    key: str = ""
    member_ids: list[Hashable] = field(default_factory=list)


# ----------------------------------------------------------------------------- words


def singular(word: str) -> str:
    """Lemmatise simple English plurals: issues → issue, companies → company, boxes → box;
    leaves words such as process, analysis, status and news alone."""
    if len(word) <= 3 or word in _PLURAL_EXCEPTIONS or not word.endswith("s"):
        return word
    if word.endswith(("ss", "us", "is", "ous")):
        return word
    if word in _IE_PLURALS:
        return word[:-1]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("zzes"):
        return word[:-3]  # quizzes → quiz
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _en_key(word: str) -> str:
    """An English word as a key: lower case, singular, without inner hyphens (wi-fi, wifi)."""
    return singular(word.lower()).replace("-", "")


def _en_stems(word: str) -> list[str]:
    """Candidate stems of an inflected English word (cancelled → cancel, crashes → crash)."""
    out = [word]
    if word.endswith("ing") and len(word) > 5:
        out += [word[:-3], word[:-3] + "e", word[:-4]]
    if word.endswith("ed") and len(word) > 4:
        out += [word[:-2], word[:-1], word[:-3]]
    if word.endswith("es") and len(word) > 4:
        out.append(word[:-2])
    if word.endswith("s") and len(word) > 3:
        out.append(word[:-1])
    return out


def _is_ja(text: str) -> bool:
    return bool(_JA_SCRIPT.search(text))


def _join(keys: Sequence[str]) -> str:
    """Key words as one key: English words spaced, Japanese written together."""
    out = ""
    for k in keys:
        if out and out[-1].isascii() and k[:1].isascii():
            out += " "
        out += k
    return out


# ------------------------------------------------------------------------- Japanese


@dataclass(frozen=True, slots=True)
class _JaToken:
    surface: str
    key: str
    pos: str
    pos1: str
    pos2: str
    conj: str = ""


@lru_cache(maxsize=1)
def _tagger() -> Any:
    import fugashi

    return fugashi.Tagger()


def _ja_tokens(text: str) -> list[_JaToken]:
    """MeCab/UniDic tokens; a loanword's key is its English origin (サポート → support)."""
    text = _HYPHEN_IN_WORD.sub("", unicodedata.normalize("NFKC", text))
    out = []
    for word in _tagger()(text):
        feature = word.feature
        surface = word.surface
        lemma = getattr(feature, "lemma", None) or surface
        _, dash, origin = lemma.partition("-")
        if dash and origin.isascii() and origin[:1].isalpha():
            key = _en_key(origin)
        elif _ASCII_WORD.match(surface):
            key = _en_key(surface)
        else:
            key = lemma
        out.append(
            _JaToken(
                surface,
                key,
                feature.pos1,
                feature.pos2,
                feature.pos3 or "",
                getattr(feature, "cForm", None) or "",
            )
        )
    return out


def _ja_stop(tok: _JaToken) -> bool:
    stop = stop_words_ja()
    return (
        tok.surface in stop
        or tok.key in stop
        or tok.pos2 == "副詞可能"  # 最近, 毎年, 夜中: when, not what
        or tok.surface in _JA_EVALUATIVE
        or tok.key in _JA_EVALUATIVE
    )


def _ja_content_noun(tok: _JaToken) -> bool:
    if tok.pos != "名詞" or tok.pos1 not in ("普通名詞", "固有名詞"):
        return False
    if tok.surface.isascii():
        # "1on1" is no topic; short acronyms (PC, CA, UI) are
        return tok.surface[:1].isalpha() and (len(tok.surface) >= 3 or tok.surface.isupper())
    return True


def _ja_compounding_verb(tok: _JaToken) -> bool:
    return tok.pos == "動詞" and tok.pos1 == "一般" and tok.conj.startswith("連用形")


def _ja_analyse(text: str) -> list[tuple[str, str]]:
    """(phrase, key) pairs of a Japanese comment, and (word, concept) for trigger words."""
    tokens = _ja_tokens(text)
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.key in JA_TRIGGERS and not _ja_content_noun(tok):
            out.append((tok.surface, JA_TRIGGERS[tok.key]))
        if tok.pos == "名詞" and tok.pos1 == "数詞":
            # a number and its counter (3日, 一週間, 2か月) measure, they name no topic
            i += 1
            while i < len(tokens) and (
                tokens[i].pos1 == "数詞" or tokens[i].pos2 in ("助数詞可能", "助数詞")
            ):
                i += 1
            continue
        if _ja_compounding_verb(tok) and i + 1 < len(tokens) and _ja_content_noun(tokens[i + 1]):
            # a verb stem before a noun is part of it: 待ち時間, 食べ放題
            nxt = tokens[i + 1]
            tokens[i + 1] = _JaToken(
                tok.surface + nxt.surface, tok.surface + nxt.key, nxt.pos, nxt.pos1, nxt.pos2
            )
            i += 1
            continue
        if not _ja_content_noun(tok) and not (
            tok.pos == "接頭辞" and i + 1 < len(tokens) and _ja_content_noun(tokens[i + 1])
        ):
            i += 1
            continue
        words: list[_JaToken] = []
        while i < len(tokens):
            t = tokens[i]
            if _ja_content_noun(t):
                words.append(t)
            elif t.pos == "接頭辞" and i + 1 < len(tokens) and _ja_content_noun(tokens[i + 1]):
                if t.key != "御":  # 不具合, 再発行: the prefix is part of the word; お/ご are not
                    nxt = tokens[i + 1]
                    # a loanword keeps its English key (小テスト is still a test)
                    key = nxt.key if nxt.key.isascii() else t.key + nxt.key
                    tokens[i + 1] = _JaToken(
                        t.surface + nxt.surface, key, nxt.pos, nxt.pos1, nxt.pos2
                    )
            elif words and t.pos == "接尾辞" and t.pos1 == "名詞的" and t.key not in _HONORIFICS:
                last = words[-1]  # 会議室, 宿泊料: the suffix belongs to its noun
                # a charge for something (スマホ代, 宿泊料, 交通費) is about price
                key = _PRICE_KEY if t.surface in _PRICE_SUFFIXES else last.key + t.key
                words[-1] = _JaToken(last.surface + t.surface, key, last.pos, last.pos1, last.pos2)
            else:
                break
            i += 1
        # a topic of two words keeps a stop word in it (人間関係: 関係 alone says nothing)
        concept_of = _concept_of()
        protected = 2 if len(words) >= 2 and _join([w.key for w in words[-2:]]) in concept_of else 0
        while len(words) > protected and _ja_stop(words[0]):
            words.pop(0)
        while not protected and words and _ja_stop(words[-1]):
            words.pop()
        if not words:
            continue
        phrase = _join([w.surface for w in words])  # "health check" keeps its space
        key = _key_of([w.key for w in words], [w.surface for w in words])
        verbal = (
            len(words) == 1
            and words[0].pos2 == "サ変可能"
            and i < len(tokens)
            and tokens[i].key in ("為る", "出来る")
        )
        if verbal and key not in CONCEPTS:
            continue  # 説明してくれた, 閉鎖された: an action, not a topic
        if key:
            out.append((phrase, key))
            for w in words:
                if w.key in JA_TRIGGERS and JA_TRIGGERS[w.key] != key:
                    out.append((w.surface, JA_TRIGGERS[w.key]))
    return out


# -------------------------------------------------------------------------- English


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


def _en_analyse(text: str) -> list[tuple[str, str]]:
    """(phrase, key) pairs of an English comment, and (word, concept) for trigger words."""
    tagged = _en_tagger().tag(unicodedata.normalize("NFKC", text).lower())
    tagged = [(w, "NN" if w in _EN_FORCE_NOUN else t) for w, t in tagged]
    if not tagged:
        return []
    stop = stop_words_en()
    concept_of = _concept_of()
    tree = _np_parser().parse(tagged)
    polar = _polar_words()
    out: list[tuple[str, str]] = []
    # two-word topics the chunker may split ("help" read as a verb in "help desk")
    pairs: dict[str, tuple[str, str]] = {}
    for (a, _), (b, _) in pairwise(tagged):
        joined = _join([_en_key(a), _en_key(b)])
        if _WORD_RE.match(a) and _WORD_RE.match(b) and joined in concept_of:
            pairs[singular(b)] = (f"{a} {b}", concept_of[joined])
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
        # a topic of two words keeps its stop word ("help desk", "front desk")
        protected = (
            2 if len(words) >= 2 and _join([_en_key(w) for w in words[-2:]]) in concept_of else 0
        )
        while len(words) > protected and words[0] in stop:
            words.pop(0)
        while not protected and words and words[-1] in stop:
            words.pop()  # "login issue" → login; "the problem" → nothing
        if not words:
            continue
        if len(words) == 1 and len(words[0]) < 3:
            continue
        words = words[-MAX_PHRASE_WORDS:]
        if words[-1] in pairs and len(words) < 2:
            out.append(pairs[words[-1]])
            continue
        key = _key_of([_en_key(w) for w in words], words)
        if key:
            out.append((" ".join(words), key))
    found = {key for _, key in out}
    out.extend(pair for pair in pairs.values() if pair[1] not in found)
    for n, (word, tag) in enumerate(tagged):
        if tag.startswith("NN"):
            continue  # nouns name their topic through the phrases above ("a book" is no booking)
        for stem in _en_stems(word):
            if stem == "wait" and n and tagged[n - 1][0] in _NEGATORS:
                break
            if stem in EN_TRIGGERS:
                out.append((word, EN_TRIGGERS[stem]))
                break
    return out


# --------------------------------------------------------------------------- keys


@lru_cache(maxsize=1)
def _concept_of() -> dict[str, str]:
    """Normalised word (English key, or Japanese lemma/loanword origin) → concept."""
    out: dict[str, str] = {}
    for concept, words in CONCEPTS.items():
        for word in words:
            if _is_ja(word):
                keys = [t.key for t in _ja_tokens(word)]
                out.setdefault(_join(keys), concept)
                out.setdefault(word, concept)
            else:
                out.setdefault(_join([_en_key(w) for w in word.split()]), concept)
    return out


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    keys = {_en_key(w) for w in EN_GENERIC_HEADS}
    for w in JA_GENERIC_HEADS:
        keys.add(w)
        if _is_ja(w):
            keys.update(t.key for t in _ja_tokens(w))
    return frozenset(keys)


def _key_of(keys: list[str], surfaces: list[str]) -> str:
    """The grouping key of a phrase from its word keys: a concept when the phrase, its last
    two words, its head (after generic heads) or the head's modifier is one; else the head.
    A phrase of generic heads alone ("the page", 設定) has no key unless it is a concept."""
    concept_of = _concept_of()
    generic = _generic()
    whole = _join(keys)
    if whole in concept_of:
        return concept_of[whole]
    if "".join(surfaces) in concept_of:
        return concept_of["".join(surfaces)]
    keys = list(keys)
    while len(keys) > 1 and keys[-1] in generic:
        keys.pop()
    for n in (3, 2):
        if len(keys) >= n and _join(keys[-n:]) in concept_of:
            return concept_of[_join(keys[-n:])]
    head = keys[-1]
    if head in concept_of:
        return concept_of[head]
    if head in generic:
        return ""
    if len(head) == 1 and _is_ja(head) and len(keys) == 1:
        return ""  # a lone kanji outside the concepts (比, 減, 外) names no topic
    if len(keys) >= 2 and keys[-2] in concept_of and keys[-2].isascii() and head.isascii():
        # "breakfast spread" → breakfast; not in Japanese, where the head carries the
        # compound (営業利益 is profit, not the sales rep)
        return concept_of[keys[-2]]
    return head


@lru_cache(maxsize=16384)
def _analyse(text: str, language: str | None) -> tuple[tuple[str, str], ...]:
    if not text.strip():
        return ()
    language = language or detect_language(text)
    if language == "ja" and _is_ja(text):
        pairs = _ja_analyse(text)  # Latin words inside are MeCab nouns (pricing, UI, SSO)
    else:
        pairs = _en_analyse(text)
        if _is_ja(text):  # "the support is great but 解約 is hard": the Japanese part too
            pairs += _ja_analyse(split_scripts(text)[0])
    return tuple(dict.fromkeys(pairs))


def extract_phrases(text: str, language: str | None = None) -> list[str]:
    """Normalised key phrases of one comment, in order of appearance, without repeats."""
    return list(dict.fromkeys(phrase for phrase, _ in _analyse(text, language)))


def theme_keys(text: str, language: str | None = None) -> list[str]:
    """The theme keys of one comment (what :func:`find_themes` groups it under)."""
    return list(dict.fromkeys(key for _, key in _analyse(text, language)))


def head_of(phrase: str) -> str:
    """The grouping key of a phrase or theme label in either language: its head (last word
    or last noun), skipping generic heads (page, screen, 手続き, 画面), mapped to its concept
    when the bilingual list has one (解約, 解約手続き and "cancellation page" →
    "cancellation"); a concept's name or key maps to itself."""
    text = phrase.strip()
    if not text:
        return phrase
    concept_of = _concept_of()
    if text in CONCEPTS:
        return text
    lowered = text.lower()
    if lowered in concept_of:
        return concept_of[lowered]
    pairs = _analyse(text, "ja" if _is_ja(text) else "en")
    for _, key in pairs:
        return key
    return phrase


# ----------------------------------------------------------------------------- themes


def nps_of(scores: Sequence[int]) -> float | None:
    """NPS (-100..100) of 0-10 scores: % promoters (9-10) minus % detractors (0-6)."""
    if not scores:
        return None
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    return 100.0 * (promoters - detractors) / len(scores)


def _quote_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split()).strip(" .!?。！？")


def pick_examples(members: Sequence[ThemeInput], k: int = 3) -> list[Hashable]:
    """Up to k comment ids: the most positive and the most negative comment first (when
    there are both), then the most polar of the rest; ordered by |polarity|, then input
    order. The same quote (same text, ignoring case, width, spacing and end punctuation) is
    never shown twice."""
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


def _label(key: str, counts: Counter[str], reader: str | None, floor: int = 1) -> str:
    """A theme's name: in the reader's language when given (the concept's name, else the
    most frequent phrase written in it); otherwise the most frequent phrase without its
    generic head (on a tie the key itself, then the shortest). A phrase written by fewer
    than ``floor`` comments never names a theme (the key does): an employee's own wording,
    or the language only they write in, must not single them out."""
    if reader is not None and key in NAMES:
        return NAMES[key][1] if reader == "ja" else NAMES[key][0]
    labels: Counter[str] = Counter()
    for phrase, n in counts.items():
        labels[_without_generic_head(phrase)] += n
    labels = Counter({p: n for p, n in labels.items() if n >= floor})
    if not labels:
        return key
    if reader is not None:
        own = Counter({p: n for p, n in labels.items() if _is_ja(p) == (reader == "ja")})
        labels = own or labels
    return min(labels, key=lambda p: (-labels[p], p != key, len(p), p))


def _without_generic_head(phrase: str) -> str:
    """ "cancellation page" → "cancellation", 解約手続き → 解約 (a label for the theme)."""
    if _is_ja(phrase):
        words = [t.surface for t in _ja_tokens(phrase)]
        generic = _generic() | JA_GENERIC_HEADS
        while len(words) > 1 and words[-1] in generic:
            words.pop()
        return "".join(words)
    words = phrase.split()
    while len(words) > 1 and _en_key(words[-1]) in _generic():
        words.pop()
    return " ".join(words)


def find_themes(
    comments: Sequence[ThemeInput],
    top_n: int = 15,
    *,
    min_count: int | None = None,
    reader: str | None = None,
    label_floor: int = 1,
) -> list[Theme]:
    """The top ``top_n`` themes by number of comments (ties: label order).

    ``min_count``: fewest comments a theme needs (default: 2 once there are
    ``SINGLETON_LIMIT`` comments, else 1); ``reader``: "ja" or "en", the language theme
    names are written in (None: the most frequent phrase); ``label_floor``: fewest comments
    whose phrase may name a theme (confidential surveys pass their anonymity floor)."""
    total = len(comments)
    if not total:
        return []
    if min_count is None:
        min_count = 2 if total >= SINGLETON_LIMIT else 1
    members: dict[str, list[ThemeInput]] = defaultdict(list)
    variants: dict[str, Counter[str]] = defaultdict(Counter)
    for comment in comments:
        seen: set[str] = set()
        for phrase, key in _analyse(comment.text, comment.language):
            variants[key][phrase] += 1
            if key not in seen:
                seen.add(key)
                members[key].append(comment)

    themes: list[Theme] = []
    for key, group in members.items():
        if len(group) < min_count:
            continue
        counts = variants[key]
        scored = [c.score for c in group if c.score is not None]
        trend: Counter[str] = Counter(c.period for c in group)
        themes.append(
            Theme(
                phrase=_label(key, counts, reader, label_floor),
                count=len(group),
                share=len(group) / total,
                mean_sentiment=sum(c.polarity for c in group) / len(group),
                mean_score=sum(scored) / len(scored) if scored else None,
                nps=nps_of(scored),
                n_scored=len(scored),
                example_ids=pick_examples(group),
                trend=dict(sorted(trend.items())),
                variants=dict(counts.most_common()),
                key=key,
                member_ids=[c.id for c in group],
            )
        )
    themes.sort(key=lambda t: (-t.count, t.phrase))
    return themes[:top_n]
