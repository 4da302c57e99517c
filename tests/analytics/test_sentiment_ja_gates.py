"""The trigger gates of the Japanese analyzer (issue 14, japerf).

``hits_and_events`` tries a per-token rule only on tokens that hold one of its trigger
lemmas or surfaces: a speed-up that must never change a score. These tests compare the
gated rules with the ungated ones on fragments written for each rule (own examples), on
random chains of them (Hypothesis) and on every Japanese dev-set text, and check that every
trigger word is needed: removing one from its gate changes what some fragment scores, so a
gate that drifts from its rules fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.sentiment import complaints_ja, diary_ja, evidence_ja, reviews_ja
from analytics.sentiment import japanese as ja
from analytics.sentiment.data import written_rows
from analytics.sentiment.emoji import EMOJI

DEVSETS = Path(ja.__file__).resolve().parent / "devsets"

#: One fragment per trigger word (mostly one trigger each, so that a missing trigger shows).
FRAGMENTS = [
    # rules that add their own hits
    "歩きすぎた",
    "食べ過ぎで眠い",
    "アニメ好きすぎる",  # 好き tagged 好く after a noun (jasns2)
    "電話が繋がりにくい",
    "説明が聞き取りづらい",
    "駅から通いやすい",
    "40分待った",
    "1時間も待たされた",
    "返金まで1か月もかかった",
    "後輩がお土産くれた",
    "丁寧に教えてもらった",
    "部屋まで案内していただきました",
    "部屋まで案内してくださいました",
    "やっと届いた",
    "ようやく届いた",
    "完走できた",
    "隣の部屋の声が聞こえた",
    "上の階の足音が響く",
    "早く対応してほしい",
    "また泊まりたい",
    "もう一度行きたい",
    "次回も泊まりたい",
    "次は別のホテルにしたい",
    "今度泊まりたい",
    "ぜひ行きたい",
    "是非行きたい",
    "絶対行きたい",
    "必ず行きたい",
    "いつか泊まりたい",
    "次回も利用させていただきます",  # jarev3 (ja-lex-44): coming back told as a plan
    "次の出張もここにします",
    "今度も泊まります",
    "次は他にします",
    "料理が出てくるまでずいぶんかかった",  # jarev3: a wait told in words
    "もっと安くしてほしい",
    "もう少し広い部屋",
    "もう少し充実していると良い",
    "もうちょっと安い",
    "もうちょい静か",
    "部屋が黴臭い",
    "よく眠れた",
    # clause splits
    "安いが遅い",
    "安いけれど遅い",
    "安いけれども遅い",
    "安いけど遅い",
    "高いのに遅い",
    "着いたのに満室だった",
    "狭いながら快適",
    "安い。しかし遅い",
    "安い。でも遅い",
    "安い。ただ遅い",
    "安い。但し遅い",
    "安い。ただし遅い",
    "安い。ところが遅い",
    "安い。だが遅い",
    "安い。とはいえ遅い",
    "安い一方、遅い",
    "安い反面、遅い",
    "電話したところ、すぐに送っていただけた",
    "使ってみたら壊れていた",
    "飲んだら美味しかった",
    "困った時にすぐ助けてくれた",
    "体調を崩した際に親身に対応してくれた",  # jarev3 (ja-lex-44): a clause of time
    "落ち葉が浮いていたのは残念でした",  # jarev3: the verdict on a topic (のは)
    "傷を除けば、満足",
    "改良というより改悪",
    "苦手な私でも、美味しく食べられた",
    "品数こそ多いものの、味は微妙",
    "禁煙のはずがたばこ臭い",
    "昼に届くはずが夜になった",
    # constructions of review sentences
    "期待したほどではなかった",
    "甘さ控えめだと嬉しい",
    "丁寧なら言うことなし",
    "思ったより小さかった",
    "説明があると尚良い",
    "説明があるとなお嬉しい",
    "説明があるとさらに嬉しい",
    "説明があるともっと嬉しい",
    "また泊まりたいと思える",
    "改善すべき",
    "探していた本が見つかった",
    "片手でも楽に扱えるようになりました",
    "電話が繋がるようになった",
    "ボタンの反応が良ければと思います",
    "部屋が広かったらと思います",
    "もう少し早く対応していただければと思います",
    "丁寧に説明していただきたかった",
    "湯船が小さめでした",  # jarev3 (ja-lex-44): a thing wanted big, told small
    "ベッドが小さい",
    "朝食が毎日同じだった",  # jarev3 (ja-lex-50): no variety
    "味付けが濃かった",  # jarev3 (ja-lex-50): strong seasoning
    # what is missing, refused, could not be done
    "冷蔵庫がなかった",
    "冷蔵庫が無い",
    "予約できず困った",
    "知らぬ間に終わった",
    "冷蔵庫がありません",
    "わからへん",
    "エレベーターが1基しかない",
    "電源が入らなくなった",  # jarev2 (ja-lex-42): a device that will not switch on
    "予約が通っていなかった",  # jarev3 (ja-lex-44): a booking that never reached them
    "アメニティの補充がありませんでした",  # jarev3: a service not given
    "説明が一切なかった",
    "駅に迎えが来ていなかった",  # jarev3: what was due never came
    "ロビーで落ち着いて過ごせなかった",  # jarev3: the manner denied with the verb
    "要望が伝わらなかった",
    "お風呂に入れなかった",  # jarev3 (ja-lex-50): potentials UniDic files under other verbs
    "よく休めなかった",
    "教育がなっていない",  # jarev3 (ja-lex-50): not up to the mark
    # regret and the adversative passive
    "財布を落としてしまった",
    "電車で寝ちゃった",
    "電車で足を踏まれた",
    "同じ説明を何度もさせられます",  # jarev3 (ja-lex-44): the causative passive
    "荷物を調べられた",
    "画面が動かへん",
    # kinds read in the first pass
    "蒸し暑い",
    "狭めの部屋",
    "最高www",
    "遅れてて草",
    "大変でした",
    "この景色すごい!",
    # days and events placed by a diary post (jadiary)
    "明日から3連休",
    "テスト終わった",
    "夏休みが終わる",
    "週末のBBQまであと2日",
    "給料日まであと10日",
    "給料日前で金欠",
    "明日からまた仕事",
    "金曜日だ!",
    "探してた鍵を見つけた",
    "明日は待ちに待った沖縄",
    "一睡もしてない",
    "誰とも話さなかった",
    "週末も仕事",
    "雨に降られた",
    "一番前で見られた",
    "明日は晴れのち曇り",
    "給料が全部家賃に消えた",
    # stance of everyday posts (jagen3)
    "最後の演奏で鳥肌",
    "あのアニメは泣ける",
    "転んだら知らない人に助けられた",
    "こんな服、誰が着るの",
    "なんで僕だけ",
    "素敵なことをしてくれるね",
    "評判がいいらしい",
    "この味は本場でしか食べられない",
    "保存したはずのデータが消えた",
    "グラスを割った",
    "赤ちゃんが泣きっぱなし",
    "手首を骨折した",
    "水道管が凍結してる",
    "夏は冷やし中華に限る",
    "週末は家が一番",
    "何のために並んだんだろう",
    "この渋滞いつまで続くの",
    "何度説明しても覚えない",
    "誰か助けて",
    "来年から留学できることになった",
    "あの店は行かなきゃよかった",
    "なんでいつも雨なの",
    "駐車場で車ぶつけた",
    "会社に財布置いてきた",
    "なくした指輪が見つかった",
    "花火見に行きたい",
    "風邪が治ったら出かける",
    "今月は遅刻ゼロ",
    # jagen4 (moments_ja)
    "嬉しいお知らせ、結局ぬか喜びに終わった",
    "スタッフは嫌な顔ひとつせず対応してくれた",
    "燃えないゴミの日",
    "満車の場合は近くの駐車場へ",
    "一ヶ月で2キロ痩せた",
    "お店の味を超えた",
    "やっぱりプロは違う",
    "この値段でこの広さ",
    "思わず買ってしまった",
    "語彙力が消えた",
    "息子が初めて立った",
    "夜中に何度も目が覚めた",
    "週末ずっと雨",
    "大事な書類をなくした",
    "改善が望まれます",
    "盛大に転んだ",
    "混むと思ってたのにすいてた",
    "トイレが狭い以外は、完璧でした",
    "もう残業しなくていい",
    "美味しいパン屋知ってる人いる？",
    "丈夫な傘を探しています",
    "もう少し早くできるか問い合わせた",
    "料理が30品ほど並びます",
    "早めの予約をおすすめします",
    *(f"朝{e}" for e in sorted({*EMOJI, *ja._EMOJI_JA})),
]

#: Each gate, and the part of it that is a word set the rules themselves read (those words
#: follow the rules by construction; the rest of the gate is written out and checked word by
#: word below).
GATES: dict[str, frozenset[str]] = {
    "_OWN_HIT_LEMMAS": ja._EXCESS_LEMMAS
    | frozenset(ja.EASE_LEMMAS)
    | ja._WAIT_LEMMAS
    | ja._BENEFACTIVE
    | ja._AT_LAST,
    "_OWN_HIT_SURFACES": ja._NEXT_TIME | ja.WANTING_MORE,
    "_CLAUSE_LEMMAS": ja.CONTRAST_PARTICLES | ja.CONTRAST_CONJUNCTIONS,
    "_CLAUSE_SURFACES": frozenset(),
    "_REVIEW_SURFACES": frozenset(),
    "_REVIEW_LEMMAS": ja._EVEN,
    "_REVIEW_POS": frozenset(),
    "_NEGATION_TRIGGERS": ja._NEGATION_LEMMAS,
    "_WANTING_MORE_TRIGGERS": ja.WANTING_MORE,
    "_REGRET_TRIGGERS": frozenset(),
    "_AGAINST_LEMMAS": frozenset(),
    "_AGAINST_SURFACES": frozenset(),
    "_EMOJI_FIRST": frozenset(),
    "_DIARY_TRIGGERS": diary_ja.TREATS | diary_ja.ORDEALS,
}
#: Written-out trigger words that no text can show to be needed, and why.
UNSHOWABLE = {
    ("_CLAUSE_SURFACES", "が"): "the contrast particle's lemma が opens the gate as well",
    ("_AGAINST_LEMMAS", "のに"): "UniDic splits のに into の + に; the rule still reads it",
    ("_REVIEW_LEMMAS", "見付かる"): "a verb: the gate on verbs (_REVIEW_POS) lets it through",
}
#: The modules whose rule loops read the gates; a gate is narrowed wherever it is bound.
RULE_MODULES = (evidence_ja, complaints_ja, reviews_ja, diary_ja)


def _gate(name: str) -> frozenset[str]:
    return next(getattr(m, name) for m in RULE_MODULES if hasattr(m, name))


def _tokens(text: str) -> list[ja.Token]:
    return ja.tokenize(ja.clean_post(text))


def _same(tokens: list[ja.Token]) -> bool:
    return ja.hits_and_events(tokens) == ja.hits_and_events(tokens, gated=False)


def _devset_texts() -> list[str]:
    texts = []
    for path in sorted(DEVSETS.glob("*ja*.csv")):
        texts += [row["text"] for row in written_rows(path)]
    return texts


@pytest.mark.parametrize("text", FRAGMENTS)
def test_a_gated_fragment_scores_as_ungated(text: str) -> None:
    assert _same(_tokens(text))


def test_every_dev_set_text_scores_as_ungated() -> None:
    texts = _devset_texts()
    assert len(texts) > 1000
    assert [t for t in texts if not _same(_tokens(t))] == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6), st.sampled_from("、。 "))
def test_chained_fragments_score_as_ungated(parts: list[str], glue: str) -> None:
    assert _same(_tokens(glue.join(parts)))


@pytest.mark.parametrize(
    ("gate", "word"),
    [
        (gate, word)
        for gate, from_rules in GATES.items()
        for word in sorted(_gate(gate) - from_rules)
        if (gate, word) not in UNSHOWABLE
    ],
)
def test_every_trigger_word_is_needed(
    gate: str, word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``word`` in its gate, some fragment scores differently from the ungated
    rules: the gate lists exactly the words its rules read (a trigger dropped by mistake,
    or a fragment missing for a new trigger, fails here)."""
    tokens = [_tokens(t) for t in FRAGMENTS]
    narrowed = _gate(gate) - {word}
    for module in RULE_MODULES:
        if hasattr(module, gate):
            monkeypatch.setattr(module, gate, narrowed)
    assert not all(_same(t) for t in tokens)
