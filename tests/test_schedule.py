"""The weekly schedule, the refresh lock, and `tradebrief verify`."""

import fcntl
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
import yaml
from prefect.client.orchestration import get_client
from prefect.settings import PREFECT_API_URL

from flows.cli import main
from flows.refresh import refresh
from flows.schedule import DEFAULT_CRON, DEPLOYMENT, SERVED, deployment
from tests.conftest import file_digest
from warehouse import settings
from warehouse.publish import RefreshRunning

FLOW = "tradebrief-refresh"


def read_deployment():
    with get_client(sync_client=True) as client:
        return client.read_deployment_by_name(f"{FLOW}/{SERVED}")


def test_the_deployment_is_registered_with_the_weekly_schedule_and_fetch_on(prefect_server):
    deployment(cron="15 4 * * 2").apply()

    registered = read_deployment()

    assert [s.schedule.cron for s in registered.schedules] == ["15 4 * * 2"]
    assert all(s.active for s in registered.schedules) and not registered.paused
    assert registered.parameters == {"fetch_live": True, "write_report": True}


def test_prefect_yaml_deploys_what_serve_serves():
    spec = yaml.safe_load((settings.PROJECT_ROOT / "prefect.yaml").read_text())
    [weekly] = spec["deployments"]
    assert weekly["name"] == DEPLOYMENT != SERVED and weekly["entrypoint"] == "flows/refresh.py:refresh"
    assert [s["cron"] for s in weekly["schedules"]] == [DEFAULT_CRON]
    assert weekly["parameters"] == deployment().parameters


def test_a_restarted_serve_leaves_the_schedule_active(prefect_server):
    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value())
    for attempt in range(2):
        started = datetime.now(UTC)
        server = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--cron", "0 5 * * 3"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=settings.PROJECT_ROOT)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:  # registered by this serve, not left from the attempt before: Ctrl-C then lands on a running serve
                    registered = read_deployment()
                    if [s.schedule.cron for s in registered.schedules] == ["0 5 * * 3"] and registered.updated >= started:
                        break
                except Exception:  # not registered yet
                    pass
                time.sleep(0.5)
            else:
                pytest.fail(f"serve did not register its deployment: {server.stderr.read1().decode()[-2000:]}")
            time.sleep(5)  # registered; let the runner settle into its loop, as a person reading the log would
        finally:
            stop(server)
        registered = read_deployment()
        assert not registered.paused and all(s.active for s in registered.schedules), f"after stop {attempt + 1}"


def stop(server: subprocess.Popen) -> None:
    """Ctrl-C, then SIGTERM (as a service manager stops a service) if Prefect's runner, interrupted while busy on a
    loaded machine, has not shut down; both leave a served schedule active (pause_on_shutdown=False)."""
    for signal_number, seconds in ((signal.SIGINT, 90), (signal.SIGTERM, 60)):
        server.send_signal(signal_number)
        try:
            server.wait(timeout=seconds)
            return
        except subprocess.TimeoutExpired:
            continue
    server.kill()
    pytest.fail(f"serve did not stop after Ctrl-C and SIGTERM: {server.stderr.read1().decode()[-2000:]}")


def test_a_second_refresh_started_meanwhile_stops_with_a_clear_message(prefect_server, small_store, tmp_path):
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))
    before = file_digest(warehouse)

    with open(warehouse.with_name(warehouse.name + ".lock"), "a+") as held:  # what another refresh's process holds
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.truncate(0)
        held.write("pid 4242\n")
        held.flush()
        with pytest.raises(RefreshRunning, match=r"another refresh \(pid 4242\) is writing"):
            refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))

    assert file_digest(warehouse) == before
    refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))  # and once it ends, a refresh runs


def test_verify_checks_every_snapshot_and_names_a_damaged_one(small_store, capsys):
    assert main(["verify", "--snapshots", str(small_store.root)]) == 0
    assert f"{len(small_store.all('atlas_hs92'))} snapshots match" in capsys.readouterr().out

    damaged = small_store.latest("atlas_hs92")["by_year_2016/RUS/RUS_hs2_2016.csv"]
    damaged.path.write_bytes(small_store.latest("atlas_hs92")["location.csv"].path.read_bytes())
    assert main(["verify", "--snapshots", str(small_store.root)]) == 1
    captured = capsys.readouterr()
    assert "1 with a problem" in captured.out and str(damaged.path) in captured.err


def test_a_failed_run_has_its_row_in_meta_runs_once_a_later_run_publishes(prefect_server, small_store, tmp_path):
    from tests.conftest import record_variant
    from warehouse.errors import ValidationFailed

    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))
    name = "by_year_2016/PRK/PRK_hs2_2016.csv"
    good = small_store.latest("atlas_hs92")[name].read_bytes().decode()
    record_variant(small_store, name, lambda text: text.replace(",0.0,", ",-1.0,", 1))
    with pytest.raises(ValidationFailed):
        refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))
    record_variant(small_store, name, lambda text: good)  # the source corrects its file

    refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse))

    import duckdb
    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs = con.execute("select status, error from meta.runs order by finished_at").fetchall()
    assert [status for status, _ in runs] == ["success", "failed", "success"]
    assert "failed validation" in runs[1][1] and name in runs[1][1]


def test_a_run_that_raises_alerts_completes_saying_so_or_fails_with_fail_on_alert(prefect_server, small_store, tmp_path):
    from prefect.exceptions import FailedRun

    from flows.refresh import refresh
    from tests.conftest import copy_recorded
    from tests.test_drift import record_new_vintage

    store = copy_recorded(small_store, names=None, source="fao")
    quiet, strict = tmp_path / "quiet" / "tradebrief.duckdb", tmp_path / "strict" / "tradebrief.duckdb"
    first = refresh(snapshot_dir=str(store.root), warehouse=str(quiet), return_state=True)
    assert first.is_completed() and first.message == f"published {quiet} with 0 alerts"
    refresh(snapshot_dir=str(store.root), warehouse=str(strict), fail_on_alert=True)

    record_new_vintage(store)  # a newer FAO vintage: its revised and new years are alerts
    completed = refresh(snapshot_dir=str(store.root), warehouse=str(quiet), return_state=True)
    assert completed.is_completed() and not completed.message.endswith(" 0 alerts")
    with pytest.raises(FailedRun, match=rf"published {strict} with [1-9]\d* alerts"):
        refresh(snapshot_dir=str(store.root), warehouse=str(strict), fail_on_alert=True)
    # the failure is a signal to the scheduler, not a rollback: the run was published, and the next one is quiet
    assert refresh(snapshot_dir=str(store.root), warehouse=str(strict), fail_on_alert=True, return_state=True
                   ).is_completed()


def test_the_final_message_names_the_sources_whose_fetch_failed_once_each_in_order():
    from pathlib import Path

    from flows.refresh import outcome_message
    from warehouse.alerts import Alert

    raised = [Alert("r", "fetch_failed", "oec", "oec: HTTP 500"), Alert("r", "revision", "fao/x", "revised"),
              Alert("r", "fetch_failed", "comtrade", "comtrade: timed out"),
              Alert("r", "source_outdated", "iea", "iea is outdated"), Alert("r", "fetch_failed", "oec", "again")]
    assert outcome_message(Path("/w/t.duckdb"), raised) == (
        "published /w/t.duckdb with 5 alerts; fetch failed: comtrade, oec (built from their latest snapshots)")
    assert outcome_message(Path("/w/t.duckdb"), []) == "published /w/t.duckdb with 0 alerts"
