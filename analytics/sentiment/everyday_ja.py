"""Mechanisms for everyday posts whose feeling is implicit (issue 14, jagen): rules over
word classes rather than lists of example words.

- A degree predicate (すごい, やばい, えぐい, 半端ない) says how much, not how good: with a
  polar subject it takes the subject's sign (湿気がすごい, 人混みがやばい, 音漏れがすごい),
  as a direction word takes its target's.
- 良い in a clause with an interrogative (何がいいんだろう, どれがいいかな, どこがいいの) asks
  which one to choose: no praise (何か / なんか are indefinite: なんか調子いい is praise).
- A thing long wished for and then had (ずっと欲しかった靴ゲット, 行きたかったカフェに行った)
  is a wish come true; the wish alone (行きたかった…) is a regret.
- A concession told with 〜ても / 〜でも after a predicate (重い荷物があっても楽, 雨が降っても
  楽しめた, 何度読んでも泣ける) leaves the verdict to the main clause, like a contrast.
- Losing or dropping one's belongings (財布落とした, 鍵なくした) is a mishap, while what one
  means to shed (体重を落とした, 汚れを落とす, スピードを落とす) is not.
"""

from __future__ import annotations

from collections.abc import Sequence

from analytics.sentiment.clauses_ja import _Hit, _is_boundary, _target_valence
from analytics.sentiment.words_ja import Token

#: Lemmas of predicates of degree: their sign is their subject's when it has one.
DEGREE_LEMMAS = frozenset({"凄い", "やばい", "ヤバい", "えぐい", "エグい", "半端", "凄まじい"})
_SUBJECT_PARTICLES = frozenset({"が", "は", "も"})
#: A degree word after a negative subject is at least this negative.
DEGREE_NEGATIVE = -0.6
#: すごすぎ / やばすぎる said alone: amazement, as a feeling word gushes with すぎる.
DEGREE_GUSH_SCORE = 0.7

#: Interrogatives that make 良い a question of choice (UniDic surfaces).
_INTERROGATIVES = frozenset(
    {"何", "なに", "なん", "どれ", "どこ", "どっち", "どちら", "いつ", "誰", "だれ", "どんな"}
)

_SENTENCE_ENDS = frozenset({"。", "!", "！", "?", "？", "．"})

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
        if hit.key[0] not in DEGREE_LEMMAS or hit.start < 1:
            continue
        particle = tokens[hit.start - 1]
        # 人混みやばすぎ / 人混み、やばい: the particle is often dropped or a comma set
        gap = (
            1
            if (particle.surface in _SUBJECT_PARTICLES and particle.pos == "助詞")
            or particle.surface in ("、", ",")
            else 0
        )
        subject = next((h for h in hits if h.end == hit.start - gap and h is not hit), None)
        if subject is not None and subject.score < 0 and not subject.direction:
            hit.score = min(-abs(hit.score), DEGREE_NEGATIVE)
        elif subject is None and hit.score > 0:
            # a target whose growth is bad (電気代がえぐい, 請求やばい): as 高い takes it
            found = _target_valence(tokens, hit.start, True)
            if found is not None and found[0] < 0 and found[1] >= hit.start - gap - 2:
                hit.score = min(-abs(hit.score), DEGREE_NEGATIVE)


def choice_question(tokens: Sequence[Token], start: int) -> bool:
    """良い at ``start`` sits in a clause with an interrogative before it (何がいいかな)."""
    lo = max(0, start - 6)
    for k in range(start - 1, lo - 1, -1):
        tok = tokens[k]
        if _is_boundary(tok):
            return False
        if tok.surface in _INTERROGATIVES or (
            tok.surface.startswith("何") and tok.pos == "名詞" and len(tok.surface) > 1
        ):  # 何色, 何時, 何曜日
            # 何か / なんか / 誰か / どこか are indefinite (something, somehow): no question
            return not (k + 1 < len(tokens) and tokens[k + 1].surface == "か")
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


#: Verbs of getting away (帰る, 休む, 辞める): wanting them tells of being worn out
#: (早く帰りたい, 仕事辞めたい), as not wanting to do anything at all tells of reluctance
#: (会社行きたくない, 起きたくない).
_ESCAPE = frozenset({"帰る", "休む", "辞める", "止める", "逃げる", "消える", "寝る", "サボる"})
RELUCTANT_SCORE = -0.4


