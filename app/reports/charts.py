"""Report charts: matplotlib figures saved as SVG (no Agg, no pyplot, no global backend).

Every helper returns a :class:`Chart` (SVG text plus a ``data:`` URI for ``<img src>``). Text is
drawn as paths (``svg.fonttype = "path"``) with Noto Sans CJK JP, so Japanese labels render the
same in any viewer and nothing in the SVG needs a font at PDF time. Figures are built through
``matplotlib.figure.Figure`` and the SVG canvas directly, so importing this module never
changes the process-wide backend; a lock serialises the (global) rc settings.

Labels are plain strings from the caller (already translated); no helper escapes or
interprets them — matplotlib renders them as text (mathtext is switched off by escaping ``$``).
"""

from __future__ import annotations

import base64
import dataclasses
import io
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib import font_manager, ticker
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Patch

__all__ = [
    "PALETTE",
    "PHONE_WIDTH_MM",
    "Band",
    "Chart",
    "HBar",
    "Line",
    "MatrixPoint",
    "behaviour_chart",
    "hbar_chart",
    "interval_chart",
    "nps_trend_chart",
    "priority_matrix",
    "timeline_chart",
]

CJK_FONT_FILE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FONT_FAMILY = ["Noto Sans CJK JP", "DejaVu Sans"]

#: Colours shared with the report CSS (contrast ≥ 4.5:1 on white for the text colours).
PALETTE = {
    "ink": "#1b2733",
    "muted": "#5b6670",
    "grid": "#e3e7eb",
    "primary": "#1f5fa8",  # attendees, main series
    "comparison": "#6b7480",  # comparison group
    "accent": "#c2571a",
    "positive": "#2e7d4f",
    "negative": "#b3261e",
    "neutral": "#8a939b",
    "band": "#1f5fa8",
}
SERIES = ["#1f5fa8", "#c2571a", "#2e7d4f", "#7b4ea3", "#6b7480", "#b3261e"]

_STYLE: dict[str, Any] = {
    "font.family": FONT_FAMILY,
    "font.size": 8.5,
    "axes.edgecolor": PALETTE["grid"],
    "axes.labelcolor": PALETTE["muted"],
    "axes.titlesize": 9.5,
    "axes.titleweight": "bold",
    "axes.titlecolor": PALETTE["ink"],
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": PALETTE["grid"],
    "grid.linewidth": 0.6,
    "xtick.color": PALETTE["muted"],
    "ytick.color": PALETTE["muted"],
    "xtick.major.size": 0,
    "ytick.major.size": 0,
    # No tick marks at all (labels stay): fewer SVG nodes for WeasyPrint to draw.
    "xtick.bottom": False,
    "ytick.left": False,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "svg.fonttype": "path",
    "svg.hashsalt": "voc-report",
    "text.usetex": False,
}

_LOCK = threading.Lock()
_FONT_READY = False


def _ensure_font() -> None:
    global _FONT_READY
    if _FONT_READY:
        return
    names = {f.name for f in font_manager.fontManager.ttflist}
    if "Noto Sans CJK JP" not in names:
        try:
            font_manager.fontManager.addfont(CJK_FONT_FILE)
        except (OSError, RuntimeError):  # pragma: no cover - font package missing
            pass
    _FONT_READY = True


#: Width of a chart drawn for a phone page. A page chart fills its column (about 310 px at
#: 360 px, 340 px at 390 px); drawn this narrow, its smallest text (7 pt ticks) shows at
#: 12 px or more there, where a report-width chart (170 mm) would shrink it to about 5 px.
PHONE_WIDTH_MM = 62.0


@dataclass(frozen=True, slots=True)
class Chart:
    """An SVG chart. ``alt`` is a one-line text description for the report (and tests).

    ``phone``: the same chart drawn for a phone's width (pages show it below 640 px)."""

    svg: str
    alt: str
    width_mm: float
    height_mm: float
    phone: Chart | None = None

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()

    def with_phone(self, phone: Chart | None) -> Chart:
        return dataclasses.replace(self, phone=phone)


