"""Fetching a source live and recording what it returned, but only bytes that parse and validate.

A source module that can be fetched has `fetch(client, latest)`, returning each resource's
snapshot name and response, or declares `LIVE` resources, each fetched with one conditional GET. Every response is parsed and validated on its own before any
of them is recorded, so a changed shape, an error page or a truncated body never becomes a
snapshot. A failed fetch, whatever failed (a server, a parser, an odd value in a response),
leaves the source's snapshots as they were; the refresh goes on with the latest of them and
reports the source as stale with a one-line reason.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flows.http import Client, Fetched
from warehouse.errors import RefreshError
from warehouse.snapshots import FetchOutcome, SnapshotStore
from warehouse.validate import validate_raw_tables


def fetchable(source) -> bool:
    """Whether a source can be fetched live: it has its own `fetch`, or declares LIVE resources."""
    return hasattr(source, "fetch") or bool(getattr(source, "LIVE", ()))


def fetch_source(source, store: SnapshotStore, client: Client) -> FetchOutcome:
    """Fetch one source and record its changed resources; never raises for the source's own failures."""
    if not fetchable(source):
        return FetchOutcome(source.SOURCE, "manual")
    client.begin(source.SOURCE)
    try:
        latest = store.latest(source.SOURCE)
        responses = source.fetch(client, latest) if hasattr(source, "fetch") else fetch_declared(source, client, latest)
        changed = {name: (fetched.content, fetched.request) for name, fetched in responses if fetched.content is not None}
        check_parses(source, changed)
    except RefreshError as error:
        return FetchOutcome(source.SOURCE, "failed", error=one_line(str(error)), host=client.host)
    except Exception as error:  # an odd response must not abort the refresh: the source is stale, the rest go on
        return FetchOutcome(source.SOURCE, "failed", host=client.host,
                            error=one_line(f"{source.SOURCE}: unexpected {type(error).__name__}: {error}"))
    new = []
    for name, (content, request) in changed.items():
        snapshot, is_new = store.put(source.SOURCE, name, content, source.ORIGIN, request)
        if is_new:
            new.append(snapshot)
    return FetchOutcome(source.SOURCE, "fetched" if new else "unchanged", new)


def fetch_declared(source, client: Client, latest: dict) -> list[tuple[str, Fetched]]:
    """Each of the source's LIVE resources, asked for conditionally on its latest snapshot's ETag and Last-Modified,
    and checked against what was asked where the source says how (`check_answer`)."""
    responses = []
    for live in source.LIVE:
        fetched = client.get(source.SOURCE, live.url, live.params, expect=live.expect,
                             previous=latest[live.name].request if live.name in latest else None)
        if fetched.content is not None and hasattr(source, "check_answer"):
            source.check_answer(live, fetched.content)
        responses.append((live.name, fetched))
    return responses


def one_line(reason: str, limit: int = 300) -> str:
    """A reason as one line of at most `limit` characters, for the summary and the status table."""
    line = " ".join(reason.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def check_parses(source, changed: dict[str, tuple[bytes, dict]]) -> None:
    """Parse and validate the fetched bytes in a scratch store, as the refresh would, before recording any."""
    if not changed:
        return
    with tempfile.TemporaryDirectory() as scratch:
        candidates = SnapshotStore(Path(scratch))
        for name, (content, request) in changed.items():
            candidates.put(source.SOURCE, name, content, source.ORIGIN, request)
        validate_raw_tables(source.SOURCE, source.parse(candidates.latest(source.SOURCE)), source.SCHEMAS)
