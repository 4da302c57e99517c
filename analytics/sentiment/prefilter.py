"""A cheap test before an expensive regular expression: the literal strings one of which every
match must contain ("required cues"), read from the pattern itself, so a comment holding none
of them is known not to match without running the pattern.

The analyzer runs dozens of long case-insensitive alternations on every comment, and most
comments match none of them; a pattern that starts with ``\\b`` and an alternation gives the
regex engine no literal prefix to skip ahead by, so each one scans the whole comment. Testing a
handful of substrings of the lower-cased comment is a fraction of that. The cues are derived
from the parsed pattern, so a rule added to a pattern later is covered without anyone keeping
a cue list in step; a pattern with a branch that requires no literal is never skipped.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

# Characters that a case-insensitive pattern equates with an ASCII letter although their
# str.lower() is not that letter (dotted and dotless i, long s, the Kelvin sign); a comment
# holding one is always given to the pattern itself (checked by a test over all of Unicode).
_ODD_CASE_RE = re.compile("[\u0130\u0131\u017f\u212a]")


def _cue_char(ch: str) -> bool:
    """A literal that lower-casing keeps comparable: ASCII, or a character without case
    (emoji, punctuation)."""
    return ch.isascii() or (ch.lower() == ch == ch.upper() and not ch.isalpha())


def _required(items: Any) -> frozenset[str] | None:
    """Lower-cased strings one of which every match of the parsed sequence ``items`` holds,
    or None when no such set was found; the most selective (longest shortest cue) is kept."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run).lower()}))
            run.clear()

    for op, av in items:
        if op is sre.LITERAL and _cue_char(chr(av)):
            run.append(chr(av))
            continue
        flush()
        found: frozenset[str] | None = None
        if op is sre.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            if not add_flags and not del_flags:
                found = _required(sub)
        elif op is sre.BRANCH:
            alternatives = [_required(alt) for alt in av[1]]
            if all(alt is not None for alt in alternatives):
                found = frozenset().union(*alternatives)  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _required(av[2])
        elif op is sre.ATOMIC_GROUP:
            found = _required(av)
        if found:
            candidates.append(found)
    flush()
    candidates = [c for c in candidates if "" not in c]
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


#: A cue of fewer letters or digits than this ("u", "ty", "as") is in most comments: a
#: pattern with one among its cues is not worth gating (an emoji, "!" or "/s" is selective).
_MIN_CUE = 3


def _too_common(cue: str) -> bool:
    return len(cue) < _MIN_CUE and cue.isascii() and cue.isalnum()


def required_cues(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The lower-cased cues of ``pattern`` (None: it may match without any)."""
    found = _required(sre_parse.parse(pattern.pattern, pattern.flags))
    return tuple(sorted(found)) if found else None


def _gate_cues(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """``required_cues`` without cues that one cue already implies ("booo" after "boo");
    None when one of them is too common to be worth testing."""
    cues = required_cues(pattern)
    if cues is None or any(map(_too_common, cues)):
        return None
    return tuple(c for c in cues if not any(o != c and o in c for o in cues))


class Prefiltered:
    """``pattern`` with ``search``, ``match`` and ``sub`` that skip the pattern when the text
    holds none of its required cues (same results as the pattern's own methods)."""

    __slots__ = ("cues", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.cues = _gate_cues(pattern)

    def possible(self, text: str) -> bool:
        """Whether the pattern may match somewhere in ``text``."""
        if self.cues is None or _ODD_CASE_RE.search(text):
            return True
        lower = text.lower()
        return any(map(lower.__contains__, self.cues))

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.possible(text) else None

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text) if self.possible(text) else None

    def sub(self, replacement: Any, text: str) -> str:
        return self.pattern.sub(replacement, text) if self.possible(text) else text
