"""A snapshot store that cannot be tricked: sidecars checked, blobs found only beside them, names bound to bytes."""

import json

import pytest

from flows.cli import main
from tests.conftest import RECORDED
from warehouse.errors import SnapshotError
from warehouse.snapshots import Origin, SnapshotStore

WB = RECORDED.latest("worldbank")
EXPORTS, IMPORTS = WB["Export.csv"], WB["Import.csv"]  # RECORDED: two real files of one source


@pytest.fixture
def store(tmp_path):
    store = SnapshotStore(tmp_path / "snapshots")
    for snapshot in (EXPORTS, IMPORTS):
        store.put("worldbank", snapshot.name, snapshot.read_bytes(), Origin(**snapshot.origin), snapshot.request,
                  recorded_at=snapshot.recorded_at)
    return store


def sidecar_of(store, name):
    [path] = [meta for meta in store.sidecars("worldbank") if json.loads(meta.read_text())["name"] == name]
    return path


def rewrite(path, **changes):
    path.write_text(json.dumps(json.loads(path.read_text()) | changes))


def test_a_sidecar_pointing_outside_the_store_is_refused(store, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / f"{EXPORTS.sha256}.gz").write_bytes((store.root / "worldbank" / f"{EXPORTS.sha256}.gz").read_bytes())
    rewrite(sidecar_of(store, "Export.csv"), source="../outside")
    with pytest.raises(SnapshotError, match="says it is of source '../outside'"):
        store.latest("worldbank")


def test_a_name_pointed_at_another_names_bytes_is_caught(store):
    meta = sidecar_of(store, "Export.csv")
    swapped = meta.with_name(meta.name.replace(EXPORTS.sha256, IMPORTS.sha256))
    meta.rename(swapped)  # the forger renames the sidecar too, so its file name agrees with the new sha256
    rewrite(swapped, sha256=IMPORTS.sha256, size=IMPORTS.size)
    with pytest.raises(SnapshotError, match="points at bytes recorded under another name"):
        store.latest("worldbank")["Export.csv"].read_bytes()
    checked, problems, _ = store.verify()
    assert any("Export.csv" in problem and "another name" in problem for problem in problems)


def test_a_sidecar_whose_sha256_disagrees_with_its_file_name_is_refused(store):
    rewrite(sidecar_of(store, "Export.csv"), sha256=IMPORTS.sha256)
    with pytest.raises(SnapshotError, match="not the blob its file name is for"):
        store.latest("worldbank")


@pytest.mark.parametrize("change, words", [
    ({"sha256": None}, "lacks or mistypes sha256"),
    ({"size": "big"}, "lacks or mistypes size"),
    ({"origin": "nowhere"}, "lacks or mistypes origin"),
    ({"size": -1}, "a size of -1 bytes, outside 0"),
])
def test_a_sidecar_that_breaks_its_schema_is_refused_by_name(store, change, words):
    meta = sidecar_of(store, "Export.csv")
    rewrite(meta, **change)
    with pytest.raises(SnapshotError, match=words) as raised:
        store.latest("worldbank")
    assert meta.name in str(raised.value)


def test_a_sidecar_that_is_not_json_is_refused_by_name(store):
    meta = sidecar_of(store, "Export.csv")
    meta.write_text('{"source": "worldb')
    with pytest.raises(SnapshotError, match="unreadable") as raised:
        store.latest("worldbank")
    assert meta.name in str(raised.value)


def test_a_size_that_disagrees_with_the_bytes_is_refused(store):
    rewrite(sidecar_of(store, "Export.csv"), size=EXPORTS.size + 1)
    with pytest.raises(SnapshotError, match="its sidecar says"):
        store.latest("worldbank")["Export.csv"].read_bytes()


def test_verify_reports_sidecars_without_blobs_and_orphan_blobs(store):
    (store.root / "worldbank" / f"{IMPORTS.sha256}.gz").unlink()
    (store.root / "worldbank" / f"{'0' * 64}.gz").write_bytes(b"stray")
    checked, problems, orphans = store.verify()
    assert checked == 1
    assert any(f"has no blob {IMPORTS.sha256}.gz beside it" in problem for problem in problems)
    assert orphans == [f"worldbank: blob {'0' * 64}.gz has no sidecar (an orphan)"]


def test_verify_of_a_store_that_does_not_exist_fails(tmp_path, capsys):
    assert main(["verify", "--snapshots", str(tmp_path / "nowhere")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_two_names_with_the_same_bytes_in_the_same_second_keep_both_sidecars(tmp_path):
    store = SnapshotStore(tmp_path / "snapshots")
    for name in ("a.csv", "b.csv"):
        store.put("worldbank", name, EXPORTS.read_bytes(), Origin(**EXPORTS.origin), {}, recorded_at="2026-01-01T00:00:00+00:00")
    assert sorted(store.latest("worldbank")) == ["a.csv", "b.csv"]
    assert len(store.sidecars("worldbank")) == 2
    assert all(snapshot.read_bytes() == EXPORTS.read_bytes() for snapshot in store.latest("worldbank").values())
