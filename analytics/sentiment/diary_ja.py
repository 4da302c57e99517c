"""Everyday diary posts (issue 14, jadiary): the writer's feeling told through what happens
to them rather than evaluative words. Days and events are good or bad for the writer (a
holiday, a payday, a trip / work, school, Monday, an exam), and how the post places them
says the feeling: looked forward to (明日から3連休, 週末のBBQまであと2日), exclaimed
(給料日だ!, 金曜日だー), over (テスト終わった is relief, 夏休み終わる a loss), or sighed at
(明日からまた月曜日か, もう12月か). Words of events themselves (昇進, 不合格, 既読スルー)
are in ``lexicon_ja.EVERYDAY_LIFE``."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from analytics.sentiment.clauses_ja import ACHIEVED_SCORE, _achieved, _Hit, _is_boundary
from analytics.sentiment.words_ja import Token

#: Days and events a writer looks forward to (UniDic lemmas; 給料日 / 誕生日 / 金曜日 are
#: the first lemma + 日).
TREATS = frozenset(
    {
        "連休",
        "夏休み",
        "冬休み",
        "春休み",
        "休み",
        "休日",
        "週末",
        "金曜",
        "土曜",
        "有給",
        "旅行",
        "温泉",
        "ライブ",
        "フェス",
        "誕生",
        "記念",
        "デート",
        "BBQ",
        "バーベキュー",
        "花火",
        "祭り",
        "夏祭り",
        "遠足",
        "給料",
        "ボーナス",
        "発売",
        "帰省",
        "花金",
        "女子会",
        "クリスマス",
        "正月",
        "GW",
        "ゴールデンウィーク",
        "盆休み",
        # outings and treats (家族で焼肉行った, 映画見てきた)
        "寿司",
        "焼き肉",
        "カラオケ",
        "ディズニー",
        "水族",
        "動物",
        "遊園地",
        "花見",
        "キャンプ",
        "映画",
    }
)
#: The treats that are periods of time: only their end is a loss (夏休みが終わる; 映画
#: 終わった is no loss).
_PERIODS = frozenset(
    {
        "連休",
        "夏休み",
        "冬休み",
        "春休み",
        "盆休み",
        "休み",
        "休日",
        "週末",
        "GW",
        "ゴールデンウィーク",
        "正月",
    }
)
#: Days and duties a writer gets through (月曜日 is 月曜 + 日).
ORDEALS = frozenset(
    {
        "仕事",
        "学校",
        "月曜",
        "出勤",
        "出社",
        "試験",
        "テスト",
        "期末",
        "模試",
        "受験",
        "夜勤",
        "残業",
        "締め切り",
        "締切",
        "レポート",
        "バイト",
        "面接",
        "会議",
        "プレゼン",
        "繁忙",
        "授業",
        "研修",
        "検定",
        # chores and tasks: 掃除終わった is relief, 片付けが終わらない a complaint
        "片付け",
        "掃除",
        "宿題",
        "課題",
        "家事",
        "作業",
        "大掃除",
        "治療",
    }
)
#: What places the day ahead: 明日から, 明日は, いよいよ, もうすぐ (a treat only with 明日は:
#: 明日は8時から会議 states a plan; an ordeal only with また: 明日からまた仕事).
_AHEAD_SURFACES = frozenset({"いよいよ", "もうすぐ", "ついに", "遂に"})
_TOMORROW = frozenset(
    {"明日", "明後日", "あした", "あさって", "来週", "今夜", "今週末", "週末", "土日"}
)
#: 今日は給料日, 今日は誕生日: the day has come (a treat only).
_TODAY = frozenset({"今日", "きょう", "本日"})
_OVER_LEMMAS = frozenset({"終わる", "終える", "明ける", "終わり"})
ANTICIPATION_SCORE = 0.6
ENDED_ORDEAL_SCORE = 0.6
ENDED_TREAT_SCORE = -0.5
SIGH_SCORE = -0.5
#: Payday still ahead (給料日前, 給料日まであと10日) is the lean end of the month.
BROKE_SCORE = -0.5
#: What one was looking for, found (ずっと探してた本、古本屋で見つけた).
FOUND_SCORE = 0.5
_SOUGHT = frozenset({"探す", "無くす", "失くす", "紛失", "落とす"})
#: Not once: 一睡もしてない (no sleep at all), 誰とも話さなかった (no one to talk to).
_NOT_ONCE = frozenset({"一睡", "誰"})
NOT_ONCE_SCORE = -0.6
#: An ordeal on a day off: 週末も仕事, 土曜も出勤, 休みの日も会社.
ON_A_DAY_OFF_SCORE = -0.6
#: Intransitive verbs whose passive is suffered (雨に降られた, 子どもに泣かれた, 部下に辞め
#: られた): nobody is acted on, so the passive only says it happened to the writer.
_INTRANSITIVE = frozenset(
    {"降る", "来る", "泣く", "死ぬ", "帰る", "逃げる", "休む", "辞める", "騒ぐ", "去る", "先立つ"}
)
SUFFERED_SCORE = -0.5
#: A treat gone to, seen or joined (温泉行ってきた, 花火見た, ライブに参加した).
_WENT = frozenset({"行く", "見る", "楽しむ", "参加", "参戦", "遊ぶ"})
WENT_SCORE = 0.5
#: Money that vanished (ボーナス全部支払いに消えた).
_MONEY = frozenset({"ボーナス", "給料", "貯金", "小遣い", "お小遣い", "臨時収入"})
MONEY_GONE_SCORE = -0.5
#: japerf: the rule loop below runs only on these lemmas (the event nouns, 見付ける, 待つ,
#: 晴れる, 消える, 一睡, 誰, the passive auxiliaries).
_DIARY_TRIGGERS = (
    TREATS | ORDEALS | _NOT_ONCE | {"見付ける", "待つ", "晴れる", "消える", "れる", "られる"}
)


#: Treats that are a first half: 給料 only as 給料日, 動物 only as 動物園.
_NEEDS_NEXT = {
    "給料": ("日", "ヒノクマ"),
    "誕生": ("日", "ヒノクマ"),
    "記念": ("日", "ヒノクマ"),
    "発売": ("日", "ヒノクマ"),
    "動物": ("園",),
    "水族": ("館",),
}


def event_sign(tokens: Sequence[Token], j: int) -> float:
    """+1 for a treat, -1 for an ordeal at ``j``, 0 otherwise; a first half only with its
    second (給料日, 動物園)."""
    lemma = tokens[j].lemma
    nxt = tokens[j + 1].lemma if j + 1 < len(tokens) else ""
    if lemma in _NEEDS_NEXT and nxt not in _NEEDS_NEXT[lemma]:
        return 0.0
    if lemma in TREATS:
        return 1.0
    if lemma in ORDEALS:
        return -1.0
    return 0.0


def _span_end(tokens: Sequence[Token], j: int) -> int:
    """The index after the event noun at ``j`` (給料 + 日, 月曜 + 日, 3 + 連休)."""
    k = j + 1
    if k < len(tokens) and tokens[k].lemma in ("日", "ヒノクマ", "明け", "園", "館"):
        k += 1
    return k


def _ahead(tokens: Sequence[Token], j: int, sign: float) -> bool:
    """The event at ``j`` is still to come: 明日から(また)仕事, 明日は記念日デート,
    いよいよ旅行, 週末のBBQまであと2日."""
    before = tokens[max(0, j - 5) : j]
    if any(_is_boundary(t) for t in before):
        before = before[max(i for i, t in enumerate(before) if _is_boundary(t)) + 1 :]
    lemmas = [t.lemma for t in before]
    surfaces = [t.surface for t in before]
    if "が" in surfaces:
        return False  # 来週から娘が修学旅行: someone else's day
    if any(s in _AHEAD_SURFACES for s in surfaces):
        return True
    if sign < 0 and "又" not in lemmas:
        return False  # 明日から出張です is a plan; 明日からまた仕事 a sigh
    for i, t in enumerate(before):
        if t.surface in _TOMORROW or t.lemma in _TOMORROW:
            nxt = surfaces[i + 1] if i + 1 < len(surfaces) else ""
            if nxt == "から" or (sign > 0 and nxt == "は" and _closes(tokens, j)):
                return True
        if sign > 0 and t.surface in _TODAY and surfaces[i + 1 : i + 2] == ["は"]:
            return _closes(tokens, j)  # 今日は給料日なので家賃を振り込んだ is a plan
    if "待ち" in lemmas or "待つ" in lemmas:
        return True  # 待ちに待った旅行
    return _countdown(tokens, j)


def _closes(tokens: Sequence[Token], j: int) -> bool:
    """The day named at ``j`` ends its clause or the post (明日は記念日デート, 今日は給料日!,
    今日は給料日だ), rather than giving the reason for a plan (給料日なので, 給料日で)."""
    k = _span_end(tokens, j)
    while k < len(tokens) and tokens[k].pos in ("名詞", "接尾辞") and not _is_boundary(tokens[k]):
        k += 1  # 記念日デート
    if k < len(tokens) and tokens[k].lemma in ("だ", "です", "や") and tokens[k].surface != "な":
        k += 1
    return k == len(tokens) or _is_boundary(tokens[k]) or tokens[k].pos2 == "終助詞"


def _countdown(tokens: Sequence[Token], j: int) -> bool:
    """週末のBBQまであと2日, 給料日まであと10日."""
    after = [t.lemma for t in tokens[_span_end(tokens, j) : _span_end(tokens, j) + 3]]
    return after[:1] == ["まで"] and "後" in after[1:3]


def _exclaimed(tokens: Sequence[Token], j: int) -> bool:
    """The event noun closes a clause as an exclamation: 金曜日だ!, 給料日だー、, 夏休み!"""
    k = _span_end(tokens, j)
    if k < len(tokens) and tokens[k].lemma in ("だ", "や") and tokens[k].pos == "助動詞":
        k += 1
        if k < len(tokens) and tokens[k].surface in ("ぁ", "あ", "ぜ", "よ", "わ"):
            k += 1
        return k == len(tokens) or tokens[k].surface in ("!", "、", "。", "!")
    return k < len(tokens) and tokens[k].surface == "!"


_TODAY_ENDS = frozenset({"今日", "本日", "是", "これ", "今回", "今週", "今月", "今年"})


def _over(tokens: Sequence[Token], j: int) -> int | None:
    """Index of 終わる / 明ける right after the event noun (テスト終わった, 夏休みが終わる)."""
    k = _span_end(tokens, j)
    if k < len(tokens) and tokens[k].surface in ("が", "も", "は", "、"):
        k += 1
    if k + 1 < len(tokens) and tokens[k].lemma in _TODAY_ENDS and tokens[k + 1].surface == "で":
        k += 2  # 冬休みも今日で終わり, 治療、これで終わり
    if k < len(tokens) and (tokens[k].pos == "副詞" or tokens[k].lemma in ("全部", "全て")):
        k += 1  # 片付けが全然終わらない, 仕事がやっと終わった, 大掃除ぜんぶ終わった
    if k < len(tokens) and tokens[k].lemma in _OVER_LEMMAS:
        return k
    return None


def diary_events(tokens: Sequence[Token], hits: Sequence[_Hit], gated: bool = True) -> list[_Hit]:
    """Hits for days and events placed by the post: ahead, exclaimed or over. The weak
    dictionary noun of the event (テスト, 旅行) gives way to how the post places it."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        # japerf gate: a new rule here adds its triggers to _DIARY_TRIGGERS
        if gated and tok.lemma not in _DIARY_TRIGGERS:
            continue
        own = [h for h in hits if h.score and h.start <= j < h.end]
        if tok.lemma == "晴れる":
            if j + 1 < len(tokens) and tokens[j + 1].surface == "のち":
                for h in own:
                    h.score = 0.0  # 晴れのち曇り: a forecast, as UniDic reads 晴れ as the verb
            continue
        if any(not h.weak for h in own):
            continue  # an entry of its own (連休明け)
        if tok.lemma == "見付ける":
            if any(t.lemma in _SOUGHT for t in tokens[:j]) and _achieved(tokens, j + 1):
                # 探してた本を見つけた; なくした鍵を見つけた undoes the loss
                out.append(_Hit(j, j + 1, FOUND_SCORE, ("見付かる",)))
                for h in hits:
                    if h.end <= j and h.key[0] in _SOUGHT:
                        h.score = 0.0
            continue
        if tok.lemma == "消える":
            if any(t.lemma in _MONEY for t in tokens[max(0, j - 8) : j]):
                # ボーナス全部カードの支払いに消えた: the money is gone, and its own praise
                # and the bill it went to (家賃) are that one loss
                out.append(_Hit(j, j + 1, MONEY_GONE_SCORE, ("消えた",)))
                for h in hits:
                    if max(0, j - 8) <= h.start < j:
                        h.score = 0.0
            continue
        if tok.lemma == "待つ":
            if [t.lemma for t in tokens[j + 1 : j + 4]] == ["に", "待つ", "た"]:
                out.append(_Hit(j, j + 4, ANTICIPATION_SCORE, ("待ちに待った",)))
                for h in hits:
                    if j <= h.start < j + 4:
                        h.score = 0.0  # 待つ alone is a plain activity (weak)
            continue
        if tok.lemma in ("れる", "られる"):
            if tok.pos == "助動詞" and (score := _passive_or_managed(tokens, hits, j)):
                out.append(_Hit(j - 1, j + 1, score, ("られた",)))
            continue
        if tok.lemma in _NOT_ONCE:
            if (n := _not_once(tokens, j)) is not None:
                out.append(_Hit(j, n + 1, NOT_ONCE_SCORE, ("一睡も",)))
            continue
        sign = event_sign(tokens, j)
        if not sign:
            continue
        end = _span_end(tokens, j)
        if sign < 0 and _on_a_day_off(tokens, j):
            out.append(_Hit(j, end, ON_A_DAY_OFF_SCORE, ("休日出勤",)))  # 週末も仕事
            continue
        if tok.lemma == "給料" and end < len(tokens) and tokens[end].lemma == "前":
            out.append(_Hit(j, end + 1, BROKE_SCORE, ("給料日前",)))  # the lean days before it
        elif (k := _over(tokens, j)) is not None and (sign < 0 or tok.lemma in _PERIODS):
            score = ENDED_ORDEAL_SCORE if sign < 0 else ENDED_TREAT_SCORE
            out.append(_Hit(j, k + 1, score, ("終わった",)))
        elif tok.lemma == "給料" and _countdown(tokens, j):
            out.append(_Hit(j, end, BROKE_SCORE, ("給料日前",)))  # 給料日まであと10日
        elif _countdown(tokens, j):
            # the hit spans まであと: a good noun before まで is otherwise a goal not reached
            out.append(_Hit(j, end + 2, sign * ANTICIPATION_SCORE, ("楽しみ",)))
        elif sign > 0 and (v := _went(tokens, end)) is not None:
            out.append(_Hit(j, v + 1, WENT_SCORE, ("行ってきた",)))  # 温泉行ってきた
        elif _ahead(tokens, j, sign) or _exclaimed(tokens, j):
            out.append(_Hit(j, end, sign * ANTICIPATION_SCORE, ("楽しみ",)))
        else:
            continue
        for h in own:
            h.score = 0.0
    return out


