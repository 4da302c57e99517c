"""Per-comment language detection by script, and splitting of mixed-language comments.

Japanese is recognised by kana and kanji; everything written in Latin script (or with no
letters at all, e.g. only emoji) is treated as English, the only other analyzer shipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Hiragana, katakana (full and half width), CJK ideographs (incl. ext. A and compatibility),
# the iteration marks and the long-vowel sign.
_JA_CHARS = (
    "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006\u30fc"
)
_JA_RE = re.compile(f"[{_JA_CHARS}]")
_KANJI_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’\-]+")
# A Latin run: words with the spaces and ASCII punctuation between them.
_LATIN_RUN_RE = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f0-9'’\-\s,.!?;:()\"/&%+]*")

#: One kana carries about as much as this many Latin letters, one kanji about KANJI_WEIGHT;
#: used to weigh the scripts against each other.
KANA_WEIGHT = 2.0
KANJI_WEIGHT = 3.0
#: A comment is Japanese when its weighted Japanese characters make up at least this share
#: (i.e. Japanese is the dominant script).
JA_SHARE_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class ScriptMix:
    ja_chars: int
    kanji: int
    latin_letters: int
    latin_words: int

    @property
    def ja_weight(self) -> float:
        return (self.ja_chars - self.kanji) * KANA_WEIGHT + self.kanji * KANJI_WEIGHT

    @property
    def ja_share(self) -> float:
        total = self.ja_weight + self.latin_letters
        return self.ja_weight / total if total else 0.0


def script_mix(text: str) -> ScriptMix:
    return ScriptMix(
        ja_chars=len(_JA_RE.findall(text)),
        kanji=len(_KANJI_RE.findall(text)),
        latin_letters=len(_LATIN_RE.findall(text)),
        latin_words=len(_LATIN_WORD_RE.findall(text)),
    )


#: What a social-media post carries besides its words: links, "RT @user:" / "QT @user:"
#: prefixes and @mentions (issue 14). Their Latin letters would otherwise make a Japanese
#: post look mixed-language and dilute its score with an English part that says nothing.
_POST_NOISE_RE = re.compile(
    r"https?://\S+|www\.\S+|\b(?:RT|QT)\s*[@＠][A-Za-z0-9_]+\s*[:：]?|[@＠][A-Za-z0-9_]+",
    re.IGNORECASE,
)


def strip_post_noise(text: str) -> str:
    """The text of a post without links, retweet prefixes and @mentions."""
    if "@" not in text and "＠" not in text and "://" not in text and "www." not in text:
        return text
    return _POST_NOISE_RE.sub(" ", text).strip()


def detect_language(text: str, mix: ScriptMix | None = None) -> str:
    """Return "ja" when kana/kanji are the dominant script (at least half of the weighted
    letters), else "en"; ``mix`` is ``script_mix(text)`` when the caller has it."""
    mix = script_mix(text) if mix is None else mix
    if mix.ja_chars and mix.ja_share >= JA_SHARE_THRESHOLD:
        return "ja"
    return "en"


def is_mixed(text: str, mix: ScriptMix | None = None) -> bool:
    """True when a comment has real text in both scripts (≥ 2 Japanese characters and
    ≥ 2 Latin words), so that each part should be scored by its own analyzer."""
    mix = mix or script_mix(text)
    return mix.ja_chars >= 2 and mix.latin_words >= 2


def split_scripts(text: str) -> tuple[str, str]:
    """Split a comment into (Japanese part, English part).

    The English part is the Latin runs joined with " . "; the Japanese part is the rest of the
    text (emoji and punctuation stay with it), with each Latin run replaced by a space.
    """
    latin_runs = [m.group(0).strip() for m in _LATIN_RUN_RE.finditer(text)]
    ja_part = _LATIN_RUN_RE.sub(" ", text)
    en_part = " . ".join(run for run in latin_runs if run)
    return ja_part, en_part
