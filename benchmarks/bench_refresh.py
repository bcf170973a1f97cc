"""Benchmark of the offline refresh on every committed snapshot (the Atlas's 1 M rows of 2016 and every other source).

Prints the wall time and peak memory of:
  - an empty Prefect flow run, in a fresh process (the floor any refresh pays);
  - the whole `tradebrief refresh`, in a fresh process, into a new warehouse (a full build);
  - the same with nothing changed since the last run (every source and table model reused);
  - the model build alone, on a warehouse whose raw tables are already loaded;
  - the all-pairs trade complementarity computed in pandas from the same raw table.
Each measurement runs in its own child process, so each peak memory is its own. The first three
run in rounds, one of each in turn, and each round's ratios compare runs taken a minute apart: on
a shared machine whose speed drifts by a third within minutes, a block of empty runs and a later
block of refreshes would measure the drift as much as the refresh.

    .venv/bin/python -m benchmarks.bench_refresh [--repeat N]    (5 rounds by default, about 4 minutes)
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
        build(con, discover(settings.current().models))
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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", choices=["build", "pandas"])
    parser.add_argument("--warehouse", type=Path)
    args = parser.parse_args()
    if args.child == "build":
        return child_build(args.warehouse)
    if args.child == "pandas":
        return child_pandas_tci(args.warehouse)

    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false")
    refresh = [str(BIN / "tradebrief"), "refresh", "--warehouse"]
    rounds = []
    with tempfile.TemporaryDirectory() as scratch:
        published = Path(scratch) / "published" / "tradebrief.duckdb"
        for attempt in range(args.repeat):
            fresh = Path(scratch) / f"full-{attempt}" / "tradebrief.duckdb"
            empty, full = measure([sys.executable, "-c", EMPTY_FLOW], env), measure([*refresh, str(fresh)], env)
            if attempt == 0:
                published.parent.mkdir()
                shutil.copy(fresh, published)
            rounds.append((empty, full, measure([*refresh, str(published)], env)))
        copy = Path(scratch) / "build.duckdb"
        shutil.copy(published, copy)
        build = median_of(args.repeat, [sys.executable, "-m", "benchmarks.bench_refresh", "--child", "build", "--warehouse", str(copy)])
        pandas = median_of(args.repeat, [sys.executable, "-m", "benchmarks.bench_refresh", "--child", "pandas", "--warehouse", str(published)])

    print(f"machine: {os.cpu_count()} cores; {args.repeat} rounds of an empty flow run, a full refresh and a refresh with "
          "nothing changed; peak = max resident memory of the process")
    print(f"{'round':>5} {'empty s':>8} {'full s':>8} {'unchanged s':>12} {'full/empty':>11} {'unchanged/empty':>16}")
    for number, (empty, full, unchanged) in enumerate(rounds, 1):
        print(f"{number:5d} {empty[0]:8.2f} {full[0]:8.2f} {unchanged[0]:12.2f} {full[0] / empty[0]:10.2f}x "
              f"{unchanged[0] / empty[0]:15.2f}x")
    print()
    print(f"{'measurement':44} {'wall s':>8} {'peak MiB':>9}")
    for name, column in (("empty Prefect flow run (fresh process)", 0), ("tradebrief refresh, full build", 1),
                         ("tradebrief refresh, nothing changed", 2)):
        print(f"{name:44} {statistics.median(r[column][0] for r in rounds):8.2f} {max(r[column][1] for r in rounds):9.0f}")
    print(f"{'model build alone (in-process time)':44} {build.reported:8.2f} {build.peak_mib:9.0f}")
    print(f"{'all-pairs TCI in pandas (in-process time)':44} {pandas.reported:8.2f} {pandas.peak_mib:9.0f}")
    print()
    for name, column, target in (("full refresh", 1, 1.3), ("nothing-changed refresh", 2, 0.85)):
        ratios = [r[column][0] / r[0][0] for r in rounds]
        print(f"{name} / empty flow run: {statistics.median(ratios):.2f}x, rounds {min(ratios):.2f}x to "
              f"{max(ratios):.2f}x (target <= {target}x)")
    empty_median = statistics.median(r[0][0] for r in rounds)
    print(f"refresh work beyond the empty flow run: {statistics.median(r[1][0] for r in rounds) - empty_median:.2f} s full, "
          f"{statistics.median(r[2][0] for r in rounds) - empty_median:.2f} s with nothing changed")
    print(f"model build: {build.reported:.2f} s (target < 5 s)")
    print(f"pandas all-pairs TCI at HS2 / the whole SQL model build: {pandas.reported / build.reported:.2f}x")


if __name__ == "__main__":
    main()
