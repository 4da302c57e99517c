"""Issue 18 (4) for the workshop PDF: a very long Japanese title, amounts in the tens of
billions of yen and an ROI of 2,500 % stay on the page on every page, and the summary's
figures do not run into each other (the portfolio has the same check in
tests/training/test_workshop_report.py)."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest

from app.reports.fmt import Fmt
from tests.pdf import pdf_text
from tests.training.test_workshop_report import GENERATED, _words, make_view
from training.report import CostLine, RoiFigures, build_workshop_report

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")

LONG_JA = (
    "カスタマーサクセス推進のための大規模オンボーディング・エクセレンス研修プログラム"
    "（東日本エンタープライズ顧客向け第三期・拡大版・全拠点合同開催）"
)
A4_WIDTH = 595.3


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[-1])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_workshop_pdf_with_extreme_values_stays_on_the_page(tmp_path: Path, lang: str) -> None:
    cost = Decimal(13_727_316_000)
    benefit = Decimal(356_910_216_000)
    view = msgspec.structs.replace(
        make_view(),
        workshop_name=LONG_JA,
        roi=RoiFigures(
            currency="JPY",
            horizon_months=12,
            cost=cost,
            benefit=benefit,
            roi_percent=Decimal("2500.00"),
            bcr=Decimal("26.00"),
            checkpoint_day=180,
            churn_mrr_avoided_per_month=Decimal(18_000_000_000),
            expansion_mrr_per_month=Decimal(11_742_518_000),
            benefit_ci=(Decimal(70_000_000_000), Decimal(716_000_000_000)),
            roi_percent_ci=(Decimal("410.00"), Decimal("5116.00")),
            bcr_ci=(Decimal("5.10"), Decimal("52.16")),
        ),
        costs=[
            CostLine(category="facilitator", amount=Decimal(9_727_316_000)),
            CostLine(category="participant_time", amount=Decimal(4_000_000_000), note="全員 × 3 h"),
        ],
    )
    pdf = build_workshop_report(view, lang, generated_at=GENERATED)
    text = pdf_text(pdf, tmp_path, name="extreme.pdf")
    path = tmp_path / "extreme.pdf"
    flat = "".join(text.split())
    fmt = Fmt(lang)
    assert "".join(fmt.money(cost, "JPY").split()) in flat
    assert "".join(fmt.percent(Decimal("2500.00"), 1).split()) in flat
    assert LONG_JA[:20] in flat  # the title is printed (wrapped), not cut off
    for page in range(1, _pages(path) + 1):
        words = _words(pdf, tmp_path, page)
        assert words, page
        off = [w for w in words if w[2] > A4_WIDTH - 20 or w[0] < 20]
        assert not off, (page, off[:5])
        # The running header (title, confidentiality) is one line in the top margin (21 mm).
        header = [w for w in words if w[3] < 21 / 25.4 * 72]
        assert len({round(w[1]) for w in header}) <= 1, (page, header)
        # No two words on a line overlap (a figure running into its neighbour).
        for i, a in enumerate(words):
            for b in words[i + 1 : i + 40]:
                overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                assert overlap_x <= 0.5 or overlap_y <= 4, (page, a, b)
