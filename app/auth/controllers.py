from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Controller, MediaType, Request, Response, delete, get, patch, post
from litestar.datastructures import Cookie
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException
from litestar.params import Body
from litestar.response import Redirect, Template

from app.auth.guards import admin_only, authenticate, session_cookie_name, signed_in
from app.auth.reset_mail import reset_email
from app.auth.schemas import (
    ApiTokenCreate,
    ApiTokenCreated,
    ApiTokenOut,
    PasswordChange,
    PasswordResetFinish,
    SignIn,
    Staff,
    StaffUserCreate,
    StaffUserOut,
    UserPatch,
)
from app.auth.services import RESET_LIFETIME, AuthService, SignInRejected, StaffInputError
from app.auth.throttle import SignInThrottled
from app.errors import InputError, NotFound, error_responses
from app.mail import queue_mail


def provide_auth_service(request: Request[Any, Any, Any]) -> AuthService:
    days = request.app.state.settings.api_token_days
    return AuthService(request.app.state.clock, dt.timedelta(days=days))


def _no_bearer(staff: Staff, what: str) -> None:
    """A leaked integration token must not be able to mint more credentials or take over."""
    if staff.via_token:
        raise PermissionDeniedException(f"{what} needs a signed-in session, not an API token")


async def queue_reset_link(
    request: Request[Any, Any, Any], service: AuthService, user_id: int
) -> dt.datetime:
    """Make a one-time reset link for ``user_id`` and queue its email in the outbox."""
    return await send_reset_link(service, request.app.state.settings, user_id)


async def send_reset_link(service: AuthService, settings: Any, user_id: int) -> dt.datetime:
    """The reset link's email, queued in the outbox (also used by ``voc user reset``)."""
    now = service.clock.now()
    user, token = await service.start_password_reset(user_id)
    expires_at = now + RESET_LIFETIME
    subject, message_id, raw = reset_email(
        sender=settings.mail_from,
        to=user.email,
        name=user.name,
        link=f"{settings.base_url}/reset-password/{token}",
        expires_at=expires_at,
        now=now,
    )
    await queue_mail(
        dedupe_key=f"reset:{user_id}:{token[:16]}",
        to=user.email,
        subject=subject,
        raw=raw,
        message_id=message_id,
        now=now,
    )
    return expires_at


def _client_address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


def _session_cookie(request: Request[Any, Any, Any], value: str, max_age: int) -> Cookie:
    return Cookie(
        key=session_cookie_name(request),
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
        if token := request.cookies.get(session_cookie_name(request)):
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
            _no_bearer(staff, "Creating an API token")
            user_id = staff.id
        try:
            return await auth_service.create_api_token(user_id, data.name, data.expires_at)
        except StaffInputError as exc:
            raise InputError(exc.field, str(exc)) from None

    @get("/tokens", operation_id="listApiTokens", guards=[signed_in])
    async def list_tokens(self, staff: Staff, auth_service: AuthService) -> list[ApiTokenOut]:
        """The caller's API tokens: name, created, last used, expiry, status; never the secret."""
        return await auth_service.list_api_tokens(staff.id)

    @delete("/tokens/{token_id:int}", operation_id="revokeApiToken", guards=[signed_in])
    async def revoke_token(self, token_id: int, staff: Staff, auth_service: AuthService) -> None:
        """Revoke one of the caller's tokens; it answers 401 from the next request on."""
        if not await auth_service.revoke_api_token(staff.id, token_id):
            raise NotFound(f"You have no API token {token_id}")

    @post("/password", operation_id="changePassword", guards=[signed_in], status_code=200)
    async def change_password(
        self,
        request: Request[Any, Any, Any],
        data: PasswordChange,
        staff: Staff,
        auth_service: AuthService,
    ) -> dict[str, str]:
        """Change one's own password; every other session of the account ends."""
        _no_bearer(staff, "Changing the password")
        try:
            await auth_service.change_password(
                staff.id,
                data.current_password,
                data.new_password,
                request.cookies.get(session_cookie_name(request)),
            )
        except StaffInputError as exc:
            raise InputError(exc.field, str(exc)) from None
        except SignInThrottled as exc:
            raise HTTPException(
                status_code=429,
                detail="Too many wrong current passwords; try again later",
                headers={"Retry-After": str(exc.retry_after)},
            ) from None
        return {"status": "password changed"}

    @post("/password-reset", operation_id="finishPasswordReset", status_code=200)
    async def finish_reset(
        self, data: PasswordResetFinish, auth_service: AuthService
    ) -> dict[str, str]:
        """Set a new password with the token of an emailed reset link (once, within 24 h)."""
        try:
            await auth_service.finish_password_reset(data.token, data.new_password)
        except StaffInputError as exc:
            raise InputError(exc.field, str(exc)) from None
        return {"status": "password set; sign in with it"}


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

    @patch("/{user_id:int}", operation_id="updateUser")
    async def update_user(
        self, user_id: int, data: UserPatch, staff: Staff, auth_service: AuthService
    ) -> StaffUserOut:
        """Deactivate/reactivate (sessions and tokens stop at once) or change the role."""
        try:
            if data.role is not None:
                await auth_service.set_role(user_id, data.role)
            if data.active is not None:
                return await auth_service.set_active(user_id, data.active, by=staff.id)
            return await auth_service.get_user(user_id)
        except StaffInputError as exc:
            raise InputError(exc.field, str(exc)) from None
        except LookupError:
            raise NotFound(f"No staff account {user_id}") from None

    @post("/{user_id:int}/password-reset", operation_id="sendPasswordReset", status_code=202)
    async def send_reset(
        self, request: Request[Any, Any, Any], user_id: int, auth_service: AuthService
    ) -> dict[str, str]:
        """Email the user a one-time link to set a new password (valid 24 hours)."""
        try:
            expires_at = await queue_reset_link(request, auth_service, user_id)
        except StaffInputError as exc:
            raise InputError(exc.field, str(exc)) from None
        except LookupError:
            raise NotFound(f"No staff account {user_id}") from None
        return {"status": "reset link queued", "expires_at": expires_at.isoformat()}


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
        request,
        "sign_in.html",
        None,
        status_code,
        next=next_url,
        error=error,
        email=email,
        notice=request.query_params.get("notice"),
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
        if token := request.cookies.get(session_cookie_name(request)):
            await auth_service.sign_out(token)
        return Redirect("/sign-in", status_code=303, cookies=[_session_cookie(request, "", 0)])
