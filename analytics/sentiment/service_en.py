"""English customer-service posts: noise out (handles, links, hashtags, codes), chat
abbreviations spelt out, sarcasm, thanks for an action, and the rule tables of
``service_phrases_en`` and ``service_round3_en`` (complaints told as facts, thanks for a
problem solved) applied by ``service_rewrite``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analytics.sentiment.features_en import _vader
from analytics.sentiment.phrases_en import _spelling
from analytics.sentiment.prefilter import Prefiltered
from analytics.sentiment.service_phrases_en import SERVICE_PHRASES
from analytics.sentiment.service_round3_en import SERVICE_PHRASES_ROUND3

# ---- Customer-service posts (en-ens-16, issue 14 "ensvc") -----------------------------------
# Posts addressed to a company on social media: handles, links, hashtags, order and flight
# numbers, chat abbreviations, sarcasm, complaints told as plain facts and thanks for a
# problem solved. The noise carries no sentiment but its hashed n-grams collide with trained
# ones; the phrases are made plain evaluative words, as the review phrases
# (``phrases_en``).
_SERVICE_NOISE: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...] = tuple(
    (cues, re.compile(pattern, re.IGNORECASE), replacement)
    for cues, pattern, replacement in (
        (("rt ",), r"^\s*RT\s+@\w+:?", " "),
        (("http", "www", "t.co"), r"https?://\S+|www\.\S+|\bt\.co/\S+", " "),
        (("@",), r"(?<![\w@])@\w+:?", " "),
        # "#NeverAgain" is read as its words; "#448192" is a number
        (("#",), r"#(?=\d)[\w-]+", " "),
        # order, ticket and flight numbers, model and booking codes
        (
            tuple("0123456789"),
            r"\b(order|ticket|case|ref(?:erence)?|flight|booking|account|invoice|tracking|"
            r"parcel|claim|complaint|train|bus|room)\s*(?:no\.?|number|#)?\s*:?\s*"
            r"(?=[a-z]{0,3}\d)[a-z]{0,3}\d[\w-]*",
            r"\1",
        ),
        (tuple("0123456789"), r"\b[a-z]{1,3}\d{3,}[a-z]?\b", " "),
        # en-ens-26 (ensvc3): an elongated intensifier ("sooo slow", "tooooo long") is the
        # intensifier VADER knows; longer words are squashed by ``respell``
        (("soo", "tooo"), r"\b(s|to)o{2,}\b", r"\1o"),
    )
)
_SPACES_RE = re.compile(r"\s{2,}")
# (not before an emoticon: "now :/" stays two tokens, so VADER still reads ":/")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"(?<=\w)\s+([,;:])(?![-^']?[()\[\]/\\|DPpOo3*])")
_HASHTAG_RE = re.compile(r"#([A-Za-z][A-Za-z']*)")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Chat abbreviations and slang; "smh", "ffs" and "wtf" are VADER words but no n-gram knows
# them. (Spelt out here rather than added to the VADER lexicon, which the review models are
# trained with.)
_SERVICE_ABBREVIATIONS: dict[str, str] = {
    "thx": "thanks",
    "thnx": "thanks",
    "thanx": "thanks",
    "ty": "thank you",
    "tysm": "thank you so much",
    "tyvm": "thank you very much",
    "pls": "please",
    "plz": "please",
    "plse": "please",
    "smh": "so annoying",
    "ffs": "so annoying",
    "wtf": "terrible",
    "ngl": "",
    "tbh": "",
    "imo": "",
    "btw": "",
    "u": "you",
    "ur": "your",
    "rly": "really",
    "srsly": "seriously",
    "gr8": "great",
    "hrs": "hours",
    "mins": "minutes",
    # laughter marks irony as often as joy in a post to a company ("lol my parcel went on
    # holiday without me"); British praise and complaint words VADER lacks
    "lol": "",
    "lmao": "",
    "legend": "hero",
    "lifesaver": "wonderful",
    "slick": "excellent",
    "rubbish": "awful",
    "gutted": "devastated",
    "genius": "brilliant",
    "ta": "thanks",
    "shambles": "disgrace",
    # en-ens-30 (ensvc3): jeers and British praise VADER lacks
    "boo": "awful",
    "booo": "awful",
    "boooo": "awful",
    "chuffed": "delighted",
    "shoutout": "big thanks",
}
_ABBREVIATION_RE = re.compile(
    r"(?<![\w'’.])("
    + "|".join(sorted(_SERVICE_ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w'’.-])",
    re.IGNORECASE,
)
# Sarcasm: a marker that says the praise words around it mean their opposite ("oh great,
# another delay", "cheers for that 🙃", "just what I needed"). When one is present, the
# post's praise and thanks are read as complaint.
# Openers, tried at the start of the post only: "oh great, another delay", "great job, 40
# minute delay and not a single announcement" (praise followed by a complaint, no contrast).
_SARCASM_OPENER_RE = re.compile(
    # (en-ens-38: "yeah", "yay" and "gee" open sarcasm as "oh" does)
    r"\W*(?:(?:oh|wow|ah|yeah|yay|gee),?\s*)?(?:great|wonderful|lovely|brilliant|fantastic|"
    r"perfect|awesome|fab|super|marvell?ous|amazing)[,!.]*\s+(?:another|more|yet)\b|"
    r"\W*(?:oh|yeah|yay|gee),?\s+(?:great|wonderful|lovely|brilliant|fantastic|perfect|awesome|fab|super|"
    r"marvell?ous|amazing|joy)\b(?=.*\b(?:another|again|still|delay(?:ed|s)?|cancell?(?:ed|"
    r"ation)|no|not|never|nothing|nobody|no one|broken|down|wrong|lost|missing|hours?|days|"
    r"weeks)\b)|"
    r"\W*(?:(?:oh|wow),?\s+)?(?:(?:great|nice|good|brilliant|fantastic|excellent|amazing|"
    r"superb|stellar|top) (?:job|work|one|stuff|service)|well done|bravo|love (?:how|that|"
    r"the way))\b(?![^.!?]*\b(?:but|though|however|although)\b)(?=[^.!?]*\b(?:delay(?:ed|s)?|"
    r"cancell?(?:ed|ation)|late|again|still|not (?:a|one) single|another|never|no (?:one|"
    r"signal|reply|response|update|announcement|refund|food|service|answer))\b)|"
    # en-ens-26 (ensvc3): a lone word of praise, then what failed: "great, now the app won't
    # even open", "perfect. card declined again"; not when the post goes on to thank or to
    # say that something works again ("brilliant, it doesn't crash any more")
    r"\W*(?:(?:oh|well|wow|ah),?\s+)?(?:great|fantastic|brilliant|perfect|lovely|wonderful|"
    r"cool|nice|super|awesome|amazing|marvell?ous|terrific|excellent|fab)\s*[.!,]+\s+"
    r"(?![^.!?]*\b(?:thanks?|thank you|cheers|but|though|however|although|no longer|any ?more|"
    r"issues?|problems?|fixed|sorted|resolved|work\w* again|back (?:up|on))\b)"
    r"(?=[^.!?]*\b(?:won['’]?t|can['’]?t|cannot|doesn['’]?t|don['’]?t|isn['’]?t|not|never|"
    r"still|again|cancell?ed|delayed|lost|broken|missing|stuck|declined)\b)",
    re.IGNORECASE,
)
# Markers anywhere: 🙃, "/s", "yeah right", thanks for a harm ("thanks for ruining my trip"),
# "as always" closing a complaint, "wow thanks, another ...", "love how it's late every day".
_SARCASM_CUES = (
    "🙄",
    "😒",
    "no one",
    "nobody",
    "never",
    "locked out",
    "cancel",
    "delay",
    "waiting",
    "again",
    "hours",
    "still",
    "times",
    "twice",
    "changed",
    "every",
    "no ",
    "🙃",
    "/s",
    "sarcasm",
    "right",
    "love",
    "thank",
    "cheers",
    "well done",
    "good job",
    "smashed",
    "broke",
    "damaged",
    "crushed",
    "ruined",
    "lost",
    "missing",
    "wrong",
    "as always",
    "as usual",
    "wow",
    "oh",
    # en-ens-26 (ensvc3)
    "n't",
    "cannot",
    "enjoy",
    "adore",
    "glad",
    "happy",
    "pleased",
    "closed",
    "shut",
    "charged",
    "refused",
    "denied",
    "stranded",
    "raised",
    "hiked",
)
_SARCASM_MARK_RE = re.compile(
    r"🙃|🙄|😒|(?:^|\s)/s\b|#sarcasm\b|\byeah,? right\b|"
    # a closing word of praise after a complaint: "... and no one on the phone line. brilliant"
    r"\b(?:no one|nobody|never|still|again|locked out|cancell?ed|delayed|waiting|twice|"
    # en-ens-28 (ensvc3): hours waited, not a speed ("delivered within 2 hours, lifesaver");
    # a price raised ("raised the price and removed half the shows. great value"; not
    # "removed" or "increased" alone, which reviews use for praise)
    r"(?<!within \d )(?<!within \d\d )(?<!in \d )(?<!in \d\d )(?<!under \d )hours|"
    r"raised (?:the |my |our |its |your )?(?:price|prices|fees?|bill|rates?)|hiked|"
    # en-ens-26 (ensvc3): ... or after a thing that cannot be done ("I can't log in at all.
    # great job"); not the praise idioms "can't fault / thank / wait / believe / beat"
    r"can['’]?t(?! (?:fault|thank|wait|believe|recommend|complain|beat|praise|ask))|cannot|"
    r"won['’]?t|(?:doesn|isn|didn)['’]?t work(?:ing)?|not working|closed|shut|charged|refused|"
    r"denied|stranded|"
    r"\d+ times|changed|every (?:single )?(?:day|time)|no (?:reply|"
    r"response|answer|signal|update|trains?|service|show|refund))\b[^!?]*[.!,]\s*(?:just |"
    r"absolutely |really |oh )?(?:great (?:job|work|stuff|service)|good (?:work|stuff)|"
    r"thanks (?:guys|team|folks|again)|(?:real |very |so )?classy|great value|value for money|"
    r"brilliant|great|lovely|fantastic|perfect|nice one|cheers|"
    r"wonderful|superb|marvell?ous|amazing|fab|top work|good job|well done|thanks a lot|"
    r"thanks for that|cheers for that)[.!]*\s*$|"
    # en-ens-24 (ensvc2): the same after a thing broken or lost ("smashed vase inside. thanks a
    # lot", "patch broke more than it fixed. well done"), unless it was then put right
    # (en-ens-29: not a problem denied, "nothing missing, everything fresh. perfect")
    r"(?<!nothing )(?<!none )(?<!no )(?<!not )(?<!never )(?<!nothing was )(?<!none were )"
    r"\b(?:smashed|broke|broken|damaged|crushed|ruined|lost|missing|wrong)\b(?![^!?]*\b(?:"
    r"found|replac\w*|refund\w*|sorted|resolved|restored|back (?:on|up|to normal)|now "
    r"(?:fixed|working))\b)[^!?]*[.!,]\s*(?:just |absolutely |really |oh )?(?:brilliant|"
    r"great|lovely|fantastic|perfect|nice one|cheers|wonderful|superb|fab|good job|well done|"
    r"thanks a lot|thanks for that|cheers for that)[.!]*\s*$|"
    r"\blove (?:that for me|it when)\b|\bthanks for nothing\b|"
    r"\b(?:thanks?|thank you|cheers)(?: (?:a lot|so much))? for (?:ruin|wast|los|cancel|"
    r"mak(?:e|ing) (?:me|us)|charg|ignor|leav(?:e|ing) (?:me|us)|break|delay|ghost|nothing)|"
    r"\bas (?:always|usual)\b(?=[^.!?]*$)|"
    # loving a hardship: "just love waiting 2 hours", "gotta love being put on hold", "love
    # paying £9 for a sandwich"; paying, spending, sitting and standing only with what made
    # them a hardship (an amount, a time, a place of waiting)
    r"\b(?:love|loving|enjoy|enjoying|adore)\s+(?:(?:being|getting)\s+(?:charged|"
    r"overcharged|ignored|bumped|cut off|put on hold|kept waiting|transferred|messed about|"
    r"lied to|stranded|stuck|cancell?ed on|hung up on)|waiting|queu(?:e)?ing|chasing|"
    r"explaining|repeating|wasting|refreshing|(?:paying|spending|sitting|standing)\b"
    r"(?! (?:less|only|just|nothing|half)\b)(?=[^.!?]{0,40}?(?:\d|£|\$|€|\b(?:hours?|"
    r"minutes|mins|ages|extra|double|twice|more|tarmac|platform|queue|hold|delay\w*|"
    r"airport|terminal|station|motorway|traffic|bus stop|waiting room)\b)))"
    r"\b|"
    # glad to have paid for what then failed: "so glad I paid extra for priority boarding to
    # then stand in the same queue"
    r"\b(?:glad|happy|pleased) (?:i|we) (?:paid|booked|chose|bought|upgraded|bothered|"
    r"spent)\b(?=[^.!?]*\b(?:only to|to then|just to|and still|and then)\b)|"
    r"\b(?:wow|oh),?\s+(?:thanks|thank you|cheers)\b(?=.*\b(?:another|again|still|no|"
    r"not|never)\b)|"
    r"\blove (?:how|that|the way)\b(?=[^.!?]*\b(?:late|again|still|never|every single|"
    r"delay(?:ed)?|cancell?ed|broken|down|no one|nobody)\b)",
    re.IGNORECASE,
)
# en-ens-26 (ensvc3): a word of praise in scare quotes is mentioned, not meant: "the 'free'
# wifi asked for my card", "your 'customer care' team" (the quoted words are praise or the
# service's own promise; a short span, not a quoted sentence)
_SCARE_QUOTE_RE = re.compile(r"(?<![\w'’])['‘\"“]([A-Za-z][\w\s-]{0,30}?)['’\"”](?![\w'’])")
_PROMISE_WORDS = frozenset(
    {
        "service",
        "support",
        "help",
        "care",
        "guaranteed",
        "priority",
        "premium",
        "express",
        "unlimited",
        "instant",
        "feature",
        "upgrade",
        "gesture",
        "goodwill",
        "compensation",
        "security",
        "fast",
        "quick",
        "free",
        "fixed",
        "resolved",
        "sorted",
        "delivered",
        "deluxe",
        "luxury",
        "superior",
        "executive",
        "vip",
        "smart",
        "comfort",
        "inclusive",
        "all-inclusive",
        "included",
        "complimentary",
        "guarantee",
    }
)


_STATUS_BEFORE_QUOTE_RE = re.compile(
    r"\b(?:been|is|was|says|said|shows?|showing|status|marked(?: as)?|reads|stuck (?:on|at|in)|"
    r"still|as|of)\s*$",
    re.IGNORECASE,
)


def _unquote_praise(match: re.Match[str]) -> str:
    """A scare-quoted span with its praise words dropped ("'free' wifi" -> "so-called
    wifi"); other quotes ("says 'pending'") are left as they are."""
    words = match.group(1).split()
    if _STATUS_BEFORE_QUOTE_RE.search(match.string, 0, match.start()):
        return match.group(0)  # a status quoted from the app or tracking page: "says 'sent'"
    lexicon = _vader().lexicon
    kept = [w for w in words if not (w.lower() in _PROMISE_WORDS or lexicon.get(w.lower(), 0) > 0)]
    if len(words) > 4 or len(kept) == len(words):
        return match.group(0)
    return " ".join(["so-called", *kept])


_SARCASTIC_PRAISE_RE = re.compile(
    r"\b(?:thanks?(?: you)?(?: (?:a lot|so much|for that|for nothing))?|cheers(?: for that)?|"
    r"great|wonderful|lovely|brilliant|fantastic|perfect|awesome|amazing|stellar|excellent|"
    r"superb|impressive|nice(?: one)?|well done|good job|fab|genius|love|loving|marvell?ous|"
    r"joy|needed|wanted|best|glad|happy|pleased|enjoy|enjoying|adore|classy)\b",
    re.IGNORECASE,
)
# Complaints told as facts, and thanks for a problem solved.
_SERVICE_PHRASES: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...] = tuple(
    # (cues, pattern, replacement): a pattern is tried only when one of its cues is in the
    # lower-cased post, which keeps the cost per comment low
    (
        tuple(cue.replace("_", " ") for cue in cues.split()),
        re.compile(pattern, re.IGNORECASE),
        replacement,
    )
    for cues, pattern, replacement in (*SERVICE_PHRASES, *SERVICE_PHRASES_ROUND3)
)
# Thanks for an action: what was done ("for refunding the scam payment", "who found my lost
# passport") names the problem solved, not the company; only the thanks is scored.
_THANKS_CUES = ("thank", "grateful", "appreciate", "kudos", "props", "shout")
_THANKS_FOR_RE = re.compile(
    r"\b((?:thanks?|thank you|grateful|appreciate(?: it)?|kudos|props|shout ?out)"
    r"\b[^.!?]{0,40}?\b(?:for|who|that))\s+(?:(?:so |very |really )?(?:quickly |finally |"
    r"kindly )?(?:fix|sort|refund|replac|resolv|help|catch|caught|find|found|recover|restor|"
    r"rebook|upgrad|waiv|hold|held|got|get|chas|return|sent|send|process|swap|exchang|credit|"
    r"handl|manag|organi[sz]|arrang|accommodat|tak(?:e|ing) care|took care|wait|"
    r"compensat|reimburs|sav|spott|spot|stopp|block|track|look|stay|explain|reply|repli|"
    r"respond|answer|call|check|deal|went|go)\w*)\b[^.!?,;]*",
    re.IGNORECASE,
)
#: English-only emoji of service posts that the shared table lacks (🙃 is a sarcasm mark).
SERVICE_EMOJI: dict[str, float] = {
    "🙌": 1.0,
    "👌": 0.8,
    "🥂": 0.8,
    "🔥": 0.6,
    "🤡": -0.8,
    "🤷": -0.3,
}


