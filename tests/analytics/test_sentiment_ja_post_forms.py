"""Japanese sentiment (issue 14, jagen5, ja-lex-75): spoken forms of everyday posts. Every
example was written for these tests and appears in no labelled set; the stored label is what
counts. Each failed with ja-lex-74 unless marked a guard."""

from __future__ import annotations

import pytest

from analytics.sentiment import analyze

POS, NEG, NEU = "positive", "negative", "neutral"


def _label(text: str) -> str:
    return analyze(text).label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # クソ before an adjective is "very", whichever way the adjective points
        ("この店のラーメン、クソうまい", POS),
        ("昨日の映画クソ面白かった", POS),
        ("またクソゲー掴まされた", NEG),
        # guard: クソ before a bad adjective stays bad
        ("朝からクソ寒い", NEG),
    ],
)
def test_kuso_intensifies(text: str, label: str) -> None:
    assert _label(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # an adjective cut short with a doubled consonant
        ("外出たらさっむ", NEG),
        ("会議なっが", NEG),
        ("このプリンうっま", POS),
        # guards: the past and te-forms are no clipped adjective
        ("昨日の試合、面白かった", POS),
        ("駅まで歩いて行った", NEU),
    ],
)
def test_geminate_clipped_adjectives(text: str, label: str) -> None:
    assert _label(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("その値段はありえへん", NEG),
        # 〜てくる tells a change, no coming back
        ("夕方からまた熱が上がってきた", NEG),
        ("期末で成績が下がった", NEG),
        ("夏休み明けの模試で偏差値が上がった", POS),
        ("推しのライブ、チケット全滅", NEG),
        ("また面倒な仕事を押し付けられた", NEG),
        ("陸上の大会で新記録を出した", POS),
        # guards: coming back stays praise; a change told without a verdict
        ("また来ます、ごちそうさまでした", POS),
        ("雨が降ってきた", NEU),
    ],
)
def test_everyday_changes_and_words(text: str, label: str) -> None:
    assert _label(text) == label
