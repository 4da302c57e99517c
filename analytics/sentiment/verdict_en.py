"""Which part of an English comment carries its verdict (issue 14, engen; en-ens-37).

Rules written from examples fitted their own sets and transferred only partly; these are
mechanisms of how a verdict is placed in a sentence, each checked on every labelled set:

- a question-and-answer review ("Q: is it loud? A: barely a whisper") is judged by its
  answer; the question only sets the topic (``answer_of_qa``);
- a post that tells something evaluative and then closes with a question ("seat broke,
  screen broke, meal cold. anything else?") is a complaint or praise with a question, not a
  request for information (``told_before_question``).
"""

from __future__ import annotations

import re

# "Q: does it fit a 15 inch laptop? A: yes, ..." (also "Question: ... Answer: ...")
_QA_RE = re.compile(
    r"^\W*(?:q|question)\s*[:.)-]\s*(?P<q>[^?]*\?+)\s*(?:a|answer)\s*[:.)-]\s*(?P<a>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
# the last sentence of a post when it is a question: what precedes it was told
_CLOSING_QUESTION_RE = re.compile(r"(?:^|(?<=[.!]))\s*[^.!?]*\?+\W*$")


def answer_of_qa(text: str) -> str:
    """The answer of a question-and-answer review, or the text unchanged."""
    if "?" not in text:
        return text
    match = _QA_RE.match(text)
    return match.group("a") if match else text


def told_before_question(text: str) -> str | None:
    """What a post tells before a closing question ("seat broke, meal cold. anything else?"
    → "seat broke, meal cold."), or None when the post is a question only."""
    if not text.rstrip().endswith("?"):
        return None
    match = _CLOSING_QUESTION_RE.search(text)
    if match is None or match.start() == 0:
        return None
    told = text[: match.start()].strip()
    return told if len(told.split()) >= 2 else None


# ---- negation and litotes (en-ens-37) ------------------------------------------------------
# The n-gram model marks three words after a negator and VADER looks three words back, so a
# negation a little further away, or one that negates a fault, is read the wrong way round.
# Each class below is a way of saying the opposite of its words, made plain; the polar words
# of the classes that are open (a negated fault, "far from" a quality) come from VADER's
# lexicon, not from a list.
_AUX_NEG = r"(?:can(?:no|['’])t|can not|(?:could|do|does|did|would)(?:n['’]t| not)|never)"
_CLASSES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        # finding no fault: "couldn't find a single fault", "struggled to find anything
        # wrong", "can't say anything bad about it", "hard pressed to name a flaw"
        (
            r"\b(?:" + _AUX_NEG + r"|struggled?|struggling|"
            r"hard(?: pressed)?|impossible)\s+(?:to\s+)?(?:find|say|think of|name|come up with|"
            r"fault)\s+(?:a\s+single|any|anything|one|much|a)?\s*(?:(?:bad|wrong|negative)\s+)?"
            r"(?:thing\s+)?(?:bad|wrong|negative|faults?|flaws?|complaints?|issues?|problems?|"
            r"to complain about|to fault|to criticis[ez])\b",
            "found it flawless",
        ),
        (r"\b(?:can(?:no|['’])t|can not|could(?:n['’]t| not))\s+fault\b", "found it flawless with"),
        # a superlative told as a memory: "can't remember a better roast", "I can't think of
        # a worse way to spend an evening"
        (
            r"\b" + _AUX_NEG + r"\s+(?:remember|recall|think of|imagine|"
            r"name)\s+(?:a|an|any)\s+better\b",
            "this is the best",
        ),
        (
            r"\b" + _AUX_NEG + r"\s+(?:remember|recall|think of|imagine|"
            r"name)\s+(?:a|an|any)\s+worse\b",
            "this is the worst",
        ),
        # a disappointment denied at a distance: "I don't think you'll be disappointed",
        # "I doubt anyone will be let down"
        (
            r"\b(?:i\s+)?(?:(?:do|does)(?:n['’]t| not)\s+(?:think|believe|imagine|expect)|"
            r"doubt)\s+(?:that\s+)?"
            r"(?:you|anyone|anybody|u|we|they|people)(?:['’]ll|['’]d| will| would| could)\s+"
            r"(?:ever\s+)?(?:be\s+)?(?:disappointed|let down|sorry|regret\w*)\b",
            "you will be delighted",
        ),
        # weighing: what makes up for a fault wins, unless it only almost does
        (
            r"\b(?:almost|nearly|barely|hardly|" + _AUX_NEG + r"(?:\s+quite)?)\s+"
            r"(?:make|makes|made)\s+up\s+for\b",
            "sadly fails to outweigh",
        ),
        (r"\b(?:more than\s+)?(?:makes|made|make)\s+up\s+for\b", "is wonderful and outweighs"),
        # bad advice told as thrift: "save your money", "save yourself the trouble"
        (
            r"\bsave\s+(?:yourself|your\s*self|you)\s+(?:the|some|a lot of)?\s*(?:money|cash|"
            r"time|trouble|bother|hassle|effort|ticket|price|heartache|pain)\b|\bsave\s+your\s+"
            r"(?:money|cash|time|pennies|breath|ticket)\b",
            "avoid it, a waste",
        ),
        # a hedge that takes praise back: "lasts a week, if you're lucky"
        (
            r",?\s*if\s+(?:you['’]re|you are|you|u r|ur)\s+(?:very\s+|really\s+)?lucky\b",
            " at most, sadly",
        ),
        # reluctance to leave: "the kids didn't want to leave", "never wanted it to end"
        (
            r"\b" + _AUX_NEG + r"\s+want\s+(?:to\s+(?:leave|go home|stop)|it\s+to\s+"
            r"end)\b|\bnever\s+wanted\s+(?:to\s+leave|it\s+to\s+end)\b",
            "loved it",
        ),
    )
)
_CLASS_CUES = (
    "fault",
    "wrong",
    "bad",
    "negative",
    "flaw",
    "complain",
    "issue",
    "problem",
    "criticis",
    "better",
    "worse",
    "disappoint",
    "let down",
    "sorry",
    "regret",
    "make up for",
    "makes up for",
    "made up for",
    "save",
    "lucky",
    "want",
)
# "far from perfect", "anything but clean", "not bad at all", "wasn't terrible either": the
# polar word is looked up in VADER's lexicon; words whose negation is itself a complaint
# ("not cheap") or idiom ("not bad, but") are handled elsewhere or left alone.
_FAR_FROM_RE = re.compile(
    r"\b(?:far from|anything but|nowhere near)\s+(?:the\s+|being\s+|a\s+)?([a-z]+)\b",
    re.IGNORECASE,
)
_NEGATED_FAULT_RE = re.compile(
    # a copula negated ("wasn't terrible", "is not dirty at all", "never felt rushed") or a
    # phrase that opens on "not" ("not bad for the price"); an imperative ("don't waste your
    # money") is advice, not a negated fault, and a noun after the word ("aren't death
    # scenes") means the word was not the predicate
    r"(?:\b(?:is|was|are|were|seem|seems|seemed|look|looks|looked|feel|feels|felt|sound|"
    r"sounds|sounded)(?:n['’]t|\s+not)(?:\s+(?:at all|even))?|\b(?:it|that|this|they|he|"
    r"she|you|we|i)['’](?:s|re|m)\s+not|(?:^|(?<=[.!,;]))\s*not)"
    r"\s+(?:(?:so|too|that|very|all that|overly|particularly|terribly|really|remotely|even|"
    r"a bit|at all)\s+)?([a-z]+)(?=\s*(?:$|[.!,;:)]|at all\b|either\b|for\b|and\b|but\b|"
    r"though\b|in the\b))",
    re.IGNORECASE,
)
_NOT_A_FAULT = frozenset({"cheap", "miss", "stop", "leave", "lie", "joke", "kidding", "lost"})
_WHAT_BEFORE_RE = re.compile(r"\bwhat\s*$", re.IGNORECASE)
FAULT_VALENCE = -1.5
PRAISE_VALENCE = 1.5


