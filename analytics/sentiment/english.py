"""English sentiment: an ensemble of a hashed n-gram logistic regression (trained offline,
shipped in ``models/en.npz``) and lexicon scores (VADER with survey vocabulary, TextBlob's
PatternAnalyzer), stacked by a second logistic regression.

Rules come from the lexicon scorers and the features: VADER handles negation ("not
helpful"), intensity ("very", "extremely", caps, "!!"), emoji and "but"; the n-gram features
mark words in the scope of a negation (``neg_helpful``); the clause that carries the verdict
is scored again as its own feature, so it dominates: the last clause after a contrast word
("good, but slow" → "slow"), or the main clause of a concession ("although the room was
small, the staff were lovely" → "the staff were lovely").

Neutral is a class of its own. The models were trained on polar sentences only, so on a
question or a plain statement they still answer with confidence. Before scoring, two phrases
whose negation the models misread are rewritten: "no issues / without problems / no
complaints" (a clean report, not a complaint) and "not too / not overly / not ultra X"
(praise of balance, not a negated X); idioms whose words say the opposite of what they mean
become plain evaluative words: litotes ("could not be happier", "won't be disappointed"),
faint praise ("average at best"), unfavourable comparisons ("better than this", "expected
better", "not as sturdy as") and counterfactual hedges ("would have given five stars if the
lid didn't leak", "if only it had a timer"); review phrases whose words no lexicon scores
become plain evaluative words too: coming back or not, a product that stopped working or was
sent back, a long wait for a table, "to die for". Posts addressed to a company
(``service_rewrite``) are first made plain: handles, links, order and flight numbers dropped,
hashtags and chat abbreviations ("thx", "pls", "smh") spelt out, praise under a sarcasm marker
("oh great, another delay", "thanks for losing my bag", 🙃) read as complaint, complaints told
as facts ("on hold for 45 minutes", "charged twice", "3rd agent", "nobody answers"), thanks for
a problem solved ("sorted", "refund arrived", "thanks for catching the fraud": the problem
named is not the verdict) and ratings ("five stars", "1/10") made plain evaluative words; a
note that a DM was sent counts as a request, a rhetorical question ("what am I paying for?")
does not. The model is trained on the rewritten text
(``train.py``). After scoring, the polarity is scaled by how much evaluative evidence the
comment holds (lexicon hits, emoji, a strong n-gram vote) and by whether it is a request for
information (a yes/no or wh- question, "please send ..."); the scaling's parameters are fitted by
``python -m analytics.sentiment.calibrate`` on the training part of the review set plus a
written set of neutral comments (``models/en_neutral.json``).

Where each part lives (this module rewrites and scores a comment and re-exports what others
use): ``features_en`` (tokens, n-grams, last clause, VADER and TextBlob), ``phrases_en``
(review phrases, idioms, respelling), ``service_en`` (customer-service posts, with the rule
tables ``service_phrases_en`` and ``service_round3_en``), ``survey_en`` (comment-box
answers), ``numbers_en`` (complaints and praise told in numbers: promised against came),
``reviews_en`` (review sentences, round 2, and plain facts), ``verdict_en`` (where the
verdict sits: Q&A answers, a closing question, negations and litotes) and ``neutral_en``
(requests for information, empty answers and the neutral scaling).
"""

from __future__ import annotations

from pathlib import Path

from analytics.sentiment.base import SentimentResult, make_result
from analytics.sentiment.emoji import emoji_score
from analytics.sentiment.features_en import (
    _textblob,
    _vader,
    dense_features,
    hashed_ngram_features,
    last_clause,
    ngram_features,
    textblob_polarity,
    tokenize,
    vader_compound,
)
from analytics.sentiment.gate_en import GATE_PATH, NeutralGate, gate_features
from analytics.sentiment.linear import MODELS_DIR, StackedLinearModel
from analytics.sentiment.neutral_en import (
    _SERVICE_COMPLAINT_RE,
    CALIBRATION_PATH,
    NeutralCalibration,
    is_information_request,
    is_null_comment,
)
from analytics.sentiment.numbers_en import is_numeric_fact, number_rewrite
from analytics.sentiment.phrases_en import (
    _BARE_NOT_RE,
    _COUNTERFACTUAL_RE,
    _NO_PROBLEM_RE,
    _NOT_AS_RE,
    _NOT_EXCESS_RE,
    _REVIEW_PHRASES,
    _not_as,
    idioms,
    respell,
    review_phrases,
)
from analytics.sentiment.prefilter import Prefiltered
from analytics.sentiment.reviews_en import is_plain_fact, review_sentence_rewrite
from analytics.sentiment.service_en import service_emoji_score, service_rewrite
from analytics.sentiment.survey_en import is_suggestion, survey_rewrite
from analytics.sentiment.verdict_en import (
    answer_of_qa,
    comparison_rewrite,
    context_rewrite,
    is_undecided,
    negation_rewrite,
    subject_negation_rewrite,
    told_before_question,
)

