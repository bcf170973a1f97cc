"""FAOSTAT: fish and seafood supply per person, and fish export and import quantities.

Three layouts: Our World in Data's extract of the food balances (Entity, Code, Year, one value
column whose header names the FAO series; the header changed between vintages); FAOSTAT's
own bulk CSV (Domain, Area Code (FAO), Area, Element, Item, Year, Unit, Value, Flag); and a
derived layout of the food balances 2010-2023 for Russia and North Korea (ISO3, Area, ...,
Element, FBS Class, Unit, Type, Year, value) in which a repository's script summed FAOSTAT's
items into classes ("Fish and seafood" is one class, aquatic plants and mammals included) and
wrote a class with no items as 0. The FAOSTAT API now wants a login, so updates use the bulk download. FAO's area "China" sums the
mainland, Hong Kong, Macao and Taiwan; "China, mainland" is the country.
"""

import pandas as pd

from flows.sources.countries import to_iso3
from flows.sources.declarations import About, Freshness, Recording, revised_in
from flows.sources.tabular import read_csvs
from schemas.common import columns
from schemas.fao import FishSupply, FoodBalance, FoodBalanceClass
from warehouse.errors import ParseError
from warehouse.load import empty_frame
from warehouse.snapshots import Origin, Snapshot

SOURCE = "fao"

ORIGIN = Origin(
    producer="Food and Agriculture Organization of the United Nations (FAOSTAT)",
    title="Food Balances: fish and seafood supply per capita, export and import quantities",
    citation="FAO, FAOSTAT Food Balances (2010-), https://www.fao.org/faostat/en/#data/FBS; per-capita series via Our World in Data",
    licence="FAOSTAT: CC BY 4.0; OWID extract: CC BY 4.0",
    landing_url="https://www.fao.org/faostat/en/#data/FBS",
)

ABOUT = About(
    name='FAOSTAT',
    live='none: the API now wants a login, so record the bulk download',
    recorded='fish supply per person to 2017; fish export and import quantities 2010–2019; the food balances 2010–2023 for Russia and North Korea in a derived layout whose "Fish and seafood" class sums FAO\'s fish items. A year FAO carried forward (Russia 2022 and 2023 repeat 2021\'s tonnages; only population moves) is `carried_forward` in staging, and a claim\'s note says so',
    lands='`food_supply`',
)

BALANCE_COLUMNS = {
    "Area Code (FAO)": "area_code", "Area": "area", "Element Code": "element_code", "Element": "element",
    "Item Code": "item_code", "Item": "item", "Year": "year", "Unit": "unit", "Value": "value", "Flag": "flag",
}
SPELLINGS = {
    "Bolivia (Plurinational State of)": "BOL", "China, Hong Kong SAR": "HKG", "China, Macao SAR": "MAC",
    "China, mainland": "CHN", "China": None, "China, Taiwan Province of": "TWN",
    "Democratic Republic of the Congo": "COD", "Iran (Islamic Republic of)": "IRN",
    "Netherlands Antilles (former)": "ANT", "Republic of Korea": "KOR", "Turkey": "TUR",
    "Venezuela (Bolivarian Republic of)": "VEN",
}
CLASS_COLUMNS = {"ISO3": "iso3", "Area": "area", "Element": "element", "FBS Class": "fbs_class", "Unit": "unit",
                 "Type": "type", "Year": "year", "value": "value"}
SCHEMAS = {"fao_fish_supply": FishSupply, "faostat_food_balances": FoodBalance, "faostat_fbs_classes": FoodBalanceClass}
FRESHNESS = Freshness(400, "FAOSTAT food balances are annual", max_lag_years=3)
REVISIONS = (
    revised_in("staging.food_supply", "fao_owid"),
    revised_in("staging.food_supply", "faostat"),
    revised_in("staging.food_supply", "faostat_fbs"),
)
RECORDINGS = (
    Recording("fao", "fish-and-seafood-consumption-per-capita.csv",
              "simonmoesorensen/socialdata-overfishing@ff46b5eb4c214f67967c628c43a9fc9c4b2e98ed:data/{name}"),
    Recording("fao", "FAOSTAT_*.csv",
              "simonmoesorensen/socialdata-overfishing@ff46b5eb4c214f67967c628c43a9fc9c4b2e98ed:data/{name}"),
    Recording("fao/faostat_fbs_2010_2023", "*_faostatfbs.csv",
              "rajaoberison/publicdata@85b230c2258785efdf85aa2944c380e951801592:data/faostat_fbs_by_country/{name}"),
)


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    per_capita = [s for name, s in sorted(snapshots.items()) if name.startswith("fish-and-seafood")]
    balances = [s for name, s in sorted(snapshots.items()) if name.startswith("FAOSTAT")]
    classes = [s for name, s in sorted(snapshots.items()) if name.endswith("_faostatfbs.csv")]
    layouts = {"fao_fish_supply": (parse_per_capita, per_capita), "faostat_food_balances": (parse_balances, balances),
               "faostat_fbs_classes": (parse_classes, classes)}
    return {table: parser(files) if files else empty_frame(SCHEMAS[table]) for table, (parser, files) in layouts.items()}


def parse_per_capita(snapshots: list[Snapshot]) -> pd.DataFrame:
    """OWID's per-capita extract; the value is the fourth column, whatever its header says."""
    frames = []
    for snapshot in snapshots:
        frame = read_csvs([snapshot], lambda column: True)
        if len(frame.columns) < 4 + 3:
            raise ParseError(f"{SOURCE}: {snapshot.name} has no value column after Entity, Code, Year")
        series = frame.columns[3]
        frame = frame.rename(columns={"Entity": "entity", "Code": "iso3", "Year": "year", series: "value"})
        frames.append(frame.assign(series=series)[columns(FishSupply)])
    return pd.concat(frames, ignore_index=True)


def parse_balances(snapshots: list[Snapshot]) -> pd.DataFrame:
    table = read_csvs(snapshots, list(BALANCE_COLUMNS), encoding="utf-8-sig").rename(columns=BALANCE_COLUMNS)
    table["iso3"] = to_iso3(table["area"], SPELLINGS)
    return table[columns(FoodBalance)]


def parse_classes(snapshots: list[Snapshot]) -> pd.DataFrame:
    """The derived class layout; its World rows and regional means have no ISO3 code and stay out of staging."""
    table = read_csvs(snapshots, list(CLASS_COLUMNS), encoding="utf-8-sig").rename(columns=CLASS_COLUMNS)
    return table[columns(FoodBalanceClass)]
