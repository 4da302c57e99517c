"""English analyzer speed-ups (issue 14, enperf) change no result: each fast path is checked
against the plain loop it replaces."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.sentiment.prefilter import _ODD_CASE_RE, Prefiltered, required_cues
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


def _prefiltered() -> list[Prefiltered]:
    from analytics.sentiment import english, neutral_en, service_en

    return [
        value
        for module in (english, neutral_en, service_en)
        for value in vars(module).values()
        if isinstance(value, Prefiltered)
    ]


def test_required_cues_read_from_the_pattern() -> None:
    # the most selective: " is it" (5 characters) over {"hard", "difficult"} and "how "
    assert required_cues(re.compile(r"\bhow (?:hard|difficult) is it\b", re.I)) == (" is it",)
    assert required_cues(re.compile(r"\bNo (?:issues?|problems?)\b", re.I)) == ("issue", "problem")
    # a branch that needs no literal: never skipped
    assert required_cues(re.compile(r"\bthanks\b|\d{3,}", re.I)) is None
    assert required_cues(re.compile(r"(?:so )?bad", re.I)) == ("bad",)
    assert Prefiltered(re.compile(r"\bthanks\b|\d{3,}", re.I)).possible("order 12345")
    # a cue that one cue implies is not tested again; a pattern cued by "u" is not gated
    assert Prefiltered(re.compile(r"\b(?:boo|booo|smh)\b", re.I)).cues == ("boo", "smh")
    assert Prefiltered(re.compile(r"\b(?:u|ur|thx)\b", re.I)).cues is None


def test_odd_case_characters_are_all_listed() -> None:
    """Every character that a case-insensitive pattern equates with an ASCII letter, or whose
    lower case holds one, is either ASCII or sends the comment to the pattern itself."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = [
        chr(c)
        for c in range(0x80, 0x110000)
        if letter.fullmatch(chr(c)) or any(ch.isascii() for ch in chr(c).lower())
    ]
    assert odd and all(_ODD_CASE_RE.search(ch) for ch in odd)


_CASE_VARIANTS = ["İ", "ı", "ſ", "K", "É", "ß", "🙃", "’", "!", "?", ".", "  ", "\n", "1234"]


_ODD_SPELLING = str.maketrans({"i": "ı", "s": "ſ", "k": "\u212a", "I": "\u0130"})


@st.composite
def _texts_near_cues(draw: st.DrawFn) -> tuple[Prefiltered, str]:
    gated = draw(st.sampled_from([p for p in _prefiltered() if p.cues]))
    assert gated.cues is not None
    # each cue also spelt with characters that only a case-insensitive pattern equates with
    # its letters ("ſtill", "ıf only")
    odd = [cue.translate(_ODD_SPELLING) for cue in gated.cues]
    words = [*gated.cues, *odd, *_FRAGMENTS, *_CASE_VARIANTS, "THE", "Again", "Would"]
    parts = draw(st.lists(st.sampled_from(words), min_size=1, max_size=8))
    text = draw(st.sampled_from(["", " "])).join(parts)
    if draw(st.booleans()):
        text = text.upper()
    return gated, text


@settings(max_examples=600, deadline=None)
@given(_texts_near_cues())
def test_prefilter_never_changes_a_result(case: tuple[Prefiltered, str]) -> None:
    gated, text = case
    pattern = gated.pattern
    assert bool(gated.search(text)) == bool(pattern.search(text))
    assert bool(gated.match(text)) == bool(pattern.match(text))
    assert gated.sub("X", text) == pattern.sub("X", text)
    if pattern.search(text):
        assert gated.possible(text)
