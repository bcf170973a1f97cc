"""Recording local files of real source data as snapshots, with the provenance of each.

The repository's committed snapshots were recorded this way from the public copies listed
in snapshots/README.md; `tradebrief record DIR` repeats it and records nothing twice.
"""

from pathlib import Path

from flows.registry import SOURCES
from warehouse.errors import SnapshotError
from warehouse.files import read_input
from warehouse.snapshots import MAX_SNAPSHOT_BYTES, Snapshot, SnapshotStore


def record_folder(data_dir: Path, store: SnapshotStore, recorded_at: str | None = None) -> list[tuple[Snapshot, bool]]:
    """Record every file the sources' RECORDINGS name under `data_dir`; returns each snapshot and whether it is new.

    A folder holding none of those files is refused, naming the layouts expected: recording nothing from it is no
    success (a wrong path, or a folder of another shape).
    """
    if not Path(data_dir).is_dir():
        raise SnapshotError(f"{data_dir} is not a folder; record reads a folder of source files, one subfolder a "
                            "source's layout (atlas_hs92/..., comtrade/..., fao/...)")
    results = []
    for source in SOURCES:
        for recording in source.RECORDINGS:
            base = Path(data_dir) / recording.folder
            for path in sorted(base.glob(recording.pattern)):
                name = path.relative_to(base).as_posix()
                request: dict[str, object] = {
                    "origin_path": recording.upstream.format(name=path.name, stem3=path.name[:3]),
                    "recorded_from": f"{recording.folder}/{name}"}
                if recording.params:
                    request["params"] = recording.params
                content = read_input(path, f"record {source.SOURCE}", MAX_SNAPSHOT_BYTES, within=Path(data_dir),
                                     error=SnapshotError)
                results.append(store.put(source.SOURCE, name, content, source.ORIGIN, request, recorded_at))
    if not results:
        layouts = sorted({f"{recording.folder}/{recording.pattern}" for source in SOURCES for recording in source.RECORDINGS})
        raise SnapshotError(f"nothing in {data_dir} is laid out as a source's files, so nothing was recorded; expected "
                            f"a folder of source files such as {', '.join(layouts[:4])} "
                            f"({len(layouts)} layouts in all, each a source module's RECORDINGS)")
    return results
