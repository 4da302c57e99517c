"""Staff web pages for workshops and accounts: create with costs, participants, checkpoints,
effectiveness with its chart, the PDF, and account/event CSV imports.

Thin: pages call :mod:`training.services` and :mod:`training.imports` and render templates
from ``training/templates/staff/``. ``manager`` reads and downloads; set-up pages answer 403.
"""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.exceptions import PermissionDeniedException
from litestar.response import Redirect, Response, Template

from app.amounts import money_text
from app.auth.audience import may_read, workshop_audience
from app.auth.guards import can_read, requires
from app.auth.schemas import Staff
from app.errors import InputError
from app.i18n import t
from app.reports import charts
from app.web import (
    PAGE_EXCEPTION_HANDLERS,
    can_set_up,
    clean_validation,
    form_values,
    page,
    page_language,
    parse_date,
    parse_decimal,
    read_form,
    see_other,
    validation_field,
)
from training import imports, schemas
from training.health import HealthComponent, HealthDefinitionSpec
from training.health_services import HealthService, import_health_scores, import_usage
from training.report import verdict_of
from training.reporting import TIMELINE_METRICS, covariate_label
from training.services import AccountService, EffectivenessService, WorkshopService, today

CSV_MAX_BYTES = 50 * 1024 * 1024
KEEP_TEXT_MAX = 200_000
set_up_only = requires("cs", "hr")
COST_FIELDS = (
    "facilitator",
    "venue_catering",
    "materials",
    "tooling",
    "participant_hours",
    "loaded_hourly_rate",
    "incentives",
)


def provide_workshops(request: Request[Any, Any, Any]) -> WorkshopService:
    return WorkshopService(request.app.state.settings, request.app.state.clock)


def provide_effectiveness(request: Request[Any, Any, Any]) -> EffectivenessService:
    return EffectivenessService(request.app.state.settings, request.app.state.clock)


async def _upload_bytes(form: Any, file_field: str, text_field: str) -> tuple[bytes, str, bool]:
    """The uploaded file's bytes, or the pasted text; and whether a file was used."""
    upload = form.get(file_field)
    content = b""
    if isinstance(upload, UploadFile):
        content = await upload.read()
    text = str(form.get(text_field, "") or "")
    if content.strip():
        return content, text, True
    return text.encode("utf-8"), text, False


def _kept_text(content: bytes, typed: str, from_file: bool) -> str:
    if not from_file or len(content) > KEEP_TEXT_MAX:
        return typed
    try:
        return imports.decode_csv(content)
    except Exception:  # an undecodable file: keep what was typed
        return typed


def workshop_from_form(values: dict[str, str]) -> schemas.WorkshopCreate:
    costs = {
        name: parse_decimal(values.get(f"cost_{name}"), f"cost_{name}") for name in COST_FIELDS
    }
    plan_text = values.get("checkpoints", "").replace("、", ",")
    try:
        plan = [int(p) for p in plan_text.replace(" ", "").split(",") if p]
    except ValueError:
        raise InputError("checkpoints", "list whole days separated by commas") from None
    raw = {
        "title": values.get("title", "").strip(),
        "public_title": {
            "en": values.get("public_title_en", "").strip(),
            "ja": values.get("public_title_ja", "").strip(),
        },
        "kind": values.get("kind", ""),
        "held_on": parse_date(values.get("held_on"), "held_on"),
        "facilitator": values.get("facilitator", "").strip(),
        "currency": values.get("currency", "").strip().upper() or "JPY",
        "costs": costs,
        "checkpoints": plan,
    }
    if not raw["title"]:
        raise InputError("title", "give the workshop a title")
    if raw["kind"] not in {"customer", "internal"}:
        raise InputError("kind", "choose who the workshop is for")
    try:
        return msgspec.convert(raw, schemas.WorkshopCreate)
    except msgspec.ValidationError as exc:
        field = validation_field(exc)
        if field in COST_FIELDS:
            field = f"cost_{field}"
        raise InputError(field, clean_validation(exc)) from None


