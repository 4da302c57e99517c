"""The access log's direct write is the same JSON line the logging module would write."""

from __future__ import annotations

import io
import json
import logging
import time
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.logs import (
    _EMAIL,
    _REPORT_TICKET,
    _SECRET_PATH,
    access_log,
    configure_logging,
    log_access,
    redact,
    request_id_var,
)


def _lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_direct_line_equals_the_logging_modules_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_logging()
    token = request_id_var.set("req-1")  # as the middleware does for the request it logs
    path = "/r/AbCdEfGhIjKlMnOpQrStUvWx12/extra?x=aiko@example.jp"
    with monkeypatch.context() as patched:  # the configured set-up never builds a LogRecord
        patched.setattr(access_log, "info", lambda *a, **k: pytest.fail("not direct"))
        log_access("req-1", "POST", path, 201, time.perf_counter())
    # Any filter on the access logger sends the record through logging instead.
    through_logging = logging.Filter()
    access_log.addFilter(through_logging)
    try:
        log_access("req-1", "POST", path, 201, time.perf_counter())
    finally:
        access_log.removeFilter(through_logging)
        request_id_var.reset(token)
    direct, logged = _lines(capsys.readouterr().err)
    for entry in (direct, logged):
        assert entry.pop("ts") and isinstance(entry.pop("duration_ms"), float)
    assert direct == logged
    assert list(direct) == ["level", "logger", "message", "request_id", "method", "path", "status"]
    assert direct["path"] == "/r/<token>/extra?x=<email>" and direct["status"] == 201


def test_no_line_when_info_is_off(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(logging.WARNING)
    try:
        log_access("req-2", "GET", "/surveys", 200, time.perf_counter())
        assert capsys.readouterr().err == ""
    finally:
        configure_logging()


def _redact_every_pattern(text: str) -> str:
    """``redact`` without its substring pre-checks: every pattern on every text."""
    text = _SECRET_PATH.sub(lambda m: f"/{m.group(1) or m.group(2)}/<token>", text)
    text = _REPORT_TICKET.sub(lambda m: f"/api/reports/{m.group(1) or ''}<ticket>", text)
    return _EMAIL.sub("<email>", text)


_PIECES = st.sampled_from(
    ["/r/", "/u/", "/api/reports/", "jobs/", "@", "a", "Z9", "_-", ".", "?x=", " ", "/", "é", '"']
)


@given(st.lists(_PIECES | st.text(max_size=20), max_size=12).map("".join))
def test_redact_is_every_pattern_applied(text: str) -> None:
    assert redact(text) == _redact_every_pattern(text)


@given(
    request_id=st.text(max_size=20),
    method=st.sampled_from(["GET", "POST", "PATCH"]),
    path=st.lists(_PIECES | st.text(max_size=20), max_size=10).map(lambda p: "/" + "".join(p)),
    status=st.integers(100, 599),
    duration=st.floats(0, 1e5, allow_nan=False).map(lambda d: round(d, 2)),
)
def test_direct_line_is_json_dumps(
    request_id: str, method: str, path: str, status: int, duration: float
) -> None:
    """The hand-built line is byte for byte what json.dumps writes for the same entry."""
    configure_logging()
    stream = io.StringIO()
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    now = 1796048441.4123
    with (
        mock.patch("app.logs.time.time", return_value=now),
        mock.patch("app.logs.time.perf_counter", return_value=duration / 1000),
    ):
        log_access(request_id, method, path, status, 0.0)
    entry = {
        "ts": round(now, 3),
        "level": "info",
        "logger": "voc.access",
        "message": "request",
        "request_id": request_id,
        "method": method,
        "path": redact(path),
        "status": status,
        "duration_ms": round((duration / 1000 - 0.0) * 1000, 2),  # as log_access measures
    }
    configure_logging()  # back to stderr
    assert stream.getvalue() == json.dumps(entry, ensure_ascii=False) + "\n"
