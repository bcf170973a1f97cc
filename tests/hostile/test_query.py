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
