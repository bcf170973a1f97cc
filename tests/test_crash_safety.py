"""Crash safety: SIGKILL while snapshots are written and in every step of a refresh, and nothing is damaged.

After every kill the published warehouse opens and passes its data tests, every snapshot
matches its sha256 (`tradebrief verify`), and the next refresh succeeds. The refresh runs in
a child process against this session's Prefect test server, so each run is short enough to
kill in every step: each kill is sent the moment the child's log shows a step finished.
"""

import os
import re
import resource
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from prefect.settings import PREFECT_API_URL

from flows.refresh import refresh
from tests.conftest import RECORDED
from warehouse import settings
from warehouse.data_tests import run_data_tests
from warehouse.snapshots import SnapshotStore

RECORD_KILLS = 6


def child_env():
    """The test's environment, pointing a child refresh at this session's Prefect server when there is one."""
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false")
    if PREFECT_API_URL.value():
        env["PREFECT_API_URL"] = PREFECT_API_URL.value()
    return env


def killed_after(command: list[str], seconds: float) -> tuple[bool, str]:
    """Start `command`, SIGKILL it after `seconds`; whether it was still running, and what it printed."""
    child = subprocess.Popen(command, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             cwd=settings.PROJECT_ROOT)
    time.sleep(seconds)
    running = child.poll() is None
    if running:
        child.send_signal(signal.SIGKILL)
    output, _ = child.communicate(timeout=60)
    return running, output


def healthy(warehouse, store: SnapshotStore) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        failing = [r for r in run_data_tests(con, settings.current().models / "tests") if not r.passed]
    assert failing == []
    checked, problems, _ = store.verify()
    assert problems == [] and checked > 0


@pytest.mark.slow
def test_kills_while_snapshots_are_written_leave_every_snapshot_whole(tmp_path):
    data = tmp_path / "data" / "atlas_hs92"
    for name, snapshot in RECORDED.latest("atlas_hs92").items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_bytes(snapshot.read_bytes())
    store = SnapshotStore(tmp_path / "snapshots")
    command = [sys.executable, "-m", "flows.cli", "record", str(tmp_path / "data"), "--snapshots", str(store.root)]
    interrupted = 0
    for point in range(RECORD_KILLS):
        running, _ = killed_after(command, 1.0 + 0.35 * point)
        interrupted += running
        if store.root.exists():  # a kill before the first snapshot leaves no store at all, which is whole too
            checked, problems, _ = store.verify()
            assert problems == []
    assert interrupted >= RECORD_KILLS - 1
    finished = subprocess.run(command, env=child_env(), capture_output=True, text=True, cwd=settings.PROJECT_ROOT)
    assert finished.returncode == 0
    assert {s.sha256 for s in store.all("atlas_hs92")} == {s.sha256 for s in RECORDED.latest("atlas_hs92").values()}


def killed_when(command: list[str], marker: re.Pattern) -> bool:
    """Start `command` and SIGKILL it the moment its output shows `marker`; whether it was killed then."""
    child = subprocess.Popen(command, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             cwd=settings.PROJECT_ROOT)
    for line in child.stdout:
        if marker.search(line):
            child.send_signal(signal.SIGKILL)
            break
    child.stdout.close()
    return child.wait() == -signal.SIGKILL


# The refresh's task runs, in order, named by their step and source: a kill the moment each finishes lands
# in the step after it.
STEPS = ("parse-atlas_hs92", "load-warehouse", "build-models", "test-warehouse", "record-alerts")


def test_kills_across_a_refresh_never_damage_the_published_warehouse(prefect_server, small_store, tmp_path):
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))
    command = [sys.executable, "-m", "flows.cli", "refresh", "--full", "--snapshots", str(small_store.root),
               "--warehouse", str(warehouse)]
    killed = []
    for step in STEPS:
        if killed_when(command, re.compile(rf"Task run '{re.escape(step)}' - Finished")):
            killed.append(step)
        healthy(warehouse, small_store)
        refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))  # the next refresh succeeds
        healthy(warehouse, small_store)
        assert [p.name for p in warehouse.parent.iterdir() if ".building-" in p.name] == []
    assert killed == list(STEPS)  # every kill landed, one in each step of the refresh


def test_a_full_disk_during_a_build_gives_a_clear_error_and_leaves_the_published_warehouse(
        prefect_server, small_store, tmp_path):
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))
    before = warehouse.read_bytes()

    def disk_fills_at_2_mb():
        # The kernel refuses writes past this size (EFBIG), as a full disk refuses them (ENOSPC).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))

    failed = subprocess.run([sys.executable, "-m", "flows.cli", "refresh", "--full", "--snapshots", str(small_store.root),
                             "--warehouse", str(warehouse)], env=child_env(), preexec_fn=disk_fills_at_2_mb,
                            capture_output=True, text=True, cwd=settings.PROJECT_ROOT)

    assert failed.returncode == 1
    assert "tradebrief refresh failed: could not write the new warehouse" in failed.stderr
    assert "File too large" in failed.stderr and "is as it was" in failed.stderr
    assert warehouse.read_bytes() == before
    assert [p.name for p in warehouse.parent.iterdir() if ".building-" in p.name] == []
