"""Japanese sentiment ja-lex-14: mechanisms that reach words and phrasings no dictionary
or rule lists (colloquial long vowels, compound and "somewhat" adjectives, regret and the
adversative passive, trailing sighs, wishes to come back or go elsewhere, kaomoji from the
kaomoji-dataset table). Every example was written for these tests; the stored label is what
counts (neutral is wrong on a polar comment)."""

from __future__ import annotations

import gzip
import json
from importlib.util import find_spec
from pathlib import Path

import pytest

from analytics.sentiment import analyze, kaomoji
from analytics.sentiment import japanese as ja

POS, NEG, NEU = "positive", "negative", "neutral"


class TestColloquialLongVowels:
    """-ai / -oi said as -ē and -ui / -ii as -ī: the adjective is found and scored."""

    @pytest.mark.parametrize(
        ("drawl", "lemma"),
        [
            ("うぜぇ", "うざい"),
            ("だりぃ", "怠い"),
            ("さみぃ", "寒い"),
            ("ねみー", "眠い"),
            ("きめー", "きもい"),
            ("うめぇ", "旨い"),
            ("ありがてー", "有り難い"),
            ("つれー", "辛い"),
        ],
    )
    def test_the_adjective_behind_the_drawl(self, drawl: str, lemma: str) -> None:
        assert lemma in [t.lemma for t in ja.tokenize(drawl)]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("月曜の朝まじだりぃ", NEG),
            ("隣のやつまじうぜぇ", NEG),
            ("このカレーうめぇ", POS),
            ("新しいカレー", NEU),
            ("手伝ってくれてほんとありがてー", POS),
            ("今日さみぃし帰りたい", NEG),
        ],
    )
    def test_posts_with_drawled_adjectives(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize("text", ["そうだよねー", "コーヒー飲む〜", "おはよー", "まじかー"])
    def test_other_long_vowels_are_left_alone(self, text: str) -> None:
        assert analyze(text).label == NEU


class TestWordsMadeOfEvaluativeParts:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("今日は朝から蒸し暑い", NEG),
            ("夜は肌寒いくらいだった", NEG),
            ("部屋は狭めでした", NEG),
            ("建物はやや古めです", NEG),
            ("照明が暗めで落ち着かない", NEG),
        ],
    )
    def test_compound_and_somewhat_adjectives(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    def test_somewhat_of_a_neutral_adjective_says_nothing(self) -> None:
        assert analyze("大きめのスーツケースで行きます").label == NEU

    def test_somewhat_then_praise_ends_positive(self) -> None:
        assert analyze("部屋は狭めですが、清潔で快適でした").label == POS


class TestRegretAndSuffering:
    @pytest.mark.parametrize(
        "text",
        [
            "傘を電車に置いてきてしまった",
            "また寝坊しちゃった",
            "満員電車で足を踏まれた",
            "駐輪場で自転車を盗まれた",
        ],
    )
    def test_what_went_wrong_or_was_done_to_the_writer(self, text: str) -> None:
        assert analyze(text).label == NEG

    @pytest.mark.parametrize(
        "text",
        [
            "料理がおいしくて、つい食べ過ぎてしまいました",  # praise told as an excess
            "感動して泣いてしまった映画",
        ],
    )
    def test_treats_and_praise_are_not_regret(self, text: str) -> None:
        assert analyze(text).label == POS

    def test_a_treat_is_not_a_regret(self) -> None:
        assert analyze("帰りに新しいイヤホン買っちゃった").label != NEG

    def test_a_passive_that_names_something_is_not_suffering(self) -> None:
        assert analyze("この本を読まれた方へのお知らせです").label == NEU


class TestTrailingSigh:
    @pytest.mark.parametrize("text", ["明日も朝から会議…", "また雨。。", "今週まだ水曜日..."])
    def test_a_post_that_trails_off_sighs(self, text: str) -> None:
        assert analyze(text).label == NEG

    def test_an_evaluative_word_outweighs_the_sigh(self) -> None:
        assert analyze("今日のライブ、最高だった…").label == POS

    def test_a_question_with_an_ellipsis_is_not_a_sigh(self) -> None:
        assert analyze("えっと…朝食は何時からですか？").label == NEU


class TestComingBackOrGoingElsewhere:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("次回もぜひこの宿に泊まりたいです", POS),
            ("今度は両親を連れて来たいと思います", POS),
            ("次は別のホテルに泊まりたい", NEG),
            ("次回は他の宿にしたいです", NEG),
        ],
    )
    def test_wishes_about_the_next_stay(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    def test_a_polite_request_is_not_a_wish_to_return(self) -> None:
        assert analyze("ぜひ料金を教えてください").label == NEU


class TestKaomojiTable:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("今日も残業(´・ω・`)", NEG),
            ("週末は温泉(◕‿◕)", POS),
            ("また負けた(╥_╥)", NEG),
            ("新しいカップで紅茶(*´ω`*)", POS),
        ],
    )
    def test_faces_the_rules_do_not_read(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize("text", ["料金は3000円(税込)です", "集合は駅前(10時)", "(-)"])
    def test_brackets_that_are_not_faces(self, text: str) -> None:
        assert analyze(text).label == NEU

    def test_table_is_loaded_and_a_face_reads_both_ways(self) -> None:
        faces = kaomoji.table()
        assert len(faces) > 5000
        assert set(faces.values()) == {1, -1}

    def test_build_keeps_two_to_one_majorities_only(self) -> None:
        entries = [
            ("(◕‿◕)", "happy"),
            ("(◕‿◕)", "love"),
            ("(◕‿◕)", "sad"),  # 2:1 → positive
            ("(・_・)", "happy"),
            ("(・_・)", "sad"),  # tie → left out
            ("(ಥ_ಥ)", "sad"),
            ("(ಥ_ಥ)", "greeting"),  # not a feeling: does not vote
            ("(^^)", "happy"),
            ("(^^)", "happy"),
            ("(^^)", "happy"),
            ("(^^)", "sad"),
            ("(^^)", "sad"),  # 3:2 → below two to one
        ]
        assert kaomoji.build(entries) == {"◕‿◕": 1, "ಥ_ಥ": -1}

    @pytest.mark.skipif(find_spec("kaomoji_dataset") is None, reason="kaomoji-dataset missing")
    def test_shipped_table_is_what_the_dataset_builds(self, tmp_path: Path) -> None:
        spec = find_spec("kaomoji_dataset")
        assert spec is not None and spec.submodule_search_locations
        data = Path(next(iter(spec.submodule_search_locations))) / "data" / "kaomoji.jsonl.gz"
        with gzip.open(data, "rt", encoding="utf-8") as fh:
            first = json.loads(fh.readline())
        assert "text" in first and "category" in first
        out = tmp_path / "kaomoji_ja.tsv"
        kaomoji.write(kaomoji.build(kaomoji.dataset_entries()), out)
        assert out.read_text(encoding="utf-8") == kaomoji.TABLE.read_text(encoding="utf-8")


class TestBareAdjectiveStems:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("月曜から残業、つら", NEG),
            ("明日の準備まだ終わってない、だる〜", NEG),
            ("このプリンまじおいし", POS),
            ("夜道ひとりで帰るのこわ…", NEG),
        ],
    )
    def test_a_stem_standing_alone_is_its_adjective(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize("text", ["それな", "うん、また明日", "はい、あの件です"])
    def test_short_words_that_are_not_stems(self, text: str) -> None:
        assert analyze(text).label == NEU


class TestKindnessAndRelief:
    @pytest.mark.parametrize(
        "text",
        [
            "スーツケースを部屋まで運んでくださいました",
            "道に迷っていたら近所の人が教えてくれた",
            "同期が差し入れくれた",
            "ようやく引っ越しの片付けが終わった",
        ],
    )
    def test_a_kindness_received_or_relief_at_last(self, text: str) -> None:
        assert analyze(text).label == POS

    @pytest.mark.parametrize(
        "text",
        [
            "駅まで送迎していただけますか",
            "部屋まで案内してください",
            "朝食の時間を教えてもらえますか？",
        ],
    )
    def test_requests_for_a_kindness_are_neutral(self, text: str) -> None:
        assert analyze(text).label == NEU

    def test_a_kindness_refused_is_a_complaint(self) -> None:
        assert analyze("何度頼んでも交換してくれなかった").label == NEG

    def test_a_complaint_outweighs_a_kindness(self) -> None:
        assert analyze("部屋を替えてもらいましたが、そこもカビ臭かったです").label == NEG


class TestSceneThenEvent:
    """〜たら + a past main clause: the main clause is what the comment says."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("道に迷っていたら近所の人が教えてくれた", POS),
            ("疲れて帰ったら猫が出迎えてくれて癒された", POS),
            ("急いで開けてみたら中身が壊れていた", NEG),
        ],
    )
    def test_the_main_clause_decides(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    def test_a_hypothetical_is_not_a_scene(self) -> None:
        assert analyze("明日雨が降ったら最悪").label == NEG


class TestAgainstExpectation:
    """A のに B: B went against what A led one to expect; UniDic often splits のに."""

    @pytest.mark.parametrize(
        "text",
        [
            "せっかく早起きしたのに電車が運休だった",
            "日曜なのに朝から仕事の電話",
            "予約していたのに名前が見つからなかった",
            "ちゃんと寝たのに全然疲れが取れてない",
        ],
    )
    def test_what_went_against_expectation(self, text: str) -> None:
        assert analyze(text).label == NEG

    @pytest.mark.parametrize(
        "text", ["平日なのにお店が空いていて最高だった", "値段が手頃なのにとても美味しい"]
    )
    def test_a_clearly_positive_surprise_stays_positive(self, text: str) -> None:
        assert analyze(text).label == POS

    def test_for_the_purpose_of_is_not_a_concession(self) -> None:
        assert analyze("空港まで行くのにバスが便利です").label == POS
        assert analyze("ホテルまで行くのにタクシーを使いました").label == NEU


class TestConditionalWish:
    """UniDic tags the conditional たら as the auxiliary た: the wish rule must still see it."""

    @pytest.mark.parametrize(
        "text", ["部屋にポットがあったら助かります", "大浴場がもう少し広かったら嬉しいです"]
    )
    def test_what_the_guest_missed(self, text: str) -> None:
        assert analyze(text).label == NEG

    def test_what_was_found_is_not_a_wish(self) -> None:
        assert analyze("窓を開けてみたら気持ちいい風が入ってきた").label == POS


class TestExasperationAndPrices:
    @pytest.mark.parametrize(
        "text",
        [
            "また運休かよ",
            "まじかよ、財布忘れた",
            "なんで毎回こっちが謝るんだよ",
            "何度同じ説明をさせるんだ",
        ],
    )
    def test_exasperation_is_a_complaint(self, text: str) -> None:
        assert analyze(text).label == NEG

    def test_a_rave_closed_by_kayo_stays_praise(self) -> None:
        assert analyze("この景色、最高かよ").label == POS

    def test_a_request_for_the_reason_is_neutral(self) -> None:
        assert analyze("どうして予約が取れないのか教えてください").label == NEU

    @pytest.mark.parametrize(
        "text", ["なんで電車が遅れているんですか？", "なぜ返金されないのですか"]
    )
    def test_why_a_wrong_happens_is_a_complaint(self, text: str) -> None:
        # Since ja-lex-30 a why-question about a wrong keeps its sign (なんで as なぜ and
        # どうして): asked of a company, it is how a complaint is put politely.
        assert analyze(text).label == NEG

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("素泊まりで1万5千円は高い", NEG), ("朝食付きで6000円は安い", POS)],
    )
    def test_an_amount_in_yen_is_a_price(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    def test_an_amount_that_grew_is_not_a_price(self) -> None:
        # 増加 takes the valence of what grew (売上高), not of the yen amount
        assert analyze("売上高は前期比12億円増加しました").label == POS
