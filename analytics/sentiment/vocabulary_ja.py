"""Ordinary evaluative words the dictionaries miss (issue 14, jagen5, ja-lex-73).

Found by probing the analyzer with everyday words of reviews and posts one at a time (not
with the labelled sets): praise and complaints that UniDic splits into pieces no dictionary
holds (好立地, 腹筋崩壊), colloquial verbs (ミスる), and onomatopoeia of service and food
(テキパキ, ジューシー). Written for this project (Apache-2.0).
"""

from __future__ import annotations

ORDINARY_WORDS: dict[str, float] = {
    # service and stays
    "テキパキ": 0.6,
    "てきぱき": 0.6,
    "好立地": 0.8,
    "良し": 0.6,  # 立地よし, 接客良し: a review's short form (良し悪し is a word of its own)
    "愛想なし": -0.8,
    "痒いところに手が届く": 0.8,
    "かゆいところに手が届く": 0.8,
    "リピーター": 0.6,  # リピーターになりそう, リピーターが多いのも納得
    "ぼったくり": -1.0,
    "ボッタクリ": -1.0,
    "不良品": -0.8,
    "説明不足": -0.8,
    "ゴキブリ": -0.8,
    # below what was expected or paid for (the counterpart of 期待以上, 値段以上)
    "期待以下": -0.8,
    "想像以下": -0.6,
    "値段以下": -0.6,
    "価格以下": -0.6,
    # food
    "ジューシー": 0.6,
    "ジューシィ": 0.6,
    "食べきれないほど": 0.6,  # more than one could eat: plenty
    "食べきれないくらい": 0.6,
    "待ちきれない": 0.6,  # can't wait: looking forward
    # everyday posts
    "ミスる": -0.6,
    "腹筋崩壊": 0.8,  # laughing until it hurts
    "爆上がり": 0.6,  # テンション爆上がり
    "よっしゃ": 0.6,
    "よっしゃー": 0.6,
    "給料カット": -0.8,
    "ご機嫌": 0.6,
    "上機嫌": 0.8,
    "意味が分からない": -0.6,  # 意味わからん: bewildered
    "外れる": -0.5,  # 抽選外れた, ガチャ外れた, 予想が外れた (negated: 外れない is praise)
    "ハズレ": -0.6,
    "熱がある": -0.6,
    "お金がない": -0.6,
    "痛みが引く": 0.6,
    "彼女が出来る": 0.6,
    "彼氏が出来る": 0.6,
    "掘り出し物": 0.8,
    "臨時収入": 0.8,
    "セーフ": 0.5,
    "全滅": -0.8,  # チケット全滅
    "クソゲー": -0.8,
    "クソゲ": -0.8,
    "押し付ける": -0.6,  # 仕事押し付けられた
    "新記録": 0.8,
    "見頃": 0.6,
}

#: Judgements of people and things that stay praise however much of them there is: with
#: すぎる they gush (優しすぎる, 有能すぎ, 豪華すぎる), unlike properties that can be
#: overdone (柔らかすぎる, 早すぎる, 効きすぎ).
GUSHING = frozenset(
    {
        "優しい",
        "やさしい",
        "有能",
        "賢い",
        "豪華",
        "おしゃれ",
        "お洒落",
        "オシャレ",
        "格好良い",
        "かっこいい",
        "尊い",
        "上手",
        "優秀",
        "偉い",
        "えらい",
        "完璧",
        "男前",
        "美人",
        "イケメン",
        "絶景",
        "爽やか",
        "丁寧",
        "親切",
        "上品",
        "神",
        "天才",
        "ジューシー",
    }
)
