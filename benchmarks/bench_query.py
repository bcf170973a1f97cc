"""Benchmark of `tradebrief export` and `tradebrief query` against the DuckDB CLI on the same warehouse.

Prints, as medians of 5 rounds (each command in a fresh process, one of each in turn):
  - exporting the whole of staging.trade_flows (1.94 M rows) to CSV and to Parquet with
    `tradebrief export`, and the same COPY run by the DuckDB CLI (target: within 1.5x its time and memory);
  - `tradebrief query "select 1"` beside `duckdb -c "select 1"` (target: under 0.2 s).
The DuckDB CLI is PyPI's `duckdb-cli`, installed once into .venv/duckdb-cli; the warehouse is the
one `make run` builds (built first when missing).

    .venv/bin/python -m benchmarks.bench_query [--repeat N]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import measure
from warehouse import settings

BIN = Path(sys.executable).parent
CLI_ENV = settings.PROJECT_ROOT / ".venv" / "duckdb-cli"
EXPORTED = "select * from staging.trade_flows"
FORMATS = {"csv": "format csv, header true", "parquet": "format parquet"}


def duckdb_cli() -> Path:
    """The DuckDB CLI, installed from PyPI into an environment of its own when missing."""
    cli = CLI_ENV / "bin" / "duckdb"
    if not cli.exists():
        subprocess.run([sys.executable, "-m", "venv", str(CLI_ENV)], check=True)
        subprocess.run([str(CLI_ENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "duckdb-cli"], check=True)
    return cli


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    warehouse = settings.current().warehouse
    if not warehouse.exists():
        subprocess.run([str(BIN / "tradebrief"), "refresh"], check=True, stdout=subprocess.DEVNULL)
    cli = duckdb_cli()
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True).stdout.split()[0]
    with tempfile.TemporaryDirectory() as folder:
        commands = {}
        for fmt, options in FORMATS.items():
            ours, theirs = Path(folder) / f"tradebrief.{fmt}", Path(folder) / f"cli.{fmt}"
            commands[f"export {fmt}"] = (
                [str(BIN / "tradebrief"), "export", EXPORTED, "--to", str(ours), "--warehouse", str(warehouse)],
                [str(cli), "-readonly", str(warehouse), "-c", f"copy ({EXPORTED}) to '{theirs}' ({options})"])
        commands["select 1"] = ([str(BIN / "tradebrief"), "query", "select 1", "--warehouse", str(warehouse)],
                                [str(cli), "-readonly", str(warehouse), "-c", "select 1"])
        runs = {name: ([], []) for name in commands}
        for _ in range(args.repeat):
            for name, (ours, theirs) in commands.items():
                runs[name][0].append(measure(ours))
                runs[name][1].append(measure(theirs))
    print(f"staging.trade_flows, 1.94 M rows; DuckDB CLI {version}; medians of {args.repeat} rounds")
    print(f"{'':14}{'tradebrief s':>14}{'CLI s':>8}{'ratio':>7}{'tradebrief MiB':>16}{'CLI MiB':>9}{'ratio':>7}")
    for name, (ours, theirs) in runs.items():
        seconds = [statistics.median(run[0] for run in side) for side in (ours, theirs)]
        memory = [statistics.median(run[1] for run in side) for side in (ours, theirs)]
        print(f"{name:14}{seconds[0]:>14.3f}{seconds[1]:>8.3f}{seconds[0] / seconds[1]:>7.2f}"
              f"{memory[0]:>16.0f}{memory[1]:>9.0f}{memory[0] / memory[1]:>7.2f}")


if __name__ == "__main__":
    main()
