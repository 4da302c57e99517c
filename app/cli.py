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


def backup_cli(target: str | None, print_only: bool) -> None:
    import datetime as dt
    from pathlib import Path

    from app.lifecycle import backup, default_backup_path

    settings = load_settings()
    path = (
        Path(target)
        if target
        else default_backup_path(settings.var_dir, not settings.is_sqlite, dt.datetime.now(dt.UTC))
    )
    result = backup(settings.database_url, path, run=not print_only)
    if result.command and not result.ran:
        print("pg_dump is not run here; back up PostgreSQL with (connection from PG* variables):")
        print("  " + " ".join(result.command))
        return
    print(f"backup written to {result.path}")


def restore_cli(source: str, print_only: bool) -> None:
    from pathlib import Path

    from app.lifecycle import restore

    settings = load_settings()
    try:
        result = restore(settings.database_url, Path(source), run=not print_only)
    except ValueError as exc:
        raise SystemExit(f"voc: restore refused: {exc}") from None
    if result.command and not result.ran:
        print(
            "pg_restore is not run here; restore PostgreSQL with (connection from PG* variables):"
        )
        print("  " + " ".join(result.command))
        return
    print(f"restored {result.path}; run `voc migrate` if the backup is older than this release")


async def retention_cli(days: int | None, delete: bool) -> None:
    from app.clock import SystemClock
    from app.lifecycle import apply_retention

    await _bound()
    days = days or load_settings().retention_days
    if not days:
        raise SystemExit("voc: set VOC_RETENTION_DAYS or pass --days")
    report = await apply_retention(days, SystemClock(), delete=delete)
    verb = "deleted" if delete else "anonymised"
    count = report.deleted if delete else report.anonymised
    print(f"{verb} {count} answer(s)/invitation(s) older than {days} days")


async def erase_cli(email: str) -> None:
    from app.clock import SystemClock
    from app.lifecycle import erase_person

    await _bound()
    report = await erase_person(email, SystemClock())
    if not report.found:
        print("no respondent or participant with that address")
        return
    print(
        f"erased: {report.invitations} invitation(s), {report.responses} answer(s) kept "
        f"anonymous, {report.messages} email(s), {report.participants} workshop participant(s)"
    )


#: uvicorn settings of ``voc serve`` (``bench/bench_flow.py`` serves its bare app with them too).
UVICORN_OPTIONS: dict[str, object] = {
    "log_config": None,
    "access_log": False,
    # Longer than a balancer's idle timeout (often 60 s): the proxy, not the app, closes an
    # idle keep-alive connection, so no request races a connection being closed.
    "timeout_keep_alive": 75,
}

SQLITE_WORKERS_REFUSED = (
    "voc: --workers {n} needs PostgreSQL (VOC_DATABASE_URL=postgres://...). SQLite has one "
    "writer per file, and one process already commits answers in groups; run one worker, "
    "or move to PostgreSQL to serve with several processes."
)


def serve(host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from app.logs import configure_logging

    if workers > 1 and load_settings().is_sqlite:
        raise SystemExit(SQLITE_WORKERS_REFUSED.format(n=workers))
    # Served: comments are scored in a helper process per worker (app.settings).
    os.environ.setdefault("VOC_SCORING_PROCESS", "1")
    configure_logging()
    # uvicorn would trust X-Forwarded-For from 127.0.0.1 by default; we trust no proxy unless
    # one is configured, so a client cannot choose the address the rate limits count.
    trusted = load_settings().forwarded_allow_ips
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        **UVICORN_OPTIONS,  # type: ignore[arg-type]
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="voc", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply all committed migrations")
    run = sub.add_parser("serve", help="serve the web app and API")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (PostgreSQL only; each has its own pool of VOC_DB_POOL_SIZE)",
    )
    sub.add_parser("demo", help="load the demo data (idempotent)")
    user = sub.add_parser("user", help="staff accounts")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    create = user_sub.add_parser("create", help="create a staff account")
    create.add_argument("--email", required=True)
    create.add_argument("--role", required=True, choices=["admin", "hr", "cs", "manager"])
    create.add_argument("--name")
    create.add_argument("--password", help="default: $VOC_USER_PASSWORD or a prompt")
    from app.auth.cli import add_user_commands

    add_user_commands(user_sub)
    evaluate = sub.add_parser("sentiment-eval", help="accuracy and macro-F1 of the analyzers")
    evaluate.add_argument("args", nargs=argparse.REMAINDER)
    sub.add_parser("rescore", help="re-score comments made by an older sentiment analyzer")
    backup_p = sub.add_parser("backup", help="back up the database (SQLite online backup)")
    backup_p.add_argument("path", nargs="?", help="default: var/backups/voc-<time>.*")
    backup_p.add_argument("--print", action="store_true", help="PostgreSQL: only print pg_dump")
    restore_p = sub.add_parser("restore", help="restore the database from a backup")
    restore_p.add_argument("path")
    restore_p.add_argument("--print", action="store_true", help="PostgreSQL: only print")
    retention = sub.add_parser("retention", help="anonymise (or delete) answers past retention")
    retention.add_argument("--days", type=int, help="default: $VOC_RETENTION_DAYS")
    retention.add_argument("--delete", action="store_true", help="delete instead of anonymise")
    erase = sub.add_parser("erase", help="erase a respondent's identity (answers stay counted)")
    erase.add_argument("--email", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    from app.files import private_umask

    private_umask()
    try:
        load_settings()
    except SettingsError as exc:
        print(f"voc: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    if args.command == "migrate":
        asyncio.run(migrate())
    elif args.command == "serve":
        serve(args.host, args.port, max(1, args.workers))
    elif args.command == "demo":
        asyncio.run(demo())
    elif args.command == "user" and args.user_command == "create":
        asyncio.run(user_create(args.email, args.role, args.name, args.password))
    elif args.command == "user":
        from app.auth.cli import run_user_command

        asyncio.run(run_user_command(args))
    elif args.command == "sentiment-eval":
        from analytics.sentiment.evaluate import main as evaluate_main

        evaluate_main(args.args)
    elif args.command == "rescore":
        from analytics.jobs import rescore_cli

        asyncio.run(rescore_cli())
    elif args.command == "backup":
        backup_cli(args.path, args.print)
    elif args.command == "restore":
        restore_cli(args.path, args.print)
    elif args.command == "retention":
        asyncio.run(retention_cli(args.days, args.delete))
    elif args.command == "erase":
        asyncio.run(erase_cli(args.email))


if __name__ == "__main__":
    main()
