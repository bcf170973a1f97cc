"""Symlinks, special files, inflated blobs and forged sidecars: what record, refresh and verify may read.

Each case failed on the code before issue 27: `record` read any path its glob found (a symlink to /proc/self/environ
stored the process's secrets as a snapshot, one to /dev/zero streamed gigabytes, a FIFO hung), a snapshot blob was
opened through a symlink and decompressed whole, a sidecar with its name_sha256 removed was trusted, and the lock
file beside the warehouse was written through a symlink planted in its place.
"""

import gzip
import json
import os
import threading

import pytest

from flows.record import record_folder
from tests.conftest import RECORDED
from warehouse.errors import RefreshError, SnapshotError
from warehouse.kept import keep
from warehouse.publish import refresh_lock
from warehouse.snapshots import Origin, SnapshotStore

ILO = RECORDED.latest("ilo")["unemployment.csv"]  # a real one-file source: ilo/unemployment.csv


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data" / "ilo"
    folder.mkdir(parents=True)
    return folder


def test_a_symlink_to_a_secret_is_refused_not_recorded(data, tmp_path, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", "secret-key-of-the-test")
    (data / "unemployment.csv").symlink_to("/proc/self/environ")
    store = SnapshotStore(tmp_path / "snapshots")
    with pytest.raises(SnapshotError, match="unemployment.csv cannot be opened as a regular file"):
        record_folder(tmp_path / "data", store)
    assert not (tmp_path / "snapshots").exists() or not any((tmp_path / "snapshots").rglob("*.gz"))


def test_a_folder_reached_through_a_symlink_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "unemployment.csv").write_bytes(ILO.read_bytes())
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "ilo").symlink_to(elsewhere)  # the source's folder itself is a link out of DATA_DIR
    with pytest.raises(SnapshotError, match="through the symlink"):
        record_folder(tmp_path / "data", SnapshotStore(tmp_path / "snapshots"))


def test_a_device_is_refused_at_once(data, tmp_path):
    (data / "unemployment.csv").symlink_to("/dev/zero")  # a link is refused before the device is even opened
    with pytest.raises(SnapshotError, match="cannot be opened as a regular file"):
        record_folder(tmp_path / "data", SnapshotStore(tmp_path / "snapshots"))


def test_a_named_pipe_is_refused_without_hanging(data, tmp_path):
    os.mkfifo(data / "unemployment.csv")  # nothing ever writes to it: a blocking open or read would wait for ever
    outcome = []

    def record():
        try:
            record_folder(tmp_path / "data", SnapshotStore(tmp_path / "snapshots"))
        except SnapshotError as error:
            outcome.append(str(error))

    worker = threading.Thread(target=record, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive() and len(outcome) == 1 and "is not a regular file" in outcome[0]


@pytest.fixture
def store(tmp_path):
    store = SnapshotStore(tmp_path / "snapshots")
    store.put("ilo", ILO.name, ILO.read_bytes(), Origin(**ILO.origin), ILO.request, recorded_at=ILO.recorded_at)
    return store


def test_a_blob_replaced_by_a_symlink_is_refused(store, tmp_path):
    [snapshot] = store.latest("ilo").values()
    target = tmp_path / "elsewhere.gz"
    target.write_bytes(snapshot.path.read_bytes())
    snapshot.path.unlink()
    snapshot.path.symlink_to(target)
    with pytest.raises(SnapshotError, match="a symlink is not followed"):
        snapshot.read_bytes()
    assert store.verify()[1]  # verify names it as a problem too


def test_a_blob_that_inflates_past_its_sidecars_size_stops_there(store):
    [snapshot] = store.latest("ilo").values()
    bomb = gzip.compress(ILO.read_bytes() + b"\0" * 50_000_000, compresslevel=9)  # 50 MB more, a few kB compressed
    snapshot.path.write_bytes(bomb)
    with pytest.raises(SnapshotError, match="holds more than the"):
        snapshot.read_bytes()


@pytest.mark.parametrize("change", [{"name_sha256": None}, {"name_sha256": "0" * 12}])
def test_a_sidecar_without_a_valid_name_sha256_is_not_trusted(store, change):
    [meta] = store.sidecars("ilo")
    sidecar = json.loads(meta.read_text())
    if change["name_sha256"] is None:
        del sidecar["name_sha256"]
    else:
        sidecar |= change
    meta.write_text(json.dumps(sidecar))
    with pytest.raises(SnapshotError, match="name_sha256"):
        store.latest("ilo")
    assert any("name_sha256" in problem for problem in store.verify()[1])


def test_the_lock_and_kept_files_are_never_written_through_a_symlink(tmp_path):
    published = tmp_path / "tradebrief.duckdb"
    victim = tmp_path / "victim.txt"
    victim.write_text("an analyst's file\n")
    published.with_name(published.name + ".lock").symlink_to(victim)
    with pytest.raises(RefreshError, match="lock"):
        with refresh_lock(published):
            pass
    published.with_name(published.name + ".failed-runs.jsonl").symlink_to(victim)
    with pytest.raises(RefreshError, match="failed-runs.jsonl"):
        keep(published, "failed-runs", [{"run_id": "x"}])
    assert victim.read_text() == "an analyst's file\n"


def test_a_recording_dated_in_the_future_is_refused_at_record_and_at_read(store, tmp_path):
    with pytest.raises(SnapshotError, match="in the future"):
        store.put("ilo", "unemployment.csv", ILO.read_bytes() + b"\n", Origin(**ILO.origin), {},
                  recorded_at="2099-01-01T00:00:00+00:00")
    [meta] = store.sidecars("ilo")
    meta.write_text(json.dumps(json.loads(meta.read_text()) | {"recorded_at": "2099-01-01T00:00:00+00:00"}))
    with pytest.raises(SnapshotError, match="dated 2099-01-01T00:00:00\\+00:00, in the future"):
        store.latest("ilo")


def test_the_newest_snapshot_is_the_last_recorded_whatever_date_a_sidecar_claims(store):
    older = ILO.read_bytes()
    newer = older.replace(b"\n", b"\r\n", 1)  # other bytes, recorded after the first
    snapshot, is_new = store.put("ilo", ILO.name, newer, Origin(**ILO.origin), {}, recorded_at="2020-01-01T00:00:00+00:00")
    assert is_new and store.latest("ilo")[ILO.name].sha256 == snapshot.sha256  # dated earlier, recorded later: it wins
    forged = store.root / "ilo" / f"{ILO.sha256}.20260101T000000.abcdef12.json"  # a sidecar put there by hand
    [first] = [m for m in store.sidecars("ilo") if m.name.startswith(ILO.sha256)]
    forged.write_text(json.dumps(json.loads(first.read_text()) | {"recorded_at": "2026-01-01T00:00:00+00:00"}))
    assert store.latest("ilo")[ILO.name].sha256 == snapshot.sha256  # the store never recorded it: it ranks first
