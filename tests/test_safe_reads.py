"""Analysts read while it refreshes: a separate process queries the published file in a loop through two refreshes."""

import json
import subprocess
import sys
import time

import duckdb

from flows.refresh import refresh
from tests.conftest import copy_recorded
from tests.test_drift import record_new_vintage

READER = """
import json, sys, time, duckdb
path, stop = sys.argv[1], sys.argv[2]
import os
while not os.path.exists(stop):
    try:
        with duckdb.connect(path, read_only=True) as con:
            runs = con.execute("select count(*) from meta.runs").fetchall()[0][0]
            state = con.execute("select count(*), round(sum(value), 6) from staging.food_supply").fetchall()[0]
            tables = con.execute("select count(*) from duckdb_tables() where schema_name = 'marts'").fetchall()[0][0]
        print(json.dumps({"runs": runs, "rows": state[0], "total": state[1], "marts": tables}), flush=True)
    except Exception as error:
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
    time.sleep(0.02)
"""


def state(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs = con.execute("select count(*) from meta.runs").fetchall()[0][0]
        rows, total = con.execute("select count(*), round(sum(value), 6) from staging.food_supply").fetchall()[0]
        marts = con.execute("select count(*) from duckdb_tables() where schema_name = 'marts'").fetchall()[0][0]
    return {"runs": runs, "rows": rows, "total": total, "marts": marts}


def test_a_reader_never_errs_nor_sees_a_half_built_warehouse_and_sees_new_data_on_reconnect(
        prefect_server, small_store, tmp_path):
    store = copy_recorded(small_store, names=None, source="fao")
    warehouse, stop = tmp_path / "tradebrief.duckdb", tmp_path / "stop"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    published = [state(warehouse)]
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(0.5)
        refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))  # nothing changed
        published.append(state(warehouse))
        record_new_vintage(store)
        refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))  # the FAO series changes
        published.append(state(warehouse))
        time.sleep(0.5)
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    seen = [json.loads(line) for line in out.splitlines()]

    assert len(seen) > 20, err
    assert [s for s in seen if "error" in s] == []
    assert all(s in published for s in seen)  # each read saw a whole published warehouse, never one half built
    assert seen[-1] == published[-1] != published[0]  # a connection opened after the last rename sees its data
