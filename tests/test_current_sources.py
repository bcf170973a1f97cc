"""The sources that bring the brief's own years: the Energy Institute's workbook, the IEA's balances, FAOSTAT's
food balances to 2023, Comtrade's totals of every pair, and the World Bank's 2025 vintage.

Real bytes come from the committed snapshots (RECORDED) or tests/fixtures; a damaged variant is made here from
real bytes and says how. Live fetches go to a real HTTP server on 127.0.0.1.
"""

import io
import json
import types
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from flows.sources import comtrade, energy, iea
from flows.sources.declarations import Live
from tests.conftest import RECORDED, fetch
from warehouse import settings
from warehouse.errors import ParseError
from warehouse.load import load_table
from warehouse.models import build, read_model
from warehouse.snapshots import Origin, SnapshotStore
from warehouse.validate import validate

WORKBOOK = RECORDED.latest("energy")[energy.WORKBOOK]
IEA_2000 = RECORDED.latest("iea")["iea2000.json"]
EARLIER_13COL = Path(__file__).parent / "fixtures" / "comtrade" / "comtrade_all_exports_2021A_earlier_13col.csv"


pytestmark = pytest.mark.usefixtures("quick_http")


def store_with(tmp_path, source: str, files: dict[str, bytes]) -> SnapshotStore:
    store = SnapshotStore(tmp_path / "snapshots")
    for name, content in files.items():
        store.put(source, name, content, Origin("test", "test", "test", "test", "https://example.org"), {})
    return store


def parsed(module, tmp_path, files: dict[str, bytes]) -> dict[str, pd.DataFrame]:
    tables = module.parse(store_with(tmp_path, module.SOURCE, files).latest(module.SOURCE))
    return {name: validate(module.SOURCE, f"raw.{name}", frame, module.SCHEMAS[name]) for name, frame in tables.items()}


# The Energy Institute's workbook

def test_the_workbook_gives_russias_rows_as_the_sheets_print_them(tmp_path):
    review = parsed(energy, tmp_path, {energy.WORKBOOK: WORKBOOK.read_bytes()})["energy_review"]
    sheet = pd.read_excel(io.BytesIO(WORKBOOK.read_bytes()), sheet_name="Coal - Trade movements", header=None,
                          engine="calamine")
    exports_row = sheet.index[sheet[0] == "Exports"][0]
    russia = sheet.index[(sheet[0] == "Russian Federation") & (sheet.index > exports_row)][0]
    header = sheet.index[sheet[0] == "Exajoules"][0]
    printed = {}
    for column, year in sheet.loc[header].items():  # the year columns, then growth and share columns headed 2023 again
        if isinstance(year, (int, float)) and column > 0 and 2000 <= year <= 2023:
            printed.setdefault(int(year), sheet.loc[russia, column])

    rows = review[(review["iso3"] == "RUS") & (review["indicator"] == "coal_exports_energy")].set_index("year")
    assert rows["value"].to_dict() == pytest.approx(printed)
    assert set(rows["unit"]) == {"EJ"} and set(rows["data_to"]) == {2023}
    assert rows["source_line"].iloc[0] == russia + 1  # the sheet's own row number
    assert rows["source_file"].iloc[0] == f"{energy.WORKBOOK}#Coal - Trade movements"
    # Regional aggregates stay uncoded, so no rank counts them; the world is WLD.
    coded = review.dropna(subset=["iso3"])
    regions = {"Europe", "CIS", "Africa", "Middle East", "S. & Cent. America", "Rest of World", "Non-OECD", "USSR"}
    assert not (coded["entity"].str.match(r"Other |Total (?!World)|of which") | coded["entity"].isin(regions)).any()
    assert {"Other Asia Pacific", "Rest of World", "Europe"} <= set(review.loc[review["iso3"].isna(), "entity"])
    assert set(review.loc[review["entity"] == "Total World", "iso3"]) == {"WLD"}


