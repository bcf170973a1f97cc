"""The hostile suite's fixtures: tight limits so each attack is cut off in a second, and one Comtrade request to aim at.

Every server here listens on 127.0.0.1 or localhost (pytest-httpserver); nothing leaves the machine.
"""

import pytest

from flows import http
from flows.fetch import fetch_source
from flows.sources import comtrade
from tests.conftest import RECORDED
from warehouse.snapshots import SnapshotStore

KEY = "hostile-test-key-4f1c9a"  # a made-up Comtrade key: it must never appear anywhere but the request header
COMTRADE_RECORDED = RECORDED.latest("comtrade")["data_v1_get_C_A_HS-60a6ad.json"].read_bytes()  # RECORDED
# The request the recorded response answers: China with Argentina and Germany, both flows, 2010.
RECORDED_REQUEST = {"reporterCode": 156, "partnerCode": "32,276", "flowCode": "M,X", "period": 2010}
LIMITS = {"TIMEOUT": "1", "RETRIES": "2", "BACKOFF_FACTOR": "0.01", "BACKOFF_JITTER": "0", "PER_SECOND": "1000",
          "REQUEST_DEADLINE": "1.5", "SOURCE_BUDGET": "4", "MAX_REQUESTS": "6", "MAX_BYTES": str(2 * 1024 * 1024)}


@pytest.fixture(autouse=True)
def tight_limits(monkeypatch):
    """Short timeouts, a 1.5 s request deadline, a 4 s source budget, 6 requests and 2 MiB a source."""
    for name, value in LIMITS.items():
        monkeypatch.setenv(f"TRADEBRIEF_HTTP_{name}", value)


@pytest.fixture
def store(tmp_path):
    return SnapshotStore(tmp_path / "snapshots")


@pytest.fixture
def comtrade_at(monkeypatch, httpserver):
    """Comtrade's endpoints pointed at the local server, with one request in the plan; returns the endpoint path."""
    monkeypatch.setattr(comtrade, "PREVIEW", httpserver.url_for("/preview"))
    monkeypatch.setattr(comtrade, "DATA", httpserver.url_for("/data"))
    monkeypatch.setattr(comtrade, "plan", lambda: [RECORDED_REQUEST])
    monkeypatch.delenv(comtrade.KEY_VARIABLE, raising=False)
    return "/preview"


def fetch(source, store):
    with http.Client() as client:
        return fetch_source(source, store, client)


def everything_recorded(store: SnapshotStore) -> bytes:
    """Every byte the store holds, sidecars included: where a leaked secret would show."""
    return b"".join(path.read_bytes() for path in sorted(store.root.rglob("*")) if path.is_file()) if store.root.exists() \
        else b""
