"""The deployment as docs/operating.md documents it: a real Prefect server on 127.0.0.1, `prefect deploy` from
prefect.yaml, a process worker, and the weekly refresh run to Completed, with no environment variable the
docs do not name."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import copy_recorded
from warehouse import settings
from warehouse.snapshots import SnapshotStore

pytestmark = pytest.mark.slow  # each case starts a Prefect server and a worker of its own

PREFECT = Path(sys.executable).parent / "prefect"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """`prefect server start` on 127.0.0.1, its own PREFECT_HOME; stopped after the test."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "TRADEBRIEF_"))}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    process = subprocess.Popen([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("the Prefect server did not start within 180 s")
        yield env
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=60)


def prefect(env: dict, *args: str, cwd: Path = settings.PROJECT_ROOT, timeout: int = 300) -> str:
    done = subprocess.run([PREFECT, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done.stdout


def test_prefect_deploy_and_a_process_worker_run_the_weekly_refresh_to_completed(server, tmp_path):
    store = copy_recorded(SnapshotStore(tmp_path / "snapshots"))
    warehouse = tmp_path / "published" / "tradebrief.duckdb"
    env = server | {"TRADEBRIEF_HOME": str(settings.PROJECT_ROOT)}  # docs/operating.md names it: the clone to run from

    prefect(env, "work-pool", "create", "tradebrief", "--type", "process")
    prefect(env, "--no-prompt", "deploy", "--all")
    prefect(env, "deployment", "run", "tradebrief-refresh/weekly", "--param", "fetch_live=false",
            "--param", f"snapshot_dir={store.root}", "--param", f"warehouse={warehouse}")
    prefect(env, "worker", "start", "--pool", "tradebrief", "--run-once", cwd=tmp_path, timeout=600)

    api = env["PREFECT_API_URL"]
    runs = httpx.post(f"{api}/flow_runs/filter", json={}, timeout=30).json()
    [run] = [run for run in runs if run["deployment_id"] and run["parameters"].get("warehouse") == str(warehouse)]
    [report] = [run for run in runs if run["parent_task_run_id"]]  # the report, a subflow of the refresh
    assert run["state"]["type"] == "COMPLETED", run["state"]
    assert run["state"]["message"].startswith(f"published {warehouse} with ")
    assert run["total_run_time"] > 0
    assert warehouse.exists()
    assert report["state"]["type"] == "COMPLETED"
    assert (warehouse.parent / "report" / "index.html").exists()  # the scheduled run writes the report too
    print(f"deployment run: {run['state']['type']} in {run['total_run_time']:.1f} s")


def deployed(api: str, name: str) -> dict:
    return httpx.get(f"{api}/deployments/name/tradebrief-refresh/{name}", timeout=30).json()


def test_tradebrief_serve_never_touches_the_deployment_prefect_deploy_made(server, tmp_path):
    env = server | {"TRADEBRIEF_HOME": str(settings.PROJECT_ROOT)}
    api = env["PREFECT_API_URL"]
    prefect(env, "work-pool", "create", "tradebrief", "--type", "process")
    prefect(env, "--no-prompt", "deploy", "--all")
    before = deployed(api, "weekly")

    serving = subprocess.Popen([PREFECT.parent / "tradebrief", "serve", "--no-fetch", "--cron", "0 5 * * 3"], env=env,
                               cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while httpx.get(f"{api}/deployments/name/tradebrief-refresh/serve", timeout=30).status_code != 200:
            assert serving.poll() is None and time.monotonic() < deadline, serving.stderr.read().decode()[-2000:]
            time.sleep(0.5)
    finally:
        serving.terminate()
        serving.wait(timeout=60)

    after, served = deployed(api, "weekly"), deployed(api, "serve")
    # prefect.yaml's deployment keeps its schedule, its live fetching and its pool; serve's is its own
    assert [s["schedule"]["cron"] for s in after["schedules"]] == ["0 6 * * 1"]
    assert after["parameters"] == before["parameters"] == {"fetch_live": True, "write_report": True}
    assert after["work_pool_name"] == "tradebrief" and after["id"] == before["id"]
    assert [s["schedule"]["cron"] for s in served["schedules"]] == ["0 5 * * 3"]
    assert served["parameters"]["fetch_live"] is False and served["id"] != after["id"]