class _CueIndex:
    """Which rules of a ``(cues, pattern, replacement)`` table have a cue in a text, found
    without testing every cue of every rule. A cue's first whitespace-free piece lies inside
    one whitespace-free chunk of the text, so the pieces are looked for chunk by chunk, and
    what a chunk holds is remembered (comments reuse their words); a cue with whitespace is
    then tested on the whole text. A new chunk is searched only for the pieces that start
    with one of its three-character substrings (and the pieces shorter than three)."""

    _KEY = 3
    #: chunks remembered per table before the memory is emptied
    _CHUNKS = 50_000

    def __init__(self, rules: Sequence[tuple[tuple[str, ...], re.Pattern[str], str]]) -> None:
        self.rules = rules
        self.rules_of: dict[str, list[int]] = {}
        for i, (cues, _, _) in enumerate(rules):
            for cue in cues:
                self.rules_of.setdefault(cue, []).append(i)
        #: cues of whitespace only, tested on the whole text
        self.blank = [cue for cue in self.rules_of if not cue.split()]
        self.cues_of: dict[str, list[str]] = {}
        for cue in self.rules_of:
            if cue.split():
                self.cues_of.setdefault(cue.split()[0], []).append(cue)
        self.short = [piece for piece in self.cues_of if len(piece) < self._KEY]
        self.by_key: dict[str, list[str]] = {}
        for piece in self.cues_of:
            if len(piece) >= self._KEY:
                self.by_key.setdefault(piece[: self._KEY], []).append(piece)
        self.chunks: dict[str, tuple[str, ...]] = {}

    def _pieces(self, chunk: str) -> tuple[str, ...]:
        k = self._KEY
        found = [piece for piece in self.short if piece in chunk]
        keys = {chunk[j : j + k] for j in range(len(chunk) - k + 1)}
        for key in keys.intersection(self.by_key):
            found.extend(piece for piece in self.by_key[key] if piece in chunk)
        return tuple(found)

    def cued(self, lower: str, start: int) -> list[int]:
        """Indices (ascending, from ``start``) of the rules with a cue in ``lower``."""
        chunks = self.chunks
        found: set[int] = set()
        for chunk in set(lower.split()):
            pieces = chunks.get(chunk)
            if pieces is None:
                if len(chunks) >= self._CHUNKS:
                    chunks.clear()
                pieces = chunks[chunk] = self._pieces(chunk)
            for piece in pieces:
                for cue in self.cues_of[piece]:
                    if cue == piece or cue in lower:
                        found.update(self.rules_of[cue])
        for cue in self.blank:
            if cue in lower:
                found.update(self.rules_of[cue])
        return sorted(i for i in found if i >= start)


