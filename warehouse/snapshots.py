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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warehouse.errors import SnapshotError
from warehouse.files import open_regular, read_input

SIDECAR = re.compile(r"[0-9a-f]{64}\.[0-9A-Za-z]+(\.[0-9a-f]{8})?\.json")
SIDECAR_KEYS = {"source": str, "name": str, "sha256": str, "size": int, "recorded_at": str, "origin": dict,
                "name_sha256": str}
MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024  # one snapshot's original bytes at most: what one source's fetch may read
MAX_SIDECAR_BYTES = 1024 * 1024
CLOCK_SKEW = timedelta(minutes=10)  # how far ahead of this machine's clock another machine's recording may be dated
JOURNAL = "recordings.log"  # in each source's folder: its sidecars' names in the order the store recorded them


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
    name_sha256: str = ""

    def read_bytes(self) -> bytes:
        """Return the original bytes, refusing any that do not match the recorded sha256.

        The blob is opened without following a symlink, and decompressed no further than one byte past the size its
        sidecar gives, which is itself bounded: a blob that inflates further is refused before it fills memory.
        """
        raw = self.inflate(self.size + 1)
        if len(raw) > self.size:
            raise SnapshotError(f"{self.source}: snapshot file {self.path} of {self.name} is corrupted: it holds more "
                                f"than the {self.size:,} bytes its sidecar gives")
        actual = hashlib.sha256(raw).hexdigest()
        if actual != self.sha256:
            raise SnapshotError(
                f"{self.source}: snapshot file {self.path} of {self.name} is corrupted: "
                f"its bytes hash to {actual}, not the recorded {self.sha256}"
            )
        if name_digest(self.source, self.name, raw) != self.name_sha256:
            raise SnapshotError(f"{self.source}: the sidecar of {self.name} points at bytes recorded under another "
                                f"name ({self.path.name}): its name_sha256 does not match them")
        if len(raw) != self.size:
            raise SnapshotError(f"{self.source}: {self.name} is {len(raw):,} bytes, its sidecar says {self.size:,}")
        return raw

    def head(self, size: int) -> bytes:
        """The first `size` original bytes, unchecked: a glance at the layout of a snapshot whose whole bytes this run
        has read and checked already (read_bytes), without decompressing them all again."""
        return self.inflate(size)

    def inflate(self, limit: int) -> bytes:
        """At most `limit` original bytes of the blob, opened without following a symlink."""
        try:
            with open_regular(self.path, f"{self.source}: snapshot file of {self.name}", error=SnapshotError) as blob:
                return gzip.GzipFile(fileobj=blob).read(limit)
        except (OSError, EOFError, gzip.BadGzipFile) as error:
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
        if recorded_at is not None:
            recording_time(recorded_at, f"{source}: the recording of {name}")
        sidecar = {
            "source": source,
            "name": name,
            "sha256": sha256,
            "size": len(content),
            "recorded_at": recorded_at or datetime.now(UTC).isoformat(timespec="seconds"),
            "origin": origin.__dict__,
            "request": request,
            "name_sha256": name_digest(source, name, content),
        }
        blob = folder / f"{sha256}.gz"
        if not blob.exists():
            _write_atomically(blob, gzip.compress(content, compresslevel=9, mtime=0))
        meta = folder / f"{sha256}.{_stamp(str(sidecar['recorded_at']))}.{hashlib.sha256(name.encode()).hexdigest()[:8]}.json"
        with open_regular(folder / JOURNAL, f"{source}: the store's journal", "a", error=SnapshotError) as journal:
            journal.write(meta.name + "\n")  # first: a crash before the sidecar leaves a line that names nothing
            journal.flush()
            os.fsync(journal.fileno())
        _write_atomically(meta, (json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n").encode())
        return self._snapshot(sidecar), True

    def all(self, source: str) -> list[Snapshot]:
        """Every snapshot of a source, oldest first, in the order the store recorded them (its journal), not by the
        date a sidecar claims; sidecars the journal does not name (a store from before it, or one put there by hand)
        come first, by their dates, so they never outrank a recording."""
        folder = self.root / source
        if not folder.is_dir():
            return []
        order = self.journal(source)
        snapshots = [(order.get(meta.name, -1), self._snapshot(read_sidecar(meta, source), folder))
                     for meta in self.sidecars(source)]
        return [snapshot for _, snapshot in sorted(snapshots, key=lambda s: (s[0], s[1].recorded_at, s[1].name))]

    def journal(self, source: str) -> dict[str, int]:
        """Each journaled sidecar's place in the order of recording."""
        path = self.root / source / JOURNAL
        if not path.exists():
            return {}
        lines = read_input(path, f"{source}: the store's journal", MAX_SIDECAR_BYTES * 64, error=SnapshotError)
        return {name: place for place, name in enumerate(lines.decode("utf-8", errors="replace").split())}

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
            name_sha256=sidecar["name_sha256"],
        )


def read_sidecar(meta: Path, source: str) -> dict:
    """A sidecar's fields, checked: every key of its kind, a sha256 that names a blob in this folder, its own source."""
    try:
        sidecar = json.loads(read_input(meta, f"{source}: metadata sidecar", MAX_SIDECAR_BYTES, error=SnapshotError))
    except (OSError, ValueError, RecursionError) as error:
        raise SnapshotError(f"{source}: metadata sidecar {meta} is unreadable: {error}") from error
    if not isinstance(sidecar, dict):
        raise SnapshotError(f"{source}: metadata sidecar {meta} is not a JSON object")
    wrong = [key for key, kind in SIDECAR_KEYS.items() if not isinstance(sidecar.get(key), kind)]
    if wrong:
        raise SnapshotError(f"{source}: metadata sidecar {meta} lacks or mistypes {', '.join(wrong)}"
                            + ("; a sidecar without name_sha256, which ties its name to its bytes, is not trusted"
                               if "name_sha256" in wrong else ""))
    if sidecar["source"] != source:
        raise SnapshotError(f"{source}: metadata sidecar {meta} says it is of source {sidecar['source']!r}; a sidecar "
                            "describes only the snapshots of its own folder")
    if not re.fullmatch(r"[0-9a-f]{64}", sidecar["sha256"]) or not meta.name.startswith(sidecar["sha256"] + "."):
        raise SnapshotError(f"{source}: metadata sidecar {meta} names sha256 {sidecar['sha256']!r}, not the blob its "
                            "file name is for")
    if not 0 <= sidecar["size"] <= MAX_SNAPSHOT_BYTES:
        raise SnapshotError(f"{source}: metadata sidecar {meta} gives a size of {sidecar['size']:,} bytes, outside 0 to "
                            f"{MAX_SNAPSHOT_BYTES:,}")
    if not re.fullmatch(r"[0-9a-f]{64}", sidecar["name_sha256"]):
        raise SnapshotError(f"{source}: metadata sidecar {meta} has no valid name_sha256, which ties its name to its "
                            "bytes; a sidecar without it is not trusted")
    recording_time(sidecar["recorded_at"], f"{source}: metadata sidecar {meta}")
    if not (meta.parent / f"{sidecar['sha256']}.gz").is_file():
        raise SnapshotError(f"{source}: metadata sidecar {meta} has no blob {sidecar['sha256']}.gz beside it")
    return sidecar


def recording_time(recorded_at: str, where: str) -> datetime:
    """When a snapshot was recorded; a time that is not ISO 8601 or lies ahead of this machine's clock (beyond a small
    skew) is refused: a snapshot dated 2099 would otherwise outrank every later recording and make its data look
    fresh for decades."""
    try:
        when = datetime.fromisoformat(recorded_at)
    except ValueError:
        raise SnapshotError(f"{where} is dated {recorded_at!r}, which is not an ISO 8601 time") from None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    if when > datetime.now(UTC) + CLOCK_SKEW:
        raise SnapshotError(f"{where} is dated {recorded_at}, in the future; a recording cannot be dated after it "
                            "was made")
    return when


def _stamp(recorded_at: str) -> str:
    """A file-name-safe form of the recording time, so two recordings of one blob both keep a sidecar."""
    return "".join(ch for ch in recorded_at if ch.isalnum())


def _write_atomically(path: Path, content: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        tmp.write(content)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, path)
