"""The refresh flow end to end on the recorded real Atlas snapshots, and what it does with bad input."""

import shutil

import duckdb
import pytest

from flows.refresh import refresh
from flows.registry import SOURCES
from tests.conftest import RECORDED, file_digest, record_variant
from warehouse import settings
from warehouse.alerts import KEPT
from warehouse.contracts import contract_tests
from warehouse.errors import DataTestsFailed, ParseError, SnapshotError, ValidationFailed
from warehouse.kept import kept
from warehouse.models import discover

PRK_2016 = "by_year_2016/PRK/PRK_hs2_2016.csv"


@pytest.fixture
def published(prefect_server, small_store, tmp_path):
    """A warehouse published from a few real snapshots, for tests that try to damage it."""
    path = tmp_path / "warehouse" / "tradebrief.duckdb"
    refresh(snapshot_dir=str(small_store.root), warehouse=str(path))
    return path


def query(path, sql, *params):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_north_korea_2016_export_shares_match_the_figures_published_with_the_data(recorded_warehouse):
    # the recorded data's provenance README, from the same files: HS27 42.8 %, HS62 16.7 %, HS26 7.9 %,
    # HS03 6.8 %, HS61 3.0 %, total 2.87 bn USD.
    path, _ = recorded_warehouse
    shares = dict(query(path, """select product_code, round(100 * share, 1) from marts.export_structure
                                 where iso3 = 'PRK' and year = 2016 and product_level = 'hs2'"""))
    assert {code: shares[code] for code in ("27", "62", "26", "03", "61")} == {
        "27": 42.8, "62": 16.7, "26": 7.9, "03": 6.8, "61": 3.0}
    [(total,)] = query(path, "select round(sum(value_usd) / 1e9, 2) from marts.export_structure "
                             "where iso3 = 'PRK' and year = 2016 and product_level = 'hs2'")
    assert total == 2.87


def test_summary_names_snapshots_tables_tests_and_headline_figures(recorded_warehouse):
    path, summary = recorded_warehouse
    models = settings.current().models
    tests = len(list((models / "tests").glob("*.sql"))) + len(contract_tests(discover(models)))
    recorded = sum(len(RECORDED.latest(source)) for source in RECORDED.sources())
    assert f"Snapshots used: {recorded} from {len(RECORDED.sources())} sources" in summary
    assert f"Data tests: {tests} passed, 0 failed" in summary
    assert "marts.trade_complementarity" in summary
    [(rus_rank, importers)] = query(path, """select rank, importers from marts.complementarity_rank
        where exporter_iso3 = 'PRK' and importer_iso3 = 'RUS' and year = 2016""")
    [rus_line] = [line for line in summary.splitlines() if line.startswith("| RUS")]
    assert [cell.strip() for cell in rus_line.strip("|").split("|")][2:] == [str(rus_rank), str(importers)]
    assert importers > 200
    assert "Mineral fuels, oils and waxes" in summary


def test_complementarity_has_every_importer_exporter_pair_of_2016(recorded_warehouse):
    path, _ = recorded_warehouse
    [(importers, exporters, both, pairs)] = query(path, """
        with m as (select distinct reporter_iso3 from staging.trade_flows where year = 2016 and flow = 'M'),
             x as (select distinct reporter_iso3 from staging.trade_flows where year = 2016 and flow = 'X')
        select (select count(*) from m), (select count(*) from x),
               (select count(*) from m join x using (reporter_iso3)),
               (select count(*) from marts.trade_complementarity where year = 2016)""")
    assert importers > 200 and exporters > 200
    assert pairs == importers * exporters - both


def test_north_korea_flows_are_marked_as_mirror_data(recorded_warehouse):
    path, _ = recorded_warehouse
    assert query(path, "select distinct is_mirror from staging.trade_flows where reporter_iso3 = 'PRK'") == [(True,)]
    assert query(path, "select distinct is_mirror from staging.trade_flows "
                       "where reporter_iso3 = 'RUS' and source = 'atlas_hs92'") == [(False,)]
    # Comtrade's totals: Russia's own reports, and what its partners report of the same flows.
    assert query(path, "select distinct is_mirror from staging.trade_flows where reporter_iso3 = 'RUS' "
                       "and source = 'comtrade' order by 1") == [(False,), (True,)]