def costs_and_plan_from_form(values: dict[str, str]) -> schemas.WorkshopUpdate:
    """The edit form's costs and measurement plan as an update (other fields untouched)."""
    costs = {
        name: parse_decimal(values.get(f"cost_{name}"), f"cost_{name}") for name in COST_FIELDS
    }
    plan_text = values.get("checkpoints", "").replace("、", ",")
    try:
        plan = [int(p) for p in plan_text.replace(" ", "").split(",") if p]
    except ValueError:
        raise InputError("checkpoints", "list whole days separated by commas") from None
    try:
        return msgspec.convert({"costs": costs, "checkpoints": plan}, schemas.WorkshopUpdate)
    except msgspec.ValidationError as exc:
        field = validation_field(exc)
        if field in COST_FIELDS:
            field = f"cost_{field}"
        raise InputError(field, clean_validation(exc)) from None


def _field_of(exc: InputError) -> str:
    field = exc.field or "_form"
    if field.startswith("costs."):
        return "cost_" + field.removeprefix("costs.")
    return field


def effect_chart(effectiveness: schemas.Effectiveness, lang: str) -> charts.Chart | None:
    """DiD with its 95% interval at each checkpoint, one panel per timeline metric (the
    report's: logo churn, expansion share, NRR), the interval shaded."""
    points = [p for p in effectiveness.evolution if p.estimates]
    if not points:
        return None
    metrics: list[str] = []
    labels: dict[str, str] = {}
    wanted = [metric for metric, _ in TIMELINE_METRICS]
    for point in points:
        for estimate in point.estimates:
            if estimate.metric in wanted and estimate.metric not in metrics:
                metrics.append(estimate.metric)
                labels[estimate.metric] = estimate.label_ja if lang == "ja" else estimate.label_en
    metrics.sort(key=wanted.index)
    if not metrics:
        return None
    days = [p.offset_days for p in points]
    panels = []
    for metric in metrics:
        values, low, high = [], [], []
        for point in points:
            est = next((e for e in point.estimates if e.metric == metric), None)
            values.append(est.did if est else None)
            low.append(est.ci_low if est else None)
            high.append(est.ci_high if est else None)
        band = charts.Band(t("workshops.did", lang), values, low, high)
        panels.append((labels[metric], "pts", [band]))

    def draw(width_mm: float, height_mm: float, stacked: bool) -> charts.Chart:
        return charts.timeline_chart(
            days,
            [f"+{d}" if d else "0" for d in days],
            panels,
            alt=t("workshops.effect_chart_alt", lang),
            width_mm=width_mm,
            height_mm=height_mm,
            band_label=t("report.ws.band_legend", lang),
            stacked=stacked,
        )

    # on a phone the panels stand one under the other, each the screen's width
    phone = draw(charts.PHONE_WIDTH_MM, 24 + 34 * len(panels), True)
    return draw(170, 62, False).with_phone(phone)


#: Below this many accounts in either group the page warns that the estimate is fragile.
SMALL_SAMPLE = 30


def _pct(value: Any) -> str:
    return "—" if value is None else f"{float(value):,.1f}%"


def _ci(pair: Any, unit: str = "%", places: int = 1) -> str | None:
    if not pair:
        return None
    return f"{float(pair[0]):,.{places}f}{unit} – {float(pair[1]):,.{places}f}{unit}"


