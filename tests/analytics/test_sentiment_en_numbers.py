"""English complaints and praise told in numbers alone (issue 14, ennum; en-ens-34): what was
promised, paid for or expected set against what came, changes between two figures, repeats
counted, prices beyond the thing, fixes timed in minutes (own examples)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.sentiment import analyze
from analytics.sentiment.numbers_en import BAD, GOOD, number_verdict


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # less came than was paid for or ordered (each of these was neutral or positive before)
        ("paying for 300mbps and the router shows 12", "negative"),
        ("we were invoiced for 60 licences, 18 people use it", "negative"),
        ("ordered 10 chairs, 7 turned up", "negative"),
        ("the tablet is sold as 10 hours of battery, I see 3", "negative"),
        ("rated 2000 pages per cartridge, I got 350", "negative"),
        # a date due, and now
        ("delivery was due on the 2nd, today is the 11th", "negative"),
        ("booked for Saturday, it's Wednesday", "negative"),
        # repeats counted
        ("sixth chat agent today", "negative"),
        # a price beyond the thing, a fee beyond the order
        ("£11 for a latte", "negative"),
        ("$9 shipping charge on a $12 order", "negative"),
        ("£7 card surcharge on a £10 order", "negative"),
        # less time or money than expected, fewer bad things, early and under budget
        ("quoted 3 weeks, the kitchen was done in 9 days", "positive"),
        ("expected 10 days, the visa came through in 4 days", "positive"),
        ("estimated £500, paid £350 in the end", "positive"),
        ("quoted £900, the final invoice was £700", "positive"),
        ("complaints went down from 90 to 20 a quarter", "positive"),
        ("returns went from 300 to 40 a month", "positive"),
        ("bugs dropped from 50 to 6 per release", "positive"),
        ("our call wait time fell from 12 minutes to 2 minutes", "positive"),
        ("replaced the screen in 25 minutes", "positive"),
        ("the package arrived 3 days early", "positive"),
        ("the sofa came two days early", "positive"),
        ("came in under budget", "positive"),
    ],
)
def test_told_in_numbers(text: str, expected: str) -> None:
    assert analyze(text).label == expected


@pytest.mark.parametrize(
    "text",
    [
        # figures with nothing set against them, questions about figures, notices
        "we bought 25 seats on the annual plan",
        "my order of 6 was placed on Wednesday",
        "can I order 10 and pick up 4 today?",
        "fares go up from £2 to £2.40 from next month",
        "the course is 2 days long, 9 to 5",
        "It was our second visit this month.",
        "4th stay this year and the staff are always lovely",
    ],
)
def test_figures_without_a_gap_get_no_verdict(text: str) -> None:
    assert number_verdict(text) is None


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # the thing measured decides the sign: more errors is bad, more sales is good
        ("error rate went from 2% to 9%", BAD),
        ("weekly sales went from 40 to 95", GOOD),
        # time bought (an entitlement) vs time taken (an estimate)
        ("charged for 8 hours of support, got 3", BAD),
        ("expected a 2 hour install, it took 20 minutes", GOOD),
        # a question does not complain about its figures, but a repeat counted does
        ("if I pay for 100mbps, will I get 100?", None),
        ("is this the 3rd outage this week?", BAD),
        # a quick fix is no praise after a long wait
        ("fixed in 10 minutes but only after 3 days of chasing", None),
        # the models already read these; the rule agrees with them
        ("the battery is rated at 12 hours, mine gets 4", BAD),
        ("quoted 1 week for the repair, it's been 5 weeks", BAD),
        ("the '10-minute' form took me 2 hours", BAD),
        ("estimated £80 for the service, the bill was £210", BAD),
        ("the van was due Monday, it's Thursday", BAD),
        ("table booked for 19:00, we sat down at 20:15", BAD),
        ("5th engineer visit and the boiler is still cold", BAD),
        ("day 9 with no phone line", BAD),
        ("the line was restored in 15 minutes", GOOD),
    ],
)
def test_direction_of_the_gap(text: str, verdict: str | None) -> None:
    assert number_verdict(text) == verdict


@settings(max_examples=60, deadline=None)
@given(paid=st.integers(min_value=20, max_value=2000), share=st.floats(0.0, 0.8))
def test_less_speed_than_paid_for_is_bad(paid: int, share: float) -> None:
    got = max(1, int(paid * share))
    assert number_verdict(f"paying for {paid}mbps, getting {got}mbps") == BAD


@settings(max_examples=60, deadline=None)
@given(quote=st.integers(min_value=2, max_value=60), extra=st.floats(1.3, 10.0))
def test_more_days_than_quoted_is_bad_and_fewer_good(quote: int, extra: float) -> None:
    late = int(quote * extra) + 1
    assert number_verdict(f"quoted {quote} days, it took {late} days") == BAD
    assert number_verdict(f"quoted {late} days, it took {quote} days") == GOOD


@pytest.mark.parametrize(
    "text",
    [
        # a statement of figures with nothing set against them (each was polar before)
        "the lunch combo is £4.50",
        "we have 3 sites and 140 staff",
        "the basic bundle is 50mbps",
        "the starter pack is 6 bottles",
    ],
)
def test_a_figure_told_as_a_plain_fact_is_neutral(text: str) -> None:
    assert analyze(text).label == "neutral"


@pytest.mark.parametrize(
    "text",
    [
        # durations, counts of times and what came are not plain facts
        "3 weeks to change a phone number",
        "the app signed me out 5 times this morning",
        "paid £45 to stand in the corridor the whole way",
    ],
)
def test_complaints_in_figures_are_not_plain_facts(text: str) -> None:
    assert analyze(text).label == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # from the second dev set's misses, in other words (each failed before)
        ("signed up for 1 gig fibre and it peaks at 95", "negative"),
        ("the guide said 30 minutes, the walk took 1 and a half hours", "negative"),
        ("we budgeted 10k for the launch and spent 31k", "negative"),
        ("the set was supposed to have 24 cups, ours had 17", "negative"),
        ("appointment at 9, seen at 11:15", "negative"),
        ("meant to end at 5, we were kept till 7:45", "negative"),
        ("8 emails and 2 calls to update a postcode", "negative"),
        ("the quote said 5 days, they finished in 2", "positive"),
        ("complaints went from 30 a month to zero", "positive"),
    ],
)
def test_told_in_numbers_round_two(text: str, expected: str) -> None:
    assert analyze(text).label == expected
