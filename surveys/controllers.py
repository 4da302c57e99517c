"""HTTP layer of the surveys package: the staff API and the respondent pages (thin)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qsl

import msgspec
from litestar import Controller, Litestar, MediaType, Request, get, patch, post
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import Body
from litestar.response import Response, Template
from litestar.types import Scope

from app.auth.guards import can_manage_surveys, can_read
from app.auth.schemas import Staff
from app.bodies import too_deep
from app.errors import InputError, error_body
from app.front import Reply, content_headers
from app.i18n import accept_language, gettext_callables, t
from app.uploads import uploaded_bytes
from surveys.page_cache import PageKey, SharedPages
from surveys.questions import AnswerError, end_labels
from surveys.schemas import (
    AnswerIn,
    AnswerSaved,
    ImportReport,
    Progress,
    RecipientsIn,
    SendRequest,
    SurveyCreate,
    SurveyForm,
    SurveySummary,
    SurveyUpdate,
    Unsubscribed,
)
from surveys.schemas import Survey as SurveyOut
from surveys.services import (
    AnswersRejected,
    LinkExpired,
    LinkNotFound,
    RecipientsRejected,
    RespondentService,
    SurveyService,
)

UPLOAD_MAX_BYTES = 20 * 1024 * 1024


def provide_survey_service(request: Request[Any, Any, Any]) -> SurveyService:
    return SurveyService(request.app.state.settings, request.app.state.clock)


def provide_respondent_service(request: Request[Any, Any, Any]) -> RespondentService:
    state = request.app.state
    return RespondentService(state.settings, state.clock, state.get("hot"))


def _rejected(exc: RecipientsRejected) -> InputError:
    return InputError(
        "recipients",
        f"{len(exc.errors)} problem(s) in the recipients; nothing was imported",
        422,
        errors=msgspec.to_builtins(exc.errors),
    )


class SurveyController(Controller):
    """Staff API: surveys, recipients, sending, progress and export."""

    path = "/api/surveys"
    tags = ["surveys"]
    dependencies = {"surveys": Provide(provide_survey_service, sync_to_thread=False)}

    @post("/", operation_id="createSurvey", guards=[can_manage_surveys])
    async def create(self, data: SurveyCreate, staff: Staff, surveys: SurveyService) -> SurveyOut:
        """Create a draft survey from the template of its kind (or your own questions)."""
        return await surveys.create(data, staff)

    @get("/", operation_id="listSurveys", guards=[can_read])
    async def list_surveys(self, staff: Staff, surveys: SurveyService) -> list[SurveySummary]:
        """Surveys you may see (eNPS only for hr and admin), newest first."""
        return await surveys.list_surveys(staff)

    @get("/{survey_id:int}", operation_id="getSurvey", guards=[can_read])
    async def get_survey(self, survey_id: int, staff: Staff, surveys: SurveyService) -> SurveyOut:
        """One survey with its current questions."""
        return await surveys.get(survey_id, staff)

    @patch("/{survey_id:int}", operation_id="updateSurvey", guards=[can_manage_surveys])
    async def update(
        self, survey_id: int, data: SurveyUpdate, staff: Staff, surveys: SurveyService
    ) -> SurveyOut:
        """Edit settings or questions; new questions on a sent survey make a new version."""
        return await surveys.update(survey_id, data, staff)

    @post(
        "/{survey_id:int}/close",
        operation_id="closeSurvey",
        guards=[can_manage_surveys],
        status_code=200,
    )
    async def close(self, survey_id: int, staff: Staff, surveys: SurveyService) -> SurveyOut:
        """Close the survey: links answer 410 and queued emails are cancelled."""
        return await surveys.close(survey_id, staff)

    @post(
        "/{survey_id:int}/reopen",
        operation_id="reopenSurvey",
        guards=[can_manage_surveys],
        status_code=200,
        opt={"errors": (409,)},
    )
    async def reopen(self, survey_id: int, staff: Staff, surveys: SurveyService) -> SurveyOut:
        """Reopen a closed survey: its links take answers again."""
        return await surveys.reopen(survey_id, staff)

    @post("/{survey_id:int}/clone", operation_id="cloneSurvey", guards=[can_manage_surveys])
    async def clone(self, survey_id: int, staff: Staff, surveys: SurveyService) -> SurveyOut:
        """Copy settings and current questions into a new draft without recipients."""
        return await surveys.clone(survey_id, staff)

    @post(
        "/{survey_id:int}/recipients",
        operation_id="addRecipients",
        guards=[can_manage_surveys],
        status_code=200,
        request_max_body_size=UPLOAD_MAX_BYTES,
    )
    async def add_recipients(
        self, survey_id: int, data: RecipientsIn, staff: Staff, surveys: SurveyService
    ) -> ImportReport:
        """Add recipients as JSON; every bad row is named and nothing is imported (422)."""
        try:
            return await surveys.add_recipients(
                survey_id, data.recipients, data.respect_contact_frequency, staff
            )
        except RecipientsRejected as exc:
            raise _rejected(exc) from None

    @post(
        "/{survey_id:int}/recipients/csv",
        operation_id="uploadRecipientsCsv",
        guards=[can_manage_surveys],
        status_code=200,
        request_max_body_size=UPLOAD_MAX_BYTES,
    )
    async def upload_recipients(
        self,
        survey_id: int,
        data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
        staff: Staff,
        surveys: SurveyService,
        respect_contact_frequency: bool = True,
    ) -> ImportReport:
        """Upload a recipients CSV (UTF-8 with or without BOM, or Shift_JIS) as ``data``."""
        content = await uploaded_bytes(data)
        try:
            return await surveys.import_csv(
                survey_id, content, staff, respect_contact_frequency=respect_contact_frequency
            )
        except RecipientsRejected as exc:
            raise _rejected(exc) from None

    @post(
        "/{survey_id:int}/send",
        operation_id="sendSurvey",
        guards=[can_manage_surveys],
        status_code=200,
    )
    async def send(
        self,
        survey_id: int,
        staff: Staff,
        surveys: SurveyService,
        data: SendRequest | None = None,
    ) -> Progress:
        """Queue the invitations now, or at ``at``; the sending window still applies."""
        return await surveys.send(survey_id, data.at if data else None, staff)

    @get("/{survey_id:int}/progress", operation_id="surveyProgress", guards=[can_read])
    async def progress(self, survey_id: int, staff: Staff, surveys: SurveyService) -> Progress:
        """Queued, sent, failed, bounced, answered and opted-out counts, and response rate."""
        return await surveys.progress(survey_id, staff)

    @get(
        "/{survey_id:int}/responses.csv",
        operation_id="exportResponses",
        guards=[can_read],
        media_type="text/csv",
    )
    async def export(self, survey_id: int, staff: Staff, surveys: SurveyService) -> Response[str]:
        """Answers as CSV (Excel-friendly BOM); eNPS exports carry no identity."""
        content = await surveys.export_csv(survey_id, staff)
        return Response(
            "\ufeff" + content,
            media_type="text/csv; charset=utf-8",
            headers={
                "content-disposition": f'attachment; filename="survey-{survey_id}-answers.csv"',
                "cache-control": "no-store",
            },
        )


# ---------------------------------------------------------------------- respondent pages


def _header(scope: Scope, name: bytes) -> str:
    """One request header, read from the ASGI scope (names are lower case there): the
    respondent path reads two or three, cheaper than building the full header map."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def _scope_wants_json(scope: Scope) -> bool:
    accept = _header(scope, b"accept")
    return _header(scope, b"content-type").startswith("application/json") or (
        "application/json" in accept and "text/html" not in accept
    )


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    return _scope_wants_json(request.scope)


