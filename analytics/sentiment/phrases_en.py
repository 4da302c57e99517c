"""English review phrases the models misread, made plain evaluative words: clean reports ("no
issues"), balance ("not too sweet"), idioms (litotes, faint praise, unfavourable comparisons,
counterfactual hedges), review phrases no lexicon scores (coming back or not, a product sent
back, a long wait) and misspelt sentiment words respelt."""

from __future__ import annotations

import re
from functools import lru_cache

from analytics.sentiment.features_en import _vader

# A reported absence of problems reads as praise ("found no issues with the software").
_NO_PROBLEM_RE = re.compile(
    r"\b(?:no|zero|without(?: any)?|never (?:had|have|got)(?: any)?|not (?:a|one|any)(?: single)?)"
    r"\s+(?:real\s+|major\s+|big\s+)?"
    r"(?:issues?|problems?|complaints?|troubles?|errors?|bugs?|hiccups?|glitch(?:es)?|hassles?)\b",
    re.IGNORECASE,
)
# "not too sweet", "not overly loud": a balance the writer likes, not a negated quality.
_NOT_EXCESS_RE = re.compile(
    r"\b(?:not|n['’]t be|never)\s+(?:too|overly|ultra|excessively|super|over)[\s-]+([a-z]+)",
    re.IGNORECASE,
)


# Idioms whose words say the opposite of what they mean, as plain evaluative words:
# litotes ("could not be happier", "you won't be disappointed", "can't beat it"), faint
# praise ("average at best") and unfavourable comparisons ("my old phone holds the charge
# better than this", "I expected better").
_IDIOMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (
            r"\b(?:could|can|would)(?:n['’]t|['’]t| not|not)\s+(?:have\s+)?(?:be(?:en)?\s+)?"
            r"(?:happier|more (?:happy|pleased|satisfied|impressed)|better|beat (?:it|that|this|"
            r"the (?:price|quality|service|food))|ask for (?:a |an |any )?(?:more|better)\b)",
            "excellent",
        ),
        (
            r"\b(?:won['’]t|will not|wouldn['’]t|would not|never|not) be disappointed\b",
            "delighted",
        ),
        (r"\b(?:did not|didn['’]t|does not|doesn['’]t|never) disappoint(?:s|ed)?\b", "delighted"),
        (r"\bcan(?:['’]t|not| not) wait to\b", "eagerly look forward to"),
        (r"\bnothing short of\b", "truly"),
        (r"\bnot (?:exactly )?my idea of (?:a )?(?:good|great|fun|nice)\b", "bad"),
        (
            r"\b(?:break|crack|scratch|smudge|stain|tear|rip|snap|dent|chip|fade|peel|drain|"
            r"overheat|fall)(?:s|es|ed|ing|en)?\s+(?:off\s+|out\s+|apart\s+)?"
            r"(?:so\s+|very\s+|too\s+|really\s+)?easily\b",
            "is flimsy",
        ),
        (r"\b(?:at best|leaves? (?:a lot|much) to be desired)\b", "mediocre"),
        (r"\bcould(?:['’]ve| have)? be(?:en)? (?:better|worse)\b", "mediocre"),
        (r"\bexpected (?:a (?:lot |much )?)?(?:better|more)\b", "was disappointed"),
        (
            r"\b(?:better|nicer|cheaper|faster|clearer|louder) than (?:this|these|that one|"
            r"this one|it)\b(?! (?:is|was|one|price))",
            "worse here",
        ),
    )
)


# Counterfactual hedges name what went wrong: "would have given it five stars if the lid
# didn't leak", "it would have been perfect if ...", "if only it had a timer".
_COUNTERFACTUAL_RE = re.compile(
    r"\b(?:(?:i|we|it|this|that|they|you|he|she)\s+)?(?:would|could|might)(?:['’]ve| have)\s+"
    r"(?:been|given|rated|scored|recommended)\b[^.!?;]*?\bif\b|"
    r"^\W*if only\b|(?<=[,;])\s*if only\b",
    re.IGNORECASE,
)
# "not as good as", "isn't nearly as sturdy as", "nowhere near as fast as": an unfavourable
# comparison unless the quality itself is bad ("not as loud as", "not as bad as").
_NOT_AS_RE = re.compile(
    r"(?:\bnot|n['’]t|\bnever|\bnowhere near)\s+(?:(?:nearly|quite|half|even)\s+)?(?:as|so)\s+"
    r"([a-z]+)\s+as\b",
    re.IGNORECASE,
)