@dataclass(frozen=True, slots=True)
class Band:
    """A series with an optional confidence band; ``None`` values leave gaps."""

    label: str
    values: Sequence[float | None]
    low: Sequence[float | None] | None = None
    high: Sequence[float | None] | None = None
    color: str | None = None
    dashed: bool = False


Line = Band


@dataclass(frozen=True, slots=True)
class HBar:
    label: str
    value: float
    low: float | None = None
    high: float | None = None
    color: str | None = None
    annotation: str | None = None


@dataclass(frozen=True, slots=True)
class MatrixPoint:
    label: str
    importance: float
    performance: float
    #: The driver moves against the score (negative correlation): drawn as a hollow grey
    #: marker, never coloured as "fix first" or "keep up".
    against: bool = False


def _plain(text: str) -> str:
    """Keep user text literal: no mathtext."""
    return text.replace("$", r"\$")


def _figure(
    width_mm: float, height_mm: float, margins_pt: tuple[float, float, float, float] | None = None
) -> Figure:
    """A figure; ``margins_pt`` (left, right, bottom, top in points) fixes the axes box instead
    of matplotlib's constrained layout, which costs about half the drawing time."""
    if margins_pt is None:
        fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), layout="constrained")
    else:
        fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
        w_pt, h_pt = width_mm / 25.4 * 72, height_mm / 25.4 * 72
        left, right, bottom, top = margins_pt
        fig.subplots_adjust(
            left=left / w_pt,
            right=1 - right / w_pt,
            bottom=bottom / h_pt,
            top=1 - top / h_pt,
            wspace=0.28,
        )
    fig.patch.set_alpha(0)
    return fig


def _save(fig: Figure, alt: str, width_mm: float, height_mm: float) -> Chart:
    buf = io.StringIO()
    FigureCanvasSVG(fig).print_svg(buf, metadata={"Date": None})
    return Chart(svg=buf.getvalue(), alt=alt, width_mm=width_mm, height_mm=height_mm)


class _Styled:
    """Context: lock + rc settings around building and saving one figure."""

    def __enter__(self) -> None:
        _LOCK.acquire()
        _ensure_font()
        self._rc = matplotlib.rc_context(_STYLE)  # type: ignore[arg-type]
        self._rc.__enter__()

    def __exit__(self, *exc: Any) -> None:
        try:
            self._rc.__exit__(*exc)
        finally:
            _LOCK.release()


def _finite(v: float | None) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def _pairs(xs: Sequence[float], values: Sequence[float | None]) -> tuple[list[float], list[float]]:
    """The (x, y) points whose y is known, as two lists."""
    px: list[float] = []
    py: list[float] = []
    for x, v in zip(xs, values, strict=True):
        if v is not None and _finite(v):
            px.append(x)
            py.append(float(v))
    return px, py


def _triples(
    xs: Sequence[float], low: Sequence[float | None], high: Sequence[float | None]
) -> list[tuple[float, float, float]]:
    out: list[tuple[float, float, float]] = []
    for x, lo, hi in zip(xs, low, high, strict=True):
        if lo is not None and hi is not None and _finite(lo) and _finite(hi):
            out.append((x, float(lo), float(hi)))
    return out


def _draw_band(ax: Axes, xs: Sequence[float], band: Band, color: str, marker: str = "o") -> None:
    px, py = _pairs(xs, band.values)
    if px:
        ax.plot(
            px,
            py,
            color=color,
            lw=1.8,
            ls="--" if band.dashed else "-",
            marker=marker,
            ms=3.5,
            label=_plain(band.label),
        )
    if band.low is not None and band.high is not None:
        seg = _triples(xs, band.low, band.high)
        if len(seg) >= 2:
            ax.fill_between(
                [s[0] for s in seg],
                [s[1] for s in seg],
                [s[2] for s in seg],
                color=color,
                alpha=0.14,
                lw=0,
            )
        elif len(seg) == 1:
            x, lo, hi = seg[0]
            ax.errorbar([x], [(lo + hi) / 2], yerr=[[(hi - lo) / 2]], color=color, capsize=3)


def _percent_axis(ax: Axes, unit: str) -> None:
    if unit == "pct":
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: f"{v:g}%"))


