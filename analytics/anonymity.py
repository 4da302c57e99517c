"""Confidentiality floors for eNPS breakdowns: which groups may be published.

No published figure may let anyone work out the answers of fewer than ``min_size`` people,
neither directly (a small group) nor by subtraction (the total minus the published groups).

The rule (:func:`suppress_groups`):

1. **Primary suppression** — a group with 0 < size < ``min_size`` is hidden. Empty groups
   (size 0) reveal nobody and stay published; they never count as a hiding place.
2. **Total too small** — if the total is published but below ``min_size``, nothing can be
   shown: the total and every non-empty group are hidden.
3. **Complementary suppression** — when the total is published, anyone can compute the
   *remainder* R = total − Σ published groups (the hidden groups plus any respondents who
   belong to no listed group). The table is safe when R = 0, or when R ≥ ``min_size`` *and*
   the number of hidden non-empty groups is not exactly one (a single hidden group could be
   recovered by anyone who knows, or guesses, that everybody belongs to some group). Until
   that holds, the smallest still-published non-empty group is hidden too (ties broken by
   name, for stable output). If every group is hidden and R is still below ``min_size``,
   the total is hidden as well.
4. With ``total=None`` the caller asserts that no overall figure is shown anywhere (not even
   on another page), so only rule 1 applies. For eNPS the overall score is normally shown:
   pass the total.

The same protection applies to every figure of a group (its promoter/passive/detractor
counts), because those are published or hidden together with the group.

Not covered here: differencing across *two different* breakdowns or overlapping/nested
groups (e.g. "Sales" and "Sales-East" both published). That is why no eNPS output uses this
module any more: every employee figure goes through :mod:`analytics.disclosure`, which audits
all published tables, waves and the export together. This per-table rule remains for the
report's re-check of already published rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import msgspec

__all__ = [
    "DEFAULT_MIN_SIZE",
    "BreakdownResult",
    "BreakdownRow",
    "SuppressionResult",
    "suppress_breakdown",
    "suppress_groups",
]

#: Default minimum group size (anchors use 3–5).
DEFAULT_MIN_SIZE = 5


class SuppressionResult(msgspec.Struct, frozen=True, kw_only=True):
    """Which groups may be shown.

    ``published`` maps group → size for the groups that may be shown (in input order).
    ``hidden`` lists the hidden groups (sorted by name) for the caller; do not show the
    names if the group names themselves are sensitive — ``hidden_count`` is enough for the
    "hidden: fewer than N" label. ``primary`` are the groups hidden for being small,
    ``complementary`` the ones hidden so the small ones cannot be worked out.
    ``remainder`` is what a reader can compute as total − Σ published (None when the
    total is not published).
    """

    min_size: int
    published: dict[str, int]
    hidden: list[str]
    hidden_count: int
    primary: list[str]
    complementary: list[str]
    total: int | None
    total_published: bool
    remainder: int | None
    message: str | None = None


def _is_safe(remainder: int, n_hidden: int, min_size: int) -> bool:
    if remainder == 0:
        return True
    return remainder >= min_size and n_hidden != 1


def suppress_groups(
    groups: Mapping[str, int],
    total: int | None = None,
    min_size: int = DEFAULT_MIN_SIZE,
) -> SuppressionResult:
    """Decide which groups of a breakdown are published; see the module docstring for the rule.

    ``groups`` maps each group name to its number of respondents; ``total`` is the published
    overall number of respondents (≥ the sum of the groups; people in no listed group are
    allowed), or None when no overall figure is published anywhere.
    """
    if min_size < 1:
        raise ValueError(f"min_size must be at least 1, got {min_size}")
    sizes: dict[str, int] = {}
    for name, size in groups.items():
        if size < 0 or int(size) != size:
            raise ValueError(f"group {name!r}: size must be a non-negative whole number")
        sizes[str(name)] = int(size)
    if total is not None:
        if total < sum(sizes.values()):
            raise ValueError(f"total ({total}) is smaller than the sum of the groups")
        total = int(total)

    primary = sorted(g for g, s in sizes.items() if 0 < s < min_size)
    hidden: set[str] = set(primary)
    complementary: list[str] = []
    total_published = total is not None
    remainder: int | None = None

    if total is not None:
        if total < min_size:
            total_published = False
            for g, s in sorted(sizes.items()):
                if s > 0 and g not in hidden:
                    hidden.add(g)
                    complementary.append(g)
        else:
            while True:
                remainder = total - sum(s for g, s in sizes.items() if g not in hidden)
                if _is_safe(remainder, len(hidden), min_size):
                    break
                candidates = sorted((s, g) for g, s in sizes.items() if s > 0 and g not in hidden)
                if candidates:
                    g = candidates[0][1]
                    hidden.add(g)
                    complementary.append(g)
                elif remainder >= min_size:
                    # a single group and unlisted respondents: as safe as it gets
                    break
                else:
                    total_published = False
                    break
    if total_published and total is not None:
        remainder = total - sum(s for g, s in sizes.items() if g not in hidden)
    else:
        remainder = None

    published = {g: s for g, s in sizes.items() if g not in hidden}
    hidden_sorted = sorted(hidden)
    message = None
    if hidden_sorted:
        message = (
            f"{len(hidden_sorted)} group{'s' if len(hidden_sorted) != 1 else ''} hidden to "
            f"protect anonymity (fewer than {min_size} people, or would let a small group be "
            f"worked out)."
        )
    if total is not None and not total_published:
        message = (message + " " if message else "") + (
            f"The total is hidden too: fewer than {min_size} people could be worked out."
        )
    return SuppressionResult(
        min_size=min_size,
        published=published,
        hidden=hidden_sorted,
        hidden_count=len(hidden_sorted),
        primary=primary,
        complementary=complementary,
        total=total if total_published else None,
        total_published=total_published,
        remainder=remainder,
        message=message,
    )


class BreakdownRow(msgspec.Struct, frozen=True, kw_only=True):
    group: str
    n: int
    promoters: int
    passives: int
    detractors: int


class BreakdownResult(msgspec.Struct, frozen=True, kw_only=True):
    """A breakdown made safe to show.

    ``rows``: the publishable groups (input order). ``hidden_count`` drives the UI label
    "hidden: fewer than {min_size}"; ``hidden_groups`` names them for callers allowed to
    know (they are not to be shown on eNPS pages). ``hidden_combined`` is the hidden groups
    pooled into one row (group ``""``) — only when at least two groups are hidden and together
    they reach ``min_size``; a reader could compute it from the total anyway.
    ``total`` is the overall row when it may be shown.
    """

    min_size: int
    rows: list[BreakdownRow]
    hidden_count: int
    hidden_groups: list[str]
    hidden_combined: BreakdownRow | None
    total: BreakdownRow | None
    message: str | None = None


RowLike = BreakdownRow | tuple[str, int, int, int, int]


def _row(r: RowLike) -> BreakdownRow:
    if isinstance(r, BreakdownRow):
        row = r
    else:
        g, n, p, pa, d = r
        row = BreakdownRow(
            group=str(g), n=int(n), promoters=int(p), passives=int(pa), detractors=int(d)
        )
    if row.promoters + row.passives + row.detractors != row.n:
        raise ValueError(f"group {row.group!r}: promoters + passives + detractors != n")
    return row


def suppress_breakdown(
    rows: Iterable[RowLike],
    min_size: int = DEFAULT_MIN_SIZE,
    *,
    total: RowLike | None = None,
    total_published: bool = True,
) -> BreakdownResult:
    """Apply :func:`suppress_groups` to rows of (group, n, promoters, passives, detractors).

    The overall total defaults to the sum of the rows; pass ``total`` (a row, any group
    name) when respondents outside the listed groups exist. ``total_published=False`` says
    no overall figure is shown anywhere (then only primary suppression applies).
    """
    items = [_row(r) for r in rows]
    names = [r.group for r in items]
    if len(set(names)) != len(names):
        raise ValueError("group names must be unique")
    if total is None:
        total_row = BreakdownRow(
            group="",
            n=sum(r.n for r in items),
            promoters=sum(r.promoters for r in items),
            passives=sum(r.passives for r in items),
            detractors=sum(r.detractors for r in items),
        )
    else:
        total_row = _row(total)
    decision = suppress_groups(
        {r.group: r.n for r in items},
        total_row.n if total_published else None,
        min_size,
    )
    hidden = set(decision.hidden)
    shown = [r for r in items if r.group not in hidden]
    hidden_rows = [r for r in items if r.group in hidden]
    # The pooled hidden row is only shown when it cannot be used to isolate respondents who
    # are in no listed group (total − published − pooled must be 0 or ≥ min_size).
    unlisted = total_row.n - sum(r.n for r in items)
    combined = None
    if (
        len(hidden_rows) >= 2
        and sum(r.n for r in hidden_rows) >= min_size
        and (unlisted == 0 or unlisted >= min_size or not decision.total_published)
    ):
        combined = BreakdownRow(
            group="",
            n=sum(r.n for r in hidden_rows),
            promoters=sum(r.promoters for r in hidden_rows),
            passives=sum(r.passives for r in hidden_rows),
            detractors=sum(r.detractors for r in hidden_rows),
        )
    return BreakdownResult(
        min_size=min_size,
        rows=shown,
        hidden_count=decision.hidden_count,
        hidden_groups=decision.hidden,
        hidden_combined=combined,
        total=total_row if decision.total_published else None,
        message=decision.message,
    )
