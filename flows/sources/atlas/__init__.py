"""Atlas of Economic Complexity (Harvard Growth Lab), country x partner x HS2 trade, HS92.

Quirks: North Korea reports nothing, so its flows are partner-reported (mirror) data; the
Atlas reconciles each flow, which appears twice (as the exporter's `export_value` and as
the importer's `import_value`). `location_id` and `product_id` are Atlas's own ids, decoded
with the `location.csv` and `hs_product.csv` lookups of the same release. A reporter's
year can come both in a one-year file and in a multi-year file; the one-year file wins.

Updating: record newer files with `tradebrief record` (see flows/record.py); each becomes
a new snapshot beside the old ones, and the refresh reads the latest of each name.
"""

import pandas as pd

from flows.sources.declarations import About, Freshness, Recording, revised_in
from flows.sources.tabular import read_csv, read_csvs_with_arrow
from schemas.atlas import AtlasLocation, AtlasProduct, AtlasTrade
from schemas.common import columns
from warehouse.errors import ParseError
from warehouse.snapshots import Origin, Snapshot

SOURCE = "atlas_hs92"

ORIGIN = Origin(
    producer="Growth Lab at Harvard University",
    title="Atlas of Economic Complexity: International Trade Data (HS92), country x partner x HS2",
    citation=(
        "The Growth Lab at Harvard University. International Trade Data (HS92). "
        "Harvard Dataverse, https://doi.org/10.7910/DVN/T4CHWJ"
    ),
    licence="Growth Lab Dataverse terms; check them before redistributing beyond this project",
    landing_url="https://atlas.cid.harvard.edu/",
)

ABOUT = About(
    name='Atlas of Economic Complexity (Growth Lab)',
    live='none (Dataverse release; record new files)',
    recorded='2016 for 235 reporters, North Korea and Russia 2010–2020, 2017 for China and North Korea',
    lands='`trade_flows`',
)

LOCATIONS_FILE = "location.csv"
PRODUCTS_FILE = "hs_product.csv"
TRADE_COLUMNS = ["location_id", "partner_id", "product_id", "year", "export_value", "import_value"]
ATLAS_LEVELS = {"section": "section", "2digit": "hs2", "4digit": "hs4", "6digit": "hs6", "all": "all"}

SCHEMAS = {"atlas_locations": AtlasLocation, "atlas_products": AtlasProduct, "atlas_trade": AtlasTrade}
FRESHNESS = Freshness(400, "the Atlas releases once a year", max_lag_years=3)
REVISIONS = (
    revised_in("staging.trade_flows", "atlas_hs92"),
)
ATLAS_COUNTRY = "candrewlee14/data-viz-project@30123cdffd7586d0ed9d5358a8d87b0d5ab24e53"
ATLAS_BY_YEAR = "candrewlee14/data-viz-project@784e6d18488895dcf322a82f40c919d1fe3a0b62"
RECORDINGS = (
    Recording("atlas_hs92", "*.csv", ATLAS_COUNTRY + ":data/{name}"),
    Recording("atlas_hs92", "country_partner_hs2/*.csv", ATLAS_COUNTRY + ":data/{stem3}/{name}"),
    Recording("atlas_hs92", "by_year_*/*/*.csv", ATLAS_BY_YEAR + ":data/{stem3}/{name}"),
)


def parse(snapshots: dict[str, Snapshot]) -> dict[str, pd.DataFrame]:
    """Turn the latest Atlas snapshots into the raw tables named in SCHEMAS (not yet validated)."""
    for lookup in (LOCATIONS_FILE, PRODUCTS_FILE):
        if lookup not in snapshots:
            raise ParseError(f"{SOURCE}: no snapshot of the lookup {lookup}; record it before the trade files")
    locations = parse_locations(snapshots[LOCATIONS_FILE])
    products = parse_products(snapshots[PRODUCTS_FILE])
    trade_files = [s for name, s in sorted(snapshots.items()) if name not in (LOCATIONS_FILE, PRODUCTS_FILE)]
    trade = read_csvs_with_arrow(trade_files, TRADE_COLUMNS)
    trade = decode(prefer_single_year_files(trade), locations, products)
    return {"atlas_locations": locations, "atlas_products": products, "atlas_trade": trade}


def parse_locations(snapshot: Snapshot) -> pd.DataFrame:
    frame = read_csv(
        snapshot,
        ["location_id", "location_code", "location_name_short_en", "level"],
        dtype={"location_code": str},
    )
    return frame.rename(columns={"location_name_short_en": "location_name"})


def parse_products(snapshot: Snapshot) -> pd.DataFrame:
    frame = read_csv(
        snapshot,
        ["product_id", "hs_product_code", "hs_product_name_short_en", "level", "parent_id"],
        dtype={"hs_product_code": str},
    )
    frame = frame.rename(
        columns={"hs_product_code": "product_code", "hs_product_name_short_en": "product_name", "level": "product_level"}
    )
    frame["product_level"] = frame["product_level"].map(ATLAS_LEVELS).fillna(frame["product_level"])
    return frame


def prefer_single_year_files(trade: pd.DataFrame) -> pd.DataFrame:
    """Keep, for each reporter and year, only the rows of the files that cover the fewest years.

    The recorded 2016 and 2017 one-year files repeat rows of the 2010-2020 country files;
    without this every repeated row would be a duplicate key.
    """
    years_in_file = trade.groupby("source_file", observed=True)["year"].transform("nunique")
    # dropna=False: a row with a blank id stays, so the schema reports it, rather than vanishing here.
    fewest = years_in_file.groupby([trade["location_id"], trade["year"]], dropna=False).transform("min")
    return trade[years_in_file == fewest].reset_index(drop=True)


def decode(trade: pd.DataFrame, locations: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """Add ISO3 codes and HS codes; unknown ids stay empty for the schema to report."""
    iso3 = locations.set_index("location_id")["location_code"]
    by_product = products.set_index("product_id")
    trade["reporter_iso3"] = trade["location_id"].map(iso3)
    trade["partner_iso3"] = trade["partner_id"].map(iso3)
    trade["product_code"] = trade["product_id"].map(by_product["product_code"])
    trade["product_level"] = trade["product_id"].map(by_product["product_level"])
    return trade[columns(AtlasTrade)]
