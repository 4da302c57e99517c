"""Benchmark (b): answer submission with 64 concurrent clients against a real uvicorn server.

SQLite, one uvicorn process on loopback. Each client POSTs JSON answers (score, a comment in
English or Japanese scored for sentiment on arrival, driver ratings) to distinct personal
links. Prints answers/s and p50/p99 latency, then the app's own ``GET /health`` throughput
with the same 64 clients in the same run, and the ratio (target ≥ 0.4).
``BENCH_ANSWERS`` changes the number of answers (default 3,000).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ANSWERS = int(os.environ.get("BENCH_ANSWERS", "3000"))
CONCURRENCY = 64
COMMENTS = [
    "Support solved my problem quickly, great service.",
    "Too expensive and onboarding was confusing.",
    "店員さんの対応がとても丁寧でした。",
    "待ち時間が長くて残念でした。",
    "",
]
TOKEN_RE = re.compile(r"/r/([A-Za-z0-9_-]{20,64})")


async def prepare(env: dict[str, str]) -> list[str]:
    from app.clock import SystemClock
    from app.db import bind_engine, make_engine
    from app.settings import load_settings
    from surveys.schemas import RecipientIn, SurveyCreate
    from surveys.services import SurveyService
    from surveys.tables import OutboxMessage

    settings = load_settings(env)
    bind_engine(make_engine(settings.database_url))
    service = SurveyService(settings, SystemClock())
    survey = await service.create(
        SurveyCreate(name="Benchmark", kind="customer_nps", reminder_count=0)
    )
    people = [
        RecipientIn(
            email=f"r{i:05d}@example.com",
            language="ja" if i % 2 else "en",
            attributes={"store": f"store-{i % 20}", "tier": "smb"},
        )
        for i in range(ANSWERS + 200)
    ]
    await service.add_recipients(survey.id, people, respect_contact_frequency=False)
    await service.send(survey.id)
    rows = await OutboxMessage.select(OutboxMessage.body).where(OutboxMessage.kind == "invitation")
    tokens = []
    for row in rows:
        message = email.message_from_string(row["body"], policy=email.policy.default)
        body = message.get_body(("plain",))
        match = TOKEN_RE.search(body.get_content() if body is not None else "")
        if match:
            tokens.append(match.group(1))
    return tokens


async def run_load(
    base: str, requests: list[tuple[str, str, dict[str, object] | None]]
) -> tuple[float, list[float], int]:
    queue: asyncio.Queue[tuple[str, str, dict[str, object] | None]] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    latencies: list[float] = []
    failures = 0
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal failures
            while True:
                try:
                    method, path, body = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                try:
                    response = await client.request(method, path, json=body)
                except httpx.HTTPError:
                    failures += 1
                    continue
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    failures += 1

        started = time.perf_counter()
        await asyncio.gather(*[worker() for _ in range(CONCURRENCY)])
        elapsed = time.perf_counter() - started
    return elapsed, sorted(latencies), failures


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


async def main() -> None:
    from tests.smtp import free_port

    folder = Path(tempfile.mkdtemp(prefix="voc-bench-answers-"))
    port = free_port()
    env = {
        **os.environ,
        "VOC_DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "VOC_VAR_DIR": str(folder),
        "VOC_SECRET_KEY": "bench-secret-" + "x" * 32,
        "VOC_TICK_SECONDS": "3600",
        "VOC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    tokens = await prepare(env)
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "server.log").open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base) as probe:
            for _ in range(200):
                try:
                    if (await probe.get("/health")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
        warmup = [
            ("POST", f"/r/{token}", {"answers": {"recommend": 7, "reason": COMMENTS[i % 4]}})
            for i, token in enumerate(tokens[-200:])
        ]
        await run_load(base, warmup + [("GET", "/health", None)] * 200)

        answers = [
            (
                "POST",
                f"/r/{token}",
                {
                    "answers": {
                        "recommend": i % 11,
                        "reason": COMMENTS[i % len(COMMENTS)],
                        "driver_support": 1 + i % 5,
                        "driver_price": 1 + (i * 3) % 5,
                    }
                },
            )
            for i, token in enumerate(tokens[:ANSWERS])
        ]
        answer_seconds, answer_latency, answer_failures = await run_load(base, answers)
        health_seconds, health_latency, health_failures = await run_load(
            base, [("GET", "/health", None)] * ANSWERS
        )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(10)

    answer_rate = ANSWERS / answer_seconds
    health_rate = ANSWERS / health_seconds
    print(f"server log:       {folder / 'server.log'}")
    print(f"concurrency:      {CONCURRENCY} clients, SQLite, one uvicorn process")
    print(
        f"answers:          {answer_rate:,.0f} answers/s, p50 {pct(answer_latency, 0.5):.0f} ms, "
        f"p99 {pct(answer_latency, 0.99):.0f} ms ({ANSWERS:,} answers, {answer_failures} failed)"
    )
    print(
        f"GET /health:      {health_rate:,.0f} requests/s, p50 {pct(health_latency, 0.5):.0f} ms, "
        f"p99 {pct(health_latency, 0.99):.0f} ms ({health_failures} failed)"
    )
    ratio = answer_rate / health_rate
    print(
        f"ratio answers / health: {ratio:.2f} (target >= 0.40) {'OK' if ratio >= 0.4 else 'BELOW TARGET'}"
    )


if __name__ == "__main__":
    asyncio.run(main())
