"""The respondent path against the framework's ceiling (``make bench-flow``), measured with wrk.

In one run, on this machine: a bare Litestar hello-world app and ``voc serve`` (same uvicorn
options, one process each, loopback only) are driven by ``wrk`` at 64 connections for
``--duration`` seconds per phase:

* bare ``GET /`` (the ceiling), then for each database (SQLite file, PostgreSQL):
* voc ``GET /health``, ``GET /r/{token}`` (the survey page), ``POST /r/{token}`` (a JSON
  answer with a comment, each request a personal link nobody used before; Lua script
  ``bench/wrk/flow.lua``), and on PostgreSQL the answers again with ``voc serve --workers 2``.

Printed per phase: requests/s, p50/p99, non-2xx and socket errors, the ratio to bare, and for
answers the reconciliation *stored answers == 2xx answers + requests in flight when wrk
stopped* (counted in the database afterwards). Targets (issue #15): answers >= 0.25x bare,
page >= 0.5x, /health >= 0.7x, p99 < 100 ms for answers and pages, 0 errors, nothing lost,
and on PostgreSQL two workers >= 1.6x one worker's answer rate.

PostgreSQL: ``VOC_BENCH_DATABASE_URL`` (or ``VOC_TEST_DATABASE_URL``) names a server where a
scratch database is created and dropped; without either a throwaway cluster is started under
/tmp when the server binaries are installed.

    python bench/bench_flow.py [--backend sqlite|postgres|both] [--duration 10] [--links 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from app.db import bind_engine, make_engine
from app.settings import REPO_ROOT
from tests.reliability.support import app_env, seed_respondents
from tests.smtp import free_port

LUA = REPO_ROOT / "bench" / "wrk" / "flow.lua"
TARGETS = {"health": 0.7, "page": 0.5, "answer": 0.25}
P99_LIMIT_MS = 100.0
WORKERS_TARGET = 1.6


@dataclass
class Phase:
    name: str
    requests: int
    seconds: float
    ok: int
    non2xx: int
    socket_errors: int
    in_flight: int
    wrapped: bool
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.non2xx + self.socket_errors


def wrk(
    url: str, mode: str, duration: float, connections: int, threads: int, tokens: Path | None = None
) -> Phase:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration:.0f}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        url,
        "--",
        mode,
    ]
    if tokens is not None:
        command += [str(tokens), str(threads)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    data: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    return Phase(
        name=mode,
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        ok=data["ok"],
        non2xx=data["non2xx"],
        socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
        in_flight=max(0, data["sent"] - data["received"]),
        wrapped=bool(data["wrapped"]),
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
    )


def show(label: str, phase: Phase, bare: Phase | None, target: float | None) -> bool:
    ratio = phase.rate / bare.rate if bare and bare.rate else float("nan")
    checks = [phase.errors == 0]
    if phase.name != "plain":
        checks.append(phase.p99_ms < P99_LIMIT_MS or label.endswith("/health"))
    if target is not None:
        checks.append(ratio >= target)
    verdict = "ok" if all(checks) else "MISS"
    target_text = f" (target >= {target:.2f}x)" if target is not None else ""
    print(
        f"  {label:30s} {phase.rate:8.0f} req/s  p50 {phase.p50_ms:6.1f} ms  "
        f"p99 {phase.p99_ms:6.1f} ms  non-2xx {phase.non2xx}  socket errors "
        f"{phase.socket_errors}  ratio {ratio:5.3f}x{target_text}  {verdict}",
        flush=True,
    )
    return all(checks)


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} not ready")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def start_bare(log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, str(REPO_ROOT / "bench" / "bare_app.py"), str(port)],
            cwd=REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    wait_ready(url + "/", process)
    return process, url


def start_voc(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wait_ready(f"http://127.0.0.1:{port}/health", process)
    return process


def migrate(url: str, var_dir: Path) -> None:
    env = app_env(url, var_dir, 0)
    subprocess.run([sys.executable, "-m", "app.cli", "migrate"], cwd=REPO_ROOT, env=env, check=True)


async def count_answers(survey_id: int) -> int:
    from surveys.tables import Response

    return int(await Response.count().where(Response.survey == survey_id))


def write_tokens(path: Path, tokens: list[str]) -> Path:
    path.write_text("\n".join(tokens) + "\n")
    return path


async def run_backend(
    name: str, url: str, work: Path, args: argparse.Namespace, bare: Phase
) -> bool:
    work.mkdir(parents=True, exist_ok=True)
    print(f"-- {name}: migrating and seeding {args.links} links per answer phase …", flush=True)
    await asyncio.to_thread(migrate, url, work)
    bind_engine(make_engine(url))
    _, page_tokens = await seed_respondents(args.page_links, f"Bench pages {name}")
    answer_runs = [1, 2] if name == "postgres" and args.workers_check else [1]
    seeded = {}
    for workers in answer_runs:
        seeded[workers] = await seed_respondents(args.links, f"Bench answers {name} w{workers}")
    pages_file = write_tokens(work / "pages.txt", page_tokens)
    ok = True
    rates: dict[int, float] = {}
    for workers in answer_runs:
        port = free_port()
        env = app_env(url, work, port, VOC_DB_POOL_SIZE=str(args.pool))
        process = start_voc(env, port, workers, work / f"voc-{workers}.log")
        base = f"http://127.0.0.1:{port}"
        label = f"{name}{' --workers 2' if workers > 1 else ''}"
        try:
            if workers == 1:
                health = wrk(
                    f"{base}/health", "plain", args.duration, args.connections, args.threads
                )
                ok &= show(f"{label} GET /health", health, bare, TARGETS["health"])
                page = wrk(base, "page", args.duration, args.connections, args.threads, pages_file)
                ok &= show(f"{label} GET /r/{{token}}", page, bare, TARGETS["page"])
            survey_id, tokens = seeded[workers]
            answers_file = write_tokens(work / f"answers-{workers}.txt", tokens)
            answer = wrk(
                base, "answer", args.duration, args.connections, args.threads, answers_file
            )
            ok &= show(
                f"{label} POST /r/{{token}}",
                answer,
                bare,
                TARGETS["answer"] if workers == 1 else None,
            )
            rates[workers] = answer.rate
        finally:
            await asyncio.to_thread(stop, process)
        stored = await count_answers(survey_id)
        reconciled = answer.ok <= stored <= answer.ok + answer.in_flight and not answer.wrapped
        print(
            f"  {'':30s} answers: 2xx {answer.ok}, stored {stored}, in flight when wrk "
            f"stopped {answer.in_flight}, lost {max(0, answer.ok - stored)}"
            f"{' (links ran out: raise --links)' if answer.wrapped else ''}  "
            f"{'ok' if reconciled else 'MISS'}",
            flush=True,
        )
        ok &= reconciled
    if 2 in rates:
        scale = rates[2] / rates[1] if rates[1] else float("nan")
        verdict = "ok" if scale >= WORKERS_TARGET else "MISS"
        print(
            f"  {name} answers, 2 workers / 1 worker: {scale:.2f}x "
            f"(target >= {WORKERS_TARGET}x)  {verdict}",
            flush=True,
        )
        ok &= scale >= WORKERS_TARGET
    return ok


def _with_database(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


async def run_postgres(work: Path, args: argparse.Namespace, bare: Phase) -> bool | None:
    import asyncpg

    server = os.environ.get("VOC_BENCH_DATABASE_URL") or os.environ.get("VOC_TEST_DATABASE_URL")
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
    name = f"voc_bench_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(_with_database(server, "postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        return await run_backend("postgres", _with_database(server, name), work / "pg", args, bare)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
        if cluster is not None:
            cluster.destroy()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per phase")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--links", type=int, default=20_000, help="links per answer phase")
    parser.add_argument("--page-links", type=int, default=2_000)
    parser.add_argument("--pool", type=int, default=10, help="VOC_DB_POOL_SIZE (PostgreSQL)")
    parser.add_argument("--no-workers-check", dest="workers_check", action="store_false")
    args = parser.parse_args()
    args.duration = min(max(args.duration, 1.0), 120.0)
    if shutil.which("wrk") is None:
        print("bench_flow: wrk is not installed (apt-get install wrk); skipped")
        return 0
    started = time.monotonic()
    results: list[bool] = []
    with tempfile.TemporaryDirectory(prefix="voc-flow.") as folder:
        work = Path(folder)
        print(
            f"wrk {args.connections} connections, {args.threads} threads, "
            f"{args.duration:.0f} s per phase; uvicorn options of `voc serve`",
            flush=True,
        )
        for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
            # The ceiling is measured next to each database's phases: the machine is shared.
            bare_process, bare_url = start_bare(work / "bare.log")
            try:
                bare = wrk(bare_url + "/", "plain", args.duration, args.connections, args.threads)
            finally:
                stop(bare_process)
            print(f"-- {backend}", flush=True)
            show("bare Litestar GET /", bare, bare, None)
            if backend == "sqlite":
                (work / "sqlite").mkdir(exist_ok=True)
                url = f"sqlite:///{work / 'sqlite' / 'voc.sqlite3'}"
                results.append(await run_backend("sqlite", url, work / "sqlite", args, bare))
            else:
                outcome = await run_postgres(work, args, bare)
                if outcome is not None:
                    results.append(outcome)
    print(
        f"{'all targets met' if results and all(results) else 'some targets missed'}; "
        f"total {time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
