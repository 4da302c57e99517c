"""English survey comment-box answers: non-answers, suggestions, polite wishes and unmet
needs, and praise with a reservation ("great course, but too long")."""

from __future__ import annotations

import re

from analytics.sentiment.features_en import _vader
from analytics.sentiment.service_en import _apply_cued

# What respondents write in an eNPS, customer NPS or workshop comment box. Each rule runs only
# when one of its cue words is in the comment (like ``_SERVICE_PHRASES``).

# A non-answer, with or without a courtesy: "no further comments", "no opinion", "nothing
# comes to mind", "N.A.", "see my previous answer", "that's all, thank you".
_NON_ANSWER_RE = re.compile(
    r"^\W*(?:n\.?\s?a\.?|n/a|not applicable|none|nil|nope|nothing|no|-+|\.+|no comments?|"
    r"no (?:further|other|more|additional|particular|real)?\s*(?:comments?|feedback|"
    r"suggestions?|remarks?|opinion|answer|input)|nothing (?:else|more|further|in particular|"
    r"specific)|nothing (?:else |more |further |in particular |specific )?to (?:add|say|"
    r"report|mention|share)|nothing (?:comes|came|springs) to mind|no idea|not sure|"
    r"not really|(?:see|same as) (?:my |the )?(?:previous|above|earlier|last)(?: answers?| "
    r"comments?| responses?| question)?|that['’]?s (?:all|it)|all said)"
    r"(?:\s+(?:at (?:this|the) (?:time|moment|point)|for now|right now|from me|here|really))?"
    r"(?:[\s,.;:!-]+(?:thanks?(?: you)?(?: \w+)?|thx|cheers|ty))?\W*$",
    re.IGNORECASE,
)
# A suggestion told neutrally ("it might help to share the agenda earlier", "consider adding a
# glossary") is a request, not praise; unless it names what went wrong.
_SUGGESTION_RE = re.compile(
    r"^\W*(?:(?:maybe|perhaps)\s+)?(?:(?:it|this)\s+)?(?:might|would|could|may)\s+(?:also\s+)?"
    r"(?:help|be (?:good|nice|helpful|useful|great|worth \w+|an idea))\s+(?:to|if)\b|"
    r"^\W*(?:(?:maybe|perhaps|please)\s+)?consider\b|^\W*(?:one |my |a )?suggestion\b|"
    r"^\W*i(?:['’]d| would)? (?:suggest|recommend (?:adding|having|making|sharing|sending|"
    r"offering|that))\b",
    re.IGNORECASE,
)
_SUGGESTION_COMPLAINT_RE = re.compile(
    r"n['’]t\b|\b(?:not|no|never|stop|fix|broken|crash\w*|bug\w*|instead of|actually|"
    # en-ens-22: "... rather than just announced", "... matched the actual screens"
    r"rather than|actual)\b",
    re.IGNORECASE,
)
_SURVEY_PHRASES: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...] = tuple(
    (cues, re.compile(pattern, re.IGNORECASE), replacement)
    for cues, pattern, replacement in (
        # a bad feeling that never came: "never felt rushed", "didn't feel lost"
        (
            (
                "rushed",
                "lost",
                "bored",
                "pressured",
                "pressure",
                "ignored",
                "overwhelmed",
                "judged",
                "left out",
                "excluded",
                "micromanaged",
                "stressed",
                "stupid",
                "alone",
            ),
            r"\b(?:never|(?:did|do|does)(?:n['’]t| not)(?: ever)?|not once|at no point did"
            r" (?:i|we))\s+(?:felt|feel|got|get|was|were|seemed)\s+(?:\w+\s+)?(?:rushed|lost|"
            r"bored|pressured|under pressure|ignored|overwhelmed|judged|left out|excluded|"
            r"micromanaged|stressed|stupid|alone)\b",
            "felt comfortable",
        ),
        # problems so rare they are forgotten: "can't remember the last outage"
        (
            ("remember", "recall"),
            r"\b(?:can['’]?t|cannot|can not|don['’]?t|do not)\s+(?:even\s+)?(?:remember|recall)"
            r"\s+(?:the last|a single|any|when (?:it|we|the \w+) last)\s+(?:\w+\s+)?(?:outages?|"
            r"crash(?:ed|es)?|issues?|problems?|bugs?|downtime|glitch(?:es)?|went down|failed|"
            r"errors?|complaints?)\b",
            "flawless",
        ),
        # value for money said as an idiom
        (
            ("pays for itself", "paid for itself", "pay for itself"),
            r"\b(?:pays|paid|pay) for itself\b",
            "is well worth it",
        ),
        # what keeps an employee or customer here
        (
            ("keep", "kept"),
            r"\b(?:keeps?|kept) (?:me|us) (?:here|going|motivated|engaged|coming back|loyal|"
            r"around)\b",
            "makes me happy",
        ),
        # time and work saved
        (
            ("sav",),
            r"\b(?:saves?|saved|saving)\s+(?:me|us|our \w+|the \w+|my \w+|everyone)?\s*"
            r"(?:(?:a lot of|lots of|so much|tons of|hours of|days of|a ton of|loads of|much|"
            r"a great deal of|countless)\s+)?(?:\w+\s+)?(?:time|work|effort|hours|days|"
            r"hassle|headaches?)\b",
            "is very helpful",
        ),
        # an unfair workplace
        (
            ("credit",),
            r"\b(?:takes?|took|taking|steals?|stole|claims?|claimed) (?:all )?(?:the )?credit"
            r" for\b",
            "unfairly claims credit for",
        ),
        (
            ("below", "under"),
            r"\b(?:well |far |way )?(?:below|under) (?:the )?(?:market|industry|average)"
            r"(?: rates?| levels?| standards?| average| value)?\b",
            "unfairly low",
        ),
        # ideas that became clear
        (
            ("click",),
            r"\b(?:made|makes|make|helped) (?:\w+\s+){0,3}click\b",
            "made it clear",
        ),
        # ---- en-ens-22 (issue 14, enneg): complaints told politely or with praise words ----
        # understatement: "could be better", "could have been better organised" (never
        # "couldn't be better" or "nothing could be better")
        (
            ("could", "can be"),
            r"(?<!nothing )(?<!nobody )(?<!none )\b(?:could|can)\s+(?:really\s+|definitely\s+|"
            r"certainly\s+|still\s+|surely\s+)?(?:be|have been|do with being)\s+(?:(?:much|a lot|"
            r"far|way|a (?:little|bit|lot)|slightly|somewhat|so much)\s+)?(?:better|improved|"
            r"clearer|smoother)\b",
            "is disappointing",
        ),
        # praise in the past: "used to be great", "I used to love working here"
        (
            ("used to",),
            r"\bused to (?:be )?(?:so |really |very |truly |much |genuinely |absolutely )?(?:great|"
            r"good|excellent|amazing|fantastic|brilliant|fun|enjoyable|reliable|better|the best|"
            r"a (?:great|good|fun|happy) \w+|love|like|enjoy|"
            # en-ens-26 (ensvc3): "used to be my favourite airline"
            r"(?:my |our |the )?(?:favou?rite|go-to|first choice))\b",
            "sadly declined",
        ),
        # doubt about value: "not sure it's worth the price", "not convinced the course was
        # worth a day"
        (
            ("worth",),
            r"\bnot (?:so |too |really |entirely |totally |fully )?(?:sure|convinced|certain)\b"
            r"(?:\s+(?:whether|if|that))?\s+([^.!?]{0,80}?)\bworth\b",
            r"\1 not worth",
        ),
        # mixed messages: "we are told one thing and ...", "they say one thing but ..."
        (
            ("one thing",),
            r"\b(?:told|tell|tells|say|says|said|promised|promise|hear|heard) one thing\b",
            "given contradictory misleading messages, one thing",
        ),
        # problems that never came: "never had a billing problem"
        (
            ("never",),
            r"\bnever (?:once |ever )?(?:had|ran into|run into|experienced|faced|hit)\s+(?:a |an |"
            r"any |one |a single )?(?:\w+\s+)?(?:problems?|issues?|outages?|complaints?|bugs?|"
            r"glitch(?:es)?|errors?|downtime|hiccups?)\b(?![^.!?]*\buntil\b)",
            "flawless",
        ),
    )
)


