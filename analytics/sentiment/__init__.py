"""Sentiment of survey comments: pure computation, offline, scored once per answer on arrival.

>>> from analytics.sentiment import analyze
>>> analyze("Support was helpful, but onboarding was slow").label
'negative'

``analyze`` detects the language of each comment by script (``detect_language``), scores it
with the registered analyzer for that language, and for comments that mix Japanese and
English scores each part with its own analyzer and combines them. Analyzers (and their model
files) load lazily on first use and are cached for the process. Other languages plug in with
``register_analyzer(language, factory)``; a factory returns any object that satisfies the
``SentimentAnalyzer`` protocol.
"""

from __future__ import annotations

from analytics.sentiment.base import (
    NEUTRAL_THRESHOLD,
    Label,
    SentimentAnalyzer,
    SentimentResult,
    available_languages,
    get_analyzer,
    label_for,
    make_result,
    register_analyzer,
)
from analytics.sentiment.detect import (
    detect_language,
    is_mixed,
    script_mix,
    split_scripts,
    strip_post_noise,
)

__all__ = [
    "NEUTRAL_THRESHOLD",
    "Label",
    "SentimentAnalyzer",
    "SentimentResult",
    "analyze",
    "available_languages",
    "detect_language",
    "get_analyzer",
    "label_for",
    "register_analyzer",
]

#: Analyzer version reported when no analyzer is registered for a comment's language.
UNSUPPORTED_VERSION = "none-0"


def _english() -> SentimentAnalyzer:
    from analytics.sentiment.english import EnglishAnalyzer

    return EnglishAnalyzer()


def _japanese() -> SentimentAnalyzer:
    from analytics.sentiment.japanese import JapaneseAnalyzer

    return JapaneseAnalyzer()


register_analyzer("en", _english)
register_analyzer("ja", _japanese)


def _combine(parts: list[tuple[SentimentResult, float]], language: str) -> SentimentResult:
    """Weighted mean of the parts' polarities; a part weighs its amount of text times
    (0.1 + |polarity|), so a clearly polar part outweighs a bland one."""
    weights = [size * (0.1 + abs(r.polarity)) for r, size in parts]
    total = sum(weights)
    polarity = sum(w * r.polarity for w, (r, _) in zip(weights, parts, strict=True))
    polarity = polarity / total if total else 0.0
    version = "+".join(r.analyzer_version for r, _ in parts)
    return make_result(polarity, language, version)


def analyze(text: str) -> SentimentResult:
    """Score one comment: polarity in [-1, 1], label, language and analyzer version."""
    # Links and @mentions say nothing: the language and the mix are read without them.
    probe = strip_post_noise(text)
    mix = script_mix(probe)
    language = detect_language(probe, mix)
    if language in ("ja", "en") and is_mixed(probe, mix):
        ja_text, en_text = split_scripts(probe)
        ja = get_analyzer("ja").score(ja_text)
        en = get_analyzer("en").score(en_text)
        return _combine([(ja, mix.ja_weight), (en, float(mix.latin_letters))], language)
    try:
        analyzer = get_analyzer(language)
    except KeyError:
        return make_result(0.0, language, UNSUPPORTED_VERSION)
    return analyzer.score(text)
