"""eNPS confidentiality: no published figure may reveal a group smaller than the minimum."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.anonymity import BreakdownRow, suppress_breakdown, suppress_groups


def assert_safe(groups: dict[str, int], total: int | None, min_size: int) -> None:
    """The invariant, checked from what a reader sees, independently of the implementation."""
    res = suppress_groups(groups, total, min_size)
    for g, s in res.published.items():
        assert s == 0 or s >= min_size, (g, s)
    if res.total_published:
        assert total is not None
        remainder = total - sum(res.published.values())  # the subtraction attack
        hidden_nonempty = [g for g in res.hidden if groups[g] > 0]
        assert remainder == 0 or remainder >= min_size
        if remainder:
            # either several groups share the remainder, or no group can be hidden any more
            assert len(hidden_nonempty) != 1 or all(
                s == 0 for g, s in groups.items() if g not in res.hidden
            )


class TestSuppressGroups:
    def test_subtraction_attack_on_group_of_three_fails(self) -> None:
        groups = {"A": 20, "B": 12, "C": 3}
        total = 35
        res = suppress_groups(groups, total, min_size=5)
        assert "C" in res.hidden and res.primary == ["C"]
        # either the total is not published, or ≥ 2 groups hidden with ≥ min_size together
        hidden_size = sum(groups[g] for g in res.hidden)
        assert (not res.total_published) or (len(res.hidden) >= 2 and hidden_size >= 5)
        assert res.total_published and res.hidden == ["B", "C"]  # B is the complement
        # the attack: total − everything published
        remainder = total - sum(res.published.values())
        assert remainder == 15 and remainder != groups["C"]
        assert res.remainder == remainder

    def test_subtraction_attack_on_answer_counts(self) -> None:
        rows = [
            ("A", 20, 8, 6, 6),
            ("B", 12, 5, 4, 3),
            ("C", 3, 0, 0, 3),  # three detractors: must not be learnable
        ]
        res = suppress_breakdown(rows, min_size=5)
        assert res.total is not None
        shown = {r.group: r for r in res.rows}
        assert set(shown) == {"A"}
        assert res.hidden_count == 2 and res.hidden_groups == ["B", "C"]
        # subtract every published row from the published total
        rest = (
            res.total.n - sum(r.n for r in res.rows),
            res.total.promoters - sum(r.promoters for r in res.rows),
            res.total.passives - sum(r.passives for r in res.rows),
            res.total.detractors - sum(r.detractors for r in res.rows),
        )
        assert rest == (15, 5, 4, 6)  # B and C pooled: 15 people, not C's 3 detractors
        assert rest[0] >= 5
        # the pooled row says no more than the subtraction already does
        assert res.hidden_combined is not None
        assert res.hidden_combined.n == 15 and res.hidden_combined.group == ""

    def test_no_total_means_primary_only(self) -> None:
        res = suppress_groups({"A": 20, "B": 12, "C": 3}, None, 5)
        assert res.hidden == ["C"] and res.complementary == [] and not res.total_published

    def test_two_small_groups_protect_each_other_if_big_enough(self) -> None:
        res = suppress_groups({"A": 20, "B": 3, "C": 4}, 27, 5)
        assert res.hidden == ["B", "C"] and res.complementary == []
        assert res.remainder == 7

    def test_two_small_groups_too_small_together(self) -> None:
        res = suppress_groups({"A": 20, "B": 9, "C": 2, "D": 2}, 33, 5)
        # C + D = 4 < 5: the next smallest (B) is hidden as well
        assert res.hidden == ["B", "C", "D"] and res.complementary == ["B"]
        assert res.remainder == 13

    def test_small_unlisted_remainder(self) -> None:
        # 2 respondents belong to no listed group: total − A − B would expose them
        res = suppress_groups({"A": 10, "B": 8}, 20, 5)
        assert res.total_published
        assert res.remainder is not None
        assert res.remainder == 0 or res.remainder >= 5
        assert res.hidden_count != 1
        assert_safe({"A": 10, "B": 8}, 20, 5)

    def test_total_below_minimum_hides_everything(self) -> None:
        res = suppress_groups({"A": 3, "B": 1}, 4, 5)
        assert not res.total_published and res.total is None
        assert res.published == {} and res.hidden == ["A", "B"]
        assert res.message and "total is hidden" in res.message

    def test_single_small_group_with_many_unlisted(self) -> None:
        res = suppress_groups({"A": 3}, 40, 5)
        assert res.hidden == ["A"] and res.total_published and res.remainder == 40

    def test_empty_groups_stay_and_do_not_count_as_cover(self) -> None:
        res = suppress_groups({"A": 20, "B": 0, "C": 3, "D": 7}, 30, 5)
        assert res.published.get("B") == 0
        assert res.hidden == ["C", "D"]

    def test_no_suppression_needed(self) -> None:
        res = suppress_groups({"A": 20, "B": 5}, 25, 5)
        assert res.hidden == [] and res.message is None and res.remainder == 0

    def test_invalid_input(self) -> None:
        with pytest.raises(ValueError):
            suppress_groups({"A": -1}, None, 5)
        with pytest.raises(ValueError):
            suppress_groups({"A": 10}, 5, 5)  # total below the sum of the groups
        with pytest.raises(ValueError):
            suppress_groups({"A": 10}, 10, 0)

    def test_invariant_on_many_random_tables(self) -> None:
        rng = np.random.default_rng(0)
        for _ in range(2000):
            k = int(rng.integers(1, 7))
            sizes = rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15, 40], size=k)
            groups = {f"g{i}": int(s) for i, s in enumerate(sizes)}
            unlisted = int(rng.choice([0, 0, 1, 3, 7]))
            min_size = int(rng.choice([3, 5]))
            assert_safe(groups, sum(groups.values()) + unlisted, min_size)
            assert_safe(groups, None, min_size)

    def test_complement_is_the_smallest_published_group(self) -> None:
        groups = {"A": 20, "B": 12, "C": 3, "D": 6}
        res = suppress_groups(groups, 41, 5)
        assert res.hidden == ["C", "D"] and res.complementary == ["D"]
        assert 41 - sum(res.published.values()) == 9  # C and D pooled, never C alone


class TestSuppressBreakdown:
    def test_rows_names_and_count_separate(self) -> None:
        rows: list[BreakdownRow | tuple[str, int, int, int, int]] = [
            BreakdownRow(group="Sales", n=30, promoters=10, passives=10, detractors=10),
            ("Ops", 2, 1, 1, 0),
            ("IT", 8, 4, 2, 2),
        ]
        res = suppress_breakdown(rows, min_size=5)
        assert [r.group for r in res.rows] == ["Sales"]
        assert res.hidden_count == 2 and res.hidden_groups == ["IT", "Ops"]
        assert res.total is not None and res.total.n == 40
        assert res.message and "2 groups hidden" in res.message

    def test_explicit_total_with_small_unlisted_part_hides_pooled_row(self) -> None:
        rows = [("A", 20, 8, 6, 6), ("B", 3, 1, 1, 1), ("C", 4, 2, 1, 1)]
        total = ("all", 29, 12, 8, 9)  # 2 people in no group
        res = suppress_breakdown(rows, 5, total=total)
        assert res.hidden_groups == ["B", "C"]
        # publishing B+C pooled would let total − A − pooled reveal the 2 unlisted people
        assert res.hidden_combined is None

    def test_inconsistent_row(self) -> None:
        with pytest.raises(ValueError):
            suppress_breakdown([("A", 5, 1, 1, 1)], 5)
