"""What an account's customers told the product before a workshop: survey-answer covariates.

Pure computation (numpy arrays in, columns out; no database). An account's real health is
never observed, but it leaves traces in what the product records about its people before
the workshop: the NPS they give, whether they answer at all, how many reminders it takes,
whether they opt out. None of these is the health itself (a few answers a year, from one
or two contacts, each with its own noise), but each is *pre-treatment* and carries part of
what the health score misses, so the propensity model weighs on them
(:func:`training.causal.account_covariates`).

Only **customer relationship surveys** count (``customer_nps``, audience ``customer``):
never employee (eNPS) answers, which are confidential, and never the workshop's own
reaction surveys. Only what was known on the workshop day counts: invitations sent in the
year before it, answers and opt-outs dated before it; reminders only of invitations sent at
least :data:`SETTLED_DAYS` before (their reminders are done).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

__all__ = ["NEVER", "SETTLED_DAYS", "VOICE_COVARIATES", "VoiceFrame", "voice_covariates"]

FloatArray = npt.NDArray[np.float64]

#: Day of an event that did not happen (no answer, no opt-out).
NEVER: Final = int(np.iinfo(np.int32).max)
#: An invitation this many days old has had its reminders (two, three days apart by default).
SETTLED_DAYS: Final = 14
#: Look-back of the survey covariates (days).
WINDOW_DAYS: Final = 365
#: Covariate names, in the order :func:`voice_covariates` returns them.
VOICE_COVARIATES: Final = (
    "nps_12m",
    "detractor_share_12m",
    "response_rate_12m",
    "reminders_12m",
    "opted_out_12m",
)


@dataclass(frozen=True, eq=False)
class VoiceFrame:
    """Invitations to customer relationship surveys as parallel arrays, one row each:
    account index, day sent, day answered (:data:`NEVER`: not answered), the NPS given
    (NaN: no answer or no NPS question), day the contact opted out (:data:`NEVER`) and the
    reminders sent."""

    account: npt.NDArray[np.int32]
    sent: npt.NDArray[np.int32]
    answered: npt.NDArray[np.int32]
    score: FloatArray
    opted_out: npt.NDArray[np.int32]
    reminders: npt.NDArray[np.int16]

    @classmethod
    def from_arrays(
        cls,
        account: npt.ArrayLike,
        sent: npt.ArrayLike,
        answered: npt.ArrayLike,
        score: npt.ArrayLike,
        opted_out: npt.ArrayLike,
        reminders: npt.ArrayLike,
    ) -> VoiceFrame:
        """Build from arrays (scores within 0–10 or NaN; all arrays the same length)."""
        frame = cls(
            account=np.asarray(account, dtype=np.int32),
            sent=np.asarray(sent, dtype=np.int32),
            answered=np.asarray(answered, dtype=np.int32),
            score=np.asarray(score, dtype=np.float64),
            opted_out=np.asarray(opted_out, dtype=np.int32),
            reminders=np.asarray(reminders, dtype=np.int16),
        )
        sizes = {len(getattr(frame, k)) for k in cls.__dataclass_fields__}
        if len(sizes) > 1:
            raise ValueError("VoiceFrame: arrays of different lengths")
        known = frame.score[np.isfinite(frame.score)]
        if len(known) and (known.min() < 0 or known.max() > 10):
            raise ValueError("VoiceFrame.score: NPS answers must be within 0–10")
        return frame

    @property
    def n(self) -> int:
        """Number of invitations."""
        return len(self.account)


def voice_covariates(voice: VoiceFrame | None, n_accounts: int, day: int) -> dict[str, FloatArray]:
    """The survey covariates of every account on ``day`` (NaN = not known; module docstring):

    * ``nps_12m``: mean NPS answered before ``day`` on invitations of the past year;
    * ``detractor_share_12m``: the share of those answers at 0–6;
    * ``response_rate_12m``: answered before ``day`` / invitations sent at least
      :data:`SETTLED_DAYS` before it (NaN: never invited);
    * ``reminders_12m``: mean reminders per such invitation;
    * ``opted_out_12m``: 1 when a contact opted out before ``day`` (NaN: never invited).
    """
    out = {name: np.full(n_accounts, np.nan) for name in VOICE_COVARIATES}
    if voice is None or voice.n == 0:
        return out
    acc = voice.account.astype(np.int64)
    in_year = (voice.sent >= day - WINDOW_DAYS) & (voice.sent < day)
    settled = in_year & (voice.sent < day - SETTLED_DAYS)
    answered = in_year & (voice.answered < day)
    scored = answered & np.isfinite(voice.score)

    def count(mask: npt.NDArray[np.bool_], weights: FloatArray | None = None) -> FloatArray:
        w = None if weights is None else weights[mask]
        return np.bincount(acc[mask], weights=w, minlength=n_accounts)[:n_accounts].astype(
            np.float64
        )

    with np.errstate(invalid="ignore", divide="ignore"):
        n_scored = count(scored)
        scores = np.where(scored, voice.score, 0.0)
        out["nps_12m"] = np.where(n_scored > 0, count(scored, scores) / n_scored, np.nan)
        detractor = (scores <= 6).astype(np.float64)
        out["detractor_share_12m"] = np.where(
            n_scored > 0, count(scored, detractor) / n_scored, np.nan
        )
        n_settled = count(settled)
        answered_settled = count(settled & answered)
        out["response_rate_12m"] = np.where(n_settled > 0, answered_settled / n_settled, np.nan)
        reminders = voice.reminders.astype(np.float64)
        out["reminders_12m"] = np.where(
            n_settled > 0, count(settled, reminders) / n_settled, np.nan
        )
        invited = count(in_year) > 0
        opted = count(in_year & (voice.opted_out < day)) > 0
        out["opted_out_12m"] = np.where(invited, opted.astype(np.float64), np.nan)
    return out
