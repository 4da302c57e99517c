"""Tests of the sentiment layer (pure computation, no database).

The comments below were written for these tests in the style of NPS / eNPS / training
survey answers; none comes from the development data sets.
"""

from __future__ import annotations

import math

import pytest

from analytics.sentiment import (
    NEUTRAL_THRESHOLD,
    SentimentAnalyzer,
    SentimentResult,
    analyze,
    available_languages,
    detect_language,
    get_analyzer,
    label_for,
    register_analyzer,
)
from analytics.sentiment.base import make_result
from analytics.sentiment.detect import is_mixed, split_scripts
from analytics.sentiment.evaluate import score_labels

POS, NEG = "positive", "negative"

EN_COMMENTS: list[tuple[str, str]] = [
    ("The onboarding was smooth and the team answered every question quickly.", POS),
    ("Support is super responsive, thank you!", POS),
    ("Really helpful account manager, she always follows up.", POS),
    ("The new dashboard is intuitive and saves me hours every week.", POS),
    ("Great workshop, very practical examples.", POS),
    ("I would definitely recommend this tool to my colleagues.", POS),
    ("Excellent trainer, knowledgeable and patient.", POS),
    ("Billing was clear and the price is fair for what we get.", POS),
    ("Love the mobile app 😍", POS),
    ("Setup took five minutes. Impressive.", POS),
    ("Not bad at all, the migration went better than expected.", POS),
    ("The reports are slow to load, but the support team fixed it within a day.", POS),
    ("Best onboarding experience we have had with any vendor.", POS),
    ("Everything works as promised 👍", POS),
    ("Our CSM is fantastic and really understands our business.", POS),
    ("The training was extremely useful for my daily work.", POS),
    ("Good value for money.", POS),
    ("Friendly staff and quick answers.", POS),
    ("No complaints, it just works.", POS),
    ("I was skeptical at first, but the product won me over.", POS),
    ("Thanks for the fast fix!", POS),
    ("The integration with our CRM is seamless.", POS),
    ("Clear documentation and a helpful community.", POS),
    ("Happy with the service overall.", POS),
    ("The facilitator kept everyone engaged, well done.", POS),
    ("Pricing is a bit high, but the quality is worth it.", POS),
    ("Support was not helpful at all.", NEG),
    ("Good, but slow.", NEG),
    ("The app crashes every time I export a report.", NEG),
    ("Way too expensive for a small team.", NEG),
    ("Onboarding was confusing and nobody explained the settings.", NEG),
    ("I waited three days for an answer to a simple question.", NEG),
    ("The workshop was a waste of time.", NEG),
    ("Terrible customer service 😡", NEG),
    ("The interface looks nice, but it is really slow and buggy.", NEG),
    ("I would not recommend this to anyone.", NEG),
    ("Not very useful for our use case.", NEG),
    ("The trainer read the slides and did not answer questions.", NEG),
    ("Invoices are always wrong and fixing them takes weeks.", NEG),
    ("The latest update broke our reports. Very disappointed.", NEG),
    ("Extremely frustrating experience with the login.", NEG),
    ("They ignored my emails for two weeks.", NEG),
    ("Hard to find anything in the menus, the navigation is clunky.", NEG),
    ("Price went up again and nothing improved.", NEG),
    ("The session was boring and far too long.", NEG),
    ("The sales rep was friendly, however the product does not do what was promised.", NEG),
    ("Constant outages this month 👎", NEG),
    ("Poor communication about the changes.", NEG),
    ("The content was outdated and irrelevant to my role.", NEG),
    ("It used to be great but the last two releases made it worse.", NEG),
    ("Customer support never gets back to us.", NEG),
    ("I am unhappy with the renewal terms.", NEG),
]

JA_COMMENTS: list[tuple[str, str]] = [
    ("サポートの対応がとても丁寧でした。", POS),
    ("担当者の説明が分かりやすくて助かりました。", POS),
    ("導入がスムーズで満足しています。", POS),
    ("管理画面が使いやすいです。", POS),
    ("研修の内容が実践的で、すぐに業務に活かせました。", POS),
    ("問い合わせへの回答が早くて安心できました。", POS),
    ("講師の方が親切で、質問しやすい雰囲気でした。", POS),
    ("価格は少し高いですが、品質には満足しています。", POS),
    ("特に不満はありません。", POS),
    ("問題なく使えています。", POS),
    ("期待以上の効果がありました！", POS),
    ("いつも迅速に対応していただきありがとうございます。", POS),
    ("非常に有意義な研修でした。", POS),
    ("新しい機能がとても便利です😊", POS),
    ("同僚にもおすすめしたいと思います。", POS),
    ("操作は簡単で、直感的に使えます。", POS),
    ("最初は戸惑いましたが、今では手放せません。慣れると快適です。", POS),
    ("担当の方が親身になって相談に乗ってくれました。", POS),
    ("資料がきれいにまとまっていて見やすかった。", POS),
    ("トラブルもすぐに解決してもらえて助かりました。", POS),
    ("コストが削減できて、業務効率も向上しました。", POS),
    ("オンボーディングが丁寧で、安心して使い始められました。", POS),
    ("レポート機能が充実していて良いです。", POS),
    ("このサービスを選んで良かったです。", POS),
    ("サポートは very helpful でした。", POS),
    ("UI is great, 使いやすいです。", POS),
    ("対応が遅いです。", NEG),
    ("説明が分かりにくかった。", NEG),
    ("画面が使いにくく、不満です。", NEG),
    ("価格が高すぎる。", NEG),
    ("問い合わせても返事がなく、残念でした。", NEG),
    ("丁寧でしたが、回答が遅いです。", NEG),
    ("エラーが頻繁に発生して困っています。", NEG),
    ("研修の内容が難しく、ついていけませんでした。", NEG),
    ("期待していたほど役に立たなかった。", NEG),
    ("動作が重くて仕事になりません。", NEG),
    ("二度と使いたくないです。", NEG),
    ("機能は多いけど、使いづらい。", NEG),
    ("担当者の態度が横柄で不快でした。", NEG),
    ("請求書の金額が間違っていて、とても困りました。", NEG),
    ("アップデートのたびに不具合が出ます。", NEG),
    ("あまり満足できませんでした。", NEG),
    ("料金が値上げされたのに、サービスは改善されていない。", NEG),
    ("講師の話が長くて退屈でした。", NEG),
    ("ログインできないことが多く、非常に不便です。", NEG),
    ("電話がつながらず、たらい回しにされました。", NEG),
    ("マニュアルが古く、役に立ちません。", NEG),
    ("最悪の対応でした😡", NEG),
    ("サポートの対応は not good でした。", NEG),
    ("The training was useless, 時間の無駄でした。", NEG),
    ("思っていたより機能が少なく、がっかりしました。", NEG),
    ("返金の手続きが面倒すぎる。", NEG),
]


def _accuracy(comments: list[tuple[str, str]]) -> tuple[float, list[tuple[str, str, float]]]:
    wrong = []
    for text, expected in comments:
        result = analyze(text)
        ok = result.polarity > 0 if expected == POS else result.polarity < 0
        if not ok:
            wrong.append((text, expected, result.polarity))
    return 1 - len(wrong) / len(comments), wrong


class TestSurveyComments:
    def test_sets_are_large_enough(self) -> None:
        assert len(EN_COMMENTS) >= 50
        assert len(JA_COMMENTS) >= 50

    def test_english_accuracy(self) -> None:
        accuracy, wrong = _accuracy(EN_COMMENTS)
        assert accuracy >= 0.75, wrong

    def test_japanese_accuracy(self) -> None:
        accuracy, wrong = _accuracy(JA_COMMENTS)
        assert accuracy >= 0.75, wrong

    def test_english_labels_match_expectation_mostly(self) -> None:
        labels = [analyze(text).label == expected for text, expected in EN_COMMENTS]
        assert sum(labels) / len(labels) >= 0.75

    def test_japanese_labels_match_expectation_mostly(self) -> None:
        labels = [analyze(text).label == expected for text, expected in JA_COMMENTS]
        assert sum(labels) / len(labels) >= 0.75


class TestResult:
    @pytest.mark.parametrize(
        "text",
        ["", "ok", "Support was helpful", "最悪", "!!!", "😊", "N/A", "サポートは very good"],
    )
    def test_polarity_in_range_and_fields_present(self, text: str) -> None:
        result = analyze(text)
        assert isinstance(result, SentimentResult)
        assert -1.0 <= result.polarity <= 1.0
        assert result.label in ("negative", "neutral", "positive")
        assert result.language in ("en", "ja")
        assert result.analyzer_version

    def test_result_is_frozen(self) -> None:
        result = analyze("Great")
        with pytest.raises(AttributeError):
            result.polarity = 0.0  # type: ignore[misc]

    def test_versions_name_the_analyzer(self) -> None:
        assert analyze("Great support").analyzer_version.startswith("en-")
        assert analyze("とても良い").analyzer_version.startswith("ja-")
        mixed = analyze("サポートは very helpful でした")
        assert "ja-" in mixed.analyzer_version and "en-" in mixed.analyzer_version

    def test_label_threshold(self) -> None:
        assert label_for(0.0) == "neutral"
        assert label_for(NEUTRAL_THRESHOLD / 2) == "neutral"
        assert label_for(-NEUTRAL_THRESHOLD / 2) == "neutral"
        assert label_for(NEUTRAL_THRESHOLD) == "positive"
        assert label_for(-NEUTRAL_THRESHOLD) == "negative"

    def test_make_result_clamps(self) -> None:
        assert make_result(3.0, "en", "x").polarity == 1.0
        assert make_result(-3.0, "en", "x").polarity == -1.0
        assert make_result(math.nan, "en", "x").polarity == 0.0

    @pytest.mark.parametrize("text", ["N/A", "No comment", "-", "特になし", "特にありません", "  "])
    def test_empty_answers_are_neutral(self, text: str) -> None:
        result = analyze(text)
        assert result.polarity == 0.0
        assert result.label == "neutral"

    def test_bland_statement_is_neutral(self) -> None:
        assert analyze("The session was on Monday.").label == "neutral"

    def test_same_text_same_result(self) -> None:
        assert analyze("Helpful trainer") == analyze("Helpful trainer")


class TestEnglishRules:
    def test_negation_flips(self) -> None:
        assert analyze("The support was helpful.").polarity > 0
        assert analyze("The support was not helpful.").polarity < 0
        assert analyze("The support wasn't helpful.").polarity < 0

    def test_negated_negative_is_not_negative(self) -> None:
        assert (
            analyze("The trainer was not rude at all.").polarity
            > analyze("The trainer was rude.").polarity
        )

    def test_good_but_slow_is_negative(self) -> None:
        assert analyze("good, but slow").label == "negative"

    def test_contrast_latter_clause_dominates(self) -> None:
        assert analyze("Slow at first, but now the support is excellent.").polarity > 0
        assert analyze("The staff were friendly, but the product is unusable.").polarity < 0

    def test_intensity_strengthens(self) -> None:
        plain = analyze("The onboarding was helpful.").polarity
        strong = analyze("The onboarding was extremely helpful!").polarity
        assert strong >= plain > 0

    def test_emoji(self) -> None:
        assert analyze("👍").polarity > 0
        assert analyze("👎").polarity < 0
        assert analyze("Service 😡").polarity < 0

    def test_survey_vocabulary(self) -> None:
        assert analyze("Responses are slow").polarity < 0
        assert analyze("Very responsive team").polarity > 0
        assert analyze("Overpriced").polarity < 0
        assert analyze("The setup is intuitive").polarity > 0


class TestJapaneseRules:
    @pytest.mark.parametrize(
        ("positive", "negated"),
        [
            ("満足しました", "満足できませんでした"),
            ("使いやすい", "使いやすくない"),
            ("役に立った", "役に立たなかった"),
            ("便利です", "便利ではありません"),
        ],
    )
    def test_negation_flips(self, positive: str, negated: str) -> None:
        assert analyze(positive).polarity > 0
        assert analyze(negated).polarity < 0

    def test_negated_negative_becomes_positive(self) -> None:
        assert analyze("不満はありません").polarity > 0
        assert analyze("問題ないです").polarity > 0

    def test_contrast_latter_clause_dominates(self) -> None:
        assert analyze("対応は丁寧でしたが、回答が遅い").polarity < 0
        assert analyze("回答は遅いけど、対応は丁寧でした").polarity > 0
        assert analyze("少し高い。しかし、サポートは最高です").polarity > 0

    def test_intensity_strengthens(self) -> None:
        plain = analyze("丁寧です").polarity
        strong = analyze("非常に丁寧です").polarity
        assert strong >= plain > 0

    def test_excess_is_negative(self) -> None:
        assert analyze("説明が長すぎる").polarity < 0

    def test_direction_follows_target(self) -> None:
        assert analyze("売上高が増加しました").polarity > 0
        assert analyze("費用が増加しました").polarity < 0
        assert analyze("営業損失が減少しました").polarity > 0
        assert analyze("売上が減少しました").polarity < 0

    def test_report_vocabulary(self) -> None:
        assert analyze("増収増益となりました").polarity > 0
        assert analyze("減収減益となりました").polarity < 0
        assert analyze("国内事業は好調に推移しました").polarity > 0
        assert analyze("海外事業は低迷しました").polarity < 0

    def test_emoji(self) -> None:
        assert analyze("研修😊").polarity > 0
        assert analyze("対応😡").polarity < 0


