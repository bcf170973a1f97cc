"""Remittance scenarios: the arithmetic on hand-computed cases, the rouble conversion, and each refusal."""

import io
import shutil

import duckdb
import pandas as pd
import pytest

from flows.cli import main
from tests.conftest import RECORDED
from warehouse import settings
from warehouse.errors import ValidationFailed
from warehouse.meta import create_schemas
from warehouse.scenario import ScenarioRefused, run_scenario
from warehouse.seeds import load_seeds


def official_rate(year: int) -> float:
    """Russia's official RUB per USD rate of `year`, read straight from the recorded DataBank file."""
    rates = pd.read_csv(io.BytesIO(RECORDED.latest("worldbank")["CurrencyRates.csv"].read_bytes()), na_values=[".."])
    return float(rates.loc[rates["Country Code"] == "RUS", f"{year} [YR{year}]"].iloc[0])


def scenario(recorded_warehouse, **given):
    path, _ = recorded_warehouse
    arguments = {"workers": 100_000, "wage": 6_500, "currency": "USD", "year": 2024, "share": 0.6} | given
    return run_scenario(path, settings.current().models, **arguments)


def test_usd_scenario_arithmetic(recorded_warehouse):
    row = scenario(recorded_warehouse, workers=1_000, wage=5_000, share=0.5)
    assert row["remittance_usd"] == pytest.approx(2_500_000)  # 1,000 x 5,000 x 0.5
    # North Korea's 2016 goods exports were 2.87 bn USD (the recorded data's provenance README).
    assert row["prk_exports_usd"] == pytest.approx(2.87e9, rel=0.002)
    assert row["remittance_to_exports"] == pytest.approx(2_500_000 / row["prk_exports_usd"])


def test_the_brief_case_gives_390_million_beside_its_400(recorded_warehouse):
    row = scenario(recorded_warehouse)
    assert row["remittance_usd"] == pytest.approx(390e6)  # 100,000 x 6,500 x 60%
    # the brief's own inputs, read at their rounding, allow 151 to 731 M USD: too wide to fail, so unverifiable
    assert row["brief_remittance_usd"] == 400e6 and row["brief_verdict"] == "unverifiable"
    assert "cannot fail at the stated precision" in row["brief_note"]


def test_a_rouble_wage_is_converted_at_the_rate_of_its_year(recorded_warehouse):
    row = scenario(recorded_warehouse, wage=1_000_000, currency="RUB", year=2019)
    assert row["wage_usd"] == pytest.approx(1_000_000 / official_rate(2019))
    assert "official rate of 2019" in row["sources"] and "has no rate yet" not in row["sources"]


def test_a_year_without_a_rate_falls_back_to_the_latest_earlier_year_and_says_so(recorded_warehouse):
    row = scenario(recorded_warehouse, wage=90_550, currency="RUB", year=2024, workers=1, share=1)
    # The recorded rates end in 2023: 85.16 RUB per USD (the recorded data's provenance README). The 2025-07-01 vintage has a
    # 2024 column, but Russia's cell in it is empty (its PROVENANCE.txt), and the sources say so.
    assert row["wage_usd"] == pytest.approx(90_550 / official_rate(2023))
    assert official_rate(2023) == pytest.approx(85.16, abs=0.005)
    assert ("official rate of 2023 (the World Bank's newest vintage, of 2025-07-01, has rates for 2024 but the cell "
            "of the wage's country is empty)") in row["sources"]


def test_a_year_no_vintage_covers_says_it_has_no_rate_yet(recorded_warehouse):
    row = scenario(recorded_warehouse, wage=90_550, currency="RUB", year=2030, workers=1, share=1)
    assert "official rate of 2023 (2030 has no rate yet)" in row["sources"]


def test_a_monthly_wage_counts_twelve_months(recorded_warehouse):
    path, _ = recorded_warehouse
    row = run_scenario(path, settings.current().models, 10, 1_000, "USD", 2024, 1.0, wage_per="month")
    assert row["wage_usd"] == 12_000 and row["remittance_usd"] == 120_000


