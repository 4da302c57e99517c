"""Coarsened exact matching: strata, CEM weights and balance, checked by hand."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest

from training.matching import (
    MatchedSample,
    MatchingSpec,
    assign_mrr_bands,
    cem_weights,
    match_accounts,
    pre_period_flags,
    standardized_mean_difference,
    strata_keys,
)
from training.metrics import AccountFrame, EventFrame

W = 1000  # workshop day; look-back [820, 1000)
SPEC = MatchingSpec(lookback_days=180, mrr_cutpoints=(1000.0,))  # band 0: MRR < 1000


def _frames() -> tuple[AccountFrame, EventFrame]:
    """Attendees 0–4, candidates 5–13.

    idx  tier  MRR at W  look-back events          stratum (tier, band, exp, con)
    0    SMB   500       –                         (SMB, 0, 0, 0)
    1    SMB   600       expansion day 900         (SMB, 0, 1, 0)
    2    Ent   5000      –                         (Ent, 1, 0, 0)
    3    Mid   2000      contraction day 950       (Mid, 1, 0, 1)  no candidate: unmatched
    4    SMB   0         (churned day 500)         ineligible
    5    SMB   400       –                         (SMB, 0, 0, 0)
    6    SMB   700       contraction ON day W      (SMB, 0, 0, 0)  (W is outside look-back)
    7    SMB   900       –                         (SMB, 0, 0, 0)
    8    SMB   550       expansion day 999         (SMB, 0, 1, 0)
    9    Ent   8000      –                         (Ent, 1, 0, 0)
    10   Ent   9000      –                         excluded (other workshop)
    11   Mid   3000      –                         (Mid, 1, 0, 0)  no attendee: weight 0
    12   SMB   500       expansion day 800         (SMB, 0, 0, 0)  (before look-back)
    13   SMB   –         created day 1005          not present at W
    """
    tiers = ["SMB", "SMB", "Enterprise", "Mid-market", "SMB"]
    tiers += ["SMB", "SMB", "SMB", "SMB", "Enterprise", "Enterprise", "Mid-market", "SMB", "SMB"]
    accounts = AccountFrame.from_rows(
        (100 + i, tier, None, None, None) for i, tier in enumerate(tiers)
    )
    rows = [
        (0, 100, "new", 500),
        (1, 100, "new", 500),
        (1, 900, "expansion", 100),
        (2, 100, "new", 5000),
        (3, 100, "new", 2200),
        (3, 950, "contraction", -200),
        (4, 100, "new", 300),
        (4, 500, "churn", -300),
        (5, 100, "new", 400),
        (6, 100, "new", 700),
        (6, 1000, "contraction", -50),
        (7, 100, "new", 900),
        (8, 100, "new", 450),
        (8, 999, "expansion", 100),
        (9, 100, "new", 8000),
        (10, 100, "new", 9000),
        (11, 100, "new", 3000),
        (12, 100, "new", 400),
        (12, 800, "expansion", 100),
        (13, 1005, "new", 500),
    ]
    return accounts, EventFrame.from_rows(rows)


@pytest.fixture(scope="module")
def matched() -> MatchedSample:
    accounts, events = _frames()
    return match_accounts(accounts, events, [0, 1, 2, 3, 4], W, excluded={10}, spec=SPEC)


class TestCemWeights:
    def test_weights_by_hand(self) -> None:
        # strata 1: 2 attendees / 1 candidate; 2: 1 / 3; 3: 1 / 0; 4: 0 / 1
        matched, weights = cem_weights([1, 1, 2, 3], [1, 2, 2, 2, 4])
        assert matched.tolist() == [True, True, True, False]
        np.testing.assert_allclose(weights, [2.0, 1 / 3, 1 / 3, 1 / 3, 0.0])

    def test_strata_keys_distinguish_every_covariate(self) -> None:
        keys = strata_keys([0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1])
        assert len(set(keys.tolist())) == 5


class TestBands:
    def test_quantile_bands_within_tier(self) -> None:
        # SMB reference [100, 200, 300, 400]: median 250; Enterprise [1000, 3000]: 2000
        bands = assign_mrr_bands(
            [249, 250, 5000, 1999, 2000, 10],
            [2, 2, 2, 0, 0, 1],
            [100, 200, 300, 400, 1000, 3000],
            [2, 2, 2, 2, 0, 0],
            MatchingSpec(mrr_bands=2),
        )
        # a cutpoint value goes to the upper band; a tier with no reference gets band 0
        assert bands.tolist() == [0, 1, 1, 0, 1, 0]

    def test_fixed_cutpoints(self) -> None:
        bands = assign_mrr_bands([50, 100, 999, 1000], [0, 1, 2, 0], [], [], SPEC)
        assert bands.tolist() == [0, 0, 0, 1]


class TestPrePeriodFlags:
    def test_look_back_boundaries(self) -> None:
        accounts, events = _frames()
        expanded, contracted = pre_period_flags(accounts, events, W - 180, W)
        assert np.flatnonzero(expanded).tolist() == [1, 8]  # not 12 (day 800)
        assert np.flatnonzero(contracted).tolist() == [3]  # not 6 (day W)


class TestMatchAccounts:
    def test_groups(self, matched: MatchedSample) -> None:
        assert matched.attending.tolist() == [0, 1, 2]
        assert matched.unmatched.tolist() == [3]
        assert matched.ineligible.tolist() == [4]
        assert matched.n_candidates == 7  # 5, 6, 7, 8, 9, 11, 12
        assert matched.n_strata == 3
        weight = dict(
            zip(matched.comparison.tolist(), matched.comparison_weight.tolist(), strict=True)
        )
        assert weight == pytest.approx({5: 0.25, 6: 0.25, 7: 0.25, 12: 0.25, 8: 1.0, 9: 1.0})
        # comparison accounts come sorted by stratum (contiguous blocks)
        assert np.all(np.diff(matched.comparison_stratum) >= 0)
        # each stratum's comparison weight equals its attendee count
        for s in range(matched.n_strata):
            n_att = int((matched.attending_stratum == s).sum())
            w = matched.comparison_weight[matched.comparison_stratum == s].sum()
            assert w == pytest.approx(n_att)

    def test_effective_sample_size(self, matched: MatchedSample) -> None:
        # (Σw)² / Σw² = 3² / (4 · 0.25² + 1 + 1) = 9 / 2.25
        assert matched.comparison_effective_n == pytest.approx(4.0)

    def test_balance_pre_mrr_by_hand(self, matched: MatchedSample) -> None:
        row = next(b for b in matched.balance if b.covariate == "pre_mrr")
        att_before = [500, 600, 5000, 2000]  # eligible attendees incl. the unmatched one
        cmp_before = [400, 700, 900, 550, 8000, 3000, 500]  # eligible candidates
        scale = math.sqrt((statistics.pvariance(att_before) + statistics.pvariance(cmp_before)) / 2)
        assert row.attending_before == pytest.approx(2025.0)
        assert row.comparison_before == pytest.approx(14050 / 7)
        assert row.smd_before == pytest.approx((2025.0 - 14050 / 7) / scale)
        att_after = (500 + 600 + 5000) / 3
        cmp_after = (0.25 * (400 + 700 + 900 + 500) + 550 + 8000) / 3
        assert row.attending_after == pytest.approx(att_after)
        assert row.comparison_after == pytest.approx(cmp_after)
        assert row.smd_after == pytest.approx((att_after - cmp_after) / scale)

    def test_balance_binary_covariates_by_hand(self, matched: MatchedSample) -> None:
        rows = {b.covariate: b for b in matched.balance}
        exp = rows["pre_expanded"]
        # before: 1 of 4 attendees, 1 of 7 candidates; SMD with p(1 − p) variances
        expected = (0.25 - 1 / 7) / math.sqrt((0.25 * 0.75 + (1 / 7) * (6 / 7)) / 2)
        assert exp.smd_before == pytest.approx(expected)
        assert exp.attending_after == pytest.approx(1 / 3)
        assert exp.comparison_after == pytest.approx(1 / 3)
        assert exp.smd_after == pytest.approx(0.0, abs=1e-12)
        ent = rows["tier:Enterprise"]
        assert (ent.attending_before, ent.comparison_before) == pytest.approx((0.25, 1 / 7))
        assert ent.smd_after == pytest.approx(0.0, abs=1e-12)
        assert [b.covariate for b in matched.balance] == [
            "pre_mrr",
            "tier:Enterprise",
            "tier:Mid-market",
            "tier:SMB",
            "pre_expanded",
            "pre_contracted",
        ]

    def test_candidates_restrict_the_pool(self) -> None:
        accounts, events = _frames()
        m = match_accounts(accounts, events, [0], W, candidates=[5, 9, 11], spec=SPEC)
        assert m.comparison.tolist() == [5]
        assert m.comparison_weight.tolist() == [1.0]

    def test_index_out_of_range(self) -> None:
        accounts, events = _frames()
        with pytest.raises(ValueError, match="attending"):
            match_accounts(accounts, events, [99], W, spec=SPEC)


class TestSmd:
    def test_formula(self) -> None:
        got = standardized_mean_difference(0.5, 0.2, 0.25, 0.16)
        assert got == pytest.approx(0.3 / math.sqrt(0.205))

    def test_no_variation(self) -> None:
        assert standardized_mean_difference(1.0, 1.0, 0.0, 0.0) == 0.0
        assert standardized_mean_difference(1.0, 0.0, 0.0, 0.0) is None
