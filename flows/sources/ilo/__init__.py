"""ILOSTAT: unemployment rate by sex and age, ILO modelled estimates (the export recorded is May 2024, ages 25+).

Quirks: the export names areas by label, not code, and mixes countries with regions and
income groups; labels become ISO3 codes where they name a country. ILOSTAT's bulk and
rplumber downloads need no key; updating means recording a newer export.
"""

import pandas as pd

from flows.sources.countries import to_iso3
from flows.sources.declarations import About, Freshness, Recording, revised_in
from flows.sources.tabular import read_csvs
from schemas.common import columns
from schemas.macro import IloUnemployment
from warehouse.snapshots import Origin, Snapshot

SOURCE = "ilo"

ORIGIN = Origin(
    producer="International Labour Organization",
    title="Unemployment rate by sex and age -- ILO modelled estimates, May 2024 (%)",
    citation="ILO, ILOSTAT database, ILO modelled estimates (May 2024), https://ilostat.ilo.org/data/",
    licence="CC BY 4.0",
    landing_url="https://ilostat.ilo.org/data/",
)

ABOUT = About(
    name='ILOSTAT',
    live='none (record a newer export)',
    recorded='modelled unemployment, May 2024',
    lands='`macro_indicators`',
)

COLUMNS = ["ref_area.label", "sex.label", "classif1.label", "time", "obs_value"]
SPELLINGS = {
    "Bolivia (Plurinational State of)": "BOL", "Congo, Democratic Republic of the": "COD",
    "Hong Kong, China": "HKG", "Iran (Islamic Republic of)": "IRN", "Republic of Korea": "KOR",
    "Macao, China": "MAC", "Korea (the Democratic People's Republic of)": "PRK",
    "Occupied Palestinian Territory": "PSE", "Taiwan, China": "TWN",
    "Venezuela (Bolivarian Republic of)": "VEN", "United States Virgin Islands": "VIR",
    "World": "WLD",
}
SCHEMAS = {"ilo_unemployment": IloUnemployment}
FRESHNESS = Freshness(200, "ILO modelled estimates come twice a year", max_lag_years=2)
REVISIONS = (
    revised_in("staging.macro_indicators", "ilo"),
)
RECORDINGS = (
    Recording("ilo", "unemployment.csv", "emmanuelniamba/GlobalImpact-Covid19@cdaa98e84415891f2f461cc21c3eca8ca155abec:data/{name}"),
)


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    table = read_csvs(list(snapshots.values()), COLUMNS, encoding="utf-8-sig")
    table = table.rename(columns={"ref_area.label": "area", "time": "year", "obs_value": "value"})
    table["sex"] = table.pop("sex.label").str.removeprefix("Sex: ")
    table["age"] = table.pop("classif1.label").str.removeprefix("Age (Youth, adults): ")
    table["iso3"] = to_iso3(table["area"], SPELLINGS)
    return {"ilo_unemployment": table[columns(IloUnemployment)]}
