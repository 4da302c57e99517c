"""English analyzer speed-ups (issue 14, enperf) change no result: each fast path is checked
against the plain loop it replaces."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.sentiment.service_en import _SERVICE_PHRASES, _apply_cued
from analytics.sentiment.survey_en import _SURVEY_PHRASES

_Rules = Sequence[tuple[tuple[str, ...], re.Pattern[str], str]]


def _every_cue_tested(text: str, rules: _Rules) -> str:
    """The rule loop before the cue index: every cue of every rule tested in turn."""
    lower = text.lower()
    for cues, pattern, replacement in rules:
        if any(cue in lower for cue in cues):
            rewritten = pattern.sub(replacement, text)
            if rewritten != text:
                text, lower = rewritten, rewritten.lower()
    return text


_CUES = sorted(
    {cue for rules in (_SERVICE_PHRASES, _SURVEY_PHRASES) for r in rules for cue in r[0]}
)
# own phrases of the kinds the rules rewrite, to make rules fire (and add or remove cues)
_FRAGMENTS = [
    "on hold for 45 minutes",
    "charged twice",
    "thanks for sorting it",
    "still waiting for my refund",
    "3rd agent today",
    "nobody answers the phone",
    "could be better",
    "the trainer was great",
    "drove straight past me",
    "at no extra charge",
    "do you even read your messages?",
    "Finally a company that listens",
    "I was so furious",
    "won't load",
    "it's been 3 weeks",
    "how is this acceptable",
    "fastest reply ever",
    "put it right",
    ",",
    ".",
    "?",
    "!",
    "OK",
    "NO",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_CUES + _FRAGMENTS), min_size=1, max_size=10),
    st.sampled_from(["", " "]),
)
def test_cue_index_applies_the_same_rules(parts: list[str], joiner: str) -> None:
    # joined without spaces too: a cue may straddle two parts
    text = joiner.join(parts)
    for rules in (_SERVICE_PHRASES, _SURVEY_PHRASES):
        assert _apply_cued(text, rules) == _every_cue_tested(text, rules)


_WORDS = [
    "not",
    "very",
    "really",
    "good",
    "terrible",
    "slow",
    "helpful",
    "never",
    "the",
    "staff",
    "was",
    "!",
    ".",
    ",",
    ":)",
    ":-(",
    "(!)",
    "n't",
    "isn't",
    "Great",
    "BAD",
    "e.g.",
    "U.S.",
    "'",
    '"',
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12))
def test_textblob_loaded_once_scores_as_textblob(words: list[str]) -> None:
    """The PatternAnalyzer loaded eagerly (look-ups straight to the dict) scores exactly as
    TextBlob's own lazily loaded one."""
    from textblob.en.sentiments import PatternAnalyzer

    from analytics.sentiment.features_en import textblob_polarity

    text = " ".join(words)
    assert textblob_polarity(text) == PatternAnalyzer().analyze(text)[0]
