"""`tradebrief query` takes SQL from an argument, a file or stdin, and refuses several statements unless asked;
`tradebrief export` writes one select's result through DuckDB's own writer, whole or not at all."""

import csv
import io
import json
import subprocess
import sys

import duckdb
import pytest

from flows.cli import main
from warehouse import settings


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "warehouse" / "tradebrief.duckdb"
    path.parent.mkdir()
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.flows as select range as n, 'r' || range as label, range / 4 as share "
                    "from range(5000)")
    return path


def run(*args, stdin: str | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd or settings.PROJECT_ROOT, timeout=120)


def test_query_reads_its_sql_from_a_file_and_from_stdin(warehouse, tmp_path):
    sql = tmp_path / "count.sql"
    sql.write_text("-- how many\nselect count(*) as flows\nfrom marts.flows;\n")
    from_file = run("query", "-f", str(sql), "--warehouse", str(warehouse), "--format", "csv")
    from_stdin = run("query", "--warehouse", str(warehouse), "--format", "csv", stdin=sql.read_text())
    from_dash = run("query", "-f", "-", "--warehouse", str(warehouse), "--format", "csv", stdin=sql.read_text())
    assert [done.stdout for done in (from_file, from_stdin, from_dash)] == ["flows\n5000\n"] * 3


def test_query_refuses_several_statements_in_one_line_unless_all(warehouse, capsys):
    sql = "select 1 as a; select 2 as b"
    assert main(["query", sql, "--warehouse", str(warehouse)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2 statements" in err and "--all" in err
    assert main(["query", sql, "--all", "--format", "csv", "--warehouse", str(warehouse)]) == 0
    assert capsys.readouterr().out.splitlines() == ["# statement 1: select 1 as a;", "a", "1", "",
                                                     "# statement 2: select 2 as b", "b", "2"]


def test_query_given_sql_twice_or_not_at_all_says_how_to_give_it(warehouse, tmp_path):
    sql = tmp_path / "one.sql"
    sql.write_text("select 1")
    both = run("query", "select 2", "-f", str(sql), "--warehouse", str(warehouse))
    missing = run("query", "-f", str(tmp_path / "none.sql"), "--warehouse", str(warehouse))
    assert both.returncode == 1 and "not both" in both.stderr
    assert missing.returncode == 1 and "none.sql" in missing.stderr and "Traceback" not in missing.stderr


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".json", ".jsonl"])
def test_export_writes_every_row_in_the_format_its_suffix_names(warehouse, tmp_path, capsys, suffix):
    target = tmp_path / f"flows{suffix}"
    assert main(["export", "select * from marts.flows order by n", "--to", str(target),
                 "--warehouse", str(warehouse)]) == 0
    assert "5,000 rows written" in capsys.readouterr().out
    reader = {".csv": "read_csv", ".parquet": "read_parquet", ".json": "read_json", ".jsonl": "read_json"}[suffix]
    with duckdb.connect() as con:
        rows = con.execute(f"select n, label, share from {reader}('{target}') order by n").fetchall()
    assert len(rows) == 5000 and rows[4] == (4, "r4", 1.0)
    if suffix == ".json":
        assert json.loads(target.read_text())[1] == {"n": 1, "label": "r1", "share": 0.25}
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_export_takes_its_sql_from_a_file(warehouse, tmp_path):
    sql = tmp_path / "labels.sql"
    sql.write_text("select label from marts.flows where n < 3 order by n -- the first three\n")
    done = run("export", "-f", str(sql), "--to", str(tmp_path / "labels.csv"), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    assert list(csv.reader(io.StringIO((tmp_path / "labels.csv").read_text()))) == [["label"], ["r0"], ["r1"], ["r2"]]


def test_a_failed_export_leaves_the_file_that_was_there(warehouse, tmp_path, capsys):
    target = tmp_path / "flows.csv"
    target.write_text("the analyst's earlier export\n")
    assert main(["export", "select n / (n - 4999)::integer from marts.flows where error('boom') is null",
                 "--to", str(target), "--warehouse", str(warehouse)]) == 1
    assert "export failed" in capsys.readouterr().err
    assert target.read_text() == "the analyst's earlier export\n"
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
