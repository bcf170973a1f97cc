"""Incremental refreshes: unchanged snapshots are not parsed again, and unchanged models are not recomputed."""

import shutil

import duckdb
import pandas as pd
import pytest

from flows.refresh import refresh
from flows.sources import atlas, fao
from tests.conftest import copy_recorded
from tests.test_drift import record_new_vintage
from warehouse import settings
from warehouse.models import LAYERS


def last_run(warehouse, sql):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql.replace("LAST", "(select run_id from meta.runs order by finished_at desc limit 1)")).fetchall()


@pytest.fixture
def store(small_store):
    return copy_recorded(small_store, names=None, source="fao")


def test_an_unchanged_refresh_parses_nothing_and_copies_every_table(prefect_server, store, tmp_path, monkeypatch):
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    before = last_run(warehouse, "select model, row_count from meta.models where run_id = LAST order by model")

    def no_parsing(snapshots):
        raise AssertionError("an unchanged source was parsed again")

    monkeypatch.setattr(atlas, "parse", no_parsing)
    monkeypatch.setattr(fao, "parse", no_parsing)
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))

    assert last_run(warehouse, "select bool_and(reused) from meta.source_status where run_id = LAST and snapshots > 0") \
        == [(True,)]
    # Every table is copied but the verdicts, which read the clock, and the headline figures that read them.
    assert last_run(warehouse, "select model from meta.models where run_id = LAST "
                               "and materialization = 'table' and not reused order by model") \
        == [("marts.claim_checks",), ("marts.headline_indicators",)]
    assert last_run(warehouse, "select model, row_count from meta.models where run_id = LAST order by model") == before
    # So no verdict claims to have been checked at the earlier run's time.
    assert last_run(warehouse, "select min(checks.checked_at) >= any_value(runs.started_at) from marts.claim_checks as checks, "
                               "meta.runs as runs where runs.run_id = LAST") == [(True,)]


def test_a_changed_source_is_parsed_and_only_the_models_reading_it_are_rebuilt(prefect_server, store, tmp_path):
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    record_new_vintage(store)

    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))

    sources = dict(last_run(warehouse, "select source, reused from meta.source_status where run_id = LAST"))
    assert sources["fao"] is False and sources["atlas_hs92"] is True
    rebuilt = {model for (model,) in last_run(
        warehouse, "select model from meta.models where run_id = LAST and materialization = 'table' and not reused")}
    assert "marts.trade_complementarity" not in rebuilt and "marts.export_structure" not in rebuilt
    assert "intermediate.claim_evidence" in rebuilt  # it reads staging.food_supply, which reads the FAO tables
    assert last_run(warehouse, "select max(year) from staging.food_supply where source = 'fao_owid'") == [(2021,)]


def warehouse_objects(warehouse) -> set[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {f"{schema}.{name}" for schema, name in con.execute(
            "select schema_name, table_name from duckdb_tables() union all "
            "select schema_name, view_name from duckdb_views() where not internal").fetchall()
            if schema in ("raw", "seeds", *LAYERS)}


def test_a_refresh_built_on_a_copy_of_the_published_warehouse_equals_a_full_build(prefect_server, store, tmp_path):
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    record_new_vintage(store)
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))  # FAO parsed again, the rest kept in place
    full = tmp_path / "full" / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(full), full=True)

    assert warehouse_objects(warehouse) == warehouse_objects(full)
    kept = last_run(warehouse, "select model from meta.models where run_id = LAST and reused")
    assert ("marts.trade_complementarity",) in kept
    stable = last_run(warehouse, "select model from meta.models where run_id = LAST and fingerprint is not null "
                                 "and materialization = 'table'")
    stable += [(f"raw.{table}",) for source in (atlas, fao) for table in source.SCHEMAS]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute(f"attach '{full}' as full_build (read_only)")
        for (table,) in stable:
            kept_rows, full_rows = (sorted_rows(con, name) for name in (table, f"full_build.{table}"))
            # DuckDB sums in parallel, so a double may differ in its last bit between two builds of the same rows
            pd.testing.assert_frame_equal(kept_rows, full_rows, check_exact=False, rtol=1e-12, obj=table)


def sorted_rows(con, table: str) -> pd.DataFrame:
    frame = con.execute(f"select * from {table}").df()
    keys = [c for c in frame.columns if frame[c].dtype.kind != "f"] + [c for c in frame.columns if frame[c].dtype.kind == "f"]
    return frame.sort_values(keys, ignore_index=True) if keys else frame


def test_what_the_models_no_longer_make_does_not_linger_from_the_copy(prefect_server, store, tmp_path):
    models = tmp_path / "models"
    shutil.copytree(settings.current().models, models)
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), models_dir=str(models))
    assert "marts.mirror_gaps" in warehouse_objects(warehouse)

    (models / "marts" / "mirror_gaps.sql").unlink()
    (models / "tests" / "mirror_gaps_hold_both_sides.sql").unlink()
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), models_dir=str(models))

    assert "marts.mirror_gaps" not in warehouse_objects(warehouse)
    assert last_run(warehouse, "select count(*) from meta.models where run_id = LAST and reused") != [(0,)]


def test_a_data_test_is_reused_only_when_it_passed_on_the_very_same_tables(prefect_server, store, tmp_path):
    models = tmp_path / "models"
    shutil.copytree(settings.current().models, models)
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), models_dir=str(models))
    assert last_run(warehouse, "select count(*) from meta.test_results where run_id = LAST and reused") == [(0,)]

    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), models_dir=str(models))
    reused = dict(last_run(warehouse, "select test, reused from meta.test_results where run_id = LAST"))
    assert reused.pop("claim_checks_one_row_per_claim") is False  # it reads the verdicts, which read the clock
    assert reused.pop("claim_values_carry_their_snapshots") is False  # so does this one
    for volatile in ("marts_claim_checks", "marts_headline_indicators"):  # and so do these contracts' tests
        assert reused.pop(f"grain_of_{volatile}") is False and reused.pop(f"required_of_{volatile}") is False
    assert all(reused.values())

    shares = models / "tests" / "shares_sum_to_one.sql"
    shares.write_text(shares.read_text() + "\n-- edited\n")
    record_new_vintage(store)  # the FAO tables change, so whatever reads them is tested again
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), models_dir=str(models))
    reused = dict(last_run(warehouse, "select test, reused from meta.test_results where run_id = LAST"))
    assert not reused["shares_sum_to_one"] and not reused["grain_of_staging_food_supply"]
    assert not reused["claim_evidence_comes_from_its_family"]
    assert reused["tci_matches_its_definition"] and reused["grain_of_staging_trade_flows"]
    assert last_run(warehouse, "select bool_and(status = 'pass') from meta.test_results where run_id = LAST") \
        == [(True,)]