def _request_language(request: Request[Any, Any, Any]) -> str:
    return accept_language(request.headers.get("accept-language"))


_PAGE_HEADERS = {"cache-control": "no-store", "x-robots-tag": "noindex"}


def _page(name: str, language: str, status_code: int = 200, **context: Any) -> Template:
    return Template(
        f"surveys/{name}.html",
        context={"lang": language, **gettext_callables(language), **context},
        status_code=status_code,
        media_type=MediaType.HTML,
        headers=_PAGE_HEADERS,
    )


def _picked_score(invite: Any, score: str | None) -> tuple[str, int] | None:
    """(main question's key, score) when ``?score=`` picks one (the email's score buttons)."""
    if score is not None and score.strip().isdigit() and 0 <= int(score) <= 10:
        main = next((q for q in invite.questions if q.type == "nps"), None)
        if main is not None:
            return main.key, int(score)
    return None


def _shared_key(invite: Any, picked: int | None) -> PageKey | None:
    """The shared page of a link nobody answered yet (the same as every such link of this
    version with the same score picked); None for a page of its own."""
    if invite.answers or invite.answered_at is not None or not invite.questions_text:
        return None
    return (invite.questions_text, invite.language, invite.survey_name, picked)


def _shared_pages(request: Request[Any, Any, Any]) -> SharedPages:
    return _app_pages(request.app)