class TestLanguageDetection:
    @pytest.mark.parametrize(
        ("text", "language"),
        [
            ("Great support", "en"),
            ("サポートが丁寧でした", "ja"),
            ("満足", "ja"),
            ("カタカナだけ", "ja"),
            ("", "en"),
            ("👍", "en"),
            ("UIが分かりやすい", "ja"),
            ("The app is good, ありがとう", "en"),
            ("サポートは very helpful でした", "ja"),
            ("We used the 管理画面 a lot and the reports are great", "en"),
        ],
    )
    def test_detect(self, text: str, language: str) -> None:
        assert detect_language(text) == language

    def test_mixed_detection(self) -> None:
        assert is_mixed("サポートは very helpful でした")
        assert not is_mixed("Slackの連携が便利")
        assert not is_mixed("Great support")

    def test_split_scripts(self) -> None:
        ja, en = split_scripts("サポートは very helpful でした")
        assert "very helpful" in en
        assert "サポート" in ja and "helpful" not in ja

    def test_mixed_comment_combines_both_parts(self) -> None:
        assert analyze("サポートは very helpful でした").polarity > 0
        assert analyze("サポートの対応は not good でした").polarity < 0
        assert analyze("The dashboard is great. でも動作が遅くて困っています。").label in (
            "negative",
            "neutral",
            "positive",
        )

    def test_mixed_language_tag_is_dominant_script(self) -> None:
        assert analyze("サポートは very helpful でした").language == "ja"


class _Reverse:
    """A toy analyzer for a third language: proves the registry is pluggable."""

    language = "xx"
    version = "xx-test-1"

    def score(self, text: str) -> SentimentResult:
        return make_result(0.5, self.language, self.version)


