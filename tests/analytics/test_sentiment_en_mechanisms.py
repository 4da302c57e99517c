"""English sentiment by mechanism (issue 14, engen; en-ens-37): where the verdict of a comment
sits (the answer of a Q&A review, what a post tells before its closing question, the clause
after a regret or a conceded fault) and negations or litotes whose words say the opposite of
what they mean. Every example was written for this file."""

from __future__ import annotations

import pytest

from analytics.sentiment import analyze
from analytics.sentiment.english import EnglishAnalyzer, rewrite
from analytics.sentiment.features_en import last_clause
from analytics.sentiment.numbers_en import number_verdict
from analytics.sentiment.verdict_en import answer_of_qa, negation_rewrite, told_before_question


@pytest.fixture(scope="module")
def analyzer() -> EnglishAnalyzer:
    return EnglishAnalyzer()


# ---- where the verdict sits ------------------------------------------------------------------


def test_qa_review_is_judged_by_its_answer() -> None:
    assert answer_of_qa("Q: will it fit a carry-on? A: easily, with room for shoes") == (
        "easily, with room for shoes"
    )
    assert answer_of_qa("Question: dishwasher safe? Answer: no, the print came off") == (
        "no, the print came off"
    )
    # a question without an answer, or no Q: at all, is left alone
    assert answer_of_qa("Q: does the lid lock?") == "Q: does the lid lock?"
    assert answer_of_qa("Quick to heat up? Absolutely.") == "Quick to heat up? Absolutely."


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # the question names a fault the answer denies
        ("Q: is it flimsy? A: no, sturdy and well made", "positive"),
        ("Q: is the blade sharp? A: it dulled after two tomatoes, sadly", "negative"),
        ("Q: does it come with batteries?", "neutral"),
    ],
)
def test_qa_reviews(text: str, label: str) -> None:
    assert analyze(text).label == label


def test_what_a_post_tells_before_its_closing_question() -> None:
    assert told_before_question("bag torn, zip gone, wheels bent. who packs these?") == (
        "bag torn, zip gone, wheels bent."
    )
    assert told_before_question("is the 9:40 running today?") is None
    assert told_before_question("no complaints") is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a complaint told in full, closed by a rhetorical question
        ("@Railco toilets locked, heating broken, train filthy. is this a joke?", "negative"),
        ("@Railco absolutely brilliant trip, thank you! when's the next sale?", "positive"),
        # a question that only sets the scene stays a request for information
        ("@Railco I'm moving house next week, how do I update my address?", "neutral"),
    ],
)
def test_told_part_before_a_question(text: str, label: str) -> None:
    assert analyze(text).label == label


def test_regret_clause_carries_the_verdict() -> None:
    assert last_clause("Pretty box, shame the lid cracked on day one.") == (
        "shame the lid cracked on day one."
    )
    assert last_clause("Noisy street. That said, the room was calm.") == ", the room was calm."
    assert rewrite("Lovely garden, pity the pool was green.") == (
        "Lovely garden, but sadly the pool was green."
    )
    assert analyze("Lovely garden, pity the pool was green.").label == "negative"
    assert analyze("Handsome jug, shame it dribbles every pour.").label == "negative"


def test_a_conceded_fault_is_no_reservation() -> None:
    """ "sure" before "but" concedes; what follows is the verdict, not a complaint."""
    text = "A few plot holes, sure, but I'd happily watch it a third time."
    assert "sadly" not in rewrite(text)
    assert analyze(text).label == "positive"
    # praise before "but" still makes what follows a reservation
    assert "sadly" in rewrite("The cabin was lovely, but the path up to it was a bog.")


# ---- negation and litotes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I couldn't find a single fault with the repair.", "positive"),
        ("Honestly I struggled to find anything wrong with this tent.", "positive"),
        ("I can't say anything bad about the dentist or her team.", "positive"),
        ("I can't remember a better curry in this town.", "positive"),
        ("I can't think of a worse way to spend a birthday.", "negative"),
        ("I don't think you'll be disappointed by the sequel.", "positive"),
        ("I doubt anyone would regret buying this drill.", "positive"),
        ("The garden more than makes up for the small kitchen.", "positive"),
        ("The friendly barman almost made up for the cold pie.", "negative"),
        ("The desserts didn't quite make up for the rude host.", "negative"),
        ("The print is far from sharp.", "negative"),
        ("Save yourself the bother and buy the older model.", "negative"),
        ("Save your money, the case cracks.", "negative"),
        ("The strap lasts a month, if you're lucky.", "negative"),
        ("My daughter didn't want to leave the aquarium.", "positive"),
        ("The coffee was not bad at all.", "positive"),
        ("The lamb wasn't awful, either.", "positive"),
    ],
)
def test_negations_and_litotes(text: str, label: str) -> None:
    assert analyze(text).label == label


