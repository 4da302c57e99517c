from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.params import Body
from litestar.response import Redirect, Template

from app.auth.guards import SESSION_COOKIE, admin_only, authenticate, signed_in
from app.auth.schemas import (
    ApiTokenCreate,
    ApiTokenCreated,
    SignIn,
    Staff,
    StaffUserCreate,
    StaffUserOut,
)
from app.auth.services import AuthService, SignInRejected, StaffInputError
from app.auth.throttle import SignInThrottled
from app.errors import InputError, error_responses


def provide_auth_service(request: Request[Any, Any, Any]) -> AuthService:
    return AuthService(request.app.state.clock)


def _client_address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


def _session_cookie(request: Request[Any, Any, Any], value: str, max_age: int) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=value,
        max_age=max_age,
        httponly=True,
        secure=request.app.state.settings.cookie_secure,
        samesite="lax",
        path="/",
    )


async def _sign_in(
    service: AuthService, request: Request[Any, Any, Any], email: str, password: str
) -> Any:
    try:
        return await service.sign_in(email, password, _client_address(request))
    except SignInThrottled as exc:
        raise HTTPException(
            status_code=429,
            detail="Too many failed sign-ins; try again later",
            headers={"Retry-After": str(exc.retry_after)},
        ) from None


class AuthController(Controller):
    path = "/api/auth"
    tags = ["auth"]
    dependencies = {"auth_service": Provide(provide_auth_service, sync_to_thread=False)}

    @post("/sign-in", operation_id="signIn", status_code=200)
    async def sign_in(
        self, request: Request[Any, Any, Any], data: SignIn, auth_service: AuthService
    ) -> Response[Staff]:
        """Sign in with email and password; sets the session cookie."""
        try:
            signed = await _sign_in(auth_service, request, data.email, data.password)
        except SignInRejected:
            raise NotAuthorizedException("Wrong email or password") from None
        return Response(
            signed.staff, cookies=[_session_cookie(request, signed.session_token, 12 * 3600)]
        )

    @post("/sign-out", operation_id="signOut", status_code=200)
    async def sign_out(
        self, request: Request[Any, Any, Any], auth_service: AuthService
    ) -> Response[dict[str, str]]:
        """End the current session."""
        if token := request.cookies.get(SESSION_COOKIE):
            await auth_service.sign_out(token)
        return Response({"status": "signed out"}, cookies=[_session_cookie(request, "", 0)])

    @get("/me", operation_id="whoAmI", guards=[signed_in])
    async def me(self, staff: Staff) -> Staff:
        """The signed-in staff member."""
        return staff

    @post(
        "/tokens",
        operation_id="createApiToken",
        opt={"csrf_unless_session": True},
        responses=error_responses(401, 422, 429),
    )
    async def create_token(
        self, request: Request[Any, Any, Any], data: ApiTokenCreate, auth_service: AuthService
    ) -> ApiTokenCreated:
        """Create an API token (shown once): signed in, or for scripts with email and password."""
        if data.email is not None or data.password is not None:
            try:
                signed = await _sign_in(
                    auth_service, request, data.email or "", data.password or ""
                )
            except SignInRejected:
                raise NotAuthorizedException("Wrong email or password") from None
            await auth_service.sign_out(signed.session_token)  # only the token is wanted
            user_id = signed.staff.id
        else:
            staff = await authenticate(request)
            if staff is None:
                raise NotAuthorizedException(
                    "Sign in, send a bearer token, or send email and password with the name"
                )
            user_id = staff.id
        try:
            return await auth_service.create_api_token(user_id, data.name)
        except StaffInputError as exc:
            raise InputError(exc.field, str(exc)) from None


class UserController(Controller):
    path = "/api/users"
    tags = ["users"]
    guards = [admin_only]
    dependencies = {"auth_service": Provide(provide_auth_service, sync_to_thread=False)}

    @get("/", operation_id="listUsers")
    async def list_users(self, auth_service: AuthService) -> list[StaffUserOut]:
        """All staff accounts (admin only)."""
        return await auth_service.list_users()

    @post("/", operation_id="createUser")
    async def create_user(self, data: StaffUserCreate, auth_service: AuthService) -> StaffUserOut:
        """Create a staff account with a role (admin only)."""
        try:
            return await auth_service.create_user(
                data.email, data.name, data.role, data.password, data.language
            )
        except StaffInputError as exc:
            raise InputError(exc.field, str(exc)) from None


def _safe_next(next_url: str) -> str:
    """Only a path on this site (no ``//host`` or ``https://…``) may follow sign-in."""
    return next_url if next_url.startswith("/") and not next_url.startswith("//") else "/"


def _sign_in_page(
    request: Request[Any, Any, Any],
    next_url: str,
    error: str | None,
    email: str,
    status_code: int,
    headers: dict[str, str] | None = None,
) -> Template:
    """The form as HTML (also for 401/429, which the API answers in JSON)."""
    from app.web import page

    response = page(
        request, "sign_in.html", None, status_code, next=next_url, error=error, email=email
    )
    if headers:
        response.headers.update(headers)
    return response


class SignInPageController(Controller):
    path = "/"
    include_in_schema = False
    dependencies = {"auth_service": Provide(provide_auth_service, sync_to_thread=False)}

    @get("/sign-in", operation_id="signInPage", media_type=MediaType.HTML)
    async def page(self, request: Request[Any, Any, Any], next: str = "/") -> Template:
        """The sign-in form, in the browser's language unless ``?lang=`` says otherwise."""
        return _sign_in_page(request, _safe_next(next), None, "", 200)

    @post("/sign-in", operation_id="signInForm", status_code=200, media_type=MediaType.HTML)
    async def submit(
        self,
        request: Request[Any, Any, Any],
        auth_service: AuthService,
        data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Any:
        """Sign in from the web form."""
        email, password = data.get("email", ""), data.get("password", "")
        next_url = _safe_next(data.get("next") or "/")
        try:
            signed = await _sign_in(auth_service, request, email, password)
        except SignInRejected:
            return _sign_in_page(request, next_url, "wrong_credentials", email, 401)
        except HTTPException as exc:
            if exc.status_code == 429:
                return _sign_in_page(request, next_url, "throttled", email, 429, exc.headers)
            raise
        return Redirect(
            next_url,
            status_code=303,
            cookies=[_session_cookie(request, signed.session_token, 12 * 3600)],
        )

    @post("/sign-out", operation_id="signOutForm", status_code=303)
    async def sign_out(
        self, request: Request[Any, Any, Any], auth_service: AuthService
    ) -> Redirect:
        """Sign out from the web."""
        if token := request.cookies.get(SESSION_COOKIE):
            await auth_service.sign_out(token)
        return Redirect("/sign-in", status_code=303, cookies=[_session_cookie(request, "", 0)])
