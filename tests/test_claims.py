"""Claim verdicts: the comparison rules on hand-made claims, and the brief's claims on the recorded data."""

import duckdb
import pandas as pd
import pytest

from flows.refresh import SOURCES
from warehouse import settings
from warehouse.load import empty_frame, load_table
from warehouse.meta import create_schemas
from warehouse.models import build, discover
from warehouse.seeds import load_seeds

LEDGER = pd.read_csv(settings.models_root() / "seeds" / "claims.csv", dtype=str)


def judged(claims: list[dict]) -> dict[str, str]:
    """Verdicts of hand-made claims on the `years_between` metric: 1946 to 2025 is 79 years."""
    con = duckdb.connect()
    create_schemas(con)
    for source in SOURCES:
        for table, schema in source.SCHEMAS.items():
            load_table(con, "raw", table, empty_frame(schema))
    load_seeds(con, settings.models_root() / "seeds")
    rows = pd.DataFrame([{column: None for column in LEDGER.columns} | {
        "sentence": "test", "unit": "years", "period": "p", "evidence_period": "p", "geography": "PRK",
        "metric": "years_between", "metric_args": "1946|2025", "delta_unit": "years"} | claim for claim in claims])
    con.execute("delete from seeds.claims")
    con.execute("insert into seeds.claims by name select * from rows")
    build(con, discover(settings.models_root()))
    return dict(con.execute("select claim_id, verdict from marts.claim_checks").fetchall())


def test_comparison_rules_for_values_hedges_and_ranges():
    verdicts = judged([
        {"claim_id": "exact", "value": 79},
        {"claim_id": "off_by_one", "value": 80},
        {"claim_id": "off_by_one_within_tolerance", "value": 80, "tolerance_abs": 1},
        {"claim_id": "nearly_80", "value": 80, "hedge": "nearly", "tolerance_rel": 0.1},
        {"claim_id": "nearly_78", "value": 78, "hedge": "nearly", "tolerance_rel": 0.1},  # 79 is above 78: not "nearly"
        {"claim_id": "about_85", "value": 85, "hedge": "about"},  # about: 10%, 76.5 to 93.5
        {"claim_id": "about_90", "value": 90, "hedge": "about"},  # 81 to 99
        {"claim_id": "more_than_70", "value": 70, "hedge": "more than"},
        {"claim_id": "over_80", "value": 80, "hedge": "over"},
        {"claim_id": "range_75_80", "value_low": 75, "value_high": 80},
        {"claim_id": "range_70_78", "value_low": 70, "value_high": 78},
    ])
    assert verdicts == {
        "exact": "supported", "off_by_one": "contradicted", "off_by_one_within_tolerance": "supported",
        "nearly_80": "supported", "nearly_78": "contradicted", "about_85": "supported", "about_90": "contradicted",
        "more_than_70": "supported", "over_80": "contradicted", "range_75_80": "supported",
        "range_70_78": "contradicted",
    }


def checks(recorded_warehouse) -> pd.DataFrame:
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select * from marts.claim_checks").df().set_index("claim_id")


def test_every_claim_of_the_ledger_gets_one_verdict(recorded_warehouse):
    result = checks(recorded_warehouse)
    assert sorted(result.index) == sorted(LEDGER["claim_id"])
    assert set(result["verdict"]) <= {"supported", "contradicted", "unverifiable", "stale"}
    unverifiable = LEDGER[LEDGER["metric"] == "none"]
    for claim in unverifiable.itertuples():
        assert result.loc[claim.claim_id, "verdict"] == "unverifiable"
        assert claim.unverifiable_reason in result.loc[claim.claim_id, "note"]


def test_the_brief_names_hs62_for_fish_which_is_apparel(recorded_warehouse):
    result = checks(recorded_warehouse)
    # HS chapter 03 is fish and crustaceans; chapter 62 is apparel, not knitted.
    assert result.loc["prk_fish_code_title_62", "verdict"] == "contradicted"
    assert result.loc["prk_fish_code_title_62", "computed_value"] == 3
    assert result.loc["prk_hs03_code_title", "verdict"] == "supported"
    assert result.loc["prk_hs61_code_title", "verdict"] == "supported"


def test_internal_consistency_recomputes_the_brief_from_its_own_numbers(recorded_warehouse):
    result = checks(recorded_warehouse)
    # 203 Mt exported of 384 Mt produced is 52.9%, not the 47.2% the brief states beside them.
    assert result.loc["ru_coal_export_share_internal_2023", "computed_value"] == pytest.approx(100 * 203 / 384)
    assert result.loc["ru_coal_export_share_internal_2023", "verdict"] == "contradicted"
    # 100,000 workers x 6,500 USD (the middle of 6-7 thousand) x 60% = 390 M USD: "some 400 million".
    assert result.loc["remittance_total", "computed_value"] == pytest.approx(100_000 * 6_500 * 0.6 / 1e6)
    assert result.loc["remittance_total", "verdict"] == "supported"
    assert "range 360 to 420" in result.loc["remittance_total", "note"]
    # 1946 to the brief's 2025 is 79 years: "nearly 80".
    assert result.loc["prk_workers_since_1946", "verdict"] == "supported"


def test_published_evidence_prefers_the_better_graded_figure_for_the_claimed_period(recorded_warehouse):
    result = checks(recorded_warehouse)
    # reference_figures.csv: Novak's 438.7 Mt (secondary) and Kozlov's 392 Mt (tertiary) for 2023.
    assert result.loc["ru_coal_production_2023", "computed_value"] == 438.7
    assert result.loc["ru_coal_production_2023", "verdict"] == "contradicted"
    # The only published rank of Russia among iron ore exporters is for 2018; the brief claims 2023.
    assert result.loc["ru_iron_ore_export_rank_2023", "verdict"] == "stale"
    assert "the evidence is for 2018, the claim for 2023" in result.loc["ru_iron_ore_export_rank_2023", "note"]
    # The only 2016 coal tonnage published is China's customs count of 22.49 Mt, three times the brief's 7.5.
    assert result.loc["prk_coal_exports_volume_2016", "verdict"] == "contradicted"


def test_a_share_that_matches_another_base_says_so(recorded_warehouse):
    result = checks(recorded_warehouse)
    note = result.loc["prk_hs61_share_2016", "note"]
    assert "HS61 + HS62 together" in note  # the brief's knit apparel share is nearer all apparel


def test_source_reconciliation_lists_each_pair_and_its_gap(recorded_warehouse):
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        pairs = con.execute("select * from marts.source_reconciliation").df().set_index("pair_id")
    # KOTRA's 2.82 bn USD against the Atlas's 2.87 bn (../shared/data/README.md).
    total = pairs.loc["prk_exports_total_2016"]
    assert total["value_b"] == 2.82 and total["value_a"] == pytest.approx(2.87, abs=0.005)
    assert total["gap_rel"] == pytest.approx((2.82 - total["value_a"]) / total["value_a"])
    assert bool(total["within_band"])
    # Kozlov's 392 Mt is 10.6% under Novak's 438.7 Mt: outside the 5% band for one year's official figures.
    assert not bool(pairs.loc["ru_coal_production_2023", "within_band"])
