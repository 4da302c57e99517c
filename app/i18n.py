"""One message catalog for the whole product, on gettext: ``app/locale/<lang>/LC_MESSAGES``.

Pages, emails, PDF reports and user-facing error details all read the same ``messages.po``
per language. Message ids are stable keys (``nav.surveys``), so call sites stay
``t(key, lang, **values)`` and templates ``{{ t('nav.surveys', lang) }}``; the English
wording lives in ``en/…/messages.po`` like any other language. The ``.po`` files are compiled
to ``.mo`` in process by Babel the first time a language is used (nothing is downloaded and no
build step is needed); ``make messages`` extracts the keys used in code (``babel.cfg``) and
checks both catalogs. Templates also get Jinja's i18n extension (``{% trans %}``), bound per
render to the page language by :func:`gettext_callables`.
"""

from __future__ import annotations

import gettext as gettext_module
import io
import re
import threading
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("en", "ja")
#: The Babel locale that writes numbers and dates for each language (reports and pages).
LOCALES = {"en": "en_GB", "ja": "ja_JP"}
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def locale_for(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


#: Strings added at run time by :func:`register` (deprecated: put them in the ``.po`` files;
#: ``tests/app/test_i18n.py`` fails while any are left).
_REGISTERED: dict[str, dict[str, str]] = {}
_lock = threading.Lock()


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> gettext_module.GNUTranslations:
    """The compiled catalog of ``language`` (``.po`` → ``.mo`` in memory, once)."""
    with _lock, po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
        compiled = io.BytesIO()
        write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def _lookup(key: str, language: str) -> str | None:
    lang = language if language in LANGUAGES else "en"
    text = translations(lang).gettext(key)
    if text != key:
        return text
    registered = _REGISTERED.get(key)
    if registered is not None:
        return registered.get(lang) or registered.get("en")
    return None


def t(key: str, language: str = "en", **values: object) -> str:
    """The message ``key`` in ``language`` (English, then the key itself, when missing)."""
    text = _lookup(key, language)
    if text is None:
        text = _lookup(key, "en") if language != "en" else None
    if text is None:
        return key
    return text.format(**values) if values else text


def has(key: str, language: str) -> bool:
    """Whether the catalog of ``language`` translates ``key``."""
    return _lookup(key, language) is not None


def gettext_callables(language: str) -> dict[str, Callable[..., str]]:
    """``gettext``/``ngettext`` for Jinja's i18n extension, bound to one render's language."""
    catalog = translations(language if language in LANGUAGES else "en")

    def _gettext(message: str, **values: object) -> str:
        text = catalog.gettext(message)
        return text % values if values else text

    def _ngettext(singular: str, plural: str, n: int, **values: object) -> str:
        text = catalog.ngettext(singular, plural, n)
        return text % {"num": n, **values}

    return {"gettext": _gettext, "ngettext": _ngettext}


def register(strings: Mapping[str, Mapping[str, str]]) -> None:
    """Deprecated: add strings at run time. Put new messages in ``app/locale/*/messages.po``."""
    for key, texts in strings.items():
        _REGISTERED[key] = dict(texts)


def registered_keys() -> list[str]:
    return sorted(_REGISTERED)


def accept_language(header: str | None, default: str = "en") -> str:
    """The supported language a browser's ``Accept-Language`` prefers most (q-values honoured)."""
    best, best_q = default, 0.0
    for item in (header or "").split(","):
        tag, _, params = item.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        code = pick_language(tag, "")
        if code and q > best_q:  # strictly: an earlier entry wins a tie
            best, best_q = code, q
    return best


def pick_language(value: str | None, default: str = "en") -> str:
    """Normalise ``ja-JP``/``JA``/``en_US`` to a supported language code."""
    if not value:
        return default
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else default


# --------------------------------------------------------------------------- service messages
#
# Services say things in English (the API's language): "Fix first: price (…)". Pages show them
# through :func:`localise`, which matches the text against the English ``said.*`` messages of
# the catalog (their ``{placeholders}`` capture the variable parts) and answers the same
# message in the page language. Captured names with a ``term.*`` entry are translated too.
SAID_PREFIX = "said."
TERM_PREFIX = "term."
_LIST_SEPARATORS = re.compile(r"(, and |, | and )")
_JOINERS = {"ja": {", and ": "・", ", ": "・", " and ": "・"}}


@lru_cache(maxsize=1)
def _said_patterns() -> list[tuple[re.Pattern[str], str]]:
    with po_path("en").open("rb") as handle:
        catalog = read_po(handle, locale="en", domain=DOMAIN)
    patterns = []
    for message in catalog:
        key, english = message.id, message.string
        if isinstance(key, str) and key.startswith(SAID_PREFIX) and isinstance(english, str):
            regex = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>.+?)", re.escape(english))
            patterns.append((re.compile(regex), key))
    # Longer patterns first, so a specific message wins over a general one.
    return sorted(patterns, key=lambda p: -len(p[0].pattern))


