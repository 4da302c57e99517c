"""Spellings read back to plain words before tagging: NFKC, net slang, colloquial adjectives
(clipped うまっ, drawled すげー, bare stems つら…, lengthened すごーい, the たん suffix) and
katakana written for effect (ウレシイ); :func:`tokenize` tags the result."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from analytics.sentiment.words_ja import (
    Token,
    _raw_tokens,
    _tag_lock,
    _tagger,
)

_WS_RE = re.compile(r"\s+")


@lru_cache(maxsize=16)  # japerf: one comment is normalised several times while scored
def normalize(text: str) -> str:
    text = _WS_RE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    # UniDic splits コスパ into 子 + スパ; the full word is a known target (コスパが高い).
    text = text.replace("コスパ", "コストパフォーマンス")
    if _SLANG_RE.search(text):
        text = _SLANG_RE.sub(lambda m: _SLANG[m.group(0)], text)
    if "ガチ" in text:
        # ガチ泣ける, ガチうまい: "really" (ガチャ, ガチ勢 and ガチ恋 are nouns)
        text = _GACHI_RE.sub("本当に", text)
    if "すぎ" in text:
        text = _NOUN_ADJ_SUGI_RE.sub(r"\1が\2すぎる", text)
        text = _STEM_SUGI_RE.sub(_stem_sugi, text)
    # UniDic reads the slang エモい as three symbols.
    return _EMO_RE.sub(lambda m: _EMO[m.group(1)], text)


#: jadiary: 会費高すぎ, 電気代高すぎ with the particle dropped: UniDic reads 高 as the suffix of
#: an amount (売上高) and すぎ as "past"; the particle put back, the adjective is read (会費が
#: 高すぎる). Not after 最, 割, 格, 激 ... (最高すぎ, 割高すぎ, 激安すぎ are words of their own).
_NOUN_ADJ_SUGI_RE = re.compile(
    r"([\u4e00-\u9fff])(?<![最割円激格爆超特])([高安遅早寒暑多少重軽狭広長短辛甘痛暗汚古])すぎ"
    r"(?![るてたなだ])"
)


#: jagen5: an adjective's stem + a closing すぎ (尊すぎ, かっこ良すぎ!) is read by UniDic as a
#: noun + the suffix 過ぎ (尊 "esteem", 良 "good"), so the adjective is lost; written out as
#: すぎる, the stem is read as the adjective (尊い + 過ぎる, 格好 + 良い + 過ぎる).
#: Only a one-kanji stem after kana: after another kanji it is part of a word (胸熱すぎ).
_STEM_SUGI_RE = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])すぎ(?![るてたなだちじゃ])")


def _stem_sugi(m: re.Match[str]) -> str:
    stem = m.group(1)
    return stem + "すぎる" if _is_adjective_stem(stem) else m.group(0)


#: Internet slang that UniDic splits into nonsense, as the plain word it stands for.
_SLANG = {
    "最&高": "最高",
    "うれぴ": "嬉しい",
    "あざーす": "ありがとう",
    "あざっす": "ありがとう",
    "あざす": "ありがとう",
    "ありがてぇ": "ありがたい",
    "ありがてえ": "ありがたい",
    "やったー": "嬉しい",
    "やったぁ": "嬉しい",
    "やった〜": "嬉しい",
    "オワタ": "最悪",
    "詰んだ": "最悪",
    # SNS posts (issue 14, jasns)
    "おわた": "最悪",
    "終わた": "最悪",
    "てぇてぇ": "尊い",
    "てえてえ": "尊い",
    "ぴえん": "悲しい",
    "ぱおん": "悲しい",
    "ヤッター": "嬉しい",
    "ガチで": "本当に",
    "よすぎ": "良すぎ",  # 新曲よすぎ: not the particle よ
    "あかん": "だめ",  # Kansai
    "推せる": "好き",
    "推せます": "好きです",
    "わろた": "笑",
    "ワロタ": "笑",
    "わろす": "笑",
    "ワロス": "笑",
    # jadiary: つかれた, which UniDic reads as 突く + れる; やだな after a noun (雨やだな), read
    # as the suffix 屋
    "つかれた": "疲れた",
    "つかれて": "疲れて",
    "つかれる": "疲れる",
    "やだな": "嫌だな",
    # モヤる (UniDic: も + やる) is feeling uneasy, モヤモヤする
    "モヤる": "モヤモヤする",
    "モヤった": "モヤモヤした",
    "モヤって": "モヤモヤして",
    # 腰やった (hurt one's back): UniDic reads やっ as the Kansai copula
    "腰やった": "腰をやった",
    "腰やって": "腰をやって",
    # jagen3: katakana net speak UniDic reads as another word (アツい: 熱い of a kettle,
    # ツイてる: 付く, 沁みる: 染みる of a stain, ジワる: 皺)
    "胸アツ": "胸熱",
    "激アツ": "胸熱",
    "アツい": "胸熱な",
    "アツかった": "胸熱だった",
    "アツすぎ": "胸熱すぎ",
    "ツイてる": "運が良い",
    "しっぽ": "尻尾",  # jagen4: UniDic reads し + っぽい (しっぽ振って)
    "ツイてない": "運が悪い",
    "沁みる": "感動する",
    "沁み": "感動し",
    "じわる": "面白い",
    "ジワる": "面白い",
    "ありがたや": "ありがたい",
    "うまうま": "美味しい",
    "キター": "嬉しい",
    "キタ━": "嬉しい",
    "ありえへん": "ありえない",  # jagen5: Kansai; UniDic reads two interjections
    "しょぼーん": "しょんぼり",
}
_GACHI_RE = re.compile(r"ガチ(?=[ぁ-ゖ\u4e00-\u9fff])(?![勢恋])")
_SLANG_RE = re.compile("|".join(re.escape(k) for k in sorted(_SLANG, key=len, reverse=True)))
_EMO = {"い": "感動的", "かった": "感動的だった", "く": "感動的に", "すぎ": "感動的すぎ"}
_EMO_RE = re.compile(r"エモ(かった|すぎ|い|く)")


#: A colloquial adjective cut short before a pause: うまっ!, 寒っ, すごっ….
_CLIPPED_RE = re.compile(r"([ぁ-ゖ\u4e00-\u9fff]{1,3})っ(?=[!?.。、…〜~wｗ\s]|$)")


@lru_cache(maxsize=512)
def _is_adjective_stem(stem: str) -> bool:
    words = _raw_tokens(stem + "い")
    return len(words) == 1 and words[0].pos == "形容詞"


def _unclip(text: str) -> str:
    return _CLIPPED_RE.sub(
        lambda m: m.group(1) + "い" if _is_adjective_stem(m.group(1)) else m.group(0), text
    )


#: jagen5: an adjective cut short with a doubled consonant (さっむ, うっざ, あっつ, はっや):
#: the two kana around っ are the adjective's stem.
#: Closing a sentence, and never the past or the te-form (面白かった, 待って, 知ってる).
_GEMINATE_RE = re.compile(r"([ぁ-ゖ])っ(?![たてでだ])([ぁ-ゖ])(?=$|[!?！？。、…〜~wｗ\s])")


def _ungeminate(m: re.Match[str]) -> str:
    stem = m.group(1) + m.group(2)
    return stem + "い" if _is_adjective_stem(stem) else m.group(0)


#: A colloquial adjective said with a long vowel: すげー, やべー, うぜぇ, だりぃ, さみぃ, あちー,
#: いてー. The ending -ai / -oi becomes -ē and -ui / -ii becomes -ī; UniDic knows only a few.
#: Katakana words with ー are loanwords (カレー, コーヒー): only a hiragana syllable drawls.
_DRAWL_RE = re.compile(r"([ぁ-ゖ\u4e00-\u9fff]{1,3})([ぁ-ゖ])[ーぇぃ〜~]+")
_ROWS = (
    "あかがさざただなはばぱまやらわ",
    "いきぎしじちぢにひびぴみ-りゐ",
    "うくぐすずつづぬふぶぷむゆるう",
    "えけげせぜてでねへべぺめ-れゑ",
    "おこごそぞとどのほぼぽもよろを",
)


def _kana_row(kana: str, vowel: int) -> str | None:
    for row in _ROWS:
        i = row.find(kana)
        if i >= 0:
            out = _ROWS[vowel][i]
            return None if out == "-" else out
    return None


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


@lru_cache(maxsize=1024)
def _is_adjective(word: str) -> bool:
    words = _raw_tokens(word)
    return len(words) == 1 and words[0].pos == "形容詞"


def _undrawl_match(m: re.Match[str]) -> str:
    head, kana = _hiragana(m.group(1)), _hiragana(m.group(2))
    if _kana_row(kana, 3) == kana:  # -ē: from -ai (やべー) or -oi (すげー, きめー)
        endings = [_kana_row(kana, 0), _kana_row(kana, 4)]
    elif _kana_row(kana, 1) == kana:  # -ī: from -ui (だりぃ, あちー) or -ii (たのしー)
        endings = [_kana_row(kana, 2), kana]
    else:
        return m.group(0)
    for n in range(len(head), 0, -1):
        for ending in endings:
            if ending and _is_adjective(head[-n:] + ending + "い"):
                return m.group(1)[: len(head) - n] + head[-n:] + ending + "い"
    return m.group(0)


#: An adjective said as its bare stem, standing alone (つら…, やば!, だる〜, まじかなし).
_STEM_RE = re.compile(
    r"(?:^|(?<=[\s、。!?…〜~ーw])|(?<=まじ)|(?<=マジ)|(?<=ほんと)|(?<=超)|(?<=めっちゃ))"
    r"([ぁ-ゖ]{2,3})(?=[\s、。!?.…〜~ーw]|$)"
)


def _unstem(text: str) -> str:
    return _STEM_RE.sub(
        lambda m: m.group(1) + "い" if _is_adjective(m.group(1) + "い") else m.group(0), text
    )


#: jagen4: やばい right after a kanji or katakana noun with the particle dropped (達成感やばい,
#: 人混みやばい) is read by UniDic as the copula や + ばい; the particle put back, it is the
#: degree word again (a noun may end in the み of 人混み, 楽しみ).
_BARE_YABAI_RE = re.compile(r"(?<=[\u4e00-\u9fffァ-ヺーみ])やば(?=い|すぎ|かった|く|ー)")


def tokenize(text: str) -> list[Token]:
    """UniDic tokens of the normalised text."""
    text = normalize(text)
    if "っ" in text:
        text = _unclip(text)
        text = _GEMINATE_RE.sub(_ungeminate, text)
    if _DRAWL_RE.search(text):
        text = _DRAWL_RE.sub(_undrawl_match, text)
    if _LENGTHENED_RE.search(text):  # after the drawl: すげー is すごい, すごーい is too
        text = _LENGTHENED_RE.sub(_lengthened, text)
    if "たん" in text or "たにえん" in text:
        text = _TAN_RE.sub(
            lambda m: m.group(1) + "い" if _is_adjective(m.group(1) + "い") else m.group(0), text
        )
    if "み" in text:
        text = _MI_RE.sub(_unmi, text)
    if _INTENSE_STEM_RE.search(text):
        text = _INTENSE_STEM_RE.sub(_intense_stem, text)
    text = _unstem(text)
    if "やば" in text:
        text = _BARE_YABAI_RE.sub("がやば", text)
    if _KATAKANA_RE.search(text):
        text = _KATAKANA_RE.sub(lambda m: _katakana_reading(m.group(0)), text)
    tokens = _raw_tokens(text)
    if "ん" in text:
        tokens = _spoken_negation(tokens)
    if "クソ" in text or "くそ" in text or "糞" in text:
        tokens = _kuso_intensifier(tokens)
    return tokens


def _kuso_intensifier(tokens: list[Token]) -> list[Token]:
    """jagen5: クソ before an adjective is net speak for "very" (クソうまい, クソ寒い); UniDic
    reads the prefix 糞, which the dictionaries score as dirt."""
    out = list(tokens)
    for j in range(len(out) - 1):
        if out[j].lemma in ("糞", "くそ") and out[j + 1].pos in ("形容詞", "形状詞"):
            out[j] = Token("とても", "迚も", "副詞", "一般")
    return out


def _spoken_negation(tokens: list[Token]) -> list[Token]:
    """jagen5: ん after a verb's a-stem is the spoken negation (終わらん, 分からん, 行かん);
    UniDic reads it as the old volitional む, so no rule saw a negation."""
    out = list(tokens)
    for j in range(1, len(out)):
        tok = out[j]
        if tok.surface == "ん" and tok.lemma == "む" and out[j - 1].pos == "動詞":
            out[j] = tok._replace(lemma="ず")
    return out


#: A drawn-out syllable: すごーい, うまーい, びみょー, ありがとぉ, やだぁぁ, うれしいいい,
#: やったあああ. A long mark or a small vowel after hiragana lengthens that syllable: it goes,
#: except that a long o is written おう (びみょう, ほんとう, ありがとう) unless an adjective
#: follows (すごーい → すごい). Three or more of the same kana count once, or twice where
#: that makes the adjective (かわいいいい → かわいい).
_LENGTHENED_RE = re.compile(r"(?![ぁぃぅぇぉっゎ])([ぁ-ゖ])([ー〜~]|[ぁぃぅぇぉ]+|(\1){2,})")
_SMALL_VOWEL = {"ぁ": 0, "ぃ": 1, "ぅ": 2, "ぇ": 3, "ぉ": 4}
_VOWEL_KANA = {"あ": 0, "い": 1, "う": 2, "え": 3, "お": 4}
_SMALL_Y = {"ゃ": 0, "ゅ": 2, "ょ": 4}


def _vowel(kana: str) -> int | None:
    if kana in _SMALL_Y:
        return _SMALL_Y[kana]
    for v, row in enumerate(_ROWS):
        if kana and kana in row:
            return v
    return None


def _lengthened(m: re.Match[str]) -> str:
    kana, mark = m.group(1), m.group(2)
    tail = m.string[max(0, m.start() - 3) : m.start()]
    rest = m.string[m.end() : m.end() + 1]
    if mark[0] == kana:  # うれしいいい, やったあああ, かわいいいい
        if _is_adjective(tail + kana + kana):
            return kana + kana
        if _is_adjective(tail + kana) or _vowel(tail[-1:]) != _VOWEL_KANA.get(kana):
            return kana
        return ""  # たあああ: the vowel of た drawn out
    if mark[0] in _SMALL_VOWEL and _SMALL_VOWEL[mark[0]] != _vowel(kana):
        if not (_vowel(kana) == 4 and mark[0] == "ぅ"):
            return m.group(0)  # ふぁ, てぃ: a sound of its own, not a long vowel
    if _vowel(kana) == 4 and not (rest in "いくかけさ" and _is_adjective(tail + kana + "い")):
        return kana + "う"  # びみょー, ありがとぉ, ほんとー (not すごーい, すごーく)
    return kana


#: An adjective stem with the cute suffix たん / たにえん: つらたん, ねむたん, つらたにえん.
_TAN_RE = re.compile(r"([ぁ-ゖ]{1,3})(?:たにえん|たん)(?![ぁ-ゖ])")


#: An adjective stem with the noun suffix み, net speak for the feeling itself (うれしみ,
#: ねむみ, やばみ, しんどみ): read as the adjective. Tried on the last two to four kana before
#: み, so a stem after other kana (ちょっとつらみ) is found; 楽しみ / 悲しみ in kanji stay nouns.
_MI_RE = re.compile(r"([ぁ-ゖ]{2,8})み(?![ぁ-ゖ])")


def _unmi(m: re.Match[str]) -> str:
    head = m.group(1)
    for n in range(min(4, len(head)), 1, -1):
        if _is_adjective(head[-n:] + "い"):
            return head[:-n] + head[-n:] + "い"
    return m.group(0)


#: Net speak: an intensifying prefix before a one-kanji adjective stem closing a word
#: (激遅, 鬼寒, 爆速, クソ暑): read as とても + the adjective (とても遅い). Two-kanji words
#: (超高層, 激安店) and stems no adjective has are left alone.
_INTENSE_STEM_RE = re.compile(r"(激|鬼|爆|クソ|くそ)([\u4e00-\u9fff])(?![\u4e00-\u9fffぁ-ゖ])")


def _intense_stem(m: re.Match[str]) -> str:
    stem = m.group(2)
    if stem == "睡":
        return m.group(0)  # 爆睡: slept soundly (UniDic reads 睡い as 眠い)
    return "とても" + stem + "い" if _is_adjective(stem + "い") else m.group(0)


#: A katakana word UniDic does not know, written for effect (ウレシイ, タノシイ, ネムイ,
#: ナエル): read as hiragana when that is an adjective or a verb (with its endings).
_KATAKANA_RE = re.compile(r"[ァ-ヺ][ァ-ヺー]+")


@lru_cache(maxsize=2048)
def _katakana_reading(word: str) -> str:
    if "ー" in word or len(word) > 8:
        return word  # サービス, スマートメーター, ニンテンドー: loanwords
    tagger = _tagger()
    with _tag_lock:
        known = [w for w in tagger(word)]
        if all(not w.is_unk for w in known) and (
            len(known) == 1 or all(w.feature_raw.split(",")[12:13] == ["外"] for w in known)
        ):
            return word  # loanwords and words UniDic spells in katakana (アイス, サイコー)
        hira = _hiragana(word)
        words = [w for w in tagger(hira)]
    # ツライ, ナエル, ジミニツライ (地味に辛い): known words that end in a predicate
    while words and words[-1].feature_raw.startswith(("助動詞", "助詞")):
        words.pop()
    if (
        words
        and len(words) <= 3
        and not any(w.is_unk for w in words)
        and words[-1].feature_raw.startswith(("形容詞", "動詞"))
        and len(words[-1].surface) > 1
    ):
        return hira
    return word


#: The kana of the e-row: a verb stem ending in one of them may be a potential form (行け-る).
_E_ROW = frozenset("えけせてねへめれげぜでべぺ")