def timeline_chart(
    days: Sequence[int],
    day_labels: Sequence[str],
    panels: Sequence[tuple[str, str, Sequence[Band]]],
    *,
    alt: str,
    width_mm: float = 174,
    height_mm: float = 62,
    band_label: str | None = None,
    stacked: bool = False,
) -> Chart:
    """Small multiples, one panel per metric: ``(title, unit, [attendees, comparison])``.

    Checkpoints are equally spaced (day 0, +7, +30, +90, +180 would crowd on a day scale);
    each band's ``low``/``high`` is drawn as a shaded 95 % interval (an error bar where only
    one checkpoint has one), named in the legend by ``band_label``. ``unit`` "pct" adds %.
    """
    with _Styled():
        if stacked:  # a phone: one panel under the other, each as wide as the screen
            fig = _figure(width_mm, height_mm, (30, 8, 50, 16))
            fig.subplots_adjust(hspace=0.55)
            axes = fig.subplots(max(1, len(panels)), 1, squeeze=False)[:, 0]
        else:
            fig = _figure(width_mm, height_mm, (30, 8, 38, 16))
            axes = fig.subplots(1, max(1, len(panels)), squeeze=False)[0]
        xs = list(range(len(days)))
        banded = False
        for ax, (title, unit, bands) in zip(axes, panels, strict=False):
            for i, band in enumerate(bands):
                _draw_band(ax, xs, band, band.color or SERIES[i % len(SERIES)])
                if band.low is not None and band.high is not None:
                    banded = banded or bool(_triples(xs, band.low, band.high))
            ax.set_title(_plain(title))
            ax.set_xticks(xs, [_plain(lbl) for lbl in day_labels], fontsize=7)
            ax.set_xlim(-0.3, len(xs) - 0.7)
            _percent_axis(ax, unit)
        handles, labels = axes[0].get_legend_handles_labels()
        if banded and band_label:
            handles.append(Patch(facecolor=PALETTE["muted"], alpha=0.3, lw=0))
            labels.append(_plain(band_label))
        if handles:  # stacked (a phone): one legend entry a line, never cut at the edges
            fig.legend(handles, labels, loc="lower center", ncols=1 if stacked else len(labels))
        return _save(fig, alt, width_mm, height_mm)


def nps_trend_chart(
    periods: Sequence[str],
    values: Sequence[float | None],
    low: Sequence[float | None],
    high: Sequence[float | None],
    low_n: Sequence[bool],
    *,
    label: str,
    low_n_label: str,
    alt: str,
    width_mm: float = 174,
    height_mm: float = 58,
    max_ticks: int = 12,
) -> Chart:
    """NPS per period with its interval band; periods with few answers get hollow markers.
    At most ``max_ticks`` periods are named on the axis (fewer on a phone)."""
    with _Styled():
        fig = _figure(width_mm, height_mm, (30, 8, 22, 8))
        ax = fig.add_subplot()
        xs = list(range(len(periods)))
        color = PALETTE["primary"]
        _draw_band(ax, xs, Band(label, values, low, high), color, marker="")
        sx, sy = _pairs(xs, [v if not f else None for v, f in zip(values, low_n, strict=True)])
        hx, hy = _pairs(xs, [v if f else None for v, f in zip(values, low_n, strict=True)])
        if sx:
            ax.plot(sx, sy, "o", color=color, ms=4)
        if hx:
            ax.plot(
                hx,
                hy,
                "o",
                mfc="white",
                mec=color,
                ms=4,
                label=_plain(low_n_label),
            )
        ax.axhline(0, color=PALETTE["neutral"], lw=0.8)
        step = max(1, math.ceil(len(periods) / max(1, max_ticks)))
        ax.set_xticks(xs[::step], [_plain(p) for p in periods][::step], fontsize=7)
        finite = _pairs(range(3 * len(xs)), [*low, *high, *values])[1]
        lo = min([*finite, 0.0]) if finite else -100.0
        hi = max([*finite, 0.0]) if finite else 100.0
        pad = max(5.0, (hi - lo) * 0.1)
        ax.set_ylim(max(-100.0, lo - pad), min(100.0, hi + pad))
        ax.legend(loc="upper left", ncols=2)
        return _save(fig, alt, width_mm, height_mm)


