"""The app the refresh's temporary Prefect server runs, in a process of its own (flows.server launches it with uvicorn).

Kept apart from flows.server so that the server's process imports nothing of tradebrief's.
"""


def create():
    """Prefect's API app as a temporary server serves it: no UI, and only the services such a server runs."""
    from prefect.server.api.server import create_app

    return create_app(ephemeral=True, final=True)
