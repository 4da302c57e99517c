"""Moments of a day and of a stay told the everyday way (issue 14, jagen4): mechanisms for
posts and review sentences whose verdict the dictionaries read wrongly or not at all.

- A bad face or word not shown (嫌な顔ひとつせず, 嫌な顔をせずに) is a kindness: the
  unpleasant thing named is what the staff spared the guest.
- Household rubbish (資源ごみの日, ゴミ出し, 燃えないゴミ) names a chore's object, not a
  complaint about dirt (廊下にゴミが落ちていた stays one).
- The condition of a rule (満車の場合は…, 雨天の場合は中止) names what may happen, not what did.
- Weight told in kilos (3キロ減った, 2kg痩せた / 3キロ太った): a post about one's body is
  glad of a loss and sorry for a gain.
- A standard surpassed (店の味を超えた, 期待を超えてきた, 想像を超える) is praise, while
  limits and budgets exceeded (予算を超えた, 40度を超えた) are not standards of quality.
- やっぱり / さすが + N + は + 違う (やっぱ本場はちゃうわ, さすがプロは違う) sets N apart
  above the rest; 違う elsewhere stays a mismatch (写真と全然違う).
- この値段でこの N (この値段でこの広さ) marvels at what the price buys unless N is bad.
- Indulgence: 何度も / 思わず + V てしまった (何度も入りに行ってしまいました, 思わず買って
  しまった) is being carried away by a good thing, not regret.
- 語彙力 lost (語彙力どっか行った, 語彙力が消えた) is a fan overwhelmed: praise.
- 遅い時間 / 早い時間の便 tell the time of day; ずっと雨 / 一日中雨 spoils the days it lasts.
- Sleep broken in the night (夜中に何度も目が覚めた) is a complaint.
- 大事な / 重要な + a noun grades what was at stake (大事な会議に遅刻), no praise.
- Tears at a return after long (4年ぶりに開催されてて泣いた) are joy unless a bad thing is named.
- What is called for (改善が望まれます) is missing now: a mild complaint.
- 〜ようになっています describes how a facility works, not progress (選べるようになっています).
- 結局 + the past tells a hope that came to nothing (結局家事で一日終わった); 結局 and a
  sentence-initial でも open a clause that outweighs the one before (でも後悔はない).
- What the writer had expected (座れないと思ってた) is not what happened; 盛大に / 派手に
  before a verb measure a mishap (盛大にこけた), they praise nothing.
- The one exception named before 以外 (入り口が分かりにくい以外は、完璧) gives way to praise
  of everything else.
- A burden lifted (もう通院しなくていい, もう残業しなくて済む) is relief.
- A quality asked about or asked for (美味しいラーメン屋知ってる人いる？, 丈夫なリュック探して
  ます, 景色の良い部屋をリクエスト) describes what the writer wants; what they asked whether
  (もう少し遅くできるか問い合わせた) is no complaint; dishes laid out (40品ほど並びます) are no
  queue; 早めの予約をおすすめします is a tip.
- A child's first time (子どもが初めて歩いた, 娘が初めて喋った) is a milestone.
"""

from __future__ import annotations

from collections.abc import Sequence

from analytics.sentiment.clauses_ja import _Hit, _is_boundary
from analytics.sentiment.words_ja import Token

SPARED_SCORE = 0.6
#: What an unpleasant face, look or word is in these set phrases (UniDic lemmas).
_FACE = frozenset({"顔", "顔色", "素振り", "態度", "表情"})
#: Verbs of showing a face or saying a word.
_SHOW = frozenset({"為る", "見せる", "出す", "浮かべる", "言う"})
_NEGATION = frozenset({"ない", "無い", "ず", "ぬ"})


