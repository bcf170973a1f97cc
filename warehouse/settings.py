"""Where tradebrief keeps its snapshots, models and warehouse; each can be moved by an environment variable."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def snapshot_root() -> Path:
    return Path(os.environ.get("TRADEBRIEF_SNAPSHOTS", PROJECT_ROOT / "snapshots"))


def warehouse_path() -> Path:
    return Path(os.environ.get("TRADEBRIEF_WAREHOUSE", PROJECT_ROOT / "warehouse" / "tradebrief.duckdb"))


def models_root() -> Path:
    return Path(os.environ.get("TRADEBRIEF_MODELS", PROJECT_ROOT / "dbt_like_sql"))


def briefs_root() -> Path:
    """The folder of briefs, one folder each (briefs/<slug>/)."""
    return Path(os.environ.get("TRADEBRIEF_BRIEFS", PROJECT_ROOT / "briefs"))


def hs6_warehouse_path() -> Path:
    return Path(os.environ.get("TRADEBRIEF_HS6_WAREHOUSE", PROJECT_ROOT / "warehouse" / "tradebrief_hs6.duckdb"))


def report_dir(warehouse: Path | None = None) -> Path:
    """Where the report is written: $TRADEBRIEF_REPORT, or `report/` beside the warehouse it is read from."""
    return Path(os.environ.get("TRADEBRIEF_REPORT", Path(warehouse or warehouse_path()).parent / "report"))


def integrity_key_path() -> Path:
    """The key that seals what a run may reuse: $TRADEBRIEF_INTEGRITY_KEY, or one in the user's state folder, outside
    the warehouse's folder so that whoever can write the published file cannot forge a seal."""
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return Path(os.environ.get("TRADEBRIEF_INTEGRITY_KEY", state / "tradebrief" / "integrity.key"))
