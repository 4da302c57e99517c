"""Complaints and praise made of neutral words: what was missing, refused or could not be done,
waits and noise, regret and things suffered, kindness received and relief, "A のに B",
exasperation, coming back (また〜たい), and words no dictionary has scored from their parts."""

from __future__ import annotations

from collections.abc import Sequence

from analytics.sentiment.clauses_ja import (
    _ADVERBIAL_NOUNS,
    _BENEFACTIVE,
    _NEGATION_CARRIERS,
    _NEGATION_LEMMAS,
    _NOUNISH,
    AGAIN_SCORE,
    NEGATE_POSITIVE,
    _hazu_ga,
    _Hit,
    _is_boundary,
    _is_contrast,
    _is_negation,
    _negated,
    _rhetorical,
)
from analytics.sentiment.dictionary_ja import (
    Lexicon,
)
from analytics.sentiment.spelling_ja import (
    _E_ROW,
    _is_adjective,
)
from analytics.sentiment.words_ja import (
    Token,
    _raw_tokens,
)

#: "There was no X" (冷蔵庫がなかった), "they would not do it for me" (対応してくれなかった)
#: and "could not" (予約できなかった): complaints made of neutral words and a negation.
MISSING_SCORE = -0.3
REFUSED_SCORE = -0.5
COULD_NOT_SCORE = -0.4
NOT_DONE_SCORE = -0.4
#: What a device or a service does when it works (jarev): negated, a malfunction.
_WORKS = frozenset(
    {
        "動く",
        "起動",
        "作動",
        "反応",
        "映る",
        "機能",
        "稼働",
        "点灯",
        "効く",
        "開く",
        "流れる",
        "来る",
        "持つ",  # バッテリーが一日持たない
    }
)
#: jarev2 (ja-lex-42): 電源が入らない, スイッチが入らなくなった: a device that will not switch on.
_POWER = frozenset({"電源", "スイッチ"})


def _power_on(tokens: Sequence[Token], k: int) -> bool:
    return tokens[k].lemma == "入る" and any(t.lemma in _POWER for t in tokens[max(0, k - 3) : k])


#: jarev3 (ja-lex-44): a booking, an order or a request that never reached the hotel or the
#: kitchen (予約が通っていなかった, 注文が入っていない, 要望が伝わっていなかった): what should
#: have been done was not, and worse than a towel not changed. UniDic reads 通って as 通う.
BOOKING_LOST_SCORE = -0.6
_BOOKED = frozenset(
    {"予約", "注文", "オーダー", "要望", "依頼", "リクエスト", "連絡", "伝言", "申し送り", "希望"}
)
_REGISTERED = frozenset({"通る", "通う", "入る", "取れる", "伝わる", "届く", "反映", "登録"})


def _asked_whether(tokens: Sequence[Token], j: int) -> bool:
    """The negation at ``j`` sits in an embedded question (予約が取れないのか教えてください,
    届いていないかご確認ください): asked about, not told."""
    after = [t.surface for t in tokens[j + 1 : j + 3]]
    return after[:1] == ["か"] or after == ["の", "か"]


def _not_registered(tokens: Sequence[Token], k: int) -> int | None:
    """Start of "予約 が 通っ て い ない" whose negation's head is at ``k`` (て, or the verb
    itself: 予約が取れなかった is the could-not rule's, 伝わらなかった this one's)."""
    v = k - 1 if tokens[k].surface in ("て", "で") else k
    if v < 0 or tokens[v].lemma not in _REGISTERED:
        return None
    if v >= 1 and tokens[v - 1].lemma == "為る" and v >= 2 and tokens[v - 2].lemma == "反映":
        v -= 2
    for n in range(v - 1, max(-1, v - 5), -1):
        if _is_boundary(tokens[n]) or _is_contrast(tokens[n]):
            return None
        if tokens[n].lemma in _BOOKED:
            return n
    return None


#: jarev3: places one gets into (お風呂に入れなかった, 駐車場に入れない).
_ENTERED = frozenset(
    {"風呂", "湯船", "浴槽", "浴場", "温泉", "露天", "露天風呂", "サウナ", "部屋", "店", "店内"}
    | {"会場", "館内", "駐車場", "中"}
)
#: jarev3 (ja-lex-44): what was due and had not come (迎えが来ていなかった, 返信がまだ届いて
#: いない).
_ARRIVES = frozenset({"来る", "届く", "着く", "見える", "迎える"})
#: jarev3 (ja-lex-44): what the staff owe a guest, told as absent (補充がなかった, 説明が一切
#: なかった, 清掃がありませんでした): a service not given, like 交換されていなかった.
_SERVICE = frozenset(
    {"補充", "清掃", "掃除", "交換", "説明", "案内", "連絡", "返信", "返事", "謝罪", "補給"}
)


