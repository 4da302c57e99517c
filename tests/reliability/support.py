"""Real app processes, respondent seeding and a bounded load driver (tests and ``make loadtest``).

Everything here talks to loopback only. :class:`AppProcess` runs ``voc serve`` (uvicorn) as
a child process with its JSON logs in a file; :func:`seed_respondents` writes a live survey
and invitations whose clear tokens it returns (only their hashes are stored, as the app
does); :func:`drive` plays respondents opening their link and answering, bounded in count and
time, and records every acknowledged answer so a caller can prove none was lost.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from app.settings import REPO_ROOT
from surveys.tokens import new_token, token_hash

TEST_SECRET = "reliability-secret-key-" + "y" * 32
ANSWER_COMMENTS = (
    "Support answered quickly and solved it",
    "The new dashboard is confusing",
    "Price is too high for what we use",
    "",
    "Onboarding was great, thank you",
)


def app_env(database_url: str, var_dir: Path, port: int, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("VOC_") and k not in {"PYTEST_CURRENT_TEST"}
    }
    env.update(
        {
            "VOC_DATABASE_URL": database_url,
            "VOC_VAR_DIR": str(var_dir),
            "VOC_SECRET_KEY": TEST_SECRET,
            "VOC_BASE_URL": f"http://127.0.0.1:{port}",
            "VOC_OUTBOX_DIR": str(var_dir / "outbox"),
            "VOC_TICK_SECONDS": "3600",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return env


class AppProcess:
    """One ``voc serve`` process on a loopback port, its logs in ``log_path``."""

    def __init__(self, env: dict[str, str], port: int, log_path: Path) -> None:
        self.env = env
        self.port = port
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AppProcess:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        return self

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"app exited with {self.process.returncode}:\n{self.logs()[-3000:]}"
                )
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"app on port {self.port} not ready:\n{self.logs()[-3000:]}")

    def kill(self) -> None:
        """``kill -9``: no shutdown code runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def start_all(processes: Sequence[AppProcess], timeout: float = 120.0) -> None:
    for process in processes:
        process.start()
    for process in processes:
        process.wait_ready(timeout)


# ----------------------------------------------------------------------------- seeding


async def seed_respondents(n: int, name: str = "Load test survey") -> tuple[int, list[str]]:
    """A live customer NPS survey with ``n`` invitations; returns its id and the clear tokens."""
    from surveys.questions import template_questions
    from surveys.services.common import encode_questions
    from surveys.tables import Contact, Invitation, Survey, SurveyVersion

    survey = Survey(
        name=name,
        kind="customer_nps",
        status="live",
        audience="customer",
        window_start_hour=0,
        window_end_hour=24,
        window_weekdays="0123456",
        reminder_count=0,
    )
    await survey.save()
    await SurveyVersion(
        survey=survey.id, number=1, questions=encode_questions(template_questions("customer_nps"))
    ).save()
    tokens = [new_token() for _ in range(n)]
    tag = new_token()[:8].lower().replace("_", "x").replace("-", "y")
    for start in range(0, n, 400):
        part = range(start, min(n, start + 400))
        await Contact.insert(
            *[Contact(email=f"r{i}.{tag}@load.example", name=f"Respondent {i}") for i in part]
        )
        ids = {
            r["email"]: r["id"]
            for r in await Contact.select(Contact.id, Contact.email).where(
                Contact.email.is_in([f"r{i}.{tag}@load.example" for i in part])
            )
        }
        await Invitation.insert(
            *[
                Invitation(
                    survey=survey.id,
                    contact=ids[f"r{i}.{tag}@load.example"],
                    attributes={"store": f"Store {i % 7}", "tier": ("gold", "silver")[i % 2]},
                    token_hash=token_hash(tokens[i]),
                    status="sent",
                )
                for i in part
            ]
        )
    return int(survey.id), tokens


def answer_for(i: int) -> dict[str, Any]:
    return {
        "answers": {
            "recommend": i % 11,
            "reason": ANSWER_COMMENTS[i % len(ANSWER_COMMENTS)],
            "driver_support": 1 + i % 5,
        }
    }


async def stored_answers(survey_id: int) -> set[str]:
    """Token hashes of the invitations of ``survey_id`` that have a stored answer."""
    from surveys.tables import Response

    rows = await Response.select(Response.invitation.token_hash.as_alias("hash")).where(
        Response.survey == survey_id
    )
    return {r["hash"] for r in rows}


# ----------------------------------------------------------------------------- load


@dataclass
class LoadResult:
    duration: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    acknowledged: list[str] = field(default_factory=list)
    post_latencies: list[float] = field(default_factory=list)
    get_latencies: list[float] = field(default_factory=list)
    timeline: list[tuple[float, int]] = field(default_factory=list)
    """(seconds since start, status) of every POST; status 0 for a transport error."""

    @property
    def answers_per_second(self) -> float:
        return len(self.acknowledged) / self.duration if self.duration else 0.0

    def failures(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != 200) + sum(
            self.errors.values()
        )


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def drive(
    base_urls: Sequence[str],
    tokens: Sequence[str],
    *,
    concurrency: int,
    duration: float,
    open_page: bool = True,
    timeout: float = 30.0,
) -> LoadResult:
    """``concurrency`` respondents answer, each with a fresh link, until ``duration`` seconds
    pass or the links run out. Every request is bounded by ``timeout``."""
    result = LoadResult()
    links: Iterator[tuple[int, str]] = iter(enumerate(tokens))
    urls = itertools.cycle(base_urls)
    started = time.perf_counter()
    deadline = started + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(timeout=timeout, limits=limits) as client:

        async def respondent() -> None:
            while time.perf_counter() < deadline:
                try:
                    i, token = next(links)
                except StopIteration:
                    return
                base = next(urls)
                try:
                    if open_page:
                        t0 = time.perf_counter()
                        page = await client.get(f"{base}/r/{token}")
                        result.get_latencies.append(time.perf_counter() - t0)
                        if page.status_code != 200:
                            result.statuses[page.status_code] += 1
                    t0 = time.perf_counter()
                    reply = await client.post(f"{base}/r/{token}", json=answer_for(i))
                    elapsed = time.perf_counter() - t0
                    result.post_latencies.append(elapsed)
                    result.statuses[reply.status_code] += 1
                    result.timeline.append((t0 - started, reply.status_code))
                    if reply.status_code == 200:
                        result.acknowledged.append(token)
                except httpx.HTTPError as exc:
                    result.errors[type(exc).__name__] += 1
                    result.timeline.append((time.perf_counter() - started, 0))
                    await asyncio.sleep(0.05)

        await asyncio.gather(*(respondent() for _ in range(concurrency)))
    result.duration = time.perf_counter() - started
    return result
