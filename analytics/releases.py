"""Release snapshots of employee (eNPS) surveys: figures move only in batches of answers.

Live figures let a reader who calls before and after one known colleague answers (or edits
an answer) read that one answer's effect. So every eNPS output renders from the survey's
latest *release*, a frozen copy of the answers, and a new release is cut only when at least
``k`` (``VOC_MIN_GROUP_SIZE``) answers were added, changed or removed since the previous one,
closed survey or not (closing at will must not release a batch of one; up to ``k - 1`` late
answers then stay out of the final figures). Between releases every call returns the same
figures, whatever arrives.

Only what respondents give counts towards the ``k``: a re-score of every comment by a new
analyzer changes no release on its own.

Releases are rows of ``enps_release`` (unique on survey and release number), so every
instance renders the same one; two instances cutting at once keep the first insert.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from analytics.tables import EnpsRelease
from app.db import db_datetime
from app.settings import DEFAULT_ENPS_COMMENT_MIN_GROUP, DEFAULT_MIN_GROUP_SIZE
from surveys.tables import Response

__all__ = [
    "History",
    "Release",
    "current_release",
    "frozen_row",
    "kept_floors",
    "record_published",
    "released_answers",
    "scrub_released",
    "survey_floors",
]


@dataclass(frozen=True)
class Release:
    """The answers an employee survey's figures are rendered from, and what is waiting."""

    number: int
    """0 before the first release (no answers published yet)."""
    cut_at: dt.datetime | None
    rows: list[dict[str, Any]]
    waiting: int
    """Answers added, changed or removed since this release (not yet in any figure)."""
    final: bool
    every: int = 0
    """How many changes the next release needs (``k``, or the comment floor once comments
    are collected)."""
    held: bool = False
    """An erasure or deletion moved or removed an answer of this release: nothing renders
    until the next release (at least ``k`` changes, the withdrawn answers included)."""
    k: int = 0
    """The survey's anonymity floor: the setting, or the highest floor it was released under."""
    comment_floor: int = 0
    """The survey's comment floor, kept the same way (0: none asked for)."""
    history: History | None = None
    """What earlier releases published, over this release's answers (None: nothing yet)."""
    recorded: bool = False
    """Whether this release's own published groups are in its ledger already."""


@dataclass(frozen=True)
class History:
    """The groups earlier releases published, as sets of this release's answer ids.

    A reader who kept a group's figures (or comment list) from an earlier release subtracts
    them from the group's figures now and reads its newcomers alone: one late colleague of a
    department is a group of one. So a plan is audited against every group an earlier
    release published. An answer changed since then counts as new here (its old version is
    not in the sets); removed answers are left out.
    """

    tables: tuple[frozenset[int], ...] = ()
    comments: tuple[frozenset[int], ...] = ()
    rows: tuple[frozenset[int], ...] = ()
    """The row export's classes: rows are matched between two files by their content."""
    counts: tuple[tuple[int, int, int] | None, ...] = ()
    """What each of ``tables`` showed (promoters, passives, detractors) over exactly these
    answers; None when it also counted answers changed since (or the ledger predates
    counts), so its members' own counts are not known to a reader."""


#: An open survey's next release needs at least 1/GROWTH of the answers already released.
GROWTH = 2

#: Marks a released answer that an erasure moved between groups, or a deleted one's place.
WITHDRAWN = "withdrawn"


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value or {}


def frozen_row(row: dict[str, Any]) -> dict[str, Any]:
    """One answer as a release keeps it: plain JSON, the same on SQLite and PostgreSQL."""
    polarity = row["sentiment_polarity"]
    return {
        "id": int(row["id"]),
        "nps_score": int(row["nps_score"]),
        "sentiment_label": row["sentiment_label"],
        "sentiment_polarity": None if polarity is None else float(polarity),
        "comment": row["comment"],
        "language": row["language"],
        "version": row["version"],
        "attributes": _json(row["attributes"]),
        "answers": _json(row["answers"]),
        "submitted_at": db_datetime(row["submitted_at"]).isoformat(),
    }


#: What the service derives on its own, not what the respondent gave: a re-score (``voc
#: rescore``) changes it for many answers at once, so counting it would cut a release that
#: carries one newly arrived answer's score with a crowd of sentiment changes.
DERIVED_FIELDS = ("sentiment_label", "sentiment_polarity")