#: A sigh that ends a post: また / もう / 明日から ... a noun + か, with no question mark
#: (明日からまた月曜日か, もう12月か, 今日も雨か).
_RESIGNED_CUES = frozenset({"また", "もう", "又", "今日も", "明日から"})


def resigned(text: str, tokens: Sequence[Token]) -> bool:
    """The post ends in a sighing か after a noun, led by また / もう / 今日も / 明日から."""
    if "?" in text or "か" not in text:
        return False
    words = [t for t in tokens if not _is_boundary(t)]
    if len(words) < 3 or words[-1].lemma != "か" or words[-1].pos != "助詞":
        return False
    if words[-2].pos not in ("名詞", "接尾辞"):
        return False  # もう発送されましたか asks
    surfaces = [t.surface for t in words[:-2]]
    pairs = {a + b for a, b in pairwise(surfaces)}
    return any(s in _RESIGNED_CUES for s in surfaces) or bool(pairs & _RESIGNED_CUES)


def sighs(tokens: Sequence[Token]) -> bool:
    """The post opens with a sigh: はぁ / はあ / はー (a は with nothing before it)."""
    return bool(tokens) and (
        tokens[0].lemma == "はあ"
        or (tokens[0].surface == "は" and (len(tokens) == 1 or _is_boundary(tokens[1])))
        or any(t.lemma == "はあ" and t.pos == "感動詞" for t in tokens[1:])
    )


