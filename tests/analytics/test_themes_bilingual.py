"""Themes on mixed Japanese/English comment streams (comments written for these tests):
loanwords and spelling variants meet their English topic, verbs and adjectives name a topic,
empty words make no theme, names follow the reader's language, one-comment themes stay out
of long lists, and a quote is never repeated, also across full- and half-width text."""

from __future__ import annotations

import pytest

from analytics.theme_evaluate import Row, evaluate
from analytics.themes import ThemeInput, extract_phrases, find_themes, head_of, theme_keys


def _inputs(texts: list[tuple[str, str]], polarity: float = -0.4) -> list[ThemeInput]:
    return [ThemeInput(n, text, polarity, None, "", lang) for n, (text, lang) in enumerate(texts)]


class TestSameTopicAcrossLanguages:
    def test_a_loanword_meets_its_english_topic_without_a_list_entry(self) -> None:
        # neither word is in the concept list: UniDic gives エレベーター's English origin
        themes = find_themes(
            _inputs(
                [
                    ("エレベーターがなかなか来ない", "ja"),
                    ("The elevators are tiny.", "en"),
                    ("セキュリティの説明が欲しい", "ja"),
                    ("Security settings are hard to understand.", "en"),
                ]
            )
        )
        by_key = {t.key: t.count for t in themes}
        assert by_key["elevator"] == 2
        assert by_key["security"] == 2

    @pytest.mark.parametrize(
        ("variant", "standard"),
        [
            ("問合せの回答が来ない", "お問い合わせへの返事がない"),  # okurigana and お
            ("予約の取消ができない", "予約の取り消しができない"),
            ("WiFiが弱い", "Wi-Fiが弱い"),
        ],
    )
    def test_spelling_variants_share_a_theme(self, variant: str, standard: str) -> None:
        assert set(theme_keys(variant, "ja")) == set(theme_keys(standard, "ja"))
        assert theme_keys(variant, "ja")

    def test_verbs_and_adjectives_name_a_topic(self) -> None:
        comments = [
            ("I unsubscribed weeks ago and you still bill me.", "en"),
            ("We cancelled after the trial.", "en"),
            ("解約したいのに電話がつながらない", "ja"),
            ("The corridor was so noisy", "en"),
            ("上の階がうるさくて眠れない", "ja"),
        ]
        keys = [set(theme_keys(text, lang)) for text, lang in comments]
        assert all("cancellation" in k for k in keys[:3])
        assert all("noise" in k for k in keys[3:])


class TestEmptyWords:
    @pytest.mark.parametrize(
        ("text", "language"),
        [
            ("特になし", "ja"),
            ("最近は特にありません", "ja"),
            ("3日ぶり2回目です", "ja"),  # numbers and their counters
            ("毎年同じことを書いています", "ja"),
            ("Nothing else to add, thanks.", "en"),
            ("n/a", "en"),
            ("Keep up the good work!", "en"),
            ("Nice place to stay.", "en"),
            ("The first time I came here.", "en"),  # "time" alone says nothing
            ("I can't wait to come back!", "en"),  # eagerness, not waiting
            ("前年比で見ても同じ", "ja"),  # a lone kanji (比, 同) outside the concepts
        ],
    )
    def test_no_theme(self, text: str, language: str) -> None:
        assert theme_keys(text, language) == []

    def test_topic_words_in_an_english_stop_list_stay(self) -> None:
        # stopwords-iso lists "room" and "website" as English stop words
        assert theme_keys("The room was far too small", "en") == ["room"]
        assert theme_keys("Your website is slow", "en") == ["website"]
        assert theme_keys("The help desk never answers", "en") == ["support"]

    def test_generic_heads_alone_make_no_theme(self) -> None:
        assert theme_keys("画面が見づらい", "ja") == []
        assert theme_keys("The settings page is confusing", "en") == []
        assert theme_keys("設定画面のエラー", "ja") == ["error"]