@pytest.mark.parametrize("given, refused", [
    ({"workers": -1}, "--workers must be a number from 0 to 10,000,000"),
    ({"share": 1.2}, "--share must be between 0 and 1"),
    ({"share": -0.1}, "--share must be between 0 and 1"),
    ({"currency": "EUR"}, "--currency must be one of USD, RUB"),
    ({"currency": "RUB", "year": 1992}, "no RUB exchange rate for 1992 or any earlier year"),  # Russia's rates begin in 1993
])
def test_bad_scenarios_are_refused_with_a_clear_message(recorded_warehouse, given, refused):
    path, _ = recorded_warehouse
    before = path.read_bytes()
    with pytest.raises(ScenarioRefused, match=refused):
        scenario(recorded_warehouse, **given)
    assert path.read_bytes() == before  # nothing written


def test_the_command_prints_the_scenario_beside_the_brief_and_refuses_bad_input(recorded_warehouse, capsys):
    path, _ = recorded_warehouse
    assert main(["scenario", "--workers", "37000", "--wage", "6500", "--share", "0.6", "--warehouse", str(path)]) == 0
    out = capsys.readouterr().out
    assert "144.3" in out and "400" in out  # 37,000 x 6,500 x 60% = 144.3 M USD, the brief's 400 beside it
    assert main(["scenario", "--workers", "-3", "--wage", "6500", "--share", "0.6", "--warehouse", str(path)]) == 1
    assert "--workers must be a number from 0 to 10,000,000" in capsys.readouterr().err


def test_the_mart_holds_the_seeded_scenarios(recorded_warehouse):
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute("select * from marts.remittance_scenarios").df().set_index("scenario")
        grid = con.execute("select count(*), count(distinct workers), count(distinct wage_usd), "
                           "count(distinct share_taken) from marts.remittance_sensitivity").fetchall()
        cell = con.execute("select remittance_usd from marts.remittance_sensitivity "
                           "where workers = 100000 and wage_usd = 6000 and share_taken = 0.6").fetchall()
    assert rows.loc["brief_low", "remittance_usd"] == pytest.approx(360e6)
    assert rows.loc["brief_high", "remittance_usd"] == pytest.approx(420e6)
    assert rows.loc["historical_peak", "workers"] == 37_000  # reference_figures.csv: the mid-2010s peak
    assert rows.loc["offered_wage_rub", "wage_usd"] == pytest.approx(12 * 90_550 / official_rate(2023))
    assert "official rate of 2023" in rows.loc["offered_wage_rub", "sources"]
    assert grid == [(15 * 11 * 7, 15, 11, 7)]
    assert cell[0][0] == pytest.approx(360e6)


def test_a_seeded_scenario_with_a_negative_worker_count_is_refused(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(settings.current().models / "seeds", seeds)
    text = (seeds / "remittance_assumptions.csv").read_text().replace("brief_low,100000", "brief_low,-100000")
    (seeds / "remittance_assumptions.csv").write_text(text)
    con = duckdb.connect()
    create_schemas(con)
    with pytest.raises(ValidationFailed, match=r"remittance_assumptions.csv line 2: workers = -100000"):
        load_seeds(con, seeds)


def test_a_seeded_rouble_wage_with_no_rate_fails_the_data_test(recorded_warehouse, tmp_path):
    from warehouse.data_tests import run_data_tests
    from warehouse.models import build, discover

    path, _ = recorded_warehouse
    copy = tmp_path / "copy.duckdb"
    shutil.copy(path, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("update seeds.remittance_assumptions set wage_year = 1992 where scenario = 'offered_wage_rub'")
        build(con, [m for m in discover(settings.current().models) if m.name.startswith("marts.remittance")])
        results = {r.test: r for r in run_data_tests(con, settings.current().models / "tests")}
    assert results["remittance_scenarios_are_complete"].failing_rows == 1
    assert "offered_wage_rub" in results["remittance_scenarios_are_complete"].sample