# "dont", "doesnt", "cant", "wont": a negation typed without its apostrophe, common in short
# reviews typed on a phone; made whole so the n-gram scope and TextBlob see the "not".
_BARE_NOT_RE = re.compile(
    r"\b(do|does|did|is|was|are|were|would|could|should|has|have|had|ca|wo)nt\b", re.IGNORECASE
)

# Review phrases (en-ens-9) whose words carry no sentiment the lexicons know, though every
# reader hears a verdict: whether the writer will come back, a product that stopped working or
# went back to the seller, a long wait at a table, and the praise idioms of food and product
# reviews. Each becomes plain evaluative words. Ordered: the negative forms first, so that
# "won't be back" is never read as "be back".
# Not about coming back to the place reviewed: "she'd come back to me", "I'll go back to my old
# phone", "return to the store" (en-ens-11), "back in stock" (en-ens-14).
_ELSEWHERE = (
    r"(?! to (?:me|us|you|him|her|them|my|our|your|the|a|an|his|their|work|normal|using)\b)"
    # a thing coming back is availability, not a verdict: "back in stock", "back online"
    r"(?! (?:in stock|online|up|on|in service)\b)"
)
# An errand or a schedule, not a verdict: "I'll be back tomorrow to pick it up", "he won't be
# back until Monday" (en-ens-12).
_SCHEDULE = (
    r"(?!\s+(?:tomorrow|tonight|later|shortly|until|till|before|by \d|at \d|in (?:an? |\d+ |a "
    r"few )?(?:hour|minute|min|bit|sec|moment)|on (?:mon|tue|wed|thu|fri|sat|sun)))"
)
_RETURN_TO_PLACE = (
    r"(?:(?:be (?:back|returning|coming back|going back)|(?:come|go|going|coming|head) back|"
    r"return(?:ing)?(?! (?:it|this|that|them|these|those|the|my|for a refund)\b))"
    + _ELSEWHERE
    + _SCHEDULE
    + r"|revisit(?:ing)?|set foot (?:in|there|here)|(?:eat|dine|order|shop) (?:here|there|"
    r"from them) again)"
)
_REVIEW_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        # never coming back
        (
            r"\b(?:won['’]t|will not|wouldn['’]t|would not|(?:will|would|i['’]ll|we['’]ll|"
            r"i['’]d|we['’]d) never|never|(?:(?:do not|don['’]t) think|not sure (?:if|whether)"
            r") (?:i|we)(?:['’]ll| will|['’]d| would)?|(?:will|would|i['’]m|we['’]re|i am|we are)"
            r"\s+(?:definitely|certainly|surely|absolutely|probably)?\s*not)\s+(?:ever\s+)?"
            r"(?:be\s+)?" + _RETURN_TO_PLACE + r"\b",
            "will sadly never return",
        ),
        # coming back
        (
            # said by the writer ("we'll", "I would", "Will be back!"), not of a technician
            # or a website ("the engineer will come back", "will the site be back")
            r"(?:\b(?:i|we|you)['’]ll|\b(?:i|we)['’]d|(?P<writer>\b(?:i|we)(?:\s+(?:definitely|"
            r"certainly|surely|absolutely|totally))?\s+)(?:will|would|shall)|(?:^\s*|"
            r"(?<=[.!?;,] )|(?<=[.!?;,]))(?:will|would)|\bcan['’]t wait to)\s+"
            r"(?:definitely\s+|certainly\s+|surely\s+|totally\s+|absolutely\s+|happily\s+|"
            r"gladly\s+|soon\s+)?" + _RETURN_TO_PLACE + r"\b|\b(?:keep|kept) (?:coming|going)"
            r" back\b|\bbe a regular\b|\b(?:i['’]m|we['’]re|i am|we are)\s+(?:definitely\s+|"
            r"so\s+|totally\s+)?(?:coming|going) back" + _ELSEWHERE + _SCHEDULE + r"\b",
            r"\g<writer>will gladly return",
        ),
        # a product that gave up
        (
            r"(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bhe )(?<!\bshe )(?<!\bthey )"
            r"\b(?:stopped|quit|quits|stops|ceased|ceases)\s+(?:working|functioning|charging|"
            r"holding (?:a |the |its )?charge|responding|turning on)\b|"
            # a person who never worked somewhere is not a device that never worked
            r"(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bhe )(?<!\bshe )(?<!\bthey )(?<!\bi['’]ve )"
            r"(?<!\bwe['’]ve )(?<!\byou['’]ve )(?<!\bthey['’]ve )"
            r"\b(?:won['’]t|wouldn['’]t|will not|would not|doesn['’]t|does not|didn['’]t|"
            r"did not|no longer|never)\s+(?:even\s+)?(?:hold (?:a |the |its )?charge|"
            r"charge(?! (?:extra|for|much|more|a fee|you|me|us)\b)|turn on|power on|"
            r"stay (?:connected|paired|charged)|work(?:s|ed)?\b(?! (?:out|for me to)\b))",
            "failed",
        ),
        # back to the seller
        (
            r"(?<!n['’]t )(?<!not )(?<!never )(?<!no need to )"
            r"\b(?:return(?:ed|ing)?|sen[dt](?:ing)?|ship(?:ped|ping)?|take|took|bring|"
            r"brought)\s+(?:it|this|them|these|the (?:phone|item|unit|product|headset|case|"
            r"charger|battery|set))\s+(?:right\s+)?back\b|"
            r"(?<!n['’]t )(?<!not )(?<!never )(?<!no need to )"
            r"\breturn(?:ed|ing)? (?:it|this|them|these|the (?:phone|item|unit|product|headset|"
            r"case|charger|battery|set))\b|"
            r"\b(?:want(?:ed)?|get|got|asked for|demand(?:ed)?) (?:my|our) money back\b",
            "returned it disappointed",
        ),
        # kept waiting
        (
            r"\b(?:took|take|takes) forever\b|\bwaited (?:and waited|forever|ages)\b|"
            r"(?<!\bonly )(?<!\bjust )\b(?:waited|sat|sitting|waiting)\s+(?:there\s+)?(?:for\s+)?"
            r"(?:over\s+|more than\s+|almost\s+|nearly\s+|about\s+|at least\s+|another\s+)?"
            r"(?:an? hour|hours|half an hour|(?:1[5-9]|[2-9]\d|fifteen|twenty|thirty|forty|"
            r"forty-five|fifty|sixty)(?:[\s-]+\w+)?\s*(?:minutes|mins))\b",
            "waited painfully long",
        ),
        (r"\bnever (?:came|come|checked) back\b", "neglected us"),
        # en-ens-15: a first visit that will not be the last, or was
        (r"\b(?:won['’]t|will not) be (?:my|our|the) last\b", "will gladly return"),
        (
            r"\bfirst and (?:the )?last(?= (?:time|visit|order|purchase)\b)|"
            r"\bnever again(?=\W*$)",
            "sadly final",
        ),
        # measured against what was expected or promised, and an earlier product remembered
        # as better ("my old phone was better")
        (
            r"\b(?:exceed(?:ed|s)?|surpass(?:ed|es)?) (?:my |our |all |every |any )?"
            r"(?:expectations|hopes)\b|(?<!not )(?<!n['’]t )\blived? up to (?:the |its |all the )?"
            r"(?:hype|expectations|reviews|billing)\b",
            "was excellent",
        ),
        (
            r"\b(?:my|our) (?:old|previous|last|former)\s+(?:\w+\s+)?(?:was|were|worked|"
            r"sounded|lasted)(?: (?:so|much|way|far|a lot))? better\b",
            "this one is worse",
        ),
        # praise idioms
        (
            r"\b(?:to die for|out of this world|not to be missed|top[ -]notch|hits? the spot|"
            r"(?:two |2 |big )?thumbs[ -]up)\b",
            "superb",
        ),
        (r"\b(?:two |2 |big )?thumbs[ -]down\b", "disappointing"),
        (r"\b(?:went|go|goes|going) (?:above and beyond|the extra mile)\b", "excelled"),
        (
            r"\bcan(?:['’]t|not| not) (?:recommend|praise|rate)(?: (?:it|this|them|this place|"
            r"the \w+|you(?: guys| all| lot)?|your \w+))? (?:highly )?enough\b|"
            r"\bcan(?:['’]t|not| not) say enough (?:good|nice|great|positive) things\b",
            "highly recommend",
        ),
        (r"\bcan(?:['’]t|not| not) go wrong\b", "is a great choice"),
        (r"\b(?:won['’]t|will not|never) regret\b", "delighted with"),
        (
            r"\b(?:was|were|am|is|are)(?: not|n['’]t) (?:one bit|the least bit|at all|in the "
            r"least) disappointed\b|\b(?:was|were|am|is|are)(?: not|n['’]t) disappointed\b",
            "was delighted",
        ),
        (r"\b(?:i|we)(?:['’]ve| have) had (?:much |far |way |a lot )?better\b", "mediocre"),
        (
            r"\b(?:i|we) (?:really |would |honestly )?expect(?:ed)? (?:much |far |a lot )?"
            r"(?:better|more)\b",
            "was disappointed",
        ),
    )
)