class TestNamesAndSizes:
    COMMENTS = [
        ("解約の方法が分からない", "ja"),
        ("退会ページが見つからない", "ja"),
        ("Cancelling took a month.", "en"),
        ("エレベーターが遅い", "ja"),
        ("The elevator is slow", "en"),
        ("Elevators were out of service", "en"),
    ]

    def test_names_follow_the_reader(self) -> None:
        inputs = _inputs(self.COMMENTS)
        ja = {t.key: t.phrase for t in find_themes(inputs, reader="ja")}
        en = {t.key: t.phrase for t in find_themes(inputs, reader="en")}
        assert ja["cancellation"] == "解約"
        assert en["cancellation"] == "cancellation"
        # outside the concept list: the reader's own variant when one was written
        assert ja["elevator"] == "エレベーター"
        assert en["elevator"] == "elevator"
        # either name finds the theme again (the comment filter's key)
        assert head_of("解約") == head_of("cancellation") == "cancellation"
        assert head_of("エレベーター") == head_of("elevator") == "elevator"

    def test_long_streams_show_no_single_comment_themes(self) -> None:
        texts = [("Support was quick.", "en")] * 12 + [("サポートが早い", "ja")] * 8
        texts.append(("The umbrella was broken.", "en"))
        themes = find_themes(_inputs(texts))
        assert [t.key for t in themes] == ["support"]
        assert themes[0].count == 20
        assert themes[0].share == pytest.approx(20 / 21)
        # short streams keep them, and an explicit floor wins
        assert "umbrella" in {t.phrase for t in find_themes(_inputs(texts[-3:]))}
        assert len(find_themes(_inputs(texts), min_count=1)) == 2

    def test_members_are_the_comments_of_the_theme(self) -> None:
        inputs = _inputs(self.COMMENTS)
        theme = next(t for t in find_themes(inputs) if t.key == "cancellation")
        assert theme.member_ids == [0, 1, 2]


class TestQuotes:
    def test_full_and_half_width_copies_are_one_quote(self) -> None:
        comments = [
            ThemeInput(1, "Ｓｕｐｐｏｒｔ ｗａｓ ｓｌｏｗ！", -0.6),
            ThemeInput(2, "support was slow", -0.6),
            ThemeInput(3, "サポートの返事が遅い", -0.5, language="ja"),
            ThemeInput(4, "Support fixed it in an hour.", 0.7),
        ]
        theme = find_themes(comments)[0]
        assert theme.key == "support"
        assert theme.count == 4
        assert sorted(theme.example_ids) == [1, 3, 4]  # type: ignore[type-var]


class TestEvaluation:
    def test_hand_computed_figures(self) -> None:
        rows = [
            Row("s", "ja", frozenset({"cancellation"}), "解約できない"),
            Row("s", "en", frozenset({"cancellation"}), "Cancellation is hidden."),
            Row("s", "en", frozenset({"price"}), "The price is high."),
            Row("s", "ja", frozenset(), "特になし"),
        ]
        figures = evaluate(rows)
        # one gold pair (0, 1), predicted exactly
        assert figures["pair_precision"] == 1.0
        assert figures["pair_recall"] == 1.0
        assert figures["bilingual_topics"] == 1
        assert figures["bilingual_merged"] == 1.0
        assert figures["repeated_quotes"] == 0
        assert figures["names_in_reader_language"] == 1.0
        assert extract_phrases("特になし", "ja") == []


class TestConfidentialNames:
    def test_a_phrase_below_the_floor_never_names_a_theme(self) -> None:
        texts = [("The elevator is slow.", "en")] * 4 + [("エレベーターが遅い", "ja")]
        inputs = _inputs(texts)
        assert find_themes(inputs, reader="ja")[0].phrase == "エレベーター"
        assert find_themes(inputs, reader="ja", label_floor=5)[0].phrase == "elevator"
        # every phrase written by one person only: the theme is named by its key
        own_words = _inputs(
            [
                ("the glass elevator", "en"),
                ("the freight elevator", "en"),
                ("the east elevator", "en"),
            ]
        )
        assert find_themes(own_words, label_floor=3)[0].phrase == "elevator"


class TestCompoundsAndEmptyHeads:
    @pytest.mark.parametrize(
        "text",
        ["待ち時間が長い", "会計の待ち時間が長かった", "The wait time at the till was long."],
    )
    def test_a_verb_stem_and_its_noun_are_one_topic(self, text: str) -> None:
        # 待ち read as a verb (会計の待ち時間) still makes 待ち時間, not 時間 (duration)
        assert "wait" in theme_keys(text)
        assert "duration" not in theme_keys(text)

    def test_an_empty_head_leaves_its_topic(self) -> None:
        assert theme_keys("Another login issue this week.", "en") == ["login"]
        assert theme_keys("We had a problem.", "en") == []
        assert theme_keys("成長の機会が少ない", "ja") == ["career"]