def spared_face(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """嫌な顔ひとつせず対応してくれた: the unpleasant face not shown is a kindness (in place)."""
    for h in hits:
        if h.score >= 0 or h.end >= len(tokens) or tokens[h.end].lemma not in _FACE:
            continue
        k = h.end + 1
        while k < len(tokens) and (
            tokens[k].surface in ("を", "も", "ひとつ", "一つ")
            or tokens[k].pos2 == "数詞"
            or (tokens[k].lemma == "つ" and tokens[k - 1].pos2 == "数詞")
        ):
            k += 1
        neg = k + 1
        if neg < len(tokens) and tokens[neg].lemma in ("れる", "られる"):
            neg += 1  # 嫌な顔ひとつされず: the face not shown to the writer (jagen5)
        if neg < len(tokens) and tokens[k].lemma in _SHOW and tokens[neg].lemma in _NEGATION:
            h.score = SPARED_SCORE
            h.end = neg + 1  # the negation is part of the phrase: it must not flip it again


#: Household rubbish: kinds sorted for collection and what one does with it.
_RUBBISH = frozenset({"塵", "ごみ", "ゴミ"})
_RUBBISH_KINDS = frozenset(
    {"資源", "燃える", "燃えない", "燃やす", "可燃", "不燃", "粗大", "生", "家庭", "プラ"}
)
_RUBBISH_CHORES = frozenset(
    {"日", "出し", "出す", "収集", "回収", "袋", "捨て", "捨てる", "分別", "当番", "置き場"}
)


def household_rubbish(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """資源ごみの日, ゴミ出し: a chore's object, no dirt to complain of (in place)."""
    for h in hits:
        if h.score >= 0 or h.end - h.start != 1:
            continue
        tok = tokens[h.start]
        if tok.lemma not in _RUBBISH and tok.surface not in _RUBBISH:
            continue
        before = tokens[h.start - 1] if h.start else None
        after = [t for t in tokens[h.end : h.end + 2] if t.surface != "の"][:1]
        if (before is not None and before.lemma in _RUBBISH_KINDS) or (
            after and (after[0].lemma in _RUBBISH_CHORES or after[0].surface in _RUBBISH_CHORES)
        ):
            h.score = 0.0


def only_if(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """満車の場合は近くの駐車場へ: the condition of a rule did not happen, and an event that
    the rule then announces in the non-past (荒天の場合は運休します) has not either (in place)."""
    case = next((j for j, t in enumerate(tokens) if t.lemma == "場合"), None)
    if case is not None and not any(t.lemma == "た" for t in tokens[case:]):
        for h in hits:
            if (
                h.start > case
                and h.score
                and tokens[h.start].pos == "名詞"
                and tokens[h.start].lemma != "最悪"
            ):
                h.score = 0.0
    for h in hits:
        rest = tokens[h.end : h.end + 2]
        if (
            h.score
            and rest
            and (
                rest[0].lemma == "場合"
                or (len(rest) > 1 and rest[0].surface == "の" and rest[1].lemma == "場合")
            )
        ):
            h.score = 0.0


WEIGHT_SCORE = 0.6
_KILOS = frozenset({"キロ", "kg", "キログラム", "㎏"})
_LOST = frozenset({"減る", "痩せる", "落ちる", "落とす", "絞る"})
_GAINED = frozenset({"増える", "太る", "増す"})


def weight_told(tokens: Sequence[Token], hits: Sequence[_Hit]) -> list[_Hit]:
    """3キロ減った, 2kg痩せた / 3キロ太った: one's own weight, lost or gained; the verb's
    own reading (減る as a direction word) gives way."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens[:-1]):
        if tok.surface not in _KILOS or j == 0 or tokens[j - 1].pos2 != "数詞":
            continue
        nxt = next((t for t in tokens[j + 1 : j + 4] if t.pos == "動詞"), None)
        if nxt is None or not any(
            t.lemma == "た" or t.surface == "て" for t in tokens[j + 2 : j + 6]
        ):
            continue
        k = tokens.index(nxt, j + 1)
        score = WEIGHT_SCORE if nxt.lemma in _LOST else -WEIGHT_SCORE if nxt.lemma in _GAINED else 0
        if score:
            for h in hits:
                if j - 1 <= h.start <= k:
                    h.score = 0.0
            out.append(_Hit(j - 1, k + 1, score, ("体重",)))
    return out


SURPASSED_SCORE = 0.6
#: Standards of quality one can surpass (UniDic lemmas).
_STANDARDS = frozenset({"味", "期待", "想像", "予想", "本物", "プロ", "本場", "レベル", "想定"})
_SURPASS = frozenset({"越える", "超える", "上回る", "凌ぐ"})


def surpassed(tokens: Sequence[Token], covered: Sequence[bool]) -> list[_Hit]:
    """店の味超えた, 期待を上回る: a standard of quality surpassed."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.lemma not in _SURPASS or covered[j] or j == 0:
            continue
        k = j - 1 if tokens[j - 1].surface not in ("を", "も", "は") else j - 2
        if k >= 0 and tokens[k].lemma in _STANDARDS and not _denied(tokens, j + 1):
            out.append(_Hit(k, j + 1, SURPASSED_SCORE, ("超える",)))
    return out


def _denied(tokens: Sequence[Token], start: int) -> bool:
    for t in tokens[start : start + 3]:
        if t.lemma in _NEGATION:
            return True
        if _is_boundary(t):
            return False
    return False


CLASS_APART_SCORE = 0.6
_AS_EXPECTED = frozenset({"矢張り", "流石"})


def class_apart(tokens: Sequence[Token], hits: list[_Hit]) -> None:
    """やっぱ本場はちゃうわ, さすがプロは違う: the thing is a class apart (in place)."""
    for h in hits:
        if h.key[0] != "違う" or h.start < 2 or tokens[h.start - 1].surface not in ("は", "が"):
            continue
        before = tokens[max(0, h.start - 8) : h.start - 1]
        if any(t.lemma in _AS_EXPECTED for t in before) and not _denied(tokens, h.end):
            h.score = CLASS_APART_SCORE


VALUE_SCORE = 0.6
_PRICE_NOUNS = frozenset({"値段", "価格", "料金", "金額", "お値段"})


def what_the_price_buys(tokens: Sequence[Token], hits: Sequence[_Hit]) -> list[_Hit]:
    """この値段でこの広さ: what the price buys, marvelled at unless the thing is bad."""
    for j in range(len(tokens) - 4):
        if not (
            tokens[j].lemma == "此の"
            and tokens[j + 1].lemma in _PRICE_NOUNS
            and tokens[j + 2].surface == "で"
            and tokens[j + 3].lemma == "此の"
        ):
            continue
        thing = [h for h in hits if h.score and j + 4 <= h.start < j + 7]
        if any(h.score < 0 for h in thing) or _denied(tokens, j + 5):
            return []
        return [_Hit(j, j + 5, VALUE_SCORE, ("この値段でこの",))]
    return []


#: Adverbs that make 〜てしまった being carried away rather than regret.
_CARRIED_AWAY = frozenset({"思わず", "何度も"})


def carried_away(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """何度も入りに行ってしまいました, 思わず笑ってしまった: no regret (in place)."""
    for h in hits:
        if h.key != ("仕舞う",) or h.score >= 0:
            continue
        before = "".join(t.surface for t in tokens[max(0, h.start - 6) : h.start])
        if any(a in before for a in _CARRIED_AWAY):
            h.score = 0.0


OVERWHELMED_SCORE = 0.5
#: What happens to a fan's vocabulary (失う, 消える, 死ぬ, 溶ける, 行く: どっか行った).
_GONE = frozenset(
    {"失う", "無くす", "消える", "死ぬ", "溶ける", "行く", "無い", "無くなる", "消滅"}
)


def words_fail(tokens: Sequence[Token], hits: Sequence[_Hit]) -> list[_Hit]:
    """語彙力どっか行った, 語彙力が消えた: overwhelmed by something good; the loss itself
    (消える, 失う) is no complaint."""
    for j, tok in enumerate(tokens):
        if tok.lemma == "語彙" and any(t.lemma in _GONE for t in tokens[j + 1 : j + 6]):
            for h in hits:
                if j < h.start < j + 6 and h.score < 0:
                    h.score = 0.0
            return [_Hit(j, j + 1, OVERWHELMED_SCORE, ("語彙力",))]
    return []


MILESTONE_SCORE = 0.6
_CHILDREN = frozenset(
    {
        "子供",
        "子",
        "息子",
        "娘",
        "赤ちゃん",
        "赤ん坊",
        "孫",
        "長男",
        "長女",
        "次男",
        "次女",
        "我が子",
    }
)


def first_time(tokens: Sequence[Token], hits: Sequence[_Hit]) -> list[_Hit]:
    """子どもが初めて歩いた: a child's first time at something is a milestone."""
    for j, tok in enumerate(tokens[:-2]):
        if tok.lemma != "初めて" or not any(
            t.lemma in _CHILDREN for t in tokens[max(0, j - 4) : j]
        ):
            continue
        verb = next(
            (k for k in range(j + 1, min(len(tokens), j + 5)) if tokens[k].pos == "動詞"), None
        )
        if verb is None or any(h.score < 0 and h.start > j for h in hits):
            continue
        if any(t.lemma == "た" for t in tokens[verb + 1 : verb + 4]) and not _denied(
            tokens, verb + 1
        ):
            return [_Hit(j, verb + 1, MILESTONE_SCORE, ("初めて",))]
    return []


#: An hour or a departure: 遅い / 早い before them tell the time, not how slow the service was.
_HOURS = frozenset({"時間", "時刻", "時間帯", "便", "時期"})


def hour_of_day(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """遅い時間のチェックイン, 早い時間の便: a time of day, no complaint (in place)."""
    for h in hits:
        if (
            h.key[0] in ("遅い", "早い")
            and h.end - h.start == 1
            and h.end < len(tokens)
            and tokens[h.end].lemma in _HOURS
        ):
            h.score = 0.0


ALL_ALONG_SCORE = -0.4
_BAD_WEATHER = frozenset({"雨", "雪", "曇り", "大雨", "雨続き"})


def rain_all_along(tokens: Sequence[Token], covered: Sequence[bool]) -> list[_Hit]:
    """ずっと雨, 一日中雨: weather that spoils the days it lasts."""
    for j, tok in enumerate(tokens[:-1]):
        if tok.lemma in ("ずっと", "一日中") and tokens[j + 1].lemma in _BAD_WEATHER:
            if not covered[j + 1]:
                return [_Hit(j, j + 2, ALL_ALONG_SCORE, ("ずっと雨",))]
    return []


WOKEN_SCORE = -0.5
#: When a night's sleep was broken (夜中に, 何度も, 途中で; not 朝7時に).
_BROKEN_SLEEP = ("夜中", "深夜", "何度", "途中", "度々", "明け方", "夜泣き", "未明")


def woken(tokens: Sequence[Token], covered: Sequence[bool]) -> list[_Hit]:
    """夜中に何度も目が覚めた: sleep broken in the night (目が覚めるような景色 is not)."""
    for j, tok in enumerate(tokens):
        if (
            tok.lemma == "覚める"
            and j >= 2
            and tokens[j - 2].lemma == "目"
            and tokens[j - 1].surface in ("が", "も")
            and not covered[j]
            and any(
                w in "".join(t.surface for t in tokens[max(0, j - 10) : j - 2])
                for w in _BROKEN_SLEEP
            )
            and any(t.lemma == "た" for t in tokens[j + 1 : j + 4])
        ):
            return [_Hit(j - 2, j + 1, WOKEN_SCORE, ("目が覚める",))]
    return []


#: Importance said of a thing (大事な会議, 重要な書類) grades the thing, not the writer's day.
_IMPORTANT = frozenset({"大事", "重要"})


def importance(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """大事な書類をシュレッダーに, 大事な会議に遅刻: what was at stake, no praise (in place)."""
    for h in hits:
        if (
            h.score > 0
            and h.key[0] in _IMPORTANT
            and h.end + 1 < len(tokens)
            and tokens[h.end].surface == "な"
            and tokens[h.end + 1].pos == "名詞"
        ):
            h.score = 0.0


REUNION_TEARS_SCORE = 0.5
_TEARS = frozenset({"泣く", "涙", "泣ける", "号泣"})


def tears_of_return(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """4年ぶりに開催されてて泣いた, 久しぶりに会えて泣いた: tears at a return after long
    are joy when nothing bad is named (in place)."""
    ago = next((j for j, t in enumerate(tokens) if t.lemma == "振り" and t.pos == "接尾辞"), None)
    if ago is None:
        return
    tears = [h for h in hits if h.score < 0 and h.key[0] in _TEARS and h.start > ago]
    if tears and all(h.score >= 0 or h in tears for h in hits):
        for h in tears:
            h.score = REUNION_TEARS_SCORE


def called_for(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """改善が望まれます, リフォームが望まれる: what is called for is missing now; the good
    thing named before it is not there (in place)."""
    for r in hits:
        if r.key[:2] != ("望む", "れる"):
            continue
        for h in hits:
            if 0 < h.score and r.start - 4 <= h.start < r.start:
                h.score = 0.0


def describes(tokens: Sequence[Token], j: int) -> bool:
    """〜ようになっています / おります at ``j`` (て): a standing arrangement, told politely in
    the present (色柄を選べるようになっています), not a change the writer saw (jagen4)."""
    after = [t.lemma for t in tokens[j + 1 : j + 4]]
    return after[:2] in (["居る", "ます"], ["おる", "ます"]) and "た" not in after[2:]


IN_THE_END_SCORE = -0.4


def in_the_end(tokens: Sequence[Token], hits: Sequence[_Hit]) -> list[_Hit]:
    """ようやく取れた休み、結局家事で終わった: 結局 + the past tells how a hope came to
    nothing, unless what follows is good (結局買って大正解)."""
    for j, tok in enumerate(tokens):
        if tok.lemma != "結局" or not any(t.lemma == "た" for t in tokens[j + 1 : j + 10]):
            continue
        if any(h.start > j and h.score > 0 for h in hits):
            return []
        return [_Hit(j, j + 1, IN_THE_END_SCORE, ("結局",))]
    return []


def opens_a_clause(tokens: Sequence[Token], j: int) -> bool:
    """でも or 結局 opening a sentence or a clause (でも後悔はない, 結局家事で終わった) turns
    it, as しかし does; UniDic splits sentence-initial でも into で + も."""
    if tokens[j].lemma == "結局":
        # after a contrast (帰ろうと思ってたのに、結局22時) the clause is already turned
        before = [t for t in tokens[max(0, j - 3) : j] if not _is_boundary(t)]
        return not (
            before and before[-1].surface in ("に", "のに", "けど", "けれど", "が", "ものの")
        )
    return (
        tokens[j].surface == "も"
        and j >= 1
        and tokens[j - 1].surface == "で"
        and (j == 1 or tokens[j - 2].pos2 in ("句点", "読点"))
        and j + 1 < len(tokens)
        and not _is_boundary(tokens[j + 1])
    )


def expected(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """座れないと思ってた満員電車、席が空いた: what the writer had expected (と思ってた,
    と思っていた) is not what happened (in place); と思った alone is a verdict."""
    for h in hits:
        rest = [t.lemma for t in tokens[h.end : h.end + 6] if t.lemma not in ("ない", "ず")]
        if (
            h.score
            and rest[:2] == ["と", "思う"]
            and "た" in rest[2:5]
            and any(t in ("てる", "居る") for t in rest[2:5])
        ):
            h.score = 0.0


def grandly(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """盛大にこけた, 派手に転んだ: how big a mishap was, no praise of it (in place)."""
    for h in hits:
        if (
            h.score > 0
            and h.key[0] in ("盛大", "派手")
            and h.end + 1 < len(tokens)
            and tokens[h.end].surface == "に"
            and tokens[h.end + 1].pos == "動詞"
        ):
            h.score = 0.0


def except_for(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """入り口が分かりにくい以外は、完璧なホテル: the one exception named before 以外 gives way
    to the verdict on everything else when that verdict is praise (in place)."""
    for j, tok in enumerate(tokens[:-1]):
        if tok.lemma != "以外" or tokens[j + 1].surface not in ("は", "、", "に"):
            continue
        end = next((k for k in range(j, len(tokens)) if tokens[k].pos2 == "句点"), len(tokens))
        if any(h.score > 0 and j < h.start < end for h in hits):
            for h in hits:
                if (
                    h.end <= j
                    and h.score < 0
                    and not any(t.pos2 == "句点" for t in tokens[h.end : j])
                ):
                    h.score = 0.0


NO_LONGER_SCORE = 0.5


def no_longer_needed(tokens: Sequence[Token], hits: Sequence[_Hit]) -> list[_Hit]:
    """もう通院しなくていい, もう残業しなくて済む: a burden lifted is relief; the burden named
    and the いい of permission are not verdicts of their own."""
    for j, tok in enumerate(tokens):
        if tok.surface != "もう":
            continue
        for k in range(j + 1, min(len(tokens) - 2, j + 6)):
            if (
                tokens[k].lemma == "ない"
                and tokens[k].surface == "なく"
                and tokens[k + 1].surface == "て"
                and tokens[k + 2].lemma in ("良い", "済む", "構う")
            ):
                for h in hits:
                    if j < h.start <= k + 2:
                        h.score = 0.0
                return [_Hit(j, k + 3, NO_LONGER_SCORE, ("もう〜なくていい",))]
    return []


#: Verbs of looking for, asking for and requesting: a quality in their object is what the
#: writer wants, not what they found (安くて丈夫なリュック探してます).
_SEEK = frozenset({"探す", "リクエスト", "希望", "頼む", "依頼", "募集"})
#: Verbs of asking whether (〜できるか問い合わせた): the question they embed is no complaint.
_ASK_WHETHER = frozenset({"問い合わせる", "問い合わせ", "聞く", "尋ねる", "確認", "相談"})
_QUESTION_ENDS = frozenset({"か", "かな", "かしら"})


def _is_question(tokens: Sequence[Token]) -> bool:
    words = [t for t in tokens if not _is_boundary(t) or t.surface in ("?", "？")]
    if not words:
        return False
    tail = "".join(t.surface for t in words[-2:])
    return words[-1].surface in ("?", "？") or (
        words[-1].pos == "助詞" and (words[-1].lemma in _QUESTION_ENDS or tail.endswith("かな"))
    )


def sought(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """美味しいラーメン屋知ってる人いる？, 安くて丈夫なリュック探してます, 景色の良い部屋を
    リクエストしました: a quality the writer asks about or asks for describes what they want,
    not what they found (in place)."""
    seek = next(
        (j for j, t in enumerate(tokens) if t.lemma in _SEEK and t.pos in ("動詞", "名詞")), None
    )
    question = _is_question(tokens)
    if seek is None and not question:
        return
    for h in hits:
        if h.score <= 0 or (seek is not None and h.start >= seek):
            continue
        if seek is None and question and h.start >= len(tokens) - 2:
            continue  # the question's own predicate (美味しいかな?) stays for the question rule
        nxt = tokens[h.end : h.end + 2]
        attributive = bool(nxt) and (
            nxt[0].pos in ("名詞", "接頭辞")
            or (nxt[0].surface in ("な", "の") and len(nxt) > 1 and nxt[1].pos == "名詞")
            or (nxt[0].surface == "て" and seek is not None)  # 安くて丈夫な
        )
        head = tokens[h.start]
        if head.pos == "形容詞" and head.surface.endswith("く") and nxt[0].surface != "て":
            continue  # 早く夏休みにならないかな: an adverb, no quality of a thing
        if attributive and head.pos in ("形容詞", "形状詞", "動詞", "名詞"):
            h.score = 0.0


def asked_whether(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """夕食をもう少し遅くできるか問い合わせました: what the writer asked about (in place)."""
    for j, tok in enumerate(tokens[:-1]):
        if tok.surface == "か" and tok.pos == "助詞" and tokens[j + 1].lemma in _ASK_WHETHER:
            lo = j
            while lo > 0 and not _is_boundary(tokens[lo - 1]):
                lo -= 1
            for h in hits:
                if lo <= h.start < j:
                    h.score = 0.0


#: Things laid out rather than people queueing: 並ぶ after them is no wait.
_LAID_OUT = frozenset({"品", "料理", "メニュー", "商品", "品数", "お菓子", "皿", "店"})


#: jagen5: who queues; anything else that 並んでいる (ベッドが二つ並んでいます) stands in a row.
_QUEUERS = frozenset({"人", "客", "方", "行列", "列", "人々", "皆", "子供", "学生", "ファン"})


def _standing_in_a_row(tokens: Sequence[Token], h: _Hit) -> bool:
    """N が / は / も (数) 並んでいる with N not a person: an arrangement, the state told."""
    rest = [t.lemma for t in tokens[h.end : h.end + 2]]
    if rest != ["て", "居る"]:
        return False
    k = h.start - 1
    while k >= 0 and (
        tokens[k].pos2 == "数詞"
        or tokens[k].pos in ("接尾辞", "副詞")
        or (tokens[k].surface == "と" and k > 0 and tokens[k - 1].pos == "副詞")
    ):
        k -= 1  # 二つ, 3台, ずらっと
    if k < 1 or tokens[k].surface not in ("が", "は", "も"):
        return False
    return tokens[k - 1].pos == "名詞" and tokens[k - 1].lemma not in _QUEUERS


def laid_out(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """40品ほど並びます, 料理がずらりと並ぶ: a spread laid out, not a queue (in place)."""
    for h in hits:
        if h.key[0] == "並ぶ" and h.score < 0:
            if any(
                t.lemma in _LAID_OUT for t in tokens[max(0, h.start - 5) : h.start]
            ) or _standing_in_a_row(tokens, h):
                h.score = 0.0


def booking_tip(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """早めの予約をおすすめします: a tip about booking, no verdict on the stay (in place)."""
    for j, tok in enumerate(tokens):
        if tok.lemma == "予約" and tokens[j + 1 : j + 2] and tokens[j + 1].surface == "を":
            for h in hits:
                if "勧める" in h.key and j < h.start <= j + 4:
                    h.score = 0.0


#: The lemmas that can fire a rule of this module (a gate for evidence_ja).
TRIGGERS = (
    _FACE
    | _RUBBISH
    | {
        "場合",
        "初めて",
        "語彙",
        "此の",
        "思わず",
        "思う",
        "何",
        "違う",
        "遅い",
        "早い",
        "ずっと",
        "一日中",
        "覚める",
        "振り",
        "望む",
        "結局",
        "盛大",
        "以外",
        "もう",
        "か",
        "?",
        "？",
        "かな",
        "並ぶ",
        "予約",
        "派手",
    }
    | _IMPORTANT
    | _SEEK
    | _KILOS
    | _SURPASS
)
