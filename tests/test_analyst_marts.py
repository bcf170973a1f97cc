"""Marts that answer an analyst's questions without joins to raw: names beside codes, a ranking universe of
economies, and the time series of what changed after the 2017 sanctions."""

import shutil

import duckdb
import pandas as pd
import pytest

from tests.test_report import parsed
from warehouse import settings

NAMED = {  # mart -> (code column, name column)
    "marts.trade_complementarity": [("importer_iso3", "importer_name"), ("exporter_iso3", "exporter_name")],
    "marts.complementarity_rank": [("importer_iso3", "importer_name"), ("exporter_iso3", "exporter_name")],
    "marts.export_similarity": [("exporter_a_iso3", "exporter_a_name"), ("exporter_b_iso3", "exporter_b_name")],
    "marts.revealed_comparative_advantage": [("iso3", "country_name")],
    "marts.export_structure": [("iso3", "country_name")],
}


def frame(warehouse, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).df()


@pytest.mark.parametrize("mart", sorted(NAMED))
def test_every_code_in_the_marts_stands_beside_its_name_from_the_atlas_location_list(recorded_warehouse, mart):
    path, _ = recorded_warehouse
    names = dict(frame(path, "select location_code, location_name from raw.atlas_locations").itertuples(index=False))
    rows = frame(path, f"select * from {mart}")
    for code, name in NAMED[mart]:
        assert (rows[name] == rows[code].map(names)).all(), (mart, code)
    assert "North Korea" in set(rows[NAMED[mart][0][1]])
    if mart in ("marts.revealed_comparative_advantage", "marts.export_structure"):
        assert rows["product_name"].notna().all()


def test_the_ranks_are_among_economies_and_say_how_many(recorded_warehouse):
    path, _ = recorded_warehouse
    excluded = set(pd.read_csv(settings.current().models / "seeds" / "rank_exclusions.csv")["iso3"])
    assert {"ATA", "ANS"} <= excluded
    ranks = frame(path, "select * from marts.complementarity_rank where year = 2016 and exporter_iso3 = 'PRK'")
    every = frame(path, "select importer_iso3, tci from marts.trade_complementarity where year = 2016 "
                        "and exporter_iso3 = 'PRK'")
    economies = every[~every.importer_iso3.isin(excluded)]
    assert not set(ranks.importer_iso3) & excluded and len(ranks) == len(economies) < len(every)
    assert (ranks.importers == len(economies)).all()
    # the rank, from the TCIs themselves: 1 + how many economies match North Korea's exports better
    for iso3 in ("CHN", "RUS"):
        tci = economies.set_index("importer_iso3").tci[iso3]
        assert ranks.set_index("importer_iso3")["rank"][iso3] == 1 + (economies.tci > tci).sum()


def test_a_second_rank_among_large_importers_uses_the_seeds_threshold(recorded_warehouse):
    path, _ = recorded_warehouse
    threshold = float(pd.read_csv(settings.current().models / "seeds" / "large_importers.csv")["min_imports_usd"].iloc[0])
    assert threshold == 10e9
    imports = frame(path, "select reporter_iso3, sum(import_value) as imports from raw.atlas_trade "
                          "where year = 2016 and product_level = 'hs2' group by all").set_index("reporter_iso3").imports
    ranks = frame(path, "select * from marts.complementarity_rank where year = 2016 and exporter_iso3 = 'PRK'")
    large = ranks[ranks.importer_iso3.map(imports) >= threshold]
    assert len(large) > 50 and (ranks.large_importers == len(large)).all()
    assert ranks[~ranks.importer_iso3.isin(large.importer_iso3)].rank_among_large.isna().all()
    for iso3 in ("CHN", "RUS"):
        tci = large.set_index("importer_iso3").tci[iso3]
        assert large.set_index("importer_iso3").rank_among_large[iso3] == 1 + (large.tci > tci).sum()


def test_north_koreas_export_structure_by_year_runs_2010_to_2020_as_the_yearly_mart_has_it(recorded_warehouse):
    path, _ = recorded_warehouse
    series = frame(path, "select * from marts.export_structure_series where iso3 = 'PRK'")
    yearly = frame(path, "select year, product_code, share from marts.export_structure where iso3 = 'PRK' "
                         "and product_level = 'hs2'")
    assert sorted(series.year.unique()) == list(range(2010, 2021))
    merged = series.merge(yearly, on=["year", "product_code"], suffixes=("", "_yearly"))
    assert len(merged) == len(series) == len(yearly) and (merged.share == merged.share_yearly).all()
    coal = series[series.product_code == "27"].set_index("year")
    assert pd.isna(coal.change_usd[2010])
    assert coal.change_usd[2017] == pytest.approx(coal.value_usd[2017] - coal.value_usd[2016])


