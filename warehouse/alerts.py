"""Alerts: recorded in meta.alerts, kept pending until a webhook receiver takes them, never lost.

When TRADEBRIEF_ALERT_WEBHOOK is set, each alert is POSTed once as JSON that Slack accepts
(`text`, plus the alert's fields). A receiver that is down leaves the alert pending, and the
next run sends it again. The webhook URL, which carries its own secret, is never logged.
An alert raised by a refresh that publishes nothing (a failed data test) waits in a pending
file beside the warehouse until the next published run takes it into meta.alerts.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import requests

from warehouse import kept

WEBHOOK_VARIABLE = "TRADEBRIEF_ALERT_WEBHOOK"
KEPT = "pending-alerts"
WEBHOOK_TIMEOUT = 10

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Alert:
    run_id: str
    kind: str  # verdict_change | indicator_drift | revision | new_period | stale_source | schema_change | data_test_failed
    subject: str
    message: str
    severity: str = "warning"

    @property
    def alert_id(self) -> str:
        return hashlib.sha256(f"{self.run_id}|{self.kind}|{self.subject}".encode()).hexdigest()[:16]

    def payload(self) -> dict:
        return {"text": f"[tradebrief] {self.kind}: {self.message}", "alert_id": self.alert_id, **asdict(self)}


def record(con: duckdb.DuckDBPyConnection, alerts: list[Alert]) -> None:
    """Add alerts to meta.alerts; delivery is 'pending' with a webhook configured, else 'not configured'."""
    if not alerts:
        return
    delivery = "pending" if os.environ.get(WEBHOOK_VARIABLE) else "not configured"
    now = datetime.now(timezone.utc)
    con.executemany(
        "insert into meta.alerts values (?, ?, ?, ?, ?, ?, ?, ?, null)",
        [[a.alert_id, a.run_id, now, a.kind, a.subject, a.message, a.severity, delivery] for a in alerts],
    )
    for alert in alerts:
        log.warning("alert %s: %s", alert.kind, alert.message)


def deliver_pending(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """POST every pending alert, this run's and earlier runs', to the webhook; returns (delivered, still pending)."""
    url = os.environ.get(WEBHOOK_VARIABLE)
    pending = con.execute(
        "select alert_id, run_id, kind, subject, message, severity from meta.alerts "
        "where delivery = 'pending' order by created_at, alert_id"
    ).fetchall()
    if not url or not pending:
        return 0, len(pending)
    delivered = 0
    for alert_id, run_id, kind, subject, message, severity in pending:
        if not post(url, Alert(run_id, kind, subject, message, severity)):
            break
        con.execute("update meta.alerts set delivery = 'delivered', delivered_at = ? where alert_id = ?",
                    [datetime.now(timezone.utc), alert_id])
        delivered += 1
    if delivered < len(pending):
        log.warning("alert webhook: %d alerts kept pending for the next run", len(pending) - delivered)
    return delivered, len(pending) - delivered


def post(url: str, alert: Alert) -> bool:
    """One POST; False (logged without the URL) when the receiver is down or refuses."""
    try:
        response = requests.post(url, json=alert.payload(), timeout=WEBHOOK_TIMEOUT)
    except requests.RequestException as error:
        log.warning("alert webhook: the receiver could not be reached (%s)", type(error).__name__)
        return False
    if response.status_code >= 300:
        log.warning("alert webhook: the receiver answered HTTP %d", response.status_code)
        return False
    return True


def keep_unpublished(published: Path, alerts: list[Alert]) -> None:
    """Alerts of a run that publishes nothing: try the webhook now, and keep each for the next published run."""
    url = os.environ.get(WEBHOOK_VARIABLE)
    records = []
    for alert in alerts:
        log.warning("alert %s: %s", alert.kind, alert.message)
        sent = bool(url) and post(url, alert)
        records.append(asdict(alert) | {"delivery": "delivered" if sent else ("pending" if url else "not configured")})
    kept.keep(published, KEPT, records)


def take_unpublished(con: duckdb.DuckDBPyConnection, published: Path) -> None:
    """Move alerts kept beside the warehouse into meta.alerts of the warehouse being built."""
    now = datetime.now(timezone.utc)
    for fields in kept.kept(published, KEPT):
        delivery = fields.pop("delivery")
        alert = Alert(**fields)
        con.execute(
            "insert into meta.alerts values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
            [alert.alert_id, alert.run_id, now, alert.kind, alert.subject, alert.message, alert.severity, delivery,
             now if delivery == "delivered" else None],
        )
