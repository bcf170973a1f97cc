"""Nothing damaged, empty or forged is published: refreshes attacked through the disk, the store and the kept files.

One small warehouse is published once for the module, at a path with a quote in it (which must
publish); each case works on its own copy and checks that the published file is byte-identical
after a refusal, that the error names what is at fault, and that the failed run was recorded.
"""

import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from flows.refresh import refresh
from tests.conftest import copy_recorded
from warehouse import kept
from warehouse.errors import SnapshotError
from warehouse.meta import KEPT_RUNS
from warehouse.publish import (
    STORAGE_VERSION,
    BuildIncomplete,
    WarehouseLocked,
    WarehouseWriteFailed,
    check_build,
)
from warehouse.snapshots import SnapshotStore

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def published(prefect_server, tmp_path_factory):
    """A small warehouse built from real Atlas snapshots and published under a folder whose name has a quote."""
    root = tmp_path_factory.mktemp("published")
    store = copy_recorded(SnapshotStore(root / "snapshots"))
    warehouse = root / "analyst's warehouse" / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    return root


@pytest.fixture
def copy(published, tmp_path):
    """This case's own copy of the published warehouse and its snapshots: (store, warehouse)."""
    shutil.copytree(published, tmp_path / "case")
    return SnapshotStore(tmp_path / "case" / "snapshots"), tmp_path / "case" / "analyst's warehouse" / "tradebrief.duckdb"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def failed_runs(warehouse: Path) -> list[dict]:
    return kept.kept(warehouse, KEPT_RUNS)


def assert_refused_and_recorded(store, warehouse, error_type, *words):
    before = digest(warehouse)
    with pytest.raises(error_type) as raised:
        refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    for word in words:
        assert word in str(raised.value)
    assert digest(warehouse) == before
    assert [p.name for p in warehouse.parent.iterdir() if ".building-" in p.name or p.suffix == ".wal"] == []
    runs = failed_runs(warehouse)
    assert len(runs) == 1 and words[0] in runs[0]["error"]


def test_a_path_with_a_quote_publishes(published):
    warehouse = published / "analyst's warehouse" / "tradebrief.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from meta.runs where status = 'success'").fetchall() == [(1,)]


def test_a_build_cut_short_by_a_file_size_limit_is_never_published(copy):
    store, warehouse = copy
    before = digest(warehouse)
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2 * 1024 * 1024, limit[1]))  # 2 MiB: far less than the build
    try:
        with pytest.raises((WarehouseWriteFailed, BuildIncomplete)) as raised:
            refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), full=True)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limit)
    assert "Nothing was published" in str(raised.value) or "nothing was published" in str(raised.value)
    assert digest(warehouse) == before
    assert [p.name for p in warehouse.parent.iterdir() if ".building-" in p.name or p.name.endswith(".wal")] == []
    assert len(failed_runs(warehouse)) == 1


def test_a_source_whose_snapshot_folder_vanished_stops_the_refresh(copy):
    store, warehouse = copy
    shutil.rmtree(store.root / "atlas_hs92")
    assert_refused_and_recorded(store, warehouse, SnapshotError, "atlas_hs92", "now has none", "--retire atlas_hs92")


def test_a_source_whose_sidecars_all_vanished_stops_the_refresh(copy):
    store, warehouse = copy
    for meta in store.sidecars("atlas_hs92"):
        meta.unlink()
    assert_refused_and_recorded(store, warehouse, SnapshotError, "atlas_hs92", "now has none")


def test_a_snapshot_folder_that_does_not_exist_stops_the_refresh(copy, tmp_path):
    _, warehouse = copy
    assert_refused_and_recorded(SnapshotStore(tmp_path / "nowhere"), warehouse, SnapshotError, "does not exist")


def test_retiring_a_source_is_explicit_and_publishes_without_it(copy):
    store, warehouse = copy
    shutil.rmtree(store.root / "atlas_hs92")
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), retire=["atlas_hs92"])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.atlas_trade").fetchall() == [(0,)]


def test_bad_lines_beside_the_warehouse_are_set_aside_and_the_refresh_goes_on(copy, caplog):
    store, warehouse = copy
    good = {"run_id": str(uuid.uuid4()), "started_at": "2026-11-01T00:00:00+00:00",
            "finished_at": "2026-11-01T00:01:00+00:00", "error": "a real failure"}
    forged = good | {"run_id": str(uuid.uuid4()), "finished_at": "2030-01-01T00:00:00+00:00"}
    path = kept.kept_file(warehouse, KEPT_RUNS)
    path.write_text(json.dumps(good) + "\n" + '{"run_id": "trunc' + "\n" + json.dumps(forged) + "\n")
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs = dict(con.execute("select run_id, status from meta.runs").fetchall())
    assert runs[good["run_id"]] == "failed" and forged["run_id"] not in runs
    assert f"{path} line 2 was set aside" in caplog.text and f"{path} line 3 was set aside" in caplog.text
    aside = [json.loads(line) for line in path.with_name(path.name + ".rejected").read_text().splitlines()]
    assert [line["line"] for line in aside] == [2, 3]