def someone_else_comes(tokens: Sequence[Token], j: int) -> bool:
    """義母がまた来る: someone named before また + が is coming (again), which is no wish of
    the writer's to come back (また来たい, また来ます); a たい keeps the wish (子どもがまた
    行きたいって). また〜てください is someone asking the writer to come again."""
    after = [t.lemma for t in tokens[j + 1 : j + 7]]
    if "下さる" in after:
        return True  # また来週も来てください(って): asked to come, by someone else
    return (
        j >= 2
        and tokens[j - 1].surface == "が"
        and tokens[j - 2].pos in ("名詞", "代名詞")
        and "たい" not in after
    )


def _not_once(tokens: Sequence[Token], j: int) -> int | None:
    """Index of the negation closing 一睡も … ない / 誰とも + 話す or 会う … ない."""
    nxt = [t.surface for t in tokens[j + 1 : j + 3]]
    if tokens[j].lemma == "一睡":
        if nxt[:1] != ["も"]:
            return None
    elif nxt != ["と", "も"]:
        return None
    for k in range(j + 2, min(len(tokens), j + 8)):
        if _is_boundary(tokens[k]):
            return None
        if tokens[k].lemma in ("ない", "ぬ", "ず") and tokens[k].pos == "助動詞":
            verbs = {t.lemma for t in tokens[j + 1 : k] if t.pos == "動詞"}
            if tokens[j].lemma == "一睡" or verbs & {"話す", "喋る", "会う", "口", "遊ぶ"}:
                return k
            return None
    return None


