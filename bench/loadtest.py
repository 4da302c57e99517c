"""Load test (``make loadtest``, not part of ``make test``): respondents answering at once.

For each database (SQLite file, then PostgreSQL), a fresh migrated database gets a live survey
with enough personal links, one ``voc serve`` process (uvicorn, one worker, the scheduler tick
running) starts on a loopback port, and 200 concurrent respondents each open a fresh link
(GET /r/{token}) and answer it (POST JSON) for 60 seconds. Required: zero errors, and every
acknowledged answer stored (stored answers == acknowledged POSTs). Prints p50/p99 latency and
throughput; the figures go in BENCHMARKS.md.

PostgreSQL: ``VOC_LOADTEST_PG_URL`` (or ``VOC_TEST_DATABASE_URL``) names a server where a
scratch database is created and dropped; without either, a throwaway cluster is started under
/tmp when the PostgreSQL server binaries are installed. Loopback only; bounded in time.

    python bench/loadtest.py [--backend sqlite|postgres|both] [--concurrency 200] [--duration 60]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.db import bind_engine, make_engine
from app.settings import REPO_ROOT
from surveys.tokens import token_hash
from tests.reliability.support import (
    TEST_SECRET,
    AppProcess,
    LoadResult,
    app_env,
    drive,
    percentile,
    seed_respondents,
    stored_answers,
)
from tests.smtp import free_port


def migrate(url: str, var_dir: Path) -> None:
    env = {**os.environ, "VOC_DATABASE_URL": url, "VOC_VAR_DIR": str(var_dir)}
    env["VOC_SECRET_KEY"] = TEST_SECRET
    subprocess.run([sys.executable, "-m", "app.cli", "migrate"], cwd=REPO_ROOT, env=env, check=True)


def report(name: str, result: LoadResult, stored: int, lost: int) -> bool:
    ok = result.failures() == 0 and lost == 0
    requests = len(result.post_latencies) + len(result.get_latencies)
    print(f"== {name}: {'PASS' if ok else 'FAIL'}")
    print(
        f"   duration {result.duration:.1f} s, statuses {dict(result.statuses)}, "
        f"transport errors {dict(result.errors)}"
    )
    print(f"   answers acknowledged {len(result.acknowledged)}, stored {stored}, lost {lost}")
    print(
        f"   throughput {result.answers_per_second:.0f} answers/s, "
        f"{requests / result.duration:.0f} requests/s"
    )
    for label, values in (
        ("POST answer", result.post_latencies),
        ("GET page", result.get_latencies),
    ):
        print(
            f"   {label:11s} p50 {percentile(values, 50) * 1000:6.1f} ms   "
            f"p99 {percentile(values, 99) * 1000:6.1f} ms   max {max(values) * 1000:6.1f} ms"
        )
    return ok


async def run_one(
    name: str, url: str, var_dir: Path, concurrency: int, duration: float, links: int, pool: int
) -> bool:
    var_dir.mkdir(parents=True, exist_ok=True)
    print(f"-- {name}: migrating and seeding {links} links …", flush=True)
    await asyncio.to_thread(migrate, url, var_dir)
    bind_engine(make_engine(url))
    survey_id, tokens = await seed_respondents(links, f"Load test {name}")
    port = free_port()
    env = app_env(url, var_dir, port, VOC_TICK_SECONDS="5", VOC_DB_POOL_SIZE=str(pool))
    app = AppProcess(env, port, var_dir / f"{name}.log").start()
    try:
        await asyncio.to_thread(app.wait_ready)
        print(f"-- {name}: {concurrency} respondents for {duration:.0f} s …", flush=True)
        result = await drive([app.url], tokens, concurrency=concurrency, duration=duration)
    finally:
        app.stop()
    stored = await stored_answers(survey_id)
    lost = sum(1 for t in result.acknowledged if token_hash(t) not in stored)
    if len(result.acknowledged) >= len(tokens):
        print(f"   note: all {len(tokens)} links were used before the time was up")
    return report(name, result, len(stored), lost)


def _with_database(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


async def run_postgres(work: Path, args: argparse.Namespace) -> bool | None:
    import asyncpg

    server = os.environ.get("VOC_LOADTEST_PG_URL") or os.environ.get("VOC_TEST_DATABASE_URL")
    cluster = None
    if not server:
        from tests.reliability.test_faults import PgCluster, _pg_bin

        bin_dir = _pg_bin()
        if bin_dir is None:
            print("-- postgres: skipped (no server URL and no PostgreSQL binaries)")
            return None
        cluster = PgCluster(bin_dir, free_port())
        cluster.init()
        cluster.start()
        server = cluster.url
    name = f"voc_load_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(_with_database(server, "postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        return await run_one(
            "postgres",
            _with_database(server, name),
            work / "pg",
            args.concurrency,
            args.duration,
            args.links,
            20,
        )
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
        if cluster is not None:
            cluster.destroy()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--links", type=int, default=40_000, help="personal links to seed")
    args = parser.parse_args()
    args.duration = min(args.duration, 600.0)
    results: list[bool] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="voc-load.") as folder:
        work = Path(folder)
        if args.backend in ("sqlite", "both"):
            (work / "sqlite").mkdir()
            url = f"sqlite:///{work / 'sqlite' / 'voc.sqlite3'}"
            results.append(
                await run_one(
                    "sqlite", url, work / "sqlite", args.concurrency, args.duration, args.links, 0
                )
            )
        if args.backend in ("postgres", "both"):
            outcome = await run_postgres(work, args)
            if outcome is not None:
                results.append(outcome)
    print(f"total {time.monotonic() - started:.0f} s")
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