def _app_pages(app: Litestar) -> SharedPages:
    pages: SharedPages | None = app.state.get("respondent_pages")
    if pages is None:
        pages = app.state["respondent_pages"] = SharedPages()
    return pages


def _render(request: Request[Any, Any, Any], name: str, language: str, **context: Any) -> str:
    """What :func:`_page` renders, as text (the page cache keeps it)."""
    return _render_in(request.app, name, language, **context)


def _render_in(app: Litestar, name: str, language: str, **context: Any) -> str:
    engine = app.template_engine
    assert engine is not None, "create_app configures the template engine"
    template = engine.get_template(f"surveys/{name}.html")
    return str(template.render(lang=language, **gettext_callables(language), **context))


def _not_found(request: Request[Any, Any, Any]) -> Response[Any]:
    if _wants_json(request):
        return Response(
            error_body(404, "This survey link is not valid"),
            status_code=404,
            media_type=MediaType.JSON,
        )
    language = _request_language(request)
    return _page(
        "message",
        language,
        404,
        title=t("survey.not_found_title", language),
        body=t("survey.not_found_body", language),
    )


def _gone(request: Request[Any, Any, Any], language: str) -> Response[Any]:
    if _wants_json(request):
        return Response(
            error_body(410, "This survey has closed"), status_code=410, media_type=MediaType.JSON
        )
    return _page(
        "message",
        language,
        410,
        title=t("survey.closed_title", language),
        body=t("survey.closed_body", language),
    )


_PAGE_LANE_HEADERS = [(b"cache-control", b"no-store"), (b"x-robots-tag", b"noindex")]


def _lane_score(query: bytes) -> str | None:
    """``?score=N`` as the handler reads it ("" without a query); None for any other query
    (the full stack parses it)."""
    if not query:
        return ""
    name, _, value = query.partition(b"=")
    return value.decode() if name == b"score" and value.isdigit() else None


async def survey_page_lane(scope: Scope, app: Litestar) -> Reply | None:
    """``GET /r/{token}`` ahead of routing (:mod:`app.front`) when the link's page is the
    shared, already rendered one (see :mod:`surveys.page_cache`); None otherwise."""
    token: str = scope["path"][3:]
    score = _lane_score(scope["query_string"])
    pages: SharedPages | None = app.state.get("respondent_pages")
    if not token or "/" in token or score is None or pages is None or _scope_wants_json(scope):
        return None
    state = app.state
    respondents = RespondentService(state.settings, state.clock, state.get("hot"))
    try:
        invite = await respondents.open(token)
    except (LinkNotFound, LinkExpired):
        return None
    main_score = _picked_score(invite, score)
    key = _shared_key(invite, main_score[1] if main_score else None)
    body = pages.cached(key, token) if key is not None else None
    if body is None:
        return None
    return Reply(200, content_headers(_PAGE_LANE_HEADERS, b"text/html; charset=utf-8", body), body)


