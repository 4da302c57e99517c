"""Core types of the sentiment layer: the result, the analyzer protocol and the registry.

Everything here is pure computation: no database, no HTTP, no downloads. Analyzers are built
lazily the first time a language is scored and then cached for the life of the process.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

Label = Literal["negative", "neutral", "positive"]

#: A comment whose polarity lies strictly inside (-NEUTRAL_THRESHOLD, NEUTRAL_THRESHOLD) is
#: labelled neutral. The analyzers map a calibrated probability p of "positive" to
#: polarity = 2p - 1, so 0.1 means "the analyzer is less than 55 % sure either way". Scores
#: with no lexical evidence at all are also halved (see the analyzers), which pushes bland
#: comments such as "The session was on Monday." into the neutral band.
NEUTRAL_THRESHOLD = 0.1


@dataclass(frozen=True, slots=True)
class SentimentResult:
    """The sentiment of one comment.

    ``polarity`` is in [-1, 1]; ``label`` follows from it (see :func:`label_for`);
    ``language`` is the language the comment was scored as ("en", "ja", ...);
    ``analyzer_version`` names the analyzer and its model so that stored answers can be
    re-scored when it changes (for a mixed-language comment: "ja-ens-1+en-ens-1").
    """

    polarity: float
    label: Label
    language: str
    analyzer_version: str


def clamp(value: float, low: float = -1.0, high: float = 1.0) -> float:
    if math.isnan(value):
        return 0.0
    return max(low, min(high, value))


def label_for(polarity: float, threshold: float = NEUTRAL_THRESHOLD) -> Label:
    """Map a polarity to a label: neutral when ``|polarity| < threshold``."""
    if polarity >= threshold:
        return "positive"
    if polarity <= -threshold:
        return "negative"
    return "neutral"


def make_result(polarity: float, language: str, version: str) -> SentimentResult:
    p = round(clamp(polarity), 6)
    return SentimentResult(
        polarity=p, label=label_for(p), language=language, analyzer_version=version
    )


@runtime_checkable
class SentimentAnalyzer(Protocol):
    """What a language analyzer provides. Register new languages with
    :func:`register_analyzer`."""

    @property
    def language(self) -> str: ...

    @property
    def version(self) -> str: ...

    def score(self, text: str) -> SentimentResult: ...


AnalyzerFactory = Callable[[], SentimentAnalyzer]

_factories: dict[str, AnalyzerFactory] = {}
_instances: dict[str, SentimentAnalyzer] = {}
_lock = threading.Lock()


def register_analyzer(language: str, factory: AnalyzerFactory, *, replace: bool = False) -> None:
    """Register a factory that builds the analyzer for ``language``.

    The factory is called at most once, on first use (models load lazily, not at import).
    """
    with _lock:
        if language in _factories and not replace:
            raise ValueError(f"an analyzer for {language!r} is already registered")
        _factories[language] = factory
        _instances.pop(language, None)


def available_languages() -> list[str]:
    return sorted(_factories)


def get_analyzer(language: str) -> SentimentAnalyzer:
    """The (cached) analyzer for ``language``; KeyError when none is registered."""
    analyzer = _instances.get(language)
    if analyzer is not None:
        return analyzer
    with _lock:
        analyzer = _instances.get(language)
        if analyzer is None:
            factory = _factories[language]
            analyzer = factory()
            _instances[language] = analyzer
    return analyzer


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def polarity_from_logit(z: float) -> float:
    """2 * sigmoid(z) - 1 == tanh(z / 2), in (-1, 1)."""
    return math.tanh(z / 2.0)
