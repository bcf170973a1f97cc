"""The app the refresh's temporary Prefect server runs, in a process of its own (flows.server launches it with uvicorn).

Kept apart from flows.server so that the server's process imports nothing of tradebrief's.
"""

import os
import signal
import threading
import time

PARENT_PIPE = "TRADEBRIEF_SERVER_PARENT_PIPE"  # the read end of a pipe only the command that started the server writes


def create():
    """Prefect's API app as a temporary server serves it: no UI, and only the services such a server runs. It stops
    when the command that started it ends."""
    from prefect.server.api.server import create_app

    if PARENT_PIPE in os.environ:
        threading.Thread(target=exit_with_parent, args=(int(os.environ[PARENT_PIPE]),), daemon=True).start()
    return create_app(ephemeral=True, final=True)


def exit_with_parent(pipe: int) -> None:
    """Wait for the pipe to close (its one writer, the parent, ended), then stop as uvicorn stops on SIGTERM, or
    at once if that takes over 10 s."""
    while os.read(pipe, 1):
        pass
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(10)
    os._exit(1)
