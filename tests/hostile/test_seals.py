"""Whoever can write the published file cannot make a refresh republish an edit or skip a failing test.

Each case publishes a small warehouse, edits it the way an attacker with write access would
(a table's rows, a forged meta row), and refreshes again. Before seals, a table or a passed test was
reused on its meta row alone: the edit was republished as a new successful run (issue 27, class 10).
"""

import shutil

import duckdb
import pytest

from flows.refresh import refresh, seed_fingerprints
from tests.conftest import copy_recorded
from warehouse import seals, settings
from warehouse.data_tests import data_test_fingerprint
from warehouse.errors import DataTestsFailed
from warehouse.snapshots import SnapshotStore

LAST = "(select run_id from meta.runs where status = 'success' order by finished_at desc limit 1)"


@pytest.fixture(scope="module")
def published(prefect_server, tmp_path_factory):
    """A small warehouse built from real Atlas snapshots, with its own copy of the models."""
    root = tmp_path_factory.mktemp("sealed")
    copy_recorded(SnapshotStore(root / "snapshots"))
    shutil.copytree(settings.current().models, root / "models")
    refresh(snapshot_dir=str(root / "snapshots"), warehouse=str(root / "tradebrief.duckdb"), models_dir=str(root / "models"))
    return root


@pytest.fixture
def case(published, tmp_path):
    shutil.copytree(published, tmp_path / "case")
    return tmp_path / "case"


def again(root, **options) -> None:
    refresh(snapshot_dir=str(root / "snapshots"), warehouse=str(root / "tradebrief.duckdb"),
            models_dir=str(root / "models"), **options)


def read(root, sql: str) -> list[tuple]:
    with duckdb.connect(str(root / "tradebrief.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def edit(root, *statements: str) -> None:
    with duckdb.connect(str(root / "tradebrief.duckdb")) as con:
        for statement in statements:
            con.execute(statement)


def test_an_edited_mart_is_built_again_not_republished(case):
    truth = read(case, "select * from marts.trade_complementarity order by all")
    edit(case, "update marts.trade_complementarity set tci = tci * 1000")
    again(case)
    assert read(case, "select * from marts.trade_complementarity order by all") == truth
    assert read(case, f"select reused from meta.models where run_id = {LAST} and model = 'marts.trade_complementarity'") \
        == [(False,)]


def test_an_edited_raw_table_is_parsed_again_from_its_snapshots(case):
    truth = read(case, "select count(*), sum(export_value) from raw.atlas_trade")
    edit(case, "delete from raw.atlas_trade where reporter_iso3 = 'PRK'")
    again(case)
    assert read(case, "select count(*), sum(export_value) from raw.atlas_trade") == truth
    assert read(case, f"select reused from meta.source_status where run_id = {LAST} and source = 'atlas_hs92'") == [(False,)]


def test_a_seal_copied_from_another_row_does_not_vouch_for_an_edit(case):
    # the attacker edits a table and also rewrites its meta row's seal with another table's: neither matches
    edit(case, "update marts.trade_complementarity set tci = -1",
         f"update meta.models set seal = (select seal from meta.models where run_id = {LAST} "
         f"and model = 'marts.export_structure') where model = 'marts.trade_complementarity'")
    again(case)
    assert read(case, "select count(*) from marts.trade_complementarity where tci = -1") == [(0,)]


@pytest.mark.parametrize("seal", ["null", f"(select seal from meta.test_results where run_id = {LAST} and seal is not null "
                                  f"limit 1)"])
def test_a_forged_pass_does_not_skip_a_failing_data_test(case, seal):
    # A new data test fails on today's tables. The attacker computes its fingerprint as the refresh will (from the
    # test's SQL and the seed it reads, both in the open) and inserts a pass for it into the last run, with no seal or
    # with another test's.
    test = case / "models" / "tests" / "briefs_are_empty.sql"
    test.write_text("-- fails for every brief\nselect brief from seeds.briefs\n")
    forged = data_test_fingerprint(test, test.read_text().strip(), seed_fingerprints(case / "models", settings.current().briefs))
    edit(case, f"insert into meta.test_results (run_id, test, status, failing_rows, fingerprint, reused) "
               f"select {LAST}, 'briefs_are_empty', 'pass', 0, '{forged}', false",
         f"update meta.test_results set seal = {seal} where test = 'briefs_are_empty'")
    before = (case / "tradebrief.duckdb").read_bytes()
    with pytest.raises(DataTestsFailed, match="briefs_are_empty"):
        again(case)
    assert (case / "tradebrief.duckdb").read_bytes() == before


def test_without_its_key_nothing_is_reused_and_the_build_is_the_same(case, monkeypatch, tmp_path):
    truth = read(case, "select claim_id, verdict from marts.claim_checks order by claim_id")
    monkeypatch.setenv("TRADEBRIEF_INTEGRITY_KEY", str(tmp_path / "another" / "integrity.key"))
    again(case)
    assert read(case, f"select bool_or(reused) from meta.models where run_id = {LAST}") == [(False,)]
    assert read(case, "select claim_id, verdict from marts.claim_checks order by claim_id") == truth


def test_an_untouched_warehouse_is_still_reused(case):
    again(case)
    # every test but those reading the verdicts, which read the clock (so do the contract tests of those two marts)
    assert read(case, f"select count(*) filter (where reused) > 0, bool_and(reused) from meta.test_results "
                      f"where run_id = {LAST} and test not like 'claim_%' and test not similar to "
                      f"'.*_(claim_checks|headline_indicators)'") == [(True, True)]
    assert read(case, f"select reused from meta.source_status where run_id = {LAST} and source = 'atlas_hs92'") == [(True,)]


def test_a_key_that_is_a_symlink_or_not_a_key_seals_nothing(tmp_path):
    planted = tmp_path / "planted.key"
    planted.write_text("ab" * 32)
    (tmp_path / "link.key").symlink_to(planted)
    (tmp_path / "short.key").write_text("abcd")
    assert seals.integrity_key(tmp_path / "link.key") is None
    assert seals.integrity_key(tmp_path / "short.key") is None
    assert seals.seal(None, "model", "marts.x", "f", "1:2") is None
    assert not seals.holds(None, None, "model", "marts.x", "f", "1:2")


def test_a_new_key_is_made_once_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "state" / "tradebrief" / "integrity.key"
    first = seals.integrity_key(path)
    assert first is not None and len(first) == 32 and seals.integrity_key(path) == first
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["integrity.key"]
