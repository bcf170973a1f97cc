"""The hostile suite's fixtures: tight limits so each attack is cut off in a second, and one Comtrade request to aim at.

Every server here listens on 127.0.0.1 or localhost (pytest-httpserver); nothing leaves the machine.
"""

import pytest

from tests.conftest import QUICK_HTTP, comtrade_at, http_settings
from warehouse.snapshots import SnapshotStore

KEY = "hostile-test-key-4f1c9a"  # a made-up Comtrade key: it must never appear anywhere but the request header
LIMITS = QUICK_HTTP | {"REQUEST_DEADLINE": "1.5", "SOURCE_BUDGET": "4", "MAX_REQUESTS": "6", "MAX_BYTES": str(2 * 1024 * 1024)}


@pytest.fixture(autouse=True)
def tight_limits(monkeypatch):
    """Short timeouts, a 1.5 s request deadline, a 4 s source budget, 6 requests and 2 MiB a source."""
    http_settings(monkeypatch, LIMITS)


@pytest.fixture
def comtrade_here(monkeypatch, httpserver):
    """Comtrade's endpoints on the local server (/preview, /data), with the one recorded request as the plan."""
    comtrade_at(monkeypatch, httpserver.url_for("/preview"), httpserver.url_for("/data"))


def everything_recorded(store: SnapshotStore) -> bytes:
    """Every byte the store holds, sidecars included: where a leaked secret would show."""
    return b"".join(path.read_bytes() for path in sorted(store.root.rglob("*")) if path.is_file()) if store.root.exists() \
        else b""