def test_staging_is_views_and_marts_are_tables(recorded_warehouse):
    path, _ = recorded_warehouse
    views = {r[0] for r in query(path, "select view_name from duckdb_views() where schema_name = 'staging'")}
    tables = {r[0] for r in query(path, "select table_name from duckdb_tables() where schema_name = 'marts'")}
    assert {"trade_flows", "hs_products"} <= views
    assert {"trade_complementarity", "export_similarity", "revealed_comparative_advantage",
            "export_concentration", "export_structure"} <= tables


def test_meta_records_the_run_its_snapshots_with_provenance_and_its_test_results(recorded_warehouse):
    path, _ = recorded_warehouse
    [(run_id, status, used)] = query(path, "select run_id, status, snapshots_used from meta.runs")
    assert status == "success" and used == sum(len(RECORDED.latest(source)) for source in RECORDED.sources())
    [(origin_path, producer)] = query(path, "select origin_path, producer from meta.snapshots where name = ?", PRK_2016)
    assert origin_path.startswith("candrewlee14/data-viz-project@784e6d1") and "Growth Lab" in producer
    results = query(path, "select status from meta.test_results where run_id = ?", run_id)
    assert results and {r[0] for r in results} == {"pass"}


def test_a_second_refresh_keeps_the_history_of_the_first(published, small_store):
    first = query(published, "select run_id from meta.runs")
    refresh(snapshot_dir=str(small_store.root), warehouse=str(published))
    runs = query(published, "select run_id from meta.runs")
    assert len(runs) == 2 and first[0] in runs
    assert query(published, "select count(distinct run_id) from meta.test_results") == [(2,)]


def test_one_year_files_win_over_the_multi_year_file_for_the_same_reporter_and_year(published):
    files = query(published, "select distinct source_file from raw.atlas_trade where reporter_iso3 = 'PRK' and year = 2016")
    assert files == [(PRK_2016,)]
    assert query(published, "select count(distinct year) from raw.atlas_trade where reporter_iso3 = 'PRK'") == [(11,)]


def beside(warehouse):
    """The files in the warehouse's folder but for the lock, and the failed run's record and failure alert that every
    failure leaves."""
    return sorted(p.name for p in warehouse.parent.iterdir()
                  if not p.name.endswith((".lock", ".failed-runs.jsonl", ".pending-alerts.jsonl")))


def refresh_fails(store, warehouse, error, *patterns):
    """Run a refresh that must fail; check the message and that the published file is untouched."""
    before = file_digest(warehouse)
    with pytest.raises(error) as raised:
        refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    for pattern in patterns:
        assert pattern in str(raised.value), str(raised.value)
    assert file_digest(warehouse) == before
    assert beside(warehouse) == [warehouse.name]
    return raised.value


def test_refresh_refuses_a_snapshot_whose_bytes_do_not_match_its_checksum(published, small_store):
    snapshot = small_store.latest("atlas_hs92")[PRK_2016]
    shutil.copy(small_store.latest("atlas_hs92")["by_year_2016/RUS/RUS_hs2_2016.csv"].path, snapshot.path)
    refresh_fails(small_store, published, SnapshotError, "atlas_hs92", PRK_2016, str(snapshot.path), "corrupted")


def test_refresh_refuses_a_csv_with_a_missing_column(published, small_store):
    record_variant(small_store, PRK_2016, lambda text: text.replace(",export_value", ",exports", 1))
    refresh_fails(small_store, published, ParseError, "atlas_hs92", PRK_2016, "export_value")


def test_refresh_refuses_negative_values_naming_file_and_lines(published, small_store):
    def negate_line_3(text):
        lines = text.splitlines(keepends=True)
        fields = lines[2].split(",")
        fields[6] = "-" + fields[6]
        lines[2] = ",".join(fields)
        return "".join(lines)

    record_variant(small_store, PRK_2016, negate_line_3)
    error = refresh_fails(small_store, published, ValidationFailed, "atlas_hs92", f"{PRK_2016} line 3", "import_value")
    assert error.failures[["source_file", "source_line"]].values.tolist() == [[PRK_2016, 3]]


