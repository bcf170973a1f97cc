"""Alerts: recorded in meta.alerts, the outbox, and delivered only once the run that raised them is published.

When TRADEBRIEF_ALERT_WEBHOOK is set, each alert is POSTed once as JSON that Slack accepts
(`text`, plus the alert's fields). TRADEBRIEF_ALERT_URLS takes notification URLs of apprise
(installed with Prefect), separated by spaces or commas, for email (`mailtos://`), Teams
(`msteams://`), a JSON endpoint (`json://`) and the many others apprise knows. A receiver that is
down leaves the alert pending, and the next run sends it again. The URLs, which carry their own
secrets, are never logged.

A refresh records its alerts as pending in the warehouse it builds; after the publish, with the
refresh lock let go (a slow receiver never holds the next refresh), the outbox is delivered
within a deadline per alert and per run, one deliverer at a time, and each alert taken is marked delivered, first in a file beside the
warehouse (so a crash never sends one twice), then in the published file when no reader holds
it (else the next run takes the marks in). A build refused before publishing sends none of the
drift it found, only its own failure: that alert (a failed data test, a refused build) is sent
once at once and waits in a pending file beside the warehouse until the next published run takes
it into meta.alerts.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import requests

from warehouse import kept
from warehouse.errors import RefreshError
from warehouse.files import open_regular
from warehouse.publish import RefreshRunning, refresh_lock
from warehouse.settings import current

WEBHOOK_VARIABLE = "TRADEBRIEF_ALERT_WEBHOOK"
NOTIFY_VARIABLE = "TRADEBRIEF_ALERT_URLS"
KEPT = "pending-alerts"
KEPT_DELIVERED = "delivered-alerts"
WEBHOOK_TIMEOUT = 10
ALERT_DEADLINE = 20.0  # seconds one alert may take to reach every receiver, whatever they answer
DELIVERY_BUDGET = 60.0  # seconds all of one run's alerts may take: a refresh is never held longer

log = logging.getLogger(__name__)


NOTE = "info"  # the severity of a note (a recovered fetch): it tells, it does not alarm
ACTIONABLE = f"severity <> '{NOTE}'"  # the alerts --fail-on-alert counts, as SQL on meta.alerts


@dataclass(frozen=True)
class Alert:
    run_id: str
    kind: str  # one of schemas.kept.ALERT_KINDS
    subject: str
    message: str
    severity: str = "warning"

    @property
    def alert_id(self) -> str:
        return hashlib.sha256(f"{self.run_id}|{self.kind}|{self.subject}".encode()).hexdigest()[:16]

    @property
    def actionable(self) -> bool:
        """Whether --fail-on-alert counts it: every alert but a note."""
        return self.severity != NOTE

    def payload(self) -> dict:
        return {"text": f"[tradebrief] {self.kind}: {self.message}", "alert_id": self.alert_id, **asdict(self)}


def record(con: duckdb.DuckDBPyConnection, alerts: list[Alert]) -> None:
    """Add alerts to meta.alerts; delivery is 'pending' with a webhook configured, else 'not configured'."""
    if not alerts:
        return
    delivery = "pending" if configured() else "not configured"
    now = datetime.now(UTC)
    con.executemany(
        "insert into meta.alerts values (?, ?, ?, ?, ?, ?, ?, ?, null)",
        [[a.alert_id, a.run_id, now, a.kind, a.subject, a.message, a.severity, delivery] for a in alerts],
    )
    for alert in alerts:
        log.warning("alert %s: %s", alert.kind, alert.message)


def configured() -> bool:
    configured = current()
    return bool(configured.alert_webhook or configured.alert_urls)


def send(alert: Alert) -> bool:
    """Send one alert to every receiver configured; True only when each took it. Apprise's own logger is silenced
    meanwhile: it prints a URL it cannot parse whole, secret and all."""
    apprise_log = logging.getLogger("apprise")
    silenced, apprise_log.disabled = apprise_log.disabled, True
    try:
        return send_to_each(alert)
    finally:
        apprise_log.disabled = silenced


def send_to_each(alert: Alert) -> bool:
    taken = True
    if url := current().alert_webhook:
        taken = post(url, alert)
    if taken and (urls := current().alert_urls):
        taken = notify(urls, alert)
    return taken


def deliver_outbox(published: Path) -> tuple[int, int]:
    """Send every pending alert of the published warehouse; returns (delivered, still pending).

    Called after the publish, so only what was published is ever announced, and outside the refresh lock, so a slow
    receiver never holds the next refresh; one deliverer at a time (its own lock), so no alert is sent twice.
    """
    if not published.exists():
        return 0, 0
    with delivery_lock(published) as held:
        if not held:
            log.warning("alerts: another deliverer still holds %s.delivery.lock; the outbox waits for the next run",
                        published.name)
            return 0, 0
        counts = send_pending(published) if configured() else (0, 0)
        mark_delivered(published)
    return counts


@contextmanager
def delivery_lock(published: Path) -> Iterator[bool]:
    """Hold the outbox's own lock (beside the warehouse, never through a symlink), waiting for another deliverer as
    long as its delivery may last; yields False when that one has held it longer (stopped, say), never hanging."""
    path = published.with_name(f"{published.name}.delivery.lock")
    with open_regular(path, "the alerts' delivery lock", "r+", error=RefreshError) as handle:
        deadline = time.monotonic() + DELIVERY_BUDGET + ALERT_DEADLINE
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    yield False
                    return
                time.sleep(0.2)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def send_pending(published: Path) -> tuple[int, int]:
    """Send the alerts the published file holds as pending and no kept mark says were taken, within DELIVERY_BUDGET."""
    marked = {record["alert_id"] for record in kept.kept(published, KEPT_DELIVERED)}
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            pending = [row for row in con.execute(
                "select alert_id, run_id, kind, subject, message, severity from meta.alerts "
                "where delivery = 'pending' order by created_at, alert_id").fetchall() if row[0] not in marked]
    except duckdb.IOException as error:  # a client holds it open for writing: the outbox waits for the next run
        log.warning("alerts: the outbox waits for the next run (%s)", str(error).splitlines()[0])
        return 0, 0
    delivered, deadline = 0, time.monotonic() + DELIVERY_BUDGET
    for alert_id, run_id, kind, subject, message, severity in pending:
        left = deadline - time.monotonic()
        if left <= 0 or not send_within(Alert(run_id, kind, subject, message, severity), min(ALERT_DEADLINE, left)):
            break
        try:
            kept.keep(published, KEPT_DELIVERED, [{"alert_id": alert_id,
                                                   "delivered_at": datetime.now(UTC).isoformat()}])
        except OSError as error:  # a full disk: the run is published; this alert may be sent once more next run
            log.warning("alerts: could not note the delivery of %s beside the warehouse (%s); the rest wait for the "
                        "next run", alert_id, error)
            break
        delivered += 1
    if delivered < len(pending):
        log.warning("alerts: %d kept pending for the next run", len(pending) - delivered)
    return delivered, len(pending) - delivered


def send_within(alert: Alert, seconds: float) -> bool:
    """`send(alert)`, given up after `seconds`: requests' timeout is per socket read, so a receiver that answers a byte
    at a time could hold the refresh for ever. The sending thread is left to end on its own; the alert stays pending."""
    taken: list[bool] = []
    worker = threading.Thread(target=lambda: taken.append(send(alert)), daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        log.warning("alerts: the receivers took longer than %g s to take an alert; it waits for the next run", seconds)
        return False
    return bool(taken and taken[0])


def mark_delivered(published: Path) -> None:
    """Write the delivery marks kept beside the warehouse into its meta.alerts, under the refresh lock so that no
    refresh publishes over the write, and forget them. A refresh under way, or a client holding the file, leaves
    them beside it for the next run to take in."""
    if not kept.kept_file(published, KEPT_DELIVERED).exists():
        return  # nothing to mark: the published file is not opened for writing
    try:
        with refresh_lock(published), duckdb.connect(str(published)) as con:
            take_delivered(con, published)
    except (RefreshRunning, duckdb.Error, OSError) as error:  # the marks stay beside it
        log.warning("alerts: delivery marks wait beside the warehouse for the next run (%s)", str(error).splitlines()[0])
        return
    kept.forget(published, KEPT_DELIVERED)


def take_delivered(con: duckdb.DuckDBPyConnection, published: Path) -> None:
    """Mark delivered, in `con`'s meta.alerts, every alert the file beside `published` says was delivered."""
    for record in kept.kept(published, KEPT_DELIVERED):
        con.execute("update meta.alerts set delivery = 'delivered', delivered_at = ? where alert_id = ?",
                    [record["delivered_at"], record["alert_id"]])


def post(url: str, alert: Alert) -> bool:
    """One POST; False (logged without the URL) when the receiver is down or refuses."""
    try:
        response = requests.post(url, json=alert.payload(), timeout=WEBHOOK_TIMEOUT, stream=True)
    except requests.RequestException as error:
        log.warning("alert webhook: the receiver could not be reached (%s)", type(error).__name__)
        return False
    response.close()  # the status says whether it took the alert; its body is never waited for
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
        sent = configured() and send_within(alert, ALERT_DEADLINE)
        records.append(asdict(alert) | {"delivery": "delivered" if sent else ("pending" if configured() else "not configured")})
    kept.keep(published, KEPT, records)


def take_unpublished(con: duckdb.DuckDBPyConnection, published: Path) -> None:
    """Move alerts kept beside the warehouse into meta.alerts of the warehouse being built."""
    now = datetime.now(UTC)
    for fields in kept.kept(published, KEPT):
        delivery = fields.pop("delivery")
        alert = Alert(**fields)
        con.execute(
            "insert into meta.alerts values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
            [alert.alert_id, alert.run_id, now, alert.kind, alert.subject, alert.message, alert.severity, delivery,
             now if delivery == "delivered" else None],
        )