#: "No questions / no comments": nothing to say, not a complaint.
_NOTHING_TO_SAY = frozenset({"質問", "意見", "要望", "コメント", "感想", "特記事項", "連絡事項"})


#: "Again" + coming back or buying again (また利用させていただきます, また来ます): a
#: customer who means to return.
_RETURN_LEMMAS = frozenset(
    {
        "利用",
        "泊まる",
        "宿泊",
        "来る",
        "伺う",
        "参る",
        "訪れる",
        "訪問",
        "寄る",
        "買う",
        "購入",
        "注文",
        "頼む",
        "リピート",
        "お邪魔",
        # jamix (ja-lex-41): a workshop's participant wanting to come again (また参加したい)
        "参加",
        "受講",
        "出席",
    }
)
_RETURN_VERBS = frozenset({"行く", "来る", "泊まる", "使う", "買う", "頼む", "利用", "為る"})
#: 次回も / 今度も / ぜひ / 絶対 + coming back + たい: a wish to return (praise), like また.
_NEXT_TIME = frozenset({"次回", "次", "今度", "ぜひ", "是非", "絶対", "必ず", "いつか"})


_ELSEWHERE = frozenset({"別", "他", "外", "違う", "以外", "他所"})


def _wants_to_return(tokens: Sequence[Token], k: int) -> float:
    window = []
    for t in tokens[k : k + 8]:
        if _is_boundary(t) or _is_contrast(t):
            break
        window.append(t.lemma)
    if "たい" not in window:
        return 0.0
    if _want_to(tokens, k + window.index("たい"))[0] < 0:
        return NEVER_AGAIN_SCORE  # 次回も泊まりたいとは思いません (jarev)
    wish = k + window.index("たい")
    if tokens[wish].surface == "たく" and wish + 1 < len(tokens) and _is_negation(tokens[wish + 1]):
        return NEVER_AGAIN_SCORE  # また行きたくない: the negation reaches the wish (jagen)
    if any(lemma in _ELSEWHERE for lemma in window):
        return NEVER_AGAIN_SCORE
    returns = (_RETURN_LEMMAS | _RETURN_VERBS) - {"為る"}
    return AGAIN_SCORE if any(lemma in returns for lemma in window) else 0.0


#: jarev3 (ja-lex-44): coming back told as a plan, not a wish (次回も利用させていただきます,
#: 次の出張もここにします, 今度も泊まります): praise; 次は他にします is never again.
_HERE = frozenset({"此処", "此方", "此所"})


def _will_return(tokens: Sequence[Token], j: int) -> float:
    """次回 / 次 / 今度 at ``j`` + (の X) も + a verb of coming back in the present (no たい:
    that is _wants_to_return's), or は + elsewhere."""
    k = j + 1
    if k + 1 < len(tokens) and tokens[k].surface == "の" and tokens[k + 1].pos == "名詞":
        k += 2  # 次の出張も
    if k + 1 < len(tokens) and tokens[k].surface == "で" and tokens[k + 1].surface == "も":
        k += 1  # 次回の出張でも (jagen)
    if k >= len(tokens) or tokens[k].surface not in ("も", "は"):
        return 0.0
    also = tokens[k].surface == "も"
    window: list[Token] = []
    for t in tokens[k + 1 : k + 9]:
        if _is_boundary(t) or _is_contrast(t):
            break
        window.append(t)
    lemmas = [t.lemma for t in window]
    if not lemmas or any(
        lm in ("た", "たい", "か", "ない", "ず", "ば", "たら", "なら", "と") for lm in lemmas
    ):
        return 0.0  # 次回も同じだったら, 次回は行くか: no plan told
    here = (
        any(
            t.lemma in _HERE and n + 2 < len(window) and window[n + 1].surface == "に"
            for n, t in enumerate(window)
        )
        and "為る" in lemmas
    )
    returns = any(lm in _RETURN_LEMMAS or lm in ("泊まる", "願う") for lm in lemmas) or here
    if not returns and not (not also and "為る" in lemmas):
        return 0.0
    if any(lm in _ELSEWHERE for lm in lemmas):
        return NEVER_AGAIN_SCORE if not also else 0.0
    return AGAIN_SCORE if also and returns else 0.0