@pytest.mark.parametrize(
    "text",
    [
        # advice and imperatives are not negated faults
        "Don't waste your money on the deluxe set.",
        "Do not be fooled by the photos.",
        # a noun after the word: the word was not the predicate
        "There aren't horror scenes like in the first film.",
        # the proverb complains of a needless change
        "why fix what isn't broken",
        # "not cheap" is a complaint of its own
        "It's not cheap.",
    ],
)
def test_negated_fault_guards(text: str) -> None:
    assert "good" not in negation_rewrite(text)


def test_negated_fault_uses_the_lexicon_not_a_list() -> None:
    # any VADER word at or below the fault valence counts; a mild one ("bored", -1.3) does not
    assert negation_rewrite("The room was not filthy.") == "The room was good."
    assert negation_rewrite("The wait wasn't dreadful.") == "The wait was good."
    assert negation_rewrite("I wasn't bored for a second.") == "I wasn't bored for a second."


def test_far_from_uses_the_lexicon() -> None:
    assert negation_rewrite("The fit is far from perfect.") == "The fit is disappointing."
    assert negation_rewrite("The ride was far from awful.") == "The ride was decent."
    assert (
        negation_rewrite("The hotel is far from the beach.") == "The hotel is far from the beach."
    )


def test_elapsed_time_told_as_an_ordinal() -> None:
    """ "it's week 3" after a promise of days is three weeks, a broken promise."""
    assert number_verdict("the refund was promised in 5 days, it's week 3") == ("disappointingly, ")
    assert number_verdict("said 3 working days for the refund, it is week 2 now") == (
        "disappointingly, "
    )
    # a day of a course is no elapsed wait
    assert number_verdict("the course runs for 5 days, it's day 2 today and I love it") is None
    assert analyze("@Lendly promised the refund in 3 days, now on day 11").label == ("negative")


def test_existing_requests_unchanged(analyzer: EnglishAnalyzer) -> None:
    """A question with a neutral scene-setting clause keeps its request flag."""
    _, _, _, request = analyzer.parts("@Skyway flying to Lisbon on Friday, can I take a scooter?")
    assert request


# ---- en-ens-38: negation carried by the subject, context, comparison, demands ---------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Nobody in the choir sounded remotely confident.", "negative"),
        ("Not a single dish on the tasting menu was worth the price.", "negative"),
        ("None of the jokes are funny.", "negative"),
        ("No one on the night shift was rude to my father.", "positive"),
        ("None of the towels were dirty.", "positive"),
        ("I really can't see how anyone could like this ending.", "negative"),
    ],
)
def test_negation_carried_by_the_subject(text: str, label: str) -> None:
    assert analyze(text).label == label


def test_subject_negation_guards() -> None:
    from analytics.sentiment.verdict_en import subject_negation_rewrite

    # a comparison under the negated subject is praise of its own
    assert (
        subject_negation_rewrite("No one makes a better pasty.") == "No one makes a better pasty."
    )
    # no polar word: the quantifier itself is the complaint, left to the other rules
    assert subject_negation_rewrite("Nobody called me back.") == "Nobody called me back."
    assert subject_negation_rewrite("Not one of the lamps was broken.") == (
        "every one of the lamps was good."
    )


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("We didn't expect much from a motorway hotel, and it was a delight.", "positive"),
        ("Don't miss the night tour if you're in town.", "positive"),
        ("The new handset is a massive step up.", "positive"),
        ("The remaster is a real step backwards.", "negative"),
        ("Honestly the best bit of the evening was going home.", "negative"),
        ("The friendliest campsite staff I have ever met.", "positive"),
        ("The filthiest bathroom we've ever seen.", "negative"),
        ("My previous kettle was half the price and boiled better.", "negative"),
        ("I've owned umbrellas from the pound shop with better handles.", "negative"),
        ("@Wirely router drops every night at 10. sort it out", "negative"),
        ("@Gridline my meter hasn't updated since the engineer came in June", "negative"),
        ("I genuinely don't understand the hype.", "negative"),
    ],
)
def test_context_comparison_and_demands(text: str, label: str) -> None:
    assert analyze(text).label == label


