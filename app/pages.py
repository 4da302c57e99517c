"""Staff pages owned by the application: the home overview and users and roles (admin)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Response, Template

from app.auth.guards import admin_only, authenticate
from app.auth.schemas import ROLES, Staff
from app.auth.services import AuthService, StaffInputError
from app.i18n import register
from app.web import PAGE_EXCEPTION_HANDLERS, form_values, page, read_form, see_other

register(
    {
        "home.surveys_live": {"en": "live surveys", "ja": "配信中のアンケート"},
        "home.surveys_draft": {"en": "drafts", "ja": "下書き"},
        "home.workshops": {"en": "workshops", "ja": "ワークショップ"},
        "home.recent_surveys": {"en": "Recent surveys", "ja": "最近のアンケート"},
        "home.recent_workshops": {"en": "Recent workshops", "ja": "最近のワークショップ"},
        "home.actions": {"en": "Start here", "ja": "はじめに"},
        "home.new_survey": {"en": "Create a survey", "ja": "アンケートを作成"},
        "home.new_workshop": {"en": "Create a workshop", "ja": "ワークショップを作成"},
        "home.import_accounts": {
            "en": "Import accounts and events",
            "ja": "アカウントとイベントを取り込む",
        },
        "home.manage_users": {"en": "Manage users and roles", "ja": "ユーザーと権限の管理"},
        "home.reports": {
            "en": "Read results and download workshop reports (PDF)",
            "ja": "結果を確認し、ワークショップのレポート（PDF）をダウンロード",
        },
        "home.role.admin": {
            "en": "You can do everything, including managing users.",
            "ja": "ユーザー管理を含むすべての操作ができます。",
        },
        "home.role.hr": {
            "en": "You run employee surveys (eNPS) and workshops.",
            "ja": "従業員アンケート（eNPS）とワークショップを担当します。",
        },
        "home.role.cs": {
            "en": "You run customer surveys, workshops and account data.",
            "ja": "顧客アンケート、ワークショップ、アカウントデータを担当します。",
        },
        "home.role.manager": {
            "en": "You can read every customer result and download reports.",
            "ja": "顧客アンケートの結果の閲覧とレポートのダウンロードができます。",
        },
        "users.title": {"en": "Users and roles", "ja": "ユーザーと権限"},
        "users.email": {"en": "Email", "ja": "メールアドレス"},
        "users.name": {"en": "Name", "ja": "名前"},
        "users.role": {"en": "Role", "ja": "権限"},
        "users.language": {"en": "Language", "ja": "言語"},
        "users.password": {
            "en": "Initial password (10+ characters)",
            "ja": "初期パスワード（10文字以上）",
        },
        "users.active": {"en": "Active", "ja": "有効"},
        "users.create": {"en": "Add a user", "ja": "ユーザーを追加"},
        "users.created": {"en": "User {email} added.", "ja": "ユーザー {email} を追加しました。"},
        "users.change_role": {"en": "Change role", "ja": "権限を変更"},
        "users.role_changed": {"en": "Role changed.", "ja": "権限を変更しました。"},
        "role.admin": {"en": "admin — everything", "ja": "admin — すべて"},
        "role.hr": {"en": "hr — employee surveys, eNPS", "ja": "hr — 従業員アンケート・eNPS"},
        "role.cs": {
            "en": "cs — customer surveys, workshops, accounts",
            "ja": "cs — 顧客アンケート・ワークショップ・アカウント",
        },
        "role.manager": {"en": "manager — read and download", "ja": "manager — 閲覧とダウンロード"},
    }
)


class HomePage(Controller):
    path = "/"
    include_in_schema = False
    exception_handlers = PAGE_EXCEPTION_HANDLERS

    @get("/", operation_id="home")
    async def home(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """The staff start page: what to do next for this role, and recent work."""
        staff = await authenticate(request)
        if staff is None:
            return see_other("/sign-in")
        from surveys.services import SurveyService
        from training.services import WorkshopService

        settings, clock = request.app.state.settings, request.app.state.clock
        surveys = await SurveyService(settings, clock).list_surveys(staff)
        workshops = await WorkshopService(settings, clock).list_all()
        by_status = Counter(s.status for s in surveys)
        return page(
            request,
            "home.html",
            staff,
            surveys=surveys[:5],
            workshops=workshops[:5],
            live=by_status["live"],
            drafts=by_status["draft"],
            workshop_count=len(workshops),
        )


def _user_form_defaults() -> dict[str, str]:
    return {"email": "", "name": "", "role": "cs", "language": "en", "password": ""}


class UsersPage(Controller):
    path = "/users"
    include_in_schema = False
    guards = [admin_only]
    exception_handlers = PAGE_EXCEPTION_HANDLERS

    async def _render(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        values: dict[str, str],
        errors: dict[str, str],
        status_code: int = 200,
        notice: str | None = None,
    ) -> Template:
        users = await AuthService(request.app.state.clock).list_users()
        return page(
            request,
            "users.html",
            staff,
            status_code=status_code,
            users=users,
            roles=ROLES,
            values=values,
            errors=errors,
            notice=notice,
        )

    @get("/")
    async def list_users(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        notice = request.query_params.get("notice")
        return await self._render(request, staff, _user_form_defaults(), {}, notice=notice)

    @post("/")
    async def create_user(self, request: Request[Any, Any, Any], staff: Staff) -> Response[Any]:
        values = form_values(await read_form(request))
        service = AuthService(request.app.state.clock)
        try:
            await service.create_user(
                values.get("email", ""),
                values.get("name", ""),
                values.get("role", ""),
                values.get("password", ""),
                values.get("language", "en"),
            )
        except StaffInputError as exc:
            values["password"] = ""
            return await self._render(request, staff, values, {exc.field: str(exc)}, 422)
        return see_other("/users?notice=created")

    @post("/{user_id:int}/role")
    async def set_role(
        self, request: Request[Any, Any, Any], user_id: int, staff: Staff
    ) -> Response[Any]:
        values = form_values(await read_form(request))
        try:
            await AuthService(request.app.state.clock).set_role(user_id, values.get("role", ""))
        except StaffInputError as exc:
            return await self._render(
                request, staff, _user_form_defaults(), {exc.field: str(exc)}, 422
            )
        return see_other("/users?notice=role_changed")


__all__ = ["HomePage", "UsersPage"]