@pytest.mark.parametrize("kind, record, reason", [
    (KEPT_RUNS, '{"run_id": "a3', "not JSON"),
    (KEPT_RUNS, json.dumps({"run_id": "forged", "started_at": "2026-01-01T00:00:00+00:00",
                            "finished_at": "2026-01-01T00:00:01+00:00", "error": "x"}), "str_matches"),
    (KEPT_RUNS, json.dumps({"run_id": str(uuid.uuid4()), "started_at": "2026-01-02T00:00:00+00:00",
                            "finished_at": "2026-01-01T00:00:00+00:00", "error": "x"}), "times"),
    (KEPT_RUNS, json.dumps({"run_id": str(uuid.uuid4()), "started_at": "2026-01-01T00:00:00+00:00",
                            "finished_at": "2026-01-01T00:00:01+00:00", "error": "x", "status": "success"}),
     "column_in_schema"),
    ("pending-alerts", json.dumps({"run_id": str(uuid.uuid4()), "kind": "all_clear", "subject": "s", "message": "m",
                                   "severity": "warning", "delivery": "pending"}), "isin"),
    ("pending-alerts", json.dumps(["not", "an", "object"]), "not an object"),
    ("pending-alerts", json.dumps({"run_id": str(uuid.uuid4()), "kind": "revision", "subject": "s", "message": 7,
                                   "severity": "warning", "delivery": "pending"}), "not an object of text fields"),
])
def test_each_kind_of_bad_kept_line_is_set_aside_with_its_reason(tmp_path, kind, record, reason):
    warehouse = tmp_path / "tradebrief.duckdb"
    kept.kept_file(warehouse, kind).write_text(record + "\n")
    assert kept.kept(warehouse, kind) == []
    [aside] = kept.kept_file(warehouse, kind).with_name(f"{warehouse.name}.{kind}.jsonl.rejected").read_text().splitlines()
    assert reason in json.loads(aside)["reason"]


def built_warehouse(tmp_path, rows: int, recorded: int, storage: str = STORAGE_VERSION) -> Path:
    """A tiny warehouse whose run recorded one model with `recorded` rows, holding `rows` rows."""
    path = tmp_path / "building.duckdb"
    with duckdb.connect(str(path), config={"storage_compatibility_version": storage}) as con:
        con.execute("create schema meta; create schema marts")
        con.execute("create table meta.models (run_id varchar, model varchar, row_count bigint)")
        con.execute("insert into meta.models values ('r1', 'marts.claim_checks', ?)", [recorded])
        con.execute(f"create table marts.claim_checks as select range as id from range({rows})")
    return path


def test_a_build_missing_rows_its_run_recorded_is_not_published(tmp_path):
    with pytest.raises(BuildIncomplete, match="marts.claim_checks has 40 rows, the build recorded 51"):
        check_build(built_warehouse(tmp_path, 40, 51), "r1")


def test_a_build_missing_a_model_its_run_recorded_is_not_published(tmp_path):
    path = built_warehouse(tmp_path, 51, 51)
    with duckdb.connect(str(path)) as con:
        con.execute("drop table marts.claim_checks")
    with pytest.raises(BuildIncomplete, match="marts.claim_checks is missing"):
        check_build(path, "r1")


def test_a_complete_build_in_duckdb_2s_own_format_is_not_published(tmp_path):
    (tmp_path / "old").mkdir()
    check_build(built_warehouse(tmp_path / "old", 51, 51), "r1")  # the same build, in the format to publish, passes
    with pytest.raises(BuildIncomplete, match="storage format v2.0.0.*not v1.0.0"):
        check_build(built_warehouse(tmp_path, 51, 51, storage="latest"), "r1")


def test_a_build_whose_run_recorded_nothing_is_not_published(tmp_path):
    with pytest.raises(BuildIncomplete, match="recorded no models"):
        check_build(built_warehouse(tmp_path, 51, 51), "another-run")


def hold(code: str, marker: Path) -> subprocess.Popen:
    """Run `code` in another Python process and wait until it writes `marker`."""
    process = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT)
    for _ in range(200):
        if marker.exists():
            return process
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the holding process did not start")


def test_a_second_refresh_is_refused_at_once_before_prefect_starts(copy, tmp_path, capsys):
    store, warehouse = copy
    marker = tmp_path / "holding"
    holder = hold(f"from pathlib import Path\nfrom warehouse.publish import refresh_lock\nimport time\n"
                  f"with refresh_lock(Path({str(warehouse)!r})):\n    Path({str(marker)!r}).touch()\n    time.sleep(30)\n",
                  marker)
    try:
        started = time.monotonic()
        assert main(["refresh", "--snapshots", str(store.root), "--warehouse", str(warehouse)]) == 1
        seconds = time.monotonic() - started
    finally:
        holder.kill()
    assert f"another refresh (pid {holder.pid}) is writing" in capsys.readouterr().err
    assert seconds < 3


