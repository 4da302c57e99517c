"""Built-in strings in English and Japanese; packages add theirs with :func:`register`."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "ja")

_STRINGS: dict[str, dict[str, str]] = {
    "app.name": {"en": "voc", "ja": "voc"},
    "nav.surveys": {"en": "Surveys", "ja": "アンケート"},
    "nav.workshops": {"en": "Workshops", "ja": "ワークショップ"},
    "nav.accounts": {"en": "Accounts", "ja": "アカウント"},
    "nav.users": {"en": "Users", "ja": "ユーザー"},
    "nav.reports": {"en": "Reports", "ja": "レポート"},
    "nav.sign_out": {"en": "Sign out", "ja": "ログアウト"},
    "sign_in.title": {"en": "Sign in", "ja": "ログイン"},
    "sign_in.email": {"en": "Email", "ja": "メールアドレス"},
    "sign_in.password": {"en": "Password", "ja": "パスワード"},
    "sign_in.submit": {"en": "Sign in", "ja": "ログイン"},
    "sign_in.wrong_credentials": {
        "en": "Wrong email or password.",
        "ja": "メールアドレスまたはパスワードが正しくありません。",
    },
    "sign_in.throttled": {
        "en": "Too many failed attempts. Please wait a few minutes and try again.",
        "ja": "失敗が続いたため一時的にロックされています。数分後に再度お試しください。",
    },
    "home.title": {"en": "Overview", "ja": "概要"},
    "home.welcome": {"en": "Welcome, {name}", "ja": "{name} さん、ようこそ"},
}


def register(strings: Mapping[str, Mapping[str, str]]) -> None:
    for key, texts in strings.items():
        _STRINGS[key] = dict(texts)


def t(key: str, language: str = "en", **values: object) -> str:
    texts = _STRINGS.get(key)
    if texts is None:
        return key
    text = texts.get(language) or texts.get("en") or key
    return text.format(**values) if values else text


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