def _digest(row: dict[str, Any]) -> str:
    given = {k: v for k, v in row.items() if k not in DERIVED_FIELDS}
    return hashlib.sha256(json.dumps(given, sort_keys=True, default=str).encode()).hexdigest()


def _waiting(live: list[dict[str, Any]], frozen: list[dict[str, Any]]) -> int:
    """Answers added, changed or removed by respondents between a release and the live data
    (derived sentiment that changed rides along with the next release)."""
    released = {r["id"]: _digest(r) for r in frozen}
    current = {r["id"]: _digest(r) for r in live}
    changed = sum(1 for pid, d in current.items() if released.get(pid) != d)
    return changed + sum(1 for pid in released if pid not in current)


def _elements(rows: list[dict[str, Any]]) -> dict[str, str]:
    return {str(r["id"]): _digest(r) for r in rows if not r.get(WITHDRAWN)}


def _ledger(row: dict[str, Any] | None) -> dict[str, Any]:
    try:
        value = json.loads((row or {}).get("ledger") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


async def _history(survey_id: int, latest: dict[str, Any], frozen: list[dict[str, Any]]) -> History:
    """What the survey's earlier releases published, mapped onto the latest one's answers:
    an answer is the same one only if its content digest is the same as at that release."""
    current = _ledger(latest).get("elements") or _elements(frozen)
    earlier = await EnpsRelease.select(EnpsRelease.ledger).where(
        (EnpsRelease.survey_id == survey_id) & (EnpsRelease.release_no < latest["release_no"])
    )
    tables: dict[frozenset[int], tuple[int, int, int] | None] = {}
    comments: list[frozenset[int]] = []
    rows: list[frozenset[int]] = []
    scores = {str(r["id"]): r.get("nps_score") for r in frozen if not r.get(WITHDRAWN)}
    for row in earlier:
        ledger = _ledger(row)
        then = ledger.get("elements") or {}
        counts = ledger.get("table_counts")
        for key in ("tables", "comments", "rows"):
            for index, members in enumerate(ledger.get(key) or []):
                same = frozenset(
                    int(pid) for pid in members if then.get(str(pid)) == current.get(str(pid))
                )
                if not same:
                    continue
                if key == "comments":
                    comments.append(same)
                    continue
                if key == "rows":
                    rows.append(same)
                    continue
                shown: Any = None
                if len(same) == len(members):  # exactly these answers, none changed since
                    if isinstance(counts, list) and index < len(counts):
                        shown = counts[index]
                    else:  # a ledger from before counts: the unchanged answers tell
                        shown = class_counts(scores.get(str(pid)) for pid in members)
                known = tuple(shown) if isinstance(shown, list) and len(shown) == 3 else None
                if same in tables and tables[same] != known:
                    known = None
                tables[same] = known
    return History(
        tuple(tables),
        tuple(dict.fromkeys(comments)),
        tuple(dict.fromkeys(rows)),
        tuple(tables.values()),  # type: ignore[arg-type]
    )


def class_counts(scores: Iterable[Any]) -> list[int] | None:
    """Promoters, passives and detractors among ``scores`` (None if one is unknown)."""
    out = [0, 0, 0]
    for score in scores:
        if score is None:
            return None
        out[0 if int(score) >= 9 else 1 if int(score) >= 7 else 2] += 1
    return out


async def record_published(
    survey_id: int,
    release_no: int,
    tables: list[frozenset[int]],
    comments: list[frozenset[int]],
    rows: list[frozenset[int]],
) -> None:
    """Keep in the release's ledger the groups its figures and comment lists published (the
    first plan over a release decides; later reads of the same release publish the same)."""
    row = (
        await EnpsRelease.select(EnpsRelease.id, EnpsRelease.ledger, EnpsRelease.frozen)
        .where((EnpsRelease.survey_id == survey_id) & (EnpsRelease.release_no == release_no))
        .first()
    )
    if row is None:
        return
    ledger = _ledger(row)
    if "tables" in ledger:
        return
    ledger.setdefault("elements", _elements(json.loads(row["frozen"] or "[]")))
    ledger["tables"] = sorted(sorted(s) for s in set(tables) if s)
    # what each group showed, so later releases know which groups cleared their members
    scores = {r["id"]: r.get("nps_score") for r in json.loads(row["frozen"] or "[]")}
    ledger["table_counts"] = [
        class_counts(scores.get(pid) for pid in members) for members in ledger["tables"]
    ]
    ledger["comments"] = sorted(sorted(s) for s in set(comments) if s)
    ledger["rows"] = sorted(sorted(s) for s in set(rows) if s)
    await EnpsRelease.update({EnpsRelease.ledger: json.dumps(ledger, sort_keys=True)}).where(
        EnpsRelease.id == row["id"]
    )


async def _latest(survey_id: int) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await EnpsRelease.select()
        .where(EnpsRelease.survey_id == survey_id)
        .order_by(EnpsRelease.release_no, ascending=False)
        .first()
    )
    return row


