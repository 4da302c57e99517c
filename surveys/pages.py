"""Staff web pages for surveys: list, create, questions, recipients, preview, send, progress.

Thin: every page reads its form, calls :class:`surveys.services.SurveyService` (or the
analytics service for results, in :mod:`analytics.results_pages`) and renders a template from
``surveys/templates/staff/``. Role checks are the same as the API's: guards for the page,
the service's own audience check (cs never touches eNPS) for the survey.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, MediaType, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.response import Response, Template

from app.auth.audience import MANAGE_ROLES
from app.auth.guards import can_manage_surveys, can_read
from app.auth.schemas import Staff
from app.errors import InputError
from app.i18n import t
from app.web import (
    PAGE_EXCEPTION_HANDLERS,
    clean_validation,
    errors_of,
    form_values,
    page,
    page_language,
    parse_int,
    read_form,
    see_other,
    validation_field,
)
from surveys.emails import compose, incentive_label, survey_mail
from surveys.incentives import KINDS as INCENTIVE_KINDS
from surveys.questions import DEFAULT_DRIVERS, DRIVERS
from surveys.recipients import RecipientsRejected, decode_csv
from surveys.schemas import LocalText, Option, Question, SurveyCreate, SurveyUpdate
from surveys.schemas import Survey as SurveyOut
from surveys.services import SurveyService
from surveys.services.incentives import IncentiveCreate, IncentiveService

UPLOAD_MAX_BYTES = 20 * 1024 * 1024
KEEP_TEXT_MAX = 200_000
WEEKDAYS = (0, 1, 2, 3, 4, 5, 6)
KIND_AUDIENCE = {
    "customer_nps": "customer",
    "training_feedback": "customer",
    "training_followup": "customer",
    "enps": "employee",
}


def provide_survey_service(request: Request[Any, Any, Any]) -> SurveyService:
    return SurveyService(request.app.state.settings, request.app.state.clock)


def kinds_for(staff: Staff) -> list[str]:
    """Templates the staff member may create (cs: customer kinds; hr: eNPS; admin: all)."""
    return [
        kind
        for kind, audience in KIND_AUDIENCE.items()
        if staff.role == "admin" or staff.role in MANAGE_ROLES[audience]
    ]


def may_manage(staff: Staff, survey: SurveyOut) -> bool:
    return staff.role == "admin" or staff.role in MANAGE_ROLES[survey.audience]


async def incentive_views(clock: Any, survey_id: int, settings: Any = None) -> list[dict[str, Any]]:
    """Each incentive with its budget use in percent, for the gauge."""
    from surveys.services.incentives import IncentiveService

    views = []
    for incentive in await IncentiveService(clock, settings).list(survey_id):
        try:
            budget, committed = Decimal(incentive.budget), Decimal(incentive.committed_cost)
            used = float(min(Decimal(100), committed / budget * 100)) if budget > 0 else 0.0
        except (InvalidOperation, ArithmeticError):
            used = 0.0
        views.append({"incentive": incentive, "uplift": incentive.uplift, "used_pct": used})
    return views


def _checked(form: Any, name: str) -> bool:
    return form.get(name) in {"on", "1", "true", "yes"}


# ----------------------------------------------------------------------------- questions


_SLUG = re.compile(r"[^a-z0-9]+")


def _new_key(text: str, taken: set[str]) -> str:
    slug = _SLUG.sub("_", text.lower()).strip("_")[:30] or "question"
    base = f"q_{slug}" if not slug[0].isalpha() else slug
    base = base[:36]
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _options(text: str) -> list[Option]:
    options: list[Option] = []
    taken: set[str] = set()
    for line in text.splitlines():
        if not line.strip():
            continue
        en, _, ja = line.partition("/")
        en, ja = en.strip(), (ja.strip() or en.strip())
        key = _new_key(en or ja, taken)
        taken.add(key)
        options.append(Option(key=key, text=LocalText(en=en or ja, ja=ja)))
    return options


def questions_from_form(current: list[Question], form: Any) -> list[Question]:
    """Apply the questions form to the current questions (edit, remove, add one)."""
    out: list[Question] = []
    for i, question in enumerate(current):
        if _checked(form, f"q-{i}-remove"):
            continue
        en = str(form.get(f"q-{i}-en", question.text.en)).strip()
        ja = str(form.get(f"q-{i}-ja", question.text.ja)).strip()
        if not en or not ja:
            raise InputError(f"q-{i}-en" if not en else f"q-{i}-ja", "write the question text")
        out.append(
            msgspec.structs.replace(
                question,
                text=LocalText(en=en, ja=ja),
                required=_checked(form, f"q-{i}-required"),
            )
        )
    new_en = str(form.get("new-en", "")).strip()
    new_ja = str(form.get("new-ja", "")).strip()
    if new_en or new_ja:
        kind = str(form.get("new-type", "text"))
        if kind not in {"nps", "rating", "single", "multi", "text"}:
            raise InputError("new-type", "choose a question type")
        if not new_en or not new_ja:
            raise InputError("new-en" if not new_en else "new-ja", "write the question in both")
        key = _new_key(new_en, {q.key for q in out} | {q.key for q in current})
        options = (
            _options(str(form.get("new-options", ""))) if kind in {"single", "multi"} else None
        )
        if kind in {"single", "multi"} and not options:
            raise InputError("new-options", "give at least one choice, one per line")
        out.append(
            Question(
                key=key,
                type=kind,  # type: ignore[arg-type]
                text=LocalText(en=new_en, ja=new_ja),
                required=_checked(form, "new-required"),
                options=options,
            )
        )
    if not out:
        raise InputError("_form", "a survey needs at least one question")
    return out


# ----------------------------------------------------------------------------- create form


def _create_defaults(request: Request[Any, Any, Any]) -> dict[str, Any]:
    return {
        "name": "",
        "public_title_en": "",
        "public_title_ja": "",
        "org_name": "",
        "sender_name": "",
        "kind": "",
        "subject": "",
        "drivers": list(DEFAULT_DRIVERS),
        "window_start_hour": "9",
        "window_end_hour": "18",
        "weekdays": ["0", "1", "2", "3", "4"],
        "timezone": request.app.state.settings.timezone,
        "reminder_count": "2",
        "reminder_interval_days": "3",
        "holdout_percent": "10",
    }


def mail_fields_from_form(values: dict[str, str]) -> dict[str, Any]:
    """Public title, organisation and sender name as typed on the create or preview page."""
    return {
        "public_title": {
            "en": values.get("public_title_en", "").strip(),
            "ja": values.get("public_title_ja", "").strip(),
        },
        "org_name": values.get("org_name", "").strip(),
        "sender_name": values.get("sender_name", "").strip(),
    }


def survey_create_from_form(form: Any) -> SurveyCreate:
    values = form_values(form)
    holdout_text = values.get("holdout_percent", "10").strip() or "0"
    try:
        holdout = float(holdout_text) / 100
    except ValueError:
        raise InputError("holdout_percent", "enter a percentage from 0 to 50") from None
    if not 0 <= holdout <= 0.5:
        raise InputError("holdout_percent", "enter a percentage from 0 to 50")
    kind = values.get("kind", "")
    raw: dict[str, Any] = {
        "name": values.get("name", "").strip(),
        **mail_fields_from_form(values),
        "kind": kind,
        "subject": values.get("subject", "").strip() or None,
        "timezone": values.get("timezone", "").strip() or None,
        "window_start_hour": parse_int(values.get("window_start_hour"), "window_start_hour", 0, 23),
        "window_end_hour": parse_int(values.get("window_end_hour"), "window_end_hour", 1, 24),
        "window_weekdays": sorted(int(d) for d in form.getall("weekdays", []) if d.isdigit()),
        "reminder_count": parse_int(values.get("reminder_count"), "reminder_count", 0, 3),
        "reminder_interval_days": parse_int(
            values.get("reminder_interval_days"), "reminder_interval_days", 1, 60
        ),
        "holdout_share": holdout,
    }
    if kind == "customer_nps":
        raw["drivers"] = [d for d in form.getall("drivers", []) if d in DRIVERS]
    if not raw["name"]:
        raise InputError("name", "give the survey a name")
    if kind not in KIND_AUDIENCE:
        raise InputError("kind", "choose a template")
    try:
        return msgspec.convert(raw, SurveyCreate)
    except msgspec.ValidationError as exc:
        raise InputError(validation_field(exc), clean_validation(exc)) from None


def _create_form_values(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = dict(form_values(form))
    values["weekdays"] = list(form.getall("weekdays", []))
    values["drivers"] = list(form.getall("drivers", []))
    return values


def _local_moment(text: str, timezone: str) -> dt.datetime:
    try:
        naive = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError("at", "enter a date and time") from None
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=ZoneInfo(timezone))


async def email_preview(
    request: Request[Any, Any, Any], survey: SurveyOut, language: str
) -> dict[str, str]:
    """Sender, subject, text and HTML of the invitation as a recipient in ``language`` gets
    it: the same composer and inputs as the outbox (incentive note included while offered);
    only the name and the personal link are examples."""
    settings = request.app.state.settings
    mail_survey = survey_mail(
        name=survey.name,
        public_title_en=survey.public_title.en,
        public_title_ja=survey.public_title.ja,
        org_name=survey.org_name,
        sender_name=survey.sender_name,
        questions=survey.questions,
        settings=settings,
    )
    incentive = await IncentiveService(request.app.state.clock).is_offered(survey.id)
    composed = compose(
        kind="invitation",
        language=language,
        survey=mail_survey,
        to_email="recipient@example.com",
        to_name="山田 花子" if language == "ja" else "Alex Example",
        base_url=settings.base_url,
        token="preview-link",
        unsubscribe_token="preview-unsubscribe",
        now=request.app.state.clock.now(),
        incentive_name=incentive_label(incentive, language) if incentive else None,
    )
    message = email.message_from_string(composed.raw, policy=email.policy.default)
    text_part = message.get_body(("plain",))  # type: ignore[attr-defined]
    html_part = message.get_body(("html",))  # type: ignore[attr-defined]
    return {
        "language": language,
        "sender": str(message["From"]),
        "subject": composed.subject,
        "text": text_part.get_content() if text_part is not None else "",
        "html": html_part.get_content() if html_part is not None else "",
    }


# ----------------------------------------------------------------------------- controller


class SurveyPages(Controller):
    """``/surveys…``: the staff pages of the surveys package."""

    path = "/surveys"
    include_in_schema = False
    guards = [can_read]
    exception_handlers = PAGE_EXCEPTION_HANDLERS
    dependencies = {"surveys": Provide(provide_survey_service, sync_to_thread=False)}

    @get("/", name="surveys.list")
    async def list_page(
        self, request: Request[Any, Any, Any], staff: Staff, surveys: SurveyService
    ) -> Template:
        items = await surveys.list_surveys(staff)
        return page(
            request,
            "staff/survey_list.html",
            staff,
            surveys=items,
            can_create=bool(kinds_for(staff)) and staff.role != "manager",
        )

    @get("/new", guards=[can_manage_surveys])
    async def new_page(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        values = _create_defaults(request)
        kinds = kinds_for(staff)
        kind = request.query_params.get("kind")
        values["kind"] = kind if kind in kinds else kinds[0]
        return self._create_form(request, staff, values, {})

    def _create_form(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        values: dict[str, Any],
        errors: dict[str, str],
        status_code: int = 200,
    ) -> Template:
        return page(
            request,
            "staff/survey_new.html",
            staff,
            status_code=status_code,
            values=values,
            errors=errors,
            kinds=kinds_for(staff),
            drivers=DRIVERS,
            default_org=request.app.state.settings.org_name,
            default_sender=request.app.state.settings.mail_from_name,
        )

    @post("/new", guards=[can_manage_surveys])
    async def create(
        self, request: Request[Any, Any, Any], staff: Staff, surveys: SurveyService
    ) -> Response[Any]:
        form = await read_form(request)
        try:
            data = survey_create_from_form(form)
            if data.kind not in kinds_for(staff):
                raise InputError("kind", "your role may not create this kind of survey")
            survey = await surveys.create(data, staff)
        except InputError as exc:
            if exc.status_code >= 500:
                raise
            return self._create_form(request, staff, _create_form_values(form), errors_of(exc), 422)
        return see_other(f"/surveys/{survey.id}")

    @get("/{survey_id:int}")
    async def detail(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Template:
        return await self._detail(request, survey_id, staff, surveys, {})

    async def _detail(
        self,
        request: Request[Any, Any, Any],
        survey_id: int,
        staff: Staff,
        surveys: SurveyService,
        errors: dict[str, str],
        values: dict[str, str] | None = None,
        status_code: int = 200,
        confirm: str | None = None,
    ) -> Template:
        survey = await surveys.get(survey_id, staff)
        progress = await surveys.progress(survey_id, staff)
        return page(
            request,
            "staff/survey_detail.html",
            staff,
            status_code=status_code,
            survey=survey,
            progress=progress,
            manage=may_manage(staff, survey),
            errors=errors,
            values=values or {"when": "now", "at": ""},
            sent=request.query_params.get("sent") == "1",
            incentives=await incentive_views(
                request.app.state.clock, survey_id, request.app.state.settings
            ),
            confirm=confirm,
        )

    # -- questions -------------------------------------------------------------------------

    @get("/{survey_id:int}/questions", guards=[can_manage_surveys])
    async def questions_page(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Template:
        survey = await surveys.get(survey_id, staff)
        if not may_manage(staff, survey):
            raise InputError(None, "you may not edit this survey", 403)
        saved = request.query_params.get("saved") == "1"
        return self._questions_form(request, staff, survey, {}, {}, saved=saved)

    def _questions_form(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        survey: SurveyOut,
        values: dict[str, str],
        errors: dict[str, str],
        status_code: int = 200,
        saved: bool = False,
    ) -> Template:
        return page(
            request,
            "staff/survey_questions.html",
            staff,
            status_code=status_code,
            survey=survey,
            values=values,
            errors=errors,
            saved=saved,
            posted=bool(values),
        )

    @post("/{survey_id:int}/questions", guards=[can_manage_surveys])
    async def save_questions(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Response[Any]:
        survey = await surveys.get(survey_id, staff)
        form = await read_form(request)
        try:
            questions = questions_from_form(survey.questions, form)
            await surveys.update(survey_id, SurveyUpdate(questions=questions), staff)
        except InputError as exc:
            if exc.status_code == 403:
                raise
            values = form_values(form)
            return self._questions_form(request, staff, survey, values, errors_of(exc), 422)
        return see_other(f"/surveys/{survey_id}/questions?saved=1")

    # -- recipients ------------------------------------------------------------------------

    @get("/{survey_id:int}/recipients", guards=[can_manage_surveys])
    async def recipients_page(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Template:
        survey = await surveys.get(survey_id, staff)
        if not may_manage(staff, survey):
            raise InputError(None, "you may not change this survey's recipients", 403)
        progress = await surveys.progress(survey_id, staff)
        return self._recipients_form(request, staff, survey, progress=progress)

    def _recipients_form(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        survey: SurveyOut,
        status_code: int = 200,
        **context: Any,
    ) -> Template:
        context.setdefault("csv_text", "")
        context.setdefault("respect", True)
        context.setdefault("row_errors", [])
        context.setdefault("report", None)
        context.setdefault("file_kept", False)
        context.setdefault("error", None)
        return page(
            request,
            "staff/survey_recipients.html",
            staff,
            status_code=status_code,
            survey=survey,
            **context,
        )

    @post(
        "/{survey_id:int}/recipients",
        guards=[can_manage_surveys],
        request_max_body_size=UPLOAD_MAX_BYTES,
    )
    async def upload_recipients(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Response[Any]:
        survey = await surveys.get(survey_id, staff)
        form = await read_form(request)
        upload = form.get("file")
        content = b""
        if isinstance(upload, UploadFile):
            content = await upload.read()
        csv_text = str(form.get("csv_text", "") or "")
        from_file = bool(content.strip())
        if not from_file:
            content = csv_text.encode("utf-8")
        respect = _checked(form, "respect_contact_frequency")
        try:
            report = await surveys.import_csv(
                survey_id, content, staff, respect_contact_frequency=respect
            )
        except RecipientsRejected as exc:
            kept = csv_text
            if from_file and len(content) <= KEEP_TEXT_MAX:
                try:
                    kept = decode_csv(content)
                except RecipientsRejected:
                    kept = csv_text
            return self._recipients_form(
                request,
                staff,
                survey,
                422,
                csv_text=kept,
                respect=respect,
                row_errors=exc.errors,
                file_kept=from_file and kept != csv_text,
                progress=await surveys.progress(survey_id, staff),
            )
        except InputError as exc:
            if exc.status_code == 403:
                raise
            return self._recipients_form(
                request,
                staff,
                survey,
                exc.status_code,
                csv_text=csv_text,
                respect=respect,
                error=exc.detail,
                progress=await surveys.progress(survey_id, staff),
            )
        return self._recipients_form(
            request,
            staff,
            survey,
            report=report,
            respect=respect,
            progress=await surveys.progress(survey_id, staff),
        )

    # -- preview and send ------------------------------------------------------------------

    @get("/{survey_id:int}/preview", guards=[can_manage_surveys])
    async def preview(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Template:
        return await self._preview(request, await surveys.get(survey_id, staff), staff, {})

    async def _preview(
        self,
        request: Request[Any, Any, Any],
        survey: SurveyOut,
        staff: Staff,
        errors: dict[str, str],
        values: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        previews = [await email_preview(request, survey, language) for language in ("en", "ja")]
        settings = request.app.state.settings
        return page(
            request,
            "staff/survey_preview.html",
            staff,
            status_code=status_code,
            survey=survey,
            previews=previews,
            errors=errors,
            values=values
            or {
                "public_title_en": survey.public_title.en,
                "public_title_ja": survey.public_title.ja,
                "org_name": survey.org_name,
                "sender_name": survey.sender_name,
            },
            default_org=settings.org_name,
            default_sender=settings.mail_from_name,
        )

    @post("/{survey_id:int}/preview", guards=[can_manage_surveys])
    async def save_mail_fields(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Response[Any]:
        """Change the public title, organisation and sender name, then preview again."""
        values = form_values(await read_form(request))
        try:
            data = msgspec.convert(mail_fields_from_form(values), SurveyUpdate)
            await surveys.update(survey_id, data, staff)
        except msgspec.ValidationError as exc:
            survey = await surveys.get(survey_id, staff)
            field = validation_field(exc) or "_form"
            return await self._preview(
                request, survey, staff, {field: clean_validation(exc)}, values, 422
            )
        except InputError as exc:
            if exc.status_code == 403:
                raise
            survey = await surveys.get(survey_id, staff)
            return await self._preview(request, survey, staff, errors_of(exc), values, 422)
        return see_other(f"/surveys/{survey_id}/preview?saved=1")

    @get(
        "/{survey_id:int}/preview/{language:str}",
        guards=[can_manage_surveys],
        media_type=MediaType.HTML,
    )
    async def preview_html(
        self,
        request: Request[Any, Any, Any],
        survey_id: int,
        language: str,
        staff: Staff,
        surveys: SurveyService,
    ) -> Response[str]:
        """The HTML part alone, for a sandboxed same-origin frame on the preview page."""
        if language not in {"en", "ja"}:
            raise InputError("language", "en or ja", 404)
        survey = await surveys.get(survey_id, staff)
        html = (await email_preview(request, survey, language))["html"]
        return Response(
            html,
            media_type=MediaType.HTML,
            headers={
                "content-security-policy": "default-src 'none'; img-src data:; "
                "style-src 'unsafe-inline'; frame-ancestors 'self'",
                "x-frame-options": "SAMEORIGIN",
                "cache-control": "no-store",
            },
        )

    @post("/{survey_id:int}/send", guards=[can_manage_surveys])
    async def send(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Response[Any]:
        survey = await surveys.get(survey_id, staff)
        form = await read_form(request)
        values = form_values(form)
        try:
            at = None
            if values.get("when") == "later":
                at = _local_moment(values.get("at", ""), survey.timezone)
            progress = await surveys.progress(survey_id, staff)
            if progress.invitations == 0:
                lang = page_language(request, staff)
                raise InputError("_send", t("surveys.send_no_recipients", lang))
            if values.get("confirm") != "yes":
                # Emails cannot be taken back: say to how many, then ask once more.
                return await self._detail(
                    request, survey_id, staff, surveys, {}, values, confirm="send"
                )
            await surveys.send(survey_id, at, staff)
        except InputError as exc:
            if exc.status_code == 403:
                raise
            return await self._detail(
                request, survey_id, staff, surveys, errors_of(exc, "_send"), values, 422
            )
        return see_other(f"/surveys/{survey_id}?sent=1#progress")

    @post("/{survey_id:int}/close", guards=[can_manage_surveys])
    async def close(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Response[Any]:
        values = form_values(await read_form(request))
        if values.get("confirm") != "yes":
            await surveys.get(survey_id, staff)
            return await self._detail(request, survey_id, staff, surveys, {}, confirm="close")
        await surveys.close(survey_id, staff)
        return see_other(f"/surveys/{survey_id}")

    # -- incentives ------------------------------------------------------------------------

    def _incentive_form(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        survey: SurveyOut,
        values: dict[str, str],
        errors: dict[str, str],
        status_code: int = 200,
    ) -> Template:
        return page(
            request,
            "staff/incentive_new.html",
            staff,
            status_code=status_code,
            survey=survey,
            values=values,
            errors=errors,
            kinds=INCENTIVE_KINDS,
        )

    @get("/{survey_id:int}/incentives/new", guards=[can_manage_surveys])
    async def incentive_page(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Template:
        survey = await surveys.get(survey_id, staff)
        if not may_manage(staff, survey):
            raise InputError(None, "you may not change this survey", 403)
        values = {"kind": "gift_card", "currency": "JPY", "code_source": "generated"}
        return self._incentive_form(request, staff, survey, values, {})

    @post("/{survey_id:int}/incentives/new", guards=[can_manage_surveys])
    async def create_incentive(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Response[Any]:
        """Set up an incentive from the form, with the API's checks (ISO currency, budget)."""
        survey = await surveys.get(survey_id, staff)
        if not may_manage(staff, survey):
            raise InputError(None, "you may not change this survey", 403)
        values = form_values(await read_form(request))
        optional = ("unit_cost", "percent", "expected_order_value", "expected_redemption_rate")
        try:
            data = msgspec.convert(
                {
                    "kind": values.get("kind", ""),
                    "name": values.get("name", "").strip(),
                    "currency": values.get("currency", "").strip().upper(),
                    "budget": values.get("budget", "").strip(),
                    **{k: values[k].strip() for k in optional if values.get(k, "").strip()},
                    "code_source": values.get("code_source", "generated"),
                    "description_en": values.get("description_en", ""),
                    "description_ja": values.get("description_ja", ""),
                },
                IncentiveCreate,
            )
            await IncentiveService(request.app.state.clock).create(survey_id, data)
        except (InputError, msgspec.ValidationError) as exc:
            if isinstance(exc, InputError) and exc.status_code == 403:
                raise
            field = exc.field if isinstance(exc, InputError) else validation_field(exc)
            detail = exc.detail if isinstance(exc, InputError) else clean_validation(exc)
            return self._incentive_form(
                request, staff, survey, values, {field or "_form": detail}, 422
            )
        return see_other(f"/surveys/{survey_id}#incentives")

    @post("/{survey_id:int}/reopen", guards=[can_manage_surveys])
    async def reopen(
        self, request: Request[Any, Any, Any], survey_id: int, staff: Staff, surveys: SurveyService
    ) -> Response[Any]:
        await surveys.reopen(survey_id, staff)
        return see_other(f"/surveys/{survey_id}")


__all__ = ["SurveyPages", "email_preview", "kinds_for", "questions_from_form"]
