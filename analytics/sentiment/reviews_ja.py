"""Constructions of review sentences (jarev): denied judgements, complaints that went away or
good things lost, "not as good as", "even better if", comparisons with an earlier or another
one, advice and hearsay, sizes other than expected, and praise that trails off on けど."""

from __future__ import annotations

from collections.abc import Sequence

from analytics.sentiment.clauses_ja import (
    _AVAILABLE,
    _LIGHT_LEMMAS,
    _NOUNISH,
    _WISH_PREDICATES,
    ACHIEVED_SCORE,
    NEGATE_POSITIVE,
    REQUEST_SCORE,
    Hit,
    _achieved,
    _Hit,
    _is_boundary,
    _is_contrast,
    _is_negation,
)
from analytics.sentiment.complaints_ja import (
    _NATURE,
    _WORKS,
    _potential,
    _want_to,
)
from analytics.sentiment.lexicon_ja import (
    WANTING_MORE,
)
from analytics.sentiment.moments_ja import describes as _describes
from analytics.sentiment.words_ja import (
    Token,
)

#: A complaint that went away (疲れが取れた, 不安が解消された, 肩こりが治った): relief.
_REMOVAL = frozenset(
    {
        "取れる",
        "吹き飛ぶ",
        "吹っ飛ぶ",
        "消える",
        "無くなる",
        "解消",
        "治る",
        "直る",
        "和らぐ",
        "癒える",
        "晴れる",
        "抜ける",
        "飛ぶ",
        "癒す",
        "取る",
        "吹き飛ばす",
        "和らげる",
        "解決",
        "払拭",
        "忘れる",
    }
)
#: "Not as good as A" (期待したほどではない, 評判ほどの味ではなかった): a disappointment; after
#: a worry (心配したほどではなかった) a relief.
SHORT_OF_STANDARD_SCORE = -0.5
#: "It would be even better if ..." (〜だと尚良い, 〜があればなお嬉しい): a wish, i.e. a mild
#: complaint; the condition's own praise (丁寧だと) is not something the writer got.
_EVEN = frozenset({"猶", "尚", "更に", "もっと"})
_WORRY = frozenset(
    {"心配", "不安", "懸念", "恐れる", "覚悟", "危惧", "怖い", "恐い", "警戒", "身構える"}
)
_CONDITIONALS = frozenset({"と", "ば", "たら", "だら", "なら"})


_CANNOT_HELP = frozenset({("仕方無い",), ("仕方", "が", "無い")})


def _removed(tokens: Sequence[Token], hit: _Hit) -> int | None:
    """Index of the verb that takes away the complaint ``hit`` names (疲れ|が|取れ|た)."""
    k = hit.end
    if k < len(tokens) and tokens[k].surface in ("が", "も", "は", "を"):
        k += 1
    if k >= len(tokens) or tokens[k].lemma not in _REMOVAL:
        return None
    after = tokens[k + 1 : k + 5]
    if any(_is_negation(t) for t in after) or any(t.lemma == "たい" for t in after):
        return None  # 疲れが取れない, 疲れを取りたい: still there
    return k


#: jamix (ja-lex-41): a good thing that went away (信頼がなくなった, やる気を失った,
#: モチベーションが下がった): the loss is the complaint, the mirror image of _REMOVAL.
_LOSS = frozenset({"無くなる", "失う", "失せる", "薄れる", "消える", "下がる", "落ちる", "減る"})


def _lost(tokens: Sequence[Token], hit: _Hit) -> int | None:
    """Index of the verb by which the good thing ``hit`` names was lost (信頼|が|なくなっ|た)."""
    if tokens[hit.end - 1].pos not in _NOUNISH:
        return None
    k = hit.end
    if k < len(tokens) and tokens[k].surface in ("が", "も", "は", "を"):
        k += 1
    if k >= len(tokens) or tokens[k].lemma not in _LOSS:
        return None
    after = tokens[k + 1 : k + 5]
    if any(_is_negation(t) for t in after) or any(t.lemma == "たい" for t in after):
        return None  # 信頼を失わない, 自信がなくならない: still there
    return k


