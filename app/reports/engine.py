"""PDF rendering: Jinja2 HTML + CSS templates → WeasyPrint → PDF bytes.

* Templates live in ``app/reports/templates/`` and extend ``report_base.html`` (A4, running
  header and footer in ``@page`` margin boxes, page numbers "Page X of Y" / "X / Y ページ").
* Autoescaping is on for every template: free text (comments, names) always prints literally.
  Text that reaches the page header travels through ``string-set`` from an element, never
  through CSS source.
* Rendering never touches the network: :class:`LocalOnlyFetcher` refuses every URL that is not
  a ``data:`` URI or a file under the template folder or the system font folder. Fonts come
  from fontconfig (Debian ``fonts-noto-cjk``); WeasyPrint embeds the used subset in the PDF.
* A table of contents with page numbers (``target-counter``) is added when the report without
  it is longer than :data:`TOC_MIN_PAGES` pages. Chapters are ``<h2 class="chapter" id="…">``;
  the TOC lists them in order. To save a layout pass on long reports, the version with the
  TOC is laid out first; only when that is short enough to be in doubt is the version without
  it laid out as well, and whichever matches the rule is written.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError

from app.i18n import gettext_callables
from app.reports.fmt import Fmt
from app.reports.i18n import translator
from app.timefmt import period_label

__all__ = [
    "FONT_DIRS",
    "TEMPLATE_DIR",
    "TOC_MIN_PAGES",
    "LocalOnlyFetcher",
    "ProgressFn",
    "RenderedReport",
    "render_html",
    "render_pdf",
    "render_report",
    "renderer_fingerprint",
    "sub_progress",
    "warm_up",
]

log = logging.getLogger(__name__)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
#: A report longer than this many pages (without the TOC) gets a table of contents.
TOC_MIN_PAGES = 3
#: Bump when the rendering changes in a way the template files do not show.
RENDERER_VERSION = "1"
_TOC_MARKER = "<!--voc:toc-->"

ProgressFn = Callable[[float], None]


def _no_progress(_fraction: float) -> None:
    return None


class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """WeasyPrint URL fetcher that serves ``data:`` URIs and local files under ``roots`` only.

    Anything else (http, https, ftp, files elsewhere) raises :class:`URLFetchingError`, which
    WeasyPrint logs and skips; nothing is ever requested from the network.
    """

    def __init__(self, roots: tuple[Path, ...] = (TEMPLATE_DIR, *FONT_DIRS)) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self._roots = tuple(r.resolve() for r in roots)

    def fetch(self, url: str, headers: Any = None) -> Any:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlparse(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self._roots) and path.is_file():
                return super().fetch(url, headers)
        log.warning("report rendering refused to fetch %s", url[:120])
        raise URLFetchingError(f"reports fetch no remote or unlisted resource: {url[:120]}")


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters["css_string"] = _css_string
    env.filters["css_counters"] = _css_counters
    # a trend period (``2026-11``) as the report's reader writes it (``2026年11月``)
    env.filters["period"] = pass_context(
        lambda context, value: period_label(value, context.get("lang"))
    )
    return env


def _css_counters(value: object) -> Markup:
    """``"Page {page} of {pages}"`` as CSS ``content``: strings around ``counter(page)`` and
    ``counter(pages)``, so each language orders the page number its own way."""
    parts: list[str] = []
    for index, piece in enumerate(re.split(r"\{(page|pages)\}", str(value))):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(str(_css_string(piece)))
    return Markup(" ".join(parts))


def _css_string(value: object) -> Markup:
    """A CSS string literal for *our own* strings (page-number labels); never for user text."""
    text = str(value)
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;/()-_" else f"\\{ord(ch):06x}" for ch in text
    )
    return Markup(f'"{escaped}"')


@functools.lru_cache(maxsize=1)
def renderer_fingerprint() -> str:
    """Hash of the templates and renderer version: part of every report cache key."""
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    for path in sorted(TEMPLATE_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(TEMPLATE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class _Chapters(HTMLParser):
    """Collects ``<h2 class="chapter" id="…">text</h2>`` in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[tuple[str, str]] = []
        self._current: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "h2":
            return
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if "chapter" in classes and values.get("id"):
            self._current = values["id"]
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._current is not None:
            self.entries.append((self._current, " ".join("".join(self._text).split())))
            self._current = None


