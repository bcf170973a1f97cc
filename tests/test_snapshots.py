import gzip
import hashlib

import pytest

from warehouse.errors import SnapshotError
from warehouse.snapshots import Origin, SnapshotStore, name_digest

ORIGIN = Origin(producer="p", title="t", citation="c", licence="l", landing_url="https://example.org")
CONTENT = b"location_id,partner_id\n178,43\n"


def test_snapshot_round_trips_and_is_addressed_by_the_sha256_of_the_original_bytes(tmp_path):
    store = SnapshotStore(tmp_path)
    snapshot, new = store.put("atlas_hs92", "a.csv", CONTENT, ORIGIN, {"url": "https://example.org/a.csv"})

    assert new
    assert snapshot.sha256 == hashlib.sha256(CONTENT).hexdigest()
    assert snapshot.path.name == f"{snapshot.sha256}.gz"
    assert gzip.decompress(snapshot.path.read_bytes()) == CONTENT
    assert store.latest("atlas_hs92")["a.csv"].read_bytes() == CONTENT


def test_sidecar_keeps_origin_request_time_size_and_checksum(tmp_path):
    store = SnapshotStore(tmp_path)
    store.put("atlas_hs92", "a.csv", CONTENT, ORIGIN, {"url": "https://example.org/a.csv"}, recorded_at="2026-01-02T03:04:05+00:00")

    snapshot = SnapshotStore(tmp_path).latest("atlas_hs92")["a.csv"]
    assert snapshot.origin == ORIGIN.__dict__
    assert snapshot.request == {"url": "https://example.org/a.csv"}
    assert snapshot.recorded_at == "2026-01-02T03:04:05+00:00"
    assert snapshot.size == len(CONTENT)


def test_identical_bytes_record_no_new_snapshot(tmp_path):
    store = SnapshotStore(tmp_path)
    store.put("atlas_hs92", "a.csv", CONTENT, ORIGIN, {})
    _, new = store.put("atlas_hs92", "a.csv", CONTENT, ORIGIN, {})

    assert not new
    assert len(store.all("atlas_hs92")) == 1


def test_changed_bytes_are_appended_and_become_the_latest(tmp_path):
    store = SnapshotStore(tmp_path)
    first, _ = store.put("atlas_hs92", "a.csv", CONTENT, ORIGIN, {}, recorded_at="2026-01-01T00:00:00+00:00")
    second, new = store.put("atlas_hs92", "a.csv", CONTENT + b"186,43\n", ORIGIN, {}, recorded_at="2026-02-01T00:00:00+00:00")

    assert new
    assert [s.sha256 for s in store.all("atlas_hs92")] == [first.sha256, second.sha256]
    assert store.latest("atlas_hs92")["a.csv"].sha256 == second.sha256
    assert first.read_bytes() == CONTENT


def test_reading_a_corrupted_snapshot_names_the_file(tmp_path):
    store = SnapshotStore(tmp_path)
    snapshot, _ = store.put("atlas_hs92", "a.csv", CONTENT, ORIGIN, {})
    snapshot.path.write_bytes(gzip.compress(CONTENT.replace(b"178", b"179")))

    with pytest.raises(SnapshotError, match=f"{snapshot.path}.*corrupted"):
        snapshot.read_bytes()


def test_reading_a_missing_snapshot_names_the_file(tmp_path):
    store = SnapshotStore(tmp_path)
    snapshot, _ = store.put("atlas_hs92", "a.csv", CONTENT, ORIGIN, {})
    snapshot.path.unlink()

    with pytest.raises(SnapshotError, match=f"{snapshot.path} does not exist"):
        snapshot.read_bytes()


def test_truncated_compressed_file_is_reported_unreadable(tmp_path):
    store = SnapshotStore(tmp_path)
    snapshot, _ = store.put("atlas_hs92", "a.csv", CONTENT * 100, ORIGIN, {})
    snapshot.path.write_bytes(snapshot.path.read_bytes()[:20])

    with pytest.raises(SnapshotError, match=f"{snapshot.path}.*unreadable"):
        snapshot.read_bytes()


def test_every_committed_snapshot_of_every_source_matches_its_checksum_and_name():
    from flows.registry import SOURCES
    from tests.conftest import RECORDED

    assert RECORDED.sources() == sorted(source.SOURCE for source in SOURCES)
    checked, problems, orphans = RECORDED.verify()
    assert problems == [] and orphans == []
    assert checked == sum(len(RECORDED.all(source.SOURCE)) for source in SOURCES)
    assert all(RECORDED.all(source.SOURCE) for source in SOURCES)  # every registered source ships its real data
    for source in RECORDED.sources():
        for snapshot in RECORDED.all(source):
            content = snapshot.read_bytes()
            assert hashlib.sha256(content).hexdigest() == snapshot.sha256
            assert name_digest(source, snapshot.name, content) == snapshot.name_sha256


def test_provenance_files_beside_the_snapshots_are_not_taken_for_sidecars(tmp_path):
    store = SnapshotStore(tmp_path)
    store.put("imf", "a.csv", CONTENT, ORIGIN, {})
    (tmp_path / "imf" / "unemployment-rate-imf.metadata.json").write_text('{"chart": {}}')
    (tmp_path / "imf" / "LICENSE").write_text("MIT")

    assert list(store.latest("imf")) == ["a.csv"]