def priority_matrix(
    points: Sequence[MatrixPoint],
    importance_split: float,
    performance_split: float,
    *,
    x_label: str,
    y_label: str,
    quadrant_labels: tuple[str, str, str, str],
    alt: str,
    width_mm: float = 174,
    height_mm: float = 92,
    compact: bool = False,
) -> Chart:
    """Importance (x, % of R²) against performance (y, mean rating) with the two split lines.

    ``compact`` (a phone): point labels are shortened to fit beside their point and, like the
    quadrant names, never shrink the plot to make room (the table below names every driver).

    ``quadrant_labels`` = (fix first, keep up, monitor, low priority): top-right is "keep up",
    bottom-right "fix first", top-left "monitor", bottom-left "low priority".
    """
    fix_first, keep_up, monitor, low_priority = quadrant_labels
    with _Styled():
        fig = _figure(width_mm, height_mm)
        ax = fig.add_subplot()
        xs = [p.importance for p in points]
        ys = [p.performance for p in points]
        x_lo = min([*xs, importance_split]) if xs else 0.0
        x_hi = max([*xs, importance_split]) if xs else 1.0
        y_lo = min([*ys, performance_split]) if ys else 0.0
        y_hi = max([*ys, performance_split]) if ys else 1.0
        x_pad = max((x_hi - x_lo) * 0.18, 2.0)
        y_pad = max((y_hi - y_lo) * 0.18, 0.1)
        ax.set_xlim(max(0.0, x_lo - x_pad), x_hi + x_pad)
        ax.set_ylim(y_lo - y_pad, y_hi + y_pad)
        ax.axvline(importance_split, color=PALETTE["neutral"], lw=1, ls="--")
        ax.axhline(performance_split, color=PALETTE["neutral"], lw=1, ls="--")
        # Quadrant shading: "fix first" (important, under-performing) is the call to action.
        xmin, xmax = ax.get_xlim()
        ymin, ymax = ax.get_ylim()
        ax.fill_between(
            [importance_split, xmax], ymin, performance_split, color=PALETTE["negative"], alpha=0.06
        )
        corner: dict[str, Any] = {"fontsize": 8, "fontweight": "bold", "alpha": 0.85}
        if compact:
            corner["in_layout"] = False
        ax.text(xmax, ymin, " " + _plain(fix_first) + " ", ha="right", va="bottom",
                color=PALETTE["negative"], **corner)  # fmt: skip
        ax.text(xmax, ymax, " " + _plain(keep_up) + " ", ha="right", va="top",
                color=PALETTE["positive"], **corner)  # fmt: skip
        ax.text(xmin, ymax, " " + _plain(monitor) + " ", ha="left", va="top",
                color=PALETTE["muted"], **corner)  # fmt: skip
        ax.text(xmin, ymin, " " + _plain(low_priority) + " ", ha="left", va="bottom",
                color=PALETTE["muted"], **corner)  # fmt: skip
        for p in points:
            if p.against:
                ax.plot([p.importance], [p.performance], "o", mfc="none",
                        color=PALETTE["muted"], ms=6)  # fmt: skip
                continue
            important = p.importance >= importance_split
            performing = p.performance >= performance_split
            color = (
                PALETTE["negative"]
                if important and not performing
                else PALETTE["positive"]
                if important
                else PALETTE["comparison"]
            )
            ax.plot([p.importance], [p.performance], "o", color=color, ms=6)
        _label_points(ax, fig, points, width_mm, height_mm, compact=compact)
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: f"{v:g}%"))
        ax.set_xlabel(_plain(x_label))
        ax.set_ylabel(_plain(y_label))
        return _save(fig, alt, width_mm, height_mm)


def _text_width_pt(text: str, size: float) -> float:
    return sum(size * (0.56 if ord(ch) < 0x2E80 else 1.0) for ch in text)


