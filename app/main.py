"""Application assembly: ``create_app()`` wires everything in one visible place."""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from jinja2 import pass_context
from litestar import Litestar
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from piccolo.engine.postgres import PostgresEngine

from app import i18n
from app.amounts import currency_name, money_text
from app.auth import throttle
from app.auth.controllers import AuthController, SignInPageController, UserController
from app.auth.guards import provide_staff
from app.auth.pages import AccountPage, ResetPasswordPage
from app.bodies import json_depth_limit_factory
from app.clock import Clock, SystemClock
from app.db import bind_engine, make_engine, prepare_sqlite_file, sqlite_path
from app.errors import EXCEPTION_HANDLERS, document_errors
from app.files import private_umask, secure_var_dir
from app.front import BodyLane, Lane, VocApp
from app.health import HealthController, health_lane
from app.hotdb import Ping, make_hot
from app.lifecycle import retention_job
from app.logs import configure_logging, request_id_middleware
from app.names import survey_name
from app.pages import HomePage, UsersPage
from app.ratelimit import LinkLimits, public_rate_limit_factory
from app.reports.http import ReportJobController, report_jobs
from app.scheduler import Ticker, build_scheduler
from app.security import (
    UNSAFE_METHODS,
    csrf_cookie_middleware_factory,
    csrf_guard,
    security_headers_hook,
)
from app.settings import REPO_ROOT, Settings, load_settings
from app.static import StaticLane
from app.timefmt import local_time, numeric_date, period_label

if TYPE_CHECKING:
    from surveys.scoring import ScoringProcess

MAX_BODY_BYTES = 1_048_576

# Each domain package contributes controllers, tick jobs and templates when it exists.
# Analytics and training queue mail; surveys sends the outbox last, in the same tick.
DOMAIN_PACKAGES = ("analytics", "training", "surveys")


def _routes_modules() -> Iterator[tuple[str, ModuleType]]:
    """Each domain package's ``routes`` module, in :data:`DOMAIN_PACKAGES` order."""
    for package in DOMAIN_PACKAGES:
        try:
            module = importlib.import_module(f"{package}.routes")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.routes":
                raise
            continue
        yield package, module


def _domain_parts() -> tuple[list[Any], list[tuple[str, Any]], list[Path], list[tuple[str, Lane]]]:
    controllers: list[Any] = []
    jobs: list[tuple[str, Any]] = []
    template_dirs: list[Path] = []
    lanes: list[tuple[str, Lane]] = []
    for package, module in _routes_modules():
        controllers.extend(getattr(module, "CONTROLLERS", []))
        jobs.extend(getattr(module, "TICK_JOBS", []))
        lanes.extend(getattr(module, "LANES", []))
        folder = REPO_ROOT / package / "templates"
        if folder.is_dir():
            template_dirs.append(folder)
    return controllers, jobs, template_dirs, lanes


def _body_lanes() -> list[tuple[str, BodyLane]]:
    """POSTs answered ahead of routing (``BODY_LANES`` of each domain's routes module)."""
    return [lane for _, module in _routes_modules() for lane in getattr(module, "BODY_LANES", [])]


def _page_time(timezone: str, *, with_time: bool) -> Any:
    """The ``local_time``/``local_date`` filters: dates written the page language's way."""

    @pass_context
    def local(context: Any, value: Any, zone: str | None = None, **options: Any) -> str:
        return local_time(
            value,
            zone,
            default_zone=timezone,
            with_time=with_time,
            page_lang=context.get("lang"),
            **options,
        )

    return local


