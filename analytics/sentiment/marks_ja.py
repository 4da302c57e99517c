"""Scores the writer gives outside words: kaomoji, stars, "5点中4点" and grading marks
(接客◎、料理○、雰囲気△)."""

from __future__ import annotations

import itertools
import re

from analytics.sentiment import kaomoji

#: Kaomoji: a bracketed face of symbols (after NFKC: (^^), (T_T), ( ́・ω・`)) and orz.
_FACE_RE = re.compile(r"\(([^()\w]{0,3}[^()]{1,9}?)\)|\b(?:orz|OTL)\b")
_FACE_LETTERS_RE = re.compile(r"[ぁ-ゖァ-ヺ\u4e00-\u9fffA-SU-Za-np-vx-z]")
_SAD_FACE_RE = re.compile(r"T[_^.]?T|;[_ω.]?;|Д|>_<|>[_.]?<| ́・ω・`|泣")
_HAPPY_FACE_RE = re.compile(r"\^|≧|▽|∀|♪|☆")
KAOMOJI_SCORE = 0.6


_STARS_RE = re.compile(r"(?:星|★|☆)\s*([1-5一二三四五])\s*(?:つ|個|点)?")
_GRADES_RE = re.compile(r"(\d+)段階(?:評価)?\s*(?:で|中|の)\s*(\d+(?:\.\d+)?)")
_STARS_OUT_OF_RE = re.compile(r"(?:星|★)\s*([1-5])\s*つ?中\s*(?:星|★)?\s*(\d(?:\.\d)?)")
_STAR_SCORES = {"1": -0.8, "2": -0.5, "3": 0.0, "4": 0.5, "5": 0.8}
_STAR_DIGITS = str.maketrans("一二三四五", "12345")


def star_scores(text: str) -> list[float]:
    """A rating given in stars (星1つ, ★5): 1-2 negative, 4-5 positive."""
    return [
        _STAR_SCORES[m.group(1).translate(_STAR_DIGITS)]
        for m in _STARS_RE.finditer(text)
        if not text.startswith("中", m.end())  # 星5つ中3つ: the scale (see rating_scores)
    ]


#: jarev (ja-lex-18): a score given in the text: "5点中4点", "10点満点中7点", a sentence that
#: is only a score ("4.5点。", "評価は2点です"), and a row of stars ("★★★★☆"). The share of
#: the top score decides: 0.7 and above praise, 0.5 and below a complaint, between says nothing.
_OUT_OF_RE = re.compile(r"(\d+(?:\.\d+)?)点(?:満点)?中\s*(\d+(?:\.\d+)?)点")
_BARE_SCORE_RE = re.compile(
    r"(?:^|(?<=[。!?\s]))(?:(?:総合)?評価[はも:]?\s*|総合[はも:]?\s*)?(\d(?:\.\d+)?)\s*点"
    r"(?:です|でした|かな|くらい|ぐらい|ですね)?(?=\s*[。!?\s]|$)"
)
_STAR_ROW_RE = re.compile(r"([★☆]{3,})")


RATING_WEIGHT = 2.0
RATED_WORDS_WEIGHT = 0.5


def _share_score(share: float) -> float:
    if share >= 0.9:
        return 0.8
    if share >= 0.7:
        return 0.5
    if share > 0.5:
        return 0.0
    if share > 0.4:
        return -0.3
    return -0.5 if share > 0.2 else -0.8


def rating_scores(text: str) -> list[float]:
    """Scores given as points out of a maximum, bare points on a 5-point scale, or a row of
    filled and empty stars (the normalised text)."""
    out = []
    for m in itertools.chain(
        _OUT_OF_RE.finditer(text), _STARS_OUT_OF_RE.finditer(text), _GRADES_RE.finditer(text)
    ):
        top, got = float(m.group(1)), float(m.group(2))
        if 0 < top and got <= top:
            out.append(_share_score(got / top))
    if not out:
        for m in _BARE_SCORE_RE.finditer(text):
            got = float(m.group(1))
            if got <= 5:
                out.append(_share_score(got / 5))
    for m in _STAR_ROW_RE.finditer(text):
        row = m.group(1)
        if "☆" in row or len(row) == 5:
            out.append(_share_score(row.count("★") / len(row)))
    return [s for s in out if s]


#: jarev: the marks of Japanese grading (接客◎、料理○、雰囲気△, 味×) after a word, not
#: placeholders (○○ホテル) or arithmetic (2×3).
_MARKS = {"◎": 0.8, "○": 0.4, "〇": 0.4, "△": -0.3, "×": -0.6, "✕": -0.6}
_MARK_CHARS = frozenset(_MARKS)
_MARK_RE = re.compile(r"(?<=[ぁ-ゖァ-ヺー\u4e00-\u9fffA-Za-z])([◎○〇△×✕])(?=[\s、。,.!?)）]|$)")


def mark_scores(text: str) -> list[float]:
    return [_MARKS[m.group(1)] for m in _MARK_RE.finditer(text)]


def face_cores(text: str) -> list[str]:
    """The inside of each bracketed kaomoji in the (normalised) text."""
    return [m.group(1) for m in _FACE_RE.finditer(text) if m.group(1) is not None]


def kaomoji_scores(text: str) -> list[float]:
    """Polarity of each kaomoji in the (normalised) text: sad faces and orz negative, smiling
    faces positive; a bracket holding words, e.g. (税込), is not a face. Faces these rules
    leave undecided are looked up in the table derived from kaomoji-dataset (``kaomoji``)."""
    out = []
    faces = kaomoji.table()
    for m in _FACE_RE.finditer(text):
        inner = m.group(1)
        if inner is None:
            out.append(-KAOMOJI_SCORE)
            continue
        if inner == "泣":
            out.append(-KAOMOJI_SCORE)
            continue
        if _FACE_LETTERS_RE.search(inner.replace("ω", "").replace("Д", "")):
            continue
        if _SAD_FACE_RE.search(inner):
            out.append(-KAOMOJI_SCORE)
        elif _HAPPY_FACE_RE.search(inner):
            out.append(KAOMOJI_SCORE)
        elif inner in faces:
            out.append(faces[inner] * KAOMOJI_SCORE)
    return out
