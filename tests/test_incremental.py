"""Incremental refreshes: unchanged snapshots are not parsed again, and unchanged models are not recomputed."""

import duckdb
import pytest

from flows.refresh import refresh
from flows.sources import atlas, fao
from tests.conftest import copy_recorded
from tests.test_drift import record_new_vintage


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