_RETURN_WORDS = frozenset({"back", "return", "returning", "revisit", "revisiting", "foot", "again"})
#: For each of ``_REVIEW_PHRASES``, words of which every match holds at least one: a rule
#: whose words are absent is not run (the regular expressions cost a third of a comment's
#: scoring time, and most comments hold none of these words). Checked against the ungated
#: rules by ``tests/analytics/test_sentiment_en_reviews.py``.
_REVIEW_TRIGGERS: tuple[frozenset[str], ...] = (
    _RETURN_WORDS,
    _RETURN_WORDS | {"regular"},
    frozenset(
        "stopped quit quits stops ceased ceases won wouldn not doesn didn longer never".split()
    ),
    frozenset({"back", "return", "returned", "returning"}),
    frozenset({"forever", "waited", "sat", "sitting", "waiting"}),
    frozenset({"never"}),
    frozenset({"last"}),
    frozenset({"last", "again"}),
    frozenset({"exceed", "exceeded", "exceeds", "surpass", "surpassed", "surpasses", "up"}),
    frozenset({"better"}),
    frozenset({"die", "world", "missed", "notch", "spot", "thumbs"}),
    frozenset({"thumbs"}),
    frozenset({"beyond", "mile"}),
    frozenset({"enough"}),
    frozenset({"wrong"}),
    frozenset({"regret"}),
    frozenset({"disappointed"}),
    frozenset({"better"}),
    frozenset({"expect", "expected"}),
)
_WORD_RE = re.compile(r"[a-z0-9]+")


