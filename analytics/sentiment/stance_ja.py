"""Whose verdict a post states, and which way (issue 14, jagen3): mechanisms over word
classes and sentence shapes that everyday posts use to say how the writer feels.

- Being moved: goosebumps (鳥肌が立った, 鳥肌もの) and tears one can shed (泣ける, 泣けた)
  are what a film, a song or a match does to its audience; they praise unless the post
  names a cold, a fright or disgust (寒すぎて鳥肌, 気持ち悪くて鳥肌).
- A kindness received in the passive (助けられた, 励まされた, 告白された, 誘われた): the
  writer is the one helped, so the passive of a verb of kindness or recognition is praise
  (the dictionaries hold most of these verbs as neutral, and を + passive reads as suffered).
- Rhetorical questions: 誰が + a verb with a pejorative demonstrative (こんなの誰が買うの,
  この値段で誰が行くんだよ: nobody would) and なんで私だけ (why only me) complain.
- Irony: a good deed done to one in the non-past with a closing particle (素敵なことして
  くれるね, やってくれるわ) is sarcasm; a kindness told in the past (してくれた) stays thanks.
- Hearsay: praise the writer only heard (美味しいらしい, 評判いいらしい) is not their
  verdict, so the praise in the clause before らしい weighs little; bad news heard
  (閉店するらしい) stays bad news for the writer.
- Only here / only now (ここでしか見られない, 今しか買えない) recommends the thing, while
  "only so much" (300円しかない) stays a lack.
- Work lost (データが飛んだ, ファイル消しちゃった, レポート消えた): data that vanished is a
  mishap, while a pain or a worry that vanished (痛みが消えた) is relief (the dictionary's).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from analytics.sentiment.clauses_ja import _Hit, _is_boundary
from analytics.sentiment.words_ja import Token

MOVED_SCORE = 0.6
#: Words that make goosebumps a shiver rather than being moved (UniDic lemmas).
_SHIVER = frozenset(
    {"寒い", "冷える", "気持ち悪い", "気色悪い", "怖い", "恐い", "ぞっと", "ゾッと", "悪寒"}
)

KIND_PASSIVE_SCORE = 0.5
#: Verbs (and する-nouns) of kindness and recognition: their passive is a good thing
#: received (助けられた, 褒められた, 告白された).
KIND_VERBS = frozenset(
    {
        "助ける",
        "救う",
        "励ます",
        "褒める",
        "誉める",
        "慰める",
        "誘う",
        "認める",
        "可愛がる",
        "頼る",
        "祝う",
        "癒す",
        "支える",
        "喜ぶ",
        "労う",
        "告白",
        "招待",
        "表彰",
        "歓迎",
        "推薦",
        "感謝",
        "応援",
        "絶賛",
        "称賛",
        "抜擢",
        "尊敬",
        "信頼",
    }
)
_PASSIVE = frozenset({"れる", "られる"})
_NEGATIONS = frozenset({"ない", "無い", "ず", "ぬ"})

RHETORICAL_SCORE = -0.6
#: Demonstratives that belittle what they point at (こんなの, そんな店).
_PEJORATIVE = frozenset({"こんな", "そんな", "あんな"})
_FIRST_PERSON = frozenset({"私", "俺", "僕", "自分", "うち", "あたし", "わたし"})
#: Verbs of choosing and paying: 誰が買うの needs no こんな to be rhetorical.
_WHO_WOULD = frozenset({"買う", "得", "使う", "喜ぶ", "頼む", "選ぶ", "払う", "欲しがる"})
_WHY = frozenset({"なんで", "なぜ", "何故", "どうして"})
_ONLY = frozenset({"だけ", "ばかり", "ばっかり", "ばっか"})

IRONY_SCORE = -0.6
_CLOSING = frozenset({"ね", "な", "わ", "よ", "じゃん", "ねえ", "ねぇ", "なあ", "なぁ"})

HEARSAY_FACTOR = 0.05

UNIQUE_SCORE = 0.5
#: Where or when a thing is to be had only there (ここでしか, 今しか): no lack.
_ONLY_PLACES = frozenset({"此処", "其処", "今", "現地", "本場", "地元", "日本", "期間", "限定"})

WORK_LOST_SCORE = -0.6
_WORK = frozenset(
    {
        "データ",
        "ファイル",
        "レポート",
        "原稿",
        "書類",
        "資料",
        "セーブ",
        "保存",
        "記録",
        "連絡先",
        "作業",
        "履歴",
        "動画",
        "写真",
        "メモ",
        "課題",
    }
)
_VANISH = frozenset({"消える", "飛ぶ", "消す", "消去"})
_REGRET = frozenset({"ちゃう", "ちまう", "仕舞う", "しまう"})


def _sentence(tokens: Sequence[Token], j: int) -> tuple[int, int]:
    lo = j
    while lo > 0 and not (_is_boundary(tokens[lo - 1]) and tokens[lo - 1].pos2 == "句点"):
        lo -= 1
    hi = j
    while hi < len(tokens) and not (_is_boundary(tokens[hi]) and tokens[hi].pos2 == "句点"):
        hi += 1
    return lo, hi


def _negated_after(tokens: Sequence[Token], k: int, span: int = 3) -> bool:
    for tok in tokens[k : k + span]:
        if _is_boundary(tok):
            return False
        if tok.lemma in _NEGATIONS and tok.pos in ("助動詞", "形容詞"):
            return True
    return False


def _replace(hits: list[_Hit], start: int, end: int, score: float, key: str) -> None:
    for h in hits:
        if h.start < end and start < h.end:
            h.score = 0.0
    hits.append(_Hit(start, end, score, (key,)))


def moved(tokens: Sequence[Token], hits: list[_Hit]) -> None:
    """鳥肌 and 泣ける praise what moved the writer unless a shiver is named (in place)."""
    for j, tok in enumerate(tokens):
        tears = tok.lemma == "泣く" and tok.surface.startswith("泣け")
        if not (tok.lemma == "鳥肌" or tears):
            continue
        if tears and _negated_after(tokens, j + 1):
            continue  # 泣けない
        lo, hi = _sentence(tokens, j)
        if any(t.lemma in _SHIVER or t.surface in _SHIVER for t in tokens[lo:hi]):
            continue
        others = [h for h in hits if not (h.start <= j < h.end) and h.score]
        if tears and any(h.score < 0 for h in others if lo <= h.start < hi):
            continue  # 情けなくて泣けた: the tears follow their cause
        _replace(hits, j, j + 1, MOVED_SCORE, "感動")


def kind_passive(tokens: Sequence[Token], hits: list[_Hit]) -> None:
    """助けられた, 告白された: a kindness received (in place)."""
    for j, tok in enumerate(tokens):
        if tok.lemma not in KIND_VERBS:
            continue
        k = j + 1
        if tok.pos == "名詞":
            if k >= len(tokens) or tokens[k].lemma != "為る":
                continue
            k += 1
        if k >= len(tokens) or tokens[k].lemma not in _PASSIVE or _negated_after(tokens, k + 1):
            continue
        if any(h.score >= KIND_PASSIVE_SCORE for h in hits if h.start <= j < h.end):
            continue  # 褒められた: the dictionary's praise stands
        _replace(hits, j, k + 1, KIND_PASSIVE_SCORE, "親切を受ける")


def rhetorical(tokens: Sequence[Token]) -> list[_Hit]:
    """こんなの誰が買うの, なんで私だけ: a question that complains."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.lemma == "誰" and j + 2 < len(tokens) and tokens[j + 1].surface == "が":
            lo, hi = _sentence(tokens, j)
            verb = tokens[j + 2]
            told = any(t.lemma == "た" for t in tokens[j + 3 : j + 6])  # 誰が買ったの: asks
            if (
                verb.pos in ("動詞", "名詞")
                and not told
                and (verb.lemma in _WHO_WOULD or any(t.lemma in _PEJORATIVE for t in tokens[lo:hi]))
            ):
                out.append(_Hit(j, j + 3, RHETORICAL_SCORE, ("誰が〜の",)))
        elif tok.surface in _WHY or (
            tok.lemma == "何" and j + 1 < len(tokens) and tokens[j + 1].surface == "で"
        ):
            rest = tokens[j + 1 : j + 5]
            if [t.lemma for t in rest[:3]] in (["で", "何時", "も"], ["何時", "も"]) or [
                t.lemma for t in rest[:2]
            ] == ["何時", "も"]:
                out.append(_Hit(j, j + 1, RHETORICAL_SCORE, ("なんでいつも",)))
                continue
            for a, b in pairwise(rest):
                if a.surface in _FIRST_PERSON and b.surface in _ONLY:
                    out.append(_Hit(j, j + 1, RHETORICAL_SCORE, ("なんで私だけ",)))
                    break
    return out


