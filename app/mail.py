"""Mail transport: SMTP with one connection per batch (aiosmtplib), or ``.eml`` files.

Domain packages compose the RFC 5322 bytes themselves and hand them to a transport::

    async with make_transport(settings) as transport:
        for message in batch:
            await transport.send(sender, recipient, raw_bytes, message_id)

``send`` raises :class:`TemporaryMailError` (4xx reply, refused or dropped connection,
timeout: retry later) or :class:`PermanentMailError` (5xx reply: the address bounced).
``TemporaryMailError.connection`` tells the caller the connection itself is gone, so the rest
of the batch should wait for the next tick instead of hammering a dead server.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Protocol

import aiosmtplib

from app.files import private_dir
from app.settings import Settings


class MailError(Exception):
    def __init__(self, detail: str, code: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


class TemporaryMailError(MailError):
    """Try again later (4xx, connection refused or lost, timeout)."""

    def __init__(self, detail: str, code: int | None = None, connection: bool = False) -> None:
        super().__init__(detail, code)
        self.connection = connection


class PermanentMailError(MailError):
    """The relay refused the message for good (5xx): the address bounced."""


class MailTransport(Protocol):
    async def __aenter__(self) -> MailTransport: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def send(self, sender: str, recipient: str, raw: bytes, message_id: str) -> None: ...


class SmtpTransport:
    """One SMTP connection, opened on the first message and reused for the whole batch."""

    def __init__(self, settings: Settings, timeout: float = 30.0) -> None:
        self.settings = settings
        self.timeout = timeout
        self._smtp: aiosmtplib.SMTP | None = None

    async def __aenter__(self) -> SmtpTransport:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None and smtp.is_connected:
            try:
                await smtp.quit()
            except (aiosmtplib.SMTPException, OSError):
                smtp.close()

    async def _connection(self) -> aiosmtplib.SMTP:
        if self._smtp is not None and self._smtp.is_connected:
            return self._smtp
        settings = self.settings
        smtp = aiosmtplib.SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_user,
            password=settings.smtp_password,
            use_tls=settings.smtp_tls == "tls",
            start_tls=True if settings.smtp_tls == "starttls" else False,
            timeout=self.timeout,
        )
        try:
            await smtp.connect()
        except aiosmtplib.SMTPResponseException as exc:
            raise TemporaryMailError(f"connect: {exc.code} {exc.message}", exc.code, True) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise TemporaryMailError(f"connect: {exc}", None, True) from exc
        self._smtp = smtp
        return smtp

    async def send(self, sender: str, recipient: str, raw: bytes, message_id: str) -> None:
        smtp = await self._connection()
        try:
            await smtp.sendmail(sender, [recipient], raw)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            refused = exc.recipients[0] if exc.recipients else None
            code = refused.code if refused else 550
            detail = f"{code} {refused.message if refused else 'recipient refused'}"
            if code >= 500:
                raise PermanentMailError(detail, code) from exc
            raise TemporaryMailError(detail, code) from exc
        except aiosmtplib.SMTPSenderRefused as exc:
            # The relay refuses our sender: a configuration problem, not the recipient's.
            raise TemporaryMailError(f"sender refused: {exc.code} {exc.message}", exc.code) from exc
        except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError, OSError) as exc:
            self._drop()
            raise TemporaryMailError(f"connection lost: {exc}", None, True) from exc
        except aiosmtplib.SMTPResponseException as exc:
            if exc.code >= 500:
                raise PermanentMailError(f"{exc.code} {exc.message}", exc.code) from exc
            if exc.code == 421:  # the server is closing the connection
                self._drop()
                raise TemporaryMailError(f"{exc.code} {exc.message}", exc.code, True) from exc
            raise TemporaryMailError(f"{exc.code} {exc.message}", exc.code) from exc

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class FileTransport:
    """Writes each message to ``outbox_dir/<message-id>.eml``; a retry overwrites, atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def __aenter__(self) -> FileTransport:
        private_dir(self.folder)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def send(self, sender: str, recipient: str, raw: bytes, message_id: str) -> None:
        name = _UNSAFE.sub("_", message_id.strip("<>"))[:150] or "message"
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(raw)
            os.replace(tmp, self.folder / f"{name}.eml")
        except OSError as exc:
            raise TemporaryMailError(f"outbox folder: {exc}", None, True) from exc


def make_transport(settings: Settings) -> MailTransport:
    """SMTP when ``VOC_SMTP_HOST`` is set, else ``.eml`` files in ``VOC_OUTBOX_DIR``."""
    if settings.smtp_host:
        return SmtpTransport(settings)
    return FileTransport(settings.outbox_dir)


class MailQueue(Protocol):
    async def __call__(
        self, *, dedupe_key: str, to: str, subject: str, raw: str, message_id: str, now: dt.datetime
    ) -> None: ...


_mail_queue: list[MailQueue] = []


def register_mail_queue(queue: MailQueue) -> None:
    """The durable outbox lives in ``surveys``; it registers itself here at assembly, so app
    code (password-reset mail) can queue a message without importing a domain package."""
    _mail_queue[:] = [queue]


async def queue_mail(
    *, dedupe_key: str, to: str, subject: str, raw: str, message_id: str, now: dt.datetime
) -> None:
    if not _mail_queue:
        raise RuntimeError("no outbox registered: the surveys package is not installed")
    await _mail_queue[0](
        dedupe_key=dedupe_key, to=to, subject=subject, raw=raw, message_id=message_id, now=now
    )
