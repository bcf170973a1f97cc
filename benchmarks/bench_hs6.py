"""Benchmark of the HS6 all-pairs indicators on one SYNTHETIC real-size BACI year (benchmarks/synthetic_baci.py).

Prints the wall time and peak memory of, each in its own child process:
  (a) tradebrief's all-pairs TCI and ESI at HS6 (the two hs6 models, as a year task builds them);
  (b) the same in pandas, as users write it: merge the shares on product, then group by pair;
  (c) the I/O floor: one DuckDB grouped scan of the same table (exporter x product sums);
  (d) the compute floor: the min-sum over dense importer x product and exporter x product
      share matrices, vectorized in numpy, one core (the matrices are ready before the clock starts);
  (e) ingestion of the year's CSV (tradebrief's checked ingestion against DuckDB's bare read_csv);
      the code lists' Pandera schemas are built before the clock starts, since a process's first
      build imports Pandera's Dask typing when Dask is installed (0.5-0.9 s, once a process, not a year).
Each child loads the ingested year into an in-memory DuckDB first, as a year task has it; the
times are of the measured section only, the memory is the whole child's peak.

    .venv/bin/python -m benchmarks.bench_hs6 [--repeat 5] [--rows 9000000] [--skip-pandas]
"""

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb
import numpy as np

from benchmarks.measure import median_of
from benchmarks.synthetic_baci import write_release
from flows.sources import baci
from warehouse import settings

DATA = Path(__file__).parent / ".data"
YEAR = 2016


