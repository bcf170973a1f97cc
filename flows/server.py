"""The temporary Prefect server a command (refresh, hs6) starts for itself, ending with it.

With no PREFECT_API_URL, Prefect would start a temporary server inside the flow, and a command
killed then leaves that server running, with nothing to find it by. Started here, after the
lock is taken, the server holds the read end of a pipe whose only writer is the command: when
the command ends, however it ends (SIGKILL included), the pipe closes and the server stops
itself (flows.prefect_app). Its process id and start time are noted in the lock file too, and
whoever starts the next server there stops it if it still runs; the start time tells it from a
process that took its number since, another command's server included. A second refresh is
refused by the lock before any server starts.

The server is Prefect's own API app (`create_app`, as its temporary server serves it; flows.prefect_app),
run by uvicorn in a process of its own and launched before this process imports Prefect: Prefect's
launcher (`SubprocessASGIServer`) lives in the module that defines the whole server, 3 s to
import on two cores before the server's own 5 s boot could begin. Launched first, the server
boots while the command imports its libraries. It listens on a socket this process opened
(port 0: the kernel picks a free port, so no two servers race for one), and a request made
while it boots waits in that socket's queue until it answers.
"""

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from flows.prefect_app import PARENT_PIPE
from warehouse import settings
from warehouse.errors import RefreshError
from warehouse.publish import RefreshLock

SERVER_APP = "flows.prefect_app:create"  # the app the server process runs


@contextmanager
def temporary_server(lock: RefreshLock, while_starting: Callable[[], object] = lambda: None) -> Iterator[None]:
    """Run the block against a temporary Prefect server noted in `lock`, unless a server is configured.

    `while_starting` runs while the server boots (the refresh imports its libraries then).
    """
    stop_orphan(lock.previous)
    if os.environ.get("PREFECT_API_URL"):
        while_starting()
        yield
        return
    server_end, our_end = os.pipe()  # ours is not inherited: no other child keeps the server alive
    with socket.create_server(("127.0.0.1", 0)) as listening:
        port = listening.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(settings.PROJECT_ROOT), "--factory", SERVER_APP,
             "--fd", str(listening.fileno()), "--lifespan", "on", "--log-level", "error"],
            pass_fds=[listening.fileno(), server_end], env=os.environ | {PARENT_PIPE: str(server_end)})
    os.close(server_end)
    lock.note(f"server {server.pid} {process_start(server.pid)}")
    try:
        while_starting()
        from prefect.logging.handlers import APILogWorker
        from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

        configured = get_current_settings()
        if configured.api.url:  # a Prefect profile names a server: use it
            yield
            return
        api_url = f"http://127.0.0.1:{port}/api"
        wait_until_up(server, api_url, configured.server.ephemeral.startup_timeout_seconds)
        # Heartbeats let a lasting server mark a run crashed; this one ends with the command. Their thread sleeps a
        # whole second at a time and is joined at the run's end, which held every run up to a second.
        with temporary_settings(updates={PREFECT_API_URL: api_url, "flows.heartbeat_frequency": None}):
            try:
                yield
            finally:
                APILogWorker.drain_all(timeout=5)  # the run's last log lines reach the server before it stops
    finally:
        stop(server)
        os.close(our_end)


def wait_until_up(server: subprocess.Popen, api_url: str, timeout: float) -> None:
    """Wait for the server's health check; a server that exits or stays silent for `timeout` seconds stops the command."""
    try:
        requests.get(f"{api_url}/health", timeout=(timeout, timeout)).raise_for_status()
    except requests.RequestException as error:
        try:
            state = f"exited with code {server.wait(timeout=1)}"  # its socket closes a moment before it is reaped
        except subprocess.TimeoutExpired:
            state = f"did not answer within {timeout:g} s"
        raise RefreshError(f"the temporary Prefect server ({SERVER_APP}, process {server.pid}) {state}: {error}. "
                           "Raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS on a slow machine, or set "
                           "PREFECT_API_URL to a running server") from error


def stop(server: subprocess.Popen) -> None:
    """Stop the server, killing it if it has not stopped within 5 s."""
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def process_start(pid: int) -> str | None:
    """When the process started (clock ticks after boot, from /proc), which with its id tells it from any process
    that takes the id later; None when it is gone or the system has no /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[19]  # field 22; the command name before ")" may hold spaces


def stop_orphan(notes: str) -> None:
    """Stop the temporary Prefect server a dead lock holder noted, if that very process still runs (same id, same start
    time, the server's command line); any other process, another command's live server included, is left alone."""
    for line in notes.splitlines():
        kind, pid, started = (line.split() + ["", "", ""])[:3]
        if kind != "server" or not pid.isdigit() or process_start(int(pid)) != started:
            continue
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # gone since
        if SERVER_APP in command:
            os.kill(int(pid), signal.SIGTERM)