def test_complementarity_of_russia_and_north_korea_by_year(recorded_warehouse):
    path, _ = recorded_warehouse
    series = frame(path, "select * from marts.complementarity_series where exporter_iso3 = 'PRK' "
                         "and importer_iso3 = 'RUS' order by year")
    assert list(series.year) == list(range(2010, 2021))
    assert series["rank"].notna().tolist() == [year == 2016 for year in series.year]  # every importer is held in 2016 only
    assert series.tci_change.iloc[1:].tolist() == pytest.approx(series.tci.diff().iloc[1:].tolist())


def test_north_koreas_trade_with_china_and_russia_is_the_partners_reports(recorded_warehouse):
    path, _ = recorded_warehouse
    raw = frame(path, "select year, reporter_iso3, flow, value_usd from raw.comtrade_totals "
                      "where partner_iso3 = 'PRK' and reporter_iso3 in ('CHN', 'RUS')")
    series = frame(path, "select * from marts.partner_trade_series where iso3 = 'PRK' "
                         "and partner_iso3 in ('CHN', 'RUS')").set_index(["year", "partner_iso3"])
    exports_to_prk = raw[raw.flow == "X"].set_index(["year", "reporter_iso3"]).value_usd
    assert sorted(series.index.get_level_values("year").unique()) == list(range(2017, 2023))
    for (year, partner), value in exports_to_prk.items():
        assert series.imports_usd[(year, partner)] == value
    both = series.dropna(subset=["imports_usd", "exports_usd"])
    assert (both.total_usd == both.imports_usd + both.exports_usd).all()
    assert series[series.exports_usd.isna()].total_usd.isna().all()


def test_the_report_charts_each_series_and_says_its_years(report_page):
    _, page = report_page
    titles = {section.get("id"): " ".join(section.itertext()) for section in parsed(page, "indicators.html").cssselect("section")}
    assert "2010-2020" in titles["structure-series"] and "2010-2020" in titles["complementarity-series"]
    assert "2017-2022" in titles["partner-trade"]


def test_whether_hs99_counts_is_the_seeds_choice_and_the_headline_figures_say_which(prefect_server, small_store,
                                                                                       tmp_path):
    from flows.refresh import refresh

    models = tmp_path / "models"
    shutil.copytree(settings.current().models, models)
    counted = tmp_path / "counted.duckdb"
    refresh(snapshot_dir=str(small_store.root), warehouse=str(counted), models_dir=str(models))
    treatment = models / "seeds" / "product_treatment.csv"
    treatment.write_text(treatment.read_text().replace("hs2,99,true,", "hs2,99,false,"))
    left_out = tmp_path / "left_out.duckdb"
    refresh(snapshot_dir=str(small_store.root), warehouse=str(left_out), models_dir=str(models))

    shares = "select product_code, share from marts.export_structure where iso3 = 'PRK' and year = 2016 " \
             "and product_level = 'hs2'"
    before = frame(counted, shares).set_index("product_code").share
    after = frame(left_out, shares).set_index("product_code").share
    assert "99" in before.index and "99" not in after.index
    # every other chapter's share is its value over the exports without HS 99: share / (1 - HS 99's share)
    expected = before.drop("99") / (1 - before["99"])
    assert after.sort_index().tolist() == pytest.approx(expected.sort_index().tolist(), rel=1e-12)
    basis = "select distinct basis from marts.headline_indicators where indicator like 'export_share:%'"
    assert frame(counted, basis).basis.tolist() == ["HS2 99 counted"]
    assert frame(left_out, basis).basis.tolist() == ["HS2 99 left out"]


@pytest.mark.parametrize("written", ["False", "no", "0", ""])
def test_a_product_treatment_that_is_not_true_or_false_is_refused_with_its_line(tmp_path, written):
    from warehouse.errors import ValidationFailed
    from warehouse.seeds import load_seeds

    seeds = tmp_path / "seeds"
    shutil.copytree(settings.current().models / "seeds", seeds)
    (seeds / "product_treatment.csv").write_text(f"product_level,product_code,counted,reason\nhs2,99,{written},why\n")
    with pytest.raises(ValidationFailed, match="product_treatment.csv line 2"):
        load_seeds(duckdb.connect(), seeds)