ONLY_SCORE = -0.4
NEVER_AGAIN_SCORE = -0.8
LONG_WAIT_SCORE = -0.5
NOISE_SCORE = -0.5
#: Sounds a guest is glad to hear (波の音, 鳥の声).
_NATURE = frozenset({"鳥", "小鳥", "波", "川", "虫", "鈴虫", "風", "雨", "海", "滝", "蝉"})
_WAIT_LEMMAS = frozenset({"待つ", "待たす", "掛かる"})


#: jarev3 (ja-lex-44): a wait told in words rather than minutes (料理が出てくるまでずいぶん
#: かかった, 呼んでから来るまでかなりかかりました); 費用がかなりかかった has no まで.
_A_LOT = frozenset({"随分", "可成", "かなり", "大分", "結構", "相当", "中々"})


def _long_in_words(tokens: Sequence[Token], j: int) -> bool:
    """掛かる at ``j`` after a degree adverb, in the past, with まで earlier in the clause."""
    if tokens[j].lemma != "掛かる" or j < 2 or tokens[j - 1].lemma not in _A_LOT:
        return False
    if not any(t.lemma == "た" for t in tokens[j + 1 : j + 4]):
        return False
    for k in range(j - 2, max(-1, j - 9), -1):
        t = tokens[k]
        if _is_boundary(t) or _is_contrast(t):
            return False
        if t.surface in ("まで", "までに"):
            return True
    return False


def _potential(tok: Token) -> bool:
    """The potential form of a verb (眠れ, 使え, 立ち直れ, 寝れ), which UniDic tags as an
    ichidan verb with the plain verb's lemma: the plain stem plus an e-row kana."""
    return (
        tok.pos == "動詞"
        and tok.ctype.startswith("下一段")
        and len(tok.surface) == len(tok.lemma)
        and (
            tok.surface[:-1] == tok.lemma[:-1]
            # jagen: a kanji the lemma spells otherwise (撮れ, lemma 取る; 録れ, 採れ)
            or (
                _kanji(tok.surface[0])
                and _kanji(tok.lemma[0])
                and tok.surface[1:-1] == tok.lemma[1:-1]
            )
        )
        and tok.surface[-1:] in _E_ROW
    )


def _kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _expectation(tokens: Sequence[Token], hit: _Hit) -> bool:
    """楽しみにしていた / 期待していた: an expectation told in the past, which the rest of
    the comment meets or disappoints; not itself praise (楽しみにしています is)."""
    if hit.key[0] not in ("楽しみ", "期待") or hit.end + 1 >= len(tokens):
        return False
    rest = tokens[hit.end : hit.end + 6]
    if rest[0].surface not in ("に", "を", "し") and rest[0].lemma != "為る":
        return False
    return any(t.lemma == "為る" for t in rest[:2]) and any(
        t.lemma == "た" and t.pos == "助動詞" for t in rest
    )


