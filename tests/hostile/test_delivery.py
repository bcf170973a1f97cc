"""Alert delivery cannot hold a refresh, and no receiver's secret reaches any output.

Before issue 27 a webhook that answered 200 and then sent its body a byte every 5 s held the refresh, with its lock,
for over 400 s (requests' timeout is per socket read, not per request), and a mistyped apprise URL was printed whole,
secret and all, by apprise's own logger.
"""

import logging
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from flows.refresh import refresh
from tests.test_drift import record_new_vintage, with_fao_extract
from warehouse import alerts

PROJECT = Path(__file__).resolve().parents[2]

PENDING = [f"{i:016x}" for i in range(1, 4)]  # three alerts waiting in the outbox


@pytest.fixture
def httpserver():
    """A receiver of its own that answers requests side by side, so one held answer does not hold the next."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def outbox(tmp_path):
    path = tmp_path / "tradebrief.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema meta")
        con.execute("create table meta.alerts (alert_id varchar, run_id varchar, created_at timestamptz, kind varchar, "
                    "subject varchar, message varchar, severity varchar, delivery varchar, delivered_at timestamptz)")
        for number, alert_id in enumerate(PENDING):
            con.execute("insert into meta.alerts values (?, 'run', now() + to_seconds(?), 'verdict_change', ?, 'moved', "
                        "'warning', 'pending', null)", [alert_id, number, f"claim {number}"])
    return path


def delivery(path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [row[0] for row in con.execute("select delivery from meta.alerts order by created_at").fetchall()]


def test_a_receiver_that_never_answers_holds_delivery_no_longer_than_its_deadline(outbox, httpserver, monkeypatch):
    monkeypatch.setattr(alerts, "ALERT_DEADLINE", 1.0)
    monkeypatch.setenv(alerts.WEBHOOK_VARIABLE, httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_handler(lambda request: time.sleep(8) or Response("ok"))
    started = time.monotonic()
    assert alerts.deliver_outbox(outbox) == (0, 3)
    assert time.monotonic() - started < 4
    assert delivery(outbox) == ["pending"] * 3  # each waits for the next run


def test_a_body_trickled_after_its_status_does_not_hold_delivery(outbox, httpserver, monkeypatch):
    monkeypatch.setenv(alerts.WEBHOOK_VARIABLE, httpserver.url_for("/hook"))

    def trickle():
        yield b"o"  # the status and the first byte at once (the server sends its headers with the first byte)
        for _ in range(3):
            time.sleep(2)
            yield b"."

    httpserver.expect_request("/hook").respond_with_handler(lambda request: Response(trickle(), status=200))
    started = time.monotonic()
    assert alerts.deliver_outbox(outbox) == (3, 0)  # the status says it was taken; the body is not waited for
    assert time.monotonic() - started < 4
    assert delivery(outbox) == ["delivered"] * 3


def test_a_run_stops_delivering_at_its_budget(outbox, httpserver, monkeypatch):
    monkeypatch.setattr(alerts, "ALERT_DEADLINE", 5.0)
    monkeypatch.setattr(alerts, "DELIVERY_BUDGET", 1.5)
    monkeypatch.setenv(alerts.WEBHOOK_VARIABLE, httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_handler(lambda request: time.sleep(1) or Response("ok"))
    started = time.monotonic()
    delivered, waiting = alerts.deliver_outbox(outbox)
    assert time.monotonic() - started < 3.5 and delivered >= 1 and waiting >= 1 and delivered + waiting == 3


@pytest.mark.parametrize("url", ["jsons://localhost:99999/SECRET-TOKEN-42", "slack://SECRET-TOKEN-42/B/C",
                                 "msteamss://SECRET-TOKEN-42/abc"])
def test_a_mistyped_notification_url_never_prints_its_secret(outbox, monkeypatch, caplog, capfd, url):
    monkeypatch.setenv(alerts.NOTIFY_VARIABLE, url)
    apprise_log = logging.getLogger("apprise")  # as a plain process has it: on, its records reaching the root's handlers
    monkeypatch.setattr(apprise_log, "disabled", False)
    monkeypatch.setattr(apprise_log, "propagate", True)
    with caplog.at_level(logging.DEBUG):
        assert alerts.deliver_outbox(outbox) == (0, 3)
    printed = caplog.text + "".join(capfd.readouterr())
    assert "SECRET-TOKEN-42" not in printed and "alert notification" in printed


def test_a_slow_receiver_does_not_hold_the_refresh_lock(prefect_server, small_store, tmp_path, httpserver, monkeypatch):
    # Before issue 27 delivery ran under the refresh lock: a receiver taking its time kept every other refresh out.
    # Here the receiver, while it is being sent an alert, has another process try the lock.
    store = with_fao_extract(small_store)  # the FAO files whose next vintage revises values
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    record_new_vintage(store)  # the next refresh raises revision alerts
    tried = []

    def try_the_lock(request):
        tried.append(subprocess.run(
            [sys.executable, "-c", f"from warehouse.publish import refresh_lock\n"
                                   f"with refresh_lock({str(warehouse)!r}): print('taken')"],
            cwd=PROJECT, capture_output=True, text=True, timeout=60))
        return Response("ok")

    monkeypatch.setenv(alerts.WEBHOOK_VARIABLE, httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_handler(try_the_lock)
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    assert tried and all(done.stdout == "taken\n" for done in tried), tried[0].stderr[-500:]
    assert delivery_of(warehouse) == {"delivered"}


def delivery_of(warehouse) -> set[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {row[0] for row in con.execute("select delivery from meta.alerts").fetchall()}


def test_a_deliverer_that_never_lets_go_of_its_lock_does_not_hang_the_next(outbox, httpserver, monkeypatch):
    # Another process holds the outbox's lock for ever (stopped mid-delivery): the next waits its longest, then leaves
    # the alerts pending rather than hang.
    monkeypatch.setattr(alerts, "DELIVERY_BUDGET", 0.5)
    monkeypatch.setattr(alerts, "ALERT_DEADLINE", 0.5)
    monkeypatch.setenv(alerts.WEBHOOK_VARIABLE, httpserver.url_for("/hook"))
    lock = outbox.with_name(f"{outbox.name}.delivery.lock")
    holder = subprocess.Popen([sys.executable, "-c", f"import fcntl, time\nhandle = open({str(lock)!r}, 'a')\n"
                               "fcntl.flock(handle, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        started = time.monotonic()
        assert alerts.deliver_outbox(outbox) == (0, 0)
        assert time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
    assert httpserver.log == [] and delivery(outbox) == ["pending"] * 3
