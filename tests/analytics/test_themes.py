"""Tests of key-phrase extraction and theme grouping (pure functions, no database)."""

from __future__ import annotations

import pytest

from analytics.themes import (
    Theme,
    ThemeInput,
    extract_phrases,
    find_themes,
    head_of,
    nps_of,
    pick_examples,
    singular,
)

COMMENTS = [
    ThemeInput(1, "The customer support was very helpful.", 0.8, 10, "2026-10"),
    ThemeInput(2, "Support is slow to respond.", -0.6, 4, "2026-10"),
    ThemeInput(3, "Pricing is too high for small teams.", -0.4, 6, "2026-11"),
    ThemeInput(4, "Great onboarding and fair pricing.", 0.9, 9, "2026-11"),
    ThemeInput(
        5,
        "The onboarding sessions were useful. Customer support answered quickly.",
        0.5,
        None,
        "2026-11",
    ),
    ThemeInput(6, "サポートの対応が丁寧でした。", 0.7, 8, "2026-11"),
    ThemeInput(7, "電話の対応が遅い。", -0.7, 3, "2026-12"),
]


class TestEnglishPhrases:
    def test_noun_phrases(self) -> None:
        text = (
            "Onboarding was slow and the customer support team did not answer my emails. "
            "The mobile app is great."
        )
        assert extract_phrases(text, "en") == [
            "onboarding",
            "customer support team",
            "email",
            "mobile app",
        ]

    def test_evaluative_adjectives_are_dropped(self) -> None:
        assert extract_phrases("Excellent service and friendly staff.") == ["service", "staff"]
        assert extract_phrases("Great training sessions") == ["training session"]

    def test_plural_and_singular_normalise_alike(self) -> None:
        assert extract_phrases("Response times are long") == ["response time"]
        assert extract_phrases("The response time is long") == ["response time"]

    def test_stopwords_dropped(self) -> None:
        assert extract_phrases("Nothing to add, thanks a lot") == []

    def test_no_repeats(self) -> None:
        assert extract_phrases("Support, support and more support.") == ["support"]

    def test_empty(self) -> None:
        assert extract_phrases("") == []
        assert extract_phrases("   ") == []


class TestJapanesePhrases:
    def test_noun_runs(self) -> None:
        assert extract_phrases("ログイン画面のエラーが多い") == ["ログイン画面", "エラー"]
        assert extract_phrases("研修の内容は分かりやすかったけど、時間が短い") == [
            "研修",
            "内容",
            "時間",
        ]

    def test_evaluative_adjectives_are_dropped(self) -> None:
        # as in English ("great support" → support): the sentiment is measured separately
        assert extract_phrases("丁寧な対応ありがとうございました。高い価格が不満です") == [
            "対応",
            "価格",
        ]

    def test_pronouns_numbers_and_feelings_dropped(self) -> None:
        assert extract_phrases("これは3回目ですが、満足です", "ja") == []

    def test_language_argument_overrides_detection(self) -> None:
        assert extract_phrases("サポートが親切", "ja") == ["サポート"]


class TestHelpers:
    @pytest.mark.parametrize(
        ("word", "expected"),
        [
            ("issues", "issue"),
            ("companies", "company"),
            ("boxes", "box"),
            ("emails", "email"),
            ("process", "process"),
            ("analysis", "analysis"),
            ("status", "status"),
            ("news", "news"),
            ("sales", "sales"),
            ("app", "app"),
        ],
    )
    def test_singular(self, word: str, expected: str) -> None:
        assert singular(word) == expected

    def test_head_of(self) -> None:
        assert head_of("customer support") == "support"
        assert head_of("support") == "support"
        # generic heads give way to the word before them; concepts join languages
        assert head_of("ログイン画面") == "login"
        assert head_of("login screen") == "login"
        assert head_of("丁寧な対応") == "handling"
        assert head_of("解約手続き") == head_of("cancellation page") == "cancellation"
        assert head_of("customer service") == "customer service"
        # a head outside the concepts gives way to a concept before it
        assert head_of("delivery driver") == "delivery"
        assert head_of("breakfast spread") == "breakfast"
        # a filter value with no words (the comment filter passes user input) is its own key
        assert head_of("") == ""
        assert head_of("!!") == "!!"

    def test_nps_of(self) -> None:
        assert nps_of([]) is None
        assert nps_of([10, 9, 8, 0]) == pytest.approx(25.0)  # (2 - 1) / 4
        assert nps_of([6, 7]) == pytest.approx(-50.0)

    def test_pick_examples_takes_both_sides(self) -> None:
        members = [
            ThemeInput("a", "", 0.9),
            ThemeInput("b", "", 0.8),
            ThemeInput("c", "", 0.7),
            ThemeInput("d", "", -0.2),
            ThemeInput("e", "", 0.0),
        ]
        # Most positive (a), most negative (d), then the most polar of the rest (b).
        assert pick_examples(members) == ["a", "b", "d"]

    def test_pick_examples_few_members(self) -> None:
        assert pick_examples([ThemeInput("x", "", -0.5)]) == ["x"]
        assert pick_examples([]) == []


