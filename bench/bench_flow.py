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

    python bench/bench_flow.py [--backend sqlite|postgres|both] [--duration 10] [--links 40000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from app.db import bind_engine, make_engine
from app.settings import REPO_ROOT
from surveys.tokens import token_hash
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
    sent: int
    wrapped: bool
    next_link: int
    """Past every link a thread used: the next slice starts there (no link answered twice)."""
    p50_ms: float
    p99_ms: float
    cpu_seconds: float = 0.0
    """Server CPU (user + system, all threads and worker processes) while it was measured."""
    db_cpu_seconds: float = 0.0
    """CPU of the PostgreSQL backends serving the bench database (0 on SQLite)."""
    client_cpu_seconds: float = 0.0
    """CPU of wrk itself (it shares the cores with the servers)."""
    busy_seconds: float = 0.0
    """CPU the whole machine spent (all cores, every process, /proc/stat) meanwhile."""

    def per_request_us(self, seconds: float) -> float:
        return seconds / self.requests * 1e6 if self.requests else float("nan")

    @property
    def cpu_per_request_us(self) -> float:
        return self.per_request_us(self.cpu_seconds)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.non2xx + self.socket_errors


def wrk(
    url: str,
    mode: str,
    duration: float,
    connections: int,
    threads: int,
    tokens: Path | None = None,
    offset: int = 0,
    acked: Path | None = None,
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
        command += [str(tokens), str(threads), str(offset)]
        if acked is not None:
            command.append(str(acked))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
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
        sent=data["sent"],
        wrapped=bool(data["wrapped"]),
        next_link=data["next_link"],
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        client_cpu_seconds=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
    )


_TICK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and its child processes (uvicorn's workers), from /proc."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / _TICK
        pending.extend(int(c) for c in children)
    return total


def machine_busy_seconds() -> float:
    """CPU time all cores spent on anything but idle and I/O wait since boot (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    # user nice system idle iowait irq softirq steal (guest is already counted in user)
    return (sum(fields[:8]) - fields[3] - fields[4]) / _TICK


def database_backends(database: str | None) -> list[int]:
    """PostgreSQL backends connected to ``database`` (a local server: their process titles)."""
    if not database:
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            found.append(int(entry.name))
    return found


def processes_cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of ``pids`` (processes that are gone count nothing)."""
    return sum(cpu_seconds(pid) for pid in pids)


def show(label: str, phase: Phase, bare: Phase | None, target: float | None) -> bool:
    ratio = phase.rate / bare.rate if bare and bare.rate else float("nan")
    cpu_ratio = (
        bare.cpu_per_request_us / phase.cpu_per_request_us
        if bare and phase.cpu_seconds and bare.cpu_seconds
        else float("nan")
    )
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
        f"{phase.socket_errors}  ratio {ratio:5.3f}x{target_text}  {verdict}\n"
        f"  {'':30s} server CPU {phase.cpu_per_request_us:6.0f} µs/request"
        f"  (bare / this: {cpu_ratio:5.3f}x)\n"
        f"  {'':30s} per request: PostgreSQL {phase.per_request_us(phase.db_cpu_seconds):4.0f}"
        f" µs, wrk {phase.per_request_us(phase.client_cpu_seconds):4.0f} µs, whole machine "
        f"{phase.per_request_us(phase.busy_seconds):5.0f} µs; machine busy "
        f"{phase.busy_seconds / phase.seconds if phase.seconds else 0:4.2f} of {CORES} cores",
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
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"voc migrate failed:\n{done.stdout}{done.stderr}")


async def stored_links(survey_id: int) -> set[str]:
    """Token hashes of the links of ``survey_id`` whose answer is stored."""
    from surveys.tables import Invitation, Response

    rows = await Invitation.select(Invitation.token_hash).where(
        Invitation.id.is_in(
            Response.select(Response.invitation).where(Response.survey == survey_id)
        )
    )
    return {row["token_hash"] for row in rows}


def write_tokens(path: Path, tokens: list[str]) -> Path:
    path.write_text("\n".join(tokens) + "\n")
    return path


@dataclass
class Job:
    """One side of a measured phase: a URL, a wrk mode and the links it may use."""

    label: str
    url: str
    mode: str
    tokens: Path | None = None
    offset: int = 0
    pid: int = 0
    acked: set[int] = field(default_factory=set)
    """Answers: numbers (in ``tokens``) of the links whose answer got a 2xx."""


def merge(name: str, parts: list[Phase]) -> Phase:
    """Slices of one side added up; p50 weighted by requests, p99 the worst slice's."""
    requests = sum(p.requests for p in parts)
    return Phase(
        name=name,
        requests=requests,
        seconds=sum(p.seconds for p in parts),
        ok=sum(p.ok for p in parts),
        non2xx=sum(p.non2xx for p in parts),
        socket_errors=sum(p.socket_errors for p in parts),
        in_flight=sum(p.in_flight for p in parts),
        sent=sum(p.sent for p in parts),
        wrapped=any(p.wrapped for p in parts),
        next_link=max((p.next_link for p in parts), default=0),
        p50_ms=sum(p.p50_ms * p.requests for p in parts) / requests if requests else 0.0,
        p99_ms=max((p.p99_ms for p in parts), default=0.0),
        cpu_seconds=sum(p.cpu_seconds for p in parts),
        db_cpu_seconds=sum(p.db_cpu_seconds for p in parts),
        client_cpu_seconds=sum(p.client_cpu_seconds for p in parts),
        busy_seconds=sum(p.busy_seconds for p in parts),
    )


def interleaved(jobs: list[Job], args: argparse.Namespace) -> list[Phase]:
    """Each job runs ``--duration`` seconds in total, in ``--slices`` turns taken in rotation.

    The machine is shared: load from elsewhere comes and goes within seconds, so the ceiling
    and the app are measured in alternating slices rather than one after the other, and the
    ratio compares like with like. Answer links never repeat across slices.
    """
    slices = max(1, args.slices)
    seconds = max(1.0, round(args.duration / slices))
    parts: list[list[Phase]] = [[] for _ in jobs]
    for _ in range(slices):
        for index, job in enumerate(jobs):
            backends = database_backends(args.database) if job.label != "bare" else []
            db_before = processes_cpu_seconds(backends)
            busy_before = machine_busy_seconds()
            cpu_before = cpu_seconds(job.pid) if job.pid else 0.0
            acked = args.work / "acked.txt" if job.mode == "answer" else None
            phase = wrk(
                job.url,
                job.mode,
                seconds,
                args.connections,
                args.threads,
                job.tokens,
                job.offset,
                acked,
            )
            if acked is not None:
                job.acked.update(int(x) for x in acked.read_text().split())
            job.offset = max(job.offset, phase.next_link)
            if job.pid:
                phase.cpu_seconds = cpu_seconds(job.pid) - cpu_before
            phase.busy_seconds = machine_busy_seconds() - busy_before
            phase.db_cpu_seconds = processes_cpu_seconds(backends) - db_before
            parts[index].append(phase)
    return [merge(job.mode, part) for job, part in zip(jobs, parts, strict=True)]


def reconcile(label: str, answer: Phase, acked: set[str], stored: set[str]) -> bool:
    """Every acknowledged link has its answer stored; the rest were in flight or refused."""
    lost = len(acked - stored)
    counted = (
        len(acked) == answer.ok and len(stored) <= answer.ok + answer.in_flight + answer.non2xx
    )
    reconciled = lost == 0 and counted and not answer.wrapped
    print(
        f"  {label:30s} answers: 2xx {answer.ok} (links checked one by one: {len(acked)}), "
        f"stored {len(stored)}, in flight when wrk stopped {answer.in_flight}, lost {lost}"
        f"{' (links ran out: raise --links)' if answer.wrapped else ''}  "
        f"{'ok' if reconciled else 'MISS'}",
        flush=True,
    )
    return reconciled


async def run_backend(name: str, url: str, work: Path, args: argparse.Namespace) -> bool:
    work.mkdir(parents=True, exist_ok=True)
    args.work = work
    args.database = urlparse(url).path.lstrip("/") if name == "postgres" else None
    print(f"-- {name}: migrating and seeding {args.links} links per answer phase …", flush=True)
    await asyncio.to_thread(migrate, url, work)
    bind_engine(make_engine(url))
    _, page_tokens = await seed_respondents(args.page_links, f"Bench pages {name}")
    workers_list = [1, 2] if name == "postgres" and args.workers_check else [1]
    seeded = {}
    for workers in workers_list:
        seeded[workers] = await seed_respondents(args.links, f"Bench answers {name} w{workers}")
    _, warm_tokens = await seed_respondents(args.page_links, f"Bench warm-up {name}")
    pages_file = write_tokens(work / "pages.txt", page_tokens)
    bare_process, bare_url = start_bare(work / "bare.log")
    processes: dict[int, subprocess.Popen[bytes]] = {}
    bases: dict[int, str] = {}
    ok = True
    try:
        for workers in workers_list:
            port = free_port()
            env = app_env(url, work, port, VOC_DB_POOL_SIZE=str(args.pool))
            processes[workers] = start_voc(env, port, workers, work / f"voc-{workers}.log")
            bases[workers] = f"http://127.0.0.1:{port}"
        base = bases[1]
        # Warm-up, not measured: compiled templates, first connections, code paths (the bare
        # app's too, so both sides start their first slice warm).
        warm_file = write_tokens(work / "warm.txt", warm_tokens)
        warm_offset = 0
        wrk(bare_url + "/", "plain", 1, args.connections, args.threads)
        for workers in workers_list:
            for mode, path, tokens in (
                ("plain", "/health", None),
                ("page", "", pages_file),
                ("answer", "", warm_file),
            ):
                warm = wrk(
                    bases[workers] + path,
                    mode,
                    1,
                    args.connections,
                    args.threads,
                    tokens,
                    warm_offset if mode == "answer" else 0,
                )
                if mode == "answer":
                    warm_offset = max(warm_offset, warm.next_link)
        print(f"-- {name}", flush=True)
        for label, job, target in (
            (
                "GET /health",
                Job("health", f"{base}/health", "plain", pid=processes[1].pid),
                TARGETS["health"],
            ),
            (
                "GET /r/{token}",
                Job("page", base, "page", pages_file, pid=processes[1].pid),
                TARGETS["page"],
            ),
        ):
            if job.label not in args.phases:
                continue
            bare, phase = interleaved(
                [Job("bare", bare_url + "/", "plain", pid=bare_process.pid), job], args
            )
            show("bare Litestar GET /", bare, bare, None)
            ok &= show(f"{name} {label}", phase, bare, target)
        if "answer" not in args.phases:
            return ok
        files = {w: write_tokens(work / f"answers-{w}.txt", seeded[w][1]) for w in workers_list}
        jobs = [Job("bare", bare_url + "/", "plain", pid=bare_process.pid)] + [
            Job(f"w{w}", bases[w], "answer", files[w], pid=processes[w].pid) for w in workers_list
        ]
        bare, *answers = interleaved(jobs, args)
        show("bare Litestar GET /", bare, bare, None)
        for workers, answer in zip(workers_list, answers, strict=True):
            label = f"{name}{' --workers 2' if workers > 1 else ''} POST /r/{{token}}"
            ok &= show(label, answer, bare, TARGETS["answer"] if workers == 1 else None)
    finally:
        stop(bare_process)
        for process in processes.values():
            await asyncio.to_thread(stop, process)
    for workers, answer in zip(workers_list, answers, strict=True):
        survey_id, links = seeded[workers]
        job = jobs[workers_list.index(workers) + 1]
        acked = {token_hash(links[k]) for k in job.acked}
        ok &= reconcile(f"{name} w{workers}", answer, acked, await stored_links(survey_id))
    if len(answers) == 2:
        scale = answers[1].rate / answers[0].rate if answers[0].rate else float("nan")
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


async def run_postgres(work: Path, args: argparse.Namespace) -> bool | None:
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
        return await run_backend("postgres", _with_database(server, name), work / "pg", args)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
        if cluster is not None:
            cluster.destroy()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per phase")
    parser.add_argument("--slices", type=int, default=5, help="alternating turns per phase")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--links", type=int, default=40_000, help="links per answer phase")
    parser.add_argument("--page-links", type=int, default=2_000)
    parser.add_argument("--pool", type=int, default=10, help="VOC_DB_POOL_SIZE (PostgreSQL)")
    parser.add_argument("--no-workers-check", dest="workers_check", action="store_false")
    parser.add_argument(
        "--phases",
        default="health,page,answer",
        help="comma-separated phases to measure: health, page, answer",
    )
    args = parser.parse_args()
    args.phases = {phase.strip() for phase in args.phases.split(",") if phase.strip()}
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
            f"{args.duration:.0f} s per phase in {args.slices} slices alternating with the "
            "bare app; uvicorn options of `voc serve`",
            flush=True,
        )
        for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
            if backend == "sqlite":
                (work / "sqlite").mkdir(exist_ok=True)
                url = f"sqlite:///{work / 'sqlite' / 'voc.sqlite3'}"
                results.append(await run_backend("sqlite", url, work / "sqlite", args))
            else:
                outcome = await run_postgres(work, args)
                if outcome is not None:
                    results.append(outcome)
    print(
        f"{'all targets met' if results and all(results) else 'some targets missed'}; "
        f"total {time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