def test_the_trade_matrix_rows_sum_to_the_totals_the_sheet_prints(tmp_path):
    matrix = parsed(energy, tmp_path, {energy.WORKBOOK: WORKBOOK.read_bytes()})["coal_trade_matrix"]
    sheet = pd.read_excel(io.BytesIO(WORKBOOK.read_bytes()), sheet_name=energy.MATRIX_SHEET, header=None, engine="calamine")
    header = sheet.index[sheet[0] == "Exajoules"][0]
    total_column = list(sheet.loc[header]).index("Total")
    russia = sheet[sheet[0] == "Russia"].iloc[0]
    assert matrix[matrix["exporter"] == "Russia"]["value"].sum() == pytest.approx(russia[total_column], rel=1e-9)
    assert set(matrix["year"]) == {2023}


@pytest.mark.parametrize("damage, message", [
    ("text", r"sheet 'Coal Production - mt', row \d+ \(Russian Federation\): 'n/a' for 1999 is not a number"),
    ("no_sheet", r"cannot be read as the review's workbook"),
    ("not_a_workbook", r"is not a readable workbook"),
])
def test_a_damaged_workbook_is_refused_naming_the_sheet_and_row(tmp_path, damage, message):
    if damage == "not_a_workbook":
        content = b"<html><body>Sorry, the file has moved</body></html>"
    else:
        sheets = pd.read_excel(io.BytesIO(WORKBOOK.read_bytes()), sheet_name=None, header=None, engine="calamine")
        if damage == "text":  # Russia's 1999 production overwritten with text
            production = sheets["Coal Production - mt"]
            header = production.index[production[0].astype(str).str.strip() == "Million tonnes"][0]
            column = list(production.loc[header]).index(1999)
            production = production.astype(object)
            production.loc[production[0] == "Russian Federation", column] = "n/a"
            sheets["Coal Production - mt"] = production
        else:
            del sheets["Coal - Trade movements"]
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            for name, frame in sheets.items():
                if name in (*energy.SHEETS, energy.MATRIX_SHEET):
                    frame.to_excel(writer, sheet_name=name, header=False, index=False)
        content = buffer.getvalue()
    with pytest.raises(ParseError, match=message):
        parsed(energy, tmp_path, {energy.WORKBOOK: content})


def test_the_workbook_is_fetched_conditionally_and_an_html_page_in_its_place_is_refused(tmp_path, httpserver, monkeypatch):
    monkeypatch.setattr(energy, "LIVE", (Live(energy.WORKBOOK, httpserver.url_for("/ei.xlsx"), "xlsx"),))
    content = WORKBOOK.read_bytes()
    httpserver.expect_ordered_request("/ei.xlsx").respond_with_data(content, headers={"ETag": '"ei-2024"'})
    httpserver.expect_ordered_request("/ei.xlsx", headers={"If-None-Match": '"ei-2024"'}).respond_with_data("", status=304)
    httpserver.expect_ordered_request("/ei.xlsx").respond_with_data(
        "<!doctype html><title>Error</title>", content_type="text/html")
    store = SnapshotStore(tmp_path / "snapshots")

    first, second, third = fetch(energy, store), fetch(energy, store), fetch(energy, store)

    assert (first.status, second.status, third.status) == ("fetched", "unchanged", "failed")
    assert "returned an HTML page, not XLSX" in third.error
    assert store.latest("energy")[energy.WORKBOOK].read_bytes() == content


def test_a_source_that_is_html_by_nature_takes_pages_and_refuses_other_bodies(tmp_path, httpserver):
    page_source = types.SimpleNamespace(
        SOURCE="ministry_page", ORIGIN=energy.ORIGIN, SCHEMAS={},
        LIVE=(Live("indicators.html", httpserver.url_for("/indicators"), "html"),), parse=lambda snapshots: {})
    httpserver.expect_ordered_request("/indicators").respond_with_data(
        "<html><body><table><tr><td>384</td></tr></table></body></html>", content_type="text/html; charset=utf-8")
    httpserver.expect_ordered_request("/indicators").respond_with_data('{"not": "a page"}', content_type="application/json")
    store = SnapshotStore(tmp_path / "snapshots")

    assert fetch(page_source, store).status == "fetched"
    refused = fetch(page_source, store)
    assert refused.status == "failed" and "not an HTML page" in refused.error