def ironic(tokens: Sequence[Token], hits: list[_Hit]) -> None:
    """素敵なことしてくれるね, やってくれるわ: sarcasm about what was done (in place)."""
    for j, tok in enumerate(tokens):
        if tok.lemma != "呉れる" or tok.surface != "くれる" or j < 2:
            continue
        if tokens[j - 1].surface not in ("て", "で"):
            continue
        after = tokens[j + 1 : j + 2]
        if not after or after[0].surface not in _CLOSING:
            continue
        verb = tokens[j - 2]
        done = verb.lemma == "遣る" or (
            verb.lemma == "為る"
            and j >= 3
            and (
                tokens[j - 3].lemma == "事"
                or (tokens[j - 3].surface == "を" and j >= 4 and tokens[j - 4].lemma == "事")
            )
        )
        if not done:
            continue
        lo, _ = _sentence(tokens, j)
        for h in hits:
            if lo <= h.start < j and h.score > 0:
                h.score = 0.0
        hits.append(_Hit(j - 2, j + 1, IRONY_SCORE, ("皮肉",)))


def hearsay(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """美味しいらしい: the clause before a hearsay らしい is someone else's verdict."""
    for j, tok in enumerate(tokens):
        if tok.lemma != "らしい" or tok.pos != "助動詞":
            continue
        lo = j
        while lo > 0 and not _is_boundary(tokens[lo - 1]):
            lo -= 1
        for h in hits:
            if lo <= h.start < j and h.score > 0:
                # bad news heard (閉店するらしい, 中止らしい) is still bad news for the writer
                h.score *= HEARSAY_FACTOR


def only_here(tokens: Sequence[Token], hits: list[_Hit]) -> None:
    """ここでしか見られない, 今しか買えない: a thing to be had only there (in place)."""
    for j, tok in enumerate(tokens):
        if tok.surface != "しか" or tok.pos != "助詞" or j < 1:
            continue
        place = tokens[j - 2] if tokens[j - 1].surface == "で" and j >= 2 else tokens[j - 1]
        if place.lemma not in _ONLY_PLACES:
            continue
        for k in range(j + 1, min(len(tokens), j + 6)):
            t = tokens[k]
            if _is_boundary(t):
                break
            if t.lemma in _NEGATIONS and t.pos == "助動詞":
                verb = tokens[k - 1]
                potential = verb.lemma in ("られる", "れる", "出来る") or (
                    verb.pos == "動詞" and verb.surface[-1:] in "えけげせてねべめれ"
                )
                if potential:
                    _replace(hits, j - 1, k + 1, UNIQUE_SCORE, "ここでしか")
                break


def work_lost(tokens: Sequence[Token], covered: Sequence[bool]) -> list[_Hit]:
    """データ飛んだ, レポート消えた: work that vanished."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.lemma not in _VANISH or tok.pos not in ("動詞", "名詞") or covered[j]:
            continue
        k = j - 1
        if k >= 0 and tokens[k].surface in ("が", "を", "も", "は") and tokens[k].pos == "助詞":
            k -= 1
        erased = tok.lemma not in ("消す", "消去") or any(
            t.lemma in _REGRET for t in tokens[j + 1 : j + 4]
        )  # ファイル消しちゃった (by mistake), not 写真を消した (on purpose)
        if k >= 0 and tokens[k].lemma in _WORK and erased and not _negated_after(tokens, j + 1):
            out.append(_Hit(k, j + 1, WORK_LOST_SCORE, ("データ消失",)))
    return out


HAPPENED_SCORE = 0.5
#: Endings after する / になる that tell the event happened or is going on (骨折した,
#: 雨漏りしてる, 寝坊しちゃった).
_HAPPENED_ENDINGS = frozenset({"た", "てる", "ちゃう", "ちまう"})


def happened(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """骨折した, 停電した, 結婚した: a dictionary noun the writer's day turned on (in place).

    The Tohoku noun dictionary's words are weak evidence, since a noun often names a topic
    (骨折の治療, 停電情報); made the predicate of a sentence in the past (Nした, Nになった)
    the event happened, and a post that reports it means its sign."""
    for h in hits:
        if not h.weak or not h.score or h.end >= len(tokens):
            continue
        rest = tokens[h.end : h.end + 4]
        k = 0
        if rest[0].lemma == "に" and len(rest) > 1 and rest[1].lemma == "成る":
            k = 2
        elif rest[0].lemma == "為る":
            k = 1
        else:
            continue
        tail = rest[k : k + 2]
        if not tail or tail[0].lemma not in _HAPPENED_ENDINGS:
            continue
        if h.score > 0 and tail[0].lemma != "た":
            continue  # 勉強してる, 練習してる: an activity going on, not news
        after = tokens[h.end + k + 1 : h.end + k + 2]
        if tail[0].lemma == "てる" and after and after[0].lemma == "た":
            after = tokens[h.end + k + 2 : h.end + k + 3]  # jagen4: 閉店してた (had closed)
        if after and not (_is_boundary(after[0]) or after[0].pos == "助詞"):
            continue  # 骨折した人, 結婚した友達: names someone, not the writer's news
        if after and after[0].surface in ("の", "と", "って", "か"):
            continue  # 骨折したのは, 結婚したって (hearsay), 結婚したか
        h.weak = False
        h.score = HAPPENED_SCORE if h.score > 0 else -HAPPENED_SCORE


MISHAP_SCORE = -0.5
#: Things one breaks, burns, tears, bumps or spills by mistake (皿割った, 鍋焦がした,
#: 車ぶつけた, 小銭ぶちまけた).
_MISHAP = frozenset({"割る", "壊す", "焦がす", "破る", "ぶつける", "打つける", "ぶちまける"})
#: What one breaks on purpose or to one's credit (卵を割る, 記録を破る, 殻を破る).
_ON_PURPOSE = frozenset({"卵", "玉子", "氷", "殻", "記録", "自己ベスト", "薪", "胡桃"})

NONSTOP_SCORE = -0.4


def mishap(tokens: Sequence[Token], covered: Sequence[bool]) -> list[_Hit]:
    """皿割った, スマホ壊しちゃった: a thing of one's own broken, in the past."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.lemma not in _MISHAP or tok.pos != "動詞" or covered[j]:
            continue
        rest = tokens[j + 1 : j + 4]
        if not any(t.lemma == "た" for t in rest) or any(t.lemma in _NEGATIONS for t in rest):
            continue
        if any(t.surface in ("て", "で") for t in rest[:1]):
            continue  # 袋を破って: a step in a recipe, not a mishap
        before = tokens[max(0, j - 3) : j]
        if any(t.lemma in _ON_PURPOSE or t.surface in _ON_PURPOSE for t in before):
            continue
        out.append(_Hit(j, j + 1, MISHAP_SCORE, ("壊した",)))
    return out


def nonstop(tokens: Sequence[Token], hits: list[_Hit]) -> None:
    """吠えっぱなし, 立ちっぱなし: a thing that never stops wears one out (in place);
    笑いっぱなし keeps the verb's own sign."""
    for j, tok in enumerate(tokens):
        if tok.lemma != "放し" or j < 1 or tokens[j - 1].pos != "動詞":
            continue
        if any(h.score for h in hits if h.start <= j - 1 < h.end):
            continue
        hits.append(_Hit(j - 1, j + 1, NONSTOP_SCORE, ("っぱなし",)))


PREFERENCE_SCORE = 0.5
#: に限る outweighs the scene it names (寒い日は鍋に限る: the cold is no complaint).
BEST_SCORE = 0.8
_AFTER_BEST = frozenset({"だ", "です", "よ", "ね", "な", "かも", "か", "でしょ", "じゃん", "わ"})


def _bare(tokens: Sequence[Token], lo: int, hi: int, hits: Sequence[_Hit]) -> bool:
    return not any(h.score for h in hits if lo <= h.start < hi)


def preference(tokens: Sequence[Token], hits: list[_Hit]) -> list[_Hit]:
    """寒い日は鍋に限る, 休日は家が一番, 今年一番の買い物: the writer's favourite, told
    without an evaluative word (やっぱり雨だよね is resignation as often as taste: left out)."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.lemma == "限る" and j > 0 and tokens[j - 1].surface == "に":
            # に限る / に限ります, not に限って (of all days: 急いでる時に限って)
            if tok.surface in ("限る", "限り") and not _negated_after(tokens, j + 1):
                lo, _ = _sentence(tokens, j)
                for h in hits:  # 暑い日は冷たいうどんに限る: the scene is no complaint
                    if lo <= h.start < j:
                        h.score = 0.0
                out.append(_Hit(j - 1, j + 1, BEST_SCORE, ("に限る",)))
        elif tok.lemma == "一番":
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            closing = nxt is None or _is_boundary(nxt) or nxt.surface in _AFTER_BEST
            superlative = (  # 今年一番の買い物 (but 今年一番の寒さ: the noun speaks)
                nxt is not None
                and nxt.surface == "の"
                and j + 2 < len(tokens)
                and tokens[j + 2].pos == "名詞"
                and _bare(tokens, j + 2, j + 3, hits)
            )
            if (closing or superlative) and not any(h.score < 0 for h in hits):
                out.append(_Hit(j, j + 1, PREFERENCE_SCORE, ("一番",)))
    return out


REGRET_SCORE = -0.6
FUTILE_SCORE = -0.5


def regret_not(tokens: Sequence[Token], hits: list[_Hit]) -> None:
    """行かなきゃよかった, 買わなければよかった: wishing one had not (in place)."""
    for j, tok in enumerate(tokens):
        if tok.lemma != "良い" or j < 2 or not any(t.lemma == "た" for t in tokens[j + 1 : j + 2]):
            continue
        prev = tokens[j - 1]
        if prev.surface == "ば" and j >= 3:
            prev = tokens[j - 2]
        if prev.lemma == "ない" and prev.surface in ("なきゃ", "なけれ", "なけりゃ"):
            _replace(hits, j - 2, j + 1, REGRET_SCORE, "しなければよかった")


def futile(tokens: Sequence[Token], hits: Sequence[_Hit]) -> list[_Hit]:
    """何のために頑張ったんだろう, いつまで続くんだろ, 何回言ってもわからない, 誰か助けて:
    effort with no point, a hardship without end, exasperation, a plea."""
    out: list[_Hit] = []
    n = len(tokens)
    for j, tok in enumerate(tokens):
        nxt = [t.surface for t in tokens[j + 1 : j + 4]]
        if tok.lemma == "何" and nxt[:3] == ["の", "ため", "に"]:
            lo, hi = _sentence(tokens, j)
            if any(t.lemma in ("だ", "の", "か") for t in tokens[max(lo, hi - 3) : hi]):
                out.append(_Hit(j, j + 4, FUTILE_SCORE, ("何のために",)))
        elif tok.lemma == "何時" and nxt[:1] == ["まで"] and j + 2 < n:
            rest = [t.lemma for t in tokens[j + 2 : j + 6]]
            if tokens[j + 2].pos == "動詞" and ("の" in rest or "だ" in rest or "か" in rest):
                out.append(_Hit(j, j + 3, FUTILE_SCORE, ("いつまで",)))
        elif tok.lemma == "何" and nxt[:1] and nxt[0] in ("回", "度"):
            k = j + 2
            while k < min(n, j + 7) and tokens[k].surface != "も":
                k += 1
            if (
                0 < k < n
                and tokens[k - 1].surface in ("て", "で")
                and _negated_after(tokens, k + 2, 2)
            ):
                out.append(_Hit(j, k + 1, FUTILE_SCORE, ("何回〜ても",)))
        elif tok.lemma == "誰" and nxt[:1] == ["か"] and j + 2 < n:
            if tokens[j + 2].lemma == "助ける" and nxt[2:3] in (["て"], ["てー"], []):
                out.append(_Hit(j, j + 3, FUTILE_SCORE, ("誰か助けて",)))
    for f in out:
        if f.key == ("何のために",):
            lo, hi = _sentence(tokens, f.start)
            for h in hits:  # 何のために頑張ったんだろう: the effort is no praise
                if lo <= h.start < hi and h.score > 0:
                    h.score = 0.0
    return out


GOOD_NEWS_SCORE = 0.5


def allowed_to(tokens: Sequence[Token], hits: Sequence[_Hit]) -> list[_Hit]:
    """ライブ行けることになった, 留学できることになった: good news of a thing now possible."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.lemma != "事" or j < 1 or j + 3 >= len(tokens):
            continue
        if [t.lemma for t in tokens[j + 1 : j + 4]] != ["に", "成る", "た"]:
            continue
        verb = tokens[j - 1]
        potential = verb.lemma in ("出来る", "られる", "れる") or (
            verb.pos == "動詞" and verb.surface[-2:-1] in _E_ROW and verb.surface.endswith("る")
        )
        if potential and _bare(tokens, j - 1, j, hits):
            out.append(_Hit(j - 1, j + 4, GOOD_NEWS_SCORE, ("できることになった",)))
    return out


_E_ROW = frozenset("えけげせてねべめれ")


LEFT_BEHIND_SCORE = -0.5
#: What one carries every day: left at home, it is forgotten (家にスマホ置いてきた), while
#: luggage left at a hotel (荷物を置いてきた) is a plan.
_CARRIED = frozenset(
    {
        "スマホ",
        "携帯",
        "財布",
        "鍵",
        "傘",
        "定期",
        "定期券",
        "弁当",
        "充電器",
        "イヤホン",
        "眼鏡",
        "メガネ",
        "社員証",
        "免許証",
        "マスク",
    }
)


def left_behind(tokens: Sequence[Token], covered: Sequence[bool]) -> list[_Hit]:
    """スマホ家に置いてきた, 傘を電車に置いてきちゃった: a thing carried every day forgotten."""
    out: list[_Hit] = []
    for j, tok in enumerate(tokens):
        if tok.lemma != "置く" or covered[j] or j + 2 >= len(tokens):
            continue
        if tokens[j + 1].surface not in ("て", "で") or tokens[j + 2].lemma not in (
            "来る",
            "ちゃう",
        ):
            continue
        if not any(t.lemma == "た" for t in tokens[j + 3 : j + 5]):
            continue
        if any(t.surface in _CARRIED or t.lemma in _CARRIED for t in tokens[max(0, j - 4) : j]):
            out.append(_Hit(j, j + 3, LEFT_BEHIND_SCORE, ("置いてきた",)))
    return out


FOUND_AGAIN_SCORE = 0.6
_LOST = frozenset({"無くす", "失くす", "紛失"})
_RECOVERED = frozenset({"見付かる", "見つかる", "届く", "戻る", "出る", "返る", "見付ける"})


def found_again(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """落とした財布が見つかった, なくした鍵、交番に届いてた: a lost thing named as such and
    then recovered is relief, not the loss (in place)."""
    for h in hits:
        if h.key != ("落とした",) and h.key[0] not in _LOST:
            continue
        k = h.end
        while k < len(tokens) and tokens[k].lemma in ("た", "ちゃう", "てしまう"):
            k += 1
        if k >= len(tokens) or tokens[k].pos != "名詞":
            continue  # 財布落とした: the loss is the news
        for m in range(k + 1, min(len(tokens), k + 10)):
            t = tokens[m]
            if t.lemma in _RECOVERED and t.pos == "動詞" and not _negated_after(tokens, m + 1):
                h.score = FOUND_AGAIN_SCORE
                break


TREAT_WISH_SCORE = 0.4
#: Verbs of going, seeing, joining or eating after a treat (温泉行きたい, 焼肉食べたい).
_ENJOY = frozenset({"行く", "見る", "楽しむ", "参加", "参戦", "遊ぶ", "食べる", "飲む"})


def treat_wished(tokens: Sequence[Token], treats: frozenset[str]) -> list[_Hit]:
    """温泉行きたいな, 焼肉食べたい: a treat looked forward to; ライブ行きたかった closing
    the sentence, a treat missed."""
    out: list[_Hit] = []
    n = len(tokens)
    for j, tok in enumerate(tokens):
        if tok.lemma not in treats:
            continue
        k = j + 1
        if k < n and tokens[k].surface in ("に", "へ", "を", "で"):
            k += 1
        if k + 1 >= n or tokens[k].lemma not in _ENJOY:
            continue
        v = k + 1 if tokens[k].pos == "名詞" and tokens[k + 1].lemma == "為る" else k
        wish = tokens[v + 1 : v + 3]
        if not wish or wish[0].lemma != "たい":
            continue
        if wish[0].surface == "たかっ":
            after = tokens[v + 3 : v + 4]
            if not after or _is_boundary(after[0]) or after[0].pos2 == "終助詞":
                # ライブ行きたかった(なあ): missed; 行きたかったカフェに is a wish come true
                out.append(_Hit(j, v + 3, -TREAT_WISH_SCORE, ("〜に行きたかった",)))
            continue
        if wish[0].surface == "たく" or any(t.lemma == "た" for t in wish[1:]):
            continue  # 行きたくない
        out.append(_Hit(j, v + 2, TREAT_WISH_SCORE, ("〜に行きたい",)))
    return out


CONDITION_FACTOR = 0.2
#: What a plan closes on: a plain non-past verb or a wish, request or volition.
_PLAN_ENDINGS = frozenset({"為る", "行く", "来る", "帰る", "連絡", "たい", "う", "よう"})


def condition_of_a_plan(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """熱が下がったら保育園に連絡する, 晴れたら出かける: the condition of a plan has not
    happened, so its words weigh little when the main clause is a plan with no verdict of
    its own (in place; 雨が降ったら最悪 keeps its verdict)."""
    for c, tok in enumerate(tokens):
        if not (tok.surface in ("たら", "だら") and tok.lemma == "た"):
            continue
        _, hi = _sentence(tokens, c)
        main = [t for t in tokens[c + 1 : hi] if not _is_boundary(t)]
        if not main or any(t.lemma == "た" for t in main):
            continue  # 雨が降ったら中止になった: it happened
        if main[-1].lemma not in _PLAN_ENDINGS and main[-1].pos != "動詞":
            continue
        if any(h.score for h in hits if c < h.start < hi):
            continue
        lo, _ = _sentence(tokens, c)
        for h in hits:
            if lo <= h.start < c:
                h.score *= CONDITION_FACTOR


ZERO_AFTER = frozenset({"ゼロ", "0", "零"})


def down_to_zero(tokens: Sequence[Token], hits: Sequence[_Hit]) -> None:
    """残業ゼロで帰れた, ミスゼロ, 売上ゼロ: a thing at zero is its negation (in place)."""
    for h in hits:
        if not h.score or h.end >= len(tokens):
            continue
        nxt = tokens[h.end]
        after = tokens[h.end + 1 : h.end + 2]
        if nxt.surface in ZERO_AFTER or (
            nxt.lemma == "が" and after and after[0].surface in ZERO_AFTER
        ):
            h.score = -h.score * (0.7 if h.score > 0 else 0.8)
            h.weak = False