def _missing_or_refused(
    tokens: Sequence[Token], covered: Sequence[bool], gated: bool = True
) -> list[_Hit]:
    out = []
    for j, tok in enumerate(tokens):
        # japerf gate: a new rule here adds its triggers to _NEGATION_TRIGGERS
        if gated and tok.lemma not in _NEGATION_TRIGGERS:
            continue
        if not _is_negation(tok) or covered[j] or _rhetorical(tokens, j):
            continue
        k = j - 1
        particle = False
        while k >= 0 and (
            tokens[k].lemma in ("有る", "居る", "ます", "です", "だ")
            or (tokens[k].pos == "助詞" and tokens[k].lemma in ("が", "は", "も"))
            or tokens[k].lemma in _ADVERBIAL_NOUNS  # jarev3: 説明が一切なく
        ):
            particle = particle or tokens[k].pos == "助詞"
            k -= 1
        if k >= 0 and particle and tokens[k].lemma in _SERVICE:
            # jarev3: アメニティの補充がなかった, 説明が一切なく: a service not given
            out.append(_Hit(k, j + 1, NOT_DONE_SCORE, ("されていない",)))
            continue
        if k < 0 or covered[k]:
            continue
        head = tokens[k]
        if head.lemma in _NEGATION_CARRIERS and any(covered[max(0, k - 3) : k]):
            continue  # 不満な点はない: the judgement before it is what is denied
        if head.lemma == "事" and k > 0 and tokens[k - 1].lemma == "言う":
            continue  # 特に言うことはない: nothing to say
        if head.lemma in ("つ", "度", "回") and k > 0 and tokens[k - 1].pos2 == "数詞":
            continue  # 一度もなかった: "never", said of what comes before
        if head.surface == "しか" and head.pos == "助詞":
            # エレベーターが1基しかない: only that much (a complaint); 感謝しかありません,
            # 不安しかない: nothing but the word before, which gives the sign (jarev3)
            if not (k > 0 and covered[k - 1]):
                out.append(_Hit(k, j + 1, ONLY_SCORE, ("しかない",)))
        elif (
            head.lemma in _RETURN_VERBS
            and k > 0
            and any(t.surface == "もう" for t in tokens[max(0, k - 3) : k])
        ):
            out.append(_Hit(k, j + 1, NEVER_AGAIN_SCORE, ("もう行かない",)))  # もう行かない
        elif head.lemma in ("れる", "られる") and k > 0 and tokens[k - 1].pos == "動詞":
            head = tokens[k - 1]  # 食べられない, 寝られなかった: could not
            if covered[k - 1]:
                continue
            out.append(_Hit(k - 1, j + 1, COULD_NOT_SCORE, ("出来ない",)))
        elif head.lemma in _BENEFACTIVE:
            out.append(_Hit(k, j + 1, REFUSED_SCORE, ("呉れない",)))
        elif (
            head.surface in ("て", "で")
            and k > 1
            and tokens[k - 1].lemma in _ARRIVES
            and tokens[k - 2].surface in ("が", "も", "は", "まだ")
        ):
            # jarev3: 迎えが来ていなかった, 荷物がまだ届いていない: what was due never came
            out.append(_Hit(k - 1, j + 1, NOT_DONE_SCORE, ("されていない",)))
        elif (n := _not_registered(tokens, k)) is not None and not _asked_whether(tokens, j):
            # jarev3: 予約が通っていなかった, 要望が伝わっていなかった
            # the state (通っていなかった) is a booking lost; 予約が取れない may only be full
            lost = BOOKING_LOST_SCORE if head.surface in ("て", "で") else NOT_DONE_SCORE
            out.append(_Hit(n, j + 1, lost, ("されていない",)))
        elif (
            head.surface in ("て", "で", "てる")
            and k > 0
            and tokens[k - 1].lemma in ("れる", "られる")
        ):
            # 補充されていなかった, 交換されてない: what should have been done was not (jarev)
            out.append(_Hit(k - 1, j + 1, NOT_DONE_SCORE, ("されていない",)))
        elif (
            head.lemma in _WORKS
            or (head.lemma == "為る" and k > 0 and tokens[k - 1].lemma in _WORKS)
            or _power_on(tokens, k)
        ) and not (k > 0 and tokens[k - 1].surface == "を"):  # 荷物を持たないで: an object
            # 動かない, 起動しません, 反応しなくなった: a thing that does not work (jarev)
            out.append(_Hit(k, j + 1, REFUSED_SCORE, ("動かない",)))
        elif (
            head.surface in ("て", "で")
            and k > 0
            and not covered[k - 1]
            and (_potential(tokens[k - 1]) or tokens[k - 1].lemma == "出来る")
        ):
            # 眠れていない, できていない: still could not (jasns)
            out.append(_Hit(k - 1, j + 1, COULD_NOT_SCORE, ("出来ない",)))
        elif (
            head.surface == "て"
            and k > 1
            and tokens[k - 1].surface == "なっ"
            and tokens[k - 2].surface == "が"
        ):
            # jarev3: 教育がなっていない, 躾がなってない: not up to the mark
            out.append(_Hit(k - 1, j + 1, REFUSED_SCORE, ("なっていない",)))
        elif (
            head.lemma == "出来る"
            or _potential(head)
            # jarev3: お風呂に入れなかった, 休めなかった: UniDic files these potentials under
            # the verbs 入れる (put in) and 休める (rest something)
            or (
                head.lemma == "入れる"
                and k > 1
                and tokens[k - 1].surface == "に"
                and (
                    tokens[k - 2].lemma in _ENTERED
                    or (k > 2 and tokens[k - 3].surface + tokens[k - 2].surface in _ENTERED)
                )
            )
            or (head.lemma == "休める" and not (k > 0 and tokens[k - 1].surface == "を"))
        ):
            out.append(_Hit(k, j + 1, COULD_NOT_SCORE, ("出来ない",)))
        elif head.pos == "動詞" and any(t.lemma == "中々" for t in tokens[max(0, k - 3) : k]):
            # なかなか来ない, なかなか効かない: what should happen does not (a complaint)
            out.append(_Hit(k, j + 1, COULD_NOT_SCORE, ("中々ない",)))
        elif (
            particle
            and (head.pos in _NOUNISH or head.pos == "代名詞")
            and head.lemma not in _NOTHING_TO_SAY
            and not _is_boundary(head)
        ):
            out.append(_Hit(k, j + 1, MISSING_SCORE, ("無い",)))
    return out


