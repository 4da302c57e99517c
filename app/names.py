"""Survey names as a reader sees them: a checkpoint's label in the reader's language.

A workshop's checkpoint surveys are stored as ``<workshop> (day 0)`` / ``<workshop> (+7 days)``
(the name staff search for and the API returns, unchanged for compatibility). Pages, emails and
PDFs show the name through :func:`survey_name`, which writes the checkpoint label in the
reader's language at display time: ``…（当日）`` / ``…（7日後）`` in Japanese.
"""

from __future__ import annotations

import re

from app.i18n import t

__all__ = ["survey_name"]

#: The English checkpoint suffix training stores at the end of a checkpoint survey's name.
CHECKPOINT_SUFFIX = re.compile(r"\s*\((?:day 0|\+(?P<days>\d+) days?)\)\s*$", re.IGNORECASE)


def survey_name(name: str | None, lang: str) -> str:
    """``name`` with its checkpoint label (if any) written in ``lang``."""
    text = name or ""
    match = CHECKPOINT_SUFFIX.search(text)
    if match is None:
        return text
    days = match.group("days")
    label = (
        t("survey.checkpoint_day0", lang)
        if days is None or int(days) == 0
        else t("survey.checkpoint_after", lang, days=int(days))
    )
    return text[: match.start()] + label
