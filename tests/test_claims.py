"""Claim verdicts on the recorded data: the brief's claims, their evidence, the brief's coverage, the HS titles.

The comparison rules themselves are specified case by case in test_verdict_rules.py.
"""

import csv
import io
import shutil

import duckdb
import pandas as pd
import pytest

from flows.cli import main
from tests.conftest import RECORDED
from warehouse import settings
from warehouse.data_tests import run_data_tests
from warehouse.errors import ValidationFailed
from warehouse.models import build, discover
from warehouse.seeds import load_seeds

LEDGER = pd.read_csv(settings.current().briefs / "lankov-2025" / "claims.csv", dtype=str)


def checks(recorded_warehouse) -> pd.DataFrame:
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select * from marts.claim_checks where brief = 'lankov-2025'").df().set_index("claim_id")


def test_every_claim_of_the_ledger_gets_one_verdict(recorded_warehouse):
    result = checks(recorded_warehouse)
    assert sorted(result.index) == sorted(LEDGER["claim_id"])
    assert set(result["verdict"]) <= {"supported", "contradicted", "unverifiable", "stale", "error"}
    assert "error" not in set(result["verdict"])  # the ledger's units all match their evidence
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
    # Read at their rounding, 203 and 384 still give 202.5/384.5 = 52.7% to 203.5/383.5 = 53.1%: never 47.2%.
    assert result.loc["ru_coal_export_share_internal_2023", "computed_low"] == pytest.approx(100 * 202.5 / 384.5)
    assert result.loc["ru_coal_export_share_internal_2023", "computed_high"] == pytest.approx(100 * 203.5 / 383.5)
    # 100,000 workers x 6,500 USD (the middle of 6-7 thousand) x 60% = 390 M USD: "some 400 million".
    assert result.loc["remittance_total", "computed_value"] == pytest.approx(100_000 * 6_500 * 0.6 / 1e6)
    # At their least precise reading: 50,000-150,000 workers x 5,500-7,500 USD x 55-65% gives 151 to 731, a span wider
    # than the 400 stated: a check that cannot fail at that precision is unverifiable, and says so.
    assert "they give 151 to 731" in result.loc["remittance_total", "note"]
    assert result.loc["remittance_total", "verdict"] == "unverifiable"
    assert "this check cannot fail at the stated precision" in result.loc["remittance_total", "note"]
    # 1946 to the brief's 2025 is 79 years: "nearly 80".
    assert result.loc["prk_workers_since_1946", "verdict"] == "supported"


def russia_coal_production_2023_in_the_review() -> float:
    """Read from the recorded Energy Institute workbook itself: sheet 'Coal Production - mt', Russia's row, 2023."""
    workbook = RECORDED.latest("energy")["EI-Stats-Review-All-Data.xlsx"].read_bytes()
    sheet = pd.read_excel(io.BytesIO(workbook), sheet_name="Coal Production - mt", header=None, engine="calamine")
    header = sheet.index[sheet[0].astype(str).str.strip() == "Million tonnes"][0]
    column = list(sheet.loc[header]).index(2023)
    return float(sheet.loc[sheet[0] == "Russian Federation", column].iloc[0])


def test_russias_2023_coal_comes_from_the_review_and_the_published_ratio_from_the_statements(recorded_warehouse):
    result = checks(recorded_warehouse)
    # The review's 432.5 Mt against the brief's 384 Mt (5%: 364.8 to 403.2).
    review = russia_coal_production_2023_in_the_review()
    assert 430 < review < 435
    assert result.loc["ru_coal_production_2023", "computed_value"] == pytest.approx(review)
    assert result.loc["ru_coal_production_2023", "verdict"] == "contradicted"
    assert "edition with data to 2023" in result.loc["ru_coal_production_2023", "note"]
    # reference_figures.csv: Novak's 212.5 Mt shipped of 438.7 Mt produced in 2023 is 48.44%, 1.24 pp off the brief's 47.2.
    assert result.loc["ru_coal_export_share_2023", "computed_value"] == pytest.approx(100 * 212.5 / 438.7)
    assert result.loc["ru_coal_export_share_2023", "verdict"] == "contradicted"
    # The only published rank of Russia among iron ore exporters is for 2018; the brief claims 2023.
    assert result.loc["ru_iron_ore_export_rank_2023", "verdict"] == "stale"
    assert "the evidence is for 2018, the claim for 2023" in result.loc["ru_iron_ore_export_rank_2023", "note"]
    # The only 2016 coal tonnage published is China's customs count of 22.49 Mt, three times the brief's 7.5.
    assert result.loc["prk_coal_exports_volume_2016", "verdict"] == "contradicted"


