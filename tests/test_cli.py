import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
import tomllib

import duckdb
import pytest

from flows.cli import build_parser, main
from tests.conftest import held
from warehouse import settings
from warehouse.errors import ValidationFailed
from warehouse.seeds import load_seeds


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "tradebrief.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.export_structure as select 'PRK' as iso3, '27' as product_code, 0.428 as share")
    return path


def test_query_prints_the_result_as_a_table(warehouse, capsys):
    assert main(["query", "select iso3, product_code, share from marts.export_structure", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["iso3", "product_code", "share"]
    assert set(out[1].replace(" ", "")) == {"-"}
    assert out[2].split() == ["PRK", "27", "0.428"]


def test_query_runs_read_only(warehouse, capsys):
    assert main(["query", "drop table marts.export_structure", "--warehouse", str(warehouse)]) == 1
    assert "read-only" in capsys.readouterr().err.lower()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.export_structure").fetchall() == [(1,)]


def test_query_without_a_warehouse_says_how_to_build_one(tmp_path, capsys):
    assert main(["query", "select 1", "--warehouse", str(tmp_path / "none.duckdb")]) == 1
    assert "tradebrief refresh" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_caps_the_rows_only_when_asked_and_says_so(warehouse, capsys, fmt):
    assert main(["query", "select * from range(10)", "--warehouse", str(warehouse), "--max-rows", "3", "--format",
                 fmt]) == 0
    printed = capsys.readouterr()
    assert printed.out.count("\n") == {"table": 2 + 3, "csv": 1 + 3, "json": 3 + 2}[fmt] and "first 3 rows" in printed.err
    assert main(["query", "select * from range(3)", "--warehouse", str(warehouse), "--max-rows", "3"]) == 0
    assert capsys.readouterr().err == ""  # exactly as many rows as the cap: nothing was cut


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_query_prints_every_row_without_a_cap(warehouse, capsys, fmt):
    assert main(["query", "select range as n from range(25000)", "--warehouse", str(warehouse), "--format", fmt]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out))) if fmt == "csv" else json.loads(out)
    assert len(rows) == 25000 and int(rows[-1]["n"]) == 24999


def test_a_seed_that_breaks_its_schema_is_refused_with_its_line(tmp_path):
    (tmp_path / "similarity_markets.csv").write_text("iso3,reason\nCHN,main buyer\nchina,lowercase\n")
    with pytest.raises(ValidationFailed, match=r"similarity_markets.csv line 3: iso3 = 'china'"):
        load_seeds(duckdb.connect(), tmp_path)


def test_record_stores_each_file_once_with_its_upstream_provenance(tmp_path, capsys):
    from tests.conftest import RECORDED
    from warehouse.snapshots import SnapshotStore

    data = tmp_path / "data" / "atlas_hs92"
    (data / "by_year_2016" / "PRK").mkdir(parents=True)
    latest = RECORDED.latest("atlas_hs92")
    (data / "location.csv").write_bytes(latest["location.csv"].read_bytes())
    (data / "by_year_2016" / "PRK" / "PRK_hs2_2016.csv").write_bytes(latest["by_year_2016/PRK/PRK_hs2_2016.csv"].read_bytes())
    store = tmp_path / "snapshots"

    assert main(["record", str(tmp_path / "data"), "--snapshots", str(store)]) == 0
    assert main(["record", str(tmp_path / "data"), "--snapshots", str(store)]) == 0

    out = capsys.readouterr().out
    assert "2 new snapshots, 0 unchanged" in out and "0 new snapshots, 2 unchanged" in out
    recorded = SnapshotStore(store).latest("atlas_hs92")
    assert recorded["by_year_2016/PRK/PRK_hs2_2016.csv"].request["origin_path"] == \
        latest["by_year_2016/PRK/PRK_hs2_2016.csv"].request["origin_path"]
    assert recorded["location.csv"].sha256 == latest["location.csv"].sha256


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_query_prints_csv_and_json_for_scripts(warehouse, capsys, fmt):
    sql = "select iso3, product_code, share, 2016 as year, null as note from marts.export_structure"
    assert main(["query", sql, "--warehouse", str(warehouse), "--format", fmt]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out))) if fmt == "csv" else json.loads(out)
    expected = {"iso3": "PRK", "product_code": "27", "share": 0.428, "year": 2016, "note": None}
    if fmt == "csv":
        expected = {"iso3": "PRK", "product_code": "27", "share": "0.428", "year": "2016", "note": ""}
    assert rows == [expected]