def _on_a_day_off(tokens: Sequence[Token], j: int) -> bool:
    """An ordeal at ``j`` right after a day off + も (週末も仕事, 土曜日も出勤, 休みの日も)."""
    k = j - 1
    if k < 1 or tokens[k].surface != "も":
        return False
    k -= 1
    if tokens[k].lemma == "日" and k > 0:
        k -= 1
        if tokens[k].surface == "の" and k > 0:
            k -= 1  # 休みの日も
    if tokens[k].lemma == "末" and k > 0:
        k -= 1  # 今週末も, 週末 written 今週 + 末
        return tokens[k].lemma in ("今週", "週", "来週")
    return tokens[k].lemma in _DAYS_OFF


_DAYS_OFF = frozenset({"週末", "土曜", "日曜", "休日", "休み", "連休", "祝日", "土日", "正月"})


def _passive_or_managed(tokens: Sequence[Token], hits: Sequence[_Hit], j: int) -> float:
    """The auxiliary れる / られる at ``j`` after a verb with no polarity of its own, in the
    past or before て: an intransitive verb with an agent in に is suffered (雨に降られた);
    an ichidan verb + られた with no agent is managed, the potential (一番前で見られた, 本が
    借りられた). 0.0 otherwise (先生が来られた is respect, 誘われた says nothing)."""
    verb = tokens[j - 1] if j > 0 else None
    if verb is None or verb.pos != "動詞":
        return 0.0
    if any(h.score and h.start <= j - 1 < h.end for h in hits):
        return 0.0  # 怒られた, 褒められた: the verb speaks for itself
    rest = [t.lemma for t in tokens[j + 1 : j + 3]]
    past = rest[:1] == ["た"]
    if not (past or (tokens[j + 1 : j + 2] and tokens[j + 1].surface in ("て", "で"))):
        return 0.0
    clause = []
    for t in reversed(tokens[max(0, j - 6) : j - 1]):
        if _is_boundary(t):
            break
        clause.append(t)
    agent = any(t.surface == "に" and t.pos == "助詞" for t in clause)
    if agent and verb.lemma in _INTRANSITIVE:
        return SUFFERED_SCORE
    if (
        not agent
        and past
        and tok_is_ichidan(verb)
        and tokens[j].lemma == "られる"
        and "ない" not in rest
        # 回復の動きは見られた: "was seen" in a report, not "managed to see"
        and not (verb.lemma == "見る" and any(t.surface in ("は", "が") for t in clause))
    ):
        return ACHIEVED_SCORE
    return 0.0


def tok_is_ichidan(tok: Token) -> bool:
    return tok.ctype.startswith(("上一段", "下一段"))


def _went(tokens: Sequence[Token], k: int) -> int | None:
    """Index of the verb of going, seeing or joining right after a treat at ``k``, when it
    is done (温泉行ってきた, 花火見た, ライブ参加した); the negation (行けなかった) is read
    after it by the usual rule."""
    for _ in range(2):  # 花火大会に, 夏祭り会場へ
        if k < len(tokens) and tokens[k].pos == "名詞" and not _is_boundary(tokens[k]):
            k += 1
    if k < len(tokens) and tokens[k].surface in ("に", "へ", "を"):
        k += 1
    if k >= len(tokens) or tokens[k].lemma not in _WENT:
        return None
    v = k
    if k + 1 < len(tokens) and tokens[k + 1].lemma == "為る":
        k += 1  # 参加した
    rest = [t.lemma for t in tokens[k + 1 : k + 4]]
    if rest[:1] == ["た"] or rest[:3] == ["て", "来る", "た"] or rest[:2] == ["ない", "た"]:
        return v
    return None
