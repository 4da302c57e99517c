"""Demo surveys for ``make run``: a live customer NPS and an eNPS, with answers (idempotent).

The answers go through the same service as real respondents (validation, upsert, sentiment
on arrival), using the personal links of the queued invitation emails.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import random
import re

from app.clock import FrozenClock, SystemClock
from app.settings import Settings
from surveys.schemas import PublicTitle, RecipientIn, SurveyCreate
from surveys.services import RespondentService, SurveyService
from surveys.services.incentives import IncentiveCreate, IncentiveService
from surveys.tables import OutboxMessage, Survey

log = logging.getLogger("voc.surveys.demo")

NPS_NAME = "Customer NPS — Autumn 2026 (demo)"
ENPS_NAME = "Employee NPS — 2026 (demo)"
DEMO_ORG = "Kyoto Coffee Co."
TOKEN_RE = re.compile(r"/r/([A-Za-z0-9_-]{20,64})")

STORES = ("Kyoto", "Osaka", "Tokyo Shibuya", "Fukuoka", "Sapporo")
TIERS = ("enterprise", "mid_market", "smb")
#: Team names as a Japanese company types them in its CRM export (shown as typed).
TEAMS = ("東京チーム", "大阪チーム", "オンライン窓口")
#: The teams' shared mailboxes (ASCII local parts).
TEAM_MAILBOXES = ("team-tokyo", "team-osaka", "team-online")

COMMENTS = {
    "promoter": [
        ("en", "The staff were friendly and remembered my order. Great service!"),
        ("en", "Support solved my problem in minutes, really helpful."),
        ("en", "Onboarding was smooth and the product just works."),
        ("ja", "店員さんの笑顔と丁寧な対応がとても良かったです。"),
        ("ja", "サポートの対応が早く、とても助かりました。"),
        ("ja", "商品の受け渡しがスムーズで気持ちよく利用できました。"),
    ],
    "passive": [
        ("en", "Good product, but the price is a bit high for what it does."),
        ("en", "Fine overall. Onboarding could be faster."),
        ("ja", "全体的には満足ですが、価格がもう少し安いと嬉しいです。"),
        ("ja", "悪くはないですが、待ち時間が少し長かったです。"),
    ],
    "detractor": [
        ("en", "Support never answered my ticket. Very disappointing."),
        ("en", "The cancellation page is broken and nobody helps."),
        ("en", "Too expensive and onboarding was confusing."),
        ("ja", "問い合わせへの返信が遅く、不満です。"),
        ("ja", "レジの待ち時間が長く、店員さんの対応も冷たかった。"),
        ("ja", "解約手続きのページが分かりにくいです。"),
    ],
}
ENPS_COMMENTS = {
    "promoter": [
        ("en", "Great team and a manager who supports my growth."),
        ("ja", "チームの雰囲気が良く、成長の機会が多いです。"),
    ],
    "passive": [
        ("en", "Good place to work, but workload is high at quarter end."),
        ("ja", "働きやすいですが、評価制度が分かりにくいです。"),
    ],
    "detractor": [
        ("en", "Too many meetings and unclear priorities."),
        ("ja", "残業が多く、将来のキャリアが見えません。"),
    ],
}
DEPARTMENTS = (("Sales", 14), ("Engineering", 12), ("Support", 8), ("Legal", 3), ("Finance", 4))


def _more_engagement(key: str, score: int) -> dict[str, str]:
    """Recognition, workload and teamwork ratings of one demo colleague. Drawn from their
    own generator, so the demo's other answers (and which departments its figures hide) stay
    what they were before these items were added. Recognition goes with the score and is
    rated low (a "fix first"); teamwork is rated high; workload barely moves with it."""
    own = random.Random(key)

    def rating(value: float) -> str:
        return str(max(1, min(5, round(value))))

    return {
        "engagement_recognition": rating(score / 2.6 + own.gauss(0, 0.7)),
        "engagement_workload": rating(3.4 + (score - 7) / 10 + own.gauss(0, 0.9)),
        "engagement_team": rating(3.3 + score / 8 + own.gauss(0, 0.7)),
    }


def _group(score: int) -> str:
    return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"


async def _tokens(survey_id: int) -> dict[str, str]:
    rows = await OutboxMessage.select(OutboxMessage.to_address, OutboxMessage.body).where(
        (OutboxMessage.survey == survey_id) & (OutboxMessage.kind == "invitation")
    )
    found: dict[str, str] = {}
    for row in rows:
        if not row["body"]:
            continue
        message = email.message_from_string(row["body"], policy=email.policy.default)
        body = message.get_body(("plain",))
        match = TOKEN_RE.search(body.get_content() if body is not None else "")
        if match:
            found[row["to_address"]] = match.group(1)
    return found


async def _customer_nps(settings: Settings, rng: random.Random, now: dt.datetime) -> None:
    service = SurveyService(settings, SystemClock())
    survey = await service.create(
        SurveyCreate(
            name=NPS_NAME,
            kind="customer_nps",
            public_title=PublicTitle(
                en="How was your visit to Kyoto Coffee?",
                ja="京都珈琲ご利用に関するアンケート",
            ),
            org_name=DEMO_ORG,
            subject="Kyoto Coffee",
            drivers=["service", "product", "price", "support"],
        )
    )
    people = []
    for i in range(60):
        language = "ja" if i % 3 else "en"
        people.append(
            RecipientIn(
                email=f"customer{i:02d}@demo-customer.example",
                name=f"顧客 {i:02d}" if language == "ja" else f"Customer {i:02d}",
                language=language,
                attributes={
                    "store": STORES[i % len(STORES)],
                    "tier": TIERS[i % len(TIERS)],
                    "team": TEAMS[i % len(TEAMS)],
                    "account_id": f"ACME-{1000 + i}",
                    "owner_email": f"{TEAM_MAILBOXES[i % len(TEAMS)]}@demo.voc",
                },
            )
        )
    # A coupon whose budget runs out part-way, against the default 10% holdout.
    await IncentiveService(SystemClock()).create(
        survey.id,
        IncentiveCreate(
            kind="percent_coupon",
            name="10% off your next order",
            description_ja="次回のご注文が10%オフになるクーポン",
            currency="JPY",
            budget="3000",
            percent="10",
            expected_order_value="2500",
            expected_redemption_rate="0.4",
        ),
    )
    await service.add_recipients(survey.id, people, respect_contact_frequency=False)
    await service.send(survey.id)
    tokens = await _tokens(survey.id)
    for i, person in enumerate(people[:40]):
        token = tokens.get(person.email)
        if token is None:
            continue
        store_bias = {"Kyoto": 1.5, "Osaka": 0.5, "Fukuoka": -0.5, "Sapporo": -1.5}.get(
            person.attributes["store"], 0.0
        )
        score = max(0, min(10, round(rng.gauss(7.4 + store_bias, 2.2))))
        language, comment = rng.choice(
            [c for c in COMMENTS[_group(score)] if c[0] == person.language]
            or COMMENTS[_group(score)]
        )
        drivers = {
            f"driver_{d}": str(max(1, min(5, round(score / 2.2 + rng.gauss(0.3, 0.8)))))
            for d in ("service", "product", "price", "support")
        }
        clock = FrozenClock(now - dt.timedelta(days=rng.uniform(0, 20), hours=i))
        await RespondentService(settings, clock).submit(
            token, {"recommend": str(score), "reason": comment if i % 7 else "", **drivers}
        )


async def _enps(settings: Settings, rng: random.Random, now: dt.datetime) -> None:
    service = SurveyService(settings, SystemClock())
    survey = await service.create(
        SurveyCreate(
            name=ENPS_NAME,
            kind="enps",
            public_title=PublicTitle(
                en="Kyoto Coffee employee survey 2026", ja="2026年 従業員アンケート"
            ),
            org_name=DEMO_ORG,
            sender_name="Kyoto Coffee HR",
            subject="Kyoto Coffee Co.",
        )
    )
    people = []
    for department, size in DEPARTMENTS:
        for i in range(size):
            people.append(
                RecipientIn(
                    email=f"{department.lower()}{i:02d}@demo-staff.example",
                    name=f"{department} member {i:02d}",
                    language="ja" if i % 2 else "en",
                    attributes={"department": department, "region": rng.choice(("east", "west"))},
                )
            )
    await service.add_recipients(survey.id, people, respect_contact_frequency=False)
    await service.send(survey.id)
    tokens = await _tokens(survey.id)
    mood = {"Sales": 6.5, "Engineering": 8.0, "Support": 5.5, "Legal": 7.0, "Finance": 7.5}
    for i, person in enumerate(people):
        token = tokens.get(person.email)
        if token is None or rng.random() > 0.8:
            continue
        score = max(0, min(10, round(rng.gauss(mood[person.attributes["department"]], 2.0))))
        _, comment = rng.choice(
            [c for c in ENPS_COMMENTS[_group(score)] if c[0] == person.language]
        )
        clock = FrozenClock(now - dt.timedelta(days=rng.uniform(0, 10), hours=i))
        await RespondentService(settings, clock).submit(
            token,
            {
                "recommend": str(score),
                "reason": comment,
                "engagement_growth": str(max(1, min(5, round(score / 2.2)))),
                "engagement_manager": str(max(1, min(5, round(score / 2.0 + rng.gauss(0, 1))))),
                **_more_engagement(person.email, score),
            },
        )


async def load(settings: Settings) -> None:
    """Create the demo surveys once; a second run adds nothing."""
    rng = random.Random(2026)
    now = SystemClock().now()
    if not await Survey.exists().where(Survey.name == NPS_NAME):
        await _customer_nps(settings, rng, now)
        log.info("demo: customer NPS survey created")
    if not await Survey.exists().where(Survey.name == ENPS_NAME):
        await _enps(settings, rng, now)
        log.info("demo: eNPS survey created")