#: The same for ``_IDIOMS``.
_IDIOM_TRIGGERS: tuple[frozenset[str], ...] = (
    frozenset({"happier", "more", "better", "beat", "ask"}),
    frozenset({"disappointed"}),
    frozenset({"disappoint", "disappoints", "disappointed"}),
    frozenset({"wait"}),
    frozenset({"short"}),
    frozenset({"idea"}),
    frozenset({"easily"}),
    frozenset({"best", "desired"}),
    frozenset({"better", "worse"}),
    frozenset({"expected"}),
    frozenset({"than"}),
)


def _apply(
    text: str,
    rules: tuple[tuple[re.Pattern[str], str], ...],
    triggers: tuple[frozenset[str], ...],
    gated: bool,
) -> str:
    words = frozenset(_WORD_RE.findall(text.lower()))
    for (pattern, replacement), needed in zip(rules, triggers, strict=True):
        if gated and words.isdisjoint(needed):
            continue
        new = pattern.sub(replacement, text)
        if new != text:
            text = new
            words = frozenset(_WORD_RE.findall(text.lower()))
    return text


def review_phrases(text: str, gated: bool = True) -> str:
    """Apply ``_REVIEW_PHRASES`` in order; with ``gated``, skip a rule whose trigger words
    are absent (same result, a fraction of the time)."""
    return _apply(text, _REVIEW_PHRASES, _REVIEW_TRIGGERS, gated)


