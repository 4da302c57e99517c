"""The Japanese polarity dictionary: the project's lexicon, the Tohoku evaluative polarity
dictionary and ML-Ask, each entry read as a sequence of UniDic lemmas, and the longest
match at a token."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from analytics.sentiment import resources_ja
from analytics.sentiment.lexicon_ja import (
    DIRECTION,
    DISABLED_ENTRIES,
    EMOTIVE,
    LEXICON,
    PLAIN_ACTIVITIES,
)
from analytics.sentiment.spelling_ja import (
    _E_ROW,
    _hiragana,
    normalize,
    tokenize,
)
from analytics.sentiment.words_ja import (
    Token,
    _key,
    _raw_tokens,
)

MAX_SPAN = 6


@dataclass(slots=True)
class Lexicon:
    """Lemma sequence → score (0.0 = a set phrase with no polarity of its own)."""

    entries: dict[tuple[str, ...], float] = field(default_factory=dict)
    weak: set[tuple[str, ...]] = field(default_factory=set)
    #: Positive keys that name a feeling or a judgement (the project's strong positives and
    #: ML-Ask's): these stay positive with すぎる (嬉しすぎる, 美味すぎ); other positives are
    #: properties that can be overdone (柔らかすぎる, 早すぎる).
    emotive: set[tuple[str, ...]] = field(default_factory=set)
    #: First lemmas of all keys: most tokens start no entry, and are skipped at once.
    first: set[str] = field(default_factory=set)
    #: japerf: first lemma -> the lengths of the keys it starts, longest first, so a match
    #: builds only the keys that can exist (most tokens start only one-word entries).
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    direction: dict[tuple[str, ...], float] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    max_len: int = 1
    #: One-word entries that hold only in their own spelling (jarev, ja-lex-18): a potential
    #: form (持ち歩ける "can be carried", 行ける) or another word read the same (辞める, 篤い,
    #: 遭う) that UniDic files under a plain lemma (持ち歩く, 止める "to park", 厚い, 会う).
    #: Also (janeu) entries whose first verb the dictionary spells in katakana for its slang
    #: sense (ウケる, ウケた), which match only kana spellings (受ける is "receive").
    #: key -> the surface stems the first token must start with.
    spelling: dict[tuple[str, ...], set[str]] = field(default_factory=dict)

    def add(
        self,
        parts: Sequence[str],
        score: float,
        *,
        override: bool = False,
        weak: bool = False,
        emotive: bool = False,
        restrict_spelling: bool = False,
    ) -> bool:
        # Entries are spelled in full: no clipped adjectives to restore (失っ|た is a verb).
        tokens = [t for part in parts for t in _raw_tokens(normalize(part))]
        if not tokens or len(tokens) > MAX_SPAN:
            return False
        # A dictionary entry that is only function words would fire everywhere.
        if all(t.pos in ("助詞", "助動詞", "補助記号", "記号") for t in tokens):
            return False
        key = _key(tokens)
        stem = _own_spelling(tokens) if restrict_spelling else None
        if key in self.spelling:
            if stem is None:  # the word in its lemma's spelling: no restriction, its score
                del self.spelling[key]
                self.entries[key] = score
            else:
                self.spelling[key].update({stem, _hiragana(stem)})
            return False
        last = tokens[-1]
        if weak and (
            last.pos in ("形状詞", "副詞")
            or (last.pos == "接尾辞" and last.lemma in ("さ", "み"))
            or (len(tokens) > 1 and last.lemma == "感")
        ):
            # A noun-dictionary entry that is a na-adjective or an adverb (滑らか, すっきり), a
            # quality noun (うるささ) or a felt quality (開放感, 圧迫感) is evaluative wherever
            # it appears, not weak evidence.
            weak = False
        if key in _disabled_keys() and not override:
            return False
        if key in self.entries and not override:
            return False
        self.entries[key] = score
        if stem is not None:
            self.spelling[key] = {stem, _hiragana(stem)}  # ウケる is also written うける
        self.add_first(key)
        if weak:
            self.weak.add(key)
        if emotive and score > 0:
            self.emotive.add(key)
        return True

    def add_first(self, key: tuple[str, ...]) -> None:
        """Record that an entry or a direction word ``key`` exists (for :func:`_match`)."""
        self.first.add(key[0])
        self.max_len = max(self.max_len, len(key))
        known = self.lengths.get(key[0], ())
        if len(key) not in known:
            self.lengths[key[0]] = tuple(sorted((*known, len(key)), reverse=True))


def _is_kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _own_spelling(tokens: Sequence[Token]) -> str | None:
    """The surface stem a one-word dictionary entry must keep when UniDic files it under
    another word's lemma: a potential form (持ち歩ける → 持ち歩く) or a kanji spelling of a
    different word (辞める → 止める); None when the lemma is the entry's own word."""
    tok = tokens[0]
    surface, lemma = tok.surface, tok.lemma
    # janeu: a verb the dictionary spells in katakana is its slang sense (ウケる, ウケた "is
    # funny", キレる "snaps"); UniDic files it under the plain verb (受ける: 手術を受ける)
    if tok.pos == "動詞" and "ァ" <= surface[0] <= "ヺ" and _is_kanji(lemma[0]):
        return surface[:-1] if len(tokens) == 1 else surface
    if len(tokens) != 1 or surface == lemma or tok.pos not in ("動詞", "形容詞"):
        return None
    potential = (
        tok.pos == "動詞"
        and surface.endswith("る")
        and len(surface) >= 2
        and surface[-2] in _E_ROW
        and surface[:-2] == lemma[:-1]
    )
    other_word = _is_kanji(surface[0]) and _is_kanji(lemma[0]) and surface[0] != lemma[0]
    return surface[:-1] if potential or other_word else None


