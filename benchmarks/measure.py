"""Measuring a child process: its wall time, its peak resident memory, and the seconds it reports for its own section."""

import os
import statistics
import subprocess
import tempfile
import time
from typing import NamedTuple


def measure(command: list[str], env: dict | None = None) -> tuple[float, float, float | None]:
    """Wall seconds and peak resident MiB of one child process, and the seconds it reports for its own section.

    A `--child` run of a benchmark prints that section's time as the first word of the last line of its stderr.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        stderr.seek(0)
        lines = stderr.read().decode().strip().splitlines()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n" + "\n".join(lines[-40:]))
    reported = float(lines[-1].split()[0]) if "--child" in command else None
    return seconds, usage.ru_maxrss / 1024, reported


class Summary(NamedTuple):
    """Several runs of one command: the median wall time, the largest peak memory, and the self-reported
    section's median, fastest and slowest seconds (None when the command reports none)."""

    seconds: float
    peak_mib: float
    reported: float | None
    reported_min: float | None = None
    reported_max: float | None = None


def median_of(repeat: int, command: list[str], env: dict | None = None) -> Summary:
    """Run `command` `repeat` times and summarize the runs."""
    runs = [measure(command, env) for _ in range(repeat)]
    reported = [r[2] for r in runs if r[2] is not None]
    return Summary(statistics.median(r[0] for r in runs), max(r[1] for r in runs),
                   statistics.median(reported) if reported else None,
                   min(reported, default=None), max(reported, default=None))
