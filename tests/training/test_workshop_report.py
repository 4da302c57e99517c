"""Workshop and portfolio PDFs: ROI, BCR, DiD and n as in the view, Japanese text, literal
free text, TOC, embedded fonts, no blank page; comment choice and verdict rules."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import pytest
from PIL import Image

from analytics.report import QuotedComment, ThemeSummary
from analytics.scores import csat_from_counts, nps_from_counts
from app.reports.fmt import Fmt
from training.report import (
    BalanceRow,
    BehaviourPoint,
    BehaviourSeries,
    CheckpointValue,
    CostLine,
    KirkpatrickRow,
    Methodology,
    MetricTimeline,
    PortfolioReportView,
    PortfolioWorkshop,
    ReactionSection,
    RoiFigures,
    ScoreWithCi,
    SentimentSummary,
    WorkshopReportView,
    build_portfolio_report,
    build_workshop_report,
    pick_comments,
    verdict_of,
)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")

GENERATED = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
EVIL = "<script>alert(1)</script> and </table> — the afternoon was too fast"
DAYS = (0, 7, 30, 90, 180)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "i.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(next(x for x in out.stdout.splitlines() if x.startswith("Pages:")).split()[1])


def page_ink(pdf: bytes, tmp_path: Path) -> list[float]:
    path = tmp_path / "ink.pdf"
    path.write_bytes(pdf)
    for png in tmp_path.glob("pg-*.png"):
        png.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-gray", str(path), str(tmp_path / "pg")], check=True
    )
    shares = []
    for png in sorted(tmp_path.glob("pg-*.png")):
        pixels = np.asarray(Image.open(png).convert("L"), dtype=np.uint8)
        h = pixels.shape[0]
        shares.append(float((pixels[int(h * 0.1) : int(h * 0.9)] < 235).mean()))
    return shares


def _timeline(metric: str, better: str, att: list[float], cmp_: list[float]) -> MetricTimeline:
    points = [CheckpointValue(day=0, reached=False)]
    for i, day in enumerate(DAYS[1:]):
        did = att[i] - cmp_[i]
        points.append(
            CheckpointValue(
                day=day,
                attendees=att[i],
                attendees_low=att[i] - 1.4,
                attendees_high=att[i] + 1.4,
                comparison=cmp_[i],
                comparison_low=cmp_[i] - 1.1,
                comparison_high=cmp_[i] + 1.1,
                did=did,
                did_low=did - 1.9,
                did_high=did + 1.9,
                n_attendees=412,
                n_comparison=1630,
                attendees_pre=att[i] - 3.3,
                comparison_pre=cmp_[i] - 0.7,
            )
        )
    return MetricTimeline(metric=metric, better=better, points=points)  # type: ignore[arg-type]


def make_view() -> WorkshopReportView:
    reaction_nps = nps_from_counts(260, 150, 88)
    csat = csat_from_counts(440, 498)
    return WorkshopReportView(
        workshop_name="Onboarding excellence — Tokyo",
        workshop_date=dt.date(2026, 3, 10),
        currency="JPY",
        participants=540,
        accounts=412,
        as_of=dt.date(2026, 9, 30),
        organisation="Acme KK",
        facilitator="佐藤 由紀",
        latest_checkpoint_day=180,
        roi=RoiFigures(
            currency="JPY",
            horizon_months=12,
            cost=Decimal(20_000_000),
            benefit=Decimal(64_000_000),
            roi_percent=Decimal("220.00"),
            bcr=Decimal("3.20"),
            checkpoint_day=180,
            churn_mrr_avoided_per_month=Decimal(3_200_000),
            expansion_mrr_per_month=Decimal(2_133_333),
            benefit_ci=(Decimal(31_000_000), Decimal(97_000_000)),
            roi_percent_ci=(Decimal("55.00"), Decimal("385.00")),
            bcr_ci=(Decimal("1.55"), Decimal("4.85")),
        ),
        timelines=[
            _timeline("logo_churn", "lower", [0.8, 2.1, 4.0, 6.2], [1.1, 3.0, 5.9, 9.1]),
            _timeline("expansion_share", "higher", [1.2, 4.5, 9.8, 14.1], [1.0, 3.1, 6.0, 8.2]),
            _timeline("nrr", "higher", [100.2, 101.1, 102.9, 104.6], [99.9, 99.6, 99.1, 98.4]),
        ],
        kirkpatrick=[
            KirkpatrickRow(
                level=1,
                measure="Reaction NPS",
                value=reaction_nps.nps,
                ci_low=reaction_nps.ci_low,
                ci_high=reaction_nps.ci_high,
                unit="nps",
                n=reaction_nps.n,
                checkpoint_day=0,
            ),
            KirkpatrickRow(
                level=2,
                measure="Quiz score (0–100)",
                value=81.4,
                ci_low=79.9,
                ci_high=82.8,
                n=520,
                checkpoint_day=0,
            ),
            KirkpatrickRow(
                level=3,
                measure="Applying the checklist",
                value=63.0,
                ci_low=58.1,
                ci_high=67.7,
                unit="pct",
                n=388,
                checkpoint_day=90,
            ),
            KirkpatrickRow(
                level=4,
                measure="NRR difference-in-differences",
                value=6.2,
                ci_low=4.3,
                ci_high=8.1,
                unit="pts",
                n=412,
                checkpoint_day=180,
            ),
            KirkpatrickRow(level=5, measure="ROI", status="pending", checkpoint_day=180),
        ],
        reaction=ReactionSection(
            score=ScoreWithCi(
                label="NPS",
                value=reaction_nps.nps,
                ci_low=reaction_nps.ci_low,
                ci_high=reaction_nps.ci_high,
                n=reaction_nps.n,
            ),
            other_scores=[
                ScoreWithCi(
                    label="CSAT",
                    value=csat.csat,
                    ci_low=csat.ci_low,
                    ci_high=csat.ci_high,
                    n=csat.n,
                    unit="pct",
                )
            ],
            sentiment=SentimentSummary(n=310, positive=201, neutral=61, negative=48, mean=0.31),
            themes=[
                ThemeSummary(phrase="checklist", count=88, mean_sentiment=0.5),
                ThemeSummary(phrase="pace", count=41, mean_sentiment=-0.35),
                ThemeSummary(phrase="ロールプレイ", count=30, mean_sentiment=0.3),
            ],
            comments=[
                QuotedComment(
                    text="The checklist changed how we run kickoff calls.", sentiment=0.8, score=10
                ),
                QuotedComment(text=EVIL, sentiment=-0.7, score=6),
                QuotedComment(text="ロールプレイがとても実践的でした。", sentiment=0.7, score=9),
                QuotedComment(
                    text="Slides were hard to read from the back.", sentiment=-0.4, score=7
                ),
                QuotedComment(text="Great facilitator, clear examples.", sentiment=0.6, score=9),
                QuotedComment(text="Fine.", sentiment=0.1),
                QuotedComment(text="ok", sentiment=0.0),
            ],
            behaviour=[
                BehaviourSeries(
                    label="Using the checklist",
                    points=[
                        BehaviourPoint(day=d, value=v, ci_low=v - 5, ci_high=v + 5, n=400)
                        for d, v in zip(DAYS[1:], [71, 66, 63, 58], strict=True)
                    ],
                ),
            ],
        ),
        costs=[
            CostLine(category="facilitator", amount=Decimal(4_000_000)),
            CostLine(category="venue_catering", amount=Decimal(2_500_000)),
            CostLine(category="materials", amount=Decimal(500_000)),
            CostLine(category="tooling", amount=Decimal(1_000_000)),
            CostLine(category="participant_time", amount=Decimal(11_500_000), note="540 × 3 h"),
            CostLine(category="incentives", amount=Decimal(500_000)),
        ],
        methodology=Methodology(
            n_attending=412,
            n_comparison=1630,
            n_comparison_effective=1211.4,
            n_unmatched=9,
            n_candidates=5120,
            balance=[
                BalanceRow(
                    covariate="MRR (log)",
                    attendees_mean=11.2,
                    comparison_mean_before=10.7,
                    comparison_mean_after=11.19,
                    smd_before=0.41,
                    smd_after=0.01,
                ),
            ],
            notices=["12 accounts that attended another workshop were excluded."],
        ),
    )


@pytest.fixture(scope="module")
def reports() -> dict[str, bytes]:
    view = make_view()
    return {
        lang: build_workshop_report(view, lang, generated_at=GENERATED) for lang in ("en", "ja")
    }


def test_roi_bcr_did_and_n_match_the_view(reports: dict[str, bytes], tmp_path: Path) -> None:
    view = make_view()
    assert view.roi is not None
    for lang, pdf in reports.items():
        fmt = Fmt(lang)
        text = pdf_text(pdf, tmp_path)
        assert fmt.percent(view.roi.roi_percent, 1) in text
        assert fmt.percent_interval(*view.roi.roi_percent_ci, 1) in text  # type: ignore[misc]
        assert fmt.ratio(view.roi.bcr) in text
        assert fmt.money(view.roi.cost, "JPY") in text
        assert fmt.count(view.participants) in text
        for tl in view.timelines:
            for p in tl.points:
                if p.reached:
                    assert fmt.points(p.did, 1) in text
                    assert fmt.signed_interval(p.did_low, p.did_high, 1) in text
        assert f"{fmt.count(412)} / {fmt.count(1630)}" in text
    en = pdf_text(reports["en"], tmp_path)
    # Read the way a manager reads it.
    assert "ROI 220.0% (95% CI 55.0% – 385.0%)" in en
    assert "The workshop paid for itself" in en
    assert "3.20" in en and "JP¥20,000,000" in en and "JP¥64,000,000" in en
    assert "-2.9 pts" in en and "+6.2 pts" in en  # churn and NRR DiD at +180 days
    assert "n = 498" in en


def test_sections_and_definitions_are_present(reports: dict[str, bytes], tmp_path: Path) -> None:
    en = pdf_text(reports["en"], tmp_path)
    for heading in (
        "Summary",
        "Outcomes over time",
        "Kirkpatrick levels",
        "L1 Reaction",
        "L5 ROI",
        "Reaction and behaviour",
        "Cost breakdown",
        "Survey incentives",
        "Methodology and caveats",
        "Balance before and after weighting",
        "What a 95% confidence interval means",
    ):
        assert heading in en, heading
    assert "NRR = (start MRR + expansion − contraction − churned MRR) / start MRR" in en
    assert "ROI % = (benefit − cost) / cost × 100; BCR = benefit / cost" in en


def test_free_text_is_literal_and_layout_survives(
    reports: dict[str, bytes], tmp_path: Path
) -> None:
    en = pdf_text(reports["en"], tmp_path)
    assert "<script>alert(1)</script> and </table> — the afternoon was too fast" in en
    after = en.split("the afternoon was too fast", 1)[1]
    assert "Cost breakdown" in after and "JP¥11,500,000" in after
    assert "Methodology and caveats" in after


def test_japanese_text_is_extractable(reports: dict[str, bytes], tmp_path: Path) -> None:
    ja = pdf_text(reports["ja"], tmp_path)
    for phrase in ("研修は費用を回収しました", "成果の推移", "カークパトリック評価", "費用内訳",
                   "手法と留意事項", "ロールプレイがとても実践的でした。", "佐藤 由紀", "目次"):  # fmt: skip
        assert phrase in ja, phrase
    assert "ページ" in ja


def test_long_report_has_toc_with_page_numbers(reports: dict[str, bytes], tmp_path: Path) -> None:
    pdf = reports["en"]
    pages = pdf_pages(pdf, tmp_path)
    assert pages > 3
    en = pdf_text(pdf, tmp_path)
    assert f"Page {pages} of {pages}" in en
    entries = re.findall(r"(\d+)\. (.+?) (?:\. ?)+(\d+)", en.split("Contents", 1)[1][:2500])
    titles = [title for _n, title, _p in entries]
    assert titles[:2] == ["Summary", "Outcomes over time"] and "Methodology and caveats" in titles
    # Each entry's page number is the page where that chapter starts.
    path = tmp_path / "toc.pdf"
    path.write_bytes(pdf)
    for _n, title, page in entries:
        assert 1 <= int(page) <= pages
        out = subprocess.run(
            ["pdftotext", "-f", page, "-l", page, "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
        )
        assert title in out.stdout.decode(), (title, page)


def test_fonts_embedded_and_no_blank_page(reports: dict[str, bytes], tmp_path: Path) -> None:
    for pdf in reports.values():
        path = tmp_path / "fonts.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
        rows = [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]
        assert any("Noto-Sans-CJK-JP" in r[0] for r in rows)
        assert all(r[-5] == "yes" for r in rows)
        ink = page_ink(pdf, tmp_path)
        assert len(ink) == pdf_pages(pdf, tmp_path)
        assert min(ink) > 0.005, ink


def test_five_comments_show_praise_and_problems() -> None:
    view = make_view()
    assert view.reaction is not None
    chosen = pick_comments(view.reaction.comments, 5)
    assert len(chosen) == 5
    kinds = [k for _c, k in chosen]
    assert kinds.count("praise") >= 2 and kinds.count("problem") >= 2
    assert kinds[:4] == ["praise", "problem", "praise", "problem"]
    assert chosen[0][0].sentiment == 0.8 and chosen[1][0].text == EVIL
    only_praise = [QuotedComment(text=f"good {i}", sentiment=0.5) for i in range(8)]
    assert [k for _c, k in pick_comments(only_praise)] == ["praise"] * 5
    dupes = [
        QuotedComment(text="Same  text", sentiment=-0.2),
        QuotedComment(text="same text", sentiment=-0.2),
    ]
    assert len(pick_comments(dupes)) == 1


def test_verdict_follows_the_roi_interval() -> None:
    assert verdict_of((Decimal(5), Decimal(50))) == "paid_off"
    assert verdict_of((Decimal(-50), Decimal(-5))) == "not_paid_off"
    assert verdict_of((Decimal(-5), Decimal(50))) == "inconclusive"
    assert verdict_of(None) == "not_measurable"


def test_report_without_outcomes_yet(tmp_path: Path) -> None:
    view = WorkshopReportView(
        workshop_name="Fresh workshop",
        workshop_date=dt.date(2026, 11, 20),
        currency="EUR",
        participants=12,
        accounts=10,
        methodology=Methodology(n_attending=10, n_comparison=0),
        costs=[CostLine(category="facilitator", amount=Decimal("9600"))],
    )
    text = pdf_text(build_workshop_report(view, "en", generated_at=GENERATED), tmp_path)
    assert "Not measurable yet" in text and "€9,600.00" in text


def test_portfolio_ranks_by_roi_and_shows_spend(tmp_path: Path) -> None:
    workshops = [
        PortfolioWorkshop(
            name="Renewal clinic",
            workshop_date=dt.date(2026, 2, 1),
            participants=40,
            accounts=30,
            cost=Decimal("9600"),
            benefit=Decimal("28032"),
            roi_percent=Decimal("192.00"),
            roi_percent_ci=(Decimal("40.00"), Decimal("350.00")),
            bcr=Decimal("2.92"),
            latest_checkpoint_day=180,
        ),
        PortfolioWorkshop(
            name="Admin basics",
            workshop_date=dt.date(2026, 4, 1),
            participants=25,
            accounts=20,
            cost=Decimal("5000"),
            benefit=Decimal("4000"),
            roi_percent=Decimal("-20.00"),
            roi_percent_ci=(Decimal("-90.00"), Decimal("60.00")),
            bcr=Decimal("0.80"),
            latest_checkpoint_day=90,
        ),
        PortfolioWorkshop(
            name="Power users",
            workshop_date=dt.date(2026, 5, 1),
            participants=30,
            accounts=22,
            cost=Decimal("7000"),
            incentive_cost=Decimal("300"),
            benefit=Decimal("30000"),
            roi_percent=Decimal("328.57"),
            roi_percent_ci=(Decimal("120.00"), Decimal("540.00")),
            bcr=Decimal("4.29"),
            latest_checkpoint_day=90,
        ),
        PortfolioWorkshop(
            name="Brand new",
            workshop_date=dt.date(2026, 11, 1),
            participants=15,
            accounts=12,
            cost=Decimal("3000"),
        ),
    ]
    view = PortfolioReportView(title="Workshop portfolio 2026", currency="EUR", workshops=workshops)
    for lang in ("en", "ja"):
        fmt = Fmt(lang)
        text = pdf_text(build_portfolio_report(view, lang, generated_at=GENERATED), tmp_path)
        ranking = text.split(fmt.money(Decimal("24600"), "EUR"))[0]  # before the spend totals
        assert text.index("Power users") < text.index("Renewal clinic") < text.index("Admin basics")
        assert (
            fmt.percent(Decimal("192.00"), 1) in text and fmt.percent(Decimal("328.57"), 1) in text
        )
        assert fmt.percent_interval(Decimal("-90.00"), Decimal("60.00"), 1) in text
        assert fmt.money(Decimal("24600"), "EUR") in text  # total spend
        assert "Brand new" in text
        assert ranking


def _words(
    pdf: bytes, tmp_path: Path, page: int = 1
) -> list[tuple[float, float, float, float, str]]:
    import html
    import re
    import subprocess

    path = tmp_path / "bbox.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (float(a), float(b), float(c), float(d), html.unescape(w))
        for a, b, c, d, w in re.findall(pattern, out)
    ]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_portfolio_with_extreme_values_adds_up_and_does_not_overflow(
    tmp_path: Path, lang: str
) -> None:
    """Issue 18 (4): long Japanese names, ¥13.7 billion, ROI 2,500 %: a page a manager can
    forward. The headline (cost, benefit, ROI and its interval, paid off) covers the measured
    workshops and says so; total spend over all workshops is printed apart, labelled."""
    long_ja = (
        "カスタマーサクセス推進のための大規模オンボーディング・エクセレンス研修プログラム"
        "（東日本エンタープライズ顧客向け第三期・拡大版）"
    )
    view = PortfolioReportView(
        title="研修ポートフォリオ 2026年度 上期（全社・エンタープライズ・中堅・中小企業向けすべて）",
        currency="JPY",
        workshops=[
            PortfolioWorkshop(name=long_ja, workshop_date=dt.date(2026, 2, 1), participants=1240,
                accounts=900, cost=Decimal("1840000"), benefit=Decimal("47840000"),
                roi_percent=Decimal("2500.0"), roi_percent_ci=(Decimal("310.0"), Decimal("5120.0")),
                bcr=Decimal("26.0"), latest_checkpoint_day=180),
            PortfolioWorkshop(name="Renewal clinic for strategic enterprise accounts in Kansai",
                workshop_date=dt.date(2026, 4, 1), participants=25, accounts=20,
                cost=Decimal("1770000"), benefit=Decimal("1416000"), roi_percent=Decimal("-20.0"),
                roi_percent_ci=(Decimal("-90.0"), Decimal("60.0")), bcr=Decimal("0.8"),
                latest_checkpoint_day=90),
            PortfolioWorkshop(name="まだ測定していない新しいワークショップ（2026年11月開催）",
                workshop_date=dt.date(2026, 11, 1), participants=15, accounts=12,
                cost=Decimal("13727316000")),
        ],
    )  # fmt: skip
    fmt = Fmt(lang)
    pdf = build_portfolio_report(view, lang, generated_at=GENERATED)
    text = pdf_text(pdf, tmp_path)
    # One set of workshops: measured cost 3,610,000, benefit 49,256,000 → ROI 1,264.4 %.
    roi = (Decimal(49_256_000) - Decimal(3_610_000)) / Decimal(3_610_000) * 100
    assert fmt.percent(roi, 1) in text
    assert fmt.money(Decimal(3_610_000), "JPY") in text  # the cost the ROI is computed on
    assert "2/3" in text.replace(" ", "")
    # The headline has its interval (MOVER over the two workshops' benefit intervals).
    # benefit = cost × (1 + ROI / 100) at each end of each workshop's ROI interval
    b1_low, b1_high = 1_840_000 * 4.10, 1_840_000 * 52.20
    b2_low, b2_high = 1_770_000 * 0.10, 1_770_000 * 1.60
    below = ((47_840_000 - b1_low) ** 2 + (1_416_000 - b2_low) ** 2) ** 0.5
    above = ((b1_high - 47_840_000) ** 2 + (b2_high - 1_416_000) ** 2) ** 0.5
    ci_low = (49_256_000 - below - 3_610_000) / 3_610_000 * 100
    ci_high = (49_256_000 + above - 3_610_000) / 3_610_000 * 100
    assert ci_low < float(roi) < ci_high
    # (the card wraps the interval, so its two ends are looked for separately)
    assert fmt.percent(Decimal(str(round(ci_low, 1))), 1) in text, text[:1500]
    assert fmt.percent(Decimal(str(round(ci_high, 1))), 1) in text
    # Total spend of all three is there, labelled as such, apart from the headline.
    assert fmt.money(Decimal(13_730_926_000), "JPY") in text
    # Nothing on page 1 overflows the page or runs into its neighbour in the summary cards.
    words = _words(pdf, tmp_path)
    assert all(x1 <= 595.3 - 20 for _, _, x1, _, _ in words), [w for w in words if w[2] > 575]
    head = next(w for w in words if w[4] in ("Summary", "サマリー"))
    end = next(w for w in words if w[1] > head[3] + 5 and w[4] in ("Workshops", "ROI順の研修一覧"))
    cards = [w for w in words if head[3] < w[1] < end[1]]
    for i, a in enumerate(cards):
        for b in cards[i + 1 :]:
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            # glyph boxes of two wrapped lines touch by a point or two; a collision is more
            assert overlap_x <= 0.5 or overlap_y <= 4, (a, b)


def test_results_table_shows_before_and_after(reports: dict[str, bytes], tmp_path: Path) -> None:
    """Issue 18 (5): "0.0% vs 0.1%, DiD +0.7 pts" can be checked: both windows are printed,
    and the benefit's horizon sits under the benefit, not under the total cost."""
    view = make_view()
    for lang, pdf in reports.items():
        fmt = Fmt(lang)
        text = pdf_text(pdf, tmp_path)
        for tl in view.timelines:
            for p in tl.points:
                if p.reached and p.attendees_pre is not None:
                    shown = f"{fmt.percent(p.attendees_pre, 1)} → {fmt.percent(p.attendees, 1)}"
                    assert shown in text, (lang, shown)
                    shown = f"{fmt.percent(p.comparison_pre, 1)} → {fmt.percent(p.comparison, 1)}"
                    assert shown in text, (lang, shown)
        words = _words(pdf, tmp_path)
        label = "BENEFIT" if lang == "en" else "便益"
        horizon = "months" if lang == "en" else "か月分の便益"
        head = next(w for w in words if w[4] == label)
        detail = next(w for w in words if horizon in w[4] and w[1] < head[1] + 60)
        cost = next(w for w in words if w[4] in ("TOTAL", "総費用") and abs(w[1] - head[1]) < 3)
        # the horizon note is in the benefit card's column, left of the total cost card
        assert head[0] - 2 <= detail[0] < cost[0], (head, detail, cost)