def reluctance(tokens: Sequence[Token], covered: Sequence[bool]) -> list[_Hit]:
    """Hits for 〜たくない after a verb no dictionary signs (行きたくない) and 〜たい after a
    verb of getting away (帰りたい)."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.lemma != "たい" or tok.pos != "助動詞" or j == 0:
            continue
        verb = tokens[j - 1]
        if verb.pos != "動詞" or covered[j - 1] or covered[j]:
            continue
        if any(t.surface in ("また", "又", "二度と", "もう一度", "次") for t in tokens[:j]):
            continue  # また行きたくない: coming back, read by the rules of return
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        negated = (
            nxt is not None
            and nxt.lemma in ("無い", "ない")
            and tok.surface == "たく"
            and not (j + 2 < len(tokens) and tokens[j + 2].lemma in ("様", "為"))
        )
        if negated:  # the span takes in ない, which must not negate the hit again
            out.append(_Hit(j - 1, j + 2, RELUCTANT_SCORE, ("たくない",)))
        elif verb.lemma in _ESCAPE and tok.surface in ("たい", "てえ", "てー"):
            out.append(_Hit(j - 1, j + 1, RELUCTANT_SCORE, ("たい",)))
    return out


#: Only one thing, over and over, closing the clause (雨ばっかり, 失敗ばかりで, 会議ばかり
#: だった): a complaint of sameness when the noun itself is no praise.
_ONLY_SURFACES = frozenset({"ばかり", "ばっかり", "ばっか", "ばっかし"})
_AFTER_ONLY = frozenset({"だ", "です", "で", "や", "じゃん", "よ", "な", "ね"})
SAMENESS_SCORE = -0.4


def sameness(tokens: Sequence[Token], covered: Sequence[bool]) -> list[_Hit]:
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.surface not in _ONLY_SURFACES or j == 0:
            continue
        noun = tokens[j - 1]
        if noun.pos not in ("名詞", "代名詞") or covered[j - 1]:
            continue  # 買ったばかり is "just bought"; 良いことばかり is praise
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if nxt is None or _is_boundary(nxt) or nxt.lemma in _AFTER_ONLY:
            out.append(_Hit(j - 1, j + 1, SAMENESS_SCORE, ("ばかり",)))
    return out


#: Escaping something bad (赤点回避, 遅刻を免れた, 事故を防げた, ギリギリセーフ) is good.
_AVOIDED = frozenset({"回避", "免れる", "逃れる", "セーフ"})
AVOIDED_FACTOR = 0.8


def avoided(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """Turn a bad thing right before a verb of escaping it into relief (in place)."""
    for j, tok in enumerate(tokens):
        escaped = tok.lemma in _AVOIDED or (
            tok.lemma == "防ぐ" and any(t.lemma == "た" for t in tokens[j + 1 : j + 3])
        )
        if not escaped:
            continue
        k = j - 1
        if k >= 0 and tokens[k].surface in ("を", "が", "は", "も"):
            k -= 1
        bad = next((h for h in hits if h.end == k + 1 and h.score < 0 and h.start <= k), None)
        if bad is None:
            continue
        bad.score = abs(bad.score) * AVOIDED_FACTOR
        bad.weak = False
        for h in hits:
            if h.start <= j < h.end and h is not bad:
                h.score = 0.0


def almost_there(tokens: Sequence[Token], j: int) -> bool:
    """もう少しで / もうちょっとで (nearly, soon) at ``j``: no wish for more."""
    for tok in tokens[j + 1 : j + 3]:
        if tok.surface == "で" or tok.lemma == "で":
            return True
        if tok.lemma not in ("少し", "一寸", "ちょっと"):
            return False
    return False


#: Getting a thing (ゲット, 手に入れる, 買う ...) in the past after a wish for it.
WISH_COME_TRUE_SCORE = 0.6
_GOT_NOUNS = frozenset(
    {"ゲット", "購入", "入手", "達成", "実現", "読了", "完走", "完食", "制覇", "当選"}
)
#: Verbs of getting what was wished for, besides the wished verb itself (食べたかった…食べた).
_GOT_VERBS = frozenset({"買う", "手に入れる", "入手", "当たる", "取れる", "会う", "着く", "届く"})


def wish_come_true(tokens: Sequence[Token], covered: Sequence[bool]) -> list[_Hit]:
    """Hits for "V たかった / 欲しかった + noun ... past verb or ゲット" in one sentence."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if not (
            (tok.lemma == "たい" and tok.surface == "たかっ")
            or (tok.lemma == "欲しい" and tok.surface.endswith("かっ"))
        ):
            continue
        if j + 2 >= len(tokens) or tokens[j + 1].lemma != "た" or tokens[j + 2].pos != "名詞":
            continue  # the wish closes its clause: a regret, not a thing had
        wished = tokens[j - 1].lemma if tok.lemma == "たい" and j > 0 else None
        for k in range(j + 3, len(tokens)):
            t = tokens[k]
            if t.surface in _SENTENCE_ENDS:
                break
            got = t.lemma in _GOT_VERBS or (wished is not None and t.lemma == wished)
            past = (
                t.pos == "動詞"
                and got
                and not covered[k]
                and any(u.lemma == "た" for u in tokens[k + 1 : k + 4])  # 行ってきた
            )
            negated = any(
                u.pos == "助動詞" and u.lemma in ("ない", "ず", "ぬ") for u in tokens[k + 1 : k + 3]
            )
            if (t.surface in _GOT_NOUNS or past) and not negated:
                out.append(_Hit(j, k + 1, WISH_COME_TRUE_SCORE, ("念願",)))
                break
    return out


