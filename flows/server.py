"""The temporary Prefect server a command starts for itself, recorded in the refresh lock.

With no PREFECT_API_URL, Prefect would start a temporary server inside the flow. A refresh
killed then leaves that server running, with nothing to find it by. Starting it here, after
the lock is taken, writes its process id into the lock file, and whoever takes the lock next
stops it (warehouse.publish.stop_orphan_server). A second refresh is refused by the lock
before any server starts.
"""

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from prefect.logging.handlers import APILogWorker
from prefect.server.api.server import SubprocessASGIServer
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

from warehouse.publish import RefreshLock


@contextmanager
def temporary_server(lock: RefreshLock, while_starting: Callable[[], object] = lambda: None) -> Iterator[None]:
    """Run the block against a temporary Prefect server noted in `lock`, unless a server is configured.

    The server takes seconds to boot in its own process, seconds this one would spend waiting:
    `while_starting` runs meanwhile (the refresh imports its libraries then).
    """
    settings = get_current_settings()
    if settings.api.url:
        while_starting()
        yield
        return
    server = SubprocessASGIServer()
    with ThreadPoolExecutor(1, thread_name_prefix="prefect-server-start") as pool:
        starting = pool.submit(server.start, timeout=settings.server.ephemeral.startup_timeout_seconds)
        try:
            while_starting()
        except BaseException:
            starting.result()
            server.stop()
            raise
        starting.result()
    lock.note_server(server.server_process.pid)
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            try:
                yield
            finally:
                APILogWorker.drain_all(timeout=5)  # the run's last log lines reach the server before it stops
    finally:
        server.stop()
