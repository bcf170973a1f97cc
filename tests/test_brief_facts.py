"""The brief's own facts live in seeds.brief_facts, not in code: another brief's country and year change what the
summary, the report and the scenario command read."""

import shutil

import duckdb
import pytest

from flows.refresh import refresh
from report.data import read
from warehouse import settings
from warehouse.errors import ValidationFailed
from warehouse.seeds import load_seeds


def test_another_focus_country_changes_the_summary_and_the_report(prefect_server, small_store, tmp_path):
    models = tmp_path / "models"
    shutil.copytree(settings.current().models, models)
    facts = models / "seeds" / "brief_facts.csv"
    facts.write_text(facts.read_text().replace("focus_iso3,PRK,", "focus_iso3,RUS,").replace("partner_iso3,RUS,",
                                                                                             "partner_iso3,PRK,"))
    warehouse = tmp_path / "tradebrief.duckdb"

    summary = refresh(snapshot_dir=str(small_store.root), warehouse=str(warehouse), models_dir=str(models))

    assert "## Russian Federation's top export chapters, 2016 (HS2; total" in summary  # Russia reports: no mirror
    assert "North Korea's top export chapters" not in summary
    data = read(warehouse)
    assert set(data.export_structure.iso3) == {"RUS", "PRK"}
    assert set(data.complementarity.importer_iso3) >= {"PRK", "CHN"}


@pytest.mark.parametrize(("edit", "rule"), [
    (lambda text: text.replace("year,2016,", "year,twenty,"), "codes and year"),
    (lambda text: text.replace("focus_iso3,PRK,", "focus_iso3,prk,"), "codes and year"),
    (lambda text: "\n".join(line for line in text.splitlines() if not line.startswith("comparator_iso3")) + "\n",
     "every fact"),
])
def test_brief_facts_that_are_missing_or_malformed_are_refused(tmp_path, edit, rule):
    seeds = tmp_path / "seeds"
    shutil.copytree(settings.current().models / "seeds", seeds)
    facts = seeds / "brief_facts.csv"
    facts.write_text(edit(facts.read_text()))
    with pytest.raises(ValidationFailed, match=rule):
        load_seeds(duckdb.connect(), seeds)


def test_a_warehouse_published_before_brief_facts_is_one_error_saying_to_refresh(tmp_path, capsys):
    from flows.cli import main

    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        con.execute("create schema seeds")
    assert main(["report", "--warehouse", str(old), "--out", str(tmp_path / "report")]) == 1
    err = capsys.readouterr().err
    assert "seeds.brief_facts" in err and "tradebrief refresh" in err and len(err.strip().splitlines()) == 1