_ANSWER_LANE_HEADERS: list[tuple[bytes, bytes]] = []


async def answer_lane(scope: Scope, app: Litestar, body: bytes) -> Reply | None:
    """``POST /r/{token}`` ahead of routing (:mod:`app.front`): a JSON answer (the JSON reply)
    or the page's form (the thank-you page), the same upsert as
    :meth:`RespondentController.submit`. Every other case (multipart, a bad body, an unknown
    link, a closed survey, rejected answers) is declined before any write: the route answers
    it."""
    token: str = scope["path"][3:]
    if not token or "/" in token or scope["query_string"]:
        return None
    content_type = _header(scope, b"content-type")
    if content_type.startswith("application/json"):
        if too_deep(body):
            return None
        try:
            raw = dict(msgspec.json.decode(body, type=AnswerIn).answers)
        except msgspec.DecodeError:
            return None
    elif content_type.startswith("application/x-www-form-urlencoded"):
        if _scope_wants_json(scope):
            return None
        try:
            raw = _form_answers(body)
        except InvalidBody:
            return None
    else:
        return None
    state = app.state
    respondents = RespondentService(state.settings, state.clock, state.get("hot"))
    try:
        invite, saved = await respondents.submit(token, raw)
    except (LinkNotFound, LinkExpired, AnswersRejected):
        return None  # nothing was written: the full stack answers the error its own way
    if content_type.startswith("application/json"):
        reply = msgspec.json.encode(saved)
        return Reply(200, content_headers(_ANSWER_LANE_HEADERS, b"application/json", reply), reply)
    # The thank-you page as the route renders it; without a gift it is the same for every
    # link of a language but the token. (Should rendering fail, the route serves the request
    # again: the same upsert, so still one answer, acknowledged once stored.)
    language = invite.language
    if saved.incentive is None:
        page = _app_pages(app).page(
            ("\x00thanks", language, "", None),
            token,
            lambda mark: _render_in(app, "thanks", language, **_thanks(invite, mark, None)),
        )
    else:
        page = None
    if page is None:
        page = _render_in(
            app, "thanks", language, **_thanks(invite, token, saved.incentive)
        ).encode()
    return Reply(200, content_headers(_PAGE_LANE_HEADERS, b"text/html; charset=utf-8", page), page)


def _thanks(invite: Any, token: str, incentive: Any) -> dict[str, Any]:
    """The thank-you page's context (the route and the answer lane render the same page)."""
    return {"invite": invite, "token": token, "incentive": incentive}


def _error_messages(
    errors: list[AnswerError], language: str, limits: dict[str, int]
) -> dict[str, str]:
    messages: dict[str, str] = {}
    for error in errors:
        messages.setdefault(
            error.field,
            t(f"survey.error.{error.code}", language, max=limits.get(error.field, 5000)),
        )
    return messages


