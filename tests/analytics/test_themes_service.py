"""Themes through the analytics service: one theme across Japanese and English comments,
the comment filter by theme finds both, and no quote is shown twice (comments written for
this test)."""

from __future__ import annotations

import pytest

from analytics.services import AnalyticsService
from app.settings import Settings
from tests.analytics.factories import add_response, make_survey


@pytest.mark.usefixtures("db")
async def test_cancellation_theme_spans_languages_without_repeated_quotes(
    settings: Settings,
) -> None:
    survey = await make_survey()
    comments = [
        (2, "解約手続きがとても分かりにくかった", "ja", -0.7),
        (3, "The cancellation page kept timing out.", "en", -0.6),
        (3, "The cancellation page kept timing out.", "en", -0.6),
        (4, "退会の方法がどこにも書いていない", "ja", -0.5),
        (9, "Fast delivery, thank you", "en", 0.8),
    ]
    for score, text, language, polarity in comments:
        label = "negative" if polarity < 0 else "positive"
        await add_response(survey, score, text, language=language, sentiment=(polarity, label))
    service = AnalyticsService(settings)

    themes = {t.phrase: t for t in (await service.themes(survey)).themes}
    cancellation = themes["cancellation"]
    assert cancellation.count == 4
    assert len(cancellation.examples) == len(set(cancellation.examples)) == 3
    assert "delivery" in themes and themes["delivery"].count == 1

    listed = await service.comments(survey, theme="cancellation")
    assert listed.total == 4
    assert {c.text for c in listed.comments} == {text for _, text, _, p in comments if p < 0}
    by_japanese_word = await service.comments(survey, theme="解約")
    assert by_japanese_word.total == 4


@pytest.mark.usefixtures("db")
async def test_theme_names_follow_the_reader_and_filter_by_either_name(
    settings: Settings,
) -> None:
    survey = await make_survey()
    comments = [
        (3, "解約の連絡をしても返事がない", "ja", -0.6),
        (2, "I unsubscribed twice and was still billed.", "en", -0.8),
        (4, "Cancellation is buried in the menus.", "en", -0.5),
        (8, "エレベーターが一基しかなくて待つ", "ja", -0.3),
        (7, "The elevators are slow.", "en", -0.4),
    ]
    for score, text, language, polarity in comments:
        await add_response(survey, score, text, language=language, sentiment=(polarity, "negative"))
    service = AnalyticsService(settings)

    ja = {t.phrase: t for t in (await service.themes(survey, lang="ja")).themes}
    en = {t.phrase: t for t in (await service.themes(survey, lang="en")).themes}
    assert ja["解約"].count == en["cancellation"].count == 3
    assert ja["エレベーター"].count == en["elevator"].count == 2
    assert ja["解約"].share == pytest.approx(3 / 5)
    for name in ("解約", "cancellation", "退会", "unsubscribe"):
        assert (await service.comments(survey, theme=name)).total == 3, name
    assert (await service.comments(survey, theme="エレベーター")).total == 2


@pytest.mark.usefixtures("db")
async def test_theme_language_must_be_known(settings: Settings) -> None:
    from app.errors import InputError

    survey = await make_survey()
    with pytest.raises(InputError) as raised:
        await AnalyticsService(settings).themes(survey, lang="fr")
    assert raised.value.field == "lang"


@pytest.mark.usefixtures("db")
async def test_enps_theme_names_never_single_out_a_writer(settings: Settings) -> None:
    """A Japanese reader of an employee survey: the one Japanese writer about the lifts must
    not be named by their own word (エレベーター), nor anyone by a phrase only they wrote;
    concept names (給与) are shared vocabulary and follow the reader."""
    survey = await make_survey("enps")
    # both languages are written by more people than the comment floor (else the guard
    # withholds the minority language's comments altogether)
    comments = [
        *[("en", f"The elevator in block {b} is always broken.") for b in "ABCD"],
        ("ja", "エレベーターが遅くて会議に遅れる"),
        *[("ja", f"給料が{n}年上がらない") for n in range(2, 14)],
        *[("en", f"Salary has been flat for {n} years.") for n in range(2, 14)],
    ]
    for n, (language, text) in enumerate(comments):
        await add_response(
            survey,
            n % 11,
            text,
            {"department": "Sales"},
            language=language,
            sentiment=(-0.5, "negative"),
        )
    service = AnalyticsService(settings)
    themes = {t.phrase: t.count for t in (await service.themes(survey, lang="ja")).themes}
    assert themes == {"elevator": 5, "給与": 24}
