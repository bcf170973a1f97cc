"""Shared fixtures: one Prefect test server for the session, and snapshot stores built from the recorded real data."""

import contextlib
import hashlib
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# the key that seals reusable tables: one for the test session, not the user's own
os.environ["TRADEBRIEF_INTEGRITY_KEY"] = os.path.join(tempfile.gettempdir(), f"tradebrief-tests-{os.getuid()}",
                                                      "integrity.key")

from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

from flows.sources import atlas
from warehouse import settings
from warehouse.snapshots import Origin, SnapshotStore

RECORDED = SnapshotStore(settings.current().snapshots)

# Real recorded files small enough for quick flow runs: the lookups, three 2016 reporters, and
# North Korea's 2010-2020 file, whose 2016 rows repeat those of its one-year file.
SMALL_SELECTION = (
    atlas.LOCATIONS_FILE,
    atlas.PRODUCTS_FILE,
    "by_year_2016/PRK/PRK_hs2_2016.csv",
    "by_year_2016/RUS/RUS_hs2_2016.csv",
    "by_year_2016/CHN/CHN_hs2_2016.csv",
    "country_partner_hs2/PRK_hs2_2010_to_2020.csv",
)


@pytest.fixture(scope="session")
def prefect_server():
    """Prefect's test harness takes seconds to start, so the whole session shares one."""
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def recorded_warehouse(prefect_server, tmp_path_factory):
    """The whole refresh on every committed snapshot, as `make run` does it; shared, so read it only."""
    from flows.refresh import refresh

    path = tmp_path_factory.mktemp("published") / "tradebrief.duckdb"
    summary = refresh(warehouse=str(path))
    return path, summary


@pytest.fixture(scope="session")
def report_page(recorded_warehouse, tmp_path_factory):
    """The report flow's page, written once from the shared warehouse: (warehouse, page)."""
    from flows.report_flow import report

    path, _ = recorded_warehouse
    page = report(warehouse=str(path), out_dir=str(tmp_path_factory.mktemp("report")))
    return path, page


def copy_recorded(store: SnapshotStore, names=SMALL_SELECTION, source: str = atlas.SOURCE) -> SnapshotStore:
    """Fill `store` with the recorded real snapshots of the given names, bytes and provenance unchanged."""
    latest = RECORDED.latest(source)
    for name in names or latest:
        snapshot = latest[name]
        store.put(source, name, snapshot.read_bytes(), Origin(**snapshot.origin), snapshot.request,
                  recorded_at=snapshot.recorded_at)
    return store


@pytest.fixture
def store(tmp_path) -> SnapshotStore:
    """An empty snapshot store of the test's own (a test module may define its own `store` instead)."""
    return SnapshotStore(tmp_path / "snapshots")


@pytest.fixture
def small_store(tmp_path) -> SnapshotStore:
    return copy_recorded(SnapshotStore(tmp_path / "snapshots"))


def record_variant(store: SnapshotStore, name: str, edit, source: str = atlas.SOURCE) -> None:
    """Record a newer snapshot of `name` whose text is `edit(text)`: a test's deliberate damage to real bytes.

    It is recorded now, after every other snapshot of the store, so it is the latest.
    """
    current = store.latest(source)[name]
    text = current.read_bytes().decode()
    store.put(source, name, edit(text).encode(), Origin(**current.origin), {"test_variant_of": current.sha256})


def file_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


# The recorded Comtrade response, and the request it answers: China with Argentina and Germany, both flows, 2010.
COMTRADE_RECORDED = RECORDED.latest("comtrade")["data_v1_get_C_A_HS-60a6ad.json"].read_bytes()
COMTRADE_REQUEST = {"reporterCode": 156, "partnerCode": "32,276", "flowCode": "M,X", "period": 2010}
QUICK_HTTP = {"TIMEOUT": "1", "RETRIES": "2", "BACKOFF_FACTOR": "0.01", "BACKOFF_JITTER": "0", "PER_SECOND": "1000"}


def http_settings(monkeypatch, settings: dict[str, str]) -> None:
    """Set the HTTP client's settings (TRADEBRIEF_HTTP_<NAME>) for one test."""
    for name, value in settings.items():
        monkeypatch.setenv(f"TRADEBRIEF_HTTP_{name}", value)


@pytest.fixture
def quick_http(monkeypatch):
    """Short timeouts and backoff so failure cases take milliseconds, not minutes (a module uses it for every test
    with `pytestmark = pytest.mark.usefixtures("quick_http")`)."""
    http_settings(monkeypatch, QUICK_HTTP)


def comtrade_at(monkeypatch, preview: str, data: str) -> None:
    """Point Comtrade's endpoints at a local server, with the one recorded request as the plan and no key."""
    from flows.sources import comtrade

    monkeypatch.setattr(comtrade, "PREVIEW", preview)
    monkeypatch.setattr(comtrade, "DATA", data)
    monkeypatch.setattr(comtrade, "plan", lambda: [COMTRADE_REQUEST])
    monkeypatch.delenv(comtrade.KEY_VARIABLE, raising=False)


def fetch(source, store: SnapshotStore):
    """Fetch one source into `store` with a fresh client, as `tradebrief fetch` does."""
    from flows import http
    from flows.fetch import fetch_source

    with http.Client() as client:
        return fetch_source(source, store, client)



@contextlib.contextmanager
def held(warehouse: Path, read_only: bool):
    """Another process holding the warehouse open, as a DuckDB client does, for the block."""
    code = ("import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro'); "
            "print('open', flush=True); sys.stdin.read()")
    holder = subprocess.Popen([sys.executable, "-c", code, str(warehouse), "ro" if read_only else "rw"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        yield holder.pid
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


SLOW_FIXTURES = {"prefect_server", "recorded_warehouse", "report_page"}


def pytest_collection_modifyitems(items):
    """A case that runs a flow (it asks for the Prefect test server or a warehouse built by one) is slow: `make test`
    runs it, `make test-fast` leaves it out."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