def test_undecided_verdict_is_neutral() -> None:
    assert analyze("Not sure yet, the blender only came on Tuesday.").label == "neutral"
    assert analyze("Haven't tried it yet, will report back.").label == "neutral"
    # a verdict given after all is kept
    assert analyze("Too early to tell, but so far it's superb.").label == "positive"


def test_superlative_sign_comes_from_the_lexicon() -> None:
    from analytics.sentiment.verdict_en import comparison_rewrite

    assert comparison_rewrite("the kindest nurse I've ever had") == "the best nurse I've ever had"
    assert comparison_rewrite("the ugliest lobby we've ever seen") == (
        "the worst lobby we've ever seen"
    )
    # a superlative without a known base, or not set against experience, is left alone
    assert comparison_rewrite("the longest bridge I've ever crossed") == (
        "the longest bridge I've ever crossed"
    )
    assert comparison_rewrite("the latest model arrived") == "the latest model arrived"


# ---- en-ens-39 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("There isn't a dull minute in the whole second act.", "positive"),
        ("There wasn't a single rude person on the staff.", "positive"),
        ("Our only regret was not booking it years ago.", "positive"),
        ("You'd be far better off with a secondhand one.", "negative"),
        ("We've stayed in much better hostels for half the price.", "negative"),
        ("@Munchly first time ordering from you, won't be the last!", "positive"),
        ("@Munchly first time ordering from you and definitely the last", "negative"),
        ("@Linkwave setup took ten minutes, no faff", "positive"),
        ("The remake has none of the warmth of the original.", "negative"),
    ],
)
def test_existential_negation_regret_and_elsewhere(text: str, label: str) -> None:
    assert analyze(text).label == label


def test_existential_negation_needs_a_determiner_and_a_fault() -> None:
    from analytics.sentiment.verdict_en import context_rewrite

    # a thing missed, not a fault denied
    assert context_rewrite("There aren't horror scenes like the first film.") == (
        "There aren't horror scenes like the first film."
    )
    # no fault word: a plain fact
    assert context_rewrite("There isn't a bus after ten.") == "There isn't a bus after ten."


# ---- en-ens-40 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("What a waste of a gifted director.", "negative"),
        ("The finale wasted a lovely build-up.", "negative"),
        # a strongly evaluative adjective makes a sentence a verdict, not a plain fact
        ("The duo have fantastic timing.", "positive"),
        # a noun VADER scores (friend) does not
        ("my sister had the risotto and my friend had the soup", "neutral"),
    ],
)
def test_praise_wasted_and_strong_adjectives(text: str, label: str) -> None:
    assert analyze(text).label == label


def test_waste_keeps_what_is_not_praise() -> None:
    from analytics.sentiment.verdict_en import comparison_rewrite

    assert comparison_rewrite("a waste of a wonderful cast") == "a waste of a cast"
    assert comparison_rewrite("Don't waste your money.") == "Don't waste your money."


# ---- en-ens-41 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("@Trainly checkout is so much smoother since the update", "positive"),
        ("The new mattress is way comfier than the old one.", "positive"),
    ],
)
def test_comparative_signed_by_its_base_word(text: str, label: str) -> None:
    assert analyze(text).label == label


def test_comparative_needs_a_degree_word_or_than_and_a_known_base() -> None:
    from analytics.sentiment.verdict_en import comparison_rewrite

    assert comparison_rewrite("so much smoother") == "so much better"
    assert comparison_rewrite("the bed was comfier than mine") == "the bed was better than mine"
    # no degree word and no "than": "-er" need not be a comparative
    assert comparison_rewrite("the smoother finish") == "the smoother finish"
    # a base the lexicons do not score is left alone
    assert comparison_rewrite("my sister is older than me") == "my sister is older than me"
