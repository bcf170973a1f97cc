"""Every setting tradebrief takes from the environment, in one typed class: where it keeps its files, the limits of
its HTTP client, its alert receivers and its keys.

`current()` reads them from the environment as a command starts (each call reads anew, so a test or a
scheduler that sets a variable is heard). Each field names its variable and says what it does; the
table in docs/settings.md is generated from these fields (`python -m warehouse.settings`), and a test
keeps the two equal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def setting(variable: str, meaning: str, shown: str, **options) -> Any:
    """A field read from `variable`, with what it does and its default as the table shows it (`shown`)."""
    return field(metadata={"variable": variable, "meaning": meaning, "shown": shown}, **options)


@dataclass(frozen=True)
class HttpSettings:
    """The HTTP client's limits: each can be set by the environment as TRADEBRIEF_HTTP_<NAME>."""

    timeout: float = setting("TRADEBRIEF_HTTP_TIMEOUT", "seconds one socket connect or read may take", "30",
                             default=30.0)
    retries: int = setting("TRADEBRIEF_HTTP_RETRIES", "retries of a request that failed in a way worth retrying "
                           "(429, 5xx, a dropped connection)", "4", default=4)
    backoff_factor: float = setting("TRADEBRIEF_HTTP_BACKOFF_FACTOR", "the exponential backoff's first wait, in "
                                    "seconds", "1", default=1.0)
    backoff_jitter: float = setting("TRADEBRIEF_HTTP_BACKOFF_JITTER", "random seconds added to each backoff", "0.5",
                                    default=0.5)
    backoff_max: float = setting("TRADEBRIEF_HTTP_BACKOFF_MAX", "the longest backoff, in seconds", "60", default=60.0)
    retry_after_max: int = setting("TRADEBRIEF_HTTP_RETRY_AFTER_MAX", "the longest Retry-After honoured, in seconds; "
                                   "a longer one ends the source's fetch at once", "120", default=120)
    per_second: float = setting("TRADEBRIEF_HTTP_PER_SECOND", "requests a second to one host", "2", default=2.0)
    request_deadline: float = setting("TRADEBRIEF_HTTP_REQUEST_DEADLINE", "seconds one request may take, body "
                                      "included", "120", default=120.0)
    source_budget: float = setting("TRADEBRIEF_HTTP_SOURCE_BUDGET", "seconds one source's whole fetch may take, "
                                   "retries and waits included", "600", default=600.0)
    max_requests: int = setting("TRADEBRIEF_HTTP_MAX_REQUESTS", "requests (pages) one source may make; the largest "
                                "plan, OEC's, needs about 80", "250", default=250)
    max_bytes: int = setting("TRADEBRIEF_HTTP_MAX_BYTES", "bytes one source may read, counted after decompression",
                             "268435456 (256 MiB)", default=256 * 1024 * 1024)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> HttpSettings:
        return cls(**read(cls, os.environ if environ is None else environ))


@dataclass(frozen=True)
class Settings:
    """Where tradebrief keeps its files, whom it alerts, and the keys it holds."""

    snapshots: Path = setting("TRADEBRIEF_SNAPSHOTS", "the snapshot store", "snapshots/ in the clone",
                              default=PROJECT_ROOT / "snapshots")
    warehouse: Path = setting("TRADEBRIEF_WAREHOUSE", "the published warehouse", "warehouse/tradebrief.duckdb",
                              default=PROJECT_ROOT / "warehouse" / "tradebrief.duckdb")
    hs6_warehouse: Path = setting("TRADEBRIEF_HS6_WAREHOUSE", "the HS6 warehouse `tradebrief hs6` publishes",
                                  "warehouse/tradebrief_hs6.duckdb",
                                  default=PROJECT_ROOT / "warehouse" / "tradebrief_hs6.duckdb")
    models: Path = setting("TRADEBRIEF_MODELS", "the SQL models, seeds and data tests", "dbt_like_sql/",
                           default=PROJECT_ROOT / "dbt_like_sql")
    briefs: Path = setting("TRADEBRIEF_BRIEFS", "the briefs, one folder each", "briefs/",
                           default=PROJECT_ROOT / "briefs")
    report: Path | None = setting("TRADEBRIEF_REPORT", "the report's folder", "report/ beside the warehouse it is "
                                  "read from", default=None)
    integrity_key: Path | None = setting(
        "TRADEBRIEF_INTEGRITY_KEY", "the key that seals what a refresh may reuse; kept outside the warehouse's "
        "folder, made on first use", "$XDG_STATE_HOME/tradebrief/integrity.key (~/.local/state/...)", default=None)
    alert_webhook: str | None = setting("TRADEBRIEF_ALERT_WEBHOOK", "a URL each alert is POSTed to as JSON (Slack "
                                        "takes it)", "none", default=None)
    alert_urls: str | None = setting("TRADEBRIEF_ALERT_URLS", "apprise notification URLs (email, Teams, ...), "
                                     "separated by spaces or commas", "none", default=None)
    comtrade_api_key: str | None = setting("COMTRADE_API_KEY", "UN Comtrade's subscription key, sent as a header; "
                                           "without it only the keyless preview is fetched", "none", default=None)
    dask_address: str | None = setting("TRADEBRIEF_DASK_ADDRESS", "a Dask scheduler `tradebrief hs6` sends its "
                                       "years to", "none: a local cluster", default=None)
    home: Path | None = setting("TRADEBRIEF_HOME", "the clone a deployed flow runs from (prefect.yaml's pull step)",
                                "none: needed only to deploy", default=None)
    http: HttpSettings = field(default_factory=HttpSettings)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        return cls(**read(cls, environ), http=HttpSettings.from_env(environ))

    def report_dir(self, warehouse: Path | None = None) -> Path:
        """Where the report is written: the setting, or `report/` beside the warehouse it is read from."""
        return self.report or Path(warehouse or self.warehouse).parent / "report"

    def integrity_key_path(self) -> Path:
        """The setting, or the key in the user's state folder: outside the warehouse's folder, so that whoever can
        write the published file cannot forge a seal."""
        state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
        return self.integrity_key or state / "tradebrief" / "integrity.key"


def read(kind: type, environ: Mapping[str, str]) -> dict:
    """The fields of `kind` its variables set, each turned into the field's type; an unreadable value is refused
    with one line naming the variable."""
    values = {}
    for spec in fields(kind):
        variable = spec.metadata.get("variable")
        if variable is None or environ.get(variable) in (None, ""):
            continue
        raw = environ[variable]
        convert = {"Path": Path, "Path | None": Path, "float": float, "int": int}.get(str(spec.type), str)
        try:
            values[spec.name] = convert(raw)
        except ValueError:
            from warehouse.errors import SettingsError

            raise SettingsError(f"{variable}={raw!r} cannot be read as {spec.type}") from None
    return values


def current() -> Settings:
    """The settings as the environment gives them now."""
    return Settings.from_env()


def table() -> str:
    """The Markdown table of every variable, generated from the fields: docs/settings.md holds it."""
    lines = ["| variable | what it sets | default |", "|---|---|---|"]
    for kind in (Settings, HttpSettings):
        for spec in fields(kind):
            if "variable" in spec.metadata:
                lines.append(f"| `{spec.metadata['variable']}` | {spec.metadata['meaning']} | "
                             f"{spec.metadata['shown']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(table())
