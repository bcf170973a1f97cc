"""The refresh's temporary Prefect server: a server that dies or stays silent stops the command by name.

(A refresh run to completion on its own server, and a killed refresh's server stopping with it, are in
tests/hostile/test_publishing.py.)
"""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from flows.server import SERVER_APP, process_start, stop, stop_orphan, temporary_server, wait_until_up
from warehouse import settings
from warehouse.errors import RefreshError
from warehouse.publish import refresh_lock


def launch(factory: str, listening: socket.socket) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "uvicorn", "--app-dir", str(settings.PROJECT_ROOT), "--factory",
                             factory, "--fd", str(listening.fileno()), "--log-level", "error"],
                            pass_fds=[listening.fileno()], stderr=subprocess.DEVNULL)


def test_a_server_that_exits_while_booting_is_named_with_its_exit_code():
    with socket.create_server(("127.0.0.1", 0)) as listening:
        port = listening.getsockname()[1]
        server = launch("flows.no_such_module:create", listening)
    with pytest.raises(RefreshError, match=rf"process {server.pid}\) exited with code [1-9]"):
        wait_until_up(server, f"http://127.0.0.1:{port}/api", timeout=60)


def test_a_server_that_never_answers_stops_the_command_after_the_timeout():
    with socket.create_server(("127.0.0.1", 0)) as listening:  # connections queue here, and nobody accepts them
        silent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        started = time.monotonic()
        try:
            with pytest.raises(RefreshError, match=r"did not answer within 0.5 s.*PREFECT_SERVER_EPHEMERAL_STARTUP"):
                wait_until_up(silent, f"http://127.0.0.1:{listening.getsockname()[1]}/api", timeout=0.5)
        finally:
            stop(silent)
    assert time.monotonic() - started < 10
    assert silent.returncode is not None


def test_a_server_that_ignores_terminate_is_killed():
    stubborn = subprocess.Popen([sys.executable, "-c", "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                                 "print('ready', flush=True)\ntime.sleep(60)"], stdout=subprocess.PIPE, text=True)
    assert stubborn.stdout.readline() == "ready\n"  # its handler is set before it is asked to stop
    stop(stubborn)
    assert stubborn.returncode == -9


def test_a_server_of_its_own_answers_sends_no_heartbeats_and_is_stopped(tmp_path, monkeypatch):
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings(restore_defaults={PREFECT_API_URL}):  # no server configured, whatever ran before here
        with refresh_lock(tmp_path / "tradebrief.duckdb") as lock:
            with temporary_server(lock):
                server = int(lock.path.read_text().split("server ")[1].split()[0])
                url = get_current_settings().api.url
                assert url.startswith("http://127.0.0.1:")
                assert requests.get(f"{url}/health", timeout=10).json() is True
                assert get_current_settings().flows.heartbeat_frequency is None
    status = Path(f"/proc/{server}/status")
    assert not status.exists() or "zombie" in status.read_text().lower()


def test_a_dead_holders_server_is_stopped_and_a_process_that_took_its_number_is_not():
    # All sleep; the last two run the server's app on their command lines. The first stands for any process that took
    # a noted number after a restart; the second for another live command's server, noted here with another start time
    # (before issue 27 it was stopped on its command line alone); the third is the dead holder's own.
    sleeper = [sys.executable, "-c", "import time; print('ready', flush=True); time.sleep(60)"]
    other, live, ours = (subprocess.Popen([*sleeper, *words], stdout=subprocess.PIPE, text=True)
                         for words in (["uvicorn", "prefect", "server"], [SERVER_APP], [SERVER_APP]))
    try:
        assert other.stdout.readline() == live.stdout.readline() == ours.stdout.readline() == "ready\n"
        earlier = int(process_start(live.pid)) - 1
        stop_orphan(f"pid 1\nserver {other.pid} {process_start(other.pid)}\nserver {live.pid} {earlier}\n"
                    f"server {ours.pid} {process_start(ours.pid)}\nserver {ours.pid}\nserver x y\n")
        assert ours.wait(timeout=10) == -15
        assert other.poll() is None and live.poll() is None
    finally:
        for process in (other, live, ours):
            stop(process)


def test_a_server_stops_when_the_command_that_started_it_is_killed(tmp_path):
    # A command killed with SIGKILL runs no cleanup: its server must notice on its own (issue 27, class 11).
    command = subprocess.Popen([sys.executable, "-c", f"""
import os, sys, time
os.environ.pop("PREFECT_API_URL", None)
from flows.server import temporary_server
from warehouse.publish import refresh_lock
with refresh_lock({str(tmp_path / "tradebrief.duckdb")!r}) as lock, temporary_server(lock):
    print(lock.path.read_text().split("server ")[1].split()[0], flush=True)
    time.sleep(120)
"""], cwd=settings.PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    server = int(command.stdout.readline())
    assert Path(f"/proc/{server}").exists()
    command.kill()
    command.wait()
    for _ in range(300):
        if not running(server):
            break
        time.sleep(0.1)
    assert not running(server)


def running(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return False