def in_memory_year(prepared: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding the ingested year's baci tables, as a year task has them."""
    con = duckdb.connect()
    con.execute(f"attach '{prepared}' as prepared (read_only)")
    con.execute("create schema baci")
    for table in ("flows", "countries", "products"):
        con.execute(f"create table baci.{table} as select * from prepared.baci.{table}")
    con.execute("detach prepared")
    return con


def report(seconds: float, *details) -> None:
    print(f"{seconds:.4f}", *details, file=sys.stderr)


def child_tradebrief(prepared: Path) -> None:
    from warehouse.models import HS6_LAYERS, build, discover

    con = in_memory_year(prepared)
    models = [m for m in discover(settings.current().models, HS6_LAYERS)
              if m.name in ("hs6.trade_complementarity", "hs6.export_similarity")]
    started = time.perf_counter()
    built = build(con, models)
    report(time.perf_counter() - started, *(f"{b.model.name}={b.seconds:.3f}s" for b in built))


def child_pandas(prepared: Path) -> None:
    con = in_memory_year(prepared)
    flows = con.execute("select exporter, importer, product, value_kusd from baci.flows").df()
    started = time.perf_counter()
    exports = flows.groupby(["exporter", "product"], as_index=False)["value_kusd"].sum()
    imports = flows.groupby(["importer", "product"], as_index=False)["value_kusd"].sum()
    exports["x"] = exports.value_kusd / exports.groupby("exporter").value_kusd.transform("sum")
    imports["m"] = imports.value_kusd / imports.groupby("importer").value_kusd.transform("sum")
    exports, imports = exports[["exporter", "product", "x"]], imports[["importer", "product", "m"]]
    pairs = imports.merge(exports, on="product")
    pairs["common"] = np.minimum(pairs.m, pairs.x)
    tci = 100 * pairs[pairs.importer != pairs.exporter].groupby(["importer", "exporter"]).common.sum()
    del pairs
    pairs = exports.merge(exports.rename(columns={"exporter": "other", "x": "y"}), on="product")
    pairs["common"] = np.minimum(pairs.x, pairs.y)
    esi = 100 * pairs[pairs.exporter != pairs.other].groupby(["exporter", "other"]).common.sum()
    report(time.perf_counter() - started, len(tci), len(esi))


def child_scan(prepared: Path) -> None:
    con = in_memory_year(prepared)
    started = time.perf_counter()
    sums = con.execute("select exporter, product, sum(value_kusd) from baci.flows group by all").fetchnumpy()
    report(time.perf_counter() - started, len(sums["product"]))


def child_dense(prepared: Path) -> None:
    from warehouse.kernels import year_shares

    con = in_memory_year(prepared)
    [matrices] = year_shares(con, "baci.flows").values()
    x, m = matrices["exporter"].shares, matrices["importer"].shares
    started = time.perf_counter()
    tci = np.stack([np.minimum(x, row).sum(axis=1) for row in m])
    esi = np.stack([np.minimum(x, row).sum(axis=1) for row in x])
    report(time.perf_counter() - started, tci.shape, esi.shape)


def child_ingest(release_dir: Path) -> None:
    from schemas.baci import BaciCountry, BaciProduct

    con = duckdb.connect()
    release = baci.find_release(release_dir)
    for model in (BaciCountry, BaciProduct):  # a process's first schema build imports Pandera's Dask typing: once, not a year
        model.to_schema()
    started = time.perf_counter()
    baci.ingest_year(con, release, YEAR)
    report(time.perf_counter() - started)


def child_read_csv(release_dir: Path) -> None:
    con = duckdb.connect()
    path = baci.find_release(release_dir).year_files[YEAR]
    started = time.perf_counter()
    con.execute("create table flows as select * from read_csv(?)", [str(path)])
    report(time.perf_counter() - started)


def child_prepare(release_dir: Path) -> None:
    """Write the synthetic release (once; kept in benchmarks/.data) and a DuckDB file of its ingested year."""
    if not (release_dir / f"BACI_HS92_Y{YEAR}_Vsynthetic.csv").exists():
        write_release(release_dir, [YEAR], int(release_dir.name.rsplit("_", 1)[1]))
    prepared = release_dir / "ingested.duckdb"
    if not prepared.exists():
        with duckdb.connect(str(prepared)) as con:
            baci.ingest_year(con, baci.find_release(release_dir), YEAR)
    report(0.0)


CHILDREN = {"prepare": child_prepare, "tradebrief": child_tradebrief, "pandas": child_pandas, "scan": child_scan,
            "dense": child_dense, "ingest": child_ingest, "read_csv": child_read_csv}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=9_000_000, help="about how many flows the synthetic year has")
    parser.add_argument("--skip-pandas", action="store_true", help="skip (b), which needs over 10 GB and minutes")
    parser.add_argument("--child", choices=sorted(CHILDREN))
    parser.add_argument("--path", type=Path)
    args = parser.parse_args()
    if args.child:
        return CHILDREN[args.child](args.path)

    def run(child: str, path: Path, repeat: int = args.repeat):
        return median_of(repeat, [sys.executable, "-m", "benchmarks.bench_hs6", "--child", child, "--path", str(path)])

    release_dir = DATA / f"synthetic_baci_{args.rows}"
    run("prepare", release_dir, 1)  # in a child: a child's peak memory starts at its parent's, so the parent stays small
    year_file, prepared = release_dir / f"BACI_HS92_Y{YEAR}_Vsynthetic.csv", release_dir / "ingested.duckdb"
    with duckdb.connect(str(prepared), read_only=True) as con:
        flows, countries, products = con.execute(
            "select count(*), count(distinct exporter), count(distinct product) from baci.flows").fetchone()

    a, c, d = run("tradebrief", prepared), run("scan", prepared), run("dense", prepared)
    b = None if args.skip_pandas else run("pandas", prepared, 1)
    ingest, bare = run("ingest", release_dir), run("read_csv", release_dir)

    megabytes = year_file.stat().st_size / 2**20
    print(f"SYNTHETIC BACI year: {flows:,} flows, {countries} exporters, {products:,} HS6 products, "
          f"{megabytes:.0f} MiB of CSV; {os.cpu_count()} cores; median, min and max of {args.repeat} runs ((b): one run)")
    print(f"{'measurement':52} {'median s':>8} {'min s':>7} {'max s':>7} {'peak MiB':>9}")
    rows = [("(a) tradebrief all-pairs TCI + ESI at HS6", a), ("(b) pandas: merge on product, group by pair", b),
            ("(c) I/O floor: one DuckDB grouped scan", c), ("(d) compute floor: dense min-sum in numpy, 1 core", d),
            ("(e) tradebrief ingestion (read, check, checksum)", ingest), ("(e) DuckDB bare read_csv", bare)]
    for label, measured in rows:
        if measured:
            print(f"{label:52} {measured.reported:8.3f} {measured.reported_min:7.3f} {measured.reported_max:7.3f} "
                  f"{measured.peak_mib:9.0f}")
    floor = max(c.reported, d.reported)
    print()
    print(f"(a) / max(c, d): {a.reported / floor:.2f}x (target <= 2x); its slowest run: "
          f"{a.reported_max / floor:.2f}x")
    if b:
        print(f"(b) / (a): {b.reported / a.reported:.0f}x faster than pandas (target >= 30x); "
              f"pandas peak {b.peak_mib / 1024:.1f} GiB")
    print(f"(a) peak memory: {a.peak_mib:.0f} MiB; ingestion peak: {ingest.peak_mib:.0f} MiB (target < 1024 MiB)")
    print(f"ingestion: {megabytes / ingest.reported:.0f} MiB/s against bare read_csv {megabytes / bare.reported:.0f} MiB/s: "
          f"{bare.reported / ingest.reported:.2f} of its throughput (target >= 0.7)")


if __name__ == "__main__":
    main()