def test_status_as_json_holds_each_section_under_a_machine_key(recorded_warehouse, capsys):
    path, _ = recorded_warehouse
    assert main(["status", "--warehouse", str(path), "--format", "json"]) == 0
    sections = json.loads(capsys.readouterr().out)
    assert list(sections) == ["runs", "sources", "alerts"]
    assert sections["runs"][0]["status"] == "success"
    sources = {row["source"]: row for row in sections["sources"]}
    # the age of the data apart from the age of the recording: the Comtrade totals run to 2022 and the Energy
    # Institute's 2024 review to 2023 (their provenance), though both were recorded days ago
    assert (sources["comtrade"]["latest_period"], sources["energy"]["latest_period"]) == ("2022", "2023")
    assert all(row["last_fetched_at"] is None for row in sources.values())  # make run never fetches live


@pytest.mark.parametrize("command", [["query", "select 1"], ["status"], ["claims"], ["alerts"], ["report"],
                                     ["scenario", "--workers", "1000", "--wage", "9000", "--share", "0.5"]])
def test_a_client_holding_the_warehouse_for_writing_is_one_line_naming_it(recorded_warehouse, tmp_path, command):
    copy = tmp_path / "tradebrief.duckdb"
    shutil.copyfile(recorded_warehouse[0], copy)
    with held(copy, read_only=False) as pid:
        done = subprocess.run([sys.executable, "-m", "flows.cli", *command, "--warehouse", str(copy)],
                              capture_output=True, text=True, cwd=settings.PROJECT_ROOT, timeout=120)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"process {pid} (" in done.stderr and "read_only=True" in done.stderr and "-readonly" in done.stderr


def test_claims_name_their_evidence_source(recorded_warehouse, capsys):
    path, _ = recorded_warehouse
    assert main(["claims", "--warehouse", str(path), "--format", "json"]) == 0
    claims = {row["claim_id"]: row for row in json.loads(capsys.readouterr().out)}
    coal = claims["ru_coal_production_2023"]
    assert (coal["evidence_source"], coal["evidence_table"], coal["evidence_period"]) == (
        "energy", "staging.energy_balance", "2023")
    assert len(coal["evidence_snapshot_sha256"]) == 64


def test_version_is_the_packages(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["--version"])
    version = tomllib.loads((settings.PROJECT_ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert exit.value.code == 0 and capsys.readouterr().out.strip() == f"tradebrief {version}"


def test_every_option_of_every_command_has_help():
    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    undocumented = [f"{name} {'/'.join(action.option_strings) or action.dest}"
                    for name, command in commands.choices.items() for action in command._actions
                    if not action.help]
    assert undocumented == []


def test_a_reader_that_leaves_early_gets_no_traceback(warehouse):
    command = [sys.executable, "-m", "flows.cli", "query", "select * from range(200000)", "--max-rows", "200000",
               "--warehouse", str(warehouse)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=settings.PROJECT_ROOT) as process:
        process.stdout.readline()
        process.stdout.close()  # as `| head -1` does
        error = process.stderr.read().decode()
        assert process.wait(timeout=120) == 0
    assert "Traceback" not in error and "BrokenPipe" not in error


@pytest.mark.parametrize("command", [["status"], ["alerts"], ["claims"], ["report"], ["query", "select 1"]])
def test_a_missing_warehouse_is_one_line_naming_it(tmp_path, capsys, command):
    missing = tmp_path / "none.duckdb"
    assert main([*command, "--warehouse", str(missing)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and str(missing) in err and "tradebrief refresh" in err


@pytest.mark.parametrize("layout", ["empty", "other files", "no folder"])
def test_record_refuses_a_folder_it_does_not_recognise_naming_what_it_expected(tmp_path, capsys, layout):
    data = tmp_path / "data"
    if layout != "no folder":
        data.mkdir()
    if layout == "other files":
        (data / "atlas").mkdir()
        (data / "atlas" / "trade.csv").write_text("a,b\n1,2\n")
        (data / "notes.txt").write_text("not a source's file")
    store = tmp_path / "snapshots"

    assert main(["record", str(data), "--snapshots", str(store)]) == 1

    err = capsys.readouterr().err
    assert str(data) in err and len(err.strip().splitlines()) == 1
    assert "atlas_hs92/" in err and "../" + "shared" not in err
    assert not store.exists() or not any(store.rglob("*.json"))
