"""The ``voc`` command: migrate, serve, users, demo data and maintenance."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Sequence

from app.settings import SettingsError, load_settings


async def migrate() -> None:
    os.environ.setdefault("PICCOLO_CONF", "piccolo_conf")
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from app.db import prepare_sqlite_file

    settings = load_settings()
    if settings.is_sqlite:
        prepare_sqlite_file(settings.database_url)
    result = await run_forwards("all")
    if not result.success:
        raise SystemExit(f"voc: migrations failed: {result.message}")


async def _bound() -> None:
    from app.db import bind_engine, make_engine

    bind_engine(make_engine(load_settings().database_url))


async def user_create(email: str, role: str, name: str | None, password: str | None) -> None:
    from app.auth.services import AuthService, StaffInputError
    from app.clock import SystemClock

    await _bound()
    password = password or os.environ.get("VOC_USER_PASSWORD") or getpass.getpass("Password: ")
    try:
        user = await AuthService(SystemClock()).create_user(email, name or email, role, password)
    except StaffInputError as exc:
        raise SystemExit(f"voc: {exc.field}: {exc}") from None
    print(f"created {user.email} with role {user.role}")


async def demo() -> None:
    from app.demo import load_demo

    await _bound()
    await load_demo(load_settings())


def serve(host: str, port: int) -> None:
    import uvicorn

    from app.logs import configure_logging

    configure_logging()
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="voc", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply all committed migrations")
    run = sub.add_parser("serve", help="serve the web app and API")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    sub.add_parser("demo", help="load the demo data (idempotent)")
    user = sub.add_parser("user", help="staff accounts")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    create = user_sub.add_parser("create", help="create a staff account")
    create.add_argument("--email", required=True)
    create.add_argument("--role", required=True, choices=["admin", "hr", "cs", "manager"])
    create.add_argument("--name")
    create.add_argument("--password", help="default: $VOC_USER_PASSWORD or a prompt")
    evaluate = sub.add_parser("sentiment-eval", help="accuracy and macro-F1 of the analyzers")
    evaluate.add_argument("args", nargs=argparse.REMAINDER)
    sub.add_parser("rescore", help="re-score comments made by an older sentiment analyzer")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        load_settings()
    except SettingsError as exc:
        print(f"voc: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    if args.command == "migrate":
        asyncio.run(migrate())
    elif args.command == "serve":
        serve(args.host, args.port)
    elif args.command == "demo":
        asyncio.run(demo())
    elif args.command == "user":
        asyncio.run(user_create(args.email, args.role, args.name, args.password))
    elif args.command == "sentiment-eval":
        from analytics.sentiment.evaluate import main as evaluate_main

        evaluate_main(args.args)
    elif args.command == "rescore":
        from analytics.jobs import rescore_cli

        asyncio.run(rescore_cli())


if __name__ == "__main__":
    main()