#: A word no dictionary has, scored from the word it is made of, as a milder version of it.
BACK_OFF_FACTOR = 0.8
SOMEWHAT_FACTOR = 0.6


def _back_off(lex: Lexicon, tok: Token) -> float:
    """A compound adjective whose last part is evaluative (蒸し暑い, 肌寒い: 暑い, 寒い) and
    the "somewhat X" form of an adjective (狭め, 古め, 暗め: 狭い, 古い, 暗い)."""
    if tok.pos == "形容詞" and len(tok.lemma) >= 3:
        for k in range(1, len(tok.lemma) - 1):
            score = lex.entries.get((tok.lemma[k:],))
            if score and (tok.lemma[k:],) not in lex.weak:
                return score * BACK_OFF_FACTOR
        return 0.0
    if tok.pos in ("名詞", "形状詞") and len(tok.surface) >= 2 and tok.surface.endswith("め"):
        stem = tok.surface[:-1] + "い"
        if _is_adjective(stem):
            adjective = _raw_tokens(stem)[0].lemma
            if (adjective,) in lex.direction:
                return 0.0  # 高め, 安め are direction words, resolved against their target
            return lex.entries.get((adjective,), 0.0) * SOMEWHAT_FACTOR
    return 0.0


#: てしまった / ちゃった on a neutral verb: something that went wrong (忘れてしまった,
#: 寝坊しちゃった); not on the verbs of a treat (買っちゃった, 食べちゃった).
REGRET_SCORE = -0.3
#: The adversative passive with an object (足を踏まれた, 財布を盗まれた): done to the writer.
SUFFERED_SCORE = -0.4
_TREATS = frozenset({"買う", "食べる", "飲む", "頼む", "注文", "予約", "ぽちる", "ポチる"})


def _regret_or_suffered(
    tokens: Sequence[Token], covered: Sequence[bool], hits: Sequence[_Hit], gated: bool = True
) -> list[_Hit]:
    # A weak noun (寝坊, 舌打ち) is the event itself: the construction says how it went.
    spans = [(h.start, h.end) for h in hits if h.score and not h.weak]
    out = []
    for j, tok in enumerate(tokens):
        # japerf gate: a new rule here adds its triggers to _REGRET_TRIGGERS
        if gated and tok.lemma not in _REGRET_TRIGGERS:
            continue
        if j == 0 or not (
            any(t.lemma == "た" or t.surface in ("て", "で") for t in tokens[j + 1 : j + 3])
            or (j > 1 and tokens[j - 1].lemma in _CAUSATIVE)  # させられます: habitually
        ):
            continue
        regret = (tok.lemma == "仕舞う" and tokens[j - 1].surface in ("て", "で")) or (
            tok.lemma == "ちゃう" and tok.pos == "助動詞"
        )
        suffered = tok.lemma in ("れる", "られる") and tok.pos == "助動詞"
        if suffered and j + 1 < len(tokens) and _is_negation(tokens[j + 1]):
            continue  # 嫌な顔ひとつされず, 踏まれなかった: nothing was done to the writer (jagen5)
        if not (regret or suffered):
            continue
        if suffered and (forced := _forced(tokens, j)) is not None:
            if not any(a <= forced < b for a, b in spans):
                out.append(_Hit(forced, j + 1, SUFFERED_SCORE, ("れる",)))
            continue
        k = j - 1 if tok.lemma != "仕舞う" else j - 2
        while k > 0 and tokens[k].lemma == "為る":
            k -= 1  # 寝坊しちゃった, 舌打ちされた: the verbal noun is the event
        if k < 0 or any(a <= k < b for a, b in spans):
            continue
        after = next((t for t in tokens[j + 1 :] if t.pos == "名詞" or t.lemma == "た"), None)
        if after is not None and after.lemma == "た":
            nxt = tokens.index(after, j + 1) + 1
            if nxt < len(tokens) and tokens[nxt].pos == "名詞":
                continue  # 本を読まれた方, 撮られた写真: a relative clause names, it does not tell
        head = tokens[k]
        if regret and head.lemma not in _TREATS and head.pos in ("動詞", "名詞"):
            out.append(_Hit(k, j + 1, REGRET_SCORE, ("仕舞う",)))
        elif (
            suffered
            and head.pos == "動詞"
            and k >= 2
            and tokens[k - 1].surface == "を"
            and head.lemma not in _ASKING
            and head.lemma not in _GIVING
        ):
            out.append(_Hit(k, j + 1, SUFFERED_SCORE, ("れる",)))
    return out


