"""One settings object, read once from ``VOC_*`` environment variables."""

from __future__ import annotations

import os
import secrets
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parent.parent
#: The shipped anonymity floors (``VOC_MIN_GROUP_SIZE``, ``VOC_ENPS_COMMENT_MIN_GROUP``). An
#: eNPS release cut before releases recorded their floors counts as cut under these (or the
#: settings, if stricter), never as cut under no floor.
DEFAULT_MIN_GROUP_SIZE = 5
DEFAULT_ENPS_COMMENT_MIN_GROUP = 10


class SettingsError(ValueError):
    """A bad configuration value; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    """``VOC_DATABASE_URL``: ``sqlite:///path`` (default ``var/voc.sqlite3``) or ``postgres://…``."""
    secret_key: str = field(repr=False)
    """``VOC_SECRET_KEY``: signs sessions and CSRF tokens; generated into ``var/secret_key``."""
    base_url: str
    """``VOC_BASE_URL``: public base URL used in emailed links."""
    smtp_host: str | None
    """``VOC_SMTP_HOST``: SMTP relay; unset writes ``.eml`` files to the outbox folder."""
    smtp_port: int
    """``VOC_SMTP_PORT``: SMTP port (default 25)."""
    smtp_user: str | None
    """``VOC_SMTP_USER``: SMTP user name, if the relay needs one."""
    smtp_password: str | None = field(repr=False)
    """``VOC_SMTP_PASSWORD``: SMTP password."""
    smtp_tls: str
    """``VOC_SMTP_TLS``: ``none``, ``starttls`` or ``tls``."""
    mail_from: str
    """``VOC_MAIL_FROM``: sender address of every survey email (the address alone)."""
    outbox_dir: Path
    """``VOC_OUTBOX_DIR``: where ``.eml`` files go when no SMTP host is set."""
    min_group_size: int
    """``VOC_MIN_GROUP_SIZE``: anonymity floor for eNPS figures and breakdowns (default 5)."""
    enps_comment_min_group: int
    """``VOC_ENPS_COMMENT_MIN_GROUP``: eNPS comments are shown only for groups this large (10)."""
    timezone: str
    """``VOC_TIMEZONE``: default time zone for sending windows and dates (IANA name)."""
    var_dir: Path
    """``VOC_VAR_DIR``: folder for the SQLite file, the secret key and the outbox."""
    tick_seconds: float
    """``VOC_TICK_SECONDS``: how often the scheduler tick claims due work (default 5)."""
    benefit_horizon_months: int
    """``VOC_BENEFIT_HORIZON_MONTHS``: months of benefit counted in workshop ROI (default 12)."""
    cookie_secure: bool
    """``VOC_COOKIE_SECURE``: mark cookies Secure; defaults to true when the base URL is https."""
    alert_webhook_url: str | None
    """``VOC_ALERT_WEBHOOK_URL``: optional webhook that receives detractor alerts as JSON."""
    db_pool_size: int
    """``VOC_DB_POOL_SIZE``: PostgreSQL connections per instance (0: connect per query)."""
    scoring_process: bool = False
    """``VOC_SCORING_PROCESS``: score answers' comments in a helper process per instance (on
    by default under ``voc serve``: a second core scores while the first serves requests)."""
    retention_days: int = 0
    """``VOC_RETENTION_DAYS``: anonymise answers older than this many days (0: keep all)."""
    api_token_days: int = 90
    """``VOC_API_TOKEN_DAYS``: lifetime of an API token made without ``expires_at`` (90)."""
    forwarded_allow_ips: str = ""
    """``VOC_FORWARDED_ALLOW_IPS`` (or uvicorn's ``FORWARDED_ALLOW_IPS``): comma-separated
    addresses/networks of the balancers whose ``X-Forwarded-For``/``-Proto`` are believed.
    Empty (the default) trusts nobody: the client address is the TCP peer."""
    org_name: str = ""
    """``VOC_ORG_NAME``: the organisation that asks, named in every survey email (per survey
    overridable)."""
    mail_from_name: str = ""
    """Display name of ``VOC_MAIL_FROM`` (``"Acme CX <cx@acme.example>"``); the organisation
    name when it has none. Per survey overridable."""
    checkpoint_late_days: int = 14
    """``VOC_CHECKPOINT_LATE_DAYS``: how many days after a workshop checkpoint is due its
    survey may still go out, to participants uploaded late or after an outage (default 14);
    later, the people not yet asked count as missed for that checkpoint."""

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path:
        return Path(urlparse(self.database_url).path.removeprefix("/") or "voc.sqlite3")


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be positive, got {raw!r}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def database_url_from_env(env: Mapping[str, str] | None = None) -> str:
    """The database URL alone, without side effects (``piccolo_conf`` needs only this)."""
    env = os.environ if env is None else env
    var_dir = Path(env.get("VOC_VAR_DIR") or REPO_ROOT / "var")
    url = env.get("VOC_DATABASE_URL") or f"sqlite:///{var_dir / 'voc.sqlite3'}"
    scheme = urlparse(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql"}:
        raise SettingsError(
            f"VOC_DATABASE_URL must start with sqlite:/// or postgres://, got {scheme or url!r}"
        )
    if scheme == "sqlite" and not urlparse(url).path.removeprefix("/"):
        raise SettingsError("VOC_DATABASE_URL names no SQLite file path")
    return url


def _secret_key(env: Mapping[str, str], var_dir: Path) -> str:
    key = env.get("VOC_SECRET_KEY")
    if key:
        if len(key) < 32:
            raise SettingsError("VOC_SECRET_KEY must be at least 32 characters")
        return key
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Written once with owner-only permissions so restarts keep sessions valid.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate every ``VOC_*`` variable; raise :class:`SettingsError` on a bad one."""
    env = os.environ if env is None else env
    var_dir = Path(env.get("VOC_VAR_DIR") or REPO_ROOT / "var")
    database_url = database_url_from_env(env)

    base_url = (env.get("VOC_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
    parsed = urlparse(base_url)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise SettingsError(f"VOC_BASE_URL must be an http(s) URL, got {base_url!r}")

    smtp_tls = (env.get("VOC_SMTP_TLS") or "none").lower()
    if smtp_tls not in {"none", "starttls", "tls"}:
        raise SettingsError(f"VOC_SMTP_TLS must be none, starttls or tls, got {smtp_tls!r}")

    timezone = env.get("VOC_TIMEZONE") or "Asia/Tokyo"
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"VOC_TIMEZONE is not a known time zone: {timezone!r}") from None

    mail_from_name, mail_from = parseaddr(env.get("VOC_MAIL_FROM") or "voc@localhost")
    if "@" not in mail_from or any(c in mail_from_name for c in "\r\n"):
        raise SettingsError(
            f"VOC_MAIL_FROM must be an email address, got {env.get('VOC_MAIL_FROM')!r}"
        )
    org_name = " ".join((env.get("VOC_ORG_NAME") or "").split())[:200]

    return Settings(
        database_url=database_url,
        secret_key=_secret_key(env, var_dir),
        base_url=base_url,
        smtp_host=env.get("VOC_SMTP_HOST") or None,
        smtp_port=_int(env, "VOC_SMTP_PORT", 25, 1, 65535),
        smtp_user=env.get("VOC_SMTP_USER") or None,
        smtp_password=env.get("VOC_SMTP_PASSWORD") or None,
        smtp_tls=smtp_tls,
        mail_from=mail_from,
        outbox_dir=Path(env.get("VOC_OUTBOX_DIR") or var_dir / "outbox"),
        min_group_size=_int(env, "VOC_MIN_GROUP_SIZE", DEFAULT_MIN_GROUP_SIZE, 3, 1000),
        enps_comment_min_group=_int(
            env, "VOC_ENPS_COMMENT_MIN_GROUP", DEFAULT_ENPS_COMMENT_MIN_GROUP, 3, 1000
        ),
        timezone=timezone,
        var_dir=var_dir,
        tick_seconds=_float(env, "VOC_TICK_SECONDS", 5.0),
        benefit_horizon_months=_int(env, "VOC_BENEFIT_HORIZON_MONTHS", 12, 1, 120),
        cookie_secure=_bool(env, "VOC_COOKIE_SECURE", parsed.scheme == "https"),
        alert_webhook_url=env.get("VOC_ALERT_WEBHOOK_URL") or None,
        db_pool_size=_int(env, "VOC_DB_POOL_SIZE", 10, 0, 500),
        scoring_process=_bool(env, "VOC_SCORING_PROCESS", False),
        retention_days=_int(env, "VOC_RETENTION_DAYS", 0, 0, 36500),
        api_token_days=_int(env, "VOC_API_TOKEN_DAYS", 90, 1, 730),
        forwarded_allow_ips=(
            env.get("VOC_FORWARDED_ALLOW_IPS") or env.get("FORWARDED_ALLOW_IPS") or ""
        ).strip(),
        org_name=org_name,
        mail_from_name=" ".join(mail_from_name.split())[:200] or org_name,
        checkpoint_late_days=_int(env, "VOC_CHECKPOINT_LATE_DAYS", 14, 0, 365),
    )
