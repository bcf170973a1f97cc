"""The HS6 flow: years as independent tasks, sequential or spread over a Dask cluster, published by rename."""

import os
import sys

import duckdb
import pytest
from distributed import Client, LocalCluster
from prefect.settings import PREFECT_API_URL

from benchmarks.synthetic_baci import write_release
from flows.cli import main
from flows.hs6 import hs6_flow, task_runner
from tests.conftest import file_digest
from warehouse.errors import ValidationFailed

YEARS = [2014, 2015, 2016]
COUNTRIES = 40


@pytest.fixture(scope="module")
def release_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic_baci")
    write_release(path, YEARS, rows=20_000, n_countries=COUNTRIES, n_products=300)
    return path


def published_tables(path) -> dict:
    """Every table of an HS6 warehouse as sorted rows, without the timing and process columns that differ run to run."""
    with duckdb.connect(str(path), read_only=True) as con:
        names = [f"{s}.{t}" for s, t in con.execute("select schema_name, table_name from duckdb_tables() order by all").fetchall()]
        return {name: con.execute(f"select * exclude (seconds, built_by, built_at, build_seconds) from {name} order by all"
                                  if name == "meta.baci_files"
                                  else f"select * from {name} order by all").fetchall() for name in names}


def run(release_dir, warehouse, runner=None, **options):
    return hs6_flow.with_options(task_runner=runner or task_runner())(str(release_dir), warehouse=str(warehouse), **options)


@pytest.fixture(scope="module")
def sequential(prefect_server, release_dir, tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("sequential") / "tradebrief_hs6.duckdb"
    run(release_dir, warehouse)
    return published_tables(warehouse)


def test_every_year_is_published_with_all_pairs(sequential):
    assert [row[0] for row in sequential["meta.baci_files"]] == YEARS
    for table in ("hs6.trade_complementarity", "hs6.export_similarity"):
        per_year = {year: sum(1 for row in sequential[table] if row[0] == year) for year in YEARS}
        assert per_year == {year: COUNTRIES * (COUNTRIES - 1) for year in YEARS}
    assert all(0 <= row[3] <= 100 for row in sequential["hs6.trade_complementarity"])


def test_years_spread_over_a_local_dask_cluster_give_identical_results(sequential, release_dir, tmp_path):
    warehouse = tmp_path / "tradebrief_hs6.duckdb"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      env={"PREFECT_API_URL": PREFECT_API_URL.value()}) as cluster, Client(cluster) as client:
        run(release_dir, warehouse, task_runner(address=cluster.scheduler_address))
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
        worker_pids = set(client.run(os.getpid).values())

    assert published_tables(warehouse) == sequential
    assert len(executed) == 2 and sum(executed.values()) >= len(YEARS)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        built_by = con.execute("select built_by, build_seconds, seconds from meta.baci_files").fetchall()
    assert {int(process.rsplit(":", 1)[1]) for process, _, _ in built_by} <= worker_pids
    assert all(task_seconds > ingest_seconds > 0 for _, task_seconds, ingest_seconds in built_by)


def test_rebuilding_one_year_keeps_the_published_others(sequential, release_dir, tmp_path):
    warehouse = tmp_path / "tradebrief_hs6.duckdb"
    run(release_dir, warehouse)
    changed = tmp_path / "changed"
    write_release(changed, [2015], rows=20_000, n_countries=COUNTRIES, n_products=300, seed=99)

    run(changed, warehouse, years=[2015])

    after = published_tables(warehouse)
    for table, rows in sequential.items():
        kept = [row for row in after[table] if row[0] != 2015]
        assert kept == [row for row in rows if row[0] != 2015], table
    assert [row for row in after["hs6.trade_complementarity"] if row[0] == 2015] != \
        [row for row in sequential["hs6.trade_complementarity"] if row[0] == 2015]


def test_a_failing_year_leaves_the_published_warehouse_as_it_was(release_dir, tmp_path, prefect_server):
    warehouse = tmp_path / "tradebrief_hs6.duckdb"
    run(release_dir, warehouse)
    before = file_digest(warehouse)
    broken = tmp_path / "broken"
    write_release(broken, YEARS, rows=20_000, n_countries=COUNTRIES, n_products=300)
    year_file = broken / "BACI_HS92_Y2016_Vsynthetic.csv"
    lines = year_file.read_text().splitlines(keepends=True)
    lines[9] = "2016,999," + lines[9].split(",", 2)[2]  # line 10: an exporter the code list does not know
    year_file.write_text("".join(lines))

    with pytest.raises(ValidationFailed, match="BACI_HS92_Y2016_Vsynthetic.csv line 10"):
        run(broken, warehouse)

    assert file_digest(warehouse) == before
    assert not list(tmp_path.glob("tradebrief_hs6.duckdb.building-*"))


def test_the_command_builds_the_hs6_warehouse(release_dir, tmp_path, capsys, prefect_server):
    warehouse = tmp_path / "tradebrief_hs6.duckdb"

    assert main(["hs6", str(release_dir), "--years", "2016", "--warehouse", str(warehouse)]) == 0

    assert f"hs6.trade_complementarity: {COUNTRIES * (COUNTRIES - 1):,} rows" in capsys.readouterr().out
    assert [row[0] for row in published_tables(warehouse)["meta.baci_files"]] == [2016]


def test_the_dask_runner_names_the_scale_extra_when_it_is_not_installed(monkeypatch, tmp_path, capsys):
    from flows.cli import main

    monkeypatch.setitem(sys.modules, "prefect_dask", None)  # as in an install without the extra: importing it fails
    assert main(["hs6", str(tmp_path), "--dask-workers", "2", "--warehouse", str(tmp_path / "hs6.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "tradebrief[scale]" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "hs6.duckdb").exists()