def _lexicon() -> dict[str, float]:
    from analytics.sentiment.features_en import _vader

    lexicon: dict[str, float] = _vader().lexicon
    return lexicon


def negation_rewrite(text: str) -> str:
    """Negations and litotes whose words say the opposite of what they mean, as plain
    evaluative words (see the block comment)."""
    lower = text.lower()
    if any(cue in lower for cue in _CLASS_CUES):
        for pattern, replacement in _CLASSES:
            text = pattern.sub(replacement, text)
    if "far from" in lower or "anything but" in lower or "nowhere near" in lower:
        text = _FAR_FROM_RE.sub(_far_from, text)
    if "not" in lower or "n't" in lower or "n’t" in lower or "never" in lower:
        text = _NEGATED_FAULT_RE.sub(_negated_fault, text)
    return text


def _far_from(match: re.Match[str]) -> str:
    valence = _lexicon().get(match.group(1).lower(), 0.0)
    if valence >= PRAISE_VALENCE:
        return "disappointing"
    if valence <= FAULT_VALENCE:
        return "decent"
    return match.group(0)


def _negated_fault(match: re.Match[str]) -> str:
    word = match.group(1).lower()
    # "why fix what isn't broken": the proverb complains of a needless change
    if _WHAT_BEFORE_RE.search(match.string, 0, match.start()):
        return match.group(0)
    if word in _NOT_A_FAULT or _lexicon().get(word, 0.0) > FAULT_VALENCE:
        return match.group(0)
    # "wasn't bad" loses its verb with the negation; "not bad" keeps the one before it
    lead = match.group(0).lstrip()
    # keep what opened the match ("," or the subject) and say it plainly
    head = match.group(0)[: len(match.group(0)) - len(lead)]
    if lead[:3].lower() == "not":
        return head + "good"
    return head + re.split(r"\s|n['’]t", lead, maxsplit=1)[0] + " good"
