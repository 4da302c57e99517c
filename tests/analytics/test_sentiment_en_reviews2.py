"""English short review sentences, round 2 (issue 14, enrev2; en-ens-23): phone-accessory and
restaurant idioms whose words mislead the models (own examples)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.sentiment import analyze
from analytics.sentiment.english import review_sentence_rewrite


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # litotes of people and ease
        ("our bartender couldnt have been friendlier", "positive"),
        ("the cook could not have been more accommodating about my allergy", "positive"),
        ("pairing the earpiece couldn't be simpler", "positive"),
        # staff who do not even try
        ("the servers didnt even try to be nice", "negative"),
        ("nobody bothered to refill our glasses", "negative"),
        ("they never bothered to bring the check", "negative"),
        # more than promised
        ("this battery pack charges my tablet and then some", "positive"),
        # a let-down
        ("the famous cheesecake was such a let down", "negative"),
        # bad smells
        ("the patio reeks of cigarette smoke", "negative"),
        ("our booth smelled like old grease", "negative"),
        ("the bathroom smelled like sewage", "negative"),
        # wear and tear
        ("the band began to fade in the sun", "negative"),
        ("the cord started fraying near the plug", "negative"),
        # fits that hold, noise that is absent
        ("these ear tips stay put during my workouts", "positive"),
        ("zero static on calls even on the highway", "positive"),
        ("never had any dropouts with my laptop", "positive"),
        # food idioms
        ("the short rib falls off the bone", "positive"),
    ],
)
def test_review_sentence_idioms(text: str, expected: str) -> None:
    assert analyze(text).label == expected


@pytest.mark.parametrize(
    ("text", "rewritten"),
    [
        ("the cord started fraying", "the cord wore out badly"),
        ("I started tearing up at dessert", "I started tearing up at dessert"),
        ("the clip stays put", "the clip stay securely"),
        ("no echo at all", "flawless at all"),
        ("got no feedback from the seller", "got no feedback from the seller"),
        ("a huge let-down", "a huge letdown"),
        ("the waiter could not have been nicer", "the waiter excellent"),
        ("they let me down", "they let me down"),
    ],
)
def test_rewrites(text: str, rewritten: str) -> None:
    assert review_sentence_rewrite(text) == rewritten


_FRAGMENTS = [
    "the waiter",
    "couldn't have been kinder",
    "could not be easier",
    "didn't even try to be",
    "never bothered to",
    "and then some",
    "a total let down",
    "smelled like bleach",
    "reeks of sewage",
    "started peeling",
    "began to come apart",
    "stays put",
    "no static",
    "without any lag",
    "falls off the bone",
    "good",
    "bad",
    "not",
    ".",
    "!",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8))
def test_trigger_gate_never_changes_the_rules(parts: list[str]) -> None:
    text = " ".join(parts)
    assert review_sentence_rewrite(text) == review_sentence_rewrite(text, gated=False)


@pytest.mark.parametrize(
    "text",
    [
        # en-ens-24: one-clause facts with no evaluation are neutral
        "the power bank has two usb ports and a small light",
        "this cover comes in red, green and grey",
        "my charger came with a spare cable",
        "the stand is rated for tablets up to 12 inches",
        "the noodle bar is next to the post office",
        "our delivery arrived on saturday",
        "we ordered the mezze platter and my brother had the kebab",
        "we use it for road trips",
        "i use the clip when i cycle",
        "it was my third visit",
    ],
)
def test_plain_facts_are_neutral(text: str) -> None:
    assert analyze(text).label == "neutral"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same frames with an evaluation keep their sign
        ("the power bank has a terrible light", "negative"),
        ("it has all the features i need", "positive"),
        ("my salad came with a cold soggy roll", "negative"),
        ("we ordered the mezze platter and it was wonderful", "positive"),
        ("it was our first visit and the staff were lovely", "positive"),
        ("the stand doesnt have a hinge lock", "negative"),
    ],
)
def test_facts_with_an_evaluation_keep_their_sign(text: str, expected: str) -> None:
    assert analyze(text).label == expected