# The IEA's balances

def test_the_iea_response_reads_wrapped_or_bare_alike(tmp_path):
    wrapped = IEA_2000.read_bytes()
    rows = json.loads(wrapped)["balances"]
    bare = json.dumps(rows).encode()

    from_wrapped = parsed(iea, tmp_path / "a", {"iea2000.json": wrapped})["iea_balances"]
    from_bare = parsed(iea, tmp_path / "b", {"iea2000.json": bare})["iea_balances"]

    assert len(from_wrapped) == len(rows) == 20548
    pd.testing.assert_frame_equal(from_wrapped.drop(columns="snapshot_sha256"), from_bare.drop(columns="snapshot_sha256"))
    coal = {(r["flow"]): r["value"] for r in rows if r["country"] == "RUS" and r["product"] == "COAL"}
    russia = from_wrapped[(from_wrapped["iso3"] == "RUS") & (from_wrapped["product"] == "COAL")].set_index("flow")["value"]
    assert russia["INDPROD"] == coal["INDPROD"] and russia["EXPORTS"] == coal["EXPORTS"] < 0  # exports negative, as published
    assert set(from_wrapped.loc[from_wrapped["country"] == "WORLD", "iso3"]) == {"WLD"}
    assert from_wrapped.loc[from_wrapped["country"] == "AFRICA", "iso3"].isna().all()


@pytest.mark.parametrize("body, message", [
    (b'{"data": []}', r"neither the endpoint's array of rows nor one wrapped as \{\"balances\": \[...\]\} \(it holds data\)"),
    (b'"BALANCES"', r"neither the endpoint's array .* \(it holds str\)"),
    (b'[{"year": "2000", "country": "RUS", "flow": "INDPROD", "product": "COAL", "units": "TJ"}]', r"row 1 has no value"),
    (b'{"balances": [{"year": "2000"', r"is not valid JSON"),
    (b'[{"year": "2000", "country": "RUS", "flow": "INDPROD", "product": "COAL", "units": "TJ", "value": "lots"}]',
     r"row 1 has a value that is no number: 'lots'"),
    (b'[{"year": "2000", "country": "RUS", "flow": "INDPROD", "product": "COAL", "units": "TJ", "value": true}]',
     r"row 1 has a value that is no number: True"),
])
def test_an_iea_body_of_another_shape_is_refused_by_name(tmp_path, body, message):
    with pytest.raises(ParseError, match=message):
        parsed(iea, tmp_path, {"iea2023.json": body})


def test_the_iea_live_fetch_asks_one_year_at_a_time_for_the_ledgers_countries():
    years = [live.params["year"] for live in iea.LIVE]
    assert years == list(range(2005, 2024))
    assert all({"RUS", "PRK", "CHN"} <= set(live.params["countries"].split(",")) for live in iea.LIVE)
    assert {live.name for live in iea.LIVE} >= {"iea2023.json"}


# Comtrade's totals of every pair

def test_every_comtrade_name_maps_to_the_iso3_code_comtrade_itself_gives():
    """The earlier 13-column version of the 2021 file carries Comtrade's own codes beside its names."""
    earlier = pd.read_csv(EARLIER_13COL, dtype=str, keep_default_na=False)
    pairs = pd.concat([earlier[["reporterDesc", "reporterISO"]].set_axis(["name", "iso"], axis=1),
                       earlier[["partnerDesc", "partnerISO"]].set_axis(["name", "iso"], axis=1)]).drop_duplicates()
    frame = pairs.assign(source_file="earlier", source_line=range(2, len(pairs) + 2)).reset_index(drop=True)

    mapped = comtrade_names(frame)

    countries = pairs["iso"].str.fullmatch(r"[A-Z]{3}") & ~pairs["iso"].isin(["W00", "ATB"])
    assert (mapped[countries.values] == pairs.loc[countries, "iso"].values).all()
    others = dict(zip(pairs.loc[~countries, "name"], mapped[~countries.values]))
    assert others.pop("World") == "WLD"
    assert set(others) <= {name for name, code in comtrade.TOTAL_NAMES.items() if code is None}
    assert all(code is None for code in others.values())
    assert mapped[(pairs["name"] == "Dem. People's Rep. of Korea").values].tolist() == ["PRK"]


