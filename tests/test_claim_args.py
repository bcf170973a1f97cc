"""A claim that cannot be checked as written is refused at load, one line each, naming the file, the line and the claim."""

import shutil
from datetime import UTC, datetime

import pandas as pd
import pytest

from flows.refresh import refresh
from tests.conftest import copy_recorded, file_digest
from warehouse import settings
from warehouse.claim_args import ClaimsRefused, Recorded, refusals

SEEDS = settings.current().models / "seeds"
NOW = datetime(2026, 12, 5, tzinfo=UTC)
DATA = Recorded(chapters=frozenset({"03", "26", "27", "61", "62"}), figures=frozenset({"ru_coal_exports"}))
TEXTS = {"t": ["In 2023, Russia produced 384 million tons of coal", "HS Code 27 – 45.1%"], "own": None}

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
    (("trade_value", "PRK|RUS|2016|27|62", "M USD", "384 million"), None),  # chapters repeat: their sum
    (("trade_value", "PRK|RUS|2016|27|X", "M USD", "384 million"), "'X' is no HS chapter of the official nomenclature"),
    (("partner_share", "PRK|CHN|2016|27", "%", "45.1%"), "but the row gives 4 arguments"),
    (("published", "ru_coal_exports", "Mt", "384 million"), None),  # published figures take any unit
    (("published", "ru_coal_export", "Mt", "384 million"), "'ru_coal_export' is no recorded published figure"),
    (("internal_product", "c1|c2|c3", "M USD/year", "384 million"), None),  # factors repeat
    (("internal_product", "c1|c99", "M USD/year", "384 million"), "'c99' names a claim the ledger does not hold"),
    (("internal_ratio", "c1+c2|c3", "%", "384 million"), None),
    (("none", "PRK", "%", "384 million"), "none takes no arguments, but the row gives 'PRK'"),
]


def ledger(cases, brief: str = "t", sentence=lambda quote: quote, source=None) -> pd.DataFrame:
    rows = [{"brief": brief, "claim_id": f"c{i + 1}", "metric": metric, "metric_args": args, "unit": unit,
             "quote": quote, "sentence": sentence(quote), "source": source, "source_file": "claims.csv",
             "source_line": i + 2} for i, ((metric, args, unit, quote), _) in enumerate(cases)]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("i", range(len(CASES)))
def test_each_claim_is_checked_against_its_metric_and_the_recorded_data(i):
    claims = ledger(CASES)
    problems = refusals(claims, pd.read_csv(SEEDS / "claim_metrics.csv", dtype=str),
                        pd.read_csv(SEEDS / "units.csv", dtype=str), DATA, TEXTS, now=NOW)
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
                        pd.read_csv(SEEDS / "units.csv", dtype=str), Recorded(), {"t": ["not in any brief", "x"]},
                        now=NOW)
    assert problems == []  # no figures or chapters recorded: a partial store checks only the arguments' forms


# A brief that is a plain list of claims: each claim's quote stands in its own sentence, and it cites its source.
PLAIN = [
    (("In 2019 China took 95.4% of its trade.", "KOTRA 2020, p.3"), []),
    (("In 2019 China took 95.4% of its trade.", None), ["it names no source, and its brief has no text"]),
    (("In 2019 China took 95.4% of its trade.", "  "), ["it names no source, and its brief has no text"]),
    (("In 2019 China took most of its trade.", "KOTRA 2020, p.3"),
     ["its quote '95.4%' does not stand in its sentence (the brief has no text)"]),
]


@pytest.mark.parametrize("i", range(len(PLAIN)))
def test_a_plain_claim_stands_in_its_own_sentence_and_names_its_source(i):
    (sentence, source), expected = PLAIN[i]
    claims = ledger([(("partner_share", "PRK|CHN|2019", "%", "95.4%"), None)], brief="own",
                    sentence=lambda _: sentence, source=source)
    problems = refusals(claims, pd.read_csv(SEEDS / "claim_metrics.csv", dtype=str),
                        pd.read_csv(SEEDS / "units.csv", dtype=str), DATA, TEXTS, now=NOW)
    assert len(problems) == len(expected) and all(want in got for want, got in zip(expected, problems)), problems


def test_a_claim_may_name_only_claims_of_its_own_brief():
    claims = pd.concat([ledger([(("published", "ru_coal_exports", "Mt", "384 million"), None)] * 3),
                        ledger([(("internal_ratio", "c1+c1|c1", "%", "45.1%"), None),
                                (("internal_ratio", "c1+c1|c1", "%", "45.1%"), None)], brief="own",
                               source="a note")])
    claims = claims.reset_index(drop=True)
    claims.loc[len(claims) - 1, "metric_args"] = "c3|c1"  # c3 is a claim of brief t, not of its own
    problems = refusals(claims, pd.read_csv(SEEDS / "claim_metrics.csv", dtype=str),
                        pd.read_csv(SEEDS / "units.csv", dtype=str), DATA, TEXTS, now=NOW)
    assert len(problems) == 1 and "'c3' names a claim the ledger does not hold" in problems[0], problems


def test_a_refresh_refuses_a_bad_ledger_before_building_and_says_each_problem_in_one_line(
        prefect_server, small_store, tmp_path):
    store = copy_recorded(small_store, names=None, source="hs_nomenclature")
    warehouse = tmp_path / "tradebrief.duckdb"
    refresh(snapshot_dir=str(store.root), warehouse=str(warehouse))
    before = file_digest(warehouse)
    briefs = tmp_path / "briefs"
    shutil.copytree(settings.current().briefs, briefs)
    ledger_file = briefs / "lankov-2025" / "claims.csv"
    claims = ledger_file.read_text()
    bad = (claims.replace("export_share,PRK|2016|61,", "export_share,PRKK|2016|61,", 1)
           .replace("trade_change,PRK|2016|2018,", "trade_change,PRK|2016,", 1))
    assert bad.count("PRKK|2016|61") == 1 and "trade_change,PRK|2016," in bad
    ledger_file.write_text(bad)

    with pytest.raises(ClaimsRefused) as refused:
        refresh(snapshot_dir=str(store.root), warehouse=str(warehouse), briefs_dir=str(briefs))

    lines = str(refused.value).splitlines()
    assert lines[0].startswith("2 claims of the ledgers cannot be checked as written; nothing was built or published")
    assert any(f"{ledger_file} line 3 (prk_hs61_share_2016): " in line and "'PRKK' is no ISO 3166 country code" in line
               for line in lines[1:])
    assert any("(prk_exports_disrupted_after_2017): trade_change takes exporter:country|from year:year|to year:year"
               "|importer:country?, but the row gives 2 arguments" in line for line in lines[1:])
    assert file_digest(warehouse) == before
