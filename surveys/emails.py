"""Survey emails: text and HTML parts in the recipient's language, RFC 8058 unsubscribe."""

from __future__ import annotations

import datetime as dt
import email.policy
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import lru_cache

import jinja2

import surveys.strings  # noqa: F401  (registers the built-in strings)
from app.i18n import t
from app.settings import REPO_ROOT

# 7bit: bodies are quoted-printable/base64, so the stored message is plain ASCII and any
# relay accepts it, with or without 8BITMIME. Lines up to RFC 5322's 998 characters keep the
# List-Unsubscribe URL on one unfolded line, which strict one-click parsers expect.
POLICY = email.policy.SMTP.clone(cte_type="7bit", max_line_length=998)


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(REPO_ROOT / "surveys" / "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["t"] = t
    return env


@dataclass(frozen=True, slots=True)
class ComposedMail:
    subject: str
    raw: str
    message_id: str


def new_message_id(mail_from: str) -> str:
    domain = mail_from.rsplit("@", 1)[-1].strip(">") or "localhost"
    return make_msgid(domain=domain)


def compose(
    *,
    kind: str,
    language: str,
    survey_name: str,
    to_email: str,
    to_name: str,
    mail_from: str,
    base_url: str,
    token: str,
    with_scale: bool,
    now: dt.datetime,
    message_id: str | None = None,
) -> ComposedMail:
    """Render one invitation or reminder; ``raw`` is the exact RFC 5322 text to send."""
    survey_url = f"{base_url}/r/{token}"
    unsubscribe_url = f"{base_url}/u/{token}"
    context = {
        "lang": language,
        "kind": kind,
        "survey_name": survey_name,
        "name": to_name,
        "survey_url": survey_url,
        "unsubscribe_url": unsubscribe_url,
        "scale": list(range(11)) if with_scale else [],
    }
    env = _env()
    text = env.get_template("surveys/email/message.txt").render(context)
    html = env.get_template("surveys/email/message.html").render(context)
    subject = t(f"mail.subject.{kind}", language, survey=survey_name)
    message_id = message_id or new_message_id(mail_from)

    message = EmailMessage(policy=POLICY)
    message["Subject"] = subject
    message["From"] = Address(display_name="voc", addr_spec=mail_from)
    message["To"] = Address(display_name=to_name, addr_spec=to_email) if to_name else to_email
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    # After the body: set_content() drops every Content-* header set before it.
    message["Content-Language"] = language
    return ComposedMail(subject=subject, raw=message.as_string(), message_id=message_id)