class InvalidBody(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


async def _read_answers(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The posted answers from JSON, a URL-encoded form (strict UTF-8) or multipart."""
    content_type = _header(request.scope, b"content-type")
    if content_type.startswith("application/json"):
        try:
            payload = msgspec.json.decode(await request.body(), type=AnswerIn)
        except msgspec.DecodeError as exc:
            raise InvalidBody(str(exc)) from None
        return dict(payload.answers)
    if content_type.startswith("application/x-www-form-urlencoded"):
        return _form_answers(await request.body())
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        return _answers_of([(k, v) for k, v in form.multi_items() if isinstance(v, str)])
    raise InvalidBody("send a form or JSON")


def _form_answers(body: bytes) -> dict[str, Any]:
    """The answers of the page's URL-encoded form (strict UTF-8)."""
    try:
        pairs = parse_qsl(
            body.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict"
        )
    except (UnicodeDecodeError, ValueError):
        raise InvalidBody("the form is not valid UTF-8 text") from None
    return _answers_of(pairs)


def _answers_of(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Posted fields by name, a repeated name (checkboxes) as a list; the CSRF field dropped."""
    raw: dict[str, Any] = {}
    for key, value in pairs:
        if key == "_csrf":
            continue
        if key in raw:
            existing = raw[key]
            raw[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            raw[key] = value
    return raw


_ANSWER_VALUE = Schema(
    one_of=[
        Schema(type=OpenAPIType.INTEGER),
        Schema(type=OpenAPIType.STRING),
        Schema(type=OpenAPIType.ARRAY, items=Schema(type=OpenAPIType.STRING)),
    ]
)
_ANSWERS = Schema(
    type=OpenAPIType.OBJECT,
    additional_properties=_ANSWER_VALUE,
    description="Question key → answer, for the questions GET /r/{token} lists (ask for JSON "
    "with Accept: application/json): 0–10 for nps, 1–scale for rating, the choice value(s) "
    "for choice questions, text for text. Missing optional questions are left unanswered.",
    examples=[{"recommend": 9, "reason": "Fast, friendly support"}],
)


@dataclass
class _AnswersOperation(Operation):
    """POST /r/{token}: the answers, as JSON or as the form the page posts."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            required=True,
            content={
                "application/json": OpenAPIMediaType(
                    schema=Schema(
                        type=OpenAPIType.OBJECT,
                        required=["answers"],
                        properties={"answers": _ANSWERS},
                    )
                ),
                "application/x-www-form-urlencoded": OpenAPIMediaType(schema=_ANSWERS),
            },
        )


@dataclass
class _UnsubscribeOperation(Operation):
    """POST /u/{token}: RFC 8058 one-click, the body mail clients send (or none)."""

    def __post_init__(self) -> None:
        form = Schema(
            type=OpenAPIType.OBJECT,
            properties={"List-Unsubscribe": Schema(type=OpenAPIType.STRING, const="One-Click")},
        )
        self.request_body = RequestBody(
            required=False,
            content={"application/x-www-form-urlencoded": OpenAPIMediaType(schema=form)},
        )


class RespondentController(Controller):
    """Pages behind the personal links; the token in the URL is the credential."""

    path = "/"
    tags = ["respondents"]
    include_in_schema = True
    opt = {"csrf_exempt": True}
    dependencies = {"respondents": Provide(provide_respondent_service, sync_to_thread=False)}

    @get(
        "/r/{token:str}",
        operation_id="surveyPage",
        media_type=MediaType.HTML,
        responses={
            200: ResponseSpec(
                data_container=SurveyForm,
                media_type=MediaType.JSON,
                description="The survey form (HTML; JSON with Accept: application/json)",
            )
        },
    )
    async def survey_page(
        self,
        request: Request[Any, Any, Any],
        token: str,
        respondents: RespondentService,
        score: str | None = None,
    ) -> Response[Any]:
        """The survey form; ``?score=7`` pre-selects a score but a GET never stores anything."""
        try:
            invite = await respondents.open(token)
        except LinkNotFound:
            return _not_found(request)
        except LinkExpired as exc:
            return _gone(request, exc.language)
        if _wants_json(request):
            return Response(
                SurveyForm(
                    title=invite.survey_name,
                    language=invite.language,
                    version=invite.version,
                    questions=invite.questions,
                    answers=dict(invite.answers),
                    answered_at=invite.answered_at,
                ),
                media_type=MediaType.JSON,
            )
        values: dict[str, Any] = dict(invite.answers)
        main_score = _picked_score(invite, score)
        picked = None
        if main_score is not None:
            values[main_score[0]] = picked = main_score[1]
        key = _shared_key(invite, picked)
        if key is not None:
            shared = _shared_pages(request).page(
                key,
                token,
                lambda mark: _render(
                    request,
                    "respond",
                    invite.language,
                    **self._context(invite, values, {}, mark, picked),
                ),
            )
            if shared is not None:
                return Response(shared, media_type=MediaType.HTML, headers=_PAGE_HEADERS)
        return self._form(invite, values, {}, token, picked=picked)

    @staticmethod
    def _context(
        invite: Any,
        values: dict[str, Any],
        errors: dict[str, str],
        token: str,
        picked: int | None = None,
    ) -> dict[str, Any]:
        return {
            "invite": invite,
            "token": token,
            "picked": picked,
            "questions": invite.questions,
            "labels": {q.key: end_labels(q) for q in invite.questions},
            "values": {k: (v if isinstance(v, list) else str(v)) for k, v in values.items()},
            "errors": errors,
        }

    @classmethod
    def _form(
        cls,
        invite: Any,
        values: dict[str, Any],
        errors: dict[str, str],
        token: str,
        status: int = 200,
        picked: int | None = None,
    ) -> Template:
        context = cls._context(invite, values, errors, token, picked)
        return _page("respond", invite.language, status, **context)

    @post(
        "/r/{token:str}",
        operation_id="submitAnswers",
        status_code=200,
        operation_class=_AnswersOperation,
    )
    async def submit(
        self, request: Request[Any, Any, Any], token: str, respondents: RespondentService
    ) -> Response[Any]:
        """Store this link's one answer (an upsert: a retry or second tab never duplicates)."""
        as_json = _wants_json(request)
        try:
            raw = await _read_answers(request)
        except InvalidBody as exc:
            if as_json:
                return Response(error_body(400, exc.detail), status_code=400)
            try:
                invite = await respondents.open(token)
            except LinkNotFound:
                return _not_found(request)
            except LinkExpired as gone:
                return _gone(request, gone.language)
            problem = {"_form": t("survey.error.bad_text", invite.language)}
            return self._form(invite, {}, problem, token, 422)
        try:
            invite, saved = await respondents.submit(token, raw)
        except LinkNotFound:
            return _not_found(request)
        except LinkExpired as exc:
            return _gone(request, exc.language)
        except AnswersRejected as exc:
            if as_json:
                first = exc.errors[0]
                return Response(
                    error_body(
                        422,
                        first.detail,
                        first.field,
                        errors=[
                            {"field": e.field, "code": e.code, "detail": e.detail}
                            for e in exc.errors
                        ],
                    ),
                    status_code=422,
                )
            limits = {q.key: q.max_length for q in exc.invite.questions}
            messages = _error_messages(exc.errors, exc.invite.language, limits)
            return self._form(exc.invite, raw, messages, token, 422)
        if as_json:
            return Response(saved)
        return _page("thanks", invite.language, **_thanks(invite, token, saved.incentive))

    @get("/u/{token:str}", operation_id="unsubscribePage", media_type=MediaType.HTML)
    async def unsubscribe_page(
        self, request: Request[Any, Any, Any], token: str, respondents: RespondentService
    ) -> Response[Any]:
        """A confirm button (a GET never unsubscribes: mail scanners follow links)."""
        try:
            target = await respondents.unsubscribe_target(token)
        except LinkNotFound:
            return _not_found(request)
        if target["opted_out"]:
            return self._unsubscribed(target["language"])
        return _page("unsubscribe", target["language"], email=target["email"], token=token)

    @staticmethod
    def _unsubscribed(language: str) -> Template:
        return _page(
            "message",
            language,
            200,
            title=t("unsubscribe.done_title", language),
            body=t("unsubscribe.done_body", language),
        )

    @post(
        "/u/{token:str}",
        operation_id="unsubscribe",
        status_code=200,
        operation_class=_UnsubscribeOperation,
    )
    async def unsubscribe(
        self, request: Request[Any, Any, Any], token: str, respondents: RespondentService
    ) -> Response[Any]:
        """One-click unsubscribe (RFC 8058 ``List-Unsubscribe=One-Click`` POST); idempotent."""
        try:
            target = await respondents.unsubscribe(token)
        except LinkNotFound:
            return _not_found(request)
        if _wants_json(request):
            return Response(Unsubscribed(status="unsubscribed"))
        return self._unsubscribed(target["language"])


__all__ = ["AnswerSaved", "RespondentController", "SurveyController"]