class TestRegistry:
    def test_builtin_languages(self) -> None:
        assert {"en", "ja"} <= set(available_languages())
        assert isinstance(get_analyzer("en"), SentimentAnalyzer)
        assert isinstance(get_analyzer("ja"), SentimentAnalyzer)

    def test_analyzer_is_cached(self) -> None:
        assert get_analyzer("en") is get_analyzer("en")

    def test_register_new_language(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from analytics.sentiment import base

        # the registry is process-wide: "xx" must not outlive this test (a later test checks
        # the serving helper warms every registered language)
        monkeypatch.setattr(base, "_factories", dict(base._factories))
        monkeypatch.setattr(base, "_instances", dict(base._instances))
        register_analyzer("xx", _Reverse, replace=True)
        analyzer = get_analyzer("xx")
        assert isinstance(analyzer, SentimentAnalyzer)
        assert analyzer.score("anything").analyzer_version == "xx-test-1"

    def test_duplicate_registration_rejected(self) -> None:
        with pytest.raises(ValueError):
            register_analyzer("en", _Reverse)


class TestStoredLabelMetrics:
    def test_neutral_on_a_polar_row_counts_wrong(self) -> None:
        truth = ["positive", "negative", "positive", "negative"]
        stored = ["positive", "neutral", "neutral", "positive"]
        m = score_labels(stored, truth)
        assert m.n == 4
        assert m.polar_accuracy == 0.25
        assert m.neutral_recall is None
        # positive: tp=1, fp=1, fn=1 → F1 0.5; negative: tp=0 → F1 0; macro over the two
        # classes present in the truth
        assert m.macro_f1 == pytest.approx(0.25)
        assert m.confusion["negative"] == {"positive": 1, "negative": 0, "neutral": 1}

    def test_three_classes(self) -> None:
        truth = ["positive", "negative", "neutral", "neutral", "neutral"]
        stored = ["positive", "negative", "neutral", "positive", "neutral"]
        m = score_labels(stored, truth)
        assert m.polar_accuracy == 1.0
        assert m.accuracy == pytest.approx(4 / 5)
        assert m.neutral_recall == pytest.approx(2 / 3)
        # F1: positive 2/3 (tp 1, fp 1), negative 1, neutral 0.8 (tp 2, fn 1)
        assert m.macro_f1 == pytest.approx((2 / 3 + 1 + 0.8) / 3)

    def test_evaluate_reports_every_set_with_a_confusion_matrix(self) -> None:
        from analytics.sentiment.evaluate import evaluate

        rows = evaluate("ja")
        names = {s.name for _, s, _ in rows}
        assert "holdout_ja.csv all (3-class)" in names
        for _, s, m in rows:
            assert sum(sum(r.values()) for r in m.confusion.values()) == m.n == len(s.texts)


# Everyday posts and hotel-review sentences written for these tests (not from any data set).
JA_EVERYDAY: list[tuple[str, str]] = [
    ("新しく買ったマグカップ、色がかわいくて毎朝使うのが楽しみ", POS),
    ("週末の旅行が今から楽しみすぎる", POS),
    ("子猫の寝顔に癒された", POS),
    ("カワイイ服を見つけてテンション上がった", POS),
    ("合格したよ、嬉しすぎて泣きそう", POS),
    ("このラーメン美味すぎ", POS),
    ("昨日より全然マシになった", POS),
    ("久しぶりに友達とカラオケ行って楽しかった", POS),
    ("今日も暑すぎて溶けそう", NEG),
    ("電車が止まってて最悪", NEG),
    ("また寝坊した、ほんと自分が嫌になる", NEG),
    ("頭痛がひどくて何もできない", NEG),
    ("あいつマジで無能すぎる", NEG),
    ("バカじゃないの", NEG),
    ("謹んでご冥福をお祈りいたします", NEG),
    ("ずっと応援してたのに引退なんて寂しい", NEG),
    ("せっかくの休みなのに雨でがっかり", NEG),
    ("バイト先の店長がうざい", NEG),
]
JA_REVIEWS: list[tuple[str, str]] = [
    ("スタッフの皆さんの笑顔に元気をもらいました", POS),
    ("部屋から見える夜景が素晴らしかったです", POS),
    ("朝食のバイキングは品数が多く満足でした", POS),
    ("駅から近くて観光に便利でした", POS),
    ("ベッドが広く、ぐっすり眠れました", POS),
    ("フロントの方がとても親切に対応してくださいました", POS),
    ("値段の割に設備が充実していてお得でした", POS),
    ("温泉が気持ちよく、また来たいと思います", POS),
    ("駐車場が狭くて停めにくかった", NEG),
    ("隣の部屋の話し声が気になりました", NEG),
    ("エアコンの音がうるさくて眠れませんでした", NEG),
    ("チェックインに30分も待たされた", NEG),
    ("浴室に髪の毛が落ちていて不快でした", NEG),
    ("朝食の種類がもう少しあれば良かったです", NEG),
    ("部屋が古く、タバコの臭いが残っていた", NEG),
    ("Wi-Fiがつながりにくかった", NEG),
    ("もっと早く案内してほしかったです", NEG),
    ("アメニティが少なかったのが残念です", NEG),
]
JA_NEUTRAL = [
    "チェックアウトは何時ですか？",
    "明日は9時に会議があります",
    "駐車場はホテルの裏にあります",
    "今日は一日家にいます",
    "この電車は新宿に行きますか",
    "朝食は7時から10時までです",
    "来週の予定を教えてください",
    "よろしくお願いします",
    "領収書の発行は可能でしょうか",
    "部屋は3階でした",
]


class TestJapaneseEverydayLanguage:
    """The failure modes of the chABSA-era lexicon: everyday words, excess, advice,
    condolence, insults, mild complaints, and neutral questions and facts. The stored label
    is what counts: neutral is wrong on a polar comment."""

    @pytest.mark.parametrize(("text", "expected"), JA_EVERYDAY + JA_REVIEWS)
    def test_stored_label(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize("text", JA_NEUTRAL)
    def test_questions_facts_and_formulae_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    @pytest.mark.parametrize("spelling", ["かわいい", "可愛い", "カワイイ", "ｶﾜｲｲ", "可愛かった"])
    def test_spellings_and_inflections_of_one_word(self, spelling: str) -> None:
        assert analyze(spelling).label == "positive"

    def test_excess_keeps_a_positive_base_positive(self) -> None:
        assert analyze("嬉しすぎる").label == "positive"
        assert analyze("楽しすぎた").label == "positive"
        # neutral or negative base + すぎ(る): negative, also without the る
        assert analyze("暑すぎ").label == "negative"
        assert analyze("待ち時間が長すぎる").label == "negative"
        assert analyze("遅すぎる").label == "negative"

    def test_advice_is_not_praise(self) -> None:
        assert analyze("最初から説明すればいいのに").polarity < 0
        assert analyze("予約の前に確認すればいい").label == "neutral"
        assert analyze("対応がいい").label == "positive"

    def test_negation_of_everyday_words(self) -> None:
        assert analyze("全然楽しくなかった").label == "negative"
        assert analyze("部屋は広くなかった").label == "negative"
        assert analyze("特に問題はありませんでした").label == "positive"

    def test_rhetorical_negation_is_not_negation(self) -> None:
        assert analyze("最高じゃない？").polarity > 0
        assert analyze("アホじゃないの").polarity < 0

    def test_mild_complaint_outweighs_nothing(self) -> None:
        # one small remark is the whole comment: it must not come out neutral
        assert analyze("駐車場がちょっと狭い").label == "negative"
        assert analyze("もう少し静かだと嬉しいです").polarity < analyze("静かで嬉しい").polarity

    def test_hard_to_and_got_away_with(self) -> None:
        # verb + にくい reverses the verb; 〜ずに済んだ is relief; ついてない is bad luck
        assert analyze("暖房が効きにくい部屋でした").label == "negative"
        assert analyze("傘がなくても濡れずに済んだ").label == "positive"
        assert analyze("鍵をなくした、ついてない").label == "negative"

    def test_complaints_made_of_neutral_words_and_a_negation(self) -> None:
        assert analyze("客室にドライヤーがなかった").label == "negative"
        assert analyze("夜はフロントに誰もいなかった").label == "negative"
        assert analyze("何度頼んでも交換してくれなかった").label == "negative"
        assert analyze("当日は予約の変更ができなかった").label == "negative"
        # negated complaints stay positive, nothing-to-say stays neutral
        assert analyze("騒音は全くなかった").label == "positive"
        assert analyze("特に意見はありません").label == "neutral"

    def test_overdone_property_versus_overflowing_feeling(self) -> None:
        # a feeling or judgement stays positive with すぎる; a property can be overdone
        assert analyze("このケーキ美味しすぎた").label == "positive"
        assert analyze("マットレスが柔らかすぎて眠れなかった").label == "negative"
        assert analyze("朝食の時間が早すぎる").label == "negative"

    def test_more_or_less_of_a_good_or_bad_thing(self) -> None:
        assert analyze("店員さんの笑顔が少ない").label == "negative"
        assert analyze("以前より不具合が減った").label == "positive"
        assert analyze("返品の手間が多い").polarity < 0.1

    def test_smell_and_wanting_to_come_back(self) -> None:
        assert analyze("押し入れが少しカビ臭かった").label == "negative"
        assert analyze("家族でまた泊まりに来たいです").label == "positive"

    def test_broad_dictionaries_are_loaded(self) -> None:
        from analytics.sentiment.japanese import JapaneseAnalyzer

        sources = JapaneseAnalyzer().sources
        assert sources["tohoku-predicates"] > 2000
        assert sources["tohoku-nouns"] > 5000
        assert sources["mlask"] > 1000
        # words only the third-party dictionaries know
        assert analyze("彼の演奏は実に見事だった").label == "positive"
        assert analyze("あの店員の態度には心底うんざりした").label == "negative"

    def test_version_names_the_dictionary_analyzer(self) -> None:
        from analytics.sentiment.japanese import VERSION

        assert VERSION.startswith("ja-lex-")
        assert analyze("楽しかった").analyzer_version == VERSION


class TestEnglishNeutralAndNegationScope:
    """Questions, requests and plain statements are neutral; "no problems" is a clean report;
    "not too X" praises balance. Examples written for these tests."""

    @pytest.mark.parametrize(
        "text",
        [
            "Is the 9:05 ferry to Dover running?",
            "Can I swap my seat to an aisle seat?",
            "How do I export last year's invoices?",
            "Please send the receipt to my office address.",
            "My ticket number is 88412, please check the status.",
            "The parcel was delivered on Thursday.",
            "@skyline_air is flight 418 boarding at gate 9?",
            "@ShopHelp please check order 5521 https://example.com/o/5521",
        ],
    )
    def test_questions_requests_and_facts_are_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    def test_a_question_with_a_problem_word_is_not_a_complaint(self) -> None:
        assert analyze("is my train to Bristol cancelled?").polarity > -0.3
        # a rhetorical complaint keeps its polarity
        assert analyze("Why is my refund still not here??").label == "negative"

    @pytest.mark.parametrize(
        "text",
        ["Ran the update and found no issues at all", "Installed it without any problems"],
    )
    def test_absence_of_problems_is_not_negative(self, text: str) -> None:
        assert analyze(text).polarity > 0

    def test_negated_excess_is_praise(self) -> None:
        assert analyze("The dessert is not overly sweet, rich and smooth").label == "positive"
        # "not very X" is still a negation
        assert analyze("The dessert is not very tasty").label == "negative"

    def test_calibration_is_fitted_and_recorded(self) -> None:
        from analytics.sentiment.english import NeutralCalibration

        calibration = NeutralCalibration.load()
        assert 0 < calibration.floor < 1
        assert 0 < calibration.request_factor <= 1
        assert "neutral_en.txt" in calibration.meta["neutral"]


def test_textblob_lexicon_loaded_without_nltk_matches_textblob() -> None:
    from textblob.en.sentiments import PatternAnalyzer

    from analytics.sentiment.english import textblob_polarity

    reference = PatternAnalyzer()
    for text in [
        "The trainer was terribly slow but very kind.",
        "Not bad at all!",
        "The worst checkout I have ever used",
        "An okay room, nothing special.",
    ]:
        assert textblob_polarity(text) == pytest.approx(reference.analyze(text)[0], abs=1e-12)


class TestJapaneseReviewPhenomena:
    """ja-lex-7: phrases and constructions that the dictionaries alone misread (own
    examples; the evaluation sets in ``devsets/written_ja_*.csv`` are not used here)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("値段相応のホテルです", "neutral"),
            ("値段相応だけど満足しています", "positive"),
            ("値段相応の古さで、床がきしむ", "negative"),
            ("コスパ最高", "positive"),
            ("このプランはコスパが高い", "positive"),
            ("コスパが悪い", "negative"),
        ],
    )
    def test_price_appropriate_and_cost_performance(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        "text",
        [
            "荷物がなかなか届かない",
            "お湯がなかなか出ない",
            "朝まで眠れなかった",
            "ショックで立ち直れない",
        ],
    )
    def test_what_does_not_happen_or_cannot_be_done(self, text: str) -> None:
        assert analyze(text).label == "negative"

    def test_nakanaka_with_a_positive_word_stays_positive(self) -> None:
        assert analyze("なかなか良い宿でした").label == "positive"

    def test_a_weak_noun_does_not_cancel_a_complaint(self) -> None:
        assert analyze("メールの返信がなかなか来ない").label == "negative"

    def test_a_wish_is_a_mild_complaint_but_what_happened_is_not(self) -> None:
        assert analyze("電子レンジがあれば便利だった").label == "negative"
        assert analyze("使ってみたら便利だった").label == "positive"

    def test_an_expectation_in_the_past_is_not_praise(self) -> None:
        assert analyze("楽しみにしていた旅行、天気がいまいちだった").label == "negative"
        assert analyze("来週の旅行を楽しみにしています").label == "positive"

    def test_hedged_judgement_keeps_its_sign(self) -> None:
        assert analyze("まあまあ満足かな").label == "positive"
        assert analyze("ちょっと高いかな").label != "positive"

    def test_clipped_adjectives_and_slang(self) -> None:
        assert analyze("このラーメンうまっ!").label == "positive"
        assert analyze("昨日の回は神回だった").label == "positive"
        assert analyze("最後のシーンがエモかった").label == "positive"

    def test_coming_back_again(self) -> None:
        assert analyze("次もまた利用します").label == "positive"
        assert analyze("また壊れた").label == "negative"

    def test_taihen_as_predicate_and_as_intensifier(self) -> None:
        assert analyze("駐車するのが大変でした").label == "negative"
        assert analyze("大変満足しました").label == "positive"

    def test_negation_through_the_progressive(self) -> None:
        assert analyze("トイレの掃除が行き届いていなかった").label == "negative"

    @pytest.mark.parametrize(
        "text", ["今日の便は遅れていますか？", "荷物を送ってもらえますか", "駐車場は狭いですか？"]
    )
    def test_questions_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    def test_no_complaint_is_praise(self) -> None:
        assert analyze("料理も接客も文句なしでした").label == "positive"


class TestEnglishIdioms:
    """en-ens-5: idioms whose words say the opposite of what they mean (own examples)."""

    @pytest.mark.parametrize(
        "text",
        [
            "We could not have been happier with the room.",
            "Order the curry, you won't be disappointed.",
            "For twelve dollars you can't beat it.",
            "Can't wait to come back next summer.",
            "The finale was nothing short of stunning.",
        ],
    )
    def test_litotes_are_praise(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "The coffee was lukewarm at best.",
            "My ten-year-old kettle boils water faster than this.",
            "Honestly I expected better from a hotel at this price.",
            "The hinge cracks easily.",
        ],
    )
    def test_faint_praise_and_unfavourable_comparisons_are_complaints(self, text: str) -> None:
        assert analyze(text).label == "negative"

    def test_rewrite_leaves_plain_comparisons_alone(self) -> None:
        from analytics.sentiment.english import rewrite

        assert rewrite("The new app is better than the old one") == (
            "The new app is better than the old one"
        )


class TestJapaneseReviewPhenomenaRound3:
    """ja-lex-8 (own examples)."""

    def test_a_measure_is_not_a_judgement(self) -> None:
        assert analyze("箱の長さは40センチです").label == "neutral"
        assert analyze("この鞄は重い").label == "negative"

    def test_lacking_a_good_thing_is_a_complaint(self) -> None:
        assert analyze("説明が丁寧さに欠ける").label == "negative"

    def test_a_good_thing_under_if_is_a_wish(self) -> None:
        assert analyze("画面がもっと明るければよかった").label == "negative"
        assert analyze("返品に応じてもらえると助かります").label != "positive"

    def test_managed_to_is_good_news(self) -> None:
        assert analyze("ずっと会いたかった友達にやっと会えた").label == "positive"
        assert analyze("朝までぐっすり眠れました").label == "positive"
        assert analyze("明日は行けます").label == "neutral"

    def test_a_polite_yes_no_question_about_a_problem_is_neutral(self) -> None:
        assert analyze("この便は欠航になりますか？").label == "neutral"
        assert analyze("なんでこんなに遅いんですか？").label != "positive"

    def test_laughing_too_much_is_a_good_time(self) -> None:
        assert analyze("みんなで笑いすぎてお腹痛い").label != "negative"


class TestJapaneseEverydayRound4:
    """ja-lex-9 (own examples)."""

    def test_felt_qualities_are_evaluative(self) -> None:
        assert analyze("ロビーに高級感があった").label == "positive"
        assert analyze("天井が低くて圧迫感がある").label == "negative"

    def test_still_works(self) -> None:
        assert analyze("三年たってもまだ普通に使えてる").label == "positive"
        assert analyze("まだ使えていない").label != "positive"

    def test_things_not_going_well(self) -> None:
        assert analyze("最近なにをやってもうまくいかない").label == "negative"
        assert analyze("発表がうまくいった").label == "positive"

    def test_full_of_is_a_complaint(self) -> None:
        assert analyze("部屋の床がほこりだらけだった").label == "negative"

    def test_a_record_in_a_compound_is_not_a_verdict(self) -> None:
        assert analyze("明日の最低気温は5度です").label == "neutral"
        assert analyze("人生最高の旅行だった").label == "positive"

    def test_a_weak_water_pressure_is_a_complaint(self) -> None:
        assert analyze("洗面所の水の勢いが弱い").label == "negative"


class TestJapaneseKaomojiAndSlang:
    """ja-lex-10 (own examples)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("週末はのんびり(^^)", "positive"),
            ("差し入れもらった（＊＾＾＊）", "positive"),
            ("また雨(T_T)", "negative"),
            ("財布なくした orz", "negative"),
            ("月曜から残業(´・ω・｀)", "negative"),
            ("料金(税込)は8000円です", "neutral"),
            ("集合は駅前(北口)です", "neutral"),
        ],
    )
    def test_kaomoji(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("この焼肉屋、優勝", "positive"),
            ("最&高の週末", "positive"),
            ("いつもあざっす", "positive"),
            ("寝坊して試験に遅刻、オワタ", "negative"),
            ("その言い方は草", "positive"),
            ("庭の草を抜いた", "neutral"),
        ],
    )
    def test_internet_slang(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected


class TestJapaneseEverydayRound6:
    """ja-lex-11 (own examples)."""

    def test_stress_and_its_relief(self) -> None:
        assert analyze("通勤ラッシュが毎日ストレス").label == "negative"
        assert analyze("休日に走ってストレス解消").label == "positive"

    def test_cheering_up_and_managing_to(self) -> None:
        assert analyze("後輩の一言で元気が出た").label == "positive"
        assert analyze("最後まで泳ぎ切ることができた").label != "negative"
        assert analyze("フルマラソン完走できた").label == "positive"
        assert analyze("家の近くにコンビニができた").label == "neutral"

    def test_product_complaints(self) -> None:
        assert analyze("一回洗ったら色落ちした").label == "negative"
        assert analyze("ケーブルが短くて机まで届かない").label == "negative"

    def test_set_phrases_that_are_facts(self) -> None:
        assert analyze("燃えないゴミは水曜日です").label == "neutral"


class TestJapaneseHotelComplaintsRound7:
    """ja-lex-12 (own examples)."""

    def test_only_that_much(self) -> None:
        assert analyze("コンセントが一つしかなかった").label == "negative"

    def test_a_wait_that_happened_versus_a_distance(self) -> None:
        assert analyze("料理が出るまで1時間も待った").label == "negative"
        assert analyze("空港まで車で20分かかります").label == "neutral"

    def test_noise_through_the_walls(self) -> None:
        assert analyze("上の階の足音が響いていた").label == "negative"

    def test_never_again(self) -> None:
        assert analyze("この店にはもう行かない").label == "negative"

    def test_star_ratings(self) -> None:
        assert analyze("総合評価は星4つです").label == "positive"
        assert analyze("星一つがやっと").label == "negative"

    def test_worth_it_outweighs_a_high_price(self) -> None:
        assert analyze("少し高めですが、泊まる価値はあります").label == "positive"
        assert analyze("並んでまで食べる価値はない").label == "negative"


class TestJapaneseRound8:
    """ja-lex-13 (own examples)."""

    def test_beauty_overflowing_stays_positive(self) -> None:
        assert analyze("海がきれいすぎて言葉が出ない").label == "positive"

    def test_early_morning_is_a_time_not_praise(self) -> None:
        assert analyze("明日は朝早いから今夜は眠れそうにない").label != "positive"

    def test_sold_out_strange_noise_no_connection(self) -> None:
        assert analyze("人気の商品はどれも品切れ").label == "negative"
        assert analyze("エンジンから異音がする").label == "negative"
        assert analyze("サポートに何度かけても繋がらない").label == "negative"


class TestEnglishQuestionsVersusStatements:
    """en-ens-6: a plain question about a problem is neutral; a review sentence that merely
    starts like a question ("Does not fit.") keeps its polarity (own examples)."""

    @pytest.mark.parametrize(
        "text",
        [
            "is the 7:40 to Glasgow delayed?",
            "@RailCo are there any cancellations on the coast line today",
            "Has the outage in Leith been fixed yet?",
            "Is something wrong with the login page right now?",
        ],
    )
    def test_questions_about_problems_are_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Does not charge at all.", "negative"),
            ("Has worked perfectly for a year.", "positive"),
            ("What a waste of an afternoon.", "negative"),
        ],
    )
    def test_statements_that_start_like_questions(self, text: str, expected: str) -> None:
        from analytics.sentiment.english import is_information_request

        assert not is_information_request(text)
        assert analyze(text).label == expected


