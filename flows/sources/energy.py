"""Statistical Review of World Energy (the Energy Institute's since 2023, BP's before): coal by country.

The recorded edition is BP's 2021 review as Our World in Data republished it: one row per
entity and year, one column per series. Entities mix countries with regions and with price
series; names become ISO3 codes where they name a country ("World" becomes WLD). That
edition has coal production and consumption, not coal exports. The Energy Institute's bulk
CSV of later editions has the same layout; updating means recording it.
"""

import pandas as pd

from flows.sources.countries import to_iso3
from flows.sources.declarations import Freshness, Recording, Revision
from flows.sources.tabular import read_csvs
from schemas.common import columns
from schemas.energy import EnergyReview
from warehouse.snapshots import Origin, Snapshot

SOURCE = "energy"

ORIGIN = Origin(
    producer="BP (Statistical Review of World Energy, 2021), republished by Our World in Data",
    title="Statistical Review of World Energy 2021: coal production and consumption by country",
    citation="BP Statistical Review of World Energy 2021, via Our World in Data energy-data",
    licence="OWID: CC BY 4.0; underlying BP data under BP's terms",
    landing_url="https://www.energyinst.org/statistical-review",
)

SERIES = {  # column -> (indicator, unit)
    "Coal Production - Tonnes": ("coal_production", "Mt"),
    "Coal Production - EJ": ("coal_production_energy", "EJ"),
    "Coal Consumption - EJ": ("coal_consumption_energy", "EJ"),
}
SPELLINGS = {"Russia": "RUS", "Turkey": "TUR", "Brunei": "BRN", "Curacao": "CUW",
             "Democratic Republic of Congo": "COD", "World": "WLD", "USSR": None}
SCHEMAS = {"energy_review": EnergyReview}
FRESHNESS = Freshness(400, "the Statistical Review is annual")
REVISIONS = (
    Revision("staging.energy_balance", "iso3|year|indicator",
             "value", "year", "true"),
)
RECORDINGS = (
    Recording("energy", "statistical_review_of_world_energy_bp_2021.csv",
              "owid/energy-data@757bf23e5065454da181b3c0e819d60de9ff81dc:scripts/input/shared/{name}"),
)


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    wide = read_csvs(list(snapshots.values()), ["Entity", "Year", *SERIES])
    long = wide.melt(id_vars=["Entity", "Year", "source_file", "source_line", "snapshot_sha256"],
                     value_vars=list(SERIES), var_name="series").dropna(subset=["value"])
    long = long.rename(columns={"Entity": "entity", "Year": "year"})
    long["indicator"] = long["series"].map(lambda s: SERIES[s][0])
    long["unit"] = long["series"].map(lambda s: SERIES[s][1])
    long["iso3"] = to_iso3(long["entity"], SPELLINGS)
    return {"energy_review": long[columns(EnergyReview)].reset_index(drop=True)}