def idioms(text: str, gated: bool = True) -> str:
    """Apply ``_IDIOMS`` in order, gated like ``review_phrases``."""
    return _apply(text, _IDIOMS, _IDIOM_TRIGGERS, gated)


def _not_as(match: re.Match[str]) -> str:
    valence = _vader().lexicon.get(match.group(1).lower(), 0.0)
    # "isn't as ..." keeps its verb apart: "is worse than"
    space = " " if match.group(0)[:1] in "nN" and match.group(0)[1:2] in "'’" else ""
    return space + ("better than" if valence < 0 else "worse than")


_LONG_WORD_RE = re.compile(r"[A-Za-z]{5,}")
_REPEATS_RE = re.compile(r"(.)\1+")
_VOWELS_RE = re.compile(r"[aeiouy]")


def _squash(word: str) -> str:
    return _REPEATS_RE.sub(r"\1", word)


@lru_cache(maxsize=1)
def _spelling() -> tuple[frozenset[str], dict[str, str]]:
    """(known words, misspelling key → lexicon word). Known words: the Brill tagger lexicon
    shipped with TextBlob (Brown corpus and Penn Treebank words) plus VADER's. Keys of each
    sentiment word of five letters or more: its letters with doubled letters squashed
    ("dissapointing", "embarassing"), the same with one letter dropped ("excelent",
    "awsome"; six letters or more), and with its vowels masked ("unacceptible",
    "definately"; seven letters or more). A key shared by two words is dropped."""
    import importlib.util
    import os

    lexicon = _vader().lexicon
    known = set(lexicon)
    spec = importlib.util.find_spec("textblob")
    if spec is not None and spec.submodule_search_locations:
        root = next(iter(spec.submodule_search_locations))
        path = os.path.join(root, "en", "en-lexicon.txt")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as fh:
                known.update(
                    line.split(" ", 1)[0].lower() for line in fh if not line.startswith(";")
                )
    # (the first word of each key, and the keys that a second word shares: a set per key
    # made this a fifth of the analyzer's cold start)
    owner: dict[str, str] = {}
    shared: set[str] = set()
    for word in lexicon:
        if len(word) < 5 or not word.isalpha() or abs(lexicon[word]) < 0.5:
            continue
        squashed = _squash(word)
        found = {"s:" + squashed}
        if len(word) >= 7:
            found.add("v:" + squashed[0] + _VOWELS_RE.sub("*", squashed[1:]))
        found.update("d:" + squashed[:i] + squashed[i + 1 :] for i in range(1, len(squashed)))
        for key in found:
            if owner.setdefault(key, word) != word:
                shared.add(key)
    unique = {k: w for k, w in owner.items() if k not in shared}
    return frozenset(known), unique


def _respell(match: re.Match[str]) -> str:
    word = match.group(0)
    lower = word.lower()
    known, keys = _spelling()
    if lower in known:
        return word
    squashed = _squash(lower)
    candidates = ["s:" + squashed]
    if len(lower) >= 6:
        candidates.append("d:" + squashed)
    if len(lower) >= 7:
        candidates.append("v:" + squashed[0] + _VOWELS_RE.sub("*", squashed[1:]))
    for key in candidates:
        fixed = keys.get(key)
        if fixed is not None and fixed[0] == lower[0]:
            return fixed
    return word


def respell(text: str) -> str:
    """Misspelt sentiment words made whole ("Excelent", "dissapointing", "unacceptible"), so
    the lexicons see them; words the tagger lexicon knows and names are left alone."""
    return _LONG_WORD_RE.sub(_respell, text)
