"""Records kept beside the warehouse until the next published run takes them into `meta`.

A refresh that fails publishes nothing and may not write into the published file (readers
hold it), so what it must not lose (its row of meta.runs, its alerts) waits in a JSON-lines
file named after the warehouse and the kind of record.
"""

import json
from pathlib import Path


def kept_file(published: Path, kind: str) -> Path:
    return published.with_name(f"{published.name}.{kind}.jsonl")


def keep(published: Path, kind: str, records: list[dict]) -> None:
    with open(kept_file(published, kind), "a") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")


def kept(published: Path, kind: str) -> list[dict]:
    path = kept_file(published, kind)
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def forget(published: Path, *kinds: str) -> None:
    """Called once the run that took the kept records is published."""
    for kind in kinds:
        kept_file(published, kind).unlink(missing_ok=True)
