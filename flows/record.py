"""Recording local files of real source data as snapshots, with the provenance of each.

The repository's committed snapshots were recorded this way from the public copies listed
in snapshots/README.md; `tradebrief record DIR` repeats it and records nothing twice.
"""

from pathlib import Path

from flows.registry import SOURCES
from warehouse.snapshots import Snapshot, SnapshotStore


def record_folder(data_dir: Path, store: SnapshotStore, recorded_at: str | None = None) -> list[tuple[Snapshot, bool]]:
    """Record every file the sources' RECORDINGS name under `data_dir`; returns each snapshot and whether it is new."""
    results = []
    for source in SOURCES:
        for recording in source.RECORDINGS:
            base = Path(data_dir) / recording.folder
            for path in sorted(base.glob(recording.pattern)):
                name = path.relative_to(base).as_posix()
                request = {"origin_path": recording.upstream.format(name=path.name, stem3=path.name[:3]),
                           "recorded_from": f"{recording.folder}/{name}"}
                if recording.params:
                    request["params"] = recording.params
                results.append(store.put(source.SOURCE, name, path.read_bytes(), source.ORIGIN, request, recorded_at))
    return results
