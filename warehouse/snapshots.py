"""The snapshot store: the exact bytes a source returned, kept once under their sha256.

Layout: `<root>/<source>/<sha256>.gz` holds the gzip of the original bytes and
`<root>/<source>/<sha256>.<time>.<name digest>.json` its metadata sidecar (one per name and
recording, so two names with the same bytes recorded in one second keep both). The checksum
is always that of the original bytes, and every read verifies it, and also `name_sha256`, a
digest of the source, the name and the bytes together: a sidecar pointed at another name's
bytes fails it. A sidecar is checked against its schema when read, and its blob is only ever
looked for in the sidecar's own folder, whatever the sidecar says. Snapshots are append-only:
bytes already stored are never written again, and nothing here deletes or rewrites a snapshot.
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

SIDECAR = re.compile(r"[0-9a-f]{64}\.[0-9A-Za-z]+(\.[0-9a-f]{8})?\.json")
SIDECAR_KEYS = {"source": str, "name": str, "sha256": str, "size": int, "recorded_at": str, "origin": dict}


def name_digest(source: str, name: str, content: bytes) -> str:
    """The digest that ties a name of a source to its bytes: a sidecar moved onto other bytes no longer matches."""
    return hashlib.sha256(f"{source}/{name}\n".encode() + content).hexdigest()


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
    name_sha256: str | None = None

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
        if self.name_sha256 is not None and name_digest(self.source, self.name, raw) != self.name_sha256:
            raise SnapshotError(f"{self.source}: the sidecar of {self.name} points at bytes recorded under another "
                                f"name ({self.path.name}): its name_sha256 does not match them")
        if len(raw) != self.size:
            raise SnapshotError(f"{self.source}: {self.name} is {len(raw):,} bytes, its sidecar says {self.size:,}")
        return raw

    def head(self, size: int) -> bytes:
        """The first `size` original bytes, unchecked: a glance at the layout of a snapshot whose whole bytes this run
        has read and checked already (read_bytes), without decompressing them all again."""
        try:
            with gzip.open(self.path) as handle:
                return handle.read(size)
        except (OSError, EOFError) as error:
            raise SnapshotError(f"{self.source}: snapshot file {self.path} of {self.name} is unreadable: {error}") from error


@dataclass
class FetchOutcome:
    """What one source's fetch did to the store: `status` is fetched, unchanged, failed, manual or offline."""

    source: str
    status: str
    new: list[Snapshot] = field(default_factory=list)
    error: str | None = None
    host: str | None = None  # the host the fetch last asked, for an alert to name


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
            "name_sha256": name_digest(source, name, content),
        }
        blob = folder / f"{sha256}.gz"
        if not blob.exists():
            _write_atomically(blob, gzip.compress(content, compresslevel=9, mtime=0))
        meta = folder / f"{sha256}.{_stamp(sidecar['recorded_at'])}.{hashlib.sha256(name.encode()).hexdigest()[:8]}.json"
        _write_atomically(meta, (json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n").encode())
        return self._snapshot(sidecar), True

    def all(self, source: str) -> list[Snapshot]:
        """Every snapshot of a source, oldest first."""
        folder = self.root / source
        if not folder.is_dir():
            return []
        snapshots = []
        for meta in self.sidecars(source):
            snapshots.append(self._snapshot(read_sidecar(meta, source), folder))
        return sorted(snapshots, key=lambda s: (s.recorded_at, s.name))

    def sidecars(self, source: str) -> list[Path]:
        """The sidecar files of a source; other JSON beside them (licences, upstream metadata) is not one."""
        return sorted(meta for meta in (self.root / source).glob("*.json") if SIDECAR.fullmatch(meta.name))

    def latest(self, source: str) -> dict[str, Snapshot]:
        """The newest snapshot of each name a source has."""
        return {snapshot.name: snapshot for snapshot in self.all(source)}

    def verify(self) -> tuple[int, list[str], list[str]]:
        """Read every snapshot of every source, checking sidecar, checksum and name.

        Returns the count read, the problems (a bad sidecar or checksum, a sidecar whose blob is
        missing) and the orphans: blobs no sidecar names. An orphan is reported, not a problem: a
        recording killed between writing a blob and its sidecar leaves one, whole and unused.
        """
        if not self.root.is_dir():
            return 0, [f"the snapshot store {self.root} does not exist"], []
        checked, problems, orphans = 0, [], []
        for source in self.sources():
            named = set()
            for meta in self.sidecars(source):
                try:
                    snapshot = self._snapshot(read_sidecar(meta, source), self.root / source)
                    named.add(snapshot.path.name)
                    snapshot.read_bytes()
                    checked += 1
                except SnapshotError as error:
                    problems.append(str(error))
            for blob in sorted((self.root / source).glob("*.gz")):
                if blob.name not in named:
                    orphans.append(f"{source}: blob {blob.name} has no sidecar (an orphan)")
        return checked, problems, orphans

    def sources(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_dir()) if self.root.is_dir() else []

    def _snapshot(self, sidecar: dict, folder: Path | None = None) -> Snapshot:
        """The snapshot a sidecar describes; its blob is in the sidecar's own folder, never where the sidecar points."""
        folder = folder or self.root / sidecar["source"]
        return Snapshot(
            source=sidecar["source"],
            name=sidecar["name"],
            sha256=sidecar["sha256"],
            size=sidecar["size"],
            recorded_at=sidecar["recorded_at"],
            origin=sidecar["origin"],
            request=sidecar.get("request", {}),
            path=folder / f"{sidecar['sha256']}.gz",
            name_sha256=sidecar.get("name_sha256"),
        )


def read_sidecar(meta: Path, source: str) -> dict:
    """A sidecar's fields, checked: every key of its kind, a sha256 that names a blob in this folder, its own source."""
    try:
        sidecar = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as error:
        raise SnapshotError(f"{source}: metadata sidecar {meta} is unreadable: {error}") from error
    if not isinstance(sidecar, dict):
        raise SnapshotError(f"{source}: metadata sidecar {meta} is not a JSON object")
    wrong = [key for key, kind in SIDECAR_KEYS.items() if not isinstance(sidecar.get(key), kind)]
    if wrong:
        raise SnapshotError(f"{source}: metadata sidecar {meta} lacks or mistypes {', '.join(wrong)}")
    if sidecar["source"] != source:
        raise SnapshotError(f"{source}: metadata sidecar {meta} says it is of source {sidecar['source']!r}; a sidecar "
                            "describes only the snapshots of its own folder")
    if not re.fullmatch(r"[0-9a-f]{64}", sidecar["sha256"]) or not meta.name.startswith(sidecar["sha256"] + "."):
        raise SnapshotError(f"{source}: metadata sidecar {meta} names sha256 {sidecar['sha256']!r}, not the blob its "
                            "file name is for")
    if sidecar["size"] < 0:
        raise SnapshotError(f"{source}: metadata sidecar {meta} gives a negative size")
    if not (meta.parent / f"{sidecar['sha256']}.gz").is_file():
        raise SnapshotError(f"{source}: metadata sidecar {meta} has no blob {sidecar['sha256']}.gz beside it")
    return sidecar


def _stamp(recorded_at: str) -> str:
    """A file-name-safe form of the recording time, so two recordings of one blob both keep a sidecar."""
    return "".join(ch for ch in recorded_at if ch.isalnum())


def _write_atomically(path: Path, content: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        tmp.write(content)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, path)
