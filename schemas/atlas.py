"""Raw tables of the Atlas of Economic Complexity: its two lookups and its country x partner x product trade."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import Lineage

PRODUCT_LEVELS = ["section", "hs2", "hs4", "hs6"]


class AtlasLocation(Lineage):
    """raw.atlas_locations: one row per Atlas location id."""

    location_id: Series[int] = pa.Field(
        description="the Atlas's numeric id of the location",
        ge=0, unique=True, coerce=True)
    location_code: Series[str] = pa.Field(
        description="its code (ISO3 for a country)",
        str_length={"min_value": 1, "max_value": 3})
    location_name: Series[str] = pa.Field(description="its English name")
    level: Series[str] = pa.Field(description="country or region", isin=["country", "region"])


class AtlasProduct(Lineage):
    """raw.atlas_products: one row per Atlas product id, with its HS code and level."""

    product_id: Series[int] = pa.Field(description="the Atlas's numeric id of the product", unique=True, coerce=True)
    product_code: Series[str] = pa.Field(description="its HS92 code, or a services code")
    product_name: Series[str] = pa.Field(description="its short English name")
    product_level: Series[str] = pa.Field(
        description="its level: all, section, hs2, hs4 or hs6",
        isin=["all", *PRODUCT_LEVELS])
    parent_id: Series[float] = pa.Field(description="the id of the product one level up", nullable=True, coerce=True)


class AtlasTrade(Lineage):
    """raw.atlas_trade: one row per (reporter, partner, product, year), current USD both ways.

    Ids are decoded against the lookups before validation; an id the lookups do not know
    leaves its code empty, which the `known_*` checks report with the file and line.
    """

    year: Series[int] = pa.Field(description="the year of the trade", ge=1962, le=2100, coerce=True)
    location_id: Series[int] = pa.Field(description="the Atlas id of the exporter (the reporter)", ge=0, coerce=True)
    partner_id: Series[int] = pa.Field(description="the Atlas id of the partner", ge=0, coerce=True)
    product_id: Series[int] = pa.Field(description="the Atlas id of the product", ge=0, coerce=True)
    reporter_iso3: Series[str] = pa.Field(
        description="ISO3 code of the reporter, from the location table",
        nullable=True)
    partner_iso3: Series[str] = pa.Field(description="ISO3 code of the partner", nullable=True)
    product_code: Series[str] = pa.Field(description="the product's HS92 code", nullable=True)
    product_level: Series[str] = pa.Field(description="the product's level (hs2, hs4, ...)", nullable=True)
    export_value: Series[float] = pa.Field(
        description="exports from reporter to partner, USD (the Atlas's cleaned mirror figure)",
        ge=0, finite=True, coerce=True)
    import_value: Series[float] = pa.Field(
        description="imports of reporter from partner, USD",
        ge=0, finite=True, coerce=True)

    class Config:
        unique = ["location_id", "partner_id", "product_id", "year"]
        strict = True

    @pa.dataframe_check(error="known_location_id: location_id is not in the Atlas location lookup")
    def known_location_id(cls, frame):
        return frame["reporter_iso3"].notna()

    @pa.dataframe_check(error="known_partner_id: partner_id is not in the Atlas location lookup")
    def known_partner_id(cls, frame):
        return frame["partner_iso3"].notna()

    @pa.dataframe_check(error="known_product_id: product_id is not in the Atlas product lookup")
    def known_product_id(cls, frame):
        return frame["product_code"].notna()

    @pa.dataframe_check(error="product_level: a trade row must be a section or an HS2, HS4 or HS6 product")
    def traded_product_level(cls, frame):
        return frame["product_level"].isin(PRODUCT_LEVELS)