def comtrade_names(frame):
    from flows.sources.countries import names_to_iso3
    return names_to_iso3(frame, "name", comtrade.TOTAL_NAMES, "comtrade").to_numpy(dtype=object, na_value=None)


def test_an_unknown_name_stops_the_parse_naming_file_and_line(tmp_path):
    real = RECORDED.latest("comtrade")["comtrade_all_exports_2021A.csv"].read_bytes().decode()
    lines = real.splitlines()
    lines[41] = lines[41].rsplit(",", 1)[0] + ",Atlantis"  # line 42's partner renamed
    with pytest.raises(ParseError, match=r"comtrade_all_exports_2021A.csv line 42: the partner 'Atlantis' is no country"):
        parsed(comtrade, tmp_path, {"comtrade_all_exports_2021A.csv": "\n".join(lines).encode()})


def test_a_date_of_another_year_than_the_file_name_is_refused(tmp_path):
    real = RECORDED.latest("comtrade")["comtrade_all_exports_2017A.csv"].read_bytes().decode()
    with pytest.raises(ParseError, match=r"comtrade_all_exports_2018A.csv line 2: the date '2017-01-01' is not the year"):
        parsed(comtrade, tmp_path, {"comtrade_all_exports_2018A.csv": real.encode()})


# What the recorded warehouse now holds

def test_mirror_gaps_hold_every_pair_both_sides_report_in_2021(recorded_warehouse):
    path, _ = recorded_warehouse
    exports = pd.read_csv(io.BytesIO(RECORDED.latest("comtrade")["comtrade_all_exports_2021A.csv"].read_bytes()))
    imports = pd.read_csv(io.BytesIO(RECORDED.latest("comtrade")["comtrade_all_imports_2021A.csv"].read_bytes()))
    # China's exports to Russia, as China says and as Russia's imports from China say, from the two files.
    said = exports[(exports.reporter == "China") & (exports.partner == "Russian Federation")]["value"].item()
    seen = imports[(imports.reporter == "Russian Federation") & (imports.partner == "China")]["value"].item()
    with duckdb.connect(str(path), read_only=True) as con:
        pairs = con.execute("select count(*) from marts.mirror_gaps where year = 2021").fetchone()[0]
        row = con.execute("""select reported_usd, mirrored_usd, gap_usd from marts.mirror_gaps
                             where year = 2021 and reporter_iso3 = 'CHN' and partner_iso3 = 'RUS' and flow = 'X'""").fetchone()
        series = dict(con.execute("select indicator, value from marts.headline_indicators "
                                  "where indicator like 'prk_trade:%'").fetchall())
    assert pairs > 10_000
    assert row == pytest.approx((said, seen, said - seen))
    china_to_prk = {year: exports_of(year, "China", "Dem. People's Rep. of Korea") for year in range(2017, 2023)}
    assert {year: series[f"prk_trade:CHN:imports:{year}"] for year in china_to_prk} == pytest.approx(
        {year: value / 1e6 for year, value in china_to_prk.items()})


def exports_of(year: int, reporter: str, partner: str) -> float:
    frame = pd.read_csv(io.BytesIO(RECORDED.latest("comtrade")[f"comtrade_all_exports_{year}A.csv"].read_bytes()))
    return frame[(frame.reporter == reporter) & (frame.partner == partner)]["value"].item()


def test_russias_fish_balance_for_2022_and_2023_is_marked_carried_forward(recorded_warehouse):
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        carried = con.execute("""select iso3, year from staging.food_supply
                                 where source = 'faostat_fbs' and element = 'Food supply quantity' and carried_forward
                                 order by all""").fetchall()
        note = con.execute("select note from marts.claim_checks where claim_id = 'ru_fish_consumption_half_of_2013'").fetchone()[0]
    # RUS_faostatfbs.csv: Food 3,317,000 t and Production 5,488,000 t in 2021, 2022 and 2023; per person 22.75, 22.79, 22.8.
    # The world's balance, which every country's file of the layout repeats, is carried forward the same two years.
    assert carried == [("RUS", 2022), ("RUS", 2023), ("WLD", 2022), ("WLD", 2023)]
    assert "FAO carried its balance forward into 2022, 2023 (only population moved), so 2021 is the last genuine year" in note


