"""The eNPS survey's engagement items are its key drivers, on the page, the API, the PDF and
the CSV alike, within the disclosure guard.

Before, only ``driver_*`` questions counted: the results page listed the engagement ratings
and its key-driver section said the survey "asks no driver ratings"; the API and the PDF had
no drivers. The figures are checked against an independent computation with scipy (Pearson
correlations, least-squares R², Shapley shares from every subset regression).
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import random
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import linalg, stats

from analytics.disclosure import ANSWERED, Person, build_plan
from surveys.questions import template_questions
from tests.analytics.factories import add_response, make_survey
from tests.analytics.test_report_api import fetch_pdf
from tests.pdf import pdf_text

K = 5
ENPS_QUESTIONS = msgspec.to_builtins(template_questions("enps", "Kyoto Coffee"))
ITEMS = ("engagement_growth", "engagement_manager")
OUTCOME = {"promoter": 100.0, "passive": 0.0, "detractor": -100.0}


def outcome(score: int) -> float:
    return OUTCOME["promoter" if score >= 9 else "passive" if score >= 7 else "detractor"]


def people(n: int, seed: int) -> list[tuple[int, int, int]]:
    """(score, growth, manager): growth goes with the score, the manager item less so."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        score = max(0, min(10, round(rng.gauss(7, 2.5))))
        growth = max(1, min(5, round(score / 2.2 + rng.gauss(0, 0.6))))
        manager = max(1, min(5, round(3 + rng.gauss(0, 1.1) + (score - 7) / 6)))
        out.append((score, growth, manager))
    return out


async def enps_survey(rows: list[tuple[int, int | None, int | None]], **kw: Any) -> int:
    survey = await make_survey("enps", questions=ENPS_QUESTIONS)
    for i, (score, growth, manager) in enumerate(rows):
        answers = {k: v for k, v in zip(ITEMS, (growth, manager), strict=True) if v is not None}
        await add_response(
            survey, score, "", {"department": "Sales" if i % 2 else "Support"}, answers=answers
        )
    return survey


def r2(X: np.ndarray, y: np.ndarray, cols: tuple[int, ...]) -> float:
    if not cols:
        return 0.0
    a = np.column_stack([np.ones(len(y)), X[:, list(cols)]])
    coef, *_ = linalg.lstsq(a, y)
    resid = y - a @ coef
    return 1.0 - float(resid @ resid) / float(((y - y.mean()) ** 2).sum())


def shapley_shares(X: np.ndarray, y: np.ndarray) -> list[float]:
    p = X.shape[1]
    phi = []
    for j in range(p):
        others = [i for i in range(p) if i != j]
        value = 0.0
        for size in range(p):
            w = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
            for s in itertools.combinations(others, size):
                value += w * (r2(X, y, tuple(sorted((*s, j)))) - r2(X, y, s))
        phi.append(value)
    total = sum(phi)
    return [100.0 * v / total for v in phi]