def _label_points(
    ax: Axes,
    fig: Figure,
    points: Sequence[MatrixPoint],
    width_mm: float,
    height_mm: float,
    *,
    compact: bool = False,
) -> None:
    """Label scatter points, moving a label when it would overlap one already placed.
    ``compact``: labels shortened to half the plot's width and left out of the layout."""
    size = 7.5
    fig_w_pt, fig_h_pt = width_mm / 25.4 * 72, height_mm / 25.4 * 72
    # Axes box in points (approximate: constrained layout settles it at save time).
    ax_w_pt, ax_h_pt = fig_w_pt * (0.74 if compact else 0.84), fig_h_pt * 0.78
    if compact:
        points = [
            dataclasses.replace(p, label=_fit_label(p.label, ax_w_pt * 0.5 - 6, size))
            for p in points
        ]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    placed: list[tuple[float, float, float, float]] = []
    candidates = [(5, 3, "left"), (5, -11, "left"), (-5, 3, "right"), (-5, -11, "right"),
                  (5, 13, "left"), (5, -21, "left")]  # fmt: skip
    order = sorted(points, key=lambda q: (-q.performance, -q.importance))
    for p in order:
        px = (p.importance - x0) / (x1 - x0) * ax_w_pt
        py = (p.performance - y0) / (y1 - y0) * ax_h_pt
        w = _text_width_pt(p.label, size)
        choice = candidates[0]
        for dx, dy, ha in candidates:
            left = px + dx if ha == "left" else px + dx - w
            box = (left, py + dy, left + w, py + dy + size)
            clash = any(
                not (box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3])
                for b in placed
            )
            if not clash and 0 <= box[0] and box[2] <= ax_w_pt:
                choice = (dx, dy, ha)
                placed.append(box)
                break
        else:
            left = px + choice[0]
            placed.append((left, py + choice[1], left + w, py + choice[1] + size))
        ax.annotate(
            _plain(p.label),
            (p.importance, p.performance),
            xytext=(choice[0], choice[1]),
            textcoords="offset points",
            ha=choice[2],
            fontsize=size,
            color=PALETTE["ink"],
            in_layout=not compact,
        )


#: Bar charts never grow taller than this (a figure must fit on an A4 page with its caption).
MAX_CHART_HEIGHT_MM = 160.0


def _label_margin(bars: Sequence[HBar], size: float = 8.5) -> float:
    """Left margin (pt) that fits the longest bar label, capped at 45 % of the width."""
    widest = max((_text_width_pt(b.label, size) for b in bars), default=20.0)
    return min(widest + 10, 0.45 * 174 / 25.4 * 72)


def _fit_label(text: str, width_pt: float, size: float = 8.5) -> str:
    """``text`` shortened with an ellipsis to fit ``width_pt`` (the table keeps it whole)."""
    if _text_width_pt(text, size) <= width_pt:
        return text
    while text and _text_width_pt(text + "…", size) > width_pt:
        text = text[:-1]
    return text.rstrip() + "…"


def _bars_height(n: int) -> float:
    return min(MAX_CHART_HEIGHT_MM, 14 + 7.5 * max(1, n))


