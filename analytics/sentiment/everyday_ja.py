"""Mechanisms for everyday posts whose feeling is implicit (issue 14, jagen): rules over
word classes rather than lists of example words.

- A degree predicate (すごい, やばい, えぐい, 半端ない) says how much, not how good: with a
  polar subject it takes the subject's sign (湿気がすごい, 人混みがやばい, 音漏れがすごい),
  as a direction word takes its target's.
- 良い in a clause with an interrogative (何がいいんだろう, どれがいいかな, どこがいいの) asks
  which one to choose: no praise.
- A concession told with 〜ても / 〜でも after a predicate (重い荷物があっても楽, 雨が降っても
  楽しめた, 何度読んでも泣ける) leaves the verdict to the main clause, like a contrast.
- Losing or dropping one's belongings (財布落とした, 鍵なくした) is a mishap, while what one
  means to shed (体重を落とした, 汚れを落とす, スピードを落とす) is not.
"""

from __future__ import annotations

from collections.abc import Sequence

from analytics.sentiment.clauses_ja import _Hit, _is_boundary
from analytics.sentiment.words_ja import Token

#: Lemmas of predicates of degree: their sign is their subject's when it has one.
DEGREE_LEMMAS = frozenset({"凄い", "やばい", "ヤバい", "えぐい", "エグい", "半端", "凄まじい"})
_SUBJECT_PARTICLES = frozenset({"が", "は", "も"})
#: A degree word after a negative subject is at least this negative.
DEGREE_NEGATIVE = -0.6

#: Interrogatives that make 良い a question of choice (UniDic surfaces).
_INTERROGATIVES = frozenset(
    {"何", "なに", "なん", "どれ", "どこ", "どっち", "どちら", "いつ", "誰", "だれ", "どんな"}
)

#: Dropping or losing a thing (UniDic lemmas); 無くす is in the Tohoku dictionary already.
_DROP_LEMMAS = frozenset({"落とす", "失くす", "無くす", "紛失"})
#: Objects one drops on purpose: weight, dirt, make-up, speed, volume (not a mishap).
_SHED = frozenset(
    {
        "体重",
        "キロ",
        "kg",
        "汚れ",
        "化粧",
        "メイク",
        "スピード",
        "速度",
        "ペース",
        "音量",
        "肩",
        "脂肪",
        "贅肉",
        "命",  # 命を落とす is a death, told by the dictionary's words around it
    }
)
LOST_SCORE = -0.6


def degree_takes_subject(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """Give a degree predicate the sign of a negative subject right before it (in place)."""
    for hit in hits:
        if hit.key[0] not in DEGREE_LEMMAS or hit.start < 2:
            continue
        particle = tokens[hit.start - 1]
        if particle.surface not in _SUBJECT_PARTICLES or particle.pos != "助詞":
            continue
        subject = next((h for h in hits if h.end == hit.start - 1 and h is not hit), None)
        if subject is not None and subject.score < 0 and not subject.direction:
            hit.score = min(-abs(hit.score), DEGREE_NEGATIVE)


def choice_question(tokens: Sequence[Token], start: int) -> bool:
    """良い at ``start`` sits in a clause with an interrogative before it (何がいいかな)."""
    for tok in reversed(tokens[max(0, start - 6) : start]):
        if _is_boundary(tok):
            return False
        if tok.surface in _INTERROGATIVES:
            return True
    return False


def lost_belongings(tokens: Sequence[Token], covered: Sequence[bool]) -> list[_Hit]:
    """Hits for a thing dropped or lost, in the past (財布落とした, 鍵を失くしました)."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        kana_nakusu = (  # なくした: UniDic reads the kana as 無い + する
            tok.lemma == "無い"
            and tok.surface == "なく"
            and j + 1 < len(tokens)
            and tokens[j + 1].lemma == "為る"
        )
        if (tok.lemma not in _DROP_LEMMAS and not kana_nakusu) or covered[j]:
            continue
        if kana_nakusu:
            j += 1  # the tense follows する
        rest = tokens[j + 1 : j + 4]
        if not any(t.lemma == "た" for t in rest) and not (
            tok.lemma == "紛失" and any(t.lemma == "為る" for t in rest)
        ):
            continue  # 落とさないように, 落とすと: not something that happened
        before = tokens[max(0, j - 4) : j]
        if any(t.surface in _SHED or t.lemma in _SHED for t in before):
            continue
        if any(t.pos == "助動詞" and t.lemma in ("ない", "ず", "ぬ") for t in rest):
            continue
        out.append(_Hit(j, j + 1, LOST_SCORE, ("落とした",)))
    return out


def concessive_te_mo(tokens: Sequence[Token], j: int) -> bool:
    """The も of 〜ても / 〜でも after a verb, an adjective or an auxiliary (あっても, 高くても,
    読んでも): the clause before it is conceded."""
    if j < 2 or tokens[j].surface != "も" or tokens[j].pos != "助詞":
        return False
    te = tokens[j - 1]
    return (
        te.surface in ("て", "で")
        and te.lemma == "て"
        and tokens[j - 2].pos in ("動詞", "形容詞", "助動詞")
    )