class TestEngagementItemsAreDrivers:
    async def test_api_figures_match_an_independent_computation(self, staff_client: Any) -> None:
        rows = people(60, seed=3)
        survey = await enps_survey(rows)  # type: ignore[arg-type]
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
        assert body["ok"], body
        assert body["outcome"] == "class" and body["n"] == 60
        got = {d["key"]: d for d in body["drivers"]}
        assert set(got) == set(ITEMS), body
        X = np.array([[g, m] for _, g, m in rows], dtype=float)
        y = np.array([outcome(s) for s, _, _ in rows])
        assert body["r2"] == pytest.approx(r2(X, y, (0, 1)), abs=1e-4)
        # for two drivers, relative weights and Shapley shares coincide
        for j, (key, share) in enumerate(zip(ITEMS, shapley_shares(X, y), strict=True)):
            assert got[key]["share_pct"] == pytest.approx(share, abs=0.01)
            assert got[key]["shapley_share_pct"] == pytest.approx(share, abs=0.01)
            assert got[key]["correlation"] == pytest.approx(
                stats.pearsonr(X[:, j], y).statistic, abs=1e-4
            )
            assert got[key]["mean_rating"] == pytest.approx(X[:, j].mean(), abs=1e-3)
            assert got[key]["favourable_pct"] == pytest.approx(
                100.0 * (X[:, j] >= 4).mean(), abs=0.05
            )
            assert got[key]["ci_low"] <= got[key]["share_pct"] <= got[key]["ci_high"]
        # the items are drivers, not also plain ratings (two figures over different sets of
        # answerers would difference to the few who skipped one)
        scores = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
        assert not {r["key"] for r in scores["ratings"]} & set(ITEMS), scores["ratings"]

    async def test_the_results_page_shows_them_as_drivers(self, staff_client: Any) -> None:
        survey = await enps_survey(people(40, seed=5))  # type: ignore[arg-type]
        client = await staff_client("hr")
        page = (await client.get(f"/surveys/{survey}/results?lang=en")).text
        assert "asks no driver ratings" not in page
        assert "Engagement drivers of eNPS" in page
        for key in ITEMS:
            assert f'data-driver="{key}"' in page, key
        assert "I have opportunities to learn and grow." in page
        ja = (await client.get(f"/surveys/{survey}/results?lang=ja")).text
        assert "eNPSを左右するエンゲージメント項目" in ja and "肯定的回答" in ja
        assert "学び成長する機会がある。" in ja

    async def test_the_pdf_has_them(self, staff_client: Any, tmp_path: Path) -> None:
        survey = await enps_survey(people(40, seed=7))  # type: ignore[arg-type]
        client = await staff_client("hr")
        url = f"/api/surveys/{survey}/analytics/report.pdf?lang=en"
        text = " ".join(pdf_text(await fetch_pdf(client, url), tmp_path).split())
        assert "Engagement drivers of eNPS" in text
        assert "Which engagement items go with being a promoter" in text
        assert "My manager supports me." in text and "Favourable" in text
        assert "over the eNPS classes" in text  # the method says what the drivers explain
        ja = "".join(
            pdf_text(
                await fetch_pdf(client, url.replace("lang=en", "lang=ja")), tmp_path, name="ja.pdf"
            ).split()
        )
        # (a narrow first column wraps the item's words around the figures in reading order)
        assert "上司は私を支援してくれ" in ja and "推奨者と批判者を分けている" in ja

    async def test_the_pdf_notes_read_in_the_reports_language(
        self, staff_client: Any, tmp_path: Path
    ) -> None:
        """Twelve promoters: nothing to explain, and the Japanese PDF says so in Japanese
        (it printed 'Everyone is in the same group (promoters) …' in English)."""
        rows = [(9 + i % 2, 1 + i % 5, 1 + (i * 3) % 5) for i in range(12)]
        survey = await enps_survey(rows)  # type: ignore[arg-type]
        client = await staff_client("hr")
        url = f"/api/surveys/{survey}/analytics/report.pdf?lang=ja"
        ja = "".join(pdf_text(await fetch_pdf(client, url), tmp_path).split())
        assert "全員が同じ区分（推奨者）" in ja, ja[-600:]
        assert "Everyone" not in ja


