"""English review sentences, round 2: idioms whose words mislead the models
(``review_sentence_rewrite``) and plain facts about the product or the visit
(``is_plain_fact``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analytics.sentiment.phrases_en import _WORD_RE

# ---- short review sentences, round 2 (issue 14, enrev2; en-ens-23, -24) -------------------------
# Phone-accessory and restaurant review idioms whose words mislead the models, as plain
# evaluative words. Each rule runs only when one of its trigger words is in the sentence; run
# after ``_BARE_NOT_RE`` (so "couldnt" and "didnt" arrive whole).
_REVIEW_SENTENCE_RULES: tuple[tuple[frozenset[str], re.Pattern[str], str], ...] = tuple(
    (frozenset(triggers.split()), re.compile(pattern, re.IGNORECASE), replacement)
    for triggers, pattern, replacement in (
        # litotes of people and ease: "the host could not have been kinder", "couldn't be
        # easier to set up" (the "happier / better" forms are ``_IDIOMS``)
        (
            "nicer friendlier kinder sweeter easier simpler helpful friendly attentive "
            "welcoming accommodating courteous",
            r"\b(?:could|can|would)(?:n['’]t| not|not)\s+(?:have\s+)?(?:be(?:en)?\s+)?"
            r"(?:nicer|friendlier|kinder|sweeter|easier|simpler|more (?:helpful|friendly|"
            r"attentive|welcoming|accommodating|courteous))\b",
            "excellent",
        ),
        # staff who "don't even try to be polite", "didn't bother to check on us"
        (
            "bother bothered try care attempt",
            r"\b(?:(?:do|does|did)(?: not|n['’]t)|never)\s+(?:even\s+(?:try|bother|care|attempt)|"
            r"bother(?:ed)?)(?:\s+to(?:\s+be)?\s+\w+)?",
            "were careless and unhelpful",
        ),
        (r"then", r"\band then some\b", "excellently"),
        # "a huge let down", "such a let-down" (the one word is in the lexicon)
        (
            "let",
            r"\b(a|such a|big|huge|total|real|major|complete)\s+let[- ]down\b",
            r"\1 letdown",
        ),
        # a bad smell: "smelled like bleach", "the booth reeks of old grease"
        (
            "smell smells smelled smelt smelling reek reeks reeked stank stink stinks",
            r"\b(?:smell(?:s|ed|t|ing)?|reek(?:s|ed|ing)?|stank|stinks?)\s+(?:like|of)\s+"
            r"(?:\w+\s+)?(?:bleach|smoke|cigarettes?|garbage|trash|sewage|sewer|mou?ld|mildew|"
            r"feet|urine|pee|vomit|grease|chemicals?|wet dog|rotten \w+|sweat|ammonia)\b",
            "smelled awful",
        ),
        # wear and tear: "started peeling within a month", "began to come apart"
        (
            "started starting began begun begins starts",
            r"\b(?:started|starting|began|begun|begins|starts)\s+(?:to\s+)?(?:peel(?:ing)?|"
            r"crack(?:ing)?|fray(?:ing)?|fad(?:e|ing)|rust(?:ing)?|flak(?:e|ing)|"
            r"tear(?:ing)?(?!\s+up)|rip(?:ping)?|leak(?:ing)?|wobbl(?:e|ing)|rattl(?:e|ing)|"
            r"squeak(?:ing)?|(?:com|fall)(?:e|ing)\s+(?:apart|loose|off))\b",
            "wore out badly",
        ),
        # a fit that holds, call noise that is absent
        ("put", r"\bstay(?:s|ed|ing)?\s+put\b", "stay securely"),
        (
            "static echo echoes lag interference crackle crackling buzz buzzing hiss hissing "
            "dropouts dropout disconnects disconnections dropped",
            r"\b(?:no|zero|without(?: any)?|never (?:any|a|had any))\s+(?:static|echo(?:es)?|lag|"
            r"interference|crackl(?:e|ing)|buzz(?:ing)?|hiss(?:ing)?|dropouts?|disconnect(?:s|"
            r"ions)?|dropped (?:calls?|signals?|connections?))\b",
            "flawless",
        ),
        # food idioms
        ("bone", r"\bfall(?:s|ing)?\s+(?:right\s+)?off\s+the\s+bone\b", "are tender and delicious"),
    )
)


def review_sentence_rewrite(text: str, gated: bool = True) -> str:
    """A short review sentence with the round-2 idioms made plain evaluative words; with
    ``gated``, a rule whose trigger words are absent is skipped (same result, less time)."""
    words = frozenset(_WORD_RE.findall(text.lower()))
    for triggers, pattern, replacement in _REVIEW_SENTENCE_RULES:
        if not gated or not words.isdisjoint(triggers):
            text = pattern.sub(replacement, text)
    return text


# A plain fact about the product or the visit, told in one clause with no evaluative word:
# what it has or comes with ("the strap comes in three widths", "the pack is rated at 5000
# mah"), where and when ("the cafe is next to the library", "it arrived on friday"), what was
# ordered ("we got the set menu and my aunt had the risotto"), how it is used ("I mostly use
# it on the bus"), which visit ("it was my second visit"). The review models learnt a polarity
# for such words from the sentences around them; stored, they count as information, like a
# question (``EnglishAnalyzer.parts``). Only when neither lexicon finds more than a trace of
# sentiment, and never with a negation, an intensifier, a second clause or "!".
_FACT_SUBJECT = r"(?:it|this|this one|mine|they|the (?:\w+ ){0,2}\w+|my (?:\w+ )?\w+|our \w+)"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_PLAIN_FACT_RE = re.compile(
    r"^\W*(?:"
    + _FACT_SUBJECT
    + r" (?:has|have|comes? with|came with|comes? in|came in|includes?|included|"
    r"is rated (?:at|for)|weighs|runs on|is made (?:of|from)|holds up to|takes (?:a|an|two|\d+)"
    r"(?= )|uses (?:a|an|two|\d+)(?= ))"
    r"|"
    + _FACT_SUBJECT
    + r" (?:is|are|was|were) (?:located )?(?:on the corner of|next to|across from|near|behind|"
    r"inside|around the corner from|on \w+ street|in the \w+ (?:mall|center|centre)|"
    r"at the (?:corner|end|back) of)"
    r"|"
    + _FACT_SUBJECT
    + r" (?:arrived|came|shipped|was delivered|got here) (?:on )?(?:"
    + _WEEKDAY
    + r"|(?:last|this) "
    + _WEEKDAY
    + r"|yesterday|today)\W*$"
    r"|(?:i|we|she|he|my (?:\w+ )?\w+) (?:had|ordered|got|tried|shared|split|went with) "
    r"(?:the|a|an|two|three|four|some|\d+) [a-z ]+(?: and (?:i|we|she|he|my (?:\w+ )?\w+) "
    r"(?:had|ordered|got|tried|went with) (?:the|a|an|two|three|some|\d+) [a-z ]+)?\W*$"
    r"|(?:i|we) (?:mostly |mainly |usually |primarily )?use (?:it|this|them|mine|the \w+) "
    r"(?:for|at|in|with|when|while|on|to)\b"
    r"|(?:it|this) (?:was|is) (?:our|my) (?:first|second|third|\d+(?:st|nd|rd|th)) (?:time|"
    r"visit)(?: (?:there|here|at \w+))?\W*$"
    r")",
    re.IGNORECASE,
)
_NOT_PLAIN_FACT_RE = re.compile(
    r"[!,;]|n['’]t\b|\b(?:do|does|did|is|was|are|were|could|would|should|has|have|had|ca|wo)"
    # (en-ens-39: "the sequel has none of the charm" is no plain fact)
    r"nt\b|\b(?:not|no|none|nothing|nobody|never|but|too|so|very|really|pretty|quite|super|seriously|"
    r"extremely|absolutely|totally|truly|which|that|who|than|even|still|again|ever|only|just|"
    r"could|would|should|might|must|been|all|everything|every|want|wanted|need|needed|wish|"
    r"love|loved|like|liked|hate|hated|enjoy|enjoyed|best|worst)\b|"
    r"\band (?:it|they|the|everything|was|is|are|were|she|he)\b",
    re.IGNORECASE,
)
_FACT_WORDS = frozenset(
    "has have comes come came includes include included rated weighs runs made holds takes "
    "uses is are was were arrived shipped delivered got had ordered tried shared split went "
    "use".split()
)


def is_plain_fact(text: str, dense: Sequence[float]) -> bool:
    """A one-clause fact with no evaluation (see ``_PLAIN_FACT_RE``); ``dense`` are the
    lexicon features of the rewritten text (VADER, VADER last clause, TextBlob, ...)."""
    vader, _, textblob, _ = dense
    if abs(vader) >= 0.5 or not 0.0 <= textblob < 0.4 or len(text.split()) > 14:
        return False
    if frozenset(_WORD_RE.findall(text.lower())).isdisjoint(_FACT_WORDS):
        return False
    if not _PLAIN_FACT_RE.match(text) or _NOT_PLAIN_FACT_RE.search(text):
        return False
    # en-ens-40: a strongly evaluative adjective is a verdict even where one word keeps
    # VADER's compound under 0.5 ("the cast have terrific chemistry"); strong by VADER, an
    # adjective by TextBlob's lexicon (VADER also scores nouns: "my friend had the pasta")
    from analytics.sentiment.features_en import _textblob, _vader

    lexicon, adjectives = _vader().lexicon, _textblob()
    return not any(
        abs(lexicon.get(word, 0.0)) >= STRONG_VALENCE
        and "JJ" in (adjectives[word] if word in adjectives else ())
        for word in _WORD_RE.findall(text.lower())
    )


#: VADER valence of a word that makes a sentence a verdict, not a plain fact (en-ens-40)
STRONG_VALENCE = 2.0


# ---- end of the review sentence block, round 2 ----------------------------------------------