#: "Only so much" (財布にレシートしか入ってない, 2時間しか寝てない, 100円しかない) and
#: "nothing at all" (会議で何も決まらなかった, 課題が何も進んでない) tell of a lack when no
#: dictionary word says otherwise (感謝しかない, 何も問題なかった are read by their words).
LACK_SCORE = -0.4
_NEGATIONS = frozenset({"ない", "無い", "ず", "ぬ"})


def _negated_soon(tokens: Sequence[Token], start: int, span: int = 5) -> int | None:
    for k in range(start, min(len(tokens), start + span)):
        tok = tokens[k]
        if _is_boundary(tok):
            return None
        if tok.lemma in _NEGATIONS and tok.pos in ("助動詞", "形容詞"):
            return k
    return None


def so_little(tokens: Sequence[Token], covered: Sequence[bool]) -> list[_Hit]:
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.surface == "しか" and tok.pos == "助詞" and j > 0:
            noun = tokens[j - 1]
            if noun.pos != "名詞" or covered[j - 1]:
                continue  # ここしかない, ここでしか食べられない: only here, a recommendation
            neg = _negated_soon(tokens, j + 1)
            if neg is not None and not any(covered[j + 1 : neg + 1]):
                out.append(_Hit(j - 1, neg + 1, LACK_SCORE, ("しかない",)))
        elif (
            tok.lemma == "何"
            and j + 1 < len(tokens)
            and tokens[j + 1].surface == "も"
            and not any(t.lemma == "特に" or t.surface == "特に" for t in tokens[:j])
        ):
            neg = _negated_soon(tokens, j + 2)
            if (
                neg is not None
                and neg > j + 2
                and tokens[neg - 1].pos in ("動詞", "助動詞")
                # it happened: 決まらなかった, 進んでない (何もしない日 is a plan)
                and (
                    any(t.lemma == "た" for t in tokens[neg + 1 : neg + 3])
                    or tokens[neg - 1].surface in ("て", "で", "い")
                    or tokens[neg - 1].lemma in ("てる", "居る")
                )
                and not any(covered[max(0, j - 3) : neg + 1])
            ):
                out.append(_Hit(j, neg + 1, LACK_SCORE, ("何もない",)))
    return out


