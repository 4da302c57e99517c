"""The one message catalog: complete in English and Japanese, and every key in code is in it."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from app import i18n
from app.settings import REPO_ROOT

KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_ ]+)+$")
SKIP_DIRS = {".venv", "tests", "bench", "migrations", "var", ".git", "node_modules"}


def catalog(language: str) -> dict[str, tuple[str, bool]]:
    with i18n.po_path(language).open("rb") as handle:
        messages = read_po(handle, locale=language)
    return {m.id: (m.string, m.fuzzy) for m in messages if m.id}  # type: ignore[misc]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def keys_in_code() -> dict[str, str]:
    """Every literal ``t("…")`` key in Python files and templates, as ``make messages`` finds."""
    with (REPO_ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, str] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        REPO_ROOT,
        method_map,
        options_map,
        keywords={"t": None, "_": None, "gettext": None},
        directory_filter=lambda path: Path(path).name not in SKIP_DIRS,
    ):
        if isinstance(message, str) and KEY.match(message):
            found.setdefault(message, filename)
    return found


def test_both_languages_translate_every_message() -> None:
    en, ja = catalog("en"), catalog("ja")
    assert set(en) == set(ja), {
        "only English": sorted(set(en) - set(ja)),
        "only Japanese": sorted(set(ja) - set(en)),
    }
    problems = [
        (key, language)
        for language, messages in (("en", en), ("ja", ja))
        for key, (text, fuzzy) in messages.items()
        if not text.strip() or fuzzy
    ]
    assert problems == []
    mismatched = [key for key in en if placeholders(en[key][0]) != placeholders(ja[key][0])]
    assert mismatched == []


def test_every_key_used_in_code_is_in_the_catalog() -> None:
    used = keys_in_code()
    assert len(used) > 300  # the extraction really ran over code and templates
    en = catalog("en")
    missing = {key: where for key, where in used.items() if key not in en}
    assert missing == {}


def test_no_strings_are_registered_outside_the_catalog() -> None:
    for package in ("app", "surveys", "analytics", "training"):
        for module in pkgutil.walk_packages([str(REPO_ROOT / package)], f"{package}."):
            if not module.name.endswith(("__main__", ".cli", ".train")):
                importlib.import_module(module.name)
    assert i18n.registered_keys() == [], "move these into app/locale/*/messages.po"


@pytest.mark.parametrize(
    ("language", "expected"), [("ja", "アンケート"), ("en", "Surveys"), ("fr", "Surveys")]
)
def test_lookup_and_fallbacks(language: str, expected: str) -> None:
    assert i18n.t("nav.surveys", language) == expected
    assert i18n.t("no.such_key", language) == "no.such_key"
    assert i18n.t("home.welcome", "ja", name="花子") == "花子 さん、ようこそ"


def test_jinja_trans_blocks_use_the_same_catalog() -> None:
    import jinja2

    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    template = env.from_string("{% trans %}nav.workshops{% endtrans %}")
    assert template.render(**i18n.gettext_callables("ja")) == "ワークショップ"
    assert template.render(**i18n.gettext_callables("en")) == "Workshops"


@pytest.mark.parametrize(
    ("english", "japanese"),
    [
        (
            "Fix first: price and support (matter more than average, rated below average).",
            "最優先で改善：価格・サポート（重要度が平均より高く、評価が平均より低い項目）。",
        ),
        ("duplicate of row 4", "4行目と重複しています"),
        ("the windows are empty on the workshop day (k = 0)", "k = 0"),
        ("(not set)", "（未設定）"),
        ("the incentive added no answers over the holdout", "インセンティブ"),
        ("give the survey a name", "アンケートの名前を入力してください"),
        # a date in a service message reads like the page's dates, never 2026-12-22
        ("checkpoint day 2026-12-22 not reached yet", "測定日 2026/12/22 にまだ達していません"),
    ],
)
def test_service_messages_are_shown_in_the_page_language(english: str, japanese: str) -> None:
    assert japanese in i18n.localise(english, "ja")
    assert i18n.localise(english, "en") == english
    assert i18n.localise("a message nobody catalogued", "ja") == "a message nobody catalogued"
