"""Records kept beside the warehouse until the next published run takes them into `meta`.

A refresh that fails publishes nothing and may not write into the published file (readers
hold it), so what it must not lose (its row of meta.runs, its alerts) waits in a JSON-lines
file named after the warehouse and the kind of record. Each line is checked against its
schema when read (schemas/kept.py): a truncated, malformed or forged line is moved aside to
`<file>.rejected` with a warning naming the file and line, and the refresh goes on.
"""

import json
import logging
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from schemas.kept import KeptAlert, KeptDelivery, KeptRun
from warehouse.files import open_regular, read_input

SCHEMAS = {"failed-runs": KeptRun, "pending-alerts": KeptAlert, "delivered-alerts": KeptDelivery}

log = logging.getLogger(__name__)


def kept_file(published: Path, kind: str) -> Path:
    return published.with_name(f"{published.name}.{kind}.jsonl")


def keep(published: Path, kind: str, records: list[dict]) -> None:
    with open_regular(kept_file(published, kind), "kept records", "a") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")


def kept(published: Path, kind: str) -> list[dict]:
    """The valid records of a kind; each invalid line is moved aside with the reason, and a warning names it."""
    path = kept_file(published, kind)
    if not path.exists():
        return []
    records, rejected = [], {}
    text = read_input(path, "kept records").decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        problem = check_line(line, SCHEMAS[kind])
        if problem:
            rejected[number] = (line, problem)
        else:
            records.append(json.loads(line))
    if rejected:
        set_aside(path, rejected)
    return records


def check_line(line: str, schema: type[pa.DataFrameModel]) -> str | None:
    """Why a kept line may not be taken into meta, or None when it may."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        return f"not JSON: {error}"
    if not isinstance(record, dict) or not all(isinstance(value, str) for value in record.values()):
        return "not an object of text fields"
    try:
        schema.validate(pd.DataFrame([record]), lazy=True)
    except pa.errors.SchemaErrors as errors:
        return "breaks " + ", ".join(sorted(set(errors.failure_cases["check"].astype(str))))
    return None


def set_aside(path: Path, rejected: dict[int, tuple[str, str]]) -> None:
    """Append the rejected lines, each with its line number and reason, to `<file>.rejected`, and warn of each."""
    with open_regular(path.with_name(path.name + ".rejected"), "kept records", "a") as aside:
        for number, (line, reason) in sorted(rejected.items()):
            log.warning("%s line %d was set aside, not taken into meta: %s", path, number, reason)
            aside.write(json.dumps({"line": number, "reason": reason, "text": line}) + "\n")


def forget(published: Path, *kinds: str) -> None:
    """Called once the run that took the kept records is published."""
    for kind in kinds:
        kept_file(published, kind).unlink(missing_ok=True)