#: jarev3 (ja-lex-44): the causative passive (同じ説明をさせられる, 何度も書き直させられた):
#: made to do it, a complaint; not the verbs of being moved or taught (考えさせられる,
#: 勉強させられた, 感動させられた are praise in a review or a workshop).
_CAUSATIVE = frozenset({"せる", "させる"})
_MOVED = frozenset(
    {"考える", "勉強", "感動", "感心", "納得", "気付く", "唸る", "驚く", "反省", "学ぶ", "実感"}
    | {"思い知る", "笑う", "楽しむ", "感じる", "魅了"}
)


def _forced(tokens: Sequence[Token], j: int) -> int | None:
    """Index of the verb made to act in "V させ られる" for the られる at ``j``."""
    if j < 2 or tokens[j - 1].lemma not in _CAUSATIVE or tokens[j - 1].pos != "助動詞":
        return None
    k = j - 2
    if tokens[k].pos != "動詞":
        return None
    if tokens[k].lemma == "為る" and k > 0 and tokens[k - 1].pos == "名詞":
        k -= 1  # 説明させられる: the verbal noun is the act
    return None if tokens[k].lemma in _MOVED else k


#: janeu: verbs of asking and calling in the passive tell a procedure, not a wrong suffered
#: (身分証の提示を求められた, 道を聞かれた, 病院で名前を呼ばれた).
_ASKING = frozenset({"求める", "聞く", "訊く", "尋ねる", "呼ぶ"})
#: jagen5: verbs of handing over: in the passive the writer was given something (クーポン券を
#: 渡された, パンフレットを配られた), nothing done against them.
_GIVING = frozenset({"渡す", "手渡す", "配る", "配布", "差し出す", "贈る", "提供", "紹介"})


#: A kindness received (〜てくれた, 〜ていただきました) and relief at last (やっと, ようやく):
#: mild praise, outweighed by any complaint in the same comment.
BENEFIT_SCORE = 0.3
RELIEF_SCORE = 0.3
_AT_LAST = frozenset({"漸と", "漸く"})


def _done_for_me(tokens: Sequence[Token], k: int) -> bool:
    """The benefactive verb before ``k`` is affirmative and in the past (くれた, 頂きました),
    not a request (ください) or a question (もらえますか)."""
    for tok in tokens[k : k + 3]:
        if _is_negation(tok) or tok.lemma == "か":
            return False
        if tok.lemma == "た" and tok.pos == "助動詞":
            return not any(t.lemma == "か" or t.surface == "?" for t in tokens[k : k + 6])
        if tok.surface == "、" and (
            tok is tokens[k]
            # jagen4: 覚えててくれて、…置いてあった (the te-form, then the main clause)
            or (tokens[k].surface == "て" and k + 1 < len(tokens) and tok is tokens[k + 1])
        ):
            # jarev: the continuative (迎えてくださり、…) before a main clause in the past
            return _past_main_clause(tokens, tokens.index(tok, k) + 1)
        if tok.lemma not in ("ます", "てる", "居る") and not (
            tok.surface == "て" and tok is tokens[k]
        ):
            return False  # jadiary: 作ってくれてた, 待っててくれていた (still kind, in the past)
    return False


def _past_main_clause(tokens: Sequence[Token], k: int) -> bool:
    """The sentence from ``k`` ends in the affirmative past (…疲れが取れました)."""
    past = False
    for tok in tokens[k:]:
        if _is_boundary(tok) and tok.pos2 == "句点":
            break
        if _is_negation(tok) or tok.lemma == "か" or tok.surface == "?":
            return False
        past = past or (tok.lemma == "た" and tok.pos == "助動詞")
    return past


#: "A のに B": B happened against what A led one to expect (着いたのに満室, 来たのに閉まって
#: いた): a mild complaint, which a clearly positive B outweighs (安いのに美味しい).
UNEXPECTED_SCORE = -0.3