#: An ISO date a service writes into a message ("checkpoint day 2026-12-22 not reached yet").
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _term(value: str, language: str, names: Mapping[str, str] | None = None) -> str:
    """A captured part: a whole message of its own, else a list of ``term.*`` names (or of
    the caller's ``names``, e.g. driver keys → question texts). A date reads as the page's
    staff dates do (``2026/12/22`` in Japanese)."""
    day = _ISO_DAY.fullmatch(value.strip())
    if day is not None and language == "ja":
        return "/".join(day.groups())
    message = localise(value, language, names)
    if message != value:
        return message
    parts = _LIST_SEPARATORS.split(value)
    joiners = _JOINERS.get(language, {})
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(joiners.get(part, part))
        elif names and part in names:
            out.append(names[part])
        else:
            out.append(
                t(TERM_PREFIX + part, language) if has(TERM_PREFIX + part, language) else part
            )
    return "".join(out)


def localise(text: str | None, language: str, names: Mapping[str, str] | None = None) -> str:
    """A service's English message in ``language`` (unchanged when no ``said.*`` matches).

    ``names`` renames the message's captured names (only those, never the message's own
    words), e.g. driver keys to their question texts in ``language``.
    """
    if not text or (language == "en" and not names):
        return text or ""
    for pattern, key in _said_patterns():
        match = pattern.fullmatch(text)
        if match:
            values = {
                name: _term(value, language, names) for name, value in match.groupdict().items()
            }
            return t(key, language, **values)
    return text


#: Attribute names people commonly import with recipients or accounts; any other name is the
#: customer's own word and shows as typed.
ATTRIBUTE_PREFIX = "attribute."
#: Values of the domain's account tiers (seed 004), however a CRM export spells them.
_TIERS = {
    "enterprise": "enterprise",
    "mid_market": "mid_market",
    "midmarket": "mid_market",
    "smb": "smb",
}


def attribute_name(name: str, language: str) -> str:
    """An imported attribute's name in ``language`` when it is a common one (store → 店舗),
    else as typed. English keeps the name as typed: the column heading people imported is
    already an English word (and pages, reports and their tests quote it so)."""
    if language == "en":
        return name
    key = ATTRIBUTE_PREFIX + name.strip().lower().replace("-", "_").replace(" ", "_")
    return t(key, language) if has(key, language) else name


def attribute_value(name: str, value: str, language: str) -> str:
    """An imported attribute's value in ``language``: an account tier by its domain name
    (mid_market → ミッドマーケット), any other value as the customer typed it (their store
    and team names are their own words, not ours to translate)."""
    normal = re.sub(r"[\s_-]+", "_", str(value).strip().lower())
    if name.strip().lower() in ("tier", "segment_tier", "account_tier") and normal in _TIERS:
        return t("tier." + _TIERS[normal], language)
    return value