class TestFindThemes:
    def test_hand_computed_themes(self) -> None:
        themes = {t.phrase: t for t in find_themes(COMMENTS)}

        # comments 1, 2 and 5 in English and 6 in Japanese (サポート): one theme
        support = themes["customer support"]
        assert support.count == 4
        assert support.share == pytest.approx(4 / 7)
        assert support.mean_sentiment == pytest.approx((0.8 - 0.6 + 0.5 + 0.7) / 4)
        assert support.mean_score == pytest.approx((10 + 4 + 8) / 3)
        assert support.nps == pytest.approx(0.0)  # one promoter (10), one detractor (4)
        assert support.n_scored == 3
        # most positive (1), most negative (2), then the most polar of the rest (6)
        assert support.example_ids == [1, 6, 2]
        assert support.trend == {"2026-10": 2, "2026-11": 2}
        assert support.variants == {"customer support": 2, "support": 1, "サポート": 1}

        pricing = themes["pricing"]  # comments 3 and 4
        assert pricing.count == 2
        assert pricing.share == pytest.approx(2 / 7)
        assert pricing.mean_sentiment == pytest.approx((-0.4 + 0.9) / 2)
        assert pricing.mean_score == pytest.approx(7.5)
        assert pricing.nps == pytest.approx(0.0)  # 9 promoter, 6 detractor
        assert pricing.example_ids == [4, 3]
        assert pricing.trend == {"2026-11": 2}

        taiou = themes["対応"]  # comments 6 and 7
        assert taiou.count == 2
        assert taiou.mean_sentiment == pytest.approx(0.0)
        assert taiou.mean_score == pytest.approx(5.5)
        assert taiou.nps == pytest.approx(-50.0)  # 8 passive, 3 detractor
        assert taiou.example_ids == [6, 7]
        assert taiou.trend == {"2026-11": 1, "2026-12": 1}

    def test_order_and_top_n(self) -> None:
        themes = find_themes(COMMENTS, top_n=3)
        assert [t.phrase for t in themes] == ["customer support", "onboarding", "pricing"]
        assert all(isinstance(t, Theme) for t in themes)

    def test_theme_without_scores(self) -> None:
        themes = {t.phrase: t for t in find_themes(COMMENTS)}
        phone = themes["電話"]
        assert phone.count == 1
        assert phone.mean_score == 3.0
        only_unscored = find_themes(
            [ThemeInput(1, "The onboarding sessions were useful.", 0.5)], reader="en"
        )
        assert only_unscored[0].phrase == "onboarding"
        assert only_unscored[0].mean_score is None
        assert only_unscored[0].nps is None
        assert only_unscored[0].n_scored == 0

    def test_comment_counts_once_per_theme(self) -> None:
        comments = [ThemeInput(1, "Support, support. The support team and support!", 0.2, 9)]
        themes = {t.phrase: t for t in find_themes(comments)}
        assert themes["support"].count == 1
        assert themes["support"].share == 1.0

    def test_min_count(self) -> None:
        themes = find_themes(COMMENTS, min_count=2)
        assert {t.phrase for t in themes} == {"customer support", "onboarding", "pricing", "対応"}

    def test_empty(self) -> None:
        assert find_themes([]) == []


class TestAcrossLanguagesAndQuotes:
    """Comments written for these tests: a Japanese and an English customer describing the
    same problem must land in one theme; empty words make no theme; a theme never quotes the
    same text twice."""

    def test_japanese_and_english_comments_form_one_theme(self) -> None:
        comments = [
            ThemeInput(1, "解約手続きが分かりにくかったです。", -0.6, 3, "2026-11", "ja"),
            ThemeInput(2, "I could not find the cancellation page anywhere.", -0.7, 2, "2026-11"),
            ThemeInput(3, "Cancellation took five emails.", -0.5, 4, "2026-12"),
            ThemeInput(4, "退会の方法がどこにも書いていない", -0.4, 5, "2026-12", "ja"),
        ]
        themes = find_themes(comments)
        top = themes[0]
        assert top.phrase == "cancellation"
        assert top.count == 4
        assert set(top.variants) == {"解約手続き", "cancellation page", "cancellation", "退会"}
        assert top.trend == {"2026-11": 2, "2026-12": 2}

    @pytest.mark.parametrize(
        ("text", "language"),
        [
            ("ページが見つかりません", "ja"),
            ("前向きに検討します", "ja"),
            ("Nice place to work", "en"),
            ("The page would not load", "en"),
        ],
    )
    def test_empty_words_make_no_theme(self, text: str, language: str) -> None:
        keys = {head_of(p) for p in extract_phrases(text, language)}
        assert not keys & {"ページ", "検討", "place", "work", "page"}

    def test_examples_never_repeat_a_quote(self) -> None:
        comments = [
            ThemeInput(1, "Parking was full.", -0.6),
            ThemeInput(2, "parking was full", -0.6),
            ThemeInput(3, "Parking was full!", -0.6),
            ThemeInput(4, "駐車場が狭い", -0.3, language="ja"),
            ThemeInput(5, "Easy parking next to the entrance.", 0.4),
        ]
        theme = find_themes(comments)[0]
        assert theme.count == 5
        quotes = [
            " ".join(comments[int(i) - 1].text.lower().split()).strip(".!")
            for i in theme.example_ids
        ]  # type: ignore[call-overload]
        assert len(quotes) == len(set(quotes)) == 3
        assert theme.example_ids[0] == 1  # the first of the identical quotes is kept