def test_refresh_refuses_unknown_country_ids_naming_file_and_lines(published, small_store):
    def unknown_partner_on_line_4(text):
        lines = text.splitlines(keepends=True)
        fields = lines[3].split(",")
        fields[2] = "9999"
        lines[3] = ",".join(fields)
        return "".join(lines)

    record_variant(small_store, PRK_2016, unknown_partner_on_line_4)
    error = refresh_fails(small_store, published, ValidationFailed, "atlas_hs92", f"{PRK_2016} line 4", "known_partner_id")
    assert set(error.failures["check"].str.split(":").str[0]) == {"known_partner_id"}


def test_refresh_refuses_duplicate_keys_naming_file_and_lines(published, small_store):
    def repeat_line_5(text):
        lines = text.splitlines(keepends=True)
        return "".join(lines + [lines[4]])

    record_variant(small_store, PRK_2016, repeat_line_5)
    error = refresh_fails(small_store, published, ValidationFailed, "atlas_hs92", PRK_2016, "uniqueness")
    total_lines = len(small_store.latest("atlas_hs92")[PRK_2016].read_bytes().decode().splitlines())
    assert sorted(error.failures["source_line"].unique()) == [5, total_lines]


def test_a_failing_data_test_stops_the_refresh_and_keeps_the_published_warehouse(published, small_store, tmp_path):
    models = tmp_path / "models"
    shutil.copytree(settings.current().models, models)
    (models / "tests" / "no_coal_exports.sql").write_text(
        "select * from marts.export_structure where product_code = '27' and iso3 = 'PRK'")
    before = file_digest(published)
    with pytest.raises(DataTestsFailed, match="no_coal_exports"):
        refresh(snapshot_dir=str(small_store.root), warehouse=str(published), models_dir=str(models))
    assert file_digest(published) == before
    # Beside it, nothing half-built: only the failed test's alert, kept for the next published run.
    assert beside(published) == [published.name]
    assert [record["kind"] for record in kept(published, KEPT)] == ["data_test_failed"]


def test_every_staging_table_builds_offline_from_the_recorded_snapshots(recorded_warehouse):
    path, _ = recorded_warehouse
    sources = dict(query(path, """
        select 'trade_flows', list(distinct source order by source) from staging.trade_flows
        union all select 'macro_indicators', list(distinct source order by source) from staging.macro_indicators
        union all select 'food_supply', list(distinct source order by source) from staging.food_supply
        union all select 'energy_balance', list(distinct source order by source) from staging.energy_balance
        union all select 'published_figures', list(distinct quality order by quality) from staging.published_figures"""))
    # What each source puts in each staging model is what its REVISIONS declare (the registry is the one list);
    # the OEC's recorded file sums several years, so it stays in raw.oec_trade.
    declared = {revision.model.removeprefix("staging."): set() for source in SOURCES for revision in source.REVISIONS}
    for source in SOURCES:
        for revision in source.REVISIONS:
            declared[revision.model.removeprefix("staging.")].add(revision.series)
    assert set(sources) == set(declared)
    for model in ("trade_flows", "macro_indicators", "food_supply", "energy_balance"):
        assert set(sources[model]) == declared[model] - ({"oec"} if model == "trade_flows" else set()), model
    assert sources["published_figures"] == ["secondary", "tertiary"]


def test_recorded_figures_reach_staging_unchanged(recorded_warehouse):
    # the recorded data's provenance README: Russia 2023 official rate 85.16 RUB per USD; ILO 2024, total, 25+: 2.496 %.
    path, _ = recorded_warehouse
    [(rate,)] = query(path, "select round(value, 2) from staging.macro_indicators "
                            "where iso3 = 'RUS' and year = 2023 and indicator = 'PA.NUS.FCRF'")
    [(unemployment,)] = query(path, "select value from staging.macro_indicators "
                                    "where iso3 = 'RUS' and year = 2024 and indicator = 'ILO.UNE_2EAP_SEX_AGE_RT.25+'")
    assert (rate, unemployment) == (85.16, 2.496)
    [(coal,)] = query(path, "select value from staging.energy_balance "
                            "where iso3 = 'RUS' and year = 2020 and indicator = 'coal_production'")
    assert 300 < coal < 500  # Mt: Russia mines a few hundred million tonnes a year