def test_the_four_major_export_items_are_judged_on_the_base_that_fits_the_list(recorded_warehouse):
    result = checks(recorded_warehouse)
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        on_china = dict(con.execute("select claim_id, value from intermediate.share_bases where denominator = "
                                    "'KOTRA''s exports to China' and numerator in ('the Atlas''s HS26', 'the Atlas''s HS03', "
                                    "'the Atlas''s HS61+HS62')").fetchall())
        bases = {row[0] for row in con.execute("select numerator || ' over ' || denominator from intermediate.share_bases "
                                               "where claim_id = 'prk_hs61_share_2016'").fetchall()}
    # The Atlas's 2016 exports to China over KOTRA's 2.63 bn: HS26 226.8 M = 8.62%, HS03 190.3 M = 7.24%, HS61 + HS62
    # (85.4 + 475.8 M) = 21.3%; with HS27 (coal alone 1.18 bn, 44.9%), 3 of the 4 items are within their 1 point.
    assert on_china == {"prk_hs26_share_2016": pytest.approx(8.62, abs=0.01),
                        "prk_hs03_share_2016": pytest.approx(7.24, abs=0.01),
                        "prk_hs61_share_2016": pytest.approx(21.34, abs=0.01)}
    # So the list's figures are shares of exports to China; as the brief words them (of total exports) all four miss.
    for claim in ("prk_hs27_share_2016", "prk_hs61_share_2016", "prk_hs26_share_2016", "prk_hs03_share_2016"):
        assert result.loc[claim, "verdict"] == "contradicted", result.loc[claim, "note"]
    assert ("the figure is right as a share of KOTRA's exports to China (2.63 bn USD), not of total exports as the brief "
            "says: the Atlas's HS26 gives 8.6% on it") in result.loc["prk_hs26_share_2016", "note"]
    # Chapter unions are counted over each large partner, not only the world; furniture (HS94, section XX) never joins
    # the textiles of section XI.
    assert "the Atlas's HS61+HS62 over the Atlas's exports to CHN" in bases
    assert not any("HS94" in base for base in bases)


def test_evidence_for_another_quantity_says_which_and_decides_only_beyond_its_margins(recorded_warehouse):
    result = checks(recorded_warehouse)
    # KOTRA's HS27 share, 1.19 / 2.82 = 42.2%, with anthracite at least 90% of it, spans 37.9% to 42.2% and cannot
    # decide 41.3 to 43.3. China's customs count of the coal itself, 1.18 bn USD, covers 95-100% of North Korea's coal
    # (China took 97.1% of its HS27): 1.18 / 2.82 = 41.8% to 41.8 / 0.95 = 44.0%, which meets the claim: supported.
    anthracite = result.loc["prk_anthracite_share_2016"]
    assert anthracite["verdict"] == "supported" and anthracite["evidence_match"] == "same"
    assert anthracite["computed_low"] == pytest.approx(100 * 1.18 / 2.82, abs=0.01)
    assert anthracite["computed_high"] == pytest.approx(100 * 1.18 / 2.82 / 0.95, abs=0.01)
    assert "measured directly, before the proxy" in anthracite["note"]
    # A 2024-Q3 wage is evidence for 2024 whatever the rate's year: only the conversion is older. 12 x 90,550 RUB /
    # 85.16 = 12,759 USD; paid medians may lie up to 5,100 USD below offers, so 7,659 at the least, above the brief's
    # 6,000-7,000: contradicted, and the note says the rate is 2023's and that it compares Russia-wide offers.
    wage = result.loc["vladivostok_construction_wage_2024"]
    assert wage["verdict"] == "contradicted" and wage["evidence_match"] == "different_base"
    assert wage["computed_low"] == pytest.approx(12 * 90_550 / 85.16 - 5_100, abs=1)
    assert "only the conversion is older: the wage is for 2024-Q3, and the latest official rate held is for 2023" in wage["note"]
    assert "Russia-wide offered wages" in wage["note"]


