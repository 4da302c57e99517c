"""Report strings come from the one message catalog (``app/locale``), under ``report.*``.

Templates call ``t("report.nps")``; builders call :func:`translator` once per report.
"""

from __future__ import annotations

from collections.abc import Callable

from app import i18n

__all__ = ["translator"]


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **values)`` bound to ``lang`` (falls back to English, then to the key)."""

    def t(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    return t
