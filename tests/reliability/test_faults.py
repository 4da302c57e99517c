"""Faults: the app killed with SIGKILL mid-send, PostgreSQL restarted mid-load.

* ``kill -9`` while a batch is going out over SMTP: after a restart nothing is lost, and what
  goes out twice is bounded by the one claimed batch that was in flight (the outbox records a
  batch's outcome after sending it), each repeat with the same Message-ID and bytes.
* PostgreSQL stopped for a few seconds and started again under 20 concurrent respondents: every
  request in the outage gets 503 (never 500), the same app process serves again afterwards,
  and every answer acknowledged with 200 is in the database.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.clock import FrozenClock
from app.db import bind_engine, make_engine
from app.settings import Settings
from surveys.schemas import RecipientIn
from surveys.services import SurveyService
from surveys.services.outbox import BATCH
from surveys.tables import OutboxMessage
from surveys.tokens import token_hash
from tests.conftest import USING_POSTGRES, run_migrations
from tests.reliability.support import (
    AppProcess,
    app_env,
    drive,
    seed_respondents,
    stored_answers,
)
from tests.smtp import Sink, SmtpServer, free_port, smtp_server

__all__ = ["smtp_server"]

pytestmark = pytest.mark.slow

MESSAGES = 150


class SlowSink(Sink):
    """An SMTP relay taking 30 ms per message, so a kill lands in the middle of a batch."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(0.03)
        return await super().handle_DATA(server, session, envelope)


async def _queue_survey(settings: Settings, n: int) -> int:
    service = SurveyService(settings, FrozenClock(dt.datetime.now(dt.UTC)))
    survey = await service.create_from_template(
        "customer_nps",
        "Kill test",
        window_start_hour=0,
        window_end_hour=24,
        window_weekdays=[0, 1, 2, 3, 4, 5, 6],
        reminder_count=0,
    )
    await service.add_recipients(
        survey.id,
        [RecipientIn(email=f"k{i}@kill.example", name=f"K {i}", language="en") for i in range(n)],
        respect_contact_frequency=False,
    )
    await service.send(survey.id)
    return survey.id


async def test_kill_9_during_a_send_loses_nothing_and_repeats_at_most_one_batch(
    db: None, settings: Settings, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    smtp_server.stop()
    smtp_server.sink = SlowSink()
    smtp_server.start()
    await _queue_survey(settings, MESSAGES)
    port = free_port()
    env = app_env(
        settings.database_url,
        tmp_path / "var",
        port,
        VOC_SMTP_HOST="127.0.0.1",
        VOC_SMTP_PORT=str(smtp_server.port),
        VOC_MAIL_FROM="surveys@kill.example",
        VOC_TICK_SECONDS="0.3",
    )
    first = AppProcess(env, port, tmp_path / "first.log").start()
    first.wait_ready()
    deadline = time.monotonic() + 60
    while smtp_server.sink.count < 20 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    first.kill()
    accepted_before_restart = smtp_server.sink.count
    in_flight = await OutboxMessage.select(OutboxMessage.id, OutboxMessage.message_id).where(
        OutboxMessage.status == "in_progress"
    )
    assert 0 < len(in_flight) <= BATCH
    assert accepted_before_restart < MESSAGES
    # Ten minutes pass (the claim's lease): the dead instance's claim is released.
    stale = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=11)
    await OutboxMessage.update({OutboxMessage.claimed_at: stale}).where(
        OutboxMessage.status == "in_progress"
    )

    second = AppProcess(env, port, tmp_path / "second.log").start()
    try:
        second.wait_ready()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            left = await OutboxMessage.count().where(OutboxMessage.status != "sent")
            if left == 0:
                break
            await asyncio.sleep(0.3)
        assert left == 0, second.logs()[-3000:]
    finally:
        second.stop()

    rows = await OutboxMessage.select(OutboxMessage.message_id)
    received = Counter(str(m["Message-ID"]) for m in smtp_server.sink.messages)
    assert {r["message_id"] for r in rows} <= set(received)  # nothing lost
    repeated = {mid for mid, n in received.items() if n > 1}
    assert repeated <= {r["message_id"] for r in in_flight}  # only the batch in flight
    assert len(repeated) <= BATCH and max(received.values()) <= 2
    for message_id in repeated:  # the same bytes, so receivers can drop the copy
        copies = {m.as_string() for m in smtp_server.sink.messages if m["Message-ID"] == message_id}
        assert len(copies) == 1
    print(f"kill -9: {len(in_flight)} in flight, {len(repeated)} delivered twice")


# ----------------------------------------------------------------------------- PostgreSQL


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


class PgCluster:
    """A throwaway PostgreSQL cluster under /tmp, run as the postgres user when root."""

    def __init__(self, bin_dir: Path, port: int) -> None:
        self.bin = bin_dir
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="voc-fault-pg.", dir="/tmp"))
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres")

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> None:
        self._run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "--auth=trust")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c max_connections=100 -c fsync=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "-o", options,
            "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def pg_cluster() -> Iterator[PgCluster]:
    if not USING_POSTGRES:
        pytest.skip("PostgreSQL fault test runs with VOC_TEST_DATABASE_URL")
    bin_dir = _pg_bin()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        pytest.skip("PostgreSQL server binaries not installed")
    cluster = PgCluster(bin_dir, free_port())
    cluster.init()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.mark.postgres_only
async def test_postgres_restart_mid_load_gives_503_recovers_and_loses_nothing(
    pg_cluster: PgCluster, tmp_path: Path
) -> None:
    url = pg_cluster.url
    await asyncio.to_thread(run_migrations, url, tmp_path)
    bind_engine(make_engine(url))
    survey_id, tokens = await seed_respondents(4000, "Fault survey")
    port = free_port()
    app = AppProcess(app_env(url, tmp_path / "var", port), port, tmp_path / "app.log").start()
    try:
        app.wait_ready()
        load = asyncio.create_task(
            drive([app.url], tokens, concurrency=20, duration=14, open_page=False, timeout=20)
        )
        await asyncio.sleep(3)
        outage_started = time.perf_counter()
        await asyncio.to_thread(pg_cluster.stop, "fast")
        await asyncio.sleep(2.5)
        await asyncio.to_thread(pg_cluster.start)
        outage = time.perf_counter() - outage_started
        result = await load
        assert app.process is not None and app.process.poll() is None  # never restarted

        assert set(result.statuses) <= {200, 503}, (result.statuses, app.logs()[-3000:])
        assert result.statuses[503] > 0  # the outage was hit …
        assert not result.errors  # … and answered, not dropped
        assert result.statuses[200] > 100
        # Recovered by itself: the last seconds of the run are all answered.
        last = max(t for t, _ in result.timeline)
        assert all(status == 200 for t, status in result.timeline if t > last - 2)
        async with httpx.AsyncClient() as client:
            assert (await client.get(f"{app.url}/health")).status_code == 200

        stored = await stored_answers(survey_id)
        lost = [t for t in result.acknowledged if token_hash(t) not in stored]
        assert not lost, f"{len(lost)} acknowledged answers lost"
        print(
            f"pg restart: outage {outage:.1f} s, {result.statuses[200]} answers acknowledged, "
            f"{result.statuses[503]} answered 503, 0 lost"
        )
    finally:
        app.stop()
        assert '"status": 500' not in app.logs()
