"""Social-media posts (issue 14, jasns): how posts are cleaned (links, hashtags, repeated
marks, dialect) and what their devices mean: laughter, amazement, being overwhelmed, tears,
sarcastic asides, emoji read the Japanese way, draws won and progress made."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from analytics.sentiment.clauses_ja import (
    _EXCESS_LEMMAS,
    _LAUGH_RE,
    ACHIEVED_SCORE,
    Hit,
    _Hit,
    _is_boundary,
    _negated,
)
from analytics.sentiment.complaints_ja import (
    _potential,
)
from analytics.sentiment.detect import strip_post_noise
from analytics.sentiment.dictionary_ja import (
    lexicon,
)
from analytics.sentiment.emoji import EMOJI
from analytics.sentiment.moments_ja import describes as _describes
from analytics.sentiment.spelling_ja import (
    _E_ROW,
    _is_adjective,
)
from analytics.sentiment.words_ja import (
    Token,
    _key,
    _raw_tokens,
)

#: Hashtags: their words are read (#最高 praises, #拡散希望 says nothing) as a sentence of
#: their own; repeated marks (!!!, ？？, ーーー, 〜〜) count once; frame lines (━━, ──) go.
_HASHTAG_RE = re.compile(r"#([^\s#]+)")
_MARK_RUN_RE = re.compile(r"[!?]{2,}")
_LONG_RUN_RE = re.compile(r"([ー〜~])[ー〜~]+")
_FRAME_RE = re.compile(r"[━─―]+")
#: A space between Japanese words ends a phrase (もふもふ最高 猫のいる生活): UniDic drops it,
#: and 最高 + 猫 would read as one compound.
_JA_SPACE_RE = re.compile(
    r"(?<=[ぁ-ゖァ-ヺー〜\u4e00-\u9fff!?。、)]) +(?=[ぁ-ゖァ-ヺ\u4e00-\u9fff(「])"
)


#: A single w after Japanese is laughter too (二度寝最高w), like www.
_ONE_W_RE = re.compile(r"(?<=[ぁ-ゖァ-ヺー\u4e00-\u9fff!?])w(?![A-Za-z])")
#: Kyushu adjectives end in か where the standard ends in い: よか (良い), うまか, きつか.
_KYUSHU_RE = re.compile(r"([ぁ-ゖ]{1,3})か(?=$|[\s、。!?…〜ーねなよw]|[\u4e00-\u9fff])")


#: Kana that end a verb stem before the clipped volitional よ (しよ, 寝よ, 食べよ, 見よ).
_VOLITIONAL_STEMS = tuple("しべねけめれせてでえげみきぎりちい")


def _kyushu_adjective(m: re.Match[str]) -> str:
    stem = m.group(1)
    for n in range(len(stem), 0, -1):
        tail = stem[-n:]
        if tail == "よ" and stem[:-1].endswith(_VOLITIONAL_STEMS):
            continue  # しよかな, 寝よかな: the volitional (しようかな), not よか (jagen)
        if (n > 1 or tail == "よ") and tail != "まじ" and _is_adjective(tail + "い"):
            if _key(_raw_tokens(tail + "い")) in lexicon().entries:
                return stem[:-n] + tail + "い"  # よか, 今日はよか天気, うまか, きつか
    return m.group(0)  # ないか, 行くか, いいか, まじか: the question particle


#: Kansai ええ is いい (ええやん, ええ感じ, ええ人); ええ、 and ええー are "yes" and surprise.
_KANSAI_EE_RE = re.compile(
    r"ええ(?=やん|やろ|な|ね|よ|わ|感じ|人|[\u4e00-\u9fff])"
    # jagen4: after a Kansai degree word ええ is いい too (めっちゃええ, ほんまにええ)
    r"|(?<=めっちゃ)ええ|(?<=めちゃ)ええ|(?<=ほんま)ええ|(?<=ほんまに)ええ|(?<=めっさ)ええ"
)


def clean_post(text: str) -> str:
    """The words of a post: no links, @mentions or RT prefix; hashtags as plain words."""
    text = strip_post_noise(unicodedata.normalize("NFKC", text))
    if "#" in text:
        text = _HASHTAG_RE.sub(lambda m: f" {m.group(1)}。", text)
    text = _MARK_RUN_RE.sub(lambda m: "?" if "?" in m.group(0) else "!", text)
    text = _LONG_RUN_RE.sub(r"\1", text)
    if "w" in text:
        text = _ONE_W_RE.sub("ww", text)
    if "か" in text:
        text = _KYUSHU_RE.sub(_kyushu_adjective, text)
    if "ええ" in text:
        text = _KANSAI_EE_RE.sub("いい", text.replace("ええやん", "いいじゃん"))
    text = _FRAME_RE.sub(" ", text).strip()
    return _JA_SPACE_RE.sub("、", text) if " " in text else text


def post_body(text: str) -> str:
    """A cleaned post without its hashtags (a question stays a question: これ何? #質問)."""
    return _HASHTAG_RE.sub(" ", strip_post_noise(unicodedata.normalize("NFKC", text))).strip()


#: Laughter (ｗ, 笑, 草) softens a post; it praises only when nothing else is negative
#: (テスト爆死したｗｗ, 遅延して草 laugh at a mishap).
_LAUGH_KEYS = frozenset({"草", "笑"})
_GRASS_GROWS = frozenset({"生える", "生やす", "不可避"})


def _laughing_grass(tokens: Sequence[Token], i: int) -> bool:
    """草 as laughter: closing a sentence, after て / で (遅れてて草), or growing (草生える)."""
    if i + 1 == len(tokens) or _is_boundary(tokens[i + 1]):
        return True
    if tokens[i + 1].lemma in _GRASS_GROWS:
        return True
    return i > 0 and tokens[i - 1].surface in ("て", "で") and tokens[i - 1].pos == "助詞"


def _is_laughter(hit: _Hit) -> bool:
    first = hit.key[0]
    return first in _LAUGH_KEYS or bool(_LAUGH_RE.match(first))


#: すごい that modifies nothing (この景色すごい!, すごーい) is amazement: praise.
AMAZED_SCORE = 0.6


def _said_alone(tokens: Sequence[Token], i: int) -> bool:
    if tokens[i].surface in ("すごく", "凄く", "スゴく"):
        return False
    if i + 1 == len(tokens) or _is_boundary(tokens[i + 1]):
        return True
    nxt = tokens[i + 1]
    return (nxt.pos == "助詞" and nxt.pos2 == "終助詞") or nxt.lemma in ("です", "だ")


#: Words of being overwhelmed: alone they complain (もう無理, しんどい, 泣いた), after a cause
#: they take its sign (尊すぎて無理, 美味しすぎて泣いた, 可愛すぎて死ぬ, 眠すぎてしんどい).
_OVERWHELMED = frozenset(
    {"泣く", "泣ける", "涙", "無理", "しんどい", "死ぬ", "辛い", "困る", "震える", "😭", "🥲", "🥹"}
)
#: Tears are the most ambiguous of them: with no linked cause they follow the rest of the
#: post when all of it is positive (アンコールで泣いた、一生の思い出).
_TEARS = frozenset({"泣く", "泣ける", "涙", "😭", "🥲", "🥹"})
#: jagen: dying and trembling are as ambiguous as tears (死にそう、ありがとう公式; 震えた、
#: 最高の最終回): with no linked cause they follow an all-positive post too.
_FOLLOW_JOY = _TEARS | {"死ぬ", "震える"}
#: 無理 ending a clause is "I can't take it", strongly (満員電車ほんまむり).
CANNOT_TAKE_SCORE = -0.6
OVERWHELMED_FACTOR = 0.6


def _overwhelmed(hit: _Hit) -> bool:
    return hit.key[0] in _OVERWHELMED


def _cause_before(tokens: Sequence[Token], placed: Sequence[_Hit], k: int) -> int | None:
    """Index of the hit that causes the overwhelmed word ``placed[k]``: the nearest polar hit
    before it, linked by て / で / くて (Xすぎて泣いた) or, for an emoji, anywhere before."""
    hit = placed[k]
    for m in range(k - 1, -1, -1):
        other = placed[m]
        if _overwhelmed(other) or _is_laughter(other):
            continue
        if hit.key[0] in EMOJI or _EMOJI_JA.get(hit.key[0]):
            return m
        between = tokens[other.end : hit.start]
        if len(between) <= 4 and any(t.surface in ("て", "で") for t in between):
            return m
        return None
    return None


#: A bracketed aside that says the post means the opposite (最高の一日でした(棒)) or that a
#: complaint word is praise (しんどい(褒めてる)).
_SARCASM_RE = re.compile(r"\((?:棒|棒読み|皮肉|白目|遠い目|震え声|嘘|怒)\)")
_PRAISE_ASIDE_RE = re.compile(r"\((?:褒めてる|褒め言葉|誉めてる|いい意味で|良い意味で)\)")
SARCASM_SCORE = 0.5


def _aside(text: str, whole: float) -> float:
    """The polarity after a sarcasm or praise aside in brackets (normalised text)."""
    if _SARCASM_RE.search(text):
        return -max(abs(whole), SARCASM_SCORE)
    if _PRAISE_ASIDE_RE.search(text):
        return max(abs(whole), SARCASM_SCORE)
    return whole


#: Emoji read the Japanese way: 😇 (昇天) is giving up, 🥺 (ぴえん) is a sad plea.
_EMOJI_JA: dict[str, float] = {
    "😇": -0.6,
    "🥺": -0.6,
    "🥲": -0.4,
    "🙃": -0.4,
    "😅": -0.2,
    "🤣": 0.3,
    "😌": 0.4,
    "🙌": 0.8,
    "✌": 0.6,
    "🥹": 0.6,
    "😱": -0.6,
    "😵": -0.6,
    "😪": -0.4,
    "🫠": -0.4,
    "💦": -0.2,
    "😿": -0.6,
    "😋": 0.8,
    "😘": 0.8,
    "🫶": 0.8,
    "👌": 0.6,
    "💖": 1.0,
    "💗": 1.0,
    "💓": 1.0,
    "💞": 1.0,
    "💛": 0.8,
    "💙": 0.8,
    "💚": 0.8,
    "💜": 0.8,
    "🧡": 0.8,
    "♡": 0.6,
    "♥": 0.6,
    "❣": 0.8,
    "🔥": 0.4,
    # jagen3: emoji of celebrations, treats and fondness, and of illness, heat, cold, worry
    # and money gone, as Japanese posts use them (faces read either way, 😳 🤔 💀, and
    # weather, ☀ ☔ ❄, are left out: the words around them decide)
    "🌸": 0.4,
    "🎂": 0.6,
    "🎁": 0.6,
    "🏆": 0.8,
    "🥇": 0.8,
    "🎊": 0.8,
    "🎈": 0.4,
    "🍻": 0.5,
    "🥂": 0.5,
    "🍺": 0.4,
    "🍰": 0.4,
    "🌈": 0.5,
    "💐": 0.6,
    "😻": 0.8,
    "😸": 0.6,
    "😺": 0.6,
    "😽": 0.6,
    "😚": 0.6,
    "😙": 0.4,
    "😛": 0.4,
    "😜": 0.4,
    "😝": 0.4,
    "🤤": 0.4,
    "💘": 0.8,
    "💝": 0.8,
    "💟": 0.6,
    "💌": 0.6,
    "🤍": 0.8,
    "🎶": 0.4,
    "🎵": 0.4,
    "🥵": -0.4,
    "🥶": -0.4,
    "🤒": -0.6,
    "🤕": -0.6,
    "🤢": -0.6,
    "🤧": -0.4,
    "😷": -0.3,
    "😕": -0.4,
    "😟": -0.4,
    "😥": -0.4,
    "😨": -0.6,
    "😦": -0.4,
    "😧": -0.4,
    "🥱": -0.3,
    "🤯": -0.4,
    "👿": -0.6,
    "😾": -0.6,
    "🙀": -0.4,
    "💸": -0.4,
    "📉": -0.4,
}
#: japerf: the first characters of every emoji entry (a gate for the per-token lookups).
_EMOJI_FIRST = frozenset(k[:1] for k in (*EMOJI, *_EMOJI_JA))


#: A draw won: 当たる after a ticket, a lottery or a gacha (チケット当たった, 抽選に当たった);
#: elsewhere 当たる is neutral (日が当たる) or a mishap (食べ物に当たる).
_PRIZES = frozenset(
    {"チケット", "抽選", "籤", "くじ", "宝籤", "宝くじ", "懸賞", "ガチャ", "席", "景品"}
    # jagen4: vouchers won (抽選で旅行券当たった, 商品券が当たった)
    | {"券", "商品券", "ギフト券", "旅行券", "賞品", "賞金"}
    # jasns2: fan events drawn by lot (サイン会当たった, 先行当たった, ライブ当たった)
    | {"会", "先行", "ライブ", "公演", "舞台挨拶"}
)
WON_SCORE = 0.8


def _won(tokens: Sequence[Token], j: int) -> bool:
    return (
        tokens[j].lemma == "当たる"
        and any(t.lemma in _PRIZES or t.surface in _PRIZES for t in tokens[max(0, j - 5) : j])
        and any(t.lemma == "た" for t in tokens[j + 1 : j + 3])
    )


def _progress(tokens: Sequence[Token], j: int) -> bool:
    """Can now do what one could not: a potential (泳げる, 聞き取れる, できる) + ように + なる
    in the past or going on (泳げるようになった, 読めるようになってきた)."""
    tok = tokens[j]
    whole = (  # the potential's dictionary form: 聞き取れる (lemma 聞き取る), 泳げる
        tok.ctype.startswith("下一段")
        and tok.surface.endswith("る")
        and tok.surface[:-2] == tok.lemma[:-1]
        and tok.surface[-2:-1] in _E_ROW
    )
    if not (whole or _potential(tok) or tok.lemma == "出来る"):
        return False
    rest = [t.lemma for t in tokens[j + 1 : j + 6]]
    return (
        rest[:3] == ["様", "だ", "成る"]
        and len(rest) > 3
        and rest[3] in ("た", "て", "てる", "ます")
        and "ない" not in rest
        # jagen4: 選べるようになっています / おります describes a facility, no progress
        and not _describes(tokens, j + 4)
    )


def _sns_adjust(
    tokens: Sequence[Token], placed: Sequence[_Hit], out: list[Hit], clause_of: Sequence[int]
) -> list[Hit]:
    covered = {j for hit in placed for j in range(hit.start, hit.end)}
    for j, tok in enumerate(tokens):
        if j in covered:
            continue
        if tok.lemma == "当たる" and _won(tokens, j):
            out.append((clause_of[j], WON_SCORE, True))
            placed = [*placed, _Hit(j, j + 1, WON_SCORE, ("当たる",))]
        elif tok.pos == "動詞" and _progress(tokens, j):
            out.append((clause_of[j], ACHIEVED_SCORE, True))
            placed = [*placed, _Hit(j, j + 1, ACHIEVED_SCORE, ("出来た",))]
    if not out:
        return out
    adjusted = list(out)
    for k, hit in enumerate(placed):
        clause, score, strong = adjusted[k]
        if hit.key == ("無理",) and (
            hit.end == len(tokens)
            or _is_boundary(tokens[hit.end])
            or tokens[hit.end].pos == "助動詞"
            or tokens[hit.end].lemma in _EXCESS_LEMMAS
        ):
            score, strong = min(score, CANNOT_TAKE_SCORE), True
        if _overwhelmed(hit) and score < 0:
            m = _cause_before(tokens, placed, k)
            rest = [
                adjusted[r][1]
                for r, other in enumerate(placed)
                if r != k and not _overwhelmed(other) and not _is_laughter(other)
            ]
            if m is None and rest and min(rest) > 0 and hit.key[0] in _FOLLOW_JOY:
                m = rest.index(max(rest))  # アンコールで泣いた、一生の思い出: tears of joy
                m = next(r for r in range(len(placed)) if adjusted[r][1] == rest[m])
            # a cause that is a negated complaint (止まらなくてしんどい) is no praise
            if m is not None and adjusted[m][1] > 0 and not _negated(tokens, placed[m].end):
                score = abs(score) * OVERWHELMED_FACTOR
        adjusted[k] = (clause, score, strong)
    if any(s < 0 for (_, s, _), h in zip(adjusted, placed, strict=True) if not _is_laughter(h)):
        adjusted = [
            entry
            for entry, h in zip(adjusted, placed, strict=True)
            if not (_is_laughter(h) and entry[1] > 0)
        ]
    return adjusted
