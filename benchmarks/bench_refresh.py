"""Benchmark of the offline refresh on every committed snapshot (the Atlas's 1 M rows of 2016 and every other source).

Prints, as medians of a few runs, the wall time and peak memory of:
  - an empty Prefect flow run, in a fresh process (the floor any refresh pays);
  - the whole `tradebrief refresh`, in a fresh process, into a new warehouse (a full build);
  - the same with nothing changed since the last run (every source and table model reused);
  - the model build alone, on a warehouse whose raw tables are already loaded;
  - the all-pairs trade complementarity computed in pandas from the same raw table.
Each measurement runs in its own child process, so each peak memory is its own.

    .venv/bin/python -m benchmarks.bench_refresh [--repeat N]
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.measure import measure, median_of
from warehouse import settings

BIN = Path(sys.executable).parent
EMPTY_FLOW = "from prefect import flow\nflow(name='empty')(lambda: None)()\n"


def child_build(warehouse: Path) -> None:
    """Rebuild every model on a copy of a published warehouse (raw tables already loaded)."""
    from warehouse.models import build, discover

    with duckdb.connect(str(warehouse)) as con:
        started = time.perf_counter()
        build(con, discover(settings.models_root()))
        print(f"{time.perf_counter() - started:.3f}", file=sys.stderr)


def child_pandas_tci(warehouse: Path) -> None:
    """All-pairs Michaely complementarity as users write it in pandas: merge on product, group by pair."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        trade = con.execute(
            "select year, reporter_iso3, product_code, export_value, import_value from raw.atlas_trade where year = 2016"
        ).df()
    started = time.perf_counter()
    exports = trade.groupby(["reporter_iso3", "product_code"], as_index=False)["export_value"].sum()
    imports = trade.groupby(["reporter_iso3", "product_code"], as_index=False)["import_value"].sum()
    exports = exports[exports.export_value > 0]
    imports = imports[imports.import_value > 0]
    exports["x"] = exports.export_value / exports.groupby("reporter_iso3").export_value.transform("sum")
    imports["m"] = imports.import_value / imports.groupby("reporter_iso3").import_value.transform("sum")
    pairs = imports.rename(columns={"reporter_iso3": "importer"}).merge(
        exports.rename(columns={"reporter_iso3": "exporter"}), on="product_code", how="outer").fillna({"x": 0, "m": 0})
    pairs = pairs.merge(  # every importer with every exporter, so pairs with nothing in common get their 0
        imports[["reporter_iso3"]].drop_duplicates().rename(columns={"reporter_iso3": "importer"}).merge(
            exports[["reporter_iso3"]].drop_duplicates().rename(columns={"reporter_iso3": "exporter"}), how="cross"),
        on=["importer", "exporter"])
    pairs["common"] = pairs[["x", "m"]].min(axis=1)
    tci = 100 * pairs[pairs.importer != pairs.exporter].groupby(["importer", "exporter"]).common.sum()
    print(f"{time.perf_counter() - started:.3f} {len(tci)}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=["build", "pandas"])
    parser.add_argument("--warehouse", type=Path)
    args = parser.parse_args()
    if args.child == "build":
        return child_build(args.warehouse)
    if args.child == "pandas":
        return child_pandas_tci(args.warehouse)

    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false")
    with tempfile.TemporaryDirectory() as scratch:
        published = Path(scratch) / "tradebrief.duckdb"
        empty = median_of(args.repeat, [sys.executable, "-c", EMPTY_FLOW], env)
        full_runs = []
        for attempt in range(args.repeat):
            fresh = Path(scratch) / f"full-{attempt}" / "tradebrief.duckdb"
            full_runs.append(measure([str(BIN / "tradebrief"), "refresh", "--warehouse", str(fresh)], env))
        refresh = (statistics.median(r[0] for r in full_runs), max(r[1] for r in full_runs), None)
        shutil.copy(fresh, published)
        unchanged = median_of(args.repeat, [str(BIN / "tradebrief"), "refresh", "--warehouse", str(published)], env)
        copy = Path(scratch) / "build.duckdb"
        shutil.copy(published, copy)
        build = median_of(args.repeat, [sys.executable, "-m", "benchmarks.bench_refresh", "--child", "build", "--warehouse", str(copy)])
        pandas = median_of(args.repeat, [sys.executable, "-m", "benchmarks.bench_refresh", "--child", "pandas", "--warehouse", str(published)])

    print(f"machine: {os.cpu_count()} cores; median of {args.repeat} runs; peak = max resident memory of the process")
    print(f"{'measurement':44} {'wall s':>8} {'peak MiB':>9}")
    print(f"{'empty Prefect flow run (fresh process)':44} {empty[0]:8.2f} {empty[1]:9.0f}")
    print(f"{'tradebrief refresh, full build':44} {refresh[0]:8.2f} {refresh[1]:9.0f}")
    print(f"{'tradebrief refresh, nothing changed':44} {unchanged[0]:8.2f} {unchanged[1]:9.0f}")
    print(f"{'model build alone (in-process time)':44} {build[2]:8.2f} {build[1]:9.0f}")
    print(f"{'all-pairs TCI in pandas (in-process time)':44} {pandas[2]:8.2f} {pandas[1]:9.0f}")
    print()
    print(f"full refresh / empty flow run: {refresh[0] / empty[0]:.2f}x (target <= 1.5x)")
    print(f"nothing-changed refresh / empty flow run: {unchanged[0] / empty[0]:.2f}x (target <= 1.2x)")
    print(f"refresh work beyond the empty flow run: {refresh[0] - empty[0]:.2f} s full, "
          f"{unchanged[0] - empty[0]:.2f} s with nothing changed")
    print(f"no-change refresh / full refresh: {unchanged[0] / refresh[0]:.2f}x")
    print(f"model build: {build[2]:.2f} s (target < 5 s)")
    print(f"pandas all-pairs TCI at HS2 / the whole SQL model build: {pandas[2] / build[2]:.2f}x")


if __name__ == "__main__":
    main()