_CUE_INDEXES: dict[int, _CueIndex] = {}


def _apply_cued(text: str, rules: Sequence[tuple[tuple[str, ...], re.Pattern[str], str]]) -> str:
    """Apply ``(cues, pattern, replacement)`` rules in order; a rule runs only when one of its
    cue strings is in the text as rewritten so far (the service and survey blocks)."""
    index = _CUE_INDEXES.get(id(rules))
    if index is None or index.rules is not rules:
        index = _CUE_INDEXES[id(rules)] = _CueIndex(rules)
    pending = index.cued(text.lower(), 0)
    while pending:
        i = pending.pop(0)
        _, pattern, replacement = rules[i]
        rewritten = pattern.sub(replacement, text)
        if rewritten != text:
            # the rewrite may add or remove cues of the rules after this one
            text = rewritten
            pending = index.cued(text.lower(), i + 1)
    return text


def service_emoji_score(text: str) -> float:
    """Polarity of the emoji of service posts that the shared table lacks."""
    return sum(SERVICE_EMOJI.get(ch, 0.0) for ch in text if ord(ch) >= 0x2600)


# en-ens-29 (ensvc3): "shocked in a good way", "scary quick, in the best sense": the phrase
# says the alarming words just before it are praise (not "and not in a good way")
_GOOD_WAY_RE = re.compile(
    r"\b(?:([a-z']+) )?([a-z']+),? in (?:a|the) (?:good|best|nice|positive) (?:way|sense)\b",
    re.IGNORECASE,
)


