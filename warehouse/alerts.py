"""Alerts: recorded in meta.alerts, kept pending until every receiver configured takes them, never lost.

When TRADEBRIEF_ALERT_WEBHOOK is set, each alert is POSTed once as JSON that Slack accepts
(`text`, plus the alert's fields). TRADEBRIEF_ALERT_URLS takes notification URLs of apprise
(installed with Prefect), separated by spaces or commas, for email (`mailtos://`), Teams
(`msteams://`), a JSON endpoint (`json://`) and the many others apprise knows. A receiver that is
down leaves the alert pending, and the next run sends it again. The URLs, which carry their own
secrets, are never logged.
An alert raised by a refresh that publishes nothing (a failed data test) waits in a pending
file beside the warehouse until the next published run takes it into meta.alerts.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import requests

from warehouse import kept

WEBHOOK_VARIABLE = "TRADEBRIEF_ALERT_WEBHOOK"
NOTIFY_VARIABLE = "TRADEBRIEF_ALERT_URLS"
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
    delivery = "pending" if configured() else "not configured"
    now = datetime.now(timezone.utc)
    con.executemany(
        "insert into meta.alerts values (?, ?, ?, ?, ?, ?, ?, ?, null)",
        [[a.alert_id, a.run_id, now, a.kind, a.subject, a.message, a.severity, delivery] for a in alerts],
    )
    for alert in alerts:
        log.warning("alert %s: %s", alert.kind, alert.message)


def configured() -> bool:
    return bool(os.environ.get(WEBHOOK_VARIABLE) or os.environ.get(NOTIFY_VARIABLE))


def send(alert: Alert) -> bool:
    """Send one alert to every receiver configured; True only when each took it."""
    taken = True
    if url := os.environ.get(WEBHOOK_VARIABLE):
        taken = post(url, alert)
    if taken and (urls := os.environ.get(NOTIFY_VARIABLE)):
        taken = notify(urls, alert)
    return taken


def deliver_pending(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Send every pending alert, this run's and earlier runs', to the receivers; returns (delivered, still pending)."""
    pending = con.execute(
        "select alert_id, run_id, kind, subject, message, severity from meta.alerts "
        "where delivery = 'pending' order by created_at, alert_id"
    ).fetchall()
    if not configured() or not pending:
        return 0, len(pending)
    delivered = 0
    for alert_id, run_id, kind, subject, message, severity in pending:
        if not send(Alert(run_id, kind, subject, message, severity)):
            break
        con.execute("update meta.alerts set delivery = 'delivered', delivered_at = ? where alert_id = ?",
                    [datetime.now(timezone.utc), alert_id])
        delivered += 1
    if delivered < len(pending):
        log.warning("alerts: %d kept pending for the next run", len(pending) - delivered)
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


def notify(urls: str, alert: Alert) -> bool:
    """One notification through apprise to each URL; False (logged without the URLs) when one refuses or is unknown."""
    import apprise  # loaded only where notification URLs are set

    sender = apprise.Apprise()
    for url in re.split(r"[\s,]+", urls.strip()):
        if not sender.add(url):
            log.warning("alert notification: apprise does not know the URL scheme %r", url.partition(":")[0])
            return False
    if not sender.notify(title=f"[tradebrief] {alert.kind}: {alert.subject}", body=alert.message):
        log.warning("alert notification: a receiver did not take the alert")
        return False
    return True


def keep_unpublished(published: Path, alerts: list[Alert]) -> None:
    """Alerts of a run that publishes nothing: try the receivers now, and keep each for the next published run."""
    records = []
    for alert in alerts:
        log.warning("alert %s: %s", alert.kind, alert.message)
        sent = configured() and send(alert)
        records.append(asdict(alert) | {"delivery": "delivered" if sent else ("pending" if configured() else "not configured")})
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
