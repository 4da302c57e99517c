"""Comments scored in the helper process get exactly the in-process score, or fall back to it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from analytics.sentiment import analyze
from surveys.scoring import (
    ScoringProcess,
    Sentiment,
    register_comment_scorer,
    score_comment,
    score_comment_soon,
    use_scoring_process,
)

COMMENTS = [
    "Great support, thank you",
    "The new dashboard is confusing and slow",
    "素晴らしい対応でした",
    "説明が分かりにくかった 😞",
    "ok",
    "Support was fine but the price is too high. 価格が高い",
    'line one\nline two "quoted" \\ backslash',
    "",
]


@pytest.fixture
async def helper() -> AsyncIterator[ScoringProcess]:
    register_comment_scorer(analyze)
    process = ScoringProcess("analytics.sentiment:analyze")
    await process.start()
    use_scoring_process(process)
    try:
        yield process
    finally:
        use_scoring_process(None)
        await process.close()


async def test_the_helper_scores_exactly_as_in_process_and_batches_concurrent_comments(
    helper: ScoringProcess,
) -> None:
    expected = [score_comment(c) for c in COMMENTS]
    assert any(e.label is not None for e in expected)
    assert [await score_comment_soon(c) for c in COMMENTS] == expected
    many = COMMENTS * 10
    scored = await asyncio.gather(*(score_comment_soon(c) for c in many))
    assert scored == [score_comment(c) for c in many]
    # The helper did the work (empty comments never go there), several comments a message.
    sent = sum(1 for c in COMMENTS + many if c)
    assert helper._batches.items == sent and helper._batches.batches < sent


async def test_a_dead_helper_falls_back_to_scoring_in_process(helper: ScoringProcess) -> None:
    process = helper._process
    assert process is not None
    process.kill()
    await process.wait()
    assert await score_comment_soon("Great support, thank you") == score_comment(
        "Great support, thank you"
    )
    assert await score_comment_soon("") == Sentiment()


async def test_a_stuck_helper_is_stopped_and_the_answer_scored_in_process(
    helper: ScoringProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    import surveys.scoring

    monkeypatch.setattr(surveys.scoring, "HELPER_SECONDS", 0.5)
    process = helper._process
    assert process is not None
    os.kill(process.pid, signal.SIGSTOP)  # alive but never answers
    comment = "The new dashboard is confusing and slow"
    assert await asyncio.wait_for(score_comment_soon(comment), 5) == score_comment(comment)
    await asyncio.wait_for(process.wait(), 5)
    assert not helper.running
    assert await score_comment_soon(comment) == score_comment(comment)


async def test_the_helper_loads_every_language_before_the_first_answer() -> None:
    """``voc serve`` warms its helper with a comment per analyzer: the first Japanese answer
    does not wait for the helper to build its Japanese lexicon (about a second of CPU)."""
    from analytics.sentiment import available_languages, detect_language
    from app.main import WARM_UP_COMMENTS

    assert {detect_language(c) for c in WARM_UP_COMMENTS} == set(available_languages())
    register_comment_scorer(analyze)
    process = ScoringProcess("analytics.sentiment:analyze", WARM_UP_COMMENTS)
    await process.start()
    try:
        assert process.warm_up == list(WARM_UP_COMMENTS)
        use_scoring_process(process)
        comment = "サポートの対応が早くて助かりました"
        assert await score_comment_soon(comment) == score_comment(comment)
        assert process._batches.items == 1  # scored by the helper
    finally:
        use_scoring_process(None)
        await process.close()


async def test_a_slow_start_is_not_taken_for_a_stuck_helper(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Loading the models may take longer than one message may (a busy machine); the helper
    still starts and scores, rather than the server scoring in process for its lifetime."""
    import surveys.scoring

    monkeypatch.setattr(surveys.scoring, "HELPER_SECONDS", 0.001)  # shorter than any load
    register_comment_scorer(analyze)
    process = ScoringProcess("analytics.sentiment:analyze", ["warm-up", "起動の確認です"])
    await process.start()
    try:
        assert process.running
    finally:
        await process.close()
