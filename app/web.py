"""Helpers shared by the server-rendered staff pages (``app/pages.py``, ``*/pages.py``).

Pages are thin: they read the form, call a package's service and render a template. This
module gives them the page language (``?lang=`` overrides ``staff.language`` and is
remembered in a cookie), one way to render (``page``), HTML error pages for the errors
services raise (``PAGE_EXCEPTION_HANDLERS``) and small form helpers.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec
from litestar import MediaType, Request
from litestar.datastructures import Cookie, FormMultiDict
from litestar.exceptions import HTTPException
from litestar.response import Redirect, Response, Template

from app.auth.schemas import Staff
from app.errors import InputError, http_exception_handler
from app.i18n import accept_language, gettext_callables, pick_language

LANG_COOKIE = "voc_lang"
SETUP_ROLES = frozenset({"admin", "cs", "hr"})


def page_language(request: Request[Any, Any, Any], staff: Staff | None = None) -> str:
    """``?lang=`` first, then the remembered choice, then the staff member's language (the
    browser's ``Accept-Language`` before sign-in)."""
    default = (
        staff.language
        if staff is not None
        else accept_language(request.headers.get("accept-language"))
    )
    asked = request.query_params.get("lang")
    if asked:
        return pick_language(asked, default)
    remembered = request.cookies.get(LANG_COOKIE)
    return pick_language(remembered, default) if remembered else pick_language(default)


def page(
    request: Request[Any, Any, Any],
    template: str,
    staff: Staff | None,
    status_code: int = 200,
    **context: Any,
) -> Template:
    """Render a staff page in the page language; remembers a ``?lang=`` choice."""
    lang = page_language(request, staff)
    cookies = []
    asked = request.query_params.get("lang")
    if asked and pick_language(asked, "") in {"en", "ja"}:
        cookies.append(
            Cookie(
                key=LANG_COOKIE,
                value=lang,
                max_age=365 * 86400,
                path="/",
                samesite="lax",
                httponly=True,
                secure=request.app.state.settings.cookie_secure,
            )
        )
    return Template(
        template,
        context={
            "lang": lang,
            "staff": staff,
            "path": request.url.path,
            **gettext_callables(lang),
            "fmt_pct": pct,
            "fmt_num": number,
            **context,
        },
        status_code=status_code,
        media_type=MediaType.HTML,
        headers={"cache-control": "no-store"},
        cookies=cookies,
    )


def see_other(url: str) -> Redirect:
    return Redirect(url, status_code=303)


def _html_input_error(request: Request[Any, Any, Any], exc: InputError) -> Response[Any]:
    staff = request.scope.get("state", {}).get("staff")
    return page(
        request,
        "error.html",
        staff if isinstance(staff, Staff) else None,
        status_code=exc.status_code,
        status=exc.status_code,
        detail=exc.detail,
    )


def _html_http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if exc.status_code in {403, 404, 409, 422}:
        staff = request.scope.get("state", {}).get("staff")
        return page(
            request,
            "error.html",
            staff if isinstance(staff, Staff) else None,
            status_code=exc.status_code,
            status=exc.status_code,
            detail=exc.detail,
        )
    return http_exception_handler(request, exc)


#: Page controllers answer HTML for the errors their services raise (403, 404, 409 …).
PAGE_EXCEPTION_HANDLERS: dict[Any, Any] = {
    InputError: _html_input_error,
    HTTPException: _html_http_error,
}


# ----------------------------------------------------------------------------- forms


async def read_form(request: Request[Any, Any, Any]) -> FormMultiDict:
    return await request.form()  # type: ignore[no-any-return]


def form_values(form: FormMultiDict) -> dict[str, str]:
    """Single text values of a form (the CSRF field and files left out)."""
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "_csrf"}


def validation_field(exc: msgspec.ValidationError) -> str | None:
    """The field a msgspec error points at (``Expected … - at `$.costs.venue```)."""
    text = str(exc)
    if "`$." in text:
        path = text.rsplit("`$.", 1)[1].rstrip("`")
        return path.split("[")[0].split(".")[-1] or None
    return None


def clean_validation(exc: msgspec.ValidationError) -> str:
    return str(exc).split(" - at `")[0]


def parse_int(value: str | None, field: str, low: int, high: int) -> int:
    try:
        number = int((value or "").strip())
    except ValueError:
        raise InputError(field, "enter a whole number") from None
    if not low <= number <= high:
        raise InputError(field, f"enter a number from {low} to {high}")
    return number


def parse_decimal(value: str | None, field: str) -> Decimal:
    text = (value or "").strip().replace(",", "")
    if not text:
        return Decimal(0)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InputError(field, "enter an amount such as 1200 or 1200.50") from None
    if not number.is_finite() or number < 0:
        raise InputError(field, "enter an amount of 0 or more")
    return number


def parse_date(value: str | None, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise InputError(field, "enter a date (YYYY-MM-DD)") from None


def errors_of(exc: InputError, fallback: str = "_form") -> dict[str, str]:
    return {exc.field or fallback: exc.detail}


def can_set_up(staff: Staff) -> bool:
    return staff.role in SETUP_ROLES


def _missing(value: float | Decimal | int | None) -> bool:
    """No figure to show: None, or a float/Decimal that is NaN or infinite (a mean over no
    attendees printed 'nan' in a workshop's balance table)."""
    if value is None:
        return True
    if isinstance(value, Decimal):
        return not value.is_finite()
    return isinstance(value, float) and not math.isfinite(value)


def pct(value: float | None, places: int = 1) -> str:
    return "—" if _missing(value) else f"{value * 100:.{places}f}%"  # type: ignore[operator]


def number(value: float | Decimal | int | None, places: int = 0) -> str:
    if _missing(value):
        return "—"
    return f"{value:,.{places}f}"
