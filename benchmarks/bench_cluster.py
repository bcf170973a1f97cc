"""A whole release through the cluster: SYNTHETIC real-size BACI years through `tradebrief hs6` on two Dask workers.

For each run (5 years, then 25, by default) it starts a fresh cluster as separate processes,
`dask scheduler` and two `dask worker` (one thread each), runs the command line
`tradebrief hs6 DIR --years ... --dask-address ...` and prints the total wall time, the wall
seconds per year, the mean seconds of a year task, and for each worker its peak memory and
the years it ran (from `meta.baci_files.built_by`). A Prefect server started here serves the
command and the workers, as a real deployment's would.

The years are written once by benchmarks/synthetic_baci.py into benchmarks/.data (about 313 MB
and 16 s a year at 9 M flows): random values in BACI's layout, never evidence.

    .venv/bin/python -m benchmarks.bench_cluster [--runs 5 25] [--rows 9000000]
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb
from distributed import Client
from prefect.server.api.server import SubprocessASGIServer

from benchmarks.synthetic_baci import write_release

DATA = Path(__file__).parent / ".data"
FIRST_YEAR = 1996
WORKERS = 2


def release(rows: int, years: list[int]) -> Path:
    """The synthetic release folder holding every one of `years`, writing the years it lacks."""
    folder = DATA / f"synthetic_baci_{rows}_release"
    missing = [year for year in years if not (folder / f"BACI_HS92_Y{year}_Vsynthetic.csv").exists()]
    for year in missing:
        print(f"writing synthetic year {year} into {folder} ...", flush=True)
        write_release(folder, [year], rows)
    return folder


@contextmanager
def cluster(env: dict, logs: Path) -> Iterator[Client]:
    """A scheduler and two workers in processes of their own, as `dask scheduler` and `dask worker` start them."""
    dask = Path(sys.executable).with_name("dask")
    scheduler_file = logs / "scheduler.json"
    with ExitStack() as stack:
        def start(name: str, *command: str) -> None:
            log = stack.enter_context(open(logs / f"{name}.log", "w"))
            process = subprocess.Popen([str(dask), *command], env=env, stdout=log, stderr=subprocess.STDOUT)
            stack.callback(process.wait, 30)
            stack.callback(process.terminate)

        start("scheduler", "scheduler", "--scheduler-file", str(scheduler_file), "--port", "0", "--no-dashboard")
        for _ in range(240):
            if scheduler_file.exists():
                break
            time.sleep(0.5)
        else:
            raise SystemExit(f"dask scheduler wrote no {scheduler_file} in 2 minutes: see {logs / 'scheduler.log'}")
        for index in range(WORKERS):
            start(f"worker-{index}", "worker", "--scheduler-file", str(scheduler_file), "--nthreads", "1",
                  "--no-dashboard", "--name", f"worker-{index}")
        client = stack.enter_context(Client(scheduler_file=str(scheduler_file), timeout=60))
        client.wait_for_workers(WORKERS, timeout=120)
        yield client


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(folder: Path, years: list[int], env: dict, scratch: Path) -> dict:
    """One run of `tradebrief hs6` over `years` on a fresh cluster: its figures."""
    warehouse, logs = scratch / "tradebrief_hs6.duckdb", scratch / "logs"
    logs.mkdir(parents=True)
    with cluster(env, logs) as client:
        command = [str(Path(sys.executable).with_name("tradebrief")), "hs6", str(folder), "--years", *map(str, years),
                   "--dask-address", client.scheduler.address, "--warehouse", str(warehouse),
                   "--work-dir", str(scratch / "years")]
        started = time.perf_counter()
        finished = subprocess.run(command, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if finished.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{finished.stdout}\n{finished.stderr}")
        peaks = client.run(peak_mib)
        names = {address: info["name"] for address, info in client.scheduler_info()["workers"].items()}
        pids = {pid: names[address] for address, pid in client.run(os.getpid).items()}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        built = con.execute("select year, built_by, build_seconds from meta.baci_files order by year").fetchall()
        span = con.execute("select max(epoch(built_at)) - min(epoch(built_at) - build_seconds) "
                           "from meta.baci_files").fetchall()[0][0]
    ran = {name: [] for name in pids.values()}
    for year, built_by, _ in built:
        ran[pids[int(built_by.rsplit(":", 1)[1])]].append(year)
    return {"years": len(years), "seconds": seconds, "span": span, "task_seconds": sum(row[2] for row in built) / len(built),
            "peaks": {names[address]: mib for address, mib in peaks.items()}, "ran": ran}


def spans(years: list[int]) -> str:
    """Years as ranges: 1996-1998, 2001."""
    parts, start = [], None
    for index, year in enumerate(years):
        start = year if start is None else start
        if index + 1 == len(years) or years[index + 1] != year + 1:
            parts.append(f"{start}" if start == year else f"{start}-{year}")
            start = None
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, nargs="+", default=[5, 25], help="how many years each run builds")
    parser.add_argument("--rows", type=int, default=9_000_000, help="about how many flows a synthetic year has")
    args = parser.parse_args()
    folder = release(args.rows, list(range(FIRST_YEAR, FIRST_YEAR + max(args.runs))))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"  # no network to report to
    server = SubprocessASGIServer()
    server.start(timeout=120)
    env = {**os.environ, "PREFECT_API_URL": server.api_url}
    results = []
    try:
        for count in args.runs:
            with tempfile.TemporaryDirectory(prefix="tradebrief-cluster-") as scratch:
                results.append(run(folder, list(range(FIRST_YEAR, FIRST_YEAR + count)), env, Path(scratch)))
    finally:
        server.stop()

    megabytes = sum(path.stat().st_size for path in folder.glob("BACI_*.csv")) / 2**20 / len(list(folder.glob("BACI_*.csv")))
    print(f"SYNTHETIC BACI years of about {args.rows:,} flows ({megabytes:.0f} MiB of CSV each) through `tradebrief hs6` "
          f"on `dask scheduler` + {WORKERS} x `dask worker --nthreads 1`; {os.cpu_count()} cores")
    print("wall: the whole command, with its fixed start (Prefect, Dask client) and the publish; years: from the first "
          "year task's start to the last one's end; s/year: years / their count; task: a year task's mean seconds")
    print(f"{'years':>5} {'wall s':>7} {'years s':>7} {'s/year':>6} {'task s':>6}  per worker: peak MiB, years run")
    for result in results:
        workers = "; ".join(f"{name}: {result['peaks'][name]:.0f} MiB, {len(years)} years ({spans(years)})"
                            for name, years in sorted(result["ran"].items()))
        print(f"{result['years']:5} {result['seconds']:7.1f} {result['span']:7.1f} {result['span'] / result['years']:6.2f} "
              f"{result['task_seconds']:6.2f}  {workers}")


if __name__ == "__main__":
    main()
