"""Analytics queries: scores aggregated in SQL, then the pure statistics of this package.

Confidential (employee) surveys follow the anonymity rules everywhere: every figure, group,
trend point and comment list is withheld below ``settings.min_group_size`` people, with
complementary suppression so no group can be recovered by subtraction, and comments are
shown only for groups of at least ``settings.enps_comment_min_group``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import msgspec
import numpy as np

from analytics import disclosure, releases
from analytics import schemas as s
from analytics.driver_items import driver_keys, is_driver_item, left_out_message
from analytics.drivers import KeyDriverResult, key_drivers
from analytics.scores import (
    NpsScore,
    ces_from_scores,
    compare_nps,
    csat_from_scores,
    nps_from_counts,
)
from analytics.segments import sync_segments
from analytics.tables import ResponseSegment
from analytics.trends import bucket_key
from app.db import db_datetime, is_postgres
from app.errors import InputError, NotFound
from app.settings import Settings
from surveys.tables import Invitation, Response, Survey, SurveyVersion

log = logging.getLogger("voc.analytics")
#: Recipient attribute names as the import normalises them: a letter in any script (店舗), then
#: letters, digits or ``_``; never a quote, so the name is safe inside a JSON path.
ATTRIBUTE_RE = re.compile(r"^[^\W\d_]\w{0,39}$")
SPECIAL_DIMENSIONS = ("version", "language", "month", "week")
NOT_SET = "(not set)"
SENTIMENT_LABELS = ("positive", "neutral", "negative")


def score_from_counts(
    promoters: int, passives: int, detractors: int, metric: str = "nps"
) -> s.Score:
    result: NpsScore = nps_from_counts(promoters, passives, detractors)
    return s.Score(
        metric=metric,
        n=result.n,
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        nps=None if result.nps is None else round(result.nps, 2),
        ci_low=None if result.ci_low is None else round(result.ci_low, 2),
        ci_high=None if result.ci_high is None else round(result.ci_high, 2),
        margin=None if result.margin is None else round(result.margin, 2),
        low_n=result.low_n,
        message=result.message,
    )


def suppressed_score(metric: str, min_size: int) -> s.Score:
    return s.Score(
        metric=metric,
        n=0,
        promoters=0,
        passives=0,
        detractors=0,
        nps=None,
        ci_low=None,
        ci_high=None,
        margin=None,
        low_n=True,
        suppressed=True,
        message=f"hidden: fewer than {min_size}",
    )


COUNT_FIELDS = ("n", "promoters", "passives", "detractors", "responses", *SENTIMENT_LABELS)


def _empty_row(group: str) -> dict[str, Any]:
    return {"group": group, "mean_polarity": None, **dict.fromkeys(COUNT_FIELDS, 0)}


def _difference(whole: dict[str, Any], part: dict[str, Any], group: str) -> dict[str, Any]:
    """The answers in ``whole`` but not in ``part`` (counts and mean polarity)."""
    row = _empty_row(group)
    for field in COUNT_FIELDS:
        row[field] = whole[field] - part[field]

    def weight(r: dict[str, Any]) -> int:
        return int(sum(r[k] for k in SENTIMENT_LABELS))

    rest = weight(whole) - weight(part)
    if rest > 0 and whole["mean_polarity"] is not None:
        part_sum = (part["mean_polarity"] or 0.0) * weight(part)
        row["mean_polarity"] = round((whole["mean_polarity"] * weight(whole) - part_sum) / rest, 4)
    return row


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def comparison(
    by: str, a: str, b: str, score_a: s.Score, score_b: s.Score, message: str | None = None
) -> s.Comparison:
    """B − A with its interval; ``message`` set means the test is not run."""
    if message is None and (not score_a.n or not score_b.n):
        message = "one of the groups has no answers"
    if message is not None:
        return s.Comparison(
            by=by,
            a=a,
            b=b,
            score_a=score_a,
            score_b=score_b,
            difference=None,
            ci_low=None,
            ci_high=None,
            p_value=None,
            significant=False,
            message=message,
        )
    diff = compare_nps(
        (score_a.promoters, score_a.passives, score_a.detractors),
        (score_b.promoters, score_b.passives, score_b.detractors),
    )
    return s.Comparison(
        by=by,
        a=a,
        b=b,
        score_a=score_a,
        score_b=score_b,
        difference=_r(diff.difference),
        ci_low=_r(diff.ci_low),
        ci_high=_r(diff.ci_high),
        p_value=_r(diff.p_value, 4),
        significant=diff.significant,
    )


class SurveyInfo:
    def __init__(self, row: dict[str, Any]) -> None:
        self.id: int = row["id"]
        self.kind: str = row["kind"]
        self.audience: str = row["audience"]
        self.name: str = row["name"]
        self.closed: bool = row.get("status") == "closed"

    @property
    def confidential(self) -> bool:
        return self.audience == "employee" or self.kind == "enps"

    @property
    def metric(self) -> str:
        return "enps" if self.confidential else "nps"


class EnpsAnswer:
    """One eNPS answer as the guard's callers need it (never leaves the service as is)."""

    __slots__ = ("answers", "comment", "day", "id", "label", "language", "polarity", "score")

    def __init__(self, row: dict[str, Any]) -> None:
        self.id: int = int(row["id"])
        self.score: int = int(row["nps_score"])
        self.label: str | None = row["sentiment_label"]
        self.polarity: float | None = row["sentiment_polarity"]
        self.comment: str = row["comment"] or ""
        self.language: str = row["language"] or "en"
        self.day: dt.date = db_datetime(row["submitted_at"]).date()
        answers = row["answers"]
        self.answers: dict[str, Any] = (
            json.loads(answers) if isinstance(answers, str) else dict(answers or {})
        )


class EnpsData:
    """An eNPS survey's answers and the disclosure plan decided over them."""

    def __init__(
        self,
        answers: dict[int, EnpsAnswer],
        plan: disclosure.DisclosurePlan,
        waves: dict[str, tuple[dt.date, dt.date]],
        release: releases.Release,
    ) -> None:
        self.answers = answers
        self.plan = plan
        self.waves = waves
        self.release = release

    def listable(self, pid: int) -> bool:
        """Whether this answer's comment may appear in a list, a theme or the export."""
        return bool(self.answers[pid].comment) and pid not in self.plan.withheld_comments

    def figures(self, members: frozenset[int] | set[int], group: str) -> dict[str, Any]:
        """Counts and mean sentiment of a set of answers (a row like ``_grouped_counts``)."""
        row = _empty_row(group)
        polarity: list[float] = []
        for pid in members:
            answer = self.answers[pid]
            row["responses"] += 1
            row["n"] += 1
            row[_band(answer.score)] += 1
            # a withheld comment's sentiment is withheld too (else the count shows it)
            if answer.label in SENTIMENT_LABELS and pid not in self.plan.withheld_comments:
                row[answer.label] += 1
                if answer.polarity is not None:
                    polarity.append(float(answer.polarity))
        row["mean_polarity"] = round(sum(polarity) / len(polarity), 4) if polarity else None
        return row


def answered_item(data: EnpsData, keys: Sequence[str]) -> frozenset[int]:
    """The released answers that hold every one of ``keys`` (a rating, or all drivers)."""
    return frozenset(
        pid
        for pid, answer in data.answers.items()
        if all(answer.answers.get(key) not in (None, "") for key in keys)
    )


