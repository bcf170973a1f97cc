"""The snapshot store: the exact bytes a source returned, kept once under their sha256.

Layout: `<root>/<source>/<sha256>.gz` holds the gzip of the original bytes and
`<root>/<source>/<sha256>.json` its metadata sidecar. The checksum is always that of the
original bytes, and every read verifies it. Snapshots are append-only: bytes already
stored are never written again, and nothing here deletes or rewrites a snapshot.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from warehouse.errors import SnapshotError

SIDECAR = re.compile(r"[0-9a-f]{64}\.[0-9A-Za-z]+\.json")


@dataclass(frozen=True)
class Origin:
    """Who published the data and under what terms: what a citation needs."""

    producer: str
    title: str
    citation: str
    licence: str
    landing_url: str


@dataclass(frozen=True)
class Snapshot:
    """One stored snapshot: where its bytes live and what the sidecar says of them."""

    source: str
    name: str
    sha256: str
    size: int
    recorded_at: str
    origin: dict
    request: dict = field(default_factory=dict)
    path: Path = Path()

    def read_bytes(self) -> bytes:
        """Return the original bytes, refusing any that do not match the recorded sha256."""
        try:
            raw = gzip.decompress(self.path.read_bytes())
        except FileNotFoundError as error:
            raise SnapshotError(f"{self.source}: snapshot file {self.path} of {self.name} is missing") from error
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            raise SnapshotError(f"{self.source}: snapshot file {self.path} of {self.name} is unreadable: {error}") from error
        actual = hashlib.sha256(raw).hexdigest()
        if actual != self.sha256:
            raise SnapshotError(
                f"{self.source}: snapshot file {self.path} of {self.name} is corrupted: "
                f"its bytes hash to {actual}, not the recorded {self.sha256}"
            )
        return raw


@dataclass
class FetchOutcome:
    """What one source's fetch did to the store: `status` is fetched, unchanged, failed, manual or offline."""

    source: str
    status: str
    new: list[Snapshot] = field(default_factory=list)
    error: str | None = None


class SnapshotStore:
    """Append-only, content-addressed snapshots, one folder a source."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def put(self, source: str, name: str, content: bytes, origin: Origin, request: dict,
            recorded_at: str | None = None) -> tuple[Snapshot, bool]:
        """Store `content` unless these bytes are already the latest snapshot of `name`.

        Returns the snapshot and whether it is new. Files are written to a temporary name
        and renamed into place, so a crash never leaves a half-written snapshot.
        """
        sha256 = hashlib.sha256(content).hexdigest()
        latest = self.latest(source).get(name)
        if latest is not None and latest.sha256 == sha256:
            return latest, False
        folder = self.root / source
        folder.mkdir(parents=True, exist_ok=True)
        sidecar = {
            "source": source,
            "name": name,
            "sha256": sha256,
            "size": len(content),
            "recorded_at": recorded_at or datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "origin": origin.__dict__,
            "request": request,
        }
        blob = folder / f"{sha256}.gz"
        if not blob.exists():
            _write_atomically(blob, gzip.compress(content, compresslevel=9, mtime=0))
        meta = folder / f"{sha256}.{_stamp(sidecar['recorded_at'])}.json"
        _write_atomically(meta, (json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n").encode())
        return self._snapshot(sidecar), True

    def all(self, source: str) -> list[Snapshot]:
        """Every snapshot of a source, oldest first."""
        folder = self.root / source
        if not folder.is_dir():
            return []
        snapshots = []
        for meta in folder.glob("*.json"):
            if not SIDECAR.fullmatch(meta.name):
                continue  # provenance files kept beside the snapshots (licences, upstream metadata)
            try:
                sidecar = json.loads(meta.read_text())
            except (OSError, ValueError) as error:
                raise SnapshotError(f"{source}: metadata sidecar {meta} is unreadable: {error}") from error
            snapshots.append(self._snapshot(sidecar))
        return sorted(snapshots, key=lambda s: (s.recorded_at, s.name))

    def latest(self, source: str) -> dict[str, Snapshot]:
        """The newest snapshot of each name a source has."""
        return {snapshot.name: snapshot for snapshot in self.all(source)}

    def verify(self) -> tuple[int, list[str]]:
        """Read every snapshot of every source, checking its sha256; returns the count read and the problems."""
        checked, problems = 0, []
        for source in self.sources():
            for snapshot in self.all(source):
                try:
                    snapshot.read_bytes()
                    checked += 1
                except SnapshotError as error:
                    problems.append(str(error))
        return checked, problems

    def sources(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_dir()) if self.root.is_dir() else []

    def _snapshot(self, sidecar: dict) -> Snapshot:
        return Snapshot(
            source=sidecar["source"],
            name=sidecar["name"],
            sha256=sidecar["sha256"],
            size=sidecar["size"],
            recorded_at=sidecar["recorded_at"],
            origin=sidecar["origin"],
            request=sidecar.get("request", {}),
            path=self.root / sidecar["source"] / f"{sidecar['sha256']}.gz",
        )


def _stamp(recorded_at: str) -> str:
    """A file-name-safe form of the recording time, so two recordings of one blob both keep a sidecar."""
    return "".join(ch for ch in recorded_at if ch.isalnum())


def _write_atomically(path: Path, content: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        tmp.write(content)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, path)
