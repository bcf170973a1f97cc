"""The analyst's query reads and nothing else: no file written, attached, loaded or read outside the warehouse."""

import pytest

from flows.cli import main
from warehouse.kept import kept_file


@pytest.mark.parametrize("statement", [
    "copy (select '{\"run_id\": \"forged\"}') to '{kept}' (format csv, header false)",
    "copy marts.claim_checks to '{kept}'",
    "export database '{folder}/dump'",
    "attach '{folder}/other.duckdb' as other",
    "install httpfs",
    "load httpfs",
    "select * from read_csv('/etc/passwd')",
    "select * from read_text('/etc/hostname')",
    "set enable_external_access = true",
    "create table marts.forged as select 1",
])
def test_the_query_command_cannot_write_or_reach_outside_the_warehouse(recorded_warehouse, tmp_path, capsys, statement):
    path, _ = recorded_warehouse
    kept = kept_file(path, "failed-runs")
    before = sorted(p.name for p in path.parent.iterdir())
    sql = statement.replace("{kept}", str(kept)).replace("{folder}", str(tmp_path))
    assert main(["query", sql, "--warehouse", str(path)]) == 1
    assert "query failed" in capsys.readouterr().err
    assert not kept.exists() and sorted(p.name for p in path.parent.iterdir()) == before
    assert not (tmp_path / "dump").exists() and not (tmp_path / "other.duckdb").exists()


def test_the_query_command_still_reads(recorded_warehouse, capsys):
    path, _ = recorded_warehouse
    assert main(["query", "select count(*) as claims from marts.claim_checks", "--warehouse", str(path)]) == 0
    assert "claims" in capsys.readouterr().out


@pytest.mark.parametrize(("target", "refusal"), [
    ("{warehouse_dir}/tradebrief.duckdb.failed-runs.jsonl", "warehouse's folder"),
    ("{warehouse_dir}/exported.csv", "warehouse's folder"),
    ("{warehouse_dir}/../{warehouse_name}/x.parquet", "warehouse's folder"),
    ("{snapshots}/atlas_hs92/forged.csv", "snapshot store"),
    ("{tmp}/flows.xlsx", "suffixes"),
    ("{tmp}", "suffixes"),
    ("{tmp}/a_folder.csv", "is a folder"),
    ("{tmp}/missing/flows.csv", "does not exist"),
])
def test_export_never_writes_beside_the_warehouse_or_into_the_store(recorded_warehouse, tmp_path, capsys, monkeypatch,
                                                                     target, refusal):
    path, _ = recorded_warehouse
    snapshots = tmp_path / "snapshots"
    (snapshots / "atlas_hs92").mkdir(parents=True)
    (tmp_path / "a_folder.csv").mkdir()
    monkeypatch.setenv("TRADEBRIEF_SNAPSHOTS", str(snapshots))
    before = sorted(p.name for p in path.parent.iterdir())
    to = target.format(warehouse_dir=path.parent, warehouse_name=path.parent.name, snapshots=snapshots, tmp=tmp_path)
    assert main(["export", "select * from marts.claim_checks", "--to", to, "--warehouse", str(path)]) == 1
    assert refusal in capsys.readouterr().err
    assert sorted(p.name for p in path.parent.iterdir()) == before
    assert list((snapshots / "atlas_hs92").iterdir()) == []


@pytest.mark.parametrize("statement", [
    "select 1; select 2",
    "copy (select 1) to '{tmp}/other.csv'",
    "attach '{tmp}/other.duckdb' as other",
    "select * from read_csv('/etc/passwd')",
    "select 1) to '{tmp}/other.csv' (format csv); select (1",
])
def test_export_writes_only_its_own_target_whatever_the_sql(recorded_warehouse, tmp_path, capsys, statement):
    path, _ = recorded_warehouse
    target = tmp_path / "out.csv"
    sql = statement.replace("{tmp}", str(tmp_path))
    assert main(["export", sql, "--to", str(target), "--warehouse", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


SLOW = "select sum(hash(a.range * b.range)) from range(1000000) a, range(100000) b"  # 1e11 rows: minutes of work


def query_process(path, *options):
    import subprocess
    import sys

    from warehouse import settings

    return subprocess.Popen([sys.executable, "-m", "flows.cli", "query", SLOW, "--warehouse", str(path), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=settings.PROJECT_ROOT)


def test_a_query_past_its_timeout_is_stopped_and_says_so(recorded_warehouse):
    # Before issue 27 a query had no time limit: this one would have run for minutes.
    import time

    path, _ = recorded_warehouse
    started = time.monotonic()
    with query_process(path, "--timeout", "2") as process:
        _, err = process.communicate(timeout=60)
    assert process.returncode == 1 and "stopped after 2 s (--timeout 2" in err and "Traceback" not in err
    assert time.monotonic() - started < 30


def test_ctrl_c_stops_a_running_query(recorded_warehouse):
    # Before issue 27 SIGINT was ignored until DuckDB returned: the call into DuckDB cannot run a signal handler.
    import signal
    import time

    path, _ = recorded_warehouse
    with query_process(path) as process:
        time.sleep(3)  # the interpreter and DuckDB are loaded, and the query is running
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 1 and "stopped by Ctrl-C" in err and "Traceback" not in err


def test_a_query_cannot_take_more_memory_than_its_limit(recorded_warehouse, capsys):
    path, _ = recorded_warehouse
    hungry = "select string_agg(range::varchar, ',') from range(60000000)"  # a string of about 500 MB
    assert main(["query", hungry, "--memory-limit", "100MB", "--warehouse", str(path)]) == 1
    assert "Out of Memory" in capsys.readouterr().err
    assert main(["query", "select 1", "--memory-limit", "lots", "--warehouse", str(path)]) == 1
    assert "Memory must have a number" in capsys.readouterr().err