def _short_of_standard(tokens: Sequence[Token], j: int) -> int | None:
    """Index of the negation in "A ほど(の X)では ない" for ほど at ``j``."""
    if j + 1 >= len(tokens) or tokens[j + 1].surface not in ("で", "じゃ", "の", "でも"):
        return None
    for k in range(j + 1, min(len(tokens), j + 8)):
        tok = tokens[k]
        if _is_boundary(tok) or _is_contrast(tok):
            return None
        if _is_negation(tok):
            return k
        if tok.pos in ("動詞", "形容詞") and tok.lemma not in _LIGHT_LEMMAS:
            return None  # 思ったほど広くない: the adjective's own negation
    return None


#: The thing compared with: an earlier or another one (以前の方が, 他社の方が, 前回の部屋の方が).
_OTHER_ONE = frozenset(
    {"前", "以前", "昔", "前回", "前作", "旧", "他", "他社", "他店", "別", "従来", "去年", "昨年"}
)
#: 〜すべき after a verb of fixing is a complaint (改善すべき, 見直すべき); after a verb of
#: visiting or trying it is a recommendation (一度は行くべき, 食べるべき).
MUST_SCORE = 0.6
_FIXING = frozenset(
    {"改善", "見直す", "直す", "改める", "検討", "教育", "指導", "徹底", "工夫", "対応", "考える"}
)
_VISITING = frozenset(
    {"行く", "来る", "泊まる", "食べる", "訪れる", "試す", "見る", "体験", "買う"}
)


def _same_clause(tokens: Sequence[Token], a: int, b: int) -> bool:
    return not any(_is_boundary(t) or _is_contrast(t) for t in tokens[a:b])


def _compared_with_other(tokens: Sequence[Token], j: int) -> bool:
    """方 at ``j`` in "X の方が", X an earlier or another one."""
    if j + 1 >= len(tokens) or tokens[j + 1].surface not in ("が", "は"):
        return False
    if j == 0 or tokens[j - 1].surface != "の":
        return False
    lo = max(0, j - 8)
    return any(t.lemma in _OTHER_ONE for t in tokens[lo : j - 1]) and _same_clause(tokens, lo, j)


def _ought(tokens: Sequence[Token], j: int, hits: Sequence[_Hit]) -> float:
    k = j - 1
    while k > 0 and tokens[k].lemma in ("為る", "ます"):
        k -= 1
    if k < 0:
        return 0.0
    verb = tokens[k].lemma
    if verb in _VISITING:
        return MUST_SCORE
    if verb in _FIXING:
        for h in hits:
            if h.start <= k < h.end and h.score > 0:
                h.score = 0.0  # 改善すべき: the improvement is missing
        return REQUEST_SCORE
    return 0.0


def _noise_from_afar(tokens: Sequence[Token], j: int) -> int:
    """Index of "X音 / X声 + が / も" a few words before 聞こえる / 響く at ``j``, with only
    nouns and particles between (部屋まで, 一晩中); 0 when there is none."""
    for k in range(j - 3, max(0, j - 7), -1):
        tok = tokens[k]
        if _is_boundary(tok) or _is_contrast(tok):
            return 0
        if (
            tok.surface.endswith(("音", "声"))
            and tokens[k + 1].surface in ("が", "も")
            and all(t.pos in ("名詞", "助詞", "接尾辞") for t in tokens[k + 2 : j])
            and not (k >= 2 and tokens[k - 1].surface == "の" and tokens[k - 2].lemma in _NATURE)
        ):
            return k
    return 0


#: A sentence that ends on けど / が (部屋は広かったんですけどね, 安いからいいんだけど) holds back
#: the rest: its praise is a concession to something left unsaid (a mild reservation).
TRAILING_BUT_FACTOR = -0.4
_FINAL_PARTICLES = frozenset({"ね", "よ", "な", "さ", "わ", "ねえ", "よね", "なあ"})


_VISIT_VERBS = frozenset(
    {"利用", "泊まる", "宿泊", "伺う", "訪れる", "訪問", "来店", "行く", "来る", "購入", "買う"}
    | {"注文", "頼む", "予約", "参加", "滞在"}
    | {"旅行", "帰省", "出張"}  # jarev3: 家族旅行をしました
)


def _visit_told(tokens: Sequence[Token], out: list[Hit]) -> list[Hit]:
    """誕生日のお祝いで伺いました, 卒業旅行で泊まりました: a visit told with nothing but
    dictionary nouns (occasions, companions) is a fact (jarev)."""
    if not out or any(strong for _, _, strong in out):
        return out
    content = [t for t in tokens if t.pos in ("動詞", "名詞") and t.lemma not in ("為る", "居る")]
    return [] if content and content[-1].lemma in _VISIT_VERBS else out


