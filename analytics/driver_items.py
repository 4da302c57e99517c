"""Which questions of a survey are key-driver items: decided here only, for the results page,
the JSON API, the PDF and the row export alike.

A driver item is a rating question analysed against the recommendation question (which is
the outcome, never a driver of itself):

* ``driver_*`` ratings, on any survey (the customer template's "how satisfied are you with");
* ``engagement_*`` ratings, on any survey (the eNPS template's engagement items);
* on an eNPS survey, every rating question: an employee survey's 1–5 items ("my manager
  listens to me") are what people read as the drivers of eNPS, as in Culture Amp.

Ratings that are measures of their own stay out on other surveys: a workshop's CSAT and
"confident to apply" are its reaction levels, reported as scores, not as levers of its NPS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "DRIVER_PREFIXES",
    "driver_keys",
    "driver_name",
    "is_driver_item",
    "left_out_message",
    "quoted_label",
]

DRIVER_PREFIXES = ("driver_", "engagement_")


def is_driver_item(question: Mapping[str, Any], kind: str) -> bool:
    """Whether ``question`` (a stored question object) is a key-driver item of a ``kind``
    survey."""
    if question.get("type") != "rating":
        return False
    return kind == "enps" or str(question.get("key", "")).startswith(DRIVER_PREFIXES)


def driver_keys(questions: Iterable[Mapping[str, Any]], kind: str) -> list[str]:
    """The keys of the driver items among ``questions``, in survey order."""
    return [str(q["key"]) for q in questions if is_driver_item(q, kind)]


def driver_name(key: str) -> str:
    """How the analysis's messages name a driver: ``driver_price`` → ``price`` (the
    customer template's short names); other keys as they are."""
    return key.removeprefix("driver_")


def left_out_message(keys: Sequence[str]) -> str:
    """Why driver items take no part in an employee survey's analysis (the export could not
    show who answered them without singling out fewer than the floor: see
    ``analytics.disclosure.DisclosurePlan.driver_items``)."""
    names = [driver_name(k) for k in keys]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Left out to protect anonymity (too few answered or skipped it): {listed}."


def quoted_label(label: str, lang: str) -> str:
    """A driver's label inside a sentence. A label that is a whole question is quoted:
    「価格」の満足度を教えてください。と「製品」… read as one run-on sentence.
    Short labels (手間) stay bare."""
    if not label.endswith(("。", "．", "？", "?", "！", "!", ".")):
        return label
    if lang == "ja":
        return f"『{label.rstrip('。．')}』"
    return f"“{label}”"