def workshop_summary(
    effect: schemas.Effectiveness, kirkpatrick: schemas.Kirkpatrick, lang: str
) -> dict[str, Any]:
    """The verdict card: what the latest measured checkpoint says, in the report's words.

    Built only from the effectiveness and Kirkpatrick services (the same figures as the API
    and the PDF). A workshop with no measured checkpoint reads "not measurable yet", never
    an ROI of −100 %.
    """
    latest = EffectivenessService.latest(effect.checkpoints)
    cp = latest.effect if latest else None
    roi = cp.roi if cp is not None and cp.status == "ok" else None
    if roi is not None and roi.basis != "estimate":
        roi = None
    unsupported = cp is not None and cp.support == "unsupported"
    verdict = "unsupported" if unsupported else verdict_of(roi.roi_percent_ci if roi else None,
                                                           roi is not None)  # fmt: skip
    if unsupported:
        roi = None
    roi_text = _pct(roi.roi_percent) if roi else ""
    text = t(
        f"report.verdict.{verdict}_text",
        lang,
        roi=roi_text,
        ci=_ci(roi.roi_percent_ci if roi else None) or "–",
        reasons=" ".join((n.ja if lang == "ja" else n.en) for n in cp.support_reasons)
        if cp is not None
        else "",
    )
    n_att = cp.n_attending if cp is not None else None
    n_cmp = cp.n_comparison if cp is not None else None
    small = cp is not None and cp.status == "ok" and min(n_att or 0, n_cmp or 0) < SMALL_SAMPLE
    return {
        "verdict": verdict,
        "title": t(f"report.verdict.{verdict}", lang),
        "text": text,
        "day": latest.offset_days if latest else None,
        "roi": roi,
        "roi_ci": _ci(roi.roi_percent_ci) if roi else None,
        "bcr_ci": _ci(roi.bcr_ci, "", 2) if roi else None,
        "benefit_ci": (
            f"{money_text(roi.benefit_ci[0], roi.currency, lang)} – "
            f"{money_text(roi.benefit_ci[1], roi.currency, lang)}"
            if roi and roi.benefit_ci
            else None
        ),
        "n_attending": n_att,
        "n_comparison": n_cmp,
        "small": small,
        "notices": [(n.ja if lang == "ja" else n.en) for n in cp.notices] if cp else [],
        # covariate balance of the same checkpoint's comparison (training.balance)
        "balance": [
            {
                "covariate": covariate_label(b.covariate, lang),
                "attending": b.attending_after,
                "before": b.comparison_before,
                "after": b.comparison_after,
                "smd_before": b.smd_before,
                "smd_after": b.smd_after,
                "imbalanced": b.smd_after is not None and abs(b.smd_after) > 0.1,
            }
            for b in (cp.balance if cp is not None and cp.status == "ok" else ())
        ],
        "levels": kirkpatrick_rows(kirkpatrick, lang, roi_shown=not unsupported),
    }


def kirkpatrick_rows(
    k: schemas.Kirkpatrick, lang: str, roi_shown: bool = True
) -> list[tuple[str, str]]:
    """One line per Kirkpatrick level (L1–L5), "not measured" where there is nothing yet
    (and no L5 figure when the comparison cannot support a verdict)."""
    missing = t("report.kp.not_measured", lang)
    # an internal workshop's figure over fewer answers than the anonymity floor
    hidden = t("report.kp.hidden", lang)
    r = k.level1_reaction
    parts = []
    if r.csat_percent is not None:
        parts.append(f"CSAT {r.csat_percent:.0f}%")
    if r.nps is not None:
        parts.append(f"NPS {r.nps:+.0f}")
    l1 = (
        (" · ".join(parts) + f" (n = {r.responses})")
        if parts
        else hidden
        if r.status == "hidden"
        else missing
    )
    lv = k.level2_learning
    l2 = (
        f"{lv.mean:.1f} / 100 (n = {lv.n})"
        if lv.mean is not None
        else hidden
        if lv.status == "hidden"
        else missing
    )
    shown = [
        f"+{p.offset_days}: {p.mean_score:.1f} (n = {p.responses})"
        if p.mean_score is not None
        else f"+{p.offset_days}: {hidden}"
        for p in k.level3_behaviour
        if p.mean_score is not None or p.status == "hidden"
    ]
    l3 = " · ".join(shown) if shown else missing
    detectable = [e for e in k.level4_results.estimates if e.did is not None]
    readings = dict.fromkeys((e.verdict_ja if lang == "ja" else e.verdict_en) for e in detectable)
    l4 = " · ".join(list(readings)[:3]) if readings else missing
    roi = k.level5_roi
    l5 = (
        f"ROI {_pct(roi.roi_percent)} · BCR {float(roi.bcr):.2f}"
        if roi is not None and roi.basis == "estimate" and roi_shown
        else missing
    )
    return [(t(f"report.kp.{i}", lang), v) for i, v in enumerate((l1, l2, l3, l4, l5), start=1)]