def kept_floors(
    latest: dict[str, Any] | None, k: int, comment_floor: int | None
) -> tuple[int, int | None]:
    """The floors a survey's figures follow: the settings, raised to the highest floors the
    survey was ever released under (its latest release records them).

    Lowering the settings later would show groups its published figures were withheld for,
    and answers given under the promise of the higher floor. A release cut before releases
    recorded their floors (``min_group_size`` 0, the migration's default; a new release
    always records at least 3) counts as cut under the shipped defaults, the strictest floors
    it may have been cut under, never as cut under no floor.
    """
    if latest is None:
        return k, comment_floor
    recorded_k = int(latest.get("min_group_size") or 0)
    recorded_comments = int(latest.get("comment_floor") or 0)
    if recorded_k == 0:
        recorded_k = DEFAULT_MIN_GROUP_SIZE
        recorded_comments = max(recorded_comments, DEFAULT_ENPS_COMMENT_MIN_GROUP)
    k = max(k, recorded_k)
    if comment_floor is not None or recorded_comments:
        comment_floor = max(comment_floor or 0, recorded_comments)
    return k, comment_floor


async def survey_floors(survey_id: int, k: int, comment_floor: int | None = None) -> int:
    """The anonymity floor an employee survey's figures follow now (see :func:`kept_floors`),
    for figures read outside a release, such as an incentive's arms."""
    return kept_floors(await _latest(survey_id), k, comment_floor)[0]


