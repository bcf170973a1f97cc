"""The published warehouse opens in the DuckDB clients analysts have: the oldest, DuckDB 1.1, in its own environment."""

import json
import subprocess
import venv
from pathlib import Path

import duckdb
import pytest

from warehouse import settings
from warehouse.publish import STORAGE_VERSION, storage_version

OLDEST_CLIENT = "1.1.0"  # DuckDB 1.0 reads the format but not the catalog DuckDB 2 writes in it
CLIENTS = settings.PROJECT_ROOT / ".venv" / "duckdb-clients"

READ_WITH_THE_CLIENT = """
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
tables = con.execute("select schema_name || '.' || table_name, estimated_size, comment from duckdb_tables() "
                     "where schema_name in ('raw', 'staging', 'intermediate', 'marts', 'meta') order by 1").fetchall()
print(json.dumps({"version": duckdb.__version__,
                  "rows": {name: con.execute(f"select count(*) from {name}").fetchall()[0][0] for name, _, _ in tables},
                  "comments": {name: comment for name, _, comment in tables},
                  "verdicts": con.execute("select claim_id, verdict from marts.claim_checks order by 1").fetchall()}))
"""


@pytest.fixture(scope="session")
def oldest_client() -> Path:
    """A Python environment of its own holding DuckDB 1.1 (made once, kept beside the project's own)."""
    python = CLIENTS / OLDEST_CLIENT / "bin" / "python"
    installed = CLIENTS / OLDEST_CLIENT / ".installed"  # written last: a run killed while installing starts again
    if not installed.exists():
        venv.create(python.parent.parent, with_pip=True, clear=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", f"duckdb=={OLDEST_CLIENT}"], check=True, timeout=600)
        installed.touch()
    return python


def test_duckdb_1_1_in_its_own_environment_reads_every_table_of_the_published_warehouse(oldest_client,
                                                                                          recorded_warehouse):
    recorded_warehouse, _ = recorded_warehouse
    out = subprocess.run([oldest_client, "-c", READ_WITH_THE_CLIENT, str(recorded_warehouse)], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["version"] == OLDEST_CLIENT
    with duckdb.connect(str(recorded_warehouse), read_only=True) as con:
        names = [name for (name,) in con.execute(
            "select schema_name || '.' || table_name from duckdb_tables() "
            "where schema_name in ('raw', 'staging', 'intermediate', 'marts', 'meta') order by 1").fetchall()]
        rows = {name: con.execute(f"select count(*) from {name}").fetchall()[0][0] for name in names}
        verdicts = con.execute("select claim_id, verdict from marts.claim_checks order by 1").fetchall()
    assert seen["rows"] == rows
    assert seen["comments"]["marts.claim_checks"]  # the descriptions reach the old client's catalog too
    assert [tuple(row) for row in seen["verdicts"]] == verdicts


def test_the_published_warehouse_and_its_in_place_rebuild_are_written_for_duckdb_1_1(prefect_server, small_store,
                                                                                       tmp_path):
    from flows.refresh import refresh

    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))
    assert storage_version(warehouse) == f"{STORAGE_VERSION}+"
    refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))  # built on a copy of the first
    assert storage_version(warehouse) == f"{STORAGE_VERSION}+"


def test_a_published_warehouse_in_duckdb_2s_format_is_rebuilt_not_copied(prefect_server, small_store, tmp_path):
    from flows.refresh import refresh

    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))
    newer = tmp_path / "newer.duckdb"
    with duckdb.connect() as con:  # the same warehouse, rewritten in DuckDB 2's own format
        con.execute(f"attach '{warehouse}' as published (read_only)")
        con.execute(f"attach '{newer}' as newer")
        con.execute("copy from database published to newer")
    newer.replace(warehouse)
    assert storage_version(warehouse) != f"{STORAGE_VERSION}+"

    refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))

    assert storage_version(warehouse) == f"{STORAGE_VERSION}+"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(distinct run_id) from meta.runs").fetchall() == [(2,)]