def test_the_exchange_rate_fallback_says_the_newest_vintage_leaves_russias_2024_empty(recorded_warehouse):
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        sources = con.execute("select sources from marts.remittance_scenarios where scenario = 'offered_wage_rub'").fetchone()[0]
    assert ("the official rate of 2023 (the World Bank's newest vintage, of 2025-07-01, has rates for 2024 but the cell "
            "of the wage's country is empty)") in sources


# The carried-forward rule, case by case: a year is carried forward when its food and production tonnages repeat the
# year before's exactly while its supply per person moves (population alone moved). Worked out by hand per row.
def fbs(year, food, production, per_person):
    return [("Food", "t", "Balance", year, food), ("Production", "t", "Balance", year, production),
            ("Food supply quantity (kg/capita/yr)", "kg/cap", "Per capita", year, per_person)]


CARRIED_CASES = [
    # (case, rows of one country, the years expected carried forward)
    ("both_repeat_and_per_person_moves", fbs(2021, 3317, 5488, 22.75) + fbs(2022, 3317, 5488, 22.79), [2022]),
    ("food_repeats_production_moves", fbs(2021, 3317, 5488, 22.75) + fbs(2022, 3317, 5500, 22.79), []),
    ("both_repeat_per_person_too", fbs(2021, 3317, 5488, 22.75) + fbs(2022, 3317, 5488, 22.75), []),
    ("a_gap_year_is_no_repeat", fbs(2020, 3317, 5488, 22.70) + fbs(2022, 3317, 5488, 22.79), []),
    ("first_year_never", fbs(2010, 3240, 4197, 22.51), []),
    ("two_years_in_a_row", fbs(2021, 1, 2, 3.0) + fbs(2022, 1, 2, 3.1) + fbs(2023, 1, 2, 3.2), [2022, 2023]),
]


@pytest.mark.parametrize("case, rows, expected", CARRIED_CASES, ids=[case[0] for case in CARRIED_CASES])
def test_the_carried_forward_rule(case, rows, expected):
    from schemas.fao import FishSupply, FoodBalance, FoodBalanceClass
    from warehouse.load import empty_frame

    classes = pd.DataFrame([{"iso3": "RUS", "area": "Russian Federation", "element": element, "fbs_class": "Fish and seafood",
                             "unit": unit, "type": kind, "year": year, "value": float(value), "source_file": "test.csv",
                             "source_line": line} for line, (element, unit, kind, year, value) in enumerate(rows, start=2)])
    classes["snapshot_sha256"] = "0" * 64
    with duckdb.connect() as con:
        con.execute("create schema raw")
        load_table(con, "raw", "fao_fish_supply", empty_frame(FishSupply))
        load_table(con, "raw", "faostat_food_balances", empty_frame(FoodBalance))
        load_table(con, "raw", "faostat_fbs_classes", validate("test", "raw.faostat_fbs_classes",
                                                               classes.astype({"source_file": "category",
                                                                               "snapshot_sha256": "category"}),
                                                               FoodBalanceClass))
        build(con, [read_model(settings.current().models / "staging" / "food_supply.sql", "staging")])
        carried = con.execute("select distinct year from staging.food_supply where carried_forward order by year").fetchall()
    assert [year for year, in carried] == expected


def test_a_zero_class_total_of_the_derived_layout_is_taken_as_missing(recorded_warehouse):
    """PRK_faostatfbs.csv writes North Korea's fish supply per person 2019-2023 as 0: the class had no items."""
    path, _ = recorded_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        years = con.execute("""select max(year) from staging.food_supply
                               where source = 'faostat_fbs' and iso3 = 'PRK' and element = 'Food supply quantity'""").fetchone()
    assert years == (2018,)
