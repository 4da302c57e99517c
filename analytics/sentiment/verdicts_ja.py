"""Japanese verdicts told in ordinary words (issue 14, jagen5, ja-lex-73).

A dictionary noun (Tohoku 名詞編) is weak evidence wherever it merely names a thing (観光,
患者, 返信); it is the writer's verdict when it is the predicate of the clause: 上品でした,
不潔だった, 風情がありました, 趣のある宿. Each function here reads tokens only, so it can be
tested on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from analytics.sentiment.clauses_ja import _Hit, _is_boundary, _is_negation
from analytics.sentiment.words_ja import Token

#: A noun that is the predicate judges as plainly as an adjective: at least this strong
#: (the Tohoku nouns are ±0.4), so 風情がありました outweighs a weak word beside it.
PREDICATE_SCORE = 0.6

#: The copula and what may close the clause after it (た, ね, よ, な, わ, けど ...).
_COPULA = frozenset({"だ", "です", "である"})
_CLOSERS = frozenset({"た", "ね", "よ", "な", "わ", "ねえ", "よね", "ございます"})
_CLAUSE_ENDS = frozenset({"が", "けど", "けれど", "けれども", "し", "て", "で"})
#: The particles after the subject of a sentence that a noun closes (味は普通, 部屋も不潔).
_TOPIC = frozenset({"は", "が", "も"})
#: Particles between a noun and ある that make "the stay had N" (風情がある, 趣のある).
_HAVE_PARTICLES = frozenset({"が", "の", "も"})


def _closes(tokens: Sequence[Token], j: int) -> bool:
    """Whether the clause ends at ``j`` (after skipping tense and sentence-final particles)."""
    while j < len(tokens) and tokens[j].lemma in _CLOSERS:
        j += 1
    if j == len(tokens) or _is_boundary(tokens[j]):
        return True
    tok = tokens[j]
    return tok.pos == "助詞" and tok.lemma in _CLAUSE_ENDS


def predicated_noun(tokens: Sequence[Token], start: int, end: int, score: float) -> bool:
    """A one-word dictionary noun that is the clause's predicate: N + だ / です closing the
    clause (上品でした, 不潔だった), or a good N + が / の + ある (風情がありました, 趣のある宿)."""
    if end - start != 1:
        return False
    # An activity (a noun that takes する: 初めての旅行でした, 明日は試験) is told, not judged;
    # a sentence closed on a bare noun judges only with a quality (a na-adjective noun: 不潔).
    tok = tokens[start]
    quality = tok.pos == "形状詞" or tok.pos3 == "形状詞可能"
    if end == len(tokens) or _is_boundary(tokens[end]):
        # 部屋は不潔。: the quality closes a sentence after its subject (a review's short form)
        return quality and start > 0 and tokens[start - 1].surface in _TOPIC

    if start > 0 and tokens[start - 1].pos in ("名詞", "接頭辞", "動詞", "助動詞"):
        # part of a compound (ルーム + サービス) or the head of a relative clause (いただく
        # 形式でした): a thing named or described, not judged
        return False
    nxt = tokens[end]
    if nxt.lemma in _COPULA and nxt.pos == "助動詞":
        return (quality or "サ変" not in tok.pos3) and _closes(tokens, end + 1)
    return (
        score > 0  # 地震があった, 事故があった: events reported, not a verdict
        and nxt.pos == "助詞"
        and nxt.lemma in _HAVE_PARTICLES
        and end + 1 < len(tokens)
        and tokens[end + 1].lemma == "有る"
    )


#: Another place of the same kind (他の店, 別の美容院) chosen instead: the writer will not
#: come back (この値段なら他のお店を選びます, 次からは別の歯医者にする).
_ELSEWHERE = frozenset({"他", "別"})
_PLACES = frozenset(
    {
        "店",
        "店舗",
        "ホテル",
        "宿",
        "旅館",
        "所",
        "ところ",
        "病院",
        "クリニック",
        "医院",
        "歯医者",
        "美容",  # 美容院 / 美容室: UniDic 美容 + 院
        "サロン",
        "業者",
        "会社",
        "ショップ",
        "サービス",
        "アプリ",
    }
)
_CHOOSE = frozenset(
    {"選ぶ", "為る", "行く", "探す", "使う", "利用", "頼む", "泊まる", "乗り換える"}
)
ELSEWHERE_SCORE = -0.8


def chooses_elsewhere(tokens: Sequence[Token], hits: list[_Hit]) -> None:
    """他 / 別 + の + a place + を / に + choosing it (not negated, not a wish for more)."""
    for i, tok in enumerate(tokens):
        if tok.lemma not in _ELSEWHERE or i + 3 >= len(tokens) or tokens[i + 1].surface != "の":
            continue
        k = i + 2
        if tokens[k].pos == "接頭辞":
            k += 1  # お店
        if k >= len(tokens) or tokens[k].lemma not in _PLACES:
            continue
        k += 1
        while k < len(tokens) and tokens[k].pos in ("名詞", "接尾辞"):
            k += 1  # 美容 + 院
        if k + 1 >= len(tokens) or tokens[k].surface not in ("を", "に"):
            continue
        verb = k + 1
        if tokens[verb].surface == "も" or tokens[verb].lemma not in _CHOOSE:
            continue  # 別のお店にも行ってみたい: one more place, no farewell
        rest = tokens[verb + 1 : verb + 4]
        asked = any(
            t.lemma == "か" and (n + 1 == len(rest) or rest[n + 1].lemma != "な")
            for n, t in enumerate(rest)
        )
        if asked or any(_is_negation(t) or t.lemma in ("ば", "たら", "た") for t in rest):
            # 別の店にはしない, 別の店にしたら, 他の店に行くか (選ぶかな is a decision)
            continue
        if any(h.start <= verb and h.end > i for h in hits if h.score):
            continue  # a rule already read it (次は別のホテルにします)
        hits.append(_Hit(i, verb + 1, ELSEWHERE_SCORE, ("他所",)))


#: Done at once: すぐ / 早速 / 翌日 + the service arriving or being done, in the past
#: (すぐに届きました, 早速返信が来ました, 翌日に届いた).
_AT_ONCE = frozenset({"直ぐ", "早速", "翌日", "即日", "当日"})
_SERVED = frozenset(
    {
        "届く",
        "来る",
        "着く",
        "出る",
        "直る",
        "治る",
        "繋がる",
        "対応",
        "返信",
        "返事",
        "交換",
        "返金",
        "発送",
        "到着",
        "用意",
        "案内",
        "解決",
        "駆け付ける",
    }
)
PROMPT_SCORE = 0.5
#: After the verb: asked for, wished, a condition, a question or a thought (not done).
_NOT_DONE = frozenset({"欲しい", "下さい", "たい", "ば", "たら", "か", "べし", "と"})


def done_at_once(tokens: Sequence[Token], hits: list[_Hit]) -> None:
    """すぐ + a service verb within the clause, told in the past and not negated."""
    for i, tok in enumerate(tokens):
        if tok.lemma not in _AT_ONCE:
            continue
        for k in range(i + 1, min(len(tokens), i + 5)):
            t = tokens[k]
            if _is_boundary(t) or t.lemma in ("けど", "が", "のに"):
                break
            if t.lemma not in _SERVED:
                continue
            tail = tokens[k + 1 : k + 7]
            lemmas = [x.lemma for x in tail]
            if any(_is_negation(x) for x in tail) or any(lm in _NOT_DONE for lm in lemmas):
                break  # すぐ対応してほしい, すぐ届くと思ったのに: not done
            if "た" not in lemmas:
                break  # すぐ届く (a claim or a plan), not what happened
            if not any(h.start <= k < h.end for h in hits if h.score and not h.weak):
                hits.append(_Hit(i, k + 1, PROMPT_SCORE, ("迅速",)))
            break


#: 普通 closing a sentence after its subject or after 割に (味は普通, 値段の割に普通): the
#: lukewarm verdict of 普通だ, with the copula left out as reviews often do.
_PLAIN_AFTER = _TOPIC | {"に"}


def plain_fragment(tokens: Sequence[Token], hits: list[_Hit], score: float) -> None:
    """Add the lukewarm ``score`` of 普通だ for a 普通 that closes a sentence without it."""
    for i, tok in enumerate(tokens):
        if tok.lemma != "普通" or i == 0 or tokens[i - 1].surface not in _PLAIN_AFTER:
            continue
        if i + 1 < len(tokens) and not _is_boundary(tokens[i + 1]):
            continue
        if not any(h.start <= i < h.end for h in hits if h.score):
            hits.append(_Hit(i, i + 1, score, ("普通", "だ")))
