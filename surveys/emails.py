"""Survey emails: text and HTML parts in the recipient's language, RFC 8058 unsubscribe."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.header import Header
from email.utils import format_datetime, formataddr, make_msgid
from functools import lru_cache
from typing import Any

import jinja2

from app.i18n import gettext_callables, t
from app.names import survey_name
from app.settings import REPO_ROOT, Settings
from app.text import one_line
from surveys.questions import end_labels
from surveys.schemas import Question


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(REPO_ROOT / "surveys" / "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.globals["t"] = t
    return env


@dataclass(frozen=True, slots=True)
class ComposedMail:
    subject: str
    raw: str
    message_id: str


@dataclass(frozen=True, slots=True)
class SurveyMail:
    """What a survey's emails say about it and who sends them, resolved once per send.

    The outbox and the staff preview both build it with :func:`survey_mail`, so the preview
    is the message that goes out.
    """

    titles: dict[str, str]
    """Public title per language (``en``/``ja``)."""
    org_name: str
    sender: str
    """The ``From`` header: display name and ``VOC_MAIL_FROM`` address."""
    mail_from: str
    question: Question | None
    """The 0–10 question whose scale the email carries (none: no scale)."""


def survey_mail(
    *,
    name: str,
    public_title_en: str,
    public_title_ja: str,
    org_name: str,
    sender_name: str,
    questions: Sequence[Question],
    settings: Settings,
) -> SurveyMail:
    """Resolve titles, organisation and sender: the survey's own, else the settings'."""
    en = public_title_en.strip() or public_title_ja.strip() or survey_name(name, "en")
    ja = public_title_ja.strip() or public_title_en.strip() or survey_name(name, "ja")
    org = org_name.strip() or settings.org_name
    display = sender_name.strip() or settings.mail_from_name or org
    return SurveyMail(
        titles={"en": en, "ja": ja},
        org_name=org,
        sender=sender_header(display, settings.mail_from),
        mail_from=settings.mail_from,
        question=next((q for q in questions if q.type == "nps"), None),
    )


def incentive_label(incentive: Mapping[str, Any], language: str) -> str:
    """What the thank-you is called in the recipient's language (its description there, else
    its name)."""
    described = incentive.get(f"description_{'ja' if language == 'ja' else 'en'}") or ""
    return str(described.strip() or incentive["name"])


def sender_header(display_name: str, address: str) -> str:
    """``From``: the display name (RFC 2047 encoded when not ASCII) and the address."""
    if not display_name:
        return address
    return _crlf(formataddr((display_name, address), charset="utf-8"))


def new_message_id(mail_from: str) -> str:
    domain = mail_from.rsplit("@", 1)[-1].strip(">") or "localhost"
    return make_msgid(domain=domain)


def compose(
    *,
    kind: str,
    language: str,
    survey: SurveyMail,
    to_email: str,
    to_name: str,
    base_url: str,
    token: str,
    unsubscribe_token: str,
    now: dt.datetime,
    message_id: str | None = None,
    incentive_name: str | None = None,
) -> ComposedMail:
    """Render one invitation or reminder; ``raw`` is the exact RFC 5322 text to send.

    ``token`` opens the answers (``/r/``); ``unsubscribe_token`` is a different random token
    (``/u/``), because the ``List-Unsubscribe`` header is read by mail systems.
    """
    survey_url = f"{base_url}/r/{token}"
    unsubscribe_url = f"{base_url}/u/{unsubscribe_token}"
    lang = "ja" if language == "ja" else "en"
    title = survey.titles[lang]
    question = survey.question
    labels = end_labels(question) if question is not None else None
    context = {
        **gettext_callables(lang),
        "lang": lang,
        "kind": kind,
        "title": title,
        "org_name": survey.org_name,
        "name": to_name,
        "survey_url": survey_url,
        "unsubscribe_url": unsubscribe_url,
        "question": getattr(question.text, lang) if question is not None else "",
        "scale": list(range(11)) if question is not None else [],
        "min_label": getattr(labels["min"], lang) if labels else "",
        "max_label": getattr(labels["max"], lang) if labels else "",
        "incentive_name": incentive_name,
    }
    env = _env()
    text = env.get_template("surveys/email/message.txt").render(context)
    html = env.get_template("surveys/email/message.html").render(context)
    # Names stored before the text rule (app/text.py) may hold line breaks: not in a header.
    subject = one_line(t(f"mail.subject.{kind}", lang, survey=title))
    message_id = message_id or new_message_id(survey.mail_from)

    raw = render_mime(
        subject=subject,
        sender=survey.sender,
        to=_crlf(formataddr((to_name, to_email), charset="utf-8")) if to_name else to_email,
        date=format_datetime(now),
        message_id=message_id,
        language=lang,
        unsubscribe_url=unsubscribe_url,
        text=text,
        html=html,
    )
    return ComposedMail(subject=subject, raw=raw, message_id=message_id)


def thank_you_texts(
    *,
    language: str,
    title: str,
    org_name: str,
    to_name: str,
    incentive_name: str,
    code: str | None,
    unsubscribe_url: str,
) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the thank-you that carries an incentive's code: the
    invitation's look (organisation, greeting by name, footer with the opt-out link) and the
    code in a box a thumb can select."""
    lang = "ja" if language == "ja" else "en"
    subject = one_line(t("mail.thank_you.subject", lang, survey=title))
    context = {
        **gettext_callables(lang),
        "lang": lang,
        "subject": subject,
        "title": title,
        "org_name": org_name,
        "name": to_name,
        "incentive_name": incentive_name,
        "code": code,
        "unsubscribe_url": unsubscribe_url,
    }
    env = _env()
    text = env.get_template("surveys/email/thank_you.txt").render(context)
    html = env.get_template("surveys/email/thank_you.html").render(context)
    return subject, text, html


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