async def current_release(
    survey_id: int,
    live_rows: list[dict[str, Any]],
    k: int,
    closed: bool,
    comment_floor: int | None = None,
) -> Release:
    """The survey's latest release, cutting a new one first when the rule allows it.

    With ``comment_floor``, a survey whose answers carry comments advances in steps of that
    many changes: the comments new in a release are the comments of its batch, so a batch
    of ``k`` would list the comments of fewer than the comment floor of people.
    """
    live = [frozen_row(r) for r in live_rows]
    latest = await _latest(survey_id)
    k, comment_floor = kept_floors(latest, k, comment_floor)
    pinned_k, pinned_comments = k, comment_floor or 0
    frozen: list[dict[str, Any]] = json.loads(latest["frozen"]) if latest else []
    waiting = _waiting(live, frozen)
    held = any(row.get(WITHDRAWN) for row in frozen)

    def next_step(frozen: list[dict[str, Any]]) -> int:
        step = k
        if comment_floor and any(r.get("comment") for r in [*live, *frozen]):
            step = max(k, comment_floor)
        if not closed:
            # While answers come in, each release grows the survey by half: every group
            # grows by about half as well, so the newcomers a group gained since the previous
            # release (which the plan withholds under k) are rarely under k, and few releases
            # mean few differences. A closed survey releases its last answers from k on.
            step = max(step, -(-len(frozen) // GROWTH))
        return step

    step = next_step(frozen)
    # Closing releases nothing by itself: hr may close (and reopen) a survey, so a release
    # of whatever was waiting would hand out one colleague's answer on demand.
    if waiting >= step:
        number = (latest["release_no"] if latest else 0) + 1
        payload = json.dumps(live, sort_keys=True)
        try:
            await EnpsRelease.insert(
                EnpsRelease(
                    survey_id=survey_id,
                    release_no=number,
                    answers=len(live),
                    final=closed,
                    fingerprint=hashlib.sha256(payload.encode()).hexdigest(),
                    frozen=payload,
                    min_group_size=k,
                    comment_floor=comment_floor or 0,
                    ledger=json.dumps({"elements": _elements(live)}, sort_keys=True),
                )
            )
        except Exception:
            # another instance cut this release number first: render from its release
            latest = await _latest(survey_id)
            if latest is None or latest["release_no"] < number:
                raise
        else:
            # only the latest release renders: older ones keep their bookkeeping, not answers
            await EnpsRelease.update({EnpsRelease.frozen: "[]"}).where(
                (EnpsRelease.survey_id == survey_id) & (EnpsRelease.release_no < number)
            )
            latest = await _latest(survey_id)
        assert latest is not None
        frozen = json.loads(latest["frozen"])
        waiting = _waiting(live, frozen)
        held = any(row.get(WITHDRAWN) for row in frozen)
        step = next_step(frozen)
    if latest is None:
        return Release(
            number=0,
            cut_at=None,
            rows=[],
            waiting=waiting,
            final=False,
            every=step,
            k=pinned_k,
            comment_floor=pinned_comments,
        )
    if held:
        return Release(
            number=int(latest["release_no"]),
            cut_at=db_datetime(latest["cut_at"]),
            rows=[],
            waiting=waiting,
            final=False,
            every=step,
            held=True,
            k=pinned_k,
            comment_floor=pinned_comments,
        )
    return Release(
        number=int(latest["release_no"]),
        cut_at=db_datetime(latest["cut_at"]),
        rows=frozen,
        waiting=waiting,
        final=bool(latest["final"]) or (closed and waiting == 0),
        every=step,
        k=pinned_k,
        comment_floor=pinned_comments,
        history=await _history(survey_id, latest, frozen),
        recorded="tables" in _ledger(latest),
    )


async def released_answers(
    survey_id: int, k: int, closed: bool, comment_floor: int | None = None
) -> Release:
    """The latest release of an employee survey, over its scored answers (the one live
    selection every reader of employee figures uses, so all of them cut the same releases)."""
    live = (
        await Response.select(
            Response.id,
            Response.nps_score,
            Response.sentiment_label,
            Response.sentiment_polarity,
            Response.comment,
            Response.language,
            Response.version,
            Response.attributes,
            Response.answers,
            Response.submitted_at,
        )
        .where((Response.survey == survey_id) & Response.nps_score.is_not_null())
        .order_by(Response.id)
    )
    return await current_release(survey_id, live, k, closed, comment_floor)


async def scrub_released(response_ids: list[int]) -> None:
    """Erasure and retention reach the frozen copies too.

    A scrubbed answer's comment, attributes and free-text answers are copied from the live
    (scrubbed) row into the release; a deleted answer leaves the release. Scores and ratings
    stay frozen, so the figures do not move, unless the scrub moved the answer between groups
    (an attribute that looked like an address, such as a manager's email, left with the
    person) or deleted it: read before and after, one group would lose exactly that answer and
    another gain it. Then the release is *held* (:data:`WITHDRAWN`): nothing renders until the
    next release, which needs ``k`` changes counting the withdrawn ones.
    """
    from analytics.disclosure import IDENTIFYING

    def grouping(attributes: Any) -> dict[str, Any]:
        return {
            k: v for k, v in (_json(attributes) or {}).items() if not IDENTIFYING.search(str(k))
        }

    ids = set(response_ids)
    if not ids:
        return
    live = {
        int(r["id"]): r
        for r in await Response.select(
            Response.id, Response.comment, Response.attributes, Response.answers
        ).where(Response.id.is_in(sorted(ids)))
    }
    for release in await EnpsRelease.select(EnpsRelease.id, EnpsRelease.frozen).where(
        EnpsRelease.frozen != "[]"
    ):
        rows = json.loads(release["frozen"])
        if not any(r["id"] in ids for r in rows):
            continue
        kept = []
        for row in rows:
            if row["id"] in ids:
                source = live.get(row["id"])
                if source is None:
                    kept.append({"id": row["id"], WITHDRAWN: True})  # deleted: its place held
                    continue
                answers = _json(source["answers"])
                moved = grouping(source["attributes"]) != grouping(row["attributes"])
                row = {
                    **({WITHDRAWN: True} if moved else {}),
                    **row,
                    "comment": source["comment"],
                    "attributes": _json(source["attributes"]),
                    "answers": {
                        k: answers.get(k) if isinstance(v, str) else v
                        for k, v in row["answers"].items()
                    },
                }
            kept.append(row)
        await EnpsRelease.update({EnpsRelease.frozen: json.dumps(kept, sort_keys=True)}).where(
            EnpsRelease.id == release["id"]
        )
