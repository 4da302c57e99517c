"""Customers' survey answers as pre-workshop covariates: the columns by hand, and the service
reading only customer relationship surveys, only what was known before the workshop."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from app.clock import FrozenClock
from app.settings import Settings
from surveys.tables import Contact, Invitation, Response, Survey
from tests.training.workshop_data import add_participants, load_cohort
from training.causal import account_covariates
from training.metrics import mrr_at, to_day
from training.schemas import WorkshopCreate
from training.services import EffectivenessService, WorkshopService, load_frames
from training.tables import Account, Workshop
from training.voice import NEVER, VOICE_COVARIATES, VoiceFrame, voice_covariates

DAY = 1000


def frame() -> VoiceFrame:
    # account 0: three answered invitations (9, 5, 10), one of them answered after the day
    # account 1: two invitations, no answer, opted out before the day, 2 reminders each
    # account 2: one invitation more than a year before, one sent 5 days before (not settled)
    # account 3: never invited
    rows = [
        (0, DAY - 300, DAY - 298, 9.0, NEVER, 0),
        (0, DAY - 200, DAY - 190, 5.0, NEVER, 2),
        (0, DAY - 30, DAY + 2, 10.0, NEVER, 1),  # answered after the workshop: not known
        (1, DAY - 100, NEVER, math.nan, DAY - 90, 2),
        (1, DAY - 60, NEVER, math.nan, NEVER, 2),
        (2, DAY - 400, DAY - 399, 0.0, NEVER, 0),  # outside the year
        (2, DAY - 5, DAY - 4, 3.0, NEVER, 0),  # answered; too recent for its reminders
    ]
    return VoiceFrame.from_arrays(*zip(*rows, strict=True))


def test_voice_covariates_by_hand() -> None:
    cols = voice_covariates(frame(), 4, DAY)
    nps, det = cols["nps_12m"], cols["detractor_share_12m"]
    rate, rem, opted = cols["response_rate_12m"], cols["reminders_12m"], cols["opted_out_12m"]
    assert nps[0] == pytest.approx((9 + 5) / 2) and det[0] == pytest.approx(0.5)
    # settled invitations of account 0: all three; answered before the day: two
    assert rate[0] == pytest.approx(2 / 3) and rem[0] == pytest.approx(1.0)
    assert opted[0] == 0.0
    assert math.isnan(nps[1]) and rate[1] == 0.0 and rem[1] == 2.0 and opted[1] == 1.0
    assert nps[2] == pytest.approx(3.0) and det[2] == 1.0
    assert math.isnan(rate[2]) and math.isnan(rem[2]) and opted[2] == 0.0
    assert all(math.isnan(cols[k][3]) for k in VOICE_COVARIATES)


def test_scores_outside_the_nps_scale_are_refused() -> None:
    with pytest.raises(ValueError, match="0–10"):
        VoiceFrame.from_arrays([0], [1], [2], [11.0], [NEVER], [0])


def test_survey_answers_are_state_covariates_of_both_designs() -> None:
    from training.metrics import AccountFrame, EventFrame

    accounts = AccountFrame.from_arrays([0, 1, 2, 2], ids=[1, 2, 3, 4], opening_mrr=[9.0] * 4)
    events = EventFrame.from_arrays([0], [DAY - 10], [1], [1.0])
    cov = account_covariates(accounts, mrr_at(accounts, events, DAY), None, DAY, events, frame())
    names, _raw, model = cov.design(lagged=False)
    assert {"nps_12m", "response_rate_12m", "opted_out_12m"} <= set(names)
    assert "expansions_180d" not in names and "expansions_180d" in cov.names
    assert model.shape[1] < cov.model.shape[1]
    assert np.isfinite(model).all()  # missing answers imputed, with indicators


async def _invite(
    survey_id: int,
    account: str,
    sent: dt.datetime,
    *,
    score: int | None = None,
    answered: dt.datetime | None = None,
    opted_out: dt.datetime | None = None,
    reminders: int = 0,
) -> None:
    contact = Contact(email=f"{account.lower()}-{sent:%j}-{survey_id}@example.com")
    await contact.save()
    invitation = Invitation(
        survey=survey_id,
        contact=contact.id,
        attributes={"account_id": account},
        status="sent",
        sent_at=sent,
        answered_at=answered,
        opted_out_at=opted_out,
        reminders_sent=reminders,
    )
    await invitation.save()
    if score is not None and answered is not None:
        await Response(
            invitation=invitation.id,
            survey=survey_id,
            answers={"recommend": score},
            nps_score=score,
            attributes={"account_id": account},
            submitted_at=answered,
        ).save()


async def test_the_service_reads_customer_relationship_surveys_only(
    db: None, clock: FrozenClock, settings: Settings
) -> None:
    now = clock.now()
    held_on = now.date() - dt.timedelta(days=200)
    cohort = await load_cohort(now, workshop_day=held_on, n_attend=10, n_candidates=40)
    first, second = cohort.external_id(0), cohort.external_id(1)
    nps = Survey(name="Relationship NPS", kind="customer_nps", status="live")
    await nps.save()
    enps = Survey(name="eNPS", kind="enps", status="live", audience="employee")
    await enps.save()
    at = dt.datetime.combine(held_on, dt.time(3), tzinfo=dt.UTC)
    day = dt.timedelta(days=1)
    await _invite(nps.id, first, at - 100 * day, score=9, answered=at - 99 * day, reminders=1)
    await _invite(nps.id, first, at - 40 * day, score=4, answered=at - 38 * day)
    await _invite(nps.id, second, at - 60 * day, opted_out=at - 59 * day, reminders=2)
    await _invite(nps.id, second, at + 10 * day, score=10, answered=at + 11 * day)  # after
    await _invite(enps.id, first, at - 50 * day, score=0, answered=at - 49 * day)  # eNPS
    await _invite(nps.id, "NOT-AN-ACCOUNT", at - 50 * day, score=0, answered=at - 49 * day)

    frames = await load_frames("JPY")
    assert frames.voice is not None and frames.voice.n == 4  # eNPS and strangers left out
    ids = {
        r["external_id"]: r["id"]
        for r in await Account.select(Account.external_id, Account.id).where(
            Account.external_id.is_in([first, second])
        )
    }
    index = frames.accounts.index_by_id
    cols = voice_covariates(frames.voice, frames.accounts.n, to_day(held_on))
    i, j = index[ids[first]], index[ids[second]]
    assert cols["nps_12m"][i] == pytest.approx(6.5)
    assert cols["detractor_share_12m"][i] == pytest.approx(0.5)
    assert cols["response_rate_12m"][i] == pytest.approx(1.0)
    assert cols["reminders_12m"][i] == pytest.approx(0.5)
    assert cols["opted_out_12m"][j] == 1.0 and cols["response_rate_12m"][j] == 0.0
    assert math.isnan(cols["nps_12m"][j])  # its only answer came after the workshop

    # and the checkpoint weighs on them: the balance table shows the survey covariates
    workshop = await WorkshopService(settings, clock).create(
        WorkshopCreate(title="Adoption", kind="customer", held_on=held_on)
    )
    await add_participants(workshop.id, cohort, now)
    row = await Workshop.select().where(Workshop.id == workshop.id).first()
    effect = await EffectivenessService(settings, clock).compute(row, 90)
    covariates = {b.covariate for b in effect.balance}
    assert {"nps_12m", "response_rate_12m", "opted_out_12m"} <= covariates
