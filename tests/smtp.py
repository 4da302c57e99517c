"""A real SMTP server (aiosmtpd) on loopback for tests and benchmarks.

``SmtpServer`` runs in its own thread; ``stop()`` and ``start()`` again on the same port
simulate a relay outage. ``reject`` maps an address to a reply code for its RCPT (for
example 550 for a bounce, 451 for a temporary failure).
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from app.settings import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Sink:
    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.count = 0
        self.reject: dict[str, int] = {}
        self.on_rcpt: Any = None
        """Called with the number of messages accepted so far before each RCPT."""
        self._lock = threading.Lock()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.on_rcpt is not None and self.on_rcpt(self.count):
            return "421 closing connection"
        code = self.reject.get(address.lower())
        if code:
            return f"{code} {'mailbox unavailable' if code >= 500 else 'try again later'}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.count += 1
            if self.keep:
                message = email.message_from_bytes(envelope.content, policy=email.policy.default)
                self.messages.append(message)  # type: ignore[arg-type]
                self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self.envelopes.clear()
            self.count = 0


class SmtpServer:
    def __init__(self, port: int | None = None, keep: bool = True) -> None:
        self.port = port or free_port()
        self.sink = Sink(keep)
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(
            self.sink, hostname="127.0.0.1", port=self.port, data_size_limit=10_000_000
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def stop_after(self, accepted: int) -> None:
        """Go down (as a crashed relay would) once ``accepted`` messages were accepted."""

        def check(count: int) -> bool:
            if count < accepted:
                return False
            self.sink.on_rcpt = None
            threading.Thread(target=self.stop, daemon=True).start()
            return True

        self.sink.on_rcpt = check

    @property
    def running(self) -> bool:
        return self._controller is not None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_settings(database_url: str, tmp_path: Path, smtp_server: SmtpServer) -> Settings:
    """Test settings pointing at the loopback SMTP server."""
    from tests.conftest import make_settings

    return make_settings(
        database_url,
        tmp_path,
        VOC_SMTP_HOST="127.0.0.1",
        VOC_SMTP_PORT=str(smtp_server.port),
        VOC_MAIL_FROM="surveys@voc.example",
    )
