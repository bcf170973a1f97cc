"""Raw tables of the trade APIs: OEC's Tesseract cube and UN Comtrade v1."""

import pandera.pandas as pa
from pandera.typing import Series

from schemas.common import COUNTRY_CODES, ISO3, Lineage


class OecTrade(Lineage):
    """raw.oec_trade: one row per (years, exporter, importer, product): BACI HS92 trade value, USD.

    A row can sum several years (the query did not drill down by year): `year_from` to `year_to`.
    """

    year_from: Series[int] = pa.Field(description="the first year summed", ge=1995, le=2100, coerce=True)
    year_to: Series[int] = pa.Field(description="the last year summed", ge=1995, le=2100, coerce=True)
    exporter_iso3: Series[str] = pa.Field(description="the exporter")
    importer_iso3: Series[str] = pa.Field(description="the importer")
    product_level: Series[str] = pa.Field(description="section, hs2, hs4 or hs6", isin=["section", "hs2", "hs4", "hs6"])
    product_code: Series[str] = pa.Field(description="the product's code", str_matches=r"^\d{1,6}$")
    product_name: Series[str] = pa.Field(description="its name")
    value_usd: Series[float] = pa.Field(
        description="the trade, USD, summed over the years",
        ge=0, finite=True, coerce=True)

    class Config:
        unique = ["year_from", "year_to", "exporter_iso3", "importer_iso3", "product_level", "product_code"]
        strict = True

    @pa.check("exporter_iso3", "importer_iso3", name="known_country",
              error="known_country: not an ISO 3166 country code (nor WLD)")
    def known_country(cls, codes):
        return codes.isin(COUNTRY_CODES)

    @pa.dataframe_check(error="year_span: year_from is after year_to")
    def year_span(cls, frame):
        return frame["year_from"] <= frame["year_to"]


class ComtradeRecord(Lineage):
    """raw.comtrade_records: one row per record of a Comtrade v1 response, as the reporter reported it."""

    year: Series[int] = pa.Field(description="the year", ge=1962, le=2100, coerce=True)
    reporter_iso3: Series[str] = pa.Field(description="the reporting country", str_matches=ISO3)
    partner_iso3: Series[str] = pa.Field(description="the partner", str_matches=ISO3)
    partner2_code: Series[int] = pa.Field(description="Comtrade's second partner (0: all)", coerce=True)
    flow: Series[str] = pa.Field(
        description="X exports, M imports, RX/RM re-exports and re-imports, ...",
        isin=["X", "M", "RX", "RM", "DX", "FM"])
    classification: Series[str] = pa.Field(description="the HS edition")
    cmd_code: Series[str] = pa.Field(description="the commodity code (TOTAL or a chapter)")
    aggr_level: Series[int] = pa.Field(description="the code's level", ge=0, coerce=True)
    customs_code: Series[str] = pa.Field(description="Comtrade's customs procedure (C00: all)")
    mot_code: Series[int] = pa.Field(description="the mode of transport (0: all)", coerce=True)
    value_usd: Series[float] = pa.Field(description="the trade's value, USD", ge=0, finite=True, coerce=True)
    net_weight_kg: Series[float] = pa.Field(
        description="its net weight, kg",
        ge=0, finite=True, nullable=True, coerce=True)
    quantity: Series[float] = pa.Field(
        description="its quantity, in quantity_unit",
        ge=0, finite=True, nullable=True, coerce=True)
    quantity_unit: Series[str] = pa.Field(description="the unit of quantity", nullable=True)

    class Config:
        unique = ["year", "reporter_iso3", "partner_iso3", "partner2_code", "flow", "classification", "cmd_code",
                  "customs_code", "mot_code"]
        strict = True


class ComtradeTotal(Lineage):
    """raw.comtrade_totals: one row per (year, flow, reporter, partner) of the cleaned Comtrade totals: all goods, USD,
    as the reporter reported them; names are Comtrade's, codes empty for its residual areas ("Areas, nes")."""

    year: Series[int] = pa.Field(description="the year", ge=1962, le=2100, coerce=True)
    flow: Series[str] = pa.Field(description="X exports or M imports", isin=["X", "M"])
    reporter: Series[str] = pa.Field(description="the reporter as Comtrade names it")
    reporter_iso3: Series[str] = pa.Field(description="its ISO3 code", str_matches=ISO3, nullable=True)
    partner: Series[str] = pa.Field(description="the partner as Comtrade names it")
    partner_iso3: Series[str] = pa.Field(description="its ISO3 code", str_matches=ISO3, nullable=True)
    value_usd: Series[float] = pa.Field(description="the total trade, USD", ge=0, finite=True, coerce=True)

    class Config:
        unique = ["year", "flow", "reporter", "partner"]
        strict = True
