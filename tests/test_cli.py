import duckdb
import pytest

from flows.cli import main
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
    assert out[1].split() == ["PRK", "27", "0.428"]


def test_query_runs_read_only(warehouse, capsys):
    assert main(["query", "drop table marts.export_structure", "--warehouse", str(warehouse)]) == 1
    assert "read-only" in capsys.readouterr().err.lower()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.export_structure").fetchall() == [(1,)]


def test_query_without_a_warehouse_says_how_to_build_one(tmp_path, capsys):
    assert main(["query", "select 1", "--warehouse", str(tmp_path / "none.duckdb")]) == 1
    assert "tradebrief refresh" in capsys.readouterr().err


def test_query_caps_the_rows_it_prints(warehouse, capsys):
    assert main(["query", "select * from range(10)", "--warehouse", str(warehouse), "--max-rows", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 + 3 + 1 and "first 3 rows" in out[-1]


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