#: Score classes as the disclosure guard numbers them.
CLASS_INDEX = {"promoters": 0, "passives": 1, "detractors": 2}


def _band(score: int) -> str:
    return "promoters" if score >= 9 else "passives" if score >= 7 else "detractors"


#: Plans are costly (an integer program per round): one per survey and data state.
_PLANS: dict[int, tuple[str, disclosure.DisclosurePlan]] = {}
IDENTIFYING = disclosure.IDENTIFYING


class AnalyticsService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.min_size = settings.min_group_size
        self.comment_floor = max(settings.enps_comment_min_group, settings.min_group_size)

    # -- helpers --------------------------------------------------------------------------

    async def survey(self, survey_id: int) -> SurveyInfo:
        row = (
            await Survey.select(Survey.id, Survey.kind, Survey.audience, Survey.name, Survey.status)
            .where(Survey.id == survey_id)
            .first()
        )
        if row is None:
            raise NotFound(f"survey {survey_id} not found")
        return SurveyInfo(row)

    # -- eNPS: everything goes through the disclosure plan ------------------------------

    async def enps_data(self, survey_id: int) -> EnpsData:
        """The eNPS answers of the survey's latest release and the disclosure plan over them.

        Figures come from the release (:mod:`analytics.releases`), never from live answers, so
        they move only in batches of at least ``k`` new or changed answers (or at closing).
        """
        info = await self.survey(survey_id)
        release = await releases.released_answers(
            survey_id, self.min_size, info.closed, self.comment_floor
        )
        # the survey's own floors (never lower than any it was released under) govern every
        # figure this request renders from here on
        self.min_size = max(self.min_size, release.k)
        self.comment_floor = max(self.comment_floor, release.comment_floor, self.min_size)
        rows = release.rows
        answers: dict[int, EnpsAnswer] = {}
        people: list[disclosure.Person] = []
        attribute_keys: set[str] = set()
        waves: dict[str, list[dt.date]] = defaultdict(list)
        items = [q for q in await self._questions(survey_id) if q.get("type") != "nps"]
        for row in rows:
            answer = EnpsAnswer(row)
            answers[answer.id] = answer
            attributes = row["attributes"]
            if isinstance(attributes, str):
                attributes = json.loads(attributes)
            dims = {
                key: str(value)
                for key, value in (attributes or {}).items()
                if ATTRIBUTE_RE.match(key)
                and not IDENTIFYING.search(key)
                and value not in (None, "")
            }
            attribute_keys.update(dims)
            dims["language"] = answer.language
            dims["version"] = str(row["version"])
            dims["month"] = bucket_key(answer.day, "month")
            dims["week"] = bucket_key(answer.day, "week")
            waves[dims["version"]].append(answer.day)
            for item in items:  # which questions the row answers shows in the export
                given = answer.answers.get(item["key"]) not in (None, "", [])
                dims[disclosure.ANSWERED + item["key"]] = "yes" if given else "no"
            written = " ".join(
                [answer.comment, *(v for v in answer.answers.values() if isinstance(v, str))]
            ).strip()
            people.append(
                disclosure.Person(
                    id=answer.id,
                    dims=dims,
                    has_comment=bool(answer.comment),
                    comment_language=disclosure.visible_language(written) if written else None,
                    content=self._unordered(written),
                )
            )
        attributes_sorted = sorted(attribute_keys)
        dimensions = [*attributes_sorted, *SPECIAL_DIMENSIONS]
        universe = await self._invited_groups(survey_id, attributes_sorted)
        # A question answered by some rows and not others (added in a later version, or
        # optional) marks its rows in the file like a column would: it is a quasi-identifier
        # too, kept only where it splits no class below the floor (else left out of the file).
        varying = [
            disclosure.ANSWERED + item["key"]
            for item in sorted(items, key=lambda q: q.get("type") == "text")
            if len({p.dims[disclosure.ANSWERED + item["key"]] for p in people}) > 1
        ]
        export_dims = [
            "version",
            "language",
            *sorted(
                attributes_sorted,
                key=lambda k: (len({p.dims.get(k) for p in people}), k),
            ),
            *varying,
        ]
        history = release.history or releases.History()
        bands = Counter(_band(a.score) for a in answers.values())
        clearing = disclosure.cleared(
            history.tables,
            history.counts,
            frozenset(answers),
            [bands["promoters"], bands["passives"], bands["detractors"]],
        )
        fingerprint = hashlib.sha256(
            repr(
                (
                    self.min_size,
                    self.comment_floor,
                    [
                        (
                            p.id,
                            sorted(p.dims.items()),
                            p.has_comment,
                            p.comment_language,
                            p.content,
                        )
                        for p in people
                    ],
                    sorted((k, sorted(v)) for k, v in universe.items()),
                    history,
                    clearing,
                )
            ).encode()
        ).hexdigest()
        cached = _PLANS.get(survey_id)
        if cached is not None and cached[0] == fingerprint:
            plan = cached[1]
        else:
            plan = await asyncio.to_thread(
                disclosure.build_plan,
                people,
                dimensions,
                self.min_size,
                self.comment_floor,
                export_dims,
                universe,
                disclosure.PLAN_SECONDS,
                [item["key"] for item in items if item.get("type") == "text"],
                history.tables,
                history.comments,
                history.rows,
                clearing,
                history.counts,
                {pid: CLASS_INDEX[_band(answer.score)] for pid, answer in answers.items()},
            )
            _PLANS[survey_id] = (fingerprint, plan)
        if release.number and not release.recorded:
            await releases.record_published(survey_id, release.number, *plan.published_sets())
        return EnpsData(answers, plan, await self._wave_windows(survey_id, set(waves)), release)

    @staticmethod
    async def _wave_windows(
        survey_id: int, numbers: set[str]
    ) -> dict[str, tuple[dt.date, dt.date]]:
        """The days each version with released answers was the survey's current version.

        A period selects the waves these windows overlap. They come from when the versions
        were published, not from when answers arrived: placing a wave by its first and last
        answer let ``until``/``since`` stepped a day at a time read off the days the
        colleagues of a small, hidden wave answered.
        """
        versions = (
            await SurveyVersion.select(SurveyVersion.number, SurveyVersion.created_at)
            .where(SurveyVersion.survey == survey_id)
            .order_by(SurveyVersion.number)
        )
        starts = [(str(v["number"]), db_datetime(v["created_at"]).date()) for v in versions]
        windows: dict[str, tuple[dt.date, dt.date]] = {}
        for index, (number, start) in enumerate(starts):
            end = starts[index + 1][1] if index + 1 < len(starts) else dt.date.max
            windows[number] = (start, max(start, end))
        # an answer's version always has a row; fall back to "always" for safety
        return {n: windows.get(n, (dt.date.min, dt.date.max)) for n in numbers}

    @staticmethod
    async def _invited_groups(survey_id: int, keys: list[str]) -> dict[str, set[str]]:
        """Every group of the invited population (so hidden counts do not move on answers)."""
        invitations = await Invitation.select(Invitation.attributes, Invitation.language).where(
            Invitation.survey == survey_id
        )
        versions = await SurveyVersion.select(SurveyVersion.number).where(
            SurveyVersion.survey == survey_id
        )
        universe: dict[str, set[str]] = {k: set() for k in keys}
        universe["language"] = {str(i["language"] or "en") for i in invitations}
        universe["version"] = {str(v["number"]) for v in versions}
        for invitation in invitations:
            attributes = invitation["attributes"]
            if isinstance(attributes, str):
                attributes = json.loads(attributes)
            attributes = attributes or {}
            for key in keys:
                value = attributes.get(key)
                universe[key].add(disclosure.NOT_SET if value in (None, "") else str(value))
        return universe

    async def enps_export_csv(self, survey_id: int) -> str:
        """The row export of an eNPS survey: k-anonymous on every exported column combination.

        Columns: the quasi-identifiers the plan kept (version, language, attributes; rare
        values folded into ``(other)``, columns that would single anyone out left out), the
        score class (never the exact score, which would pin a comment to a 0–10 answer), the
        other answers, and the comment with its sentiment only when the answers reach the
        comment floor. No identity, id or time; rows sorted by content, not by arrival.
        """
        import csv
        import io

        from surveys.services.admin import csv_safe

        info = await self.survey(survey_id)
        data = await self.enps_data(survey_id)
        export = data.plan.export
        if export is None:
            from app.errors import Conflict

            raise Conflict(
                None,
                f"fewer than {self.min_size} released answers: an eNPS export would reveal people",
            )
        candidates = [
            q
            for q in await self._questions(survey_id)
            if q.get("type") != "nps" and (export.comments or q.get("type") != "text")
        ]
        printable = data.plan.export_items(
            [q["key"] for q in candidates],
            driver_keys(candidates, info.kind),
        )
        questions = [q for q in candidates if q["key"] in printable]
        shown_columns = [
            i for i, c in enumerate(export.columns) if not c.startswith(disclosure.ANSWERED)
        ]
        keys = [q["key"] for q in questions]
        # with comments in the file, the score class rides on each comment like on the
        # comment lists: only where the plan lets comments carry it
        with_class = not export.comments or data.plan.comment_classes
        header = [
            *(export.columns[i] for i in shown_columns),
            *(["score_class"] if with_class else []),
            *keys,
        ]
        if export.comments:
            header += ["comment", "sentiment_label"]
        text_keys = {q["key"] for q in questions if q.get("type") == "text"}
        lines = []
        for pid, shown in export.values.items():
            answer = data.answers[pid]
            # its words would name its writer, or its having words would (a few writers,
            # or a few who wrote nothing, in one class of the file)
            quiet = pid in data.plan.withheld_comments or pid in export.blank
            quiet_texts = quiet or pid in export.blank_texts
            values = [
                ""
                if quiet_texts and key in text_keys
                else ";".join(map(str, v))
                if isinstance(v, list)
                else ("" if v is None else v)
                for key, v in ((k, answer.answers.get(k)) for k in keys)
            ]
            line = [
                *(shown[i] for i in shown_columns),
                *([disclosure.score_class(answer.score)] if with_class else []),
                *values,
            ]
            if export.comments:
                line += ["", ""] if quiet else [answer.comment, answer.label or ""]
            lines.append(line)
        lines.sort(key=lambda line: [str(c) for c in line])
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        for line in lines:
            writer.writerow([csv_safe(c) for c in line])
        return buffer.getvalue()

    def _enps_score(self, data: EnpsData, members: frozenset[int] | None) -> s.Score:
        if members is None or not members or len(members) < self.min_size:
            return suppressed_score("enps", self.min_size)
        row = data.figures(members, "")
        return score_from_counts(row["promoters"], row["passives"], row["detractors"], "enps")

    def _wave_members(
        self,
        data: EnpsData,
        since: dt.date | None,
        until: dt.date | None,
        version: int | None,
    ) -> tuple[frozenset[int] | None, str | None]:
        """The answers of the whole waves a period or version asks for (None: withheld)."""
        plan = data.plan
        waves = set(data.waves)
        if version is not None:
            waves &= {str(version)}
        if since is not None or until is not None:
            low, high = since or dt.date.min, until or dt.date.max
            waves = {w for w in waves if data.waves[w][0] <= high and data.waves[w][1] >= low}
        message = None
        if since is not None or until is not None:
            message = "eNPS periods cover whole survey waves: " + (
                ", ".join(f"version {w}" for w in sorted(waves)) or "none"
            )
        if waves == set(data.waves):
            return (plan.everyone if plan.total_published else None), message
        members = frozenset().union(*(plan.cells["version"][w] for w in waves)) if waves else None
        if members is None or not plan.is_derivable(members) or len(members) < self.min_size:
            return None, message
        return members, message

    def _group_expr(self, by: str) -> tuple[str, list[Any]]:
        """SQL for the grouping key; attribute names are validated and passed as parameters."""
        pg = is_postgres()
        if by == "version":
            return "CAST(version AS TEXT)", []
        if by == "language":
            return "language", []
        if by in {"month", "week"}:
            return self._day_expr(), []
        if not ATTRIBUTE_RE.match(by):
            raise InputError("by", f"cannot break down by {by!r}: use an attribute name")
        if pg:
            return "(attributes::jsonb ->> {})", [by]
        return "json_extract(attributes, {})", [f'$."{by}"']

    @staticmethod
    def _day_expr() -> str:
        if is_postgres():
            return "to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        return "substr(submitted_at, 1, 10)"

    @staticmethod
    def _filters(
        survey_id: int,
        since: dt.date | None,
        until: dt.date | None,
        version: int | None,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = ["survey = {}"]
        args: list[Any] = [survey_id]
        if since:
            clauses.append("submitted_at >= {}")
            args.append(dt.datetime.combine(since, dt.time(), dt.UTC))
        if until:
            clauses.append("submitted_at < {}")
            args.append(dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.UTC))
        if version is not None:
            clauses.append("version = {}")
            args.append(version)
        return " AND ".join(clauses), args

    async def _grouped_counts(
        self,
        survey_id: int,
        by: str | None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        version: int | None = None,
        use_index: bool = True,
    ) -> list[dict[str, Any]]:
        if (
            use_index
            and by is not None
            and by not in SPECIAL_DIMENSIONS
            and since is None
            and until is None
            and version is None
        ):
            self._group_expr(by)  # validates the name
            return await self._segment_counts(survey_id, by)
        where, args = self._filters(survey_id, since, until, version)
        group_sql, group_args = ("'all'", []) if by is None else self._group_expr(by)
        sql = (
            f"SELECT {group_sql} AS grp, COUNT(nps_score) AS n, "
            "SUM(CASE WHEN nps_score >= 9 THEN 1 ELSE 0 END) AS promoters, "
            "SUM(CASE WHEN nps_score BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives, "
            "SUM(CASE WHEN nps_score <= 6 THEN 1 ELSE 0 END) AS detractors, "
            "COUNT(*) AS responses, AVG(sentiment_polarity) AS mean_polarity, "
            "SUM(CASE WHEN sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, "
            "SUM(CASE WHEN sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, "
            "SUM(CASE WHEN sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative "
            f"FROM survey_response WHERE {where} GROUP BY grp"
        )
        rows = await Response.raw(sql, *group_args, *args)
        out = []
        for row in rows:
            out.append(
                {
                    "group": NOT_SET if row["grp"] is None else str(row["grp"]),
                    "n": int(row["n"] or 0),
                    "promoters": int(row["promoters"] or 0),
                    "passives": int(row["passives"] or 0),
                    "detractors": int(row["detractors"] or 0),
                    "responses": int(row["responses"] or 0),
                    "mean_polarity": None
                    if row["mean_polarity"] is None
                    else round(float(row["mean_polarity"]), 4),
                    "positive": int(row["positive"] or 0),
                    "neutral": int(row["neutral"] or 0),
                    "negative": int(row["negative"] or 0),
                }
            )
        if by in {"month", "week"}:
            out = self._roll_up_days(out, by)
        return out

    async def _segment_counts(self, survey_id: int, by: str) -> list[dict[str, Any]]:
        """Groups from the segment index; answers without the attribute form "(not set)"."""
        await sync_segments(survey_id)
        cells = await ResponseSegment.raw(
            "SELECT value, nps_score, sentiment_label, COUNT(*) AS cnt, "
            "SUM(sentiment_polarity) AS psum, COUNT(sentiment_polarity) AS pn "
            "FROM response_segment WHERE survey_id = {} AND dimension = {} "
            "GROUP BY value, nps_score, sentiment_label",
            survey_id,
            by,
        )
        groups: dict[str, dict[str, Any]] = {}
        sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
        for cell in cells:
            row = groups.setdefault(cell["value"], _empty_row(cell["value"]))
            count, score, label = int(cell["cnt"]), cell["nps_score"], cell["sentiment_label"]
            row["responses"] += count
            if score is not None:
                row["n"] += count
                band = "promoters" if score >= 9 else "passives" if score >= 7 else "detractors"
                row[band] += count
            if label in SENTIMENT_LABELS:
                row[label] += count
            if cell["pn"]:
                sums[cell["value"]][0] += float(cell["psum"])
                sums[cell["value"]][1] += int(cell["pn"])
        for key, row in groups.items():
            polarity_sum, polarity_n = sums[key]
            row["mean_polarity"] = round(polarity_sum / polarity_n, 4) if polarity_n else None
        rows = list(groups.values())
        answered = await Response.count().where(Response.survey == survey_id)
        if sum(r["responses"] for r in rows) != answered:
            everyone = self._sum_rows(await self._grouped_counts(survey_id, None))
            rest = _difference(everyone, self._sum_rows(rows), NOT_SET)
            if any(rest[field] < 0 for field in COUNT_FIELDS):
                # The index disagrees with the answers (it is derived data): read the answers.
                log.warning("segment index of survey %s is stale; reading answers", survey_id)
                return await self._grouped_counts(survey_id, by, use_index=False)
            rows.append(rest)
        return rows

    @staticmethod
    def _roll_up_days(rows: list[dict[str, Any]], granularity: str) -> list[dict[str, Any]]:
        buckets: dict[str, dict[str, Any]] = {}
        polarity_sums: dict[str, float] = defaultdict(float)
        polarity_ns: dict[str, int] = defaultdict(int)
        for row in rows:
            day = dt.date.fromisoformat(row["group"])
            key = bucket_key(day, granularity)  # type: ignore[arg-type]
            bucket = buckets.setdefault(
                key,
                {
                    "group": key,
                    "n": 0,
                    "promoters": 0,
                    "passives": 0,
                    "detractors": 0,
                    "responses": 0,
                    "positive": 0,
                    "neutral": 0,
                    "negative": 0,
                },
            )
            for field in (
                "n",
                "promoters",
                "passives",
                "detractors",
                "responses",
                "positive",
                "neutral",
                "negative",
            ):
                bucket[field] += row[field]
            if row["mean_polarity"] is not None:
                scored = row["positive"] + row["neutral"] + row["negative"]
                polarity_sums[key] += row["mean_polarity"] * scored
                polarity_ns[key] += scored
        for key, bucket in buckets.items():
            bucket["mean_polarity"] = (
                round(polarity_sums[key] / polarity_ns[key], 4) if polarity_ns[key] else None
            )
        return sorted(buckets.values(), key=lambda r: r["group"])

    def _segments(
        self, info: SurveyInfo, rows: list[dict[str, Any]], total: dict[str, Any]
    ) -> tuple[list[s.Segment], int]:
        """Scores per group (customer surveys; eNPS breakdowns come from the disclosure plan)."""
        if info.confidential:  # fail closed: employee figures never bypass the guard
            raise RuntimeError("eNPS breakdowns go through analytics.disclosure")
        allowed = {r["group"] for r in rows}
        hidden = 0
        segments = [
            s.Segment(
                group=r["group"],
                score=score_from_counts(
                    r["promoters"], r["passives"], r["detractors"], info.metric
                ),
                mean_sentiment=r["mean_polarity"],
                sentiment_counts={k: r[k] for k in SENTIMENT_LABELS},
            )
            for r in rows
            if r["group"] in allowed
        ]
        return segments, hidden

    def _total_score(self, info: SurveyInfo, total: dict[str, Any]) -> s.Score:
        if info.confidential and 0 < total["n"] < self.min_size:
            return suppressed_score(info.metric, self.min_size)
        return score_from_counts(
            total["promoters"], total["passives"], total["detractors"], info.metric
        )

    @staticmethod
    def _sum_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
        total = _empty_row("all")
        for field in COUNT_FIELDS:
            total[field] = sum(r[field] for r in rows)
        scored = [(r["mean_polarity"], sum(r[k] for k in SENTIMENT_LABELS)) for r in rows]
        weight = sum(w for m, w in scored if m is not None)
        total["mean_polarity"] = (
            round(sum(m * w for m, w in scored if m is not None) / weight, 4) if weight else None
        )
        return total

    async def _total(
        self,
        survey_id: int,
        since: dt.date | None = None,
        until: dt.date | None = None,
        version: int | None = None,
    ) -> dict[str, Any]:
        return self._sum_rows(await self._grouped_counts(survey_id, None, since, until, version))

    # -- scores ---------------------------------------------------------------------------

    async def scores(
        self,
        survey_id: int,
        since: dt.date | None = None,
        until: dt.date | None = None,
        version: int | None = None,
    ) -> s.SurveyScores:
        info = await self.survey(survey_id)
        if info.confidential:
            return await self._enps_scores(survey_id, since, until, version, info.kind)
        total = await self._total(survey_id, since, until, version)
        score = self._total_score(info, total)
        hide_all = score.suppressed
        ratings = [] if hide_all else await self._ratings(info, since, until, version)
        return s.SurveyScores(
            survey_id=survey_id,
            kind=info.kind,
            confidential=info.confidential,
            responses=0 if hide_all else total["responses"],
            score=score,
            ratings=ratings,
            mean_sentiment=None if hide_all else total["mean_polarity"],
            sentiment_counts={k: 0 if hide_all else total[k] for k in SENTIMENT_LABELS},
        )

    async def _enps_scores(
        self,
        survey_id: int,
        since: dt.date | None,
        until: dt.date | None,
        version: int | None,
        kind: str = "enps",
    ) -> s.SurveyScores:
        data = await self.enps_data(survey_id)
        members, message = self._wave_members(data, since, until, version)
        score = self._enps_score(data, members)
        if message:
            score.message = message if score.message is None else f"{score.message}; {message}"
        release = s.FiguresRelease(
            number=data.release.number,
            released_at=data.release.cut_at,
            answers_waiting=data.release.waiting,
            every=data.release.every or self.min_size,
            final=data.release.final,
        )
        if members is None or score.suppressed:
            return s.SurveyScores(
                survey_id=survey_id,
                kind="enps",
                confidential=True,
                responses=0,
                score=score,
                ratings=[],
                mean_sentiment=None,
                sentiment_counts=dict.fromkeys(SENTIMENT_LABELS, 0),
                release=release,
            )
        row = data.figures(members, "")
        if not data.plan.sentiment_shown(members):  # a wave's sentiment would tag its comments
            row["mean_polarity"] = None
            row.update(dict.fromkeys(SENTIMENT_LABELS, 0))
        # driver items are shown with their importance in the key-driver section instead
        questions = [
            q
            for q in await self._questions(survey_id)
            if q.get("type") == "rating" and not is_driver_item(q, kind)
        ]
        return s.SurveyScores(
            survey_id=survey_id,
            kind="enps",
            confidential=True,
            responses=row["responses"],
            score=score,
            ratings=self._enps_ratings(data, questions, members),
            mean_sentiment=row["mean_polarity"],
            sentiment_counts={k: row[k] for k in SENTIMENT_LABELS},
            release=release,
        )

    def _enps_ratings(
        self, data: EnpsData, questions: list[dict[str, Any]], members: frozenset[int]
    ) -> list[s.RatingScore]:
        """Each rating over those of ``members`` who answered it, where the guard allows."""
        out: list[s.RatingScore] = []
        for question in questions:
            key = question["key"]
            used = disclosure.item_members(data.plan, answered_item(data, [key]), members)
            if used is None:
                out.extend(
                    msgspec.structs.replace(
                        r,
                        n=0,
                        value=None,
                        ci_low=None,
                        ci_high=None,
                        mean=None,
                        message=f"hidden: fewer than {self.min_size}",
                    )
                    for r in self._rating_scores([question], [])
                )
                continue
            rows = [{"k0": data.answers[pid].answers.get(key)} for pid in sorted(used)]
            out.extend(self._rating_scores([question], rows))
        return out

    async def _questions(self, survey_id: int) -> list[dict[str, Any]]:
        """Every question key seen in any version, the latest wording winning."""
        versions = (
            await SurveyVersion.select(SurveyVersion.number, SurveyVersion.questions)
            .where(SurveyVersion.survey == survey_id)
            .order_by(SurveyVersion.number)
        )
        by_key: dict[str, dict[str, Any]] = {}
        for version in versions:
            questions = version["questions"]
            if isinstance(questions, str):
                import json

                questions = json.loads(questions)
            for question in questions or []:
                by_key[question["key"]] = question
        return list(by_key.values())

    async def _answer_rows(
        self,
        survey_id: int,
        since: dt.date | None,
        until: dt.date | None,
        version: int | None,
        keys: Sequence[str],
    ) -> list[dict[str, Any]]:
        where, args = self._filters(survey_id, since, until, version)
        columns = []
        params: list[Any] = []
        for index, key in enumerate(keys):
            if is_postgres():
                columns.append(f"(answers::jsonb ->> {{}}) AS k{index}")
                params.append(key)
            else:
                columns.append(f"json_extract(answers, {{}}) AS k{index}")
                params.append(f"$.{key}")
        sql = f"SELECT nps_score, {', '.join(columns)} FROM survey_response WHERE {where}"
        return await Response.raw(sql, *params, *args)

    async def _ratings(
        self,
        info: SurveyInfo,
        since: dt.date | None,
        until: dt.date | None,
        version: int | None,
    ) -> list[s.RatingScore]:
        questions = [
            q
            for q in await self._questions(info.id)
            if q.get("type") == "rating" and not is_driver_item(q, info.kind)
        ]
        if not questions:
            return []
        rows = await self._answer_rows(
            info.id, since, until, version, [q["key"] for q in questions]
        )
        return self._rating_scores(questions, rows)

    @staticmethod
    def _rating_scores(
        questions: list[dict[str, Any]], rows: list[dict[str, Any]]
    ) -> list[s.RatingScore]:
        out: list[s.RatingScore] = []
        for index, question in enumerate(questions):
            values = np.array(
                [float(r[f"k{index}"]) for r in rows if r[f"k{index}"] not in (None, "")],
                dtype=float,
            )
            scale = int(question.get("scale") or 5)
            key = question["key"]
            if key.startswith("ces") or key.startswith("effort"):
                ces = ces_from_scores(values, scale_max=scale)
                out.append(
                    s.RatingScore(
                        key=key,
                        metric="ces",
                        n=ces.n,
                        value=ces.easy,
                        ci_low=ces.easy_ci_low,
                        ci_high=ces.easy_ci_high,
                        mean=ces.mean,
                        message=ces.message,
                    )
                )
            elif scale == 5:
                csat = csat_from_scores(values, scale_max=5)
                out.append(
                    s.RatingScore(
                        key=key,
                        metric="csat",
                        n=csat.n,
                        value=csat.csat,
                        ci_low=csat.ci_low,
                        ci_high=csat.ci_high,
                        mean=round(float(values.mean()), 3) if values.size else None,
                        message=csat.message,
                    )
                )
        return out

    # -- segments, comparisons and trends -------------------------------------------------

    async def breakdown(
        self,
        survey_id: int,
        by: str,
        since: dt.date | None = None,
        until: dt.date | None = None,
        version: int | None = None,
    ) -> s.Breakdown:
        info = await self.survey(survey_id)
        if info.confidential:
            return await self._enps_breakdown(survey_id, by, since, until, version)
        rows = await self._grouped_counts(survey_id, by, since, until, version)
        # Every answer falls in exactly one group ("(not set)" included): one scan serves both.
        total = self._sum_rows(rows)
        total_score = self._total_score(info, total)
        segments: list[s.Segment]
        if total_score.suppressed:
            segments, hidden = [], len(rows)
        else:
            segments, hidden = self._segments(info, rows, total)
        segments.sort(key=lambda seg: seg.group)
        return s.Breakdown(
            survey_id=survey_id,
            by=by,
            segments=segments,
            total=total_score,
            hidden_count=hidden,
            hidden_label=f"hidden: fewer than {self.min_size}" if hidden else None,
            min_group_size=self.min_size if info.confidential else None,
        )

    async def _enps_breakdown(
        self,
        survey_id: int,
        by: str,
        since: dt.date | None,
        until: dt.date | None,
        version: int | None,
    ) -> s.Breakdown:
        """Published groups of the plan only; filters would cut groups below the floor."""
        if by not in SPECIAL_DIMENSIONS:
            self._group_expr(by)  # validates the name
        for name, value in (("since", since), ("until", until), ("version", version)):
            if value is not None:
                raise InputError(
                    name,
                    "eNPS breakdowns cover every answer: a period or version would cut groups "
                    "below the anonymity floor (use by=version for waves)",
                )
        data = await self.enps_data(survey_id)
        plan = data.plan
        total = self._enps_score(data, plan.everyone if plan.total_published else None)
        segments = []
        for group, members in sorted(plan.groups(by).items()):
            row = data.figures(members, group)
            # sentiment only where it cannot pick the group's comments out of a list
            tagged = plan.sentiment_shown(members)
            segments.append(
                s.Segment(
                    group=group,
                    score=score_from_counts(
                        row["promoters"], row["passives"], row["detractors"], "enps"
                    ),
                    mean_sentiment=row["mean_polarity"] if tagged else None,
                    sentiment_counts={k: row[k] for k in SENTIMENT_LABELS} if tagged else {},
                )
            )
        hidden = plan.hidden_count(by) if plan.total_published else 0
        return s.Breakdown(
            survey_id=survey_id,
            by=by,
            segments=segments,
            total=total,
            hidden_count=hidden,
            hidden_label=f"{disclosure.HIDDEN_LABEL} (fewer than {self.min_size}, or would "
            "let a small group be worked out)"
            if hidden
            else None,
            min_group_size=self.min_size,
        )

    async def compare(self, survey_id: int, by: str, a: str, b: str) -> s.Comparison:
        breakdown = await self.breakdown(survey_id, by)
        by_group = {seg.group: seg.score for seg in breakdown.segments}
        missing = [g for g in (a, b) if g not in by_group]
        if missing:
            raise InputError(
                "a" if missing[0] == a else "b",
                f"no published group {missing[0]!r} in the breakdown by {by}",
            )
        return comparison(by, a, b, by_group[a], by_group[b])

    async def trend(
        self,
        survey_id: int,
        granularity: str = "month",
        action_date: dt.date | None = None,
    ) -> s.Trend:
        if granularity not in {"month", "week"}:
            raise InputError("granularity", "granularity must be month or week")
        breakdown = await self.breakdown(survey_id, granularity)
        points = [s.TrendPoint(period=seg.group, score=seg.score) for seg in breakdown.segments]
        before_after = None
        if action_date is not None:
            before_after = await self._before_after(survey_id, action_date)
        return s.Trend(
            survey_id=survey_id,
            granularity=granularity,
            points=points,
            hidden_count=breakdown.hidden_count,
            action_date=action_date,
            before_after=before_after,
        )

    async def _before_after(self, survey_id: int, action_date: dt.date) -> s.Comparison:
        info = await self.survey(survey_id)
        if info.confidential:
            return await self._enps_before_after(survey_id, action_date)
        before = await self._total(survey_id, until=action_date - dt.timedelta(days=1))
        after = await self._total(survey_id, since=action_date)
        score_a, score_b = self._total_score(info, before), self._total_score(info, after)
        label_a, label_b = f"before {action_date}", f"from {action_date}"
        total_n = before["n"] + after["n"]
        thin = (
            score_a.suppressed
            or score_b.suppressed
            or (info.confidential and total_n - min(before["n"], after["n"]) < self.min_size)
        )
        message = "not enough answers on both sides of the action date" if thin else None
        return comparison("period", label_a, label_b, score_a, score_b, message)

    async def _enps_before_after(self, survey_id: int, action_date: dt.date) -> s.Comparison:
        """Before/after whole months, and only when both sides follow from published figures."""
        data = await self.enps_data(survey_id)
        plan = data.plan
        month = bucket_key(action_date, "month")
        months = plan.cells.get("month", {})
        before = frozenset().union(*(m for k, m in months.items() if k < month))
        after = frozenset().union(*(m for k, m in months.items() if k >= month))
        label_a, label_b = f"before {month}", f"from {month}"
        safe = all(
            len(side) >= self.min_size and plan.is_derivable(side) for side in (before, after)
        )
        if not safe:
            hidden = suppressed_score("enps", self.min_size)
            return comparison(
                "period",
                label_a,
                label_b,
                hidden,
                hidden,
                "not enough answers on both sides of the action month to keep people anonymous",
            )
        return comparison(
            "period",
            label_a,
            label_b,
            self._enps_score(data, before),
            self._enps_score(data, after),
        )

    async def sentiment(self, survey_id: int, by: str) -> s.SentimentBreakdown:
        breakdown = await self.breakdown(survey_id, by)
        segments = [
            s.SentimentSegment(
                group=seg.group,
                n=sum(seg.sentiment_counts.values()),
                mean_polarity=seg.mean_sentiment,
                positive=seg.sentiment_counts["positive"],
                neutral=seg.sentiment_counts["neutral"],
                negative=seg.sentiment_counts["negative"],
            )
            for seg in breakdown.segments
            if seg.sentiment_counts  # eNPS groups whose sentiment the guard withholds: none
        ]
        withheld = len(breakdown.segments) - len(segments)
        return s.SentimentBreakdown(
            survey_id=survey_id,
            by=by,
            segments=segments,
            hidden_count=breakdown.hidden_count + withheld,
        )

    # -- comments, themes, praise ---------------------------------------------------------

    async def _comment_rows(
        self, survey_id: int, by: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        group_sql, group_args = ("NULL", []) if by is None else self._group_expr(by)
        if by in {"month", "week"}:
            group_sql = self._day_expr()
        sql = (
            f"SELECT id, comment, nps_score, sentiment_label, sentiment_polarity, language, "
            f"submitted_at, {group_sql} AS grp FROM survey_response "
            "WHERE survey = {} AND comment <> '' ORDER BY submitted_at DESC, id DESC"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return await Response.raw(sql, *group_args, survey_id)

    async def _allowed_comment_groups(
        self, info: SurveyInfo, by: str | None
    ) -> tuple[set[str] | None, str | None]:
        """For confidential surveys: which groups' comments may be shown (None = all)."""
        if not info.confidential:
            return None, None
        total = await self._total(info.id)
        if total["responses"] < self.comment_floor:
            return set(), f"comments are shown only for groups of at least {self.comment_floor}"
        if by is None:
            return {"__all__"}, None
        rows = await self._grouped_counts(info.id, by)
        allowed = {r["group"] for r in rows if r["responses"] >= self.comment_floor}
        return allowed, (
            f"groups under {self.comment_floor} people are not shown"
            if len(allowed) < len(rows)
            else None
        )

    def _to_comment(self, row: dict[str, Any], by: str | None) -> s.Comment:
        submitted = db_datetime(row["submitted_at"])
        group = None
        if by is not None:
            group = NOT_SET if row["grp"] is None else str(row["grp"])
            if by in {"month", "week"}:
                group = bucket_key(dt.date.fromisoformat(group), by)  # type: ignore[arg-type]
        return s.Comment(
            response_id=row["id"],
            text=row["comment"],
            nps_score=row["nps_score"],
            sentiment_label=row["sentiment_label"],
            sentiment_polarity=row["sentiment_polarity"],
            language=row["language"],
            submitted_at=submitted,
            group=group,
        )

    async def comments(
        self,
        survey_id: int,
        sentiment: str | None = None,
        theme: str | None = None,
        by: str | None = None,
        group: str | None = None,
        limit: int = 200,
    ) -> s.CommentList:
        info = await self.survey(survey_id)
        if sentiment is not None and sentiment not in SENTIMENT_LABELS:
            raise InputError("sentiment", "sentiment must be positive, neutral or negative")
        if info.confidential:
            return await self._enps_comments(survey_id, sentiment, theme, by, group, limit)
        allowed, message = await self._allowed_comment_groups(info, by)
        if allowed is not None and not allowed:
            return s.CommentList(survey_id=survey_id, total=0, comments=[], message=message)
        rows = await self._comment_rows(survey_id, by)
        comments = [self._to_comment(row, by) for row in rows]
        if allowed is not None and by is not None:
            comments = [c for c in comments if c.group in allowed]
        if group is not None:
            comments = [c for c in comments if c.group == group]
        if sentiment is not None:
            comments = [c for c in comments if c.sentiment_label == sentiment]
        if theme is not None:
            from analytics.themes import head_of, theme_keys

            wanted = head_of(theme.strip())
            comments = [c for c in comments if wanted in theme_keys(c.text, c.language)]
        return s.CommentList(
            survey_id=survey_id,
            total=len(comments),
            comments=comments[:limit],
            message=message,
        )

    async def _enps_comment_sets(
        self, data: EnpsData, by: str | None, group: str | None
    ) -> tuple[dict[str | None, frozenset[int]], str | None]:
        """Which answers' comments a list may show, per group, and why some are withheld."""
        plan = data.plan
        withheld = (
            f"comments are {disclosure.HIDDEN_LABEL}: they are shown only for groups of at "
            f"least {self.comment_floor} people whose comments cannot be told apart from a "
            "smaller group's"
        )
        if by is not None and by not in SPECIAL_DIMENSIONS:
            self._group_expr(by)  # validates the name
        if by is None:
            if group is not None:
                return {}, None
            members = plan.comment_members(None, None)
            return ({None: members}, None) if members is not None else ({}, withheld)
        if group is not None:
            members = plan.comment_members(by, group)
            return ({group: members}, None) if members is not None else ({}, withheld)
        sets: dict[str | None, frozenset[int]] = {
            value: plan.cells[dim][value] for dim, value in sorted(plan.comment_cells) if dim == by
        }
        # Whether a list is complete is judged over the groups of the invited population, not
        # over the groups that answered: else the note says whether a hidden group has answers.
        # Periods have no invited population (a month with no answers looks like one whose few
        # answers are hidden), so a list by period always states the rule.
        if by not in plan.universe:
            return sets, withheld
        invited = plan.universe[by] | set(plan.cells.get(by, {}))
        return sets, (withheld if invited - set(sets) else None)

    def _enps_comment(self, data: EnpsData, pid: int, group: str | None) -> s.Comment:
        answer = data.answers[pid]
        return s.Comment(
            text=answer.comment,
            score_class=disclosure.score_class(answer.score) if data.plan.comment_classes else None,
            sentiment_label=answer.label,
            sentiment_polarity=answer.polarity,
            group=group,
        )

    @staticmethod
    def _unordered(text: str) -> str:
        """An order that says nothing about who answered when (a hash of the text)."""
        return hashlib.sha256(text.encode()).hexdigest()

    async def _enps_comments(
        self,
        survey_id: int,
        sentiment: str | None,
        theme: str | None,
        by: str | None,
        group: str | None,
        limit: int,
    ) -> s.CommentList:
        data = await self.enps_data(survey_id)
        sets, message = await self._enps_comment_sets(data, by, group)
        comments = [
            self._enps_comment(data, pid, key)
            for key, members in sets.items()
            for pid in members
            if data.listable(pid)
        ]
        comments.sort(key=lambda c: (c.group or "", self._unordered(c.text)))
        if sentiment is not None:
            comments = [c for c in comments if c.sentiment_label == sentiment]
        if theme is not None:
            from analytics.themes import head_of, theme_keys

            wanted = head_of(theme.strip())
            comments = [c for c in comments if wanted in theme_keys(c.text, c.language)]
        return s.CommentList(
            survey_id=survey_id, total=len(comments), comments=comments[:limit], message=message
        )

    async def _enps_themes(self, survey_id: int, top_n: int, lang: str | None) -> s.Themes:
        """Themes over the comments the guard publishes; small themes and scores withheld."""
        from analytics.themes import ThemeInput, find_themes

        data = await self.enps_data(survey_id)
        plan = data.plan
        sets, message = await self._enps_comment_sets(data, None, None)
        members = sets.get(None, frozenset())
        inputs = [
            ThemeInput(
                id=pid,
                text=data.answers[pid].comment,
                polarity=data.answers[pid].polarity or 0.0,
                score=data.answers[pid].score,
                period=bucket_key(data.answers[pid].day, "month"),
                language=data.answers[pid].language,
            )
            # ids are arrival order, and themes break ties (of equal polarity) by input order:
            # the text's hash, like every comment list, so a quote's place says nothing of when
            for pid in sorted(members, key=lambda pid: self._unordered(data.answers[pid].comment))
            if data.listable(pid)
        ]
        found = find_themes(
            inputs, top_n=top_n, min_count=self.min_size, reader=lang, label_floor=self.min_size
        )
        months_whole = all(plan.sentiment_shown(m) for m in plan.cells.get("month", {}).values())
        out = []
        for theme in found:
            if theme.count < self.min_size:
                continue
            # monthly counts tie a theme's comments to the month their writers answered in:
            # only where each month's comments could be listed on their own
            trend = (
                theme.trend if min(theme.trend.values()) >= self.min_size and months_whole else {}
            )
            examples = []
            if theme.count >= self.comment_floor:
                examples = [data.answers[int(i)].comment for i in theme.example_ids]  # type: ignore[call-overload]
            out.append(
                s.ThemeOut(
                    phrase=theme.phrase,
                    count=theme.count,
                    share=round(theme.share, 4),
                    mean_sentiment=round(theme.mean_sentiment, 3),
                    # exact scores never; the NPS of a theme's writers only where the comments
                    # already carry their score class
                    mean_score=None,
                    nps=None
                    if theme.nps is None or not plan.comment_classes
                    else round(theme.nps, 1),
                    examples=examples,
                    trend=trend,
                )
            )
        if inputs and len(out) < len(found) and message is None:
            message = f"themes mentioned by fewer than {self.min_size} people are hidden"
        return s.Themes(survey_id=survey_id, comments=len(inputs), themes=out, message=message)

    async def themes(self, survey_id: int, top_n: int = 15, lang: str | None = None) -> s.Themes:
        """Themes of a survey's comments, named in ``lang`` ("ja" or "en") when given."""
        from analytics.themes import ThemeInput, find_themes

        if lang is not None and lang not in ("ja", "en"):
            raise InputError("lang", "lang must be ja or en")
        info = await self.survey(survey_id)
        if info.confidential:
            return await self._enps_themes(survey_id, top_n, lang)
        allowed, message = await self._allowed_comment_groups(info, None)
        if allowed is not None and not allowed:
            return s.Themes(survey_id=survey_id, comments=0, themes=[], message=message)
        rows = await self._comment_rows(survey_id, None)
        inputs = []
        texts: dict[int, str] = {}
        for row in rows:
            comment = self._to_comment(row, None)
            texts[int(row["id"])] = comment.text
            inputs.append(
                ThemeInput(
                    id=int(row["id"]),
                    text=comment.text,
                    polarity=comment.sentiment_polarity or 0.0,
                    score=comment.nps_score,
                    period=bucket_key(db_datetime(row["submitted_at"]), "month"),
                    language=comment.language,
                )
            )
        found = find_themes(inputs, top_n=top_n, reader=lang)
        # Confidential surveys show no verbatim examples: themes and counts only.
        show_examples = not info.confidential
        return s.Themes(
            survey_id=survey_id,
            comments=len(inputs),
            themes=[
                s.ThemeOut(
                    phrase=theme.phrase,
                    count=theme.count,
                    share=round(theme.share, 4),
                    mean_sentiment=round(theme.mean_sentiment, 3),
                    mean_score=None if theme.mean_score is None else round(theme.mean_score, 2),
                    nps=None if theme.nps is None else round(theme.nps, 1),
                    examples=[texts[i] for i in theme.example_ids if i in texts]  # type: ignore[index]
                    if show_examples
                    else [],
                    trend=theme.trend,
                )
                for theme in found
            ],
            message=message,
        )

    async def praise(self, survey_id: int, by: str | None = None, per_group: int = 3) -> s.Praise:
        """The most positive comments per team or store, for recognition."""
        info = await self.survey(survey_id)
        if info.confidential:
            data = await self.enps_data(survey_id)
            sets, message = await self._enps_comment_sets(data, by, None)
            praise_groups = []
            for key, members in sorted(sets.items(), key=lambda kv: kv[0] or ""):
                picked = sorted(
                    (
                        pid
                        for pid in members
                        if data.listable(pid)
                        and data.answers[pid].label == "positive"
                        # leaving out detractors' praise would say whose comment is a
                        # detractor's where comments may not carry their score class
                        and (data.answers[pid].score >= 7 or not data.plan.comment_classes)
                    ),
                    key=lambda pid: (
                        -(data.answers[pid].polarity or 0.0),
                        self._unordered(data.answers[pid].comment),
                    ),
                )[:per_group]
                if picked:
                    praise_groups.append(
                        s.PraiseGroup(
                            group=key or "all",
                            comments=[self._enps_comment(data, pid, key) for pid in picked],
                        )
                    )
            return s.Praise(survey_id=survey_id, by=by, groups=praise_groups, message=message)
        allowed, message = await self._allowed_comment_groups(info, by)
        if allowed is not None and not allowed:
            return s.Praise(survey_id=survey_id, by=by, groups=[], message=message)
        rows = await self._comment_rows(survey_id, by)
        grouped: dict[str, list[s.Comment]] = defaultdict(list)
        for row in rows:
            comment = self._to_comment(row, by)
            if comment.sentiment_label != "positive":
                continue
            if comment.nps_score is not None and comment.nps_score < 7:
                continue
            key = comment.group if by is not None else "all"
            if allowed is not None and by is not None and key not in allowed:
                continue
            grouped[key or NOT_SET].append(comment)
        groups = [
            s.PraiseGroup(
                group=key,
                comments=sorted(
                    items, key=lambda c: (-(c.sentiment_polarity or 0), -(c.nps_score or 0))
                )[:per_group],
            )
            for key, items in sorted(grouped.items())
        ]
        return s.Praise(survey_id=survey_id, by=by, groups=groups, message=message)

    # -- key drivers ----------------------------------------------------------------------

    async def driver_analysis(
        self, survey_id: int, n_boot: int = 200, lang: str = "en"
    ) -> tuple[KeyDriverResult | None, dict[str, str], str | None]:
        """The raw key-driver result, the drivers' labels (their question text in ``lang``,
        else in English), or why there is none."""
        info = await self.survey(survey_id)
        questions = [q for q in await self._questions(survey_id) if is_driver_item(q, info.kind)]
        if not questions:
            return None, {}, "this survey asks no driver ratings"
        keys = [q["key"] for q in questions]
        labels = {
            q["key"]: (q.get("text") or {}).get(lang) or (q.get("text") or {}).get("en") or q["key"]
            for q in questions
        }
        rows: list[dict[str, Any]]
        seed = survey_id
        left_out: list[str] = []
        if info.confidential:  # the released answers, like every other eNPS figure
            data = await self.enps_data(survey_id)
            # the analysis runs over the answers that rate every driver (listwise): their
            # set, not the survey's, is the group the figures are about; an item the few
            # skipped (or the few answered) would single them out of the export's rows
            allowed = data.plan.driver_items(keys)
            left_out = [
                k
                for k in keys
                if k not in allowed
                and any(a.answers.get(k) not in (None, "") for a in data.answers.values())
            ]
            answered = [
                k
                for k in allowed
                if any(a.answers.get(k) not in (None, "") for a in data.answers.values())
            ]
            if left_out and not answered:
                return None, labels, left_out_message(left_out)
            keys = [k for k in keys if k not in left_out]
            used = disclosure.item_members(
                data.plan,
                answered_item(data, answered),
                data.plan.everyone if data.plan.total_published else frozenset(),
            )
            if not used:
                return None, labels, f"hidden: fewer than {self.min_size}"
            rows = [
                {
                    # the class's part of the eNPS, not the 0–10 score (see driver_outcome)
                    "nps_score": disclosure.driver_outcome(a.score),
                    **{f"k{i}": a.answers.get(k) for i, k in enumerate(keys)},
                }
                for pid, a in sorted(data.answers.items())
                if pid in used
            ]
            # in content order, and the bootstrap seeded by the content: the intervals must
            # not depend on who answered first
            rows.sort(key=lambda r: json.dumps(r, sort_keys=True, default=str))
            seed = int(hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()[:8], 16)
        else:
            rows = await self._answer_rows(survey_id, None, None, None, keys)
        scored = [r for r in rows if r["nps_score"] is not None]
        if info.confidential and len(scored) < self.min_size:
            return None, labels, f"hidden: fewer than {self.min_size}"
        X = np.array(
            [
                [
                    math.nan if r[f"k{i}"] in (None, "") else float(r[f"k{i}"])
                    for i in range(len(keys))
                ]
                for r in scored
            ],
            dtype=float,
        ).reshape(len(scored), len(keys))
        y = np.array([float(r["nps_score"]) for r in scored], dtype=float)
        groups = disclosure.OUTCOME_GROUPS if info.confidential else None
        # performance as a share too: the top two boxes of each item's scale (4–5 of 5)
        favourable = {q["key"]: float(int(q.get("scale") or 5) - 1) for q in questions}
        result = key_drivers(
            X, y, keys, n_boot=n_boot, seed=seed, outcome_groups=groups, favourable=favourable
        )
        if left_out:
            messages = [left_out_message(left_out), *result.messages]
            result = msgspec.structs.replace(result, messages=messages)
        return result, labels, None

    async def drivers(self, survey_id: int, n_boot: int = 200) -> s.KeyDrivers:
        result, labels, why = await self.driver_analysis(survey_id, n_boot)
        outcome = "class" if (await self.survey(survey_id)).confidential else "score"
        if result is None:
            return s.KeyDrivers(
                outcome=outcome,
                survey_id=survey_id,
                ok=False,
                n=0,
                r2=None,
                drivers=[],
                ranking_settled=False,
                importance_split=None,
                performance_split=None,
                messages=[why or "no driver analysis"],
            )
        return s.KeyDrivers(
            outcome=outcome,
            survey_id=survey_id,
            ok=result.ok,
            n=result.n,
            r2=None if result.r2 is None else round(result.r2, 4),
            drivers=[
                s.DriverOut(
                    key=d.name,
                    label=labels.get(d.name, d.name),
                    share_pct=round(d.share_pct, 2),
                    ci_low=None if d.ci_low is None else round(d.ci_low, 2),
                    ci_high=None if d.ci_high is None else round(d.ci_high, 2),
                    shapley_share_pct=None
                    if d.shapley_share_pct is None
                    else round(d.shapley_share_pct, 2),
                    raw_weight=round(d.raw_weight, 5),
                    correlation=round(d.correlation, 4),
                    mean_rating=round(d.mean_rating, 3),
                    rank=d.rank,
                    rank_shapley=d.rank_shapley,
                    quadrant=d.quadrant,
                    favourable_pct=None if d.favourable_pct is None else round(d.favourable_pct, 1),
                )
                for d in result.drivers
            ],
            ranking_settled=result.ranking_settled,
            importance_split=result.importance_split,
            performance_split=result.performance_split,
            messages=[m.replace("driver_", "") for m in result.messages],
        )