def _split_noni(tokens: Sequence[Token], j: int) -> bool:
    """The concessive のに that UniDic splits into の + に (着いたのに, 休みなのに, 高いのに);
    after a plain verb it is a purpose (駅に行くのに便利), not a concession."""
    if not (0 < j and j + 1 < len(tokens)):
        return False
    tok, prev = tokens[j], tokens[j - 1]
    return (
        tok.surface == "に"
        and tok.pos2 == "格助詞"
        and prev.surface == "の"
        and prev.pos2 == "準体助詞"
        and j >= 2
        and (
            (tokens[j - 2].pos == "助動詞" and tokens[j - 2].lemma in ("た", "だ"))
            or tokens[j - 2].pos == "形容詞"
        )
    )


def _sets_the_scene(tokens: Sequence[Token], j: int) -> bool:
    """〜たら before a main clause in the past sets the scene for what happened next
    (道に迷っていたら教えてくれた, 使ってみたら壊れていた): the main clause is the point, as
    after a contrast. A hypothetical (雨が降ったら最悪) has no past main clause."""
    tok = tokens[j]
    if tok.lemma in ("時", "際") and tok.pos == "名詞":  # jarev3: 体調を崩した際も
        # jamix (ja-lex-41): 困った時に助けてくれた, 焦っている時でも落ち着いて対応してくれた,
        # 忙しい時に限って固まる: a clause of time
        # after a predicate is the circumstance; the main clause says how it went.
        return (
            0 < j < len(tokens) - 1
            and tokens[j - 1].pos in ("動詞", "形容詞", "助動詞")
            and (
                tokens[j + 1].surface in ("に", "は", "も", "には")
                or [t.surface for t in tokens[j + 1 : j + 3]] == ["で", "も"]
            )
        )
    if tok.surface not in ("たら", "だら") or tok.pos not in ("助動詞", "助詞"):
        return False
    for t in tokens[j + 1 :]:
        if _is_boundary(t) and t.pos2 == "句点":
            return False
        if t.lemma == "た" and t.pos == "助動詞":
            return True
    return False


def _concession_split(tokens: Sequence[Token], j: int) -> bool:
    """jarev (ja-lex-18): the concessive ものの that UniDic reads as 物 + の (良かったものの、
    品数こそ多いものの、) and "except for A" (Aを除けば、 A以外は): what follows is the point."""
    tok = tokens[j]
    if j < 2 or tok.pos not in ("助詞", "名詞"):
        return False
    prev = tokens[j - 1]
    if tok.pos == "名詞" and tok.lemma != "所":
        return False
    if tok.surface == "ば" and prev.lemma == "除く":
        return True
    if (
        tok.lemma == "所"
        and prev.lemma == "た"
        and j + 1 < len(tokens)
        and tokens[j + 1].surface in ("、", ",")
    ):
        return True  # 電話したところ、すぐに送っていただけた: what happened next is the point
    if tok.surface == "より" and prev.lemma == "言う" and tokens[j - 2].surface == "と":
        return True  # 改良と言うより改悪: the second word is the verdict
    if (
        tok.surface == "も"
        and prev.surface == "で"
        and tokens[j - 2].pos in ("名詞", "代名詞")
        and j + 1 < len(tokens)
        and tokens[j + 1].surface in ("、", ",")
    ):
        return True  # 苦手な私でも、…: even so, what follows is the point
    return (
        tok.surface == "の"
        and prev.lemma == "物"
        and tokens[j - 2].pos in ("助動詞", "形容詞", "動詞")
        and j + 1 < len(tokens)
        and tokens[j + 1].surface in ("、", ",")
    )


def _against_expectation(
    tokens: Sequence[Token], clause_of: Sequence[int], gated: bool = True
) -> list[_Hit]:
    out = []
    for j, tok in enumerate(tokens):
        # japerf gate: a new rule here adds its triggers to _AGAINST_*
        if gated and tok.lemma not in _AGAINST_LEMMAS and tok.surface not in _AGAINST_SURFACES:
            continue
        if not (
            (tok.lemma == "のに" and tok.pos2 == "接続助詞")
            or _split_noni(tokens, j)
            or _hazu_ga(tokens, j)
        ):
            continue
        clause = clause_of[j]
        span = [k for k in range(j + 1, len(tokens)) if clause_of[k] == clause]
        content = [k for k in span if tokens[k].pos in ("名詞", "動詞", "形容詞", "形状詞")]
        if content:  # on のに itself: a negation in B (勉強してない) is part of the complaint
            out.append(_Hit(j, j + 1, UNEXPECTED_SCORE, ("のに",)))
    return out


