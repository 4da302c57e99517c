"""The access log's direct write is the same JSON line the logging module would write."""

from __future__ import annotations

import json
import logging
import time

import pytest

from app.logs import access_log, configure_logging, log_access, request_id_var


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