def _verdict_on_topic(tokens: Sequence[Token], j: int) -> bool:
    """jarev3 (ja-lex-44): the の of "X のは / のが + verdict" at ``j`` (落ち葉が浮いていたのは
    残念でした, 駅から近いのが嬉しい, 冷房が効かないのが気になった): the verdict after it is the
    point and the clause before only names what it is about, as after a contrast."""
    tok = tokens[j]
    return (
        tok.surface == "の"
        and tok.pos2 == "準体助詞"
        and 0 < j < len(tokens) - 2
        and tokens[j + 1].surface in ("は", "が")
        and tokens[j - 1].pos in ("動詞", "形容詞", "助動詞")
        and not _is_boundary(tokens[j + 2])
    )


def _trailing_but(tokens: Sequence[Token], out: list[Hit], clause_of: Sequence[int]) -> list[Hit]:
    k = len(tokens) - 1
    while k >= 0 and (_is_boundary(tokens[k]) or tokens[k].surface in _FINAL_PARTICLES):
        k -= 1
    if k <= 0 or not (_is_contrast(tokens[k]) and tokens[k].pos == "助詞"):
        return out
    before = clause_of[k] - 1
    return [
        (c, s * TRAILING_BUT_FACTOR if c == before and s > 0 else s, strong) for c, s, strong in out
    ]


_PERFECT = frozenset({"言う", "満点", "完璧", "文句", "最高", "申し分"})


def _conditional_wish(tokens: Sequence[Token], j: int, by_start: dict[int, _Hit]) -> bool:
    """と / なら at ``j`` between a condition and a wish predicate in the present (だと嬉しい,
    あると便利です) or a verdict of perfection (丁寧なら言うことなし, 広ければ満点)."""
    tok = tokens[j]
    if j == 0 or j + 1 >= len(tokens) or j + 1 not in by_start:
        return False
    nxt = by_start[j + 1]
    if nxt.score <= 0:
        return False
    if tok.surface == "と" and tok.pos == "助詞":
        if any(t.lemma == "た" for t in tokens[nxt.end : nxt.end + 3]):
            return False  # 使ってみると便利だった: what was found
        return (
            tokens[j - 1].pos in ("動詞", "形容詞", "助動詞")
            and tokens[nxt.start].lemma in _WISH_PREDICATES
            and (tokens[nxt.start].lemma != "便利" or tokens[j - 1].lemma in _AVAILABLE)
        )
    if tok.surface == "なら":
        # 丁寧なら言うことなし wishes; この値段なら文句なし grants (a noun before なら)
        return nxt.key[0] in _PERFECT and tokens[j - 1].pos in ("形状詞", "形容詞")
    return False


def _hedged_statement(tokens: Sequence[Token]) -> bool:
    """…ことでしょうか, …くらいでしょうか: a statement said tentatively, not a question (jarev)."""
    words = [t for t in tokens if not _is_boundary(t)]
    return (
        len(words) >= 4
        and words[-1].lemma == "か"
        and words[-2].surface == "でしょう"
        and words[-3].lemma in ("事", "くらい", "位", "所", "程度", "辺り")
    )


#: What others said (美味しいと聞いて, 美味しいと評判, 評判の良い, おすすめされた) and what is
#: only asked (リピートするかは微妙, 美味しいかと言われると) is not the writer's verdict.
_HEARSAY = frozenset({"聞く", "評判", "噂", "話題", "書く", "人気"})
_REPUTATION = frozenset({"評判", "口コミ", "クチコミ", "レビュー", "評価"})


_AVOIDING = frozenset({"止める", "辞める", "避ける", "控える", "気を付ける", "注意", "覚悟"})
WARNING_SCORE = -0.4


def _advice(tokens: Sequence[Token], hit: _Hit) -> float | None:
    """ "V ほうが いい / 安心": advice. A warning (−) when V is negated or a verb of avoiding
    or taking care, a neutral tip (0) otherwise; None when ``hit`` is not such advice."""
    k = hit.start
    if k < 3 or tokens[k - 1].surface != "が" or tokens[k - 2].lemma != "方":
        return None
    if tokens[k - 3].surface == "の":
        return None  # 前に泊まった所の方が良かった: a comparison, not advice (jarev3)
    before = [t.lemma for t in tokens[max(0, k - 6) : k - 2]]
    if before[-1:] in (["ない"], ["ず"]) or any(b in _AVOIDING for b in before):
        return WARNING_SCORE
    verbs = [b for b in before if b not in ("た", "て", "置く", "居る", "から")]
    if hit.key[0] == "良い" and verbs[-1:] and verbs[-1] in _VISITING:
        return MUST_SCORE  # 絶対に行ったほうがいい, 一度は食べたほうがいい: a recommendation
    return 0.0