def _template_engine(directories: list[Path], timezone: str = "UTC") -> JinjaTemplateEngine:
    engine = JinjaTemplateEngine(directory=directories)
    env = engine.engine
    env.globals["t"] = i18n.t
    env.globals["localise"] = i18n.localise
    env.globals["attribute_name"] = i18n.attribute_name
    env.globals["attribute_value"] = i18n.attribute_value
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(**i18n.gettext_callables("en"), newstyle=True)  # type: ignore[attr-defined]
    env.filters["local_time"] = _page_time(timezone, with_time=True)
    env.filters["local_date"] = _page_time(timezone, with_time=False)
    env.filters["day"] = pass_context(
        lambda context, value: numeric_date(value, context.get("lang"))
    )
    env.filters["period"] = pass_context(
        lambda context, value: period_label(value, context.get("lang"))
    )
    env.filters["survey_name"] = pass_context(
        lambda context, name: survey_name(name, context.get("lang") or "en")
    )
    env.filters["currency_name"] = pass_context(
        lambda context, code: currency_name(code, context.get("lang") or "en")
    )
    # ``{{ amount | money(currency) }}``: ￥390,000 on a Japanese page, 390,000 JPY in English
    env.filters["money"] = pass_context(
        lambda context, value, currency, places=None, sign=False: money_text(
            value, currency, context.get("lang") or "en", places, sign=sign
        )
    )
    env.autoescape = True
    # Templates are compiled once per process; no stat() of every file on every render.
    env.auto_reload = False
    return engine


def install_comment_scorer() -> None:
    """Analytics scores each comment once, on arrival; surveys calls it without importing it."""
    from surveys.scoring import register_comment_scorer

    try:
        from analytics.sentiment import analyze
    except ModuleNotFoundError as exc:  # analytics not installed: answers stored unscored
        if not (exc.name or "").startswith("analytics"):
            raise
        return
    register_comment_scorer(analyze)


#: One comment per language: scoring them loads every analyzer and its models.
WARM_UP_COMMENTS = ("Thank you, the support was helpful", "サポートの対応が丁寧でした")


def warm_comment_scorer() -> None:
    from surveys.scoring import score_comment

    for comment in WARM_UP_COMMENTS:
        score_comment(comment)


def freeze_startup_heap() -> None:
    """Keep what start-up loaded out of the garbage collector's full collections.

    The framework, the templates and the sentiment models are ~240k objects that live as
    long as the process; a full collection walked all of them (~165 ms on this machine) and
    was the page path's p99 under load. Frozen, a collection walks only what requests made
    since. Shutdown unfreezes (a test process starts many apps).
    """
    gc.collect()
    gc.freeze()


async def start_scoring_process() -> ScoringProcess | None:
    """Comments scored by a helper process (surveys.scoring.ScoringProcess), if analytics is
    installed and the helper starts; otherwise in process."""
    from surveys.scoring import ScoringProcess, comment_scorer, use_scoring_process

    if comment_scorer() is None:
        return None
    scoring = ScoringProcess("analytics.sentiment:analyze", WARM_UP_COMMENTS)
    try:
        await scoring.start()
    except Exception:
        logging.getLogger("voc.app").exception("no scoring helper; comments scored in process")
        await scoring.close()
        return None
    use_scoring_process(scoring)
    return scoring


