"""Survey emails: text and HTML parts in the recipient's language, RFC 8058 unsubscribe."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from dataclasses import dataclass
from email.header import Header
from email.utils import format_datetime, formataddr, make_msgid
from functools import lru_cache

import jinja2

import surveys.strings  # noqa: F401  (registers the built-in strings)
from app.i18n import t
from app.settings import REPO_ROOT


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
    incentive_name: str | None = None,
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
        "incentive_name": incentive_name,
    }
    env = _env()
    text = env.get_template("surveys/email/message.txt").render(context)
    html = env.get_template("surveys/email/message.html").render(context)
    subject = t(f"mail.subject.{kind}", language, survey=survey_name)
    message_id = message_id or new_message_id(mail_from)

    raw = render_mime(
        subject=subject,
        sender=formataddr(("voc", mail_from)),
        to=_crlf(formataddr((to_name, to_email), charset="utf-8")) if to_name else to_email,
        date=format_datetime(now),
        message_id=message_id,
        language=language,
        unsubscribe_url=unsubscribe_url,
        text=text,
        html=html,
    )
    return ComposedMail(subject=subject, raw=raw, message_id=message_id)


def _crlf(value: str) -> str:
    """Header folding from the legacy encoders uses bare LF; SMTP wants CRLF."""
    return value.replace("\r\n", "\n").replace("\n", "\r\n")


def _base64_part(content_type: str, content: str) -> str:
    encoded = base64.encodebytes(content.encode("utf-8")).decode("ascii").replace("\n", "\r\n")
    return (
        f'Content-Type: {content_type}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
        f"{encoded}"
    )


def render_mime(
    *,
    subject: str,
    sender: str,
    to: str,
    date: str,
    message_id: str,
    language: str,
    unsubscribe_url: str,
    text: str,
    html: str,
) -> str:
    """A multipart/alternative message as 7-bit ASCII with CRLF line ends.

    Written out directly: the ``email`` package's modern header folding costs milliseconds
    per message, which dominated sending. Non-ASCII headers are RFC 2047 encoded; bodies are
    base64 (76-character lines); ``List-Unsubscribe`` stays on one unfolded line.
    """
    for value in (subject, sender, to, message_id, unsubscribe_url):
        if "\r" in value or "\n" in value:
            raise ValueError("line breaks are not allowed in mail headers")
    boundary = f"=_voc_{secrets.token_hex(12)}"
    encoded_subject = (
        subject if subject.isascii() else Header(subject, "utf-8").encode(linesep="\r\n")
    )
    headers = [
        f"Subject: {encoded_subject}",
        f"From: {sender}",
        f"To: {to}",
        f"Date: {date}",
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
        f"Content-Language: {language}",
        f"List-Unsubscribe: <{unsubscribe_url}>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
    ]
    return (
        "\r\n".join(headers)
        + "\r\n\r\n"
        + f"--{boundary}\r\n"
        + _base64_part("text/plain", text)
        + f"--{boundary}\r\n"
        + _base64_part("text/html", html)
        + f"--{boundary}--\r\n"
    )
