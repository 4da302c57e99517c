"""The password-reset email an admin sends: one link, valid once, for 24 hours."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from app.text import one_line


def reset_email(
    *, sender: str, to: str, name: str, link: str, expires_at: dt.datetime, now: dt.datetime
) -> tuple[str, str, str]:
    """(subject, message id, RFC 5322 text in 7-bit ASCII) in English and Japanese."""
    subject = "Set your voc password / voc のパスワード設定"
    message = EmailMessage()
    message["From"] = formataddr(("voc", sender))
    message["To"] = to
    message["Subject"] = subject
    message_id = make_msgid(domain=sender.split("@", 1)[1])
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(now)
    until = expires_at.strftime("%Y-%m-%d %H:%M UTC")
    message.set_content(
        f"Hello {one_line(name)},\n\n"
        "An administrator asked voc to let you set a new password. Open this link once, "
        f"before {until}:\n\n{link}\n\n"
        "If you did not expect this, ignore this email: your password stays as it is.\n\n"
        f"{one_line(name)} 様\n\n"
        "管理者が voc のパスワード再設定を依頼しました。次のリンクを "
        f"{until} までに一度だけ開いてください:\n\n{link}\n\n"
        "心当たりがない場合はこのメールを無視してください。パスワードは変わりません。\n",
        cte="base64",
    )
    return subject, message_id, message.as_string()
