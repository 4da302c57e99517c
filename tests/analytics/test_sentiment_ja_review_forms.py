"""Japanese sentiment (issue 14, jagen5, ja-lex-74): the short forms of review sentences and
posts. Every example was written for these tests and appears in no labelled set; the stored
label is what counts. Each failed with ja-lex-73 unless marked a guard."""

from __future__ import annotations

import pytest

from analytics.sentiment import analyze

POS, NEG, NEU = "positive", "negative", "neutral"


def _label(text: str) -> str:
    return analyze(text).label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a verdict with the copula left out
        ("肝心の味は普通", NEG),
        ("この値段の割に普通", NEG),
        ("風呂場は不潔。", NEG),
        ("景色良し、料理良し", POS),
        ("店員さん愛想なし", NEG),
        # guards: 普通 naming a kind; an event or an activity told; 良し悪し
        ("普通のビジネスホテルを予約しました", NEU),
        ("子どもたちと初めての旅行でした。", NEU),
        ("明日は試験。", NEU),
        ("ワインの良し悪しはよく分からない", NEU),
        ("設備が整っていればなお良しです。", NEG),
    ],
)
def test_short_forms(text: str, label: str) -> None:
    assert _label(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # handed something: no harm done to the writer
        ("受付で館内の地図を渡されました", NEU),
        ("帰りに試供品を配られた", NEU),
        # guard: the adversative passive stays a complaint
        ("電車で足を踏まれた", NEG),
    ],
)
def test_passive_of_giving(text: str, label: str) -> None:
    assert _label(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("値段の割に特別感は感じられませんでした", NEG),
        ("子連れでも嫌な顔ひとつされず迎えていただきました", POS),
        ("からあげが食べきれないほど出てきた", POS),
        # guard: a trip one cannot wait for
        ("来週の旅行が待ちきれない", POS),
    ],
)
def test_denied_qualities_and_plenty(text: str, label: str) -> None:
    assert _label(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a run of emoji is several faces: tears of joy follow the heart
        ("推しにやっと会えた😭💕", POS),
        # guard: tears alone after a mishap
        ("また寝坊した😭😭", NEG),
    ],
)
def test_emoji_runs(text: str, label: str) -> None:
    assert _label(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # things standing in a row are no queue; a salon's cut is no pay cut
        ("棚に絵本がずらっと並んでいます", NEU),
        ("カットとシャンプーで5千円でした", NEU),
        # guards: people queueing, a pay cut
        ("店の前に人が並んでいる", NEG),
        ("今月から給料カットだって", NEG),
    ],
)
def test_rows_and_cuts(text: str, label: str) -> None:
    assert _label(text) == label
