"""`voc rescore`: answers scored by an older analyzer are re-scored with the current one."""

from __future__ import annotations

import pytest

from analytics.jobs import rescore
from analytics.sentiment import analyze
from surveys.tables import Response
from tests.analytics.factories import add_response, make_survey


@pytest.mark.usefixtures("db")
async def test_rescore_updates_answers_scored_by_an_older_analyzer() -> None:
    survey = await make_survey()
    # Stored by the chABSA-era analyzer: everyday Japanese came out neutral.
    old = await add_response(
        survey, 9, "子どもの笑顔に癒されました", sentiment=(0.02, "neutral"), language="ja"
    )
    current = analyze("Checkout took ten minutes, far too slow.")
    fresh = await add_response(survey, 4, "Checkout took ten minutes, far too slow.")
    await Response.update(
        {
            Response.sentiment_polarity: current.polarity,
            Response.sentiment_label: current.label,
            Response.sentiment_version: current.analyzer_version,
        }
    ).where(Response.id == fresh)
    await add_response(survey, 7, "")  # no comment: nothing to score

    checked, changed = await rescore()

    assert (checked, changed) == (2, 1)
    row = await Response.select().where(Response.id == old).first()
    assert row["sentiment_label"] == "positive"
    assert row["sentiment_version"] == analyze("子どもの笑顔に癒されました").analyzer_version
    assert row["sentiment_version"].startswith("ja-lex-")
    untouched = await Response.select().where(Response.id == fresh).first()
    assert untouched["sentiment_polarity"] == pytest.approx(current.polarity)
    # a second run finds nothing left to do
    assert await rescore() == (2, 0)