#: What other code reads from here: the analyzer, its features and rewrites that train.py,
#: calibrate.py, evaluate.py, themes.py and the tests use.
__all__ = [
    "CALIBRATION_PATH",
    "DENSE_FEATURES",
    "EMOJI_LOGIT",
    "MODEL_PATH",
    "N_BITS",
    "VERSION",
    "_REVIEW_PHRASES",
    "EnglishAnalyzer",
    "NeutralCalibration",
    "_vader",
    "dense_features",
    "idioms",
    "is_information_request",
    "is_null_comment",
    "is_plain_fact",
    "is_suggestion",
    "last_clause",
    "ngram_features",
    "respell",
    "review_phrases",
    "review_sentence_rewrite",
    "rewrite",
    "service_emoji_score",
    "service_rewrite",
    "survey_rewrite",
    "textblob_polarity",
    "tokenize",
    "vader_compound",
]

# en-ens-25: enrev2's plain-fact rule and ensvc2's service-post rules both landed as
# en-ens-24; stored answers scored by either are told apart by ``voc rescore`` only if the
# combined analyzer has a number of its own.
# en-ens-26 (ensvc3): customer-service posts, round 3 (questions that presuppose a failure,
# sarcasm around a hardship, emoticons, elongations; see the service block).
# en-ens-27 (ensvc3): round 3 continued (praise in scare quotes, a closing thank-you after a
# failure, "why" with a premise of failure, a utility out, being hung up on).
# en-ens-28 (ensvc3): notices and status announcements, money back with thanks, no response
# so far, failures repeated, hours that measure speed.
# en-ens-29 (ensvc3): problems denied, waits told as sitting, "in a good way", retweeted
# launch notices, requests told after a reference.
# en-ens-30 (ensvc3): the shortest posts (jeers, one-case hashtags, litotes, exasperation
# idioms, bare acknowledgements).
# en-ens-31 (ensvc3): negation and contrast (questions that only set the scene with a
# negation or "still", regret, prefaces, past upsets settled, feared hardships that did not
# come, a wrong put right).
# en-ens-32 (ensvc3): complaints and praise told as plain facts (a resolution status quoted
# back, nobody picking up, a fault day after day, twice the usual bill, "spot on").
# en-ens-33 (ensvc3): supplies run out, a payout at a fraction of the value, "in transit" for
# a week, "still" in questions about stock, whose trip was made.
# en-ens-34 (ennum): complaints and praise told in numbers alone (``numbers_en``): what was
# promised, paid for or expected against what came, a change between two figures, repeats
# counted, a price beyond the thing, a fix timed in minutes.
# en-ens-35 (ennum): a short statement of figures with no verdict is a plain fact; how long a
# task took ("3 weeks to change a phone number") is a verdict.
# en-ens-36 (ennum): budgets, "supposed to have", appointments and finishing times, contacts
# counted to get one thing done, "and a half", a change down to zero.
# en-ens-37 (engen): mechanisms, not examples (``verdict_en``): the answer of a Q&A review,
# a verdict told before a closing question, regret and "that said" as contrasts, a conceded
# fault before "but", negated faults and "far from" read through VADER's lexicon, litotes
# of fault-finding, memory and weighing, thrift advice, "if you're lucky", "it's week 3".
# en-ens-38 (engen): a negation carried by the subject ("nobody in the cast is convincing"),
# low expectations as context, "don't miss it", steps up and down, superlatives against all
# experience signed by their base word, better elsewhere, faults never met, demands to put
# something right, failures that have lasted, hype not understood, a verdict put off.
# en-ens-39 (engen): a fault denied by "there isn't a ...", regret of not sooner, "better
# off with" another, better met elsewhere, "won't be the last" (was read as "the last"), "no
# faff" (its cue word was missing), "has none of the charm" is no plain fact.
# en-ens-40 (engen): the praise named as what was wasted ("a waste of a brilliant cast"); a
# strongly evaluative adjective (VADER >= 2, an adjective in TextBlob's lexicon) is a verdict,
# not a plain fact.
# en-ens-41 (engen): a comparative signed by its base word ("so much smoother", "comfier
# than"), only after a degree word or before "than".
VERSION = "en-ens-41"
MODEL_PATH = MODELS_DIR / "en.npz"
N_BITS = 20
DENSE_FEATURES = ["vader", "vader_last_clause", "textblob", "textblob_last_clause"]
#: Logit added per unit of emoji polarity (the review data has no emoji to learn this from).
EMOJI_LOGIT = 2.0
#: |VADER compound| of what a post tells before its closing question from which the post is
#: a verdict with a question, not a request for information (en-ens-37).
TOLD_VERDICT = 0.5