def test_a_claim_over_a_period_is_checked_at_every_year_the_data_covers(recorded_warehouse):
    result = checks(recorded_warehouse)
    # FAOSTAT's food balances (RUS_faostatfbs.csv), Russia's fish supply per person 2013-2023: 23.07, 22.47, 20.13,
    # 20.48, 19.97, 21.45, 21.79, 21.12, 22.75, 22.79, 22.8: it rose in 2016 (+0.35), 2018, 2019 and 2021. FAO carried
    # 2021's balance forward into 2022 and 2023 (only population moved): those +0.04 and +0.01 are no change, and no
    # evidence, so the span is judged on 2013-2021.
    declining = result.loc["ru_fish_consumption_declining"]
    assert declining["verdict"] == "contradicted"
    assert "checked every year of 2013-2023 the data covers: 9 of 11 (2013-2021)" in declining["note"]
    assert "fails in 2016 (0.35), 2018 (1.48), 2019 (0.34), 2021 (1.63);" in declining["note"]
    assert "FAO carried its balance forward into 2022, 2023 (only population moved), so 2021 is the last genuine year" \
        in declining["note"]
    # Half of 2013's? 2023 is carried forward, so the last genuine year, 2021, gives 22.75 / 23.07 = 98.6%: evidence
    # for 2021, not 2023, so stale, and a 2023 figure of the same quantity would decide it.
    half = result.loc["ru_fish_consumption_half_of_2013"]
    assert half["verdict"] == "stale" and half["computed_value"] == pytest.approx(100 * 22.75 / 23.07, abs=0.05)
    # The IMF's yearly unemployment for Russia, 1992-2023, never fell to 2.3%: its lowest is 3.17 in 2023.
    low = result.loc["ru_unemployment_record_low"]
    assert low["verdict"] == "supported" and low["computed_value"] == pytest.approx(3.167, abs=0.001)
    assert "checked against the whole series held, 1992-2023 (32 years)" in low["note"]
    # The review's coal exports in EJ rank Russia third in 2006-2023; in 2005 it is within 1% of China, so its place
    # is 3rd to 4th. The EJ ranking is a proxy for the tonnes ranking with zero margins, so, as for the same quantity,
    # the near-tie holds: supported, and the note names 2005, the year that decided it, and China.
    russia, china = coal_exports_2005_in_the_review()
    assert abs(russia - china) < 0.01 * max(russia, china)
    rank = result.loc["ru_coal_export_rank_2023"]
    assert rank["verdict"] == "supported" and "19 of 19 (2005-2023)" in rank["note"]
    assert "the year that decided it: 2005 (4)" in rank["note"]
    assert "a near-tie (within 1%) with CHN, so ranks 3 to 4 are one" in rank["note"]


def coal_exports_2005_in_the_review() -> tuple[float, float]:
    """Russia's and China's 2005 coal exports (EJ), read from the workbook's 'Coal - Trade movements' sheet itself."""
    workbook = RECORDED.latest("energy")["EI-Stats-Review-All-Data.xlsx"].read_bytes()
    sheet = pd.read_excel(io.BytesIO(workbook), sheet_name="Coal - Trade movements", header=None, engine="calamine")
    column = list(sheet.loc[sheet.index[sheet[0] == "Exajoules"][0]]).index(2005)
    exports = sheet.loc[sheet.index > sheet.index[sheet[0] == "Exports"][0]]
    return tuple(float(exports.loc[exports[0] == name, column].iloc[0]) for name in ("Russian Federation", "China"))