class TestEnglishClauseComposition:
    """en-ens-7: a concession yields to the main clause, a counterfactual hedge names what
    went wrong, "not as X as" is an unfavourable comparison unless X is itself bad (own
    examples)."""

    @pytest.mark.parametrize(
        ("text", "main"),
        [
            (
                "Although the lobby looked tired, our suite was immaculate.",
                "our suite was immaculate.",
            ),
            ("Even though it was cheap, the kettle broke in a week", "the kettle broke in a week"),
            ("The seats were cramped, though the crew were lovely.", "The seats were cramped"),
            ("Lovely staff, but the room was freezing", "the room was freezing"),
        ],
    )
    def test_the_main_clause_is_scored_on_its_own(self, text: str, main: str) -> None:
        from analytics.sentiment.english import last_clause

        assert last_clause(text) == main

    def test_a_single_clause_has_no_main_clause(self) -> None:
        from analytics.sentiment.english import last_clause

        assert last_clause("Sturdy frame and a bright screen.") is None
        # sentence-final "though" marks the whole sentence as the contrast
        assert last_clause("Decent battery though.") is None

    @pytest.mark.parametrize(
        "text",
        [
            "Although the lobby looked tired, our suite was immaculate and the staff were kind.",
            "Even though delivery took a while, the desk is solid and looks great.",
        ],
    )
    def test_a_conceded_flaw_does_not_sink_the_praise(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "Would have given it five stars if the handle didn't wobble.",
            "The jacket would have been perfect if the zip held.",
            "Nice idea; if only the app synced with my watch.",
        ],
    )
    def test_counterfactual_hedges_are_complaints(self, text: str) -> None:
        assert analyze(text).label == "negative"

    def test_a_plain_conditional_is_left_alone(self) -> None:
        from analytics.sentiment.english import rewrite

        text = "I would have stayed longer if I could."
        assert rewrite(text) == text

    @pytest.mark.parametrize(
        ("text", "rewritten"),
        [
            ("The refill isn't nearly as soft as the original.", "The refill is worse than"),
            ("Not as comfortable as my old trainers.", "worse than"),
            ("The sequel is not as boring as the first one.", "The sequel is better than"),
        ],
    )
    def test_not_as_x_as_compares(self, text: str, rewritten: str) -> None:
        from analytics.sentiment.english import rewrite

        assert rewrite(text).startswith(rewritten)

    def test_an_unfavourable_comparison_is_a_complaint(self) -> None:
        assert analyze("The new blades are not as sharp as the old ones.").label == "negative"