def _outcomes_of_a_simulated_workshop() -> list[Any]:
    """Checkpoint outcomes as the service stores them, from the real estimator."""
    from training.effectiveness import evaluate_workshop
    from training.schemas import CheckpointOutcome
    from training.simulate import simulate_cohort

    held_on = dt.date(2026, 4, 1)
    cohort = simulate_cohort(60, 600, seed=5, workshop_day=held_on)
    effects = evaluate_workshop(
        cohort.accounts,
        cohort.events,
        cohort.attending,
        held_on,
        DAYS,
        as_of=held_on + dt.timedelta(days=100),
        n_boot=50,
    )
    due = dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)
    return [
        CheckpointOutcome(
            checkpoint_id=i + 1,
            offset_days=e.checkpoint_days,
            status="done",
            due_at=due + dt.timedelta(days=e.checkpoint_days),
            computed_at=due,
            method=e.method,
            effect=e,
        )
        for i, e in enumerate(effects)
    ]


def test_nrr_band_is_the_estimators_group_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18 (5): the NRR panel is drawn with a shaded band from the estimator's interval
    of each group's NRR at every measured checkpoint, and the legend names the band."""
    from app.reports import charts
    from training.reporting import _timeline_point

    outcomes = _outcomes_of_a_simulated_workshop()
    nrr = MetricTimeline(
        metric="nrr", better="higher", points=[_timeline_point(o, "nrr") for o in outcomes]
    )
    measured = [p for p in nrr.points if p.reached]
    assert [p.day for p in measured] == [7, 30, 90]
    for point, outcome in zip(measured, outcomes[1:4], strict=True):
        est = outcome.effect.estimate("nrr")
        # the group intervals are the estimator's (normal, centred on each group's NRR)
        assert (point.attendees_low, point.attendees_high) == (
            est.attending_post_low,
            est.attending_post_high,
        )
        assert (point.comparison_low, point.comparison_high) == (
            est.comparison_post_low,
            est.comparison_post_high,
        )
        assert point.attendees_low is not None and point.attendees_high is not None
        assert point.attendees_low <= point.attendees <= point.attendees_high
        assert point.comparison_low is not None and point.comparison_high is not None
        assert point.comparison_low < point.comparison < point.comparison_high  # 600 accounts
        att_centre = (point.attendees_low + point.attendees_high) / 2
        assert att_centre == pytest.approx(point.attendees)

    drawn: list[Any] = []
    real = charts.timeline_chart

    def spy(*args: Any, **kwargs: Any) -> Any:
        drawn.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "timeline_chart", spy)
    base = make_view()
    view = WorkshopReportView(**{**msgspec.structs.asdict(base), "timelines": [nrr]})
    captions = {
        "en": "Shaded bands are each group's 95% interval (for NRR the estimator's",
        "ja": "網掛けの帯は各群の95%信頼区間（NRRは効果と同じ影響関数による推定量の区間）",
    }
    for lang, legend in (("en", "Shaded: 95% interval"), ("ja", "網掛け：95%信頼区間")):
        drawn.clear()
        pdf = build_workshop_report(view, lang, generated_at=GENERATED)
        (_days, _labels, panels), kwargs = drawn[0]
        _title, _unit, bands = panels[0]
        assert kwargs["band_label"] == legend
        reached = {p.day: p for p in measured}
        days = list(_days)
        for band, low_field in ((bands[0], "attendees_low"), (bands[1], "comparison_low")):
            assert band.low is not None
            for day, low in zip(days, band.low, strict=True):
                expected = getattr(reached[day], low_field) if day in reached else None
                assert low == expected
        # the chart's legend names the band (glyphs are paths; matplotlib keeps the text as
        # an SVG comment) and the caption printed above it says what the band is
        assert legend in real(*drawn[0][0], **drawn[0][1]).svg
        assert captions[lang].replace(" ", "") in pdf_text(pdf, tmp_path).replace(" ", "")


def test_timeline_chart_shades_the_band_and_names_it() -> None:
    from app.reports import charts

    band = charts.Band("NRR", [None, 101.0, 103.0], [None, 99.0, 100.5], [None, 103.0, 105.5])
    shaded = charts.timeline_chart(
        [0, 7, 30], ["0", "+7", "+30"], [("NRR", "pct", [band])], alt="x", band_label="95% band"
    )
    plain = charts.timeline_chart(
        [0, 7, 30],
        ["0", "+7", "+30"],
        [("NRR", "pct", [charts.Band("NRR", [None, 101.0, 103.0])])],
        alt="x",
        band_label="95% band",
    )
    assert "95% band" in shaded.svg and "95% band" not in plain.svg
    # fill_between draws one more filled path (the band) than the unbanded chart
    assert shaded.svg.count("fill-opacity") > plain.svg.count("fill-opacity")