def test_a_warehouse_held_open_for_writing_is_named_as_the_cause(copy, tmp_path):
    store, warehouse = copy
    marker = tmp_path / "holding"
    holder = hold(f"import duckdb, time\nfrom pathlib import Path\ncon = duckdb.connect({str(warehouse)!r})\n"
                  f"Path({str(marker)!r}).touch()\ntime.sleep(30)\n", marker)
    try:
        before = digest(warehouse)
        with pytest.raises(WarehouseLocked, match=f"PID {holder.pid}"):
            refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    finally:
        holder.kill()
        holder.wait()
    assert digest(warehouse) == before
    assert "another process holds a lock" in failed_runs(warehouse)[0]["error"]


def test_the_command_runs_a_refresh_on_its_own_temporary_server_and_stops_it(copy):
    store, warehouse = copy
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    done = subprocess.run([sys.executable, "-m", "flows.cli", "refresh", "--snapshots", str(store.root), "--warehouse",
                           str(warehouse)], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "Error logging to API" not in done.stderr + done.stdout
    assert "## The briefs' claims" in done.stdout
    notes = warehouse.with_name(warehouse.name + ".lock").read_text()
    server = int(next(line.split()[1] for line in notes.splitlines() if line.startswith("server ")))
    assert not Path(f"/proc/{server}").exists() or "zombie" in Path(f"/proc/{server}/status").read_text().lower()


def test_a_killed_refresh_leaves_no_prefect_server_behind(copy, tmp_path):
    # Before issue 27 the killed refresh's server ran on until the next refresh took the lock (class 11): it now holds
    # a pipe only the refresh writes, and stops when that closes.
    store, warehouse = copy
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    lock = warehouse.with_name(warehouse.name + ".lock")
    process = subprocess.Popen([sys.executable, "-m", "flows.cli", "refresh", "--snapshots", str(store.root),
                                "--warehouse", str(warehouse)], cwd=PROJECT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = None
    for _ in range(600):
        notes = lock.read_text() if lock.exists() else ""
        server = next((int(line.split()[1]) for line in notes.splitlines() if line.startswith("server ")), None)
        if server:
            break
        time.sleep(0.1)
    assert server and Path(f"/proc/{server}").exists()
    process.send_signal(signal.SIGKILL)
    process.wait()
    for _ in range(300):
        if gone(server):
            break
        time.sleep(0.1)
    assert gone(server)


def gone(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "zombie" in status.read_text().lower()
    except OSError:
        return True


def test_one_vanished_snapshot_of_a_source_stops_the_refresh_until_retired_by_name(copy):
    # Before issue 27 only a source with no snapshot at all stopped the refresh: removing one country's file published
    # that country's trade as nothing, with exit 0 and no alert.
    store, warehouse = copy
    name = "by_year_2016/RUS/RUS_hs2_2016.csv"
    for meta in store.sidecars("atlas_hs92"):
        if json.loads(meta.read_text())["name"] == name:
            meta.unlink()
    assert_refused_and_recorded(store, warehouse, SnapshotError, "atlas_hs92", "1 of the", name,
                                f"--retire atlas_hs92/{name}")
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), retire=[f"atlas_hs92/{name}"])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.atlas_trade where source_file = ?", [name]).fetchone() == (0,)


def test_a_vanished_snapshot_is_caught_in_a_warehouse_published_before_the_report_views(copy):
    # The first refresh after an upgrade reads a warehouse with no report.latest_run: it must still know which
    # snapshots that warehouse was built from, or a vanished file would publish as nothing.
    store, warehouse = copy
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop schema report cascade")
    name = "by_year_2016/RUS/RUS_hs2_2016.csv"
    for meta in store.sidecars("atlas_hs92"):
        if json.loads(meta.read_text())["name"] == name:
            meta.unlink()
    assert_refused_and_recorded(store, warehouse, SnapshotError, "atlas_hs92", "1 of the", name)


def test_a_file_that_lost_most_of_its_rows_is_held_back_unless_accepted(copy):
    # Before issue 27 a one-row file recorded over a country's year replaced that country-year silently.
    from tests.conftest import record_variant

    store, warehouse = copy
    name = "by_year_2016/CHN/CHN_hs2_2016.csv"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        [(rows,)] = con.execute("select count(*) from raw.atlas_trade where source_file = ?", [name]).fetchall()
    record_variant(store, name, lambda text: "\n".join(text.splitlines()[:2]) + "\n")  # the header and one row
    assert_refused_and_recorded(store, warehouse, SnapshotError, "atlas_hs92", f"{name} holds 1 rows, against "
                                f"{rows:,}", "--accept-shrink")
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), accept_shrink=True)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        alerts = con.execute("select subject from meta.alerts where kind = 'shrink'").fetchall()
    assert alerts == [(f"atlas_hs92/{name}",)]


def test_a_file_that_lost_under_half_its_rows_publishes(copy):
    from tests.conftest import record_variant

    store, warehouse = copy
    name = "by_year_2016/CHN/CHN_hs2_2016.csv"
    record_variant(store, name, lambda text: "\n".join(text.splitlines()[:len(text.splitlines()) * 6 // 10]) + "\n")
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))  # 40% fewer rows: a revision, not a loss