@pytest.mark.parametrize(
    ("japanese", "english", "concept"),
    [
        ("座席の間隔が狭い", "My seat would not recline.", "seat"),
        ("出発がかなり遅れた", "The train was delayed again.", "delay"),
        ("経営陣の方針が不透明", "The executives never explain decisions.", "leadership"),
        ("有休を使いにくい", "I can't use my annual leave.", "leave"),
        ("PCが重すぎる", "The laptop they gave me is ancient.", "equipment"),
        ("検索結果がおかしい", "Search results are irrelevant.", "search"),
        ("人間関係のストレスが大きい", "Office politics everywhere.", "team"),
        ("認証の手順が面倒", "Authentication is clunky.", "security"),
        ("データの書き出しが遅い", "Exports time out.", "export"),
        ("ヘルプページが分かりにくい", "The docs are out of date.", "documentation"),
    ],
)
def test_topics_of_many_industries_meet_across_languages(
    japanese: str, english: str, concept: str
) -> None:
    """Topic library across survey kinds (travel, employees, software)."""
    assert concept in theme_keys(japanese, "ja")
    assert concept in theme_keys(english, "en")


def test_review_words_normalise() -> None:
    from analytics.themes import singular

    assert singular("movies") == "movie" and singular("cookies") == "cookie"
    assert singular("companies") == "company"
    assert theme_keys("Not worth the money.", "en") == ["price"]
    assert theme_keys("We waited forty minutes.", "en") == ["wait"]


class TestJapaneseWordShapes:
    def test_an_action_noun_used_as_a_verb_is_no_topic(self) -> None:
        # 説明して, 閉鎖された: what someone did; 予約して stays (a topic of its own)
        assert theme_keys("丁寧に説明してくれた", "ja") == []
        assert theme_keys("近くの店が閉鎖された", "ja") == ["store"]
        assert theme_keys("予約していたのに入れなかった", "ja") == ["booking"]

    def test_prefixes_and_charge_suffixes(self) -> None:
        assert theme_keys("小テストが難しい", "ja") == theme_keys("The quizzes are hard.", "en")
        assert theme_keys("スマホ代が高い", "ja") == ["price"]
        assert theme_keys("送料が無料になった", "ja") == ["price"]

    def test_crowding_by_its_words(self) -> None:
        assert theme_keys("夜はジムが混んでいる", "ja")[-1] == "crowding"
        assert "crowding" in theme_keys("Way too crowded on Mondays.", "en")


def test_a_comment_mixing_languages_keeps_both_parts() -> None:
    assert theme_keys("The support team is great but 解約 is hard", "en") == [
        "support",
        "cancellation",
    ]
    assert theme_keys("サポートは良いがpricingが高い", "ja") == ["support", "price"]


def test_verbs_name_topics_but_nouns_do_not_trigger() -> None:
    assert theme_keys("We booked two nights in May.", "en") == ["booking"]
    assert theme_keys("It was shipped a week late.", "en") == ["delivery"]
    assert theme_keys("They overcharged me.", "en") == ["billing"]
    assert "booking" not in theme_keys("The book in the lobby was a nice touch.", "en")


class TestCommentLanguageDoesNotGlueWords:
    """A comment's stored language can be its writer's (a Japanese contact who answered in
    English): Latin text is never read by the Japanese tokenizer, which writes its words
    together ("Toofastfor"), and Latin words inside Japanese keep their spaces."""

    @pytest.mark.parametrize(
        "text",
        [
            "Way too fast for a brand new admin.",
            "Good handbook, our team will try the onboarding checklist this month.",
        ],
    )
    def test_english_text_tagged_japanese_gets_english_phrases(self, text: str) -> None:
        assert extract_phrases(text, "ja") == extract_phrases(text, "en")
        assert theme_keys(text, "ja") == theme_keys(text, "en")

    def test_latin_words_inside_japanese_keep_their_space(self) -> None:
        phrases = extract_phrases("onboarding checklist の説明が分かりやすかった", "ja")
        assert "onboarding checklist" in phrases
        assert not any("onboardingchecklist" in p for p in phrases)

    def test_no_theme_name_is_glued_latin_words(self) -> None:
        stream = [
            ("Way too fast for a brand new admin.", "ja"),
            ("Way too fast for a brand new admin.", "ja"),
            ("Good handbook, our team will try the onboarding checklist this month.", "ja"),
            ("Good handbook, our team will try the onboarding checklist this month.", "ja"),
            ("事例がもう少し欲しかったです。", "ja"),
        ]
        for reader in ("ja", "en"):
            for theme in find_themes(_inputs(stream), reader=reader):
                for word in theme.phrase.split():
                    assert len(word) < 15, (reader, theme.phrase)
