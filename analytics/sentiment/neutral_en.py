"""English neutral comments: empty answers, requests for information (a yes/no or wh- question,
"please send ...", a DM sent, a reference passed on) as opposed to rhetorical complaints, and
the neutral scaling (``NeutralCalibration``) fitted by ``calibrate.py``."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analytics.sentiment.base import NEUTRAL_THRESHOLD
from analytics.sentiment.linear import MODELS_DIR
from analytics.sentiment.prefilter import Prefiltered
from analytics.sentiment.survey_en import _NON_ANSWER_RE, is_suggestion

CALIBRATION_PATH = MODELS_DIR / "en_neutral.json"
_NULL_COMMENT_RE = re.compile(
    r"^\W*(?:n/?a|none|nil|nothing|no comments?|nothing (?:else )?to add|no|-+|\.+)\W*$",
    re.IGNORECASE,
)
_NOT_A_QUESTION_RE = re.compile(
    r"^\W*(?:(?:is|are|was|were|am|do|does|did|can|could|will|would|should|shall|may|has|have|"
    r"had)(?:n['’]?t\b|\s+not\b|\s+(?:been|be|recommend|definitely|never|always|go|work|"
    r"buy|return|come)\b)|what an?\b|how (?:stupid|great|nice|sad|awful|lovely|wonderful|"
    r"annoying|disappointing|cool|amazing)\b)",
    re.IGNORECASE,
)
_QUESTION_START_RE = re.compile(
    r"^\W*(?:is|are|was|were|am|do|does|did|can|could|will|would|should|shall|may|has|have|"
    r"had|how|what|when|where|which|who|whom|whose|any|anyone|anybody)\b",
    re.IGNORECASE,
)
_REQUEST_START_RE = re.compile(
    r"^\W*(?:please|pls|kindly|could you|can you|would you|let me know|send me|dm me|"
    r"i(?:'d| would) like|i need|i want to (?:change|update|cancel|move|add|know))\b",
    re.IGNORECASE,
)
_REQUEST_ANYWHERE_RE = re.compile(
    r"\b(?:please|pls|kindly)\s+(?:check|send|confirm|update|advise|let me know|call|email|dm|"
    r"tell|help me (?:find|with)|resend|forward|add|change|cancel)\b|"
    # en-ens-29: "my order number is 77120, I need to add an item"
    r"\bi (?:need|want|would like|['’]d like) to (?:add|change|update|amend|move|book|check|"
    r"know|transfer|renew|upgrade|switch)\b",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
# (en-ens-29: with a retweet's "RT" before the handle)
_LEADING_TAGS_RE = re.compile(r"^(?:\s*(?:RT\s+)?[@#][\w.]+[:,]?)+\s*")
# en-ens-26 (ensvc3): "do I need to check in again?" asks about a step, it does not complain
_PROCEDURE_AGAIN_RE = re.compile(
    r"\b(?:need|have|want|got|able) to (?:\w+ ){0,2}\w+ again\b(?=[^.!]*\?)", re.IGNORECASE
)
# en-ens-31: "can I still get the tariff?", "is there still a fee?": "still" asks, in a question
_STILL_ASKED_RE = re.compile(
    r"\b(?:can|could|will|would|do|does|is|are|should|may) (?:i|we|you|it|there|they|"
    r"(?:my|the|your|this|that|our) (?:\w+ ){0,2}\w+) still\b(?=[^.!]*\?)",
    re.IGNORECASE,
)
# a booking reference or code closing a question: "could you check? ref KP22ZX"
_TRAILING_CODE_RE = re.compile(
    r"(?<=\?)\s*(?:(?:ref(?:erence)?|booking|order|pnr|account|case|ticket)\s*(?:no\.?|number|#)?"
    r"\s*:?\s*)?(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{5,}\s*$",
    re.IGNORECASE,
)
# a reading or number passed on: "meter reading for this month: 04512"
_CODE_NOTE_RE = re.compile(
    r"^\W*(?:(?:my|the|our|this month['’]s|today['’]s)\s+)?(?:(?:gas|electric(?:ity)?|water)\s+)?"
    r"(?:meter reading|reading|account number|account no|customer number|membership number|"
    r"policy number|order number|booking (?:ref|reference)|reference|ref)\b[^.!?]{0,30}?"
    r"[:#]?\s*[a-z]{0,3}\d{3,}\w*[.!]?\s*$",
    re.IGNORECASE,
)
_COMPLAINT_MARK_RE = re.compile(r"\?\?|!|\b(?:why|still|again|never|ever)\b", re.IGNORECASE)
# A request that passes on praise ("please tell his manager") is no request for information;
# a note that a direct message was sent ("DM sent", "sent you a DM with my order number") is
# one, as far as sentiment goes: it says nothing of the service.
_PRAISE_REQUEST_RE = re.compile(
    r"\b(?:pass(?: on| along)?|give|send|share) (?:my|our) (?:thanks|compliments|gratitude|"
    r"appreciation)\b|\btell (?:his|her|their|your|the) (?:manager|boss|supervisor|team)\b",
    re.IGNORECASE,
)
_DM_NOTE_RE = re.compile(
    r"^\W*(?:(?:just|i|i['’]ve|i have|have|we|we['’]ve|we have)\s+)*(?:sent (?:you |u )?"
    r"(?:a |another |the )?(?:dm|pm|direct message|private message|message)|dm['’]?e?d (?:you|u)|"
    r"dm sent|messaged (?:you|u)|following up on|"
    # en-ens-28: "I have sent the details in DM", "shared my booking ref via DM"
    r"(?:sent|shared|dropped) (?:you |u )?(?:my |the |all (?:the )?)?(?:details|info|information|"
    r"number|order number|booking(?: ref(?:erence)?)?|ref(?:erence)?|screenshots?|email)"
    r"\s+(?:in|via|by|over|through) (?:a |the )?(?:dm|pm|direct message|private message|"
    r"inbox))\b(?![^.!?]*\b(?:times|no|still|again|yet|"
    r"never|nobody|no one|ignored|days|weeks|hours)\b)[^.!?]{0,60}[.!]?\s*$",
    re.IGNORECASE,
)
# Rhetorical questions of a complaint ask nothing: "what am I paying for?", "is anyone
# checking these orders??", "this is how you treat loyal customers?", "are you kidding me?"
_RHETORICAL_RE = re.compile(
    r"\bwhat am i (?:even )?paying (?:you )?for\b|\bis (?:anyone|anybody|somebody|someone) "
    r"(?:even |actually |ever )?(?:checking|listening|reading|working|awake|there)\b|"
    r"\bhow you treat\b|"
    r"\bare you (?:serious|kidding|joking|for real)\b|\bwhat(?:['’]s| is) the point\b|"
    r"\bhow (?:hard|difficult) (?:is it|can it be)\b|\bhow many (?:more )?times\b|"
    r"\bhow am i (?:meant|supposed) to\b|"
    r"\bhow is (?:this|that|it) (?:acceptable|legal|ok|okay|fair|allowed)\b|"
    # en-ens-24 (ensvc2): "told three different things. which is it?" closes a complaint
    r"\bso which is it\b|[.!]\s*which (?:one )?is it\s*\?+\s*$",
    re.IGNORECASE,
)
# "do you still sell the blue one?", "are you still open?": "still" asks, it does not complain
_STILL_OFFERED_RE = re.compile(
    r"^\W*(?:do|does|are|is|will|can) (?:you|they|it|the \w+) still (?:sell|have|stock|do|"
    r"offer|make|open|deliver|run|accept|take|ship|serve|carry)\b[^.!]*\?\s*$",
    re.IGNORECASE,
)
# A booking or order told with its reference and nothing else: "ordered 3 books yesterday,
# tracking number 88121", "booked for Friday, ref AB1234" (no complaint word anywhere)
_REFERENCE_NOTE_RE = re.compile(
    r"^(?![^!?]*\b(?:not|no|never|still|again|wrong|late|missing|broken|damaged|lost|where|"
    r"why|yet|cancell?ed|refund|help|urgent|asap)\b)\W*(?:(?:i|we|just|have|i['’]ve|we['’]ve)"
    r"\s+)*(?:(?:my|the|our|a)\s+)?(?:[a-z]+\s+)?(?:ordered|booked|placed|bought|paid for|sent|"
    r"returned|purchased|reserved|dropped(?: off)?|posted|submitted)\b"
    r"[^.!?]{0,50}?[,;:]?\s*(?:tracking|order|reference|ref|booking|ticket|case|account)\s*"
    r"(?:no\.?|number|#)?\s*:?\s*[a-z]{0,3}\d{3,}\w*[.!]?\s*$",
    re.IGNORECASE,
)
# en-ens-28 (ensvc3): a notice or status announcement ("Scheduled maintenance: online banking
# will be unavailable Sunday 1am-4am", "Reminder: stores close at 4pm", "Flight 220 is now
# boarding") tells; it does not evaluate. Not with a complaint mark ("again", "still", "!").
_NOTICE_RE = re.compile(
    r"^\W*(?:(?:scheduled|planned|emergency|routine)\s+(?:maintenance|works|engineering works|"
    r"outage|downtime|upgrade)|(?:please note|reminder|notice|service (?:update|notice|alert)|"
    r"travel (?:update|advice|alert)|update|heads up|important|announcement)\s*[:\-–]|"
    r"(?:[\w-]+ ){1,5}(?:will be|is|are) (?:temporarily )?(?:closed|unavailable|offline|"
    r"suspended|diverted|replaced by|reopening|opening|moving)\b(?=[^.!?]*\b(?:on|from|between|"
    r"until|till|this|next|for|at|during|tonight|tomorrow)\b)|"
    r"(?:[\w-]+ ){1,5}(?:is|are) now (?:boarding|open|live|available|departing)|"
    # en-ens-29: a launch or a start announced ("new direct route to Reykjavik launches in
    # June", "the winter timetable starts on 8 December")
    r"(?:[\w-]+ ){1,6}(?:launch(?:es|ing)?|start(?:s|ing)|open(?:s|ing)|begin(?:s|ning)|"
    r"go(?:es)? live|resum(?:es|ing)) (?:in|on|from|this|next|at)\b)",
    re.IGNORECASE,
)
# en-ens-30 (ensvc3): a bare acknowledgement ("ok", "noted", "got it", "will do") tells nothing
_ACKNOWLEDGEMENT_RE = re.compile(
    r"^\W*(?:ok(?:ay)?|k+|alright|sure|noted|got it|understood|will do|roger|following)"
    r"[.!]?\s*$",
    re.IGNORECASE,
)
_DROPPED_SUBJECT_RE = re.compile(
    r"^\W*(?:(?:was|were|is|are|am|been|had|has|have)\s+(?:so|very|really|just|absolutely|"
    r"totally|completely|never|always|quite|pretty|super|still|\w+ing|\w+ed|"
    # en-ens-31: "was furious yesterday but ..." tells a feeling
    r"furious|angry|upset|livid|nervous|anxious|happy|glad|sad|gutted|thrilled|chuffed|"
    r"sceptical|skeptical|unsure|dubious)\b|(?:can|won|"
    r"don|didn|doesn|isn|aren|wasn|weren|haven|hasn|couldn|wouldn)['’]?t\b|cannot\b|"
    r"(?:had|got) (?:a|an|my|the|no|some)\b)",
    re.IGNORECASE,
)
# en-ens-26 (ensvc3): what the service rules write for a complaint told as a fact or a
# question that presupposes a failure ("any update on my refund? it's been 3 weeks", "do you
# even read your DMs?"); a post that has one is no neutral request for information.
_SERVICE_COMPLAINT_RE = re.compile(
    r"\b(?:annoying|frustratingly|unacceptabl[ey]|far too long|painfully long|nobody helped|"
    r"we are ignored|ignored|fails to|failed to show up|overcharged|you lied|disappointingly|"
    r"failing|broke the promise|ridiculous)\b"
)


# Tested on every comment and matched by few: skipped when none of their cues is there.
_RHETORICAL_FAST = Prefiltered(_RHETORICAL_RE)
_PRAISE_REQUEST_FAST = Prefiltered(_PRAISE_REQUEST_RE)
_REFERENCE_NOTE_FAST = Prefiltered(_REFERENCE_NOTE_RE)
_COMPLAINT_MARK_FAST = Prefiltered(_COMPLAINT_MARK_RE)
_STILL_ASKED_FAST = Prefiltered(_STILL_ASKED_RE)
_PROCEDURE_AGAIN_FAST = Prefiltered(_PROCEDURE_AGAIN_RE)
_NOTICE_FAST = Prefiltered(_NOTICE_RE)


def is_information_request(text: str) -> bool:
    """A plain question or request ("is flight 12 delayed?", "please send the invoice"),
    not a rhetorical complaint ("why is my bag still not here??")."""
    # "@airline is flight 12 delayed?": handles, hashtags and links around a post are not
    # part of the sentence.
    stripped = _URL_RE.sub(" ", text)
    stripped = _LEADING_TAGS_RE.sub("", stripped).strip()
    if _PRAISE_REQUEST_FAST.search(stripped) or _RHETORICAL_FAST.search(stripped):
        return False
    if (
        _DM_NOTE_RE.match(stripped)
        or _ACKNOWLEDGEMENT_RE.match(stripped)
        or _STILL_OFFERED_RE.match(stripped)
        or _REFERENCE_NOTE_FAST.match(stripped)
        or _CODE_NOTE_RE.match(stripped)
        or (_NOTICE_FAST.match(stripped) and not _COMPLAINT_MARK_FAST.search(stripped))
    ):
        return True
    # "was fuming last week but ...", "been waiting all day": a post that drops its subject
    # tells; it does not ask
    if "?" not in stripped and _DROPPED_SUBJECT_RE.match(stripped):
        return False
    stripped = _TRAILING_CODE_RE.sub("", stripped)
    asked = _STILL_ASKED_FAST.sub(" ", _PROCEDURE_AGAIN_FAST.sub(" ", stripped))
    if _COMPLAINT_MARK_FAST.search(asked):
        return False
    if is_suggestion(stripped):
        return True
    if _REQUEST_START_RE.match(stripped) or _REQUEST_ANYWHERE_RE.search(stripped):
        return True
    if stripped.endswith("?"):
        return True
    # Without a question mark, a question has to look like one: "is flight 12 delayed",
    # not "Does not fit.", "Would recommend this item." or "What a waste of time."
    if not _QUESTION_START_RE.match(stripped) or _NOT_A_QUESTION_RE.match(stripped):
        return False
    return not stripped.endswith((".", "!"))


@dataclass(frozen=True, slots=True)
class NeutralCalibration:
    """With s = min(1, evidence / full_evidence), evidence = max(lexicon evidence,
    ngram_weight × |tanh(n-gram logit / 2)|): polarity = tanh((z - center × (1 - s) ×
    z_empty) / 2) × (floor + (1 - floor) × s) × (request_factor for an information request),
    where z_empty is the logit of a comment with no evidence at all (the models' prior).
    Fitted by ``calibrate.py``."""

    floor: float = 0.25
    full_evidence: float = 0.0001
    ngram_weight: float = 1.0
    request_factor: float = 1.0
    center: float = 0.0
    #: lexicon evidence from which a comment that is not a request is never stored neutral
    commit_evidence: float = math.inf
    meta: dict[str, Any] = field(default_factory=dict)

    def polarity(
        self, z: float, z_empty: float, lexicon_evidence: float, ngram_logit: float, request: bool
    ) -> float:
        evidence = max(lexicon_evidence, self.ngram_weight * abs(math.tanh(ngram_logit / 2.0)))
        strength = min(1.0, evidence / self.full_evidence)
        factor = self.floor + (1.0 - self.floor) * strength
        if request:
            factor *= self.request_factor
        p = math.tanh((z - self.center * (1.0 - strength) * z_empty) / 2.0) * factor
        if lexicon_evidence >= self.commit_evidence and not request and p != 0.0:
            p = math.copysign(max(abs(p), NEUTRAL_THRESHOLD), p)
        return p

    @classmethod
    def load(cls, path: Path = CALIBRATION_PATH) -> NeutralCalibration:
        if not path.is_file():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            floor=float(raw["floor"]),
            full_evidence=float(raw["full_evidence"]),
            ngram_weight=float(raw["ngram_weight"]),
            request_factor=float(raw["request_factor"]),
            center=float(raw.get("center", 0.0)),
            commit_evidence=math.inf
            if raw.get("commit_evidence") is None
            else float(raw["commit_evidence"]),
            meta=dict(raw.get("meta", {})),
        )


def is_null_comment(text: str) -> bool:
    return not text.strip() or bool(_NULL_COMMENT_RE.match(text) or _NON_ANSWER_RE.match(text))