def stop_scoring_process() -> None:
    from surveys.scoring import use_scoring_process

    use_scoring_process(None)


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Litestar:
    settings = settings or load_settings()
    # Database, backups, outbox and reports hold personal data: owner-only from here on.
    private_umask()
    configure_logging()
    install_comment_scorer()
    clock = clock or SystemClock()
    engine = make_engine(settings.database_url)
    bind_engine(engine)
    controllers, jobs, template_dirs, lanes = _domain_parts()
    jobs.append(("app.retention", retention_job))
    jobs.append(("app.sign_in_housekeeping", throttle.housekeeping_job))
    state = State({"settings": settings, "clock": clock, "engine": engine, "hot": None})
    ticker = Ticker(jobs, state)
    state["ticker"] = ticker

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if settings.is_sqlite:
            prepare_sqlite_file(settings.database_url)
        secure_var_dir(settings)
        pooled = isinstance(engine, PostgresEngine) and settings.db_pool_size > 0
        if pooled and isinstance(engine, PostgresEngine):
            await engine.start_connection_pool(min_size=1, max_size=settings.db_pool_size)
        # Load the sentiment models now, not on the first respondent's answer.
        await asyncio.to_thread(warm_comment_scorer)
        scoring = await start_scoring_process() if settings.scoring_process else None
        # Persistent connections for respondent links and /health (see app.hotdb).
        hot = make_hot(engine, sqlite_path(settings.database_url) if settings.is_sqlite else None)
        await hot.start()
        app.state.hot = hot
        app.state.ping = Ping(hot)
        scheduler = build_scheduler(ticker, settings.tick_seconds)
        scheduler.start()
        app.state.scheduler = scheduler
        freeze_startup_heap()
        try:
            yield
        finally:
            gc.unfreeze()
            scheduler.shutdown(wait=False)
            # The database pool closes next; let a running tick finish with it first.
            await ticker.drain()
            await report_jobs(app.state).aclose()
            # Queued answers are committed (and acknowledged) before the connections close.
            app.state.hot = None
            app.state.ping = None
            await hot.close()
            if scoring is not None:
                stop_scoring_process()
                await scoring.close()
            if pooled:
                await engine.close_connection_pool()

    # Kept on the state so a test harness can run it in its own event loop.
    state["lifespan"] = lifespan

    link_limits = LinkLimits()
    app = VocApp(
        route_handlers=[
            HomePage,
            UsersPage,
            HealthController,
            AuthController,
            UserController,
            SignInPageController,
            AccountPage,
            ResetPasswordPage,
            ReportJobController,
            *controllers,
            create_static_files_router(path="/static", directories=[REPO_ROOT / "static"]),
        ],
        state=state,
        lifespan=[lifespan],
        guards=[csrf_guard],
        before_send=[security_headers_hook],
        dependencies={"staff": Provide(provide_staff)},
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[
            request_id_middleware,
            csrf_cookie_middleware_factory(settings.secret_key, settings.cookie_secure),
            public_rate_limit_factory(limits=link_limits),
            json_depth_limit_factory(MAX_BODY_BYTES),
        ],
        template_config=TemplateConfig(
            engine=_template_engine(
                [REPO_ROOT / "app" / "templates", *template_dirs], settings.timezone
            )
        ),
        openapi_config=OpenAPIConfig(
            title="voc",
            version="0.1.0",
            description="NPS/eNPS surveys, analytics and workshop effectiveness.",
            path="/schema",
            render_plugins=[SwaggerRenderPlugin(), ScalarRenderPlugin()],
        ),
        request_max_body_size=MAX_BODY_BYTES,
        debug=False,
        logging_config=None,
        link_limits=link_limits,
        max_body_bytes=MAX_BODY_BYTES,
    )
    # The hot GETs answered ahead of routing (app.front), with the same rules as the routes.
    app.add_lane("/health", health_lane)
    app.add_lane("/static/", StaticLane(REPO_ROOT / "static"))
    for path, lane in lanes:
        app.add_lane(path, lane)
    for prefix, body_lane in _body_lanes():
        app.add_body_lane(prefix, body_lane)
    document_errors(app)
    _drop_idle_csrf_guard(app)
    return app


def _drop_idle_csrf_guard(app: Litestar) -> None:
    """The CSRF guard has nothing to check on safe methods or on exempt handlers (respondent
    links), but Litestar copies the handler for every guard it runs (~15% of a cheap
    request): keep the app-wide guard only where it can refuse something."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            methods = set(getattr(handler, "http_methods", ()))
            guards = handler.resolve_guards()
            idle = handler.opt.get("csrf_exempt") or not methods & UNSAFE_METHODS
            if idle and csrf_guard in guards:
                handler._resolved_guards = [g for g in guards if g is not csrf_guard]
