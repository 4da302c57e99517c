"""Issue 5 benchmark: NPS with CI plus a 50-value breakdown over 1,000,000 answers in SQLite.

Builds a migrated SQLite file, bulk-loads 1M answers with sqlite3, then times
``AnalyticsService.breakdown`` (overall NPS with CI + 50 groups, through Piccolo) against one
hand-written aggregate run directly with sqlite3 on the same file, in the same run.
Targets: ≤ 1.0 s, and ≤ 1.5× the hand-written query.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N_ANSWERS = 1_000_000
N_GROUPS = 50


def build(path: Path) -> None:
    env = {**os.environ, "VOC_DATABASE_URL": f"sqlite:///{path}", "VOC_VAR_DIR": str(path.parent)}
    subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    rng = random.Random(5)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute(
        "INSERT INTO survey (name, kind, status, audience, current_version, timezone, "
        "window_start_hour, window_end_hour, window_weekdays, reminder_count, "
        "reminder_interval_days, contact_frequency_days, holdout_share, holdout_seed, created_at) "
        "VALUES ('bench', 'customer_nps', 'live', 'customer', 1, 'Asia/Tokyo', 9, 18, '01234', "
        "2, 3, 30, 0.1, 's', '2026-01-01 00:00:00+00:00')"
    )
    survey_id = connection.execute("SELECT max(id) FROM survey").fetchone()[0]
    # Responses reference invitations; the benchmark is about the response scan, so one
    # contact and invitation per answer would only slow the load. Foreign keys are off here.
    connection.execute("PRAGMA foreign_keys=OFF")
    batch = []
    for i in range(N_ANSWERS):
        store = f"store-{rng.randrange(N_GROUPS):02d}"
        score = min(10, max(0, int(rng.gauss(7.5, 2.2))))
        polarity = rng.uniform(-1, 1)
        label = "positive" if polarity > 0.1 else "negative" if polarity < -0.1 else "neutral"
        batch.append(
            (
                i + 1,
                survey_id,
                1,
                json.dumps({"recommend": score}),
                score,
                "",
                "en",
                json.dumps({"store": store, "tier": "SMB"}),
                polarity,
                label,
                "bench",
                f"2026-{1 + i % 11:02d}-{1 + i % 27:02d} 03:00:00+00:00",
                f"2026-{1 + i % 11:02d}-{1 + i % 27:02d} 03:{i % 60:02d}:00.{i % 997:06d}+00:00",
            )
        )
        if len(batch) == 50_000:
            connection.executemany(
                "INSERT INTO survey_response (invitation, survey, version, answers, nps_score, "
                "comment, language, attributes, sentiment_polarity, sentiment_label, "
                "sentiment_version, submitted_at, updated_at) VALUES "
                "(?,?,?,?,?,?,?,?,?,?,?,?,?)",
                batch,
            )
            batch.clear()
    connection.commit()
    # The derived segment index, as the analytics tick keeps it (one row per answer and attribute).
    connection.execute(
        "INSERT INTO response_segment (survey_id, response_id, dimension, value, nps_score, "
        "sentiment_label, sentiment_polarity) SELECT survey, id, 'store', "
        "json_extract(attributes, '$.store'), nps_score, sentiment_label, sentiment_polarity "
        "FROM survey_response"
    )
    connection.execute(
        "INSERT INTO segment_sync (survey_id, synced_until) "
        "SELECT survey, max(updated_at) FROM survey_response GROUP BY survey"
    )
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()


# The same question asked by hand: counts per store and score band, total by summing.
HAND_SQL = (
    "SELECT value, SUM(nps_score >= 9), SUM(nps_score BETWEEN 7 AND 8), SUM(nps_score <= 6), "
    "COUNT(*), AVG(sentiment_polarity) FROM response_segment "
    "WHERE survey_id = ? AND dimension = 'store' GROUP BY value"
)
# What a naive schema would do: parse every answer's JSON attributes.
NAIVE_SQL = (
    "SELECT json_extract(attributes, '$.store') AS grp, SUM(nps_score >= 9), "
    "SUM(nps_score BETWEEN 7 AND 8), SUM(nps_score <= 6), COUNT(*) "
    "FROM survey_response WHERE survey = ? GROUP BY grp"
)


def hand_written(path: Path, sql: str) -> float:
    connection = sqlite3.connect(path)
    started = time.perf_counter()
    rows = connection.execute(sql, (1,)).fetchall()
    elapsed = time.perf_counter() - started
    assert len(rows) == N_GROUPS
    connection.close()
    return elapsed


async def through_app(path: Path) -> tuple[float, int, float | None]:
    from analytics.services import AnalyticsService
    from app.db import bind_engine, make_engine
    from app.settings import load_settings

    settings = load_settings(
        {"VOC_DATABASE_URL": f"sqlite:///{path}", "VOC_VAR_DIR": str(path.parent)}
    )
    bind_engine(make_engine(settings.database_url))
    service = AnalyticsService(settings)
    started = time.perf_counter()
    result = await service.breakdown(1, "store")
    elapsed = time.perf_counter() - started
    assert len(result.segments) == N_GROUPS and result.total.n == N_ANSWERS
    return elapsed, result.total.n, result.total.nps


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        started = time.perf_counter()
        build(path)
        print(f"built {N_ANSWERS:,} answers in {time.perf_counter() - started:.1f} s")
        hand = min(hand_written(path, HAND_SQL) for _ in range(3))
        naive = min(hand_written(path, NAIVE_SQL) for _ in range(2))
        app_times = []
        for _ in range(3):
            elapsed, n, nps = asyncio.run(through_app(path))
            app_times.append(elapsed)
        best = min(app_times)
        print(f"overall NPS {nps} (n={n:,}) + breakdown by store ({N_GROUPS} values)")
        print(
            f"  app (AnalyticsService.breakdown): best {best:.3f} s, first {app_times[0]:.3f} s  (target ≤ 1.0 s)"
        )
        print(f"  hand-written sqlite3 aggregate:   best {hand:.3f} s")
        print(f"  (for context: the same counts parsing each answer's JSON: {naive:.3f} s)")
        print(f"  ratio app / hand-written: {best / hand:.2f}×  (target ≤ 1.5×)")


if __name__ == "__main__":
    main()
