"""Clauses of a Japanese comment and what reaches across them: clause boundaries and contrast,
negation (and what it passes through), intensity, the targets of direction words, wishes,
advice and conditionals; with the scores and weights the rules share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analytics.sentiment.emoji import EMOJI
from analytics.sentiment.lexicon_ja import (
    ADVICE_CONDITIONALS,
    CONTRAST_CONJUNCTIONS,
    CONTRAST_PARTICLES,
    INTENSIFIERS,
    TARGETS,
)
from analytics.sentiment.words_ja import (
    Token,
)

NEGATE_POSITIVE = -0.7
NEGATE_NEGATIVE = -0.5
BEFORE_CONTRAST = 0.5
AFTER_CONTRAST = 1.5
EXCESS_SCORE = -0.6
#: 好き (tagged 好く after a noun) + すぎる: the lexicon's 好き (0.8) times the gush of an
#: emotive word before すぎる (1.2), as 好きすぎる scores (jasns2).
LIKED_TOO_MUCH_SCORE = 0.96
REQUEST_SCORE = -0.4
WANTING_MORE_SCORE = -0.4
LAUGHTER_SCORE = 0.3
AGAIN_SCORE = 0.8
#: A question keeps a fifth of its score: "is the train delayed?" stays neutral, an angry
#: "why is it still this dirty?" does not.
QUESTION_FACTOR = 0.18
HARD_SCORE = -0.6
ACHIEVED_SCORE = 0.5
#: A polite yes/no question (遅延していますか?) asks for information even more plainly.
POLITE_QUESTION_FACTOR = 0.1
#: Dictionary nouns (many objective: 観光, 患者, 返信) count half beside other evidence, so
#: one of them does not cancel a complaint (返信がなかなか来ない) ...
WEAK_SCALE = 0.5
#: ... and a comment whose only evidence is such nouns is scaled so that one noun stays
#: neutral and two agreeing ones make a weak label.
WEAK_ONLY_FACTOR = 0.4
NEGATION_WINDOW = 7
TARGET_WINDOW = 12
_LAUGH_RE = re.compile(r"^(?:w{2,}|笑+)$")
_NEGATION_LEMMAS = frozenset({"ない", "無い", "ず", "ぬ", "ん"})
#: Tokens a negation may reach through: particles, auxiliaries, light verbs and adjectives.
_PASS_POS = frozenset({"助詞", "助動詞"})
_LIGHT_LEMMAS = frozenset({"出来る", "有る", "居る", "為る", "成る", "得る", "御座る", "貰う"})
_EXCESS_LEMMAS = frozenset({"過ぎる", "過ぎ"})
_NOUNISH = frozenset({"名詞", "接尾辞"})
#: Verb + にくい / づらい is hard to do (negative), verb + やすい easy (positive).
EASE_LEMMAS = {"難い": -0.6, "辛い": -0.6, "易い": 0.5}


def _is_boundary(tok: Token) -> bool:
    return tok.pos in ("補助記号", "記号") and tok.surface not in EMOJI


def _is_contrast(tok: Token) -> bool:
    if tok.pos == "助詞" and tok.pos2 == "接続助詞":
        return tok.lemma in CONTRAST_PARTICLES
    if tok.pos == "接続詞":
        return tok.lemma in CONTRAST_CONJUNCTIONS
    return tok.pos == "名詞" and tok.lemma in ("一方", "反面")


def _is_negation(tok: Token) -> bool:
    if tok.lemma == "へん" and tok.pos == "助動詞":
        return True  # Kansai: わからへん, 行かへん (SNS posts, issue 14)
    return tok.lemma in _NEGATION_LEMMAS and tok.pos in ("助動詞", "形容詞")


@dataclass(slots=True)
class _Hit:
    start: int
    end: int  # exclusive
    score: float
    key: tuple[str, ...]
    direction: float = 0.0
    weak: bool = False


#: An amount of money is a price: more of it is worse (as 料金, 値段 in the lexicon).
PRICE_VALENCE = -1.0
_PRICE_WORDS = frozenset({"高い", "安い", "高め", "安め", "割高", "割安"})


def _target_valence(
    tokens: Sequence[Token], start: int, price: bool = False
) -> tuple[float, int] | None:
    """Valence and index of the nearest target before ``start`` in the same clause; with
    ``price`` (高い, 安い: words about cost) an amount in yen is one (2万円は高い), while
    for 増加 / 減少 it is whatever grew (売上高は12億円増加)."""
    j = start - 1
    lo = max(0, start - TARGET_WINDOW)
    while j >= lo:
        tok = tokens[j]
        if (_is_boundary(tok) and tok.pos2 == "句点") or _is_contrast(tok):
            return None
        if price and tok.lemma == "円" and j > 0 and tokens[j - 1].pos2 == "数詞":
            return PRICE_VALENCE, j  # 2万円は高い, 5000円なら安い: an amount paid
        if tok.pos in _NOUNISH:
            k = j
            while k - 1 >= lo and tokens[k - 1].pos in _NOUNISH and tokens[k - 1].pos2 != "数詞":
                k -= 1
            # jagen5: a verb's stem may open the compound (病院の待ち時間: UniDic reads 待ち
            # as the verb after の)
            first = k - 1 if k - 1 >= lo and tokens[k - 1].pos == "動詞" else k
            for s in range(first, j + 1):
                compound = "".join(t.surface for t in tokens[s : j + 1])
                if compound in TARGETS:
                    return TARGETS[compound], j
            if j == start - 2 and tokens[j + 1].surface in ("が", "の", "は", "も"):
                return None  # 背の高い夫: the subject is right there and is no target (jarev)
            j = k - 1
            continue
        j -= 1
    return None


def _polar_before(tokens: Sequence[Token], hits: Sequence[_Hit], hit: _Hit) -> _Hit | None:
    """The nearest polar noun hit before a direction word in its clause (no target found)."""
    best = None
    for other in hits:
        if other is hit or other.end > hit.start or not other.score or other.direction:
            continue
        if tokens[other.end - 1].pos not in _NOUNISH or hit.start - other.end > 3:
            continue
        between = tokens[other.end : hit.start]
        if any(_is_boundary(t) or _is_contrast(t) for t in between):
            continue
        if best is None or other.end > best.end:
            best = other
    return best


def _intensity(tokens: Sequence[Token], start: int) -> float:
    factor = 1.0
    for j in range(start - 1, max(-1, start - 3), -1):
        tok = tokens[j]
        if _is_boundary(tok) or _is_contrast(tok):
            break
        mult = INTENSIFIERS.get(tok.surface) or INTENSIFIERS.get(tok.lemma)
        if mult and tok.pos in ("副詞", "形容詞", "形状詞", "名詞", "接頭辞"):
            factor *= mult
    return factor


def _negated(tokens: Sequence[Token], end: int) -> bool:
    negated = False
    for j in range(end, min(len(tokens), end + NEGATION_WINDOW)):
        tok = tokens[j]
        if _is_negation(tok):
            if not _rhetorical(tokens, j) and not _not_a_negation(tokens, j):
                negated = not negated
            continue
        if tok.pos in _PASS_POS and tok.pos2 != "接続助詞":
            continue
        if j == end and tok.lemma == "感" and tok.pos in ("名詞", "接尾辞"):
            continue  # 特別感は感じられなかった: the felt quality of the word is denied (jagen5)
        if tok.surface in ("て", "で") and j + 1 < len(tokens) and tokens[j + 1].lemma == "居る":
            continue  # 行き届いていなかった: the progressive form carries the negation
        if tok.lemma in _LIGHT_LEMMAS or tok.lemma == "様" or tok.pos == "副詞":
            continue  # 騒音は全くなかった: adverbs stand between a word and its negation
        if tok.lemma == "出る" and j > end and tokens[j - 1].surface in ("が", "は", "も"):
            continue  # やる気が出ない, エラーが出なくなった: whether the thing appears (jamix)
        if tok.lemma in _ADVERBIAL_NOUNS:
            continue  # 不満は一切ない, 残業はほとんどない: UniDic's nouns used as adverbs (jamix)
        if (
            tok.pos == "名詞"
            and tok.lemma != "無し"  # jadiary: 渋滞なしで着いた is "without", not a noun denied
            and j + 1 < len(tokens)
            and (
                tokens[j + 1].surface in ("で", "じゃ")
                or any(t.lemma == "程遠い" for t in tokens[j + 1 : j + 4])
            )
            and all(t.lemma in ("様", "だ") for t in tokens[end:j])
        ):
            continue  # 印象に残る味ではない: the noun a judgement describes, then denied (jarev)
        if tok.lemma == "程遠い":
            negated = not negated  # 満足には程遠い: far from it (jarev)
            continue
        if tok.lemma == "無し" and j == end:
            negated = not negated  # リピなし, ストレス無し: "without X" (jarev)
            continue
        if tok.lemma in _ENCOUNTER and j > end and tokens[j - 1].surface == "に":
            continue  # 渋滞にはまらず, 事故に遭わずに: the event avoided (janeu)
        if (
            tok.lemma in _NEGATION_CARRIERS
            or tok.pos2 == "数詞"
            or (tok.lemma in ("つ", "度", "回") and j > 0 and tokens[j - 1].pos2 == "数詞")
        ):
            continue  # 不満な点はない, 不便に感じることはなかった, 良い点は一つもない
        break
    return negated


#: jarev (ja-lex-18): what stands between a judgement and the negation that denies it in
#: soft praise: a formal noun (不満な点はない, 困ることはなかった, 気になるところはない), a
#: verb of feeling (不便に感じることはない, 良いとは思わない) and 見当たる (悪い所は
#: 見当たらない: none was found).
#: jamix (ja-lex-41): nouns that UniDic tags 名詞 but that work as adverbs of degree before a
#: negation (一切ない: none at all; ほとんどない: hardly any).
_ADVERBIAL_NOUNS = frozenset({"一切", "殆ど"})
_FORMAL_NOUNS = frozenset(
    {"事", "点", "所", "物", "部分", "箇所", "面", "付け所", "様", "気配", "様子", "兆し"}
)
_NEGATION_CARRIERS = _FORMAL_NOUNS | {
    "感ずる",
    "感じる",
    "思う",
    "見当たる",
    "付ける",
    "言う",
    "訳",
}


def _rhetorical(tokens: Sequence[Token], j: int) -> bool:
    """ "バカじゃないの" / "最高じゃない?" asserts, it does not negate."""
    if j == 0 or tokens[j - 1].surface not in ("じゃ", "じゃあ"):
        return False
    rest = [t for t in tokens[j + 1 :] if not _is_boundary(t)]
    if not rest:
        # jagen: closing the post with no mark or 。/… it denies (好きじゃない, 嫌いじゃない);
        # with ? or ! it asserts (最高じゃない?, いいじゃない!)
        after = "".join(t.surface for t in tokens[j + 1 :])
        return any(c in after for c in "?？!！")
    return rest[0].surface in ("の", "か", "かな", "です", "か?")


_PAST_TIMES = frozenset({"昼", "正午", "夕方", "夜中", "深夜", "夜", "朝", "定時", "月末", "年末"})


def _time_past(tokens: Sequence[Token], j: int) -> bool:
    """過ぎ after a clock time, a number or a part of the day (5時過ぎ, 昼過ぎ, 20歳過ぎ)."""
    prev = tokens[j - 1]
    return (
        prev.lemma in _PAST_TIMES
        or prev.pos2 == "数詞"
        or (j >= 2 and tokens[j - 2].pos2 == "数詞" and prev.pos in ("名詞", "接尾辞"))
    )


def _excessive(tokens: Sequence[Token], end: int) -> bool:
    return end < len(tokens) and tokens[end].lemma in _EXCESS_LEMMAS


def _is_advice(tokens: Sequence[Token], start: int) -> bool:
    """いい after ば / たら / ても / と is advice or a wish (すればいい), not praise."""
    if start == 0:
        return False
    prev = tokens[start - 1]
    if prev.surface in ADVICE_CONDITIONALS and prev.pos2 != "格助詞":
        return True
    return start >= 2 and prev.surface == "も" and tokens[start - 2].surface in ("て", "で")


def _after_duration(tokens: Sequence[Token], j: int) -> bool:
    """A wait or delay that happened, stated as a number of minutes, hours, days ...
    (40分待った, 1か月もかかる); 駅まで5分かかります is a fact."""
    k = j - 1
    stressed = k >= 0 and tokens[k].surface in ("も", "近く", "以上")
    if k >= 0 and tokens[k].surface in ("も", "ほど", "くらい", "ぐらい", "近く", "以上"):
        k -= 1
    happened = any(t.lemma == "た" for t in tokens[j + 1 : j + 4])
    # janeu: still waiting after that long (もう1ヶ月待ってる, 30分待っています)
    ongoing = [t.lemma for t in tokens[j + 1 : j + 3]] in (["て", "居る"], ["てる"]) or [
        t.surface for t in tokens[j + 1 : j + 2]
    ] == ["てる"]
    return (
        (stressed or happened or ongoing)
        and k >= 1
        and (tokens[k].lemma in _TIME_UNITS or tokens[k].surface in _TIME_UNITS)
        and tokens[k - 1].pos2 == "数詞"
    )


def _achieved(tokens: Sequence[Token], k: int) -> bool:
    """The verb before index ``k`` is in the affirmative past (買えた, 眠れました)."""
    rest = [t.lemma for t in tokens[k : k + 3]]
    # 買えた, 眠れました, 使えています / 使えてる (still works)
    return (
        rest[:1] == ["た"]
        or rest[:2] == ["ます", "た"]
        or rest[:1] == ["てる"]
        or (rest[:1] == ["て"] and rest[1:2] == ["居る"] and "ない" not in rest)
    )


_DIMENSIONS = frozenset(
    {
        "重い",
        "軽い",
        "長い",
        "短い",
        "高い",
        "低い",
        "大きい",
        "小さい",
        "広い",
        "狭い",
        "深い",
        "浅い",
        "速い",
        "早い",
        "遅い",
        "強い",
        "弱い",
        "太い",
        "細い",
        "厚い",
        "薄い",
    }
)


def _dimension(tokens: Sequence[Token], hit: _Hit) -> bool:
    """An adjective turned into its measure by さ (重さ, 長さ) names a dimension."""
    return (
        hit.key[0] in _DIMENSIONS
        and hit.end < len(tokens)
        and tokens[hit.end].surface == "さ"
        and tokens[hit.end].pos == "接尾辞"
    )


def _compound_record(tokens: Sequence[Token], hit: _Hit) -> bool:
    """最高気温, 最低賃金: a record in a compound noun, not a verdict (最高の景色 is one)."""
    return (
        hit.key in (("最高",), ("最低",))
        and hit.end < len(tokens)
        and tokens[hit.end].pos == "名詞"
        and tokens[hit.end].pos2 == "普通名詞"
        and not _LAUGH_RE.match(tokens[hit.end].surface)  # 最高www: laughter, not a noun
    )


def _is_hypothetical(tokens: Sequence[Token], end: int) -> bool:
    return end < len(tokens) and tokens[end].surface == "ば" and tokens[end].pos2 == "接続助詞"


def _lacking(tokens: Sequence[Token], end: int) -> bool:
    rest = [t.lemma for t in tokens[end : end + 2]]
    return rest == ["に", "欠ける"] or rest == ["が", "足りる"] or rest == ["が", "不足"]


_WISH_PREDICATES = frozenset({"嬉しい", "助かる", "有り難い", "良い", "良し", "便利", "幸い"})
#: Verbs of weighing before ば: 値段を考えれば / 他と比べれば / 差し引けば (jarev).
_CONSIDERING = frozenset({"考える", "比べる", "踏まえる", "鑑みる", "差し引く", "考慮", "加味"})


#: jamix (ja-lex-41): 機会があれば, 時間があったら: "given the chance", not a wish for it.
_CHANCES = frozenset({"機会", "チャンス", "時間", "余裕", "折", "縁"})


def _is_wish(tokens: Sequence[Token], start: int) -> bool:
    """A positive word after ば (あれば嬉しい) or after たら in the present (あったら助かる)
    is a wish, not something that happened (使ってみたら便利だった is)."""
    prev = tokens[start - 1]
    if (
        prev.surface in ("ば", "たら", "だら")
        and start >= 4
        and tokens[start - 2].lemma == "有る"
        and tokens[start - 3].surface in ("が", "も")
        and tokens[start - 4].lemma in _CHANCES
        and any(t.lemma == "たい" for t in tokens[start : start + 6])
    ):
        return False  # 機会があればまた参加したい: given the chance, the writer's intent (jamix)
    if prev.surface == "と" and start >= 2 and tokens[start - 2].lemma in _BENEFACTIVE:
        return True  # 〜てもらえると嬉しいです: a polite request (UniDic may tag と either way)
    if prev.surface in ("たら", "だら") and prev.pos == "助動詞":
        # UniDic tags the conditional たら as the auxiliary た (あったら, 広かったら). With
        # the predicates of a wish it is one (あったら助かります); otherwise it tells what
        # was found (掃除したら気持ちいい).
        return tokens[start].lemma in _WISH_PREDICATES and not any(
            t.lemma == "た" for t in tokens[start + 1 : start + 3]
        )
    if (
        prev.surface == "と"
        and prev.pos == "助詞"
        and start >= 2
        and tokens[start - 2].pos in ("動詞", "形容詞", "助動詞")
        and tokens[start].lemma in _WISH_PREDICATES
        and (tokens[start].lemma != "便利" or tokens[start - 2].lemma in _AVAILABLE)
        and not any(t.lemma == "た" for t in tokens[start + 1 : start + 3])
    ):
        return True  # 控えめだと嬉しい, 近くにあると便利です: a wish (jarev)
    if prev.pos != "助詞" or prev.pos2 != "接続助詞":
        return False
    if prev.surface == "ば":
        # 値段を考えれば満足, 価格と比べれば十分: given X, it is good (jarev)
        return not (start >= 2 and tokens[start - 2].lemma in _CONSIDERING)
    if prev.surface in ("たら", "だら"):
        return not any(t.lemma == "た" for t in tokens[start + 1 : start + 3])
    return False


#: (clause index, score, strong): one piece of evidence as the scoring reads it.
Hit = tuple[int, float, bool]

#: Verbs of giving and receiving a favour (〜てくれた, 〜ていただいた, 〜てもらえなかった).
_BENEFACTIVE = frozenset({"呉れる", "貰う", "頂く", "下さる"})
#: Units of waiting time: 40分待った, 1か月かかった, 2時間も待たされた.
_TIME_UNITS = frozenset({"分", "時間", "日", "週間", "箇月", "ヶ月", "か月", "カ月", "年"})
#: あると便利 (a wish for something missing), unlike 近いと便利 (a general truth).
_AVAILABLE = frozenset({"有る", "居る", "付く", "出来る", "置く"})


def _not_a_negation(tokens: Sequence[Token], j: int) -> bool:
    """しか〜ない is "nothing but" (感謝しかない, 不安でしかない); 〜んな forbids (ふざけんな)."""
    prev = tokens[j - 1].surface if j > 0 else ""
    if prev == "しか":
        return True
    k = j - 1
    while k > 0 and tokens[k].lemma in ("有る", "ます", "です", "だ"):
        k -= 1  # jarev3: 感謝しかありません, 感謝しかないです
    if k < j - 1 and tokens[k].surface == "しか":
        return True
    if prev in ("や", "じゃ") and tokens[j].surface == "ん":
        return True  # ええやん, いいじゃん: an assertion (Kansai, colloquial)
    if tokens[k].lemma == "成る" and k > 0 and tokens[k - 1].surface in ("で", "て"):
        return True  # jagen4: 心配でならない, 悔しくてなりません: "unbearably", no negation
    return (
        tokens[j].surface == "ん"
        and j + 1 < len(tokens)
        and tokens[j + 1].surface == "な"
        and tokens[j + 1].pos == "助詞"
    )


#: Verbs of running into an event (渋滞にはまる, 事故に遭う): denied, the event was avoided.
_ENCOUNTER = frozenset(
    {"嵌まる", "はまる", "遭う", "会う", "巻き込む", "捕まる", "見舞う", "引っ掛かる"}
)


def _hazu_ga(tokens: Sequence[Token], j: int) -> bool:
    """はずが: what should have been, and then was not (禁煙のはずが煙草臭い)."""
    return (
        j > 0
        and tokens[j].surface == "が"
        and tokens[j].pos == "助詞"
        and tokens[j - 1].lemma in ("筈", "はず")
    )