def test_projections_stay_unverifiable_beside_the_nearest_historical_figure(recorded_warehouse):
    result = checks(recorded_warehouse)
    capacity = result.loc["ru_capacity_for_prk_workers"]
    assert capacity["verdict"] == "unverifiable"
    assert "37,000 persons (mid-2010s), so the claim is 2.7 times it" in capacity["note"]


def test_ranks_among_importers_need_nearly_every_reporter(recorded_warehouse):
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        ranks = con.execute("select year, count(rank), max(importers), any_value(rank_note) from marts.complementarity_rank "
                            "where exporter_iso3 = 'PRK' and product_level = 'hs2' group by year order by year").fetchall()
    by_year = {year: (ranked, importers, note) for year, ranked, importers, note in ranks}
    assert by_year[2016][0] == by_year[2016][1] > 200  # every importer ranked in 2016
    assert by_year[2019][0] == 0 and "a rank needs 90%" in by_year[2019][2]  # North Korea and Russia alone


def copy_of(recorded_warehouse, tmp_path):
    path, _ = recorded_warehouse
    copy = tmp_path / "copy.duckdb"
    shutil.copy(path, copy)
    return duckdb.connect(str(copy))


def rebuild(con, *models):
    """Build the named models again, as the refresh makes them (the evidence union included)."""
    made = {model.name: model for model in discover(settings.current().models)}
    build(con, [made[name] for name in models])


def test_every_chapters_official_title_matches_its_own_code(recorded_warehouse, tmp_path):
    with copy_of(recorded_warehouse, tmp_path) as con:
        chapters = con.execute("select product_code, product_name from staging.hs_products "
                               "where product_level = 'hs2' and name_source = 'hs_nomenclature' order by product_code").fetchall()
        con.execute("delete from seeds.claims")
        for code, title in chapters:
            con.execute("insert into seeds.claims (brief, claim_id, sentence, quote, value, unit, period, evidence_period, "
                        "geography, metric, metric_args, goods_description, delta_unit, match) values "
                        "('titles', ?, ?, ?, ?, 'HS code', '2016', '2016', 'PRK', 'hs_title', ?, ?, 'HS code', 'same')",
                        [f"title_{code}", title, title, float(code), code, title])
        con.execute("insert into seeds.claims (brief, claim_id, sentence, quote, value, unit, period, evidence_period, "
                    "geography, metric, metric_args, goods_description, delta_unit, match) values ('titles', 'knit', 'x', 'x', 61, 'HS code', "
                    "'2016', '2016', 'PRK', 'hs_title', '61', 'Overcoats of wool, not knitted or crocheted', 'HS code', 'same')")
        rebuild(con, "staging.hs_products", "intermediate.claim_statements", "intermediate.claim_evidence_hs_titles", "intermediate.claim_evidence",
                "marts.claim_checks")
        verdicts = dict(con.execute("select claim_id, verdict from marts.claim_checks").fetchall())
        knit = con.execute("select computed_value from marts.claim_checks where claim_id = 'knit'").fetchall()
    assert len(chapters) == 97
    assert sum(verdicts[f"title_{code}"] == "supported" for code, _ in chapters) == 97
    assert knit == [(62.0,)] and verdicts["knit"] == "contradicted"  # "not knitted" is chapter 62, never 61


def test_a_number_in_the_brief_outside_the_ledger_fails_the_build(recorded_warehouse, tmp_path):
    with copy_of(recorded_warehouse, tmp_path) as con:
        assert con.execute("select count(*) from marts.brief_coverage where coverage = 'uncovered'").fetchall() == [(0,)]
        con.execute("insert into raw.brief_numbers select 'lankov-2025', 99, 0, 4, '1999', 'year', 'x', 99, 'x'")
        rebuild(con, "marts.brief_coverage")
        results = {r.test: r for r in run_data_tests(con, settings.current().models / "tests")}
    assert results["brief_numbers_are_covered"].failing_rows == 1
    assert "expression=1999" in results["brief_numbers_are_covered"].sample