class TestEngagementDriversKeepTheFloor:
    async def test_fewer_than_the_floor_show_no_item_figures(self, staff_client: Any) -> None:
        """Four colleagues (k = 5): no driver, no item mean, anywhere."""
        survey = await enps_survey([(9, 5, 4), (3, 1, 2), (7, 3, 3), (10, 5, 5)])
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
        assert body["drivers"] == [] and body["n"] == 0, body
        scores = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
        assert scores["ratings"] == [] and scores["score"]["suppressed"], scores
        page = (await client.get(f"/surveys/{survey}/results?lang=en")).text
        assert "data-driver=" not in page

    async def test_items_rated_by_fewer_than_the_floor_show_no_item_drivers(
        self, staff_client: Any
    ) -> None:
        """Twenty answers, four of them with the (optional) engagement items: the four are
        a group under the floor, so neither their means nor correlations are shown."""
        rows: list[tuple[int, int | None, int | None]] = [
            (s, None, None) for s in (9, 10, 8, 6) * 4
        ]
        rows += [(1, 1, 2), (4, 2, 4), (8, 4, 3), (10, 5, 5)]
        survey = await enps_survey(rows)
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
        assert body["drivers"] == [], body
        assert not 0 < body["n"] < K, body
        scores = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
        assert not {r["key"] for r in scores["ratings"] if r["n"]} & set(ITEMS), scores
        page = (await client.get(f"/surveys/{survey}/results?lang=en")).text
        assert "data-driver=" not in page

    async def test_a_file_without_classes_prints_no_engagement_ratings(
        self, staff_client: Any
    ) -> None:
        """With comments whose class the file may not show, the engagement ratings (now
        figures over the classes) leave the CSV, like the ``driver_*`` ratings did."""
        survey = await make_survey("enps", questions=ENPS_QUESTIONS)
        for i in range(20):
            await add_response(
                survey,
                (10, 9, 8, 3, 6)[i % 5],
                f"comment number {i} about the rota",
                {"department": "A" if i < 6 else "B"},
                answers={"engagement_growth": 1 + i % 5, "engagement_manager": 1 + (i * 3) % 5},
                sentiment=(0.1, "positive"),
            )
        client = await staff_client("hr")
        assert (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()["ok"]
        text = (await client.get(f"/api/surveys/{survey}/responses.csv")).text
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert "comment" in header and "score_class" not in header, header
        assert not set(ITEMS) & set(header), header


def csv_table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def reproductions(
    rows: list[dict[str, str]], published: dict[str, float], missing: int
) -> list[tuple[int, ...]]:
    """The reader's attack: every way to leave ``missing`` rows of the file out so that the
    correlations printed for the file's items come back to 4 decimals."""
    y = np.array([OUTCOME[r["score_class"]] for r in rows])
    found = []
    for out in itertools.combinations(range(len(rows)), missing):
        keep = np.ones(len(rows), dtype=bool)
        keep[list(out)] = False
        ok = True
        for key, value in published.items():
            x = np.array([float(r[key]) for r in rows])[keep]
            if np.ptp(x) == 0 or round(float(stats.pearsonr(x, y[keep]).statistic), 4) != value:
                ok = False
                break
        if ok:
            found.append(out)
    return found


class TestSkippersAreNotSingledOut:
    """Engagement items are optional. Two colleagues skip 'I have opportunities to learn and
    grow': a listwise analysis runs over the other 28, and its correlations for the manager
    item (which everyone rated, and which the CSV prints with each row's class) are
    reproduced only by leaving the two skippers' rows out of the file: their classes and
    manager ratings are read off, although the file dropped the growth column for exactly
    that reason (a split of 2)."""

    async def test_two_who_skipped_an_item_are_not_the_rows_left_out(
        self, staff_client: Any
    ) -> None:
        rows: list[tuple[int, int | None, int | None]] = [
            (s, g, m) for s, g, m in people(30, seed=11)
        ]
        rows[3] = (rows[3][0], None, rows[3][2])
        rows[17] = (rows[17][0], None, rows[17][2])
        survey = await enps_survey(rows)
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
        file = csv_table((await client.get(f"/api/surveys/{survey}/responses.csv")).text)
        assert len(file) == 30 and "score_class" in file[0], file[:1]
        printed = {d["key"]: d["correlation"] for d in body["drivers"] if d["key"] in file[0]}
        missing = len(file) - body["n"]
        if 0 < missing < K and printed:
            pinned = reproductions(file, printed, missing)
            classes = {tuple(sorted(file[i]["score_class"] for i in out)) for out in pinned}
            assert len(classes) != 1, f"the {missing} rows left out are pinned: {classes}"
        # legitimate use: the item everyone rated is still analysed, over everyone, and the
        # page says why the other one is not
        assert body["n"] == 30 and [d["key"] for d in body["drivers"]] == ["engagement_manager"], (
            body
        )
        assert any("Left out to protect anonymity" in m for m in body["messages"]), body
        ja = (await client.get(f"/surveys/{survey}/results?lang=ja")).text
        assert "匿名性を守るため分析から除いた項目" in ja and "『学び成長する機会がある』" in ja

    async def test_enough_skippers_in_every_class_keep_the_item(self, staff_client: Any) -> None:
        """Twenty skip it, ten in each department: the file shows who skipped (blank cells;
        classes of at least 10, the export's floor from ten answers on), so the analysis
        over the twenty who rated both is shown."""
        base = people(40, seed=13)
        rows: list[tuple[int, int | None, int | None]] = [
            (s, None if i >= 20 else g, m) for i, (s, g, m) in enumerate(base)
        ]
        survey = await enps_survey(rows)
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
        assert body["ok"] and body["n"] == 20, body
        assert {d["key"] for d in body["drivers"]} == set(ITEMS), body


@st.composite
def rated_populations(draw: Any) -> tuple[list[Person], list[str]]:
    """Colleagues in departments who rate some of three optional items (often all)."""
    items = ["engagement_growth", "engagement_manager", "pulse"]
    size = draw(st.integers(min_value=5, max_value=40))
    skip = {item: draw(st.sampled_from([0.0, 0.05, 0.2, 0.5])) for item in items}
    people = []
    for pid in range(size):
        dims = {
            "department": draw(st.sampled_from(["A", "B", "C"])),
            "language": draw(st.sampled_from(["en", "ja"])),
            "version": "1",
        }
        for item in items:
            skipped = draw(st.floats(0, 1)) < skip[item]
            dims[ANSWERED + item] = "no" if skipped else "yes"
        people.append(Person(id=pid, dims=dims))
    return people, items


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rated_populations())
def test_the_analysed_set_is_one_the_export_shows(case: tuple[list[Person], list[str]]) -> None:
    """Whatever people skip, the answers an eNPS key-driver analysis runs over (those who
    rated every item it uses) are a union of the export's classes: recomputing the drivers
    on the file's rows singles no row out. Checked by brute force over the classes."""
    people, items = case
    varying = [ANSWERED + i for i in items if len({p.dims[ANSWERED + i] for p in people}) > 1]
    plan = build_plan(
        people, ["department", "language"], K, 10, ["version", "language", "department", *varying]
    )
    used = plan.driver_items(items)
    analysed = frozenset(p.id for p in people if all(p.dims[ANSWERED + i] == "yes" for i in used))
    if plan.export is None:
        assert used == []
        return
    for cls in plan.export.classes():
        assert cls <= analysed or not cls & analysed, (used, sorted(cls))


