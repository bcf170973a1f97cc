"""A claim that cannot be checked as written is refused at load, one line each, naming the file, the line and the claim."""

import shutil
from datetime import datetime, timezone

import pandas as pd
import pytest

from flows.refresh import refresh
from tests.conftest import copy_recorded, file_digest
from warehouse import settings
from warehouse.claim_args import ClaimsRefused, Recorded, refusals

SEEDS = settings.models_root() / "seeds"
NOW = datetime(2026, 12, 5, tzinfo=timezone.utc)
DATA = Recorded(chapters=frozenset({"03", "26", "27", "61", "62"}), figures=frozenset({"ru_coal_exports"}),
                brief_lines=("In 2023, Russia produced 384 million tons of coal", "HS Code 27 – 45.1%"))

# (metric, metric_args, unit, quote) -> the problem named, or None for a claim that can be checked; worked by hand
CASES = [
    (("export_share", "PRK|2016|27", "%", "45.1%"), None),
    (("export_share", "PRKK|2016|27", "%", "45.1%"), "'PRKK' is no ISO 3166 country code"),
    (("export_share", "PRK|2016", "%", "45.1%"),
     "export_share takes exporter:country|year:year|chapter:hs2, but the row gives 2 arguments: 'PRK|2016'"),
    (("export_share", "PRK|2016|77", "%", "45.1%"), "'77' is no HS chapter of the official nomenclature"),  # reserved
    (("export_share", "PRK|2016|7", "%", "45.1%"), "'7' is no HS chapter of the official nomenclature"),
    (("export_share", "PRK|1850|27", "%", "45.1%"), "'1850' is no year any source holds (1900-2036)"),
    (("export_share", "PRK|20016|27", "%", "45.1%"), "'20016' is no year any source holds (1900-2036)"),
    (("export_share", "PRK|2016|27", "Mt", "45.1%"), "its unit 'Mt' measures mass, but export_share gives a share"),
    (("export_share", "PRK|2016|27", "%", "46.1%"), "its quote '46.1%' does not stand in the brief's text"),
    (("trade_value", "PRK|RUS|2016|27", "M USD", "384 million"), None),
    (("trade_value", "PRK|RUS|2016", "M USD", "384 million"), None),  # the chapter is optional
    (("trade_value", "PRK|RUS|2016|", "M USD", "384 million"), None),
    (("trade_value", "PRK|RUS|2016|27|X", "M USD", "384 million"), "but the row gives 5 arguments"),
    (("published", "ru_coal_exports", "Mt", "384 million"), None),  # published figures take any unit
    (("published", "ru_coal_export", "Mt", "384 million"), "'ru_coal_export' is no recorded published figure"),
    (("internal_product", "c1|c2|c3", "M USD/year", "384 million"), None),  # factors repeat
    (("internal_product", "c1|c99", "M USD/year", "384 million"), "'c99' names a claim the ledger does not hold"),
    (("internal_ratio", "c1+c2|c3", "%", "384 million"), None),
    (("none", "PRK", "%", "384 million"), "none takes no arguments, but the row gives 'PRK'"),
]


def ledger(cases) -> pd.DataFrame:
    rows = [{"claim_id": f"c{i + 1}", "metric": metric, "metric_args": args, "unit": unit, "quote": quote,
             "source_file": "claims.csv", "source_line": i + 2} for i, ((metric, args, unit, quote), _) in enumerate(cases)]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("i", range(len(CASES)))
def test_each_claim_is_checked_against_its_metric_and_the_recorded_data(i):
    claims = ledger(CASES)
    problems = refusals(claims, pd.read_csv(SEEDS / "claim_metrics.csv", dtype=str),
                        pd.read_csv(SEEDS / "units.csv", dtype=str), DATA, now=NOW)
    mine = [problem for problem in problems if problem.startswith(f"claims.csv line {i + 2} (c{i + 1}): ")]
    expected = CASES[i][1]
    if expected is None:
        assert mine == []
    else:
        assert len(mine) == 1 and expected in mine[0], mine


def test_nothing_recorded_is_nothing_to_check_against():
    claims = ledger([(("published", "any_figure", "Mt", "not in any brief"), None),
                     (("export_share", "PRK|2016|77", "%", "x"), None)])
    problems = refusals(claims, pd.read_csv(SEEDS / "claim_metrics.csv", dtype=str),
                        pd.read_csv(SEEDS / "units.csv", dtype=str), Recorded(), now=NOW)
    assert problems == []  # no figures, chapters or brief recorded: a partial store checks only the arguments' forms


def test_a_refresh_refuses_a_bad_ledger_before_building_and_says_each_problem_in_one_line(
        prefect_server, small_store, tmp_path):
    store = copy_recorded(small_store, names=None, source="brief")
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    before = file_digest(warehouse)
    models = tmp_path / "models"
    shutil.copytree(settings.models_root(), models)
    claims = (models / "seeds" / "claims.csv").read_text()
    bad = (claims.replace("export_share,PRK|2016|61,", "export_share,PRKK|2016|61,", 1)
           .replace("trade_change,PRK|2016|2018,", "trade_change,PRK|2016,", 1))
    assert bad.count("PRKK|2016|61") == 1 and "trade_change,PRK|2016," in bad
    (models / "seeds" / "claims.csv").write_text(bad)

    with pytest.raises(ClaimsRefused) as refused:
        refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), models_dir=str(models))

    lines = str(refused.value).splitlines()
    assert lines[0].startswith("2 claims of the ledger cannot be checked as written; nothing was built or published")
    assert any("claims.csv line 3 (prk_hs61_share_2016): " in line and "'PRKK' is no ISO 3166 country code" in line
               for line in lines[1:])
    assert any("(prk_exports_disrupted_after_2017): trade_change takes exporter:country|from year:year|to year:year, "
               "but the row gives 2 arguments" in line for line in lines[1:])
    assert file_digest(warehouse) == before