# en-ens-22 (enneg): a wish for what is missing, said politely ("I would appreciate more
# clarity on ...", "I'd welcome a more open process", "would have appreciated fewer slides")
# is a complaint; asking for more of the same ("more sessions like this") is praise.
_POLITE_WISH_RE = re.compile(
    r"\b(?:i|we)(?:['’]d| would)(?: (?:really|certainly|greatly|much|definitely))?\s+"
    r"(?:appreciate|welcome|have appreciated|have liked|have preferred|have welcomed|"
    r"like to see|love to see)\s+(?=(?:it if|if|more|better|clearer|fewer|less|some (?:actual|"
    r"real)|actual|real|proper|earlier|faster|quicker|an? (?:more|better|clearer|proper|"
    r"bit more|little more|clearer|real))\b)",
    re.IGNORECASE,
)
# what was missing, told as a need: "I needed some better instructions", "we had hoped for
# clearer slides", "expected more structure"
_UNMET_NEED_RE = re.compile(
    r"\b(?:i|we)\s+(?:really\s+)?(?:needed|expected|had hoped for|was hoping for|were hoping for|"
    r"hoped for)\s+(?:some |a (?:bit|little) |a lot |much |far )?(?=(?:more|better|clearer|"
    r"fewer|less)\b)",
    re.IGNORECASE,
)
# "it would be nice / helpful if ..." that names what is wrong ("... actually hear back",
# "... rather than just announced", "... did not require three calls")
_WISH_IF_RE = re.compile(
    r"^\W*(?:it\s+)?would (?:have )?(?:be(?:en)? (?:nice|helpful|good|great|useful)|help)\s+"
    r"(?=(?:if|to)\b)",
    re.IGNORECASE,
)
_WISH_FAULT_RE = re.compile(
    r"n['’]t\b|\b(?:not|never|actually|actual|rather than|instead of|for once|finally|"
    r"just|without)\b",
    re.IGNORECASE,
)
_MORE_OF_THE_SAME_RE = re.compile(
    r"\b(?:like (?:this|that|these|it|today)|of (?:this|these|the same)|again|too)\b",
    re.IGNORECASE,
)
# praise, then a reservation: "the team is great, however the workload is unsustainable",
# "lovely people, shame about the overtime". A reservation that carries no praise of its
# own outweighs the praise before it.
# ("although" and ", though" open a concession that yields to the clause before it, as in
# ``last_clause``; the adverb "yet" and a closing "..., yet" are not contrasts.)
_RESERVATION_RE = re.compile(
    r"(?:,\s*|\s+)(?:but|however)\b,?|,\s*yet\b,?(?=\s+\w)|;\s*|,\s*(?:(?:a |"
    # (en-ens-37: "nice colour, shame the handle snapped": the regret needs no "about")
    r"what a |(?:it['’]?s )?a real |(?:it['’]?s )?a )?(?:shame|pity)(?: about| that)?)\b(?=\s+\w)",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?]+(?:\s|$)")