def _good_way(match: re.Match[str]) -> str:
    words = [w for w in match.groups() if w]
    if any(w.lower() in {"not", "never", "no"} for w in words):
        return match.group(0)
    lexicon = _vader().lexicon
    kept = [w for w in words if lexicon.get(w.lower(), 0.0) >= 0]
    return " ".join([*kept, "wonderfully"])


def _segment(word: str) -> str:
    """A hashtag typed in one case ("happycustomer", "neveragain") split into known words,
    preferring few long words; unchanged when it cannot be split (en-ens-30)."""
    known, _ = _spelling()
    n = len(word)
    best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, [])
    for end in range(1, n + 1):
        for start in range(max(0, end - 15), end):
            prev = best[start]
            piece = word[start:end]
            if prev is None or (len(piece) < 3 and piece not in {"a", "i", "no", "my", "to"}):
                continue
            if piece in known:
                score = prev[0] + len(piece) ** 2
                current = best[end]
                if current is None or score > current[0]:
                    best[end] = (score, [*prev[1], piece])
    found = best[n]
    return " ".join(found[1]) if found is not None and len(found[1]) > 1 else word


def _hashtag(match: re.Match[str]) -> str:
    tag = match.group(1)
    if len(tag) >= 6 and (tag.islower() or tag.isupper()):
        known, _ = _spelling()
        if tag.lower() not in known:
            return _segment(tag.lower())
    return _CAMEL_RE.sub(" ", tag)