class TestEnglishReviewVocabularyAndSpelling:
    """en-ens-8: everyday review words VADER lacks, and misspelt sentiment words (own
    examples)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("The noodles were soggy and the broth was bland.", "negative"),
            ("Flimsy hinges and a shoddy clasp.", "negative"),
            ("A gripping, witty thriller.", "positive"),
            ("Spotless room with a comfy bed.", "positive"),
        ],
    )
    def test_review_words(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "fixed"),
        [
            ("The ending was dissapointing", "The ending was disappointing"),
            ("Excelent value", "excellent value"),
            ("Such an awsome gadget", "Such an awesome gadget"),
            ("The delay was unacceptible.", "The delay was unacceptable."),
        ],
    )
    def test_misspelt_sentiment_words_are_made_whole(self, text: str, fixed: str) -> None:
        from analytics.sentiment.english import respell

        assert respell(text) == fixed

    @pytest.mark.parametrize(
        "text",
        [
            "Nicola and Ryans ordered the campy musical.",
            "We docked at Lerwick on Tuesday.",
            "The fillet came with a crema.",
        ],
    )
    def test_known_words_and_names_are_left_alone(self, text: str) -> None:
        from analytics.sentiment.english import respell

        assert respell(text) == text

    def test_a_misspelt_complaint_is_negative(self) -> None:
        assert analyze("Totaly dissapointed with the blender.").label == "negative"


class TestJapaneseSnsPosts:
    """Issue 14 (jasns): what real short posts look like (own examples, each phenomenon with
    at least one that ja-lex-16 got wrong; the sets ``devsets/*_ja_r13.csv`` / ``r14`` are
    not used here)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # a link's Latin letters made the post look mixed and diluted its score
            ("最高 https://example.com/2024/11/how-to-make-better-coffee-at-home", "positive"),
            ("RT @shop_news: 本日は18時で閉店します", "neutral"),
            ("@kenta_88 パスタ美味しかった https://t.co/Ab12Cd34Ef", "positive"),
            # hashtags are read as words of their own
            ("雨の日の通勤 #最悪", "negative"),
            ("#拡散希望 財布の落とし物を預かっています", "neutral"),
        ],
    )
    def test_post_noise(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("この景色すごーーい!!", "positive"),
            ("昨日の映画びみょーだった", "negative"),
            ("ｳﾚｼｲ!!!", "positive"),
            ("ﾀﾉｼｶｯﾀ", "positive"),
            ("月曜つらたにえん", "negative"),
            ("お昼のカレーうまーーい", "positive"),
            ("新しい靴かわいいいいい", "positive"),
            ("朝から会議とかやだぁぁぁ", "negative"),
        ],
    )
    def test_lengthened_katakana_and_suffixed_spellings(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    def test_lengthening_keeps_words_intact(self) -> None:
        from analytics.sentiment.japanese import tokenize

        lemmas = [t.lemma for t in tokenize("ありがとぉ、ほんとーに嬉しいいい")]
        assert lemmas == ["有り難う", "、", "本当", "に", "嬉しい"]
        # loanwords keep their katakana: クラウド, サービス are not read as hiragana verbs
        assert [t.surface for t in tokenize("クラウドサービス")] == ["クラウド", "サービス"]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("面白すぎて死んだ", "positive"),
            ("感動して泣いた😭", "positive"),
            ("推しの衣装が尊すぎて無理", "positive"),
            ("もう会社むり", "negative"),
            ("眠すぎて無理", "negative"),
            ("熱が下がらなくてしんどい", "negative"),
        ],
    )
    def test_overwhelmed_words_take_the_sign_of_their_cause(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("みんなの優しさに感謝しかない", "positive"),
            ("明日の面接、不安しかない", "negative"),
            ("人の話を聞けや、ふざけんな", "negative"),
        ],
    )
    def test_shika_nai_and_prohibition_are_not_negation(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    def test_laughter_does_not_praise_a_mishap(self) -> None:
        assert analyze("家の鍵なくしててワロタ").label == "negative"
        assert analyze("また電車遅れてて草").label == "negative"
        assert analyze("猫の動画で草生えた").label == "positive"
        assert analyze("ワロタ").label == "positive"

    def test_sarcasm_and_praise_asides(self) -> None:
        assert analyze("さすが神対応ですね(棒)").label == "negative"
        assert analyze("雨の中2時間待ちとか最高の休日(白目)").label == "negative"
        assert analyze("この曲中毒性ありすぎてつらい(褒めてる)").label == "positive"

    def test_emoji_read_the_japanese_way(self) -> None:
        assert analyze("また休日出勤😇").label == "negative"
        assert analyze("推しの誕生日イベント行けなかった🥺").label == "negative"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("ガチャ爆死した", "negative"),
            ("このアニメ沼すぎる", "positive"),
            ("新曲よすぎて震える", "positive"),
        ],
    )
    def test_net_slang(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("二度寝最高w", "positive"),  # a single w is laughter, not a noun after 最高
            ("今日はよか天気", "positive"),  # Kyushu: よか = 良い
            ("ここのラーメンうまか", "positive"),
            ("この服なかなかええやん", "positive"),  # Kansai: ええ = いい, やん asserts
            ("この部屋寒いやんか", "negative"),  # やんか is not a question
            ("あかん、眠い", "negative"),
            ("行くかどうか迷ってる", "negative"),  # 行くか stays a question particle
        ],
    )
    def test_dialect(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("今日も残業", "negative"),
            ("洗濯日和", "positive"),
            ("バス停で置いていかれた😱", "negative"),
            ("彼とお揃いのマグカップ♡", "positive"),
            ("推しのライブのチケット当たった!", "positive"),
            ("日が当たる部屋", "neutral"),
        ],
    )
    def test_everyday_events_and_hearts(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    def test_oshi_is_a_person_not_praise(self) -> None:
        # ML-Ask's 推し (read by UniDic as 押す) made every fan's post positive
        assert analyze("推しの握手会、行けなかった").label == "negative"
        assert analyze("推しが出てないドラマ").label == "neutral"
        assert analyze("推しの卒業発表つらい…").label == "negative"

    def test_tears_with_no_cause_follow_a_positive_post(self) -> None:
        assert analyze("アンコールで泣いた、一生の思い出").label == "positive"
        assert analyze("一人で泣いた").label == "negative"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("娘が自転車に乗れるようになった", "positive"),  # progress: can now do it
            ("最近英語が話せるようになってきた", "positive"),
            ("ほとんど眠れていない", "negative"),  # still could not
            ("毎日水をやった甲斐があった", "positive"),
            ("第一志望から不採用の通知が届いた", "negative"),
        ],
    )
    def test_diary_posts(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected


class TestJapaneseReviewSentencesRound16:
    """ja-lex-18 (jarev, issue 14): constructions of hotel, product and restaurant review
    sentences. Own examples, written for these tests (not from any data set)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("気になるところは特にありませんでした", "positive"),
            ("悪い部分は見当たらなかった", "positive"),
            ("狭いと感じることはなかったです", "positive"),
            ("良い点は一つもなかった", "negative"),
            ("満足とは言えない内容でした", "negative"),
            ("記憶に残るような料理ではなかった", "negative"),
        ],
    )
    def test_a_judgement_denied_through_a_noun_or_a_verb_of_feeling(
        self, text: str, expected: str
    ) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("展望風呂に入ったら肩こりが取れた", "positive"),
            ("熱いお茶で寒さが吹き飛んだ", "positive"),
            ("丁寧な説明で不安が解消されました", "positive"),
            ("温泉に浸かって腰の痛みが和らぎました", "positive"),
            ("マッサージチェアを使っても疲れが取れない", "negative"),
        ],
    )
    def test_a_complaint_that_went_away_is_relief(self, text: str, expected: str) -> None:
        label = analyze(text).label
        assert label == expected if expected == "positive" else label != "positive"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("雑誌で紹介されていたほどの味ではなかった", "negative"),
            ("楽しみにしていたほどではなかったです", "negative"),
            ("わざわざ電車で行くほどではないかな", "negative"),
            ("心配していたほどではなく、普通に泊まれました", "positive"),
        ],
    )
    def test_not_as_good_as_the_standard(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        "text",
        [
            "部屋着がもう少し厚手だと尚良いと思います",
            "説明書が丁寧だとなお良かったです",
            "ソファがあればなお嬉しいです",
        ],
    )
    def test_even_better_if_is_a_mild_complaint(self, text: str) -> None:
        assert analyze(text).label == "negative"

    def test_concessions_and_exceptions_leave_the_verdict_to_the_main_clause(self) -> None:
        assert analyze("見た目は綺麗だったものの、味はいまひとつでした").label == "negative"
        assert analyze("値段が高いことを除けば、何もかも快適でした").label == "positive"
        assert analyze("口コミが厳しい店でも、料理は美味しかった").label == "positive"
        assert analyze("丁寧と言うよりしつこい接客でした").label == "negative"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("5点中4点。駐車場が遠いのだけ残念", "positive"),
            ("10点満点中2点です。", "negative"),
            ("3点。", "neutral"),
            ("総合評価は2点です。", "negative"),
            ("★★★★★ 文句なし", "positive"),
            ("★★☆☆☆ 店員さんは親切でした", "negative"),
            ("Tシャツを3点購入しました。", "neutral"),
        ],
    )
    def test_scores_written_in_the_text(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("この価格帯でこの広さならリピなしです", "negative"),
            ("また泊まりたいと思える宿でした", "positive"),
            ("次もここで食べたいとは思わない", "negative"),
            ("値段を考えれば満足です", "positive"),
        ],
    )
    def test_repeat_intent_and_value_for_money(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        "text",
        [
            "チェックインは夕方6時過ぎになります",
            "駅から車で5分の駐車場に停めました",
            "スーツケースを持ち歩くのでエレベーターの場所を教えてください",
        ],
    )
    def test_facts_stay_neutral(self, text: str) -> None:
        # 停める is not 辞める, 持ち歩く is not 持ち歩ける ("can be carried"), 6時過ぎ is a time
        assert analyze(text).label == "neutral"

    def test_dictionary_entries_keep_their_own_spelling(self) -> None:
        from analytics.sentiment import japanese as ja

        lex = ja.lexicon()
        assert ja._match(lex, ja.tokenize("車を停める"), 2) is None
        assert ja._match(lex, ja.tokenize("鞄に入れて持ち歩ける"), 4) is not None

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("枕に髪の毛がついていました", "negative"),
            ("手すりがベタベタしていて触りたくなかった", "negative"),
            ("一度食べたら癖になります", "positive"),
            ("気配りが感じられる接客でした", "positive"),
            ("探していた部品が見つかった", "positive"),  # 探す is not 探せる
            ("傘を貸していただき、駅まで歩きました", "positive"),
        ],
    )
    def test_review_vocabulary(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        "text", ["買って一週間でドライヤーが動かなくなった", "アプリを入れ直しても起動しません"]
    )
    def test_a_thing_that_does_not_work(self, text: str) -> None:
        # the dictionaries had only 動ける / 起動できる ("can move"), read as 動く
        assert analyze(text).label == "negative"


class TestJapaneseReviewSentencesRound16b:
    """ja-lex-19 and ja-lex-21 (jarev, issue 14): more review constructions; own examples
    (each test has at least one that the version before got wrong)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("昔の方がずっと美味しかったです", "negative"),
            ("前に使っていた機種の方が軽くて扱いやすかった", "negative"),
            ("今回泊まった部屋の方が広くて良かった", "positive"),
        ],
    )
    def test_compared_with_an_earlier_or_another_one(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("スタッフの言葉遣いは見直すべきだと感じました", "negative"),
            ("接客マナーを改善すべきです", "negative"),
            ("近くに来たら一度は食べるべき味です", "positive"),
        ],
    )
    def test_should_is_a_complaint_or_a_recommendation(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        "text",
        ["シーツが交換されていなかった", "頼んだ枕が届けられてない", "部屋の窓が開かない"],
    )
    def test_what_was_not_done_or_does_not_work(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("またここに来たいとは思えませんでした", "negative"),
            ("次も同じ店で買いたいとは思わない", "negative"),
            ("もう一度泊まりたい宿です", "positive"),
        ],
    )
    def test_repeat_intent_denied(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("ランチの量が少なかった", "negative"),
            ("デザートの種類が多かった", "positive"),
            ("背の高い家族には浴衣の丈が足りなかった", "negative"),
        ],
    )
    def test_how_much_one_gets(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("星5つ中2つです", "negative"),
            ("星5つ中3つかな", "neutral"),
            ("値段を考えると仕方ないと思う", "negative"),
            ("子犬が可愛くて仕方ない", "positive"),
            ("料理が出るまでに時間がかかった", "negative"),
            ("ボリューム満点の定食でした", "positive"),
            ("接客だけが玉に瑕でした", "negative"),
            ("届いてすぐ返品しました", "negative"),
        ],
    )
    def test_scores_resignation_and_review_words(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("この店の餃子は間違いないです", "positive"),
            ("思い描いていたイメージ通りの部屋でした", "positive"),
            ("値段以上の仕上がりでした", "positive"),
            ("この画質では使い物になりません", "negative"),
            ("わざわざ遠出する価値なし", "negative"),
        ],
    )
    def test_expectations_met_and_worth(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        "text",
        [
            "洗面台に前の人の歯ブラシが置いたままでした",
            "グラスに水垢が目立ちました",
            "炊き込みご飯がべちゃべちゃでした",
            "ラーメンの麺がのびきっていた",
            "届いた袋が破れていました",
            "白いシャツに色移りしました",
            "隣の宴会の声が夜遅くまで響いていた",
            "頼んだサラダがいつまでも来なかった",
        ],
    )
    def test_defects_told_as_facts(self, text: str) -> None:
        assert analyze(text).label == "negative"

    def test_standing_out_takes_the_sign_of_what_stands_out(self) -> None:
        assert analyze("床のシミがかなり目立ちました").label == "negative"
        assert analyze("小さな傷はほとんど目立たない").label == "positive"
        assert analyze("入口は目立つ看板の横です").label == "neutral"


class TestJapaneseReviewSentencesRound16c:
    """ja-lex-23 (jarev, issue 14): reservations, hedged negation and requests; own examples
    (each test has at least one that ja-lex-22 got wrong)."""

    @pytest.mark.parametrize(
        "text",
        [
            "景色は良かったんですけどね",
            "まあ、近いから便利なんだけど",
            "味は普通に美味しいですが。",
        ],
    )
    def test_praise_that_trails_off_on_but_is_a_reservation(self, text: str) -> None:
        assert analyze(text).label == "negative"

    def test_a_complaint_that_trails_off_on_but_stays_one(self) -> None:
        assert analyze("部屋が寒かったんですけど").label == "negative"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("特別おいしいわけではありません", "negative"),
            ("高いわけでもないのに品質は良い", "positive"),
            ("不快な思いをすることは一度もなかった", "positive"),
            ("車椅子でも特に不自由はしませんでした", "positive"),
        ],
    )
    def test_hedged_and_double_negation(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    def test_a_request_for_a_recommendation_is_neutral(self) -> None:
        assert analyze("おすすめのメニューを教えてください").label == "neutral"


class TestJapaneseReviewSentencesRound16d:
    """ja-lex-24 (jarev, issue 14): wishes, the one complaint of a review, and who advice is
    for; own examples (each test has at least one that ja-lex-23 got wrong)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("もう少し量が多めだと嬉しいです", "negative"),
            ("部屋にケトルがあると便利です", "negative"),
            ("説明が丁寧なら文句なしでした", "negative"),
            ("ホテルが駅から近いと便利です", "positive"),
            ("この価格でこの広さなら文句なし", "positive"),
        ],
    )
    def test_a_wish_is_a_mild_complaint_a_given_is_praise(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        "text",
        [
            "欲を言えば、浴室にもう一つ棚が欲しかった",
            "難を言えば、坂道が多いことくらいでしょうか",
            "強いて挙げるなら、照明がやや暗いことです",
            "今後の改善に期待します",
            "塩加減は好みが分かれそうです",
        ],
    )
    def test_the_one_complaint_of_a_review(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("甘いものが好きな方には少し物足りないかも", "negative"),
            ("辛いのが苦手な人にもおすすめできます", "positive"),
        ],
    )
    def test_who_the_advice_is_for_is_not_the_verdict(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("一年使っても壊れる気配がない", "positive"),
            ("この値段なら十分すぎる性能です", "positive"),
            ("中庭の緑に心が和みました", "positive"),
        ],
    )
    def test_more_soft_praise(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("内装はおしゃれだけど、コーヒーの味はごく普通", "negative"),
            ("期待して行ったが、味は普通だった", "negative"),
            ("普通に使えて満足です", "positive"),
            ("職人のこだわりが詰まった器です", "positive"),
            ("この値段の割には量が物足りない", "negative"),
            ("この値段の割には具がたっぷり", "positive"),
            ("縫製がしっかりしていて丈夫です", "positive"),
            ("遠くても行く価値ありです", "positive"),
            ("味が濃くてご飯が進む", "positive"),
            ("脂っこくて胃にもたれました", "negative"),
            ("近いうちにまた行きます", "positive"),
        ],
    )
    def test_lukewarm_verdicts_and_restaurant_words(self, text: str, expected: str) -> None:
        # ja-lex-25
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("景色が最高だと聞いて予約しました", "neutral"),
            ("地元で美味しいと評判のパン屋に寄りました", "neutral"),
            ("レビューの良かった商品を選びました", "neutral"),
            ("スタッフにおすすめされた地酒を注文しました", "neutral"),
            ("もう一度泊まるかは正直微妙です", "negative"),
            ("また来るかと言われたら、わからない", "neutral"),
            ("5段階評価で2です", "negative"),
            ("10段階で9です", "positive"),
            ("有名店と比べても遜色のない味", "positive"),
            ("またお願いします", "positive"),
        ],
    )
    def test_what_others_said_and_what_is_only_asked(self, text: str, expected: str) -> None:
        # ja-lex-28
        assert analyze(text).label == expected


class TestJapaneseNeutralReports:
    """ja-lex-27, -29, -30, -32, -34 and -35 (janeu, issue 14): facts, plans, notices and questions stay neutral while
    complaints about the same events keep their polarity; own examples (each test but the
    guard on polar events has at least one that ja-lex-26 got wrong)."""

    @pytest.mark.parametrize(
        "text",
        [
            "台風の影響で明日の運行は中止となります。",
            "来週から道路工事で渋滞が予想されています",
            "年末は窓口が混雑するとのこと",
            "隣町の工場が来春で閉鎖するらしい",
            "点検のため、今夜は一部のサービスが利用できなくなります",
        ],
    )
    def test_forecasts_hearsay_and_notices_of_events_are_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("台風で運行が中止になって最悪", "negative"),
            ("予想以上に混雑していてうんざりした", "negative"),
            ("思っていたより渋滞がひどくて疲れた", "negative"),
            ("当期は増収となりました", "positive"),
            ("海外事業の不振により減益となりました", "negative"),
        ],
    )
    def test_the_same_events_judged_or_reported_as_results_keep_polarity(
        self, text: str, expected: str
    ) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize("text", ["出かける前に混雑状況を調べた", "渋滞情報を見てから出発"])
    def test_an_event_noun_naming_a_topic_is_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("ロビーで家族を待っています", "neutral"),
            ("30分も待っている", "negative"),
            ("もう2週間待ってるんだけど", "negative"),
            ("受付で1時間待たされた", "negative"),
        ],
    )
    def test_waiting_is_a_complaint_only_when_it_is_long(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("なぜ返金してもらえないのですか？", "negative"),
            ("どうして注文した商品が届かないのでしょうか", "negative"),
            ("返金はいつ頃になりますか？", "neutral"),
            ("どうしても到着が遅くなるのですが大丈夫ですか？", "neutral"),
            # ja-lex-30: なんで, and impatience with no evaluative word at all
            ("なんで毎回こんなに待たされるんですか？", "negative"),
            ("いつになったら返金されるんですか", "negative"),
            ("いつまで待てばいいんですか？", "negative"),
            ("いつ頃届きますか？", "neutral"),
            ("何でできていますか？", "neutral"),
        ],
    )
    def test_why_questions_complain_while_other_questions_stay_neutral(
        self, text: str, expected: str
    ) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("来月手術を受けます", "neutral"),
            ("先方から連絡を受けた", "neutral"),
            ("このギャグはウケる", "positive"),
            ("スマホのバッテリーがすぐ切れる", "negative"),
        ],
    )
    def test_a_slang_sense_spelled_in_katakana_is_not_the_plain_verb(
        self, text: str, expected: str
    ) -> None:
        # ja-lex-29: ウケる (funny) is not 受ける (receive); 切れる keeps "runs out"
        assert analyze(text).label == expected


class TestJapaneseReviewSentencesRound16e:
    """ja-lex-31 (jarev, issue 14): advice, wishes and scenes; own examples (each test has at
    least one that ja-lex-28 got wrong)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("夕食には期待しないほうがいいです", "negative"),
            ("週末は避けたほうがいいと思います", "negative"),
            ("一度は泊まったほうがいい宿です", "positive"),
            ("予約してから行ったほうが安心です", "neutral"),
        ],
    )
    def test_advice_warns_recommends_or_tips(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("もっと早く教えてほしかった", "negative"),
            ("ここよりもっと美味しいお店はたくさんあります", "negative"),
            ("楽しみにしていた限定メニューが売り切れでした", "negative"),
            ("道に迷って電話したところ、駅まで迎えに来ていただけました", "positive"),
        ],
    )
    def test_wishes_disappointments_and_scenes(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("10月から一部メニューを値上げします。", "neutral"),
            ("サーバーで障害が発生しています", "neutral"),
            ("また障害が発生しています", "negative"),
            ("また値上げするらしい", "negative"),
        ],
    )
    def test_schedules_and_status_notices_are_neutral_unless_it_happens_again(
        self, text: str, expected: str
    ) -> None:
        # ja-lex-32
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("フロントはかなりの塩対応でした", "negative"),
            ("有名なだけで評判倒れのお店でした", "negative"),
            ("地味な店構えですが、味は本物です", "positive"),
            ("接客マナーの向上を望みます", "negative"),
            ("次に期待しています", "negative"),
            ("頼んでいないのに勝手に部屋に入られた", "negative"),
        ],
    )
    def test_review_verdict_words_and_requests(self, text: str, expected: str) -> None:
        # ja-lex-33
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("渋滞にはまらずに目的地に着いた", "positive"),
            ("事故に遭わずに帰れた", "positive"),
            ("渋滞にはまって遅刻した", "negative"),
            ("静かな部屋のはずが隣の声が丸聞こえだった", "negative"),
            ("昼に届くはずが夜になった", "negative"),
        ],
    )
    def test_an_event_avoided_and_what_should_have_been(self, text: str, expected: str) -> None:
        # ja-lex-34: はまらず / 遭わず deny the event; はずが introduces a let-down
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("受付で保険証の提示を求められました", "neutral"),
            ("観光客に駅までの道を聞かれた", "neutral"),
            ("満員電車で足を踏まれた", "negative"),
        ],
    )
    def test_asked_or_called_in_the_passive_is_a_procedure(self, text: str, expected: str) -> None:
        # ja-lex-35: the passive of asking is no wrong suffered; 足を踏まれた still is
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("届いた箱が想像より小さかった", "negative"),
            ("袖が思っていたより長かったです", "negative"),
            ("思ったより広い部屋でした", "positive"),
            ("スマホの充電が半日も持たない", "negative"),
            ("傘を持たないで出かけた", "neutral"),
            ("肌に合わず使用をやめました", "negative"),
            ("見た目以上に収納力があります", "positive"),
        ],
    )
    def test_sizes_against_expectation_and_products(self, text: str, expected: str) -> None:
        # ja-lex-36 (jarev)
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("立地◎、朝食○、お風呂△", "positive"),
            ("接客×", "negative"),
            ("○○旅館に二泊しました", "neutral"),
            ("部屋は3×4メートルほどです", "neutral"),
        ],
    )
    def test_grading_marks(self, text: str, expected: str) -> None:
        # ja-lex-37 (jarev)
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("結婚記念日のお祝いで宿泊しました", "neutral"),
            ("友人と卒業旅行で訪れました", "neutral"),
            ("結婚記念日のお祝いで宿泊しましたが、最高の一日になりました", "positive"),
        ],
    )
    def test_a_visit_told_with_occasion_nouns_is_a_fact(self, text: str, expected: str) -> None:
        # ja-lex-38 (jarev)
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("丁寧に説明していただきたかったです", "negative"),
            ("事前に連絡してもらいたかった", "negative"),
            ("このサービスはいかがなものかと感じました", "negative"),
            ("くつろげる空間には程遠い部屋でした", "negative"),
            ("雨のせいで旅行が台無しでした", "negative"),
            ("何も言うことはありません", "positive"),
            ("特に言うことはないです", "neutral"),
            ("まさにプロの仕事だと思います", "positive"),
        ],
    )
    def test_asked_for_far_from_and_nothing_to_add(self, text: str, expected: str) -> None:
        # ja-lex-39 (jarev)
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("前は繋がりにくかったが、今はすぐ繋がるようになった", "positive"),
            ("深夜のチェックインでも夜遅い時間なら安心です", "positive"),
            ("メニューが多くて何にするか迷うくらいでした", "positive"),
            ("一人でも気兼ねなく入れるお店です", "positive"),
            ("ついついお酒が進みました", "positive"),
            ("照明が明るければと思いました", "negative"),
            ("参考になればと思います", "neutral"),
        ],
    )
    def test_became_able_degrees_and_wishes(self, text: str, expected: str) -> None:
        # ja-lex-40 (jarev)
        assert analyze(text).label == expected


class TestEnglishServicePosts:
    """Issue 14 (ensvc, en-ens-16): posts addressed to a company on social media (own examples;
    each polar or neutral case failed with en-ens-15 unless marked as a guard; the sets
    ``devsets/holdout_en_r7.csv`` / ``written_en_r8.csv`` are not used here)."""

    @pytest.mark.parametrize(
        ("text", "plain"),
        [
            ("@LoopBank pls check order #20911 https://t.co/xY12", "please check order"),
            (
                "RT @SunAir: flight SA1234 boards at gate 9 #TravelTuesday",
                "flight boards at gate 9 Travel Tuesday",
            ),
            ("thx @HomeFix, tbh u were gr8", "thanks, you were great"),
        ],
    )
    def test_noise_and_abbreviations_are_made_plain(self, text: str, plain: str) -> None:
        from analytics.sentiment.english import service_rewrite

        assert service_rewrite(text) == plain

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # a marker turns the praise around it into complaint
            ("Great job @TrainCo, 40 minute delay and not a single announcement", "negative"),
            ("@TrainCo love how the train is late every single day", "negative"),
            ("@SunAir thanks for losing my bag on my honeymoon", "negative"),
            ("oh brilliant @WaveMobile, no signal again. exactly what I pay for", "negative"),
            ("@ShopCo cheers for that 🙃", "negative"),
            ("@ShopCo wow thanks, still no update", "negative"),
            ("@ShopCo delivered to the wrong house again, brilliant as always", "negative"),
            # guards: sincere praise keeps its sign
            ("Great job on the redesign, love how easy checkout is now", "positive"),
            ("@Shop you said it would arrive Friday and it did, thank you", "positive"),
            ("Just what I needed after a long day, the pizza was perfect", "positive"),
        ],
    )
    def test_sarcasm(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        "text",
        [
            "@FlyNow on hold for 50 minutes and counting",
            "@PhoneHub the update wiped all my contacts",
            "@PhoneHub paid for next day delivery and got it a week later",
            "@PhoneHub 4th agent today and nobody can fix it",
            "@PhoneHub your helpline goes nowhere",
            "@PhoneHub what am I even paying you for?",
            "@PhoneHub is anyone actually reading these messages??",
            "@PhoneHub you told me the upgrade was free",
            "@WaveMobile been waiting on a callback since Tuesday",
            "@ParcelPro 3rd time I've called about this",
            "@LoopBank I've been a customer for 10 years and this is how you treat me?",
        ],
    )
    def test_complaints_told_as_facts_are_negative(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "@Bank thank you for catching the fraud on my card",
            "@ShopCo can't thank you enough for the help today",
            "@ShopCo sorted in 5 mins, legend",
            "@ShopCo was worried my parcel was lost but it turned up today, thanks",
            "@ShopCo agent Jo was brilliant, please tell her manager",
            "@Air please pass on my thanks to the crew of AW12",
            "@ShopCo new look app is slick 🙌",
            "Five stars.",
            "Does what it says.",
        ],
    )
    def test_thanks_after_a_problem_praise_and_ratings_are_positive(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "@CinemaMax just DMed you",
            "@ShopCo following up on my complaint from Monday",
            # guards
            "@ShopCo sent you a DM with my order details",
            "@Shop what time do you open on Sundays",
            "My order arrived on Tuesday.",
        ],
    )
    def test_requests_and_facts_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    def test_a_dm_note_with_a_complaint_is_not_neutral(self) -> None:
        """Guard: the DM note is neutral only when it says nothing else."""
        assert analyze("@Bank I've DMed you 3 times and no reply").label == "negative"


class TestEnglishServicePostsRound2:
    """Issue 14 (ensvc, en-ens-17): service-post phenomena found on the fresh dev set
    ``written_en_r9.csv`` (own examples, each failing with en-ens-16 unless marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "@CoachLine the driver went out of his way to wait for me",
            "@SolarCo why didn't I switch sooner, bills halved",
            "@BankApp new version doesn't crash anymore, finally",
            "@Insurer your advisor made the claim so much less stressful",
            "@Shop the assistant helped me find the right size",
            "@Shop the refund for the broken blender came through today",
            "Thank you!! the replacement arrived even though the first one broke",
            # guards
            "@ISPnet a year with no outages, keep up the good work",
            "@Courier turned up exactly when they said they would",
        ],
    )
    def test_praise_idioms_and_problems_that_went_away(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "@BankApp app keeps logging me out every 5 minutes",
            "@Telco waited 2 hours, then got cut off. brilliant",
            # guards
            "@Telco router down again 😒",
            "@Airline cancelled my flight, how am I supposed to get home",
        ],
    )
    def test_repeated_failures_and_closing_sarcasm(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "@Shop do you still stock the large size?",
            # guard
            "@Shop had a question about my order",
        ],
    )
    def test_a_question_with_still_is_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"


class TestEnglishServicePostsRound3:
    """Issue 14 (ensvc, en-ens-18): phenomena found on the fresh dev set ``written_en_r10.csv``
    (own examples, each failing with en-ens-17 unless marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "@Gym the new booking app is a game changer",
            "@Movers moved the whole house with no fuss at all",
            "@Repairs my laptop looks brand new after the repair",
            # guards
            "@Cafe the barista drew a heart on my latte, made my day",
            "@Phone can't wait to try the new model",
            "@Bank no fees for the first year? great",
        ],
    )
    def test_praise_idioms_and_absent_problems(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "@Bank how is it acceptable to charge a fee for this",
            "@Store quoted two weeks, now they say eight",
            "@Air my flight was moved twice and now I miss my meeting. thanks a lot",
            # guards
            "@Bus the 9 sailed right past me at the stop again",
            "@Energy my bill went up by a third and nobody warned me",
            "@Stream the app won't load on my TV",
            "@Phone the update bricked my tablet",
        ],
    )
    def test_broken_promises_rhetoric_and_closing_sarcasm(self, text: str) -> None:
        assert analyze(text).label == "negative"


class TestEnglishServicePostsRound4:
    """Issue 14 (ensvc, en-ens-19): phenomena found on the fresh dev set ``written_en_r11.csv``
    (own examples, each failing with en-ens-18 unless marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "@Toys the parcel turned up squashed and the doll's arm bent",
            "@Plants the pot arrived dented",
            "@Rail got bumped off the 9:15 again",
            "@Air bumped from my flight to Rome",
        ],
    )
    def test_goods_damaged_and_passengers_bumped(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("@Books ordered 2 novels last night, order #99812", "neutral"),
            # guards: a reference with a complaint is not a plain note
            ("@Shoes ordered trainers on Monday, still not here, order number 55012", "negative"),
            ("@Hotel booked two nights in May, ref HX2291", "neutral"),
        ],
    )
    def test_a_reference_note(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected


class TestEnglishServicePostsRound5:
    """Issue 14 (ensvc, en-ens-20): phenomena found on the fresh dev set ``written_en_r12.csv``
    (own examples, each failing with en-ens-19 unless marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "@Dentist squeezed me in the same day, ta",
            "@Store refund already in my account two days after the return",
            "@Air moved us to an exit row at no extra cost",
            "@Cab the driver found my missing phone on the back seat",
            "@Phone the new camera mode is genius",
            # guard
            "@Library overdue fine waived after I explained the mix-up, thanks",
        ],
    )
    def test_favours_finds_and_closing_thanks(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "@Water the tap water smells of bleach, is it even safe",
            "@Bank I've been waiting a week for a callback. thanks",
            # guards: a polite "thanks" closing a complaint, a status stuck for days
            "@Bank still no reply to my complaint, thanks",
            "@Pharmacy my order has been stuck in processing for 9 days",
        ],
    )
    def test_worry_and_a_polite_thanks_after_a_complaint(self, text: str) -> None:
        assert analyze(text).label == "negative"

    def test_a_drop_off_with_its_reference_is_a_note(self) -> None:
        assert analyze("@Post parcel dropped off at the depot, ref PX20931").label == "neutral"


class TestEnglishSurveyCommentBox:
    """Issue 14 (enmix, en-ens-21): comment-box answers of eNPS, customer NPS and workshop
    surveys, phenomena found on the fresh dev set ``written_en_r14.csv`` (own examples, each
    failing with en-ens-20 unless marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "No additional feedback.",
            "no suggestions at this time",
            "Nothing springs to mind, thanks",
            "Same as my previous answer.",
            "That's it, thanks!",
            "No opinion really",
            # guard: already neutral with en-ens-20
            "n.a",
        ],
    )
    def test_a_non_answer_is_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    @pytest.mark.parametrize(
        "text",
        [
            "It would be useful to get the exercises in advance.",
            "Might help to record the sessions for people in other time zones.",
            "Maybe consider offering the course in Spanish too.",
        ],
    )
    def test_a_suggestion_told_neutrally_is_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    @pytest.mark.parametrize(
        "text",
        [
            "Loads of content, yet I never felt overwhelmed.",
            "I honestly can't recall a single crash since we signed up.",
            "The licence costs a lot but pays for itself within months.",
            "Long hours, but the mission keeps me here.",
            "Automated reminders saved us a lot of hassle.",
            "The diagrams made the whole process click for me.",
        ],
    )
    def test_praise_told_through_an_idiom_or_a_problem_absent(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "Team lead routinely claims credit for ideas from juniors.",
            "Our salaries sit well under the industry average.",
            "Everyone on the night shift is underpaid and overworked.",
            "Criteria for the annual bonus are arbitrary.",
            # guards: a suggestion that names a fault, a feeling that did come
            "It would help if the login page didn't time out every five minutes.",
            "I felt rushed and ignored during the whole session.",
        ],
    )
    def test_workplace_complaints(self, text: str) -> None:
        assert analyze(text).label == "negative"

    def test_nothing_special_stays_a_mild_complaint(self) -> None:
        assert analyze("Nothing special.").label == "negative"


class TestJapaneseSurveyComments:
    """ja-lex-41 (jamix, issue 14): comment-box answers of employee, customer and workshop
    surveys; own examples, each failed with ja-lex-40 unless marked as a guard (the sets
    ``devsets/holdout_ja_r19.csv`` / ``written_ja_r20.csv`` are not used here)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("休日出勤は一切ありません", "positive"),
            ("ミスはほとんどなかった", "positive"),
            ("クレームは一切ない職場です", "positive"),
            ("良いところはほとんどない", "negative"),
        ],
    )
    def test_none_at_all_and_hardly_any_deny(self, text: str, expected: str) -> None:
        # 一切 and ほとんど are UniDic nouns: they stood between a word and its negation
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("アップデート後はエラーが出なくなりました", "positive"),
            ("新しい版では不具合が出ていない", "positive"),
            # guards
            ("忙しすぎて職場で笑顔が出ない", "negative"),
            ("毎朝エラーが出る", "negative"),
        ],
    )
    def test_whether_a_thing_appears(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("異動してから仕事のやりがいがなくなった", "negative"),
            ("度重なる障害で御社への信頼がなくなりました", "negative"),
            ("研修の楽しさが消えた", "negative"),
            # guards: a good thing lowered, a complaint that went away (relief)
            ("評価の仕組みが変わり、モチベーションが下がった", "negative"),
            ("面談のおかげで不安がなくなりました", "positive"),
        ],
    )
    def test_a_good_thing_lost_is_a_complaint(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("困った時にいつでも相談できる上司がいて心強い", "positive"),
            ("疲れた時に同僚と話すと気が楽になる", "positive"),
            ("焦っている時でもサポートの方が落ち着いて対応してくれて安心した", "positive"),
            # guard: the main clause's complaint stays
            ("締め切り前の忙しい時に限って画面が固まる", "negative"),
        ],
    )
    def test_a_clause_of_time_is_the_circumstance(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("次回もぜひ受講したいです", "positive"),
            ("機会があればまた参加したいと思います", "positive"),
            ("回答は早いが、解決までに毎回何日もかかる", "negative"),
            # guard
            ("返金まで二週間もかかり、不満です", "negative"),
        ],
    )
    def test_coming_again_and_a_goal_still_ahead(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected


class TestEnglishPoliteAndMixedComplaints:
    """Issue 14 (enneg, en-ens-22): negative survey comments that were stored as positive,
    found on the fresh dev set ``written_en_r15.csv``: a complaint told politely, praise
    then a reservation, understatement, praise in the past, doubt about value, mixed
    messages (own examples, each failing with en-ens-21 unless marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "We would really appreciate clearer guidance on the new expense rules.",
            "I'd welcome better notice before rota changes.",
            "I would have liked fewer slides and more practice.",
            "We had hoped for more support during the migration.",
            "It would be great if invoices were actually correct the first time.",
            "It would help if the agenda were shared before the day rather than during it.",
        ],
    )
    def test_a_complaint_told_politely(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "The venue was lovely; the trainer read from the handout all afternoon.",
            "The platform is good, but onboarding new users takes weeks.",
            "Wonderful people, pity about the pay.",
            "Great colleagues, yet the on-call rota is exhausting.",
            "Fun trainer, but we ran out of time for the last module.",
            # guard: already negative with en-ens-21
            "Friendly staff, shame about the endless hold music.",
        ],
    )
    def test_praise_then_a_reservation(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "The intranet could really be a lot better.",
            "The handover process can be improved.",
            "Customer onboarding used to be excellent, now it takes weeks.",
            "I used to enjoy the Friday demos.",
            "Honestly not sure the certification is worth the fees.",
            "Directors say one thing in town halls and do another.",
        ],
    )
    def test_understatement_past_praise_and_doubt(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "We have never run into a sync issue since switching.",
            # guards: unchanged praise
            "The food was average, but the speakers were outstanding.",
            "Could not be better organised.",
            "I would love more sessions like this one.",
            "Great course, would happily attend again.",
        ],
    )
    def test_praise_stays_praise(self, text: str) -> None:
        assert analyze(text).label == "positive"


class TestJapaneseReviewSentencesRound2:
    """ja-lex-42 (jarev2, issue 14): hotel, restaurant and product review sentences; own
    examples, each failed with ja-lex-41 unless marked as a guard (the sets
    ``devsets/holdout_ja_r23.csv`` / ``written_ja_r24.csv`` are not used here)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("洗面所も浴室もピカピカに磨かれていました", "positive"),
            ("買ったばかりの鍋はぴかぴかで気分が上がります", "positive"),
            ("盛り付けにも工夫が感じられるお店でした", "positive"),
            ("近所にあれば毎週でも通いたいお店です", "positive"),
            # guards: a request for more care stays a complaint; 間違いない stays praise
            ("もう少し工夫が必要だと感じました", "negative"),
            ("ここのカレーは間違いないです", "positive"),
        ],
    )
    def test_review_praise_words(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("最終バスを逃してタクシーを呼ぶ羽目になりました", "negative"),
            ("フロントで部屋の鍵を間違えて渡されました", "negative"),
            ("追加で頼んだ飲み物を店員さんに間違えられた", "negative"),
            ("三日目から電源が入らなくなった", "negative"),
            ("リモコンのスイッチを押しても電源が入りません", "negative"),
            # guards: switching on as a plain fact, a verb of entering that is not a device
            ("ボタンを押すとすぐに電源が入ります", "neutral"),
            ("その日はお風呂には入らずに寝ました", "neutral"),
        ],
    )
    def test_what_the_stay_forced_or_got_wrong(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected


class TestJapaneseEverydayPostsRound22:
    """Issue 14, jasns2 (ja-lex-43): everyday posts about matches, fan events, health and the
    weather (own examples; written_ja_r22 was the dev set, holdout_ja_r21 stayed unread)."""

    @pytest.mark.parametrize(
        "text",
        [
            "この漫画好きすぎて全巻そろえた",
            "あのバンドの曲好きすぎる",
            "抽選で試写会当たった！",
            "推しのライブ当たったよ",
            "駐車場代が浮いて得した",
            "今日は弟が退院してきた、ひと安心",
            "娘の熱が下がってほっとした",
            "うちのチーム5連勝中！",
            # guards: already positive with ja-lex-41
            "好きすぎて毎日聴いてる",
            "チケット当たった！",
        ],
    )
    def test_liking_winning_and_relief_are_positive(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "うちの球団、また最下位争いしてる",
            "昨日の試合は完敗だった",
            "連敗が止まらん",
            "今日も猛暑で外に出る気がしない",
            "熱帯夜でエアコンなしでは寝られない",
            "薬飲んでも熱が下がらない",
            "残業続きでさすがにしんどい",
        ],
    )
    def test_losses_heat_and_fever_are_negative(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "気になる方はプロフィールのリンクからどうぞ",
            "このアニメ気になる人いる？",
            "来週の月曜に父が退院予定です",
            # guard: 気になる about a fault stays a complaint
        ],
    )
    def test_addresses_and_plans_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    def test_a_concern_stays_a_complaint(self) -> None:
        assert analyze("隣の部屋のいびきが気になる").label == "negative"


class TestEnglishServicePostsRound6:
    """Issue 14 (ensvc2, en-ens-24): customer-service posts misread on the fresh dev set
    ``written_en_r17.csv``: praise idioms, favours done unasked, being kept informed, lag
    absent, closing sarcasm after a breakage, complaint facts (contradictory answers, a change
    made unasked, a parcel sent back), a rhetorical "which is it" (own examples, each failing
    with en-ens-22 unless marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "@Hoppa the night staff were above and beyond during the storm",
            "@BrightGas the installer left a mess at first but honestly couldn't fault the work",
            "@Zoomr quote done in one call. why can't all insurers work like this",
            "@Lumo replacement charger sent out, didn't have to ask for it",
            "@Railo refund for last week's delays processed automatically, never had to chase",
            "@Ferrydale captain kept everyone informed through the rough crossing",
            "@NetNest after 3 outages your tech finally solved the problem for good",
            "@Playzo the cloud version runs with no buffering at all on my tablet",
        ],
    )
    def test_praise_told_as_idiom_or_fact(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "@Crateful glass top arrived smashed into pieces. great",
            "@Pingo new firmware broke the wifi on my router. good job",
            "@Heatwise three different agents, three different dates for the repair",
            "@Heatwise two different agents gave me two different answers. so which is it",
            "@Carrot_Mobile they switched me to paper bills without asking me",
            "@Carrot_Mobile they moved my contract to a pricier plan without telling me",
            "@Shippo 'out for delivery' all morning and now it's back at the depot",
            "@Packit courier says my parcel went back to the hub, I was in all day",
            # guards: already negative with en-ens-22
            "@Gatelink charged me £45 for a seat next to my own child, daylight robbery",
            "@Ticketo £12 booking fee on a £20 ticket is a total rip-off",
        ],
    )
    def test_complaint_told_as_sarcasm_idiom_or_fact(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            # guards: the broken thing was put right; a favour done unasked
            "@Crateful mug arrived broken, replacement sent next day. great",
            "@Skyhop upgraded me without even asking, thank you",
        ],
    )
    def test_guards_stay_positive(self, text: str) -> None:
        assert analyze(text).label == "positive"

    def test_a_question_between_options_stays_neutral(self) -> None:
        # guard: "which is it" inside a real question
        text = "@Moova two plans on your site, which is it cheaper to switch to?"
        assert analyze(text).label == "neutral"


class TestEnglishServicePostsRound7:
    """Issue 14 (ensvc3, en-ens-26): customer-service posts misread on the fresh dev set
    ``written_en_r26.csv``, fixed by mechanism: an emoticon glued to the word before it,
    elongated intensifiers, praise words around a hardship (sarcasm), questions whose premise
    is a failure, a complaint told beside a question, requests repeated, problems that never
    happened, thanks for taking care of a claim, praise of people as "rock" (own examples,
    each failing with en-ens-25 unless marked a guard; the sets ``devsets/holdout_en_r25.csv``
    / ``written_en_r26.csv`` are not used here)."""

    @pytest.mark.parametrize(
        "text",
        [
            # an emoticon after a word keeps its own token
            "@Cablio tv box rebooting itself twice a night now :/",
            # a lone word of praise, then what failed
            "@Bankly fantastic, now the app won't even load my balance",
            "@Bankly brilliant. card declined again at the supermarket",
            # praise closing a post about what cannot be done
            "@Bankly the new login means I can't see my statements at all. good job",
            "@Bankly can't transfer money since the update. nice one",
            # loving a hardship, glad to have paid for what then failed
            "@Roamy gotta love being put on hold by a robot",
            "@Parkwise just love paying £18 to park at a hospital",
            "@Stayo so happy we booked the sea view room to then look at a car park",
            "@Stayo glad we paid for fast track only to queue with everyone else",
            # questions that presuppose a failure
            "@Shopsy why hasn't my refund landed yet",
            "@Postly is anyone going to reply to my complaint?",
            "@Vanfast do your drivers even read the delivery notes?",
            "@Metrolink when will you finally fix the lifts at Central",
            "@Railco is it too much to ask for a working toilet on a 4 hour train",
            "@Shipnow how is it possible that a parcel takes 12 days to cross town",
            "@Jetto so we're supposed to just sleep on the terminal floor?",
            "@Foodr half my order is someone else's food. what is this?",
            # a complaint told beside a question
            "@Claimly any news on my claim? it's been 5 weeks",
            # asking again and again
            "@Powerco I've rang you 4 times about my meter reading",
            "@Powerco I have called you three times this week",
            # words VADER lacks
            "@Cabby £40 for a 10 minute ride is extortionate",
            # guards: already negative with en-ens-25
            "@Fixit queued for an hour only to be told the desk was closed",
            "@Broadly video calls freezing constantly since the upgrade",
            "@Snackbox soooo disappointed with this month's box",
        ],
    )
    def test_complaints(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "@Eggbox never had a cold pizza from you guys",
            "@Sparkle_Support you guys rock",
            "@Insuro thanks for taking care of the flood damage claim",
            "@Snackbox the new crisps are sooo moreish",
            # guards: praise idioms of "can't", praise after a lone word, put right
            "@Cleanly honestly can't fault the crew. brilliant",
            "@Appsy brilliant, the app doesn't crash any more",
            "@Appsy great, thanks for sorting it so fast!",
            "@Eggbox not one late delivery all year, impressive",
        ],
    )
    def test_praise(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            # guards: plain questions and requests stay neutral
            "@Metrolink when will the new timetable be published?",
            "@Shopsy has my refund gone through?",
            "@Postly is anyone from the accounts team in today?",
            "@Railco how can I change the name on a booking?",
            "@Insuro who is handling my claim now that Sam has left?",
        ],
    )
    def test_questions_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    def test_emoticon_keeps_its_space(self) -> None:
        from analytics.sentiment.english import service_rewrite

        assert service_rewrite("internet down again :/") == "internet down again :/"
        assert service_rewrite("hi , where is it") == "hi, where is it"


class TestEnglishServicePostsRound8:
    """Issue 14 (ensvc3, en-ens-26): customer-service posts misread on the second fresh dev set
    ``written_en_r27.csv`` (US-style airline, bank and delivery posts): praise in scare
    quotes, a closing "thanks guys" after a failure, being hung up on, a "why" question whose
    premise is a failure, "what happened to your service?", a thing feared lost and found, a
    procedure asked about "again" (own examples, each failing with the first en-ens-26 unless
    marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            # praise in scare quotes is mentioned, not meant
            "@Voltra so the 'unlimited' plan has a 20GB cap. nice",
            "@Hotelio your 'deluxe' room had mould on the ceiling",
            # a closing thank-you after a failure
            "@Shopster pharmacy was shut when your site said open till 9. thanks guys",
            "@Telco9 your agent hung up on me when I asked for a manager",
            # "why" with a premise of failure, "what happened to ..."
            "@Telco9 why do I always have to explain everything 3 times",
            "@Watery why is my bill higher when I used less water",
            "@Trainly what happened to your customer service",
            # guards: already negative
            "@Voltra the 'premium' support line put me on hold for an hour",
            "@GridPower been without power since 6pm, 2 kids and no heating",
            "@ParcelCo your driver tossed my parcel onto the wet grass",
            "@Fastjet used to be my go-to airline, not any more",
        ],
    )
    def test_complaints(self, text: str) -> None:
        assert analyze(text).label == "negative"

    def test_a_thing_feared_lost_and_found(self) -> None:
        text = "@Cloudy recovered the project I thought I'd lost, you saved my week"
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "@Fastjet my seat got changed, do I need to check in again?",
            # guards: a status quoted from the tracking page, a room name asked about
            "@ParcelCo the tracking says 'delivered to safe place', where is that usually?",
            "@Hotelio is the 'superior' room the one with the balcony?",
        ],
    )
    def test_questions_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"


class TestEnglishServicePostsRound9:
    """Issue 14 (ensvc3, en-ens-28): customer-service posts misread on the third fresh dev set
    ``written_en_r27b.csv`` (Indian and Australian English, bank, telecom, pharmacy and
    delivery posts): money back with thanks, no response so far, a failure repeated, a favour
    of waiting, praise after a speed, a price raised then "great value", a promise in scare
    quotes, notices and status announcements, details sent by DM (own examples, each failing
    with en-ens-27 unless marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "@Walletly finally got our money back. cheers",
            "@Pharmly meds arrived within 3 hours, amazing",
            "@Railway shoutout to the bus driver who waited for me at the stop",
            # guard: dropping a phone twice is the writer's doing, not a failure repeated
            "@Phonely dropped it twice already and not a scratch, tough little thing",
        ],
    )
    def test_praise(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "@Gasco no response till date. kindly do the needful",
            "@Cardio card declined twice today, kindly check",
            "@Tunes raised the price again and the app is worse. great value",
            "@Resortly the 'included' transfer was a 40 minute wait and a surcharge",
            # guards: hours waited stay a complaint; a notice with a complaint mark
            "@Pharmly waited 3 hours in the queue. amazing",
            "Planned maintenance AGAIN?! third time this month",
        ],
    )
    def test_complaints(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "Planned maintenance: the app will be offline tonight from 11pm to 2am.",
            "Reminder: all branches will be closed on Monday for the bank holiday.",
            "@Gasco I've shared the booking reference via DM",
        ],
    )
    def test_notices_and_dm_notes_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"


class TestEnglishServicePostsRound10:
    """Issue 14 (ensvc3, en-ens-29): posts misread on the fourth fresh dev set
    ``written_en_r27c.csv`` (questions and statements with problem words that stay neutral,
    praise with negated problems): a request told after a reference, a retweeted launch
    notice, thanks passed on, "in a good way", problems denied, a long wait told as sitting or
    standing, "10 out of 10" (own examples, each failing with en-ens-28 unless marked a
    guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "@Gridco my account number is 4410923, I need to update my address",
            "RT @Gridco: our new app launches on 3 March",
            "RT @Ferrio: the summer timetable starts from 1 June",
        ],
    )
    def test_requests_and_notices_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    @pytest.mark.parametrize(
        "text",
        [
            "@Ferrio please pass my thanks to the skipper, a calm crossing in rough seas",
            "@Grocerly weekly shop came, nothing missing and nothing squashed. 10 out of 10",
            "@Grocerly nothing damaged, all fresh. lovely",
            "@Cablr a person picked up on the first ring. I'm shocked in a good way",
            # guards
            "@Gridco your engineer was scary fast, in a good way",
            "@Cablr the refund was scary quick in a good way",
            "@Ferrio waited for 5 minutes at most, great service",
        ],
    )
    def test_praise(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            "@Ferrio sat in the car queue for over an hour before boarding even started",
            # guards: "not in a good way" stays a complaint; a wait in minutes
            "@Gridco the visit was memorable, and not in a good way",
            "@Ferrio stood on the platform for 45 minutes with no announcement",
        ],
    )
    def test_complaints(self, text: str) -> None:
        assert analyze(text).label == "negative"


class TestEnglishServicePostsRound11:
    """Issue 14 (ensvc3, en-ens-30): the shortest posts a care account gets: a jeer, a
    hashtag typed in one case, litotes ("can't complain", "never had a better flight", "no
    worries", "nothing but praise"), exasperation idioms ("you had one job", "the last straw",
    "I'm done"), an impatient "hellooo?", loving a day spent in an airport, and a bare
    acknowledgement (own examples, each failing with en-ens-29 unless marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "@Skyline booo",
            "@Skyline hellooo? anyone there?",
            "@Skyline love spending my birthday in an airport",
            "@Skyline you had one job",
            "@Skyline i'm done",
            "@Skyline this is the last straw",
            "@Skyline #customerservicefail",
            "@Skyline #worstairline",
            # guard
            "@Skyline nothing but excuses from your team",
        ],
    )
    def test_complaints(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "@Skyline no worries, thanks for letting me know",
            "@Skyline can't complain",
            "@Skyline never had a better flight",
            "@Skyline nothing but praise for the crew",
            "@Skyline #happycustomer",
            "@Skyline chuffed to bits",
        ],
    )
    def test_praise(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        # "noted", "done" and "hello?" are guards for the exasperation rules
        ["@Skyline ok", "@Skyline noted", "@Skyline done", "@Skyline hello?"],
    )
    def test_acknowledgements_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    def test_hashtag_segmentation(self) -> None:
        from analytics.sentiment.english import service_rewrite

        assert service_rewrite("#neveragain") == "never again"
        assert service_rewrite("#NeverAgain") == "Never Again"
        assert service_rewrite("#xqzwv") == "xqzwv"


class TestEnglishServicePostsRound12:
    """Issue 14 (ensvc3, en-ens-31): negation and contrast in posts to a company, from the
    fifth fresh dev set ``written_en_r27d.csv``: questions whose "still" or leading negation
    only sets the scene, a code closing a question, a meter reading passed on, regret ("wish
    I'd never"), "first time and the last", double negation of liking, "can't recommend you
    enough", a preface of rarity before "but", a past upset settled, a feared hardship that
    did not come, a wrong put right, "this is how we're treated" (own examples, each failing
    with en-ens-30 unless marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "@Brightwater not sure my payment went through, could you confirm? ref QX7781",
            "@Brightwater I don't have online banking, can I still pay by phone?",
            "@Brightwater if I don't return the router, is there still a charge?",
            "@Brightwater gas meter reading for March: 18803",
        ],
    )
    def test_questions_and_readings_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    @pytest.mark.parametrize(
        "text",
        [
            "@Brightwater we wish we'd never signed up",
            "@Brightwater first time ordering from you and certainly the last",
            "@Brightwater 20 years a customer and this is how we're treated",
            # guards: an expectation that came true, a preface before a complaint
            "@Brightwater thought it would be fixed by now but it isn't",
            "@Brightwater I don't usually complain but this is awful",
        ],
    )
    def test_complaints(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "@Brightwater there's nothing we didn't love about the stay",
            "@Brightwater can't recommend you enough",
            "@Brightwater the crew deserve a shoutout",
            "@Brightwater we don't normally post but the night nurse was an angel",
            "@Brightwater I don't usually tweet companies but the driver today deserves a shoutout",
            "@Brightwater was livid last night but the early shift put it right",
            "@Brightwater thought we'd be stuck in the queue for hours but it moved in 10 minutes",
            "@Brightwater expected a nightmare of paperwork but it took one form",
            "@Brightwater assumed it would take ages but the refund came the same day",
        ],
    )
    def test_praise(self, text: str) -> None:
        assert analyze(text).label == "positive"


class TestEnglishServicePostsRound13:
    """Issue 14 (ensvc3, en-ens-32): complaints and praise told as plain facts, from the sixth
    fresh dev set ``written_en_r27e.csv`` (B2B software, insurance, utilities, storage, hire
    cars): a resolution status quoted back, nobody picking up, a fault on the third day
    running, a bill at twice the usual, a deposit kept, "spot on", "bang on", "long may it
    last", a favour beyond the job (own examples, each failing with en-ens-31 unless marked a
    guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "@Fibrely the wifi still drops every hour and my case is marked 'resolved'",
            "@Storely a stranger's lock is on our unit and reception won't pick up",
            "@Tapwell brown water again on the 3rd morning in a row",
            "@Tapwell this month's bill is twice our normal",
            "@Vanhire they kept our deposit for a dent we photographed at pickup",
            # guards
            "@Binly bins missed again and the council won't pick up the phone",
            "@Tapwell no hot water for the third day running",
        ],
    )
    def test_complaints(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "@Tapwell the plumber's diagnosis was spot on",
            "@Railo the 7:12 was bang on",
            "@Railo quiet coach and hot coffee, long may it last",
            "@Tapwell the fitter even walked me through the new controls",
            "@Tapwell they even cleaned up after the job",
        ],
    )
    def test_praise(self, text: str) -> None:
        assert analyze(text).label == "positive"

    @pytest.mark.parametrize(
        "text",
        [
            # guards: a question about calling back; a status asked about
            "@Fibrely if nobody is home, will the engineer call back to rebook?",
            "@Tapwell the status says 'completed', does that mean the meter is installed?",
        ],
    )
    def test_questions_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"


class TestEnglishServicePostsRound14:
    """Issue 14 (ensvc3, en-ens-33): from the seventh fresh dev set ``written_en_r27f.csv``:
    supplies run out, a fault "and counting", a day "without a working" service, a payout at
    half the value (not a price at half: a bargain), a parcel "in transit" for a week, "still"
    in a question about stock, whose trip was made, a shrug (own examples, each failing with
    en-ens-32 unless marked a guard)."""

    @pytest.mark.parametrize(
        "text",
        [
            "@Sailo the bar on the ferry had run out of everything but crisps",
            "@Mobly day 6 without a working landline",
            "@Covr they offered me half what the bike is worth",
            "@Covr you valued my van at a fraction of its value",
            "@Shipr my parcel has been 'in transit' for a week",
            "@Hotelo breakfast ended early and the manager just shrugged",
            # guards
            "@Sailo sold out of hot food an hour into a 4 hour crossing",
            "@Mobly 9 days with no working SIM and counting",
        ],
    )
    def test_complaints(self, text: str) -> None:
        assert analyze(text).label == "negative"

    @pytest.mark.parametrize(
        "text",
        [
            "@Booksy is the first edition still in stock?",
            "@Booksy will the sale price still apply tomorrow?",
        ],
    )
    def test_still_in_a_question_stays_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"

    def test_whose_trip_was_made(self) -> None:
        # guard (already positive with en-ens-32)
        text = "@Sailo the captain let the kids ring the bell, made their holiday"
        assert analyze(text).label == "positive"