def _not_asserted(tokens: Sequence[Token], hit: _Hit) -> bool:
    after = tokens[hit.end : hit.end + 4]
    if after[:1] and after[0].lemma in ("だ", "です"):
        after = after[1:]  # 最高だと聞いて
    if after[:1] and after[0].surface == "と" and after[1:2] and after[1].lemma in _HEARSAY:
        return True  # 美味しいと聞いて予約した, 美味しいと評判の店
    if (
        hit.start >= 2
        and tokens[hit.start - 1].surface in ("の", "が")
        and tokens[hit.start - 2].lemma in _REPUTATION
    ):
        return hit.score > 0 and tokens[hit.start].pos == "形容詞"  # 評判の良かったホテル
    if (
        hit.key
        and hit.key[-1] == "勧める"
        and [t.lemma for t in after[:2]]
        in (
            ["為る", "れる"],
            ["られる"],
        )
    ):
        return True  # 店員さんにおすすめされたパスタ
    for k in range(hit.end, min(len(tokens), hit.end + 3)):
        tok = tokens[k]
        if tok.surface == "か" and tok.pos == "助詞":
            nxt = tokens[k + 1].surface if k + 1 < len(tokens) else ""
            if nxt == "と" and k + 2 < len(tokens) and tokens[k + 2].lemma == "思う":
                return False  # 好みが分かれるかと思います: a hedged verdict (jarev3)
            return nxt in ("は", "と", "どう")  # リピートするかは微妙 (かも is "maybe")
        if _hearsay_sou(tokens, k):
            return True  # アプリからも操作できるそうです: what the writer was told (jarev3)
        if _is_boundary(tok) or tok.pos not in ("動詞", "助動詞"):
            break
    return False


def _hearsay_sou(tokens: Sequence[Token], k: int) -> bool:
    """そう at ``k`` after a predicate in its plain form (できるそうです, 美味しいそうだ,
    良かったそうです): hearsay; after a stem (できそう, 美味しそう) it is the writer's guess."""
    tok = tokens[k]
    if tok.lemma != "そう" or k == 0 or tok.pos not in ("形状詞", "名詞"):
        return False
    if tok.pos == "名詞":
        return tok.pos2 == "助動詞語幹"  # UniDic tags hearsay after an adjective so
    prev = tokens[k - 1]
    if prev.pos == "助動詞":
        return prev.lemma in ("た", "だ")
    return prev.pos in ("動詞", "形容詞") and prev.surface[-1:] == prev.lemma[-1:]


_EXPECTED = frozenset({"想像", "予想", "イメージ", "写真", "画像", "予定", "表記", "記載"})
#: Sizes that disappoint when they differ from what was expected (軽い is mostly welcome).
_MISMATCH = frozenset({"小さい", "大きい", "短い", "長い", "薄い", "細い", "太い", "浅い"})


def _than_expected(tokens: Sequence[Token], j: int, by_start: dict[int, _Hit]) -> int:
    """Index of a plain measure adjective (小さい, 短い, 大きい) right after "思ったより /
    想像より" at ``j``, when no dictionary gives it a sign there; 0 otherwise."""
    before = [t.lemma for t in tokens[max(0, j - 4) : j]]
    if not (before[-1:] and (before[-1] in _EXPECTED or (before[-1] == "た" and "思う" in before))):
        return 0
    for k in range(j + 1, min(len(tokens), j + 4)):
        tok = tokens[k]
        if tok.pos == "形容詞":
            hit = by_start.get(k)
            return k if tok.lemma in _MISMATCH and (hit is None or not hit.score) else 0
        if tok.pos not in ("副詞", "助詞"):
            return 0
    return 0