# Tested on every comment and matched by few: skipped when none of their cues is there.
_NO_PROBLEM = Prefiltered(_NO_PROBLEM_RE)
_NOT_EXCESS = Prefiltered(_NOT_EXCESS_RE)
_COUNTERFACTUAL = Prefiltered(_COUNTERFACTUAL_RE)


def rewrite(text: str, service: bool = True) -> str:
    """Normalise spelling, and the negations and idioms the models misread (see the module
    docstring). ``service=False`` leaves out the customer-service rewrite: the shipped models
    are trained and calibrated on the review rewrite only (``train.py``)."""
    text = answer_of_qa(text)
    if service:
        text = number_rewrite(survey_rewrite(service_rewrite(text)))
    text = respell(text)
    text = _BARE_NOT_RE.sub(r"\1n't", text)
    if service:
        text = review_sentence_rewrite(text)
    text = _NO_PROBLEM.sub("flawless", text)
    text = review_phrases(text)
    text = _NOT_EXCESS.sub("pleasantly balanced", text)
    text = negation_rewrite(idioms(text))
    text = comparison_rewrite(context_rewrite(subject_negation_rewrite(text)))
    text = _COUNTERFACTUAL.sub(" sadly disappointing because", text).lstrip()
    return _NOT_AS_RE.sub(_not_as, text)


def cues(text: str) -> tuple[str, list[float], float, bool]:
    """What the models do not decide: (rewritten text, lexicon features, emoji score, whether
    the comment is a request for information or a plain fact)."""
    rewritten = rewrite(text)
    dense = dense_features(rewritten)
    emoji = emoji_score(text) + service_emoji_score(text)
    request = (
        (is_information_request(text) and not _SERVICE_COMPLAINT_RE.search(rewritten))
        or is_plain_fact(text, dense)
        or is_numeric_fact(text, rewritten, dense)
    )
    request = request or is_undecided(text)
    if request:
        told = told_before_question(rewritten)
        request = told is None or abs(vader_compound(told)) < TOLD_VERDICT
    return rewritten, dense, emoji, request


class EnglishAnalyzer:
    """Stacked ensemble; construct once (loads VADER, TextBlob and the model file)."""

    language = "en"

    def __init__(
        self,
        model_path: Path = MODEL_PATH,
        calibration_path: Path = CALIBRATION_PATH,
        gate_path: Path = GATE_PATH,
    ) -> None:
        self.model = StackedLinearModel.load(model_path)
        self.calibration = NeutralCalibration.load(calibration_path)
        #: the three-way decision (``gate_en``); None: the neutral band decides
        self.gate = NeutralGate.load(gate_path)
        self.z_empty = self.model.logit(self.model.ngram_bias, [0.0] * len(DENSE_FEATURES))
        chars = self.model.meta.get("char_ngrams")
        #: character n-grams the model was trained with (None: words only)
        self.char_ngrams: tuple[int, int] | None = (int(chars[0]), int(chars[1])) if chars else None
        self.version = VERSION
        _vader()
        _textblob()

    def parts(self, text: str) -> tuple[float, float, float, bool]:
        """(stacked logit, n-gram logit, lexicon evidence, information request) of a
        comment; ``calibrate.py`` fits the neutral scaling on these."""
        z, ngram, _, _, evidence, request = self.inputs(text)
        return z, ngram, evidence, request

    def inputs(self, text: str) -> tuple[float, float, list[float], float, float, bool]:
        """(stacked logit, n-gram logit, lexicon features, emoji score, lexicon evidence,
        information request): what the neutral band and the gate decide from."""
        rewritten, dense, emoji, request = cues(text)
        ngram = self.model.ngram_logit(
            hashed_ngram_features(rewritten, self.char_ngrams, self.model.n_bits)
        )
        z = self.model.logit(ngram, dense) + EMOJI_LOGIT * emoji
        evidence = max([abs(x) for x in dense] + [min(1.0, abs(emoji))])
        return z, ngram, dense, emoji, evidence, request

    def logit(self, text: str) -> tuple[float, bool]:
        """The stacked logit and whether any lexicon scorer found sentiment."""
        z, _, evidence, _ = self.parts(text)
        return z, evidence > 0.0

    def score(self, text: str) -> SentimentResult:
        if is_null_comment(text):
            return make_result(0.0, self.language, self.version)
        z, ngram, dense, emoji, evidence, request = self.inputs(text)
        if self.gate is not None:
            features = gate_features(z, ngram, dense, emoji, evidence, request)
            return make_result(self.gate.polarity(features), self.language, self.version)
        polarity = self.calibration.polarity(z, self.z_empty, evidence, ngram, request)
        return make_result(polarity, self.language, self.version)
