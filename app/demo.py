"""Demo data for ``make run``: loaded once, a second run adds nothing."""

from __future__ import annotations

import importlib
import logging

from app.auth.services import AuthService
from app.auth.tables import StaffUser
from app.clock import SystemClock
from app.settings import Settings

log = logging.getLogger("voc.demo")

DEMO_PASSWORD = "voc-demo-2026"
DEMO_USERS = (
    ("admin@demo.voc", "Aiko Admin", "admin", "en"),
    ("cs@demo.voc", "Carlos CS Lead", "cs", "en"),
    ("hr@demo.voc", "Hana HR Lead", "hr", "ja"),
    ("manager@demo.voc", "Mika Manager", "manager", "en"),
)


async def load_demo(settings: Settings) -> None:
    from app.main import install_comment_scorer

    install_comment_scorer()  # demo answers are scored like real ones
    service = AuthService(SystemClock())
    for email, name, role, language in DEMO_USERS:
        if not await StaffUser.exists().where(StaffUser.email == email):
            await service.create_user(email, name, role, DEMO_PASSWORD, language)
    for package in ("surveys", "training", "analytics"):
        try:
            module = importlib.import_module(f"{package}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.demo":
                raise
            continue
        await module.load(settings)
    print(f"Demo sign-in: cs@demo.voc / {DEMO_PASSWORD}  (also admin@, hr@, manager@demo.voc)")