_CLAUSE_END_RE = re.compile(r"[.!?]+(?:\s|$)|[,;:(]")
_LEXICON_WORD_RE = re.compile(r"[a-z']+")
# VADER scores these positive though in a reservation they are not praise ("felt like a
# sales pitch", "please fix", "ok")
_CONCESSION_WORDS = frozenset(
    {"sure", "granted", "true", "admittedly", "yes", "yeah", "agreed", "certainly", "of course"}
)
_NOT_PRAISE = frozenset({"like", "please", "ok", "okay", "yes", "want", "wants", "wanted"})


def _has_praise(clause: str, strength: float) -> bool:
    lexicon = _vader().lexicon
    return any(
        lexicon.get(word, 0.0) >= strength and word not in _NOT_PRAISE
        for word in _LEXICON_WORD_RE.findall(clause.lower())
    )


def _reservation(text: str) -> str:
    match = _RESERVATION_RE.search(text)
    if match is None:
        return text
    # the praise and the reservation of one sentence
    head = _CLAUSE_END_RE.split(text[: match.start()])[-1]
    tail = _SENTENCE_END_RE.split(text[match.end() :], maxsplit=1)[0]
    # (a bracket straight after "but" opens an aside, not the reservation; a lone "sure" or
    # "granted" before "but" concedes a fault, it praises nothing: "it has flaws, sure, but
    # I'd watch it again", en-ens-37)
    if (
        head.strip().lower() in _CONCESSION_WORDS
        or not _LEXICON_WORD_RE.search(tail.lower())
        or tail.lstrip().startswith("(")
        or not _has_praise(head, 0.8)
        or _has_praise(tail, 0.1)
    ):
        return text
    rest = text[match.end() :]
    return f"{text[: match.start()]}, but sadly{rest if rest.startswith(' ') else ' ' + rest}"


def survey_rewrite(text: str) -> str:
    """An answer from a survey comment box with its idioms made plain evaluative words."""
    text = _apply_cued(text, _SURVEY_PHRASES)
    lower = text.lower()
    if any(cue in lower for cue in ("appreciate", "welcome", "liked", "preferred", "to see")):
        match = _POLITE_WISH_RE.search(text)
        if match and not _MORE_OF_THE_SAME_RE.search(text, match.end()):
            text = text[: match.start()] + "disappointing, sadly lacking " + text[match.end() :]
    if any(cue in lower for cue in ("needed", "expected", "hop")):
        match = _UNMET_NEED_RE.search(text)
        if match and not _MORE_OF_THE_SAME_RE.search(text, match.end()):
            text = text[: match.start()] + "disappointing, sadly lacking " + text[match.end() :]
    if _WISH_IF_RE.match(text) and _WISH_FAULT_RE.search(text):
        text = _WISH_IF_RE.sub("sadly disappointing, it is not the case ", text, count=1)
    if any(cue in lower for cue in ("but", "however", "yet", ";", "shame", "pity")):
        text = _reservation(text)
    return text


def is_suggestion(text: str) -> bool:
    """A neutrally told suggestion, not one that names a fault."""
    return bool(_SUGGESTION_RE.match(text)) and not _SUGGESTION_COMPLAINT_RE.search(text)


# ---- end of the survey comment block --------------------------------------------------------
