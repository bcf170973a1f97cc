"""IMF World Economic Outlook (April 2024): unemployment rate, observations and forecasts, via Our World in Data.

Quirks: OWID's grapher CSV puts observations and forecasts in two columns of one row;
entities without an ISO3 code (OWID_WRL and such) are aggregates.
"""

import pandas as pd

from flows.sources.declarations import About, Freshness, Recording, revised_in
from flows.sources.tabular import read_csvs
from schemas.common import columns
from schemas.macro import ImfUnemployment
from warehouse.snapshots import Origin, Snapshot

SOURCE = "imf"

ORIGIN = Origin(
    producer="International Monetary Fund, with minor processing by Our World in Data",
    title="World Economic Outlook, April 2024: unemployment rate (% of labour force)",
    citation="International Monetary Fund (2024), World Economic Outlook April 2024, via Our World in Data",
    licence="OWID: CC BY 4.0; IMF data under the IMF's terms of use",
    landing_url="https://ourworldindata.org/grapher/unemployment-rate-imf",
)

ABOUT = About(
    name='IMF WEO',
    live='none (record a newer export)',
    recorded='unemployment, April 2024, observations and forecasts apart',
    lands='`macro_indicators`',
)

OBSERVATIONS = "Unemployment rate - Percent of total labor force - Observations"
FORECASTS = "Unemployment rate - Percent of total labor force - Forecasts"
SCHEMAS = {"imf_unemployment": ImfUnemployment}
FRESHNESS = Freshness(200, "the World Economic Outlook comes in April and October", max_lag_years=1)
REVISIONS = (
    revised_in("staging.macro_indicators", "imf_weo"),
)
RECORDINGS = (
    Recording("imf", "unemployment-rate-imf.csv",
              "tacedo97/ML-AI-Salary-Prediction@c66acc314802bb8eb3ba71750d3619a05e2592d4:data/raw/unemployment-rate-imf/{name}"),
)


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    table = read_csvs(list(snapshots.values()), ["Entity", "Code", "Year", OBSERVATIONS, FORECASTS])
    table = table.rename(columns={"Entity": "entity", "Code": "iso3", "Year": "year",
                                  OBSERVATIONS: "observation", FORECASTS: "forecast"})
    return {"imf_unemployment": table[columns(ImfUnemployment)]}