#: jarev3 (ja-lex-44): what a guest or a buyer wants roomy or big (部屋, 浴槽, ベッド,
#: テレビ, 画面, 文字): told small (湯船が小さめ, ベッドが小さい), a mild complaint. 小さい is
#: disabled in the broad dictionaries (小さな子供, 小さい頃 say nothing).
TOO_SMALL_SCORE = -0.4
_ROOMY = frozenset(
    {
        "部屋",
        "客室",
        "室内",
        "浴槽",
        "湯船",
        "風呂",
        "浴場",
        "大浴場",
        "露天",
        "露天風呂",
        "浴室",
        "バスタブ",
        "ベッド",
        "寝台",
        "布団",
        "テレビ",
        "画面",
        "モニター",
        "ディスプレイ",
        "窓",
        "冷蔵庫",
        "金庫",
        "机",
        "デスク",
        "テーブル",
        "洗面台",
        "クローゼット",
        "収納",
        "ロビー",
        "駐車場",
        "駐車",
        "スペース",
        "文字",
        "字",
        "サイズ",
        "容量",
        "量",
        "ネタ",
        "具",
    }
)
_SMALL = frozenset({"小さい", "小さめ"})


def _too_small(tokens: Sequence[Token], j: int, by_start: dict[int, _Hit]) -> bool:
    """小さい / 小さめ at ``j`` said of a thing wanted big (浴槽が小さい, ベッドは少し
    小さめでした), as the predicate (not 小さい子供) and with no dictionary sign there."""
    if (hit := by_start.get(j)) is not None and hit.score:
        return False
    if j + 1 < len(tokens) and tokens[j + 1].pos in _NOUNISH:
        return False  # 小さいお子様: it names, it does not judge
    for k in range(j - 1, max(-1, j - 6), -1):
        tok = tokens[k]
        if _is_boundary(tok) or _is_contrast(tok) or tok.surface == "より":
            return False  # 思ったより小さい is the let-down rule's
        if (
            tok.surface in ("が", "は", "も")
            and tok.pos == "助詞"
            and k > 0
            and (  # 冷蔵庫 and 駐車場 may come as two words (冷蔵 + 庫)
                tokens[k - 1].lemma in _ROOMY
                or (k > 1 and tokens[k - 2].surface + tokens[k - 1].surface in _ROOMY)
            )
        ):
            return True  # ベッドがどちらも小さめ: the subject may sit before どちらも
        if tok.pos not in ("副詞", "助詞", "名詞", "接尾辞", "代名詞"):
            return False
    return False


#: jarev3 (ja-lex-49): the same every day (朝食が毎日同じだった, メニューがいつも同じ): no
#: variety, a mild complaint; only as the predicate (毎日同じ時間に起きる is a routine).
SAME_SCORE = -0.3
_EVERY_TIME = frozenset({"毎日", "毎回", "何時も", "いつも", "連日", "毎朝", "毎晩", "毎食"})


def _same_every_time(tokens: Sequence[Token], j: int) -> bool:
    if j == 0 or tokens[j - 1].lemma not in _EVERY_TIME:
        return False
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is None or _is_boundary(nxt) or nxt.lemma in ("だ", "です", "で")


#: jarev3 (ja-lex-49): seasoning that is strong (味付けが濃い, 味が少し濃かった): a mild
#: complaint unless praise follows (濃くて美味しい outweighs it).
_SEASONING = frozenset({"味", "味付け", "塩味", "塩気", "塩分", "味付"})


def _seasoned(tokens: Sequence[Token], j: int) -> bool:
    for k in range(j - 1, max(-1, j - 4), -1):
        tok = tokens[k]
        if tok.surface in ("が", "は", "も") and tok.pos == "助詞":
            return k > 0 and tokens[k - 1].lemma in _SEASONING
        if tok.pos != "副詞":
            return False
    return False


#: jarev3 (ja-lex-52): はどうかと思う (この対応はどうかと思います) disapproves; after て / で
#: (導入してはどうかと思います) it suggests.
_DOUBTFUL = ("は", "どう", "か", "と", "思う")
#: jarev3 (ja-lex-44): a closing time that comes early (チェックアウトが10時と早い, ラスト
#: オーダーが早め) leaves the guest less time: 早い is no quick service there.
EARLY_CLOSE_SCORE = -0.4
_CLOSING = frozenset(
    {"チェックアウト", "ラスト", "オーダー", "閉店", "閉館", "終了", "消灯", "門限", "最終"}
)