def portfolio_url(request: Request[Any, Any, Any]) -> str | None:
    """The portfolio PDF route (``/api/workshops/report.pdf``) when the app serves one."""
    if any(route.path == "/api/workshops/report.pdf" for route in request.app.routes):
        return "/api/workshops/report.pdf"
    return None


def report_url(request: Request[Any, Any, Any], workshop_id: int) -> str | None:
    """The workshop PDF route (``/api/workshops/{id}/report.pdf``) when the app serves one."""
    for route in request.app.routes:
        path = route.path
        if path.startswith("/api/workshops/{") and path.endswith("}/report.pdf"):
            return f"/api/workshops/{workshop_id}/report.pdf"
    return None


class WorkshopPages(Controller):
    path = "/workshops"
    include_in_schema = False
    guards = [can_read]
    exception_handlers = PAGE_EXCEPTION_HANDLERS
    dependencies = {
        "workshops": Provide(provide_workshops, sync_to_thread=False),
        "effectiveness": Provide(provide_effectiveness, sync_to_thread=False),
    }

    @get("/")
    async def list_page(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        effectiveness: EffectivenessService,
    ) -> Template:
        rows = await effectiveness.portfolio()
        return page(
            request,
            "staff/workshop_list.html",
            staff,
            rows=rows,
            can_create=can_set_up(staff),
            portfolio_url=portfolio_url(request) if rows else None,
        )

    def _create_form(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        values: dict[str, str],
        errors: dict[str, str],
        status_code: int = 200,
    ) -> Template:
        return page(
            request,
            "staff/workshop_new.html",
            staff,
            status_code=status_code,
            values=values,
            errors=errors,
            cost_fields=COST_FIELDS,
        )

    @get("/new", guards=[set_up_only])
    async def new_page(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        today = request.app.state.clock.now().date().isoformat()
        values = {
            "kind": "customer",
            "held_on": today,
            "currency": "JPY",
            "checkpoints": "0, 7, 30, 90, 180",
        }
        return self._create_form(request, staff, values, {})

    @post("/new", guards=[set_up_only])
    async def create(
        self, request: Request[Any, Any, Any], staff: Staff, workshops: WorkshopService
    ) -> Response[Any]:
        values = form_values(await read_form(request))
        try:
            workshop = await workshops.create(workshop_from_form(values))
        except InputError as exc:
            if exc.status_code == 403:
                raise
            errors = {_field_of(exc): exc.detail}
            return self._create_form(request, staff, values, errors, 422)
        if any(c.waiting_for_participants for c in workshop.checkpoints):
            # Dated in the past: ask for the participants before anything else.
            return see_other(f"/workshops/{workshop.id}#participants")
        return see_other(f"/workshops/{workshop.id}")

    async def _edit_form(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        workshop: schemas.Workshop,
        values: dict[str, str],
        errors: dict[str, str],
        status_code: int = 200,
    ) -> Template:
        return page(
            request,
            "staff/workshop_edit.html",
            staff,
            status_code=status_code,
            workshop=workshop,
            values=values,
            errors=errors,
            cost_fields=COST_FIELDS,
        )

    @get("/{workshop_id:int}/edit", guards=[set_up_only])
    async def edit_page(
        self,
        request: Request[Any, Any, Any],
        workshop_id: int,
        staff: Staff,
        workshops: WorkshopService,
    ) -> Template:
        workshop = await workshops.get(workshop_id)
        costs = await workshops.entered_costs(workshop_id)
        values = {f"cost_{name}": f"{getattr(costs, name):f}" for name in COST_FIELDS}
        values["checkpoints"] = ", ".join(str(c.offset_days) for c in workshop.checkpoints)
        return await self._edit_form(request, staff, workshop, values, {})

    @post("/{workshop_id:int}/edit", guards=[set_up_only])
    async def edit(
        self,
        request: Request[Any, Any, Any],
        workshop_id: int,
        staff: Staff,
        workshops: WorkshopService,
    ) -> Response[Any]:
        """Change the costs and the measurement plan (worked checkpoints stay)."""
        workshop = await workshops.get(workshop_id)
        values = form_values(await read_form(request))
        try:
            update = costs_and_plan_from_form(values)
            await workshops.update(workshop_id, update)
        except InputError as exc:
            if exc.status_code == 403:
                raise
            errors = {_field_of(exc): exc.detail}
            return await self._edit_form(request, staff, workshop, values, errors, 422)
        return see_other(f"/workshops/{workshop_id}?saved=1")

    async def _detail(
        self,
        request: Request[Any, Any, Any],
        workshop_id: int,
        staff: Staff,
        workshops: WorkshopService,
        effectiveness: EffectivenessService,
        status_code: int = 200,
        **context: Any,
    ) -> Template:
        workshop = await workshops.get(workshop_id)
        participants = await workshops.participants(workshop_id)
        effect = await effectiveness.effectiveness(workshop_id)
        lang = page_language(request, staff)
        summary = workshop_summary(effect, await effectiveness.kirkpatrick(workshop_id), lang)
        chart = await asyncio.to_thread(effect_chart, effect, lang)
        context.setdefault("csv_text", "")
        context.setdefault("row_errors", [])
        context.setdefault("result", None)
        context.setdefault("file_kept", False)
        return page(
            request,
            "staff/workshop_detail.html",
            staff,
            status_code=status_code,
            workshop=workshop,
            participants=participants[:50],
            effect=effect,
            summary=summary,
            chart=chart,
            report_url=report_url(request, workshop_id),
            setup=can_set_up(staff),
            # a checkpoint survey links to its results only for a reader of its audience (a
            # manager saw links to internal-training surveys that answered 403)
            surveys_readable=may_read(staff, workshop_audience(workshop.kind)),
            late_days=request.app.state.settings.checkpoint_late_days,
            covariate=lambda name: covariate_label(name, lang),
            **context,
        )

    @get("/{workshop_id:int}")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        workshop_id: int,
        staff: Staff,
        workshops: WorkshopService,
        effectiveness: EffectivenessService,
    ) -> Template:
        return await self._detail(request, workshop_id, staff, workshops, effectiveness)

    @post(
        "/{workshop_id:int}/participants",
        guards=[set_up_only],
        request_max_body_size=CSV_MAX_BYTES,
    )
    async def upload_participants(
        self,
        request: Request[Any, Any, Any],
        workshop_id: int,
        staff: Staff,
        workshops: WorkshopService,
        effectiveness: EffectivenessService,
    ) -> Template:
        await workshops.get(workshop_id)
        form = await read_form(request)
        content, typed, from_file = await _upload_bytes(form, "file", "csv_text")
        now = request.app.state.clock.now()
        try:
            result = await imports.import_participants(workshop_id, content, now)
        except imports.ImportRejected as exc:
            kept = _kept_text(content, typed, from_file)
            return await self._detail(
                request,
                workshop_id,
                staff,
                workshops,
                effectiveness,
                422,
                csv_text=kept,
                row_errors=exc.problems,
                file_kept=from_file and kept != typed,
            )
        return await self._detail(
            request, workshop_id, staff, workshops, effectiveness, result=result
        )