def wished_manner(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """A praise word in its adverbial form before a verb + たい is the manner of a wish
    (早く帰りたい, 早く寝たい), not praise of anything: its score goes (in place)."""
    for hit in hits:
        if hit.score <= 0 or hit.end + 1 >= len(tokens):
            continue
        adverb = tokens[hit.end - 1]
        verb, wish = tokens[hit.end], tokens[hit.end + 1]
        if (
            adverb.pos == "形容詞"
            and adverb.surface.endswith("く")
            and verb.pos == "動詞"
            and wish.lemma == "たい"
        ):
            hit.score = 0.0


#: Worn out after a short use (数回使っただけで取っ手が取れた, 一度洗っただけで縮んだ): "only
#: after a little use" announces a defect, whatever words tell it.
_USE_VERBS = frozenset({"使う", "着る", "洗う", "履く", "乗る", "使用", "洗濯", "充電", "開ける"})
_FEW = frozenset({"数", "一", "1", "二", "2", "何", "少し", "ちょっと", "一度", "一回", "半"})
SHORT_LIFE_SCORE = -0.5


def short_life(tokens: Sequence[Token], hits: Sequence[_Hit]) -> list[_Hit]:
    """Hits for "a few uses + V ただけで" unless praise follows (一度使っただけで良さがわかる)."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.lemma not in _USE_VERBS or j + 3 >= len(tokens):
            continue
        k = j + 1
        if tokens[k].lemma == "為る":  # 数回使用しただけで
            k += 1
        if not (
            k + 2 < len(tokens)
            and tokens[k].lemma == "た"
            and tokens[k + 1].surface == "だけ"
            and tokens[k + 2].surface == "で"
        ):
            continue
        if any(h.score > 0 and h.start > k for h in hits):
            continue
        if any(t.surface in _FEW or t.lemma in _FEW for t in tokens[max(0, j - 4) : j]):
            out.append(_Hit(j, k + 3, SHORT_LIFE_SCORE, ("だけで",)))
    return out


#: せっかくの + a good thing, set apart by a comma or a topic particle (せっかくの連休、ずっと
#: 仕事の電話; せっかくの休みも雨) announces that it was spoiled; せっかくなので (taking the
#: chance) and せっかく来たのに (read by のに) are not this.
SPOILED_SCORE = -0.4


def spoiled(tokens: Sequence[Token], hits: Sequence[_Hit]) -> list[_Hit]:
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.lemma != "折角" or j + 2 >= len(tokens) or tokens[j + 1].surface != "の":
            continue
        k = j + 2
        while k < len(tokens) and tokens[k].pos in ("名詞", "接頭辞", "接尾辞"):
            k += 1
        if k == j + 2 or k >= len(tokens):
            continue
        if not (tokens[k].surface in ("、", ",", "も", "は", "が") or tokens[k].lemma == "だ"):
            continue
        if any(h.score > 0 and h.start >= k for h in hits):
            continue  # せっかくの休み、満喫した: not spoiled
        out.append(_Hit(j, k, SPOILED_SCORE, ("折角",)))
    return out


#: An obligation in the past (切り上げなければなりませんでした, 並ばなきゃいけなかった,
#: 諦めざるを得なかった) was imposed on the writer: a mild complaint. The present
#: (予約しなければなりません) states a rule and stays neutral.
OBLIGED_SCORE = -0.4
#: japerf gate: the surfaces :func:`obliged` starts from.
_OBLIGED_SURFACES = frozenset({"なけれ", "なく", "なきゃ", "なくちゃ", "ざる"})


def obliged(tokens: Sequence[Token]) -> list[_Hit]:
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        # なければ / なくては / なきゃ / なくちゃ + ならない・いけない (not なくなった, ceasing)
        link = {"なけれ": ("ば",), "なく": ("て", "は"), "なきゃ": (), "なくちゃ": ()}.get(
            tok.surface if tok.lemma == "ない" else ""
        )
        must = (
            link is not None
            and [t.surface for t in tokens[j + 1 : j + 1 + len(link)]] == list(link)
            and j + 1 + len(link) < len(tokens)
            and tokens[j + 1 + len(link)].lemma in ("成る", "行ける", "いける", "駄目")
        ) or (tok.surface == "ざる" and j + 2 < len(tokens) and tokens[j + 2].lemma == "得る")
        if not must:
            continue
        for k in range(j + 1, min(len(tokens), j + 8)):
            if _is_boundary(tokens[k]):
                break
            if tokens[k].lemma == "た":
                out.append(_Hit(j, k + 1, OBLIGED_SCORE, ("なければならなかった",)))
                break
    return out


#: Told one thing and found another (部屋食と聞いていましたが、実際は大広間; 写真では広く見えた
#: けど実際は…): the reality after a contrast disappoints the report before it.
_TOLD = frozenset({"聞く", "書く", "言う", "思う", "見る", "載る", "案内"})
TOLD_BUT_SCORE = -0.5


def told_but_found(tokens: Sequence[Token], hits: Sequence[_Hit]) -> list[_Hit]:
    for j, tok in enumerate(tokens):
        if tok.lemma != "実際" or j < 3:
            continue
        before = tokens[:j]
        contrast = next(
            (
                k
                for k in range(len(before) - 1, -1, -1)
                if before[k].surface in ("が", "けど", "けれど", "のに") and before[k].pos == "助詞"
            ),
            None,
        )
        if contrast is None:
            continue
        told = any(
            t.lemma in _TOLD and tokens[k - 1].surface == "と"
            for k, t in enumerate(before[:contrast])
            if k > 0
        )
        if told and not any(h.score > 0 and h.start > j for h in hits):
            return [_Hit(j, j + 1, TOLD_BUT_SCORE, ("実際は",))]
    return []


def not_what_one_would_think(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """〜とは思えない + praise (一泊五千円とは思えない満足度, 無料とは思えないクオリティ):
    beyond what X would suggest, not an inability; the praise is the verdict (in place)."""
    for j, tok in enumerate(tokens):
        if tok.lemma != "思う" or not tok.surface.startswith("思え") or j < 2:
            continue
        if not (tokens[j - 1].surface in ("と", "は") and j + 1 < len(tokens)):
            continue
        if tokens[j + 1].lemma not in ("ない", "ず"):
            continue
        if not any(h.start > j and h.score > 0 for h in hits):
            continue  # 同じ料金とは思えない設備: worse than the price says, left as it was
        for h in hits:
            if h.start <= j < h.end + 2 and h.start >= j - 1 and h.score < 0:
                h.score = 0.0  # the inability read into 思えない
            elif h.start > j and h.score > 0:
                h.score = max(h.score, 0.6)
                h.weak = False