def _abbreviation(match: re.Match[str]) -> str:
    return _SERVICE_ABBREVIATIONS[match.group(1).lower()]


# Tested on every post (or on many) and matched by few: skipped when none of their cues is there.
_ABBREVIATION = Prefiltered(_ABBREVIATION_RE)
_SARCASM_MARK = Prefiltered(_SARCASM_MARK_RE)


def service_rewrite(text: str) -> str:
    """A post to a company made plain: noise out, abbreviations spelt, sarcasm, complaints
    told as facts and thanks for a problem solved as evaluative words."""
    lower = text.lower()
    for cues, pattern, replacement in _SERVICE_NOISE:
        if any(map(lower.__contains__, cues)):
            text = pattern.sub(replacement, text)
    if "#" in text:
        text = _HASHTAG_RE.sub(_hashtag, text)
    text = _ABBREVIATION.sub(_abbreviation, text)
    lower = text.lower()
    scare_quoted = False
    if any(q in text for q in "'‘\"“"):
        unquoted = _SCARE_QUOTE_RE.sub(_unquote_praise, text)
        scare_quoted, text = unquoted != text, unquoted
    if (
        scare_quoted
        or _SARCASM_OPENER_RE.match(text)
        or (any(map(lower.__contains__, _SARCASM_CUES)) and _SARCASM_MARK.search(text))
    ):
        text = _SARCASTIC_PRAISE_RE.sub("annoying", text)
    elif any(map(lower.__contains__, _THANKS_CUES)):
        text = _THANKS_FOR_RE.sub(r"\1 helping", text)
    if " way" in text or " sense" in text:
        text = _GOOD_WAY_RE.sub(_good_way, text)
    text = _apply_cued(text, _SERVICE_PHRASES)
    return _SPACE_BEFORE_PUNCT_RE.sub(r"\1", _SPACES_RE.sub(" ", text)).strip()


# ---- end of the customer-service block ------------------------------------------------------


# ---- survey comment-box answers (issue 14, enmix; en-ens-21) --------------------------------
# What respondents write in an eNPS, customer NPS or workshop comment box. Each rule runs only