def _base_context(lang: str, context: Mapping[str, Any]) -> dict[str, Any]:
    fmt = Fmt(lang)
    t = translator(fmt.lang)
    generated_at = context.get("generated_at") or dt.datetime.now(dt.UTC)
    return {
        **gettext_callables(fmt.lang),
        "lang": fmt.lang,
        "fmt": fmt,
        "t": t,
        "generated_at": generated_at,
        "confidentiality": t("report.confidential"),
        "subtitle": None,
        **context,
        "toc": Markup(_TOC_MARKER),
    }


def render_html(template_name: str, context: Mapping[str, Any], lang: str) -> str:
    """The report's HTML with a TOC placeholder (see :func:`render_report`)."""
    env = _environment()
    return env.get_template(template_name).render(_base_context(lang, context))


def _toc_html(entries: list[tuple[str, str]], lang: str) -> str:
    template = _environment().get_template("_toc.html")
    return template.render(entries=entries, t=translator(Fmt(lang).lang))


@dataclass(frozen=True, slots=True)
class RenderedReport:
    pdf: bytes
    pages: int
    has_toc: bool
    chapters: list[tuple[str, str]]


def _layout(html: str) -> Any:
    document = HTML(
        string=html, base_url=TEMPLATE_DIR.as_uri() + "/", url_fetcher=LocalOnlyFetcher()
    )
    return document.render()


def render_report(
    template_name: str,
    context: Mapping[str, Any],
    lang: str,
    *,
    toc: bool | None = None,
    progress: ProgressFn | None = None,
) -> RenderedReport:
    """Render ``template_name`` to PDF; ``toc=None`` adds a TOC when the report is long.

    ``progress`` receives fractions in [0, 1] as the work advances.
    """
    report = progress or _no_progress
    html = render_html(template_name, context, lang)
    parser = _Chapters()
    parser.feed(html)
    chapters = parser.entries
    report(0.1)
    bare = html.replace(_TOC_MARKER, "")
    if toc is False or not chapters:
        document = _layout(bare)
        has_toc = False
    else:
        with_toc = html.replace(_TOC_MARKER, _toc_html(chapters, lang))
        document = _layout(with_toc)
        has_toc = True
        report(0.6)
        # The TOC is shorter than a page, so only a report of ≤ TOC_MIN_PAGES + 1 pages with
        # it can be ≤ TOC_MIN_PAGES pages without it.
        if toc is None and len(document.pages) <= TOC_MIN_PAGES + 1:
            short = _layout(bare)
            if len(short.pages) <= TOC_MIN_PAGES:
                document, has_toc = short, False
    report(0.85)
    pdf = document.write_pdf()
    report(1.0)
    return RenderedReport(
        pdf=bytes(pdf), pages=len(document.pages), has_toc=has_toc, chapters=chapters
    )


def render_pdf(
    template_name: str,
    context: Mapping[str, Any],
    lang: str,
    *,
    toc: bool | None = None,
    progress: ProgressFn | None = None,
) -> bytes:
    """Render a report template to PDF bytes (A4, header, footer, page numbers, TOC if long).

    ``context`` must hold ``title`` (str); optional: ``subtitle``, ``generated_at`` (aware
    datetime, default now), ``confidentiality`` (footer note), plus whatever the template uses.
    Templates get ``t`` (translator), ``fmt`` (:class:`~app.reports.fmt.Fmt`) and ``lang``.
    """
    return render_report(template_name, context, lang, toc=toc, progress=progress).pdf


def sub_progress(progress: ProgressFn | None, start: float, end: float) -> ProgressFn:
    """Map a sub-task's [0, 1] onto [start, end] of the caller's progress."""
    outer = progress or _no_progress

    def inner(fraction: float) -> None:
        outer(start + (end - start) * min(1.0, max(0.0, fraction)))

    return inner


def warm_up() -> float:
    """Render a tiny page with Japanese text and a chart, so fonts, matplotlib and WeasyPrint
    caches are loaded before the first real report (the first render in a process costs
    about 1–2 s more). Call it from a worker thread at start-up; returns the seconds spent."""
    import time

    from app.reports import charts

    started = time.perf_counter()
    chart = charts.hbar_chart([charts.HBar(label="準備 warm-up", value=1.0)], alt="warm-up")
    html = (
        '<html lang="ja"><head><style>'
        'body { font-family: "Noto Sans CJK JP", sans-serif; } b { font-weight: bold }'
        f'</style></head><body><p>準備 <b>warm-up</b> 1,234</p><img src="{chart.data_uri}">'
        "</body></html>"
    )
    _layout(html).write_pdf()
    return time.perf_counter() - started
