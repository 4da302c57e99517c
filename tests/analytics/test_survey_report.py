"""The survey PDF: figures match the analytics results, eNPS suppression holds everywhere,
free text stays literal, Japanese is extractable, no page is blank."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import msgspec
import numpy as np
import pytest
from PIL import Image

from analytics.anonymity import BreakdownResult, BreakdownRow, suppress_breakdown
from analytics.drivers import key_drivers
from analytics.report import (
    BreakdownSection,
    IncentiveSummary,
    QuotedComment,
    SurveyReportView,
    ThemeSummary,
    build_survey_report,
    survey_report_context,
)
from analytics.scores import compare_proportions, nps_from_counts
from analytics.trends import nps_trend
from app.reports.engine import render_html
from app.reports.fmt import Fmt

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")

GENERATED = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
EVIL = "<script>alert(1)</script> and </table> but the staff were lovely"
SECRET_GROUP = "Legal Skunkworks"
# (group, n, promoters, passives, detractors); the secret group has 3 people, NPS -66.7.
DEPARTMENTS = [
    ("Sales", 40, 22, 10, 8),
    ("Engineering", 61, 30, 20, 11),
    (SECRET_GROUP, 3, 0, 1, 2),
    ("Support", 33, 12, 11, 10),
]


def pdf_text(pdf: bytes, tmp_path: Path, name: str = "r.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


def page_ink(pdf: bytes, tmp_path: Path) -> list[float]:
    path = tmp_path / "ink.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-gray", str(path), str(tmp_path / "pg")], check=True
    )
    shares = []
    for png in sorted(tmp_path.glob("pg-*.png")):
        pixels = np.asarray(Image.open(png).convert("L"), dtype=np.uint8)
        h = pixels.shape[0]
        shares.append(float((pixels[int(h * 0.1) : int(h * 0.9)] < 235).mean()))
    return shares


def make_view(kind: str = "enps") -> SurveyReportView:
    rng = np.random.default_rng(7)
    X = rng.integers(1, 6, size=(300, 4)).astype(float)
    y = np.clip(np.round(X @ np.array([1.0, 0.6, 0.3, 0.05]) / 2 + rng.normal(0, 1, 300)), 0, 10)
    drivers = key_drivers(X, y, ["Workload", "Manager", "Pay", "Tools"], n_boot=40)
    breakdown = suppress_breakdown(DEPARTMENTS, min_size=5)
    assert SECRET_GROUP in breakdown.hidden_groups
    uplift = compare_proportions((112, 300), (300, 600))
    return SurveyReportView(
        survey_name="Employee pulse 2026 Q3",
        kind=kind,  # type: ignore[arg-type]
        organisation="Acme KK",
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
        invited=400,
        nps=nps_from_counts(64, 42, 31),
        trend=nps_trend(
            [("2026-07", 20, 14, 11), ("2026-08", 22, 14, 10), ("2026-09", 22, 14, 10)]
        ),
        breakdowns=[BreakdownSection(dimension="Department", result=breakdown)],
        drivers=drivers,
        themes=[
            ThemeSummary(
                phrase="workload",
                count=31,
                mean_sentiment=-0.42,
                mean_score=4.9,
                examples=["Too many meetings"],
            ),
            ThemeSummary(
                phrase="manager",
                count=22,
                mean_sentiment=0.35,
                mean_score=8.2,
                examples=["My manager listens"],
            ),
        ],
        praise=[
            QuotedComment(text=EVIL, score=9, sentiment=0.6),
            QuotedComment(
                text="Told only to the skunkworks", sentiment=0.5, attribution=SECRET_GROUP
            ),
        ],
        incentives=[
            IncentiveSummary(
                name="Coffee voucher",
                currency="JPY",
                budget=Decimal(100000),
                committed_cost=Decimal(45000),
                answers=300,
                cost_per_answer=Decimal(150),
                invited_incentivised=600,
                responded_incentivised=300,
                rate_incentivised=100 * uplift.share_b,  # type: ignore[operator]
                invited_holdout=300,
                responded_holdout=112,
                rate_holdout=100 * uplift.share_a,  # type: ignore[operator]
                uplift_pp=uplift.difference,
                uplift_ci_low=uplift.ci_low,
                uplift_ci_high=uplift.ci_high,
                incremental_cost_per_answer=Decimal(592),
            )
        ],
    )


@pytest.fixture(scope="module")
def reports() -> dict[str, bytes]:
    view = make_view()
    return {lang: build_survey_report(view, lang, generated_at=GENERATED) for lang in ("en", "ja")}


def test_key_figures_match_the_analytics(reports: dict[str, bytes], tmp_path: Path) -> None:
    view = make_view()
    for lang, pdf in reports.items():
        fmt = Fmt(lang)
        text = pdf_text(pdf, tmp_path)
        assert fmt.number(view.nps.nps, 1) in text  # eNPS
        assert fmt.interval(view.nps.ci_low, view.nps.ci_high, 1) in text
        assert fmt.n(view.nps.n) in text
        for p in view.trend:
            assert fmt.number(p.nps, 1) in text
        for row in view.breakdowns[0].result.rows:
            score = nps_from_counts(row.promoters, row.passives, row.detractors)
            assert row.group in text
            assert fmt.number(score.nps, 1) in text
        inc = view.incentives[0]
        assert fmt.points(inc.uplift_pp) in text
        assert fmt.money(inc.incremental_cost_per_answer, "JPY") in text
        assert view.drivers is not None
        assert fmt.percent(view.drivers.drivers[0].share_pct, 1) in text
    # Independent of the formatter: the numbers a reader sees.
    en = pdf_text(reports["en"], tmp_path)
    assert "24.1" in en and "n = 137" in en  # 100 · (64 − 31) / 137
    assert "JP¥592" in en


def test_suppressed_group_appears_nowhere(reports: dict[str, bytes], tmp_path: Path) -> None:
    view = make_view()
    result = view.breakdowns[0].result
    hidden = result.hidden_groups
    assert SECRET_GROUP in hidden
    secret = nps_from_counts(0, 1, 2)
    for lang, pdf in reports.items():
        text = pdf_text(pdf, tmp_path)
        for name in hidden:
            assert name not in text
        assert "Skunkworks" not in text and "skunkworks" not in text
        assert Fmt(lang).number(secret.nps, 1) not in text  # -66.7
        assert str(result.hidden_count) in text
    # Not in the HTML either (charts, legends, alt texts, attributes).
    context = survey_report_context(view, "en", generated_at=GENERATED)
    html = render_html("survey.html", context, "en")
    assert SECRET_GROUP not in html and "skunkworks" not in html.lower()
    for b in context["breakdowns"]:
        labels = [g["row"].group for g in b["groups"]]
        assert SECRET_GROUP not in labels
        assert SECRET_GROUP not in b["chart"].svg and SECRET_GROUP not in b["chart"].alt
    en = pdf_text(reports["en"], tmp_path)
    assert "Hidden: 2 group(s) with fewer than 5 answers" in en


def test_an_unsuppressed_breakdown_is_refused() -> None:
    raw = BreakdownResult(
        min_size=5,
        rows=[BreakdownRow(group="Tiny", n=2, promoters=1, passives=0, detractors=1)],
        hidden_count=0,
        hidden_groups=[],
        hidden_combined=None,
        total=None,
    )
    view = make_view()
    bad = SurveyReportView(
        survey_name="x", nps=view.nps, breakdowns=[BreakdownSection(dimension="D", result=raw)]
    )
    with pytest.raises(ValueError, match="minimum size"):
        survey_report_context(bad, "en")


def test_free_text_is_literal_and_layout_survives(
    reports: dict[str, bytes], tmp_path: Path
) -> None:
    text = pdf_text(reports["en"], tmp_path)
    assert "<script>alert(1)</script> and </table> but the staff were lovely" in text
    after = text.split("</table> but the staff were lovely", 1)[1]
    # The sections after the comment still render, with their tables.
    assert "Incentive cost and uplift" in after
    assert "Coffee voucher" in after and "Methodology and caveats" in after
    html = render_html("survey.html", survey_report_context(make_view(), "en"), "en")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_japanese_text_is_extractable(reports: dict[str, bytes], tmp_path: Path) -> None:
    text = pdf_text(reports["ja"], tmp_path)
    for phrase in (
        "サマリー",
        "推奨者",
        "セグメント別",
        "キードライバー",
        "手法と留意事項",
        "社外秘",
    ):
        assert phrase in text
    assert "2026年7月1日" in text


def test_every_page_renders_and_none_is_blank(reports: dict[str, bytes], tmp_path: Path) -> None:
    for pdf in reports.values():
        ink = page_ink(pdf, tmp_path)
        assert ink and min(ink) > 0.005, ink
        for png in tmp_path.glob("pg-*.png"):
            png.unlink()


def test_cache_key_is_stable_for_the_same_data() -> None:
    from app.reports.cache import report_key

    assert report_key("survey", "en", make_view()) == report_key("survey", "en", make_view())
    assert report_key("survey", "en", make_view()) != report_key("survey", "en", make_view("nps"))


def test_a_survey_without_answers_still_renders(tmp_path: Path) -> None:
    view = SurveyReportView(survey_name="Brand-new survey", nps=nps_from_counts(0, 0, 0))
    text = pdf_text(build_survey_report(view, "en", generated_at=GENERATED), tmp_path)
    assert "Brand-new survey" in text and "n = 0" in text
    assert "Not enough periods for a trend yet." in text


def test_japanese_breakdowns_name_attributes_and_tiers_in_japanese(tmp_path: Path) -> None:
    """A breakdown by an imported attribute reads in Japanese where the word is a common one
    (tier → ティア, store → 店舗) and an account tier by its name (mid_market → ミッドマーケット);
    values people typed (Kyoto) stay as typed. The report said 「tier別のNPS」 over rows
    enterprise / mid_market / smb."""
    tiers = suppress_breakdown(
        [("enterprise", 20, 9, 6, 5), ("mid_market", 25, 10, 8, 7), ("smb", 30, 12, 9, 9)], 5
    )
    stores = suppress_breakdown([("Kyoto", 20, 9, 6, 5), ("Osaka", 25, 10, 8, 7)], 5)
    view = msgspec.structs.replace(
        make_view("customer_nps"),
        breakdowns=[
            BreakdownSection(dimension="tier", result=tiers),
            BreakdownSection(dimension="store", result=stores),
        ],
    )
    text = pdf_text(build_survey_report(view, "ja", generated_at=GENERATED), tmp_path)
    for phrase in ("ティア別のNPS", "店舗別のNPS", "エンタープライズ", "ミッドマーケット", "Kyoto"):
        assert phrase in text, phrase
    for raw in ("mid_market", "enterprise", "tier別", "store別"):
        assert raw not in text, raw
    english = pdf_text(build_survey_report(view, "en", generated_at=GENERATED), tmp_path, "e.pdf")
    assert "Mid-market" in english and "store" in english and "mid_market" not in english