def test_every_driver_note_reads_in_japanese() -> None:
    """Each note the analysis writes has a Japanese pattern (the demo's five engagement items
    over 35 answers showed 'Only 35 complete answers for 5 drivers …' in English on the
    Japanese page)."""
    from analytics.drivers import key_drivers
    from app.i18n import localise

    rng = np.random.default_rng(1)
    X = rng.integers(1, 6, size=(40, 3)).astype(float)
    y = X @ np.array([1.0, 0.5, -0.3]) + rng.normal(size=40)
    with_gaps = X.copy()
    with_gaps[:3, 0] = np.nan
    cases = [
        key_drivers(X, y, ["a", "b", "c"], n_boot=50),  # unstable weights, overlaps, against
        key_drivers(with_gaps, y, ["a", "b", "c"], n_boot=0),  # listwise, no intervals
        key_drivers(np.column_stack([X, np.full(40, np.nan)]), y, ["a", "b", "c", "d"]),
        key_drivers(np.column_stack([X, np.full(40, 3.0)]), y, ["a", "b", "c", "d"]),
        key_drivers(np.full((40, 1), 3.0), y, ["a"]),  # none left
        key_drivers(X[:4], y[:4], ["a", "b", "c"]),  # too few
        key_drivers(rng.normal(size=(60, 13)), rng.normal(size=60), list("abcdefghijklm")),
        key_drivers(X, np.full(40, 7.0), ["a", "b", "c"]),
    ]
    notes = {m for result in cases for m in result.messages}
    assert len(notes) >= 12, notes
    english = [m for m in notes if localise(m, "ja") == m]
    assert english == [], english
