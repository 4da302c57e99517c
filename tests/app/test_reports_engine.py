"""The report engine: formatting, charts, URL fetching, TOC rule, fonts, cache and jobs.

PDFs are checked with the real poppler tools (pdftotext, pdffonts, pdftoppm).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import msgspec
import numpy as np
import pytest
from PIL import Image
from weasyprint.urls import URLFetchingError

from app.reports import charts
from app.reports.cache import ReportCache, report_key
from app.reports.engine import TEMPLATE_DIR, LocalOnlyFetcher, render_report
from app.reports.fmt import Fmt
from app.reports.i18n import translator
from app.reports.jobs import JobState, ReportJobs
from training.report import PortfolioReportView, PortfolioWorkshop, portfolio_report_context

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")

GENERATED = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


# --- helpers shared in spirit with the report tests ------------------------------------------


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    return [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]


def page_ink(pdf: bytes, tmp_path: Path) -> list[float]:
    """Share of non-white pixels in the body area (header/footer cropped) of every page."""
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-gray", str(path), str(tmp_path / "page")], check=True
    )
    shares = []
    for png in sorted(tmp_path.glob("page-*.png")):
        pixels = np.asarray(Image.open(png).convert("L"), dtype=np.uint8)
        h = pixels.shape[0]
        body = pixels[int(h * 0.1) : int(h * 0.9)]
        shares.append(float((body < 235).mean()))
    return shares


# --- formatting -------------------------------------------------------------------------------


def test_money_uses_the_currency_minor_unit_per_locale() -> None:
    en, ja = Fmt("en"), Fmt("ja")
    assert en.money(Decimal("1234567"), "JPY") == "JP¥1,234,567"
    assert ja.money(Decimal("1234567"), "JPY") == "￥1,234,567"
    assert en.money(Decimal("1234.5"), "EUR") == "€1,234.50"
    assert ja.money(Decimal("9600"), "EUR") == "€9,600.00"
    assert en.money(Decimal("-20"), "EUR") == "-€20.00"
    assert en.money(None, "JPY") == "–"


def test_numbers_percentages_points_and_dates() -> None:
    en, ja = Fmt("en"), Fmt("ja")
    assert en.number(1234567.891, 1) == "1,234,567.9"
    assert en.percent(192.0) == "192.0%"
    assert en.percent(12.34, 1, sign=True) == "+12.3%"
    assert en.share(0.5) == "50.0%"
    assert en.signed(-2.94, 1) == "-2.9"
    assert en.signed(0.04, 1) == "0.0"
    assert en.points(6.2) == "+6.2 pts"
    assert ja.points(6.2) == "+6.2 ポイント"
    assert en.percent(float("nan")) == "–"
    assert en.date(dt.date(2026, 11, 24)) == "24 November 2026"
    assert ja.date(dt.date(2026, 11, 24)) == "2026年11月24日"
    assert en.day_label(0) == "Day 0" and en.day_label(30) == "+30 days"
    assert ja.day_label(90) == "+90日"
    assert en.n(1234) == "n = 1,234"
    assert en.interval(-1.25, 3.5, 1) == "-1.2 – 3.5"


def test_report_strings_come_from_the_catalog_in_both_languages() -> None:
    from app.reports.engine import _css_counters

    t = translator("ja")
    assert t("report.contents") == "目次"
    assert translator("en")("report.contents") == "Contents"
    # each language places the page number its own way
    assert str(_css_counters(t("report.page_counter"))) == (
        'counter(page) " / " counter(pages) " ページ"'
    )
    assert str(_css_counters(translator("en")("report.page_counter"))) == (
        '"Page " counter(page) " of " counter(pages)'
    )


# --- charts -------------------------------------------------------------------------------------


def test_charts_are_matplotlib_svg_with_text_as_paths() -> None:
    chart = charts.nps_trend_chart(
        ["2026-01", "2026-02", "2026-03"],
        [10.0, None, 20.0],
        [0.0, None, 8.0],
        [20.0, None, 31.0],
        [False, False, True],
        label="NPS 推移",
        low_n_label="回答数少",
        alt="trend",
    )
    assert chart.svg.startswith("<?xml")
    assert "<svg" in chart.svg and "<script" not in chart.svg
    assert "Matplotlib" in chart.svg  # made by the plotting library, not by hand
    assert chart.data_uri.startswith("data:image/svg+xml;base64,")
    # Dollar signs are literal text, not mathtext.
    bar = charts.hbar_chart([charts.HBar(label="$5 coupon", value=3)], alt="x")
    assert "$" not in bar.svg or "5 coupon" in bar.svg


def test_money_axis_ticks_read_alike_and_never_in_scientific_notation() -> None:
    en, ja = Fmt("en"), Fmt("ja")
    # An axis that reaches ¥1.9M: every tick short, 600,000 included (not "1e6" offsets).
    assert ja.money_tick(600_000.0, "JPY", Decimal(1_900_000)) == "￥60万"
    assert ja.money_tick(1_800_000.0, "JPY", Decimal(1_900_000)) == "￥180万"
    assert en.money_tick(1_200_000.0, "JPY", Decimal(1_900_000)).lower() == "jp¥1.2m"
    assert ja.money_tick(0.0, "JPY", Decimal(1_900_000)) == "￥0"
    # A small axis keeps exact amounts.
    assert en.money_tick(250_000.0, "JPY", Decimal(900_000)) == "JP¥250,000"
    ticks: list[float] = []

    def tick(v: float) -> str:
        ticks.append(v)
        return ja.money_tick(v, "JPY", Decimal(1_900_000))

    charts.hbar_chart(
        [charts.HBar(label="研修", value=1_900_000.0), charts.HBar(label="b", value=390_000.0)],
        alt="spend",
        tick_format=tick,
    )
    drawn = sorted({v for v in ticks if 0 <= v <= 1_900_000})
    assert 2 <= len(drawn) <= 6, drawn  # few wide money ticks that never run into each other


def test_priority_matrix_and_timeline_render() -> None:
    m = charts.priority_matrix(
        [charts.MatrixPoint("Support", 40, 3.1), charts.MatrixPoint("価格", 10, 3.6)],
        25,
        3.3,
        x_label="Importance",
        y_label="Rating",
        quadrant_labels=("Fix first", "Keep up", "Monitor", "Low priority"),
        alt="m",
    )
    tl = charts.timeline_chart(
        [0, 7, 30],
        ["Day 0", "+7", "+30"],
        [
            (
                "Churn",
                "pct",
                [charts.Band("A", [None, 1.0, 2.0], [None, 0.5, 1.5], [None, 1.5, 2.5])],
            )
        ],
        alt="t",
    )
    assert "<svg" in m.svg and "<svg" in tl.svg


# --- fetching -------------------------------------------------------------------------------------


def test_fetcher_refuses_network_and_unlisted_files(tmp_path: Path) -> None:
    fetcher = LocalOnlyFetcher()
    for url in ("http://example.com/font.woff", "https://fonts.googleapis.com/css", "ftp://x/y"):
        with pytest.raises(URLFetchingError):
            fetcher.fetch(url)
    secret = tmp_path / "secret.txt"
    secret.write_text("no")
    with pytest.raises(URLFetchingError):
        fetcher.fetch(secret.as_uri())
    ok = fetcher.fetch("data:text/plain;base64,aGk=")
    assert ok.read() == b"hi"
    css = fetcher.fetch((TEMPLATE_DIR / "report.css").as_uri())
    assert b"@page" in css.read()


# --- rendering, TOC, fonts, page numbers ----------------------------------------------------------


def _portfolio(n: int) -> PortfolioReportView:
    return PortfolioReportView(
        title="Portfolio",
        currency="EUR",
        workshops=[
            PortfolioWorkshop(
                name=f"Workshop {i}",
                workshop_date=dt.date(2026, 1, 1 + i % 27),
                participants=10 + i,
                accounts=8 + i,
                cost=Decimal(1000 + 10 * i),
                benefit=Decimal(2000 + 15 * i),
                roi_percent=Decimal(100 + i),
                roi_percent_ci=(Decimal(50 + i), Decimal(150 + i)),
                bcr=Decimal("2.00"),
                latest_checkpoint_day=90,
            )
            for i in range(n)
        ],
    )


@pytest.fixture(scope="module")
def short_and_long() -> tuple[object, object]:
    short_ctx = portfolio_report_context(_portfolio(2), "en", generated_at=GENERATED)
    long_ctx = portfolio_report_context(_portfolio(40), "ja", generated_at=GENERATED)
    return (
        render_report("portfolio.html", short_ctx, "en"),
        render_report("portfolio.html", long_ctx, "ja"),
    )


def test_short_report_has_no_toc_and_long_one_has_it(short_and_long, tmp_path: Path) -> None:
    short, long = short_and_long
    assert short.pages <= 3 and not short.has_toc
    text = pdf_text(short.pdf, tmp_path)
    assert "Contents" not in text
    assert f"Page 1 of {short.pages}" in text
    assert long.pages > 3 and long.has_toc
    long_text = pdf_text(long.pdf, tmp_path)
    assert "目次" in long_text
    assert f"1 / {long.pages} ページ" in long_text
    # The TOC lists the chapters with their page numbers (target-counter).
    toc = long_text.split("目次", 1)[1][:600]
    for _id, title in long.chapters:
        assert title in toc


def test_toc_is_not_added_when_forced_off(tmp_path: Path) -> None:
    ctx = portfolio_report_context(_portfolio(40), "en", generated_at=GENERATED)
    rendered = render_report("portfolio.html", ctx, "en", toc=False)
    assert not rendered.has_toc
    assert "Contents" not in pdf_text(rendered.pdf, tmp_path)


def test_japanese_font_is_embedded(short_and_long, tmp_path: Path) -> None:
    _short, long = short_and_long
    fonts = pdf_fonts(long.pdf, tmp_path)
    cjk = [row for row in fonts if "CJK" in row[0]]
    assert cjk, fonts
    # columns: name type... emb sub uni object ID -> "emb" is the 5th from the end
    assert all(row[-5] == "yes" for row in fonts), fonts


def test_no_page_is_blank(short_and_long, tmp_path: Path) -> None:
    for rendered in short_and_long:
        ink = page_ink(rendered.pdf, tmp_path)
        assert len(ink) == rendered.pages
        assert min(ink) > 0.005, ink
        for png in tmp_path.glob("page-*.png"):
            png.unlink()


def test_header_and_footer_show_title_date_and_confidentiality(
    short_and_long, tmp_path: Path
) -> None:
    _short, long = short_and_long
    text = pdf_text(long.pdf, tmp_path)
    assert "社外秘" in text
    assert "作成日 2026年11月24日" in text
    assert text.count("Portfolio") >= long.pages  # running title on pages 2..n + masthead


# --- cache ------------------------------------------------------------------------------------------


class _View(msgspec.Struct, frozen=True):
    name: str
    amount: Decimal
    day: dt.date


def test_cache_key_follows_the_data(tmp_path: Path) -> None:
    a = _View(name="x", amount=Decimal("1.50"), day=dt.date(2026, 1, 1))
    same = _View(name="x", amount=Decimal("1.50"), day=dt.date(2026, 1, 1))
    changed = _View(name="x", amount=Decimal("1.51"), day=dt.date(2026, 1, 1))
    assert report_key("workshop", "en", a) == report_key("workshop", "en", same)
    assert report_key("workshop", "en", a) != report_key("workshop", "en", changed)
    assert report_key("workshop", "en", a) != report_key("workshop", "ja", a)
    assert report_key("workshop", "en", a) != report_key("survey", "en", a)


def test_cache_get_put_and_build_once(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "reports")
    key = report_key("k", "en", {"a": 1})
    assert cache.get(key) is None
    calls: list[int] = []

    def build() -> bytes:
        calls.append(1)
        return b"%PDF-1.7 fake"

    assert cache.get_or_build(key, build) == b"%PDF-1.7 fake"
    assert cache.get_or_build(key, build) == b"%PDF-1.7 fake"
    assert len(calls) == 1
    assert cache.path(key).parent.parent == tmp_path / "reports"
    assert not list((tmp_path / "reports").rglob(".tmp-*"))
    with pytest.raises(ValueError):
        cache.path("../../etc/passwd")


# --- background jobs -----------------------------------------------------------------------------


async def test_background_job_reports_progress_and_result(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "reports")
    jobs = ReportJobs(cache)
    gate = asyncio.Event()
    loop = asyncio.get_running_loop()
    seen: list[float] = []

    def build(progress) -> bytes:  # runs in the worker thread
        progress(0.5)
        seen.append(0.5)
        asyncio.run_coroutine_threadsafe(gate.wait(), loop).result(timeout=5)
        return b"%PDF-job"

    key = report_key("job", "en", {"n": 1})
    first = jobs.start(key, build)
    assert first.state in (JobState.PENDING, JobState.RUNNING)
    for _ in range(200):
        if seen:
            break
        await asyncio.sleep(0.01)
    status = jobs.status(key)
    assert status is not None and status.state is JobState.RUNNING and status.progress == 0.5
    # Asking again joins the running job.
    assert jobs.start(key, build).state is JobState.RUNNING
    gate.set()
    done = await jobs.wait(key, within=5)
    assert done is not None and done.state is JobState.DONE and done.progress == 1.0
    assert jobs.result(key) == b"%PDF-job"
    # A fresh registry (another process, a restart) finds it in the cache.
    assert ReportJobs(cache).status(key).state is JobState.DONE  # type: ignore[union-attr]
    await jobs.aclose()


async def test_failed_job_is_reported_and_can_be_retried(tmp_path: Path) -> None:
    jobs = ReportJobs(ReportCache(tmp_path))
    key = report_key("fail", "en", {"n": 2})

    def broken(progress) -> bytes:
        raise RuntimeError("template exploded")

    jobs.start(key, broken)
    status = await jobs.wait(key, within=5)
    assert status is not None and status.state is JobState.FAILED
    assert "template exploded" in (status.error or "")
    outcome = await jobs.get_or_start(key, lambda progress: b"%PDF-ok", inline_seconds=5)
    assert outcome == b"%PDF-ok"
    await jobs.aclose()


async def test_slow_report_answers_with_status_then_pdf(tmp_path: Path) -> None:
    jobs = ReportJobs(ReportCache(tmp_path))
    key = report_key("slow", "en", {"n": 3})

    def slow(progress) -> bytes:
        import time

        progress(0.2)
        time.sleep(0.4)
        return b"%PDF-slow"

    outcome = await jobs.get_or_start(key, slow, inline_seconds=0.05)
    assert not isinstance(outcome, bytes)
    assert outcome.state in (JobState.PENDING, JobState.RUNNING)
    await jobs.wait(key, within=5)
    assert await jobs.get_or_start(key, slow, inline_seconds=0.05) == b"%PDF-slow"
    await jobs.aclose()


def test_download_file_name_and_header() -> None:
    from app.reports.download import attachment_header, report_filename

    name = report_filename("workshop", "オンボーディング研修 / Tokyo", dt.date(2026, 11, 24), "ja")
    assert name == "workshop-オンボーディング研修-tokyo-2026-11-24-ja.pdf"
    header = attachment_header(name)
    assert header.startswith('attachment; filename="workshop-')
    assert 'tokyo-2026-11-24-ja.pdf"' in header
    assert "filename*=UTF-8''workshop-%E3%82%AA" in header
    evil = attachment_header('evil"\r\nname.pdf')
    assert "\r" not in evil and "\n" not in evil and 'filename="evil-name.pdf"' in evil


def test_warm_up_renders() -> None:
    from app.reports.engine import warm_up

    assert warm_up() > 0


def test_rendering_never_fetches_remote_urls(caplog: pytest.LogCaptureFixture) -> None:
    from app.reports.engine import _layout

    html = (
        '<html><head><link rel="stylesheet" href="https://cdn.example.com/x.css">'
        "<style>@font-face { font-family: X; src: url(https://fonts.example.com/x.woff2) }</style>"
        '</head><body><p>ok</p><img src="http://example.com/pixel.png"></body></html>'
    )
    with caplog.at_level("WARNING", logger="app.reports.engine"):
        document = _layout(html)
    assert len(document.pages) == 1
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert any("example.com/pixel.png" in m for m in refused)
    assert any("cdn.example.com" in m for m in refused)


def test_headline_money_never_carries_a_decimal_after_three_whole_digits() -> None:
    """A workshop PDF's benefit card read ``￥1391.7万`` and broke before 万 on the card."""
    en, ja = Fmt("en"), Fmt("ja")
    assert ja.money_compact(13_916_688, "JPY") == "￥1392万"
    assert ja.money_compact(2_256_504, "JPY") == "￥226万"
    assert ja.money_compact(150_000_000, "JPY") == "￥1.5億"
    assert ja.money_compact(1_900_000, "JPY") == "￥190万"
    assert en.money_compact(13_916_688, "JPY").lower() == "jp¥13.9m"
    assert ja.money_compact(900_000, "JPY") == "￥900,000"