#: Exasperation: a statement closed by かよ (また遅延かよ, まじかよ) or a "why" / "how many
#: times" that ends as a statement (なんで今日に限って雨なんだよ, 何回言わせるんだ). A real
#: question keeps its question mark or か and is left to the question rule.
EXASPERATION_SCORE = -0.3
_WHY = frozenset({"何で", "なんで", "何故", "どうして"})


def _exasperated(tokens: Sequence[Token]) -> bool:
    if any(t.surface == "?" for t in tokens):
        return False
    # japerf: the last three words decide most comments; all of them only for a "why"
    words: list[Token] = []
    for t in reversed(tokens):
        if not (_is_boundary(t) and t.surface in ("!", "。", "…", ".")):
            words.append(t)
            if len(words) == 3:
                break
    words.reverse()
    if len(words) < 2:
        return False
    if words[-1].surface == "よ" and (
        (words[-2].surface == "か" and words[-2].pos == "助詞") or words[-2].surface == "まじか"
    ):
        return True
    tail = "".join(t.surface for t in words[-3:])
    rhetorical = tail.endswith(("んだ", "んだよ", "のよ", "んだよね", "わけ"))
    if not rhetorical:
        return False
    words = [t for t in tokens if not (_is_boundary(t) and t.surface in ("!", "。", "…", "."))]
    why = any(
        t.lemma in _WHY
        or t.surface in _WHY
        or (t.lemma == "何" and n + 1 < len(words) and words[n + 1].lemma in ("回", "度", "で"))
        for n, t in enumerate(words)
    )
    return rhetorical and why


#: "Makes one want to" (食べたいと思える味, また来たいと思わせる) is praise; "does not make
#: one want to" (行きたいとは思わない) is the opposite.
WANT_TO_SCORE = 0.6


def _want_to(tokens: Sequence[Token], j: int) -> tuple[float, int]:
    """(score, end) of "V たい と(は) 思える / 思わない" at the たい at ``j``."""
    k = j + 1
    if k < len(tokens) and tokens[k].surface == "と":
        k += 1
    if k < len(tokens) and tokens[k].surface == "は":
        k += 1
    if k == j + 1 or k >= len(tokens) or tokens[k].lemma not in ("思う", "思わせる"):
        return 0.0, j + 1
    for n in range(k + 1, min(len(tokens), k + 4)):
        if _is_negation(tokens[n]):
            return -WANT_TO_SCORE, n + 1  # the negation is this hit's own
    if tokens[k].surface.startswith(("思え", "思わせ")):
        return WANT_TO_SCORE, k + 1
    return 0.0, j + 1


#: japerf trigger gates of the rule loops above (see ``evidence_ja``): a new rule in one of
#: them must add its trigger words here.
#: Negations (what was missing, refused or could not be done).
_NEGATION_TRIGGERS = _NEGATION_LEMMAS | {"へん"}
#: てしまった / ちゃった and the passive.
_REGRET_TRIGGERS = frozenset({"仕舞う", "ちゃう", "れる", "られる"})
#: のに, and の + に, はずが.
_AGAINST_LEMMAS = frozenset({"のに"})
_AGAINST_SURFACES = frozenset({"に", "が"})


def _manner_denied(tokens: Sequence[Token], hits: list[_Hit]) -> None:
    """jarev3 (ja-lex-44): "A て V-could-not" (落ち着いて過ごせなかった, 安心して遊べません
    でした): the manner A is what was missed, so its praise is denied with the verb."""
    for p, tok in enumerate(tokens):
        if p < 2 or tokens[p - 1].surface not in ("て", "で"):
            continue
        if not (_potential(tok) or tok.lemma == "出来る") or not _negated(tokens, p + 1):
            continue
        for h in hits:
            if h.score > 0 and (
                h.end == p - 1 or (h.end == p - 2 and tokens[h.end].lemma == "為る")  # 安心して
            ):
                h.score *= NEGATE_POSITIVE


def _not_too(tokens: Sequence[Token], end: int) -> bool:
    """jarev3: すぎ at ``end`` denied right after (多すぎず, 甘すぎない味): not too much; a
    closing 可愛すぎない? / やばすぎない is an exclamation, not a denial."""
    k = end + 1
    if k >= len(tokens) or not _is_negation(tokens[k]):
        return False
    if tokens[k].surface == "ず":
        return True  # (可愛すぎん? reads ん as ず: an exclamation)
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    return nxt is not None and (
        nxt.pos in _NOUNISH or nxt.surface in ("ので", "し", "から", "くらい", "程度")
    )