@lru_cache(maxsize=1)
def _disabled_keys() -> frozenset[tuple[str, ...]]:
    return frozenset(_key(tokenize(w)) for w in DISABLED_ENTRIES)


def build_lexicon() -> Lexicon:
    lex = Lexicon()
    count = 0
    for word, score in LEXICON.items():
        count += lex.add([word], score, override=True, emotive=word in EMOTIVE)
    lex.sources["voc"] = count
    # jagen4: a katakana word that UniDic, alone, files under a romanised lemma (ナイス →
    # ＮＡＩＳ) carries its own spelling as the lemma inside a sentence (自分ナイス)
    for word, score in LEXICON.items():
        alone = _raw_tokens(normalize(word))
        one_katakana = (
            len(alone) == 1
            and alone[0].surface == word
            and alone[0].lemma != word
            and all("ァ" <= c <= "ヺ" or c == "ー" for c in word)
        )
        # jagen5: and a word UniDic splits alone but reads whole in a sentence (クソゲー:
        # 糞 + ゲー alone, クソゲー in またクソゲー掴まされた)
        split_alone = len(alone) > 1 and "ァ" <= word[-1] <= "ー"
        if (one_katakana or split_alone) and (word,) not in lex.entries:
            lex.entries[(word,)] = score
            lex.add_first((word,))
            if word in EMOTIVE and score > 0:
                lex.emotive.add((word,))
    lex.weak.update(_key(tokenize(w)) for w in PLAIN_ACTIVITIES)
    for name, entries, weak in (
        ("tohoku-predicates", resources_ja.tohoku_predicates(), False),
        ("tohoku-nouns", resources_ja.tohoku_nouns(), True),
        ("mlask", resources_ja.mlask_entries(), False),
    ):
        count = 0
        for parts, score in entries:
            # One-character entries (名, 黒, 急) are mostly other senses in comments.
            if len("".join(parts)) > 1:
                count += lex.add(
                    parts, score, weak=weak, emotive=name == "mlask", restrict_spelling=True
                )
        lex.sources[name] = count
    # jagen4: a judgement word the project lists as gushing (美しい) but only the Tohoku
    # dictionary holds still gushes with すぎる (推しが美しすぎて: praise, not excess)
    for word in EMOTIVE:
        key = _key(tokenize(word))
        if lex.entries.get(key, 0.0) > 0:
            lex.emotive.add(key)
    for word, sign in DIRECTION.items():
        key = _key(tokenize(word))
        lex.direction[key] = sign
        lex.add_first(key)
    lex.sources["particle-variants"] = _add_particle_variants(lex)
    lex.sources["polite-negatives"] = _add_polite_negatives(lex)
    return lex


def _add_polite_negatives(lex: Lexicon) -> int:
    """jagen5: an entry that ends in a negation (届かない, 繋がらない, 価値が無い) also matches
    its polite form (届きません, 繋がりませんでした, 価値がありません), which UniDic reads as
    the verb + ます + ず (or 有る + ます + ず for the adjective 無い), and the written or spoken
    ず (繋がらず, 繋がらん)."""
    count = 0
    for key, score in list(lex.entries.items()):
        if len(key) < 2 or key in lex.spelling:
            continue
        if key[-1] == "ない":
            # 届きません; 繋がらず and the spoken 繋がらん (read as ず, see spelling_ja)
            variants = [(*key[:-1], "ます", "ず"), (*key[:-1], "ず")]
        elif key[-1] == "無い":
            variants = [(*key[:-1], "有る", "ます", "ず")]
        else:
            continue
        for variant in variants:
            if variant in lex.entries or variant in lex.direction:
                continue
            lex.entries[variant] = score
            lex.add_first(variant)
            if key in lex.weak:
                lex.weak.add(variant)
            count += 1
    return count


#: jagen: an entry "N が P" (麺が伸びる, 気が重い, 後味が悪い) is also written with the topic or
#: additive particle or with none in comments (麺も伸び気味, 後味は悪い, 気重い).
_SUBJECT_VARIANTS = ("は", "も", None)


def _add_particle_variants(lex: Lexicon) -> int:
    count = 0
    for key, score in list(lex.entries.items()):
        if len(key) < 3 or "が" not in key[1:-1] or key in lex.spelling:
            continue
        at = key.index("が", 1)
        for particle in _SUBJECT_VARIANTS:
            variant = key[:at] + ((particle,) if particle else ()) + key[at + 1 :]
            if variant in lex.entries or variant in lex.direction:
                continue
            lex.entries[variant] = score
            lex.add_first(variant)
            if key in lex.weak:
                lex.weak.add(variant)
            if key in lex.emotive:
                lex.emotive.add(variant)
            count += 1
    return count


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return build_lexicon()


def _match(lex: Lexicon, tokens: Sequence[Token], i: int) -> tuple[tuple[str, ...], int] | None:
    lengths = lex.lengths.get(tokens[i].lemma)
    if lengths is None:
        return None
    room = len(tokens) - i
    for n in lengths:
        if n > room:
            continue
        key = tuple([t.lemma for t in tokens[i : i + n]]) if n > 1 else (tokens[i].lemma,)
        if key in lex.entries or key in lex.direction:
            stems = lex.spelling.get(key)
            if stems is not None and not tokens[i].surface.startswith(tuple(stems)):
                continue  # 停める is not 辞める, 持ち歩く is not 持ち歩ける
            return key, n
    return None
