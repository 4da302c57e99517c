"""English review sentences (issue 14, en-ens-9): phone and restaurant review phrases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.sentiment import analyze


class TestEnglishReviewPhrasesRound9:
    """en-ens-9: phrases of phone and restaurant reviews whose words the lexicons do not
    score (own examples): coming back or not, a product that gave up or went back to the
    seller, a long wait, praise idioms, and negations typed without an apostrophe."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("We'll definitely be back for the dim sum.", "positive"),
            ("I keep going back for their lamb wraps.", "positive"),
            ("We won't be coming back anytime soon.", "negative"),
            ("We will definitely not be returning.", "negative"),
            ("I'm not coming back here.", "negative"),
            ("I'm definitely coming back for the ramen.", "positive"),
            ("Not sure we would ever return after that evening.", "negative"),
            ("The adapter quit charging after nine days.", "negative"),
            ("Sent the speaker back the next morning.", "negative"),
            ("We sat there for forty minutes before the starters came.", "negative"),
            ("The tiramisu is to die for.", "positive"),
            ("Can't say enough good things about the crew at this diner.", "positive"),
            # en-ens-15
            ("The blender exceeded my expectations.", "positive"),
            ("My previous charger worked way better.", "negative"),
            ("First and last time at this bistro.", "negative"),
            ("This won't be our last visit.", "positive"),
            ("The clip wont stay on my belt and the cover doesnt close.", "negative"),
        ],
    )
    def test_review_phrases(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected

    @pytest.mark.parametrize(
        ("text", "rewritten"),
        [
            ("We'll be back soon.", "will gladly return soon."),
            ("I won't be back.", "I will sadly never return."),
            ("The screen stopped responding.", "The screen failed."),
            ("It doesnt turn on", "It failed"),
            ("I returned the headset.", "I returned it disappointed."),
            ("We waited an hour for a table.", "We waited painfully long for a table."),
        ],
    )
    def test_phrases_become_plain_evaluative_words(self, text: str, rewritten: str) -> None:
        from analytics.sentiment.english import rewrite

        assert rewrite(text) == rewritten

    @pytest.mark.parametrize(
        "text",
        [
            # keeping a product is not sending it back; a short wait is no complaint; a
            # price that is not charged is not a battery that will not charge
            "I won't return it, it is great.",
            "We only waited 20 minutes on a Saturday.",
            "The plan doesn't charge extra for roaming.",
            "It didn't work out for me to visit in May.",
            "I'll never go back to the store for cables.",
            # en-ens-11: going back to someone or something else is not the place reviewed
            "She said she would come back to me within the hour.",
            "I will go back to my old provider next month.",
            "I won't go back to my old phone now.",
            # en-ens-12: an errand or someone else's schedule is not a verdict
            "The engineer will come back on Thursday with the part.",
            "I'll be back tomorrow to collect the repaired laptop.",
            "Our courier won't be back until 6.",
            # en-ens-13: a person who never worked somewhere is not a device that gave up
            "I never worked with such a patient team before.",
            "She stopped working weekends last year.",
            # en-ens-14: availability is not a verdict
            "The blue case will be back in stock in May.",
            "The booking site should be back online soon.",
        ],
    )
    def test_look_alikes_are_left_alone(self, text: str) -> None:
        from analytics.sentiment.english import _REVIEW_PHRASES

        assert not any(pattern.search(text) for pattern, _ in _REVIEW_PHRASES)

    @pytest.mark.parametrize(
        ("text", "rewritten"),
        [
            ("Great tacos, will be back!", "Great tacos, will gladly return!"),
            ("I definitely will be back.", "I definitely will gladly return."),
        ],
    )
    def test_the_writer_coming_back_keeps_the_sentence(self, text: str, rewritten: str) -> None:
        from analytics.sentiment.english import rewrite

        assert rewrite(text) == rewritten

    @pytest.mark.parametrize(
        "text",
        [
            "The handset ships with a USB-C cable.",
            "Does the diner have a kids' menu?",
        ],
    )
    def test_plain_review_facts_stay_neutral(self, text: str) -> None:
        assert analyze(text).label == "neutral"


class TestEnglishReviewWordsRound10:
    """en-ens-10: phone and restaurant review words VADER lacks, and thumbs up / down (own
    examples)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Constant static on every call and the clip arrived scratched.", "negative"),
            ("The waiter was inattentive and the risotto watery.", "negative"),
            ("Impeccable service and homemade pasta.", "positive"),
            ("This little speaker rocks.", "positive"),
            ("Big thumbs up for the brunch crew.", "positive"),
            ("Thumbs down on the new app update.", "negative"),
        ],
    )
    def test_review_words(self, text: str, expected: str) -> None:
        assert analyze(text).label == expected


# Fragments that the review-phrase rules look for (and their look-alikes), glued into
# sentences at random: the trigger-word gate must never change what the rules do.
_FRAGMENTS = [
    "we'll be back",
    "I won't be back",
    "will definitely not be returning",
    "I'm coming back",
    "keep going back",
    "be a regular",
    "to my old phone",
    "tomorrow",
    "in stock",
    "it stopped working",
    "they didn't charge me",
    "doesn't hold a charge",
    "I never worked",
    "no longer works",
    "sent it back",
    "returned the headset",
    "want my money back",
    "we waited 40 minutes",
    "only waited 20 minutes",
    "took forever",
    "the server never came back",
    "to die for",
    "top-notch",
    "2 thumbs up",
    "thumbs down",
    "went above and beyond",
    "can't recommend it enough",
    "cannot go wrong",
    "you won't regret it",
    "wasn't one bit disappointed",
    "I've had better",
    "we expected more",
    "Great food,",
    "the",
    "and",
    "but",
    ".",
    "!",
    "return",
    "again",
    "never",
    "not",
    "won't be our last visit",
    "first and last time",
    "never again",
    "exceeded all expectations",
    "didn't live up to the hype",
    "my old phone was way better",
    # the older idioms, gated the same way
    "couldn't be happier",
    "can't ask for more",
    "won't be disappointed",
    "didn't disappoint",
    "can't wait to",
    "nothing short of",
    "not my idea of fun",
    "scratches so easily",
    "average at best",
    "leaves a lot to be desired",
    "could have been better",
    "expected a lot more",
    "my old one was faster than this",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8))
def test_trigger_gate_never_changes_the_rules(parts: list[str]) -> None:
    from analytics.sentiment.english import idioms, review_phrases

    text = " ".join(parts)
    assert review_phrases(text) == review_phrases(text, gated=False)
    assert idioms(text) == idioms(text, gated=False)