def hbar_chart(
    bars: Sequence[HBar],
    *,
    alt: str,
    unit: str = "",
    zero_line: bool = False,
    width_mm: float = 174,
    height_mm: float | None = None,
    value_places: int = 0,
    x_limits: tuple[float, float] | None = None,
    tick_format: Callable[[float], str] | None = None,
) -> Chart:
    """Horizontal bars, top to bottom in the given order, with optional CI whiskers.

    Used for themes (counts coloured by sentiment), NPS by group (with intervals) and ROI by
    workshop. ``annotation`` replaces the printed value at the end of a bar; ``tick_format``
    writes the axis ticks (money, say) so matplotlib never falls back to a "1e6" offset.
    """
    height = height_mm if height_mm is not None else _bars_height(len(bars))
    with _Styled():
        fig = _figure(width_mm, height, (_label_margin(bars), 10, 20, 6))
        ax = fig.add_subplot()
        ys = list(range(len(bars)))[::-1]
        values = [b.value for b in bars]
        colors = [b.color or PALETTE["primary"] for b in bars]
        ax.barh(ys, values, color=colors, height=0.62)
        for y, b in zip(ys, bars, strict=True):
            if b.low is not None and b.high is not None:
                ax.errorbar(
                    [b.value],
                    [y],
                    # An interval never excludes its value, but a whisker must not crash
                    # the whole report if one ever does.
                    xerr=[[max(0.0, b.value - b.low)], [max(0.0, b.high - b.value)]],
                    color=PALETTE["ink"],
                    lw=0.9,
                    capsize=2.5,
                )
        room = _label_margin(bars) - 10
        ax.set_yticks(ys, [_plain(_fit_label(b.label, room)) for b in bars])
        ax.grid(axis="y", visible=False)
        if zero_line:
            ax.axvline(0, color=PALETTE["ink"], lw=0.8)
        extents = [v for b in bars for v in (b.value, b.low, b.high) if v is not None] or [0.0]
        lo, hi = min([*extents, 0.0]), max([*extents, 0.0])
        span = (hi - lo) or 1.0
        if x_limits is not None:
            ax.set_xlim(*x_limits)
        else:
            ax.set_xlim(lo - (0.02 * span if lo < 0 else 0), hi + 0.16 * span)
        for y, b in zip(ys, bars, strict=True):
            text = b.annotation
            if text is None:
                text = f"{b.value:,.{value_places}f}{unit}"
            anchor = max(b.value, b.high if b.high is not None else b.value)
            ax.text(anchor + 0.01 * span, y, " " + _plain(text), va="center", fontsize=7.5,
                    color=PALETTE["ink"])  # fmt: skip
        if tick_format is not None:
            # Money ticks are wide: fewer of them, so they never run into each other.
            ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=4))
            ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: _plain(tick_format(v))))
        elif unit == "%":
            ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: f"{v:g}%"))
        return _save(fig, alt, width_mm, height)


def interval_chart(
    bars: Sequence[HBar], *, alt: str, unit: str = "%", width_mm: float = 174
) -> Chart:
    """Point estimates with CI whiskers (a forest plot), e.g. ROI by workshop, zero marked."""
    height = _bars_height(len(bars))
    with _Styled():
        fig = _figure(width_mm, height, (_label_margin(bars), 10, 20, 6))
        ax = fig.add_subplot()
        ys = list(range(len(bars)))[::-1]
        for y, b in zip(ys, bars, strict=True):
            color = b.color or PALETTE["primary"]
            if b.low is not None and b.high is not None:
                ax.plot([b.low, b.high], [y, y], color=color, lw=2.2, alpha=0.45,
                        solid_capstyle="butt")  # fmt: skip
            ax.plot([b.value], [y], "D", color=color, ms=5)
        ax.axvline(0, color=PALETTE["ink"], lw=0.8)
        room = _label_margin(bars) - 10
        ax.set_yticks(ys, [_plain(_fit_label(b.label, room)) for b in bars])
        ax.set_ylim(-0.7, len(bars) - 0.3)
        ax.grid(axis="y", visible=False)
        if unit == "%":
            ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: f"{v:g}%"))
        return _save(fig, alt, width_mm, height)


def behaviour_chart(
    days: Sequence[int],
    day_labels: Sequence[str],
    series: Sequence[Band],
    *,
    y_label: str,
    alt: str,
    unit: str = "",
    width_mm: float = 174,
    height_mm: float = 58,
) -> Chart:
    """Follow-up measures over the checkpoints (e.g. share of participants applying a step)."""
    with _Styled():
        fig = _figure(width_mm, height_mm, (40, 8, 22, 20))
        ax = fig.add_subplot()
        xs = list(range(len(days)))
        for i, band in enumerate(series):
            _draw_band(ax, xs, band, band.color or SERIES[i % len(SERIES)])
        ax.set_xticks(xs, [_plain(lbl) for lbl in day_labels])
        ax.set_xlim(-0.3, len(xs) - 0.7)
        ax.set_ylabel(_plain(y_label))
        _percent_axis(ax, unit)
        if series:
            fig.legend(loc="upper center", ncols=min(3, len(series)))
        return _save(fig, alt, width_mm, height_mm)
