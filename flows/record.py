"""Recording local files of real source data as snapshots, with the provenance of each.

The repository's committed snapshots were recorded this way from the public copies listed
in snapshots/README.md; `tradebrief record DIR` repeats it and records nothing twice.
"""

from dataclasses import dataclass
from pathlib import Path

from flows.sources import atlas
from warehouse.snapshots import Origin, Snapshot, SnapshotStore


@dataclass(frozen=True)
class Recording:
    """Files under `folder` (a glob from the data folder) and the public copy they were taken from."""

    source: str
    origin: Origin
    folder: str
    pattern: str
    repository: str
    commit: str
    upstream_path: str  # formatted with {name} (the file name) and {stem3} (its first three letters)


ATLAS_BY_YEAR = "784e6d18488895dcf322a82f40c919d1fe3a0b62"
ATLAS_COUNTRY = "30123cdffd7586d0ed9d5358a8d87b0d5ab24e53"

RECORDINGS = [
    Recording(atlas.SOURCE, atlas.ORIGIN, "atlas_hs92", "*.csv",
              "candrewlee14/data-viz-project", ATLAS_COUNTRY, "data/{name}"),
    Recording(atlas.SOURCE, atlas.ORIGIN, "atlas_hs92", "country_partner_hs2/*.csv",
              "candrewlee14/data-viz-project", ATLAS_COUNTRY, "data/{stem3}/{name}"),
    Recording(atlas.SOURCE, atlas.ORIGIN, "atlas_hs92", "by_year_*/*/*.csv",
              "candrewlee14/data-viz-project", ATLAS_BY_YEAR, "data/{stem3}/{name}"),
]


def record_folder(data_dir: Path, store: SnapshotStore, recorded_at: str | None = None) -> list[tuple[Snapshot, bool]]:
    """Record every file the RECORDINGS name under `data_dir`; returns each snapshot and whether it is new."""
    results = []
    for recording in RECORDINGS:
        base = Path(data_dir) / recording.folder
        for path in sorted(base.glob(recording.pattern)):
            upstream = recording.upstream_path.format(name=path.name, stem3=path.name[:3])
            request = {
                "origin_path": f"{recording.repository}@{recording.commit}:{upstream}",
                "recorded_from": f"{recording.folder}/{path.relative_to(base).as_posix()}",
            }
            name = path.relative_to(base).as_posix()
            results.append(store.put(recording.source, name, path.read_bytes(), recording.origin, request, recorded_at))
    return results