class AccountPages(Controller):
    path = "/accounts"
    include_in_schema = False
    guards = [set_up_only]
    exception_handlers = PAGE_EXCEPTION_HANDLERS

    async def _render(
        self, request: Request[Any, Any, Any], staff: Staff, status_code: int = 200, **context: Any
    ) -> Template:
        search = (request.query_params.get("q") or "").strip()[:200] or None
        accounts = await AccountService().list_all(limit=100, offset=0, search=search)
        for key in ("accounts_csv", "events_csv", "usage_csv", "scores_csv"):
            context.setdefault(key, "")
        context.setdefault("which", None)
        context.setdefault("row_errors", [])
        context.setdefault("result", None)
        state = request.app.state
        health = HealthService()
        return page(
            request,
            "staff/accounts.html",
            staff,
            status_code=status_code,
            accounts=accounts,
            q=search or "",
            health=await health.summary(today(state.settings, state.clock)),
            health_alerts=await health.alerts(10),
            definition=await health.definition(),
            can_edit_health=staff.role in ("cs", "admin"),
            **context,
        )

    @get("/")
    async def accounts_page(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        return await self._render(request, staff)

    async def _import(self, request: Request[Any, Any, Any], staff: Staff, which: str) -> Template:
        form = await read_form(request)
        content, typed, from_file = await _upload_bytes(form, "file", "csv_text")
        state = request.app.state
        now = state.clock.now()
        jobs = {
            "accounts": imports.import_accounts,
            "events": lambda data, when, _settings: imports.import_events(data, when),
            "usage": import_usage,
            "scores": import_health_scores,
        }
        try:
            result = await jobs[which](content, now, state.settings)
        except imports.ImportRejected as exc:
            kept = _kept_text(content, typed, from_file)
            return await self._render(
                request,
                staff,
                422,
                which=which,
                row_errors=exc.problems,
                **{f"{which}_csv": kept},
            )
        return await self._render(request, staff, which=which, result=result)

    @post("/import", request_max_body_size=CSV_MAX_BYTES)
    async def import_accounts(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        return await self._import(request, staff, "accounts")

    @post("/events/import", request_max_body_size=CSV_MAX_BYTES)
    async def import_events(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        return await self._import(request, staff, "events")

    @post("/usage/import", request_max_body_size=CSV_MAX_BYTES)
    async def import_usage(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        return await self._import(request, staff, "usage")

    @post("/health/import", request_max_body_size=CSV_MAX_BYTES)
    async def import_scores(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        return await self._import(request, staff, "scores")

    @get("/{account_id:int}")
    async def account_page(
        self, request: Request[Any, Any, Any], staff: Staff, account_id: int
    ) -> Template:
        account = await AccountService().get(account_id)
        history = await HealthService().history(account_id)
        return page(request, "staff/account_health.html", staff, account=account, history=history)

    async def _definition_page(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        status_code: int = 200,
        errors: list[str] | None = None,
        values: dict[str, str] | None = None,
    ) -> Template:
        if staff.role not in ("cs", "admin"):
            raise PermissionDeniedException("editing the health definition needs cs or admin")
        current = await HealthService().definition()
        return page(
            request,
            "staff/health_definition.html",
            staff,
            status_code=status_code,
            current=current,
            errors=errors or [],
            values=values or {},
            request_saved=request.query_params.get("saved") == "1",
        )

    @get("/health/definition")
    async def definition_page(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        return await self._definition_page(request, staff)

    @post("/health/definition")
    async def save_definition(
        self, request: Request[Any, Any, Any], staff: Staff
    ) -> Template | Redirect:
        if staff.role not in ("cs", "admin"):
            raise PermissionDeniedException("editing the health definition needs cs or admin")
        form = await read_form(request)
        values = {k: str(v).strip() for k, v in form_values(form).items()}
        current = (await HealthService().definition()).definition
        errors: list[str] = []

        def number(name: str, default: float | None) -> float | None:
            text = values.get(name, "")
            if not text:
                return default
            try:
                return float(text)
            except ValueError:
                errors.append(f"{name}: not a number ({text!r})")
                return default

        components = []
        for c in current.components:
            components.append(
                HealthComponent(
                    key=c.key,
                    weight=number(f"{c.key}.weight", c.weight) or 0.0,
                    green_min=number(f"{c.key}.green_min", c.green_min) or 0.0,
                    yellow_min=number(f"{c.key}.yellow_min", c.yellow_min) or 0.0,
                    green_max=number(f"{c.key}.green_max", c.green_max)
                    if c.green_max is not None
                    else None,
                    label_en=c.label_en,
                    label_ja=c.label_ja,
                )
            )
        spec = HealthDefinitionSpec(
            components=tuple(components),
            green_min=number("green_min", current.green_min) or 0.0,
            red_below=number("red_below", current.red_below) or 0.0,
            drop_alert_points=number("drop_alert_points", current.drop_alert_points) or 0.0,
        )
        errors += [f"{field}: {reason}" for field, reason in spec.validate()]
        if errors:
            return await self._definition_page(request, staff, 422, errors, values)
        await HealthService().update_definition(spec, staff.email)
        return see_other("/accounts/health/definition?saved=1")


__all__ = ["AccountPages", "WorkshopPages", "effect_chart", "workshop_from_form"]
