"""``voc user …``: the staff-credential operations of the API, for operators on the server.

``voc user list`` · ``deactivate/activate --email`` · ``password --email`` (set a new password,
from ``$VOC_USER_PASSWORD`` or a prompt; every session ends) · ``reset --email`` (queue a
one-time reset link through the outbox) · ``tokens --email`` · ``token-create --email --name
[--expires ISO-8601]`` (prints the token once) · ``token-revoke --email --id``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
from typing import Any

COMMANDS = ("list", "deactivate", "activate", "password", "reset", "tokens", "token-create",
            "token-revoke")  # fmt: skip


def add_user_commands(user_sub: Any) -> None:
    user_sub.add_parser("list", help="list staff accounts")
    for name, text in (
        ("deactivate", "deactivate an account (its sessions and tokens stop at once)"),
        ("activate", "reactivate an account"),
        ("password", "set a new password (all of the account's sessions end)"),
        ("reset", "email a one-time password-reset link (valid 24 hours)"),
        ("tokens", "list an account's API tokens (never the secret)"),
    ):
        sub = user_sub.add_parser(name, help=text)
        sub.add_argument("--email", required=True)
    create = user_sub.add_parser("token-create", help="create an API token (printed once)")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--expires", help="ISO 8601 with time zone; default VOC_API_TOKEN_DAYS")
    revoke = user_sub.add_parser("token-revoke", help="revoke an API token")
    revoke.add_argument("--email", required=True)
    revoke.add_argument("--id", type=int, required=True)


async def run_user_command(args: argparse.Namespace) -> None:
    from app.auth.services import AuthService, StaffInputError
    from app.auth.tables import StaffUser
    from app.clock import SystemClock
    from app.db import bind_engine, make_engine
    from app.settings import load_settings

    settings = load_settings()
    bind_engine(make_engine(settings.database_url))
    service = AuthService(SystemClock(), dt.timedelta(days=settings.api_token_days))
    if args.user_command == "list":
        for user in await service.list_users():
            state = "active" if user.is_active else "inactive"
            print(f"{user.id}\t{user.email}\t{user.role}\t{state}\t{user.name}")
        return
    email = args.email.strip().lower()
    row = await StaffUser.select(StaffUser.id).where(StaffUser.email == email).first()
    if row is None:
        raise SystemExit(f"voc: no staff account {email}")
    user_id = int(row["id"])
    try:
        await _run(args, service, settings, user_id, email)
    except StaffInputError as exc:
        raise SystemExit(f"voc: {exc.field}: {exc}") from None


async def _run(
    args: argparse.Namespace, service: Any, settings: Any, user_id: int, email: str
) -> None:
    command = args.user_command
    if command in {"deactivate", "activate"}:
        user = await service.set_active(user_id, command == "activate", by=0)
        print(f"{user.email} is now {'active' if user.is_active else 'inactive'}")
    elif command == "password":
        password = os.environ.get("VOC_USER_PASSWORD") or getpass.getpass("New password: ")
        await service.set_password(user_id, password)
        print(f"password of {email} set; its sessions ended")
    elif command == "reset":
        import surveys.routes  # noqa: F401  (registers the outbox for staff mail)
        from app.auth.controllers import send_reset_link

        expires_at = await send_reset_link(service, settings, user_id)
        print(f"reset link queued to {email}, valid until {expires_at.isoformat()}")
    elif command == "tokens":
        for token in await service.list_api_tokens(user_id):
            used = token.last_used_at.isoformat() if token.last_used_at else "never"
            print(
                f"{token.id}\t{token.name}\t{token.prefix}…\t{token.status}\t"
                f"created {token.created_at.isoformat()}\tlast used {used}\t"
                f"expires {token.expires_at.isoformat()}"
            )
    elif command == "token-create":
        expires = dt.datetime.fromisoformat(args.expires) if args.expires else None
        made = await service.create_api_token(user_id, args.name, expires)
        print(f"token {made.id} ({made.name}), expires {made.expires_at.isoformat()}:")
        print(made.token)
    elif command == "token-revoke":
        if not await service.revoke_api_token(user_id, args.id):
            raise SystemExit(f"voc: {email} has no API token {args.id}")
        print(f"token {args.id} revoked")