def _closes_early(tokens: Sequence[Token], hit: _Hit) -> bool:
    if hit.key[0] not in ("早い", "早め") or hit.score <= 0:
        return False
    for k in range(hit.start - 1, max(-1, hit.start - 9), -1):
        tok = tokens[k]
        if _is_boundary(tok) or _is_contrast(tok):
            return False
        if tok.lemma in _CLOSING:
            return True
    return False


#: jarev3 (ja-lex-47): the guest's own timing (早めに到着した, 早めに切り上げる); only 早め:
#: 早く帰れた is good news in a diary.
_OWN_TIMING = frozenset(
    {"到着", "着く", "出発", "出る", "起きる", "寝る", "就寝", "起床", "向かう"}
    | {"切り上げる", "予約", "行く", "入る", "チェックイン", "済ませる", "家"}
)


def _own_early_action(tokens: Sequence[Token], hit: _Hit) -> bool:
    if hit.key[0] != "早め" or hit.score <= 0:
        return False
    k = hit.end
    if k < len(tokens) and tokens[k].surface == "に":
        k += 1
    return k > hit.end - 1 and any(t.lemma in _OWN_TIMING for t in tokens[k : k + 2])


def _review_constructions(
    tokens: Sequence[Token], hits: list[_Hit], gated: bool = True
) -> list[_Hit]:
    """Hits of removal, "not as good as" and "even better if"; adjusts ``hits`` in place."""
    out: list[_Hit] = []
    by_start = {h.start: h for h in hits}
    for hit in hits:
        if hit.score < 0 and not hit.direction and (k := _removed(tokens, hit)) is not None:
            hit.score, hit.weak = abs(hit.score), False
            if k in by_start:
                by_start[k].score = 0.0
        elif hit.score > 0 and not hit.direction and (k := _lost(tokens, hit)) is not None:
            hit.score, hit.weak = hit.score * NEGATE_POSITIVE, False
            if k in by_start:
                by_start[k].score = 0.0
    for hit in hits:
        k = (
            hit.end + 1
            if tokens[hit.end : hit.end + 1] and tokens[hit.end].surface == "に"
            else hit.end
        )
        nxt = by_start.get(k)
        if (
            nxt is not None
            and hit.score > 0
            and hit.end - hit.start == 1
            and tokens[hit.start].pos == "形状詞"
            and tokens[nxt.start].pos == "形容詞"
        ):
            # 特別美味しい, 抜群に美味しい: the first word says how much (jarev)
            hit.score, nxt.score = 0.0, nxt.score * 1.3
    for hit in hits:
        if (
            hit.key[0] in ("改善", "向上", "見直し")
            and hit.end + 1 < len(tokens)
            and tokens[hit.end].surface == "を"
            and tokens[hit.end + 1].lemma in ("望む", "願う", "求める", "期待", "御願い", "希望")
        ):
            hit.score, hit.weak = REQUEST_SCORE, False  # 改善を望みます: not good yet (jarev)
            if hit.end + 1 in by_start:
                by_start[hit.end + 1].score = 0.0
        elif hit.score > 0 and (warning := _advice(tokens, hit)) is not None:
            # 期待しないほうがいい, やめたほうがいい: a warning; 予約したほうが安心: a tip (jarev)
            hit.score, hit.weak = warning, False
        elif hit.score and _not_asserted(tokens, hit):
            hit.score = 0.0
        elif hit.key[:2] == ("言う", "事") and any(
            t.lemma == "特に" for t in tokens[max(0, hit.start - 2) : hit.start]
        ):
            hit.score = 0.0  # 特に言うことはありません: no comment (何も言うことはない: perfect)
        elif hit.key == ("普通", "だ") and tokens[hit.end - 1].surface == "に":
            hit.score = 0.0  # 普通に泊まれた, 普通に美味しい: "just fine", not the verdict 普通だ
        elif (
            hit.end + 1 < len(tokens)
            and tokens[hit.end].surface in ("な", "の")
            and tokens[hit.end + 1].lemma in ("方", "人")
            and (hit.end + 2 >= len(tokens) or tokens[hit.end + 2].surface in ("に", "は", "にも"))
        ):
            hit.score = 0.0  # 辛いものが好きな方には: who the advice is for, not a verdict
        elif (
            hit.key == ("期待",)
            and not any(t.lemma == "た" for t in tokens[hit.end : hit.end + 5])
            and any(
                t.lemma in ("改善", "次回", "今後", "次", "向上")
                for t in tokens[max(0, hit.start - 8) : hit.start]
            )
            and _same_clause(tokens, max(0, hit.start - 8), hit.start)
        ):
            hit.score, hit.weak = REQUEST_SCORE, False  # 次回に期待します: not this time
            for h in hits:
                if h.score > 0 and h.end <= hit.start and _same_clause(tokens, h.end, hit.start):
                    h.score = 0.0  # 改善されていることを期待: the improvement is not there yet
    for hit in hits:
        if (
            hit.score < 0
            and tokens[hit.end - 1].pos == "動詞"
            and tokens[hit.end : hit.end + 1]
            and tokens[hit.end].surface in ("ほど", "くらい", "ぐらい")
        ):
            hit.score = 0.0  # 何を食べるか迷うほど: a measure of how much, not a complaint
    for hit in hits:
        if hit.key == _DOUBTFUL and hit.start > 0 and tokens[hit.start - 1].surface in ("て", "で"):
            hit.score = 0.0  # 導入してはどうかと思います: a suggestion, not disapproval (jarev3)
        elif _own_early_action(tokens, hit):
            hit.score = 0.0  # jarev3: 早めに到着した is the guest's own timing, no praise
        elif _closes_early(tokens, hit):
            hit.score, hit.weak = EARLY_CLOSE_SCORE, False  # jarev3: チェックアウトが早い
    for hit in hits:
        if (
            hit.key in _CANNOT_HELP
            and hit.start > 0
            and tokens[hit.start - 1].surface in ("て", "で")
        ):
            # 可愛くて仕方ない: unbearably so, an intensifier and not resignation
            hit.score = 0.0
            for h in hits:
                if h.end == hit.start - 1:
                    h.score *= 1.5
    for j, tok in enumerate(tokens):
        # japerf gate: a new rule here adds its triggers to _WANTING_MORE_TRIGGERS
        if gated and tok.surface not in _WANTING_MORE_TRIGGERS:
            continue
        more = (
            tok.surface == "もう"
            and tokens[j + 1 : j + 2]
            and tokens[j + 1].lemma in ("少し", "一寸")
        )
        k = j + 2 if more else j + 1
        if (tok.surface in WANTING_MORE or more) and k in by_start and by_start[k].score > 0:
            by_start[k].score = 0.0  # もっと早く, もう少し充実: not there yet (jarev)
    for j, tok in enumerate(tokens):
        # japerf gate: a new rule here adds its triggers to _REVIEW_*
        if (
            gated
            and tok.surface not in _REVIEW_SURFACES
            and tok.lemma not in _REVIEW_LEMMAS
            and tok.pos not in _REVIEW_POS
        ):
            continue
        if tok.lemma in _SMALL:
            if _too_small(tokens, j, by_start):
                out.append(_Hit(j, j + 1, TOO_SMALL_SCORE, ("小さい",)))  # jarev3: 湯船が小さい
        elif tok.lemma == "同じ":
            if _same_every_time(tokens, j):
                out.append(_Hit(j - 1, j + 1, SAME_SCORE, ("毎日同じ",)))  # jarev3
        elif tok.lemma == "濃い":
            if not (j in by_start and by_start[j].score) and _seasoned(tokens, j):
                out.append(_Hit(j, j + 1, TOO_SMALL_SCORE, ("濃い",)))  # jarev3: 味付けが濃い
        elif tok.surface == "ほど" and tok.pos == "助詞":
            neg = _short_of_standard(tokens, j)
            if neg is None:
                continue
            worry = any(t.lemma in _WORRY for t in tokens[max(0, j - 4) : j])
            for h in hits:  # the standard (期待, 評判, 人気) is not itself praise
                if (
                    h.end <= j
                    and h.score > 0
                    and not any(_is_boundary(t) or _is_contrast(t) for t in tokens[h.end : j])
                ):
                    h.score = 0.0
            score = -SHORT_OF_STANDARD_SCORE if worry else SHORT_OF_STANDARD_SCORE
            out.append(_Hit(j, neg + 1, score, ("ほどではない",)))
            for h in hits:
                if j < h.start <= neg:
                    h.score = 0.0
        elif (
            tok.lemma in _EVEN
            and tok.pos == "副詞"
            and 0 < j < len(tokens) - 1
            and tokens[j - 1].surface in _CONDITIONALS
            and tokens[j + 1].lemma in _WISH_PREDICATES | {"最高", "完璧"}
        ):
            for h in hits:
                if h.start == j + 1 or (
                    h.end <= j
                    and h.score > 0
                    and not any(_is_boundary(t) or _is_contrast(t) for t in tokens[h.end : j])
                ):
                    h.score = 0.0
            out.append(_Hit(j, j + 2, REQUEST_SCORE, ("尚良い",)))
        elif _conditional_wish(tokens, j, by_start):
            # 甘さ控えめだと嬉しい, 近くにあると便利です, 丁寧なら言うことなし: what the writer
            # missed; the condition's own praise is not something they got (jarev)
            for h in hits:
                if h.score > 0 and h.end <= j and _same_clause(tokens, h.end, j):
                    h.score = 0.0
            nxt = by_start[j + 1]
            if nxt.key[0] not in _WISH_PREDICATES:
                nxt.score = 0.0
                out.append(_Hit(j, j + 1, REQUEST_SCORE, ("なら完璧",)))
        elif tok.surface == "より" and (k := _than_expected(tokens, j, by_start)):
            # 思ったより小さい, 想像より短かった: not what the writer expected (jarev)
            out.append(_Hit(k, k + 1, SHORT_OF_STANDARD_SCORE * 0.6, ("思ったより",)))
        elif tok.lemma == "たい" and j > 0 and tokens[j - 1].lemma in ("頂く", "貰う"):
            # 丁寧に説明していただきたかった, 連絡してもらいたい: asked for, so missing (jarev)
            for h in hits:
                if h.score > 0 and j - 7 <= h.start < j and _same_clause(tokens, h.end, j):
                    h.score = 0.0
            out.append(_Hit(j - 1, j + 1, REQUEST_SCORE, ("いただきたい",)))
        elif tok.lemma == "たい" and (want := _want_to(tokens, j))[0]:
            out.append(_Hit(j, want[1], want[0], ("たいと思える",)))
        elif tok.lemma == "べし" and tok.pos == "助動詞" and (must := _ought(tokens, j, hits)):
            out.append(_Hit(j, j + 1, must, ("べき",)))
        elif (
            tok.pos == "動詞"
            and (
                _potential(tok)
                or tok.lemma in _WORKS | {"出来る", "繋がる"}
                or tok.surface.endswith(("れる", "える"))
            )
            and [t.lemma for t in tokens[j + 1 : j + 4]] == ["様", "だ", "成る"]
            and _achieved(tokens, j + 4)
            and not _describes(tokens, j + 4)  # 調整できるようになっています (jagen4)
        ):
            out.append(_Hit(j, j + 4, ACHIEVED_SCORE, ("出来た",)))  # 取れるようになった (jarev)
        elif (
            tok.surface in ("ば", "たら")
            and [t.lemma for t in tokens[j + 1 : j + 3]] == ["と", "思う"]
            and j > 0
            and tokens[j - 1].pos in ("動詞", "形容詞", "助動詞")
        ):
            # 充実していればと思います, 改善していただければと思います: a wish (jarev); 参考に
            # なればと思います closes a review and says nothing
            for h in hits:
                if h.score > 0 and h.end <= j and _same_clause(tokens, h.end, j):
                    h.score = 0.0
            if not any(t.lemma == "参考" for t in tokens[max(0, j - 4) : j]):
                out.append(_Hit(j, j + 3, REQUEST_SCORE, ("ればと思う",)))
        elif tok.lemma == "見付かる" and _achieved(tokens, j + 1):
            if any(t.lemma == "探す" for t in tokens[:j]):
                out.append(_Hit(j, j + 1, ACHIEVED_SCORE, ("出来た",)))  # 探していた物が見つかった
    return out


#: japerf trigger gates of the rule loops above (see ``evidence_ja``): a new rule in one of
#: them must add its trigger words here.
#: The constructions of review sentences keyed on one token (ほど, なら, より, たい, べし,
#: ればと思う) or on a verb (取れるようになった).
_REVIEW_SURFACES = frozenset({"ほど", "と", "なら", "より", "ば", "たら"})
_REVIEW_LEMMAS = _EVEN | {"たい", "べし", "見付かる", "同じ", "濃い"} | _SMALL
_REVIEW_POS = frozenset({"動詞"})
#: もっと, もう少し, and もう before 少し / ちょっと (not yet good enough).
_WANTING_MORE_TRIGGERS = WANTING_MORE | {"もう"}