def test_a_claim_whose_quote_is_not_in_the_brief_fails_the_build(recorded_warehouse, tmp_path):
    with copy_of(recorded_warehouse, tmp_path) as con:
        con.execute("update seeds.claims set quote = 'words the brief never wrote' where claim_id = 'prk_hs27_share_2016'")
        rebuild(con, "intermediate.brief_quotes")
        results = {r.test: r for r in run_data_tests(con, settings.current().models / "tests")}
    assert results["claim_quotes_stand_once_in_the_brief"].failing_rows == 1
    assert "prk_hs27_share_2016" in results["claim_quotes_stand_once_in_the_brief"].sample


@pytest.mark.parametrize("column, bad, check", [
    ("unit", "furlongs per fortnight", "unit must be a unit of seeds.units"),
    ("metric", "astrology", "metric must be a metric of seeds.claim_metrics"),
    ("tolerance_abs", "inf", "finite"),
])
def test_a_ledger_row_with_an_unknown_unit_metric_or_infinite_tolerance_is_refused_by_line(tmp_path, column, bad, check):
    briefs = tmp_path / "briefs"
    shutil.copytree(settings.current().briefs, briefs)
    ledger = pd.read_csv(briefs / "lankov-2025" / "claims.csv", dtype=str, keep_default_na=False)
    ledger.loc[4, column] = bad
    ledger.to_csv(briefs / "lankov-2025" / "claims.csv", index=False)
    with pytest.raises(ValidationFailed) as raised:
        load_seeds(duckdb.connect(), settings.current().models / "seeds", briefs)
    failures = raised.value.failures
    assert failures["check"].astype(str).str.contains(check, regex=False).any(), failures
    assert 6 in set(failures["source_line"])  # row 4 of the data is line 6 of the file


def test_source_reconciliation_lists_each_pair_and_its_gap(recorded_warehouse):
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        pairs = con.execute("select * from marts.source_reconciliation").df().set_index("pair_id")
    # KOTRA's 2.82 bn USD against the Atlas's 2.87 bn (the data's provenance README).
    total = pairs.loc["prk_exports_total_2016"]
    assert total["value_b"] == 2.82 and total["value_a"] == pytest.approx(2.87, abs=0.005)
    assert total["gap_rel"] == pytest.approx((2.82 - total["value_a"]) / total["value_a"])
    assert bool(total["within_band"])
    # Kozlov's 392 Mt is 10.6% under Novak's 438.7 Mt: outside the 5% band for one year's official figures.
    assert not bool(pairs.loc["ru_coal_production_2023", "within_band"])


def test_claims_coverage_lists_every_number_of_the_brief_and_what_accounts_for_it(recorded_warehouse, capsys):
    path, _ = recorded_warehouse
    assert main(["claims", "coverage", "--brief", "lankov-2025", "--warehouse", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "129 numbers in the text: 61 in the ledger, 68 excluded with a reason, 0 neither" in printed
    assert "7 checkable statements with no number in the text: 5 in the ledger, 2 excluded with a reason" in printed
    assert "prk_coal_exports_volume_2016" in printed  # ids are never broken across lines
    assert main(["claims", "coverage", "--brief", "lankov-2025", "--warehouse", str(path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert any("the brief's date" in (row["accounted_for_by"] or "") for row in rows)
    statements = {row["expression"]: row["accounted_for_by"] for row in rows if row["kind"] == "statement"}
    assert statements["has no demand whatsoever for North Korean coal"] == "ru_no_demand_for_prk_coal"
    assert statements["not only low by global standards"] == "ru_fish_consumption_low_globally"
